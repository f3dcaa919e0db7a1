"""What a rule sees of one Dockerfile, and where it reports: :class:`CheckContext`."""

from __future__ import annotations

from dockeropt.analysis.facts import Facts
from dockeropt.api.config import Config
from dockeropt.api.finding import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from dockeropt.api.finding import Fix, Impact
    from dockeropt.api.rule import Rule
    from dockeropt.graph.model import Graph
    from dockeropt.syntax.nodes import Dockerfile
    from dockeropt.syntax.span import Span


class CheckContext(Facts):
    """One Dockerfile, the facts about it (see :class:`~dockeropt.analysis.facts.Facts`: its tree,
    graph, RUN scripts, build context, memory limit), the configuration, and the findings so far.

    ``context_dir`` is the build context directory (default: the Dockerfile's folder), ``None`` for
    text with no file behind it (editors).
    """

    def __init__(
        self,
        dockerfile: Dockerfile,
        graph: Graph,
        path: str = "",
        context_dir: str | None = None,
        config: Config | None = None,
        memory: str | None = None,
    ) -> None:
        cfg = config or Config()
        super().__init__(dockerfile, graph, path, context_dir, memory, cfg.memory)
        self.config = cfg
        self.findings: list[Finding] = []
        # severity overrides per rule id, set by the runner from the configuration
        self.severity_overrides: dict[str, str] = {}
        # what the user may want to know about the check itself (``--verbose``), e.g. a missing tool
        self.notes: list[str] = []
        # (rule id, finish) for rules that started outside work (a process) and report at the end
        self.finishers: list[tuple[str, Callable[[], None]]] = []

    def report(
        self,
        rule: Rule,
        span: Span,
        message: str,
        fix: Fix | None = None,
        impact: Impact | None = None,
        severity: str | None = None,
        code: str | None = None,
    ) -> Finding:
        """Report a finding of ``rule``; a rule that reports another tool's codes (``code_prefix``)
        gives the finding's ``code``, e.g. ``SC2086``."""
        rule_id = code or rule.id
        sev = self.severity_overrides.get(rule_id) or self.severity_overrides.get(rule.id) or severity or rule.severity
        finding = Finding(rule_id, rule.name, sev, message, span, fix, impact, self.path)
        self.findings.append(finding)
        return finding

    def note(self, text: str) -> None:
        """Something about the check, not the file (shown with ``--verbose``), said once per run."""
        if text not in self.notes:
            self.notes.append(text)

    def finish_later(self, rule: Rule, finish: Callable[[], None]) -> None:
        """Call ``finish`` after every other rule has run. A rule that starts another program (ShellCheck)
        reports its answer from there, so the program works while the other rules do."""
        self.finishers.append((rule.id, finish))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)
