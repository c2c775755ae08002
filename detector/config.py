"""Configuration files and option resolution.

Where settings come from, lowest to highest precedence: built-in defaults, then one configuration
file, then command-line flags (or keyword arguments of the library API).

Configuration files
    ``.mtcheck.toml`` and ``mtcheck.toml`` (keys at the top level) or ``pyproject.toml`` (keys in
    a ``[tool.mtcheck]`` table; a pyproject.toml without that table does not count). Keys are named
    like the long flags: ``select``, ``ignore``, ``per-file-ignores``, ``fail-on``, ``format``,
    ``exit-zero``, ``jobs``, ``max-bytes``, ``timeout``, ``lexicons``, ``languagetool-url``,
    ``model``, ``include``, ``exclude``, ``roundtrip-check``, ``roundtrip-command``,
    ``roundtrip-pivot``, ``full-check``.

Discovery (per file, like ruff)
    Each checked file uses the nearest configuration file found in its own directory or the
    closest parent directory that has one. In one directory ``.mtcheck.toml`` wins over
    ``mtcheck.toml``, which wins over ``pyproject.toml``. The file that is found applies as a
    whole; files further up are not merged in. Standard input and JSON Lines records use the
    configuration found from the current directory. Settings of the whole run (``format``,
    ``exit-zero``, ``jobs``) come from the configuration that applies to the deepest directory
    holding every input (the current directory for stdin and JSON Lines). A directory walk uses,
    in each directory, the ``include``/``exclude`` of the configuration that applies there.
    ``--config PATH`` uses that one file for every input; ``--isolated`` ignores all files.

Paths inside a configuration file (``lexicons``, ``model``, and globs containing a ``/`` in
``include``, ``exclude`` and ``per-file-ignores``) are relative to the file's directory; the same
given as flags are relative to the current directory. A glob without a ``/`` matches one path
component anywhere (``drafts``, ``*.draft.md``).
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .input.paths import GlobSet, PathFilter, anchor_glob
from .input.reading import DEFAULT_MAX_BYTES
from .scoring.verdict import FAILING_VERDICTS, VERDICTS, fails

CONFIG_FILES = (".mtcheck.toml", "mtcheck.toml", "pyproject.toml")
CODE_PREFIX_RE = re.compile(r"MT\d{0,3}\Z")
FAILABLE_VERDICTS = tuple(v for v in VERDICTS if v != "clean")
# The output formats (mtcheck.output.formats.FORMATTERS has one formatter for each).
FORMATS = ("text", "full", "concise", "json", "sarif", "github", "html")
# Seconds one file may take to load and check (0: no limit). Measured on 2 cores: ~25 s per MB
# of prose (a 5 MB article ~135 s), so files up to the default size limit fit.
DEFAULT_TIMEOUT = 600.0


class ConfigError(ValueError):
    """A configuration problem; the message is one line naming the file (or option) and key."""


# -- value checks: each returns the normalised value or raises ValueError(reason) ------------

def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_type_name(value)}")
    return value


def _str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(f"must be a list of strings, not {_type_name(value)}")
    for v in value:
        if not isinstance(v, str):
            raise ValueError(f"must be a list of strings, but holds {_type_name(v)} {v!r}")
    return tuple(value)


def code_prefixes(value: Any) -> tuple[str, ...]:
    """A list of code prefixes (``MT``, ``MT3``, ``MT301``); items may also be comma-separated."""
    out = []
    for item in _str_list(value):
        for part in item.split(","):
            part = part.strip().upper()
            if not part:
                continue
            if not CODE_PREFIX_RE.match(part):
                raise ValueError(f"{part!r} is not a code prefix such as MT, MT3 or MT301")
            out.append(part)
    return tuple(out)


def _per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table of glob = [code prefixes], not {_type_name(value)}")
    out = []
    for glob, codes in value.items():
        try:
            out.append((glob, code_prefixes(codes)))
        except ValueError as exc:
            raise ValueError(f"entry {glob!r} {exc}") from None
    return tuple(out)


def fail_on_verdicts(value: Any) -> tuple[str, ...]:
    out = []
    for item in _str_list(value):
        for part in item.split(","):
            part = part.strip().lower().replace("_", "-")
            if not part:
                continue
            if part not in FAILABLE_VERDICTS:
                raise ValueError(f"{part!r} is not a verdict; choose from {', '.join(FAILABLE_VERDICTS)}")
            out.append(part)
    return tuple(dict.fromkeys(out))


def _format(value: Any) -> str:
    value = _str(value)
    if value not in FORMATS:
        raise ValueError(f"{value!r} is not a format; choose from {', '.join(sorted(FORMATS))}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {_type_name(value)}")
    return value


def _int(minimum: int):
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be an integer, not {_type_name(value)}")
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value
    return check


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number of seconds, not {_type_name(value)}")
    if not value >= 0 or value == float("inf"):
        raise ValueError("must be a number of seconds, at least 0 (0: no limit)")
    return float(value)


def _command(value: Any) -> tuple[str, ...]:
    value = _str_list(value)
    if not value or not value[0].strip():
        raise ValueError("must be a non-empty list: the program, then its arguments")
    return value


def _rule_tables(value: Any) -> dict[str, dict[str, Any]]:
    """``[rules.<rule-name>]`` tables (their keys are checked against each rule's settings when
    the engine is planned: :func:`mtcheck.run.engine.spec_for`)."""
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ValueError("must be a table of [rules.<rule-name>] tables")
    return {str(k): dict(v) for k, v in value.items()}


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "a list", tuple: "a list", dict: "a table"}.get(type(value), type(value).__name__)


# key -> (Settings attribute, check)
KEYS: dict[str, tuple[str, Any]] = {
    "select": ("select", code_prefixes),
    "ignore": ("ignore", code_prefixes),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "fail-on": ("fail_on", fail_on_verdicts),
    "format": ("format", _format),
    "exit-zero": ("exit_zero", _bool),
    "jobs": ("jobs", _int(0)),
    "max-bytes": ("max_bytes", _int(1)),
    "timeout": ("timeout", _seconds),
    "lexicons": ("lexicons", _str_list),
    "languagetool-url": ("languagetool_url", _str),
    "model": ("model", _str),
    "include": ("include", _str_list),
    "exclude": ("exclude", _str_list),
    "force-exclude": ("force_exclude", _bool),
    "roundtrip-check": ("roundtrip_check", _bool),
    "roundtrip-command": ("roundtrip_command", _command),
    "roundtrip-pivot": ("roundtrip_pivot", _str),
    "full-check": ("full_check", _bool),
    "rules": ("rule_settings", _rule_tables),
}
# Keys holding paths or globs that are relative to where they were written.
_PATH_KEYS = ("lexicons", "model")
_GLOB_KEYS = ("include", "exclude")


@dataclass(frozen=True)
class Settings:
    """Every option, resolved for one file (or one run). Paths are absolute; globs anchored."""

    select: tuple[str, ...] = ("MT",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: tuple[str, ...] = FAILING_VERDICTS
    format: str = "text"
    exit_zero: bool = False
    jobs: int = 0  # 0: automatic (all cores for large batches)
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT  # seconds per file; 0: no limit
    lexicons: tuple[str, ...] = ()
    languagetool_url: str | None = None
    model: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Apply include/exclude to files named on the command line too (ruff's --force-exclude;
    # the pre-commit hook passes it, as pre-commit names every staged file).
    force_exclude: bool = False
    # The round-trip check (the round-trip rule's settings; off unless asked for).
    roundtrip_check: bool = False
    roundtrip_command: tuple[str, ...] = ()
    roundtrip_pivot: str | None = None
    # Run the grammar checker on every article (no two-stage check, mtcheck.scoring.stages).
    full_check: bool = False
    # Rule name -> settings (``[rules.<name>]`` tables, or the library's ``rule_settings``),
    # merged over those built from the keys above.
    rule_settings: dict = field(default_factory=dict, compare=False, hash=False)
    # The configuration file these came from (None: defaults and flags only).
    config_file: str | None = None

    def rule_settings_for_engine(self) -> dict:
        out: dict[str, dict] = {}
        if self.lexicons:
            out["spinner-fingerprints"] = {"lexicons": list(self.lexicons)}
        if self.languagetool_url:
            out["grammar"] = {"languagetool_url": self.languagetool_url}
        roundtrip = {"enabled": True} if self.roundtrip_check else {}
        if self.roundtrip_command:
            roundtrip["command"] = list(self.roundtrip_command)
        if self.roundtrip_pivot:
            roundtrip["pivot"] = self.roundtrip_pivot
        if roundtrip:
            out["round-trip"] = roundtrip
        for rule, extra in self.rule_settings.items():
            out[rule] = {**out.get(rule, {}), **dict(extra)}
        return out

    def ignores_for(self, path: str | None) -> tuple[str, ...]:
        """``ignore`` plus the per-file ignores whose glob matches ``path``."""
        extra: list[str] = []
        if path and path != "-":
            for glob, codes in self.per_file_ignores:
                if _globset(glob).matches(path):
                    extra.extend(codes)
        return tuple(dict.fromkeys(self.ignore + tuple(extra)))

    def path_filter(self) -> PathFilter:
        return PathFilter(self.include, self.exclude, self.force_exclude)

    def fails(self, verdict: str | None) -> bool:
        return fails(verdict, self.fail_on)


@lru_cache(maxsize=256)
def _globset(glob: str) -> GlobSet:
    return GlobSet([glob])


def _anchor(key: str, value, base: str):
    """Make a value written relative to ``base`` independent of the current directory."""
    if key in _PATH_KEYS:
        if isinstance(value, tuple):
            return tuple(os.path.join(base, v) for v in value)
        return os.path.join(base, value)
    if key in _GLOB_KEYS:
        return tuple(anchor_glob(g, base) for g in value)
    if key == "per-file-ignores":
        return tuple((anchor_glob(g, base), codes) for g, codes in value)
    if key == "roundtrip-command" and "/" in value[0] and not os.path.isabs(value[0]):
        return (os.path.join(base, value[0]), *value[1:])  # a program named by its path
    return value


def parse_values(raw: dict, where: str, base: str, table: str = "") -> dict[str, Any]:
    """Check raw key -> value pairs (kebab-case keys) and return Settings attribute -> value,
    with relative paths and globs anchored at ``base``. ``where`` starts error messages."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            hint = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1)
            raise ConfigError(f"{where}unknown key {key!r}{' in ' + table if table else ''}"
                              + (f" (did you mean {hint[0]!r}?)" if hint
                                 else f"; known keys: {', '.join(KEYS)}"))
        attr, check = KEYS[key]
        try:
            value = check(value)
        except ValueError as exc:
            raise ConfigError(f"{where}{key}: {exc}") from None
        value = _anchor(key, value, base)
        if key in _PATH_KEYS:
            for p in (value if isinstance(value, tuple) else (value,)):
                if not os.path.isfile(p):
                    raise ConfigError(f"{where}{key}: no such file: {p}")
        out[attr] = value
    return out


def display_path(path: str) -> str:
    """``path`` relative to the current directory when it lies below it, else as it is."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if rel.startswith(os.pardir) else rel


def read_config_file(path: str, explicit: bool = False) -> dict[str, Any] | None:
    """The checked values of a configuration file, or None for a pyproject.toml without a
    ``[tool.mtcheck]`` table (unless ``explicit``: then it counts, as an empty configuration)."""
    shown = display_path(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{shown}: config error: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: config error: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: config error: invalid TOML: {' '.join(str(exc).split())}") from None
    table = ""
    if os.path.basename(path) == "pyproject.toml":
        table = "[tool.mtcheck]"
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "mtcheck" not in tool:
            return {} if explicit else None
        data = tool["mtcheck"]
        if not isinstance(data, dict):
            raise ConfigError(f"{shown}: config error: [tool.mtcheck] must be a table")
    base = os.path.dirname(os.path.abspath(path))
    values = parse_values(data, f"{shown}: config error: ", base, table)
    values["config_file"] = path
    return values


def parse_overrides(options: dict[str, Any], where: str = "invalid option: ") -> dict[str, Any]:
    """Flag or keyword values (snake_case or kebab-case names; None means "not given"), checked
    like configuration values, with relative paths taken from the current directory."""
    raw = {}
    extra = {}
    for name, value in options.items():
        if value is None:
            continue
        if name == "rule_settings":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}rule_settings: must be a dict of rule name -> settings")
            extra["rule_settings"] = value
            continue
        key = name.replace("_", "-")
        if key not in KEYS:
            raise ConfigError(f"unknown option {name!r}; known: "
                              f"{', '.join(sorted(k.replace('-', '_') for k in KEYS))}, rule_settings")
        if key in ("select", "ignore", "lexicons", "include", "exclude", "fail-on") and isinstance(value, str):
            value = [value]
        if isinstance(value, tuple):
            value = list(value)
        raw[key] = value
    out = parse_values(raw, where, os.getcwd())
    out.update(extra)
    return out


def _merged(values: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``overrides`` over ``values``; rule settings merge per rule and key."""
    out = {**values, **overrides}
    if "rule_settings" in values and "rule_settings" in overrides:
        rules = {name: dict(table) for name, table in values["rule_settings"].items()}
        for name, table in overrides["rule_settings"].items():
            rules[name] = {**rules.get(name, {}), **dict(table)}
        out["rule_settings"] = rules
    return out


class Configuration:
    """Resolves :class:`Settings` for files, directories and whole runs.

    ``config_file``: use this file for everything; ``isolated``: use no file; otherwise discover
    per file. ``overrides`` (flag values, None = not given) win over any file.
    """

    def __init__(self, config_file: str | None = None, isolated: bool = False,
                 overrides: dict[str, Any] | None = None) -> None:
        if config_file and isolated:
            raise ConfigError("--config and --isolated exclude each other")
        self.isolated = isolated
        self.overrides = parse_overrides(overrides or {})
        self._explicit = read_config_file(config_file, explicit=True) if config_file else None
        self._dir_config: dict[str, str | None] = {}
        self._file_values: dict[str, dict[str, Any]] = {}
        self._settings: dict[str | None, Settings] = {}

    def find_config_file(self, directory: str) -> str | None:
        """The configuration file that applies in ``directory`` (searching upwards), or None."""
        directory = os.path.abspath(directory)
        trail = []
        found: str | None = None
        while True:
            if directory in self._dir_config:
                found = self._dir_config[directory]
                break
            trail.append(directory)
            hit = self._config_in(directory)
            if hit:
                found = hit
                break
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
        for d in trail:
            self._dir_config[d] = found
        return found

    def _config_in(self, directory: str) -> str | None:
        for name in CONFIG_FILES:
            path = os.path.join(directory, name)
            if os.path.isfile(path):
                values = self._file_values.get(path)
                if values is None:
                    values = read_config_file(path)
                    if values is None:
                        continue  # pyproject.toml without [tool.mtcheck]
                    self._file_values[path] = values
                return path
        return None

    def _build(self, config_file: str | None) -> Settings:
        if config_file not in self._settings:
            values = dict(self._file_values.get(config_file, {})) if config_file else {}
            self._settings[config_file] = replace(Settings(), **_merged(values, self.overrides))
        return self._settings[config_file]

    def for_directory(self, directory: str) -> Settings:
        if self.isolated:
            return self._build(None)
        if self._explicit is not None:
            if "__explicit__" not in self._settings:
                values = _merged(self._explicit, self.overrides)
                self._settings["__explicit__"] = replace(Settings(), **values)
            return self._settings["__explicit__"]
        return self._build(self.find_config_file(directory))

    def for_path(self, path: str) -> Settings:
        """Settings for one input path (``-``: standard input, resolved from the current
        directory; a directory: the settings that apply inside it)."""
        if path == "-":
            return self.for_directory(os.getcwd())
        path = os.path.abspath(path)
        return self.for_directory(path if os.path.isdir(path) else os.path.dirname(path))

    def for_run(self, paths: list[str]) -> Settings:
        """Settings of a whole run: those applying to the deepest directory holding all inputs."""
        dirs = []
        for p in paths:
            if p == "-":
                dirs.append(os.getcwd())
            else:
                a = os.path.abspath(p)
                dirs.append(a if os.path.isdir(a) else os.path.dirname(a))
        if not dirs:
            return self.for_directory(os.getcwd())
        try:
            common = os.path.commonpath(dirs)
        except ValueError:  # different drives
            common = os.getcwd()
        return self.for_directory(common)


__all__ = ["Configuration", "ConfigError", "Settings", "KEYS", "CONFIG_FILES", "read_config_file",
           "parse_overrides", "code_prefixes", "fail_on_verdicts"]

# Settings fields that are keys (kept in step with KEYS; checked by the tests).
SETTINGS_KEYS = tuple(f.name for f in fields(Settings) if f.name != "config_file")


def configuration(config=None, isolated: bool = False, **options) -> Configuration:
    """A :class:`Configuration` from a config file path (or an existing Configuration, used as
    it is when no options are given), discovery unless ``isolated``, and option overrides."""
    if isinstance(config, Configuration):
        if options:
            raise TypeError("pass options when building the Configuration, not beside it")
        return config
    return Configuration(config_file=os.fspath(config) if config is not None else None,
                         isolated=isolated and config is None, overrides=options)
