"""DO132 apt-instead-of-apt-get: ``apt`` is the interactive front end; scripts use apt-get."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity

# sub-commands apt-get runs the same way apt does (apt's `upgrade` also installs new dependencies,
# apt-get's does not; `search`, `list`, `show` are apt-cache's or apt's alone)
SAME_IN_APT_GET = frozenset(
    {"install", "reinstall", "remove", "purge", "autoremove", "autopurge", "update", "clean", "autoclean"}
)


class AptInsteadOfAptGet(Rule):
    id = "DO132"
    name = "apt-instead-of-apt-get"
    category = Category.CORRECTNESS
    severity = Severity.WARNING
    summary = "Use apt-get (or apt-cache) in scripts, not apt"
    aliases = ("DL3027",)
    fixable = True
    docs = """
`apt` is Debian's front end for people at a terminal. Its command line and output are not
promised to stay the same between releases — it says so itself: "WARNING: apt does not have a
stable CLI interface. Use with caution in scripts." — and it shows progress bars and prompts
meant for a person. `apt-get` and `apt-cache` are the stable interfaces for scripts such as a
Dockerfile.

**Fix** (safe): `apt` becomes `apt-get` for the sub-commands that behave the same in both
(`install`, `remove`, `purge`, `autoremove`, `update`, `clean` …). `apt upgrade` is left for
you to decide: apt's upgrade also installs new dependencies, apt-get's does not
(`apt-get dist-upgrade` does). Reported once per RUN, as hadolint's DL3027.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt update && apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("apt",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            for rs in ctx.run_scripts(inst):
                uses = [c for c in rs.script.commands if c.name == "apt" and not c.nested]
                if not uses:
                    continue
                edits: list[Edit] = []
                for cmd in uses:
                    sub = next((w.text for w in cmd.args if not w.text.startswith("-")), "")
                    program = cmd.argv[0]
                    if sub not in SAME_IN_APT_GET or program.raw != program.text or rs.script.has_errors:
                        edits = []
                        break
                    start = rs.file_offset(program.end - 1) + 1  # after `apt` (or /usr/bin/apt)
                    edits.append(Edit(start, start, "-get"))
                fix = Fix(edits, "use apt-get") if edits else None
                ctx.report(
                    self,
                    rs.command_span(uses[0]),
                    "apt is meant for people at a terminal (its command line may change between releases); "
                    "use apt-get or apt-cache in a Dockerfile",
                    fix,
                )
                break
