"""Reading a Dockerfile from disk: bytes to text, with clear errors for what is not a text Dockerfile."""

from __future__ import annotations

import os

# Larger inputs are refused before reading: no real Dockerfile comes near this.
MAX_BYTES = 64 * 1024 * 1024


class InputError(Exception):
    """The input cannot be read as a UTF-8 text Dockerfile (``line``/``col`` locate the problem)."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is kept: the tree reproduces it); binary and other encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is UTF-16; Docker reads Dockerfiles as UTF-8 (save it as UTF-8)")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise InputError("binary file (NUL byte): not a Dockerfile", line, col)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _position(data, err.start)
        raise InputError(f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8", line, col) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, col


def read_dockerfile(path: str) -> str:
    try:
        size = os.path.getsize(path)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}") from None
    if size > MAX_BYTES:
        raise InputError(f"file too large ({size} bytes; the limit is {MAX_BYTES})")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}") from None
    return decode(data)
