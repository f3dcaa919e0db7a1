"""DO129 pipefail-missing: a RUN pipes commands without pipefail, so the first ones can fail unseen."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.model import Command


# producers that cannot fail on their own: a pipeline fed only by them fails only if its last
# command does, so pipefail changes nothing there
_CANNOT_FAIL = frozenset({"echo", "printf", "true", ":"})
# A checksum check that reads its list from the pipe fails by itself on an empty list ("no properly
# formatted checksum lines found", GNU and busybox alike): a failure before it cannot pass unnoticed.
_CHECKSUMS = frozenset({"md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "shasum"})


def unprotected_pipeline(rs: RunScript) -> list[Command] | None:
    """The first pipeline of the script that runs without pipefail in the RUN's own shell.

    Pipes inside ``sh -c '…'`` run in another shell and are that shell's business (hadolint does
    not see them either: they are a quoted string to it)."""
    found = None
    for commands in rs.script.pipelines:
        # a command substitution in a word of the pipe (`ldd "$(php -r …)" | awk`) runs apart from it
        pipeline = (
            commands if all(c.in_substitution for c in commands) else [c for c in commands if not c.in_substitution]
        )
        if not pipeline or pipeline[0].nested or pipeline[-1].pipefail:
            continue
        if any(c.name == "yes" for c in pipeline[:-1]):
            continue  # `yes | cmd`: under pipefail yes's SIGPIPE would fail the RUN; better without
        if all(c.name in _CANNOT_FAIL for c in pipeline[:-1]):
            found = found or pipeline
            continue
        return pipeline
    return found


class PipefailMissing(Rule):
    id = "DO129"
    name = "pipefail-missing"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "A RUN with a pipe and no pipefail succeeds even when the commands before the last one fail"
    aliases = ("DL4006",)
    docs = """
A pipeline's exit status is that of its last command. In
`RUN curl -fsSL https://example.com/install.sh | sh`, a failed download (a 404, a DNS error)
hands `sh` an empty script, which succeeds: the build goes on and ships an image without the
tool. `wget -O- … | tar -x` and `… | tee log` hide failures the same way.

With `pipefail` the pipeline fails when any of its commands fails. Set it for every RUN of the
stage with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (bash, zsh and ash/busybox sh know the
option; Debian's dash, /bin/sh on Debian and Ubuntu, does not), or inside the RUN with `set -o pipefail` before
the pipe.

As hadolint's DL4006: every RUN with a pipe in its own shell is reported once, at its first
pipe without pipefail; SHELL applies until the stage ends (a stage built `FROM` another stage of
the file inherits it, as Docker does). Differences from hadolint: `set -o pipefail` (or
`set -eo pipefail`) earlier in the same RUN counts, and so does a SHELL that sets the option for
any shell (a shell without the option fails the build at once, which is not a silent failure).
Pipes inside `sh -c '…'` belong to that inner shell and are not reported. Stages whose SHELL is
PowerShell or cmd are skipped. A pipe fed only by `echo` or `printf`
(`echo "$SHA256  app.tgz" | sha256sum -c -`) cannot hide a failure: it is reported as information;
so is a list of sums piped into a check (`grep " app.tgz$" SHASUMS256.txt | sha256sum -c -`): a
failure before it leaves the check an empty list, which fails it (GNU and busybox alike).
`yes | cmd` is not reported: under pipefail, `yes` ends with SIGPIPE when `cmd` stops reading and
fails the RUN (hadolint reports it).
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
RUN curl -fsSL https://example.com/install.sh | sh
"""
    good_example = """\
FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl
RUN curl -fsSL https://example.com/install.sh | sh
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("|",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs():
            for rs in ctx.run_scripts(inst):
                pipeline = unprotected_pipeline(rs)
                if pipeline is None:
                    continue
                first, last = pipeline[0], pipeline[-1]
                names = " | ".join(c.name or "…" for c in pipeline[:3]) + (" | …" if len(pipeline) > 3 else "")
                advice = 'set SHELL ["/bin/bash", "-o", "pipefail", "-c"] (or `set -o pipefail` first in this RUN)'
                if _checks_sums(last):
                    ctx.report(
                        self,
                        rs.span(first.start, last.end),
                        f"`{names}` runs without pipefail; a failure before `{last.name} -c` hands it an empty "
                        f"list, which fails the check by itself: {advice} if more is added to the pipe",
                        severity=Severity.INFO,
                    )
                elif all(c.name in _CANNOT_FAIL for c in pipeline[:-1]):
                    ctx.report(
                        self,
                        rs.span(first.start, last.end),
                        f"`{names}` runs without pipefail; only `{last.name}` can fail in this one, but pipes that "
                        f"can fail silently are easy to add later: {advice}",
                        severity=Severity.INFO,
                    )
                else:
                    ctx.report(
                        self,
                        rs.span(first.start, last.end),
                        f"`{names}` runs without pipefail: the RUN's status is that of "
                        f"`{last.name or 'the last command'}` alone, so a failure before it goes unnoticed; {advice}",
                    )
                break  # one finding per RUN, as hadolint


def _checks_sums(command: Command) -> bool:
    """``sha256sum -c`` (``--check``, ``-c -``) reading the list of sums from the pipe."""
    if command.name not in _CHECKSUMS:
        return False
    words = command.words()
    if not any(w in ("-c", "--check") or (w[:1] == "-" and w[:2] != "--" and "c" in w) for w in words):
        return False
    files = [w for w in words if w[:1] != "-" or w == "-"]
    return not files or files == ["-"]
