"""bench/precision.py: a reproducible stratified sample, and the figure recomputed from reviews."""

from __future__ import annotations

import json
from pathlib import Path

from bench.precision import draw, narrow, reviewed, score


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


def test_a_later_round_draws_new_rules_changed_rules_and_the_most_frequent_codes(tmp_path: Path) -> None:
    findings = _findings({"DO201": 5, "DO303": 3, "DO136": 2, "SC2086": 9, "SC2164": 4, "SC2046": 1})
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "round,rule,url,line,col,verdict,reason\n"
        "1,DO201,https://example.com/DO201/0,1,1,true,lists left\n"
        "1,DO303,https://example.com/DO303/0,1,1,true,copy before npm ci\n"
    )
    pool = narrow(findings, reviewed(str(reviews)), rules=["DO303"], top_codes=2)
    keys = sorted((str(f["rule"]), int(str(f["line"]))) for f in pool)
    # DO201 was reviewed and is not asked for; DO303's reviewed finding is not drawn again; SC2046 is
    # not among the two most frequent codes
    assert keys == [("DO136", 1), ("DO136", 2), ("DO303", 2), ("DO303", 3)] + [("SC2086", i) for i in range(1, 10)] + [
        ("SC2164", i) for i in range(1, 5)
    ]
    sample = draw(pool, seed=14, size=0, per_rule=3)
    assert sorted({str(f["rule"]) for f in sample}) == ["DO136", "DO303", "SC2086", "SC2164"]
    assert len(sample) == 2 + 2 + 3 + 3


def test_each_shellcheck_code_is_scored_as_its_own_line_and_together(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        "round,rule,url,line,col,verdict,reason\n"
        "3,SC2086,u1,3,20,true,unquoted variable split on spaces\n"
        "3,SC2086,u2,4,9,false,a number\n"
        "3,SC2164,u3,5,5,true,cd without || exit\n"
        "3,DO136,u4,6,1,true,sh replaced by bash\n"
    )
    result = score(str(reviews))
    assert result["per_rule"] == {
        "DO136": {"true": 1},
        "SC2086": {"true": 1, "false": 1},
        "SC2164": {"true": 1},
    }
    assert result["tool_codes_together"] == {"SC*": {"true": 2, "false": 1}}
