"""Writing never loses data or writes where it must not: concurrent edits, links, modes, full
disks, read-only places, killed processes; and every failure is a one-line error (exit 2)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dockeropt.files.write import FileChanged, WriteError, edit, remove_stale_temps
from tests.reliability.common import IS_ROOT, OTHER_UID, leftovers, needs_root, run

# DO105 (MAINTAINER) and DO204 (pip's cache): two independent one-line fixes
SOURCE = "FROM python:3.12-slim\nMAINTAINER Jane Doe <jane@example.com>\nRUN pip install flask\n"
FIXED_105 = 'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"'
FIXED_204 = "RUN pip install --no-cache-dir flask"


def _dockerfile(folder: Path, text: str = SOURCE) -> Path:
    path = folder / "Dockerfile"
    path.write_text(text)
    return path


# -- concurrent edits ----------------------------------------------------------------------------


def test_an_edit_saved_while_fix_runs_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves the file after dockeropt read it and before it writes: the fix is computed
    again from the saved text instead of overwriting it."""
    from dockeropt.cli import main
    from dockeropt.commands import fix as fix_command
    from dockeropt.fix.engine import fix_text as real_fix_text

    path = _dockerfile(tmp_path)
    calls = []

    def fix_text_during_a_save(text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        if len(calls) == 1:
            with open(path, "a") as fh:  # the editor's save, without any lock
                fh.write("# saved by the editor\n")
        return real_fix_text(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fix_command, "fix_text", fix_text_during_a_save)
    assert main(["fix", "--select", "DO105", str(path)]) == 0
    assert len(calls) == 2
    assert path.read_text().endswith("# saved by the editor\n")
    assert FIXED_105 in path.read_text()


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.6])
def test_a_line_appended_while_fix_runs_survives(tmp_path: Path, delay: float) -> None:
    """``dockeropt fix Dockerfile & sleep .3; echo '# e' >> Dockerfile``, as a user does it: the
    line lands before the read, during the fix or after the write, and is never lost."""
    path = _dockerfile(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dockeropt", "fix", "--select", "DO105", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    with open(path, "a") as fh:
        fh.write("# e\n")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert path.read_text().endswith("# e\n") and FIXED_105 in path.read_text()


def test_replace_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    for change in ("append", "same size", "replaced"):
        path.write_text(SOURCE)
        with edit(str(path)) as original:
            if change == "append":
                with open(path, "a") as fh:
                    fh.write("# x\n")
            elif change == "same size":
                path.write_text(SOURCE.replace("hi", "ho"))  # same size, maybe the same mtime
            else:
                (tmp_path / "other").write_text("FROM scratch\n")
                os.replace(tmp_path / "other", path)
            with pytest.raises(FileChanged, match=r"changed while it was being fixed|removed or renamed"):
                original.replace("FROM alpine:3.20\n")
        assert path.read_text() != "FROM alpine:3.20\n"
        assert leftovers(tmp_path) == []


def test_an_edit_made_while_fix_waits_for_the_lock_is_kept(tmp_path: Path) -> None:
    """``dockeropt fix Dockerfile & echo '# e' >> Dockerfile``: fix holds the file locked while it
    reads, fixes and writes; another fix waits for it. Here the test holds the lock, appends a line,
    and lets fix go: the line is there after the fix."""
    import fcntl

    path = _dockerfile(tmp_path)
    with open(path, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(
            [sys.executable, "-m", "dockeropt", "fix", "--select", "DO105", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.0)  # fix is up and waiting for the lock
        assert proc.poll() is None
        with open(path, "a") as fh:
            fh.write("# e\n")
        fcntl.flock(held, fcntl.LOCK_UN)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert path.read_text().endswith("# e\n")
    assert FIXED_105 in path.read_text()


def test_concurrent_fix_runs_keep_each_others_fixes(tmp_path: Path) -> None:
    for attempt in range(5):
        path = _dockerfile(tmp_path)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "dockeropt", "fix", "--select", rule, str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for rule in ("DO105", "DO204")
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode in (0, 1), err
        text = path.read_text()
        assert FIXED_105 in text and FIXED_204 in text, f"attempt {attempt}: {text}"
        assert leftovers(tmp_path) == []


# -- links, modes, owners -------------------------------------------------------------------------


def test_a_symlinked_dockerfile_is_fixed_through_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = _dockerfile(tmp_path / "real")
    link = tmp_path / "Dockerfile.link"
    link.symlink_to(target)
    proc = run("fix", "--select", "DO105", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert FIXED_105 in target.read_text()


def test_a_hard_linked_file_is_refused_not_split(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    other = tmp_path / "Dockerfile.copy"
    os.link(path, other)
    proc = run("fix", "--select", "DO105", str(path))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {path}: has 2 hard links: a rewrite would give this name a new file")
    assert path.read_text() == SOURCE and os.stat(path).st_ino == os.stat(other).st_ino
    assert run("fix", "--diff", "--select", "DO105", str(path)).returncode == 1  # the diff is still there


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    path.chmod(0o444)
    proc = run("fix", "--select", "DO105", str(path))
    assert (proc.returncode, proc.stderr) == (2, f"error: {path}: is read-only (mode 0444); not changed\n")
    assert path.read_text() == SOURCE and stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.parametrize("mode", [0o2750, 0o4750, 0o1640, 0o640])
def test_mode_bits_are_kept(tmp_path: Path, mode: int) -> None:
    path = _dockerfile(tmp_path)
    path.chmod(mode)
    proc = run("fix", "--select", "DO105", str(path))
    assert proc.returncode == 0, proc.stderr
    assert FIXED_105 in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    os.chown(path, OTHER_UID, OTHER_UID)
    path.chmod(0o2664)
    assert run("fix", "--select", "DO105", str(path)).returncode == 0
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (OTHER_UID, OTHER_UID, 0o2664)


def test_a_crlf_file_fixed_by_two_rules_stays_crlf(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM debian:12\r\nRUN apt-get update\r\nRUN apt-get install -y curl\r\n")
    proc = run("fix", "--select", "DO302,DO201", str(path))
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == (
        b"FROM debian:12\r\nRUN apt-get update \\\r\n    && apt-get install -y curl \\\r\n"
        b"    && rm -rf /var/lib/apt/lists/*\r\n"
    )


# -- killed while writing ---------------------------------------------------------------------------

_KILLED_WRITER = """
import os, sys, time
from dockeropt.files import write
real_replace = os.replace
def stalled_replace(src, dst):
    print("TEMP", src, flush=True)
    time.sleep(60)
os.replace = stalled_replace
with write.edit(sys.argv[1]) as original:
    original.replace("FROM scratch\\n")
"""


def test_a_temp_file_left_by_kill_9_is_recognisable_and_removed_by_the_next_write(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the temporary file is written, the rename not done yet
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    temp = Path(line.split(" ", 1)[1].strip())
    assert temp.exists() and temp.name.startswith(".Dockerfile.dockeropt-") and temp.name.endswith(".tmp")
    assert path.read_text() == SOURCE
    again = run("fix", "--select", "DO105", str(path))
    assert again.returncode == 0, again.stderr
    assert leftovers(tmp_path) == []


def test_stale_temps_of_live_processes_are_left_alone(tmp_path: Path) -> None:
    live = tmp_path / f".Dockerfile.dockeropt-{os.getppid()}-0123abcd.tmp"
    live.write_text("x")
    gone = tmp_path / ".Dockerfile.dockeropt-999999999-0123abcd.tmp"
    gone.write_text("x")
    mine = tmp_path / "Dockerfile.dockeropt-1-0123abcd.tmp"  # not a dot file: not ours
    mine.write_text("x")
    assert remove_stale_temps(str(tmp_path)) == [gone.name]
    assert live.exists() and mine.exists()


# -- one-line errors ----------------------------------------------------------------------------


@needs_root
def test_fix_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = _dockerfile(folder)
    os.chown(folder, OTHER_UID, OTHER_UID)  # the file is the user's, the folder is not
    folder.chmod(0o755)
    proc = run("fix", "--select", "DO105", str(path), unprivileged=True)
    assert proc.returncode == 2
    assert proc.stderr == f"error: {path}: cannot write in {folder}: Permission denied; not changed\n"
    assert path.read_text() == SOURCE and leftovers(folder) == []


@needs_root
def test_fix_on_a_full_disk(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        body = "RUN echo " + "x" * 60 + "\n"
        path = _dockerfile(disk, SOURCE + body * 100)  # ~7 KB
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 1024):
                pass
        except OSError:
            pass  # the disk is full
        finally:
            os.close(fd)
        proc = run("fix", "--select", "DO105", str(path))
        assert proc.returncode == 2
        assert proc.stderr == f"error: {path}: cannot write: No space left on device; not changed\n"
        assert path.read_text() == SOURCE + body * 100
        assert leftovers(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_fix_on_a_folder_without_dockerfiles(tmp_path: Path) -> None:
    proc = run("fix", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"dockeropt: error: no Dockerfiles found in {tmp_path} (looked for Dockerfile, ")


def test_check_output_to_a_full_device_or_a_missing_folder(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    proc = run("check", "--output", "sarif:/dev/full", str(path))
    assert (proc.returncode, proc.stderr) == (2, "dockeropt: error: cannot write /dev/full: No space left on device\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = run("check", "--output", f"sarif:{blocker}/out.sarif", str(path))
    assert proc.returncode == 2
    assert proc.stderr == f"dockeropt: error: cannot write {blocker}/out.sarif: Not a directory\n"


@needs_root
def test_check_output_into_an_unwritable_folder(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    os.chown(folder, OTHER_UID, OTHER_UID)
    proc = run("check", "--output", f"sarif:{folder}/out.sarif", str(path), unprivileged=True)
    assert proc.returncode == 2
    assert proc.stderr == f"dockeropt: error: cannot write {folder}/out.sarif: Permission denied; nothing written\n"


def test_check_output_replaces_a_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    path = _dockerfile(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    report = tmp_path / "report.json"
    report.symlink_to(victim)
    assert run("check", "--output", f"json:{report}", str(path)).returncode == 1
    assert victim.read_text() == "precious\n"
    assert not report.is_symlink() and report.read_text().startswith("{")


def test_rules_write_docs_into_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file.md"
    target.write_text("keep\n")
    proc = run("rules", "--write-docs", str(target))
    assert (proc.returncode, proc.stderr) == (2, f"dockeropt: error: {target}: not a folder; nothing written\n")
    assert target.read_text() == "keep\n"


# -- split's output files -----------------------------------------------------------------------

SPLIT_SOURCE = (
    "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\n"
    "WORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
    'COPY . .\nCMD ["python", "-m", "app"]\n'
)


def _split_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "requirements.txt").write_text("flask\n")
    return _dockerfile(project, SPLIT_SOURCE)


def test_split_does_not_replace_existing_files_without_force(tmp_path: Path) -> None:
    dockerfile = _split_project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "target.Dockerfile").write_text("mine\n")
    proc = run("split", str(dockerfile), "-o", str(out))
    assert proc.returncode == 2
    assert proc.stderr == (
        f"dockeropt: error: {out}/target.Dockerfile exists; nothing written (--force replaces the files)\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["target.Dockerfile"]
    assert (out / "target.Dockerfile").read_text() == "mine\n"
    proc = run("split", str(dockerfile), "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["base.Dockerfile", "build.sh", "target.Dockerfile"]
    assert "FROM ${BASE_IMAGE}" in (out / "target.Dockerfile").read_text()


def test_split_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    dockerfile = _split_project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "build.sh").symlink_to("../OUTSIDE.sh")
    proc = run("split", str(dockerfile), "-o", str(out))
    assert proc.returncode == 2
    assert "build.sh exists (a symbolic link); nothing written" in proc.stderr
    assert not (tmp_path / "OUTSIDE.sh").exists()
    proc = run("split", str(dockerfile), "-o", str(out), "--force")
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "OUTSIDE.sh").exists()
    assert not (out / "build.sh").is_symlink() and (out / "build.sh").stat().st_mode & 0o111


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("/", "/: a system folder; give a folder of your own (e.g. -o split); nothing written"),
        ("/etc", "/etc: a system folder; give a folder of your own (e.g. -o split); nothing written"),
        ("/dev/null/out", "/dev/null/out: a system folder; give a folder of your own (e.g. -o split); nothing written"),
        ("{file}/out", "{file}/out: Not a directory; nothing written"),
        ("{file}", "{file}: not a folder (a file); nothing written"),
    ],
)
def test_split_refuses_outputs_it_cannot_or_must_not_use(tmp_path: Path, output: str, message: str) -> None:
    dockerfile = _split_project(tmp_path)
    file = tmp_path / "a-file"
    file.write_text("x")
    output = output.format(file=file)
    proc = run("split", str(dockerfile), "-o", output)
    assert (proc.returncode, proc.stderr) == (2, f"dockeropt: error: {message.format(file=file)}\n")
    assert not Path("/base.Dockerfile").exists() and not Path("/build.sh").exists()


@needs_root
def test_split_into_an_unwritable_folder(tmp_path: Path) -> None:
    dockerfile = _split_project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    os.chown(out, OTHER_UID, OTHER_UID)
    proc = run("split", str(dockerfile), "-o", str(out), unprivileged=True)
    assert proc.returncode == 2
    assert proc.stderr == f"dockeropt: error: cannot write {out}/base.Dockerfile: Permission denied; nothing written\n"
    assert list(out.iterdir()) == []


# -- fix --dockerignore -------------------------------------------------------------------------


def test_fix_dockerignore_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    dockerfile = _split_project(tmp_path)
    (dockerfile.parent / ".dockerignore").symlink_to("../OUTSIDE")
    proc = run("fix", "--dockerignore", "--select", "DO1", str(dockerfile))
    assert proc.returncode == 2
    assert proc.stderr.endswith(
        ".dockerignore: is a symbolic link; not written (a generated file never writes through a link)\n"
    )
    assert not (tmp_path / "OUTSIDE").exists()


@needs_root
def test_fix_dockerignore_into_an_unwritable_context(tmp_path: Path) -> None:
    dockerfile = _split_project(tmp_path)
    os.chown(dockerfile.parent, OTHER_UID, OTHER_UID)
    dockerfile.parent.chmod(0o755)
    proc = run("fix", "--dockerignore", "--select", "DO1", str(dockerfile), unprivileged=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: cannot write ")
    assert proc.stderr.endswith("/project/.dockerignore: Permission denied; nothing written\n")
    assert not (dockerfile.parent / ".dockerignore").exists()


def test_edit_errors_are_write_errors(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"cannot read: No such file or directory"), edit(str(tmp_path / "none")):
        pass


def test_fix_of_a_folder_leaves_links_out_of_it_alone(tmp_path: Path) -> None:
    """A checkout under review with ``Dockerfile -> ../elsewhere``: ``dockeropt fix .`` must not
    rewrite a file outside the folder it was asked to fix."""
    outside = _dockerfile(tmp_path)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "Dockerfile").symlink_to(outside)
    inner = repo / "inner.Dockerfile"
    inner.write_text(SOURCE)
    (repo / "link.Dockerfile").symlink_to("inner.Dockerfile")
    proc = run("fix", "--select", "DO105", str(repo))
    assert proc.returncode == 2
    assert (
        proc.stderr
        == f"error: {repo}/Dockerfile: a symbolic link out of {repo}; not fixed (name it to fix its target)\n"
    )
    assert outside.read_text() == SOURCE
    assert FIXED_105 in inner.read_text() and (repo / "link.Dockerfile").is_symlink()
    assert run("fix", "--select", "DO105", str(repo / "Dockerfile")).returncode == 0  # named: fixed
    assert FIXED_105 in outside.read_text()
