"""DO111 undefined-var: a variable used where BuildKit expands it, with nothing that defines it."""

from __future__ import annotations

from dockeropt.analysis.variables import (
    PLATFORM_ARGS,
    declared_global_args,
    find_reference,
    is_variable_name,
    one_edit_apart,
    only_optional_uses,
    suggest,
)
from dockeropt.api import Category, CheckContext, Rule, Severity
from dockeropt.syntax.shlex import Lexer, ShellLexError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from dockeropt.graph.model import Stage
    from dockeropt.syntax.nodes import Instruction

# Set in every image config (BuildKit adds PATH when the base has none) or never exported to it.
_ALWAYS_DEFINED = frozenset({"PATH", "BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})
_VALUE_FLAGS = {"COPY": ("chown", "chmod"), "ADD": ("chown", "chmod", "checksum")}
_SINGLE_WORD = ("WORKDIR", "USER", "STOPSIGNAL")


class _Word:
    """One word BuildKit expands, and where it is written (to point at the variable)."""

    __slots__ = ("end", "heredoc", "key", "start", "text")

    def __init__(self, text: str, start: int, end: int, heredoc: bool = False, key: str | None = None) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.heredoc = heredoc
        self.key = key  # the ENV/LABEL/ARG key this value belongs to


def expanded_words(inst: Instruction) -> Iterator[_Word]:
    """The words of ``inst`` that BuildKit runs through variable expansion (``dispatch``'s Expand)."""
    name = inst.name
    if name in ("ENV", "LABEL", "ARG"):
        for kv in inst.pairs:
            if kv.value is not None:
                yield _Word(kv.value, kv.span.start, kv.span.end, key=kv.key)
    elif name in ("COPY", "ADD"):
        for arg in inst.args:
            if not arg.value.startswith("<<"):
                yield _Word(arg.value, arg.span.start, arg.span.end)
        for flag_name in _VALUE_FLAGS[name]:
            flag = inst.flag(flag_name)
            if flag is not None and flag.value:
                yield _Word(flag.value, flag.span.start, flag.span.end)
        for doc in inst.heredocs:
            if doc.expand:
                yield _Word(doc.content, doc.start, doc.end, heredoc=True)
    elif name in _SINGLE_WORD or name == "VOLUME":
        for arg in inst.args:
            yield _Word(arg.value, arg.span.start, arg.span.end)
    elif name == "RUN":
        for flag in inst.flags:
            if flag.name == "mount" and flag.value:
                yield _Word(flag.value, flag.span.start, flag.span.end)


class UndefinedVar(Rule):
    id = "DO111"
    name = "undefined-var"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Variables should be defined before they are used"
    aliases = ("UndefinedVar",)
    docs = """
In `COPY`, `ADD`, `ENV`, `LABEL`, `ARG`, `WORKDIR`, `USER`, `VOLUME`, `STOPSIGNAL`,
`RUN --mount` options and unquoted `COPY` heredocs, BuildKit itself expands `$VAR`, and an
undefined variable becomes an empty string without any error: `COPY app-$VERSION.jar /app.jar`
copies `app-.jar` (or fails), `WORKDIR /srv/$APP_NAME` is `/srv/`.

Typical causes:
- a global ARG (declared before the first FROM) used inside a stage without `ARG NAME` there;
- an automatic platform ARG (`$TARGETARCH`, `$TARGETOS`, …) used without declaring it in the stage;
- a typo (`$APP_VERISON`, one edit away from a name the Dockerfile defines).

dockeropt follows what is declared so far in the stage and the stages it is built `FROM`. The
ENV of an external base image is unknown without pulling it, so in stages built on an image
only the three causes above are reported; in stages built on `scratch` every undefined variable
is. A variable used with a default (`${VAR:-x}`, `${VAR+x}`) is optional on purpose and not
reported. Variables inside `RUN` commands are the shell's business, not BuildKit's, and are not
checked here.
"""
    bad_example = """\
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
COPY build/libs/app-${VERSION}.jar /app/app.jar
"""
    good_example = """\
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
ARG VERSION
COPY build/libs/app-${VERSION}.jar /app/app.jar
"""

    trigger_words = ("$",)

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        lexer = Lexer(ctx.dockerfile.escape)
        heredoc_lexer = Lexer("\\", skip_process_quotes=True)
        global_args = declared_global_args(graph)
        own_args: dict[int, set[str]] = {}  # stage index -> ARG names the stage declares
        own_mentions: dict[int, set[str]] = {}  # stage index -> variables its FROM line uses
        for stage in graph.stages:
            own_args[stage.index] = {kv.key for i in stage.instructions if i.name == "ARG" for kv in i.pairs}
            own_mentions[stage.index] = _names_used(lexer, stage)
        for stage in graph.stages:
            context = _StageContext(stage, own_args, own_mentions, global_args)
            for inst in stage.instructions:
                self._check_instruction(ctx, inst, lexer, heredoc_lexer, context)

    def _check_instruction(
        self, ctx: CheckContext, inst: Instruction, lexer: Lexer, heredoc_lexer: Lexer, context: _StageContext
    ) -> None:
        state = ctx.graph.state(inst)
        variables = state.variables()
        # ARGs declared earlier in the stage (with or without a value); ancestors' are asked lazily
        declared = set(state.args) | _ALWAYS_DEFINED
        if inst.name == "ENV":
            declared.update(kv.key for kv in inst.pairs)  # a name set by the same ENV is DO124's case
        reported: set[str] = set()
        pairs = iter(inst.pairs) if inst.name == "ARG" else None
        for word in expanded_words(inst):
            use = heredoc_lexer if word.heredoc else lexer
            try:
                use.process_word(word.text, variables)
            except ShellLexError:
                continue
            for name in sorted(use.unmatched - declared - reported):
                if not is_variable_name(name) or only_optional_uses(word.text, name):
                    continue
                if inst.name == "ARG" and name == word.key:
                    continue  # `ARG X=$X`: take X from the base image's ENV when it has one
                if context.inherits_arg(name):
                    continue
                message = _message(name, state.env_known, [*variables, *declared], context)
                if message is None:
                    continue
                reported.add(name)
                if word.heredoc:
                    message += (
                        "; BuildKit expands variables in an unquoted heredoc at build time: quote the "
                        f"delimiter (<<'EOF') to keep ${name} for run time"
                    )
                span = find_reference(ctx.dockerfile, word.start, word.end, name) or inst.keyword_span
                ctx.report(self, span, message)
            if pairs is not None:
                # ARG sets its pairs one after the other: `ARG A=1 B=$A` is fine
                for kv in pairs:
                    declared.add(kv.key)
                    if kv.value is not None and kv.span.start == word.start:
                        break


class _StageContext:
    """What a stage inherits through its FROM chain, asked only for names that look undefined
    (so that long chains of stages cost no copying)."""

    __slots__ = ("global_args", "own_args", "own_mentions", "stage")

    def __init__(
        self,
        stage: Stage,
        own_args: dict[int, set[str]],
        own_mentions: dict[int, set[str]],
        global_args: set[str],
    ) -> None:
        self.stage = stage
        self.own_args = own_args
        self.own_mentions = own_mentions
        self.global_args = global_args

    def _ancestors(self) -> Iterator[Stage]:
        seen: set[int] = set()
        current = self.stage.base_stage
        while current is not None and current.index not in seen and current.index < self.stage.index:
            seen.add(current.index)
            yield current
            current = current.base_stage

    def inherits_arg(self, name: str) -> bool:
        """Whether a stage this one is built FROM declares ARG ``name`` (BuildKit passes it on)."""
        return any(name in self.own_args[s.index] for s in self._ancestors())

    def from_mentions(self, name: str) -> bool:
        """Whether the FROM line of this stage or of one it is built from uses ``name``."""
        if name in self.own_mentions[self.stage.index]:
            return True
        return any(name in self.own_mentions[s.index] for s in self._ancestors())


def _names_used(lexer: Lexer, stage: Stage) -> set[str]:
    """Variables the stage's FROM line uses (its image, its --platform)."""
    inst = stage.from_inst
    words = [inst.args[0].value] if inst.args else []
    words += [f.value for f in inst.flags if f.value]
    out: set[str] = set()
    for word in words:
        if "$" not in word:
            continue
        try:
            lexer.process_word(word, {})
        except ShellLexError:
            continue
        out |= lexer.matched | lexer.unmatched
    return out


def _message(name: str, env_known: bool, known: list[str], context: _StageContext) -> str | None:
    empty = "it expands to an empty string here"
    if name in PLATFORM_ARGS:
        return (
            f"${name} is one of BuildKit's automatic platform ARGs, but this stage does not declare it: "
            f"without `ARG {name}` after FROM {empty}"
        )
    if name in context.global_args and not context.from_mentions(name):
        return (
            f"${name} is a global ARG, and global ARGs are not visible inside a stage: without `ARG {name}` "
            f"after FROM {empty}"
        )
    names = sorted({k for k in known if k not in _ALWAYS_DEFINED})
    if env_known:
        close = suggest(name, [*names, "PATH"])
        hint = f" (did you mean ${close}?)" if close else ""
        return f"${name} is not set at this point (no ARG or ENV defines it in this stage): {empty}{hint}"
    # The base image's ENV is unknown: only a near miss of a name this Dockerfile defines is a typo
    # worth reporting (one edit away, as `$APP_VERISON` is from `$APP_VERSION`).
    close = next((k for k in names if one_edit_apart(name, k)), None)
    if close is not None and len(name) >= 4:
        return f"${name} is not declared in this stage (did you mean ${close}?): unless the base image sets it, {empty}"
    return None
