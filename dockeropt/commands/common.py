"""What every command shares: exit codes, usage errors, and option values parsed the same way."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

# The subcommands (their options: dockeropt.commands.arguments).
COMMANDS = ("check", "fix", "split", "parse", "lsp", "report", "rules", "rule")
# What ``dockeropt check`` takes for each option not given: the parser's defaults, and what
# ``cli.plain_check`` gives a plain ``check PATH...`` without building the parser.
CHECK_DEFAULTS: dict[str, object] = {
    "select": None,
    "extend_select": [],
    "ignore": [],
    "config": None,
    "no_config": False,
    "target": None,
    "build_arg": [],
    "context": None,
    "format": "text",
    "output": [],
    "fail_on": None,
    "exit_zero": False,
    "statistics": False,
    "warn_unused_ignores": False,
    "color": "auto",
    "stdin_filename": None,
    "jobs": 0,
    "memory": None,
    "explain_memory": False,
    "verbose": False,
    "fix": False,
    "unsafe_fixes": False,
    "diff": False,
    "show_fixes": False,
}


class UsageError(Exception):
    """A command line that cannot be run: the message names the option or file at fault (exit 2)."""


def parse_build_args(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not name:
            raise UsageError(f"--build-arg {item!r}: expected NAME=VALUE")
        if not eq:
            import os

            # docker build --build-arg NAME takes the value from the environment
            if name not in os.environ:
                continue
            value = os.environ[name]
        out[name] = value
    return out


def split_ids(values: Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'json'?)`` when one of ``choices`` is close to ``word``, else ``""``."""
    from dockeropt.engine.selection import closest

    by_lower = {c.lower(): c for c in choices}
    best = closest(word.lower(), by_lower)
    return f" (did you mean {by_lower[best]!r}?)" if best is not None else ""
