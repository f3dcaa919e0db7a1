"""DO806 telemetry-opt-out: a stage runs or installs a tool that sends usage data by default."""

from __future__ import annotations

from dockeropt.api import Category, CheckContext, Edit, Fix, Rule, Severity
from dockeropt.knowledge.telemetry import RUNNER_SUBCOMMANDS, RUNNERS, Tool, by_package, by_program

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dockeropt.shell.model import Command
    from dockeropt.syntax.nodes import Instruction
    from dockeropt.syntax.span import Span


def _program(cmd: Command) -> str:
    """The program a command runs, looking through package runners (`npx next build` runs next)."""
    if cmd.name not in RUNNERS and cmd.name not in RUNNER_SUBCOMMANDS:
        return cmd.name
    words = [w.text for w in cmd.args]
    operands = [w for w in words if not w.startswith("-")]
    if cmd.name in RUNNERS and operands:
        return _bare(operands[0])
    subs = RUNNER_SUBCOMMANDS.get(cmd.name)
    if subs and len(operands) >= 2 and operands[0] in subs:
        return _bare(operands[1])
    return cmd.name


def _bare(package: str) -> str:
    """``next@14`` -> ``next``; ``@scope/x`` stays whole."""
    at = package.rfind("@")
    return package[:at] if at > 0 else package


class TelemetryOptOut(Rule):
    id = "DO806"
    name = "telemetry-opt-out"
    category = Category.SECURITY
    severity = Severity.INFO
    summary = "A tool that reports usage data by default runs without its documented opt-out"
    aliases = ("prefer-telemetry-opt-out",)
    fixable = True
    docs = """
Several build tools and libraries send usage data to their vendor unless told not to: the .NET
SDK on every `dotnet build`/`restore`/`publish`, PowerShell 7, the Azure CLI, Next.js, Nuxt,
Gatsby, Astro, Turborepo, Wrangler, Homebrew, vcpkg, and at run time the Hugging Face Hub
libraries and Gradio. In a CI build that means data about your build machines and project
leaves on every build, and some tools make network calls that slow builds without network
access down.

Each vendor documents an environment variable that turns it off (`DOTNET_CLI_TELEMETRY_OPTOUT=1`,
`NEXT_TELEMETRY_DISABLED=1`, `HF_HUB_DISABLE_TELEMETRY=1` …; the table with its sources is in
dockeropt/knowledge/telemetry.py). Reported once per stage, at the first command that runs such a
tool (directly or through `npx`, `pnpm dlx`, `yarn dlx`, `bunx`) or installs such a library in a
stage the image ships, when the variable is not set by an ENV in force (this stage or one it is
built on) or in the command itself.

**Fix** (safe): `ENV <variable>=<value>` right before that instruction; it stays in the image, so
the opt-out holds when the container runs the tool too. Same intent as tally's
prefer-telemetry-opt-out, which also reports Windows PowerShell 5 (it sends no such data).
"""
    bad_example = """\
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /out
"""
    good_example = """\
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -o /out
"""

    def check(self, ctx: CheckContext) -> None:
        graph = ctx.graph
        for stage in graph.stages:
            found: dict[str, Tool] = {}
            first: tuple[Instruction, Span] | None = None
            for inst in stage.instructions:
                if inst.name != "RUN":
                    continue
                env = graph.state(inst).env
                shipped = graph.ships(inst)
                if inst.json and inst.args:  # exec form, no shell: `RUN ["dotnet", "restore"]`
                    tool = by_program(inst.args[0].value.replace("\\", "/").rsplit("/", 1)[-1])
                    if tool is not None and tool.variable not in env and tool.name not in found:
                        found[tool.name] = tool
                        first = first or (inst, inst.args[0].span)
                for rs in ctx.run_scripts(inst):
                    installs: dict[int, list[Tool]] = {}
                    if shipped:
                        for op in rs.script.packages:
                            if op.action == "install":
                                tools = [t for p in op.packages if (t := by_package(p.name)) is not None]
                                if tools:
                                    installs.setdefault(op.command.index, []).extend(tools)
                    for cmd in rs.script.commands:
                        tool = by_program(_program(cmd))
                        tools = ([tool] if tool is not None else []) + installs.get(cmd.index, [])
                        for tool in tools:
                            if tool.variable in env or cmd.env(tool.variable) is not None:
                                continue
                            if tool.name not in found:
                                found[tool.name] = tool
                                first = first or (inst, rs.command_span(cmd))
            if not found or first is None:
                continue
            inst, span = first
            settings = " ".join(f"{t.variable}={t.value}" for t in found.values())
            names = ", ".join(found)
            line_start = inst.start - (inst.span.start_col - 1)
            text = ctx.dockerfile.text
            indent = text[line_start : inst.start]
            newline = text.find("\n", inst.start)
            eol = "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"
            fix = Fix(
                [Edit(line_start, line_start, f"{indent}ENV {settings}{eol}")],
                f"set {settings}",
                changes=("config:Env",),
            )
            ctx.report(
                self,
                span,
                f"{names} report{'s' if len(found) == 1 else ''} usage data to the vendor by default; "
                f"opt out with ENV {settings}",
                fix,
            )
