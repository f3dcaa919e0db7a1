"""The memory limit that applies to a Dockerfile's build, read from the CI configuration next to it.

``find_memory_limit`` looks from the Dockerfile's folder upward to the repository root (the folder that
holds ``.git``), at most 5 levels up, for the files below (scripts and Makefiles only in the
Dockerfile's own folder when there is no repository root: the folders above are then anyone's):

- ``bitbucket-pipelines.yml``: the docker service's memory for the step that builds the Dockerfile;
- ``.gitlab-ci.yml``: the job's runner tag (GitLab.com VM sizes), Kubernetes limits, a dind service;
- ``.github/workflows/*.yml``: the job's ``runs-on`` runner, a buildx builder's ``memory=`` driver option;
- Makefiles and ``*.sh`` scripts: ``docker build --memory``, ``docker buildx create --driver-opt memory=``.

A build counts for the Dockerfile when its ``-f``/``file:`` (or its context's ``Dockerfile``) is that file.
When several builds name it, the smallest enforced limit wins and the note says so.
"""

from __future__ import annotations

import os

from dockeropt.ci import listing
from dockeropt.ci.model import CONFIDENCES, Candidate, MemoryLimit, Refused
from dockeropt.units import format_memory_limit, parse_docker_size

TYPE_CHECKING = False

MAX_LEVELS = 5
_ENFORCED = ("explicit", "declared", "default", "runner", "inferred")

if TYPE_CHECKING:
    from collections.abc import Callable

    Reader = Callable[[str, str, str], list[Candidate]]

# What each CI file gave, by (reader, path, shown path, folder), kept while the file's stat is the same:
# the language server re-checks on every edit and the CI files rarely change meanwhile.
_READ_CACHE: dict[tuple[str, str, str, str], tuple[tuple[int, int, int], list[Candidate], str | None]] = {}
_READ_CACHE_SIZE = 256


def _read(reader: Reader, path: str, shown: str, folder: str, refusals: list[str]) -> list[Candidate]:
    try:
        st = os.stat(path)
    except OSError:
        return []
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    key = (reader.__module__, path, shown, folder)
    hit = _READ_CACHE.get(key)
    if hit is None or hit[0] != stamp:
        refusal = None
        try:
            found = reader(path, shown, folder)
        except Refused as err:
            found, refusal = [], f"{shown}: not read: {err}"
        if len(_READ_CACHE) >= _READ_CACHE_SIZE:
            _READ_CACHE.clear()
        hit = _READ_CACHE[key] = (stamp, found, refusal)
    if hit[2] is not None and hit[2] not in refusals:
        refusals.append(hit[2])
    return hit[1]


def _folders(start: str) -> tuple[list[str], str, bool]:
    """The folders to search, nearest first, the one paths are shown relative to (the repository's
    root, else the Dockerfile's folder), and whether a repository's root was found."""
    folders: list[str] = []
    folder = start
    for _ in range(MAX_LEVELS + 1):
        folders.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            return folders, folder, True
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return folders, start, False


def _shown(path: str, top: str) -> str:
    return os.path.relpath(path, top).replace(os.sep, "/")


def collect_candidates(dockerfile_path: str, refusals: list[str] | None = None) -> list[Candidate]:
    """Every build found in the CI files above the Dockerfile, with the limit that applies to it;
    the CI files refused (see Refused) are added to ``refusals``."""
    refusals = refusals if refusals is not None else []
    start = os.path.dirname(os.path.abspath(dockerfile_path))
    folders, top, in_repository = _folders(start)
    found: list[Candidate] = []
    seen_scripts: set[str] = set()
    # Each reader is imported when a folder has its file: most Dockerfiles have none of them.
    for folder in folders:
        config = os.path.join(folder, listing.BITBUCKET_FILE)
        if os.path.isfile(config):
            from dockeropt.ci import bitbucket

            found.extend(_read(bitbucket.candidates, config, _shown(config, top), folder, refusals))
        config = os.path.join(folder, listing.GITLAB_FILE)
        if os.path.isfile(config):
            from dockeropt.ci import gitlab

            found.extend(_read(gitlab.candidates, config, _shown(config, top), folder, refusals))
        workflows = listing.workflow_files(folder)
        if workflows:
            from dockeropt.ci import github

            for workflow in workflows:
                found.extend(_read(github.candidates, workflow, _shown(workflow, top), folder, refusals))
        if folder != start and not in_repository:
            # outside a repository the folders above are anyone's (/tmp, /, $HOME): their CI files
            # are specific enough to trust, their scripts (/bin/*.sh …) are not
            continue
        for script in listing.script_files(folder):
            if script not in seen_scripts:
                from dockeropt.ci import scripts

                seen_scripts.add(script)
                found.extend(_read(scripts.candidates, script, _shown(script, top), folder, refusals))
    return found


def _with_build_memory(candidate: Candidate) -> MemoryLimit:
    """A CI build's own enforced ``--memory`` lowers the limit its runner gives it."""
    limit, build = candidate.limit, candidate.build
    if build.memory is None or limit.confidence in ("not-enforced",):
        return limit
    try:
        size = parse_docker_size(build.memory)
    except ValueError:
        return limit
    if not (build.builder == "docker" and build.legacy_builder):
        extra = f"--memory {build.memory} at {build.where()} is ignored by BuildKit"
        return MemoryLimit(limit.bytes, limit.source, limit.confidence, _join(limit.note, extra), limit.raise_hint)
    if limit.bytes is not None and size >= limit.bytes:
        return limit
    return MemoryLimit(
        size,
        f"{build.where()}: --memory {build.memory} (DOCKER_BUILDKIT=0)",
        "declared",
        _join(limit.note, f"inside {limit.source}"),
        "raise --memory",
    )


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _same_file(a: str, b: str) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def select(candidates: list[Candidate], dockerfile_path: str) -> MemoryLimit | None:
    """The limit for the Dockerfile among the builds found: the smallest enforced one that builds it."""
    matching = [
        (_with_build_memory(candidate), candidate.build.where())
        for candidate in candidates
        if candidate.build.dockerfile is not None and _same_file(candidate.build.dockerfile, dockerfile_path)
    ]
    if not matching:
        return None

    def rank(item: tuple[MemoryLimit, str]) -> tuple[int, int]:
        limit = item[0]
        group = 0 if limit.bytes is not None and limit.confidence in _ENFORCED else 1 if limit.bytes else 2
        return group, limit.bytes or 0

    ordered = sorted(matching, key=rank)
    chosen, chosen_where = ordered[0]
    others: list[str] = []
    for limit, where in ordered[1:]:
        described = f"{where} ({format_memory_limit(limit.bytes) if limit.bytes else 'unknown'})"
        if (where, limit.bytes) != (chosen_where, chosen.bytes) and described not in others:
            others.append(described)
    if others:
        note = _join(chosen.note, "also built at " + ", ".join(others))
        chosen = MemoryLimit(chosen.bytes, chosen.source, chosen.confidence, note, chosen.raise_hint)
    return chosen


def find_memory_limit(dockerfile_path: str, explicit: str | None = None) -> MemoryLimit | None:
    """The memory limit for building ``dockerfile_path``, or None when no CI file or script builds it.

    ``explicit`` (a Docker size such as "3g") overrides everything found. A limit with ``bytes=None``
    means a build was found but nothing says how much memory it gets; its note says why.
    """
    if explicit is not None:
        size = parse_docker_size(explicit)
        return MemoryLimit(size, f"--memory {explicit}", "explicit")
    refusals: list[str] = []
    chosen = select(collect_candidates(dockerfile_path, refusals), dockerfile_path)
    if not refusals:
        return chosen
    if chosen is None:
        return MemoryLimit(None, refusals[0].split(": not read:")[0], "unknown", refused=tuple(refusals))
    chosen.refused = tuple(refusals)
    return chosen


__all__ = ["CONFIDENCES", "MemoryLimit", "collect_candidates", "find_memory_limit", "select"]
