"""DO208 removed-in-later-layer: deleting files in a later RUN does not shrink the image."""

from __future__ import annotations

from dockeropt.analysis.layers import LayerWrites, normalize_path
from dockeropt.api import Category, CheckContext, Impact, Rule, Severity


class RemovedInLaterLayer(Rule):
    id = "DO208"
    name = "removed-in-later-layer"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "Files are deleted in a later layer than the one that wrote them: the image does not shrink"
    docs = """
Every RUN, COPY and ADD adds a layer, and layers only ever add: `rm` in a later RUN records a
"whiteout" that hides the files, while their bytes stay in the earlier layer and are pulled,
stored and scanned with the image. Caches, downloaded archives, build trees and copied
sources deleted "afterwards" are the most common cause of images several times larger than
what they contain.

**Fix**: delete in the same RUN that writes (`… && rm -rf /tmp/build`), avoid writing at all
(`--no-cache-dir`, `--no-cache`, cache mounts, `RUN --mount=type=bind` for files needed only
during the build), or do the work in a builder stage and copy only the result.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/tool.tar.gz && tar -xzf /tmp/tool.tar.gz -C /opt
RUN rm -rf /var/lib/apt/lists/* /tmp/tool.tar.gz
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl \\
    && curl -fsSLo /tmp/tool.tar.gz https://example.com/tool.tar.gz \\
    && tar -xzf /tmp/tool.tar.gz -C /opt \\
    && rm -rf /var/lib/apt/lists/* /tmp/tool.tar.gz
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("rm",)

    def check(self, ctx: CheckContext) -> None:
        writes = LayerWrites(ctx)
        for stage in reversed(ctx.graph.shipped_stages()):
            for inst in stage.instructions:
                if inst.name == "RUN":
                    workdir = ctx.graph.state(inst).workdir
                    for rs in ctx.run_scripts(inst):
                        extracted = {normalize_path(e, workdir) for e in writes.extracted_archives(rs)}
                        for cmd in rs.script.find("rm"):
                            for word in cmd.args:
                                if word.text.startswith("-") or not word.literal:
                                    continue
                                path = normalize_path(word.text, workdir)
                                if path in extracted:
                                    continue  # an archive extracted here too: DO209 reports it
                                writer = writes.find_writer(path, inst)
                                if writer is None:
                                    continue
                                ctx.report(
                                    self,
                                    rs.span(word.start, word.end),
                                    f"removing {word.text} here does not shrink the image: "
                                    f"{writer.what} (line {writer.line}) wrote it to an earlier layer; "
                                    "delete it in that same RUN",
                                    impact=Impact(rebuild=f"the bytes stay in the layer of line {writer.line}"),
                                )
                writes.record(inst)
