"""Configuration: ``[tool.dockeropt]`` in pyproject.toml or a ``.dockeropt.toml``, found upward from each file.

Keys (all optional)::

    select = ["DO1", "bloat"]          # ids, id prefixes, names, aliases or categories; default: all
    extend-select = ["DO002"]          # added to the default selection
    ignore = ["DL3008"]
    fail-on = "warning"                # error | warning | info | style
    severity = { DO301 = "error" }     # per-rule severity
    trusted-registries = ["docker.io", "*.gcr.io"]
    label-schema = { "org.opencontainers.image.source" = "url" }   # labels every image must carry
    strict-labels = true               # and no others
    memory = "4g"                      # the CI runner's memory for the build
    per-path-ignores = { "legacy/**" = ["DO1"] }
    warn-unused-ignores = true

In one folder ``.dockeropt.toml`` wins over ``pyproject.toml``; a pyproject.toml without a
``[tool.dockeropt]`` table is passed over and the search goes on upward (as ruff does).
Per-path globs are relative to the configuration file's folder: ``*`` and ``?`` stay inside one
path segment, ``**`` crosses segments, and a glob without ``/`` matches the file name anywhere.
"""

from __future__ import annotations

import os
import re

from dockeropt.api.finding import Severity
from dockeropt.context.linear_regex import LinearRegex
from dockeropt.files.read import MAX_AUX_BYTES, read_bytes, reason

CONFIG_NAMES = (".dockeropt.toml", "pyproject.toml")
KNOWN_KEYS = (
    "extend-select",
    "fail-on",
    "ignore",
    "label-schema",
    "memory",
    "per-path-ignores",
    "select",
    "severity",
    "strict-labels",
    "trusted-registries",
    "warn-unused-ignores",
)


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


class Config:
    __slots__ = (
        "_path_patterns",
        "extend_select",
        "fail_on",
        "ignore",
        "label_schema",
        "memory",
        "path",
        "per_path_ignores",
        "root",
        "rules_checked",
        "select",
        "severity",
        "strict_labels",
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
        self.label_schema: dict[str, str] = {}  # label key -> kind of value (text, url, semver …)
        self.strict_labels = False
        self.memory: str | None = None
        self.per_path_ignores: dict[str, list[str]] = {}
        self.warn_unused_ignores = False
        self._path_patterns: list[tuple[LinearRegex, list[str]]] | None = None
        # set by the engine once the rule ids above are checked against the loaded rules
        self.rules_checked = False

    def ignores_for(self, path: str) -> list[str]:
        """The rules ``per-path-ignores`` switches off for ``path``."""
        if not self.per_path_ignores:
            return []
        if self._path_patterns is None:
            self._path_patterns = [(glob_to_regex(g), ids) for g, ids in self.per_path_ignores.items()]
        rel = os.path.relpath(os.path.abspath(path), self.root or os.getcwd()).replace(os.sep, "/")
        out: list[str] = []
        for pattern, ids in self._path_patterns:
            if pattern.search(rel):
                out.extend(ids)
        return out


def glob_to_regex(glob: str) -> LinearRegex:
    """A path glob as a regex over ``/``-separated relative paths (see the module docs), matched
    in linear time (a glob of many stars would make ``re`` backtrack for minutes); ``re.error``
    for a glob that is not one (``[z-a]``)."""
    anchored = "/" in glob.rstrip("/")
    body = glob.strip("/")
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = body.find("]", i + 2)
            if end < 0:
                out.append(re.escape(c))
            else:
                inner = body[i + 1 : end]
                negate = inner.startswith("!")
                chars = (inner[1:] if negate else inner).replace("\\", "\\\\")
                out.append("[" + ("^" if negate else "") + chars + "]")
                i = end + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    prefix = "" if anchored else "(?:.*/)?"
    # a folder pattern covers everything below it
    return LinearRegex(prefix + "".join(out) + "(?:/.*)?\\Z", anchored=True)


# -- finding and reading configuration files ------------------------------------------------------

# folder -> the config file that applies there (None: none); path -> its table (None: no dockeropt table)
_FOLDER_CACHE: dict[str, str | None] = {}
_TABLE_CACHE: dict[str, dict[str, object] | None] = {}
_CONFIG_CACHE: dict[str, Config] = {}


def clear_cache() -> None:
    """Forget every file read so far (the language server calls this when a config file changes)."""
    _FOLDER_CACHE.clear()
    _TABLE_CACHE.clear()
    _CONFIG_CACHE.clear()


def find_config_file(start: str) -> tuple[str, dict[str, object]] | None:
    """The nearest config upward from ``start`` (a file or folder): ``(path, table)``.

    Each folder's answer is cached, so checking many files of one tree reads each config once.
    """
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    visited: list[str] = []
    found: str | None = None
    while True:
        if folder in _FOLDER_CACHE:
            found = _FOLDER_CACHE[folder]
            break
        visited.append(folder)
        hit = _config_in(folder)
        if hit is not None:
            found = hit
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for seen in visited:
        _FOLDER_CACHE[seen] = found
    if found is None:
        return None
    table = _table(found)
    return (found, table) if table is not None else None


def _config_in(folder: str) -> str | None:
    for name in CONFIG_NAMES:
        candidate = os.path.join(folder, name)
        if os.path.isfile(candidate) and _table(candidate) is not None:
            return candidate
    return None


def _table(path: str) -> dict[str, object] | None:
    if path not in _TABLE_CACHE:
        _TABLE_CACHE[path] = _read_table(path)
    return _TABLE_CACHE[path]


def _read_table(path: str) -> dict[str, object] | None:
    import tomllib

    try:
        data = tomllib.loads(read_bytes(path, MAX_AUX_BYTES).decode("utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: cannot read: {reason(err)}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("dockeropt") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.dockeropt] must be a table")
        return table
    return data


# -- validating a table ---------------------------------------------------------------------------


def key_prefix(path: str) -> str:
    """How a key of the configuration file ``path`` is named in messages: ``tool.dockeropt.select``
    in pyproject.toml, ``select`` in .dockeropt.toml."""
    return "tool.dockeropt." if os.path.basename(path) == "pyproject.toml" else ""


def load_config(path: str, table: dict[str, object]) -> Config:
    """A :class:`Config` from one file's table; unknown keys and bad values raise :class:`ConfigError`."""
    cfg = Config()
    cfg.path = path
    cfg.root = os.path.dirname(os.path.abspath(path))
    prefix = key_prefix(path)
    for key, value in table.items():
        where = f"{path}: {prefix}{key}"
        if key not in KNOWN_KEYS:
            hint = _closest(key)
            guess = f" (did you mean {hint!r}?)" if hint else ""
            raise ConfigError(f"{where}: unknown key{guess}; known keys: {', '.join(KNOWN_KEYS)}")
        if key == "select":
            cfg.select = _str_list(where, value)
        elif key == "extend-select":
            cfg.extend_select = _str_list(where, value)
        elif key == "ignore":
            cfg.ignore = _str_list(where, value)
        elif key == "trusted-registries":
            cfg.trusted_registries = _str_list(where, value)
        elif key == "fail-on":
            cfg.fail_on = _severity(where, value)
        elif key == "severity":
            table_value = _table_of(where, value, "a table of rule = severity")
            cfg.severity = {str(k): _severity(f"{where}.{k}", v) for k, v in table_value.items()}
        elif key == "memory":
            cfg.memory = _size(where, value)
        elif key == "per-path-ignores":
            table_value = _table_of(where, value, "a table of glob = [rule ids]")
            cfg.per_path_ignores = {str(k): _str_list(f"{where}.{k!r}", v) for k, v in table_value.items()}
            patterns = []
            for glob, ids in cfg.per_path_ignores.items():
                try:
                    patterns.append((glob_to_regex(glob), ids))
                except re.error as err:
                    detail = str(err).split(" at position")[0]  # a position in the regex, not the glob
                    raise ConfigError(f"{where}: {glob!r} is not a valid glob ({detail})") from None
            cfg._path_patterns = patterns
        elif key == "label-schema":
            table_value = _table_of(where, value, "a table of label = kind of value")
            cfg.label_schema = {str(k): _label_type(f"{where}.{k!r}", v) for k, v in table_value.items()}
        elif key == "strict-labels":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: must be true or false, not {_shown(value)}")
            cfg.strict_labels = value
        elif key == "warn-unused-ignores":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: must be true or false, not {_shown(value)}")
            cfg.warn_unused_ignores = value
    return cfg


def _closest(key: str) -> str | None:
    import difflib

    matches = difflib.get_close_matches(key.replace("_", "-").lower(), KNOWN_KEYS, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _shown(value: object) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}
    return f"{kind.get(type(value), type(value).__name__)} ({value!r})"


def _table_of(where: str, value: object, expected: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be {expected}, not {_shown(value)}")
    return value


def _str_list(where: str, value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: must be a list of strings, not {_shown(value)}")
    for item in value:
        if not isinstance(item, str):
            raise ConfigError(f"{where}: must be a list of strings; {_shown(item)} is not a string")
        if not item.strip():
            raise ConfigError(f"{where}: empty string in the list")
    return [item.strip() for item in value]


def _severity(where: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: must be one of {', '.join(Severity.ALL)}, not {_shown(value)}")
    try:
        return Severity.parse(value)
    except ValueError:
        import difflib

        close = difflib.get_close_matches(value.strip().lower(), Severity.ALL, n=1, cutoff=0.6)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(Severity.ALL)}{guess}") from None


# the kinds of label value hadolint's label-schema knows (dockeropt.analysis.labels checks them)
LABEL_TYPES = ("text", "url", "rfc3339", "spdx", "hash", "semver", "email")


def _label_type(where: str, value: object) -> str:
    if not isinstance(value, str) or value.strip().lower() not in LABEL_TYPES:
        raise ConfigError(f"{where}: must be one of {', '.join(LABEL_TYPES)}, not {_shown(value)}")
    return value.strip().lower()


def _size(where: str, value: object) -> str:
    from dockeropt.units import parse_docker_size as parse_size

    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    try:
        if not isinstance(text, str):
            raise ValueError(text)
        parse_size(text)
    except ValueError:
        shown = repr(value) if isinstance(value, str) else _shown(value)
        raise ConfigError(f'{where}: must be a size such as "4g" or "512m", not {shown}') from None
    return text.strip()


# -- the configuration for a file -----------------------------------------------------------------


def config_for(path: str, explicit: str | None = None, use_files: bool = True) -> Config:
    """The configuration that applies to ``path`` (cached per config file and per folder).

    ``explicit`` (``--config``) is used for every file; ``use_files=False`` (``--no-config``)
    gives the defaults.
    """
    if explicit:
        key = os.path.abspath(explicit)
        if key not in _CONFIG_CACHE:
            table = _table(explicit)
            if table is None:
                raise ConfigError(f"{explicit}: no [tool.dockeropt] table")
            _CONFIG_CACHE[key] = load_config(explicit, table)
        return _CONFIG_CACHE[key]
    if not use_files:
        return Config()
    found = find_config_file(path)
    if found is None:
        return Config()
    cfg_path, table = found
    if cfg_path not in _CONFIG_CACHE:
        _CONFIG_CACHE[cfg_path] = load_config(cfg_path, table)
    return _CONFIG_CACHE[cfg_path]
