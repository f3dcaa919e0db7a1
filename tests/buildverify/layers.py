"""Hand-made image layers and archives for the tests: tar members as Docker and OCI write them."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
from pathlib import Path


class Member:
    """One tar member: ``kind`` is file, dir, symlink, hardlink, fifo or chr."""

    __slots__ = ("content", "kind", "link", "mode", "name", "owner", "pax")

    def __init__(
        self,
        name: str,
        kind: str = "file",
        content: bytes = b"",
        mode: int = 0o644,
        owner: tuple[int, int] = (0, 0),
        link: str = "",
        pax: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.content = content
        self.mode = mode
        self.owner = owner
        self.link = link
        self.pax = pax or {}


_TYPES = {
    "file": tarfile.REGTYPE,
    "dir": tarfile.DIRTYPE,
    "symlink": tarfile.SYMTYPE,
    "hardlink": tarfile.LNKTYPE,
    "fifo": tarfile.FIFOTYPE,
    "chr": tarfile.CHRTYPE,
}


def layer_bytes(members: list[Member], compress: bool = False) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for m in members:
            info = tarfile.TarInfo(m.name)
            info.type = _TYPES[m.kind]
            info.mode = m.mode
            info.uid, info.gid = m.owner
            info.mtime = 1_700_000_000
            info.linkname = m.link
            info.pax_headers = dict(m.pax)
            if m.kind == "chr":
                info.devmajor, info.devminor = 1, 3
            if m.kind == "file":
                info.size = len(m.content)
                tar.addfile(info, io.BytesIO(m.content))
            else:
                tar.addfile(info)
    data = out.getvalue()
    return gzip.compress(data, mtime=0) if compress else data


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def image_config(config: dict[str, object], author: str | None = None) -> bytes:
    doc: dict[str, object] = {"architecture": "amd64", "os": "linux", "config": config}
    if author:
        doc["author"] = author
    return json.dumps(doc).encode()


def write_docker_archive(path: Path, layers: list[bytes], config: bytes) -> None:
    """A ``docker save`` archive in the legacy layout: ``<id>/layer.tar`` and ``manifest.json``."""
    with tarfile.open(path, "w") as tar:
        names = []
        for i, data in enumerate(layers):
            name = f"{i:064x}/layer.tar"
            _add(tar, name, data)
            names.append(name)
        config_name = hashlib.sha256(config).hexdigest() + ".json"
        _add(tar, config_name, config)
        manifest = [{"Config": config_name, "RepoTags": ["localhost/x:latest"], "Layers": names}]
        _add(tar, "manifest.json", json.dumps(manifest).encode())


def oci_layout_files(layers: list[bytes], config: bytes, with_attestation: bool = True) -> dict[str, bytes]:
    """An OCI layout as BuildKit writes it: index.json → image index → (image manifest, attestation)."""
    files: dict[str, bytes] = {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}'}

    def blob(data: bytes) -> str:
        digest = _digest(data)
        files["blobs/sha256/" + digest.split(":")[1]] = data
        return digest

    layer_descs = []
    for data in layers:
        gz = data[:2] == b"\x1f\x8b"
        media = "application/vnd.oci.image.layer.v1.tar" + ("+gzip" if gz else "")
        layer_descs.append({"mediaType": media, "digest": blob(data), "size": len(data)})
    config_desc = {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": blob(config)}
    manifest = json.dumps({"schemaVersion": 2, "config": config_desc, "layers": layer_descs}).encode()
    descs: list[dict[str, object]] = []
    if with_attestation:
        att_config = blob(b"{}")
        att = json.dumps({"schemaVersion": 2, "config": {"digest": att_config}, "layers": []}).encode()
        descs.append(
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": blob(att),
                "platform": {"architecture": "unknown", "os": "unknown"},
                "annotations": {"vnd.docker.reference.type": "attestation-manifest"},
            }
        )
    descs.append(
        {
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": blob(manifest),
            "platform": {"architecture": "amd64", "os": "linux"},
        }
    )
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": descs})
    top = {
        "schemaVersion": 2,
        "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": blob(index.encode())}],
    }
    files["index.json"] = json.dumps(top).encode()
    return files


def write_oci_tar(path: Path, files: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as tar:
        for name, data in files.items():
            _add(tar, name, data)


def write_oci_dir(path: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = path / name
        os.makedirs(target.parent, exist_ok=True)
        target.write_bytes(data)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
