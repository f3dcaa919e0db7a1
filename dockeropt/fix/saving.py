"""What the fixes would save: the image estimate of a checked file, and the estimate of the same
file after ``dockeropt fix --unsafe`` (every fix, run to its fixed point, as the fix command runs
them). The difference is the saving the text, JSON and HTML reports show."""

from __future__ import annotations

from dockeropt.analysis.image_size import Saving
from dockeropt.fix.engine import FixRefused, fix_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from dockeropt.api.config import Config
    from dockeropt.engine.check import FileResult


def estimate_saving(
    result: FileResult,
    text: str,
    config: Config | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    context_dir: str | None = None,
) -> Saving | None:
    """The saving of fixing ``result`` (a check of ``text`` with ``estimate=True`` and these
    options); None when the file has no estimate or cannot be fixed."""
    before = result.image
    if before is None:
        return None
    if not any(f.fix is not None and f.fix.edits for f in result.findings):
        return Saving(before, before, 0, 0)
    try:
        fixed = fix_text(
            text,
            result.path,
            config,
            unsafe=True,
            select=_sizing_rules(result.path, config, select, ignore),
            ignore=ignore,
            build_args=build_args,
            target=target,
            context_dir=context_dir,
            estimate=True,
            checked=result,
        )
    except FixRefused:
        return None
    after = fixed.remaining.image if fixed.remaining is not None else None
    if after is None or not fixed.changed:
        return Saving(before, before, 0, 0)
    return Saving(before, after, len(fixed.applied), sum(1 for applied in fixed.applied if not applied.safe))


def _sizing_rules(path: str, config: Config | None, select: Sequence[str] | None, ignore: Sequence[str]) -> list[str]:
    """The ids of the chosen rules that can change the fixed text or the estimate of it: the
    fixable ones and the bloat ones (their estimates are what a layer leaves behind). The others
    (reading CI files for the memory limit, say) would only make each fix round slower."""
    from dockeropt.api.config import Config
    from dockeropt.api.rule import Category
    from dockeropt.engine.check import select_rules
    from dockeropt.engine.registry import all_rules

    cfg = config or Config()
    chosen = select_rules(
        all_rules(),
        select if select is not None else cfg.select,
        [*cfg.ignore, *ignore, *(cfg.ignores_for(path) if path else ())],
        cfg.extend_select,
    )
    return [rule.id for rule in chosen if rule.fixable or rule.category == Category.BLOAT]
