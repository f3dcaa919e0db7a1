"""Image builds named in CI scripts: which Dockerfile a ``docker build`` line builds, and any memory it sets.

CI scripts are read line by line the way the CI runs them: one shell per step, so ``cd`` and
``export`` carry over to later lines. Each line is split on ``&&``, ``||``, ``;`` and ``|`` and tokenised
with POSIX shell quoting; ``$VAR`` / ``${VAR}`` are replaced from the variables known at that point
and anything left unresolved keeps its ``$`` (so it matches no path).
"""

from __future__ import annotations

import os
import re
import shlex

from dockeropt.lazyre import lazy_compile

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
_SEPARATORS = lazy_compile(r"&&|\|\||[;|]")


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
    """What a CI shell carries from line to line: the working directory and the variables."""

    __slots__ = ("cwd", "variables")

    def __init__(self, cwd: str, variables: dict[str, str]) -> None:
        self.cwd = cwd
        self.variables = dict(variables)


def expand(word: str, variables: dict[str, str]) -> str:
    """``$VAR`` and ``${VAR}`` replaced where known; unknown ones stay as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return variables.get(name, match.group(0))

    return _VARIABLE.sub(replace, word)


def tokens(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True, posix=True)
    except ValueError:
        return command.split()


def _join_continuations(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    joined: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for line, text in lines:
        if pending is not None:
            line, text = pending[0], pending[1] + " " + text.lstrip()
            pending = None
        if text.rstrip().endswith("\\"):
            pending = (line, text.rstrip()[:-1])
            continue
        joined.append((line, text))
    if pending is not None:
        joined.append(pending)
    return joined


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


def parse_build(
    words: list[str], state: ShellState, path: str, line: int, text: str, legacy: bool
) -> BuildCommand | None:
    """The BuildCommand for an already tokenised and expanded command, or None if it builds no image."""
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
        command.context = _resolve(context, state.cwd)
    if dockerfile is not None:
        if dockerfile != "-" and "$" not in dockerfile:
            if builder == "kaniko" and command.context is not None and not os.path.isabs(dockerfile):
                command.dockerfile = _resolve(dockerfile, command.context)
            else:
                command.dockerfile = _resolve(dockerfile, state.cwd)
    elif command.context is not None:
        command.dockerfile = os.path.join(command.context, "Dockerfile")
    elif builder == "kaniko":
        command.dockerfile = _resolve("Dockerfile", state.cwd)
    return command


def scan_script(
    lines: list[tuple[int, str]], state: ShellState, path: str, commands: list[BuildCommand]
) -> list[tuple[int, list[str]]]:
    """Append the builds in ``lines`` to ``commands``, updating ``state`` as the shell would.

    Returns every simple command's (line, words) so callers can look for other tools (``buildx create``).
    """
    simple: list[tuple[int, list[str]]] = []
    for line, text in _join_continuations(lines):
        for part in _SEPARATORS.split(text):
            words = [expand(word, state.variables) for word in tokens(part)]
            if not words:
                continue
            simple.append((line, words))
            legacy = state.variables.get("DOCKER_BUILDKIT") == "0"
            prefix = 0
            while prefix < len(words) and (match := _ASSIGNMENT.match(words[prefix])):
                if match.group(1) == "DOCKER_BUILDKIT":
                    legacy = match.group(2) == "0"
                prefix += 1
            head = words[prefix:] if prefix < len(words) else []
            if not head and prefix:
                for word in words:  # a bare assignment sets a shell variable for the lines that follow
                    name, value = word.split("=", 1)
                    state.variables[name] = value
                continue
            if head[:1] == ["export"]:
                for word in head[1:]:
                    if (match := _ASSIGNMENT.match(word)) is not None:
                        state.variables[match.group(1)] = match.group(2)
                continue
            if head[:1] in (["cd"], ["pushd"]) and len(head) >= 2 and "$" not in head[1]:
                state.cwd = _resolve(head[1], state.cwd)
                continue
            build = parse_build(words, state, path, line, part, legacy)
            if build is not None:
                commands.append(build)
    return simple


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
