"""The heavy packages the ML rules and the memory estimates talk about, as ranges in bytes.

The figures come from :mod:`dockeropt.knowledge.ml_packages` (measured and read on its
``MEASURED_ON`` date, with sources per package); this module only turns them into what the rules
need — download, installed size, pip's peak memory with its cache on and off — and keeps out the
packages too small to matter (numpy, pandas …), so that only real weight is reported.
"""

from __future__ import annotations

from dockeropt.knowledge import ml_packages
from dockeropt.knowledge.packages import normalize_name
from dockeropt.units import GB, MB, MIB

# A package is "heavy" from this download size on, when it pulls CUDA or compiles at install, or
# when it is one of the ML packages users know as heavy (their dependencies often are).
HEAVY_FROM_MB = 100
NAMED = frozenset(
    {
        "lightgbm",
        "prophet",
        "transformers",
        "spacy",
        "opencv-python",
        "opencv-python-headless",
        "opencv-contrib-python",
        "opencv-contrib-python-headless",
        "jaxlib",
        "xgboost-cpu",
        "mxnet",
    }
)
# Packages that compile C++/CUDA at install: peak memory of the build, from the projects' own notes
# (flash-attn's README: set MAX_JOBS below 96 GB of RAM, ~60 GB reported for 10 jobs).
COMPILE_PEAK = {
    "flash-attn": (4 * GB, 64 * GB),
    "detectron2": (2 * GB, 8 * GB),
    "deepspeed": (500 * MB, 8 * GB),
    "fbprophet": (2 * GB, 4 * GB),
}
DEFAULT_COMPILE_PEAK = (1 * GB, 4 * GB)


# Packages that exist only for GPUs: naming one says the image is meant for a GPU host (the CUDA
# libraries come from the wheels, the driver from the host), so no CPU build is missing.
GPU_ONLY = frozenset({"triton", "bitsandbytes", "vllm", "deepspeed"})


def gpu_only(name: str) -> bool:
    return name in GPU_ONLY or name.startswith("nvidia-")


# sdists that install as pure Python and compile their native parts on first use, unless a build
# switch (an environment variable with this prefix, set to 1) asks for the compile at install time.
COMPILE_SWITCHES = {"deepspeed": "DS_BUILD_"}


class HeavyPackage:
    __slots__ = (
        "builds_from_source",
        "cpu_alternative",
        "cuda",
        "download",
        "installed",
        "largest_dependency",
        "musl_wheels",
        "name",
        "note",
        "peak",
        "peak_no_cache",
        "source",
        "version_seen",
    )

    def __init__(self, name: str, facts: ml_packages.PackageFacts) -> None:
        self.name = name
        self.version_seen = facts.get("version_seen") or "source only"
        kind = facts.get("kind", "wheel")
        self.builds_from_source = kind == "sdist-only" or (kind == "not-on-pypi" and facts.get("cuda") == "bundled")
        self.cuda = facts.get("cuda") in ("pulled-on-linux", "is-cuda")
        self.cpu_alternative = facts.get("cpu_alternative") or ""
        self.musl_wheels = facts.get("musl") == "wheel"
        self.note = facts.get("cuda_note") or ""
        self.source = ", ".join(facts.get("sources", [])) or "dockeropt ml_packages table"
        self.download = _download(facts)
        resolution = facts.get("with_deps")
        # torchvision's resolution is mostly torch's: counted once when both are installed
        self.largest_dependency = resolution["largest_wheel"] if resolution is not None else name
        installed = ml_packages.installed_mb(facts)
        self.installed = (installed[0] * MB, installed[1] * MB) if installed else self.download
        largest = ml_packages.largest_wheel_mb(facts) or (facts.get("model_mb") or (0, 0))[1]
        if self.builds_from_source:
            self.peak = self.peak_no_cache = COMPILE_PEAK.get(name, DEFAULT_COMPILE_PEAK)
        else:
            on = ml_packages.pip_peak_mib(largest, None, "cold")
            off = ml_packages.pip_peak_mib(largest, None, "off")
            self.peak = (on[0] * MIB, on[1] * MIB)
            self.peak_no_cache = (off[0] * MIB, off[1] * MIB)

    def __repr__(self) -> str:
        return f"HeavyPackage({self.name!r})"


def _download(facts: ml_packages.PackageFacts) -> tuple[int, int]:
    resolution = facts.get("with_deps")
    if resolution is not None:
        return resolution["wheels_mb"] * MB, resolution["wheels_mb"] * MB
    size = facts.get("wheel_mb") or facts.get("model_mb")
    if size:
        return size[0] * MB, size[1] * MB
    return 0, 0


def _is_heavy(package: HeavyPackage) -> bool:
    big = package.download[1] >= HEAVY_FROM_MB * MB
    return big or package.cuda or package.builds_from_source or package.name in NAMED


_PACKAGES: dict[str, HeavyPackage] = {}


def packages() -> dict[str, HeavyPackage]:
    """The heavy packages by name, made from the data table on first use."""
    if not _PACKAGES:
        for name, facts in ml_packages.PACKAGES.items():
            if facts.get("kind") == "tool" or "[" in name:
                continue
            package = HeavyPackage(name, facts)
            if _is_heavy(package):
                _PACKAGES[name] = package
    return _PACKAGES


def table_source() -> str:
    """What the rules cite for these figures: the table and the day they were read."""
    return f"dockeropt heavy-package table ({ml_packages.MEASURED_ON})"


CUDA_BASE_HINTS = ("cuda", "nvidia/", "nvcr.io/", "-gpu", "gpu-", "cudnn", "rocm", "pytorch/pytorch")


def lookup(name: str) -> HeavyPackage | None:
    return packages().get(normalize_name(name))


def base_has_cuda(image: str) -> bool:
    """Whether a base image reference looks like it carries a CUDA/GPU runtime."""
    low = image.lower()
    return any(h in low for h in CUDA_BASE_HINTS)


def total(packages: list[HeavyPackage], field: str) -> tuple[int, int]:
    if field.startswith("peak"):
        # pip installs one wheel at a time
        return max((p.peak[0] if field == "peak" else p.peak_no_cache[0] for p in packages), default=0), max(
            (p.peak[1] if field == "peak" else p.peak_no_cache[1] for p in packages), default=0
        )
    names = {p.name for p in packages}
    # a package whose resolution is dominated by another one in the list (torchvision -> torch) adds nothing
    counted = [p for p in packages if p.largest_dependency == p.name or p.largest_dependency not in names]
    values = [getattr(p, field) for p in counted]
    return sum(v[0] for v in values), sum(v[1] for v in values)
