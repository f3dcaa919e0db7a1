"""DO213 large-file-written: a RUN writes a large file into the layer on purpose."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Rule
from dockeropt.api.finding import Impact, Severity
from dockeropt.units import MB, format_size, parse_dd_size

THRESHOLD = 10 * MB


class LargeFileWritten(Rule):
    id = "DO213"
    name = "large-file-written"
    category = Category.BLOAT
    severity = Severity.WARNING
    summary = "A RUN writes a large file (dd, fallocate, truncate) into the image"
    docs = """
`dd if=/dev/zero of=… bs=1M count=1024`, `fallocate -l 1G …` and `truncate -s …` write
(or reserve) a file of the given size in the layer. Swap files, pre-allocated databases and
test fixtures made this way are shipped with every pull of the image.

**Fix**: create the file when the container starts (an entrypoint step, or a volume), not in the
image.
"""
    bad_example = """\
FROM debian:12-slim
RUN dd if=/dev/zero of=/swapfile bs=1M count=2048 && mkswap /swapfile
"""
    good_example = """\
FROM debian:12-slim
COPY make-swap.sh /usr/local/bin/
ENTRYPOINT ["make-swap.sh"]
"""

    trigger_instructions = ("RUN",)
    trigger_words = ("dd", "fallocate", "truncate")

    def check(self, ctx: CheckContext) -> None:
        for rs in ctx.shipped_scripts():
            for cmd in rs.script.find("dd", "fallocate", "truncate"):
                size = _written_size(cmd.name, [w.text for w in cmd.args])
                if size is None or size < THRESHOLD:
                    continue
                ctx.report(
                    self,
                    rs.command_span(cmd),
                    f"{cmd.name} writes {format_size(size)} into this layer; create it at container start instead",
                    impact=Impact(bytes_low=size, bytes_high=size, source=f"{cmd.name} arguments"),
                )


def _written_size(tool: str, words: list[str]) -> int | None:
    if tool == "dd":
        opts = dict(w.split("=", 1) for w in words if "=" in w)
        if "of" not in opts or opts["of"].startswith("/dev/"):
            return None
        bs = parse_dd_size(opts.get("bs", "512")) or 512
        count = int(opts["count"]) if opts.get("count", "").isdigit() else None
        return bs * count if count is not None else None
    flag = "-l" if tool == "fallocate" else "-s"
    for i, w in enumerate(words):
        if w == flag and i + 1 < len(words):
            return parse_dd_size(words[i + 1].lstrip("+"))
        if w.startswith(flag) and len(w) > 2:
            return parse_dd_size(w[2:].lstrip("+"))
        if w.startswith("--length=") or w.startswith("--size="):
            return parse_dd_size(w.split("=", 1)[1].lstrip("+"))
    return None
