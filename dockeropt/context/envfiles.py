"""Dependencies in data manifests: conda's ``environment.yml`` (PyYAML, imported here only) and
npm's ``package.json``."""

from __future__ import annotations

from dockeropt.context.depmodel import Dependencies, IndexUrl, Requirement
from dockeropt.context.requirements_txt import logical_lines, read_requirement_lines
from dockeropt.files.read import read_text, reason
from dockeropt.knowledge.packages import normalize_name
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    import yaml

# conda match spec: [channel[/subdir]::]name[ version[ build]] | name=version=build | name>=1 | name[version=…]
_CONDA_SPEC = lazy_compile(r"^(?:(?P<channel>[^:\s]+)::)?(?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*(?P<rest>.*)$")
_SPACES = lazy_compile(r"\s+")


def conda_requirement(text: str, path: str, line: int) -> Requirement | None:
    """One conda match spec; the spec keeps conda's syntax (``=1.26`` is "1.26.*")."""
    match = _CONDA_SPEC.match(text.strip())
    if match is None:
        return None
    rest = match.group("rest").strip()
    return Requirement(
        normalize_name(match.group("name")),
        _SPACES.sub(" ", rest),
        source_file=path,
        line=line,
        url=match.group("channel") or "",
        ecosystem="conda",
        raw=text.strip(),
    )


def _mapping_items(node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    return [(key.value, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def read_environment_yml(path: str, *, context_dir: str | None = None) -> Dependencies:
    """Conda ``dependencies`` (ecosystem ``conda``), the nested ``pip:`` list read as
    requirements-file lines (``-r`` relative to the environment file), and ``channels``."""
    import yaml

    deps = Dependencies()
    try:
        text = read_text(path, errors="replace")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)  # nodes keep their line numbers; aliases are not expanded
    except OSError as exc:
        deps.problems.append((path, 0, f"cannot read: {reason(exc)}"))
        return deps
    except (yaml.YAMLError, RecursionError) as exc:
        deps.problems.append((path, 0, f"cannot read: {exc}"))
        return deps
    deps.files.append(path)
    for key, value in _mapping_items(root) if root is not None else []:
        if key == "channels" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.ScalarNode):
                    deps.indexes.append(IndexUrl(str(item.value), "conda-channel", path, item.start_mark.line + 1))
        if key != "dependencies" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            if isinstance(item, yaml.ScalarNode):
                found = conda_requirement(str(item.value), path, item.start_mark.line + 1)
                if found is not None:
                    deps.requirements.append(found)
                continue
            for sub_key, sub_value in _mapping_items(item):
                if sub_key == "pip" and isinstance(sub_value, yaml.SequenceNode):
                    lines = [
                        (entry.start_mark.line + 1, text)
                        for entry in sub_value.value
                        if isinstance(entry, yaml.ScalarNode)
                        for _, text in logical_lines(str(entry.value))
                    ]
                    read_requirement_lines(lines, path, deps, context_dir=context_dir)
    return deps


_NPM_SECTIONS = {
    "dependencies": None,
    "devDependencies": "devDependencies",
    "optionalDependencies": "optionalDependencies",
    "peerDependencies": "peerDependencies",
}
_NPM_URL = lazy_compile(r"^(git\+|git:|github:|gitlab:|bitbucket:|https?:|file:|link:|\.{1,2}/|~/|/)")


def read_package_json(path: str) -> Dependencies:
    """npm dependencies by section (group None for ``dependencies``), ``scripts`` and
    ``packageManager``."""
    import json

    deps = Dependencies()
    try:
        text = read_text(path)
        data = json.loads(text)
    except OSError as exc:
        deps.problems.append((path, 0, f"cannot read: {reason(exc)}"))
        return deps
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        deps.problems.append((path, 0, f"cannot read: {exc}"))
        return deps
    deps.files.append(path)
    if not isinstance(data, dict):
        return deps
    lines = text.splitlines()
    for section, group in _NPM_SECTIONS.items():
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        cursor = _find(lines, f'"{section}"', 0)
        for name, spec in entries.items():
            if not isinstance(spec, str):
                continue
            cursor = _find(lines, f'"{name}"', cursor)
            deps.requirements.append(
                Requirement(
                    name,
                    spec.strip(),
                    source_file=path,
                    line=cursor + 1 if cursor >= 0 else 0,
                    url=spec.strip() if _NPM_URL.match(spec.strip()) else "",
                    group=group,
                    ecosystem="npm",
                    raw=f'"{name}": "{spec}"',
                )
            )
    scripts = data.get("scripts")
    if isinstance(scripts, dict):
        deps.scripts = {k: v for k, v in scripts.items() if isinstance(v, str)}
    manager = data.get("packageManager")
    deps.package_manager = manager if isinstance(manager, str) else None
    return deps


def _find(lines: list[str], needle: str, start: int) -> int:
    """The index of the first line from ``start`` holding ``needle`` (``start`` if none does)."""
    for index in range(max(start, 0), len(lines)):
        if needle in lines[index]:
            return index
    return start
