"""Configuration: ``[tool.dockeropt]`` in pyproject.toml or a ``.dockeropt.toml``, found upward from each file.

Keys (all optional)::

    select = ["DO1", "bloat"]          # ids, id prefixes, names, aliases or categories; default: all
    ignore = ["DL3008"]
    fail-on = "warning"                # error | warning | info | style
    severity = { DO301 = "error" }     # per-rule severity
    trusted-registries = ["docker.io", "*.gcr.io"]
    memory = "4g"                      # the CI runner's memory for the build
    per-path-ignores = { "legacy/**" = ["DO1"] }
"""

from __future__ import annotations

import fnmatch
import os

from dockeropt.engine.finding import Severity

CONFIG_NAMES = (".dockeropt.toml", "pyproject.toml")
KNOWN_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "fail-on",
    "severity",
    "trusted-registries",
    "memory",
    "per-path-ignores",
    "warn-unused-ignores",
}


class ConfigError(Exception):
    pass


class Config:
    __slots__ = (
        "extend_select",
        "fail_on",
        "ignore",
        "memory",
        "path",
        "per_path_ignores",
        "root",
        "select",
        "severity",
        "trusted_registries",
        "warn_unused_ignores",
    )

    def __init__(self) -> None:
        self.path: str | None = None  # the file it came from
        self.root: str | None = None  # its folder (per-path globs are relative to it)
        self.select: list[str] | None = None
        self.extend_select: list[str] = []
        self.ignore: list[str] = []
        self.fail_on = Severity.WARNING
        self.severity: dict[str, str] = {}
        self.trusted_registries: list[str] = []
        self.memory: str | None = None
        self.per_path_ignores: dict[str, list[str]] = {}
        self.warn_unused_ignores = False

    def ignores_for(self, path: str) -> list[str]:
        if not self.per_path_ignores:
            return []
        rel = os.path.relpath(os.path.abspath(path), self.root or os.getcwd()).replace(os.sep, "/")
        out: list[str] = []
        for pattern, ids in self.per_path_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(rel), pattern):
                out.extend(ids)
        return out


def find_config_file(start: str) -> tuple[str, dict[str, object]] | None:
    """The nearest config upward from ``start`` (a file or folder): ``(path, table)``."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                table = _read_table(candidate)
                if table is not None:
                    return candidate, table
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read_table(path: str) -> dict[str, object] | None:
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("dockeropt") if isinstance(tool, dict) else None
        return table if isinstance(table, dict) else None
    return data


def load_config(path: str, table: dict[str, object]) -> Config:
    cfg = Config()
    cfg.path = path
    cfg.root = os.path.dirname(os.path.abspath(path))
    where = f"{path}: [tool.dockeropt]" if path.endswith("pyproject.toml") else path
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
        if key in ("select", "ignore", "extend-select", "trusted-registries"):
            setattr(cfg, key.replace("-", "_"), _str_list(where, key, value))
        elif key == "fail-on":
            cfg.fail_on = _severity(where, key, value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key!r} must be a table of rule = severity")
            cfg.severity = {str(k): _severity(where, f"severity.{k}", v) for k, v in value.items()}
        elif key == "memory":
            if not isinstance(value, str | int):
                raise ConfigError(f"{where}: 'memory' must be a size such as \"4g\"")
            cfg.memory = str(value)
        elif key == "per-path-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-path-ignores' must be a table of glob = [ids]")
            cfg.per_path_ignores = {str(k): _str_list(where, f"per-path-ignores.{k}", v) for k, v in value.items()}
        elif key == "warn-unused-ignores":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: 'warn-unused-ignores' must be true or false")
            cfg.warn_unused_ignores = value
    return cfg


def _str_list(where: str, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key!r} must be a list of strings")
    return list(value)


def _severity(where: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key!r} must be one of {', '.join(Severity.ALL)}")
    try:
        return Severity.parse(value)
    except ValueError:
        raise ConfigError(f"{where}: {key!r} = {value!r} is not one of {', '.join(Severity.ALL)}") from None


_CACHE: dict[str, Config] = {}


def config_for(path: str, explicit: str | None = None, use_files: bool = True) -> Config:
    """The configuration that applies to ``path`` (cached per config file)."""
    if explicit:
        key = os.path.abspath(explicit)
        if key not in _CACHE:
            table = _read_table(explicit)
            if table is None:
                raise ConfigError(f"{explicit}: no [tool.dockeropt] table")
            _CACHE[key] = load_config(explicit, table)
        return _CACHE[key]
    if not use_files:
        return Config()
    found = find_config_file(path)
    if found is None:
        return Config()
    cfg_path, table = found
    if cfg_path not in _CACHE:
        _CACHE[cfg_path] = load_config(cfg_path, table)
    return _CACHE[cfg_path]
