"""dockeropt.codecache: modules imported from one file of compiled code, and never stale.

The tests run ``python -m dockeropt`` on a copy of the package laid out as it is installed (the
rules in ``dockeropt/rules``), with a cache folder of their own, and edit the copy between runs.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dockeropt import codecache

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import sys, dockeropt.cli, dockeropt.rules.correctness.maintainer_deprecated as rule; "
    "print(type(dockeropt.cli.__spec__.loader).__name__, dockeropt.cli.__file__ == sys.argv[1], "
    "type(rule.__spec__.loader).__name__)"
)


def installed_copy(tmp_path: Path) -> Path:
    """dockeropt and its rules copied as pip installs them: site/dockeropt/rules."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "dockeropt", site / "dockeropt", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", site / "dockeropt" / "rules", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def run(site: Path, cache: Path, *args: str, write_bytecode: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(site), DOCKEROPT_CACHE_DIR=str(cache))
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=site, check=False)


def test_the_second_run_imports_from_the_cache_and_reports_the_same(tmp_path: Path) -> None:
    site, cache = installed_copy(tmp_path), tmp_path / "cache"
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.12\nMAINTAINER me\nRUN apt-get update && apt-get install -y curl\n")
    first = run(site, cache, "-m", "dockeropt", "check", str(dockerfile))
    files = sorted(p.name for p in cache.iterdir())
    assert any(name.startswith("code-") for name in files), files
    second = run(site, cache, "-m", "dockeropt", "check", str(dockerfile))
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert "DO105" in second.stdout
    probe = run(site, cache, "-c", PROBE, str(site / "dockeropt" / "cli.py"))
    assert probe.stdout.split() == ["CodeCache", "True", "CodeCache"], probe.stderr


def test_an_edited_module_is_imported_from_its_source(tmp_path: Path) -> None:
    site, cache = installed_copy(tmp_path), tmp_path / "cache"
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM python:3.12\nMAINTAINER me\n")
    run(site, cache, "-m", "dockeropt", "check", str(dockerfile))
    rule = site / "dockeropt" / "rules" / "correctness" / "maintainer_deprecated.py"
    rule.write_text(rule.read_text().replace("MAINTAINER is deprecated;", "MAINTAINER is old;"))
    edited = run(site, cache, "-m", "dockeropt", "check", str(dockerfile))
    assert "MAINTAINER is old; use LABEL" in edited.stdout, edited.stderr
    again = run(site, cache, "-m", "dockeropt", "check", str(dockerfile))  # from the cache written again
    assert again.stdout == edited.stdout
    probe = run(site, cache, "-c", PROBE, str(site / "dockeropt" / "cli.py"))
    assert probe.stdout.split() == ["CodeCache", "True", "CodeCache"], probe.stderr


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path) -> None:
    site, cache = installed_copy(tmp_path), tmp_path / "cache"
    probe = run(site, cache, "-c", PROBE, str(site / "dockeropt" / "cli.py"), write_bytecode=False)
    assert probe.stdout.split() == ["SourceFileLoader", "True", "SourceFileLoader"], probe.stderr
    assert not any(p.name.startswith("code-") for p in cache.glob("*"))


def test_an_unreadable_cache_file_is_no_cache(tmp_path: Path) -> None:
    garbage = tmp_path / "code.bin"
    garbage.write_bytes(b"\x00not marshal data")
    assert codecache.read(str(garbage)).index == {}
    assert codecache.read(str(tmp_path / "missing.bin")).index == {}
    codecache.write(str(garbage), {})
    assert codecache.read(str(garbage)).index == {}


def test_the_file_is_an_index_then_the_code_read_module_by_module(tmp_path: Path) -> None:
    path = tmp_path / "code.bin"
    one, two = marshal.dumps(compile("x = 1", "one", "exec")), marshal.dumps(compile("y = 2", "two", "exec"))
    codecache.write(
        str(path),
        {"dockeropt.one": ("/s/one.py", 1, 5, False, None, one), "dockeropt.two": ("/s/two", 2, 5, True, "/c", two)},
    )
    stored = codecache.read(str(path))
    assert sorted(stored.index) == ["dockeropt.one", "dockeropt.two"]
    assert stored.index["dockeropt.two"][:5] == ("/s/two", 2, 5, True, "/c")
    assert stored.code(stored.index["dockeropt.two"]) == two
    assert stored.code(stored.index["dockeropt.one"]) == one
    # a file cut short holds the index but not all the code: that module is imported the usual way
    path.write_bytes(path.read_bytes()[: -len(two) // 2])
    stored = codecache.read(str(path))
    assert stored.code(stored.index["dockeropt.one"]) == one
    assert stored.code(stored.index["dockeropt.two"]) is None


def test_a_data_file_is_parsed_once_then_read_from_its_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", str(cache))
    table = tmp_path / "table.json"
    table.write_text('{"torch": [700, 900]}')
    assert codecache.read_json(str(table)) == {"torch": [700, 900]}
    (copy,) = cache.glob("data-*.bin")
    # the copy is what a second run reads: a copy of other content, same stamp, is believed
    stamp = table.stat()
    copy.write_bytes(marshal.dumps((codecache.FORMAT, stamp.st_mtime_ns, stamp.st_size, {"from": "copy"})))
    assert codecache.read_json(str(table)) == {"from": "copy"}
    # an edited file is parsed again (its size or mtime changed), and so is a damaged copy
    table.write_text('{"torch": [700, 901], "jax": [1, 2]}')
    assert codecache.read_json(str(table)) == {"torch": [700, 901], "jax": [1, 2]}
    copy.write_bytes(b"\x00damaged")
    assert codecache.read_json(str(table)) == {"torch": [700, 901], "jax": [1, 2]}
    # no cache folder: parsed every time, nothing written
    monkeypatch.setenv("DOCKEROPT_CACHE_DIR", "")
    shutil.rmtree(cache)
    assert codecache.read_json(str(table)) == {"torch": [700, 901], "jax": [1, 2]}
    assert not cache.exists()
    table.write_text("not json")
    with pytest.raises(ValueError):
        codecache.read_json(str(table))


def test_without_pread_the_code_is_read_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "code.bin"
    one = marshal.dumps(compile("x = 1", "one", "exec"))
    codecache.write(str(path), {"dockeropt.one": ("/s/one.py", 1, 5, False, None, one)})
    monkeypatch.delattr(os, "pread")  # (as on Windows)
    stored = codecache.read(str(path))
    assert stored.fd is None
    assert stored.code(stored.index["dockeropt.one"]) == one
