"""pip requirements and constraints files, read as pip reads them (``pip/_internal/req/req_file.py``)
without installing anything: lines ending in ``\\`` are joined (not after a comment), ``#`` starts
a comment at the start of a line or after white space, a line's requirement part ends at the first
word starting with ``-`` and the rest are options (split like a shell would). ``-r``/``-c`` paths
are relative to the file that names them; ``${VAR}`` stays as written (pip expands it from the
install environment, which is not known here).
"""

from __future__ import annotations

import os

from dockeropt.context.depmodel import Dependencies, IndexUrl, Requirement, requirement_from_pep508
from dockeropt.files.read import read_text, reason
from dockeropt.knowledge.packages import normalize_name
from dockeropt.lazyre import lazy_compile

_COMMENT = lazy_compile(r"(^|\s+)#.*$")
_URL_SCHEMES = ("http://", "https://", "file:", "git+", "hg+", "svn+", "bzr+", "ftp://")
_EGG = lazy_compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_WHEEL = lazy_compile(r"([A-Za-z0-9][A-Za-z0-9._]*?)-\d[^-/]*(-\d[^-/]*)?-[^-/]+-[^-/]+-[^-/]+\.whl$")
_NAMED_URL = lazy_compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@")  # PEP 508 "name @ url"
_PATH_EXTRAS = lazy_compile(r"^(?P<path>.*?)(\[(?P<extras>[^\]]*)\])?$")

# Options pip accepts in a requirements file, and whether they take a value.
_VALUE_OPTIONS = {
    "-r": "requirement",
    "--requirement": "requirement",
    "-c": "constraint",
    "--constraint": "constraint",
    "-e": "editable",
    "--editable": "editable",
    "-i": "index-url",
    "--index-url": "index-url",
    "--extra-index-url": "extra-index-url",
    "-f": "find-links",
    "--find-links": "find-links",
    "--trusted-host": "other",
    "--no-binary": "other",
    "--only-binary": "other",
    "--use-feature": "other",
    "--hash": "other",
    "-C": "other",
    "--config-settings": "other",
    "--global-option": "other",
}
_FLAG_OPTIONS = {"--no-index": "no-index", "--pre": "other", "--prefer-binary": "other", "--require-hashes": "other"}


def logical_lines(text: str) -> list[tuple[int, str]]:
    """pip's ``join_lines`` then ``ignore_comments``: (first line number, content) for each
    non-empty logical line."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        is_comment = _COMMENT.match(line) is not None
        if not line.endswith("\\") or is_comment:
            if is_comment:
                line = " " + line  # so the comment is stripped below, even after a join
            if pending:
                pending.append(line)
                out.append((start, "".join(pending)))
                pending = []
            else:
                out.append((number, line))
        else:
            if not pending:
                start = number
            pending.append(line.strip("\\"))
    if pending:
        out.append((start, "".join(pending)))
    cleaned = []
    for number, line in out:
        line = _COMMENT.sub("", line).strip()
        if line:
            cleaned.append((number, line))
    return cleaned


def split_options(line: str) -> tuple[str, str]:
    """pip's ``break_args_options``: the words before the first one starting with ``-``, the rest."""
    words = line.split(" ")
    for index, word in enumerate(words):
        if word.startswith("-"):
            return " ".join(words[:index]), " ".join(words[index:])
    return line, ""


def parse_options(text: str) -> list[tuple[str, str]]:
    """(kind, value) for each option pip would read: ``--opt=v``, ``--opt v``, ``-rfile``."""
    import shlex

    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word in _FLAG_OPTIONS:
            out.append((_FLAG_OPTIONS[word], ""))
            continue
        name, eq, value = word.partition("=")
        if name.startswith("--") and name in _VALUE_OPTIONS:
            if not eq:
                value = words[i] if i < len(words) else ""
                i += 1
            out.append((_VALUE_OPTIONS[name], value))
        elif word[:2] in _VALUE_OPTIONS and not word.startswith("--"):
            value = word[2:]
            if not value:
                value = words[i] if i < len(words) else ""
                i += 1
            out.append((_VALUE_OPTIONS[word[:2]], value))
    return out


def _is_url(text: str) -> bool:
    return text.lower().startswith(_URL_SCHEMES)


def _looks_like_path(text: str) -> bool:
    return "/" in text or text.startswith(".") or text.endswith((".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"))


def direct_requirement(
    text: str, source_file: str, line: int, *, editable: bool = False, group: str | None = None
) -> Requirement:
    """A URL, VCS URL or local path (``-e`` value or bare line): the name comes from ``#egg=`` or
    a wheel's file name when there is one; a local project's name is not read here."""
    location, _, markers = text.partition("; " if _is_url(text) else ";")  # as pip splits them
    location = location.strip()
    extras: tuple[str, ...] = ()
    if not _is_url(location):
        found = _PATH_EXTRAS.match(location)
        if found is not None and found.group("extras") is not None:
            location = found.group("path")
            extras = tuple(normalize_name(e.strip()) for e in found.group("extras").split(",") if e.strip())
    name = ""
    egg = _EGG.search(location)
    wheel = _WHEEL.search(location.rsplit("#", 1)[0])
    if egg is not None:
        name = egg.group(1)
    elif wheel is not None:
        name = wheel.group(1)
    return Requirement(
        normalize_name(name) if name else "",
        extras=extras,
        markers=markers.strip(),
        source_file=source_file,
        line=line,
        url=location,
        editable=editable,
        group=group,
        raw=text,
    )


def requirement_line(text: str, source_file: str, line: int, group: str | None = None) -> Requirement | None:
    """The requirement part of one logical line."""
    if _NAMED_URL.match(text) is None and (_is_url(text) or _looks_like_path(text.split(";", 1)[0].strip())):
        return direct_requirement(text, source_file, line, group=group)
    return requirement_from_pep508(text, source_file, line, group)


def read_requirements_txt(
    path: str, *, context_dir: str | None = None, constraint: bool = False, _seen: set[str] | None = None
) -> Dependencies:
    """The requirements of ``path`` and of the files it includes (``-r``; ``-c`` files give
    constraints). With ``context_dir``, an include outside it is reported, not read: the build
    cannot see it."""
    seen = _seen if _seen is not None else set()
    deps = Dependencies()
    real = os.path.realpath(path)
    if real in seen:
        return deps
    seen.add(real)
    if context_dir is not None and not _inside(real, context_dir):
        deps.problems.append((path, 0, "outside the build context (a link leads out of it); not read"))
        return deps
    try:
        text = read_text(path, errors="replace")
    except OSError as exc:
        deps.problems.append((path, 0, f"cannot read: {reason(exc)}"))
        return deps
    deps.files.append(path)
    read_requirement_lines(logical_lines(text), path, deps, context_dir=context_dir, constraint=constraint, seen=seen)
    return deps


def _inside(real: str, context_dir: str) -> bool:
    rel = os.path.relpath(real, os.path.realpath(context_dir))
    return rel != ".." and not rel.startswith("../")


def read_requirement_lines(
    lines: list[tuple[int, str]],
    path: str,
    deps: Dependencies,
    *,
    context_dir: str | None = None,
    constraint: bool = False,
    seen: set[str] | None = None,
    group: str | None = None,
) -> None:
    """Add what requirements-file ``lines`` (numbered, comments removed) declare to ``deps``;
    includes are relative to ``path``'s folder."""
    seen = seen if seen is not None else set()
    target = deps.constraints if constraint else deps.requirements
    for number, line in lines:
        args, options = split_options(line)
        if args:
            found = requirement_line(args, path, number, group)
            if found is not None:
                target.append(found)
            continue  # options after a requirement (--hash…) belong to it
        for kind, value in parse_options(options):
            if kind in ("requirement", "constraint"):
                _include(value, path, number, deps, context_dir, kind == "constraint", seen)
            elif kind == "editable" and value:
                target.append(direct_requirement(value, path, number, editable=True, group=group))
            elif kind in ("index-url", "extra-index-url", "find-links", "no-index"):
                deps.indexes.append(IndexUrl(value, kind, path, number))


def _include(
    value: str,
    including: str,
    line: int,
    deps: Dependencies,
    context_dir: str | None,
    constraint: bool,
    seen: set[str],
) -> None:
    if not value:
        return
    if _is_url(value):
        deps.problems.append((including, line, f"{value}: a remote file is not read"))
        return
    nested_path = os.path.normpath(os.path.join(os.path.dirname(including), value))
    if context_dir is not None and not _inside(os.path.realpath(nested_path), context_dir):
        deps.problems.append((including, line, f"{value} is outside the build context; not read"))
        return
    nested = read_requirements_txt(nested_path, context_dir=context_dir, constraint=constraint, _seen=seen)
    deps.extend(nested)
