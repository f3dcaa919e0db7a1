"""Tools that report usage data to their vendor by default, and the environment variable each
documents to turn that off (DO806). Each entry names its source.

``programs``: commands that send it when they run (also through ``npx``/``pnpm dlx``/``yarn dlx``/
``bunx``); ``packages``: installs that put a library sending it at run time into the image
(pip or npm package names).
"""

from __future__ import annotations


class Tool:
    __slots__ = ("name", "packages", "programs", "source", "value", "variable")

    def __init__(
        self,
        name: str,
        variable: str,
        value: str,
        programs: tuple[str, ...] = (),
        packages: tuple[str, ...] = (),
        source: str = "",
    ) -> None:
        self.name = name
        self.variable = variable
        self.value = value
        self.programs = programs
        self.packages = packages
        self.source = source

    def __repr__(self) -> str:
        return f"Tool({self.name!r})"


TOOLS: tuple[Tool, ...] = (
    Tool(
        ".NET SDK",
        "DOTNET_CLI_TELEMETRY_OPTOUT",
        "1",
        programs=("dotnet",),
        source="https://learn.microsoft.com/dotnet/core/tools/telemetry (every SDK command but `dotnet <app.dll>`)",
    ),
    Tool(
        "PowerShell 7",
        "POWERSHELL_TELEMETRY_OPTOUT",
        "1",
        programs=("pwsh",),
        source="https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_telemetry",
    ),
    Tool(
        "Azure CLI",
        "AZURE_CORE_COLLECT_TELEMETRY",
        "0",
        programs=("az",),
        source="https://learn.microsoft.com/cli/azure/azure-cli-configuration (core.collect_telemetry)",
    ),
    Tool(
        "Next.js",
        "NEXT_TELEMETRY_DISABLED",
        "1",
        programs=("next",),
        packages=("next",),
        source="https://nextjs.org/telemetry",
    ),
    Tool("Nuxt", "NUXT_TELEMETRY_DISABLED", "1", programs=("nuxt", "nuxi"), source="https://github.com/nuxt/telemetry"),
    Tool(
        "Gatsby",
        "GATSBY_TELEMETRY_DISABLED",
        "1",
        programs=("gatsby",),
        source="https://www.gatsbyjs.com/docs/telemetry/",
    ),
    Tool("Astro", "ASTRO_TELEMETRY_DISABLED", "1", programs=("astro",), source="https://astro.build/telemetry/"),
    Tool(
        "Turborepo",
        "TURBO_TELEMETRY_DISABLED",
        "1",
        programs=("turbo",),
        source="https://turbo.build/repo/docs/telemetry",
    ),
    Tool(
        "Wrangler",
        "WRANGLER_SEND_METRICS",
        "false",
        programs=("wrangler",),
        source="https://developers.cloudflare.com/workers/wrangler/configuration/ (send_metrics)",
    ),
    Tool(
        "Homebrew",
        "HOMEBREW_NO_ANALYTICS",
        "1",
        programs=("brew",),
        source="https://docs.brew.sh/Analytics",
    ),
    Tool(
        "vcpkg",
        "VCPKG_DISABLE_METRICS",
        "1",
        programs=("vcpkg",),
        source="https://learn.microsoft.com/vcpkg/about/privacy",
    ),
    Tool(
        "Hugging Face Hub",
        "HF_HUB_DISABLE_TELEMETRY",
        "1",
        programs=("huggingface-cli", "hf"),
        packages=("huggingface-hub", "transformers", "diffusers", "datasets", "sentence-transformers"),
        source="https://huggingface.co/docs/huggingface_hub/package_reference/environment_variables",
    ),
    Tool(
        "Gradio",
        "GRADIO_ANALYTICS_ENABLED",
        "False",
        programs=("gradio",),
        packages=("gradio",),
        source="https://www.gradio.app/guides/environment-variables (GRADIO_ANALYTICS_ENABLED)",
    ),
)

# runners that start a package's binary: `npx next build`, `pnpm dlx astro`, `yarn dlx`, `bunx turbo`
RUNNERS = {"npx": 1, "bunx": 1, "pnpx": 1}
RUNNER_SUBCOMMANDS = {"pnpm": ("dlx", "exec"), "yarn": ("dlx", "exec"), "npm": ("exec",), "bun": ("x",)}


_BY_PROGRAM = {program: tool for tool in TOOLS for program in tool.programs}
_BY_PACKAGE = {package: tool for tool in TOOLS for package in tool.packages}


def by_program(program: str) -> Tool | None:
    return _BY_PROGRAM.get(program)


def by_package(name: str) -> Tool | None:
    return _BY_PACKAGE.get(name)
