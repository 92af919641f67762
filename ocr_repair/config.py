"""One configuration object; its boolean fields are the names of the fixes (as in ftfy).

A stdlib dataclass, checked in ``__post_init__``, so ``ocr-repair check`` starts without
pydantic; the pipeline's data (documents, pages, results) are pydantic models.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

#: the fixes, in the order they run; each is a field of :class:`Config`
FIXES = (
    "dehyphenate",  # rejoin words split by line-break hyphens, keep real hyphens
    "misreads",  # umlaut/ß and other letter misreads, with the lexicon
    "quotes",  # German „…“ from OCR artefacts (,Die … *)
    "section_signs",  # § read as $ / 8 / & / S before a paragraph number
    "roman_numerals",  # Il -> II
    "dashes",  # em dash or spaced double hyphen -> en dash
    "spaced_hyphens",  # off by default: every spaced hyphen between words -> en dash
    "stray_marks",  # characters OCR invents (®, ¢, stray |)
    "commas",  # a comma read as a full stop before a small word
)


@dataclass(frozen=True)
class Config:
    dehyphenate: bool = True
    misreads: bool = True
    quotes: bool = True
    section_signs: bool = True
    roman_numerals: bool = True
    dashes: bool = True
    #: off by default: from text alone a typed " - " cannot be told from a printed " – "
    spaced_hyphens: bool = False
    stray_marks: bool = True
    commas: bool = True

    #: corrections below this confidence are flagged, not applied
    threshold: float = 0.8
    #: extra word lists (one word per line, '#' comments) for a project's names
    words: tuple[Path, ...] = ()
    #: regular expressions; matching text is never touched nor reported
    ignore: tuple[str, ...] = ()
    #: Tesseract language(s), as for ``tesseract -l``
    lang: str = "deu"
    #: YAML front matter in the Markdown
    front_matter: bool = True
    #: keep page furniture (page numbers, running headers and footers) in the text
    keep_furniture: bool = False
    #: seconds Tesseract may spend on one page
    page_timeout: float = 180.0
    #: raster resolution for PDF pages
    dpi: int = 300

    def __post_init__(self) -> None:
        for name in FIXES + ("front_matter", "keep_furniture"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false")
        if not 0.0 <= float(self.threshold) <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        if not 72 <= int(self.dpi) <= 1200:
            raise ValueError("dpi must be between 72 and 1200")
        if float(self.page_timeout) <= 0:
            raise ValueError("page_timeout must be positive")
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
