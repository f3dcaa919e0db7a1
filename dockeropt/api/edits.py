"""Text edits on RUN instructions that fixes share: append a command, insert an option."""

from __future__ import annotations

from dockeropt.api.finding import Edit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.model import Word


def can_append(rs: RunScript) -> bool:
    """A shell-form RUN line we can extend safely: no heredoc, no shell comment, parsed cleanly."""
    inst = rs.inst
    target = inst.sub if inst.sub is not None else inst
    return (
        rs.kind == "shell"
        and not target.heredocs
        and "#" not in target.rest
        and not rs.script.has_errors
        and bool(rs.script.commands)
        and not target.rest.rstrip().endswith(("&", ";", "|", "\\", "`"))
    )


def append_command(rs: RunScript, command: str) -> Edit | None:
    """``… && command`` at the end of the RUN, in the layout the RUN already uses; for a heredoc
    script, a last line of its own."""
    if rs.kind == "heredoc":
        return _append_to_heredoc(rs, command)
    if not can_append(rs):
        return None
    inst = rs.inst
    target = inst.sub if inst.sub is not None else inst
    end = rs.file_offset(len(target.rest) - 1) + 1
    text = inst.tree.text
    if inst.start_line == inst.end_line:
        return Edit(end, end, f" && {command}")
    # multi-line: a new continuation line indented like the last one
    line_start = text.rfind("\n", 0, end) + 1
    last_line = text[line_start:end]
    indent = last_line[: len(last_line) - len(last_line.lstrip(" \t"))] or "    "
    escape = inst.tree.escape
    return Edit(end, end, f" {escape}{line_end(text, end)}{indent}&& {command}")


def line_end(text: str, offset: int) -> str:
    """The line end of the line holding ``offset``: a line added next to it ends the same way (a
    CRLF file stays CRLF on every line)."""
    nl = text.find("\n", offset)
    return "\r\n" if nl > 0 and text[nl - 1] == "\r" else "\n"


def _append_to_heredoc(rs: RunScript, command: str) -> Edit | None:
    """``command`` as the body's last line, when ``set -e`` is on at its end: a failure before it then
    still fails the build (without errexit the script's status would become the new command's)."""
    inst = rs.inst
    target = inst.sub if inst.sub is not None else inst
    script = rs.script
    if len(target.heredocs) != 1 or script.has_errors or "errexit" not in script.options_at_end:
        return None
    body = target.heredocs[0]
    if not body.content.endswith("\n"):
        return None
    at = body.start + len(body.content)  # the terminator line's start
    newline = "\r\n" if body.content.endswith("\r\n") else "\n"
    return Edit(at, at, f"{command}{newline}")


def insert_after_word(rs: RunScript, word: Word | None, option: str) -> Edit | None:
    """`` option`` right after ``word`` (e.g. after ``install``: ``op.subcommand_word``); None when
    there is no such word or the script did not parse."""
    if word is None or rs.script.has_errors:
        return None
    at = rs.file_offset(word.end - 1) + 1
    return Edit(at, at, f" {option}")
