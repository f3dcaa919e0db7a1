"""DO112 multiple-instructions-disallowed: several CMD, ENTRYPOINT or HEALTHCHECK in one stage."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction

_ONCE = ("CMD", "ENTRYPOINT", "HEALTHCHECK")


class MultipleInstructionsDisallowed(Rule):
    id = "DO112"
    name = "multiple-instructions-disallowed"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect"
    aliases = ("MultipleInstructionsDisallowed", "DL4003", "DL4004", "DL3012")
    docs = """
A stage has one `CMD`, one `ENTRYPOINT` and one `HEALTHCHECK`: each new one replaces the
previous one. An earlier one does nothing, yet reads as if it ran (a common leftover is
`CMD ["nginx"]` followed by `CMD ["/start.sh"]`, or two `ENTRYPOINT`s meant to run one after
the other). dockeropt points at the instruction that is ignored, as BuildKit does.

Delete the one that has no effect, or, to run two commands, use a script as the single
`ENTRYPOINT`.
"""
    bad_example = """\
FROM nginx:1.27-alpine
CMD ["nginx", "-g", "daemon off;"]
COPY start.sh /start.sh
CMD ["/start.sh"]
"""
    good_example = """\
FROM nginx:1.27-alpine
COPY start.sh /start.sh
CMD ["/start.sh"]
"""

    trigger_instructions = ("CMD", "ENTRYPOINT", "HEALTHCHECK")

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            last: dict[str, Instruction] = {}
            for inst in stage.instructions:
                if inst.name not in _ONCE:
                    continue
                previous = last.get(inst.name)
                if previous is not None:
                    ctx.report(
                        self,
                        previous.keyword_span,
                        f"this {previous.cmd} has no effect: the {inst.cmd} on line {inst.start_line} replaces it "
                        "(a stage keeps only its last one)",
                    )
                last[inst.name] = inst
