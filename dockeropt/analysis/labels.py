"""Image labels and the ``label-schema`` of the configuration (hadolint's DL3049–DL3058).

A schema names the labels an image must carry and the kind of value each holds: ``text``,
``url``, ``rfc3339``, ``spdx``, ``hash`` (a git commit), ``semver`` or ``email``. Values are
read as BuildKit reads them (quotes removed, build arguments expanded with their defaults).
"""

from __future__ import annotations

from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from dockeropt.graph.model import Graph, Stage
    from dockeropt.syntax.nodes import Instruction, KeyValue


_URL = lazy_compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
_RFC3339 = lazy_compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$")
# semver.org's own expression
_SEMVER = lazy_compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_GIT_HASH = lazy_compile(r"^(?:[0-9a-f]{7,40}|[0-9a-f]{64})$")
# an RFC 5322 addr-spec: dot-atom local part (or a quoted one) @ a domain with a dot, or a literal
_EMAIL = lazy_compile(
    r"^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|\"[^\"\r\n]*\")"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+|\[[^\]\s]+\])$"
)
# SPDX license expression: ids (or LicenseRef-…), `+`, WITH exceptions, AND/OR, parentheses
_SPDX_TOKEN = lazy_compile(r"\s*(\(|\)|[A-Za-z0-9.-]+\+?|\S)")
_SPDX_ID = lazy_compile(r"^(?:LicenseRef-|DocumentRef-[A-Za-z0-9.-]+:LicenseRef-)?[A-Za-z0-9][A-Za-z0-9.-]*\+?$")


def _rfc3339(value: str) -> bool:
    m = _RFC3339.match(value)
    if m is None:
        return False
    import datetime

    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))  # 60: a leap second
    except ValueError:
        return False
    return second <= 60 and (m.group(9) is None or (int(m.group(9)) < 24 and int(m.group(10)) < 60))


def _spdx(value: str) -> bool:
    """The form of an SPDX license expression (each id is not checked against the SPDX list)."""
    tokens = _SPDX_TOKEN.findall(value)
    if not tokens or "".join(tokens).replace(" ", "") != value.replace(" ", ""):
        return False
    pos = 0

    def expression() -> bool:
        nonlocal pos
        if not term():
            return False
        while pos < len(tokens) and tokens[pos] in ("AND", "OR"):
            pos += 1
            if not term():
                return False
        return True

    def term() -> bool:
        nonlocal pos
        if pos >= len(tokens):
            return False
        if tokens[pos] == "(":
            pos += 1
            if not expression() or pos >= len(tokens) or tokens[pos] != ")":
                return False
            pos += 1
            return True
        if tokens[pos] in ("AND", "OR", "WITH", ")") or not _SPDX_ID.match(tokens[pos]):
            return False
        pos += 1
        if pos < len(tokens) and tokens[pos] == "WITH":
            pos += 1
            if pos >= len(tokens) or not _SPDX_ID.match(tokens[pos]):
                return False
            pos += 1
        return True

    return expression() and pos == len(tokens)


_CHECKS: dict[str, tuple[Callable[[str], bool], str, str]] = {
    "url": (lambda v: bool(_URL.match(v)), "not a URL", "DL3052"),
    "rfc3339": (_rfc3339, "not an RFC 3339 date and time (2024-05-01T12:00:00Z)", "DL3053"),
    "spdx": (_spdx, "not an SPDX license expression (MIT, Apache-2.0 OR MIT)", "DL3054"),
    "hash": (lambda v: bool(_GIT_HASH.match(v)), "not a git commit hash (7 to 40 lower-case hex digits)", "DL3055"),
    "semver": (lambda v: bool(_SEMVER.match(v)), "not a semantic version (1.4.2)", "DL3056"),
    "email": (lambda v: bool(_EMAIL.match(v)), "not an e-mail address", "DL3058"),
}


def value_problem(kind: str, value: str) -> str | None:
    """Why ``value`` is not a valid ``kind`` of label value, or None when it is."""
    if not value.strip():
        return "empty"
    check = _CHECKS.get(kind)
    if check is None or check[0](value.strip()):
        return None
    return check[1]


def label_pairs(graph: Graph, inst: Instruction) -> Iterator[tuple[KeyValue, str, str | None]]:
    """A LABEL's pairs with their key and value as BuildKit reads them (quotes removed, build
    arguments expanded); the value is None when a variable in it has no value in the file."""
    variables = graph.state(inst).variables()
    for kv in inst.pairs:
        key, _ = graph.expand(kv.key, variables)
        if kv.value is None:
            yield kv, key, ""
            continue
        value, unmatched = graph.expand(kv.value, variables)
        yield kv, key, None if unmatched else value


def stage_labels(graph: Graph, stage: Stage) -> set[str]:
    """The label keys an image built from ``stage`` carries from this file (its FROM chain included)."""
    keys: set[str] = set()
    seen: set[int] = set()
    current: Stage | None = stage
    while current is not None and current.index not in seen:
        seen.add(current.index)
        for inst in current.instructions:
            if inst.name == "LABEL":
                keys.update(key for _, key, _ in label_pairs(graph, inst))
        current = current.base_stage
    return keys
