"""``--format lsp`` and the position conversion the language server shares with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockeropt.engine.check import check_text
from dockeropt.report import lsp_format
from dockeropt.report.lsp_format import PositionEncoder

ROOT = Path(__file__).resolve().parents[2]


def test_render_converts_to_utf16_and_zero_based(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    path = "testdata/report/non-ascii.Dockerfile"
    text = (ROOT / path).read_text(encoding="utf-8")
    (entry,) = json.loads(lsp_format.render([check_text(text, path, select=["DO101"])]))
    assert entry["uri"] == (ROOT / path).as_uri()
    assert entry["path"] == path
    assert entry["diagnostics"] == [
        {
            "range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 21}},
            "severity": 2,
            "code": "DO101",
            "source": "dockeropt",
            "message": "CMD in shell form runs under /bin/sh, which does not forward SIGTERM; use JSON form",
            "codeDescription": {"href": "https://github.com/dockeropt/dockeropt/blob/main/docs/rules/DO101.md"},
            "data": {"fixable": True, "safe": True},
        }
    ]


def test_files_without_findings_are_listed_empty() -> None:
    (entry,) = json.loads(lsp_format.render([check_text('FROM a:1\nCMD ["x"]\n', "Dockerfile", select=["DO101"])]))
    assert entry["diagnostics"] == []


def test_encodings_count_units() -> None:
    text = "FROM a\nRUN echo 'é🐳x'\n"
    col = text.split("\n")[1].index("x") + 1  # 1-based code-point column of the x
    assert PositionEncoder(text, "utf-32").position(2, col) == (1, 12)
    assert PositionEncoder(text, "utf-16").position(2, col) == (1, 13)
    assert PositionEncoder(text, "utf-8").position(2, col) == (1, 16)
    # positions past the end of a line land at its end
    assert PositionEncoder(text, "utf-16").offset_at(1, 99) == text.index("\n", 7)
    assert PositionEncoder(text, "utf-16").offset_at(9, 0) == len(text)
    # an unreadable file: columns are passed through
    assert PositionEncoder(None).position(3, 5) == (2, 4)


@given(
    st.lists(st.sampled_from(["a", " ", "\n", "\r\n", "é", "🐳", "€", "\t"]), max_size=40),
    st.sampled_from(["utf-8", "utf-16", "utf-32"]),
)
def test_offsets_round_trip(parts: list[str], encoding: str) -> None:
    text = "".join(parts)
    enc = PositionEncoder(text, encoding)
    for offset in range(len(text) + 1):
        line, char = enc.offset_position(offset)
        assert enc.offset_at(line, char) == offset
        prefix = text[text.rfind("\n", 0, offset) + 1 : offset]
        codec, unit = {"utf-8": ("utf-8", 1), "utf-16": ("utf-16-le", 2), "utf-32": ("utf-32-le", 4)}[encoding]
        assert char == len(prefix.encode(codec)) // unit
