"""Small hostile files that used to take minutes or all the memory: each bound holds, and what
it refuses is said in one line. Times are generous ceilings (a loaded CI machine); the cases
took 60 s to hours, or died of MemoryError, before the bounds."""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.reliability.common import run

CEILING = 10.0  # seconds; each case takes well under one second on an idle machine


def _timed(*args: str, cwd: Path | None = None) -> tuple[float, object]:
    started = time.monotonic()
    proc = run(*args, cwd=cwd)
    return time.monotonic() - started, proc


def _alias_bomb(levels: int = 11, width: int = 10) -> list[str]:
    """A YAML mapping whose last anchor expands to width**levels scalars."""
    lines = ["  a0: &a0 [" + ",".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"  a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * width) + "]")
    return lines


CI_BOMBS = {
    "bitbucket-pipelines.yml": "definitions:\n{bomb}\npipelines:\n  default:\n"
    "    - step:\n        script:\n          - docker build .\n    - *a10\n",
    ".gitlab-ci.yml": "variables:\n{bomb}\nbuild:\n  script:\n    - docker build .\n  tags: *a10\n",
    ".github/workflows/ci.yml": "env:\n{bomb}\njobs:\n  build:\n    runs-on: *a10\n"
    "    steps:\n      - run: docker build .\n",
}


@pytest.mark.parametrize("name", list(CI_BOMBS))
def test_a_yaml_alias_bomb_in_a_ci_file_is_refused_with_a_finding(tmp_path: Path, name: str) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / name
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(CI_BOMBS[name].format(bomb="\n".join(_alias_bomb())))
    assert config.stat().st_size < 1000  # a few hundred bytes for 10**11 nodes
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n")
    seconds, proc = _timed("check", "--select", "DO701", str(tmp_path / "Dockerfile"))
    assert seconds < CEILING
    assert proc.stdout.splitlines()[0] == (  # type: ignore[attr-defined]
        f"{tmp_path}/Dockerfile:1:1: DO701 warning {name}: not read: its YAML aliases expand to more than "
        "200,000 nodes: the memory limit it may set for this build is unknown"
    )


def test_a_self_referencing_yaml_alias_is_refused() -> None:
    from dockeropt.ci.model import Refused
    from dockeropt.ci.yamlfile import load_yaml

    with pytest.raises(Refused, match="a YAML alias refers to the node that holds it"):
        load_yaml("a: &a [1, *a]\n")
    assert load_yaml("a: &a [1, 2]\nb: [*a, *a]\n") == {"a": [1, 2], "b": [[1, 2], [1, 2]]}


def test_gitlab_extends_cycles_and_depth_are_refused(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nRUN echo hi\n")
    config = tmp_path / ".gitlab-ci.yml"
    config.write_text("build:\n  extends: [build, build, build, build, build]\n  script:\n    - docker build .\n")
    seconds, proc = _timed("check", "--select", "DO701", str(tmp_path / "Dockerfile"))
    assert seconds < CEILING
    assert proc.stdout.splitlines()[0].endswith(  # type: ignore[attr-defined]
        "DO701 warning .gitlab-ci.yml: not read: job 'build': extends has a cycle (build -> build); "
        "GitLab rejects the file: the memory limit it may set for this build is unknown"
    )
    # a fan-out of 30 levels, each extending the one below twice: 2**30 merges without memoization
    jobs = [".t0:\n  tags: [saas-linux-small-amd64]\n"]
    jobs += [f".t{i}:\n  extends: [.t{i - 1}, .t{i - 1}]\n" for i in range(1, 30)]
    jobs.append("build:\n  extends: [.t29, .t29]\n  script:\n    - docker build .\n")
    config.write_text("".join(jobs))
    seconds, proc = _timed("check", "--select", "DO701", str(tmp_path / "Dockerfile"))
    assert seconds < CEILING
    assert proc.stdout.splitlines()[0].endswith(  # type: ignore[attr-defined]
        "DO701 warning .gitlab-ci.yml: not read: job 'build': extends is nested deeper than 11 levels: "
        "the memory limit it may set for this build is unknown"
    )


def test_gitlab_extends_within_the_limit_resolve_once_each(tmp_path: Path) -> None:
    from dockeropt.ci.gitlab import _resolve_job
    from dockeropt.ci.yamlfile import load_yaml

    jobs = [".t0:\n  tags: [saas-linux-small-amd64]\n"]
    jobs += [f".t{i}:\n  extends: [.t{i - 1}, .t{i - 1}, .t{i - 1}]\n" for i in range(1, 11)]
    jobs.append("build:\n  extends: .t10\n  script:\n    - docker build -f Dockerfile .\n")
    data = load_yaml("".join(jobs))
    started = time.monotonic()
    job = _resolve_job(data, "build", {})  # type: ignore[arg-type]
    assert time.monotonic() - started < 1.0  # 3**10 merges before
    assert job["tags"] == ["saas-linux-small-amd64"] and job["script"] == ["docker build -f Dockerfile ."]


def test_a_dockerignore_pattern_with_many_stars_matches_in_linear_time(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nCOPY . /app\n")
    (tmp_path / ".dockerignore").write_text("*a*a*a*a*a*a*a*a*a*a*b\n")
    (tmp_path / ("a" * 44)).write_text("x")  # no b: every way of placing the a's is tried by re
    seconds, proc = _timed("check", "--select", "DO4", str(tmp_path / "Dockerfile"))
    assert seconds < CEILING
    assert proc.returncode in (0, 1)  # type: ignore[attr-defined]
    from dockeropt.context.dockerignore import DockerIgnore

    ignore = DockerIgnore.from_text("*a*a*a*a*a*a*a*a*a*a*b\n" * 50 + "!" + "?" * 40 + "\n")
    started = time.monotonic()
    assert ignore.matches("a" * 44) is False
    assert ignore.matches("a" * 43 + "b") is True
    assert time.monotonic() - started < 0.5


def test_config_globs_with_many_stars_and_bad_globs(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nMAINTAINER x\n")
    config = tmp_path / ".dockeropt.toml"
    config.write_text(f'[per-path-ignores]\n"{"*" * 40}b" = ["DO105"]\n')
    name = tmp_path / ("a" * 60)
    name.mkdir()
    (name / "Dockerfile").write_text("FROM alpine:3.20\nMAINTAINER x\n")
    seconds, proc = _timed("check", "--select", "DO105", str(name / "Dockerfile"))
    assert seconds < CEILING
    assert proc.returncode == 1  # type: ignore[attr-defined]
    config.write_text('[per-path-ignores]\n"[z-a].Dockerfile" = ["DO105"]\n')
    proc = run("check", str(tmp_path / "Dockerfile"))
    assert proc.returncode == 2
    assert proc.stderr == (
        f"dockeropt: error: {config}: per-path-ignores: '[z-a].Dockerfile' is not a valid glob "
        "(bad character range z-a)\n"
    )


def test_a_deeply_nested_toml_array_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    config = tmp_path / ".dockeropt.toml"
    config.write_text("select = " + "[" * 5000 + "]" * 5000 + "\n")
    proc = run("check", str(tmp_path / "Dockerfile"))
    assert proc.returncode == 2
    assert proc.stderr == f"dockeropt: error: {config}: invalid TOML: arrays or tables nested too deeply\n"


def test_env_values_that_double_thirty_times_are_bounded(tmp_path: Path) -> None:
    lines = ["FROM alpine:3.20", "ENV E0=abcdefghijklmnopqrst"]
    lines += [f"ENV E{i}=${{E{i - 1}}}${{E{i - 1}}}" for i in range(1, 31)]
    lines.append("RUN echo $E30")
    (tmp_path / "Dockerfile").write_text("\n".join(lines) + "\n")
    assert (tmp_path / "Dockerfile").stat().st_size < 1000
    seconds, proc = _timed("check", str(tmp_path / "Dockerfile"))
    assert seconds < CEILING
    assert proc.stderr == ""  # type: ignore[attr-defined]

    from dockeropt.graph.model import Graph
    from dockeropt.syntax.parser import parse
    from dockeropt.syntax.shlex import MAX_EXPANDED

    graph = Graph(parse((tmp_path / "Dockerfile").read_text()))
    env = graph.state(graph.tree.instructions[-1]).env
    assert len(env["E15"]) == 20 * 2**15  # expanded as BuildKit does while it is within the bound
    assert max(len(v) for v in env.values()) <= MAX_EXPANDED


def test_shell_patterns_with_many_stars_match_in_linear_time() -> None:
    from dockeropt.syntax.shlex import Lexer

    env = {"X": "a" * 60}
    started = time.monotonic()
    lexer = Lexer()
    assert lexer.process_word("${X/*a*a*a*a*a*a*a*a*a*a*a*a*b/}", env) == "a" * 60
    assert lexer.process_word("${X#*a*a*a*a*a*a*a*a*a*a*a*a*b}", env) == "a" * 60
    assert lexer.process_word("${X%%a*a*a*a*a*a*a*a*a*a*a*a*b}", env) == "a" * 60
    assert lexer.process_word("${X//a/bb}", {"X": "a" * 4}) == "b" * 8
    assert time.monotonic() - started < 1.0


def test_jobs_are_capped_at_the_cores_and_the_files(tmp_path: Path) -> None:
    from dockeropt.commands.check import worker_count

    cores = os.cpu_count() or 1
    assert worker_count(300, 50) == min(cores, 50)
    assert worker_count(100000, 3) == min(cores, 3)
    assert worker_count(0, 1000) == cores
    for i in range(20):
        (tmp_path / f"{i}.Dockerfile").write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    proc = run("check", "--jobs", "100000", "--select", "DO1", str(tmp_path))
    assert (proc.returncode, proc.stdout) == (0, "All checks passed (20 files).\n")
    proc = run("check", "--jobs", "-1", str(tmp_path))
    assert (proc.returncode, proc.stderr) == (
        2,
        "dockeropt: error: --jobs -1: must be 0 (one per core) or a positive number\n",
    )


# -- internal errors and plugins --------------------------------------------------------------------

CRASHING_PACK = """
from dockeropt.api import Category, Rule, Severity


class Crashes(Rule):
    id = "XX901"
    name = "crashes"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "A rule that runs out of memory"
    docs = "Runs out of memory."

    def check(self, ctx):
        raise MemoryError()


RULES = [Crashes()]
"""


def _install_pack(site: Path, module: str, source: str) -> None:
    (site / f"{module}.py").write_text(source)
    dist = site / f"{module}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[dockeropt.rules]\n{module} = {module}:RULES\n")


def test_an_internal_error_fails_the_run_and_names_the_rule_and_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install_pack(site, "crashing_pack", CRASHING_PACK)
    (tmp_path / "Dockerfile").write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "--select", "DO1,XX9", "Dockerfile"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == "dockeropt: internal error in rule XX901 on Dockerfile: MemoryError\n"
    assert "All checks passed" not in proc.stdout
    assert proc.stdout.endswith("1 rule run failed with an internal error (see above): not all checks ran.\n")
    sarif = subprocess.run(
        [sys.executable, "-m", "dockeropt", "check", "--select", "XX9", "--format", "sarif", "Dockerfile"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=30,
        check=False,
    )
    assert sarif.returncode == 2 and '"executionSuccessful": false' in sarif.stdout
    fixed = subprocess.run(
        [sys.executable, "-m", "dockeropt", "fix", "--select", "DO1,XX9", "Dockerfile"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=30,
        check=False,
    )
    assert fixed.returncode == 2
    assert fixed.stderr.splitlines()[-1] == "Dockerfile: not fixed (internal error)"


def test_python_m_dockeropt_loads_no_rule_pack_from_the_current_folder(tmp_path: Path) -> None:
    """A checkout under review holding ``evil-1.0.dist-info`` and ``evilmod.py``: the pack is not
    a plugin source, and no module of the folder is imported in place of one dockeropt imports."""
    _install_pack(tmp_path, "evilmod", "import pathlib\npathlib.Path('PWNED').write_text('x')\nRULES = []\n")
    (tmp_path / "tomllib.py").write_text("import pathlib\npathlib.Path('PWNED-tomllib').write_text('x')\n")
    (tmp_path / "yaml.py").write_text("import pathlib\npathlib.Path('PWNED-yaml').write_text('x')\n")
    (tmp_path / "pyproject.toml").write_text('[tool.dockeropt]\nselect = ["DO1"]\n')
    (tmp_path / "bitbucket-pipelines.yml").write_text("pipelines:\n  default: []\n")
    (tmp_path / "Dockerfile").write_text('FROM alpine:3.20\nCMD ["sh"]\n')
    proc = run("check", "Dockerfile", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert sorted(p.name for p in tmp_path.glob("PWNED*")) == []


def test_lone_backslash_and_cr_only_files_say_what_is_wrong(tmp_path: Path) -> None:
    lone = tmp_path / "lone.Dockerfile"
    lone.write_text("\\\n")
    cr = tmp_path / "cr.Dockerfile"
    cr.write_bytes(b"FROM alpine:3.20\rRUN echo hi\r")
    proc = run("check", str(lone), str(cr))
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[:2] == [
        f"{lone}:1:1: DO001 error unknown instruction: none, only a line continuation ('\\') with no "
        "instruction before it",
        f"{cr}:1:17: DO001 error the lines end in CR alone (classic Mac OS line ends): Docker splits lines "
        "only at LF and would read the whole file as one line; save it with LF (or CRLF) line ends",
    ]


def test_split_of_a_1000_stage_file_reports_repeated_setup_once(tmp_path: Path) -> None:
    stage = textwrap.dedent(
        """\
        FROM python:3.12-slim
        RUN apt-get update && apt-get install -y --no-install-recommends libpq5
        COPY . /app
        """
    )
    (tmp_path / "Dockerfile").write_text(stage * 1000)
    seconds, proc = _timed("check", "--select", "DO602", str(tmp_path / "Dockerfile"))
    assert seconds < CEILING
    assert len(proc.stdout.splitlines()) == 2  # type: ignore[attr-defined]
