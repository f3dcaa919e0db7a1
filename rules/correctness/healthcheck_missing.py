"""DO126 healthcheck-missing: the final image has no HEALTHCHECK (opt-in)."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class HealthcheckMissing(Rule):
    id = "DO126"
    name = "healthcheck-missing"
    category = Category.CORRECTNESS
    severity = Severity.INFO
    summary = "The final image has no HEALTHCHECK"
    aliases = ("DL3057",)
    opt_in = True
    docs = """
Without a `HEALTHCHECK`, Docker and Compose only know whether the main process is running, not
whether it answers: a server stuck in a deadlock or a failed database connection stays
"healthy", `depends_on: condition: service_healthy` cannot work, and Swarm does not replace it.

Off by default: Kubernetes ignores `HEALTHCHECK` (it uses its own probes), and images meant as
bases or tools do not need one. Select it for services run by Docker, Compose or Swarm. Only
the final image is checked, including a HEALTHCHECK it inherits from a stage of the same file;
`HEALTHCHECK NONE` counts as a deliberate choice.
"""
    bad_example = """\
FROM nginx:1.27-alpine
COPY site/ /usr/share/nginx/html/
"""
    good_example = """\
FROM nginx:1.27-alpine
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://localhost/ || exit 1
"""

    def check(self, ctx: CheckContext) -> None:
        shipped = ctx.graph.shipped_stages()
        if not shipped:
            return
        if any(i.name == "HEALTHCHECK" for stage in shipped for i in stage.instructions):
            return
        target = shipped[0]
        ctx.report(
            self,
            target.from_inst.keyword_span,
            f"the final image (stage {target.display}) has no HEALTHCHECK: Docker and Compose only see whether the "
            "process runs, not whether it answers, so a hung service stays 'healthy'",
        )
