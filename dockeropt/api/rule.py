"""The rule plugin API.

A rule is one small module holding one ``Rule`` subclass: its metadata (stable id, kebab-case
name, category, default severity, summary, docs with a bad and a good example), and a ``check``
that receives a :class:`CheckContext` and yields findings through ``ctx.report``.

Example::

    class MaintainerDeprecated(Rule):
        id = "DO105"
        name = "maintainer-deprecated"
        category = Category.CORRECTNESS
        severity = Severity.WARNING
        summary = "MAINTAINER is deprecated; use a LABEL"
        aliases = ("DL4000", "MaintainerDeprecated")
        ...

        def check(self, ctx: CheckContext) -> None:
            for inst in ctx.dockerfile.instructions:
                if inst.name == "MAINTAINER":
                    ctx.report(self, inst.span, "MAINTAINER is deprecated")
"""

from __future__ import annotations

from dockeropt.api.finding import Finding, Impact, Severity

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

    from dockeropt.api.context import CheckContext
    from dockeropt.syntax.span import Span


class Category:
    SYNTAX = "syntax"  # the file does not parse, BuildKit would reject it, or a suppression comment is wrong
    CORRECTNESS = "correctness"  # the build fails or does something other than intended
    BLOAT = "bloat"  # bytes in the image that need not be there
    CACHE = "cache"  # steps that bust or waste the build cache
    CONTEXT = "context"  # the build context and .dockerignore
    ML = "ml"  # heavy machine-learning installs
    MULTISTAGE = "multistage"  # stages, toolchains in the final image, base reuse
    MEMORY = "memory"  # build steps against the CI runner's memory
    SECURITY = "security"
    PINNING = "pinning"  # reproducibility: versions and tags
    STYLE = "style"
    ALL = (SYNTAX, CORRECTNESS, BLOAT, CACHE, CONTEXT, ML, MULTISTAGE, MEMORY, SECURITY, PINNING, STYLE)


class Rule:
    """Base class of every rule; subclasses set the metadata and implement ``check``."""

    id: str = ""
    name: str = ""
    category: str = Category.CORRECTNESS
    severity: str = Severity.WARNING
    summary: str = ""
    # Other names users know this rule by: hadolint DL codes, BuildKit check names.
    aliases: tuple[str, ...] = ()
    # Markdown: why it matters and how to fix it.
    docs: str = ""
    bad_example: str = ""
    good_example: str = ""
    # Whether ``check`` can attach fixes, and whether they are safe by default.
    fixable: bool = False
    # security rules carry a CVSS-like score for SARIF consumers (GitHub code scanning)
    security_severity: float | None = None
    # Off unless selected explicitly.
    opt_in: bool = False
    # A rule that runs another tool reports that tool's codes (``SC`` for ShellCheck: ``SC2086``):
    # each code is selectable, ignorable and suppressible on its own, like a rule id.
    code_prefix: str = ""
    # The numbers those codes take (ShellCheck: 1000-3999, four digits), so that a mistyped code
    # (SC20866, SC9999) is an unknown selector rather than a gate that checks nothing.
    code_numbers: range = range(0)
    # When the rule cannot report anything on a file, so that the engine skips it without even
    # importing its module: the file has none of ``trigger_instructions`` (instruction names, upper
    # case; an ONBUILD trigger counts), or its text (and the build arguments' values) holds none of
    # ``trigger_words`` (lower case, matched in any case). Empty: no such condition. Write them as
    # literals in the rule's class: the rule index reads them once and keeps them (docs/writing-rules.md).
    trigger_instructions: tuple[str, ...] = ()
    trigger_words: tuple[str, ...] = ()

    def check(self, ctx: CheckContext) -> None:
        raise NotImplementedError

    # -- rules that look across files (``dockeropt check DIR``) -----------------------------------
    # ``summarize`` runs per file (possibly in a worker process) and returns a small picklable
    # value; ``check_project`` then sees every file's summary and reports through ``report``.
    cross_file: bool = False

    def summarize(self, ctx: CheckContext) -> object | None:
        return None

    def check_project(self, summaries: list[tuple[str, object]], report: ProjectReporter) -> None:
        return None

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.name}>"

    @property
    def tags(self) -> list[str]:
        return [self.category, *self.aliases]

    def docs_url(self) -> str:
        return f"https://github.com/dockeropt/dockeropt/blob/main/docs/rules/{self.id}.md"

    def code_docs_url(self, code: str) -> str:
        """Where one of the other tool's codes (``code_prefix``) is documented."""
        return self.docs_url()

    def owns_code(self, code: str) -> bool:
        """Whether ``code`` (e.g. ``SC2086``) is one of the other tool's codes this rule reports."""
        digits = self._code_digits(code)
        if digits is None or not self.code_numbers:
            return digits is not None  # (no numbers declared: any)
        return len(digits) == self._code_width() and int(digits) in self.code_numbers

    def names_code(self, key: str) -> bool:
        """Whether ``key`` is one of those codes or the start of some (``SC2086``, ``SC20``, ``SC2``)."""
        digits = self._code_digits(key)
        if digits is None or not self.code_numbers:
            return digits is not None
        width = self._code_width()
        if len(digits) > width:
            return False
        low, high = int(digits.ljust(width, "0")), int(digits.ljust(width, "9"))
        return low <= self.code_numbers[-1] and high >= self.code_numbers[0]

    def _code_digits(self, key: str) -> str | None:
        prefix = self.code_prefix
        if not prefix or not key.upper().startswith(prefix.upper()):
            return None
        digits = key[len(prefix) :]
        return digits if digits.isascii() and digits.isdigit() else None  # (at least one digit)

    def _code_width(self) -> int:
        return len(str(self.code_numbers[-1])) if self.code_numbers else 0


class ProjectReporter:
    """Where a cross-file rule reports: findings land in the file they point at."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def __call__(
        self,
        rule: Rule,
        path: str,
        span: Span,
        message: str,
        impact: Impact | None = None,
        severity: str | None = None,
    ) -> Finding:
        finding = Finding(rule.id, rule.name, severity or rule.severity, message, span, None, impact, path)
        self.findings.append(finding)
        return finding


class RuleLoadError(Exception):
    """A rule pack that cannot be loaded: not importable, or not a list of rules with ids."""


def rules_from_module(module: ModuleType) -> list[Rule]:
    """A pack's rules: its ``RULES`` list (classes or instances), else the Rule subclasses it defines."""
    listed = getattr(module, "RULES", None)
    items = (
        list(listed)
        if listed is not None
        else [
            v
            for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Rule) and v.__module__ == module.__name__
        ]
    )
    out: list[Rule] = []
    for item in items:
        rule = item() if isinstance(item, type) else item
        if not isinstance(rule, Rule) or not rule.id:
            raise RuleLoadError(f"{module.__name__}: {item!r} is not a Rule with an id")
        out.append(rule)
    return out
