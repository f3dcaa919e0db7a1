"""DO134 curl-and-wget: a stage uses both curl and wget."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule, Severity


class CurlAndWget(Rule):
    id = "DO134"
    name = "curl-and-wget"
    category = Category.STYLE
    severity = Severity.INFO
    summary = "Use either curl or wget in a stage, not both"
    aliases = ("DL4001",)
    docs = """
curl and wget do the same job. A stage that uses both usually installs both, and every build of
it downloads, unpacks and keeps two tools (and their libraries) where one would do; it also
means two sets of options to get right (TLS, retries, redirects, quiet output).

Pick one for the stage. As hadolint's DL4001: from the RUN where both have been used in the stage
on, every RUN that uses either is reported (once per RUN). Stages do not inherit from each other
here: each FROM starts afresh.
"""
    bad_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl wget && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
"""
    good_example = """\
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("wget",)

    def check(self, ctx: CheckContext) -> None:
        for stage in ctx.graph.stages:
            seen: set[str] = set()
            for inst in stage.instructions:
                if inst.effective.name != "RUN":
                    continue
                used = [c for rs in ctx.run_scripts(inst) for c in rs.script.commands if c.name in ("curl", "wget")]
                if not used:
                    continue
                seen.update(c.name for c in used)
                if len(seen) < 2:
                    continue
                rs = next(r for r in ctx.run_scripts(inst) if any(c in r.script.commands for c in used))
                here = sorted({c.name for c in used})
                other = "wget" if here == ["curl"] else "curl" if here == ["wget"] else None
                message = (
                    f"this stage uses both curl and wget ({other} in an earlier RUN): pick one"
                    if other
                    else "this RUN uses both curl and wget: pick one"
                )
                ctx.report(self, rs.command_span(used[0]), message)
