"""The rule index: built once by importing every rule, then read from the cache folder; the rules
it gives are the rules themselves (a damaged or stale index is built again)."""

from __future__ import annotations

from pathlib import Path

import dockeropt.rules as pack
import pytest

from dockeropt.engine import ruleindex


def _never_built(_: object) -> list[dict[str, object]]:
    raise AssertionError("the index was built again")


def test_the_index_is_read_back_and_matches_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", str(tmp_path))
    first = ruleindex.indexed_rules(pack)
    (index,) = tmp_path.glob("rules-*.bin")
    monkeypatch.setattr(ruleindex, "_build", _never_built)
    again = ruleindex.indexed_rules(pack)
    assert [(r.id, r.module_name, r.position) for r in again] == [(r.id, r.module_name, r.position) for r in first]  # type: ignore[attr-defined]
    for indexed in again:
        rule = indexed.load()  # type: ignore[attr-defined]
        for key in (*ruleindex.INDEXED, *ruleindex.TRIGGERS):
            assert getattr(indexed, key) == getattr(rule, key), (indexed.id, key)
    # a damaged index is built again, and written again
    index.write_bytes(b"\x00damaged")
    monkeypatch.undo()
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", str(tmp_path))
    assert [r.id for r in ruleindex.indexed_rules(pack)] == [r.id for r in first]
    assert index.read_bytes() != b"\x00damaged"


def test_an_index_of_other_stamps_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", str(tmp_path))
    ruleindex.indexed_rules(pack)
    files = ruleindex._module_files(pack)
    assert files is not None
    stamp = ruleindex._stamp(files)
    assert stamp is not None
    path = ruleindex._index_path(pack, str(tmp_path))
    assert ruleindex._read(path, stamp) is not None
    stamp[1][0] += 1  # one rule module edited since
    assert ruleindex._read(path, stamp) is None
