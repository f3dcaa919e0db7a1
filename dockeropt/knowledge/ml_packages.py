"""Heavy Python packages for Docker builds: download and unpacked sizes, CUDA pulls, CPU-only alternatives,
what happens on Alpine (musl), and how much memory pip needs to install them.

Plain literals, cheap to import. Every figure was read or measured on 2026-11-22 (``MEASURED_ON``); how is
said in ``SOURCES`` and each package lists the source keys its figures come from. Sizes are in MB of
10**6 bytes, as PyPI and pip print them; memory is in MiB. Versions are the newest final release on
PyPI that day, for CPython 3.12 on manylinux x86_64 unless a field says otherwise.

Fields of a package:
- ``version_seen`` / ``released``: the release the figures describe and its upload day.
- ``wheel_mb``: (smallest, largest) of its own cp312 wheel for Linux aarch64 and x86_64.
- ``unpacked_mb``: the x86_64 wheel's files added up (what pip writes, before .pyc files).
- ``with_deps``: a full resolution (``pip install --dry-run``) on Linux x86_64: how many distributions,
  their wheels and unpacked size, the largest wheel (it sets pip's peak memory) and, where CUDA or other
  GPU wheels are pulled, their share.
- ``cuda``: ``none``, ``extra`` (only with an extra), ``pulled-on-linux`` (plain ``pip install`` on Linux
  pulls GPU wheels), ``bundled`` (GPU code inside its own wheel or built at install), ``is-cuda``.
- ``cpu_alternative``: what to install instead when the image runs on CPUs.
- ``musl``: ``wheel`` (musllinux wheels exist), ``builds-from-sdist`` (pip compiles it on Alpine),
  ``no-distribution`` (pip on Alpine finds nothing to install).
"""

from __future__ import annotations

from dockeropt.knowledge.packages import normalize_name
from dockeropt.units import MB, MIB

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NotRequired, TypedDict

    class Resolution(TypedDict):
        dists: int
        wheels_mb: int
        unpacked_mb: int
        largest_wheel: str
        largest_wheel_mb: int
        gpu_stack_wheels_mb: NotRequired[int]
        gpu_stack_unpacked_mb: NotRequired[int]

    class PackageFacts(TypedDict):
        version_seen: str | None
        released: str | None
        kind: str
        cuda: str
        cuda_note: str
        cpu_alternative: str | None
        musl: str
        musl_note: str
        sources: list[str]
        wheel_mb: NotRequired[tuple[int, int] | None]
        unpacked_mb: NotRequired[int]
        with_deps: NotRequired[Resolution]
        model_mb: NotRequired[tuple[int, int] | None]
        model_note: NotRequired[str]


MEASURED_ON = "2026-11-22"

SOURCES: dict[str, str] = {
    "pypi-simple": (
        "PyPI's simple index as PEP 691 JSON (files' 'size' and 'upload-time'), fetched through pip's own "
        "PipSession on 2026-11-22; newest final release by version order"
    ),
    "wheel-central-directory": (
        "the wheel's zip central directory read with HTTP range requests (pip's lazy_wheel), 2026-11-22: "
        "unpacked size is the sum of the files' sizes"
    ),
    "pip-resolve-x86_64": (
        "pip 26.3 'install --dry-run --ignore-installed --report --use-feature=fast-deps --only-binary=:all: "
        "--python-version 3.12 --platform manylinux_2_28..manylinux1 x86_64', 2026-11-22; each resolved wheel "
        "sized by HTTP HEAD and its central directory"
    ),
    "pip-resolve-aarch64": "as pip-resolve-x86_64 for the aarch64 platform tags, 2026-11-22",
    "local-cpu-wheel": (
        "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl from the PyTorch CPU index, a local copy "
        "(the index itself was not reachable from the measuring machine): 191,794,682 bytes, 699 MB unpacked"
    ),
    "pip-memory-measured": (
        "peak RSS from /usr/bin/time -f %M of 'pip install --no-deps --target' on CPython 3.11, pip 22.0.2, "
        "23.0.1, 23.2.1, 23.3.2, 24.0, 25.0.1 and 26.3, wheels served from a loopback index with PyPI's own "
        "'Cache-Control: max-age=365000000, immutable' header (pypi/infra terraform/file-hosting/vcl/main.vcl); "
        "numpy 16.9 MB, catboost 97.2 MB, torch 2.13.0+cpu 191.8 MB, tensorflow-cpu 273.8 MB; 2026-11-22"
    ),
    "installed-measured": (
        "du --apparent-size after 'pip install --no-deps --target' (pip 26.3, .pyc compiled): tensorflow-cpu "
        "1260 MiB vs 1213 MiB of wheel files, torch+cpu 727 vs 667, numpy 70 vs 56; 2026-11-22"
    ),
    "spacy-releases": "explosion/spacy-models GitHub release notes, en_core_web_trf-3.7.3: 'Model size 436 MB'",
    "spacy-hf": "huggingface.co/spacy/en_core_web_trf: en_core_web_trf-any-py3-none-any.whl, 460 MB",
    "anaconda-spacy-lg": "anaconda.org spacy-model-en_core_web_lg files: 3.8.0 347.79 MB, 3.5.0 432.37 MB",
    "flash-attn-maxjobs": (
        "flash-attn README advice (MAX_JOBS below 96 GB of RAM), quoted in third-party install scripts; "
        "'10 jobs uses 60gigs of ram at peak' (dicksondickson/ComfyUI-Clean-Install); not measured here"
    ),
}

# Peak RSS of pip (MiB) as a function of the largest wheel W (MiB) it downloads; measured (pip-memory-measured).
# pip before 23.3 vendored CacheControl 0.12, which buffers a response to write it into the HTTP cache (cold
# cache) and loads a cached response whole (warm cache, e.g. a BuildKit cache mount on ~/.cache/pip).
# pip 23.3+ vendors CacheControl 0.13 with a separate body file: a warm cache streams, a cold one still holds
# about one copy. --no-cache-dir needs 55-140 MiB whatever the size (more for wheels of many files).
PIP_PEAK_MIB: dict[str, tuple[float, float]] = {  # (base MiB, MiB per MiB of the largest wheel)
    "old-cold": (46.0, 3.0),
    "old-warm": (46.0, 5.0),
    "new-cold": (43.0, 1.0),
}
PIP_NO_CACHE_MIB = (55, 140)
PIP_NEW_SINCE = (23, 3)  # first pip with CacheControl 0.13 (pip 23.2.1 measured old, 23.3.2 new)
# Installed size (with .pyc files) over the wheel's files: +4 % (tensorflow-cpu) to +25 % (numpy).
INSTALLED_OVER_UNPACKED = (1.04, 1.25)

PACKAGES: dict[str, PackageFacts] = {
    "torch": {
        "version_seen": "2.15.0",
        "released": "2026-10-28",
        "wheel_mb": (484, 539),
        "unpacked_mb": 1145,
        "kind": "wheel",
        "cuda": "pulled-on-linux",
        "cuda_note": "PyPI's Linux wheels (x86_64 and aarch64) require "
        "cuda-toolkit[cublas,cudart,cufft,cufile,cupti,cusolver,cusparse,nvjitlink,nvrtc,nvtx]==13.2.2, "
        "nvidia-cudnn-cu13, nvidia-cusparselt-cu13, nvidia-nccl-cu13, nvidia-nvshmem-cu13, "
        "triton, cuda-bindings (marker platform_system == 'Linux')",
        "cpu_alternative": "pip install torch --index-url https://download.pytorch.org/whl/cpu: no "
        "nvidia-* or triton dependencies; torch 2.13.0+cpu (cp311, x86_64) is a 192 MB "
        "wheel, 699 MB unpacked",
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist: pip on Alpine fails with 'No matching distribution found'",
        "sources": [
            "pypi-simple",
            "wheel-central-directory",
            "pip-resolve-x86_64",
            "pip-resolve-aarch64",
            "local-cpu-wheel",
        ],
        "with_deps": {
            "dists": 29,
            "wheels_mb": 3000,
            "unpacked_mb": 5459,
            "largest_wheel": "torch",
            "largest_wheel_mb": 539,
            "gpu_stack_wheels_mb": 2450,
            "gpu_stack_unpacked_mb": 4273,
        },
    },
    "torchvision": {
        "version_seen": "0.29.2",
        "released": "2026-10-28",
        "wheel_mb": (8, 8),
        "unpacked_mb": 20,
        "kind": "wheel",
        "cuda": "pulled-on-linux",
        "cuda_note": "requires torch, so installs torch's whole CUDA stack from PyPI",
        "cpu_alternative": "install with torch from https://download.pytorch.org/whl/cpu (same --index-url)",
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 32,
            "wheels_mb": 3031,
            "unpacked_mb": 5552,
            "largest_wheel": "torch",
            "largest_wheel_mb": 539,
            "gpu_stack_wheels_mb": 2450,
            "gpu_stack_unpacked_mb": 4273,
        },
    },
    "torchaudio": {
        "version_seen": "2.11.0",
        "released": "2026-03-23",
        "wheel_mb": (2, 2),
        "unpacked_mb": 9,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "2.11.0's METADATA declares no dependency on torch: it needs a torch installed "
        "beside it, which brings CUDA",
        "cpu_alternative": "install with torch from https://download.pytorch.org/whl/cpu (same --index-url)",
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 1,
            "wheels_mb": 2,
            "unpacked_mb": 9,
            "largest_wheel": "torchaudio",
            "largest_wheel_mb": 2,
        },
    },
    "tensorflow": {
        "version_seen": "2.21.0",
        "released": "2026-03-06",
        "wheel_mb": (282, 573),
        "unpacked_mb": 1873,
        "kind": "wheel",
        "cuda": "extra",
        "cuda_note": "CUDA libraries come only with the [and-cuda] extra (nvidia-*-cu12 wheels); the "
        "plain x86_64 wheel (573 MB) is larger than tensorflow-cpu (274 MB) because it "
        "carries GPU kernels",
        "cpu_alternative": "tensorflow-cpu (x86_64); on aarch64 the tensorflow wheel (282 MB) is the CPU build",
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64", "pip-resolve-aarch64"],
        "with_deps": {
            "dists": 32,
            "wheels_mb": 633,
            "unpacked_mb": 2054,
            "largest_wheel": "tensorflow",
            "largest_wheel_mb": 573,
        },
    },
    "tensorflow[and-cuda]": {
        "version_seen": "2.21.0",
        "released": None,
        "kind": "extra",
        "cuda": "pulled-on-linux",
        "cuda_note": "nvidia-cudnn-cu12, nvidia-cublas-cu12, nvidia-cusparse-cu12, "
        "nvidia-nccl-cu12, nvidia-cusolver-cu12, nvidia-cufft-cu12, "
        "nvidia-cuda-nvrtc-cu12, nvidia-curand-cu12, nvidia-cuda-nvcc-cu12, "
        "nvidia-nvjitlink-cu12, nvidia-cuda-cupti-cu12, "
        "nvidia-cuda-runtime-cu12",
        "cpu_alternative": "tensorflow-cpu",
        "musl": "no-distribution",
        "musl_note": "as tensorflow",
        "sources": ["pip-resolve-x86_64", "pip-resolve-aarch64"],
        "with_deps": {
            "dists": 44,
            "wheels_mb": 3440,
            "unpacked_mb": 6486,
            "largest_wheel": "nvidia-cudnn-cu12",
            "largest_wheel_mb": 717,
            "gpu_stack_wheels_mb": 2807,
            "gpu_stack_unpacked_mb": 4432,
        },
    },
    "tensorflow-cpu": {
        "version_seen": "2.21.0",
        "released": "2026-03-06",
        "wheel_mb": (274, 274),
        "unpacked_mb": 1273,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist; no aarch64 wheel",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 32,
            "wheels_mb": 334,
            "unpacked_mb": 1454,
            "largest_wheel": "tensorflow_cpu",
            "largest_wheel_mb": 274,
        },
    },
    "tensorflow-gpu": {
        "version_seen": "2.12.0",
        "released": "2023-01-24",
        "kind": "removed",
        "cuda": "none",
        "cuda_note": "the last release is an sdist that only raises an error: the package was "
        "retired in favour of tensorflow[and-cuda]",
        "cpu_alternative": "tensorflow-cpu",
        "musl": "no-distribution",
        "musl_note": "",
        "sources": ["pypi-simple"],
    },
    "jax": {
        "version_seen": "0.12.0.1",
        "released": "2026-10-21",
        "wheel_mb": (3, 4),
        "unpacked_mb": 14,
        "kind": "wheel",
        "cuda": "extra",
        "cuda_note": "jax[cuda12] / jax[cuda13] add jax-cudaNN-plugin, jax-cudaNN-pjrt and the nvidia-* wheels",
        "cpu_alternative": "plain 'jax' (CPU jaxlib)",
        "musl": "no-distribution",
        "musl_note": "jax is pure Python but jaxlib has no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64", "pip-resolve-aarch64"],
        "with_deps": {
            "dists": 6,
            "wheels_mb": 142,
            "unpacked_mb": 517,
            "largest_wheel": "jaxlib",
            "largest_wheel_mb": 87,
        },
    },
    "jaxlib": {
        "version_seen": "0.12.0.1",
        "released": "2026-10-21",
        "wheel_mb": (81, 87),
        "unpacked_mb": 337,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "CPU-only; CUDA comes from the jax-cuda plugins",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "jax[cuda12]": {
        "version_seen": "0.12.0.1",
        "released": None,
        "kind": "extra",
        "cuda": "pulled-on-linux",
        "cuda_note": "jax-cuda12-plugin, jax-cuda12-pjrt, nvidia-cudnn-cu12, nvidia-cublas-cu12, "
        "nvidia-cusparse-cu12, nvidia-nccl-cu12, nvidia-cusolver-cu12, "
        "nvidia-nvshmem-cu12, nvidia-cufft-cu12, nvidia-cuda-nvrtc-cu12, "
        "nvidia-cuda-nvcc-cu12, ...",
        "cpu_alternative": "jax",
        "musl": "no-distribution",
        "musl_note": "",
        "sources": ["pip-resolve-x86_64"],
        "with_deps": {
            "dists": 21,
            "wheels_mb": 3365,
            "unpacked_mb": 5723,
            "largest_wheel": "nvidia-cudnn-cu12",
            "largest_wheel_mb": 717,
            "gpu_stack_wheels_mb": 3224,
            "gpu_stack_unpacked_mb": 5206,
        },
    },
    "jax[cuda13]": {
        "version_seen": "0.12.0.1",
        "released": None,
        "kind": "extra",
        "cuda": "pulled-on-linux",
        "cuda_note": "jax-cuda13-plugin, jax-cuda13-pjrt and the CUDA 13 nvidia-* wheels",
        "cpu_alternative": "jax",
        "musl": "no-distribution",
        "musl_note": "",
        "sources": ["pip-resolve-x86_64"],
        "with_deps": {
            "dists": 23,
            "wheels_mb": 2635,
            "unpacked_mb": 4569,
            "largest_wheel": "nvidia-cudnn-cu13",
            "largest_wheel_mb": 517,
            "gpu_stack_wheels_mb": 2493,
            "gpu_stack_unpacked_mb": 4052,
        },
    },
    "prophet": {
        "version_seen": "1.5.0",
        "released": "2026-10-05",
        "wheel_mb": (12, 12),
        "unpacked_mb": 40,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist compiles its Stan model with cmdstan (C++ "
        "toolchain, minutes of compile; not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 17,
            "wheels_mb": 66,
            "unpacked_mb": 219,
            "largest_wheel": "numpy",
            "largest_wheel_mb": 16,
        },
    },
    "fbprophet": {
        "version_seen": "0.7.1",
        "released": "2020-09-05",
        "kind": "sdist-only",
        "cuda": "none",
        "cuda_note": "renamed to prophet; no wheels",
        "cpu_alternative": "prophet (ships manylinux wheels)",
        "musl": "builds-from-sdist",
        "musl_note": "always built from source (pystan + C++ compile; memory not measured)",
        "sources": ["pypi-simple"],
    },
    "xgboost": {
        "version_seen": "3.4.1",
        "released": "2026-08-15",
        "wheel_mb": (57, 58),
        "unpacked_mb": 87,
        "kind": "wheel",
        "cuda": "pulled-on-linux",
        "cuda_note": "the Linux wheels require nvidia-nccl-cu13 (305 MB wheel) for multi-GPU training",
        "cpu_alternative": "xgboost-cpu",
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist builds libxgboost with CMake (not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64", "pip-resolve-aarch64"],
        "with_deps": {
            "dists": 4,
            "wheels_mb": 414,
            "unpacked_mb": 613,
            "largest_wheel": "nvidia-nccl-cu13",
            "largest_wheel_mb": 305,
            "gpu_stack_wheels_mb": 305,
            "gpu_stack_unpacked_mb": 361,
        },
    },
    "xgboost-cpu": {
        "version_seen": "3.4.1",
        "released": "2026-08-15",
        "wheel_mb": (5, 6),
        "unpacked_mb": 23,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "as xgboost",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 3,
            "wheels_mb": 57,
            "unpacked_mb": 188,
            "largest_wheel": "scipy",
            "largest_wheel_mb": 35,
        },
    },
    "lightgbm": {
        "version_seen": "4.7.0",
        "released": "2026-07-18",
        "wheel_mb": (3, 3),
        "unpacked_mb": 10,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist builds with CMake and a C++ compiler (not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 4,
            "wheels_mb": 55,
            "unpacked_mb": 177,
            "largest_wheel": "scipy",
            "largest_wheel_mb": 35,
        },
    },
    "opencv-python": {
        "version_seen": "5.0.0.93",
        "released": "2026-07-02",
        "wheel_mb": (51, 74),
        "unpacked_mb": 196,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "PyPI builds are CPU-only",
        "cpu_alternative": "opencv-python-headless (no Qt/GUI, no libGL needed at run time)",
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist builds all of OpenCV with CMake (long, "
        "memory-hungry; not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 2,
            "wheels_mb": 90,
            "unpacked_mb": 249,
            "largest_wheel": "opencv-python",
            "largest_wheel_mb": 74,
        },
    },
    "opencv-python-headless": {
        "version_seen": "5.0.0.93",
        "released": "2026-07-02",
        "wheel_mb": (40, 61),
        "unpacked_mb": 159,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "PyPI builds are CPU-only",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist builds all of OpenCV with CMake "
        "(long, memory-hungry; not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 2,
            "wheels_mb": 77,
            "unpacked_mb": 212,
            "largest_wheel": "opencv-python-headless",
            "largest_wheel_mb": 61,
        },
    },
    "opencv-contrib-python": {
        "version_seen": "5.0.0.93",
        "released": "2026-07-02",
        "wheel_mb": (58, 82),
        "unpacked_mb": 215,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "PyPI builds are CPU-only",
        "cpu_alternative": "opencv-contrib-python-headless",
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist builds all of OpenCV with CMake "
        "(long, memory-hungry; not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 2,
            "wheels_mb": 98,
            "unpacked_mb": 268,
            "largest_wheel": "opencv-contrib-python",
            "largest_wheel_mb": 82,
        },
    },
    "opencv-contrib-python-headless": {
        "version_seen": "5.0.0.93",
        "released": "2026-07-02",
        "wheel_mb": (44, 69),
        "unpacked_mb": 179,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "PyPI builds are CPU-only",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the sdist builds all of OpenCV with "
        "CMake (long, memory-hungry; not measured)",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "transformers": {
        "version_seen": "5.23.0",
        "released": "2026-11-13",
        "wheel_mb": (13, 13),
        "unpacked_mb": 53,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "pure Python and no framework by default; transformers[torch] pulls torch "
        "(and its CUDA stack on Linux)",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "pure-Python wheel; its compiled dependencies decide",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 31,
            "wheels_mb": 46,
            "unpacked_mb": 159,
            "largest_wheel": "numpy",
            "largest_wheel_mb": 16,
        },
    },
    "detectron2": {
        "version_seen": None,
        "released": None,
        "kind": "not-on-pypi",
        "cuda": "bundled",
        "cuda_note": "installed from its git repository: builds a C++/CUDA extension against the "
        "torch already installed",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "always a source build (needs torch first); not measured",
        "sources": ["pypi-simple"],
    },
    "spacy": {
        "version_seen": "3.8.18",
        "released": "2026-10-26",
        "wheel_mb": (35, 36),
        "unpacked_mb": 124,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "GPU use goes through spacy[cuda*] (cupy)",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "musllinux wheels exist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 44,
            "wheels_mb": 80,
            "unpacked_mb": 266,
            "largest_wheel": "spacy",
            "largest_wheel_mb": 36,
        },
    },
    "en-core-web-sm": {
        "version_seen": None,
        "released": None,
        "kind": "not-on-pypi",
        "cuda": "none",
        "cuda_note": "spaCy pipelines are wheels on GitHub releases and Hugging Face, not on "
        "PyPI (the simple index answers 404)",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "pure data wheel",
        "model_mb": None,
        "model_note": "size not confirmed in this session",
        "sources": ["pypi-simple"],
    },
    "en-core-web-md": {
        "version_seen": None,
        "released": None,
        "kind": "not-on-pypi",
        "cuda": "none",
        "cuda_note": "as en-core-web-sm",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "pure data wheel",
        "model_mb": None,
        "model_note": "size not confirmed in this session",
        "sources": [],
    },
    "en-core-web-lg": {
        "version_seen": "3.8.0",
        "released": None,
        "kind": "not-on-pypi",
        "cuda": "none",
        "cuda_note": "as en-core-web-sm",
        "cpu_alternative": "en-core-web-md or -sm",
        "musl": "wheel",
        "musl_note": "pure data wheel",
        "model_mb": (348, 432),
        "model_note": "conda packages spacy-model-en_core_web_lg 3.8.0: 347.79 MB, 3.5.0: 432 MB "
        "(anaconda.org file list)",
        "sources": ["anaconda-spacy-lg"],
    },
    "en-core-web-trf": {
        "version_seen": "3.7.3",
        "released": None,
        "kind": "placeholder",
        "cuda": "none",
        "cuda_note": "PyPI holds only a 999.9.9 placeholder; the real wheel is on GitHub "
        "releases / Hugging Face; it needs spacy-transformers and so torch (with "
        "its CUDA stack on Linux)",
        "cpu_alternative": "en-core-web-lg (no transformer, no torch)",
        "musl": "no-distribution",
        "musl_note": "needs torch, which has no musl build",
        "model_mb": (436, 460),
        "model_note": "3.7.3 'Model size 436 MB' (spacy-models release notes); Hugging Face wheel 460 MB",
        "sources": ["pypi-simple", "spacy-releases", "spacy-hf"],
    },
    "nvidia-cudnn-cu12": {
        "version_seen": "9.28.0.42",
        "released": "2026-11-04",
        "wheel_mb": (717, 723),
        "unpacked_mb": 1164,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cublas-cu12": {
        "version_seen": "12.9.3.13",
        "released": "2026-10-30",
        "wheel_mb": (575, 581),
        "unpacked_mb": 856,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cusparse-cu12": {
        "version_seen": "12.5.10.65",
        "released": "2025-06-05",
        "wheel_mb": (366, 366),
        "unpacked_mb": 487,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-nccl-cu12": {
        "version_seen": "2.32.3",
        "released": "2026-09-22",
        "wheel_mb": (352, 352),
        "unpacked_mb": 491,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cusolver-cu12": {
        "version_seen": "11.7.5.82",
        "released": "2025-06-05",
        "wheel_mb": (338, 338),
        "unpacked_mb": 495,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-nvshmem-cu12": {
        "version_seen": "3.8.0",
        "released": "2026-09-22",
        "wheel_mb": (281, 281),
        "unpacked_mb": 420,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cufft-cu12": {
        "version_seen": "11.4.1.4",
        "released": "2025-06-05",
        "wheel_mb": (201, 201),
        "unpacked_mb": 294,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cuda-nvrtc-cu12": {
        "version_seen": "12.9.86",
        "released": "2025-06-05",
        "wheel_mb": (44, 90),
        "unpacked_mb": 227,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-curand-cu12": {
        "version_seen": "10.3.10.19",
        "released": "2025-05-01",
        "wheel_mb": (68, 68),
        "unpacked_mb": 169,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-nvjitlink-cu12": {
        "version_seen": "12.9.86",
        "released": "2025-06-05",
        "wheel_mb": (40, 40),
        "unpacked_mb": 96,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cuda-cupti-cu12": {
        "version_seen": "12.9.79",
        "released": "2025-06-05",
        "wheel_mb": (10, 11),
        "unpacked_mb": 45,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cuda-runtime-cu12": {
        "version_seen": "12.9.79",
        "released": "2025-06-05",
        "wheel_mb": (3, 4),
        "unpacked_mb": 10,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cusparselt-cu12": {
        "version_seen": "0.8.1",
        "released": "2025-09-05",
        "wheel_mb": (236, 239),
        "unpacked_mb": 341,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cudnn-cu13": {
        "version_seen": "9.28.1.4",
        "released": "2026-11-06",
        "wheel_mb": (517, 597),
        "unpacked_mb": 941,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "nvidia-cublas": {
        "version_seen": "13.10.0.20",
        "released": "2026-11-04",
        "wheel_mb": (444, 560),
        "unpacked_mb": 610,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "a CUDA library wheel (glibc Linux only)",
        "cpu_alternative": "drop it: only GPU builds need it",
        "musl": "no-distribution",
        "musl_note": "glibc manylinux wheels only",
        "sources": ["pypi-simple", "wheel-central-directory"],
    },
    "onnxruntime": {
        "version_seen": "1.32.0",
        "released": "2026-11-13",
        "wheel_mb": (23, 28),
        "unpacked_mb": 76,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 5,
            "wheels_mb": 44,
            "unpacked_mb": 130,
            "largest_wheel": "onnxruntime",
            "largest_wheel_mb": 28,
        },
    },
    "onnxruntime-gpu": {
        "version_seen": "1.31.1",
        "released": "2026-10-26",
        "wheel_mb": (212, 256),
        "unpacked_mb": 350,
        "kind": "wheel",
        "cuda": "bundled",
        "cuda_note": "ships the CUDA execution provider (libonnxruntime_providers_cuda.so, 284 "
        "MB) but not CUDA/cuDNN themselves: those come from the base image or the "
        "package's extras; aarch64 wheels need glibc 2.34",
        "cpu_alternative": "onnxruntime (28 MB)",
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 5,
            "wheels_mb": 272,
            "unpacked_mb": 404,
            "largest_wheel": "onnxruntime-gpu",
            "largest_wheel_mb": 256,
        },
    },
    "numpy": {
        "version_seen": "2.5.5",
        "released": "2026-11-15",
        "wheel_mb": (15, 16),
        "unpacked_mb": 53,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "musllinux_1_2 wheels for x86_64 and aarch64",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {"dists": 1, "wheels_mb": 16, "unpacked_mb": 53, "largest_wheel": "numpy", "largest_wheel_mb": 16},
    },
    "scipy": {
        "version_seen": "1.18.1",
        "released": "2026-08-21",
        "wheel_mb": (34, 35),
        "unpacked_mb": 112,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "musllinux_1_2 wheels for x86_64 and aarch64",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 2,
            "wheels_mb": 51,
            "unpacked_mb": 165,
            "largest_wheel": "scipy",
            "largest_wheel_mb": 35,
        },
    },
    "pandas": {
        "version_seen": "3.1.1",
        "released": "2026-11-04",
        "wheel_mb": (12, 12),
        "unpacked_mb": 43,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "wheel",
        "musl_note": "musllinux_1_2 wheels for x86_64 and aarch64",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {"dists": 4, "wheels_mb": 28, "unpacked_mb": 97, "largest_wheel": "numpy", "largest_wheel_mb": 16},
    },
    "scikit-learn": {
        "version_seen": "1.9.1",
        "released": "2026-09-10",
        "wheel_mb": (9, 9),
        "unpacked_mb": 31,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel for 1.9.1: the sdist needs a C/C++ compiler, Cython and meson (not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 7,
            "wheels_mb": 61,
            "unpacked_mb": 199,
            "largest_wheel": "scipy",
            "largest_wheel_mb": 35,
        },
    },
    "catboost": {
        "version_seen": "1.2.10",
        "released": "2026-02-18",
        "wheel_mb": (97, 97),
        "unpacked_mb": 288,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "one wheel; its 277 MB _catboost.so is the bulk",
        "cpu_alternative": None,
        "musl": "builds-from-sdist",
        "musl_note": "no musllinux wheel: the 40 MB sdist builds CatBoost from source (not measured)",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 18,
            "wheels_mb": 196,
            "unpacked_mb": 616,
            "largest_wheel": "catboost",
            "largest_wheel_mb": 97,
        },
    },
    "paddlepaddle": {
        "version_seen": "3.3.1",
        "released": "2026-03-24",
        "wheel_mb": (195, 195),
        "unpacked_mb": 720,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "CPU build",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel, no sdist; no aarch64 wheel",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 14,
            "wheels_mb": 221,
            "unpacked_mb": 805,
            "largest_wheel": "paddlepaddle",
            "largest_wheel_mb": 195,
        },
    },
    "paddlepaddle-gpu": {
        "version_seen": "2.6.2",
        "released": "2024-09-13",
        "wheel_mb": (759, 759),
        "unpacked_mb": 2968,
        "kind": "wheel",
        "cuda": "bundled",
        "cuda_note": "PyPI's last release is 2.6.2 (CUDA inside the wheel: libphi.so alone is "
        "1.96 GB unpacked); 3.x GPU wheels are only on Paddle's own index",
        "cpu_alternative": "paddlepaddle",
        "musl": "no-distribution",
        "musl_note": "",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 14,
            "wheels_mb": 783,
            "unpacked_mb": 3045,
            "largest_wheel": "paddlepaddle-gpu",
            "largest_wheel_mb": 759,
        },
    },
    "mxnet": {
        "version_seen": "1.9.1",
        "released": "2022-05-17",
        "wheel_mb": (36, 49),
        "unpacked_mb": 193,
        "kind": "wheel",
        "cuda": "none",
        "cuda_note": "retired project: last release 1.9.1 (2022); the GPU builds were separate mxnet-cuXXX packages",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 8,
            "wheels_mb": 68,
            "unpacked_mb": 259,
            "largest_wheel": "mxnet",
            "largest_wheel_mb": 49,
        },
    },
    "triton": {
        "version_seen": "3.9.0",
        "released": "2026-10-27",
        "wheel_mb": (263, 286),
        "unpacked_mb": 1043,
        "kind": "wheel",
        "cuda": "is-cuda",
        "cuda_note": "GPU kernel compiler; pulled by torch on Linux",
        "cpu_alternative": "a CPU torch build does not need it",
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 1,
            "wheels_mb": 286,
            "unpacked_mb": 1043,
            "largest_wheel": "triton",
            "largest_wheel_mb": 286,
            "gpu_stack_wheels_mb": 286,
            "gpu_stack_unpacked_mb": 1043,
        },
    },
    "bitsandbytes": {
        "version_seen": "0.50.2",
        "released": "2026-08-27",
        "wheel_mb": (24, 43),
        "unpacked_mb": 129,
        "kind": "wheel",
        "cuda": "pulled-on-linux",
        "cuda_note": "requires torch, so pulls torch's whole CUDA stack from PyPI",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "no musllinux wheel and no sdist",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 32,
            "wheels_mb": 3059,
            "unpacked_mb": 5641,
            "largest_wheel": "torch",
            "largest_wheel_mb": 539,
            "gpu_stack_wheels_mb": 2450,
            "gpu_stack_unpacked_mb": 4273,
        },
    },
    "flash-attn": {
        "version_seen": "2.8.3.post2",
        "released": "2026-10-14",
        "kind": "sdist-only",
        "cuda": "bundled",
        "cuda_note": "an 8.5 MB sdist that compiles CUDA kernels at install: needs torch and the "
        "CUDA toolkit (nvcc) already present; its README tells machines with less than "
        "96 GB of RAM to set MAX_JOBS; one user reports about 60 GB peak for 10 jobs",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "needs torch and CUDA",
        "sources": ["pypi-simple", "flash-attn-maxjobs"],
    },
    "vllm": {
        "version_seen": "0.33.0",
        "released": "2026-11-02",
        "wheel_mb": (334, 336),
        "unpacked_mb": 837,
        "kind": "wheel",
        "cuda": "pulled-on-linux",
        "cuda_note": "0.33.0 pins torch==2.14.0 (with its CUDA stack) plus flashinfer, tilelang and other "
        "GPU wheels; resolving 'vllm' for CPython 3.12 on 2026-11-22 chose vllm 0.21.0 (a "
        "newer release's certifi>=2026.10.19 was not yet on the index), and with_deps "
        "describes that resolution",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "",
        "sources": ["pypi-simple", "wheel-central-directory", "pip-resolve-x86_64"],
        "with_deps": {
            "dists": 186,
            "wheels_mb": 3825,
            "unpacked_mb": 8216,
            "largest_wheel": "torch",
            "largest_wheel_mb": 531,
            "gpu_stack_wheels_mb": 2660,
            "gpu_stack_unpacked_mb": 5329,
        },
    },
    "deepspeed": {
        "version_seen": "0.19.8",
        "released": "2026-10-20",
        "kind": "sdist-only",
        "cuda": "pulled-on-linux",
        "cuda_note": "a 2 MB sdist whose build imports torch (so torch must be installed first); CUDA "
        "ops are compiled on first use unless DS_BUILD_OPS=1 builds them at install",
        "cpu_alternative": None,
        "musl": "no-distribution",
        "musl_note": "needs torch",
        "sources": ["pypi-simple"],
    },
    "conda": {
        "version_seen": None,
        "released": None,
        "kind": "tool",
        "cuda": "none",
        "cuda_note": "conda environments: sizes depend on the environment file; cudatoolkit / "
        "pytorch-cuda from conda channels bring GBs as the nvidia-* wheels do",
        "cpu_alternative": "pytorch's 'cpuonly' package on conda",
        "musl": "no-distribution",
        "musl_note": "conda's packages target glibc",
        "sources": [],
    },
}


_MB_TO_MIB = MB / MIB


def lookup(name: str, extras: Iterable[str] = ()) -> PackageFacts | None:
    """The facts for a requirement's name (with an extra that has its own entry, e.g. jax[cuda12])."""
    key = normalize_name(name)
    for extra in extras:
        facts = PACKAGES.get(f"{key}[{normalize_name(extra)}]")
        if facts is not None:
            return facts
    return PACKAGES.get(key)


def pip_peak_mib(largest_wheel_mb: float, pip_version: tuple[int, int] | None, cache: str) -> tuple[int, int]:
    """(low, high) MiB pip's process peaks at when its largest wheel is ``largest_wheel_mb`` MB.

    ``cache`` is ``cold`` (cache on, empty: a plain RUN pip install), ``warm`` (cache on and already holding
    the wheels: a cache mount) or ``off`` (--no-cache-dir / PIP_NO_CACHE_DIR). An unknown ``pip_version``
    spans old and new pip. The range is the measured line's -5 % / +10 %.
    """
    if cache == "off":
        return PIP_NO_CACHE_MIB
    wheel_mib = largest_wheel_mb * _MB_TO_MIB
    kinds: list[str] = []
    if pip_version is None or pip_version < PIP_NEW_SINCE:
        kinds.append(f"old-{cache}")
    if pip_version is None or pip_version >= PIP_NEW_SINCE:
        kinds.append("new-cold" if cache == "cold" else "none")
    values: list[float] = []
    for kind in kinds:
        if kind == "none":
            values.extend(PIP_NO_CACHE_MIB)
            continue
        base, slope = PIP_PEAK_MIB[kind]
        values.append(base + slope * wheel_mib)
    return int(min(values) * 0.95), int(max(values) * 1.10)


def largest_wheel_mb(facts: PackageFacts) -> int | None:
    """The largest single wheel a plain install of the package downloads."""
    resolution = facts.get("with_deps")
    if resolution is not None:
        return resolution["largest_wheel_mb"]
    wheel = facts.get("wheel_mb")
    return wheel[1] if wheel else None


def installed_mb(facts: PackageFacts) -> tuple[int, int] | None:
    """(low, high) MB a plain install leaves in site-packages, dependencies included where resolved."""
    resolution = facts.get("with_deps")
    unpacked = resolution["unpacked_mb"] if resolution is not None else facts.get("unpacked_mb")
    if unpacked is None:
        return None
    low, high = INSTALLED_OVER_UNPACKED
    return int(unpacked * low), int(unpacked * high)
