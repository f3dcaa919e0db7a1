"""Reading the files dockeropt works on: Dockerfiles, and the build context's manifests, ignore
files, CI files and configuration.

Every read goes through :func:`read_bytes`: only regular files (a FIFO, a device such as
/dev/zero, a socket or a folder is refused before it is opened, and checked again once it is
open), opened non-blocking (a FIFO swapped in meanwhile cannot block), and read with the size limit
enforced while reading, not taken from ``stat``.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import BinaryIO

# No real Dockerfile comes near this.
MAX_BYTES = 64 * 1024 * 1024
# Manifests, ignore files, CI files and configuration: the largest real ones are a few hundred KB.
MAX_AUX_BYTES = 8 * 1024 * 1024
_CHUNK = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class InputError(Exception):
    """The input cannot be read as a UTF-8 text Dockerfile (``line``/``col`` locate the problem)."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: never read (it could block or never end)."""


class FileTooLarge(OSError):
    """The file is larger than the limit for its kind (found while reading, whatever ``stat`` said)."""


def file_kind(mode: int) -> str:
    """What a non-regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_special(path: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = file_kind(mode)
        message = "is a directory" if kind == "a directory" else f"not a regular file ({kind})"
        raise NotRegularFile(0, message, path)


def format_size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 and n % (1024 * 1024) == 0 else f"{n} bytes"


def read_bytes(path: str, limit: int = MAX_AUX_BYTES, *, head: bool = False) -> bytes:
    """The bytes of the regular file ``path`` (symbolic links followed).

    More than ``limit`` bytes raises :class:`FileTooLarge`, or with ``head`` gives the first
    ``limit`` bytes. Anything but a regular file raises :class:`NotRegularFile`; other failures
    raise the ``OSError`` of the system call.
    """
    _refuse_special(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        _refuse_special(path, os.fstat(fd).st_mode)  # swapped for a FIFO since the stat: O_NONBLOCK kept us going
        return read_fd(fd, path, limit, head=head)
    finally:
        os.close(fd)


def read_fd(fd: int, path: str, limit: int, *, head: bool = False, offset: int | None = None) -> bytes:
    """Up to ``limit`` bytes from ``fd`` (from ``offset`` when given); more raises FileTooLarge
    unless ``head``."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        want = min(_CHUNK, limit + 1 - total)
        chunk = os.pread(fd, want, offset + total) if offset is not None else os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        if head:
            return data[:limit]
        raise FileTooLarge(0, f"larger than the {format_size(limit)} limit", path)
    return data


def read_text(path: str, limit: int = MAX_AUX_BYTES, *, errors: str = "strict") -> str:
    """A text file as ``open(path, encoding="utf-8")`` reads it (universal newlines), through
    :func:`read_bytes`; undecodable bytes raise UnicodeDecodeError unless ``errors="replace"``."""
    text = read_bytes(path, limit).decode("utf-8", errors)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def digest_file(path: str, update: Callable[[bytes], object]) -> None:
    """Feed the regular file ``path`` to ``update`` (a hashlib object's), a chunk at a time."""
    _refuse_special(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        _refuse_special(path, os.fstat(fd).st_mode)
        while chunk := os.read(fd, _CHUNK):
            update(chunk)
    finally:
        os.close(fd)


def reason(err: OSError) -> str:
    """A one-line reason for a failed read or write: the system's words, without the path."""
    return str(err.strerror or err)


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is kept: the tree reproduces it); binary and other encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is UTF-16; Docker reads Dockerfiles as UTF-8 (save it as UTF-8)")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise InputError("binary file (NUL byte): not a Dockerfile", line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _position(data, err.start)
        raise InputError(f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8", line, col) from None
    if "\n" not in text and "\r" in text.rstrip("\r"):
        raise InputError(
            "the lines end in CR alone (classic Mac OS line ends): Docker splits lines only at LF and would read "
            "the whole file as one line; save it with LF (or CRLF) line ends",
            1,
            text.index("\r") + 1,
        )
    return text


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, col


def read_dockerfile(path: str) -> str:
    """A Dockerfile's text; anything that is not a readable UTF-8 regular file raises InputError."""
    try:
        data = read_bytes(path, MAX_BYTES)
    except FileTooLarge:
        raise InputError(f"file too large (the limit is {format_size(MAX_BYTES)})") from None
    except OSError as err:
        message = reason(err)
        raise InputError(message if isinstance(err, NotRegularFile) else f"cannot read: {message}") from None
    return decode(data)


def read_stdin(stream: BinaryIO, limit: int = MAX_BYTES) -> bytes:
    """Standard input, up to ``limit`` bytes (``cat /dev/zero | dockeropt check -`` ends)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"standard input is larger than the {format_size(limit)} limit")
    return data
