"""DO208 removed-in-later-layer: deleting files in a later RUN does not shrink the image."""

from __future__ import annotations

import os

from dockeropt.analysis.caches import cache_dirs
from dockeropt.analysis.layers import LayerWrites, Write, command_path, is_glob, under
from dockeropt.api import Category, CheckContext, Impact, Rule, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.runs import RunScript

# Removing less than this (copied from the build context) leaves a few kilobytes behind: a note.
SMALL = 1_000_000


class RemovedInLaterLayer(Rule):
    id = "DO208"
    name = "removed-in-later-layer"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "Files are deleted in a later layer than the one that wrote them: the image does not shrink"
    docs = """
Every RUN, COPY and ADD adds a layer, and layers only ever add: `rm` in a later RUN records a
"whiteout" that hides the files, while their bytes stay in the earlier layer and are pulled,
stored and scanned with the image. Caches, downloaded archives, build trees and copied
sources deleted "afterwards" are the most common cause of images several times larger than
what they contain.

A RUN that removes what it wrote itself (the lists of its own `apt-get update`) is not reported,
nor a path the COPY in question did not write; removing files copied from the context that add
up to less than 1 MB is info (a few kilobytes stay behind). An archive unpacked into a folder
above the path only may have written it: a later COPY of the path is named instead, and a path
the removing RUN copied or created there itself (`cp /etc/resolv.conf rootfs/etc/; …; rm
rootfs/etc/resolv.conf`) is not reported.

**Fix**: delete in the same RUN that writes (`… && rm -rf /tmp/build`), avoid writing at all
(`--no-cache-dir`, `--no-cache`, cache mounts, `RUN --mount=type=bind` for files needed only
during the build), or do the work in a builder stage and copy only the result.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN curl -fsSLo /tmp/tool.tar.gz https://example.com/tool.tar.gz && tar -xzf /tmp/tool.tar.gz -C /opt
RUN rm -rf /var/lib/apt/lists/* /tmp/tool.tar.gz
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl \\
    && curl -fsSLo /tmp/tool.tar.gz https://example.com/tool.tar.gz \\
    && tar -xzf /tmp/tool.tar.gz -C /opt \\
    && rm -rf /var/lib/apt/lists/* /tmp/tool.tar.gz
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("rm",)

    def check(self, ctx: CheckContext) -> None:
        writes = LayerWrites(ctx)
        for stage in reversed(ctx.graph.shipped_stages()):
            for inst in stage.instructions:
                if inst.name == "RUN":
                    workdir = ctx.graph.state(inst).workdir
                    for rs in ctx.run_scripts(inst):
                        extracted = set(writes.extracted_archives(rs))
                        own = _own_writes(rs, workdir)
                        for cmd in rs.script.find("rm"):
                            for word in cmd.args:
                                if word.text.startswith("-") or not word.literal:
                                    continue
                                path = command_path(word.text, cmd, workdir)
                                if path is None or path in extracted:
                                    continue  # an archive extracted here too: DO209 reports it
                                if any(under(path, w) or under(w, path) for w, at in own if at < cmd.start):
                                    continue  # it removes what this RUN itself wrote (its own apt-get update)
                                writer = writes.find_writer(path, inst)
                                if writer is not None and _guessed(writer, path):
                                    # an archive unpacked into a folder above: a later, exact write
                                    # is the better witness, and one of this RUN's own the best
                                    exact = [w for w in writes.inside(path) if w.inst is not inst]
                                    if exact:
                                        writer = exact[0]
                                    elif _copied_here(rs, path, workdir, cmd.start):
                                        continue
                                if writer is None:
                                    continue
                                size = _copied_bytes(ctx, writer, path)
                                if size == -1:
                                    continue  # the COPY did not write this path: nothing of its source matches
                                ctx.report(
                                    self,
                                    rs.span(word.start, word.end),
                                    f"removing {word.text} here does not shrink the image: "
                                    f"{writer.what} (line {writer.line}) wrote it to an earlier layer; "
                                    f"{_ADVICE.get(writer.inst.name, _ADVICE['RUN'])}",
                                    impact=Impact(
                                        size,
                                        size,
                                        rebuild=f"the bytes stay in the layer of line {writer.line}",
                                        layer_line=writer.line,
                                    ),
                                    severity=Severity.INFO if size is not None and size < SMALL else None,
                                )
                writes.record(inst)


_ADVICE = {
    "RUN": "delete it in that same RUN",
    # a COPY cannot delete: a file needed only while building is mounted, never copied
    "COPY": "mount it where it is needed instead (RUN --mount=type=bind,source=…,target=…)",
    "ADD": "fetch it in the RUN that uses it, and delete it there",
}


def _guessed(writer: Write, path: str) -> bool:
    """Whether ``writer`` only may have written ``path``: it unpacked an archive of unknown content
    into a folder above it (``tar -xf x.tar -C /usr/src`` for ``/usr/src/app/.patches``)."""
    return writer.inst.name == "RUN" and writer.what.startswith("extracting ") and path != writer.path


# commands whose last argument is where they write: a file, or a folder they write into
_WRITERS = frozenset({"cp", "mv", "ln", "install", "touch", "mkdir", "tee", "rsync"})


def _copied_here(rs: RunScript, path: str, workdir: str | None, before: int) -> bool:
    """Whether the script writes ``path`` (or into a folder above it) itself before ``before``:
    ``cp -L /etc/resolv.conf rootfs/etc/; …; rm rootfs/etc/resolv.conf`` removes its own file."""
    for cmd in rs.script.commands:
        if cmd.start >= before or cmd.name not in _WRITERS:
            continue
        words = [w.text for w in cmd.args if w.literal and not w.text.startswith("-")]
        if not words:
            continue
        targets = words if cmd.name in ("touch", "mkdir", "tee") else words[-1:]
        for target in targets:
            where = command_path(target, cmd, workdir)
            if where is not None and (under(path, where) or under(where, path)):
                return True
    return False


def _own_writes(rs: RunScript, workdir: str | None) -> list[tuple[str, int]]:
    """The paths this script writes (package-manager folders, downloads), each with where in the
    script it writes them: a removal after that removes the script's own files."""
    out = [(where, op.command.start) for op in rs.script.packages for where in cache_dirs(op.manager, op.action)]
    for d in rs.script.downloads:
        if d.output:
            path = command_path(d.output, d.command, workdir)
            if path is not None:
                out.append((path, d.command.start))
    return out


def _copied_bytes(ctx: CheckContext, writer: Write, path: str) -> int | None:
    """For a COPY/ADD from the build context: the bytes of its sources that ``path`` stands for,
    ``-1`` when none of them does; None when unknown."""
    inst = writer.inst
    if inst.name not in ("COPY", "ADD") or inst.flag("from") is not None or not ctx.context_dir:
        return None
    dest = writer.path.rstrip("/")
    rel = path[len(dest) :].lstrip("/") if path.startswith(dest + "/") else ""
    total, found = 0, False
    for arg in inst.args[:-1]:
        src = arg.value
        if "$" in src or "://" in src or src.startswith("<<"):
            return None
        base = os.path.join(ctx.context_dir, src.lstrip("/"))
        if is_glob(src):
            from fnmatch import fnmatchcase  # (rare: most checks never load it)

            if not rel or not fnmatchcase(rel.split("/", 1)[0], os.path.basename(src.rstrip("/"))):
                continue
            return None  # a match: its size is not worked out
        full = os.path.join(base, rel) if rel and writer.directory else base
        if not os.path.lexists(full):
            if not os.path.exists(base):
                return None  # the source is not in this folder: another context
            continue
        found = True
        if os.path.isfile(full):
            total += os.path.getsize(full)
        else:
            for root, _dirs, files in os.walk(full):
                total += sum(os.path.getsize(p) for p in (os.path.join(root, f) for f in files) if os.path.isfile(p))
                if total >= SMALL:
                    return total
    return total if found else -1
