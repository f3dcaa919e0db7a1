"""Which files of a directory each parser rejects: hadolint, BuildKit's parser, tally, dockeropt.

    python -m bench.parse_status DIR [--out parse_status.tsv]

- hadolint: a file fails when hadolint reports DL1000 (its parse error) or exits with an error.
- buildkit: ``dockerfile.parse_string`` from PyPI ``dockerfile`` (BuildKit's parser compiled for Python).
- tally: ``tally lint`` exits 2 ("failed to lint ...: dockerfile parse error ...").
- dockeropt: ``dockeropt.syntax.parser.parse`` raises ``ParseError`` (it aims to fail where BuildKit fails).
A column is ``-`` where that tool is not installed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.tools import find_executable, line_count, list_inputs, measure, stage, tally_binary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

# (status, message): status is "ok", "fail" or "-" (tool missing).
Verdict = tuple[str, str]
MISSING: Verdict = ("-", "")


def _first_line(text: str) -> str:
    return " ".join(text.strip().split())[:200]


def hadolint_verdict(hadolint: str, path: Path) -> Verdict:
    run = measure([hadolint, "--no-fail", "-f", "json", str(path)], cwd=path.parent)
    try:
        results = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        return ("fail", _first_line(run.stderr or run.stdout))
    for item in results:
        if item.get("code") == "DL1000":
            return ("fail", f"line {item.get('line')}: {_first_line(item.get('message', ''))}")
    if run.code != 0:
        return ("fail", _first_line(run.stderr))
    return ("ok", "")


def tally_verdict(tally: str, staged: Path) -> Verdict:
    run = measure([tally, "lint", "--slow-checks", "off", "--no-config", "-f", "json", str(staged)], cwd=staged.parent)
    if run.code in (0, 1):
        return ("ok", "")
    return ("fail", _first_line((run.stderr or run.stdout).replace(str(staged), "Dockerfile")))


def buildkit_checker() -> Callable[[str], Verdict] | None:
    try:
        import dockerfile
    except ImportError:
        return None

    def check(text: str) -> Verdict:
        try:
            dockerfile.parse_string(text)
        except Exception as exc:  # GoParseError, or a decoding error from the Go side
            return ("fail", _first_line(str(exc)))
        return ("ok", "")

    return check


def dockeropt_checker() -> Callable[[str], Verdict] | None:
    try:
        from dockeropt.syntax.nodes import ParseError
        from dockeropt.syntax.parser import parse
    except ImportError:
        return None

    def check(text: str) -> Verdict:
        try:
            parse(text)
        except ParseError as exc:
            return ("fail", _first_line(str(exc)))
        return ("ok", "")

    return check


def parse_status(files: Sequence[Path], hadolint: str | None, tally: str | None, jobs: int = 2) -> list[dict[str, str]]:
    """One row per file: each tool's status and message (a tool given as None is left out)."""
    buildkit = buildkit_checker()
    ours = dockeropt_checker()
    rows: list[dict[str, str]] = [{"file": str(f), "lines": str(line_count(f))} for f in files]
    texts = [f.read_bytes().decode("utf-8", "replace") for f in files]
    for name, checker in (("buildkit", buildkit), ("dockeropt", ours)):
        for row, text in zip(rows, texts, strict=True):
            row[name], row[f"{name}_message"] = checker(text) if checker else MISSING
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(jobs) as pool:
        staged = stage(files, Path(tmp))
        hadolint_results = (
            list(pool.map(lambda p: hadolint_verdict(hadolint, p), staged)) if hadolint else [MISSING] * len(files)
        )
        tally_results = list(pool.map(lambda p: tally_verdict(tally, p), staged)) if tally else [MISSING] * len(files)
    for row, had, tal in zip(rows, hadolint_results, tally_results, strict=True):
        row["hadolint"], row["hadolint_message"] = had
        row["tally"], row["tally_message"] = tal
    return rows


COLUMNS = ("file", "lines", "hadolint", "buildkit", "tally", "dockeropt")


def to_tsv(rows: Sequence[dict[str, str]], base: Path) -> str:
    header = [*COLUMNS, *(f"{c}_message" for c in COLUMNS[2:])]
    lines = ["\t".join(header)]
    for row in rows:
        shown = dict(row, file=str(Path(row["file"]).relative_to(base)))
        lines.append("\t".join(shown[c].replace("\t", " ") for c in header))
    return "\n".join(lines) + "\n"


def summary(rows: Sequence[dict[str, str]]) -> str:
    parts = [f"{len(rows)} files"]
    for tool in COLUMNS[2:]:
        statuses = [r[tool] for r in rows]
        if "-" in statuses:
            parts.append(f"{tool}: not installed")
        else:
            parts.append(f"{tool}: {statuses.count('fail')} fail")
    return "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--out", type=Path, help="write the TSV here (default: stdout)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel hadolint/tally processes (default 2)")
    args = parser.parse_args(argv)
    files = list_inputs(args.directory)
    rows = parse_status(files, find_executable("hadolint"), tally_binary(), args.jobs)
    table = to_tsv(rows, args.directory)
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    else:
        sys.stdout.write(table)
    print(summary(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
