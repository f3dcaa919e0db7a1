"""Image builds named in CI scripts: which Dockerfile a ``docker build`` line builds, and any memory it sets.

A step's lines are one shell script, as the CI runs them: they are analysed by the shell model
(:func:`dockeropt.shell.analyze`: quoting, ``&&``/``||``/``;``/pipes, line continuations, comments,
wrappers such as ``sudo`` and ``env X=1``), and ``cd``, assignments and ``export`` carry over to the
commands after them (and to the next step of the same job). ``$VAR`` / ``${VAR}`` are replaced from the
variables known at that point; anything left unresolved keeps its ``$`` (so it matches no path).
"""

from __future__ import annotations

import os
import re

from dockeropt.lazyre import lazy_compile
from dockeropt.shell import analyze

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import VarSetting

# docker build / buildx build options that take a value (as separate word or after "=").
_DOCKER_VALUE_OPTIONS = frozenset(
    {
        "-f",
        "--file",
        "-t",
        "--tag",
        "-m",
        "--memory",
        "--memory-swap",
        "--add-host",
        "--allow",
        "--annotation",
        "--attest",
        "--build-arg",
        "--build-context",
        "--builder",
        "--cache-from",
        "--cache-to",
        "--call",
        "--cgroup-parent",
        "--cpu-period",
        "--cpu-quota",
        "-c",
        "--cpu-shares",
        "--cpuset-cpus",
        "--cpuset-mems",
        "--iidfile",
        "--isolation",
        "--label",
        "--metadata-file",
        "--network",
        "--no-cache-filter",
        "-o",
        "--output",
        "--platform",
        "--progress",
        "--provenance",
        "--sbom",
        "--secret",
        "--security-opt",
        "--shm-size",
        "--ssh",
        "--target",
        "--ulimit",
    }
)
_KANIKO_VALUE_OPTIONS = frozenset({"-f", "--dockerfile", "-c", "--context", "-d", "--destination", "--build-arg"})
_ASSIGNMENT = lazy_compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.DOTALL)
_VARIABLE = lazy_compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


class BuildCommand:
    """One image build found in a script."""

    __slots__ = ("builder", "context", "dockerfile", "legacy_builder", "line", "memory", "path", "text")

    def __init__(self, path: str, line: int, text: str, builder: str) -> None:
        self.path = path  # the file the command was read from
        self.line = line
        self.text = text.strip()
        self.builder = builder  # "docker", "buildx", "kaniko", "buildah", "podman"
        self.dockerfile: str | None = None  # absolute path, or None when it could not be resolved
        self.context: str | None = None
        self.memory: str | None = None  # the --memory value as written
        self.legacy_builder = False  # DOCKER_BUILDKIT=0 in force for this command

    def where(self) -> str:
        return f"{self.path}:{self.line}"


class ShellState:
    """What a CI shell carries from line to line: the working directory, the variables, and which of
    them are in the environment of the commands it runs (the CI's own variables, and exported ones)."""

    __slots__ = ("cwd", "exported", "variables")

    def __init__(self, cwd: str, variables: dict[str, str]) -> None:
        self.cwd = cwd
        self.variables = dict(variables)
        self.exported = set(variables)


def expand(word: str, variables: dict[str, str]) -> str:
    """``$VAR`` and ``${VAR}`` replaced where known; unknown ones stay as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return variables.get(name, match.group(0))

    return _VARIABLE.sub(replace, word)


def _script(lines: list[tuple[int, str]]) -> tuple[str, list[int], list[int]]:
    """The step's lines as one script, with the offset each line starts at and its line number."""
    starts: list[int] = []
    numbers: list[int] = []
    parts: list[str] = []
    offset = 0
    for number, text in lines:
        starts.append(offset)
        numbers.append(number)
        parts.append(text)
        offset += len(text) + 1
    return "\n".join(parts), starts, numbers


def _resolve(path: str, cwd: str) -> str:
    return os.path.normpath(os.path.join(cwd, path))


def _option_value(words: list[str], index: int) -> tuple[str, str | None, int]:
    """(option, value, next index) for an option word; handles --opt=value and -fvalue."""
    word = words[index]
    if word.startswith("--") and "=" in word:
        option, inline = word.split("=", 1)
        return option, inline, index + 1
    if not word.startswith("--") and len(word) > 2 and word[:2] in ("-f", "-t", "-m", "-o", "-c"):
        return word[:2], word[2:], index + 1
    following = words[index + 1] if index + 1 < len(words) else None
    return word, following, index + 2


def _build_words(words: list[str]) -> tuple[str, list[str]] | None:
    """(builder, arguments) when the words run an image build, else None."""
    while words and (_ASSIGNMENT.match(words[0]) or words[0] in ("sudo", "time", "exec", "command")):
        words = words[1:]
    if not words:
        return None
    program = os.path.basename(words[0])
    rest = words[1:]
    if program == "docker":
        if rest[:1] == ["build"]:
            return "docker", rest[1:]
        if rest[:2] in (["image", "build"], ["builder", "build"]):
            return "docker", rest[2:]
        if rest[:2] == ["buildx", "build"]:
            return "buildx", rest[2:]
        return None
    if program == "podman" and rest[:1] == ["build"]:
        return "podman", rest[1:]
    if program == "buildah" and rest[:1] and rest[0] in ("bud", "build", "build-using-dockerfile"):
        return "buildah", rest[1:]
    if program == "executor" and any(word.startswith(("--dockerfile", "--context", "-f", "-c")) for word in rest):
        return "kaniko", rest
    return None


def parse_build(words: list[str], cwd: str, path: str, line: int, text: str, legacy: bool) -> BuildCommand | None:
    """The BuildCommand for a command's expanded words run in ``cwd``, or None if it builds no image."""
    found = _build_words(words)
    if found is None:
        return None
    builder, args = found
    command = BuildCommand(path, line, text, builder)
    command.legacy_builder = legacy and builder == "docker"
    value_options = _KANIKO_VALUE_OPTIONS if builder == "kaniko" else _DOCKER_VALUE_OPTIONS
    dockerfile: str | None = None
    context: str | None = None
    index = 0
    while index < len(args):
        word = args[index]
        if word.startswith("-") and word != "-":
            option, value, after = _option_value(args, index)
            if option not in value_options and "=" not in word:
                index += 1  # a flag that takes no value
                continue
            if option in ("-f", "--file", "--dockerfile"):
                dockerfile = value
            elif option in ("-m", "--memory") and builder != "kaniko":
                command.memory = value
            elif builder == "kaniko" and option in ("-c", "--context"):
                context = value
            index = after
            continue
        if context is None:
            context = word
        index += 1
    if context is not None and context.startswith("dir://"):
        context = context[len("dir://") :]
    remote = context is not None and (context == "-" or "://" in context or context.startswith("git@"))
    if context is not None and not remote and "$" not in context:
        command.context = _resolve(context, cwd)
    if dockerfile is not None:
        if dockerfile != "-" and "$" not in dockerfile:
            if builder == "kaniko" and command.context is not None and not os.path.isabs(dockerfile):
                command.dockerfile = _resolve(dockerfile, command.context)
            else:
                command.dockerfile = _resolve(dockerfile, cwd)
    elif command.context is not None:
        command.dockerfile = os.path.join(command.context, "Dockerfile")
    elif builder == "kaniko":
        command.dockerfile = _resolve("Dockerfile", cwd)
    return command


def scan_script(
    lines: list[tuple[int, str]], state: ShellState, path: str, commands: list[BuildCommand]
) -> list[tuple[int, list[str]]]:
    """Append the builds in ``lines`` to ``commands``, updating ``state`` as the shell would.

    Returns every simple command's (line, expanded words) so callers can look for other tools
    (``buildx create``).
    """
    import bisect

    text, starts, numbers = _script(lines)
    script = analyze(text)
    # assignments, exports and cd's in the script's own shell carry over; inline ones (A=1 cmd) do not
    settings = sorted(
        (v for v in script.variables if v.persists and v.kind in ("assign", "export", "declare", "unset")),
        key=lambda v: v.start,
    )
    cds = {id(change.command) for change in script.cd_targets if change.persists and not change.conditional}
    simple: list[tuple[int, list[str]]] = []
    applied = 0
    start = state.cwd
    for cmd in script.commands:
        while applied < len(settings) and settings[applied].start < cmd.start:
            _apply(settings[applied], state)
            applied += 1
        words = [expand(word.text, state.variables) for word in cmd.argv]
        if not words:
            continue
        line = numbers[bisect.bisect_right(starts, cmd.start) - 1]
        simple.append((line, words))
        if cmd.name in ("cd", "pushd") and id(cmd) in cds:
            target = next((w for w in words[1:] if not w.startswith("-")), None)
            if target is not None and "$" not in target:
                state.cwd = _resolve(target, state.cwd)
            continue
        # where it runs: the shell model knows subshells and branches for literal cd's; a cd to a
        # variable is followed here, in the script's own shell
        cwd = state.cwd if cmd.cwd is None else _resolve(cmd.cwd, start) if cmd.cwd else start
        inline = cmd.assignments.get("DOCKER_BUILDKIT")
        if inline is not None:
            legacy = expand(inline, state.variables) == "0"
        else:
            legacy = "DOCKER_BUILDKIT" in state.exported and state.variables.get("DOCKER_BUILDKIT") == "0"
        build = parse_build(words, cwd, path, line, text[cmd.start : cmd.end], legacy)
        if build is not None:
            commands.append(build)
    for setting in settings[applied:]:
        _apply(setting, state)
    return simple


def _apply(setting: VarSetting, state: ShellState) -> None:
    if setting.kind == "unset":
        state.variables.pop(setting.name, None)
        state.exported.discard(setting.name)
        return
    if setting.value is not None:
        state.variables[setting.name] = expand(setting.value.text, state.variables)
    if setting.exported:
        state.exported.add(setting.name)


def buildx_driver_memory(words: list[str]) -> str | None:
    """The ``memory=`` driver option of ``docker buildx create`` (the docker-container driver's limit)."""
    if words[:3] != ["docker", "buildx", "create"]:
        return None
    memory: str | None = None
    index = 3
    while index < len(words):
        option, value, after = _option_value(words, index)
        if option == "--driver-opt" and value is not None:
            for item in value.split(","):
                key, _, amount = item.partition("=")
                if key.strip() == "memory":
                    memory = amount.strip()
            index = after
            continue
        index += 1
    return memory
