"""DO601 unused-stage and DO602 repeated-setup on the project's own testdata."""

from __future__ import annotations

from pathlib import Path

from dockeropt.engine.check import check_text, run_project_rules
from dockeropt.engine.registry import all_rules

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules"


def findings(paths: list[Path], select: str) -> list[tuple[str, str, int, int, str]]:
    results = [check_text(p.read_text(), str(p.relative_to(DATA)), select=[select]) for p in paths]
    run_project_rules(results, all_rules())
    return [(f.path, f.rule_id, f.span.start_line, f.span.start_col, f.message) for r in results for f in r.findings]


def test_unused_stages_are_reported_at_their_from() -> None:
    got = findings([DATA / "DO601/positive.Dockerfile"], "DO601")
    assert [(rule, line, col) for _, rule, line, col, _ in got] == [("DO601", 8, 1), ("DO601", 13, 1)]
    assert got[0][4] == (
        "stage 'docs' is not used by the target stage #3: BuildKit skips it, "
        "the legacy builder builds its 3 steps for nothing"
    )


def test_stages_used_through_from_copy_and_mount_are_not_reported() -> None:
    assert findings([DATA / "DO601/negative.Dockerfile"], "DO601") == []


def test_repeated_setup_across_files_of_a_repository() -> None:
    files = sorted((DATA / "DO602/monorepo").rglob("Dockerfile"))
    got = findings(files, "DO602")
    assert [(path, rule, line) for path, rule, line, _, _ in got] == [
        ("DO602/monorepo/api/Dockerfile", "DO602", 1),
        ("DO602/monorepo/worker/Dockerfile", "DO602", 1),
    ]
    assert got[0][4] == (
        "stage #0 repeats the same setup as DO602/monorepo/worker/Dockerfile:1 "
        "(FROM python:3.12-slim and 2 identical steps): build it once as a shared base image"
    )


def test_repeated_setup_across_stages_of_one_file() -> None:
    got = findings([DATA / "DO602/stages.Dockerfile"], "DO602")
    assert [(line, col) for _, _, line, col, _ in got] == [(1, 1), (6, 1)]


def test_a_file_alone_with_its_own_setup_is_quiet() -> None:
    assert findings([DATA / "DO602/monorepo/docs/Dockerfile", DATA / "DO601/negative.Dockerfile"], "DO602") == []
