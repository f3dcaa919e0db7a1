"""Whole RUN scripts as Dockerfiles have them (testdata/shell), analysed end to end."""

from __future__ import annotations

from pathlib import Path

from dockeropt.shell import analyze

DATA = Path(__file__).resolve().parents[2] / "testdata" / "shell"


def read(name: str) -> str:
    return (DATA / name).read_text()


def test_joined_apt_and_pip_run() -> None:
    text = read("joined_apt_pip.txt")
    s = analyze(text)
    assert [c.name for c in s.commands] == ["apt-get", "apt-get", "pip3", "apt-get", "rm"]
    assert s.chains.and_only and not any(c.masked for c in s.commands)
    update, install, pip, purge = s.packages
    assert (update.action, install.action, pip.action, purge.action) == ("update", "install", "install", "remove")
    assert [(p.name, p.version) for p in install.packages] == [
        ("ca-certificates", "20230311"),
        ("curl", None),
        ("git", None),
        ("python3-pip", None),
    ]
    assert install.no_install_recommends and install.assume_yes
    (torch,) = pip.packages
    assert (torch.name, torch.version, torch.pinned, torch.is_literal) == ("torch", "${TORCH_VERSION}", False, False)
    assert pip.files == ["/tmp/requirements.txt"] and pip.no_cache
    assert pip.index_urls == ["https://download.pytorch.org/whl/cu121"]
    assert s.removes("/var/lib/apt/lists/*") and s.removes("/tmp/requirements.txt")
    assert not s.removes("/var/cache/apt/archives/*")
    # spans point at the continuation-joined text
    assert text[install.command.start : install.command.end].startswith("apt-get install -y --no-install-recommends")


def test_joined_alpine_node_run() -> None:
    s = analyze(read("joined_alpine_node.txt"))
    assert s.set_options == {"errexit", "nounset", "xtrace"}
    assert s.chains.uses_semicolon and not s.chains.and_only
    wget, tar = s.find("wget")[0], s.find("tar")[0]
    assert wget.masked and not tar.masked  # no pipefail: only the last element of the pipe counts
    assert not s.find("apk")[0].masked  # set -e makes each statement fatal
    add = s.package_ops("apk", "install")[0]
    assert add.virtual == ".build-deps" and add.no_cache
    assert [(p.name, p.version) for p in add.packages] == [
        ("gcc", None),
        ("musl-dev", None),
        ("libffi-dev", "3.4.4-r3"),
    ]
    assert [p.name for p in s.package_ops("apk", "remove")[0].packages] == [".build-deps"]
    npm_install, npm_clean = s.package_ops("npm")
    assert npm_install.production and npm_clean.action == "cache-purge"
    (download,) = s.downloads
    assert download.url == "https://nodejs.org/dist/v${NODE_VERSION}/node-v${NODE_VERSION}.tar.xz"
    (extraction,) = s.extractions
    assert (extraction.archive, extraction.target, extraction.source) == ("-", "/usr/local", download)
    (chown,) = s.permission_changes
    assert (chown.spec, [p.text for p in chown.paths], chown.recursive) == ("node:node", ["/app"], True)


def test_heredoc_body_with_set_e_branches_and_subshells() -> None:
    text = read("heredoc_cuda_build.sh")
    s = analyze(text, ["/bin/sh", "-c"])
    assert s.set_options == {"errexit", "nounset", "pipefail"}
    assert s.exports == {"MAX_JOBS": "4", "TORCH_CUDA_ARCH_LIST": "${CUDA_ARCH}"}
    assert [(cd.path, cd.persists) for cd in s.cd_targets] == [("/opt/src", True), ("tests", False)]
    assert s.cwd_at_end == "/opt/src"
    pip = s.package_ops("pip", "install")[0]
    assert pip.command.masked and [p.spec for p in pip.packages] == ["."]
    assert pip.command.cwd == "/opt/src"
    pytest_cmd = next(c for c in s.commands if c.words()[:2] == ["-m", "pytest"])
    assert pytest_cmd.in_subshell and pytest_cmd.cwd == "/opt/src/tests" and pytest_cmd.masked
    assert [(d.output, d.command.cwd) for d in s.downloads] == [("flash.tar.gz", "/opt/src")]
    assert s.removes("/opt/src/flash.tar.gz")
    assert [(b.tool, b.jobs, b.source) for b in s.build_jobs] == [
        ("python", "4", "MAX_JOBS"),
        ("make", "$(nproc)", "flag"),
    ]
    make = s.find("make")[0]
    assert not make.masked and text[make.start : make.end] == 'make -j"$(nproc)" install'
    assert not s.chains.exits  # only `exit 1` on failure
    assert s.find("export") == []  # declarations are not commands


def test_nested_shells_su_loops_and_heredoc_to_bash() -> None:
    text = read("heredoc_nested_shell.sh")
    s = analyze(text)
    assert [(c.name, c.nested) for c in s.commands] == [
        ("su", False),
        ("cd", True),
        ("bundle", True),
        ("sh", False),
        ("apt-get", True),
        ("apt-get", True),
        ("echo", False),
        ("curl", False),
        ("chmod", False),
        ("bash", False),
        ("yum", True),
        ("yum", True),
    ]
    apt_install = s.package_ops("apt", "install")[0]
    assert apt_install.command.masked  # `|| echo` catches the sh -c
    assert text[apt_install.command.start : apt_install.command.end] == "apt-get install -y jq"
    yum_install, yum_clean = s.package_ops("yum")
    assert (yum_install.action, yum_clean.action) == ("install", "clean")
    assert text[yum_clean.command.start : yum_clean.command.end] == "yum clean all"
    assert not yum_clean.command.masked
    assert [(c.name, c.in_loop) for c in s.commands if c.in_loop] == [("curl", True), ("chmod", True)]
    assert [d.output for d in s.downloads] == ["/usr/local/bin/${tool}"]
    assert s.heredocs[0].delimiter == "INNER" and not s.heredocs[0].expands
    assert [cd.persists for cd in s.cd_targets] == [False]
