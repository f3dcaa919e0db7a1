"""DO502 cuda-wheels-without-gpu: CUDA builds pulled into an image whose base has no GPU runtime."""

from __future__ import annotations

from dockeropt.analysis.installs import HeavyInstall, heavy_installs
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.edits import insert_after_word
from dockeropt.api.finding import Fix, Impact, Severity
from dockeropt.knowledge.heavy import base_has_cuda, gpu_only, table_source, total
from dockeropt.units import format_size_range

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
_TORCH_FAMILY = frozenset({"torch", "torchvision", "torchaudio"})
# pip and uv read these from the environment as the (extra) index or a links page to search.
_INDEX_ENV = (
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_FIND_LINKS",
    "UV_INDEX_URL",
    "UV_EXTRA_INDEX_URL",
    "UV_DEFAULT_INDEX",
    "UV_INDEX",
    "UV_FIND_LINKS",
)


def _chosen_indexes(ctx: CheckContext, found: HeavyInstall) -> list[str]:
    """Every index or links page the install searches besides PyPI: options, requirement-file
    options, and the environment (the RUN's own assignments, ENV and ARG in force)."""
    op = found.op
    urls = [*found.index_urls, *op.args.values("-f", "--find-links")]
    state = ctx.graph.state(found.inst)
    for name in _INDEX_ENV:
        value = op.command.assignments.get(name) or state.env.get(name) or state.args.get(name)
        if value:
            urls.append(value)
    return urls


def _explicit_build(found: HeavyInstall) -> bool:
    """A version with a local label names the build (``torch==2.3.1+cpu``, ``+cu121``)."""
    return any("+" in (p.version or "") for p in found.op.packages if p.name in _TORCH_FAMILY)


class CudaWheelsWithoutGpu(Rule):
    id = "DO502"
    name = "cuda-wheels-without-gpu"
    category = Category.ML
    severity = Severity.WARNING
    summary = "PyPI's default torch (and xgboost, vllm …) pull gigabytes of CUDA libraries into a CPU-only image"
    fixable = True
    docs = f"""
On Linux x86_64, `pip install torch` from PyPI installs the CUDA build: torch plus the NVIDIA
CUDA/cuDNN/NCCL wheels and triton, about 2.5-3.6 GB to download and 4.5-7 GB installed. In an
image built on a base without a GPU runtime (`python:3.12-slim`, `debian`, `ubuntu` …) none of it
can be used; the CPU wheels are about 200 MB.

**Fix**: install from PyTorch's CPU index, `pip install --index-url {CPU_INDEX} torch …`
(marked unsafe: the image then has the CPU build, which is the point). dockeropt adds the option
only to a pip/uv command that installs nothing but torch, torchvision and torchaudio (the index
replaces PyPI for the whole command); otherwise it reports without a rewrite. For xgboost use
`xgboost-cpu`, for TensorFlow `tensorflow-cpu`. If the image *does* run on GPUs, start from a CUDA
base (`nvidia/cuda:*-runtime`, `pytorch/pytorch:*-cuda*`) so the intent is explicit. Figures:
dockeropt's heavy-package table (docs/knowledge.md).

An install that names a GPU-only package (triton, bitsandbytes, vllm, nvidia-* …) is not reported:
the image is meant for a GPU host. A build stage whose result the final image copies is judged
by the final image's base.
Only pip and uv are checked: conda chooses the CPU or CUDA build itself (`cpuonly`,
`pytorch-cuda`, the `__cuda` virtual package of the build machine). An index, extra index or links
page of PyTorch or NVIDIA (options, requirement files, `PIP_*`/`UV_*` environment variables) or a
local version label (`torch==2.3.1+cpu`) is a deliberate choice and is left alone.
"""
    bad_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir torch==2.3.1
"""
    good_example = """\
FROM python:3.11-slim
RUN pip install --no-cache-dir --index-url https://download.pytorch.org/whl/cpu torch==2.3.1
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("pip", "uv", "conda", "mamba")

    @staticmethod
    def _can_fix(found: HeavyInstall) -> bool:
        """``--index-url`` replaces PyPI for the whole command: only when every package it names is
        on PyTorch's CPU index (the torch family), none comes from a file, and no index is set."""
        op = found.op
        return (
            bool(op.packages)
            and all(p.kind == "name" and p.is_literal and p.name in _TORCH_FAMILY for p in op.packages)
            and not op.files
            and not found.from_files
            and not found.index_urls
        )

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for found in heavy_installs(ctx):
            if found.op.manager not in ("pip", "uv"):
                continue  # conda resolves CPU or CUDA builds itself (cpuonly, pytorch-cuda, __cuda)
            stage = graph.stage(found.inst)
            if stage is None:
                continue
            bases = [s.base_resolved for s in graph.shipped_stages(stage)]
            if not graph.ships(found.inst):
                # a build stage: what it installs is for the image that copies it, the final one
                bases += [s.base_resolved for s in graph.shipped_stages()]
            if any(base_has_cuda(b) for b in bases) or any(base_has_cuda(b) for b in [stage.base_resolved]):
                continue
            if any("download.pytorch.org" in url or "nvidia" in url for url in _chosen_indexes(ctx, found)):
                continue  # an explicit choice of build (cpu, cuXXX, rocm): the user decided
            if _explicit_build(found):
                continue
            if any(gpu_only(p.name) for p in found.packages if p.cuda):
                continue  # it names a GPU-only package: the image is meant for GPUs
            cuda = [p for p in found.packages if p.cuda]
            if not cuda:
                continue
            download = total(cuda, "download")
            fix = None
            if self._can_fix(found):
                edit = insert_after_word(found.rs, found.op.subcommand_word, f"--index-url {CPU_INDEX}")
                if edit is not None:
                    fix = Fix([edit], "install the CPU build from PyTorch's CPU index", safe=False)
            alternatives = sorted({p.cpu_alternative for p in cuda if p.cpu_alternative})
            ctx.report(
                self,
                found.rs.command_span(found.op.command),
                f"{', '.join(p.name for p in cuda)} from PyPI bring{'s' if len(cuda) == 1 else ''} CUDA libraries "
                f"(~{format_size_range(*download)} to download) into an image whose base ({stage.base_resolved}) "
                f"has no GPU runtime. CPU builds: {'; '.join(alternatives)}",
                fix,
                Impact(bytes_low=download[0], bytes_high=download[1], source=table_source()),
            )
