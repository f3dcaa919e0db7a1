"""Which file of the build context a path of the image comes from, at a point of a stage.

``COPY . .`` under ``WORKDIR /app`` puts the context's ``requirements.txt`` at
``/app/requirements.txt``; a later ``COPY deploy/prod.txt requirements.txt`` replaces it. A rewrite
that moves an install, or reads the project's manifests (Cargo.toml, package.json, pom.xml) to
know what a build writes, needs the file the build would see: :meth:`CopyMap.writer` finds the last
COPY/ADD that put a path there, and the context file it copied (None when its content is not
known: a ``COPY --from``, a URL, a glob, a variable, an archive ADD unpacks).
"""

from __future__ import annotations

import os
import posixpath
import stat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.context.dockerignore import DockerIgnore
    from dockeropt.graph.model import Stage
    from dockeropt.syntax.nodes import Instruction

_ARCHIVES = (".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".tbz2", ".txz")


def read_context_text(path: str) -> str | None:
    """A small text file of the context (a manifest, a build file), or None when it is missing, not a
    regular file or too large (read through the bounded reader of ``dockeropt.files``)."""
    from dockeropt.files.read import read_text

    try:
        return read_text(path, errors="replace")
    except OSError:
        return None


def under(path: str, parent: str) -> bool:
    """``path`` is ``parent`` or inside it (absolute, normalized paths)."""
    return parent == "/" or path == parent or path.startswith(parent.rstrip("/") + "/")


class Writer:
    """Where a path of the image comes from: ``rel`` in the context (None: not known), copied by
    ``inst`` with ``flags`` (its ``--chown``/``--chmod``/``--link`` as written)."""

    __slots__ = ("flags", "inst", "rel")

    def __init__(self, inst: Instruction, rel: str | None, flags: str = "") -> None:
        self.inst = inst
        self.rel = rel
        self.flags = flags

    def __repr__(self) -> str:
        return f"Writer({self.rel!r} by line {self.inst.start_line})"


class CopyMap:
    """The COPY/ADD instructions of ``stage`` read against ``context_dir`` (None: no context known)."""

    def __init__(self, ctx: Facts, stage: Stage, context_dir: str | None, ignore: DockerIgnore | None = None) -> None:
        self.ctx = ctx
        self.graph = ctx.graph
        self.stage = stage
        self.context_dir = context_dir
        self.ignore = ignore

    def destinations(self, inst: Instruction) -> list[tuple[str, str | None, bool]] | None:
        """(destination in the image, the context file or folder it comes from or None, is a folder)
        for each source of the COPY/ADD ``inst``; None when the destination is not known."""
        if len(inst.args) < 2 or inst.heredocs:
            return None
        state = self.graph.state(inst)
        variables = state.variables()
        dest_raw, missing = self.graph.expand(inst.args[-1].value, variables)
        if missing:
            return None
        sources = inst.args[:-1]
        into_folder = dest_raw.endswith("/") or dest_raw in (".", "..") or len(sources) > 1
        dest = posixpath.normpath(posixpath.join(state.workdir or "/", dest_raw))
        if not into_folder and dest == (state.workdir or "/"):
            into_folder = True
        out: list[tuple[str, str | None, bool]] = []
        remote = inst.flag("from") is not None
        for arg in sources:
            text, missing = self.graph.expand(arg.value, variables)
            unknown = remote or bool(missing) or "://" in text or any(c in text for c in "*?[")
            if unknown or (inst.name == "ADD" and text.endswith(_ARCHIVES)):
                out.append((dest, None, True))
                continue
            rel = posixpath.normpath(text.lstrip("/")) if text.strip("/.") else "."
            if rel.startswith(".."):
                out.append((dest, None, True))
                continue
            if self.is_dir(rel):
                out.append((dest, rel, True))
            else:
                target = posixpath.join(dest, posixpath.basename(rel)) if into_folder else dest
                out.append((target, rel, False))
        return out

    def targets(self, inst: Instruction, wanted: str | None = None) -> list[tuple[str, Writer]]:
        """(image path, where it comes from) for the files ``inst`` copies by name; with ``wanted``,
        that path if ``inst`` writes it (inside copied folders too)."""
        out: list[tuple[str, Writer]] = []
        found = self.destinations(inst)
        flags = " ".join(f.raw for f in inst.flags if f.name in ("chown", "chmod", "link"))
        if found is None:
            if wanted is not None:
                out.append((wanted, Writer(inst, None)))
            return out
        for dest, source, is_dir in found:
            if source is None:
                if wanted is not None and under(wanted, dest):
                    out.append((wanted, Writer(inst, None)))
                continue
            if is_dir:
                if wanted is not None and under(wanted, dest):
                    rel = posixpath.normpath(posixpath.join(source, posixpath.relpath(wanted, dest)))
                    if self.sends(rel):
                        out.append((wanted, Writer(inst, rel, flags)))
            elif wanted is None or dest == wanted:
                out.append((dest, Writer(inst, source, flags)))
        return out

    def writer(self, path: str, before: Instruction) -> Writer | None:
        """The last COPY/ADD of the stage before ``before`` that puts ``path`` in the image."""
        for inst in reversed(self.stage.instructions):
            if inst.index >= before.index or inst.name not in ("COPY", "ADD"):
                continue
            for target, writer in self.targets(inst, path):
                if target == path:
                    return writer
        return None

    def context_file(self, path: str, before: Instruction) -> str | None:
        """The context file (full path) that is at ``path`` in the image when ``before`` runs."""
        writer = self.writer(path, before)
        if writer is None or writer.rel is None or self.context_dir is None:
            return None
        return os.path.join(self.context_dir, writer.rel)

    def read(self, path: str, before: Instruction) -> str | None:
        """The text of the file at ``path`` when ``before`` runs, if it comes from the context."""
        full = self.context_file(path, before)
        return None if full is None else read_context_text(full)

    # -- the build context ----------------------------------------------------------------------------
    def is_dir(self, rel: str) -> bool:
        if rel == ".":
            return True
        if self.context_dir is None:
            from dockeropt.context.ecosystems import manifest_role

            return manifest_role(posixpath.basename(rel)) is None and "." not in posixpath.basename(rel)
        try:
            return stat.S_ISDIR(os.stat(os.path.join(self.context_dir, rel)).st_mode)
        except OSError:
            return False

    def sends(self, rel: str) -> bool:
        """Whether the build sends ``rel``: it exists in the context and .dockerignore keeps it."""
        if self.context_dir is None:
            return False
        if not os.path.lexists(os.path.join(self.context_dir, rel)):
            return False
        return not (self.ignore is not None and self.ignore.matches(rel))
