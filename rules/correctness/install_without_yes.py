"""DO135 install-without-yes: a package manager that will stop at a confirmation prompt."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Fix, Rule, Severity
from dockeropt.api.edits import insert_after_word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.analysis.runs import RunScript
    from dockeropt.api.finding import Edit
    from dockeropt.shell.packages import PackageOp

# managers that ask "continue? [y/N]" before changing packages and abort when the answer is end-of-file,
# and the actions that ask (conda asks too, but takes end-of-file for its default, yes)
PROMPTING = {
    "apt": ("install", "remove", "upgrade"),
    "dnf": ("install", "remove", "upgrade"),
    "yum": ("install", "remove", "upgrade"),
    "tdnf": ("install", "remove", "upgrade"),
    "zypper": ("install", "remove", "upgrade"),
    "pip": ("remove",),
}


# apt-get options that only simulate: nothing to confirm
_APT_SIMULATE = ("s", "simulate", "just-print", "dry-run", "recon", "no-act", "print-uris")


def prompts(op: PackageOp) -> bool:
    """Whether ``op`` will stop at a confirmation prompt (and fail the build)."""
    if op.action not in PROMPTING.get(op.manager, ()) or op.assume_yes:
        return False
    return not (op.manager == "apt" and op.has(*_APT_SIMULATE))


def _switch(op: PackageOp) -> str:
    if op.manager == "zypper":
        return "--non-interactive"
    return "-y"


def _fix(rs: RunScript, op: PackageOp) -> Fix | None:
    switch = _switch(op)
    edit: Edit | None
    if op.manager == "zypper":
        edit = insert_after_word(rs, op.command.argv[0], switch)  # a global option: before the sub-command
    elif op.subcommand_word is not None:
        edit = insert_after_word(rs, op.subcommand_word, switch)
    else:
        edit = None
    return Fix([edit], f"add {switch}") if edit is not None else None


class InstallWithoutYes(Rule):
    id = "DO135"
    name = "install-without-yes"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "A package manager without -y stops at its confirmation prompt and the build fails"
    aliases = ("DL3014", "DL3030", "DL3034", "DL3038")
    fixable = True
    docs = """
`yum`/`dnf install`, `zypper install`, `apt-get remove` and `pip uninstall` ask "Do you want
to continue?" before they change anything, and `apt-get install` as soon as it installs more than
the packages named (their dependencies). A build has no one to answer: the prompt reads
end-of-file and the tool aborts ("Abort.", "Operation aborted."), so the build fails — or,
worse, works today and fails the day a dependency is added and apt-get starts asking.

**Fix** (safe): add the non-interactive switch: `-y` (apt-get, yum, dnf, pip uninstall),
`--non-interactive` (zypper, a global option placed before the sub-command).

Covers hadolint's DL3014 (apt-get), DL3030 (yum), DL3034 (zypper) and DL3038 (dnf), for installs,
removals and upgrades alike. `apt-get -qq` implies `-y`, as apt-get documents, and
`apt-get -s` only simulates. microdnf never asks (hadolint's DL3038 reports it anyway), and
conda takes end-of-file for its default answer, yes; apk, npm, pip install and the like do not
ask at all.
"""
    bad_example = """\
FROM fedora:40
RUN dnf install python3-pip && dnf clean all
"""
    good_example = """\
FROM fedora:40
RUN dnf install -y python3-pip && dnf clean all
"""

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            for rs in ctx.run_scripts(inst):
                for op in rs.script.packages:
                    if not prompts(op) or op.command.nested:
                        continue
                    verb = f"{op.command.name} {op.subcommand}".strip()
                    if op.manager == "apt" and op.action == "install":
                        # apt-get asks only when it does more than asked: packages the ones named pull in
                        when = "asks for confirmation as soon as it installs more than the packages named"
                    else:
                        when = "stops at its confirmation prompt"
                    ctx.report(
                        self,
                        rs.command_span(op.command),
                        f"`{verb}` without {_switch(op)} {when}: with no one to answer, it aborts and the build fails",
                        _fix(rs, op),
                    )
