"""DO204 pip-cache-left: pip install keeps downloaded wheels in the layer."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of, no_cache_flag
from dockeropt.analysis.installs import heavy_installs
from dockeropt.analysis.stages import UNSHIPPED_NOTE
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import insert_after_word


class PipCacheLeft(Rule):
    id = "DO204"
    name = "pip-cache-left"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "pip install without --no-cache-dir stores every downloaded wheel in the layer"
    aliases = ("DL3042",)
    fixable = True
    docs = """
pip caches every wheel it downloads in `~/.cache/pip` (`/root/.cache/pip` for root). In an
image build that cache is written into the layer and shipped: the installed packages are then
stored twice. For large wheels (PyTorch, TensorFlow, CUDA libraries) that is gigabytes, and
pip also holds the wheel while it installs, which pushes small CI runners out of memory.

**Fix** (safe): add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or keep the cache between
builds outside the image with `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.
`uv pip install` keeps its own cache: use `--no-cache` or a cache mount on `/root/.cache/uv`.

Stages the final image does not ship (builders, test stages) are reported too, as information:
their layers cost build time and cache space, not image size.
"""
    bad_example = """\
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
"""
    good_example = """\
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("pip", "uv")

    def check(self, ctx: CheckContext) -> None:
        for found in ctx.all_package_ops(("pip", "uv"), "install"):
            rs, op = found.rs, found.op
            caches = caches_of(op.manager, "install")
            if cache_kept_out(ctx, rs, op, caches):
                continue
            if any(h.op is op and h.downloads_wheels for h in heavy_installs(ctx)):
                continue  # DO501 reports heavy ML installs, with their sizes
            if not op.packages and not op.files:
                continue
            option, cache = no_cache_flag(op.manager), caches[0].root
            edit = insert_after_word(rs, op.subcommand_word, option)
            fix = Fix([edit], f"add {option}", changes=(f"{cache}/*",)) if edit else None
            what = ", ".join(p.name for p in op.packages[:3]) or ", ".join(op.files)
            shipped = ctx.graph.ships(found.inst)
            ctx.report(
                self,
                rs.command_span(op.command),
                f"pip install ({what}) without {option} leaves the downloaded wheels in {cache} in this layer"
                + ("" if shipped else UNSHIPPED_NOTE),
                fix,
                Impact(rebuild="the wheels are stored twice: as the cache and installed", source="pip docs")
                if shipped
                else None,
                severity=None if shipped else Severity.INFO,
            )
