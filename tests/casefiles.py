"""The test case files (in the style of ftfy's): shared by test_repair and test_dehyphenate.

One case per line, ``input<TAB>expected<TAB>comment``; ``\\n`` in a field is a line break
(also ``\\t``, ``\\f``, ``\\\\``, ``\\uXXXX``), an expected ``=`` means "unchanged", ``#``
starts a comment line. The cases of a ``mis-set-*`` file are embedded after the paragraph
of ``cases/repair/mis-set-context.txt``, a text that lost its umlauts: the engine judges a
document as a whole and restores plain words' umlauts ("Stadten") only in such a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
SEED = ROOT / "samples" / "press-release-2016-06-ocr.txt"

_ESCAPE = re.compile(r"\\(n|t|f|\\|u[0-9a-fA-F]{4})")
_ESCAPES = {"n": "\n", "t": "\t", "f": "\f", "\\": "\\"}


def unescape(field: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m[1]) or chr(int(m[1][1:], 16)), field)


def read_sections(path: Path) -> dict[str, str]:
    """``=== name`` sections of a text file (lines before the first are comments)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            current = sections.setdefault(line[4:].strip(), [])
        elif current is not None:
            current.append(line)
    return {k: "\n".join(v).strip("\n") for k, v in sections.items()}


_CONTEXT = read_sections(CASES / "repair" / "mis-set-context.txt")
#: a paragraph of a mis-set OCR run (no umlaut anywhere) and its repair
CONTEXT_IN, CONTEXT_OUT = _CONTEXT["input"], _CONTEXT["expected"]


@dataclass(frozen=True)
class Case:
    file: str
    lineno: int
    input: str
    expected: str
    comment: str

    @property
    def id(self) -> str:
        return f"{self.file}:{self.lineno}"

    @property
    def mis_set(self) -> bool:
        return self.file.startswith("mis-set")

    @property
    def folded(self) -> bool:
        return "folded" in self.file

    def document(self) -> tuple[str, str]:
        """The text handed to the engine and the text it must give back."""
        if self.mis_set:
            return f"{CONTEXT_IN}\n\n{self.input}\n", f"{CONTEXT_OUT}\n\n{self.expected}\n"
        return f"{self.input}\n", f"{self.expected}\n"


def read_cases(path: Path) -> list[Case]:
    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) in (2, 3), f"{path.name}:{n}: expected input<TAB>expected[<TAB>comment]"
        inp = unescape(fields[0])
        expected = inp if fields[1] == "=" else unescape(fields[1])
        cases.append(Case(path.name, n, inp, expected, fields[2] if len(fields) > 2 else ""))
    return cases
