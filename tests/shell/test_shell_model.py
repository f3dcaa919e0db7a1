"""Shell analysis of RUN scripts: commands, chaining, state, package managers, downloads."""

from __future__ import annotations

import time

from dockeropt.shell.packages import downloads, extractions
from dockeropt.shell.parse import analyze

# what a continued RUN looks like after BuildKit joins the lines
JOINED = (
    "apt-get update &&     apt-get install -y --no-install-recommends curl=7.88.1-10 git     "
    "&& rm -rf /var/lib/apt/lists/*"
)


def test_commands_and_connectors_of_a_joined_run() -> None:
    s = analyze(JOINED)
    assert [(c.connector, c.name, c.words()) for c in s.commands] == [
        ("", "apt-get", ["update"]),
        ("&&", "apt-get", ["install", "-y", "--no-install-recommends", "curl=7.88.1-10", "git"]),
        ("&&", "rm", ["-rf", "/var/lib/apt/lists/*"]),
    ]
    assert s.removes("/var/lib/apt/lists/*")
    assert not s.removes("/root/.cache/pip")
    install = s.package_ops("apt", "install")[0]
    assert [(p.name, p.version) for p in install.packages] == [("curl", "7.88.1-10"), ("git", None)]
    assert install.has("y") and install.has("no-install-recommends")
    first = s.commands[1].argv[3]
    assert JOINED[first.start : first.end] == "--no-install-recommends"


def test_masking_conditions_pipes_and_subshells() -> None:
    s = analyze("set -eux; curl -fsSL https://e.x/i.sh | sh; (cd /tmp && make -j) || true; if [ -f x ]; then rm x; fi")
    by_name = {c.name: c for c in s.commands}
    assert by_name["curl"].masked and by_name["curl"].in_pipeline and not by_name["curl"].pipeline_last
    assert not by_name["sh"].masked
    assert by_name["make"].in_subshell and by_name["make"].masked
    assert by_name["true"].in_condition
    assert by_name["rm"].in_condition
    assert s.set_options >= {"e", "u", "x"}
    assert s.cd_targets == [("/tmp", False)]


def test_cd_export_and_wrappers() -> None:
    s = analyze("cd /app && export PATH=/opt/bin:$PATH LANG; sudo -u app env A=1 python3 -m pip install --user flask")
    assert s.cd_targets == [("/app", True)]
    assert s.exports == {"PATH": "/opt/bin:$PATH", "LANG": None}
    pip = s.commands[-1]
    assert pip.name == "python3" and pip.wrappers == ["sudo", "env"] and pip.assignments == {"A": "1"}
    (op,) = s.package_ops("pip")
    assert [p.name for p in op.packages] == ["flask"] and op.has("user")


def test_pip_operands_options_and_non_literal_versions() -> None:
    s = analyze(
        'pip install --no-cache-dir -r requirements.txt "torch==${TORCH}" numpy==1.26.4 -c c.txt "Django>=4,<5"'
    )
    (op,) = s.package_ops("pip", "install")
    assert [(p.name, p.version) for p in op.packages] == [("torch", None), ("numpy", "1.26.4"), ("django", None)]
    assert op.files == ["requirements.txt", "c.txt"]
    assert op.has("no-cache-dir")


def test_other_managers() -> None:
    s = analyze(
        "apk add --no-cache --virtual .build gcc musl-dev && apk del .build; "
        "dnf install -y nginx-1.24.0 && dnf clean all; zypper -n in vim; "
        "npm ci --omit=dev && npm cache clean --force; yarn; gem install bundler:2.5.6 --no-document; "
        "go install github.com/x/y@v1.2.3; conda env create -f environment.yml; uv pip install ruff==0.6.0"
    )
    got = [(op.manager, op.action, [p.spec for p in op.packages]) for op in s.packages]
    assert got == [
        ("apk", "install", ["gcc", "musl-dev"]),
        ("apk", "remove", [".build"]),
        ("dnf", "install", ["nginx-1.24.0"]),
        ("dnf", "clean", ["all"]),
        ("zypper", "install", ["vim"]),
        ("npm", "install", []),
        ("npm", "clean", []),
        ("yarn", "install", []),
        ("gem", "install", ["bundler:2.5.6"]),
        ("go", "install", ["github.com/x/y@v1.2.3"]),
        ("conda", "install", []),
        ("uv", "install", ["ruff==0.6.0"]),
    ]
    assert s.package_ops("dnf", "install")[0].packages[0].version == "1.24.0"
    assert s.package_ops("conda")[0].files == ["environment.yml"]


def test_nested_sh_c_is_analysed() -> None:
    s = analyze("sh -c 'apt-get update && apt-get install -y jq'")
    assert [c.name for c in s.commands] == ["sh", "apt-get", "apt-get"]
    inner = s.commands[2]
    assert s.source[inner.start : inner.end] == "apt-get install -y jq"


def test_downloads_and_extractions() -> None:
    s = analyze(
        "curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/node.tar.xz && tar -xJf /tmp/node.tar.xz -C /opt; "
        "wget -q https://e.x/model.bin -P /models; curl -sL https://get.e.x | bash"
    )
    assert [(d.url, d.output, d.piped_to) for d in downloads(s.commands)] == [
        ("https://nodejs.org/dist/node.tar.xz", "/tmp/node.tar.xz", None),
        ("https://e.x/model.bin", "/models/model.bin", None),
        ("https://get.e.x", None, "bash"),
    ]
    assert [(e.archive, e.target) for e in extractions(s.commands)] == [("/tmp/node.tar.xz", "/opt")]


def test_syntax_errors_do_not_crash_and_non_posix_shells_are_skipped() -> None:
    s = analyze("echo 'unterminated && apt-get install -y curl")
    assert s.has_errors
    assert not analyze("Get-ChildItem", ["powershell", "-Command"]).supported


def test_non_ascii_offsets() -> None:
    text = "echo 'héllo wörld' && apk add curl"
    s = analyze(text)
    apk = s.commands[1]
    assert text[apk.start : apk.end] == "apk add curl"


def test_analysis_time_is_linear() -> None:
    unit = "apt-get install -y curl && rm -rf /tmp/x && "

    def cost(n: int) -> float:
        script = unit * n + "true"
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            from dockeropt.shell.parse import _Walker

            _Walker(script).run()
            best = min(best, time.process_time() - start)
        return best

    small, large = cost(200), cost(2000)
    assert large <= 15 * small + 0.05
