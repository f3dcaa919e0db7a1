"""Sizes, line-aware YAML and build-command reading used by the CI limit finder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.ci.commands import BuildCommand, ShellState, buildx_driver_memory, scan_script
from dockeropt.ci.yamlfile import LineList, LineMap, load_yaml
from dockeropt.units import MIB, format_memory_limit, parse_docker_size, parse_k8s_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1g", 1024**3),
        ("1G", 1024**3),
        ("1024m", 1024**3),
        ("2GB", 2 * 1024**3),
        ("512MiB", 512 * 1024**2),
        ("1.5g", int(1.5 * 1024**3)),
        ("3072", 3072),
        ("100k", 102400),
        ("7 gb", 7 * 1024**3),
        ("1t", 1024**4),
    ],
)
def test_parse_size_reads_docker_memory_values(text: str, expected: int) -> None:
    assert parse_docker_size(text) == expected


def test_parse_size_bare_number_unit_is_the_callers() -> None:
    assert parse_docker_size("3072", MIB) == 3072 * MIB
    assert parse_docker_size(3072, MIB) == 3072 * MIB
    assert parse_docker_size("2g", MIB) == 2 * 1024**3


@pytest.mark.parametrize("text", ["", "g", "1x", "-1g", "1.2.3m", "1gg", "lots"])
def test_parse_size_refuses_what_docker_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_docker_size(text)


def test_parse_size_refuses_booleans() -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_docker_size(True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2Gi", 2 * 1024**3), ("500M", 500 * 10**6), ("512Mi", 512 * MIB), ("1073741824", 1024**3), ("1.5Gi", 1536 * MIB)],
)
def test_parse_k8s_quantity(text: str, expected: int) -> None:
    assert parse_k8s_quantity(text) == expected


def test_parse_k8s_quantity_is_case_sensitive() -> None:
    with pytest.raises(ValueError, match="not a quantity"):
        parse_k8s_quantity("2gi")


def test_format_memory_limit() -> None:
    assert (format_memory_limit(3 * 1024**3), format_memory_limit(512 * MIB), format_memory_limit(1536 * MIB)) == (
        "3 GiB",
        "512 MiB",
        "1536 MiB",
    )


def test_yaml_remembers_lines_and_resolves_anchors_and_merge_keys() -> None:
    data = load_yaml(
        "base: &base\n"
        "  size: 2x\n"
        "  script:\n"
        "    - echo one\n"
        "    - |\n"
        "      docker build .\n"
        "      docker push x\n"
        "step:\n"
        "  <<: *base\n"
        "  name: merged\n"
    )
    assert isinstance(data, LineMap)
    step = data["step"]
    assert isinstance(step, LineMap)
    assert step["size"] == "2x"
    assert step.key_lines["size"] == 2  # where the merged key was written
    assert step.key_lines["name"] == 10
    script = step["script"]
    assert isinstance(script, LineList)
    assert step.script("script") == [(4, "echo one"), (6, "docker build ."), (7, "docker push x"), (8, "")]


def test_yaml_unknown_tags_load_as_data_and_bad_yaml_is_none() -> None:
    data = load_yaml("job:\n  script: !reference [.setup, script]\n")
    assert isinstance(data, LineMap)
    assert list(data["job"]["script"]) == [".setup", "script"]
    assert load_yaml("a: [unclosed\n") is None


def _shape(value: object) -> object:
    """The data with every line and block flag the loader recorded."""
    if isinstance(value, LineMap):
        entries = [(k, _shape(v), value.key_lines[k], value.value_blocks[k]) for k, v in value.items()]
        return ("map", value.line, entries)
    if isinstance(value, LineList):
        return ("list", value.line, [_shape(v) for v in value], value.item_lines, value.item_blocks)
    return value


CI_LIKE_YAML = (
    "definitions:\n"
    "  steps:\n"
    "    - step: &build\n"
    "        size: 2x\n"
    "        script:\n"
    "          - >\n"
    "            docker build\n"
    "            -f api/Dockerfile .\n"
    "pipelines:\n"
    "  default:\n"
    "    - step:\n"
    "        <<: *build\n"
    "        name: 'quoted: name'\n"
    "jobs:\n"
    "  test:\n"
    "    runs-on: [self-hosted, linux]\n"
    "    steps: !reference [.setup, steps]\n"
    "    with: {memory: 4g, 'on': true}\n"
)


def test_yaml_libyaml_and_python_parsers_give_the_same_data_and_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    from dockeropt.ci import yamlfile

    if getattr(yaml, "CSafeLoader", None) is None:
        pytest.skip("PyYAML without libyaml: only the Python parser is used")
    monkeypatch.setattr(yamlfile, "_LOADER", None)
    with_libyaml = _shape(load_yaml(CI_LIKE_YAML))
    monkeypatch.setattr(yamlfile, "_LOADER", None)
    monkeypatch.setattr(yaml, "CSafeLoader", None)
    with_python = _shape(load_yaml(CI_LIKE_YAML))
    assert with_libyaml == with_python
    step = load_yaml(CI_LIKE_YAML)["pipelines"]["default"][0]["step"]  # type: ignore[index]
    assert step.script("script") == [(7, "docker build -f api/Dockerfile ."), (8, "")]
    assert load_yaml("a: [unclosed\n") is None
    monkeypatch.setattr(yamlfile, "_LOADER", None)


def _builds(lines: list[str], cwd: str = "/repo", variables: dict[str, str] | None = None) -> list[BuildCommand]:
    builds: list[BuildCommand] = []
    scan_script(list(enumerate(lines, 1)), ShellState(cwd, variables or {}), "ci.yml", builds)
    return builds


def test_build_reads_file_option_spellings_and_context() -> None:
    builds = _builds(
        [
            "docker build -f docker/Dockerfile.gpu -t x:1 .",
            "docker build --file=a/Dockerfile b",
            "docker image build -fc/Dockerfile c",
            "docker buildx build --platform linux/amd64 --push -t y ./svc",
            "podman build -t z sub",
            "buildah bud -f Containerfile .",
        ]
    )
    assert [(b.builder, b.dockerfile, b.context) for b in builds] == [
        ("docker", "/repo/docker/Dockerfile.gpu", "/repo"),
        ("docker", "/repo/a/Dockerfile", "/repo/b"),
        ("docker", "/repo/c/Dockerfile", "/repo/c"),
        ("buildx", "/repo/svc/Dockerfile", "/repo/svc"),
        ("podman", "/repo/sub/Dockerfile", "/repo/sub"),
        ("buildah", "/repo/Containerfile", "/repo"),
    ]


def test_build_follows_cd_export_and_continuations() -> None:
    builds = _builds(
        [
            "export DF=deploy/Dockerfile",
            "cd services && docker build \\",
            "  -f $DF \\",
            "  --memory 1g .",
            "DOCKER_BUILDKIT=0 docker build -m 256m api",
        ]
    )
    assert [(b.line, b.dockerfile, b.memory, b.legacy_builder) for b in builds] == [
        (2, "/repo/services/deploy/Dockerfile", "1g", False),
        (5, "/repo/services/api/Dockerfile", "256m", True),
    ]


def test_unresolved_variables_and_remote_contexts_name_no_file() -> None:
    builds = _builds(["docker build -f $UNKNOWN .", "docker build https://github.com/x/y.git", "docker build - < Df"])
    assert [b.dockerfile for b in builds] == [None, None, None]


def test_exported_docker_buildkit_zero_marks_later_builds_legacy() -> None:
    builds = _builds(["export DOCKER_BUILDKIT=0", "docker build .", "docker buildx build ."])
    assert [(b.builder, b.legacy_builder) for b in builds] == [("docker", True), ("buildx", False)]


def test_non_build_docker_commands_are_ignored() -> None:
    assert _builds(["docker push x", "docker run --memory 2g img", "echo docker build ."]) == []


def test_kaniko_dockerfile_is_relative_to_its_context() -> None:
    builds = _builds(["/kaniko/executor --context dir:///repo/app --dockerfile Dockerfile.k --destination r/x"])
    assert [(b.builder, b.dockerfile) for b in builds] == [("kaniko", "/repo/app/Dockerfile.k")]


def test_buildx_create_driver_memory() -> None:
    words = ["docker", "buildx", "create", "--use", "--driver", "docker-container", "--driver-opt", "memory=3g"]
    assert buildx_driver_memory(words) == "3g"
    assert buildx_driver_memory(["docker", "buildx", "create", "--driver-opt=image=x,memory=1g"]) == "1g"
    assert buildx_driver_memory(["docker", "buildx", "build", "."]) is None


def test_shell_syntax_inside_arguments_does_not_split_a_command() -> None:
    """A `|` or `;` inside quotes is part of a word, not a separator (the regex split found no file)."""
    builds = _builds(
        [
            'docker build --label "x=a|b" -f sub/Dockerfile .',
            "docker build --build-arg 'FLAGS=-O2;-g' --file=api/Dockerfile.prod api # not -f other",
        ]
    )
    assert [(b.dockerfile, b.context) for b in builds] == [
        ("/repo/sub/Dockerfile", "/repo"),
        ("/repo/api/Dockerfile.prod", "/repo/api"),
    ]


def test_realistic_ci_lines() -> None:
    builds = _builds(
        [
            "set -euo pipefail",
            'IMAGE="$REGISTRY/app:${CI_COMMIT_SHA}"',
            "cd services/web && npm ci && docker buildx build \\",
            "    --platform linux/amd64,linux/arm64 \\",
            '    --file="docker/Dockerfile" \\',
            '    -t "$IMAGE" --push .',
            "sudo -E env DOCKER_BUILDKIT=0 docker build -m 2g -f ../api/Dockerfile ../api",
            "(cd /tmp && docker build -f x/Dockerfile x)",
            'if [ -n "$GPU" ]; then docker build -f Dockerfile.gpu .; fi',
            "docker build . | tee build.log",
        ],
        variables={"REGISTRY": "registry.example.com", "CI_COMMIT_SHA": "abc123"},
    )
    assert [(b.line, b.builder, b.dockerfile, b.context, b.memory, b.legacy_builder) for b in builds] == [
        (3, "buildx", "/repo/services/web/docker/Dockerfile", "/repo/services/web", None, False),
        (7, "docker", "/repo/services/api/Dockerfile", "/repo/services/api", "2g", True),
        (8, "docker", "/tmp/x/Dockerfile", "/tmp/x", None, False),  # a subshell's cd stays in it ...
        (9, "docker", "/repo/services/web/Dockerfile.gpu", "/repo/services/web", None, False),  # ... here
        (10, "docker", "/repo/services/web/Dockerfile", "/repo/services/web", None, False),
    ]


def test_a_variable_set_without_export_is_not_in_the_builds_environment() -> None:
    builds = _builds(["DOCKER_BUILDKIT=0", "docker build .", "export DOCKER_BUILDKIT", "docker build ."])
    assert [b.legacy_builder for b in builds] == [False, True]
    # the CI's own variables are in the environment
    assert [b.legacy_builder for b in _builds(["docker build ."], variables={"DOCKER_BUILDKIT": "0"})] == [True]


def test_state_carries_over_to_the_next_script_of_the_job() -> None:
    state = ShellState("/repo", {})
    builds: list[BuildCommand] = []
    scan_script([(1, "cd app"), (2, "export DF=docker/Dockerfile")], state, "ci.yml", builds)
    scan_script([(5, "docker build -f $DF .")], state, "ci.yml", builds)
    assert [(b.line, b.dockerfile) for b in builds] == [(5, "/repo/app/docker/Dockerfile")]


def test_github_expressions_in_run_lines_stay_inside_their_word(tmp_path: Path) -> None:
    """``${{ … }}`` is substituted by the runner before the shell sees the line: an unknown one is
    part of the word it stands in (the tag), not a word of its own (it was read as the context)."""
    from dockeropt.ci import github

    workflow = tmp_path / "build.yml"
    workflow.write_text(
        "jobs:\n"
        "  image:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: |\n"
        "          docker build -t registry.example.com/app:${{ github.sha }} .\n"
        "          docker build -t app:${{ matrix.name }} services/${{ matrix.variant }}\n"
        '          echo done && docker build --label "sha=${{ github.sha }}|x" -f api/Dockerfile api\n',
        encoding="utf-8",
    )
    found = github.candidates(str(workflow), "build.yml", str(tmp_path))
    assert [(c.build.line, c.build.dockerfile, c.build.context) for c in found] == [
        (6, str(tmp_path / "Dockerfile"), str(tmp_path)),
        (7, None, None),  # services/<unknown>: no path
        (8, str(tmp_path / "api" / "Dockerfile"), str(tmp_path / "api")),
    ]
