"""BuildKit-check and hadolint-parity rules (DO1xx, DO8xx, DO9xx): behaviour the testdata cases
cannot show on their own (configuration, build arguments, severities, messages, helpers)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from dockeropt.api.config import Config
from dockeropt.api.finding import Severity
from dockeropt.engine.check import check_text
from dockeropt.engine.registry import all_rules
from dockeropt.fix.engine import fix_text
from tests.syntax.oracle import theirs

# The built-in pack is ``dockeropt.rules`` whether installed or run from a checkout: load it through
# the registry, then its helper modules import under that name.
all_rules()
_ports = importlib.import_module("dockeropt.analysis.ports")
_variables = importlib.import_module("dockeropt.analysis.variables")
_image_ref = importlib.import_module("dockeropt.analysis.image_ref")
_secrets = importlib.import_module("dockeropt.rules.security.secrets_in_arg_or_env")
PortSpec, port_number_error = _ports.PortSpec, _ports.port_number_error
only_optional_uses, suggest = _variables.only_optional_uses, _variables.suggest
one_edit_apart = _variables.one_edit_apart
InvalidReference, parse_image_ref = _image_ref.InvalidReference, _image_ref.parse_image_ref
looks_secret = _secrets.looks_secret

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "rules"


def found(text: str, rule: str, **kwargs: object) -> list[tuple[int, int, str]]:
    result = check_text(text, "Dockerfile", select=[rule], **kwargs)  # type: ignore[arg-type]
    return [(f.span.start_line, f.span.start_col, f.message) for f in result.findings if f.rule_id == rule]


# -- DO803 untrusted-registry needs configuration -------------------------------------------------


def _trusted() -> Config:
    config = Config()
    config.trusted_registries = ["registry.example.com", "*.gcr.io"]
    return config


def test_untrusted_registries_are_reported_for_from_copy_and_mount_images() -> None:
    text = (DATA / "DO803/positive.Dockerfile").read_text()
    got = found(text, "DO803", config=_trusted())
    # gcr.io itself does not match *.gcr.io (hadolint's matching)
    assert [(line, col) for line, col, _ in got] == [(4, 6), (5, 6), (6, 6), (7, 6), (9, 5)]
    assert got[1][2] == (
        "quay.io/prometheus/node-exporter:v1.8.1 comes from quay.io, which is not in trusted-registries "
        "(registry.example.com, *.gcr.io): it bypasses the registries your project vets"
    )
    assert "docker.io" in got[2][2]


def test_trusted_registries_and_local_stages_are_quiet() -> None:
    text = (DATA / "DO803/negative.Dockerfile").read_text()
    assert found(text, "DO803", config=_trusted()) == []


def test_untrusted_registry_is_off_until_configured() -> None:
    assert found((DATA / "DO803/positive.Dockerfile").read_text(), "DO803") == []


def test_docker_hub_is_trusted_through_its_name() -> None:
    config = Config()
    config.trusted_registries = ["docker.io"]
    assert found("FROM python:3.12\nFROM index.docker.io/library/node:20\n", "DO803", config=config) == []


# -- build arguments decide what FROM is -----------------------------------------------------------


def test_untagged_base_follows_build_args() -> None:
    text = "ARG BASE=python\nFROM ${BASE}\n"
    assert [m for _, _, m in found(text, "DO901")] == [
        "FROM python has no tag (FROM ${BASE} gives 'python' with the ARG defaults): every build pulls "
        "whatever 'latest' is that day, so the image changes or breaks without a change here; pin a tag or digest"
    ]
    assert found(text, "DO901", build_args={"BASE": "python:3.12-slim"}) == []


def test_invalid_default_ignores_build_args_but_constant_references_are_errors() -> None:
    text = "ARG TAG\nFROM alpine:${TAG}\nFROM Alpine:3.20\n"
    result = check_text(text, "Dockerfile", select=["DO115"], build_args={"TAG": "3.20"})
    assert [(f.span.start_line, f.severity) for f in result.findings] == [(2, Severity.WARNING), (3, Severity.ERROR)]
    assert result.findings[1].message == (
        "'Alpine:3.20' is not a valid image reference (repository name (library/Alpine) must be lowercase): "
        "the build fails"
    )


# -- severities and messages that carry the decision ----------------------------------------------


def test_copy_from_a_later_stage_is_an_error_and_a_typo_a_warning() -> None:
    text = (
        "FROM alpine:3.20 AS base\nFROM base AS app\nCOPY --from=lates /a /a\nCOPY --from=later /b /b\n"
        "FROM base AS later\n"
    )
    result = check_text(text, "Dockerfile", select=["DO122"])
    assert [(f.span.start_line, f.severity) for f in result.findings] == [(4, Severity.ERROR)]
    text = "FROM alpine:3.20 AS base\nFROM base AS app\nCOPY --from=bsae /a /a\n"
    result = check_text(text, "Dockerfile", select=["DO122"])
    assert [(f.span.start_line, f.severity) for f in result.findings] == [(3, Severity.WARNING)]
    assert result.findings[0].message.endswith("(did you mean 'base'?)")


def test_multiple_instructions_points_at_the_ignored_one() -> None:
    got = found('FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\n', "DO112")
    assert got == [(2, 1, "this CMD has no effect: the CMD on line 3 replaces it (a stage keeps only its last one)")]


def test_opt_in_rules_are_off_by_default() -> None:
    text = "# the base\nFROM python:3.12-slim AS base\nUSER app\n"
    result = check_text(text, "Dockerfile")
    assert not {"DO117", "DO126", "DO805"} & {f.rule_id for f in result.findings}
    opt_in = {r.id for r in all_rules() if r.opt_in}
    assert {"DO117", "DO126", "DO805"} <= opt_in


# -- UndefinedVar: what BuildKit expands, and what dockeropt can know ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # ARG pairs are set one after the other
        "FROM scratch\nARG A=1 B=${A}/x\nWORKDIR $B\n",
        # a default makes the variable optional on purpose
        "FROM scratch\nWORKDIR ${ROOT:-/srv}\n",
        # ARGs pass to stages built FROM this one
        "FROM scratch AS a\nARG OUT=/out\nFROM a\nCOPY x ${OUT}/\n",
        # PATH is always defined
        "FROM scratch\nENV PATH=/app:$PATH\n",
        # RUN, CMD and EXPOSE are not expanded by BuildKit (EXPOSE does not report)
        "FROM scratch\nRUN echo $NOPE\nCMD echo $NOPE\nEXPOSE $NOPE\n",
        # an external base image may set it
        "FROM python:3.12\nWORKDIR $PYTHON_HOME\n",
        # a quoted heredoc is not expanded
        "FROM scratch\nCOPY <<'EOF' /x\n$NOPE\nEOF\n",
    ],
)
def test_undefined_var_quiet(text: str) -> None:
    assert found(text, "DO111") == []


def test_undefined_var_in_a_scratch_stage_suggests_the_close_name() -> None:
    got = found("FROM scratch\nARG APP_DIR=/app\nWORKDIR $APP_DRI\n", "DO111")
    assert got == [
        (
            3,
            9,
            "$APP_DRI is not set at this point (no ARG or ENV defines it in this stage): it expands to an empty "
            "string here (did you mean $APP_DIR?)",
        )
    ]


def test_only_optional_uses() -> None:
    assert only_optional_uses("${A:-x}/${A+y}", "A")
    assert not only_optional_uses("${A:-x}/$A", "A")
    assert not only_optional_uses("${AB:-x}", "A")


# -- helpers that mirror Docker's own code ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "domain", "path", "tag", "digest"),
    [
        ("python", "docker.io", "library/python", None, None),
        ("python:3.12-slim", "docker.io", "library/python", "3.12-slim", None),
        ("bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", None),
        ("localhost:5000/app:dev", "localhost:5000", "app", "dev", None),
        ("index.docker.io/library/node:20", "docker.io", "library/node", "20", None),
        ("ghcr.io/org/tool:v1.0.0-RC1", "ghcr.io", "org/tool", "v1.0.0-RC1", None),
        ("alpine@sha256:" + "a" * 64, "docker.io", "library/alpine", None, "sha256:" + "a" * 64),
        ("Registry.Example.com/team/app:1", "Registry.Example.com", "team/app", "1", None),
    ],
)
def test_image_references_parse_as_docker_reads_them(
    text: str, domain: str, path: str, tag: str | None, digest: str | None
) -> None:
    ref = parse_image_ref(text)
    assert (ref.domain, ref.path, ref.tag, ref.digest) == (domain, path, tag, digest)


@pytest.mark.parametrize(
    "text", ["", "python:", "Python:3", "team/App:1", "a" * 64, "python:3.12 slim", "node:-alpine", ":latest"]
)
def test_invalid_image_references(text: str) -> None:
    with pytest.raises(InvalidReference):
        parse_image_ref(text)


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("APP_VERISON", "APP_VERSION", True),  # neighbours swapped
        ("APP_VERSON", "APP_VERSION", True),  # one deleted
        ("APP_VERSIONS", "APP_VERSION", True),  # one inserted
        ("APP_VERSIOM", "APP_VERSION", True),  # one replaced
        ("GOPATH", "PATH", False),
        ("MINOR_VERSION", "MAJOR_VERSION", False),
        ("APP_VERSION", "APP_VERSION", False),
    ],
)
def test_one_edit_apart(a: str, b: str, close: bool) -> None:
    assert one_edit_apart(a, b) is close
    assert one_edit_apart(b, a) is close


def test_suggest_follows_buildkit() -> None:
    assert suggest("NODE_VERSON", ["NODE_VERSION", "NGINX_VERSION"]) == "NODE_VERSION"
    assert suggest("NODE_VERSION", ["NODE_VERSION", "NODE_VERSIONS"]) is None  # exact match: no suggestion
    assert suggest("VERSION", ["PYTHON_VERSION"]) is None  # more than two edits away


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("GITHUB_TOKEN", True),
        ("db_password", True),
        ("Api_Key", True),
        ("AUTH", True),
        ("SECRET_KEY_BASE", True),
        ("PASSWORD_FILE", False),
        ("NODE_AUTH_TOKEN_VERSION", False),
        ("SSH_PUBLIC_KEY", False),
        ("TOKENIZERS_PARALLELISM", False),
        ("KEYCLOAK_URL", False),
        ("AUTHOR", False),
        ("GPG_KEY", False),
        ("MONKEY", False),
    ],
)
def test_secret_names(name: str, secret: bool) -> None:
    assert looks_secret(name) is secret


def test_port_specs_split_as_buildkit_does() -> None:
    spec = PortSpec("127.0.0.1:8443:443/TCP")
    assert (spec.ip, spec.host, spec.container, spec.proto) == ("127.0.0.1", "8443", "443", "TCP")
    spec = PortSpec("[::1]:80:80")
    assert (spec.ip, spec.host, spec.container) == ("[::1]", "80", "80")
    assert port_number_error("+80") is None  # Go's ParseInt takes a sign
    assert port_number_error("8000-") == "empty port"
    assert port_number_error("65536") == "65536 is outside 0-65535"


# -- the legacy ENV fix keeps what BuildKit reads ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("ENV A b c", 'ENV A="b c"'),
        ("ENV A  b   c", 'ENV A="b   c"'),
        ('ENV A "b c"', 'ENV A="b c"'),
        ("ENV A $HOME/bin", "ENV A=$HOME/bin"),
        ("LABEL a.b.c x", "LABEL a.b.c=x"),
        ("ENV A 'it'\"s\" x", "ENV A 'it'\"s\" x"),  # quotes and spaces mixed: left alone
    ],
)
def test_legacy_key_value_fix(line: str, fixed: str) -> None:
    text = f"FROM alpine:3.20\n{line}\n"
    result = fix_text(text, "Dockerfile", select=["DO113"])
    assert result.text == f"FROM alpine:3.20\n{fixed}\n"
    before, after = theirs(text), theirs(result.text)
    assert not isinstance(before, str) and not isinstance(after, str)


def test_root_user_is_not_reported_for_dev_containers() -> None:
    text = "FROM mcr.microsoft.com/devcontainers/python:3.12\nUSER root\n"
    assert [line for line, _, _ in found(text, "DO802")] == [2]
    result = check_text(text, "project/.devcontainer/Dockerfile", select=["DO802"])
    assert result.findings == []


def test_root_user_through_a_build_argument_says_so() -> None:
    got = found("FROM debian:12-slim\nARG UID=0\nUSER ${UID}\n", "DO802")
    assert got[0][2].startswith("the image runs as root: USER ${UID} is the last USER of the final image (it gives '0'")


def test_empty_continuation_line_at_the_end_of_the_file_is_reported_without_a_fix() -> None:
    text = "FROM alpine:3.20\nRUN echo a \\\n    "
    result = check_text(text, "Dockerfile", select=["DO104"])
    assert [(f.span.start_line, f.span.start_col, f.fix) for f in result.findings] == [(3, 1, None)]


def test_sudo_says_whose_user_the_run_has() -> None:
    text = (
        "FROM gitpod/workspace-base AS ws\n"
        "RUN sudo apt-get update\n"
        "FROM ws\n"
        "USER root\n"
        "RUN sudo rm -rf /tmp/x\n"
        "USER app\n"
        "RUN sudo make install\n"
    )
    whose = [m.split("(", 1)[1].split(")", 1)[0] for _, _, m in found(text, "DO133")]
    assert whose == [
        # the file sets no USER: the base image's, which may not be root
        "this RUN runs as gitpod/workspace-base's user, root unless it sets USER",
        "this RUN already runs as root",
        "this RUN runs as app",
    ]


def test_pipefail_names_the_pipe_without_its_command_substitutions() -> None:
    text = "FROM debian:12\nRUN ldd \"$(php -r 'echo 1;')\"/*.so | awk '{print $1}' | sort -u\n"
    assert [(line, col, m.split("`")[1]) for line, col, m in found(text, "DO129")] == [(2, 5, "ldd | awk | sort")]


def test_cache_mount_without_a_safe_edit_is_reported_without_a_fix() -> None:
    text = (DATA / "DO306" / "positive_no_fix.Dockerfile").read_text()
    result = check_text(text, "Dockerfile", select=["DO306"])
    assert [(f.span.start_line, f.fix is None) for f in result.findings] == [(5, True), (9, True)]
