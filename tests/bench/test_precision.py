"""bench/precision.py: a reproducible stratified sample, and the figure recomputed from reviews."""

from __future__ import annotations

import json
from pathlib import Path

from bench.precision import draw, score


def _findings(counts: dict[str, int]) -> list[dict[str, object]]:
    return [
        {"rule": rule, "url": f"https://example.com/{rule}/{i}", "line": i + 1, "col": 1}
        for rule, n in counts.items()
        for i in range(n)
    ]


def test_every_rule_is_sampled_and_the_draw_is_reproducible() -> None:
    findings = _findings({"DO201": 200, "DO303": 40, "DO502": 2})
    sample = draw(findings, seed=12, size=60, per_rule=6)
    rules = [str(f["rule"]) for f in sample]
    assert rules.count("DO502") == 2  # all of a small rule
    assert rules.count("DO303") >= 6
    assert 58 <= len(sample) <= 62
    assert draw(list(reversed(findings)), seed=12, size=60, per_rule=6) == sample
    assert draw(findings, seed=13, size=60, per_rule=6) != sample


def test_score_counts_verdicts_and_what_is_no_longer_reported(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "rule,url,line,col,verdict,reason\n"
        "DO201,u1,3,5,true,lists left\n"
        "DO201,u2,4,5,false,removed by a later clean-up in the same RUN\n"
        "DO303,u3,7,1,true,copy before npm ci\n"
        "DO303,u4,9,1,,not reviewed yet\n"
    )
    assert score(str(reviews))["precision"] == round(2 / 3, 4)
    current = tmp_path / "findings.jsonl"
    current.write_text("\n".join(json.dumps(f) for f in [{"rule": "DO201", "url": "u1", "line": 3, "col": 5}]) + "\n")
    result = score(str(reviews), str(current))
    assert (result["reviewed"], result["true"], result["precision"]) == (1, 1, 1.0)
    assert result["no_longer_reported"] == {"false-fixed": 1, "true-lost": 1}
