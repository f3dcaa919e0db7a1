"""Heavy machine-learning packages: approximate sizes and the memory pip needs to install them.

Figures are ranges, for Linux x86_64 wheels from PyPI, CPython 3.10-3.12, as of the versions
named. ``download`` is the wheel(s) pip fetches, ``installed`` what lands in site-packages,
``peak`` the resident memory of ``pip install`` with pip's HTTP cache on (pip buffers a cached
download in memory: pypa/pip#2984, pytorch/pytorch#1022 and #25164; still reported in 2024-2025)
and ``peak_no_cache`` with ``--no-cache-dir`` (the wheel streams to disk).

Sources (read 2026-11-22): PyPI's file listings for the versions named (wheel sizes); the
projects' install docs (CPU-only indexes, CUDA extras); this workplace's own measurement
(torch 2.14.1 + torchvision 0.29.1 CUDA build: 5,557 MB installed in a fresh venv; torch 2.9.1
CPU build: 723 MB; jax 0.10.2 CPU with dependencies: 623 MB); PyTorch forum and issue threads for
OOM-killed installs on 1-4 GB machines.
"""

from __future__ import annotations

MB = 1_000_000
GB = 1_000_000_000
DATE = "2026-11-22"


class HeavyPackage:
    __slots__ = (
        "cpu_alternative",
        "cuda",
        "download",
        "installed",
        "musl_wheels",
        "name",
        "note",
        "peak",
        "peak_no_cache",
        "source",
        "version_seen",
    )

    def __init__(
        self,
        name: str,
        version_seen: str,
        download: tuple[int, int],
        installed: tuple[int, int],
        peak: tuple[int, int],
        peak_no_cache: tuple[int, int],
        cuda: bool = False,
        cpu_alternative: str = "",
        musl_wheels: bool = True,
        note: str = "",
        source: str = "PyPI file listing",
    ) -> None:
        self.name = name
        self.version_seen = version_seen
        self.download = download
        self.installed = installed
        self.peak = peak
        self.peak_no_cache = peak_no_cache
        self.cuda = cuda  # on Linux x86_64 the default PyPI wheel pulls NVIDIA CUDA libraries
        self.cpu_alternative = cpu_alternative
        self.musl_wheels = musl_wheels  # False: on Alpine (musl) pip builds it from source, or fails
        self.note = note
        self.source = source


_TORCH_CPU = "--index-url https://download.pytorch.org/whl/cpu (CPU wheel, ~180-200 MB)"

PACKAGES: dict[str, HeavyPackage] = {
    p.name: p
    for p in (
        HeavyPackage(
            "torch",
            "2.3-2.14",
            (2_500 * MB, 3_600 * MB),  # torch ~750-900 MB + nvidia-* (cudnn, cublas, nccl, cusparse …) + triton
            (4_500 * MB, 7_000 * MB),
            (900 * MB, 2_000 * MB),
            (250 * MB, 600 * MB),
            cuda=True,
            cpu_alternative=_TORCH_CPU,
            musl_wheels=False,
            source="PyPI file listings of torch and its nvidia-* dependencies; measured here: 5,557 MB installed",
        ),
        HeavyPackage(
            "torchvision",
            "0.18-0.29",
            (7 * MB, 30 * MB),
            (20 * MB, 60 * MB),
            (150 * MB, 300 * MB),
            (100 * MB, 200 * MB),
            cuda=True,
            cpu_alternative=_TORCH_CPU,
            musl_wheels=False,
            note="pulls the matching torch",
        ),
        HeavyPackage(
            "torchaudio",
            "2.3-2.9",
            (3 * MB, 6 * MB),
            (10 * MB, 30 * MB),
            (150 * MB, 300 * MB),
            (100 * MB, 200 * MB),
            cuda=True,
            cpu_alternative=_TORCH_CPU,
            musl_wheels=False,
            note="pulls the matching torch",
        ),
        HeavyPackage(
            "tensorflow",
            "2.16-2.18",
            (550 * MB, 650 * MB),
            (1_500 * MB, 2_300 * MB),
            (700 * MB, 1_400 * MB),
            (250 * MB, 500 * MB),
            cuda=False,
            cpu_alternative="tensorflow-cpu (~230 MB wheel); tensorflow[and-cuda] adds ~2.5 GB of NVIDIA libraries",
            musl_wheels=False,
        ),
        HeavyPackage(
            "tensorflow-gpu",
            "2.11 (last release)",
            (550 * MB, 650 * MB),
            (1_500 * MB, 2_300 * MB),
            (700 * MB, 1_400 * MB),
            (250 * MB, 500 * MB),
            cpu_alternative="tensorflow-cpu",
            musl_wheels=False,
            note="deprecated: use tensorflow[and-cuda]",
        ),
        HeavyPackage(
            "jaxlib",
            "0.4-0.10",
            (70 * MB, 100 * MB),
            (200 * MB, 300 * MB),
            (200 * MB, 400 * MB),
            (100 * MB, 200 * MB),
            musl_wheels=False,
            note="jax[cuda12] adds ~2-3 GB of NVIDIA libraries",
            source="PyPI; measured here: jax 0.10.2 CPU with dependencies 623 MB",
        ),
        HeavyPackage(
            "xgboost",
            "2.1-3.0",
            (150 * MB, 310 * MB),
            (300 * MB, 550 * MB),
            (300 * MB, 700 * MB),
            (100 * MB, 250 * MB),
            cuda=True,
            cpu_alternative="xgboost-cpu (~4 MB wheel, no nvidia-nccl-cu12)",
            musl_wheels=False,
        ),
        HeavyPackage(
            "lightgbm", "4.x", (3 * MB, 5 * MB), (10 * MB, 20 * MB), (100 * MB, 200 * MB), (80 * MB, 150 * MB)
        ),
        HeavyPackage(
            "opencv-python",
            "4.10",
            (60 * MB, 70 * MB),
            (150 * MB, 250 * MB),
            (200 * MB, 400 * MB),
            (100 * MB, 200 * MB),
            cpu_alternative="opencv-python-headless (no GUI libraries; ~50 MB)",
            musl_wheels=False,
        ),
        HeavyPackage(
            "opencv-contrib-python",
            "4.10",
            (65 * MB, 75 * MB),
            (170 * MB, 280 * MB),
            (200 * MB, 400 * MB),
            (100 * MB, 200 * MB),
            cpu_alternative="opencv-contrib-python-headless",
            musl_wheels=False,
        ),
        HeavyPackage(
            "transformers",
            "4.4x",
            (9 * MB, 12 * MB),
            (60 * MB, 100 * MB),
            (150 * MB, 300 * MB),
            (100 * MB, 200 * MB),
            note="transformers[torch] pulls torch",
        ),
        HeavyPackage(
            "detectron2",
            "0.6 (source only)",
            (5 * MB, 10 * MB),
            (50 * MB, 150 * MB),
            (2 * GB, 8 * GB),
            (2 * GB, 8 * GB),
            musl_wheels=False,
            note="no wheels on PyPI: compiled from git with torch's C++/CUDA extensions; bound it with MAX_JOBS",
            source="detectron2 install docs",
        ),
        HeavyPackage(
            "flash-attn",
            "2.x (source build)",
            (2 * MB, 10 * MB),
            (100 * MB, 400 * MB),
            (4 * GB, 64 * GB),
            (4 * GB, 64 * GB),
            musl_wheels=False,
            note="compiles CUDA kernels; its docs ask for MAX_JOBS on machines with less than 96 GB of RAM",
            source="flash-attention README",
        ),
        HeavyPackage(
            "prophet",
            "1.1",
            (10 * MB, 15 * MB),
            (60 * MB, 120 * MB),
            (200 * MB, 400 * MB),
            (150 * MB, 300 * MB),
            note="fbprophet (the old name) builds pystan from source: 2-4 GB of RAM, 10+ minutes",
        ),
        HeavyPackage(
            "fbprophet",
            "0.7 (old name)",
            (1 * MB, 5 * MB),
            (300 * MB, 600 * MB),
            (2 * GB, 4 * GB),
            (2 * GB, 4 * GB),
            musl_wheels=False,
            note="no wheels: builds pystan and its Stan models with a C++ compiler",
        ),
        HeavyPackage(
            "onnxruntime-gpu",
            "1.18-1.20",
            (200 * MB, 300 * MB),
            (400 * MB, 600 * MB),
            (300 * MB, 600 * MB),
            (100 * MB, 200 * MB),
            cpu_alternative="onnxruntime (~15 MB)",
            musl_wheels=False,
        ),
        HeavyPackage(
            "paddlepaddle",
            "2.6",
            (120 * MB, 200 * MB),
            (400 * MB, 700 * MB),
            (300 * MB, 600 * MB),
            (150 * MB, 300 * MB),
            musl_wheels=False,
        ),
        HeavyPackage(
            "vllm",
            "0.5-0.8",
            (200 * MB, 400 * MB),
            (4 * GB, 8 * GB),
            (1 * GB, 2 * GB),
            (300 * MB, 700 * MB),
            cuda=True,
            musl_wheels=False,
            note="pulls torch with CUDA",
        ),
        HeavyPackage(
            "bitsandbytes",
            "0.43-0.45",
            (70 * MB, 130 * MB),
            (150 * MB, 300 * MB),
            (200 * MB, 400 * MB),
            (100 * MB, 200 * MB),
            musl_wheels=False,
        ),
        HeavyPackage(
            "deepspeed",
            "0.14-0.16",
            (1 * MB, 2 * MB),
            (50 * MB, 300 * MB),
            (500 * MB, 8 * GB),
            (500 * MB, 8 * GB),
            musl_wheels=False,
            note="an sdist: with DS_BUILD_OPS=1 it compiles CUDA ops at install time",
        ),
        HeavyPackage(
            "triton",
            "2.3-3.x",
            (170 * MB, 260 * MB),
            (400 * MB, 700 * MB),
            (300 * MB, 600 * MB),
            (100 * MB, 200 * MB),
            musl_wheels=False,
        ),
        HeavyPackage(
            "pyarrow",
            "16-18",
            (38 * MB, 42 * MB),
            (120 * MB, 160 * MB),
            (150 * MB, 300 * MB),
            (100 * MB, 200 * MB),
            musl_wheels=False,
            note="on Alpine it builds Arrow C++ from source: tens of minutes, several GB of RAM",
        ),
        HeavyPackage(
            "en-core-web-lg",
            "3.7 (spaCy model)",
            (560 * MB, 600 * MB),
            (600 * MB, 800 * MB),
            (700 * MB, 1_200 * MB),
            (200 * MB, 400 * MB),
            note="spaCy model package",
            source="spaCy models release assets",
        ),
        HeavyPackage(
            "en-core-web-trf",
            "3.7 (spaCy model)",
            (440 * MB, 470 * MB),
            (500 * MB, 600 * MB),
            (600 * MB, 1_000 * MB),
            (200 * MB, 400 * MB),
            note="spaCy transformer model; pulls torch",
            source="spaCy models release assets",
        ),
    )
}
# NVIDIA's CUDA/cuDNN wheels, installed on their own or pulled in by the packages above.
for _name, _size in (
    ("nvidia-cudnn-cu12", 700 * MB),
    ("nvidia-cublas-cu12", 420 * MB),
    ("nvidia-cusparse-cu12", 220 * MB),
    ("nvidia-nccl-cu12", 200 * MB),
    ("nvidia-cufft-cu12", 210 * MB),
    ("nvidia-cusolver-cu12", 130 * MB),
    ("nvidia-curand-cu12", 60 * MB),
    ("nvidia-cudnn-cu11", 730 * MB),
    ("nvidia-cublas-cu11", 420 * MB),
):
    PACKAGES[_name] = HeavyPackage(
        _name,
        "12.x / 9.x",
        (_size * 9 // 10, _size),
        (_size * 3 // 2, _size * 2),
        (_size, _size * 2),
        (100 * MB, 250 * MB),
        cuda=True,
        musl_wheels=False,
    )

CUDA_BASE_HINTS = ("cuda", "nvidia/", "nvcr.io/", "-gpu", "gpu-", "cudnn", "rocm", "pytorch/pytorch")


def lookup(name: str) -> HeavyPackage | None:
    key = name.lower().replace("_", "-")
    return PACKAGES.get(key)


def base_has_cuda(image: str) -> bool:
    """Whether a base image reference looks like it carries a CUDA/GPU runtime."""
    low = image.lower()
    return any(h in low for h in CUDA_BASE_HINTS)


def total(packages: list[HeavyPackage], field: str) -> tuple[int, int]:
    lows = [getattr(p, field)[0] for p in packages]
    highs = [getattr(p, field)[1] for p in packages]
    if field.startswith("peak"):
        return max(lows, default=0), max(highs, default=0)  # pip installs one wheel at a time
    return sum(lows), sum(highs)
