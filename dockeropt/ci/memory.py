"""Which memory limit applies to a Dockerfile's build, and where that figure comes from.

In order: ``--memory``, ``memory`` in the configuration, then the CI configuration found from the
Dockerfile's folder up to the repository root: ``bitbucket-pipelines.yml`` (the ``docker``
service's memory, bounded by the step's size), GitHub Actions workflows (the runner label),
``.gitlab-ci.yml`` (a hosted-runner tag; a ``docker:dind`` service alone gives no limit), and
``docker build --memory``/``-m`` in scripts and Makefiles.
"""

from __future__ import annotations

import os
import re

from dockeropt.knowledge import runners

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.engine.rule import CheckContext

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.I)
_DOCKER_BUILD = re.compile(r"docker\s+(?:buildx\s+)?build\b|docker-compose\s+build|docker\s+compose\s+build")
_MEMORY_FLAG = re.compile(r"docker\s+(?:buildx\s+)?build\b[^\n]*?\s(?:--memory|-m)[=\s]+([0-9.]+[kmgtKMGT]?[bB]?)")


class MemoryLimit:
    __slots__ = ("bytes", "note", "raise_hint", "source")

    def __init__(self, limit: int | None, source: str, note: str = "", raise_hint: str = "") -> None:
        self.bytes = limit  # None: a CI setup was found but sets no limit of its own
        self.source = source
        self.note = note
        self.raise_hint = raise_hint


def parse_size(text: str, bare_unit: int = 1) -> int:
    """``1g``, ``1024m``, ``2GB``, ``512MiB``; a bare number is counted in ``bare_unit`` bytes."""
    m = _SIZE.match(str(text))
    if not m:
        raise ValueError(f"not a size: {text!r}")
    number = float(m.group(1))
    unit = m.group(2).lower()
    factor = {"": bare_unit, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}[unit]
    return int(number * factor)


def find_memory_limit(
    dockerfile: str, explicit: str | None = None, configured: str | None = None
) -> MemoryLimit | None:
    if explicit:
        return MemoryLimit(parse_size(explicit), f"--memory {explicit}")
    if configured:
        return MemoryLimit(parse_size(configured), f"memory = {configured!r} in the configuration")
    for folder in _folders(dockerfile):
        for finder in (_bitbucket, _github, _gitlab, _scripts):
            found = finder(folder, dockerfile)
            if found is not None:
                return found
    return None


def _folders(dockerfile: str) -> list[str]:
    folder = os.path.dirname(os.path.abspath(dockerfile))
    out = []
    for _ in range(6):
        out.append(folder)
        if os.path.isdir(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return out


def _load_yaml(path: str) -> object:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return None


def _line_of(path: str, needle: str) -> int:
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if needle in line:
                    return number
    except OSError:
        pass
    return 1


def _walk_steps(node: object) -> list[dict[str, object]]:
    """Every ``step:`` mapping anywhere under ``pipelines`` (parallel groups and stages included)."""
    out: list[dict[str, object]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            step = item.get("step")
            if isinstance(step, dict):
                out.append(step)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _script_text(step: dict[str, object]) -> str:
    script = step.get("script")
    if isinstance(script, list):
        return "\n".join(s if isinstance(s, str) else str(s) for s in script)
    return str(script or "")


def _bitbucket(folder: str, dockerfile: str) -> MemoryLimit | None:
    path = os.path.join(folder, "bitbucket-pipelines.yml")
    if not os.path.isfile(path):
        return None
    doc = _load_yaml(path)
    if not isinstance(doc, dict):
        return None
    steps = [s for s in _walk_steps(doc.get("pipelines", {})) if _DOCKER_BUILD.search(_script_text(s))]
    if not steps:
        return None
    options = doc.get("options", {}) if isinstance(doc.get("options"), dict) else {}
    definitions = doc.get("definitions", {}) if isinstance(doc.get("definitions"), dict) else {}
    services = definitions.get("services", {}) if isinstance(definitions.get("services"), dict) else {}
    docker = services.get("docker", {}) if isinstance(services.get("docker"), dict) else {}
    memory = docker.get("memory")
    docker_mem = parse_size(str(memory), runners.MB) if memory is not None else runners.BITBUCKET_SERVICE_DEFAULT
    step = steps[0]
    size = str(step.get("size") or options.get("size") or "1x")
    step_total = runners.BITBUCKET_STEP.get(size, runners.BITBUCKET_STEP["1x"])
    step_services = step.get("services")
    others = [str(s) for s in step_services if s != "docker"] if isinstance(step_services, list) else []
    other_mem = 0
    for name in others:
        spec = services.get(name)
        if isinstance(spec, dict) and "memory" in spec:
            other_mem += parse_size(str(spec["memory"]), runners.MB)
        else:
            other_mem += runners.BITBUCKET_SERVICE_DEFAULT
    room = step_total - runners.BITBUCKET_BUILD_CONTAINER - other_mem
    line = _line_of(path, "memory:") if memory is not None else _line_of(path, "docker build")
    where = f"{os.path.relpath(path)}:{line}"
    described = f"{memory} MB" if memory is not None else "1024 MB (the default)"
    hint = (
        f"raise definitions.services.docker.memory (up to {room // runners.MB} MB with size {size})"
        if docker_mem < room
        else "use a larger step size (size: 2x gives 8 GB; a larger size costs more build minutes)"
    )
    return MemoryLimit(
        docker_mem,
        f"{where}: the docker service has {described} in a {size} step ({runners.BITBUCKET_SOURCE})",
        raise_hint=hint,
    )


def _github(folder: str, dockerfile: str) -> MemoryLimit | None:
    workflows = os.path.join(folder, ".github", "workflows")
    if not os.path.isdir(workflows):
        return None
    for name in sorted(os.listdir(workflows)):
        if not name.endswith((".yml", ".yaml")):
            continue
        path = os.path.join(workflows, name)
        doc = _load_yaml(path)
        if not isinstance(doc, dict) or not isinstance(doc.get("jobs"), dict):
            continue
        for job in doc["jobs"].values():
            if not isinstance(job, dict):
                continue
            steps = job.get("steps") or []
            builds = any(
                isinstance(s, dict)
                and (
                    _DOCKER_BUILD.search(str(s.get("run", ""))) or "docker/build-push-action" in str(s.get("uses", ""))
                )
                for s in steps
            )
            if not builds:
                continue
            labels = job.get("runs-on")
            label_list = [labels] if isinstance(labels, str) else [str(x) for x in labels or []]
            for label in label_list:
                if label in runners.GITHUB_RUNNERS:
                    public, private = runners.GITHUB_RUNNERS[label]
                    where = f"{os.path.relpath(path)}:{_line_of(path, 'runs-on')}"
                    return MemoryLimit(
                        private,
                        f"{where}: runs-on {label} has {private // runners.GB} GB in private repositories "
                        f"({public // runners.GB} GB in public ones; {runners.GITHUB_SOURCE})",
                        raise_hint="use a larger runner (e.g. a 4-core, 16 GB larger runner)",
                    )
            return MemoryLimit(None, f"{os.path.relpath(path)}: runs-on {label_list} (self-hosted or unknown size)")
    return None


def _gitlab(folder: str, dockerfile: str) -> MemoryLimit | None:
    path = os.path.join(folder, ".gitlab-ci.yml")
    if not os.path.isfile(path):
        return None
    doc = _load_yaml(path)
    if not isinstance(doc, dict):
        return None
    for job in doc.values():
        if not isinstance(job, dict):
            continue
        script = job.get("script")
        text = "\n".join(str(s) for s in script) if isinstance(script, list) else str(script or "")
        if not _DOCKER_BUILD.search(text):
            continue
        for tag in job.get("tags") or []:
            if str(tag) in runners.GITLAB_RUNNERS:
                limit = runners.GITLAB_RUNNERS[str(tag)]
                return MemoryLimit(
                    limit,
                    f"{os.path.relpath(path)}:{_line_of(path, str(tag))}: tag {tag} ({runners.GITLAB_SOURCE})",
                    raise_hint="use a larger hosted runner tag (saas-linux-medium-amd64 has 16 GB)",
                )
        return MemoryLimit(
            None,
            f"{os.path.relpath(path)}: docker build in a docker:dind service with no declared limit",
            note="the dind service shares the runner's memory; the limit is unknown",
        )
    return None


def _scripts(folder: str, dockerfile: str) -> MemoryLimit | None:
    for name in sorted(os.listdir(folder)):
        if not (name.endswith(".sh") or name in ("Makefile", "makefile", "justfile")):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read(200_000)
        except OSError:
            continue
        m = _MEMORY_FLAG.search(text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            return MemoryLimit(
                parse_size(m.group(1)), f"{os.path.relpath(path)}:{line}: docker build --memory {m.group(1)}"
            )
    return None


def memory_limit(ctx: CheckContext) -> MemoryLimit | None:
    key = ("memory_limit",)
    if key not in ctx.cache:
        configured = getattr(ctx.config, "memory", None)
        try:
            ctx.cache[key] = find_memory_limit(ctx.path or "Dockerfile", ctx.memory, configured)
        except ValueError:
            ctx.cache[key] = None
    value = ctx.cache[key]
    return value if isinstance(value, MemoryLimit) else None
