"""DO002 unused-ignore: a suppression comment that suppresses nothing."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class UnusedIgnore(Rule):
    id = "DO002"
    name = "unused-ignore"
    category = Category.SYNTAX
    severity = Severity.INFO
    summary = "A suppression comment matches no finding"
    opt_in = True
    docs = """
Reported with `--warn-unused-ignores` (or `warn-unused-ignores = true` in the configuration),
or when selected like any opt-in rule (`--extend-select DO002`, `--select ALL`): a
`# dockeropt: ignore=…`, `# hadolint ignore=…` or `# check=skip=…` comment whose rules report
nothing where it applies. (A comment naming a rule that does not exist is
[DO003](DO003.md)'s.) Stale suppressions hide the next real problem on that line; remove
them. The engine makes this check after all rules ran, so the rule has no check of its own.
"""
    bad_example = """\
FROM debian:12
# dockeropt: ignore=DO105 -- no MAINTAINER here any more
LABEL org.opencontainers.image.authors="team@example.com"
"""
    good_example = """\
FROM debian:12
LABEL org.opencontainers.image.authors="team@example.com"
"""

    def check(self, ctx: CheckContext) -> None:
        return None
