"""find_memory_limit on the CI layouts under testdata/ci: the exact limit and where it was read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dockeropt.ci.limits import find_memory_limit
from dockeropt.ci.model import MemoryLimit

CASES = Path(__file__).resolve().parents[2] / "testdata" / "ci"
GIB = 1024**3
MIB = 1024**2
PRIVATE_GH = "16 GB in public repositories; private repositories get a 2-CPU VM with 7-8 GB, so 7 GB is assumed"


def _repo(tmp_path: Path, case: str) -> Path:
    """The case copied into a repository of its own (a .git folder ends the upward search)."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / case, repo)
    (repo / ".git").mkdir()
    return repo


EXPECTED: list[tuple[str, str, MemoryLimit | None]] = [
    (
        "bitbucket-default-docker",
        "Dockerfile",
        MemoryLimit(
            1024 * MIB,
            "bitbucket-pipelines.yml:10: step 'Build image' uses the 'docker' service with no memory set "
            "(default 1024 MB), size 1x (default)",
            "default",
            "",
            "set definitions.services.docker.memory to 3072 (step size 1x allows up to 3072); "
            "size: 2x allows up to 7168 but 2x steps cost twice the build minutes",
        ),
    ),
    (
        "bitbucket-anchors",
        "docker/ml/Dockerfile",
        MemoryLimit(
            3 * GIB,
            "bitbucket-pipelines.yml:4: definitions.services.docker.memory: 3072 for step 'Build ML image', "
            "size 2x (line 11)",
            "declared",
            "",
            "set definitions.services.docker.memory to 7168 (step size 2x allows up to 7168)",
        ),
    ),
    (
        "bitbucket-anchors",
        "docker/web/Dockerfile",
        MemoryLimit(
            512 * MIB,
            "bitbucket-pipelines.yml:7: definitions.services.docker-small.memory: 512 for step 'Build web image', "
            "size 1x (default)",
            "declared",
            "",
            "set definitions.services.docker-small.memory to 3072 (step size 1x allows up to 3072); "
            "size: 2x allows up to 7168 but 2x steps cost twice the build minutes",
        ),
    ),
    (
        "bitbucket-over-limit",
        "Dockerfile",
        MemoryLimit(
            4 * GIB,
            "bitbucket-pipelines.yml:6: definitions.services.docker.memory: 4096 for step at line 11, size 1x (line 2)",
            "declared",
            "4096 MB is more than a 1x step gives its services (3072 MB): Bitbucket refuses the step",
            "set size: 2x on this step and definitions.services.docker.memory up to 7168 "
            "(2x steps cost 2 times the build minutes of 1x)",
        ),
    ),
    (
        "bitbucket-cd-and-vars",
        "deploy/Dockerfile.prod",
        MemoryLimit(
            2 * GIB,
            "bitbucket-pipelines.yml:4: definitions.services.docker.memory: 2048 for step 'Release', size 2x (line 10)",
            "declared",
            "",
            "set definitions.services.docker.memory to 7168 (step size 2x allows up to 7168)",
        ),
    ),
    (
        "bitbucket-cd-and-vars",
        "services/worker/Dockerfile",
        MemoryLimit(
            2 * GIB,
            "bitbucket-pipelines.yml:4: definitions.services.docker.memory: 2048 for step 'Release', size 2x (line 10)",
            "declared",
            "",
            "set definitions.services.docker.memory to 7168 (step size 2x allows up to 7168)",
        ),
    ),
    (
        "gitlab-dind-untagged",
        "Dockerfile",
        MemoryLimit(
            None,
            ".gitlab-ci.yml:3: job 'build-image': the docker:27-dind service",
            "unknown",
            "no limit is declared for the docker:27-dind service: on GitLab.com an untagged job runs on "
            "saas-linux-small-amd64 (8 GB VM); on a self-managed runner the limit is whatever its config.toml "
            "sets (memory / service_memory), else the host's memory",
            "tags: [saas-linux-medium-amd64] gives the job a 16 GB VM on GitLab.com (all tiers)",
        ),
    ),
    (
        "gitlab-saas-tags",
        "services/api/Dockerfile",
        MemoryLimit(
            16 * GIB,
            ".gitlab-ci.yml:9: job 'build-api' tags saas-linux-medium-amd64",
            "runner",
            "the docker:27-dind service has no limit of its own; it shares the 16 GB VM with the job",
            "tags: [saas-linux-large-amd64] for a larger GitLab.com VM",
        ),
    ),
    (
        "gitlab-kaniko-k8s",
        "Dockerfile",
        MemoryLimit(
            3 * GIB,
            ".gitlab-ci.yml:2: variables.KUBERNETES_MEMORY_LIMIT: 3Gi (job 'build')",
            "declared",
            "Kubernetes executor: applies only where the runner allows overwriting this limit",
            "raise KUBERNETES_MEMORY_LIMIT (up to the runner's *_memory_limit_overwrite_max_allowed)",
        ),
    ),
    (
        "github-matrix",
        "app/Dockerfile",
        MemoryLimit(
            7 * GIB,
            ".github/workflows/image.yml:10: job 'build' runs-on ubuntu-latest",
            "inferred",  # 7 GB is assumed: public repositories get 16 GB
            f"ubuntu-latest: {PRIVATE_GH}; the matrix also runs on ['ubuntu-24.04-arm']",
            "a larger runner (Team/Enterprise Cloud): a 4-core Linux larger runner has 16 GB, 8-core 32 GB",
        ),
    ),
    (
        "github-buildx-driver",
        "Dockerfile",
        MemoryLimit(
            6 * GIB,
            ".github/workflows/docker.yaml:10: buildx docker-container driver memory=6g (job 'image')",
            "declared",
            f"ubuntu-24.04: {PRIVATE_GH}",
            "raise the memory= driver option",
        ),
    ),
    (
        "github-self-hosted",
        "gpu/Dockerfile.gpu",
        MemoryLimit(
            None,
            ".github/workflows/gpu.yml:4: job 'gpu-image' runs-on self-hosted, linux, gpu",
            "unknown",
            "self-hosted or grouped runner ['self-hosted', 'linux', 'gpu']: the limit is that machine's memory",
            None,
        ),
    ),
    (
        "makefile-memory",
        "Dockerfile",
        MemoryLimit(2 * GIB, "Makefile:4: --memory 2g (DOCKER_BUILDKIT=0)", "declared", "", "raise --memory"),
    ),
    (
        "makefile-memory",
        "Dockerfile.cpu",
        MemoryLimit(
            1 * GIB,
            "scripts/build-cpu.sh:4: --memory 1g",
            "not-enforced",
            "BuildKit (the default builder since Docker Engine 23.0) accepts --memory and ignores it; "
            "only the legacy builder (DOCKER_BUILDKIT=0) enforces it",
            None,
        ),
    ),
    ("no-ci", "Dockerfile", None),
]


@pytest.mark.parametrize(("case", "dockerfile", "expected"), EXPECTED, ids=[f"{c}:{d}" for c, d, _ in EXPECTED])
def test_case_limit(tmp_path: Path, case: str, dockerfile: str, expected: MemoryLimit | None) -> None:
    repo = _repo(tmp_path, case)
    assert find_memory_limit(str(repo / dockerfile)) == expected


def test_every_case_dockerfile_is_covered() -> None:
    on_disk = {
        (path.relative_to(CASES).parts[0], "/".join(path.relative_to(CASES).parts[1:]))
        for path in CASES.rglob("Dockerfile*")
    }
    assert on_disk == {(case, dockerfile) for case, dockerfile, _ in EXPECTED}


def test_explicit_limit_wins(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "bitbucket-default-docker")
    limit = find_memory_limit(str(repo / "Dockerfile"), explicit="6g")
    assert limit == MemoryLimit(6 * GIB, "--memory 6g", "explicit")


def test_dockerfile_not_built_by_any_step_has_no_limit(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "bitbucket-default-docker")
    (repo / "other").mkdir()
    (repo / "other" / "Dockerfile").write_text("FROM scratch\n")
    assert find_memory_limit(str(repo / "other" / "Dockerfile")) is None


def test_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    # A CI file above the repository root belongs to another project.
    shutil.copy(CASES / "bitbucket-default-docker" / "bitbucket-pipelines.yml", tmp_path / "bitbucket-pipelines.yml")
    repo = tmp_path / "inner"
    repo.mkdir()
    (repo / ".git").mkdir()
    (repo / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    assert find_memory_limit(str(repo / "Dockerfile")) is None
    assert find_memory_limit(str(tmp_path / "Dockerfile")) is not None


def test_search_goes_at_most_five_levels_up(tmp_path: Path) -> None:
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        services: [docker]\n        script:\n"
        "          - docker build -f a/b/c/d/e/Dockerfile a/b/c/d/e\n"
        "          - docker build -f a/b/c/d/e/f/Dockerfile a/b/c/d/e/f\n"
    )
    five = tmp_path / "a" / "b" / "c" / "d" / "e"
    six = five / "f"
    six.mkdir(parents=True)
    (five / "Dockerfile").write_text("FROM scratch\n")
    (six / "Dockerfile").write_text("FROM scratch\n")
    found = find_memory_limit(str(five / "Dockerfile"))
    assert found is not None and found.bytes == 1024 * MIB
    assert find_memory_limit(str(six / "Dockerfile")) is None


def test_smallest_of_several_steps_wins_and_the_others_are_named(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "definitions:\n"
        "  services:\n"
        "    big:\n"
        "      type: docker\n"
        "      memory: 7168\n"
        "pipelines:\n"
        "  default:\n"
        "    - step:\n"
        "        name: small\n"
        "        services: [docker]\n"
        "        script: [docker build .]\n"
        "    - step:\n"
        "        name: large\n"
        "        size: 2x\n"
        "        services: [big]\n"
        "        script: [docker build .]\n"
    )
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert limit.bytes == 1024 * MIB
    assert limit.source.startswith("bitbucket-pipelines.yml:9: step 'small'")
    assert limit.note == "also built at bitbucket-pipelines.yml:16 (7 GiB)"


def test_legacy_builder_memory_inside_a_bitbucket_step_lowers_the_limit(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        services: [docker]\n        script:\n"
        "          - DOCKER_BUILDKIT=0 docker build -m 512m .\n"
    )
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert (limit.bytes, limit.source, limit.confidence) == (
        512 * MIB,
        "bitbucket-pipelines.yml:6: --memory 512m (DOCKER_BUILDKIT=0)",
        "declared",
    )


def test_buildkit_memory_flag_in_a_step_is_noted_not_applied(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        services: [docker]\n        script:\n"
        "          - docker build --memory=512m .\n"
    )
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert limit.bytes == 1024 * MIB
    assert limit.note == "--memory 512m at bitbucket-pipelines.yml:6 is ignored by BuildKit"


def test_step_without_docker_service_is_unknown(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "pipelines:\n  default:\n    - step:\n        script:\n          - docker build .\n"
    )
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert (limit.bytes, limit.confidence) == (None, "unknown")
    assert limit.source == "bitbucket-pipelines.yml:5: step at line 4 runs an image build but has no docker service"


def test_global_docker_option_counts_as_the_docker_service(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "bitbucket-pipelines.yml").write_text(
        "options:\n  docker: true\n  size: 2x\npipelines:\n  default:\n    - step:\n        script:\n"
        "          - docker build .\n"
    )
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert (limit.bytes, limit.confidence) == (1024 * MIB, "default")
    assert limit.source.endswith("size 2x (line 3)")


MALFORMED = {
    "bitbucket-pipelines.yml": [
        "pipelines: [1, 2]\n",
        "pipelines:\n  default:\n    - step: just a string\n",
        "pipelines:\n  default:\n    - step:\n        services: docker\n        size: 3x\n"
        "        script: docker build .\n",
        "definitions:\n  services:\n    docker:\n      memory: lots\npipelines:\n  default:\n    - step:\n"
        "        services: [docker]\n        script: [docker build .]\n",
        ": : :\n",
        "",
    ],
    ".gitlab-ci.yml": [
        "job: [a, b]\n",
        "job:\n  extends: [.a, .b]\n  script: docker build .\n.a:\n  extends: .b\n.b:\n  extends: .a\n",
        "job:\n  services: docker:dind\n  tags: saas-linux-small-amd64\n  script: [docker build .]\n",
        "variables:\n  KUBERNETES_MEMORY_LIMIT: huge\njob:\n  script: [/kaniko/executor --context . ]\n",
    ],
    ".github/workflows/ci.yml": [
        "jobs: [1]\n",
        "jobs:\n  a:\n    runs-on: {group: big}\n    steps:\n      - run: docker build .\n",
        "jobs:\n  a:\n    runs-on: ${{ inputs.runner }}\n    steps:\n      - uses: docker/build-push-action@v6\n"
        "        with: {file: '${{ inputs.df }}'}\n      - uses: docker/build-push-action@v6\n",
        "jobs:\n  a:\n    steps: not-a-list\n",
    ],
}


@pytest.mark.parametrize(("name", "text"), [(name, text) for name, texts in MALFORMED.items() for text in texts])
def test_malformed_configuration_does_not_crash(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    config = tmp_path / name
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is None or isinstance(limit, MemoryLimit)


def test_unknown_step_size_and_bad_memory_are_reported(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    config = tmp_path / "bitbucket-pipelines.yml"
    config.write_text(MALFORMED["bitbucket-pipelines.yml"][2])
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert (limit.bytes, limit.confidence, limit.raise_hint) == (1024 * MIB, "default", None)
    assert limit.note == "unknown step size '3x'; Bitbucket knows 1x, 2x, 4x and 8x"
    config.write_text(MALFORMED["bitbucket-pipelines.yml"][3])
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit == MemoryLimit(
        None,
        "bitbucket-pipelines.yml:4: definitions.services.docker.memory: 'lots'",
        "unknown",
        "not a memory size Bitbucket accepts (a whole number of MB)",
    )


def test_circular_extends_and_runner_groups_are_unknown(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / ".gitlab-ci.yml").write_text(MALFORMED[".gitlab-ci.yml"][1])
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    # GitLab rejects a file whose extends go round in a circle: so the build's limit is unknown
    assert limit == MemoryLimit(
        None,
        ".gitlab-ci.yml",
        "unknown",
        refused=(".gitlab-ci.yml: not read: job 'job': extends has a cycle (.a -> .b -> .a); GitLab rejects the file",),
    )
    (tmp_path / ".gitlab-ci.yml").unlink()
    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(MALFORMED[".github/workflows/ci.yml"][1])
    limit = find_memory_limit(str(tmp_path / "Dockerfile"))
    assert limit is not None
    assert (limit.bytes, limit.source) == (None, ".github/workflows/ci.yml:3: job 'a' runs-on group:big")


def test_edited_ci_files_are_read_again(tmp_path: Path) -> None:
    """The language server asks on every keystroke; the answers are remembered per file and folder
    state, so an edit, a new script or a deleted one is seen at once."""
    repo = _repo(tmp_path, "bitbucket-default-docker")
    dockerfile = str(repo / "Dockerfile")
    config = repo / "bitbucket-pipelines.yml"
    assert find_memory_limit(dockerfile).bytes == 1024 * MIB  # type: ignore[union-attr]
    config.write_text("definitions:\n  services:\n    docker:\n      memory: 2048\n" + config.read_text())
    assert find_memory_limit(dockerfile).bytes == 2048 * MIB  # type: ignore[union-attr]
    script = repo / "scripts" / "build.sh"
    script.parent.mkdir()
    script.write_text("DOCKER_BUILDKIT=0 docker build --memory 1g -f Dockerfile .\n")
    limit = find_memory_limit(dockerfile)
    assert limit is not None and limit.bytes == GIB and limit.source.startswith("scripts/build.sh:1:")
    script.unlink()
    assert find_memory_limit(dockerfile).bytes == 2048 * MIB  # type: ignore[union-attr]


def test_outside_a_repository_scripts_above_the_dockerfile_are_not_read(tmp_path: Path) -> None:
    """Without a .git folder the search still goes up (CI files have specific names) but reads the
    scripts of the Dockerfile's own folder only: the folders above may be /tmp, / or a home folder."""
    project = tmp_path / "outer" / "project"
    project.mkdir(parents=True)
    (project / "Dockerfile").write_text("FROM alpine:3.20\n")
    (tmp_path / "outer" / "build.sh").write_text("DOCKER_BUILDKIT=0 docker build -m 1g -f project/Dockerfile project\n")
    assert find_memory_limit(str(project / "Dockerfile")) is None
    (project / "build.sh").write_text("DOCKER_BUILDKIT=0 docker build -m 2g -f Dockerfile .\n")
    limit = find_memory_limit(str(project / "Dockerfile"))
    assert limit is not None and (limit.bytes, limit.source) == (
        2 * GIB,
        "build.sh:1: --memory 2g (DOCKER_BUILDKIT=0)",
    )
    (tmp_path / "outer" / ".git").mkdir()  # now the outer folder is the repository's root
    limit = find_memory_limit(str(project / "Dockerfile"))
    assert limit is not None and limit.bytes == GIB and limit.source.startswith("build.sh:1:")
