"""YAML with line numbers: mappings and sequences that remember where each key and item was written.

Anchors, aliases and ``<<`` merge keys work as in PyYAML's safe loader (Bitbucket relies on them);
unknown tags (GitLab's ``!reference``) load as plain data. PyYAML is imported on first use.

Aliases are counted before anything is built: a few hundred bytes of nested aliases ("billion
laughs") stand for billions of nodes once expanded, and every walk of the data would pay for them.
A document that expands to more than ``MAX_NODES`` nodes, or whose alias refers to itself, is
refused (:class:`~dockeropt.ci.model.Refused`).
"""

from __future__ import annotations

from dockeropt.ci.model import Refused

# Real CI files expand to a few thousand nodes; the largest seen, tens of thousands.
MAX_NODES = 200_000

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class LineMap(dict):  # type: ignore[type-arg]
    """A mapping with the 1-based line of the mapping and of each key."""

    __slots__ = ("key_lines", "line", "value_blocks")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.key_lines: dict[object, int] = {}
        self.value_blocks: dict[object, bool] = {}

    def script(self, key: str) -> list[tuple[int, str]]:
        """(line, text) of the shell lines under ``key`` (a list of commands or one string)."""
        value = self.get(key)
        if isinstance(value, str):
            return script_lines(value, self.key_lines.get(key, self.line), self.value_blocks.get(key, False))
        return script_items(value)


class LineList(list):  # type: ignore[type-arg]
    """A sequence with the 1-based line of each item, and whether the item was a block scalar (| or >)."""

    __slots__ = ("item_blocks", "item_lines", "line")

    def __init__(self) -> None:
        super().__init__()
        self.line = 0
        self.item_lines: list[int] = []
        self.item_blocks: list[bool] = []


_LOADER: Any = None


def _loader() -> Any:
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml

    # libyaml's parser when PyYAML was built with it: the same nodes, marks and styles, ~10x faster
    # (a repository's workflows are read for each of its Dockerfiles)
    base = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    def construct_map(loader: Any, node: Any) -> LineMap:
        loader.flatten_mapping(node)
        mapping = LineMap()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                key = str(key)
            mapping[key] = loader.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
            mapping.value_blocks[key] = getattr(value_node, "style", None) in ("|", ">")
        return mapping

    def construct_seq(loader: Any, node: Any) -> LineList:
        items = LineList()
        items.line = node.start_mark.line + 1
        for item in node.value:
            items.append(loader.construct_object(item, deep=True))
            items.item_lines.append(item.start_mark.line + 1)
            items.item_blocks.append(getattr(item, "style", None) in ("|", ">"))
        return items

    def construct_unknown(loader: Any, suffix: str, node: Any) -> object:
        if isinstance(node, yaml.SequenceNode):
            return construct_seq(loader, node)
        if isinstance(node, yaml.MappingNode):
            return construct_map(loader, node)
        return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    Loader.add_multi_constructor("!", construct_unknown)
    _LOADER = Loader
    return Loader


def load_yaml(text: str) -> object:
    """The document's data (LineMap / LineList / scalars), or None when the text is not valid YAML;
    raises Refused when its aliases expand to more than MAX_NODES nodes."""
    import yaml

    try:
        loader = _loader()(text)  # a (C)SafeLoader subclass
    except yaml.YAMLError:
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded_size(node, MAX_NODES)
        return loader.construct_document(node)
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def expanded_size(root: Any, limit: int) -> int:
    """How many nodes the composed document has once every alias (and ``<<`` merge) is expanded;
    Refused past ``limit``. Each node is sized once: linear in the text."""
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            if known < 0:
                raise Refused("a YAML alias refers to the node that holds it")
            return known
        sizes[key] = -1
        total = 1
        value = node.value
        if isinstance(value, list):
            for item in value:
                total += size(item[0]) + size(item[1]) if isinstance(item, tuple) else size(item)
                if total > limit:
                    raise Refused(f"its YAML aliases expand to more than {limit:,} nodes")
        sizes[key] = total
        return total

    return size(root)


def script_lines(value: object, first_line: int, block: bool) -> list[tuple[int, str]]:
    """(line, text) for each shell line in a script item; a block scalar's text starts on the next line."""
    if not isinstance(value, str):
        return []
    start = first_line + 1 if block else first_line
    return [(start + offset, text) for offset, text in enumerate(value.split("\n"))]


def script_items(value: object) -> list[tuple[int, str]]:
    """(line, text) for every shell line of a YAML script list (or a single string)."""
    if isinstance(value, LineList):
        lines: list[tuple[int, str]] = []
        for item, line, block in zip(value, value.item_lines, value.item_blocks, strict=True):
            lines.extend(script_lines(item, line, block))
        return lines
    if isinstance(value, str):
        return script_lines(value, 0, False)
    return []
