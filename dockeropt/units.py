"""Sizes in bytes: the one convention of the project, and how each tool writes sizes.

- Sizes of files, downloads, layers and images are SI: ``KB``/``MB``/``GB`` = 10^3/10^6/10^9 bytes,
  as PyPI, registries and ``docker images`` count them and as the reports print them
  (:func:`format_size`).
- Memory is binary: ``KIB``/``MIB``/``GIB`` = 2^10/2^20/2^30 bytes, as ``docker build --memory``,
  cgroups and CI runner settings count it (``4g`` is 4 GiB) and as the reports print it
  (:func:`format_memory`).

Parsers are named for the tool whose syntax they read: :func:`parse_docker_size` (Docker's
``--memory``, Bitbucket's ``memory:``), :func:`parse_k8s_quantity` (Kubernetes), and
:func:`parse_dd_size` (``dd``, ``fallocate``, ``truncate``).
"""

from __future__ import annotations

import re

from dockeropt.lazyre import lazy_compile

KB = 10**3
MB = 10**6
GB = 10**9
KIB = 2**10
MIB = 2**20
GIB = 2**30

# docker/go-units RAMInBytes: binary multiples, optional "i" and "b", case-insensitive, decimals allowed.
_DOCKER_SIZE = lazy_compile(r"^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$", re.IGNORECASE)
_BINARY = {"": 1, "k": KIB, "m": MIB, "g": GIB, "t": 2**40, "p": 2**50}
# Kubernetes resource.Quantity: Ki/Mi/Gi... are binary, k/M/G... decimal, a bare number is bytes.
_K8S_SIZE = lazy_compile(r"^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
_K8S_UNITS = {
    "": 1,
    "Ki": KIB,
    "Mi": MIB,
    "Gi": GIB,
    "Ti": 2**40,
    "Pi": 2**50,
    "Ei": 2**60,
    "k": KB,
    "M": MB,
    "G": GB,
    "T": 10**12,
    "P": 10**15,
    "E": 10**18,
}
# coreutils (dd, fallocate, truncate): K/M/G and KiB… are binary, KB/MB/GB decimal; dd's c, w, b
# are 1, 2 and 512 bytes.
_DD_SIZE = lazy_compile(r"^(\d+)([kmgtcwb]?)(i?b?)$", re.IGNORECASE)
_DD_BINARY = {"": 1, "c": 1, "w": 2, "b": 512, "k": KIB, "m": MIB, "g": GIB, "t": 2**40}
_DD_DECIMAL = {"k": KB, "m": MB, "g": GB, "t": 10**12}


def parse_docker_size(text: str | int, bare_unit: int = 1) -> int:
    """Bytes in a size written as Docker reads ``--memory`` ("1g", "1024m", "2GB", "512MiB", "1.5g").

    A bare number is multiplied by ``bare_unit``: 1 for Docker (bytes), ``MIB`` for Bitbucket's
    ``memory: 3072``. Raises ValueError for anything Docker would refuse.
    """
    if isinstance(text, bool):
        raise ValueError(f"not a size: {text!r}")
    if isinstance(text, int):
        return text * bare_unit
    match = _DOCKER_SIZE.match(text.strip())
    if match is None:
        raise ValueError(f"not a size: {text!r}")
    number, unit = match.group(1), (match.group(2) or "").lower()
    if number.count(".") > 1:
        raise ValueError(f"not a size: {text!r}")
    multiplier = _BINARY[unit] if unit else bare_unit
    return int(float(number) * multiplier)


def parse_k8s_quantity(text: str | int) -> int:
    """Bytes in a Kubernetes memory quantity ("2Gi", "500M", "1073741824")."""
    if isinstance(text, bool):
        raise ValueError(f"not a quantity: {text!r}")
    if isinstance(text, int):
        return text
    match = _K8S_SIZE.match(text.strip())
    if match is None:
        raise ValueError(f"not a quantity: {text!r}")
    return int(float(match.group(1)) * _K8S_UNITS[match.group(2) or ""])


def parse_dd_size(text: str) -> int | None:
    """Bytes in a size as ``dd``, ``fallocate`` and ``truncate`` read it ("1M", "1MB", "4KiB",
    "2048"); None if it is not one."""
    match = _DD_SIZE.match(text.strip())
    if not match:
        return None
    unit = match.group(2).lower()
    factor = _DD_BINARY.get(unit, 1)
    if match.group(3).lower() == "b" and unit in _DD_DECIMAL:
        factor = _DD_DECIMAL[unit]  # KB, MB: decimal
    return int(match.group(1)) * factor


def format_size(n: int) -> str:
    """A file or download size in SI units: ``12 MB``, ``1.5 GB``."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" or value >= 10 else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def format_size_range(low: int | None, high: int) -> str:
    if low is None or low == high:
        return format_size(high)
    lo, hi = format_size(low), format_size(high)
    if lo == hi:  # equal once rounded: "3.0 GB", not "3.0-3.0 GB"
        return hi
    lo_num, lo_unit = lo.split(" ")
    hi_num, hi_unit = hi.split(" ")
    return f"{lo_num}-{hi_num} {hi_unit}" if lo_unit == hi_unit else f"{lo}-{hi}"


def format_memory(n: int) -> str:
    """An estimated amount of memory in binary units: ``529 MiB``, ``1.7 GiB``."""
    if n >= GIB:
        value = n / GIB
        return f"{value:.1f} GiB" if value < 10 else f"{value:.0f} GiB"
    return f"{n / MIB:.0f} MiB"


def format_memory_range(low: int, high: int) -> str:
    lo, hi = format_memory(low), format_memory(high)
    if lo == hi:
        return hi
    lo_num, lo_unit = lo.split(" ")
    hi_num, hi_unit = hi.split(" ")
    return f"{lo_num}-{hi_num} {hi_unit}" if lo_unit == hi_unit else f"{lo}-{hi}"


def format_memory_limit(size: int) -> str:
    """A configured memory limit, exactly as whole MiB or GiB: ``3 GiB``, ``1536 MiB``."""
    mib = size / MIB
    if mib >= 1024 and mib % 1024 == 0:
        return f"{int(mib // 1024)} GiB"
    return f"{round(mib)} MiB"
