"""DO220 useradd-lastlog: useradd with a high UID and no -l writes a huge lastlog/faillog file."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Fix, Impact, Rule, Severity
from dockeropt.api.edits import insert_after_word

# lastlog keeps a 292-byte record per UID up to the highest one: UID 100,000 makes a 29 MB file
LASTLOG_RECORD = 292
HIGH_UID = 100_000  # hadolint: a UID of more than 5 digits


class UseraddLastlog(Rule):
    id = "DO220"
    name = "useradd-lastlog"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "useradd with a high UID and without -l writes a file as large as the UID into the image"
    aliases = ("DL3046",)
    fixable = True
    docs = """
`useradd` records every user in `/var/log/lastlog` (and `/var/log/faillog`), at an offset
proportional to the UID: a UID of 1,000,000 makes a 292 MB file. On disk it is sparse, but the
image layer stores it whole, so the layer grows by hundreds of MB for one user.

**Fix** (safe): add `-l` (`--no-log-init`), which skips the lastlog and faillog records. As
hadolint's DL3046: `useradd -u` with a UID of six or more digits and no `-l`. A UID from a
variable is judged by the value the build gives it (ARG and ENV defaults); an unknown value is
not reported (hadolint reports any variable name longer than five characters).
"""
    bad_example = """\
FROM debian:12-slim
RUN useradd -u 1000001 -m app
"""
    good_example = """\
FROM debian:12-slim
RUN useradd -l -u 1000001 -m app
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("useradd",)

    def check(self, ctx: CheckContext) -> None:
        for inst in ctx.runs_and_triggers():
            variables = ctx.graph.state(inst).variables()
            for rs in ctx.run_scripts(inst):
                for cmd in rs.script.find("useradd"):
                    if cmd.has_flag("l", "no-log-init"):
                        continue
                    written = cmd.option_value("u", "uid")
                    if written is None:
                        continue
                    value = written
                    if "$" in written:
                        value, unmatched = ctx.graph.expand(written, variables)
                        if unmatched:
                            continue
                    if not value.isdigit() or int(value) < HIGH_UID:
                        continue
                    uid = int(value)
                    size = (uid + 1) * LASTLOG_RECORD
                    fix = (
                        Fix([e], "add -l (--no-log-init)") if (e := insert_after_word(rs, cmd.argv[0], "-l")) else None
                    )
                    ctx.report(
                        self,
                        rs.command_span(cmd),
                        f"useradd with UID {uid} and no -l writes a {size / 1e6:,.0f} MB /var/log/lastlog into the "
                        "layer (a record per UID up to this one); add -l",
                        fix,
                        Impact(bytes_low=size, bytes_high=size * 2, source="lastlog: 292 bytes a UID, faillog too"),
                    )
