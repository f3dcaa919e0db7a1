"""Precision of dockeropt's warnings on real Dockerfiles: collect, draw a reviewable sample, score.

    python -m bench.precision collect MANIFEST -o FINDINGS.jsonl [--jobs N]
    python -m bench.precision sample FINDINGS.jsonl [--seed 12] [--size 300] [--per-rule 6] [-o CSV]
    python -m bench.precision score REVIEWS.csv [--findings FINDINGS.jsonl]

``collect`` runs every rule (opt-in ones too) on each Dockerfile a corpus manifest lists (JSON
lines with ``path``, ``url``, ``repo``, ``commit``, ``file``; the build context is the file's
folder, as ``dockeropt check`` takes it) and writes each warning- or error-level finding as a JSON
line: rule, severity, file URL (with the commit), line, column, message.

``sample`` draws the findings to review, reproducibly: a seeded shuffle of each rule's findings,
at least ``--per-rule`` from every rule (all of them when it has fewer), the rest of ``--size``
allocated to the rules in proportion to their share of the findings. It prints (or writes) CSV
rows ``rule,url,line,col,verdict,reason`` with verdict and reason to be filled in by the reviewer
(docs/precision/reviews.csv adds a ``round`` column: 1 for this draw, 2 for a later check).

``score`` reads the reviewed CSV (verdict ``true`` or ``false``) and prints the share of true
warnings, overall and per rule. With ``--findings`` (a fresh ``collect`` after the rules were
changed) a reviewed finding that is no longer reported leaves the figure: a false one is fixed,
a true one is recall lost, and both are counted.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

LOUD = ("warning", "error")
FIELDS = ("rule", "url", "line", "col", "verdict", "reason")


def _check_entry(entry: dict[str, str]) -> list[dict[str, object]]:
    import os

    from dockeropt.engine.check import check_text
    from dockeropt.engine.registry import all_rules

    path = entry["path"]
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    select = [r.id for r in all_rules()]
    result = check_text(text, path, context_dir=os.path.dirname(path), select=select)
    return [
        {
            "rule": f.rule_id,
            "severity": f.severity,
            "url": entry["url"],
            "path": path,
            "line": f.span.start_line,
            "col": f.span.start_col,
            "message": f.message,
        }
        for f in result.findings
        if f.severity in LOUD
    ]


def collect(manifest: str, jobs: int = 1) -> list[dict[str, object]]:
    entries = [json.loads(line) for line in Path(manifest).read_text().splitlines() if line.strip()]
    if jobs <= 1:
        found = [_check_entry(e) for e in entries]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as pool:
            found = list(pool.map(_check_entry, entries, chunksize=8))
    return [f for group in found for f in group]


def read_findings(path: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def _key(f: dict[str, object]) -> tuple[str, str, int, int]:
    return (str(f["rule"]), str(f["url"]), int(str(f["line"])), int(str(f["col"])))


def draw(findings: list[dict[str, object]], seed: int, size: int, per_rule: int) -> list[dict[str, object]]:
    """The stratified sample (see the module docs); deterministic for a seed and a findings list."""
    by_rule: dict[str, list[dict[str, object]]] = defaultdict(list)
    for f in sorted({_key(f): f for f in findings}.values(), key=_key):
        by_rule[str(f["rule"])].append(f)
    rng = random.Random(seed)
    for rule in sorted(by_rule):
        rng.shuffle(by_rule[rule])
    quota = {rule: min(len(fs), per_rule) for rule, fs in by_rule.items()}
    total = sum(len(fs) for fs in by_rule.values())
    left = size - sum(quota.values())
    if left > 0 and total:
        for rule, fs in by_rule.items():
            quota[rule] = min(len(fs), quota[rule] + round(left * len(fs) / total))
    return [f for rule in sorted(by_rule) for f in by_rule[rule][: quota[rule]]]


def score(reviews: str, findings: str | None = None) -> dict[str, object]:
    rows = list(csv.DictReader(Path(reviews).read_text(encoding="utf-8").splitlines()))
    current = {_key(f) for f in read_findings(findings)} if findings else None
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    per_round: dict[str, Counter[str]] = defaultdict(Counter)
    gone: Counter[str] = Counter()
    for row in rows:
        verdict = row["verdict"].strip().lower()
        if verdict not in ("true", "false"):
            continue
        key = (row["rule"], row["url"], int(row["line"]), int(row["col"]))
        if current is not None and key not in current:
            gone["false-fixed" if verdict == "false" else "true-lost"] += 1
            continue
        per_rule[row["rule"]][verdict] += 1
        per_round[row.get("round") or "1"][verdict] += 1
    true = sum(c["true"] for c in per_rule.values())
    reviewed = sum(c["true"] + c["false"] for c in per_rule.values())
    return {
        "reviewed": reviewed,
        "true": true,
        "precision": round(true / reviewed, 4) if reviewed else None,
        "per_round": {
            r: {**c, "precision": round(c["true"] / (c["true"] + c["false"]), 4)} for r, c in sorted(per_round.items())
        },
        "per_rule": {r: dict(c) for r, c in sorted(per_rule.items())},
        "no_longer_reported": dict(gone),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.precision", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_collect = sub.add_parser("collect")
    p_collect.add_argument("manifest")
    p_collect.add_argument("-o", "--output", required=True)
    p_collect.add_argument("--jobs", type=int, default=1)
    p_sample = sub.add_parser("sample")
    p_sample.add_argument("findings")
    p_sample.add_argument("--seed", type=int, default=12)
    p_sample.add_argument("--size", type=int, default=300)
    p_sample.add_argument("--per-rule", type=int, default=6)
    p_sample.add_argument("-o", "--output")
    p_score = sub.add_parser("score")
    p_score.add_argument("reviews")
    p_score.add_argument("--findings")
    args = parser.parse_args(argv)
    if args.command == "collect":
        found = collect(args.manifest, args.jobs)
        with open(args.output, "w", encoding="utf-8") as fh:
            for f in found:
                fh.write(json.dumps(f, sort_keys=True) + "\n")
        counts = Counter(str(f["rule"]) for f in found)
        print(f"{len(found)} warning/error findings: " + ", ".join(f"{r} {n}" for r, n in sorted(counts.items())))
        return 0
    if args.command == "sample":
        sample = draw(read_findings(args.findings), args.seed, args.size, args.per_rule)
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
        writer.writeheader()
        for f in sample:
            writer.writerow({"rule": f["rule"], "url": f["url"], "line": f["line"], "col": f["col"]})
        if args.output:
            Path(args.output).write_text(out.getvalue(), encoding="utf-8")
        else:
            sys.stdout.write(out.getvalue())
        return 0
    print(json.dumps(score(args.reviews, args.findings), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
