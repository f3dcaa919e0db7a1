"""Whether a package operation leaves its manager's cache in the layer, read from the one
package-manager table (:mod:`dockeropt.knowledge.packages`).

A cache stays out of the layer when the command is told not to write it (a flag, or an
environment variable the script, ``ENV`` or ``ARG`` sets, each read with the tool's own
semantics), when a ``RUN --mount=type=cache`` (or tmpfs) covers it, when the same script removes
it, or when a clean of the manager that empties it runs in the same script.

RUN steps run as root unless a USER says otherwise; these answers are about root's folders
(``Cache.root``).
"""

from __future__ import annotations

from dockeropt.analysis.runs import has_cache_mount
from dockeropt.knowledge.packages import MANAGERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.facts import Facts
    from dockeropt.analysis.runs import RunScript
    from dockeropt.knowledge.packages import Cache
    from dockeropt.shell.packages import PackageOp
    from dockeropt.syntax.nodes import Instruction


def caches_of(manager: str, action: str | None = None) -> tuple[Cache, ...]:
    """The disposable caches ``manager`` writes on ``action`` (None: on any action)."""
    known = MANAGERS.get(manager)
    return known.disposable_caches(action) if known is not None else ()


def cache_dirs(manager: str, action: str | None = None) -> tuple[str, ...]:
    """Root's folders of :func:`caches_of`, main one first."""
    return tuple(c.root for c in caches_of(manager, action))


def clean_command(manager: str) -> str:
    """The command that empties ``manager``'s cache (``yum clean all``), or ``""``."""
    known = MANAGERS.get(manager)
    return known.clean[0] if known is not None and known.clean else ""


def no_cache_flag(manager: str) -> str:
    """The option that keeps ``manager`` from writing its cache (``--no-cache-dir``), or ``""``."""
    known = MANAGERS.get(manager)
    return known.no_cache_flags[0] if known is not None and known.no_cache_flags else ""


def cache_turned_off(ctx: Facts, inst: Instruction, op: PackageOp) -> bool:
    """The command writes no cache: a flag or the script's environment says so (``op.no_cache``),
    or an ``ENV``/``ARG`` in force sets the manager's no-cache variable."""
    if op.no_cache:
        return True
    known = MANAGERS.get(op.manager)
    if known is None or not known.no_cache_env:
        return False
    state = ctx.graph.state(inst)
    for var in known.no_cache_env:
        value = state.env.get(var.name)
        if var.turns_off(value if value is not None else state.args.get(var.name)):
            return True
    return False


def cache_kept_out(ctx: Facts, rs: RunScript, op: PackageOp, caches: tuple[Cache, ...]) -> bool:
    """Nothing of ``caches`` (those of ``op``'s manager) stays in the layer of ``rs``'s RUN: the
    cache is off, a cache mount covers it, the script removes it (any of the folders: a manager
    writes one of them, by version), or a clean of the manager that empties it runs in the script."""
    dirs = tuple(c.root for c in caches)
    if not dirs or cache_turned_off(ctx, rs.inst, op) or has_cache_mount(rs.inst, *dirs):
        return True
    if any(rs.script.removes(d) for d in dirs):
        return True
    for clean in rs.script.package_ops(op.manager, "clean"):
        if any(c.cleaned_by is None or clean.subcommand in c.cleaned_by for c in caches):
            return True
    return False
