"""One configuration object; its boolean fields are the names of the fixes (as in ftfy)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: the fixes, in the order they run; each is a field of :class:`Config`
FIXES = (
    "dehyphenate",  # rejoin words split by line-break hyphens, keep real hyphens
    "misreads",  # umlaut/ß and other letter misreads, with the lexicon
    "quotes",  # German „…“ from OCR artefacts (,Die … *)
    "section_signs",  # § read as $ / 8 / & / S before a paragraph number
    "roman_numerals",  # Il -> II
    "dashes",  # spaced hyphen between words -> en dash
    "stray_marks",  # characters OCR invents (®, ¢, stray |)
)


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    dehyphenate: bool = True
    misreads: bool = True
    quotes: bool = True
    section_signs: bool = True
    roman_numerals: bool = True
    dashes: bool = True
    stray_marks: bool = True

    #: corrections below this confidence are flagged, not applied
    threshold: float = Field(default=0.8, ge=0.0, le=1.0)
    #: extra word lists (one word per line, '#' comments) for a project's names
    words: list[Path] = Field(default_factory=list)
    #: regular expressions; matching tokens are never touched nor reported
    ignore: list[str] = Field(default_factory=list)
    #: Tesseract language(s), as for ``tesseract -l``
    lang: str = "deu"
    #: YAML front matter in the Markdown
    front_matter: bool = True
    #: seconds Tesseract may spend on one page
    page_timeout: float = Field(default=180.0, gt=0)
    #: raster resolution for PDF pages
    dpi: int = Field(default=300, ge=72, le=1200)

    def enabled(self, fix: str) -> bool:
        return bool(getattr(self, fix))

    @classmethod
    def only(cls, *fixes: str, **kwargs) -> "Config":
        """A config with just the named fixes on (``Config.only('dehyphenate')``)."""
        unknown = set(fixes) - set(FIXES)
        if unknown:
            raise ValueError(f"unknown fixes: {sorted(unknown)}")
        return cls(**{f: f in fixes for f in FIXES}, **kwargs)
