"""Flattening layers and comparing images, on hand-made layers and archives (no builder needed)."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from dockeropt.verify.imgdiff import (
    NOISE_PATHS,
    Image,
    ImageFormatError,
    compare_images,
    config_summary,
    content_digest,
    flatten_layers,
    manifest_of_directory,
    read_image,
)
from tests.buildverify.layers import (
    Member,
    image_config,
    layer_bytes,
    oci_layout_files,
    write_docker_archive,
    write_oci_dir,
    write_oci_tar,
)

BASE = [
    Member("etc", "dir", mode=0o755),
    Member("etc/motd", content=b"hello\n"),
    Member("etc/app", "dir", mode=0o755),
    Member("etc/app/a.conf", content=b"a\n"),
    Member("etc/app/b.conf", content=b"b\n"),
    Member("opt", "dir"),
    Member("opt/tree", "dir"),
    Member("opt/tree/leaf", content=b"leaf\n"),
    Member("usr", "dir"),
    Member("usr/bin", "dir"),
    Member("usr/bin/tool", content=b"#!/bin/sh\n", mode=0o755),
]


def flatten(*layers: list[Member]) -> dict[str, dict[str, str]]:
    return flatten_layers(io.BytesIO(layer_bytes(m)) for m in layers)


def test_whiteout_hides_the_lower_file_and_everything_below_a_lower_directory() -> None:
    files = flatten(BASE, [Member("etc/.wh.motd"), Member("opt/.wh.tree")])
    assert "/etc/motd" not in files
    assert "/opt/tree" not in files and "/opt/tree/leaf" not in files
    assert "/etc/app/a.conf" in files and "/opt" in files


def test_whiteout_does_not_hide_an_entry_of_its_own_layer() -> None:
    # a layer that removes a lower file and creates it again carries both the whiteout and the file
    files = flatten(BASE, [Member("etc/motd", content=b"new\n"), Member("etc/.wh.motd")])
    assert files["/etc/motd"]["size"] == "4"


def test_opaque_directory_keeps_itself_and_its_own_layer_but_hides_lower_content() -> None:
    files = flatten(
        BASE,
        [Member("etc/app", "dir", mode=0o700), Member("etc/app/.wh..wh..opq"), Member("etc/app/c.conf", content=b"c")],
    )
    assert [p for p in files if p.startswith("/etc/app")] == ["/etc/app", "/etc/app/c.conf"]
    assert files["/etc/app"]["mode"] == "0o700"


def test_a_file_replacing_a_directory_hides_what_was_below_it() -> None:
    files = flatten(BASE, [Member("opt/tree", content=b"now a file\n")])
    assert files["/opt/tree"]["type"] == "file"
    assert "/opt/tree/leaf" not in files


def test_a_directory_over_a_directory_keeps_the_children_and_takes_the_new_metadata() -> None:
    files = flatten(BASE, [Member("opt/tree", "dir", mode=0o750, owner=(7, 8))])
    assert files["/opt/tree"] == {"mode": "0o750", "owner": "7:8", "type": "dir"}
    assert "/opt/tree/leaf" in files


def test_hard_link_takes_the_entry_of_its_target() -> None:
    files = flatten(BASE, [Member("usr/bin/alias", "hardlink", link="usr/bin/tool")])
    assert files["/usr/bin/alias"] == files["/usr/bin/tool"]
    assert files["/usr/bin/alias"]["mode"] == "0o755"


def test_entries_record_type_mode_owner_content_target_device_and_xattrs() -> None:
    files = flatten(
        [
            Member("bin", "dir", mode=0o4755),
            Member("bin/ping", content=b"x", pax={"SCHILY.xattr.security.capability": "\x01\x02"}),
            Member("bin/sh", "symlink", link="busybox"),
            Member("dev", "dir"),
            Member("dev/null", "chr", mode=0o666),
            Member("run", "dir"),
            Member("run/pipe", "fifo", owner=(5, 6)),
        ]
    )
    assert files["/bin"] == {"mode": "0o4755", "owner": "0:0", "type": "dir"}
    assert files["/bin/ping"]["xattrs"] == "security.capability=0102"
    assert files["/bin/ping"]["sha256"] == content_digest(io.BytesIO(b"x"), "ping")
    assert files["/bin/sh"] == {"mode": "0o644", "owner": "0:0", "type": "symlink", "target": "busybox"}
    assert files["/dev/null"]["rdev"] == "1,3"
    assert files["/run/pipe"] == {"mode": "0o644", "owner": "5:6", "type": "fifo"}


def test_gzip_layers_are_read_and_zstd_layers_refused() -> None:
    gz = layer_bytes([Member("a", content=b"1")], compress=True)
    assert flatten_layers([io.BytesIO(gz)])["/a"]["size"] == "1"
    with pytest.raises(ImageFormatError, match="zstd"):
        flatten_layers([io.BytesIO(b"\x28\xb5\x2f\xfd" + b"\0" * 600)])


def test_pyc_source_mtime_is_ignored_but_not_a_hash_based_header() -> None:
    body = b"\xe3compiled code"
    magic = b"\xcb\r\r\n"
    timestamp_a = magic + b"\0\0\0\0" + (1).to_bytes(4, "little") + (10).to_bytes(4, "little") + body
    timestamp_b = magic + b"\0\0\0\0" + (2).to_bytes(4, "little") + (10).to_bytes(4, "little") + body
    assert content_digest(io.BytesIO(timestamp_a), "m.pyc") == content_digest(io.BytesIO(timestamp_b), "m.pyc")
    assert content_digest(io.BytesIO(timestamp_a), "m.txt") != content_digest(io.BytesIO(timestamp_b), "m.txt")
    hashed_a = magic + b"\x01\0\0\0" + b"A" * 8 + body
    hashed_b = magic + b"\x01\0\0\0" + b"B" * 8 + body
    assert content_digest(io.BytesIO(hashed_a), "m.pyc") != content_digest(io.BytesIO(hashed_b), "m.pyc")


def test_manifest_of_a_directory_equals_the_flattened_tar_of_it(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "srv/app").mkdir(parents=True)
    (root / "srv/app/run.sh").write_text("#!/bin/sh\n")
    os.chmod(root / "srv/app/run.sh", 0o750)
    os.symlink("app/run.sh", root / "srv/run")
    os.mkfifo(root / "srv/fifo")
    os.link(root / "srv/app/run.sh", root / "srv/hard")
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(os.listdir(root)):
            tar.add(root / name, arcname=name)
    data.seek(0)
    assert flatten_layers([data]) == manifest_of_directory(str(root))


# --- archives ----------------------------------------------------------------------------------

LAYERS = [layer_bytes(BASE), layer_bytes([Member("etc/.wh.motd"), Member("srv", "dir")], compress=True)]
CONFIG = image_config({"Env": ["PATH=/bin", "A=1"], "Cmd": ["sh"], "WorkingDir": "/srv"}, author="me")


def _expected_files() -> dict[str, dict[str, str]]:
    return flatten_layers(io.BytesIO(layer) for layer in LAYERS)


def test_docker_save_archive(tmp_path: Path) -> None:
    write_docker_archive(tmp_path / "i.tar", LAYERS, CONFIG)
    image = read_image(str(tmp_path / "i.tar"))
    assert image.files == _expected_files()
    assert "/etc/motd" not in image.files and "/srv" in image.files
    assert image.config["Cmd"] == '["sh"]'
    assert image.config["Author"] == '"me"'


@pytest.mark.parametrize("as_tar", [True, False], ids=["oci-tar", "oci-dir"])
def test_oci_layout_with_a_nested_index_and_an_attestation(tmp_path: Path, as_tar: bool) -> None:
    files = oci_layout_files(LAYERS, CONFIG)
    path = tmp_path / ("i.tar" if as_tar else "layout")
    (write_oci_tar if as_tar else write_oci_dir)(path, files)
    image = read_image(str(path))
    assert image.files == _expected_files()
    assert image.config["WorkingDir"] == '"/srv"'


def test_not_an_image_is_an_image_format_error(tmp_path: Path) -> None:
    (tmp_path / "x.tar").write_bytes(b"not a tar at all" * 100)
    with pytest.raises(ImageFormatError):
        read_image(str(tmp_path / "x.tar"))
    write_oci_tar(tmp_path / "y.tar", {"hello.txt": b"hi"})
    with pytest.raises(ImageFormatError, match=r"neither a docker archive"):
        read_image(str(tmp_path / "y.tar"))


# --- config ------------------------------------------------------------------------------------


def test_config_summary_compares_env_as_a_set_and_unset_as_empty() -> None:
    a = config_summary({"config": {"Env": ["B=2", "A=1"], "Cmd": [], "Labels": None}})
    b = config_summary({"config": {"Env": ["A=1", "B=2"]}})
    assert a == b
    assert a["Env"] == '["A=1", "B=2"]' and a["Cmd"] is None
    assert config_summary({"config": {}, "author": "x"})["Author"] == '"x"'


# --- comparison --------------------------------------------------------------------------------


def _image(files: dict[str, dict[str, str]], **config: str | None) -> Image:
    summary = config_summary({"config": {}})
    summary.update(config)
    return Image(files, summary)


def _file(size: int = 1, sha: str = "aa", mode: str = "0o644", owner: str = "0:0") -> dict[str, str]:
    return {"type": "file", "mode": mode, "owner": owner, "size": str(size), "sha256": sha}


DIR = {"type": "dir", "mode": "0o755", "owner": "0:0"}


def test_differences_name_the_path_and_what_changed() -> None:
    a = _image({"/app": DIR, "/app/x": _file(), "/gone": _file(3)})
    b = _image({"/app": DIR, "/app/x": _file(sha="bb", mode="0o755", owner="1000:1000"), "/new": dict(DIR)})
    result = compare_images(a, b)
    assert result.differences == [
        "/app/x: mode 0o644 -> 0o755; owner 0:0 -> 1000:1000; content sha256:aa -> sha256:bb",
        "/gone: only in the original image (file, 0o644, 0:0, 3 bytes)",
        "/new: only in the rewritten image (dir, 0o755, 0:0)",
    ]
    assert result.allowed == []


def test_noise_paths_are_ignored_by_default_and_can_be_turned_off() -> None:
    a = _image({"/var/log/apt/history.log": _file(1), "/var/cache/apt/pkgcache.bin": _file(1)})
    b = _image({"/var/log/apt/history.log": _file(2), "/var/cache/apt/pkgcache.bin": _file(2)})
    assert compare_images(a, b).differences == []
    assert len(compare_images(a, b, noise=()).differences) == 2
    assert "/var/cache/ldconfig/aux-cache" in NOISE_PATHS


def test_allowed_globs_cover_the_paths_and_the_directories_left_uncreated() -> None:
    a = _image({"/root": DIR, "/root/.cache": DIR, "/root/.cache/pip": DIR, "/root/.cache/pip/w/x.whl": _file()})
    b = _image({"/root": DIR})
    result = compare_images(a, b, ["/root/.cache/pip/*"])
    assert result.differences == []
    assert [line.split(":")[0] for line in result.allowed] == [
        "/root/.cache",
        "/root/.cache/pip",
        "/root/.cache/pip/w/x.whl",
    ]
    # a parent directory whose metadata changed is not excused by the glob below it
    c = _image({"/root": {**DIR, "mode": "0o700"}})
    assert compare_images(b, c, ["/root/.cache/pip/*"]).differences == ["/root: mode 0o755 -> 0o700"]


def test_allowed_config_keys_only_excuse_those_keys() -> None:
    a = _image({}, Cmd='["/bin/sh", "-c", "run"]', User='"app"')
    b = _image({}, Cmd='["run"]', User='"1000"')
    result = compare_images(a, b, ["config:cmd"])
    assert result.allowed == ['config:Cmd: ["/bin/sh", "-c", "run"] -> ["run"]']
    assert result.differences == ['config:User: "app" -> "1000"']


def test_empty_run_mount_points_present_on_one_side_only_are_not_differences() -> None:
    with_run = _image({"/etc": DIR, "/etc/hosts": _file(0), "/proc": DIR, "/etc/resolv.conf": _file(0)})
    without = _image({"/etc": DIR})
    assert compare_images(with_run, without).differences == []
    # a hosts file with content is the image's own
    written = _image({"/etc": DIR, "/etc/hosts": _file(12), "/proc": DIR, "/proc/x": _file()})
    assert compare_images(written, without).differences == [
        "/etc/hosts: only in the original image (file, 0o644, 0:0, 12 bytes)",
        "/proc: only in the original image (dir, 0o755, 0:0)",
        "/proc/x: only in the original image (file, 0o644, 0:0, 1 bytes)",
    ]
