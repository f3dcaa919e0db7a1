"""DO207 conda-cache-left: conda / mamba / micromamba package caches left in the layer."""

from __future__ import annotations

from dockeropt.analysis.caches import cache_kept_out, caches_of, clean_command
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

    trigger_instructions = ("RUN",)
    trigger_words = ("conda", "mamba")

    def check(self, ctx: CheckContext) -> None:
        caches = caches_of("conda", "install")
        for rs in ctx.shipped_scripts():
            ops = rs.script.package_ops("conda", "install")
            if not ops or cache_kept_out(ctx, rs, ops[0], caches):
                continue
            tool, verb = ops[0].command.name, ops[0].verb
            clean = tool + " " + clean_command("conda").split(" ", 1)[1]  # mamba/micromamba take the same
            edit = append_command(rs, clean)
            fix = Fix([edit], f"append {clean}", changes=(caches[0].root + "/*",)) if edit else None
            ctx.report(
                self,
                rs.command_span(ops[0].command),
                f"{tool} {verb} keeps the downloaded packages in pkgs/ in this layer; append `{clean}`",
                fix,
                Impact(bytes_low=200_000_000, bytes_high=3_000_000_000, source="conda pkgs cache of a SciPy stack"),
            )
