""".gitlab-ci.yml: the memory a job's image build may use (dind service, runner tags, Kubernetes limits)."""

from __future__ import annotations

from dockeropt.ci.commands import BuildCommand, ShellState, scan_script
from dockeropt.ci.listing import GITLAB_FILE
from dockeropt.ci.model import Candidate, MemoryLimit, Refused
from dockeropt.ci.yamlfile import LineMap, load_yaml
from dockeropt.files.read import read_text
from dockeropt.knowledge.ci_runners import GITLAB_SAAS, GITLAB_UNTAGGED_DEFAULT
from dockeropt.units import MIB, parse_k8s_quantity

FILENAME = GITLAB_FILE
# Top-level keys that are not jobs.
_RESERVED = frozenset(
    {
        "default",
        "include",
        "stages",
        "variables",
        "workflow",
        "image",
        "services",
        "before_script",
        "after_script",
        "cache",
        "spec",
    }
)
_MAX_EXTENDS_DEPTH = 11  # GitLab's own limit on extends nesting


def _merge(base: LineMap, override: LineMap) -> LineMap:
    """GitLab's extends merge: mappings merge key by key, everything else is replaced."""
    merged = LineMap()
    merged.line = override.line
    for source in (base, override):
        for key, value in source.items():
            previous = merged.get(key)
            if isinstance(previous, LineMap) and isinstance(value, LineMap):
                value = _merge(previous, value)
            merged[key] = value
            merged.key_lines[key] = source.key_lines.get(key, source.line)
            merged.value_blocks[key] = source.value_blocks.get(key, False)
    return merged


def _resolve_job(data: LineMap, name: str, resolved: dict[str, LineMap], chain: tuple[str, ...] = ()) -> LineMap:
    """The job with what it ``extends`` merged in; each job is resolved once. GitLab rejects an
    ``extends`` cycle and nesting deeper than 11 levels: so does this (Refused)."""
    done = resolved.get(name)
    if done is not None:
        return done
    job = data.get(name)
    if not isinstance(job, LineMap):
        return LineMap()
    if name in chain:
        cycle = " -> ".join([*chain[chain.index(name) :], name])
        raise Refused(f"job {chain[0]!r}: extends has a cycle ({cycle}); GitLab rejects the file")
    if len(chain) > _MAX_EXTENDS_DEPTH:
        raise Refused(f"job {chain[0]!r}: extends is nested deeper than {_MAX_EXTENDS_DEPTH} levels")
    parents = job.get("extends")
    parent_names = [parents] if isinstance(parents, str) else [p for p in parents or [] if isinstance(p, str)]
    if parent_names:
        base = LineMap()
        for parent in dict.fromkeys(parent_names):
            base = _merge(base, _resolve_job(data, parent, resolved, (*chain, name)))
        job = _merge(base, job)
    resolved[name] = job
    return job


def _variables(*mappings: object) -> dict[str, str]:
    values: dict[str, str] = {}
    for mapping in mappings:
        if not isinstance(mapping, LineMap):
            continue
        for key, value in mapping.items():
            if isinstance(value, LineMap):
                value = value.get("value")
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                values[str(key)] = str(value)
    return values


def _service_names(services: object) -> list[str]:
    names: list[str] = []
    for item in services if isinstance(services, list) else []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, LineMap) and isinstance(item.get("name"), str):
            names.append(item["name"])
    return names


def _pick(job: LineMap, default: LineMap, data: LineMap, key: str) -> tuple[object, str]:
    """The value of ``key`` for the job: its own, else ``default:``'s, else the legacy global one."""
    if key in job:
        return job[key], "job"
    if key in default:
        return default[key], "default"
    return data.get(key), "global"


def _variable_line(name: str, job: LineMap, data: LineMap) -> int:
    for holder in (job.get("variables"), data.get("variables")):
        if isinstance(holder, LineMap) and name in holder:
            return holder.key_lines.get(name, holder.line)
    return job.line


def _limit(path: str, name: str, job: LineMap, default: LineMap, data: LineMap, build: BuildCommand) -> MemoryLimit:
    variables = _variables(data.get("variables"), job.get("variables"))
    services, _ = _pick(job, default, data, "services")
    dind = [service for service in _service_names(services) if "dind" in service]
    tags_value, _ = _pick(job, default, data, "tags")
    tags = [tag for tag in tags_value if isinstance(tag, str)] if isinstance(tags_value, list) else []
    saas = [tag for tag in tags if tag in GITLAB_SAAS]
    in_service = build.builder in ("docker", "buildx")
    k8s_key = "KUBERNETES_SERVICE_MEMORY_LIMIT" if in_service else "KUBERNETES_MEMORY_LIMIT"
    where = f"{path}:{data.key_lines.get(name, job.line)}: job {name!r}"
    if in_service and not dind:
        return MemoryLimit(
            None,
            f"{where} runs {build.builder} build without a docker:dind service",
            "unknown",
            "the build uses the runner host's Docker daemon (socket binding or shell executor): the host's memory",
        )
    if k8s_key in variables:
        try:
            size = parse_k8s_quantity(variables[k8s_key])
        except ValueError:
            size = None
        if size is not None:
            return MemoryLimit(
                size,
                f"{path}:{_variable_line(k8s_key, job, data)}: variables.{k8s_key}: {variables[k8s_key]} "
                f"(job {name!r})",
                "declared",
                "Kubernetes executor: applies only where the runner allows overwriting this limit",
                f"raise {k8s_key} (up to the runner's *_memory_limit_overwrite_max_allowed)",
            )
    hint: str | None = "tags: [saas-linux-medium-amd64] gives the job a 16 GB VM on GitLab.com (all tiers)"
    what = f"the {dind[0]} service" if in_service else f"the job container ({build.builder})"
    if saas:
        facts = GITLAB_SAAS[saas[0]]
        memory_mb = facts["memory_mb"] or 0
        bigger = [tag for tag, row in GITLAB_SAAS.items() if (row["memory_mb"] or 0) > memory_mb]
        hint = f"tags: [{bigger[0]}] for a larger GitLab.com VM" if bigger else None
        return MemoryLimit(
            memory_mb * MIB,
            f"{path}:{job.key_lines.get('tags', job.line)}: job {name!r} tags {saas[0]}",
            "runner",
            f"{what} has no limit of its own; it shares the {memory_mb // 1024} GB VM with the job",
            hint,
        )
    untagged = GITLAB_SAAS[GITLAB_UNTAGGED_DEFAULT]
    note = (
        f"no limit is declared for {what}: on GitLab.com an untagged job runs on {GITLAB_UNTAGGED_DEFAULT} "
        f"({(untagged['memory_mb'] or 0) // 1024} GB VM); on a self-managed runner the limit is whatever its "
        "config.toml sets (memory / service_memory), else the host's memory"
        if not tags
        else f"no limit is declared for {what}, and tags {tags} name no GitLab.com hosted runner"
    )
    return MemoryLimit(None, f"{where}: {what}", "unknown", note, hint)


def candidates(config_path: str, shown_path: str, root: str) -> list[Candidate]:
    """A Candidate for each image build in each job of the file."""
    try:
        data = load_yaml(read_text(config_path))
    except (OSError, UnicodeDecodeError):
        return []
    if not isinstance(data, LineMap):
        return []
    default = data.get("default")
    default = default if isinstance(default, LineMap) else LineMap()
    found: list[Candidate] = []
    resolved: dict[str, LineMap] = {}
    for name in data:
        if not isinstance(name, str) or name in _RESERVED or name.startswith("."):
            continue
        job = _resolve_job(data, name, resolved)
        if "script" not in job and "trigger" in job:
            continue
        variables = {"CI_PROJECT_DIR": root, "CI_BUILDS_DIR": root}
        variables.update(_variables(data.get("variables"), job.get("variables")))
        state = ShellState(root, variables)
        builds: list[BuildCommand] = []
        before, origin = _pick(job, default, data, "before_script")
        if before is not None:
            holder = job if origin == "job" else default if origin == "default" else data
            scan_script(holder.script("before_script"), state, shown_path, builds)
        scan_script(job.script("script"), state, shown_path, builds)
        for build in builds:
            found.append(Candidate(build, _limit(shown_path, name, job, default, data, build)))
    return found
