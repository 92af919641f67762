"""Project settings: find, read and merge ``[tool.ocr-repair]`` / ``.ocr-repair.toml``.

Discovery works as black's and ruff's do: from the checked file's folder upward, the first
folder that holds ``.ocr-repair.toml`` (top-level keys) or a ``pyproject.toml`` with a
``[tool.ocr-repair]`` table wins (``.ocr-repair.toml`` first when a folder has both; a
``pyproject.toml`` without the table is passed over). The search stops at a folder that
holds ``.git`` or ``.hg`` (the repository root, still searched) or at the filesystem root.

Keys are the :class:`~ocr_repair.config.Config` fields (``threshold``, ``words``,
``ignore``, the fix names, ``lang``, ``front_matter``, ``keep_furniture``, ``page_timeout``,
``dpi``, ``connect_timeout`` (batch on Dask): the rows of :mod:`ocr_repair.registry`; ``-`` and
``_`` are the same) plus ``enable`` / ``disable``, lists of fix names. ``words`` are
paths relative to the config file. An unknown key is a warning on stderr; a bad value a
:class:`~ocr_repair.errors.ConfigError` (exit code 8). Command-line values win over the
file: scalars replace, ``words`` and ``ignore`` add to the file's lists, ``enable`` /
``disable`` are applied after the file's.

Only the standard library, ``regex`` and ``ocr_repair.config`` are imported, so every
subcommand (``check`` in particular) can use this without slowing its start.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .config import FIXES, Config
from .errors import ConfigError
from .registry import SETTING

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from typing import Any

DOT_CONFIG = ".ocr-repair.toml"
PYPROJECT = "pyproject.toml"
TABLE = "ocr-repair"  #: ``[tool.ocr-repair]``
ROOT_MARKERS = (".git", ".hg")

#: keys with a list of fix names, switching fixes on / off
TOGGLE_KEYS = ("enable", "disable")

Warn = Callable[[str], None]


def _stderr_warning(message: str) -> None:
    print(f"ocr-repair: warning: {message}", file=sys.stderr)


def known_keys() -> list[str]:
    return Config.field_names() + list(TOGGLE_KEYS)


# -- discovery -------------------------------------------------------------------------

_parsed: dict[Path, tuple[float, dict]] = {}


def _parse(path: Path) -> dict:
    """The TOML document at ``path`` (cached by modification time)."""
    import tomllib  # only where a settings file is read: not at check's start with --no-config

    try:
        mtime = path.stat().st_mtime
        hit = _parsed.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML (not UTF-8)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    _parsed[path] = (mtime, data)
    return data


def _has_table(pyproject: Path) -> bool:
    tool = _parse(pyproject).get("tool")
    return isinstance(tool, dict) and TABLE in tool


def find_config(start: Path) -> Path | None:
    """The config file that governs ``start`` (a file or a folder), or None.

    A ``pyproject.toml`` that cannot be parsed is a :class:`ConfigError` when the search
    reaches it (as in black): it might hold the table.
    """
    start = Path(start).absolute()
    folder = start if start.is_dir() else start.parent
    for d in (folder, *folder.parents):
        dot = d / DOT_CONFIG
        if dot.is_file():
            return dot
        pyproject = d / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if any((d / marker).exists() for marker in ROOT_MARKERS):
            return None
    return None


# -- reading and checking values -------------------------------------------------------

def load_settings(path: Path, warn: Warn | None = None) -> dict[str, Any]:
    """The checked settings of the config file at ``path`` (a ``pyproject.toml``: its
    ``[tool.ocr-repair]`` table; any other name: the whole file).

    Keys come back as Config field names (``front-matter`` -> ``front_matter``); ``words``
    as absolute paths (relative ones are taken from the config file's folder) that must
    exist; unknown keys are left out, each with a warning (``warn``, default: a line on
    stderr).
    """
    path = Path(path)
    warn = warn or _stderr_warning
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    data = _parse(path.absolute())
    where = str(path)
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get(TABLE, {}) if isinstance(data.get("tool"), dict) else {}
        where = f"{path} [tool.{TABLE}]"
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: must be a table")
    else:
        table = data
    return check_settings(table, where=where, base=path.absolute().parent, warn=warn)


def check_settings(raw: dict[str, Any], *, where: str, base: Path | None = None,
                   warn: Warn | None = None) -> dict[str, Any]:
    """Check and normalise a settings mapping (from a file, or built from flags).

    ``where`` names the source in messages; relative ``words`` are taken from ``base``
    (default: the current folder). Unknown keys are dropped with a warning.
    """
    warn = warn or _stderr_warning
    known = set(known_keys())
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in known:
            warn(f"{where}: unknown key {key!r} ignored (known: {', '.join(sorted(known))})")
            continue
        if value is None:
            continue
        out[name] = _check_value(name, value, where, base)
    for fix in set(out.get("enable", ())) & set(out.get("disable", ())):
        raise ConfigError(f"{where}: {fix!r} is both in enable and in disable")
    return out


def _check_value(name: str, value: Any, where: str, base: Path | None) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"{where}: {name} must be {expected}, not {value!r}")

    setting = SETTING.get(name)
    if setting is not None and setting.kind not in ("paths", "regexes"):
        if not setting.valid(value):
            raise bad(setting.expected())
        return float(value) if setting.kind in ("fraction", "seconds") else value
    # lists
    if isinstance(value, (str, Path)):
        value = [value]  # a single word list / pattern / fix is fine too
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, (str, Path)) for v in value):
        raise bad("a list of strings")
    if name in TOGGLE_KEYS:
        fixes = tuple(str(v).replace("-", "_") for v in value)
        unknown = [v for v in fixes if v not in FIXES]
        if unknown:
            raise ConfigError(f"{where}: {name}: unknown fix {unknown[0]!r} (fixes: {', '.join(FIXES)})")
        return fixes
    if setting is not None and setting.kind == "regexes":
        import regex  # the engine compiles the patterns with it

        for pattern in value:
            try:
                regex.compile(str(pattern))
            except regex.error as exc:
                raise ConfigError(f"{where}: ignore: invalid regular expression {pattern!r} ({exc})") from None
        return tuple(str(v) for v in value)
    if setting is not None and setting.kind == "paths":
        paths = []
        for v in value:
            p = Path(v).expanduser()
            if not p.is_absolute():
                p = (base or Path.cwd()) / p
            if not p.is_file():
                raise ConfigError(f"{where}: words: no such word list {str(v)!r} ({p})")
            paths.append(p)
        return tuple(paths)
    raise AssertionError(name)  # pragma: no cover - every known key is handled above


# -- merging ---------------------------------------------------------------------------

def make_config(settings: dict[str, Any], overrides: dict[str, Any] | None = None) -> Config:
    """A :class:`Config` from file ``settings`` (as :func:`load_settings` returns them)
    and command-line ``overrides`` (same keys; None values are "not given").

    Scalars in ``overrides`` replace the file's; ``words`` and ``ignore`` are added to the
    file's; ``enable`` / ``disable`` are applied after the file's own toggles.
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None and v != ()}
    overrides = check_settings(overrides, where="command line")
    fields = set(Config.field_names())
    values: dict[str, Any] = {}
    for layer in (settings, overrides):
        for key, value in layer.items():
            if key in TOGGLE_KEYS:
                continue
            if key not in fields:
                raise ConfigError(f"unknown setting {key!r}")
            if key in ("words", "ignore"):
                values[key] = tuple(values.get(key, ())) + tuple(v for v in value if v not in values.get(key, ()))
            else:
                values[key] = value
        for fix in layer.get("enable", ()):
            values[fix] = True
        for fix in layer.get("disable", ()):
            values[fix] = False
    try:
        return Config(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid configuration: {exc}") from None


def config_for(path: Path, explicit: Path | None = None, overrides: dict[str, Any] | None = None,
               warn: Warn | None = None, use_files: bool = True) -> tuple[Config, Path | None]:
    """The Config for the input ``path`` and the file it came from: ``explicit`` if given,
    else the discovered one (none when ``use_files`` is false)."""
    source = explicit if explicit is not None else (find_config(path) if use_files else None)
    settings = load_settings(source, warn) if source is not None else {}
    return make_config(settings, overrides), source
