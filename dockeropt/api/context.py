"""What a rule sees of one Dockerfile, and where it reports: :class:`CheckContext`."""

from __future__ import annotations

from dockeropt.analysis.facts import Facts
from dockeropt.api.config import Config
from dockeropt.api.finding import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

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

    def report(
        self,
        rule: Rule,
        span: Span,
        message: str,
        fix: Fix | None = None,
        impact: Impact | None = None,
        severity: str | None = None,
    ) -> Finding:
        sev = self.severity_overrides.get(rule.id) or severity or rule.severity
        finding = Finding(rule.id, rule.name, sev, message, span, fix, impact, self.path)
        self.findings.append(finding)
        return finding

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)
