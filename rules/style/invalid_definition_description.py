"""DO117 invalid-definition-description: a comment above FROM … AS / ARG not naming what it describes."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction

# Comments that are instructions to tools, not descriptions.
_PRAGMA = lazy_compile(r"(?i)(?:hadolint\b|dockeropt\s*:|check\s*=|syntax\s*=|escape\s*=|tally\b|checkov:|trivy:)")


class InvalidDefinitionDescription(Rule):
    id = "DO117"
    name = "invalid-definition-description"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "A comment right above a stage or ARG should start with its name"
    aliases = ("InvalidDefinitionDescription",)
    opt_in = True
    docs = """
`docker buildx build --call=outline` and `--call=targets` list a Dockerfile's build arguments
and stages with descriptions taken from the comment directly above each `ARG` and
`FROM … AS name`, when that comment starts with the name:

    # VERSION is the release to package
    ARG VERSION=1.4.2

A comment directly above that does not start with the name is shown as nothing, and is often a
description meant for the outline. Start it with the name, or separate it from the instruction
with an empty line. This is one of BuildKit's experimental checks; off by default.
"""
    bad_example = """\
# the release to package
ARG VERSION=1.4.2
"""
    good_example = """\
# VERSION is the release to package
ARG VERSION=1.4.2
"""

    def check(self, ctx: CheckContext) -> None:
        tree = ctx.dockerfile
        for inst in tree.instructions:
            names = self._defined_names(inst)
            if not names:
                continue
            comments = [c for c in tree.preceding_comments(inst) if not _PRAGMA.match(c.content)]
            if not comments:
                continue
            last = comments[-1]
            if last.content.split(" ")[0] in names:
                continue
            example = names[0] if len(names) == 1 else "<arg_key>"
            what = "ARG" if inst.name == "ARG" else "stage"
            ctx.report(
                self,
                inst.keyword_span,
                f"the comment on line {last.line} is not a description `# {example} <description>` for this "
                f"{what}: `docker build --call=outline` shows none; start it with the name or add an empty line",
            )

    @staticmethod
    def _defined_names(inst: Instruction) -> list[str]:
        if inst.name == "ARG":
            return [kv.key for kv in inst.pairs]
        if inst.name == "FROM" and len(inst.args) == 3 and inst.args[1].value.lower() == "as":
            return [inst.args[2].value.lower()]
        return []
