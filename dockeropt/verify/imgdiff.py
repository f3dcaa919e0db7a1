"""Flatten a container image into a file manifest and compare two images, files and config.

An image is read from the archive its builder writes: ``docker save`` / ``buildah push docker-archive:``
(a tar with ``manifest.json``) or an OCI image layout (``docker buildx build --output type=oci``,
``buildah push oci:``), as a tar or a directory. Layers are applied in order with their whiteouts
(``.wh.NAME`` hides NAME of lower layers, ``.wh..wh..opq`` hides a directory's lower content) and
hard links take the entry they link to, so the manifest is the file system a container would see.

Each path maps to what matters for the image's behaviour: type, permission bits, numeric owner,
content (sha256 and size), link target, device numbers and extended attributes. Modification times
are never compared (every build changes them), nor the source-mtime header of ``.pyc`` files.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import stat
import tarfile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from typing import IO

    Entry = dict[str, str]
    Manifest = dict[str, Entry]

# Paths that differ between two builds of the very same Dockerfile (logs, caches rebuilt with
# timestamps, backups of package databases). Ignored unless the caller passes its own list.
NOISE_PATHS: tuple[str, ...] = (
    "/var/log/apt/*",  # history.log, term.log, eipp.log.xz: dates and command lines
    "/var/log/dpkg.log",
    "/var/log/alternatives.log",
    "/var/log/bootstrap.log",
    "/var/cache/apt/*.bin",  # pkgcache.bin, srcpkgcache.bin: binary caches with mtimes inside
    "/var/cache/ldconfig/aux-cache",  # ldconfig's cache of file mtimes
    "/var/cache/debconf/*-old",  # debconf's backups: the state before the last package step
    "/var/lib/dpkg/*-old",  # status-old, diversions-old, statoverride-old: idem
    "/etc/ld.so.cache~",
)

# Files and directories a builder creates as mount points when it runs a RUN step. They exist
# empty in an image with at least one RUN, so a rewrite that removes the last RUN loses them.
RUN_MOUNT_POINTS: frozenset[str] = frozenset(
    {"/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/dev", "/proc", "/sys", "/run"}
)

# Image config keys compared; ``Author`` is top-level in the image config (MAINTAINER sets it).
CONFIG_KEYS: tuple[str, ...] = (
    "Env",
    "WorkingDir",
    "User",
    "Cmd",
    "Entrypoint",
    "ExposedPorts",
    "Labels",
    "Volumes",
    "Healthcheck",
    "Shell",
    "StopSignal",
    "OnBuild",
    "Author",
)

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_OCI_INDEX_TYPES = frozenset(
    {"application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"}
)


class ImageFormatError(Exception):
    """The archive is not an image this module can read (unknown layout, zstd layers, broken JSON)."""


class Image:
    """A flattened image: its file manifest and its config summary (key → canonical JSON or None)."""

    __slots__ = ("config", "files")

    def __init__(self, files: Manifest, config: dict[str, str | None]) -> None:
        self.files = files
        self.config = config


# --- content and entries ------------------------------------------------------------------------


def content_digest(stream: IO[bytes], name: str) -> str:
    """sha256 of a file's content; for a timestamp-based ``.pyc``, without its source mtime and size."""
    h = hashlib.sha256()
    if name.endswith(".pyc"):
        data = stream.read()
        # PEP 552 header: magic, flags, then mtime + source size when flags == 0 (hash-based otherwise)
        if len(data) >= 16 and data[4:8] == b"\0\0\0\0":
            data = data[:8] + data[16:]
        h.update(data)
    else:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _xattrs_of_tar_member(member: tarfile.TarInfo) -> str:
    found: dict[str, str] = {}
    for key, value in (member.pax_headers or {}).items():
        if key.startswith("SCHILY.xattr."):
            found[key[len("SCHILY.xattr.") :]] = value.encode("utf-8", "surrogateescape").hex()
        elif key.startswith("LIBARCHIVE.xattr."):
            import base64
            import urllib.parse

            name = urllib.parse.unquote(key[len("LIBARCHIVE.xattr.") :])
            padded = value + "=" * (-len(value) % 4)
            found[name] = base64.b64decode(padded).hex()
    return ",".join(f"{k}={found[k]}" for k in sorted(found))


def tar_member_entry(tar: tarfile.TarFile, member: tarfile.TarInfo) -> Entry:
    """The manifest entry of one tar member (hard links are resolved by the caller)."""
    entry: Entry = {"mode": oct(member.mode & 0o7777), "owner": f"{member.uid}:{member.gid}"}
    if member.isreg():
        stream = tar.extractfile(member)
        assert stream is not None  # a regular member always has content
        entry.update(type="file", size=str(member.size), sha256=content_digest(stream, member.name))
    elif member.isdir():
        entry["type"] = "dir"
    elif member.issym():
        entry.update(type="symlink", target=member.linkname)
    elif member.isfifo():
        entry["type"] = "fifo"
    elif member.ischr() or member.isblk():
        entry.update(type="chr" if member.ischr() else "blk", rdev=f"{member.devmajor},{member.devminor}")
    else:
        entry["type"] = "other"
    xattrs = _xattrs_of_tar_member(member)
    if xattrs:
        entry["xattrs"] = xattrs
    return entry


def path_entry(path: str) -> Entry:
    """The manifest entry of a file on disk (never following symlinks)."""
    st = os.lstat(path)
    mode = st.st_mode
    entry: Entry = {"mode": oct(stat.S_IMODE(mode)), "owner": f"{st.st_uid}:{st.st_gid}"}
    if stat.S_ISREG(mode):
        with open(path, "rb") as stream:
            entry.update(type="file", size=str(st.st_size), sha256=content_digest(stream, path))
    elif stat.S_ISDIR(mode):
        entry["type"] = "dir"
    elif stat.S_ISLNK(mode):
        entry.update(type="symlink", target=os.readlink(path))
    elif stat.S_ISFIFO(mode):
        entry["type"] = "fifo"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "chr" if stat.S_ISCHR(mode) else "blk"
        entry.update(type=kind, rdev=f"{os.major(st.st_rdev)},{os.minor(st.st_rdev)}")
    elif stat.S_ISSOCK(mode):
        entry["type"] = "socket"
    try:
        names = sorted(os.listxattr(path, follow_symlinks=False))
    except OSError:
        names = []
    if names:
        entry["xattrs"] = ",".join(f"{n}={os.getxattr(path, n, follow_symlinks=False).hex()}" for n in names)
    return entry


# --- flattening ---------------------------------------------------------------------------------


def _norm(name: str) -> str:
    return os.path.normpath("/" + name.lstrip("/"))


class _Tree:
    """Entries by path plus each directory's children, so removing a subtree costs what it removes."""

    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.entries: Manifest = {}
        self.children: dict[str, set[str]] = {}

    def put(self, path: str, entry: Entry) -> None:
        self.entries[path] = entry
        if path != "/":
            self.children.setdefault(os.path.dirname(path), set()).add(path)

    def drop(self, path: str, keep_self: bool) -> None:
        stack = list(self.children.pop(path, ()))
        while stack:
            p = stack.pop()
            self.entries.pop(p, None)
            self.children.get(os.path.dirname(p), set()).discard(p)
            stack.extend(self.children.pop(p, ()))
        if not keep_self and path in self.entries:
            del self.entries[path]
            self.children.get(os.path.dirname(path), set()).discard(path)


def apply_layer(tree: _Tree, layer: tarfile.TarFile) -> None:
    """Apply one layer (a tar opened for reading, streaming is fine) onto ``tree``."""
    removed: list[str] = []
    opaque: list[str] = []
    new: Manifest = {}
    for member in layer:
        path = _norm(member.name)
        base = os.path.basename(path)
        if base == ".wh..wh..opq":
            opaque.append(os.path.dirname(path))
        elif base.startswith(".wh."):
            removed.append(os.path.join(os.path.dirname(path), base[4:]))
        elif member.islnk():
            # a hard link shares the inode of a file met earlier in this layer (or, leniently, below)
            target = _norm(member.linkname)
            linked = new.get(target) or tree.entries.get(target)
            new[path] = dict(linked) if linked else {"type": "hardlink-missing", "target": member.linkname}
        else:
            new[path] = tar_member_entry(layer, member)
    # whiteouts hide lower layers only, never the entries of their own layer
    for path in removed:
        tree.drop(path, keep_self=False)
    for path in opaque:
        tree.drop(path, keep_self=True)
    for path, entry in new.items():
        if entry.get("type") != "dir" and path in tree.children:
            tree.drop(path, keep_self=True)  # a file replacing a directory hides what was below it
        tree.put(path, entry)


def flatten_layers(layers: Iterable[IO[bytes]]) -> Manifest:
    """The file system that the layers (uncompressed or gzip tar streams, lowest first) make together."""
    tree = _Tree()
    for stream in layers:
        head = _peek(stream)
        if head.startswith(_ZSTD_MAGIC):
            raise ImageFormatError("zstd-compressed layer: export with gzip or no compression")
        with tarfile.open(fileobj=stream, mode="r|*") as layer:
            apply_layer(tree, layer)
    tree.entries.pop("/", None)  # the root directory's own metadata is a storage detail
    return dict(sorted(tree.entries.items()))


def _peek(stream: IO[bytes]) -> bytes:
    if stream.seekable():
        pos = stream.tell()
        head = stream.read(4)
        stream.seek(pos)
        return head
    return b""


def manifest_of_directory(root: str) -> Manifest:
    """The manifest of a root file system on disk (e.g. a mounted container), in the same form."""
    out: Manifest = {}
    for current, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + files):
            full = os.path.join(current, name)
            out["/" + os.path.relpath(full, root)] = path_entry(full)
    return dict(sorted(out.items()))


# --- image archives -----------------------------------------------------------------------------


class _Archive:
    """Named members of an image archive: a tar file or an unpacked directory."""

    __slots__ = ("_members", "_tar", "root")

    def __init__(self, path: str) -> None:
        self.root = path
        self._tar: tarfile.TarFile | None = None
        self._members: dict[str, tarfile.TarInfo] = {}
        if not os.path.isdir(path):
            try:
                # kept open for the archive's lifetime (closed by close()); image archives are plain tars
                self._tar = tarfile.open(path, "r:")  # noqa: SIM115
            except tarfile.TarError as err:
                raise ImageFormatError(f"{path}: not a tar archive ({err})") from None
            for member in self._tar.getmembers():
                self._members[os.path.normpath(member.name).lstrip("/")] = member

    def has(self, name: str) -> bool:
        if self._tar is None:
            return os.path.isfile(os.path.join(self.root, name))
        return os.path.normpath(name) in self._members

    def open(self, name: str) -> IO[bytes]:
        if self._tar is None:
            return open(os.path.join(self.root, name), "rb")
        member = self._members.get(os.path.normpath(name))
        if member is None:
            raise ImageFormatError(f"{self.root}: no {name} in the archive")
        if member.issym():  # docker save (legacy layout) links a repeated layer to its first copy
            return self.open(os.path.normpath(os.path.join(os.path.dirname(name), member.linkname)))
        if member.islnk():
            return self.open(member.linkname)
        stream = self._tar.extractfile(member)
        if stream is None:
            raise ImageFormatError(f"{self.root}: {name} is not a file")
        return stream

    def json(self, name: str) -> object:
        with self.open(name) as stream:
            try:
                return json.loads(stream.read())
            except ValueError as err:
                raise ImageFormatError(f"{self.root}: {name} is not JSON ({err})") from None

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()


def _blob_name(digest: str) -> str:
    algorithm, _, hexdigest = digest.partition(":")
    return f"blobs/{algorithm}/{hexdigest}"


def _pick_manifest(archive: _Archive, descriptors: list[dict[str, object]]) -> dict[str, object]:
    """The image manifest among an index's entries: not an attestation, not an ``unknown`` platform."""
    for desc in descriptors:
        annotations = desc.get("annotations") or {}
        platform = desc.get("platform") or {}
        if isinstance(annotations, dict) and annotations.get("vnd.docker.reference.type") == "attestation-manifest":
            continue
        if isinstance(platform, dict) and platform.get("os") == "unknown":
            continue
        doc = archive.json(_blob_name(str(desc["digest"])))
        if not isinstance(doc, dict):
            continue
        if doc.get("mediaType") in _OCI_INDEX_TYPES or "manifests" in doc:
            return _pick_manifest(archive, list(doc.get("manifests") or []))
        return doc
    raise ImageFormatError(f"{archive.root}: no image manifest in the OCI index")


def _layers_and_config(archive: _Archive) -> tuple[list[str], dict[str, object]]:
    if archive.has("manifest.json"):  # docker save / docker-archive (also written by docker >= 25 beside OCI)
        docs = archive.json("manifest.json")
        if not isinstance(docs, list) or not docs or not isinstance(docs[0], dict):
            raise ImageFormatError(f"{archive.root}: manifest.json lists no image")
        first = docs[0]
        config = archive.json(str(first["Config"]))
        layers = [str(name) for name in first.get("Layers") or []]
    elif archive.has("index.json"):
        index = archive.json("index.json")
        if not isinstance(index, dict):
            raise ImageFormatError(f"{archive.root}: index.json is not an object")
        manifest = _pick_manifest(archive, list(index.get("manifests") or []))
        config_desc = manifest.get("config")
        if not isinstance(config_desc, dict):
            raise ImageFormatError(f"{archive.root}: the image manifest has no config")
        config = archive.json(_blob_name(str(config_desc["digest"])))
        layers = []
        layer_descs = manifest.get("layers")
        for desc in layer_descs if isinstance(layer_descs, list) else []:
            if isinstance(desc, dict):
                if str(desc.get("mediaType", "")).endswith("+zstd"):
                    raise ImageFormatError("zstd-compressed layer: export with gzip or no compression")
                layers.append(_blob_name(str(desc["digest"])))
    else:
        raise ImageFormatError(f"{archive.root}: neither a docker archive (manifest.json) nor an OCI layout")
    if not isinstance(config, dict):
        raise ImageFormatError(f"{archive.root}: the image config is not an object")
    return layers, config


def read_image(path: str) -> Image:
    """Flatten the image in an archive (``docker save`` tar, docker-archive, OCI layout tar or dir)."""
    archive = _Archive(path)
    try:
        layer_names, config = _layers_and_config(archive)

        def streams() -> Iterator[IO[bytes]]:
            for name in layer_names:
                with archive.open(name) as stream:
                    yield stream

        files = flatten_layers(streams())
    finally:
        archive.close()
    return Image(files, config_summary(config))


def config_summary(image_config: Mapping[str, object]) -> dict[str, str | None]:
    """The compared config keys as canonical JSON (None when unset or empty). Env is compared as a set
    of ``NAME=value`` (its order never changes what a process sees)."""
    inner = image_config.get("config") or image_config.get("Config") or {}
    if not isinstance(inner, dict):
        inner = {}
    out: dict[str, str | None] = {}
    for key in CONFIG_KEYS:
        if key == "Author":
            value = image_config.get("author") or image_config.get("Author")
        else:
            value = inner.get(key)
        if key == "Env" and isinstance(value, list):
            value = sorted(str(v) for v in value)
        out[key] = json.dumps(value, sort_keys=True) if value else None
    return out


# --- comparison ---------------------------------------------------------------------------------


def _glob_regex(globs: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for many globs (fnmatch: ``*`` also matches ``/``, so ``/var/log/*`` covers all below)."""
    if not globs:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs))


def _glob_parents(globs: Sequence[str]) -> frozenset[str]:
    """Directories above what the globs name: a fix that removes ``/root/.cache/pip/*`` may also leave
    ``/root/.cache/pip`` and ``/root/.cache`` uncreated."""
    parents: set[str] = set()
    for glob in globs:
        literal = re.split(r"[*?\[]", glob, maxsplit=1)[0]
        path = literal.rstrip("/") if literal.endswith("/") else os.path.dirname(literal)
        while path and path != "/":
            parents.add(path)
            path = os.path.dirname(path)
    return frozenset(parents)


def describe_entry(entry: Entry) -> str:
    parts = [entry.get("type", "?"), entry.get("mode", "?"), entry.get("owner", "?")]
    if "size" in entry:
        parts.append(f"{entry['size']} bytes")
    if "target" in entry:
        parts.append(f"-> {entry['target']}")
    if "rdev" in entry:
        parts.append(f"device {entry['rdev']}")
    if "xattrs" in entry:
        parts.append(f"xattrs {entry['xattrs']}")
    return ", ".join(parts)


def describe_change(old: Entry, new: Entry) -> str:
    changes = []
    for key in ("type", "mode", "owner", "size", "sha256", "target", "rdev", "xattrs"):
        a, b = old.get(key), new.get(key)
        if a != b:
            if key == "sha256":
                changes.append(f"content sha256:{(a or '-')[:12]} -> sha256:{(b or '-')[:12]}")
            else:
                changes.append(f"{key} {a or '-'} -> {b or '-'}")
    return "; ".join(changes)


def _is_empty_mount_point(path: str, entry: Entry, non_empty_dirs: set[str]) -> bool:
    if path not in RUN_MOUNT_POINTS:
        return False
    if entry.get("type") == "file":
        return entry.get("size") == "0"
    return entry.get("type") == "dir" and path not in non_empty_dirs


class Comparison:
    """The differences between two images: ``differences`` are unexpected, ``allowed`` were declared."""

    __slots__ = ("allowed", "differences")

    def __init__(self) -> None:
        self.differences: list[str] = []
        self.allowed: list[str] = []


def compare_images(
    original: Image,
    rewritten: Image,
    allowed_changes: Sequence[str] = (),
    noise: Sequence[str] = NOISE_PATHS,
) -> Comparison:
    """Compare files and config. ``allowed_changes`` holds path globs and ``config:Key`` entries a fix
    declares it changes; ``noise`` holds path globs that differ between any two builds."""
    result = Comparison()
    path_globs = [c for c in allowed_changes if not c.lower().startswith("config:")]
    allowed_keys = {c.split(":", 1)[1].lower() for c in allowed_changes if c.lower().startswith("config:")}
    noise_re = _glob_regex(noise)
    allowed_re = _glob_regex(path_globs)
    allowed_parents = _glob_parents(path_globs)
    a, b = original.files, rewritten.files
    # directories that have something below them, per side, for the mount-point exception
    a_parents = {os.path.dirname(p) for p in a}
    b_parents = {os.path.dirname(p) for p in b}
    for path in sorted(a.keys() | b.keys()):
        if noise_re is not None and noise_re.match(path):
            continue
        old, new = a.get(path), b.get(path)
        if old == new:
            continue
        if old is None and new is not None:
            if _is_empty_mount_point(path, new, b_parents):
                continue
            line = f"{path}: only in the rewritten image ({describe_entry(new)})"
        elif new is None and old is not None:
            if _is_empty_mount_point(path, old, a_parents):
                continue
            line = f"{path}: only in the original image ({describe_entry(old)})"
        else:
            assert old is not None and new is not None
            line = f"{path}: {describe_change(old, new)}"
        presence_only = old is None or new is None
        is_dir = (old or new or {}).get("type") == "dir"
        if (allowed_re is not None and allowed_re.match(path)) or (
            presence_only and is_dir and path in allowed_parents
        ):
            result.allowed.append(line)
        else:
            result.differences.append(line)
    for key in CONFIG_KEYS:
        va, vb = original.config.get(key), rewritten.config.get(key)
        if va != vb:
            line = f"config:{key}: {va or 'unset'} -> {vb or 'unset'}"
            (result.allowed if key.lower() in allowed_keys else result.differences).append(line)
    return result
