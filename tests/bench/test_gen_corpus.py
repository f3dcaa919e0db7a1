"""The synthetic corpus: deterministic, parseable by BuildKit, shaped like public Dockerfiles."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import dockerfile
import pytest

from bench import gen_corpus
from bench.synth.writer import DockerfileWriter


class FixedDraw(random.Random):
    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


@pytest.mark.parametrize(("u", "expected"), [(0.0, 2), (0.5, 51), (0.525, 56), (0.9, 158), (1.0, 1000)])
def test_target_lines_follows_the_measured_curve(u: float, expected: int) -> None:
    assert gen_corpus.target_lines(FixedDraw(u)) == expected


def test_same_seed_same_files_other_seed_other_files() -> None:
    first = [gen_corpus.generate_one(7, i) for i in range(40)]
    again = [gen_corpus.generate_one(7, i) for i in range(40)]
    other = [gen_corpus.generate_one(8, i) for i in range(40)]
    assert first == again
    assert sum(a != b for a, b in zip(first, other, strict=True)) >= 38


def test_more_files_leave_the_first_ones_unchanged(tmp_path: Path) -> None:
    small = gen_corpus.write_corpus(tmp_path / "small", 6, seed=3)
    large = gen_corpus.write_corpus(tmp_path / "large", 12, seed=3)
    assert [p.name for p in small] == [p.name for p in large[:6]]
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:6]]
    assert len(list((tmp_path / "large").iterdir())) == 12


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    return [gen_corpus.generate_one(0, i) for i in range(600)]


def test_every_file_parses_with_buildkit_and_has_a_stage(corpus: list[tuple[str, str]]) -> None:
    for kind, text in corpus:
        instructions = dockerfile.parse_string(text)
        assert any(i.cmd == "FROM" for i in instructions), kind


def test_line_counts_follow_public_dockerfiles(corpus: list[tuple[str, str]]) -> None:
    lengths = sorted(gen_corpus.line_count(text) for _, text in corpus)
    # Public corpus: p10 10, median 51, p90 158 lines.
    assert 6 <= gen_corpus.quantile(lengths, 0.1) <= 20
    assert 40 <= statistics.median(lengths) <= 65
    assert 130 <= gen_corpus.quantile(lengths, 0.9) <= 200
    assert max(lengths) > 300


def test_feature_mix(corpus: list[tuple[str, str]]) -> None:
    def share(name: str) -> float:
        return sum(bool(gen_corpus.FEATURES[name].search(t)) for _, t in corpus) / len(corpus)

    assert 0.2 <= share("multi_stage") <= 0.5
    assert 0.01 <= share("heredoc") <= 0.12
    assert 0.01 <= share("run_mount") <= 0.12
    assert 0.05 <= share("torch") <= 0.25
    assert share("tensorflow") > 0.02
    assert share("apt") > 0.3 and share("apk") > 0.05 and share("pip") > 0.2 and share("npm") > 0.05
    assert 0.02 <= share("escape_directive") <= 0.1


def test_windows_files_continue_lines_with_backticks(corpus: list[tuple[str, str]]) -> None:
    windows = [text for kind, text in corpus if kind == "windows_image"]
    assert windows
    for text in windows:
        runs = [i for i in dockerfile.parse_string(text) if i.cmd == "RUN"]
        assert runs and all("`" not in " ".join(r.value) for r in runs)
        assert any(r.end_line > r.start_line for r in runs)


def test_heredoc_bodies_reach_buildkit_intact(corpus: list[tuple[str, str]]) -> None:
    with_heredoc = [t for _, t in corpus if gen_corpus.FEATURES["heredoc"].search(t)]
    assert with_heredoc
    for text in with_heredoc:
        heredoc_runs = [i for i in dockerfile.parse_string(text) if "<<" in i.original]
        assert heredoc_runs
        for instruction in heredoc_runs:
            # BuildKit folds the body into the instruction: it spans more than the opener line.
            assert instruction.end_line > instruction.start_line


def test_writer_continuation_uses_the_escape_character() -> None:
    writer = DockerfileWriter(random.Random(1), target=10, escape="`")
    writer.run(["a", "b", "c"])
    assert writer.lines[0].endswith(" `") and writer.lines[1].endswith(" `")
    assert not writer.lines[2].endswith("`")


def test_cli_writes_files_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen_corpus.main([str(tmp_path), "-n", "25", "--seed", "2", "--json"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 25 and all(n.endswith(".Dockerfile") for n in names)
    out = capsys.readouterr().out
    assert '"files": 25' in out
