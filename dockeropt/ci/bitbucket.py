"""bitbucket-pipelines.yml: the docker service's memory for each step that builds an image."""

from __future__ import annotations

from dockeropt.ci.commands import BuildCommand, ShellState, scan_script
from dockeropt.ci.listing import BITBUCKET_FILE
from dockeropt.ci.model import Candidate, MemoryLimit
from dockeropt.ci.yamlfile import LineList, LineMap, load_yaml
from dockeropt.files.read import read_text
from dockeropt.knowledge.ci_runners import (
    BITBUCKET_BUILD_CONTAINER_MIN_MB,
    BITBUCKET_DOCKER_DEFAULT_MB,
    BITBUCKET_STEP_MB,
)
from dockeropt.units import MIB, parse_docker_size

FILENAME = BITBUCKET_FILE


def _steps(node: object, found: list[LineMap], seen: set[int]) -> None:
    """Every ``step:`` mapping under ``pipelines`` (default, branches, custom, parallel, stage ...).

    A step reached twice through a YAML alias is listed once.
    """
    if isinstance(node, LineMap):
        step = node.get("step")
        if isinstance(step, LineMap):
            if id(step) not in seen:
                seen.add(id(step))
                found.append(step)
            return
        for value in node.values():
            _steps(value, found, seen)
    elif isinstance(node, list):
        for item in node:
            _steps(item, found, seen)


def _labels(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _docker_service(step: LineMap, options: LineMap, definitions: LineMap) -> str | None:
    for name in _labels(step.get("services")):
        definition = definitions.get(name)
        if name == "docker" or (isinstance(definition, LineMap) and definition.get("type") == "docker"):
            return name
    if options.get("docker") is True:
        return "docker"
    return None


def _raise_hint(service: str, size: str, memory_mb: int, maximum_mb: int) -> str:
    key = f"definitions.services.{service}.memory"
    if memory_mb < maximum_mb:
        hint = f"set {key} to {maximum_mb} (step size {size} allows up to {maximum_mb})"
        if size == "1x":
            hint += f"; size: 2x allows up to {BITBUCKET_STEP_MB['2x'] - BITBUCKET_BUILD_CONTAINER_MIN_MB}"
            hint += " but 2x steps cost twice the build minutes"
        return hint
    sizes = list(BITBUCKET_STEP_MB)
    if size in sizes and sizes.index(size) + 1 < len(sizes):
        bigger = sizes[sizes.index(size) + 1]
        bigger_max = BITBUCKET_STEP_MB[bigger] - BITBUCKET_BUILD_CONTAINER_MIN_MB
        return (
            f"set size: {bigger} on this step and {key} up to {bigger_max} "
            f"({bigger} steps cost {bigger[:-1]} times the build minutes of 1x)"
        )
    return "no larger step size: lower the build's peak memory or build on a self-hosted runner"


def _limit(path: str, step: LineMap, options: LineMap, definitions: LineMap, build: BuildCommand) -> MemoryLimit:
    name = step.get("name")
    label = f"step {name!r}" if isinstance(name, str) else f"step at line {step.line}"
    runs_on = _labels(step.get("runs-on"))
    if "self.hosted" in runs_on and any(tag in runs_on for tag in ("linux.shell", "windows", "macos")):
        return MemoryLimit(
            None,
            f"{path}:{step.key_lines.get('runs-on', step.line)}: {label} runs-on {runs_on}",
            "unknown",
            "a shell runner builds with the host's Docker: the limit is the host's memory",
        )
    service = _docker_service(step, options, definitions)
    if service is None:
        return MemoryLimit(
            None,
            f"{build.where()}: {label} runs an image build but has no docker service",
            "unknown",
            "add 'services: [docker]' to the step; without it the build has no Docker daemon",
        )
    size_value = step.get("size", options.get("size", "1x"))
    size = str(size_value)
    size_line = step.key_lines.get("size") or options.key_lines.get("size")
    step_mb = BITBUCKET_STEP_MB.get(size)
    definition = definitions.get(service)
    declared = definition.get("memory") if isinstance(definition, LineMap) else None
    where_size = f"size {size}" + (f" (line {size_line})" if size_line else " (default)")
    if declared is not None and isinstance(definition, LineMap):
        try:
            memory_mb = parse_docker_size(declared, MIB) // MIB
        except ValueError:
            return MemoryLimit(
                None,
                f"{path}:{definition.key_lines['memory']}: definitions.services.{service}.memory: {declared!r}",
                "unknown",
                "not a memory size Bitbucket accepts (a whole number of MB)",
            )
        source = (
            f"{path}:{definition.key_lines['memory']}: definitions.services.{service}.memory: {memory_mb} "
            f"for {label}, {where_size}"
        )
        confidence = "declared"
    else:
        memory_mb = BITBUCKET_DOCKER_DEFAULT_MB
        source = (
            f"{path}:{step.line}: {label} uses the '{service}' service with no memory set (default 1024 MB), "
            f"{where_size}"
        )
        confidence = "default"
    note = ""
    hint: str | None = None
    if step_mb is None:
        note = f"unknown step size {size!r}; Bitbucket knows 1x, 2x, 4x and 8x"
    else:
        maximum_mb = step_mb - BITBUCKET_BUILD_CONTAINER_MIN_MB
        if memory_mb > maximum_mb:
            note = (
                f"{memory_mb} MB is more than a {size} step gives its services ({maximum_mb} MB): "
                "Bitbucket refuses the step"
            )
        hint = _raise_hint(service, size, memory_mb, maximum_mb)
    if "self.hosted" in runs_on:
        note = (note + "; " if note else "") + "self-hosted Linux Docker runner: the same size and service limits apply"
    return MemoryLimit(memory_mb * MIB, source, confidence, note, hint)


def candidates(config_path: str, shown_path: str, root: str) -> list[Candidate]:
    """A Candidate for each image build in each step of the file."""
    try:
        data = load_yaml(read_text(config_path))
    except (OSError, UnicodeDecodeError):
        return []
    if not isinstance(data, LineMap):
        return []
    options = data.get("options")
    options = options if isinstance(options, LineMap) else LineMap()
    definitions = data.get("definitions")
    services = definitions.get("services") if isinstance(definitions, LineMap) else None
    services = services if isinstance(services, LineMap) else LineMap()
    steps: list[LineMap] = []
    _steps(data.get("pipelines"), steps, set())
    found: list[Candidate] = []
    for step in steps:
        builds: list[BuildCommand] = []
        state = ShellState(root, {"BITBUCKET_CLONE_DIR": root})
        script = step.get("script")
        if isinstance(script, LineList | str):
            scan_script(step.script("script"), state, shown_path, builds)
        for build in builds:
            found.append(Candidate(build, _limit(shown_path, step, options, services, build)))
    return found
