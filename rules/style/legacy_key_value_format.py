"""DO113 legacy-key-value-format: ``ENV key value`` / ``LABEL key value``."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.syntax.chars import go_isspace
from dockeropt.syntax.shlex import Lexer, ShellLexError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.syntax.nodes import Instruction, KeyValue


class _Probe(dict[str, str]):
    """An environment where every variable is set to a value naming it (to compare two words)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


class LegacyKeyValueFormat(Rule):
    id = "DO113"
    name = "legacy-key-value-format"
    category = Category.STYLE
    severity = Severity.WARNING
    summary = "Use ENV/LABEL key=value, not the legacy whitespace-separated form"
    aliases = ("LegacyKeyValueFormat",)
    fixable = True
    docs = """
`ENV key value` is the legacy form: it sets one variable to the rest of the line, spaces
included, so `ENV JAVA_OPTS -Xmx1g -Xms1g` and `ENV A=1 B=2` look alike but mean different
things. Docker marks the form deprecated and BuildKit warns about it on every build.

**Fix** (safe): the pair becomes `key=value`. A value with spaces is wrapped in double quotes,
and dockeropt checks that BuildKit reads the new word exactly as it read the old value
(variables included) before offering the fix; values it cannot requote safely are left to you.
"""
    bad_example = """\
FROM eclipse-temurin:21-jre
ENV JAVA_OPTS -Xmx1g -Xms1g
LABEL maintainer platform-team
"""
    good_example = """\
FROM eclipse-temurin:21-jre
ENV JAVA_OPTS="-Xmx1g -Xms1g"
LABEL maintainer=platform-team
"""

    trigger_instructions = ("ENV", "LABEL")

    def check(self, ctx: CheckContext) -> None:
        lexer = Lexer(ctx.dockerfile.escape)
        for inst in ctx.dockerfile.instructions:
            target = inst.effective
            if target.name not in ("ENV", "LABEL"):
                continue
            for kv in target.pairs:
                if not kv.legacy:
                    continue
                example = f'{target.name} {kv.key}="…"' if " " in (kv.value or "") else f"{target.name} {kv.key}=…"
                ctx.report(
                    self,
                    kv.span,
                    f'"{target.name} key value" is the legacy form, deprecated and warned about on every build: '
                    f"write {example}",
                    self._fix(ctx, inst, kv, lexer),
                )

    @staticmethod
    def _fix(ctx: CheckContext, inst: Instruction, kv: KeyValue, lexer: Lexer) -> Fix | None:
        if inst.start_line != inst.end_line or kv.value is None:
            return None
        raw = ctx.dockerfile.text[kv.span.start : kv.span.end]
        key_end = 0
        while key_end < len(raw) and not go_isspace(raw[key_end]):
            key_end += 1
        key = raw[:key_end]
        value = raw[key_end:].lstrip()
        if key != kv.key or value != kv.value or not key or "=" in key:
            return None
        escape = ctx.dockerfile.escape
        if not _has_unquoted_space(value, escape):
            word = value
        elif not any(c in value for c in ('"', "'", "`", escape)):
            word = f'"{value}"'
        else:
            return None
        probe = _Probe()
        try:
            if lexer.process_word(word, probe) != lexer.process_word(value, probe):
                return None
        except ShellLexError:
            return None
        return Fix([Edit(kv.span.start, kv.span.end, f"{key}={word}")], f"write {key}={word}")


def _has_unquoted_space(value: str, escape: str) -> bool:
    quote = ""
    i = 0
    while i < len(value):
        c = value[i]
        if c == escape and quote != "'":
            i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
        elif c in ('"', "'"):
            quote = c
        elif go_isspace(c):
            return True
        i += 1
    return False
