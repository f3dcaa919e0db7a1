"""Configuration: discovery upward, pyproject.toml vs .dockeropt.toml, validation with clear errors,
per-path ignores, severity overrides and fail-on, as ``dockeropt check`` applies them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockeropt.api.config import ConfigError, clear_cache, config_for, find_config_file, glob_to_regex
from dockeropt.cli import main
from dockeropt.engine.check import check_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "testdata" / "config"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    clear_cache()


def _check(path: Path) -> list[tuple[str, str]]:
    """(rule id, severity) of the DO101/DO105 findings, with the configuration found for ``path``."""
    cfg = config_for(str(path))
    result = check_text(path.read_text(), str(path), cfg)
    return [(f.rule_id, f.severity) for f in result.findings if f.rule_id in ("DO101", "DO105")]


def test_discovery_upward_and_precedence() -> None:
    found = find_config_file(str(DATA / "project" / "legacy" / "old" / "Dockerfile"))
    assert found is not None and found[0] == str(DATA / "project" / "pyproject.toml")
    # the nearest file wins, whole
    assert config_for(str(DATA / "project" / "svc" / "api" / "Dockerfile")).path == str(
        DATA / "project" / "svc" / ".dockeropt.toml"
    )
    # a pyproject.toml without [tool.dockeropt] is passed over
    assert config_for(str(DATA / "project" / "tools" / "Dockerfile")).path == str(DATA / "project" / "pyproject.toml")
    # in one folder, .dockeropt.toml wins over pyproject.toml
    assert config_for(str(DATA / "both" / "Dockerfile")).path == str(DATA / "both" / ".dockeropt.toml")


def test_what_each_file_reports() -> None:
    project = DATA / "project"
    # ignore DO101; DO105 raised to error
    assert _check(project / "Dockerfile") == [("DO105", "error")]
    # per-path ignores: a folder glob, and a name glob matched at any depth
    assert _check(project / "legacy" / "old" / "Dockerfile") == []
    assert _check(project / "web.dev.Dockerfile") == []
    assert _check(project / "svc" / "api" / "Dockerfile") == [("DO101", "warning")]
    assert _check(project / "tools" / "Dockerfile") == [("DO105", "error")]
    assert _check(DATA / "both" / "Dockerfile") == [("DO101", "warning")]


def test_values_are_read() -> None:
    cfg = config_for(str(DATA / "project" / "Dockerfile"))
    assert cfg.fail_on == "error"
    assert cfg.trusted_registries == ["registry.example.com"]
    assert cfg.memory == "4g"
    assert cfg.severity == {"maintainer-deprecated": "error"}


def test_fail_on_from_the_configuration(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(DATA / "project")
    # DO105 is an error there and fail-on is error
    assert main(["check", "--select", "DO105", "Dockerfile"]) == 1
    # in legacy/ it is ignored: nothing left to fail on
    assert main(["check", "--select", "DO105", "legacy/old/Dockerfile"]) == 0
    # --no-config: back to defaults (warning threshold, DO105 a warning)
    assert main(["check", "--no-config", "--select", "DO101", "Dockerfile"]) == 1
    # --config points at one file for every path
    assert main(["check", "--config", str(DATA / "both" / ".dockeropt.toml"), "--select", "DO105", "Dockerfile"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            ".dockeropt.toml",
            'selct = ["DO1"]\n',
            "{path}: selct: unknown key (did you mean 'select'?); known keys: extend-select, fail-on, ignore, "
            "label-schema, memory, per-path-ignores, select, severity, strict-labels, trusted-registries, "
            "warn-unused-ignores",
        ),
        (
            "pyproject.toml",
            '[tool.dockeropt]\nfail_on = "error"\n',
            "{path}: tool.dockeropt.fail_on: unknown key (did you mean 'fail-on'?); known keys: extend-select, "
            "fail-on, ignore, label-schema, memory, per-path-ignores, select, severity, strict-labels, "
            "trusted-registries, warn-unused-ignores",
        ),
        (
            ".dockeropt.toml",
            'fail-on = "fatal"\n',
            "{path}: fail-on: 'fatal' is not one of error, warning, info, style",
        ),
        (
            ".dockeropt.toml",
            'fail-on = "warnign"\n',
            "{path}: fail-on: 'warnign' is not one of error, warning, info, style (did you mean 'warning'?)",
        ),
        (
            "pyproject.toml",
            '[tool.dockeropt.severity]\nDO105 = "loud"\n',
            "{path}: tool.dockeropt.severity.DO105: 'loud' is not one of error, warning, info, style",
        ),
        (".dockeropt.toml", "select = 3\n", "{path}: select: must be a list of strings, not a number (3)"),
        (
            ".dockeropt.toml",
            'ignore = ["DO1", 2]\n',
            "{path}: ignore: must be a list of strings; a number (2) is not a string",
        ),
        (
            ".dockeropt.toml",
            'warn-unused-ignores = "yes"\n',
            "{path}: warn-unused-ignores: must be true or false, not a string ('yes')",
        ),
        (
            ".dockeropt.toml",
            'memory = "lots"\n',
            '{path}: memory: must be a size such as "4g" or "512m", not \'lots\'',
        ),
        (
            ".dockeropt.toml",
            'per-path-ignores = { "legacy/**" = 1 }\n',
            "{path}: per-path-ignores.'legacy/**': must be a list of strings, not a number (1)",
        ),
        (
            ".dockeropt.toml",
            'severity = "error"\n',
            "{path}: severity: must be a table of rule = severity, not a string ('error')",
        ),
        ("pyproject.toml", "[tool]\ndockeropt = 1\n", "{path}: [tool.dockeropt] must be a table"),
        (
            ".dockeropt.toml",
            'label-schema = { "org.opencontainers.image.source" = "link" }\n',
            "{path}: label-schema.'org.opencontainers.image.source': must be one of text, url, rfc3339, spdx, "
            "hash, semver, email, not a string ('link')",
        ),
        (
            ".dockeropt.toml",
            'label-schema = ["org.opencontainers.image.source"]\n',
            "{path}: label-schema: must be a table of label = kind of value, not a list "
            "(['org.opencontainers.image.source'])",
        ),
        (".dockeropt.toml", "strict-labels = 1\n", "{path}: strict-labels: must be true or false, not a number (1)"),
    ],
    ids=[
        "unknown-key",
        "unknown-key-pyproject",
        "bad-fail-on",
        "fail-on-typo",
        "bad-severity",
        "select-not-list",
        "ignore-item",
        "bool",
        "memory",
        "per-path",
        "severity-not-table",
        "tool-not-table",
        "label-kind",
        "label-schema-not-table",
        "strict-labels",
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path: Path, name: str, content: str, message: str) -> None:
    cfg = tmp_path / name
    cfg.write_text(content)
    with pytest.raises(ConfigError) as err:
        config_for(str(tmp_path / "Dockerfile"))
    assert str(err.value) == message.format(path=cfg)


def test_invalid_toml(tmp_path: Path) -> None:
    cfg = tmp_path / ".dockeropt.toml"
    cfg.write_text("select = [\n")
    with pytest.raises(ConfigError) as err:
        config_for(str(tmp_path / "Dockerfile"))
    assert str(err.value).startswith(f"{cfg}: invalid TOML: ")


def test_explicit_config_without_table(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text("[project]\nname = 'x'\n")
    with pytest.raises(ConfigError) as err:
        config_for(str(tmp_path / "Dockerfile"), str(cfg))
    assert str(err.value) == f"{cfg}: no [tool.dockeropt] table"


def test_lookup_is_cached_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".dockeropt.toml").write_text('ignore = ["DO101"]\n')
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    reads: list[str] = []
    import dockeropt.api.config as config

    real = config._read_table

    def counting(path: str) -> dict[str, object] | None:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(config, "_read_table", counting)
    first = config_for(str(deep / "Dockerfile"))
    isfile_calls: list[str] = []
    real_isfile = config.os.path.isfile
    monkeypatch.setattr(config.os.path, "isfile", lambda p: isfile_calls.append(p) or real_isfile(p))
    for name in ("Dockerfile", "api.Dockerfile", "x.Dockerfile"):
        assert config_for(str(deep / name)) is first
    assert config_for(str(tmp_path / "a" / "Dockerfile")) is first
    assert reads == [str(tmp_path / ".dockeropt.toml")]
    assert isfile_calls == []  # answered from the folder cache
    # a new, nearer file is seen after the cache is cleared (the language server does this)
    (deep / ".dockeropt.toml").write_text("ignore = []\n")
    assert config_for(str(deep / "Dockerfile")) is first
    clear_cache()
    assert config_for(str(deep / "Dockerfile")).path == str(deep / ".dockeropt.toml")


@pytest.mark.parametrize(
    ("glob", "matches", "misses"),
    [
        ("legacy/**", ["legacy/Dockerfile", "legacy/a/b/Dockerfile"], ["x/legacy/Dockerfile", "legacyx/Dockerfile"]),
        ("legacy", ["legacy/Dockerfile", "x/legacy/Dockerfile"], ["legacyx/Dockerfile"]),
        ("*.dev.Dockerfile", ["web.dev.Dockerfile", "a/b/web.dev.Dockerfile"], ["web.Dockerfile"]),
        ("svc/*/Dockerfile", ["svc/api/Dockerfile"], ["svc/a/b/Dockerfile", "x/svc/api/Dockerfile"]),
        ("**/ci/*.Dockerfile", ["ci/x.Dockerfile", "a/b/ci/x.Dockerfile"], ["ci/sub/x.Dockerfile"]),
        ("Dockerfile.[ab]", ["Dockerfile.a", "x/Dockerfile.b"], ["Dockerfile.c"]),
        ("Dockerfile.[!ab]", ["Dockerfile.c"], ["Dockerfile.a"]),
        ("Dockerfile.?", ["Dockerfile.a"], ["Dockerfile.ab"]),
    ],
)
def test_path_globs(glob: str, matches: list[str], misses: list[str]) -> None:
    pattern = glob_to_regex(glob)
    assert [m for m in matches if not pattern.search(m)] == []
    assert [m for m in misses if pattern.search(m)] == []


def test_label_schema_is_read(tmp_path: Path) -> None:
    (tmp_path / ".dockeropt.toml").write_text(
        'strict-labels = true\n[label-schema]\n"org.opencontainers.image.source" = "URL"\n'
    )
    cfg = config_for(str(tmp_path / "Dockerfile"))
    assert (cfg.label_schema, cfg.strict_labels) == ({"org.opencontainers.image.source": "url"}, True)
