"""DO101 json-args-recommended: CMD/ENTRYPOINT in shell form."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.syntax.chars import json_array

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction

# Characters that make /bin/sh do something a plain split on spaces would not.
_SHELL_SYNTAX = frozenset("$`\\\"'|&;<>()*?[]{}~#=!\n\t")
_POSIX_SHELLS = ("/bin/sh", "/bin/bash", "sh", "bash", "/bin/ash", "/bin/dash")
# POSIX special and regular built-ins (and common bash ones) with no program of the same name
_SHELL_BUILTINS = frozenset(
    {
        ".",
        ":",
        "alias",
        "bg",
        "break",
        "builtin",
        "cd",
        "command",
        "continue",
        "declare",
        "eval",
        "exec",
        "exit",
        "export",
        "fc",
        "fg",
        "getopts",
        "hash",
        "jobs",
        "let",
        "local",
        "readonly",
        "return",
        "set",
        "shift",
        "source",
        "times",
        "trap",
        "type",
        "typeset",
        "ulimit",
        "umask",
        "unalias",
        "unset",
        "wait",
    }
)


class JSONArgsRecommended(Rule):
    id = "DO101"
    name = "json-args-recommended"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Use the JSON (exec) form for CMD and ENTRYPOINT so signals reach the process"
    aliases = ("DL3025", "JSONArgsRecommended")
    fixable = True
    docs = """
In shell form, `CMD python app.py` runs `/bin/sh -c "python app.py"`: the shell is PID 1, and
`docker stop` sends SIGTERM to the shell, which does not forward it. The container is killed
after the grace period (10 s by default) instead of shutting down cleanly. A command that starts
with `exec` (`CMD exec gunicorn app:app`) replaces the shell, so signals do reach it: that is
reported as info, since the JSON form only spares the shell.

**Fix** (safe where it keeps the meaning): when the command is a plain list of words (no
variables, quotes, pipes, redirections, globs or `&&`), dockeropt rewrites it to the JSON form
with the same argv (a leading `exec` is dropped: the JSON form already runs the program in place
of the shell). A command that starts with a shell built-in (`cd`, `ulimit`, `source` …) is left
alone, and one that runs a path (`./start.sh`, `/app/run`) is rewritten only with `--unsafe`: a
script without a `#!` line runs under `sh` but fails to exec. Commands that need a shell are left to you: use
`["/bin/sh", "-c", "exec …"]` or an entrypoint script that ends with `exec "$@"`.

`HEALTHCHECK CMD` in shell form (hadolint 2.15's DL3025 checks it too) is reported as information
when its command is a plain list of words: the JSON form runs it without starting a shell for
every check, and also works in images that have no shell. A health check that uses the shell
(`curl -f http://localhost/ || exit 1`) needs it and is not reported (hadolint reports it).
"""
    bad_example = """\
FROM python:3.12-slim
CMD python -m http.server 8000
"""
    good_example = """\
FROM python:3.12-slim
CMD ["python", "-m", "http.server", "8000"]
"""

    trigger_instructions = ("CMD", "ENTRYPOINT", "HEALTHCHECK")

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.dockerfile.instructions:
            if inst.name == "HEALTHCHECK":
                self._healthcheck(ctx, inst)
                continue
            if inst.name not in ("CMD", "ENTRYPOINT") or inst.json or not inst.args:
                continue
            if ctx.graph.state(inst).shell[0] not in _POSIX_SHELLS:
                continue  # under PowerShell or cmd the shell form is deliberate
            message = f"{inst.name} in shell form runs under /bin/sh, which does not forward SIGTERM; use JSON form"
            severity = None
            if inst.rest.split(None, 1)[0] == "exec":
                # the shell replaces itself with the program: SIGTERM reaches it; JSON form is tidier
                message = (
                    f"{inst.name} in shell form starts a shell only to exec the program; JSON form does it directly"
                )
                severity = Severity.INFO
            stage = ctx.graph.stage(inst)
            # With an ENTRYPOINT, CMD becomes its arguments: changing CMD's form changes what it receives.
            has_entrypoint = stage is not None and any(i.name == "ENTRYPOINT" for i in stage.instructions)
            fix = self._fix(inst, safe=inst.name == "CMD" and not has_entrypoint)
            ctx.report(self, inst.span, message, fix, severity=severity)

    def _healthcheck(self, ctx: CheckContext, inst: Instruction) -> None:
        """A shell-form HEALTHCHECK whose command is a plain list of words: the JSON form runs it the same
        way without a shell. Commands that use the shell (`curl -f … || exit 1`) need it and are left alone."""
        if inst.json or len(inst.args) != 2 or inst.args[0].value.upper() != "CMD":
            return
        if ctx.graph.state(inst).shell[0] not in _POSIX_SHELLS:
            return
        command = inst.args[1]
        text = command.value
        if inst.start_line != inst.end_line or not text or any(c in _SHELL_SYNTAX for c in text):
            return
        argv = text.split()
        if argv[0] in _SHELL_BUILTINS:
            return
        safe = not ("/" in argv[0] or argv[0].endswith(".sh"))  # a script without #! fails to exec
        fix = Fix(
            [Edit(command.span.start, command.span.end, json_array(argv))],
            "rewrite HEALTHCHECK CMD in JSON form",
            safe=safe,
            changes=("config:Healthcheck",),
        )
        ctx.report(
            self,
            inst.span,
            "HEALTHCHECK in shell form starts /bin/sh for every check, and fails in an image without a shell; "
            "this command needs no shell: use JSON form",
            fix,
            severity=Severity.INFO,
        )

    @staticmethod
    def _fix(inst: Instruction, safe: bool) -> Fix | None:
        script = inst.rest
        span = inst.rest_span
        if span is None or inst.start_line != inst.end_line or not script or any(c in _SHELL_SYNTAX for c in script):
            return None
        argv = script.split()
        if argv[0] == "exec" and len(argv) > 1 and not argv[1].startswith("-"):
            argv = argv[1:]  # `exec prog …` is what the JSON form does: run prog in place of the shell
        if argv[0] in _SHELL_BUILTINS:
            return None  # no program of that name: only a shell can run it
        if "/" in argv[0] or argv[0].endswith(".sh"):
            safe = False  # a script without a #! line runs under sh, but fails to exec ("exec format error")
        new = json_array(argv)
        key = "Cmd" if inst.name == "CMD" else "Entrypoint"
        return Fix(
            [Edit(span.start, span.end, new)],
            f"rewrite {inst.name} in JSON form",
            safe=safe,
            changes=(f"config:{key}",),
        )
