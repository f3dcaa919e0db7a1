"""Memory of CI runners, as their vendors document it (read 2026-11-22).

- Bitbucket Pipelines (support.atlassian.com, "Databases and service containers" and "Step
  options: size"): a step has 4 GB (``size: 1x``, 2 shared CPUs), 8 GB (``2x``), 16 GB (``4x``) or
  32 GB (``8x``; 4x and 8x only on some plans and runtimes). The build container takes 1024 MB;
  every service, ``docker`` included, gets 1024 MB unless ``definitions.services.<name>.memory``
  says otherwise, and services together may use at most the step's memory minus the build
  container's. ``docker build`` runs inside the ``docker`` service, so *its* memory is the limit
  ("Container 'docker' exceeded memory limit").
- GitHub Actions (docs.github.com, "GitHub-hosted runners reference"): standard Linux and Windows
  runners have 4 CPUs and 16 GB of RAM in public repositories, 2 CPUs and 7 GB in private ones;
  ``macos-latest`` (arm64) 3 CPUs and 7 GB; larger runners by their size.
- GitLab.com hosted runners (docs.gitlab.com, "Hosted runners on Linux"): small 2 vCPU / 8 GB,
  medium 4 / 16, large 8 / 32, xlarge 16 / 64, 2xlarge 32 / 128. A ``docker:dind`` service has no
  limit of its own: it shares the runner's memory with the job.
"""

from __future__ import annotations

MB = 1024 * 1024
GB = 1024 * MB
DATE = "2026-11-22"

BITBUCKET_STEP = {"1x": 4 * GB, "2x": 8 * GB, "4x": 16 * GB, "8x": 32 * GB}
BITBUCKET_BUILD_CONTAINER = 1024 * MB
BITBUCKET_SERVICE_DEFAULT = 1024 * MB
BITBUCKET_SOURCE = "Bitbucket Pipelines docs: step size and service memory"

# label -> (memory on public repositories, memory on private repositories)
GITHUB_RUNNERS = {
    "ubuntu-latest": (16 * GB, 7 * GB),
    "ubuntu-24.04": (16 * GB, 7 * GB),
    "ubuntu-22.04": (16 * GB, 7 * GB),
    "ubuntu-24.04-arm": (16 * GB, 7 * GB),
    "ubuntu-22.04-arm": (16 * GB, 7 * GB),
    "windows-latest": (16 * GB, 7 * GB),
    "windows-2025": (16 * GB, 7 * GB),
    "windows-2022": (16 * GB, 7 * GB),
    "macos-latest": (7 * GB, 7 * GB),
    "macos-15": (7 * GB, 7 * GB),
    "macos-14": (7 * GB, 7 * GB),
    "macos-13": (14 * GB, 14 * GB),
}
GITHUB_SOURCE = "GitHub docs: GitHub-hosted runners reference"

GITLAB_RUNNERS = {
    "saas-linux-small-amd64": 8 * GB,
    "saas-linux-small-arm64": 8 * GB,
    "saas-linux-medium-amd64": 16 * GB,
    "saas-linux-medium-arm64": 16 * GB,
    "saas-linux-large-amd64": 32 * GB,
    "saas-linux-large-arm64": 32 * GB,
    "saas-linux-xlarge-amd64": 64 * GB,
    "saas-linux-2xlarge-amd64": 128 * GB,
}
GITLAB_SOURCE = "GitLab docs: hosted runners on Linux"
