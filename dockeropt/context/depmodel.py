"""The uniform shape every dependency reader returns, and PEP 508 / PEP 503 helpers."""

from __future__ import annotations

import re

from dockeropt.knowledge.packages import normalize_name
from dockeropt.lazyre import lazy_compile

# PEP 508: name, [extras], then a version specifier or "@ url", then "; markers".
_PEP508 = lazy_compile(
    r"""\s*(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)
        \s*(?:\[(?P<extras>[^\]]*)\])?
        \s*(?P<rest>.*)""",
    re.VERBOSE | re.DOTALL,
)
_URL_MARKERS = lazy_compile(r"\s+;")  # after a URL, "; markers" needs a space before ";"
_SPACES = lazy_compile(r"\s+")


class Requirement:
    """One declared dependency."""

    __slots__ = (
        "ecosystem",
        "editable",
        "extras",
        "group",
        "line",
        "markers",
        "name",
        "raw",
        "source_file",
        "spec",
        "url",
    )

    def __init__(
        self,
        name: str,
        spec: str = "",
        *,
        extras: tuple[str, ...] = (),
        markers: str = "",
        source_file: str = "",
        line: int = 0,
        url: str = "",
        editable: bool = False,
        group: str | None = None,
        ecosystem: str = "pip",
        raw: str = "",
    ) -> None:
        self.name = name  # PEP 503-normalized for Python and conda; as written for npm; "" if unknown
        self.spec = spec  # version constraint as written, spaces removed (Poetry's "^1.2" stays)
        self.extras = extras  # normalized
        self.markers = markers  # environment markers, as written
        self.source_file = source_file  # the file it was read from
        self.line = line  # 1-based line in that file (0: not known)
        self.url = url  # direct reference: URL, VCS URL or local path
        self.editable = editable  # -e / develop = true
        self.group = group  # optional-dependency group, extra, "dev", devDependencies…; None: main
        self.ecosystem = ecosystem  # pip, conda, npm
        self.raw = raw  # the text it was read from

    @property
    def file(self) -> str:
        return self.source_file

    def __repr__(self) -> str:
        where = f"{self.source_file}:{self.line}" if self.source_file else "?"
        return f"Requirement({self.name!r}, {self.spec!r}, {where})"


class IndexUrl:
    """A package index, extra index, find-links location or conda channel a manifest names."""

    __slots__ = ("kind", "line", "name", "source_file", "url")

    def __init__(self, url: str, kind: str, source_file: str = "", line: int = 0, name: str = "") -> None:
        self.url = url
        # index-url, extra-index-url, find-links, no-index, poetry-source, uv-index,
        # uv-default-index, pipenv-source, pdm-source, conda-channel
        self.kind = kind
        self.source_file = source_file
        self.line = line
        self.name = name  # a named source (Poetry, uv, Pipenv)

    def __repr__(self) -> str:
        return f"IndexUrl({self.kind} {self.url!r})"


_BUILD_GROUPS = frozenset({"build-system", "setup_requires"})


class Dependencies:
    """What one or more manifests declare."""

    __slots__ = (
        "constraints",
        "files",
        "indexes",
        "lock_files",
        "package_manager",
        "problems",
        "requirements",
        "scripts",
    )

    def __init__(self) -> None:
        self.requirements: list[Requirement] = []
        self.constraints: list[Requirement] = []  # -c files, uv constraint/override dependencies
        self.indexes: list[IndexUrl] = []
        self.files: list[str] = []  # every file read, in order (includes after their includer)
        self.lock_files: list[str] = []  # lock files present beside the manifests read
        self.scripts: dict[str, str] = {}  # package.json scripts
        self.package_manager: str | None = None  # package.json "packageManager"
        self.problems: list[tuple[str, int, str]] = []  # (file, line, what could not be read)

    @property
    def index_urls(self) -> list[str]:
        return [index.url for index in self.indexes if index.url]

    @property
    def names(self) -> list[str]:
        """Requirement names in order, each once."""
        return list(dict.fromkeys(r.name for r in self.requirements if r.name))

    @property
    def runtime(self) -> list[Requirement]:
        """The requirements an install of the project pulls in: optional groups included,
        build-time ones (``build-system``, ``setup_requires``) left out."""
        return [r for r in self.requirements if r.name and r.group not in _BUILD_GROUPS]

    def extend(self, other: Dependencies) -> None:
        self.requirements.extend(other.requirements)
        self.constraints.extend(other.constraints)
        self.indexes.extend(other.indexes)
        self.files.extend(other.files)
        self.lock_files.extend(f for f in other.lock_files if f not in self.lock_files)
        self.scripts.update(other.scripts)
        self.package_manager = self.package_manager or other.package_manager
        self.problems.extend(other.problems)


def parse_pep508(text: str) -> tuple[str, tuple[str, ...], str, str, str] | None:
    """(name as written, normalized extras, specifier, url, markers) of a PEP 508 string, or None
    when it does not start with a project name."""
    match = _PEP508.match(text)
    if match is None:
        return None
    extras = tuple(normalize_name(e.strip()) for e in (match.group("extras") or "").split(",") if e.strip())
    rest = match.group("rest").strip()
    url = ""
    markers = ""
    if rest.startswith("@"):
        parts = _URL_MARKERS.split(rest[1:].strip(), maxsplit=1)
        url = parts[0].strip()
        markers = parts[1].strip() if len(parts) > 1 else ""
        spec = ""
    else:
        spec, _, markers = rest.partition(";")
        spec = _SPACES.sub("", spec)
        if spec.startswith("(") and spec.endswith(")"):
            spec = spec[1:-1]
        markers = markers.strip()
    return match.group("name"), extras, spec, url, markers


def requirement_from_pep508(
    text: str, source_file: str, line: int, group: str | None = None, ecosystem: str = "pip"
) -> Requirement | None:
    parsed = parse_pep508(text)
    if parsed is None:
        return None
    name, extras, spec, url, markers = parsed
    return Requirement(
        normalize_name(name),
        spec,
        extras=extras,
        markers=markers,
        source_file=source_file,
        line=line,
        url=url,
        group=group,
        ecosystem=ecosystem,
        raw=text.strip(),
    )
