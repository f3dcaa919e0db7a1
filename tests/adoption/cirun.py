"""Run the GitHub Action (``action.yml``) and the GitLab CI template
(``ci/gitlab/dockeropt.gitlab-ci.yml``) here, with the commands CI would run.

The action's ``run:`` steps go through ``bash --noprofile --norc -eo pipefail``, as GitHub runs
``shell: bash``, with ``$GITHUB_OUTPUT``, ``$GITHUB_ACTION_PATH`` and ``$RUNNER_TEMP`` set and
``${{ }}`` expressions replaced; ``if:`` conditions are evaluated (status functions, ``==``,
``!=`` and ``&&`` only: anything else is an error, so the action stays checkable). ``uses:`` steps
are not run: the caller says what each one gives (setup-python: the Python to use) and sees what it
was given (upload-sarif: the file). The GitLab job's ``script:`` lines run in one bash session, each
echoed as GitLab echoes it, stopping at the first that fails.

``python -m tests.adoption.cirun github|gitlab WORKSPACE [NAME=VALUE...]`` prints a transcript
(docs/ci.md shows two).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
GITLAB_TEMPLATE = ROOT / "ci" / "gitlab" / "dockeropt.gitlab-ci.yml"
SOURCE_FILES = ("pyproject.toml", "README.md", "action.yml", "dockeropt", "rules")

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_COMPARE = re.compile(r"^(\S+)\s*(==|!=)\s*'([^']*)'$")
_STATUS = ("always()", "success()", "failure()")

Uses = Callable[[dict[str, str]], dict[str, str]]


class StepRun:
    __slots__ = ("code", "id", "name", "outputs", "skipped", "stderr", "stdout", "uses", "with_")

    def __init__(self, name: str, step_id: str) -> None:
        self.name = name
        self.id = step_id
        self.skipped = False
        self.uses: str | None = None
        self.with_: dict[str, str] = {}
        self.code = 0
        self.stdout = ""
        self.stderr = ""
        self.outputs: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"StepRun({self.name!r}, skipped={self.skipped}, code={self.code})"


class ActionRun:
    def __init__(self) -> None:
        self.steps: list[StepRun] = []
        self.outputs: dict[str, str] = {}
        self.failed = False

    def step(self, name: str) -> StepRun:
        return next(s for s in self.steps if s.name == name or s.id == name)


def copy_source(into: Path) -> Path:
    """What a checkout of the action (or a source tarball) holds that matters to pip: the package,
    the rule pack, pyproject.toml and README.md."""
    import shutil

    into.mkdir(parents=True, exist_ok=True)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=junk)
        else:
            shutil.copy2(source, into / name)
    return into


class _Context:
    def __init__(self, inputs: Mapping[str, str], action_path: Path, runner_temp: Path) -> None:
        self.inputs = dict(inputs)
        self.steps: dict[str, dict[str, str]] = {}
        self.action_path = action_path
        self.runner_temp = runner_temp

    def value(self, path: str) -> str:
        parts = path.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get(parts[3], "")
        if path == "github.action_path":
            return str(self.action_path)
        if path == "runner.temp":
            return str(self.runner_temp)
        raise ValueError(f"expression this runner does not know: {path}")

    def substitute(self, text: object) -> str:
        if isinstance(text, bool):  # YAML's true and false reach an action as the strings GitHub writes
            return "true" if text else "false"
        return _EXPR.sub(lambda m: self.value(m.group(1)), str(text))

    def condition(self, expr: object, failed: bool) -> bool:
        if expr is None:
            return not failed
        text = str(expr).strip()
        m = _EXPR.fullmatch(text)
        text = m.group(1) if m else text
        terms = [t.strip() for t in text.split("&&")]
        if not any(t in _STATUS for t in terms):
            terms.insert(0, "success()")  # GitHub's implicit status check
        for term in terms:
            if term == "always()":
                continue
            if term == "success()":
                if failed:
                    return False
                continue
            if term == "failure()":
                if not failed:
                    return False
                continue
            cm = _COMPARE.match(term)
            if cm is None:
                raise ValueError(f"condition this runner does not know: {term}")
            equal = self.value(cm.group(1)) == cm.group(3)
            if equal != (cm.group(2) == "=="):
                return False
        return True


def _read_outputs(path: Path) -> dict[str, str]:
    """``$GITHUB_OUTPUT``: ``name=value`` lines and ``name<<DELIMITER`` blocks."""
    out: dict[str, str] = {}
    lines = path.read_text().splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            out[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            out[name] = value
        i += 1
    return out


def run_action(
    inputs: Mapping[str, str],
    workspace: Path,
    action_path: Path,
    runner_temp: Path,
    uses: Mapping[str, Uses],
    action_file: Path = ACTION,
    env: Mapping[str, str] | None = None,
) -> ActionRun:
    """Run ``action_file``'s steps in ``workspace`` as the action called with ``inputs``."""
    doc = yaml.safe_load(action_file.read_text())
    declared = doc.get("inputs", {})
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    ctx = _Context(values, action_path, runner_temp)
    run = ActionRun()
    base_env = {**(env if env is not None else os.environ)}
    files = Path(tempfile.mkdtemp(prefix="steps-", dir=runner_temp))  # a fresh $GITHUB_OUTPUT per step
    for index, step in enumerate(doc["runs"]["steps"]):
        result = StepRun(step.get("name") or step.get("uses") or f"step {index}", step.get("id", f"__{index}"))
        run.steps.append(result)
        if not ctx.condition(step.get("if"), run.failed):
            result.skipped = True
            continue
        if "uses" in step:
            result.uses = str(step["uses"]).split("@", 1)[0]
            result.with_ = {k: ctx.substitute(v) for k, v in (step.get("with") or {}).items()}
            result.outputs = uses[result.uses](result.with_)
        else:
            if step.get("shell") != "bash":
                raise ValueError(f"step {result.name!r}: only shell: bash is run here")
            output_file = files / f"output-{index}"
            script = files / f"step-{index}.sh"
            script.write_text(str(step["run"]))
            step_env = {
                **base_env,
                **{k: ctx.substitute(v) for k, v in (step.get("env") or {}).items()},
                "GITHUB_OUTPUT": str(output_file),
                "GITHUB_ACTION_PATH": str(action_path),
                "GITHUB_WORKSPACE": str(workspace),
                "RUNNER_TEMP": str(runner_temp),
            }
            proc = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=workspace,
                env=step_env,
                capture_output=True,
                text=True,
                check=False,
            )
            result.code, result.stdout, result.stderr = proc.returncode, proc.stdout, proc.stderr
            result.outputs = _read_outputs(output_file)
            if proc.returncode != 0:
                run.failed = True
        ctx.steps[result.id] = result.outputs
    run.outputs = {name: ctx.substitute(spec["value"]) for name, spec in doc.get("outputs", {}).items()}
    return run


class JobRun:
    def __init__(self, code: int, log: str, artifacts: list[Path]) -> None:
        self.code = code
        self.log = log
        self.artifacts = artifacts


def run_gitlab_job(
    project_dir: Path,
    variables: Mapping[str, str],
    env: Mapping[str, str],
    template: Path = GITLAB_TEMPLATE,
    job: str = "dockeropt",
) -> JobRun:
    """The job's ``before_script`` and ``script`` in one bash session in ``project_dir`` (with
    ``$CI_PROJECT_DIR``), the job's variables overridden by ``variables``."""
    spec = yaml.safe_load(template.read_text())[job]
    job_vars = {k: str(v) for k, v in (spec.get("variables") or {}).items()}
    job_vars.update(variables)
    lines = [*spec.get("before_script", []), *spec["script"]]
    body = "".join(f"echo {_quote('$ ' + line)}\n{line}\n" for line in lines)
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as fh:
        fh.write(body)
        script = fh.name
    try:
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
            cwd=project_dir,
            env={**env, **job_vars, "CI_PROJECT_DIR": str(project_dir)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
    finally:
        os.unlink(script)
    reports = (spec.get("artifacts") or {}).get("reports") or {}
    artifacts = [project_dir / str(path) for path in reports.values()]
    return JobRun(proc.returncode, proc.stdout, artifacts)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def fresh_python(where: Path) -> Path:
    """A new virtual environment's bin folder: the Python a CI image or setup-python would give."""
    import venv

    venv.create(where, with_pip=True)
    return where / "bin"


def main(argv: list[str]) -> int:
    kind, workspace, *pairs = argv
    given = dict(pair.split("=", 1) for pair in pairs)
    with tempfile.TemporaryDirectory() as tmp:
        temp = Path(tmp)
        source = copy_source(temp / "source")
        bin_dir = fresh_python(temp / "python")
        if kind == "github":
            sarif: list[str] = []
            run = run_action(
                given,
                Path(workspace).resolve(),
                source,
                temp,
                {
                    "actions/setup-python": lambda w: {"python-path": str(bin_dir / "python")},
                    "github/codeql-action/upload-sarif": lambda w: sarif.append(w["sarif_file"]) or {},
                },
            )
            for step in run.steps:
                state = "skipped" if step.skipped else f"uses {step.uses} {step.with_}" if step.uses else "run"
                print(f"--- {step.name}: {state}" + ("" if step.skipped or step.uses else f", exit {step.code}"))
                sys.stdout.write(step.stdout + step.stderr)
            print(f"--- action outputs: {run.outputs}; failed: {run.failed}")
            return 1 if run.failed else 0
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
        install = f"dockeropt[shellcheck] @ {source.as_uri()}"
        job = run_gitlab_job(Path(workspace).resolve(), {"DOCKEROPT_INSTALL": install, **given}, env)
        sys.stdout.write(job.log)
        print(f"--- job exit {job.code}; artifacts: {[str(a) for a in job.artifacts if a.exists()]}")
        return job.code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
