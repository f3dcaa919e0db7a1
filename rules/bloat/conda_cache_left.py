"""DO207 conda-cache-left: conda / mamba / micromamba package caches left in the layer."""

from __future__ import annotations

from dockeropt.analysis.runs import has_cache_mount
from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import append_command


class CondaCacheLeft(Rule):
    id = "DO207"
    name = "conda-cache-left"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "conda/mamba install without `clean --all` keeps every downloaded package tarball"
    fixable = True
    docs = """
conda and mamba keep the downloaded package archives *and* their extracted copies in
`<prefix>/pkgs`. For a scientific stack (numpy, scipy, pytorch from conda-forge) that is
0.5–3 GB of the layer, on top of the environment itself.

**Fix** (safe): append `&& conda clean --all --yes` (`mamba clean --all --yes`,
`micromamba clean --all --yes`) to the RUN, or mount `/opt/conda/pkgs` as a cache.
"""
    bad_example = """\
FROM continuumio/miniconda3:24.7.1-0
COPY environment.yml .
RUN conda env create -f environment.yml
"""
    good_example = """\
FROM continuumio/miniconda3:24.7.1-0
COPY environment.yml .
RUN conda env create -f environment.yml && conda clean --all --yes
"""

    def check(self, ctx: CheckContext) -> None:
        for rs in ctx.shipped_scripts():
            if has_cache_mount(rs.inst, "/opt/conda/pkgs", "/root/.conda/pkgs", "/root/micromamba/pkgs"):
                continue
            if rs.script.package_ops("conda", "clean") or rs.script.removes("/opt/conda/pkgs"):
                continue
            ops = rs.script.package_ops("conda", "install")
            if not ops:
                continue
            tool = ops[0].command.name
            words = [w.text for w in ops[0].command.argv[1:] if not w.text.startswith("-")]
            verb = " ".join(words[:2]) if ops[0].subcommand == "env" else ops[0].subcommand
            clean = f"{tool} clean --all --yes"
            edit = append_command(rs, clean)
            fix = Fix([edit], f"append {clean}", changes=("/opt/conda/pkgs/*",)) if edit else None
            ctx.report(
                self,
                rs.command_span(ops[0].command),
                f"{tool} {verb} keeps the downloaded packages in pkgs/ in this layer; append `{clean}`",
                fix,
                Impact(bytes_low=200_000_000, bytes_high=3_000_000_000, source="conda pkgs cache of a SciPy stack"),
            )
