"""Downloads, archive extraction, removals, permission changes and parallel builds."""

from __future__ import annotations

import pytest

from dockeropt.shell import analyze


# -- downloads -----------------------------------------------------------------------------------
def test_curl_outputs() -> None:
    s = analyze(
        "curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/node.tar.xz; "
        "curl -fsSL --output /tmp/a.zip https://e.x/a.zip?sig=1; "
        "curl -LO https://e.x/dl/tool-1.2.tgz; "
        "curl -sSLO --output-dir /opt https://e.x/b.bin; "
        "curl -s https://e.x/c.json > /tmp/c.json; "
        "curl -s -H 'Accept: x' -o - https://e.x/d"
    )
    assert [(d.tool, d.url, d.output) for d in s.downloads] == [
        ("curl", "https://nodejs.org/dist/node.tar.xz", "/tmp/node.tar.xz"),
        ("curl", "https://e.x/a.zip?sig=1", "/tmp/a.zip"),
        ("curl", "https://e.x/dl/tool-1.2.tgz", "tool-1.2.tgz"),
        ("curl", "https://e.x/b.bin", "/opt/b.bin"),
        ("curl", "https://e.x/c.json", "/tmp/c.json"),
        ("curl", "https://e.x/d", None),
    ]


def test_wget_outputs_and_git_clone() -> None:
    s = analyze(
        "wget -q https://e.x/model.bin -P /models; wget -O /tmp/x.deb https://e.x/x.deb; "
        "wget -qO- https://e.x/y.tgz | tar xz; wget https://e.x/z.tar.gz; "
        "git clone --depth 1 -b v1.0 https://github.com/org/repo.git && git clone git@github.com:org/other.git /src/o"
    )
    assert [(d.tool, d.output, d.piped_to.name if d.piped_to else None) for d in s.downloads] == [
        ("wget", "/models/model.bin", None),
        ("wget", "/tmp/x.deb", None),
        ("wget", None, "tar"),
        ("wget", "z.tar.gz", None),
        ("git", "repo", None),
        ("git", "/src/o", None),
    ]


def test_curl_piped_to_a_shell() -> None:
    s = analyze("curl -fsSL https://get.example.sh | sudo bash -s -- --yes && curl -s https://e.x/k | apt-key add -")
    first, second = s.downloads
    assert first.pipes_to_shell and first.piped_to is not None and first.piped_to.name == "bash"
    assert not second.pipes_to_shell and second.piped_to is not None and second.piped_to.name == "apt-key"
    assert first.output is None


def test_variable_urls_and_non_downloads() -> None:
    s = analyze('curl -fsSL "$URL" -o /tmp/f; curl --version; wget --help; git clone')
    assert [(d.url, d.output) for d in s.downloads] == [("$URL", "/tmp/f")]


# -- extractions ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "archive", "target", "fmt"),
    [
        ("tar -xzf /tmp/a.tgz -C /opt", "/tmp/a.tgz", "/opt", "tar.gz"),
        ("tar xzf node.tar.gz", "node.tar.gz", None, "tar.gz"),
        ("tar xf a.tar.xz --strip-components=1 -C /usr/local", "a.tar.xz", "/usr/local", "tar.xz"),
        ("tar -C /opt -xjf b.tar.bz2", "b.tar.bz2", "/opt", "tar.bz2"),
        ("tar --extract --file=c.tar --directory /srv", "c.tar", "/srv", "tar"),
        ("tar -x -f d.tar.zst --zstd", "d.tar.zst", None, "tar.zst"),
        ("tar xvfz e.tgz", "e.tgz", None, "tar.gz"),
        ("unzip -q f.zip -d /opt/f", "f.zip", "/opt/f", "zip"),
        ("unzip -o g.zip", "g.zip", None, "zip"),
        ("gunzip h.gz", "h.gz", None, "gzip"),
        ("xz -d i.xz", "i.xz", None, "xz"),
        ("7z x j.7z -o/opt/j", "j.7z", "/opt/j", "7z"),
    ],
)
def test_extractions(text: str, archive: str, target: str | None, fmt: str) -> None:
    (e,) = analyze(text).extractions
    assert (e.archive, e.target, e.format) == (archive, target, fmt)


def test_not_extractions() -> None:
    s = analyze("tar -czf out.tgz /app; tar -tf a.tar; gzip big.log; unzip; zcat x.gz | wc -l")
    assert [(e.archive, e.keeps_archive) for e in s.extractions] == [("x.gz", True)]


def test_decompressors_delete_the_archive_unless_kept() -> None:
    s = analyze("gunzip a.gz; gunzip -k b.gz; gzip -dc c.gz > c; bunzip2 d.bz2")
    assert [(e.archive, e.keeps_archive) for e in s.extractions] == [
        ("a.gz", False),
        ("b.gz", True),
        ("c.gz", True),
        ("d.bz2", False),
    ]


def test_piped_extraction_knows_its_download() -> None:
    s = analyze("curl -fsSL https://e.x/node.tar.xz | tar -xJ -C /usr/local --strip-components=1")
    (e,) = s.extractions
    assert (e.archive, e.target, e.format) == ("-", "/usr/local", "tar.xz")
    assert e.source is s.downloads[0]


# -- removals ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "target", "removed"),
    [
        ("rm -rf /var/lib/apt/lists/*", "/var/lib/apt/lists/*", True),
        ("rm -rf /var/lib/apt/lists", "/var/lib/apt/lists/*", True),
        ("rm -rf /var/lib/apt/*", "/var/lib/apt/lists/*", True),
        ("rm -rf /var/lib/apt/lists/partial", "/var/lib/apt/lists/*", False),
        ("rm -rf /var/lib/apt/lists/*.deb", "/var/lib/apt/lists/*", False),
        ("rm -f /tmp/a.tgz /var/lib/apt/lists/*", "/var/lib/apt/lists/*", True),
        ("rm -r ~/.cache", "/root/.cache/pip", True),
        ('rm -rf "$HOME/.cache/pip"', "/root/.cache/pip", True),
        ("rm -rf /root/.cache/pip/*", "/root/.cache/pip", True),
        ("rm -rf /var/cache/{apt,debconf}/*", "/var/cache/debconf/*", True),
        ("rm -rf /var/cache/{apt,debconf}/*", "/var/cache/{apt,debconf}/*", True),
        ("rm -rf /var/cache/apt/*", "/var/cache/{apt,debconf}/*", False),
        ("cd /var/lib/apt && rm -rf lists/*", "/var/lib/apt/lists/*", True),
        ("cd /var/lib/apt && rm -rf ./lists", "/var/lib/apt/lists/*", True),
        ("rm -rf lists/*", "/var/lib/apt/lists/*", False),
        ('rm -rf "$DIR"/*', "/var/lib/apt/lists/*", False),
        ("echo /var/lib/apt/lists/*", "/var/lib/apt/lists/*", False),
        ("rm -rf /tmp/*", "/tmp/node.tar.xz", True),
    ],
)
def test_removes(text: str, target: str, removed: bool) -> None:
    assert analyze(text).removes(target) is removed


def test_removes_with_another_home() -> None:
    s = analyze("rm -rf ~/.npm")
    assert s.removes("/home/node/.npm", home="/home/node") and not s.removes("/root/.npm", home="/home/node")
    assert s.removes("~/.npm", home="/home/node")


def test_removal_records() -> None:
    s = analyze("rm -rf /a /b; rm c; rmdir d")
    assert [(r.path, r.recursive, r.force, r.command.name) for r in s.removals] == [
        ("/a", True, True, "rm"),
        ("/b", True, True, "rm"),
        ("c", False, False, "rm"),
        ("d", False, False, "rmdir"),
    ]


# -- permissions ---------------------------------------------------------------------------------
def test_permission_changes() -> None:
    s = analyze(
        "chown -R app:app /app /data && chmod -R 755 /srv && chmod +x /entry.sh && chmod -x,u+x /run.sh "
        "&& chgrp -R staff /shared && chmod --reference=/a /b && chown 1000 /home/app"
    )
    assert [(p.tool, p.spec, [w.text for w in p.paths], p.recursive) for p in s.permission_changes] == [
        ("chown", "app:app", ["/app", "/data"], True),
        ("chmod", "755", ["/srv"], True),
        ("chmod", "+x", ["/entry.sh"], False),
        ("chmod", "-x,u+x", ["/run.sh"], False),
        ("chgrp", "staff", ["/shared"], True),
        ("chmod", None, ["/b"], False),
        ("chown", "1000", ["/home/app"], False),
    ]


# -- parallel builds -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "tool", "jobs", "unbounded", "source"),
    [
        ("make", "make", None, False, "default"),
        ("make -j", "make", None, True, "flag"),
        ("make -j8 install", "make", "8", False, "flag"),
        ("make -j 4", "make", "4", False, "flag"),
        ("make -j install", "make", None, True, "flag"),
        ("make --jobs=2", "make", "2", False, "flag"),
        ('make -j"$(nproc)"', "make", "$(nproc)", False, "flag"),
        ("make -j $(nproc)", "make", "$(nproc)", False, "flag"),
        ("MAKEFLAGS=-j6 make", "make", "6", False, "MAKEFLAGS"),
        ("MAKEFLAGS=j3 make", "make", "3", False, "MAKEFLAGS"),
        ("ninja -C build", "ninja", None, False, "default"),
        ("ninja -j0", "ninja", "0", True, "flag"),
        ("ninja -j 2", "ninja", "2", False, "flag"),
        ("cmake --build build", "cmake", None, False, "default"),
        ("cmake --build build --parallel", "cmake", None, True, "flag"),
        ("cmake --build build -j 3", "cmake", "3", False, "flag"),
        ("cmake --build build --parallel=5", "cmake", "5", False, "flag"),
        ("CMAKE_BUILD_PARALLEL_LEVEL=2 cmake --build b", "cmake", "2", False, "CMAKE_BUILD_PARALLEL_LEVEL"),
        ("cargo build --release -j 2", "cargo", "2", False, "flag"),
        ("CARGO_BUILD_JOBS=1 cargo build", "cargo", "1", False, "CARGO_BUILD_JOBS"),
        ("go build -p 2 ./...", "go", "2", False, "flag"),
        ("MAX_JOBS=4 pip install flash-attn --no-build-isolation", "pip", "4", False, "MAX_JOBS"),
        ("MAX_JOBS=2 python setup.py install", "python", "2", False, "MAX_JOBS"),
    ],
)
def test_build_jobs(text: str, tool: str, jobs: str | None, unbounded: bool, source: str) -> None:
    (b,) = analyze(text).build_jobs
    assert (b.tool, b.jobs, b.unbounded, b.source) == (tool, jobs, unbounded, source)


def test_max_jobs_exported_earlier_reaches_the_build() -> None:
    s = analyze("export MAX_JOBS=4 && pip install --no-build-isolation flash-attn && ninja")
    assert [(b.tool, b.jobs, b.source, b.count) for b in s.build_jobs] == [
        ("pip", "4", "MAX_JOBS", 4),
        ("ninja", "4", "MAX_JOBS", 4),
    ]
    assert [v.value.text for v in s.env_values("MAX_JOBS") if v.value] == ["4"]


def test_default_parallelism_and_plain_pip_installs() -> None:
    s = analyze("ninja && cargo build && make && pip install requests")
    assert [(b.tool, b.default_parallel) for b in s.build_jobs] == [
        ("ninja", True),
        ("cargo", True),
        ("make", False),
    ]
