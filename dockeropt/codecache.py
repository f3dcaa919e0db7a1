"""The compiled code of dockeropt's modules in one file, so that starting costs one open.

Importing a module from its ``.pyc`` costs the import system's search (a stat of the folder and of
the source, an open, a read) and some Python code of its own: with the hundred-odd modules a check
imports, that is about a sixth of ``dockeropt check`` on a small file. So a run that imported
modules the usual way writes their code, with the size and mtime of each source file, into one file
of the cache folder (``$DOCKEROPT_CACHE_DIR``, else ``$XDG_CACHE_HOME/dockeropt``, else
``~/.cache/dockeropt``) when it exits; later runs take those modules from it, after a stat of the
source that must still be the same file, as Python checks a ``.pyc``. A module that is not in it, or
has changed, is imported the usual way, and the file is written again at exit. The file is an
index (each module's source stamp and where its code lies) and the code after it: a run reads the
index and then only the code of the modules it imports (reading the ~2 MB of every module the
commands ever imported cost ~4% of a small check).

Nothing is written when Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``, ``-B``)
or without a cache folder (``DOCKEROPT_CACHE_DIR=`` turns it off). Only modules of the ``dockeropt``
package (the built-in rules included) are kept; their files, tracebacks and ``__file__`` are the
ones of the installed package.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys

try:  # (the import system's own module, loaded before any other: importlib.machinery imports more)
    from _frozen_importlib import ModuleSpec
except ImportError:  # pragma: no cover - a Python without it
    from importlib.machinery import ModuleSpec

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType, ModuleType
    from typing import Any

FORMAT = 3
PREFIX = "dockeropt."
MAX_BYTES = 64 * 1024 * 1024  # the cache of every module is ~2 MB
# name -> (source path, mtime in ns, size, is a package, its .pyc's path or None, marshalled code)
Entry = tuple[str, int, int, bool, "str | None", bytes]
# as the file's index keeps it: the code's (offset, length) after the index instead of the code
Indexed = tuple[str, int, int, bool, "str | None", tuple[int, int]]
_HEADER = 8  # the index's length, little-endian


def cache_dir() -> str | None:
    """``$DOCKEROPT_CACHE_DIR``, else ``$XDG_CACHE_HOME/dockeropt``, else ``~/.cache/dockeropt``
    (``None`` when there is no home folder; ``DOCKEROPT_CACHE_DIR=`` turns the caches off)."""
    explicit = os.environ.get("DOCKEROPT_CACHE_DIR")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dockeropt") if os.path.isabs(base) else None


def cache_file(package_dir: str) -> str | None:
    """Where the code of the package installed in ``package_dir`` is kept, for this Python."""
    folder = cache_dir()
    if folder is None:
        return None
    where = f"{package_dir}\0{sys.version}\0{sys.flags.optimize}".encode("utf-8", "surrogatepass")
    return os.path.join(folder, f"code-{cache_key(where):032x}.bin")


_PRIME = (1 << 127) - 1


def cache_key(data: bytes) -> int:
    """A 127-bit number to name a cache file after ``data``. Not cryptographic: every cache file is
    checked against what it was made from (sources' stamps, the text itself), so a clash only costs
    the work again. zlib or hashlib would load a shared library, more than a small check spends on
    the rest of its start-up (Python's own ``hash`` changes from run to run)."""
    return int.from_bytes(data + b"\x01", "little") % _PRIME


class CodeCache:
    """A finder and loader of the modules kept in the cache file (installed first in ``sys.meta_path``)."""

    def __init__(self, path: str, stored: StoredCode) -> None:
        self.path = path
        self.stored = stored
        self.loaded: dict[str, bytes] = {}  # code read by find_spec, for exec_module
        self.stale = False  # a module of ours was imported without the cache: write it again at exit

    # -- the import system's finder and loader protocols -------------------------------------------
    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if not fullname.startswith(PREFIX):
            return None
        entry = self.stored.index.get(fullname)
        code = self.stored.code(entry) if entry is not None and _unchanged(entry) else None
        if entry is None or code is None:
            self.stale = True
            return None
        self.loaded[fullname] = code
        source, _, _, package, cached, _ = entry
        spec = ModuleSpec(fullname, self, origin=source, is_package=package)  # type: ignore[arg-type]
        spec.has_location = True  # __file__ is the source's
        if cached is not None:
            spec.cached = cached  # __cached__ as Python gives it (working it out again: ~1% of a check)
        if package:
            spec.submodule_search_locations = [os.path.dirname(source)]
        return spec

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return None  # the usual module object

    def exec_module(self, module: ModuleType) -> None:
        exec(self.get_code(module.__name__), module.__dict__)

    def get_code(self, fullname: str) -> CodeType:
        data = self.loaded.pop(fullname, None)
        if data is None:
            data = self.stored.code(self.stored.index[fullname])
            if data is None:
                raise ImportError(f"{fullname}: its code cannot be read from {self.path}", name=fullname)
        code: CodeType = marshal.loads(data)
        return code

    def get_filename(self, fullname: str) -> str:
        return self.stored.index[fullname][0]

    def get_source(self, fullname: str) -> str:
        return read_regular(self.stored.index[fullname][0], MAX_BYTES).decode("utf-8")

    def is_package(self, fullname: str) -> bool:
        return self.stored.index[fullname][3]

    # -- writing -------------------------------------------------------------------------------------
    def save(self) -> None:
        """Write the cache again if a module of ours was imported without it (called at exit)."""
        if not self.stale or sys.dont_write_bytecode:
            return
        entries: dict[str, Entry] = {}
        for name, kept in self.stored.index.items():
            code = self.stored.code(kept) if _unchanged(kept) else None
            if code is not None:
                entries[name] = (*kept[:5], code)
        for name, module in list(sys.modules.items()):
            if name.startswith(PREFIX) and name not in entries and module is not None:
                entry = _entry_of(module)
                if entry is not None:
                    entries[name] = entry
        write(self.path, entries)


def _unchanged(entry: Entry | Indexed) -> bool:
    try:
        st = os.stat(entry[0])
    except OSError:
        return False
    return st.st_mtime_ns == entry[1] and st.st_size == entry[2]


def _entry_of(module: ModuleType) -> Entry | None:
    """A module imported from a source file, as the cache keeps it (its code as its loader gives it)."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    source = getattr(spec, "origin", None)
    if spec is None or not isinstance(source, str) or not source.endswith(".py") or isinstance(loader, CodeCache):
        return None
    get_code = getattr(loader, "get_code", None)
    if get_code is None:
        return None
    try:
        st = os.stat(source)
        code = get_code(spec.name)
    except (OSError, ImportError, SyntaxError):
        return None
    if code is None:
        return None
    package = spec.submodule_search_locations is not None
    return (source, st.st_mtime_ns, st.st_size, package, getattr(spec, "cached", None), marshal.dumps(code))


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them (OSError otherwise). This
    module sits below ``dockeropt.files`` (the package imports it first), so it reads its own way,
    with the same care: never a FIFO or a device, never without bound."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(f"{path}: not a regular file")
        if st.st_size > limit:
            raise OSError(f"{path}: larger than {limit} bytes")
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, max(st.st_size - size, 0) + 1)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise OSError(f"{path}: larger than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class StoredCode:
    """The cache file, open: its index (``Entry`` with the code's place instead of the code) and
    the code of one module on demand."""

    def __init__(self, index: dict[str, Indexed], fd: int | None = None, start: int = 0, data: bytes = b"") -> None:
        self.index = index
        self.fd = fd  # read with pread (kept open to the end of the run) from ``start`` on ...
        self.start = start
        self.data = data  # ... or, without pread (Windows), all the code, read at once

    def code(self, entry: Indexed) -> bytes | None:
        """The marshalled code of ``entry`` (None when the file does not hold it whole)."""
        place = entry[5]
        if not (isinstance(place, tuple) and len(place) == 2):
            return None
        offset, length = place
        if self.fd is not None:
            try:
                data = os.pread(self.fd, length, self.start + offset)
            except OSError:
                return None
        else:
            data = self.data[offset : offset + length]
        return data if len(data) == length else None


def read(path: str) -> StoredCode:
    """The cache file at ``path`` (no modules when there is none, or it is not readable)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return StoredCode({})
    keep = False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return StoredCode({})
        size = int.from_bytes(os.read(fd, _HEADER), "little")
        if size > MAX_BYTES:
            return StoredCode({})
        head = os.read(fd, size)
        data = marshal.loads(head) if len(head) == size else None
        if not isinstance(data, tuple) or len(data) != 2 or data[0] != FORMAT or not isinstance(data[1], dict):
            return StoredCode({})
        index: dict[str, Indexed] = data[1]
        if hasattr(os, "pread"):
            keep = True
            return StoredCode(index, fd, _HEADER + size)
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return StoredCode(index, data=b"".join(chunks))
    except (OSError, ValueError, EOFError, TypeError):
        return StoredCode({})
    finally:
        if not keep:
            os.close(fd)


def write(path: str, entries: dict[str, Entry]) -> None:
    """The cache file of these modules: the index, then their code."""
    index: dict[str, Indexed] = {}
    codes = []
    offset = 0
    for name, entry in entries.items():
        code = entry[5]
        index[name] = (*entry[:5], (offset, len(code)))
        codes.append(code)
        offset += len(code)
    head = marshal.dumps((FORMAT, index))
    write_atomically(path, b"".join([len(head).to_bytes(_HEADER, "little"), head, *codes]))


def write_atomically(path: str, data: bytes) -> None:
    """Write a file of the cache folder: readers see the old file or the new one, never half of one;
    a cache that cannot be written is left as it is (the next run does the work again)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except OSError:
        try:  # noqa: SIM105 (contextlib.suppress: an import of contextlib at every start)
            os.unlink(temporary)
        except OSError:
            pass


def read_json(path: str) -> Any:
    """The JSON data file ``path`` (one of dockeropt's own, e.g. the ML package table), parsed: from
    a marshal copy in the cache folder when that copy was made from this file (same size and mtime),
    else parsed and the copy written. json's import and parse of the table cost ~5% of checking a
    small file that installs Python packages; the copy, a read. ValueError for a file that is not JSON."""
    st = os.stat(path)
    folder = cache_dir()
    where = f"{os.path.abspath(path)}\0{sys.version}".encode("utf-8", "surrogatepass")
    copy = os.path.join(folder, f"data-{cache_key(where):032x}.bin") if folder else None
    if copy is not None:
        try:
            kept = marshal.loads(read_regular(copy, MAX_BYTES))
            if isinstance(kept, tuple) and len(kept) == 4 and kept[:3] == (FORMAT, st.st_mtime_ns, st.st_size):
                return kept[3]
        except (OSError, ValueError, EOFError, TypeError):
            pass  # no copy, or a damaged one: parsed again
    import json

    data = json.loads(read_regular(path, MAX_BYTES).decode("utf-8"))
    if copy is not None:
        write_atomically(copy, marshal.dumps((FORMAT, st.st_mtime_ns, st.st_size, data)))
    return data


def install(package_dir: str) -> CodeCache | None:
    """Serve dockeropt's modules from the cache file of the package in ``package_dir`` (and write
    that file at exit when a module had to be imported the usual way)."""
    path = cache_file(package_dir)
    if path is None:
        return None
    cache = CodeCache(path, read(path))
    sys.meta_path.insert(0, cache)
    import atexit

    atexit.register(cache.save)
    return cache
