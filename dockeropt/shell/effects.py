"""What commands do to the file system and the machine: downloads, archive extraction, removals,
permission changes and parallel builds. Use them through ``Script.downloads``,
``Script.extractions``, ``Script.removals``, ``Script.permission_changes`` and ``Script.build_jobs``.
"""

from __future__ import annotations

from dockeropt.shell.options import parse_args
from dockeropt.shell.words import expand_braces

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command
    from dockeropt.shell.words import Word

# archive file names (as rules have used them since the first version: keep the list stable)
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".zip", ".gz", ".7z")
_TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz4")
SHELLS = frozenset({"sh", "bash", "dash", "ash", "ksh", "mksh", "zsh"})


class Download:
    """A fetch: ``url`` (the first; ``urls`` all), ``output`` the file written (None: standard
    output, or unknown), ``piped_to`` the command that reads it (``curl … | sh``), ``tool``
    (``curl``, ``wget``, ``git``)."""

    __slots__ = ("command", "output", "piped_to", "tool", "url", "urls")

    def __init__(self, command: Command, tool: str, urls: list[str], output: str | None) -> None:
        self.command = command
        self.tool = tool
        self.urls = urls
        self.url = urls[0]
        self.output = output
        self.piped_to: Command | None = None

    @property
    def pipes_to_shell(self) -> bool:
        """``curl … | sh``: the download runs as a script, unchecked."""
        return self.piped_to is not None and self.piped_to.name in SHELLS

    def __repr__(self) -> str:
        return f"Download({self.url!r} -> {self.output!r})"


class Extraction:
    """An archive unpacked: ``archive`` the file (``-`` for standard input), ``target`` the folder
    (None: the current one), ``format`` (``tar``, ``zip``, ``gzip`` …), ``source`` the download
    piped into it, ``keeps_archive`` False when the tool deletes the archive (``gunzip x.gz``)."""

    __slots__ = ("archive", "command", "format", "keeps_archive", "source", "target")

    def __init__(self, command: Command, archive: str, target: str | None, fmt: str) -> None:
        self.command = command
        self.archive = archive
        self.target = target
        self.format = fmt
        self.keeps_archive = True
        self.source: Download | None = None

    def __repr__(self) -> str:
        return f"Extraction({self.archive!r} -> {self.target!r})"


class Removal:
    """One path an ``rm`` removes: ``word`` as written; ``recursive``/``force`` its options."""

    __slots__ = ("command", "force", "recursive", "word")

    def __init__(self, command: Command, word: Word, recursive: bool, force: bool) -> None:
        self.command = command
        self.word = word
        self.recursive = recursive
        self.force = force

    @property
    def path(self) -> str:
        return self.word.text

    def paths(self, home: str = "/root") -> list[str]:
        """The paths removed, braces expanded, ``~``/``$HOME`` as ``home``, relative paths joined to
        the command's directory when the script tells it (see ``Command.cwd``)."""
        text = self.word.text
        if not self.word.is_literal and not text.startswith(("$HOME", "${HOME}")):
            return []
        out = []
        for path in expand_braces(text):
            for prefix in ("~", "$HOME", "${HOME}"):
                if path == prefix or path.startswith(prefix + "/"):
                    path = home.rstrip("/") + path[len(prefix) :]
                    break
            if "$" in path:
                continue
            cwd = self.command.cwd
            if not path.startswith("/") and cwd and cwd.startswith("/"):
                path = cwd.rstrip("/") + "/" + (path[2:] if path.startswith("./") else path)
            out.append(path)
        return out

    def __repr__(self) -> str:
        return f"Removal({self.path!r})"


class PermissionChange:
    """``chmod``/``chown``/``chgrp``: ``spec`` the mode or owner (None with ``--reference``)."""

    __slots__ = ("command", "paths", "recursive", "spec", "tool")

    def __init__(self, command: Command, tool: str, spec: str | None, paths: list[Word], recursive: bool) -> None:
        self.command = command
        self.tool = tool
        self.spec = spec
        self.paths = paths
        self.recursive = recursive

    def __repr__(self) -> str:
        return f"PermissionChange({self.tool} {self.spec} {[p.text for p in self.paths]})"


class BuildJobs:
    """How parallel a build runs.

    ``tool``: ``make``, ``ninja``, ``cmake``, ``cargo``, ``go``, ``pip`` (a source build driven by
    ``MAX_JOBS``), ``python`` (``setup.py``); ``jobs``: the count as written (``"4"``,
    ``"$(nproc)"``) or None when not given; ``unbounded``: no limit at all (``make -j``, ``ninja -j0``,
    ``cmake --build --parallel`` with Makefiles); ``source``: where the count came from (``flag``,
    an environment variable name such as ``MAX_JOBS``, or ``default``); ``default_parallel``: the
    tool uses every core when not told (ninja, cargo, go, pip/torch extensions)."""

    __slots__ = ("command", "default_parallel", "jobs", "source", "tool", "unbounded")

    def __init__(self, command: Command, tool: str, jobs: str | None, unbounded: bool, source: str) -> None:
        self.command = command
        self.tool = tool
        self.jobs = jobs
        self.unbounded = unbounded
        self.source = source
        self.default_parallel = tool in ("ninja", "cargo", "go", "pip", "python") and jobs is None and not unbounded

    @property
    def count(self) -> int | None:
        """``jobs`` as a number when it is a literal one."""
        return int(self.jobs) if self.jobs is not None and self.jobs.isdigit() else None

    def __repr__(self) -> str:
        return f"BuildJobs({self.tool} jobs={self.jobs!r} unbounded={self.unbounded})"


# -- downloads ------------------------------------------------------------------------------------
_CURL_SHORT = "AbcCdDeEFhHKmoPQrtTuUwxXyYz"
_CURL_LONG = frozenset(
    {
        "--output",
        "--output-dir",
        "--url",
        "--user-agent",
        "--header",
        "--data",
        "--data-binary",
        "--data-raw",
        "--data-urlencode",
        "--data-ascii",
        "--retry",
        "--retry-delay",
        "--retry-max-time",
        "--connect-timeout",
        "--max-time",
        "--proto",
        "--proto-redir",
        "--proto-default",
        "--cacert",
        "--capath",
        "--cert",
        "--key",
        "--request",
        "--user",
        "--proxy",
        "--write-out",
        "--continue-at",
        "--config",
        "--limit-rate",
        "--max-filesize",
        "--referer",
        "--resolve",
        "--connect-to",
        "--ciphers",
        "--dns-servers",
        "--interface",
        "--form",
        "--form-string",
        "--upload-file",
        "--range",
        "--time-cond",
        "--cookie",
        "--cookie-jar",
        "--dump-header",
        "--trace",
        "--trace-ascii",
        "--stderr",
        "--variable",
        "--json",
        "--oauth2-bearer",
        "--proxy-user",
        "--noproxy",
        "--max-redirs",
        "--netrc-file",
        "--pinnedpubkey",
        "--speed-limit",
        "--speed-time",
        "--unix-socket",
        "--etag-save",
        "--etag-compare",
        "--expect100-timeout",
        "--keepalive-time",
        "--local-port",
        "--hsts",
        "--alt-svc",
        "--url-query",
        "--aws-sigv4",
        "--tls-max",
        "--quote",
    }
)
_WGET_SHORT = "OoaPtTwUeiBQlARDIX"
_WGET_LONG = frozenset(
    {
        "--output-document",
        "--output-file",
        "--append-output",
        "--directory-prefix",
        "--tries",
        "--timeout",
        "--wait",
        "--user-agent",
        "--execute",
        "--input-file",
        "--base",
        "--quota",
        "--level",
        "--accept",
        "--reject",
        "--domains",
        "--include-directories",
        "--exclude-directories",
        "--header",
        "--user",
        "--password",
        "--http-user",
        "--http-password",
        "--post-data",
        "--post-file",
        "--ca-certificate",
        "--certificate",
        "--private-key",
        "--limit-rate",
        "--read-timeout",
        "--connect-timeout",
        "--dns-timeout",
        "--waitretry",
        "--referer",
        "--load-cookies",
        "--save-cookies",
        "--progress",
        "--method",
        "--body-data",
        "--secure-protocol",
    }
)
_GIT_CLONE_SHORT = "bocju"
_GIT_CLONE_LONG = frozenset(
    {"--branch", "--origin", "--config", "--depth", "--jobs", "--reference", "--separate-git-dir", "--filter"}
)


def find_downloads(commands: list[Command]) -> list[Download]:
    out: list[Download] = []
    for i, cmd in enumerate(commands):
        download = _download(cmd)
        if download is None:
            continue
        if cmd.in_pipeline and not cmd.pipeline_last:
            download.piped_to = _next_in_pipeline(commands, i)
            if download.piped_to is not None and download.output is not None and not _writes_file(cmd):
                download.output = None
        out.append(download)
    return out


def _writes_file(cmd: Command) -> bool:
    return any(r.writes_file and r.fd in ("", "1") for r in cmd.redirects)


def _next_in_pipeline(commands: list[Command], i: int) -> Command | None:
    pid = commands[i].pipeline
    for later in commands[i + 1 :]:
        if later.pipeline == pid and not later.in_substitution:
            return later
    return None


def _download(cmd: Command) -> Download | None:
    name = cmd.name
    if name == "curl":
        args = parse_args(cmd.args, _CURL_SHORT, _CURL_LONG)
        urls = [w.text for w in args.operands if "://" in w.text or w.text.startswith("$")] + args.values("--url")
        urls = [u for u in urls if u]
        if not urls:
            return None
        output = args.value("-o", "--output")
        if output is None and (args.has("O", "remote-name", "remote-name-all", "J")):
            output = _url_file_name(urls[0])
            directory = args.value("--output-dir")
            if directory:
                output = f"{directory.rstrip('/')}/{output}"
    elif name == "wget":
        args = parse_args(cmd.args, _WGET_SHORT, _WGET_LONG)
        urls = [w.text for w in args.operands if "://" in w.text or w.text.startswith("$")]
        if not urls:
            return None
        output = args.value("-O", "--output-document")
        if output is None:
            prefix = args.value("-P", "--directory-prefix")
            file_name = _url_file_name(urls[0])
            output = f"{prefix.rstrip('/')}/{file_name}" if prefix else file_name
    elif name == "git" and len(cmd.argv) > 2 and cmd.argv[1].text == "clone":
        args = parse_args(cmd.argv[2:], _GIT_CLONE_SHORT, _GIT_CLONE_LONG)
        if not args.operands:
            return None
        url = args.operands[0].text
        output = (
            args.operands[1].text
            if len(args.operands) > 1
            else url.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].removesuffix(".git")
        )
        return Download(cmd, "git", [url], output)
    else:
        return None
    if output == "-":
        output = None
    for redirect in cmd.redirects:
        if redirect.writes_file and redirect.fd in ("", "1") and redirect.target is not None:
            output = redirect.target.text
    return Download(cmd, name, urls, output)


def _url_file_name(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]


# -- extractions ----------------------------------------------------------------------------------
_TAR_SHORT = "fCTXbKNgVLHIF"
_TAR_LONG = frozenset(
    {
        "--file",
        "--directory",
        "--files-from",
        "--exclude-from",
        "--exclude",
        "--strip-components",
        "--transform",
        "--xform",
        "--owner",
        "--group",
        "--mode",
        "--blocking-factor",
        "--use-compress-program",
        "--format",
        "--label",
        "--newer",
        "--after-date",
        "--newer-mtime",
        "--mtime",
        "--to-command",
        "--checkpoint-action",
        "--record-size",
        "--warning",
    }
)
_TAR_FORMATS = {"z": "tar.gz", "j": "tar.bz2", "J": "tar.xz", "Z": "tar.Z", "a": "tar"}
_DECOMPRESSORS = {
    "gunzip": "gzip",
    "gzip": "gzip",
    "zcat": "gzip",
    "bunzip2": "bzip2",
    "bzip2": "bzip2",
    "bzcat": "bzip2",
    "unxz": "xz",
    "xz": "xz",
    "xzcat": "xz",
    "unzstd": "zstd",
    "zstd": "zstd",
    "zstdcat": "zstd",
    "unlz4": "lz4",
    "lz4": "lz4",
}
_DECOMPRESS_ONLY = frozenset({"gunzip", "zcat", "bunzip2", "bzcat", "unxz", "xzcat", "unzstd", "zstdcat", "unlz4"})


def find_extractions(commands: list[Command], downloads: list[Download] | None = None) -> list[Extraction]:
    sources = {id(d.piped_to): d for d in downloads or () if d.piped_to is not None}
    out: list[Extraction] = []
    for cmd in commands:
        for extraction in _extraction(cmd):
            extraction.source = sources.get(id(cmd))
            out.append(extraction)
    return out


def _extraction(cmd: Command) -> list[Extraction]:
    name = cmd.name
    if name in ("tar", "bsdtar", "gtar"):
        return _tar(cmd)
    if name == "unzip":
        args = parse_args(cmd.args, "dxPZ", frozenset())
        if not args.operands:
            return []
        return [Extraction(cmd, args.operands[0].text, args.value("-d"), "zip")]
    if name == "7z" or name == "7za":
        operands = [w.text for w in cmd.args if not w.text.startswith("-")]
        if len(operands) >= 2 and operands[0] in ("x", "e"):
            target = next((w.text[2:] for w in cmd.args if w.text.startswith("-o")), None)
            return [Extraction(cmd, operands[1], target, "7z")]
        return []
    if name in _DECOMPRESSORS:
        fmt = _DECOMPRESSORS[name]
        args = parse_args(cmd.args, "S" if fmt == "gzip" else "", frozenset({"--suffix"}))
        decompressing = name in _DECOMPRESS_ONLY or args.has("d", "decompress", "uncompress")
        if not decompressing:
            return []
        to_stdout = name.endswith("cat") or args.has("c", "stdout", "to-stdout")
        files = [w.text for w in args.operands] or ["-"]
        out = []
        for archive in files:
            extraction = Extraction(cmd, archive, None, fmt)
            extraction.keeps_archive = to_stdout or args.has("k", "keep") or archive == "-"
            out.append(extraction)
        return out
    return []


def _tar(cmd: Command) -> list[Extraction]:
    words = list(cmd.args)
    # the traditional form: `tar xzf file.tgz` (first word is a cluster without a dash)
    if words and not words[0].text.startswith("-") and words[0].is_literal:
        cluster = words[0].text
        if cluster and all(c.isalpha() for c in cluster):
            rewritten = []
            rest = words[1:]
            for letter in cluster:
                if letter in _TAR_SHORT and rest:
                    rewritten.append(_fake_word("-" + letter, words[0]))
                    rewritten.append(rest.pop(0))
                else:
                    rewritten.append(_fake_word("-" + letter, words[0]))
            words = rewritten + rest
    args = parse_args(words, _TAR_SHORT, _TAR_LONG)
    if not args.has("x", "extract", "get"):
        return []
    archive = args.value("-f", "--file")
    if archive is None:
        archive = "-" if cmd.in_pipeline else None
    if archive is None:
        return []
    fmt = "tar"
    for letter, name in _TAR_FORMATS.items():
        if args.has("-" + letter):
            fmt = name
    for long_name, name in (("--gzip", "tar.gz"), ("--bzip2", "tar.bz2"), ("--xz", "tar.xz"), ("--zstd", "tar.zst")):
        if args.has(long_name):
            fmt = name
    if fmt == "tar":
        fmt = next((suffix[1:] for suffix in _TAR_SUFFIXES if archive.endswith(suffix)), fmt)
    return [Extraction(cmd, archive, args.value("-C", "--directory"), fmt)]


def _fake_word(text: str, origin: Word) -> Word:
    from dockeropt.shell.words import Word

    return Word(text, origin.raw, origin.start, origin.end, True)


# -- removals and permissions ---------------------------------------------------------------------
def find_removals(commands: list[Command]) -> list[Removal]:
    out: list[Removal] = []
    for cmd in commands:
        if cmd.name not in ("rm", "rmdir"):
            continue
        args = parse_args(cmd.args, "", frozenset({"--interactive", "--one-file-system-dummy"}))
        recursive = args.has("r", "R", "recursive")
        force = args.has("f", "force")
        out.extend(Removal(cmd, word, recursive, force) for word in args.operands)
    return out


def find_permission_changes(commands: list[Command]) -> list[PermissionChange]:
    out: list[PermissionChange] = []
    for cmd in commands:
        if cmd.name not in ("chmod", "chown", "chgrp"):
            continue
        words = [w for w in cmd.args if not _is_chmod_mode_option(cmd.name, w.text)]
        modes = [w for w in cmd.args if _is_chmod_mode_option(cmd.name, w.text)]
        args = parse_args(words, "", frozenset({"--from"}))
        operands = list(args.operands)
        spec: str | None
        if args.has("reference"):
            spec = None
        elif modes:
            spec = modes[0].text
        elif operands:
            spec = operands.pop(0).text
        else:
            continue
        recursive = args.has("R", "recursive")
        out.append(PermissionChange(cmd, cmd.name, spec, operands, recursive))
    return out


def _is_chmod_mode_option(tool: str, text: str) -> bool:
    """``chmod -x file``, ``chmod -w,u+x f``: a symbolic mode that looks like an option."""
    return tool == "chmod" and len(text) > 1 and text[0] == "-" and all(c in "rwxXstugoa+-=,0123456789" for c in text)


# -- parallel builds ------------------------------------------------------------------------------
_JOB_ENV = {
    "make": ("MAKEFLAGS",),
    "cmake": ("CMAKE_BUILD_PARALLEL_LEVEL",),
    "cargo": ("CARGO_BUILD_JOBS",),
    "go": ("GOMAXPROCS",),
    "pip": ("MAX_JOBS",),
    "python": ("MAX_JOBS",),
    "ninja": ("MAX_JOBS",),
}


def find_build_jobs(commands: list[Command]) -> list[BuildJobs]:
    out: list[BuildJobs] = []
    for cmd in commands:
        jobs = _build_jobs(cmd)
        if jobs is not None:
            out.append(jobs)
    return out


def _build_jobs(cmd: Command) -> BuildJobs | None:
    name = cmd.name
    args = cmd.args
    if name in ("make", "gmake"):
        jobs, unbounded, given = _optional_jobs(args, ("-j",), ("--jobs",))
        if given:
            return BuildJobs(cmd, "make", jobs, unbounded, "flag")
        flags = cmd.env("MAKEFLAGS")
        if flags is not None:
            jobs, unbounded, given = _optional_jobs(_split_flags(flags, cmd), ("-j", "j"), ("--jobs",))
            if given:
                return BuildJobs(cmd, "make", jobs, unbounded, "MAKEFLAGS")
        return BuildJobs(cmd, "make", None, False, "default")
    if name in ("ninja", "samu"):
        parsed = parse_args(args, "jClkfd", frozenset())
        value = parsed.value("-j")
        if value is not None:
            return BuildJobs(cmd, "ninja", value, value == "0", "flag")
        return _from_env(cmd, "ninja") or BuildJobs(cmd, "ninja", None, False, "default")
    if name == "cmake" and any(w.text == "--build" for w in args):
        jobs, unbounded, given = _optional_jobs(args, ("-j",), ("--parallel",))
        if given:
            return BuildJobs(cmd, "cmake", jobs, unbounded, "flag")
        level = cmd.env("CMAKE_BUILD_PARALLEL_LEVEL")
        if level is not None:
            return BuildJobs(cmd, "cmake", level or None, not level, "CMAKE_BUILD_PARALLEL_LEVEL")
        return BuildJobs(cmd, "cmake", None, False, "default")
    if name == "cargo" and len(args) > 0 and args[0].text in ("build", "install", "test", "b", "t"):
        parsed = parse_args(args, "jpFZ", frozenset({"--jobs", "--features", "--package", "--target"}))
        value = parsed.value("-j", "--jobs")
        if value is not None:
            return BuildJobs(cmd, "cargo", value, False, "flag")
        return _from_env(cmd, "cargo") or BuildJobs(cmd, "cargo", None, False, "default")
    if name == "go" and len(args) > 0 and args[0].text in ("build", "install", "test"):
        parsed = parse_args(args, "", frozenset({"-p", "-o", "-ldflags", "-tags", "-C"}), single_dash_long=True)
        value = parsed.value("-p")
        if value is not None:
            return BuildJobs(cmd, "go", value, False, "flag")
        return _from_env(cmd, "go") or BuildJobs(cmd, "go", None, False, "default")
    if _is_python_build(cmd):
        tool = "python" if name.startswith("python") else "pip"
        return _from_env(cmd, tool)
    return None


def _is_python_build(cmd: Command) -> bool:
    """A pip install or ``setup.py`` build that may compile extensions (they read ``MAX_JOBS``)."""
    name = cmd.name
    words = [w.text for w in cmd.args]
    if name.startswith("pip") or name == "uv":
        return any(w in ("install", "wheel", "sync") for w in words[:3])
    if name.startswith("python"):
        if words[:1] == ["-m"] and len(words) > 1 and words[1].startswith("pip"):
            return any(w in ("install", "wheel") for w in words[2:4])
        return bool(words) and words[0].endswith("setup.py")
    return False


def _from_env(cmd: Command, tool: str) -> BuildJobs | None:
    for var in _JOB_ENV.get(tool, ()):
        value = cmd.env(var)
        if value is not None:
            return BuildJobs(cmd, tool, value or None, False, var)
    return None


def _optional_jobs(args: list[Word], short: tuple[str, ...], long: tuple[str, ...]) -> tuple[str | None, bool, bool]:
    """Read ``-j``/``-jN``/``-j N``/``--jobs[=N]`` where the count is optional (make, cmake):
    returns (count, unbounded, given)."""
    jobs: str | None = None
    given = False
    for i, word in enumerate(args):
        t = word.text
        if t == "--":
            break
        value: str | None = None
        if t in short or t in long:
            given = True
            nxt = args[i + 1] if i + 1 < len(args) else None
            if nxt is not None and (nxt.text.isdigit() or (not nxt.is_literal and nxt.text.startswith("$"))):
                value = nxt.text
        elif any(t.startswith(n + "=") for n in long):
            given = True
            value = t.split("=", 1)[1]
        elif any(t.startswith(s) and len(t) > len(s) for s in short if s.startswith("-")):
            prefix = next(s for s in short if t.startswith(s))
            rest = t[len(prefix) :]
            if rest.isdigit() or rest.startswith("$"):
                given = True
                value = rest
            else:
                continue
        elif t.startswith("-") and not t.startswith("--") and "j" in t[1:] and all(c.isalpha() for c in t[1:]):
            given = True  # a cluster such as -kj
        else:
            continue
        jobs = value
    return jobs, given and jobs is None, given


def _split_flags(flags: str, cmd: Command) -> list[Word]:
    from dockeropt.shell.words import Word

    words = flags.split()
    # MAKEFLAGS may start with bare letters ("j8", "kj4"): GNU make reads them as options
    if words and not words[0].startswith("-") and "=" not in words[0]:
        words[0] = "-" + words[0]
    return [Word(w, w, cmd.start, cmd.end, True) for w in words]
