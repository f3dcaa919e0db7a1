"""A small Dockerfile writer: instructions as physical lines, with the continuation style real files use."""

from __future__ import annotations

import random

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    # A filler adds one block of lines; it gets the number of lines still wanted before its limit.
    Filler = Callable[["DockerfileWriter", int], None]


class DockerfileWriter:
    """Collects the lines of one synthetic Dockerfile; every choice comes from ``rng``."""

    __slots__ = ("escape", "indent", "lines", "rng", "stages", "target", "uses_heredocs", "uses_mounts")

    def __init__(self, rng: random.Random, target: int, escape: str = "\\") -> None:
        self.rng = rng
        self.target = target
        self.escape = escape
        self.lines: list[str] = []
        self.stages: list[str] = []
        # Official images indent with tabs; most projects with four spaces.
        self.indent = "\t" if rng.random() < 0.2 else "    "
        # Decided once per file: about 4% of public files use heredocs and 6% use RUN --mount.
        self.uses_heredocs = rng.random() < 0.03
        self.uses_mounts = rng.random() < 0.06

    # -- choices -------------------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def sample(self, items: Sequence[str], k: int) -> list[str]:
        return self.rng.sample(list(items), max(0, min(k, len(items))))

    def hexdigits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def version(self) -> str:
        return f"{self.rng.randint(0, 9)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 20)}"

    def room(self) -> int:
        return self.target - len(self.lines)

    # -- raw lines -----------------------------------------------------------------------------------
    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def comment(self, text: str) -> None:
        self.lines.append(f"# {text}")

    def continued(self, first: str, rest: Sequence[str]) -> None:
        """One instruction over several physical lines joined by the escape character."""
        parts = [first, *rest]
        for i, part in enumerate(parts):
            self.lines.append(part + (f" {self.escape}" if i < len(parts) - 1 else ""))

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    # -- instructions --------------------------------------------------------------------------------
    def from_(self, image: str, name: str | None = None, platform: str | None = None) -> None:
        flag = f"--platform={platform} " if platform else ""
        keyword = "as" if self.chance(0.15) else "AS"
        self.lines.append(f"FROM {flag}{image}" + (f" {keyword} {name}" if name else ""))
        self.stages.append(name or str(len(self.stages)))

    def env(self, pairs: Sequence[tuple[str, str]]) -> None:
        if len(pairs) == 1 and self.chance(0.25):
            key, value = pairs[0]
            self.lines.append(f"ENV {key} {value}")  # the legacy form, still common
            return
        if len(pairs) == 1 or self.chance(0.3):
            for key, value in pairs:
                self.lines.append(f"ENV {key}={value}")
            return
        self.continued(f"ENV {pairs[0][0]}={pairs[0][1]}", [f"{self.indent}{k}={v}" for k, v in pairs[1:]])

    def arg(self, name: str, default: str | None = None) -> None:
        self.lines.append(f"ARG {name}" + (f"={default}" if default is not None else ""))

    def label(self, pairs: Sequence[tuple[str, str]]) -> None:
        if len(pairs) == 1:
            self.lines.append(f'LABEL {pairs[0][0]}="{pairs[0][1]}"')
            return
        self.continued(f'LABEL {pairs[0][0]}="{pairs[0][1]}"', [f'{self.indent}{k}="{v}"' for k, v in pairs[1:]])

    def copy(
        self,
        sources: Sequence[str],
        dest: str,
        from_stage: str | None = None,
        chown: str | None = None,
        chmod: str | None = None,
        keyword: str = "COPY",
    ) -> None:
        flags = ""
        if from_stage is not None:
            flags += f"--from={from_stage} "
        if chown:
            flags += f"--chown={chown} "
        if chmod:
            flags += f"--chmod={chmod} "
        self.lines.append(f"{keyword} {flags}{' '.join(sources)} {dest}")

    def exec_form(self, keyword: str, argv: Sequence[str]) -> None:
        quoted = ", ".join(f'"{a}"' for a in argv)
        self.lines.append(f"{keyword} [{quoted}]")

    def run(self, commands: Sequence[str], mounts: Sequence[str] = (), style: str = "and") -> None:
        """RUN over several lines: ``&&`` chains, ``;`` chains after ``set -eux``, or one line."""
        prefix = "RUN " + "".join(f"--mount={m} " for m in mounts)
        if len(commands) == 1:
            self.lines.append(prefix + commands[0])
            return
        ind = self.indent
        if style == "semicolon":
            body = ["set -eux;", *(f"{ind}{c};" for c in commands[:-1]), f"{ind}{commands[-1]}"]
            self.continued(prefix + body[0], body[1:])
        elif style == "oneline":
            self.lines.append(prefix + " && ".join(commands))
        else:
            self.continued(prefix + commands[0], [f"{ind}&& {c}" for c in commands[1:]])

    def run_list(self, head: str, items: Sequence[str], tail: Sequence[str] = ()) -> None:
        """A RUN whose package list has one item per line (the layout most long files use)."""
        ind = self.indent
        rest = [f"{ind}{ind}{item}" for item in items] + [f"{ind}&& {t}" for t in tail]
        self.continued(f"RUN {head}", rest)

    def heredoc(self, keyword: str, body: Sequence[str], before: str = "", after: str = "", delim: str = "EOF") -> None:
        """``RUN <<EOF`` / ``COPY <<EOF dest``: body lines verbatim, then the delimiter alone on a line.

        ``<<-`` (leading tabs stripped) comes with a tab-indented body, as people write it.
        """
        quoted = f"'{delim}'" if self.chance(0.3) else delim
        dash = self.chance(0.15)
        opener = f"<<{'-' if dash else ''}{quoted}"
        self.lines.append(f"{keyword} {before}{opener}" + (f" {after}" if after else ""))
        self.lines.extend(("\t" + line if dash and line else line) for line in body)
        self.lines.append(delim)

    # -- filling to a target length ------------------------------------------------------------------
    def fill_until(self, limit: int, fillers: Sequence[Filler], weights: Sequence[float]) -> None:
        """Add blocks until the file has ``limit`` lines (blocks are sized from what is left)."""
        guard = 0
        while len(self.lines) < limit and guard < 400:
            guard += 1
            filler = self.rng.choices(list(fillers), weights=list(weights))[0]
            if self.rng.random() < 0.3:
                self.blank()
            filler(self, limit - len(self.lines))
