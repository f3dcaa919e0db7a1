"""Precision of dockeropt's warnings on real Dockerfiles: collect, draw a reviewable sample, score.

    python -m bench.precision collect MANIFEST -o FINDINGS.jsonl [--jobs N]
    python -m bench.precision sample FINDINGS.jsonl [--seed 12] [--size 300] [--per-rule 6] [-o CSV]
        [--new-since REVIEWS.csv] [--rule ID ...] [--top-codes N] [--per-code N]
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

A rule that reports another tool's codes (DO100: ShellCheck) gives each finding under its code
(``SC2086``), and ``collect`` records that code as the finding's rule: each code is a stratum of
the draw and a line of the score, like a rule, and ``score`` adds them up under ``SC*``. A later
round draws among what was not reviewed before: ``--new-since REVIEWS.csv`` keeps only the rules
and codes with no verdict in that file, ``--rule ID`` (repeatable) adds rules to draw from anyway
(a rule changed since; findings already reviewed are never drawn again), and ``--top-codes N``
keeps only the N most frequent of the other tool's codes, ``--per-code`` findings of each.

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


def is_tool_code(rule: str) -> bool:
    """Another tool's code reported by a dockeropt rule (``SC2086`` from DO100), not a rule id."""
    return not rule.upper().startswith("DO")


def reviewed(reviews: str) -> set[tuple[str, str, int, int]]:
    """The findings (rule or code, url, line, col) that have a verdict in a reviews CSV."""
    rows = csv.DictReader(Path(reviews).read_text(encoding="utf-8").splitlines())
    return {
        (row["rule"], row["url"], int(row["line"]), int(row["col"]))
        for row in rows
        if row["verdict"].strip().lower() in ("true", "false")
    }


def narrow(
    findings: list[dict[str, object]],
    new_since: set[tuple[str, str, int, int]] | None = None,
    rules: Sequence[str] = (),
    top_codes: int | None = None,
) -> list[dict[str, object]]:
    """The findings a later round draws from: those of the rules with no verdict in ``new_since``
    (the findings reviewed before) and of ``rules``, never one already reviewed; of the other
    tools' codes, only the ``top_codes`` most frequent."""
    keep = list(findings)
    if new_since is not None:
        seen_rules = {key[0] for key in new_since}
        keep = [
            f
            for f in keep
            if (str(f["rule"]) not in seen_rules or str(f["rule"]) in rules) and _key(f) not in new_since
        ]
    if top_codes is not None:
        counts = Counter(str(f["rule"]) for f in keep if is_tool_code(str(f["rule"])))
        top = {code for code, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top_codes]}
        keep = [f for f in keep if not is_tool_code(str(f["rule"])) or str(f["rule"]) in top]
    return keep


def draw(
    findings: list[dict[str, object]], seed: int, size: int, per_rule: int, per_code: int | None = None
) -> list[dict[str, object]]:
    """The stratified sample (see the module docs); deterministic for a seed and a findings list.
    Another tool's codes get ``per_code`` each (``per_rule`` by default) and no share of the rest."""
    by_rule: dict[str, list[dict[str, object]]] = defaultdict(list)
    for f in sorted({_key(f): f for f in findings}.values(), key=_key):
        by_rule[str(f["rule"])].append(f)
    rng = random.Random(seed)
    for rule in sorted(by_rule):
        rng.shuffle(by_rule[rule])
    per_code = per_rule if per_code is None else per_code
    quota = {rule: min(len(fs), per_code if is_tool_code(rule) else per_rule) for rule, fs in by_rule.items()}
    shared = {rule: fs for rule, fs in by_rule.items() if per_code == per_rule or not is_tool_code(rule)}
    total = sum(len(fs) for fs in shared.values())
    left = size - sum(quota.values())
    if left > 0 and total:
        for rule, fs in shared.items():
            quota[rule] = min(len(fs), quota[rule] + round(left * len(fs) / total))
    return [f for rule in sorted(by_rule) for f in by_rule[rule][: quota[rule]]]


def score(reviews: str, findings: str | None = None) -> dict[str, object]:
    rows = list(csv.DictReader(Path(reviews).read_text(encoding="utf-8").splitlines()))
    current = {_key(f) for f in read_findings(findings)} if findings else None
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    per_round: dict[str, Counter[str]] = defaultdict(Counter)
    gone: Counter[str] = Counter()
    gone_per_round: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        verdict = row["verdict"].strip().lower()
        if verdict not in ("true", "false"):
            continue
        key = (row["rule"], row["url"], int(row["line"]), int(row["col"]))
        if current is not None and key not in current:
            kind = "false-fixed" if verdict == "false" else "true-lost"
            gone[kind] += 1
            gone_per_round[row.get("round") or "1"][kind] += 1
            continue
        per_rule[row["rule"]][verdict] += 1
        per_round[row.get("round") or "1"][verdict] += 1
    true = sum(c["true"] for c in per_rule.values())
    reviewed = sum(c["true"] + c["false"] for c in per_rule.values())
    families: dict[str, Counter[str]] = defaultdict(Counter)
    for rule, c in per_rule.items():
        if is_tool_code(rule):
            families[rule.rstrip("0123456789").upper() + "*"].update(c)
    return {
        "reviewed": reviewed,
        "true": true,
        "precision": round(true / reviewed, 4) if reviewed else None,
        "per_round": {
            r: {**c, "precision": round(c["true"] / (c["true"] + c["false"]), 4)} for r, c in sorted(per_round.items())
        },
        "per_rule": {r: dict(c) for r, c in sorted(per_rule.items())},
        "tool_codes_together": {fam: dict(c) for fam, c in sorted(families.items())},
        "no_longer_reported": dict(gone),
        "no_longer_reported_per_round": {r: dict(c) for r, c in sorted(gone_per_round.items())},
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
    p_sample.add_argument("--new-since", metavar="REVIEWS", help="only rules and codes with no verdict in this CSV")
    p_sample.add_argument("--rule", action="append", default=[], help="draw from this rule too (repeatable)")
    p_sample.add_argument("--per-code", type=int, help="findings per code of another tool (SC…)")
    p_sample.add_argument("--top-codes", type=int, help="only the N most frequent of other tools' codes (SC…)")
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
        pool = narrow(
            read_findings(args.findings),
            reviewed(args.new_since) if args.new_since else None,
            args.rule,
            args.top_codes,
        )
        sample = draw(pool, args.seed, args.size, args.per_rule, args.per_code)
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
