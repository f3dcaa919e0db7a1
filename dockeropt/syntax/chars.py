"""Character classes as Go defines them, so that our splitting agrees with BuildKit's."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

# Python's str.isspace() also accepts U+001C..U+001F, which Go's unicode.IsSpace does not.
_NOT_GO_SPACE = frozenset("\x1c\x1d\x1e\x1f")


def go_isspace(ch: str) -> bool:
    """Go's ``unicode.IsSpace`` for one character."""
    return ch.isspace() and ch not in _NOT_GO_SPACE


def go_lstrip(text: str) -> str:
    """``strings.TrimLeftFunc(text, unicode.IsSpace)``."""
    if not text[:1].isspace():
        return text  # the common case: nothing to strip
    stripped = text.lstrip()
    if _NOT_GO_SPACE.isdisjoint(text[: len(text) - len(stripped)]):
        return stripped
    # lstrip() ate a U+001C..U+001F that Go keeps: redo it the slow way.
    i = 0
    while i < len(text) and go_isspace(text[i]):
        i += 1
    return text[i:]


def go_rstrip(text: str) -> str:
    if not text[-1:].isspace():
        return text
    stripped = text.rstrip()
    if _NOT_GO_SPACE.isdisjoint(text[len(stripped) :]):
        return stripped
    j = len(text)
    while j > 0 and go_isspace(text[j - 1]):
        j -= 1
    return text[:j]


def go_strip(text: str) -> str:
    """``strings.TrimSpace``."""
    return go_rstrip(go_lstrip(text))


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def json_quote(text: str) -> str:
    """``json.dumps(text, ensure_ascii=False)``: ``text`` as a JSON string, as exec forms write it
    (json's import costs more than a check of a small file spends writing a few of these)."""
    if not any(ch < " " or ch in _JSON_ESCAPES for ch in text):
        return f'"{text}"'
    return '"' + "".join(_JSON_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ch < " " else ch) for ch in text) + '"'


def json_array(values: Iterable[str]) -> str:
    """``json.dumps(list(values), ensure_ascii=False)``: an exec form's ``["a", "b"]``."""
    return "[" + ", ".join(json_quote(v) for v in values) + "]"
