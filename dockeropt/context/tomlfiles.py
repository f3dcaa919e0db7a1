"""Dependencies declared in TOML manifests, parsed as data with ``tomllib`` (imported here only):
``pyproject.toml`` (PEP 621 ``[project]``, PEP 735 ``[dependency-groups]``, setuptools' dynamic
``file =`` dependencies, ``[build-system] requires``, Poetry, uv, PDM) and ``Pipfile``.

tomllib keeps no positions, so line numbers are found in the text: each value is looked for,
in order, between its table's header and the next header.
"""

from __future__ import annotations

import os

from dockeropt.context.depmodel import Dependencies, IndexUrl, Requirement, requirement_from_pep508
from dockeropt.context.requirements_txt import read_requirements_txt
from dockeropt.files.read import read_bytes, reason
from dockeropt.knowledge.packages import normalize_name
from dockeropt.lazyre import lazy_compile

_HEADER = lazy_compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY_PART = lazy_compile(r"""\s*("[^"]*"|'[^']*'|[^."'\s]+)\s*""")


def _header_key(header: str) -> str:
    """``tool . "poetry" . dependencies`` -> ``tool.poetry.dependencies``."""
    parts = []
    for piece in _KEY_PART.findall(header):
        parts.append(piece.strip("\"'"))
    return ".".join(parts)


class LineFinder:
    """Line numbers of values in a TOML text, looked up by table and in file order."""

    __slots__ = ("cursors", "lines", "tables")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[str, list[tuple[int, int]]] = {}  # table -> [(header index, end index)]
        starts: list[tuple[str, int]] = []
        for index, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if match is not None and "=" not in match.group(1):
                starts.append((_header_key(match.group(1)), index))
        for position, (key, index) in enumerate(starts):
            end = starts[position + 1][1] if position + 1 < len(starts) else len(self.lines)
            self.tables.setdefault(key, []).append((index, end))
        self.cursors: dict[tuple[str, int], int] = {}

    def find(self, tables: tuple[str, ...], needles: tuple[str, ...], occurrence: int = 0, key: bool = False) -> int:
        """The 1-based line holding one of ``needles`` (at its start for a ``key``) in the first
        of ``tables`` present (from the previous value found there), else that table's header
        line, else 0."""
        for table in tables:
            spans = self.tables.get(table)
            if spans is None or occurrence >= len(spans):
                continue
            start, end = spans[occurrence]
            cursor = self.cursors.get((table, occurrence), start)
            for index in range(cursor, end):
                line = self.lines[index].lstrip() if key else self.lines[index]
                if line.startswith(needles) if key else any(needle in line for needle in needles):
                    self.cursors[(table, occurrence)] = index
                    return index + 1
            return start + 1
        return 0


def _quoted(text: str) -> tuple[str, ...]:
    return (f'"{text}"', f"'{text}'")


def _key_needles(key: str) -> tuple[str, ...]:
    return (f"{key} ", f"{key}=", f'"{key}"', f"'{key}'")


def _load(path: str, deps: Dependencies) -> tuple[dict[str, object], LineFinder] | None:
    import tomllib

    try:
        text = read_bytes(path).decode("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        deps.problems.append((path, 0, f"cannot read: {reason(exc)}"))
        return None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        deps.problems.append((path, 0, f"cannot read: {exc}"))
        return None
    deps.files.append(path)
    return data, LineFinder(text)


def _table(data: object, *keys: str) -> dict[str, object]:
    for key in keys:
        if not isinstance(data, dict):
            return {}
        data = data.get(key)
    return data if isinstance(data, dict) else {}


def _dicts(value: object) -> list[dict[str, object]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _named_indexes(value: object, kind: str, table: str, path: str, lines: LineFinder, deps: Dependencies) -> None:
    """``[[tool.poetry.source]]``-style arrays of tables with ``name`` and ``url``."""
    for position, source in enumerate(_dicts(value)):
        url = _text(source.get("url"))
        if url:
            line = lines.find((table,), _key_needles("url"), position, key=True)
            deps.indexes.append(IndexUrl(url, kind, path, line, _text(source.get("name"))))


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _pep508_list(
    specs: list[str], path: str, lines: LineFinder, tables: tuple[str, ...], group: str | None, out: list[Requirement]
) -> None:
    for spec in specs:
        found = requirement_from_pep508(spec, path, lines.find(tables, _quoted(spec)), group)
        if found is not None:
            out.append(found)


def read_pyproject(path: str, *, context_dir: str | None = None) -> Dependencies:
    """PEP 621 dependencies and optional groups, PEP 735 groups, build requirements (group
    ``build-system``), setuptools ``dynamic`` files, Poetry, uv and PDM tables with their indexes."""
    deps = Dependencies()
    loaded = _load(path, deps)
    if loaded is None:
        return deps
    data, lines = loaded
    project = _table(data, "project")
    _pep508_list(_strings(project.get("dependencies")), path, lines, ("project",), None, deps.requirements)
    for group, specs in _table(project, "optional-dependencies").items():
        tables = ("project.optional-dependencies", "project")
        _pep508_list(_strings(specs), path, lines, tables, group, deps.requirements)
    groups = _table(data, "dependency-groups")
    for group in groups:
        specs = _dependency_group(groups, group, set())
        _pep508_list(specs, path, lines, ("dependency-groups",), group, deps.requirements)
    build = _strings(_table(data, "build-system").get("requires"))
    _pep508_list(build, path, lines, ("build-system",), "build-system", deps.requirements)
    _setuptools_dynamic(data, path, deps, context_dir)
    _poetry(data, path, lines, deps)
    _uv(data, path, lines, deps)
    _pdm(data, path, lines, deps)
    return deps


def _dependency_group(groups: dict[str, object], name: str, seen: set[str]) -> list[str]:
    """PEP 735: a group's strings, with ``{include-group = "…"}`` entries expanded (cycles cut)."""
    seen.add(name)
    specs: list[str] = []
    entries = groups.get(name)
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            specs.append(entry)
        elif isinstance(entry, dict):
            included = _text(entry.get("include-group"))
            if included and included not in seen:
                specs.extend(_dependency_group(groups, included, seen))
    return specs


def _setuptools_dynamic(data: dict[str, object], path: str, deps: Dependencies, context_dir: str | None) -> None:
    """``dynamic = ["dependencies"]`` with ``[tool.setuptools.dynamic] dependencies = {file = …}``."""
    dynamic = _table(data, "tool", "setuptools", "dynamic")
    folder = os.path.dirname(path)

    def read_files(spec: object, group: str | None) -> None:
        files = spec.get("file") if isinstance(spec, dict) else None
        for name in [files] if isinstance(files, str) else _strings(files):
            nested = read_requirements_txt(os.path.join(folder, name), context_dir=context_dir)
            for req in nested.requirements:
                req.group = group
            deps.extend(nested)

    read_files(dynamic.get("dependencies"), None)
    for group, spec in _table(dynamic, "optional-dependencies").items():
        read_files(spec, group)


def _poetry_requirement(name: str, value: object, path: str, line: int, group: str | None) -> Requirement:
    """``name = "^1.2"`` or ``name = {version = …, extras = […], markers = …, git/path/url = …}``."""
    req = Requirement(normalize_name(name), source_file=path, line=line, group=group, raw=f"{name} = {value!r}")
    if isinstance(value, str):
        req.spec = value.replace(" ", "")
    elif isinstance(value, dict):
        req.spec = _text(value.get("version")).replace(" ", "")
        req.extras = tuple(normalize_name(e) for e in _strings(value.get("extras")))
        req.markers = _text(value.get("markers"))
        for key in ("git", "path", "url"):
            location = value.get(key)
            if isinstance(location, str):
                req.url = location
        req.editable = value.get("develop") is True
    return req


def _poetry(data: dict[str, object], path: str, lines: LineFinder, deps: Dependencies) -> None:
    poetry = _table(data, "tool", "poetry")
    if not poetry:
        return
    sections: list[tuple[str, dict[str, object], str | None]] = [
        ("tool.poetry.dependencies", _table(poetry, "dependencies"), None),
        ("tool.poetry.dev-dependencies", _table(poetry, "dev-dependencies"), "dev"),
    ]
    for group_name, body in _table(poetry, "group").items():
        sections.append((f"tool.poetry.group.{group_name}.dependencies", _table(body, "dependencies"), group_name))
    for table, section, group in sections:
        for name, value in section.items():
            if name.lower() == "python":
                continue
            line = lines.find((table, "tool.poetry"), _key_needles(name), key=True)
            # several constraints for one package (one per Python version or platform)
            for one in value if isinstance(value, list) else [value]:
                deps.requirements.append(_poetry_requirement(name, one, path, line, group))
    _named_indexes(poetry.get("source"), "poetry-source", "tool.poetry.source", path, lines, deps)


def _uv(data: dict[str, object], path: str, lines: LineFinder, deps: Dependencies) -> None:
    uv = _table(data, "tool", "uv")
    if not uv:
        return
    _pep508_list(_strings(uv.get("dev-dependencies")), path, lines, ("tool.uv",), "dev", deps.requirements)
    for key in ("constraint-dependencies", "override-dependencies"):
        _pep508_list(_strings(uv.get(key)), path, lines, ("tool.uv",), None, deps.constraints)
    for key, kind in (("index-url", "index-url"), ("extra-index-url", "extra-index-url"), ("find-links", "find-links")):
        value = uv.get(key)
        for url in [value] if isinstance(value, str) else _strings(value):
            deps.indexes.append(IndexUrl(url, kind, path, lines.find(("tool.uv",), _key_needles(key), key=True)))
    if uv.get("no-index") is True:
        line = lines.find(("tool.uv",), _key_needles("no-index"), key=True)
        deps.indexes.append(IndexUrl("", "no-index", path, line))
    for position, index in enumerate(_dicts(uv.get("index"))):
        url = _text(index.get("url"))
        if url:
            kind = "uv-default-index" if index.get("default") is True else "uv-index"
            line = lines.find(("tool.uv.index",), _key_needles("url"), position, key=True)
            deps.indexes.append(IndexUrl(url, kind, path, line, _text(index.get("name"))))
    sources = _table(uv, "sources")
    for req in deps.requirements:
        source = sources.get(req.name) or next((v for k, v in sources.items() if normalize_name(k) == req.name), None)
        if isinstance(source, dict):
            for key in ("git", "path", "url"):
                if isinstance(source.get(key), str):
                    req.url = source[key]
            req.editable = req.editable or source.get("editable") is True


def _pdm(data: dict[str, object], path: str, lines: LineFinder, deps: Dependencies) -> None:
    pdm = _table(data, "tool", "pdm")
    for group, specs in _table(pdm, "dev-dependencies").items():
        _pep508_list(_strings(specs), path, lines, ("tool.pdm.dev-dependencies",), group, deps.requirements)
    _named_indexes(pdm.get("source"), "pdm-source", "tool.pdm.source", path, lines, deps)


_PIPFILE_NOT_PACKAGES = frozenset({"source", "requires", "scripts", "pipenv"})
_PIPFILE_MARKER_KEYS = ("os_name", "sys_platform", "platform_machine", "python_version", "platform_system")


def read_pipfile(path: str) -> Dependencies:
    """``[packages]``, ``[dev-packages]`` and other categories, and ``[[source]]`` indexes."""
    deps = Dependencies()
    loaded = _load(path, deps)
    if loaded is None:
        return deps
    data, lines = loaded
    for category, section in data.items():
        if category in _PIPFILE_NOT_PACKAGES or not isinstance(section, dict):
            continue
        group = None if category == "packages" else ("dev" if category == "dev-packages" else category)
        for name, value in section.items():
            line = lines.find((category,), _key_needles(name), key=True)
            req = _poetry_requirement(name, value, path, line, group)
            if req.spec == "*":
                req.spec = ""
            if isinstance(value, dict):
                markers = [value["markers"]] if isinstance(value.get("markers"), str) else []
                markers += [f"{key} {value[key]}" for key in _PIPFILE_MARKER_KEYS if isinstance(value.get(key), str)]
                req.markers = " and ".join(markers)
                req.editable = value.get("editable") is True
                if isinstance(value.get("file"), str):
                    req.url = value["file"]
            deps.requirements.append(req)
    _named_indexes(data.get("source"), "pipenv-source", "source", path, lines, deps)
    return deps
