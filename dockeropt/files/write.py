"""Writing: fixes to the user's files, and the files dockeropt generates.

A fixed file (:func:`edit`) is written whole or not at all, through a temporary file in its folder
and a rename, and only when nothing else has changed it since it was read: the file is locked
(``flock``) while it is read, fixed and written, so two ``dockeropt fix`` runs take turns, and
its bytes and stat are compared just before the rename, so an editor's save in between is not
lost (:class:`FileChanged`; the caller reads it again). A symbolic link is followed (the target is
fixed, the link stays); a file with several hard links, a read-only file, and a file whose owner,
group or mode bits (setuid, setgid, sticky included) the new file could not keep are refused.

Generated files (:func:`write_new_files`, :func:`write_report`) never write through a symbolic
link: the file is made beside the destination and renamed over it (a link there is replaced, its
target is never touched); an existing file is replaced only when the caller allows it. Several
files are all written before any is renamed into place: an error leaves none half-written.

A temporary file is named ``.NAME.dockeropt-PID-XXXXXXXX.tmp``; it exists only while dockeropt
writes it, and a later write into the same folder removes any whose process is gone (killed with
``kill -9`` meanwhile) or that is over an hour old.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time

from dockeropt.files.read import MAX_BYTES, NotRegularFile, file_kind, read_fd, reason

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

LOCK_TIMEOUT = 30.0  # seconds to wait for another dockeropt run to finish with a file
STALE_SECONDS = 3600.0  # a temporary file this old is stale whatever its process
_TEMP_NAME = re.compile(r"^\..*\.dockeropt-(\d+)-[0-9a-f]{8}\.tmp$|^\.dockeropt-[a-z0-9_]{8}$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class WriteError(Exception):
    """A file could not be written; the message is one line and names the file. Nothing was changed."""


class FileChanged(WriteError):
    """The file changed on disk since it was read: the fix was computed from old text."""


def _temp_name(folder: str, name: str) -> str:
    # os.urandom, as secrets.token_hex does it: importing secrets loads hashlib and OpenSSL
    return os.path.join(folder, f".{name}.dockeropt-{os.getpid()}-{os.urandom(4).hex()}.tmp")


def remove_stale_temps(folder: str) -> list[str]:
    """Remove the temporary files a killed dockeropt left in ``folder`` (their process is gone, or
    they are over an hour old); the names removed."""
    removed: list[str] = []
    try:
        with os.scandir(folder) as entries:
            candidates = [(e.name, e.path) for e in entries if _TEMP_NAME.match(e.name)]
    except OSError:
        return removed
    now = time.time()
    for name, path in candidates:
        match = _TEMP_NAME.match(name)
        pid = int(match.group(1)) if match is not None and match.group(1) else None
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid():
            continue
        if pid == os.getpid():
            continue
        if now - st.st_mtime < STALE_SECONDS and pid is not None and _alive(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(path)
            removed.append(name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


class _Temp:
    """A temporary file beside its destination, named so that it is known for dockeropt's."""

    def __init__(self, folder: str, name: str, mode: int) -> None:
        self.path: str | None = _temp_name(folder, name)
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        os.fsync(self.fd)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def discard(self) -> None:
        self.close()
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self.path = None


def _sync_folder(folder: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- fixing a user's file in place ------------------------------------------------------------------


class Original:
    """A file read for editing, locked until the edit ends: its bytes and its stat when read."""

    def __init__(self, path: str, real: str, fd: int, data: bytes, st: os.stat_result) -> None:
        self.path = path  # as given (maybe a link)
        self.real = real  # the file itself
        self.fd = fd
        self.data = data
        self.stat = st

    def refusal(self) -> str | None:
        """Why this file will not be rewritten, or None."""
        st = self.stat
        if st.st_nlink > 1:
            return (
                f"has {st.st_nlink} hard links: a rewrite would give this name a new file and leave the "
                "other names with the old text (use --diff and apply the change yourself)"
            )
        if not st.st_mode & 0o222 or not os.access(self.real, os.W_OK):
            return f"is read-only (mode {stat.S_IMODE(st.st_mode):04o})"
        return None

    def replace(self, text: str) -> None:
        """Write ``text`` over the file, atomically, if it is still what was read."""
        refused = self.refusal()
        if refused is not None:
            raise WriteError(f"{self.path}: {refused}; not changed")
        data = text.encode("utf-8")
        folder = os.path.dirname(self.real) or "."
        st = self.stat
        mode = stat.S_IMODE(st.st_mode)
        remove_stale_temps(folder)
        try:
            temp = _Temp(folder, os.path.basename(self.real), 0o600)
        except OSError as err:
            raise WriteError(f"{self.path}: cannot write in {folder}: {reason(err)}; not changed") from None
        try:
            try:
                tst = os.fstat(temp.fd)
                if (tst.st_uid, tst.st_gid) != (st.st_uid, st.st_gid):
                    os.fchown(temp.fd, st.st_uid, st.st_gid)  # before the mode: chown clears setuid/setgid
                os.fchmod(temp.fd, mode)
            except OSError:
                raise WriteError(
                    f"{self.path}: cannot give the new file the owner {st.st_uid}:{st.st_gid} and mode {mode:04o} "
                    "of the old one; not changed"
                ) from None
            if stat.S_IMODE(os.fstat(temp.fd).st_mode) != mode:  # the system dropped setgid (not in the group)
                raise WriteError(f"{self.path}: cannot keep the mode {mode:04o} (setgid/setuid bits); not changed")
            temp.write(data)
            self.check_unchanged()  # an editor saved meanwhile: its text wins, the fix is made again
            assert temp.path is not None
            os.replace(temp.path, self.real)
            temp.path = None
        except OSError as err:
            raise WriteError(f"{self.path}: cannot write: {reason(err)}; not changed") from None
        finally:
            temp.discard()
        _sync_folder(folder)

    def check_unchanged(self) -> None:
        try:
            now = os.stat(self.real)
        except OSError:
            raise FileChanged(f"{self.path}: removed or renamed while it was being fixed; not written") from None
        old = self.stat
        same = (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns) == (
            old.st_dev,
            old.st_ino,
            old.st_size,
            old.st_mtime_ns,
        )
        if not same or read_fd(self.fd, self.real, MAX_BYTES + 1, head=True, offset=0) != self.data:
            raise FileChanged(f"{self.path}: changed while it was being fixed; not written")


def _lock(fd: int, path: str, timeout: float) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: the compare before the rename still guards
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WriteError(
                    f"{path}: another process holds it locked (another dockeropt fix?); not changed"
                ) from None
            time.sleep(0.02)
        except OSError:  # a file system without locks (some network ones)
            return


def _open_locked(path: str, real: str, limit: int, lock_timeout: float) -> tuple[int, bytes, os.stat_result]:
    for _ in range(20):
        try:
            st = os.stat(real)
            if not stat.S_ISREG(st.st_mode):
                raise NotRegularFile(0, f"not a regular file ({file_kind(st.st_mode)})", path)
            fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC)
        except OSError as err:
            raise WriteError(f"{path}: cannot read: {reason(err)}") from None
        try:
            _lock(fd, path, lock_timeout)
            st = os.fstat(fd)
            try:
                now = os.stat(real)
            except OSError:
                now = None
            if now is None or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
                os.close(fd)
                continue  # replaced while we waited for the lock (another fix wrote it): open the new file
            if not stat.S_ISREG(st.st_mode):
                raise WriteError(f"{path}: not a regular file ({file_kind(st.st_mode)})")
            return fd, read_fd(fd, path, limit, offset=0), st
        except BaseException as err:
            os.close(fd)
            if isinstance(err, OSError):
                raise WriteError(f"{path}: cannot read: {reason(err)}") from None
            raise
    raise FileChanged(f"{path}: keeps being replaced; not changed")


@contextlib.contextmanager
def edit(path: str, limit: int = MAX_BYTES, lock_timeout: float = LOCK_TIMEOUT) -> Iterator[Original]:
    """Read ``path`` for a rewrite and hold it locked until the block ends; ``Original.replace``
    writes the new text. A symbolic link is followed: its target is what is read and rewritten.
    Reading errors (and a file larger than ``limit``) raise :class:`WriteError`."""
    real = os.path.realpath(path)
    fd, data, st = _open_locked(path, real, limit, lock_timeout)
    try:
        yield Original(path, real, fd, data, st)
    finally:
        os.close(fd)


# -- generated files -------------------------------------------------------------------------------


class OutputExists(WriteError):
    """A generated file would replace an existing one and the caller did not allow it."""


def write_new_files(files: Sequence[tuple[str, str, int]], *, overwrite: bool = False) -> None:
    """Write each ``(path, text, mode)`` (mode before the umask), all or none.

    Without ``overwrite`` an existing path (a symbolic link too, even a dangling one) raises
    :class:`OutputExists` before anything is written. With it, a regular file or a link is
    replaced (a link's target is never written); anything else is refused.
    """
    for path, _, _ in files:
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        except OSError as err:
            raise WriteError(f"{path}: {reason(err)}; nothing written") from None
        if stat.S_ISLNK(st.st_mode):
            if not overwrite:
                raise OutputExists(f"{path} exists (a symbolic link); nothing written")
        elif not stat.S_ISREG(st.st_mode):
            raise WriteError(f"{path} exists and is {file_kind(st.st_mode)}; nothing written")
        elif not overwrite:
            raise OutputExists(f"{path} exists; nothing written")
    temps: list[tuple[_Temp, str]] = []
    try:
        for path, text, mode in files:
            folder = os.path.dirname(os.path.abspath(path))
            remove_stale_temps(folder)
            temp = _Temp(folder, os.path.basename(path), mode)
            temps.append((temp, path))
            temp.write(text.encode("utf-8"))
        for temp, path in temps:
            assert temp.path is not None
            if overwrite:
                os.replace(temp.path, path)
            else:
                os.link(temp.path, path, follow_symlinks=False)  # fails if anything appeared there meanwhile
                os.unlink(temp.path)
            temp.path = None
    except FileExistsError as err:
        raise OutputExists(f"{err.filename2 or err.filename} appeared while writing; not replaced") from None
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) and ".dockeropt-" not in err.filename else None
        target = where or (temps[-1][1] if temps else files[0][0])
        raise WriteError(f"cannot write {target}: {reason(err)}; nothing written") from None
    finally:
        for temp, _ in temps:
            temp.discard()


_STREAMS = {"/dev/stdout": "stdout", "/dev/fd/1": "stdout", "/dev/stderr": "stderr", "/dev/fd/2": "stderr"}


def write_report(path: str, text: str) -> None:
    """A report the user asked for (``--output``): replaces a regular file or a link atomically;
    a device or FIFO the user named (/dev/null) is written into; /dev/stdout and /dev/stderr are
    the process's own streams, written in order with the rest of its output."""
    stream = _STREAMS.get(path)
    if stream is not None:
        import sys

        out = getattr(sys, stream)
        try:
            out.write(text)
            out.flush()
        except OSError as err:
            raise WriteError(f"cannot write {path}: {reason(err)}") from None
        return
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise WriteError(f"cannot write {path}: {reason(err)}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(f"cannot write {path}: is a directory")
    special = os.path.abspath(path).startswith(("/dev/", "/proc/"))  # /dev/stdout may lead to a regular file
    if st is not None and (special or not stat.S_ISREG(st.st_mode)):
        _write_into(path, text.encode("utf-8"))
        return
    try:
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
    except OSError as err:
        raise WriteError(f"cannot write {path}: {reason(err)}") from None
    write_new_files([(path, text, 0o666)], overwrite=True)


def _write_into(path: str, data: bytes) -> None:
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | _CLOEXEC
    try:
        fd = os.open(path, flags)  # a FIFO without a reader fails (ENXIO) instead of blocking
    except OSError as err:
        raise WriteError(f"cannot write {path}: {reason(err)}") from None
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as err:
        raise WriteError(f"cannot write {path}: {reason(err)}") from None
    finally:
        os.close(fd)
