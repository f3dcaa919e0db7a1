"""DO305 too-many-layers: an image with a very high number of layers."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Impact, Rule, Severity

THRESHOLD = 40
_LAYER = frozenset({"RUN", "COPY", "ADD"})


class TooManyLayers(Rule):
    id = "DO305"
    name = "too-many-layers"
    category = Category.CACHE
    severity = Severity.INFO
    summary = "The final image has more than 40 layers of its own"
    docs = """
Every RUN, COPY and ADD adds a layer. Dozens of layers make pulls slower (each is fetched and
unpacked on its own), every filesystem lookup walks more layers, and overlayfs stops at 127
layers in total, base image included.

**Fix**: merge RUNs that belong together (see DO301), copy related files in one COPY, and move
build steps into a builder stage whose layers are not shipped.
"""
    bad_example = "FROM alpine:3.20\n" + "".join(f"RUN touch /step{i}\n" for i in range(41))
    good_example = "FROM alpine:3.20\nRUN for i in $(seq 0 40); do touch /step$i; done\n"

    trigger_instructions = ("RUN", "COPY", "ADD")

    def check(self, ctx: CheckContext) -> None:
        target = ctx.graph.target
        if target is None:
            return
        layers = [i for s in ctx.graph.shipped_stages() for i in s.instructions if i.name in _LAYER]
        if len(layers) > THRESHOLD:
            ctx.report(
                self,
                target.from_inst.span,
                f"the final image adds {len(layers)} layers of its own (more than {THRESHOLD}); "
                "merge related steps or build in a stage that is not shipped",
                impact=Impact(layers=len(layers) - THRESHOLD),
            )
