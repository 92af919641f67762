"""The one table of fixes and settings, and the rule ids corrections carry.

Everything that lists fixes or settings is made from the tables below: the fields of
:class:`~ocr_repair.config.Config`, the keys ``[tool.ocr-repair]`` accepts and how they are
checked (``settings.py``), the command-line choices (``check --enable``, the ranges of
``--threshold``/``--dpi``/``--timeout``), what ``--no-repair`` switches off and the table of
fixes in the docs. To add a fix: one :class:`Fix` row here, its function in ``fixes.py``
(or its stage in ``repair.py``), its rule id in :class:`Rule`. To add a setting: one
:class:`Setting` row.

Only the standard library: ``check`` imports this at start-up.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from typing import Any


class Rule(enum.StrEnum):
    """The rule id of a :class:`~ocr_repair.corrections.Correction` (a ``str``, so a
    correction's ``rule`` compares and serialises as the plain id)."""

    DEHYPHENATE = "dehyphenate"  #: a word split by a line-break hyphen rejoined
    HYPHEN_KEPT = "hyphen-kept"  #: a real hyphen at a line end kept, the line joined
    LINE_MOVE = "line-move"  #: the rest of a line moved after a joined word (layout only)
    MISREAD = "misread"  #: a letter misread (umlaut, ß, digit for a letter ...)
    MISREAD_CASE = "misread-case"  #: a capital or small letter the position contradicts
    MISREAD_CONTEXT = "misread-context"  #: a reading the next or previous word decides
    MISREAD_REAL_WORD = "misread-real-word"  #: a real word whose umlaut twin is meant
    RESIDUE = "residue"  #: an unknown word one edit from a common one (flagged)
    PAGE_FURNITURE = "page-furniture"  #: a page number, running header or footer removed
    QUOTES = "quotes"
    SECTION_SIGNS = "section_signs"
    ROMAN_NUMERALS = "roman_numerals"
    DASHES = "dashes"
    SPACED_HYPHENS = "spaced_hyphens"
    STRAY_MARKS = "stray_marks"
    COMMAS = "commas"
    NUMBERS = "numbers"
    TILDES = "tildes"
    BRACKETS = "brackets"
    DOUBLED_QUOTES = "doubled_quotes"


#: edits that only move text between lines: neither counted nor explained as corrections
#: (with a ``hyphen-kept`` that only drops a line break: :func:`ocr_repair.corrections.is_layout`)
LAYOUT_RULES = frozenset({Rule.LINE_MOVE})


@dataclass(frozen=True)
class Fix:
    """One fix: a ``Config`` field of its name switches it on or off."""

    name: str
    default: bool
    #: ``repair``: switched off by ``--no-repair``; ``layout``: stays on
    kind: str
    #: the rule ids its corrections carry
    rules: tuple[Rule, ...]
    doc: str


#: the fixes, in the order they run
FIXES: tuple[Fix, ...] = (
    Fix("dehyphenate", True, "layout", (Rule.DEHYPHENATE, Rule.HYPHEN_KEPT, Rule.LINE_MOVE),
        "rejoin words split by line-break hyphens, keep real hyphens"),
    Fix("misreads", True, "repair",
        (Rule.MISREAD, Rule.MISREAD_CASE, Rule.MISREAD_CONTEXT, Rule.MISREAD_REAL_WORD, Rule.RESIDUE),
        "umlaut/ß and other letter misreads, with the lexicon"),
    Fix("doubled_quotes", True, "repair", (Rule.DOUBLED_QUOTES,),
        "a quote OCR read twice around a token (\"$EDITOR\"”)"),
    Fix("quotes", True, "repair", (Rule.QUOTES,), "German „…“ from OCR artefacts (,Die … *)"),
    Fix("section_signs", True, "repair", (Rule.SECTION_SIGNS,),
        "§ read as $ / 8 / & / S before a paragraph number"),
    Fix("roman_numerals", True, "repair", (Rule.ROMAN_NUMERALS,), "Il -> II"),
    Fix("tildes", True, "repair", (Rule.TILDES,), "a path's ~ read as a hyphen (-/.ssh/config)"),
    Fix("brackets", True, "repair", (Rule.BRACKETS,),
        "a round bracket read as a brace (less{1}, mc{1), (84.})"),
    Fix("dashes", True, "repair", (Rule.DASHES,),
        "a dash OCR made of two (-—, —-, a spaced --) -> en dash; a typed em dash stays"),
    Fix("spaced_hyphens", False, "repair", (Rule.SPACED_HYPHENS,),
        "off by default: every spaced hyphen between words -> en dash (from text alone a typed"
        " ' - ' cannot be told from a printed ' – ')"),
    Fix("stray_marks", True, "repair", (Rule.STRAY_MARKS,), "characters OCR invents (®, ¢, stray |)"),
    Fix("commas", True, "repair", (Rule.COMMAS,), "a comma read as a full stop before a small word, and the other way round"
        " before a sentence's capitalised article ('verhindern, Das Gesetz')"),
    Fix("numbers", True, "repair", (Rule.NUMBERS,), "a 1 read as l / | / I (the first of a month, a list's first"
        " label, a court's senate) and m? for m²"),
)

FIX_NAMES: tuple[str, ...] = tuple(f.name for f in FIXES)
#: what ``--no-repair`` switches off: every fix but the layout ones
REPAIR_FIXES: tuple[str, ...] = tuple(f.name for f in FIXES if f.kind == "repair")


# -- settings ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    """One setting: a ``Config`` field, a ``[tool.ocr-repair]`` key, and its check.

    ``kind`` is one of ``bool``, ``fraction`` (a number 0..1), ``seconds`` (a positive
    number), ``int`` (a whole number ``low``..``high``), ``lang`` (a Tesseract language
    list), ``paths`` (word-list files, relative to the config file) and ``regexes``.
    """

    name: str
    kind: str
    default: Any
    doc: str
    low: float | None = None
    high: float | None = None

    def expected(self) -> str:
        """What a valid value is, for error messages."""
        if self.kind == "fraction":
            return f"a number between {self.low:g} and {self.high:g}"
        if self.kind == "int":
            return f"a whole number between {self.low:g} and {self.high:g}"
        return {
            "bool": "true or false",
            "seconds": "a positive number of seconds",
            "lang": 'a Tesseract language such as "deu"',
        }.get(self.kind, "a list of strings")

    def valid(self, value: Any) -> bool:
        """Whether a scalar ``value`` is valid (lists are checked by ``settings.py``)."""
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "fraction":
            return number and self.low <= value <= self.high
        if self.kind == "seconds":
            return number and value > 0
        if self.kind == "int":
            return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high
        if self.kind == "lang":
            return isinstance(value, str) and bool(value.strip())
        return True


#: the settings besides the fixes, in the order of Config's fields
SETTINGS: tuple[Setting, ...] = (
    Setting("threshold", "fraction", 0.8, "corrections below this confidence are flagged, not applied",
            0.0, 1.0),
    Setting("words", "paths", (), "extra word lists (one word per line, '#' comments) for a project's names"),
    Setting("ignore", "regexes", (), "regular expressions; matching text is never touched nor reported"),
    Setting("lang", "lang", "deu", "Tesseract language(s), as for tesseract -l"),
    Setting("front_matter", "bool", True, "YAML front matter in the Markdown"),
    Setting("keep_furniture", "bool", False,
            "keep page furniture (page numbers, running headers and footers) in the text"),
    Setting("page_timeout", "seconds", 180.0, "seconds Tesseract may spend on one page"),
    Setting("ocr_choices", "bool", False,
            "read Tesseract's alternative characters of each word too (~4-5 % more OCR time)"),
    Setting("dpi", "int", 300, "raster resolution for PDF pages", 72, 1200),
    Setting("connect_timeout", "seconds", 10.0, "batch --executor dask: seconds the Dask scheduler has to answer"),
)

#: every field of Config: the fixes (bool, their default) then the other settings
ALL_SETTINGS: tuple[Setting, ...] = tuple(Setting(f.name, "bool", f.default, f.doc) for f in FIXES) + SETTINGS
SETTING: dict[str, Setting] = {s.name: s for s in ALL_SETTINGS}


def fixes_table() -> str:
    """The fixes as a Markdown table (for the docs)."""
    rows = ["| fix | default | rule ids | what it does |", "| --- | --- | --- | --- |"]
    for f in FIXES:
        rows.append(f"| `{f.name}` | {'on' if f.default else 'off'} | "
                    f"{', '.join(f'`{r}`' for r in f.rules)} | {f.doc.replace('|', chr(92) + '|')} |")
    return "\n".join(rows)


def json_schema() -> dict:
    """A JSON Schema of the ``[tool.ocr-repair]`` table (editors and CI can validate a
    settings file with it: ``ocr_repair.registry.json_schema()``)."""
    props: dict[str, dict] = {}
    for s in ALL_SETTINGS:
        if s.kind == "bool":
            p: dict[str, Any] = {"type": "boolean"}
        elif s.kind == "fraction":
            p = {"type": "number", "minimum": s.low, "maximum": s.high}
        elif s.kind == "seconds":
            p = {"type": "number", "exclusiveMinimum": 0}
        elif s.kind == "int":
            p = {"type": "integer", "minimum": s.low, "maximum": s.high}
        elif s.kind == "lang":
            p = {"type": "string", "minLength": 1}
        else:
            p = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        default = list(s.default) if isinstance(s.default, tuple) else s.default
        props[s.name] = {**p, "default": default, "description": s.doc}
    toggle = {"type": "array", "items": {"enum": list(FIX_NAMES)}}
    props["enable"] = {**toggle, "description": "fixes to switch on"}
    props["disable"] = {**toggle, "description": "fixes to switch off"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "[tool.ocr-repair]",
            "type": "object", "properties": props, "additionalProperties": False}
