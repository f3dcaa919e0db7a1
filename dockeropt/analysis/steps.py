"""What a RUN step does for the build cache: fetch dependencies from manifests, or build sources.

A dependency fetch reads only the project's manifests and lock files (``go mod download``,
``pip install -r requirements.txt``, ``npm ci``, ``cargo fetch``, ``mvn dependency:go-offline`` …):
it can run before the sources are copied and stay cached while they change. A build reads the
sources (``go build``, ``npm run build``, ``pip install .``, ``python manage.py …``). The two belong
in separate layers with the COPY of the sources between them; merging them would tie the fetch
to every source change.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.shell.model import Command
    from dockeropt.syntax.nodes import Instruction

_JS = frozenset({"npm", "yarn", "pnpm", "bun"})
_JS_FETCH = frozenset({"ci", "install", "i", "add"})
_PY_RUNNERS = ("python", "python3", "pypy", "pypy3")


def _first(cmd: Command) -> str:
    return next((w.text for w in cmd.args if not w.text.startswith("-")), "")


def _words(cmd: Command) -> list[str]:
    return [w.text for w in cmd.args]


def _local_path(spec: str) -> bool:
    return spec in (".", "./") or spec.startswith(("./", "../", "/", "-e", "--editable"))


_FILE_OPTIONS = frozenset({"-r", "--requirement", "-c", "--constraint", "--prefix", "--cwd", "--dir", "-C"})


def _installs_local(words: list[str]) -> bool:
    """Whether the operands name a local project (``.``, ``./pkg``, ``-e .``); the values of options
    that name files (``-r ./requirements.txt``, ``--prefix ./web``) do not count."""
    previous = ""
    for word in words:
        if previous not in _FILE_OPTIONS and "=" not in word and _local_path(word):
            return True
        previous = word
    return False


def fetches_dependencies(cmd: Command) -> bool:
    """``cmd`` installs dependencies named on its command line or in manifests, not the project."""
    name, first, words = cmd.name, _first(cmd), _words(cmd)
    if name == "go":
        return words[:2] == ["mod", "download"]
    if name == "cargo":
        return first == "fetch" or (first == "chef" and "cook" in words)
    if name in _JS:
        return (first in _JS_FETCH or (name == "yarn" and not first)) and not _installs_local(words[1:])
    if name in ("pip", "pip3"):
        return first == "install" and not _installs_local(words)
    if name in _PY_RUNNERS and words[:2] == ["-m", "pip"]:
        return next((w for w in words[2:] if not w.startswith("-")), "") == "install" and not _installs_local(words[2:])
    if name == "poetry":
        return first == "install" and "--no-root" in words
    if name == "uv":
        return (first == "sync" and "--no-install-project" in words) or (
            first == "pip" and "install" in words and not _installs_local(words)
        )
    if name in ("pipenv", "bundle", "composer", "conda", "mamba", "micromamba"):
        return first in ("install", "sync", "create", "update") or words[:2] == ["env", "create"]
    if name in ("mvn", "mvnw"):
        goals = [w for w in words if not w.startswith("-")]
        return bool(goals) and all(g.startswith("dependency:") for g in goals)
    if name in ("gradle", "gradlew"):
        goals = [w for w in words if not w.startswith("-")]
        return bool(goals) and all(g in ("dependencies", "downloadDependencies") for g in goals)
    if name == "dotnet":
        return first == "restore"
    return False


def fetches_in(ctx: Facts, inst: Instruction) -> bool:
    """The RUN fetches dependencies (see :func:`fetches_dependencies`)."""
    return any(fetches_dependencies(c) for rs in ctx.run_scripts(inst) for c in rs.script.commands)


_BUILDERS = frozenset(
    {"make", "cmake", "ninja", "meson", "gcc", "g++", "cc", "clang", "javac", "tsc", "npx", "rake", "webpack", "vite"}
)


def builds_sources(cmd: Command) -> bool:
    """``cmd`` reads the project's sources: compiles, tests, bundles or installs the project itself."""
    name, first, words = cmd.name, _first(cmd), _words(cmd)
    if name in _BUILDERS or (name in _PY_RUNNERS and words[:2] != ["-m", "pip"]):
        return True
    if name == "go":
        return first in ("build", "install", "test", "generate", "vet", "run")
    if name == "cargo":
        return first in ("build", "install", "test", "run", "check", "b", "t") or (
            first == "chef" and "cook" not in words
        )
    if name in _JS:
        return first in ("run", "run-script", "build", "test", "exec", "x") or (
            first in _JS_FETCH and _installs_local(words[1:])
        )
    if name in ("pip", "pip3"):
        return first in ("install", "wheel") and _installs_local(words)
    if name in _PY_RUNNERS:
        return words[:2] == ["-m", "pip"] and _installs_local(words[2:])
    if name == "poetry":
        return first in ("build", "run") or (first == "install" and "--no-root" not in words)
    if name == "uv":
        return first in ("build", "run") or (first == "sync" and "--no-install-project" not in words)
    if name in ("mvn", "mvnw", "gradle", "gradlew"):
        return not fetches_dependencies(cmd)
    if name == "dotnet":
        return first in ("build", "publish", "test", "pack")
    if name == "bundle":
        return first == "exec"
    if name == "composer":
        return first in ("dump-autoload", "run-script", "run")
    return False


def builds_in(ctx: Facts, inst: Instruction) -> bool:
    """The RUN builds or runs the project's sources (see :func:`builds_sources`)."""
    return any(builds_sources(c) for rs in ctx.run_scripts(inst) for c in rs.script.commands)
