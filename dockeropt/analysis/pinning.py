"""Package installs that leave the version to the day of the build (the pinning rules DO904–DO912).

Each manager has its own way to name a version: ``curl=7.88.1-10`` (apt), ``curl=8.5.0-r0`` or
``curl~8.5`` (apk), ``flask==3.0.3`` (pip), ``express@4.19.2`` (npm), ``rails:7.1.3`` or
``-v 7.1.3`` (gem), ``nginx-1.24.0`` (yum, dnf), ``nginx=1.24.0`` (zypper), ``…/cmd/x@v1.2.3`` (go).
What counts as a version follows hadolint's DL3008/DL3018/DL3013/DL3016/DL3028/DL3033/DL3037/
DL3041/DL3062, with these differences:

- a version given through a variable counts (``MariaDB-server-${MARIADB_VERSION}``: the build,
  or the base image's ENV, decides it; hadolint wants the variable declared in the file);
- an operand that is a variable (``$PKGS``) is judged by its value when the script, an ARG or an
  ENV gives one, and left alone when nothing in the file does (hadolint reports it);
- a release (``curl/bookworm-backports``) and an npm dist-tag (``@latest``) are not versions;
- files are not packages to pin: ``x.gem``, ``go run build.go``.
"""

from __future__ import annotations

from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from dockeropt.analysis.facts import Facts
    from dockeropt.analysis.runs import RunScript
    from dockeropt.shell.packages import Package, PackageOp
    from dockeropt.syntax.span import Span

_RPM_VERSION_PART = lazy_compile(r"^[0-9A-Za-z.~^_:+]+$")
_NPM_TAGS = frozenset({"latest", "next", "beta", "alpha", "canary", "rc", "lts", "stable", "current"})
_GO_META = frozenset({"tool", "all", "std", "cmd"})
_GO_NOT_VERSIONS = frozenset({"latest", "none", "upgrade", "patch", ""})
_PIP_OPERATORS = ("==", ">=", "<=", "~=", "!=", ">", "<", "@")
_VCS = ("git+", "hg+", "svn+", "bzr+", "git://")
_FILES = (".deb", ".rpm", ".apk", ".whl", ".gem", ".tgz", ".tar.gz", ".tar", ".zip", ".tar.bz2", ".egg", ".go")
_WHOLE_VARIABLE = lazy_compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")


class UnpinnedInstall:
    """One install command with operands that name no version: ``first`` is the first such operand
    as written (where to point), ``loose`` every such operand as the command receives it."""

    __slots__ = ("first", "loose", "op", "rs")

    def __init__(self, rs: RunScript, op: PackageOp, first: Package, loose: list[str]) -> None:
        self.rs = rs
        self.op = op
        self.first = first
        self.loose = loose

    @property
    def span(self) -> Span:
        return self.rs.span(self.first.word.start, self.first.word.end)

    @property
    def message(self) -> str:
        program = self.op.command.name
        if program.startswith("python"):
            program = "pip"  # python -m pip
        elif self.op.manager == "uv":
            program = "uv pip"
        verb = f"{program} {self.op.subcommand}".strip()
        return f"{verb} of {names(self.loose)} without a version: each build installs whatever is newest that day"


def _rpm_versioned(text: str) -> bool:
    """``nginx-1.24.0`` / ``nginx-1:1.24.0-1.el9``: a dash, then version-like parts, one starting
    with a digit (hadolint's test)."""
    rest = text.split("-")[1:]
    return bool(rest) and all(_RPM_VERSION_PART.match(p) for p in rest) and any(p[:1].isdigit() for p in rest)


def has_version(manager: str, text: str) -> bool:
    """Whether an install operand, as the command receives it, names a version (or a file)."""
    if text.startswith(("./", "../", "/", "~", ".[")) or text in (".", "..") or text.endswith(_FILES):
        return True
    if "://" in text and not text.startswith(_VCS):
        return True  # an archive's URL names one file
    if manager == "apt":
        _, eq, pinned = text.partition("=")
        return bool(eq and pinned)
    if manager == "apk":
        return any(c in text for c in "=~<>")
    if manager in ("pip", "uv", "pipx"):
        if text.startswith(_VCS):
            return "@" in text.split("://", 1)[-1]  # a VCS reference names a tag or commit
        return "/" in text or any(op in text for op in _PIP_OPERATORS)  # a path names one checkout
    if manager in ("npm", "yarn", "pnpm"):
        if text.startswith(_VCS) or text.startswith("github:"):
            return "#" in text
        sign = text.rfind("@")
        return sign > 0 and text[sign + 1 :] not in _NPM_TAGS
    if manager == "gem":
        return ":" in text
    if manager in ("dnf", "yum", "microdnf", "tdnf"):
        return _rpm_versioned(text) or "$" in text.partition("-")[2]
    if manager == "zypper":
        return any(c in text for c in "=<>")
    if manager == "go":
        if text in _GO_META:
            return True  # go.mod pins what `go install tool` (Go 1.24) and `all` mean
        _, at, tag = text.rpartition("@")
        return bool(at) and tag not in _GO_NOT_VERSIONS
    return True


def _operand_texts(op: PackageOp, package: Package, variables: Mapping[str, str]) -> list[str] | None:
    """The operand as the command receives it: its text, or the words of a variable's value set by
    the script, an ARG or an ENV; None when nothing in the file gives the variable a value it
    knows (a command substitution's output is known only to the build)."""
    if package.is_literal:
        return [package.spec]
    m = _WHOLE_VARIABLE.match(package.spec)
    if m is None:
        return [package.spec]  # `python3-${V}` and the like: a name with a piece filled in
    name = m.group(1) or m.group(2)
    value = op.command.variable(name)
    if value is None:
        value = variables.get(name)
    if value is None or "$(" in value or "`" in value:
        return None  # no value, or a command's output (`runDeps="$(scanelf … | awk …)"`): unknown here
    return [w for w in value.replace("\\\n", " ").split() if w not in ("\\",)]


def _exempt(op: PackageOp) -> bool:
    """Commands that name no packages to pin, as a whole."""
    if op.manager in ("pip", "uv"):
        if op.manager == "uv" and op.subcommand != "install":
            return True  # uv add/sync write and follow the project's lock file
        # requirement files, constraints and the local project decide the versions (hadolint)
        words = {w.text for w in op.command.args}
        return bool(op.files or op.constraints or "." in words)
    if op.manager == "gem":
        return op.has("v", "version")
    if op.manager in ("dnf", "yum", "microdnf", "tdnf"):
        return op.subcommand in ("group", "groups", "groupinstall")
    return False


def unpinned_installs(ctx: Facts, managers: tuple[str, ...], action: str = "install") -> Iterator[UnpinnedInstall]:
    """Every install by ``managers`` in a RUN or ONBUILD RUN with the operands it names without a
    version (only installs with at least one), as the command receives them."""
    for inst in ctx.runs_and_triggers():
        variables = ctx.graph.state(inst).variables()
        for rs in ctx.run_scripts(inst):
            for op in rs.script.package_ops(managers, action):
                if op.command.nested or _exempt(op):
                    continue
                loose: list[str] = []
                first: Package | None = None
                for package in op.packages:
                    if package.editable or package.kind == "group":
                        continue
                    texts = _operand_texts(op, package, variables)
                    if texts is None:
                        continue
                    missing = [t for t in texts if t and not t.startswith("-") and not has_version(op.manager, t)]
                    if missing:
                        loose.extend(missing)
                        first = first or package
                if first is not None:
                    yield UnpinnedInstall(rs, op, first, loose)


def names(texts: list[str], limit: int = 4) -> str:
    """``a, b, c and 2 more``."""
    shown = ", ".join(texts[:limit])
    return shown + (f" and {len(texts) - limit} more" if len(texts) > limit else "")
