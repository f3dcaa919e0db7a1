"""Heavy Python packages for Docker builds: download and unpacked sizes, CUDA pulls, CPU-only alternatives,
what happens on Alpine (musl), and how much memory pip needs to install them.

The figures are data: ``ml_packages.json`` beside this module (shipped as package data), with their
provenance: the day they were read or measured (``MEASURED_ON``), how (``SOURCES``; each package lists
the source keys its figures come from), the units (sizes in MB of 10**6 bytes as PyPI and pip print
them, memory in MiB) and what each field means (its ``fields`` list). The file is read on first use
of any of the names below, not when this module is imported.
"""

from __future__ import annotations

import os

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

    from typing import Any

    # loaded from ml_packages.json on first use (see __getattr__)
    MEASURED_ON: str
    SOURCES: dict[str, str]
    PACKAGES: dict[str, PackageFacts]
    # Peak RSS of pip (MiB) as base + slope * the largest wheel (MiB), per kind (old-cold, old-warm, new-cold)
    PIP_PEAK_MIB: dict[str, tuple[float, float]]
    PIP_NO_CACHE_MIB: tuple[int, int]  # --no-cache-dir, whatever the size
    PIP_NEW_SINCE: tuple[int, int]  # first pip with CacheControl 0.13
    INSTALLED_OVER_UNPACKED: tuple[float, float]  # installed size (with .pyc) over the wheel's files

DATA_FILE = os.path.join(os.path.dirname(__file__), "ml_packages.json")


class _Table:
    """The data file, read."""

    __slots__ = (
        "INSTALLED_OVER_UNPACKED",
        "MEASURED_ON",
        "PACKAGES",
        "PIP_NEW_SINCE",
        "PIP_NO_CACHE_MIB",
        "PIP_PEAK_MIB",
        "SOURCES",
    )

    def __init__(self, data: dict[str, Any]) -> None:
        packages: dict[str, PackageFacts] = data["packages"]
        for facts in packages.values():  # JSON has lists where the table has (low, high) pairs
            wheel, model = facts.get("wheel_mb"), facts.get("model_mb")
            if wheel is not None:
                facts["wheel_mb"] = (wheel[0], wheel[1])
            if model is not None:
                facts["model_mb"] = (model[0], model[1])
        memory = data["pip_memory"]
        self.MEASURED_ON: str = data["measured_on"]
        self.SOURCES: dict[str, str] = data["sources"]
        self.PACKAGES = packages
        self.PIP_PEAK_MIB: dict[str, tuple[float, float]] = {k: (v[0], v[1]) for k, v in memory["peak_mib"].items()}
        self.PIP_NO_CACHE_MIB: tuple[int, int] = (memory["no_cache_mib"][0], memory["no_cache_mib"][1])
        self.PIP_NEW_SINCE: tuple[int, int] = (memory["new_since"][0], memory["new_since"][1])
        over = data["installed_over_unpacked"]["range"]
        self.INSTALLED_OVER_UNPACKED: tuple[float, float] = (over[0], over[1])


_TABLE: list[_Table] = []


def _table() -> _Table:
    if not _TABLE:
        from dockeropt.codecache import read_json  # (parsed once, then a marshal copy is read)

        _TABLE.append(_Table(read_json(DATA_FILE)))
    return _TABLE[0]


def __getattr__(name: str) -> object:
    """``MEASURED_ON``, ``SOURCES``, ``PACKAGES`` … : read from the data file the first time one is asked for."""
    if name in _Table.__slots__:
        return getattr(_table(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_MB_TO_MIB = MB / MIB


def lookup(name: str, extras: Iterable[str] = ()) -> PackageFacts | None:
    """The facts for a requirement's name (with an extra that has its own entry, e.g. jax[cuda12])."""
    packages = _table().PACKAGES
    key = normalize_name(name)
    for extra in extras:
        facts = packages.get(f"{key}[{normalize_name(extra)}]")
        if facts is not None:
            return facts
    return packages.get(key)


def pip_peak_mib(largest_wheel_mb: float, pip_version: tuple[int, int] | None, cache: str) -> tuple[int, int]:
    """(low, high) MiB pip's process peaks at when its largest wheel is ``largest_wheel_mb`` MB.

    ``cache`` is ``cold`` (cache on, empty: a plain RUN pip install), ``warm`` (cache on and already holding
    the wheels: a cache mount) or ``off`` (--no-cache-dir / PIP_NO_CACHE_DIR). An unknown ``pip_version``
    spans old and new pip. The range is the measured line's -5 % / +10 %.
    """
    table = _table()
    if cache == "off":
        return table.PIP_NO_CACHE_MIB
    wheel_mib = largest_wheel_mb * _MB_TO_MIB
    kinds: list[str] = []
    if pip_version is None or pip_version < table.PIP_NEW_SINCE:
        kinds.append(f"old-{cache}")
    if pip_version is None or pip_version >= table.PIP_NEW_SINCE:
        kinds.append("new-cold" if cache == "cold" else "none")
    values: list[float] = []
    for kind in kinds:
        if kind == "none":
            values.extend(table.PIP_NO_CACHE_MIB)
            continue
        base, slope = table.PIP_PEAK_MIB[kind]
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
    low, high = _table().INSTALLED_OVER_UNPACKED
    return int(unpacked * low), int(unpacked * high)
