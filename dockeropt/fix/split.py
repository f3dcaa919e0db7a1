"""``dockeropt split``: a stable base image and a thin target, built one on the other.

The final stage is cut in two. Its *base* part is the longest run of instructions from its FROM
that neither reads the application's sources nor changes how later steps run: system packages,
ENV, WORKDIR, users, and dependency installs together with the manifest files they read
(requirements.txt, package.json + lock …). The *target* part starts ``FROM ${BASE_IMAGE}`` and
holds the rest, re-declaring the ARGs it still uses (ARG scope ends with the stage).

The cut stops before anything that would not survive being moved into another image: ONBUILD
(it would fire when the target is built), VOLUME (later writes to the path would be dropped),
and a COPY of anything but dependency manifests. Other stages are kept as they are, in the file
that needs them. The base tag is a hash of ``base.Dockerfile`` and of every context file it
copies, so CI rebuilds the base only when the dependencies change.
"""

from __future__ import annotations

import hashlib
import os

from dockeropt.files.read import digest_file
from dockeropt.graph.model import Graph
from dockeropt.knowledge.packages import manifest_role
from dockeropt.syntax.parser import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from dockeropt.graph.model import Stage
    from dockeropt.syntax.nodes import Dockerfile, Instruction

_STOP = frozenset({"ONBUILD", "VOLUME", "CMD", "ENTRYPOINT", "HEALTHCHECK", "STOPSIGNAL"})


class SplitError(Exception):
    pass


class SplitResult:
    __slots__ = ("base_files", "base_instructions", "base_tag", "base_text", "target_text")

    def __init__(self, base_text: str, target_text: str, base_tag: str, base_files: list[str], moved: int) -> None:
        self.base_text = base_text
        self.target_text = target_text
        self.base_tag = base_tag  # the hash part of the tag
        self.base_files = base_files  # context files the base copies (hashed into the tag)
        self.base_instructions = moved


def is_manifest(path: str) -> bool:
    """A file a dependency install reads (the package-manager table's manifests, locks, settings)."""
    return manifest_role(path.rstrip("/").rsplit("/", 1)[-1]) is not None


def _copies_only_manifests(inst: Instruction) -> bool:
    if inst.name not in ("COPY", "ADD") or inst.flag("from") is not None or inst.heredocs or len(inst.args) < 2:
        return False
    return all(is_manifest(a.value) and "*" not in a.value for a in inst.args[:-1])


def _reads_context(inst: Instruction) -> bool:
    if inst.name in ("COPY", "ADD") and inst.flag("from") is None:
        return True
    if inst.name == "RUN":
        from dockeropt.graph.model import parse_mount

        for spec in inst.flag_values("mount"):
            opts = parse_mount(spec)
            if opts.get("type") == "bind" and "from" not in opts:
                return True
    return False


def base_prefix(stage: Stage) -> int:
    """How many of the stage's instructions (after FROM) can go into the base image."""
    insts = stage.instructions
    cut = 0
    for i, inst in enumerate(insts):
        if inst.name in _STOP:
            break
        if _reads_context(inst) and not _copies_only_manifests(inst):
            break
        if inst.name == "RUN" or inst.name in ("ENV", "ARG", "WORKDIR", "USER", "SHELL", "LABEL", "EXPOSE"):
            cut = i + 1
        elif _copies_only_manifests(inst):
            continue  # a manifest copy belongs to the base only if an install follows it
    # trailing manifest copies with no install after them stay in the target
    while cut > 0 and _copies_only_manifests(insts[cut - 1]):
        cut -= 1
    return cut


def _needed_before(graph: Graph, final: Stage, upto: int) -> list[Stage]:
    """Stages the first ``upto`` instructions of ``final`` need (FROM chain and COPY --from)."""
    wanted: set[int] = set()
    todo: list[Stage] = []
    if final.base_stage is not None:
        todo.append(final.base_stage)
    for edge in final.parents:
        if edge.source_stage is not None and edge.kind != "from" and edge.instruction in final.instructions[:upto]:
            todo.append(edge.source_stage)
    while todo:
        s = todo.pop()
        if s.index in wanted:
            continue
        wanted.add(s.index)
        todo.extend(e.source_stage for e in s.parents if e.source_stage is not None)
    return [s for s in graph.stages if s.index in wanted]


def _used_args(graph: Graph, insts: list[Instruction], declared: Mapping[str, str | None]) -> list[str]:
    """ARGs of the base part that the target part still refers to."""
    names = []
    for name in declared:
        token_a, token_b = f"${name}", f"${{{name}"
        if any(token_a in i.original or token_b in i.original for i in insts):
            names.append(name)
    return names


def split(text: str, context_dir: str | None, build_args: Mapping[str, str] | None = None) -> SplitResult:
    tree = parse(text)
    graph = Graph(tree, build_args)
    final = graph.target
    if final is None:
        raise SplitError("no stage to split")
    cut = base_prefix(final)
    if cut == 0 or not any(i.name == "RUN" for i in final.instructions[:cut]):
        raise SplitError(
            f"nothing to move into a base image: the final stage (line {final.from_inst.start_line}) "
            "starts with its sources or has no setup steps before them"
        )
    base_insts = final.instructions[:cut]
    target_insts = final.instructions[cut:]
    base_stages = _needed_before(graph, final, cut)
    directives, head = _head(tree)
    base_text = _render(
        "base.Dockerfile.j2",
        directives=directives,
        head=head,
        stages=[_stage_text(tree, s) for s in base_stages],
        from_line=_text(tree, final.from_inst),
        instructions=[_text(tree, i) for i in base_insts],
    )

    needed_target = {s.index for s in graph.needed_stages()} - {final.index} - {s.index for s in base_stages}
    for s in graph.stages:
        if s.index in needed_target and s.index > final.index:
            needed_target.discard(s.index)
    state_args = graph.state(final.instructions[cut - 1]).args if cut else {}
    carried = _used_args(graph, target_insts, state_args)
    # re-declare the ARGs the target still uses, as they were written (defaults unexpanded)
    declared = {kv.key: kv.value for i in base_insts if i.name == "ARG" for kv in i.pairs}
    arg_lines = [f"ARG {n}={declared[n]}\n" if declared.get(n) is not None else f"ARG {n}\n" for n in carried]
    target_text = _render(
        "target.Dockerfile.j2",
        directives=directives,
        head=head,
        stages=[_stage_text(tree, s) for s in graph.stages if s.index in needed_target],
        stage_name=final.name,
        args=arg_lines,
        instructions=[_text(tree, i) for i in target_insts],
    )

    files = _copied_files(base_insts)
    digest = hashlib.sha256(base_text.encode("utf-8"))
    for rel in files:
        digest.update(b"\0" + rel.encode("utf-8") + b"\0")
        if context_dir:
            try:
                digest_file(os.path.join(context_dir, rel), digest.update)
            except OSError:
                digest.update(b"<missing>")
    return SplitResult(base_text, target_text, digest.hexdigest()[:12], files, cut)


def _head(tree: Dockerfile) -> tuple[str, str]:
    """The parser directives, then the comments before the first instruction and the global ARGs."""
    cut = tree.directives[-1].end if tree.directives else 0
    first = tree.instructions[0]
    parts = [tree.text[cut : first.start]]
    for inst in tree.instructions:
        if inst.name == "FROM":
            break
        parts.append(_text(tree, inst))
    return tree.text[:cut], "".join(parts)


_ENV: object | None = None


def _render(template: str, **values: object) -> str:
    """Render one of the package's jinja2 templates (jinja2 is imported only by ``split``)."""
    global _ENV
    import jinja2

    if _ENV is None:
        _ENV = jinja2.Environment(
            loader=jinja2.PackageLoader("dockeropt.fix", "templates"),
            keep_trailing_newline=True,
            trim_blocks=True,
            autoescape=False,
        )
    assert isinstance(_ENV, jinja2.Environment)
    return _ensure_newline(_ENV.get_template(template).render(**values))


def _text(tree: Dockerfile, inst: Instruction) -> str:
    return _ensure_newline(tree.text[inst.start : inst.end])


def _stage_text(tree: Dockerfile, stage: Stage) -> str:
    return "".join(_text(tree, i) for i in stage.all_instructions) + "\n"


def _ensure_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _copied_files(insts: list[Instruction]) -> list[str]:
    out: list[str] = []
    for inst in insts:
        if _copies_only_manifests(inst):
            out.extend(a.value.lstrip("./") or a.value for a in inst.args[:-1])
    return out


def render_build_script(result: SplitResult, out_dir: str, context: str, base_name: str, image: str) -> str:
    """The commands to build both images."""
    return _render(
        "build.sh.j2",
        out_dir=out_dir,
        context=context,
        base_image=f"{base_name}:{result.base_tag}",
        image=image,
        files=result.base_files,
    )
