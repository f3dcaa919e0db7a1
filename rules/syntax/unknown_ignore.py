"""DO003 unknown-ignore: a suppression comment names a rule that does not exist."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class UnknownIgnore(Rule):
    id = "DO003"
    name = "unknown-ignore"
    category = Category.SYNTAX
    severity = Severity.WARNING
    summary = "A suppression comment names no known rule, or is no suppression at all"
    # the engine makes this check (check() does nothing): no need to import this module for a file
    # that has no comment of ours
    trigger_words = ("dockeropt",)
    docs = """
A `# dockeropt: ignore=…` or `# dockeropt: ignore-file=…` comment names an id, name or alias that
no loaded rule has: a typo (`DO3O3`), a rule renamed long ago, or a rule of a plugin pack that is
not installed here. Such a comment suppresses nothing, so the finding it was meant for still shows,
or, worse, the author believes a problem is handled when it is not. The message says which rule
the name is closest to.

A comment that starts like one of ours but is not one (`# dockeropt: ignroe=DO101`,
`# dockeropt: ignore DO101` without `=`, `# dockeropt: disable=DO101`, `# dockeropt: ignore=` with
no id) is reported too: it suppresses nothing either. Prose after `dockeropt:` that does not look
like a directive (no `=`, no word close to `ignore`) is left alone.

Only dockeropt's own comments are checked: `# hadolint ignore=…` and `# check=skip=…` name checks
of hadolint, ShellCheck and BuildKit, which dockeropt does not all mirror. The engine makes this
check after all rules ran, so the rule has no check of its own. Like every rule it can be turned
off (`ignore = ["DO003"]`), for instance where a plugin pack is installed on some machines only.
"""
    bad_example = """\
FROM debian:12
# dockeropt: ignore=DO1O5 -- the letter O instead of zero
MAINTAINER team@example.com
"""
    good_example = """\
FROM debian:12
# dockeropt: ignore=DO105 -- kept for an old tool that reads it
MAINTAINER team@example.com
"""

    def check(self, ctx: CheckContext) -> None:
        return None
