"""DO210 chown-after-copy: changing owner or mode of copied files in a later RUN stores them twice."""

from __future__ import annotations

import os

from dockeropt.analysis.layers import LayerWrites, is_glob, normalize_path
from dockeropt.api import Category, CheckContext, Edit, Fix, Impact, Rule, Severity
from dockeropt.api.finding import STRUCTURE
from dockeropt.graph.model import join_workdir
from dockeropt.lazyre import lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command
    from dockeropt.shell.words import Word
    from dockeropt.syntax.nodes import Instruction


class ChownAfterCopy(Rule):
    id = "DO210"
    name = "chown-after-copy"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "chown/chmod of copied files in a later RUN duplicates them: use COPY --chown / --chmod"
    fixable = True
    docs = """
A layer stores whole files. `RUN chown -R app /app` after `COPY . /app` writes every file of
`/app` again, with the new owner, into a new layer: the image now holds the copied files
twice. The same goes for `chmod`.

Copies under 1 MB in all (known from the build context) are reported as info: a `chmod +x` of an
entrypoint script stores a few kilobytes twice, a nit rather than a problem.

**Fix**: set ownership and mode while copying: `COPY --chown=app:app . /app`,
`COPY --chmod=0755 entrypoint.sh /usr/local/bin/`. dockeropt rewrites the simple case (a RUN that
only changes the owner or mode of exactly one COPY's destination); it is marked unsafe because
`chown -R` also changes files that were already in that folder.

The rewrite keeps what the RUN did to the destination folder itself: COPY leaves a folder that
already exists (a WORKDIR, say) as it was, and BuildKit before 0.21 made a new one 0755 whatever
`--chmod` said, so `RUN chown -R app:app /app` becomes `COPY --chown=app:app …` plus a
non-recursive `RUN chown app:app /app`, which stores one folder entry, not the files. It is not
offered when COPY would make a parent folder (`--chown` owns the parents it makes, and BuildKit
0.21+ gives them the `--chmod` mode), for `chown user` without a group (COPY would set the group
to the user's id, chown leaves it), or for a symbolic mode (`+x` needs a recent Dockerfile
frontend).
"""
    bad_example = """\
FROM node:22-slim
WORKDIR /app
COPY . /app
RUN chown -R node:node /app
"""
    good_example = """\
FROM node:22-slim
WORKDIR /app
COPY --chown=node:node . /app
"""

    trigger_instructions = ("COPY", "ADD")
    trigger_words = ("chown", "chmod")

    def check(self, ctx: CheckContext) -> None:
        writes = LayerWrites(ctx)
        made: dict[str, int] = {}  # folder -> the index of the instruction that surely made it (-1: the base)
        for stage in reversed(ctx.graph.shipped_stages()):
            if stage.base_stage is None and stage.base_resolved != "scratch":
                made.update(dict.fromkeys(_STANDARD_DIRS, -1))
            for inst in stage.instructions:
                if inst.name == "RUN":
                    self._check_run(ctx, inst, writes, made)
                writes.record(inst)
                for folder in _folders_made(ctx, inst, writes):
                    made.setdefault(folder, inst.index)

    def _check_run(self, ctx: CheckContext, inst: Instruction, writes: LayerWrites, made: dict[str, int]) -> None:
        workdir = ctx.graph.state(inst).workdir
        for rs in ctx.run_scripts(inst):
            for cmd in rs.script.find("chown", "chmod"):
                operands = _operands(cmd)
                if len(operands) < 2:
                    continue
                spec = operands[0].text
                for word in operands[1:]:
                    if not word.literal:
                        continue
                    path = normalize_path(word.text, workdir)
                    recursive = cmd.has_flag("R", "recursive")
                    copies = [
                        w
                        for w in writes.inside(path)
                        if w.inst.name in ("COPY", "ADD") and (recursive or (w.path == path and not w.directory))
                    ]
                    if not copies:
                        continue
                    copy = copies[-1].inst
                    fix = self._fix(inst, rs.script.commands, cmd, spec, word.text, copy, path, writes, made)
                    size = _copied_bytes(ctx, copy)
                    if size is None and not recursive and path.endswith(_TEXT_FILES):
                        size = 0  # one script or config file: a few kilobytes, whatever its source
                    ctx.report(
                        self,
                        rs.command_span(cmd),
                        f"{cmd.name} {spec} {word.text} rewrites the files copied at line {copy.start_line} into a "
                        f"new layer: they are stored twice; use COPY --{cmd.name}={spec}",
                        fix,
                        Impact(rebuild=f"doubles the bytes copied at line {copy.start_line}"),
                        severity=Severity.INFO if size is not None and size < SMALL_COPY else None,
                    )
                    break

    @staticmethod
    def _fix(
        run: Instruction,
        commands: list[Command],
        cmd: Command,
        spec: str,
        written: str,
        copy: Instruction,
        path: str,
        writes: LayerWrites,
        made: dict[str, int],
    ) -> Fix | None:
        tool = cmd.name
        if len(commands) != 1 or run.heredocs or copy.flag(tool) is not None or copy.json or copy.heredocs:
            return None
        recursive = cmd.has_flag("R", "recursive")
        if len(cmd.args) != (3 if recursive else 2) or not cmd.args[-1].literal:
            return None  # -h, --reference=, several paths: no COPY equivalent
        if not (_OWNER if tool == "chown" else _OCTAL).fullmatch(spec):
            return None
        if writes.copied_paths(copy) != [path]:
            return None
        parent = path.rsplit("/", 1)[0] or "/"
        if made.get(parent, copy.index) >= copy.index:
            return None  # COPY would make it with the new owner (and, from BuildKit 0.21, the new mode)
        keyword_end = copy.keyword_span.end
        flag = Edit(keyword_end, keyword_end, f" --{tool}={spec}")
        if path in writes.copied_dirs(copy):
            # COPY leaves an existing destination folder as it was, and BuildKit before 0.21 made a
            # new one 0755: the folder itself keeps its own chown/chmod (no file data is stored again).
            rest = run.rest_span
            assert rest is not None
            return Fix(
                [flag, Edit(rest.start, rest.end, f"{tool} {spec} {written}")],
                f"move {tool} -R into COPY --{tool}; keep {tool} of the folder itself",
                safe=False,
                kind=STRUCTURE,
            )
        return Fix(
            [flag, Edit(run.start, run.end, "")],
            f"move {tool} into COPY --{tool} and drop the RUN",
            safe=False,
            kind=STRUCTURE,
        )


# Folders every Linux base image but scratch has (busybox's are the fewest).
_STANDARD_DIRS = frozenset(
    {
        "/",
        "/bin",
        "/etc",
        "/home",
        "/lib",
        "/root",
        "/sbin",
        "/tmp",
        "/usr",
        "/usr/bin",
        "/usr/lib",
        "/usr/sbin",
        "/var",
    }
)
_OWNER = lazy_compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*")  # user:group, both given
_OCTAL = lazy_compile(r"0?[0-7]{3}")


def _folders_made(ctx: CheckContext, inst: Instruction, writes: LayerWrites) -> list[str]:
    """The folders ``inst`` surely makes (with their parents): WORKDIR, a COPY's destination
    folder, ``mkdir``."""
    made: list[str] = []
    if inst.name == "WORKDIR" and inst.args:
        made.append(join_workdir(ctx.graph.state(inst).workdir, inst.args[0].value))
    elif inst.name in ("COPY", "ADD"):
        made.extend(writes.copied_dirs(inst))
        made.extend(p.rsplit("/", 1)[0] or "/" for p in writes.copied_paths(inst))
    elif inst.name == "RUN":
        workdir = ctx.graph.state(inst).workdir
        for rs in ctx.run_scripts(inst):
            for mkdir in rs.script.find("mkdir"):
                made.extend(normalize_path(w.text, workdir) for w in mkdir.args if w.literal and w.text[:1] != "-")
    out: list[str] = []
    for folder in made:
        if "$" in folder or is_glob(folder):
            continue
        while folder not in out and folder != "/":
            out.append(folder)
            folder = folder.rsplit("/", 1)[0] or "/"
    return out


# Copied files smaller than this in all are stored twice for a few kilobytes: worth a note, not a
# warning (a `chmod +x entrypoint.sh` is the common case).
SMALL_COPY = 1_000_000
_VALUE_OPTIONS = frozenset({"--from", "--reference"})
# Scripts and configuration files: small, when their size cannot be read from the context.
_TEXT_FILES = (".sh", ".bash", ".py", ".rb", ".pl", ".js", ".conf", ".cfg", ".ini", ".json", ".yaml", ".yml", ".toml")


def _operands(cmd: Command) -> list[Word]:
    """The spec and paths of a chown/chmod: options and the values of ``--from X``/``--reference X``
    left out."""
    out: list[Word] = []
    skip = False
    for word in cmd.args:
        if skip:
            skip = False
            continue
        if word.text.startswith("-"):
            skip = word.text in _VALUE_OPTIONS
            continue
        out.append(word)
    return out


def _copied_bytes(ctx: CheckContext, copy: Instruction) -> int | None:
    """The bytes a COPY/ADD takes from the build context, or None when unknown (another stage, a
    URL, a variable, a glob, or more than SMALL_COPY: the walk stops there)."""
    if not ctx.context_dir or copy.flag("from") is not None or copy.heredocs or copy.name != "COPY":
        return None
    total = 0
    for arg in copy.args[:-1]:
        src = arg.value
        if "$" in src or is_glob(src) or "://" in src:
            return None
        full = os.path.join(ctx.context_dir, src.lstrip("/"))
        if os.path.isfile(full):
            total += os.path.getsize(full)
        elif os.path.isdir(full):
            for root, _dirs, files in os.walk(full):
                paths = (os.path.join(root, f) for f in files)
                total += sum(os.path.getsize(p) for p in paths if os.path.isfile(p))
                if total >= SMALL_COPY:
                    return total
        else:
            return None
        if total >= SMALL_COPY:
            return total
    return total
