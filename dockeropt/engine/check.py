"""Run the rules on one Dockerfile: parse -> graph -> rules -> suppressions -> findings."""

from __future__ import annotations

import gc

from dockeropt.api.config import Config
from dockeropt.api.context import CheckContext
from dockeropt.api.finding import Finding, Impact, Severity
from dockeropt.api.rule import Category, ProjectReporter, Rule
from dockeropt.engine import suppress
from dockeropt.engine.registry import all_rules, lookup
from dockeropt.engine.selection import PARSE_ERROR_ID, keep_code, names_code, select_rules
from dockeropt.graph.model import Graph
from dockeropt.syntax.nodes import Dockerfile, ParseError
from dockeropt.syntax.parser import parse
from dockeropt.syntax.span import LineIndex

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from dockeropt.analysis.image_size import ImageSize, Leftover, Saving
    from dockeropt.analysis.memory import MemoryPicture
    from dockeropt.analysis.stages import StagePicture

__all__ = [
    "PARSE_ERROR_ID",
    "FileResult",
    "check_text",
    "parse_error_finding",
    "run_project_rules",
    "select_rules",
]


class FileResult:
    """What checking one file gives: its findings, and the tree and graph when it parsed; with
    ``estimate`` asked for, the image size and build memory estimates (plain data, kept when the
    tree is dropped), and ``saving`` once the fixes have been tried (``dockeropt.fix.saving``)."""

    __slots__ = (
        "findings",
        "graph",
        "image",
        "index",
        "input_error",
        "internal_errors",
        "memory",
        "note_rules",
        "notes",
        "path",
        "saving",
        "stages",
        "summaries",
        "suppressions",
        "text",
        "tree",
        "unknown_target",
    )

    def __init__(self, path: str, text: str | None) -> None:
        self.path = path
        self.text = text
        self.findings: list[Finding] = []
        self.tree: Dockerfile | None = None
        self.graph: Graph | None = None
        self.input_error = False
        # "internal error in rule X on FILE: ..." for each rule that crashed: the run fails (exit 2)
        self.internal_errors: list[str] = []
        self.suppressions: list[suppress.Suppression] = []
        self.index: LineIndex | None = None  # offsets -> positions, kept when the tree is dropped
        self.summaries: dict[str, object] = {}  # rule id -> what a cross-file rule keeps of this file
        self.image: ImageSize | None = None  # the shipped image's layers, estimated
        self.memory: MemoryPicture | None = None  # each RUN's estimated peak memory and the limit
        self.saving: Saving | None = None  # what the fixes would remove from ``image``
        self.stages: StagePicture | None = None  # the stages and their dependencies, for pictures
        self.unknown_target: list[str] | None = None  # the stage names, when the target is none of them
        self.notes: list[str] = []  # what the rules said about the check itself (--verbose)
        self.note_rules: dict[str, str] = {}  # note -> the id of the rule that said it


class Triggers:
    """What a file has that rules' triggers ask for (``Rule.trigger_instructions``, ``trigger_words``)."""

    __slots__ = ("_build_args", "_found", "_text", "kinds", "tree")

    def __init__(self, tree: Dockerfile, build_args: Mapping[str, str] | None = None) -> None:
        self.tree = tree
        self._build_args = build_args
        self.kinds = {inst.name for inst in tree.instructions}
        self.kinds.update(inst.sub.name for inst in tree.instructions if inst.sub is not None)
        self._text: str | None = None
        self._found: dict[str, bool] = {}  # word -> in the text (rules share words: each is looked for once)

    def text(self) -> str:
        """The file's text and the build arguments' values, lower case (made on first use)."""
        if self._text is None:
            values = "\n".join(self._build_args.values()) if self._build_args else ""
            self._text = f"{self.tree.text}\n{values}".lower()
        return self._text

    def could_concern(self, rule: Rule) -> bool:
        """False when the rule's triggers say it has nothing to report on this file. A cross-file
        rule always runs: its summary of a file is part of what it reports on all of them."""
        if rule.cross_file:
            return True
        if rule.trigger_instructions and self.kinds.isdisjoint(rule.trigger_instructions):
            return False
        return not rule.trigger_words or any(self.has_word(word) for word in rule.trigger_words)

    def has_word(self, word: str) -> bool:
        found = self._found.get(word)
        if found is None:
            found = self._found[word] = word in self.text()
        return found


def parse_error_finding(path: str, message: str, line: int, col: int, text: str | None) -> Finding:
    from dockeropt.syntax.span import Span

    if text is not None:
        index = LineIndex(text)
        line = max(1, min(line, len(index.line_starts)))
        start = index.line_start(line) + col - 1
        nl = text.find("\n", start)
        end = len(text) if nl < 0 else nl
        span = index.span(min(start, end), end)
    else:
        span = Span(line, col, line, col, 0, 0)
    return Finding(PARSE_ERROR_ID, "parse-error", Severity.ERROR, message, span, path=path)


def check_text(
    text: str,
    path: str = "",
    config: Config | None = None,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    context_dir: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    rules: Sequence[Rule] | None = None,
    warn_unused_ignores: bool = False,
    memory: str | None = None,
    extend_select: Sequence[str] = (),
    estimate: bool = False,
    pictures: bool = False,
    saving_only: bool = False,
) -> FileResult:
    """Check one Dockerfile's text: parse errors become DO001 findings, never exceptions.
    ``estimate``: also estimate the image's layers (``result.image``); ``pictures``: also each
    step's peak memory and the stages (``result.memory``, ``result.stages``); ``saving_only``: the
    estimate is wanted only to measure what the fixes save, so it is left out when no finding
    has a fix (the text report shows nothing else of it).

    A ``target`` the file has no stage of leaves the rules unrun: ``FileResult.unknown_target``
    then holds the stage names there are (the command line makes that a usage error)."""
    # The tree is many small objects that all live until the end of the check: the cyclic
    # garbage collector would scan them again and again (super-linear on big files) and
    # find nothing to free. It runs again as soon as the check is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_text(
            text,
            path,
            config,
            build_args,
            target,
            context_dir,
            select,
            ignore,
            rules,
            warn_unused_ignores,
            memory,
            extend_select,
            estimate,
            pictures,
            saving_only,
        )
    finally:
        if enabled:
            gc.enable()


def _check_text(
    text: str,
    path: str = "",
    config: Config | None = None,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    context_dir: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    rules: Sequence[Rule] | None = None,
    warn_unused_ignores: bool = False,
    memory: str | None = None,
    extend_select: Sequence[str] = (),
    estimate: bool = False,
    pictures: bool = False,
    saving_only: bool = False,
) -> FileResult:
    cfg = config or Config()
    result = FileResult(path, text)
    available = list(rules) if rules is not None else all_rules()
    ignores = [*cfg.ignore, *ignore, *cfg.ignores_for(path)] if path else [*cfg.ignore, *ignore]
    # --warn-unused-ignores turns the opt-in rule DO002 on
    unused = [suppress.UNUSED_IGNORE_ID] if warn_unused_ignores or cfg.warn_unused_ignores else []
    extended = [*cfg.extend_select, *extend_select, *unused]
    chosen = select_rules(available, select if select is not None else cfg.select, ignores, extended)
    try:
        tree = parse(text, path)
    except ParseError as err:
        result.findings.append(parse_error_finding(path, err.message, err.line, err.col, text))
        return result
    graph = Graph(tree, build_args, target)
    result.tree = tree
    result.index = tree.index
    result.graph = graph
    if target and graph.stages and graph.target is None:
        result.unknown_target = [s.name for s in graph.stages if s.name is not None]
        return result
    ctx = CheckContext(tree, graph, path, context_dir, cfg, memory)
    ctx.severity_overrides = _severity_overrides(cfg, available)
    triggers = Triggers(tree, build_args)
    for rule in chosen:
        if not triggers.could_concern(rule):
            continue  # it has nothing to say about this file: not even imported (a rule that ran)
        said = len(ctx.notes)
        try:
            rule.check(ctx)
            if rule.cross_file:
                summary = rule.summarize(ctx)
                if summary is not None:
                    result.summaries[rule.id] = summary
        except Exception as err:  # one broken rule must not hide the others' findings
            result.internal_errors.append(internal_error(rule.id, path, err))
        for note in ctx.notes[said:]:
            result.note_rules[note] = rule.id
    for rule_id, finish in ctx.finishers:
        said = len(ctx.notes)
        try:
            finish()
        except Exception as err:
            result.internal_errors.append(internal_error(rule_id, path, err))
        for note in ctx.notes[said:]:
            result.note_rules[note] = rule_id
    result.notes = ctx.notes
    wanted = _keep_codes(ctx.findings, chosen, select if select is not None else cfg.select, ignores, extended)
    table = lookup(available)
    sups = suppress.collect(tree, graph)
    findings = suppress.apply(wanted, sups, table)
    result.suppressions = sups
    if any(r.id == suppress.UNUSED_IGNORE_ID for r in chosen):
        findings.extend(suppress.unused_findings(sups, table, {r.id for r in chosen}, path))
    if any(r.id == suppress.UNKNOWN_IGNORE_ID for r in chosen):
        findings.extend(suppress.unknown_findings(sups, table, available, tree, path))
        findings.extend(suppress.malformed_findings(tree, path))
    findings.sort(key=Finding.sort_key)
    result.findings = findings
    if saving_only and not any(f.fix is not None and f.fix.edits for f in findings):
        estimate = False  # nothing to fix, nothing saved (fix.saving asks the same of the findings)
    if estimate or pictures:
        from dockeropt.analysis.image_size import estimate_image
        from dockeropt.analysis.memory import memory_picture
        from dockeropt.analysis.stages import stage_picture

        try:
            if estimate:
                result.image = estimate_image(ctx, leftovers(findings, table))
            if pictures:
                result.memory = memory_picture(ctx)
                result.stages = stage_picture(graph)
        except Exception as err:  # reported like a rule's crash; the findings stay
            result.image = result.memory = result.stages = None
            where = f" of {path}" if path else ""
            result.internal_errors.append(f"internal error estimating the image{where}: {type(err).__name__}: {err}")
    return result


def leftovers(findings: Sequence[Finding], table: Mapping[str, Rule]) -> list[Leftover]:
    """The bytes findings say a step leaves in its layer beyond what it is meant to add: the
    estimates of bloat findings (package lists, caches, upgrades) and of findings whose fix
    declares it removes paths (pip's cache of heavy wheels). Bloat findings without an estimate
    mark their layer (``high`` 0)."""
    from dockeropt.analysis.image_size import Leftover

    out = []
    for finding in findings:
        impact = finding.impact
        rule = table.get(finding.rule_id.lower())
        bloat = rule is not None and rule.category == Category.BLOAT
        if impact is None or not impact.bytes_high:
            if bloat:
                label = f"{finding.name} ({finding.rule_id})"
                out.append(Leftover(finding.span.start, 0, 0, label, finding.rule_id, _layer_line(impact)))
            continue
        removes_paths = finding.fix is not None and any(c.startswith("/") for c in finding.fix.changes)
        if not removes_paths and not bloat:
            continue
        low = impact.bytes_low if impact.bytes_low is not None else impact.bytes_high
        label = f"{finding.name} ({finding.rule_id})"
        out.append(Leftover(finding.span.start, low, impact.bytes_high, label, finding.rule_id, impact.layer_line))
    return out


def _layer_line(impact: Impact | None) -> int | None:
    return impact.layer_line if impact is not None else None


def _keep_codes(
    findings: list[Finding],
    chosen: Sequence[Rule],
    select: Sequence[str] | None,
    ignore: Sequence[str],
    extend_select: Sequence[str],
) -> list[Finding]:
    """Findings of rules that report another tool's codes, filtered by those codes."""
    families = {r.id: r for r in chosen if r.code_prefix}
    if not families:
        return findings
    by_name = {r.name: r for r in families.values()}
    out = []
    for f in findings:
        rule = by_name.get(f.name) if f.rule_id not in families else None
        if rule is None or keep_code(rule, f.rule_id, None if select is None else [*select, *extend_select], ignore):
            out.append(f)
    return out


def internal_error(rule_id: str, path: str, err: BaseException) -> str:
    """The one line that says a rule crashed: which rule, on which file, with what."""
    where = f" on {path}" if path else ""
    detail = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    return f"internal error in rule {rule_id}{where}: {detail}"


def _severity_overrides(cfg: Config, rules: Sequence[Rule]) -> dict[str, str]:
    if not cfg.severity:
        return {}
    table = lookup(list(rules))
    out: dict[str, str] = {}
    families = [r for r in rules if r.code_prefix]
    for key, sev in cfg.severity.items():
        rule = table.get(key.lower())
        if rule is not None:
            out[rule.id] = sev
        elif any(names_code(r, key) for r in families):
            out[key.upper()] = sev  # a code such as SC2086
    return out


def run_project_rules(results: Sequence[FileResult], rules: Sequence[Rule] | None = None) -> None:
    """Run the cross-file rules over every file's summary; add their findings to the files."""
    available = list(rules) if rules is not None else all_rules()
    table = lookup(available)
    by_path = {r.path: r for r in results}
    for rule in available:
        if not rule.cross_file:
            continue
        summaries = [(r.path, r.summaries[rule.id]) for r in results if rule.id in r.summaries]
        if not summaries:
            continue
        reporter = ProjectReporter()
        try:
            rule.check_project(summaries, reporter)
        except Exception as err:
            problem = internal_error(rule.id, "", err)
            for result in results:
                if rule.id in result.summaries:
                    result.internal_errors.append(problem)
                    break
            continue
        for finding in reporter.findings:
            target = by_path.get(finding.path)
            if target is None:
                continue
            target.findings.extend(suppress.apply([finding], target.suppressions, table))
            target.findings.sort(key=Finding.sort_key)
