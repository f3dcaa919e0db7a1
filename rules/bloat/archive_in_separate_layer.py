"""DO209 archive-in-separate-layer: an archive is downloaded or copied in one layer and unpacked in another."""

from __future__ import annotations

from dockeropt.analysis.layers import LayerWrites, command_path
from dockeropt.api import Category, CheckContext, Impact, Rule, Severity
from dockeropt.shell.packages import ARCHIVE_SUFFIXES


class ArchiveInSeparateLayer(Rule):
    id = "DO209"
    name = "archive-in-separate-layer"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "An archive stays in the image: it is fetched or copied in one layer and unpacked in another"
    aliases = ("DL3010",)
    docs = """
When an archive is downloaded (`curl -o`, `wget`, `ADD https://…/tool.tar.gz`: ADD does not
unpack a remote archive) or copied (`COPY tool.tar.gz`) in one instruction and unpacked in a later
RUN (paths are followed through the RUN's `cd`), the archive itself stays in the earlier layer, even if
the later RUN deletes it: the image carries the compressed *and* the unpacked bytes.

**Fix**: download, unpack and delete in one RUN (`curl … | tar -xz -C /opt`, or
`curl -o /tmp/x.tgz … && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz`); for a local archive,
let `ADD` unpack it (`ADD tool.tar.gz /opt/`) or bind-mount it for the RUN that unpacks it
(`RUN --mount=type=bind,source=tool.tar.gz,target=/tmp/tool.tar.gz tar -xzf /tmp/tool.tar.gz -C /opt`).
"""
    bad_example = """\
FROM debian:12-slim
COPY jdk-21.tar.gz /tmp/
RUN tar -xzf /tmp/jdk-21.tar.gz -C /opt && rm /tmp/jdk-21.tar.gz
"""
    good_example = """\
FROM debian:12-slim
RUN --mount=type=bind,source=jdk-21.tar.gz,target=/tmp/jdk-21.tar.gz \\
    tar -xzf /tmp/jdk-21.tar.gz -C /opt
"""

    trigger_instructions = ("RUN",)

    def check(self, ctx: CheckContext) -> None:
        writes = LayerWrites(ctx)
        for stage in reversed(ctx.graph.shipped_stages()):
            for inst in stage.instructions:
                if inst.name == "RUN":
                    workdir = ctx.graph.state(inst).workdir
                    for rs in ctx.run_scripts(inst):
                        for ex in rs.script.extractions:
                            if not ex.archive.lower().endswith(ARCHIVE_SUFFIXES):
                                continue
                            path = command_path(ex.archive, ex.command, workdir)
                            if path is None:
                                continue
                            writer = writes.find_container(path, inst)
                            if writer is None:
                                continue
                            ctx.report(
                                self,
                                rs.command_span(ex.command),
                                f"{ex.archive} was written by {writer.what} (line {writer.line}) and is unpacked "
                                "here: the archive stays in that earlier layer; fetch, unpack and delete it in one RUN",
                                impact=Impact(rebuild=f"the archive's bytes stay in the layer of line {writer.line}"),
                            )
                writes.record(inst)
