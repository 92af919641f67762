"""One configuration object; its boolean fields are the names of the fixes (as in ftfy).

The fields come from the tables in :mod:`ocr_repair.registry` (the fixes, then the other
settings), so a new fix or setting is one row there. A stdlib dataclass, checked in
``__post_init__`` against the same table ``settings.py`` checks a config file with, so
``ocr-repair check`` starts light.
"""

from __future__ import annotations

from dataclasses import field, fields, make_dataclass, replace
from pathlib import Path

from .registry import ALL_SETTINGS, FIX_NAMES, SETTING

#: the fixes, in the order they run; each is a field of :class:`Config`
FIXES = FIX_NAMES


class _ConfigMethods:
    def __post_init__(self) -> None:
        for s in ALL_SETTINGS:
            if s.kind in ("paths", "regexes"):
                continue
            value = getattr(self, s.name)
            if s.kind in ("fraction", "seconds"):
                value = _number(value)
            elif s.kind == "int" and isinstance(value, float) and value.is_integer():
                value = int(value)
            if not s.valid(value):
                raise ValueError(f"{s.name} must be {s.expected()}")
        object.__setattr__(self, "words", tuple(Path(p) for p in self.words))
        object.__setattr__(self, "ignore", tuple(self.ignore))

    def enabled(self, fix: str) -> bool:
        return bool(getattr(self, fix))

    def replace(self, **changes) -> "Config":
        return replace(self, **changes)

    @classmethod
    def only(cls, *fixes: str, **kwargs) -> "Config":
        """A config with just the named fixes on (``Config.only('dehyphenate')``)."""
        unknown = set(fixes) - set(FIXES)
        if unknown:
            raise ValueError(f"unknown fixes: {sorted(unknown)}")
        return cls(**{f: f in fixes for f in FIXES}, **kwargs)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def _number(value):
    """Numbers given as strings or ints in Python code are accepted as the old Config did."""
    try:
        return float(value) if not isinstance(value, bool) else value
    except (TypeError, ValueError):
        return value


_TYPES = {"bool": bool, "fraction": float, "seconds": float, "int": int, "lang": str,
          "paths": "tuple[Path, ...]", "regexes": "tuple[str, ...]"}

Config = make_dataclass(
    "Config",
    [(s.name, _TYPES[s.kind], field(default=s.default, metadata={"doc": s.doc})) for s in ALL_SETTINGS],
    bases=(_ConfigMethods,),
    frozen=True,
)
Config.__module__ = __name__
Config.__qualname__ = "Config"
Config.__doc__ = ("Settings of a run. Fields: " + ", ".join(
    f"``{s.name}`` ({s.doc}; default {s.default!r})" for s in ALL_SETTINGS) + ".")
assert all(name in SETTING for name in Config.field_names())
