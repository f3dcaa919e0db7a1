"""DO501 heavy-install-cache: heavy ML packages installed with pip's cache on."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_dirs, no_cache_flag
from dockeropt.analysis.installs import heavy_installs
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.edits import insert_after_word
from dockeropt.api.finding import Fix, Impact, Severity
from dockeropt.knowledge.heavy import table_source, total
from dockeropt.units import format_memory_range, format_size_range


class HeavyInstallCache(Rule):
    id = "DO501"
    name = "heavy-install-cache"
    category = Category.ML
    severity = Severity.WARNING
    summary = "Heavy ML packages installed with pip's cache on: gigabytes stay in the layer and pip may be OOM-killed"
    aliases = ("DL3042",)  # hadolint's pip-cache rule reports these installs too
    fixable = True
    docs = """
PyTorch, TensorFlow, JAX with CUDA, xgboost, the NVIDIA CUDA/cuDNN wheels and similar packages
are hundreds of megabytes to several gigabytes. With pip's cache on (the default), pip
1. keeps every downloaded wheel in `/root/.cache/pip`, so the layer holds the packages twice;
2. buffers each cached download in memory: `pip install torch` then needs roughly the size of the
   largest wheel in RAM on top of everything else, and gets killed on 1-4 GB CI runners
   (`Killed`, `MemoryError`, Bitbucket's `Container 'docker' exceeded memory limit`).

dockeropt reads the packages from the command line and from the requirements files it names
(when they are in the build context), and states its estimate: downloads, installed size and
pip's peak memory, from its data table (docs/knowledge.md, with the day the figures were read).

**Fix** (safe): `pip install --no-cache-dir …`, `ENV PIP_NO_CACHE_DIR=1`, or keep the cache
outside the image and across builds: `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.

It answers to hadolint's DL3042 as well (pip without `--no-cache-dir`): [DO204](DO204.md) reports
the other pip installs, this rule the heavy ones, with their sizes.
"""
    bad_example = """\
FROM python:3.11-slim
RUN pip install torch==2.3.1 torchvision==0.18.1
"""
    good_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1 torchvision==0.18.1
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("pip", "uv", "conda", "mamba")

    def check(self, ctx: CheckContext) -> None:
        for found in heavy_installs(ctx):
            if not found.cache_on:
                continue
            if not found.downloads_wheels:
                continue  # no sizes to give: built from source (DO504's concern); DO204 reports the cache
            download = total(found.packages, "download")
            peak = total(found.packages, "peak")
            peak_off = total(found.packages, "peak_no_cache")
            option = no_cache_flag(found.op.manager)
            edit = insert_after_word(found.rs, found.op.subcommand_word, option)
            changes = tuple(f"{d}/*" for d in cache_dirs(found.op.manager, "install"))
            fix = Fix([edit], f"add {option}", changes=changes) if edit else None
            where = f" (from {', '.join(sorted(set(found.from_files)))})" if found.from_files else ""
            ctx.report(
                self,
                found.rs.command_span(found.op.command),
                f"{', '.join(found.names)}{where}: ~{format_size_range(*download)} of wheels are kept in pip's cache "
                f"in this layer, and pip buffers them in memory (peak ~{format_memory_range(*peak)}, "
                f"~{format_memory_range(*peak_off)} with {option})",
                fix,
                Impact(
                    bytes_low=download[0],
                    bytes_high=download[1],
                    memory_low=peak[0],
                    memory_high=peak[1],
                    source=table_source(),
                ),
            )
