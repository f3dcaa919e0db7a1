"""DO502 cuda-wheels-without-gpu: CUDA builds pulled into an image whose base has no GPU runtime."""

from __future__ import annotations

from dockeropt.analysis.installs import heavy_installs
from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.edits import insert_after_word
from dockeropt.api.finding import Fix, Impact, Severity, format_size_range
from dockeropt.knowledge.heavy import DATE, base_has_cuda, total

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
_TORCH_FAMILY = frozenset({"torch", "torchvision", "torchaudio"})


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
(marked unsafe: the image then has the CPU build, which is the point); for xgboost use
`xgboost-cpu`, for TensorFlow `tensorflow-cpu`. If the image *does* run on GPUs, start from a CUDA
base (`nvidia/cuda:*-runtime`, `pytorch/pytorch:*-cuda*`) so the intent is explicit. Figures:
dockeropt's heavy-package table, {DATE}.
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

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for found in heavy_installs(ctx):
            stage = graph.stage(found.inst)
            if stage is None:
                continue
            bases = [s.base_resolved for s in graph.shipped_stages(stage)]
            if any(base_has_cuda(b) for b in bases) or any(base_has_cuda(b) for b in [stage.base_resolved]):
                continue
            if any("download.pytorch.org" in url or "nvidia" in url for url in found.index_urls):
                continue  # an explicit choice of build (cpu, cuXXX, rocm): the user decided
            cuda = [p for p in found.packages if p.cuda]
            if not cuda:
                continue
            download = total(cuda, "download")
            torch_family = [p for p in cuda if p.name in _TORCH_FAMILY]
            fix = None
            if torch_family and len(torch_family) == len(cuda) and not found.from_files:
                sub = next((w for w in found.op.command.argv if w.text == found.op.subcommand), None)
                edit = insert_after_word(found.rs, sub, f"--index-url {CPU_INDEX}") if sub is not None else None
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
                Impact(bytes_low=download[0], bytes_high=download[1], source=f"dockeropt heavy-package table ({DATE})"),
            )
