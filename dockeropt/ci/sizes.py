"""Memory sizes as each tool writes them: Docker's ``--memory``, Bitbucket's ``memory:``, Kubernetes quantities."""

from __future__ import annotations

import re

from dockeropt.lazyre import lazy_compile

MIB = 1024 * 1024

# docker/go-units RAMInBytes: binary multiples, optional "i" and "b", case-insensitive, decimals allowed.
_DOCKER_SIZE = lazy_compile(r"^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$", re.IGNORECASE)
_BINARY = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}
# Kubernetes resource.Quantity: Ki/Mi/Gi... are binary, k/M/G... decimal, a bare number is bytes.
_K8S_SIZE = lazy_compile(r"^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
_K8S_UNITS = {
    "": 1,
    "Ki": 1 << 10,
    "Mi": 1 << 20,
    "Gi": 1 << 30,
    "Ti": 1 << 40,
    "Pi": 1 << 50,
    "Ei": 1 << 60,
    "k": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "P": 10**15,
    "E": 10**18,
}


def parse_size(text: str | int, bare_unit: int = 1) -> int:
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


def format_mib(size: int) -> str:
    """'3072 MiB' or '4 GiB' for messages."""
    mib = size / MIB
    if mib >= 1024 and mib % 1024 == 0:
        return f"{int(mib // 1024)} GiB"
    return f"{round(mib)} MiB"
