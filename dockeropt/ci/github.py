""".github/workflows/*.yml: the runner a job builds its image on, and any BuildKit memory limit it sets."""

from __future__ import annotations

import os
import re

from dockeropt.ci.commands import BuildCommand, ShellState, buildx_driver_memory, scan_script
from dockeropt.ci.model import Candidate, MemoryLimit
from dockeropt.ci.yamlfile import LineMap, load_yaml
from dockeropt.files.read import read_text
from dockeropt.knowledge.ci_runners import (
    GITHUB_LARGER_MB_PER_CORE,
    GITHUB_PRIVATE_LINUX_CONSERVATIVE_MB,
    github_runner,
)
from dockeropt.lazyre import lazy_compile
from dockeropt.units import MIB, parse_docker_size

_EXPRESSION = lazy_compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
_EXPRESSION_LEFT = lazy_compile(r"\$\{\{.*?\}\}")
_CORES = lazy_compile(r"(\d+)[-_]?(?:core|cores|cpu|cpus|vcpu)\b", re.IGNORECASE)
_LARGER_HINT = "a larger runner (Team/Enterprise Cloud): a 4-core Linux larger runner has 16 GB, 8-core 32 GB"


def _expression(text: str, context: dict[str, str]) -> str:
    """``${{ github.workspace }}``, ``${{ env.X }}``, ``${{ matrix.x }}`` replaced where known."""

    def replace(match: re.Match[str]) -> str:
        return context.get(match.group(1), match.group(0))

    return _EXPRESSION.sub(replace, text)


def _shell_line(text: str, context: dict[str, str]) -> str:
    """A ``run:`` line as the runner hands it to the shell: expressions substituted, and those whose
    value is unknown written as an unknown variable (``${{ … }}`` is no shell syntax)."""
    return _EXPRESSION_LEFT.sub("${GITHUB_EXPRESSION}", _expression(text, context))


def _env(mapping: object, prefix: str = "") -> dict[str, str]:
    values: dict[str, str] = {}
    if isinstance(mapping, LineMap):
        for key, value in mapping.items():
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                values[f"{prefix}{key}"] = str(value)
    return values


def _matrix_values(job: LineMap, key: str) -> list[str]:
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, LineMap) else None
    if not isinstance(matrix, LineMap):
        return []
    values = [str(item) for item in matrix.get(key) or [] if isinstance(item, str)]
    for entry in matrix.get("include") or []:
        if isinstance(entry, LineMap) and isinstance(entry.get(key), str):
            values.append(entry[key])
    return values


def _runner_label_sets(job: LineMap) -> list[list[str]]:
    """Each set of labels the job may run on (a matrix gives several)."""
    runs_on = job.get("runs-on")
    if isinstance(runs_on, LineMap):
        labels = runs_on.get("labels")
        runs_on = labels if labels is not None else [f"group:{runs_on.get('group')}"]
    raw = [runs_on] if isinstance(runs_on, str) else [item for item in runs_on or [] if isinstance(item, str)]
    sets: list[list[str]] = [[]]
    for label in raw:
        match = re.fullmatch(r"\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}", label.strip())
        options = _matrix_values(job, match.group(1)) if match else [label]
        sets = [[*labels, option] for labels in sets for option in options or [label]]
    return sets


def _runner_limit(labels: list[str]) -> tuple[int | None, str, str, str | None]:
    """(bytes, confidence, note, raise hint) for a set of runs-on labels."""
    if not labels:
        return None, "unknown", "no runs-on label", None
    if "self-hosted" in labels or any(label.startswith("group:") for label in labels):
        return None, "unknown", f"self-hosted or grouped runner {labels}: the limit is that machine's memory", None
    if any("${{" in label for label in labels):
        return None, "unknown", f"runs-on {labels} is an expression this reader cannot resolve", None
    label = labels[0]
    facts = github_runner(label)
    if facts is not None and facts["memory_mb"] is not None:
        if label.startswith("macos"):
            return None, "unknown", f"{label}: macOS runners have no Docker daemon", None
        public_mb = facts["memory_mb"]
        if facts["cpus"] == 4 and facts["arch"] in ("x64", "arm64") and not label.startswith("windows"):
            note = (
                f"{label}: {public_mb // 1024} GB in public repositories; private repositories get a 2-CPU VM "
                f"with 7-8 GB, so {GITHUB_PRIVATE_LINUX_CONSERVATIVE_MB // 1024} GB is assumed"
            )
            # the figure is a guess (the repository's visibility is not known): inferred, not documented
            return GITHUB_PRIVATE_LINUX_CONSERVATIVE_MB * MIB, "inferred", note, _LARGER_HINT
        return public_mb * MIB, "runner", f"{label}: {public_mb // 1024} GB VM", _LARGER_HINT
    cores = _CORES.search(label)
    if cores is not None:
        memory_mb = int(cores.group(1)) * GITHUB_LARGER_MB_PER_CORE
        note = f"{label}: a larger runner named for {cores.group(1)} cores; Linux larger runners have 4 GB per core"
        return memory_mb * MIB, "inferred", note, None
    return None, "unknown", f"{label}: not a GitHub-hosted label this reader knows (a larger runner's own name?)", None


def _step_builds(
    step: LineMap, state: ShellState, context: dict[str, str], shown_path: str, builds: list[BuildCommand]
) -> None:
    uses = step.get("uses")
    if isinstance(uses, str) and uses.split("@")[0] == "docker/build-push-action":
        with_ = step.get("with")
        with_ = with_ if isinstance(with_, LineMap) else LineMap()
        build = BuildCommand(shown_path, step.key_lines.get("uses", step.line), f"uses: {uses}", "buildx")
        context_dir = with_.get("context")
        context_dir = _expression(context_dir, context) if isinstance(context_dir, str) else None
        root = context.get("github.workspace", state.cwd)
        if context_dir is None or "://" in context_dir or "${{" in context_dir:
            base = root  # the Git context: the repository at the workflow's ref
        else:
            base = os.path.normpath(os.path.join(root, context_dir))
        build.context = base
        file_ = with_.get("file")
        file_ = _expression(file_, context) if isinstance(file_, str) else None
        if file_ is None:
            build.dockerfile = os.path.join(base, "Dockerfile")
        elif "${{" not in file_:
            build.dockerfile = os.path.normpath(os.path.join(root, file_))
        builds.append(build)
        return
    run = step.get("run")
    if isinstance(run, str):
        lines = [(line, _shell_line(text, context)) for line, text in step.script("run")]
        scan_script(lines, state, shown_path, builds)


def _driver_memory(steps: list[LineMap], shown_path: str, context: dict[str, str]) -> tuple[str, str] | None:
    """(value, where) of a buildx docker-container builder's memory limit set earlier in the job."""
    for step in steps:
        uses = step.get("uses")
        with_ = step.get("with")
        if isinstance(uses, str) and uses.split("@")[0] == "docker/setup-buildx-action" and isinstance(with_, LineMap):
            driver = with_.get("driver", "docker-container")
            options = with_.get("driver-opts")
            if driver == "docker-container" and isinstance(options, str):
                for item in re.split(r"[\n,]", options):
                    key, _, value = item.strip().partition("=")
                    if key == "memory" and value:
                        return value, f"{shown_path}:{with_.key_lines.get('driver-opts', with_.line)}"
        run = step.get("run")
        if isinstance(run, str):
            lines = [(line, _shell_line(text, context)) for line, text in step.script("run")]
            for line, words in scan_script(lines, ShellState("/", {}), shown_path, []):
                value = buildx_driver_memory(words)
                if value:
                    return value, f"{shown_path}:{line}"
    return None


def candidates(config_path: str, shown_path: str, root: str) -> list[Candidate]:
    """A Candidate for each image build in each job of one workflow file."""
    try:
        data = load_yaml(read_text(config_path))
    except (OSError, UnicodeDecodeError):
        return []
    if not isinstance(data, LineMap) or not isinstance(data.get("jobs"), LineMap):
        return []
    found: list[Candidate] = []
    for job_name, job in data["jobs"].items():
        if not isinstance(job, LineMap):
            continue
        steps = [step for step in job.get("steps") or [] if isinstance(step, LineMap)]
        context = {"github.workspace": root}
        env = _env(data.get("env")) | _env(job.get("env"))
        context.update(_env(data.get("env"), "env.") | _env(job.get("env"), "env."))
        builds: list[BuildCommand] = []
        for step in steps:
            step_env = env | _env(step.get("env"))
            step_context = context | _env(step.get("env"), "env.")
            workdir = step.get("working-directory") or _default_workdir(job) or _default_workdir(data)
            cwd = os.path.normpath(os.path.join(root, _expression(str(workdir), step_context))) if workdir else root
            _step_builds(step, ShellState(cwd, step_env), step_context, shown_path, builds)
        if not builds:
            continue
        driver = _driver_memory(steps, shown_path, context)
        label_sets = _runner_label_sets(job)
        limits = [(_runner_limit(labels), labels) for labels in label_sets]
        known = [item for item in limits if item[0][0] is not None]
        (size, confidence, note, hint), labels = min(known, key=lambda item: item[0][0] or 0) if known else limits[0]
        runs_on_line = job.key_lines.get("runs-on", job.line)
        source = f"{shown_path}:{runs_on_line}: job {job_name!r} runs-on {', '.join(labels) or '?'}"
        if len(label_sets) > 1:
            note += f"; the matrix also runs on {[', '.join(other) for _, other in limits if other != labels]}"
        for build in builds:
            limit = MemoryLimit(size, source, confidence, note, hint)
            if driver is not None and build.builder == "buildx":
                try:
                    driver_bytes = parse_docker_size(driver[0])
                except ValueError:
                    driver_bytes = None
                if driver_bytes is not None and (size is None or driver_bytes < size):
                    limit = MemoryLimit(
                        driver_bytes,
                        f"{driver[1]}: buildx docker-container driver memory={driver[0]} (job {job_name!r})",
                        "declared",
                        note,
                        "raise the memory= driver option",
                    )
            found.append(Candidate(build, limit))
    return found


def _default_workdir(node: LineMap) -> str | None:
    defaults = node.get("defaults")
    run = defaults.get("run") if isinstance(defaults, LineMap) else None
    workdir = run.get("working-directory") if isinstance(run, LineMap) else None
    return workdir if isinstance(workdir, str) else None
