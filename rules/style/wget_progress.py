"""DO131 wget-without-progress-option: wget's default progress output floods the build log."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command

# options that quiet or redirect wget's progress output (-nv is one option, not -n -v)
_QUIET_WORDS = frozenset({"-nv", "--no-verbose", "--quiet"})
_QUIET_LONG = ("--progress", "--output-file", "--append-output", "--no-verbose", "--quiet")


def quiets_progress(cmd: Command) -> bool:
    """``--progress=…``, ``-q``, ``-nv``, or the log sent to a file (``-o``/``-a``)."""
    for word in cmd.args:
        text = word.text
        if text == "--":
            break
        if text in _QUIET_WORDS or text.startswith(_QUIET_LONG):
            return True
        if text.startswith("-") and not text.startswith("--") and text != "-nv":
            letters = text[1:]
            # in a cluster, the letters before one that takes a value are flags (-qO- is -q -O -)
            for letter in letters:
                if letter in "qoa":
                    return True
                if letter in "OPTtUeYwbBiDIXlAR":
                    break
    return False


class WgetWithoutProgressOption(Rule):
    id = "DO131"
    name = "wget-without-progress-option"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "wget without -q, -nv or --progress fills the build log with progress lines"
    aliases = ("DL3047",)
    docs = """
In a build, wget's output is not a terminal, so its progress goes into the build log line after
line (GNU wget as lines of dots, busybox wget as one status line per update): a few hundred MB
make thousands of lines, which bury the build's real messages and can hit the CI log's size limit.

Quiet it: `wget -q` (GNU wget and busybox wget alike), `wget -nv` (GNU: one line per file, errors
still shown), or `wget --progress=dot:giga` (GNU: one dot per MB). Busybox wget, the one in
Alpine's base image, knows only `-q`, so dockeropt does not add an option for you.

As hadolint's DL3047: one finding per RUN, at its first wget without one of `-q`/`--quiet`,
`-nv`/`--no-verbose`, `--progress`, or a log file (`-o`/`-a`).
"""
    bad_example = """\
FROM debian:12-slim
RUN wget https://example.com/model.bin -O /opt/model.bin
"""
    good_example = """\
FROM debian:12-slim
RUN wget -nv https://example.com/model.bin -O /opt/model.bin
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("wget",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            for rs in ctx.run_scripts(inst):
                loud = [c for c in rs.script.commands if c.name == "wget" and not c.nested and not quiets_progress(c)]
                if loud:
                    ctx.report(
                        self,
                        rs.command_span(loud[0]),
                        "wget writes its progress into the build log line after line; add -q (or -nv or "
                        "--progress=dot:giga with GNU wget)",
                    )
                    break  # one finding per RUN, as hadolint
