"""The heavy-package table: shape, internal consistency, lookups, and the pip memory model vs measurements."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.knowledge import ml_packages
from dockeropt.knowledge.ml_packages import (
    PACKAGES,
    SOURCES,
    installed_mb,
    largest_wheel_mb,
    lookup,
    pip_peak_mib,
)
from dockeropt.knowledge.packages import normalize_name
from dockeropt.knowledge.tables import BEGIN, END, render_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "knowledge.md"
KIB = 1024
MIB = 1024 * 1024

REQUIRED = {"version_seen", "released", "kind", "cuda", "cuda_note", "cpu_alternative", "musl", "musl_note", "sources"}
KINDS = {"wheel", "extra", "sdist-only", "not-on-pypi", "placeholder", "removed", "tool"}
CUDA = {"none", "extra", "pulled-on-linux", "bundled", "is-cuda"}
MUSL = {"wheel", "builds-from-sdist", "no-distribution"}


@pytest.mark.parametrize("name", list(PACKAGES))
def test_every_package_has_the_fields_and_known_values(name: str) -> None:
    facts = PACKAGES[name]
    assert set(facts) >= REQUIRED
    assert facts["kind"] in KINDS
    assert facts["cuda"] in CUDA
    assert facts["musl"] in MUSL
    assert set(facts["sources"]) <= set(SOURCES)
    assert name == normalize_name(name.split("[")[0]) + (name[name.index("[") :] if "[" in name else "")


@pytest.mark.parametrize("name", [name for name, facts in PACKAGES.items() if "with_deps" in facts])
def test_resolutions_add_up(name: str) -> None:
    facts = PACKAGES[name]
    deps = facts["with_deps"]
    assert deps["dists"] >= 1
    assert deps["largest_wheel_mb"] <= deps["wheels_mb"] <= deps["unpacked_mb"]
    assert deps.get("gpu_stack_wheels_mb", 0) <= deps["wheels_mb"]
    assert deps.get("gpu_stack_unpacked_mb", 0) <= deps["unpacked_mb"]
    wheel = facts.get("wheel_mb")
    if wheel is not None:
        low, high = wheel
        assert low <= high
        assert facts.get("unpacked_mb", 0) >= high
    # A resolution that pulls GPU wheels is one the table marks as pulling CUDA.
    if deps.get("gpu_stack_wheels_mb"):
        assert facts["cuda"] in ("pulled-on-linux", "is-cuda")


def test_packages_from_the_brief_are_all_present() -> None:
    for name in (
        "torch", "torchvision", "torchaudio", "tensorflow", "tensorflow-cpu", "tensorflow-gpu", "jax", "jaxlib",
        "jax[cuda12]", "prophet", "fbprophet", "xgboost", "lightgbm", "opencv-python", "opencv-python-headless",
        "opencv-contrib-python", "transformers", "detectron2", "spacy", "en-core-web-sm", "en-core-web-md",
        "en-core-web-lg", "en-core-web-trf", "nvidia-cudnn-cu12", "nvidia-cublas-cu12", "onnxruntime",
        "onnxruntime-gpu", "scipy", "numpy", "pandas", "scikit-learn", "catboost", "paddlepaddle", "mxnet",
        "triton", "bitsandbytes", "flash-attn", "vllm", "deepspeed", "conda",
    ):  # fmt: skip
        assert name in PACKAGES, name


def test_lookup_normalises_names_and_prefers_an_extras_entry() -> None:
    assert lookup("Torch") is PACKAGES["torch"]
    assert lookup("opencv_python.headless") is PACKAGES["opencv-python-headless"]
    assert lookup("en_core_web_sm") is PACKAGES["en-core-web-sm"]
    assert lookup("jax", ["CUDA12"]) is PACKAGES["jax[cuda12]"]
    assert lookup("jax", ["cpu"]) is PACKAGES["jax"]
    assert lookup("tensorflow", ["and_cuda"]) is PACKAGES["tensorflow[and-cuda]"]
    assert lookup("left-pad") is None


def test_torch_from_pypi_pulls_gigabytes_of_gpu_wheels_and_the_cpu_build_does_not() -> None:
    torch = PACKAGES["torch"]
    assert torch["cuda"] == "pulled-on-linux"
    deps = torch["with_deps"]
    assert deps.get("gpu_stack_wheels_mb", 0) > 2 * deps["largest_wheel_mb"]
    assert torch["cpu_alternative"] is not None and "download.pytorch.org/whl/cpu" in torch["cpu_alternative"]


# Peak RSS measured with /usr/bin/time -f %M (KiB) for: wheel size in MB, pip generation, cache state.
MEASURED = [
    (273.829956, (23, 2), "cold", [849660, 849900, 852212]),
    (273.829956, (23, 2), "warm", [1384552, 1384820, 1386948]),
    (273.829956, (24, 0), "cold", [309148, 311804, 315112, 315248]),
    (191.794682, (23, 2), "cold", [609692, 611932]),
    (191.794682, (23, 2), "warm", [984216, 986548]),
    (191.794682, (24, 0), "cold", [235084]),
    (97.159502, (23, 2), "cold", [332112, 332300, 334572]),
    (97.159502, (23, 2), "warm", [522148, 522224, 524512]),
    (97.159502, (24, 0), "cold", [136696, 139284, 142596]),
    (273.829956, (24, 0), "warm", [114320, 115380, 117664]),
    (191.794682, (24, 0), "off", [140252]),
    (273.829956, (22, 0), "off", [117316, 117604, 119924]),
]


@pytest.mark.parametrize(("wheel_mb", "pip", "cache", "peaks_kib"), MEASURED)
def test_pip_memory_model_covers_the_measurements(
    wheel_mb: float, pip: tuple[int, int], cache: str, peaks_kib: list[int]
) -> None:
    low, high = pip_peak_mib(wheel_mb, pip, cache)
    for peak in peaks_kib:
        assert low <= peak * KIB / MIB <= high


def test_pip_memory_unknown_version_spans_both_generations() -> None:
    old = pip_peak_mib(539, (23, 0), "warm")
    new = pip_peak_mib(539, (24, 0), "warm")
    both = pip_peak_mib(539, None, "warm")
    assert both == (min(old[0], new[0]), max(old[1], new[1]))
    assert pip_peak_mib(5000, None, "off") == ml_packages.PIP_NO_CACHE_MIB


def test_largest_wheel_and_installed_size() -> None:
    assert largest_wheel_mb(PACKAGES["torch"]) == PACKAGES["torch"]["with_deps"]["largest_wheel_mb"]
    assert largest_wheel_mb(PACKAGES["jaxlib"]) == PACKAGES["jaxlib"]["wheel_mb"][1]
    assert largest_wheel_mb(PACKAGES["detectron2"]) is None
    low, high = installed_mb(PACKAGES["numpy"]) or (0, 0)
    assert low < high
    assert low >= PACKAGES["numpy"]["with_deps"]["unpacked_mb"]


def test_docs_page_holds_the_generated_tables() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert text[text.index(BEGIN) : text.index(END) + len(END)] + "\n" == render_markdown()
