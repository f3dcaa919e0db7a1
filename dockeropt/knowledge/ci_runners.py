"""Memory of CI runners, with the page each figure was read from and the day it was read.

Plain literals: importing this module costs nothing. Sizes are in MiB as the vendors print them
("4 GB" on Bitbucket is 4096 MB in its own ``memory:`` unit; GitHub's "16 GB" is taken as 16384 MiB).

``confidence`` says how sure a figure is:
- ``documented``: printed on the vendor's own page named in ``source``.
- ``third-party``: read on a page that is not the vendor's (named in ``source``); the vendor's page was not
  reachable in this session.
- ``unconfirmed``: no page read in this session confirmed it; kept so a rule can say "probably" rather than nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypedDict

    class Source(TypedDict):
        title: str
        url: str
        read: str

    class RunnerFacts(TypedDict):
        memory_mb: int | None
        cpus: int | None
        arch: str
        confidence: str
        source: str
        note: str


READ_ON = "2026-11-22"

SOURCES: dict[str, Source] = {
    "bb-docker": {
        "title": "Run Docker commands in Bitbucket Pipelines (Atlassian docs)",
        "url": "https://confluence.atlassian.com/bitbucket/running-docker-commands-in-bitbucket-pipelines-879254331.html",
        "read": READ_ON,
    },
    "bb-blog-memory": {
        "title": "Configuring multiple Docker services with different memory limits (Bitbucket blog)",
        "url": "https://bitbucket.org/blog/configuring-multiple-docker-services-with-different-memory-limits",
        "read": READ_ON,
    },
    "bb-community-1024": {
        "title": "Pipelines: Increase the Build Container Memory above 1024mb (Atlassian Community, staff answer)",
        "url": "https://community.atlassian.com/forums/Bitbucket-questions/Pipelines-Increase-the-Build-Container-Memory-above-1024mb/qaq-p/995713",
        "read": READ_ON,
    },
    "bb-sizes-3p": {
        "title": "tramseyer/bitbucket-pipelines-runner-unlimited README (size table for cloud and self-hosted runners)",
        "url": "https://github.com/tramseyer/bitbucket-pipelines-runner-unlimited",
        "read": READ_ON,
    },
    "bb-global-options": {
        "title": "Global options (Atlassian docs: options.docker, options.size)",
        "url": "https://support.atlassian.com/bitbucket-cloud/docs/global-options/",
        "read": READ_ON,
    },
    "gh-hosted": {
        "title": "GitHub-hosted runners reference: standard runners for public repositories (GitHub Docs)",
        "url": "https://docs.github.com/en/actions/reference/runners/github-hosted-runners",
        "read": READ_ON,
    },
    "gh-private-3p": {
        "title": "runs-on in GitHub Actions: choosing the runner for a job (runs-on.com, private/public table)",
        "url": "https://runs-on.com/github-actions/runs-on/",
        "read": READ_ON,
    },
    "gh-larger": {
        "title": "About larger runners (GitHub Docs): names are chosen by the organization",
        "url": "https://docs.github.com/actions/using-github-hosted-runners/using-larger-runners/about-larger-runners",
        "read": READ_ON,
    },
    "gl-hosted": {
        "title": "Hosted runners on Linux: Machine types available for Linux x86-64 and Arm64 (GitLab docs, mirror)",
        "url": "https://gitlab.cn/docs/en/ee/ci/runners/hosted_runners/linux.html",
        "read": READ_ON,
    },
    "gl-medium-all-tiers": {
        "title": "Medium SaaS runners on Linux available to all tiers (gitlab-org/gitlab#418124)",
        "url": "https://gitlab.com/gitlab-org/gitlab/-/issues/418124",
        "read": READ_ON,
    },
    "buildx-ignores-memory": {
        "title": "docker/buildx commands/build.go: --memory/-m is a hidden flag bound to an ignored variable",
        "url": "https://github.com/docker/buildx/blob/master/commands/build.go",
        "read": READ_ON,
    },
}

# Bitbucket Pipelines (cloud runtime). A step's memory is shared by the build container and its services;
# the docker service gets 1024 MB unless definitions.services.<name>.memory says otherwise.
BITBUCKET_STEP_MB: dict[str, int] = {"1x": 4096, "2x": 8192, "4x": 16384, "8x": 32768}
BITBUCKET_STEP_SOURCE: dict[str, str] = {
    "1x": "bb-community-1024",
    "2x": "bb-community-1024",
    "4x": "bb-sizes-3p",
    "8x": "bb-sizes-3p",
}
BITBUCKET_DOCKER_DEFAULT_MB = 1024  # "it still counts as a service ... has a limit of 1 GB memory" (bb-docker)
# What a step keeps for its build container: services may have at most size minus this. Matches the blog's
# 2x example (5120 MB for docker on an 8 GB step) and the brief's "size - 1 GB"; the Atlassian page that
# states 3072/7168 MB as the maxima was not reachable in this session.
BITBUCKET_BUILD_CONTAINER_MIN_MB = 1024
BITBUCKET_SERVICE_MIN_MB = 128  # unconfirmed in this session (Atlassian docs, "Databases and service containers")
BITBUCKET_NOTES = (
    "4x and 8x are not available to every workspace: on Bitbucket Cloud they need the newer cloud runtime or "
    "self-hosted runners, and cost 4x/8x the build minutes; 2x costs twice the minutes of 1x."
)

# GitHub-hosted runners. Public repositories get the figures GitHub's page prints; private repositories get
# smaller machines (2 CPUs) whose RAM was read only on a third-party page (8 GB; GitHub's own page printed 7 GB
# in earlier years), so private figures are ``third-party`` and the smaller, 7 GB, is used when visibility is
# unknown.
GITHUB_PUBLIC: dict[str, RunnerFacts] = {
    "ubuntu-latest": {
        "memory_mb": 16384,
        "cpus": 4,
        "arch": "x64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "",
    },
    "ubuntu-slim": {
        "memory_mb": 5120,
        "cpus": 1,
        "arch": "x64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "a container on a shared VM; Docker builds are not its use",
    },
    "ubuntu-24.04-arm": {
        "memory_mb": 16384,
        "cpus": 4,
        "arch": "arm64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "",
    },
    "windows-latest": {
        "memory_mb": 16384,
        "cpus": 4,
        "arch": "x64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "Windows containers only",
    },
    "windows-11-arm": {
        "memory_mb": 16384,
        "cpus": 4,
        "arch": "arm64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "",
    },
    "macos-latest": {
        "memory_mb": 7168,
        "cpus": 3,
        "arch": "arm64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "no Docker daemon on macOS runners",
    },
    "macos-13": {
        "memory_mb": 14336,
        "cpus": 4,
        "arch": "x64",
        "confidence": "documented",
        "source": "gh-hosted",
        "note": "Intel; no Docker daemon on macOS runners",
    },
}
# Labels that share a row of the table above.
GITHUB_ALIASES: dict[str, str] = {
    "ubuntu-24.04": "ubuntu-latest",
    "ubuntu-22.04": "ubuntu-latest",
    "ubuntu-26.04": "ubuntu-latest",
    "ubuntu-22.04-arm": "ubuntu-24.04-arm",
    "ubuntu-26.04-arm": "ubuntu-24.04-arm",
    "windows-2025": "windows-latest",
    "windows-2022": "windows-latest",
    "windows-2025-vs2026": "windows-latest",
    "macos-14": "macos-latest",
    "macos-15": "macos-latest",
    "macos-26": "macos-latest",
    "macos-15-intel": "macos-13",
    "macos-26-intel": "macos-13",
}
GITHUB_PRIVATE_LINUX_MB = 8192  # third-party (gh-private-3p); 2 CPUs
GITHUB_PRIVATE_LINUX_CONSERVATIVE_MB = 7168  # what GitHub's page printed for 2-CPU runners before; used when unsure
# Larger runners: names are the organization's, so only a name that states its cores says anything; GitHub's
# Linux/Windows larger runners have 4 GB of RAM per core (4-core 16 GB ... 64-core 256 GB).
GITHUB_LARGER_MB_PER_CORE = 4096
GITHUB_LARGER_CONFIDENCE = "unconfirmed"

# GitLab.com hosted runners (docker+machine executor, one VM per job; dind services run on the same VM).
GITLAB_SAAS: dict[str, RunnerFacts] = {
    "saas-linux-small-amd64": {
        "memory_mb": 8192,
        "cpus": 2,
        "arch": "amd64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "the default for untagged jobs on GitLab.com",
    },
    "saas-linux-medium-amd64": {
        "memory_mb": 16384,
        "cpus": 4,
        "arch": "amd64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "all tiers (gitlab-org/gitlab#418124)",
    },
    "saas-linux-large-amd64": {
        "memory_mb": 32768,
        "cpus": 8,
        "arch": "amd64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "Premium and Ultimate",
    },
    "saas-linux-xlarge-amd64": {
        "memory_mb": 65536,
        "cpus": 16,
        "arch": "amd64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "Premium and Ultimate",
    },
    "saas-linux-2xlarge-amd64": {
        "memory_mb": 131072,
        "cpus": 32,
        "arch": "amd64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "Premium and Ultimate",
    },
    "saas-linux-medium-arm64": {
        "memory_mb": 16384,
        "cpus": 4,
        "arch": "arm64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "Premium and Ultimate",
    },
    "saas-linux-large-arm64": {
        "memory_mb": 32768,
        "cpus": 8,
        "arch": "arm64",
        "confidence": "documented",
        "source": "gl-hosted",
        "note": "Premium and Ultimate",
    },
}
GITLAB_UNTAGGED_DEFAULT = "saas-linux-small-amd64"


def github_runner(label: str) -> RunnerFacts | None:
    """The public-repository row for a GitHub-hosted label (aliases resolved), or None if unknown."""
    return GITHUB_PUBLIC.get(GITHUB_ALIASES.get(label, label))


def source_text(key: str) -> str:
    """'title <url> (read YYYY-MM-DD)' for a key of SOURCES."""
    source = SOURCES[key]
    return f"{source['title']} <{source['url']}> (read {source['read']})"
