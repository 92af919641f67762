"""Signs and punctuation OCR gets wrong, one small named function per fix (as in ftfy).

Each fix takes the text and yields ``(start, end, replacement, confidence, why)``; the
engine drops any that touch a protected span (URL, code) or an edit already made. The
function names are the :class:`~ocr_repair.config.Config` fields that switch them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

import regex

from .fixes_numbers import _VALID_ROMAN, numbers  # the numbers fix, in its own module

Edit = tuple[int, int, str, float, str]

_PARAGRAPHS = regex.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_QUOTE_MARK = regex.compile(r",,|, (?=\p{L})|„|''|‘‘|’’|[\"“”*®™,»«’‘]")
_OPEN_BEFORE = set(" \t\n([{/–—-")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}–—-")
#: openers that are certainly quotes, and ones that are quotes only if a closer follows
_STRONG_OPEN = {",,", "„", "‘‘"}
_WEAK_OPEN = {",", ", "}
_CLOSE = {'"', "“", "”", "*", "®", "™", "''", "’’", "‘‘"}
#: a straight quote, or an English curly one that OCR reads for it (a plain pair: "…")
_PLAIN = {'"', "“", "”"}
#: a single curly quote that OCR reads for the German closing one, where a punctuation
#: mark or the line's end follows it (not an apostrophe: "hab’ ich", "Hans’ Buch"); a ‘
#: after a lone comma closes the single German quote ‚…‘ (its opener written as a comma)
_SINGLE_CLOSE = {"’", "‘"}
_SINGLE_CLOSE_AFTER = set("\n.,;:!?)]}")
#: a guillemet opener closed by a German (or straight) closing mark is a misread „
_GUILLEMET_SPAN = 300
_PLAIN_OPENER = regex.compile(r"(?:(?<=[\s(\[{/])|^)([\"“”])(?=\S)", regex.M)


def _straight_style(text: str, mixed: int) -> bool:
    """Whether the document writes plain quotes straight ("…"): at least three straight
    openers, not under half as many as English curly ones (“…”), and a pair OCR mixed
    (“…" or "…”), which shows the curly ones are the scan's reading of straight ones (an
    author who types both “…” and "…" mixes no pair)."""
    opened = [m.group(1) for m in _PLAIN_OPENER.finditer(text)]
    straight = opened.count('"')
    return straight >= 3 and mixed > 0 and straight >= (len(opened) - straight) / 2


def quotes(text: str) -> Iterator[Edit]:
    """German „…“ from OCR artefacts: ``,,Die`` / ``,Die`` / ``, Die`` / ``»Die`` open,
    ``*`` / ``®`` / ``™`` / ``"`` / ``’`` close; plain quotes made straight where the pair shows it.

    A closing artefact is taken only after a German opening quote in the same paragraph,
    so footnote stars, gender stars and text written with straight quotes ("…") stay; a
    lone comma opens a quote only where a closing mark follows. A guillemet opens a German
    quote only where a German or straight closing mark (not «) follows it.

    A plain pair that OCR mixed (“make" or "make”) is straight: German text has no English
    quotes, and one straight mark of a pair is the evidence. A pair of English curly ones
    (“make”) is made straight only in a document whose quotes are straight
    (:func:`_straight_style`); a text written with “…” throughout stays.
    """
    plain_pairs: list[tuple[int, int, str, int, int, str]] = []
    for para in _PARAGRAPHS.finditer(text):
        opener: tuple[int, int, str] | None = None
        plain: tuple[int, int, str] | None = None
        inner = False  #: inside straight quotes within German ones: „Die "$PATH"-Variable“
        for m in _QUOTE_MARK.finditer(para.group()):
            s, e = para.start() + m.start(), para.start() + m.end()
            mark = m.group()
            before = text[s - 1] if s > 0 else "\n"
            after = text[e] if e < len(text) else "\n"
            opening = before in _OPEN_BEFORE and not after.isspace()
            closing = not before.isspace() and after in _CLOSE_AFTER
            if mark in (",", ", ") and not (opening and after.isalpha() and (before.isspace() or before == "(" or before == "-" and mark == ",")):
                continue
            if mark in _SINGLE_CLOSE:
                if mark == "‘" and opener is not None and opener[2] in _WEAK_OPEN and not before.isspace():
                    opener = None  # ,potenziell‘: the single German quote ‚…‘, its opener written as a comma
                    continue
                if opener is None or opener[2] == "‘‘" or before.isspace() or before in "sxzß" \
                        or after not in _SINGLE_CLOSE_AFTER or plain is not None and plain[0] > opener[0]:
                    continue
                os_, oe, omark = opener
                opener = None
                if omark != "„":
                    yield os_, oe, "„", 0.85, "German opening quote (closed by a single curly quote)"
                yield s, e, "“", 0.85, "German closing quote (read as a single one)"
                continue
            if mark == '"' and opener is not None and opener[2] in ("„", ",,", ",") and not after.isspace() \
                    and not inner and (opening or before in "„‚"):
                inner = True  # straight quotes nested in German ones are the author's
                continue
            if inner and mark in _PLAIN and closing:
                inner = False  # „"Release“-Dateien“: the straight pair closes before the German one
                if mark != '"':
                    yield s, e, '"', 0.85, "a straight quote: it closes the straight pair inside a German quote"
                continue
            if mark in _PLAIN and opening and plain is None and (opener is None or opener[2] in _WEAK_OPEN):
                opener = None  # a plain quote opens: the lone comma before it was a comma
                plain = (s, e, mark)
                continue
            if mark in _PLAIN and closing and plain is not None and (opener is None or opener[0] < plain[0]):
                plain_pairs.append(plain + (s, e, mark))
                plain = None
                continue
            if mark == "»":
                if opening and opener is None:
                    opener = (s, e, mark)
                continue
            if opener is not None and opener[2] == "»" and (mark == "«" or s - opener[1] > _GUILLEMET_SPAN):
                opener = None  # »…«: the author's guillemets; or too far for a pair
                continue
            if opening and opener is None and mark in _STRONG_OPEN | _WEAK_OPEN:
                opener = (s, e, mark)
                if mark in _STRONG_OPEN and mark != "„":
                    yield s, e, "„", 0.9, "German opening quote"
            elif closing and opener is not None and mark in _CLOSE:
                os_, oe, omark = opener
                opener = None
                if omark in _WEAK_OPEN:
                    yield os_, oe, "„", 0.85, "German opening quote (a comma before a word, closed later)"
                elif omark == "»":
                    yield os_, oe, "„", 0.85, "German opening quote (a guillemet closed by a German mark)"
                if mark != "“":
                    yield s, e, "“", 0.9 if mark in "\"”“" else 0.85, "German closing quote"
    mixed = sum(1 for p in plain_pairs if (p[2] == '"') != (p[5] == '"'))
    straight = _straight_style(text, mixed)
    for os_, oe, omark, cs, ce, cmark in plain_pairs:
        if omark == cmark == '"':
            continue
        if (omark == '"') != (cmark == '"'):
            conf, why = 0.9, "a straight quote: the pair's other mark is straight"
        elif straight:
            conf, why = 0.85, "a straight quote: the document writes its quotes straight"
        else:
            continue
        if omark != '"':
            yield os_, oe, '"', conf, why
        if cmark != '"':
            yield cs, ce, '"', conf, why


def _words(use: str) -> str:
    """The citation words of ``use`` as a regex alternation, in the file's order
    (``dictionaries/citations-de.tsv`` through :func:`ocr_repair.knowledge.citation_words`)."""
    from .knowledge import citation_words

    return "|".join(regex.escape(w) for w in citation_words(use))


@functools.cache
def _section():
    """Compiled at first use: the context after the number ("§ 5 Abs.", "§ 5 BGB") and the
    words before the sign ("gemäß § 5", "(§ 313 BGB)") are the ``context`` and ``before``
    citation words, then the forms only a regex writes ("ff.", "i. V. m.", a law's name)."""
    context = r"(?:" + _words("context") + r"|ff?\.|f£\.|i\.\s?V\.\s?m|[A-Z][A-Za-z]*[A-Z][a-z]*\b|[A-Z]{2,})"
    before = r"(?:" + _words("before") + r"|i\.\s?S\.\s?d\.|\()"
    return regex.compile(
        r"(?P<before>" + before + r"[ \u00a0]?)?"
        r"(?<![\w§$])(?P<sign>\$\$|\$S|\$|88|SS|8|&|S)(?=\s?\d+[a-z]?\b)"
        r"(?P<rest>\s\d+(?:\.\d+)*[a-z]?\.?(?:[,;)]|\s" + context + r"))?"
    )


@functools.cache
def _one_in_citation():
    """Compiled at first use from the ``one-in`` citation words: "Abs. I" is "Abs. 1"."""
    return regex.compile(r"(?<=\b(?:" + _words("one-in") + r")[ \u00a0])[Il|](?=[ \u00a0,;.)]|$)", regex.M)


_BGBL = regex.compile(r"\bBGBI\b")
_BGBL_PART = regex.compile(r"(?<=\bBGB[lI]\.?\s)[1I|]S\.")


@functools.cache
def _legal_text():
    """A text that cites laws: "Abs. 2" or a ``law`` citation word ("BGB", "ZPO", "GG")."""
    return regex.compile(r"\bAbs\.\s?\d|\b(?:" + _words("law") + r")\b")


@functools.cache
def _number_pair():
    """After the sign: a paragraph number (no thousands group: "8 500"), then a word that is no
    unit or count ("8 1 des", "8 4.1.2. MTV"): the units of ``dictionaries/units-de.tsv``."""
    from .knowledge import units

    counted = "|".join(regex.escape(w) + (r"\b" if whole else "") for w, whole in units("count"))
    return regex.compile(r"\s(?!\d{3}(?![\d\p{L}.]))\d{1,4}[a-z]?(?:\.\d+)*\.?\s+(?!" + counted + r")\p{L}")
#: before the sign: a word (or its full stop or colon), not a number ("zwischen 8 15 und 20")
_WORD_BEFORE = regex.compile(r"\p{L}[.:)]?\s$")


def _signs(text: str, legal: bool) -> Iterator[tuple[int, int, str, float, str]]:
    """The paragraph signs of :func:`section_signs`; the last field says "pair" for a sign
    found only as an "8" before a paragraph number in a ``legal`` text."""
    for m in _section().finditer(text):
        sign = m["sign"]
        nxt = text[m.end("sign") : m.end("sign") + 12]
        # in a legal text, "8" before a second number and a word is the sign ("nach 8 1 des", "unter 8 15 die")
        number_pair = legal and sign == "8" and _number_pair().match(text, m.end("sign")) \
            and _WORD_BEFORE.search(text, max(0, m.start("sign") - 30), m.start("sign"))
        plain = sign.startswith("$") or not (nxt[:1].isdigit() or regex.match(r"\s\d{1,3}\s\d{3}\b", nxt)
                                             or m["rest"] is None and (m["before"] is None or sign == "S"))
        if not plain and not number_pair:
            continue  # "Art. 87", "8 Wochen", "der 8 500 Mitglieder": a digit, not a sign
        after = "§§" if sign in ("$$", "88", "SS") else "§"
        yield (m.start("sign"), m.end("sign"), after, 0.9 if sign.startswith("$") else 0.85,
               "sign" if plain else "pair")


@functools.cache
def _heading_sign():
    """A paragraph of a legal text that opens with "8", a paragraph number and a word that
    counts nothing: a quoted statute's heading ("8 249 Art und Umfang des Schadensersatzes",
    "8 2 Leistungen"); "(835a EStG)": the sign glued to its number before a law's name."""
    from .knowledge import units

    counted = "|".join(regex.escape(w) + (r"\b" if whole else "") for w, whole in units("count"))
    return regex.compile(r"(?:(?<=\A|\n[ \t]*\n)8(?=[ \t](?P<n>\d{1,4})[a-z]?[ \t]+(?!" + counted
                         + r")\p{L})|(?<=\()8(?=\d{1,3}[a-z]?[ \t]+(?:" + _words("law") + r")\b))")


def _heading_signs(text: str) -> Iterator[Edit]:
    for m in _heading_sign().finditer(text):
        if m["n"] is not None and len(m["n"]) > 2:
            # "8 500 Verfahren": a thousands group, unless the paragraph is one line without a stop
            end = text.find("\n", m.end())
            line = text[m.start(): len(text) if end < 0 else end]
            if text[end + 1: end + 2] not in ("", "\n") and end >= 0 or line.rstrip().endswith("."):
                continue
        yield m.start(), m.end(), "§", 0.85, "paragraph sign"


def section_signs(text: str) -> Iterator[Edit]:
    """``$ 850a ZPO`` → ``§ 850a ZPO``; ``88 3 und 4`` → ``§§ 3 und 4`` (8, & and S only before a law's
    context); ``Abs. I`` → ``Abs. 1`` (Absatz, Satz and Nummer are counted in Arabic)."""
    legal = "§" in text or bool(_legal_text().search(text))
    found = list(_signs(text, legal))
    if found and not legal:
        found = list(_signs(text, True))  # a sign repaired makes the text legal: the same on a rerun
    for start, end, after, conf, _ in found:
        yield start, end, after, conf, "paragraph sign"
    if legal:
        signs = {start for start, *_ in found}
        yield from (edit for edit in _heading_signs(text) if edit[0] not in signs)
    for m in _one_in_citation().finditer(text):
        yield m.start(), m.end(), "1", 0.85, "'1' after Abs./Satz/Nr. in a citation"
    for m in _BGBL.finditer(text):
        yield m.start(), m.end(), "BGBl", 0.9, "the Bundesgesetzblatt, with a small l"
    for m in _BGBL_PART.finditer(text):
        yield m.start(), m.end(), "I S.", 0.85, "Teil I, Seite: 'BGBl. I S.'"


#: a court register glued to its senate's number: "VIZR 40/20" is "VI ZR 40/20"
@functools.cache
def _register_glued():
    """Compiled at first use from ``knowledge.court_registers("glued")``."""
    from .knowledge import court_registers

    regs = "|".join(regex.escape(r) for r in court_registers("glued"))
    return regex.compile(r"(?<![\w-])(?P<senate>[IVX]{1,4})(?P<reg>" + regs + r")(?=\s\d+/\d+)")


def _registers(text: str) -> Iterator[Edit]:
    for m in _register_glued().finditer(text):
        yield m.end("senate"), m.end("senate"), " ", 0.85, "court register after a Roman senate number"


_ROMAN = regex.compile(
    r"(?<![\w.-])(?=[IVXl]*l)(?=[IVXl]*[IVX])[IVXl]{2,6}(?=[a-h]?(?![\w-]))"
    # not before a capitalised word: "Il Sole 24 Ore" is Italian
    r"(?![a-h]?\s+\p{Lu}\p{Ll})"
)


#: an acronym in capitals with one small l inside ("ÖlAG-Aufsichtsrätin"): its capital I
_ACRONYM_L = regex.compile(r"(?<![\w-])\p{Lu}+l\p{Lu}{2,}(?![\p{Ll}\d_])")


def roman_numerals(text: str) -> Iterator[Edit]:
    """``Il`` → ``II``, ``Vla`` → ``VIa``: a lower-case l read for the capital I in a numeral;
    ``ÖlAG`` → ``ÖIAG``: the same in an acronym of capitals."""
    for m in _ROMAN.finditer(text):
        fixed = m.group().replace("l", "I")
        if _VALID_ROMAN.match(fixed):
            yield m.start(), m.end(), fixed, 0.9, "Roman numeral"
    for m in _ACRONYM_L.finditer(text):
        yield m.start(), m.end(), m.group().replace("l", "I"), 0.85, "an acronym's capital I read as a small l"
    yield from _registers(text)


#: a home directory's "~" read as "-" (or "—-") before a path: "-/.ssh/config",
#: "-/src/x"; an option is never so shaped
_TILDE = regex.compile(r"(?<![\w/.~\-–—])[–—]?-(?=/(?:\.[A-Za-z_]|[A-Za-z_][\w.+-]*/))")


def tildes(text: str) -> Iterator[Edit]:
    """A path's "~" that OCR read as a hyphen: "-/.bashrc" is "~/.bashrc".

    Only a path-shaped token: "-/" then a dotted name or a directory ("-/.x", "-/x/y");
    never after a letter ("Ein-/Ausgabe") or another path sign.
    """
    for m in _TILDE.finditer(text):
        yield m.start(), m.end(), "~", 0.9, "a path's '~' read as '-'"


#: a bracket pair OCR read with a brace at one end: a man page's section ("less{1}",
#: "mc{1)", "grep(1}") and a short bracketed token ("(84.}", "{mbyte.txt)")
_MAN_SECTION = regex.compile(r"(?<=(?<![\w$])[a-z][\w.+-]*[a-z0-9])(?:\{([1-8])\)|\(([1-8])\})"
                             r"|(?<=(?<![\w$])[a-z][\w.+-]+[a-z0-9])\{([1-8])\}")
_HALF_BRACE = regex.compile(r"(?<![\w$\\])\{([^\s(){}\[\]]{1,30})\)|(?<![\w$\\])\(([^\s(){}\[\]]{1,30})\}")


def brackets(text: str) -> Iterator[Edit]:
    """A round bracket OCR read as a brace: "less{1}", "mc{1)" and "grep(1}" are a man
    page's "less(1)"; "{mbyte.txt)" and "(84.}" a pair of round brackets.

    A pair of braces stays but for a man page's section after a command name; a brace
    pair's own uses ("${HOME}", "{a,b}", "ab{3}") have no round bracket or no command name
    of three letters.
    """
    # each brace its own edit: the token inside may be protected ("mbyte.txt")
    for pattern, why in ((_MAN_SECTION, "a man page's section in round brackets"),
                         (_HALF_BRACE, "a bracket pair OCR read with a brace")):
        for m in pattern.finditer(text):
            for at, sign in ((m.start(), "("), (m.end() - 1, ")")):
                if text[at] != sign:
                    yield at, at + 1, sign, 0.9, why


#: a quoted token closed twice ('"$EDITOR"”', '"/etc/mailname”"'), or opened twice with
#: straight quotes ('""http://"'): OCR's doubled quote
_DOUBLED_CLOSE = regex.compile(r'(?<=(?<!\S)["“„][^\s"“”„=]+)(?:"["“”]|[“”]")(?=[.,;:!?)\]]*(?:\s|$))', regex.M)
_DOUBLED_OPEN = regex.compile(r'(?<!\S)""(?=[^\s"“”„=]+"(?:[.,;:!?)\]]*(?:\s|$)))', regex.M)


def doubled_quotes(text: str) -> Iterator[Edit]:
    """A quote OCR read twice around a token: one of the two goes (the straight one stays).

    Only a token quoted once already, and a pair with a straight quote: a German quote
    around a straight one ('„"Release"'), an empty string ('FS=""') and the German pair the
    quotes fix writes ('„Programm”“' stays for it) stay.
    """
    for m in _DOUBLED_CLOSE.finditer(text):
        a, b = m.group()
        at = m.start() if b == '"' and a != '"' else m.start() + 1
        yield at, at + 1, "", 0.9, "a closing quote OCR read twice"
    for m in _DOUBLED_OPEN.finditer(text):
        yield m.start(), m.start() + 1, "", 0.9, "an opening quote OCR read twice"


_DASH = regex.compile(r"-—-?|—-|(?<=[\p{L}\p{N}.,;:!?)“\"][ \t]+)--(?=[ \t]+[\p{L}\p{N}„(\"])")


def dashes(text: str) -> Iterator[Edit]:
    """A dash OCR made of two (``-—``, ``—-``) or a spaced double hyphen is " – ".

    A typed em dash stays: it is the author's choice (and text alone cannot tell it from a
    printed one).

    A spaced single hyphen stays: OCR reads " – " as " - ", but German text writes both
    (the development corpus's own ground truth mixes them within one document), so the
    scan's text cannot tell which one was printed.
    """
    for m in _DASH.finditer(text):
        yield m.start(), m.end(), "–", 0.9, "German dash"


_SPACED_HYPHEN = regex.compile(r"(?<=[\p{L}\p{N}.,;:!?)“\"][ \t]+)-(?=[ \t]+[\p{L}\p{N}„(\"])")


def spaced_hyphens(text: str) -> Iterator[Edit]:
    """Off by default: every spaced hyphen between words is the German dash " – ".

    For a source known to set the en dash throughout (the house style of most German
    press offices): Tesseract reads a printed " – " as " - ". From text alone a typed " - "
    looks the same, which is why this is not on by default; from a scan the glyph's width
    decides without it.
    """
    for m in _SPACED_HYPHEN.finditer(text):
        yield m.start(), m.end(), "–", 0.85, "a spaced hyphen as the German dash (the source sets ' – ')"


_STRAY = regex.compile(r"(?<=\s|^)\|(?=\s|$)|[®¢]|(?<=[,.;:])[’‘](?=[ \t]|$)", regex.M)
_BGBL_BEFORE = regex.compile(r"BGB[lI]\.?[ \t]$")
#: the Bundesgerichtshof's civil registers, whose senates are Roman: "| ZR 12/20" is "I ZR"
_CIVIL_AFTER = regex.compile(r"[ \t]+Z[RB][ \t]+\d+/\d+")
_PAGE_AFTER = regex.compile(r"[ \t]+(?:S\.[ \t]*)?\d")


@functools.cache
def _one_before():
    """A "|" before a court's register ("| BvR", "| ZR") or a ``one-before`` citation word ("| GG") is a 1."""
    return regex.compile(r"[ \t]*(?:Bv[A-Z]|[A-Z]{1,3}R)\b|[ \t]+(?:" + _words("one-before") + r")")


@functools.cache
def _one_after():
    """A "|" after a ``one-after`` citation word ("Nr. |", "Abs. |") is a 1."""
    return regex.compile(r"(?:" + _words("one-after") + r")[ \t]*$")


@functools.cache
def _senate_after():
    """Compiled at first use from ``knowledge.court_registers("senate")``."""
    from .knowledge import court_registers

    regs = "|".join(regex.escape(r) for r in court_registers("senate"))
    return regex.compile(r"[ \t]+(?:" + regs + r")[ \t]+\d+/\d+")


#: an ellipsis whose middle dot OCR read as a low quote: ".„." (no quote opens before a stop)
_ELLIPSIS_QUOTE = regex.compile(r"\.„\.")


def stray_marks(text: str) -> Iterator[Edit]:
    """Characters OCR invents: a lone ``|`` (a ``1`` or ``I`` in a legal reference, noise at
    a line's end), ``®``, ``¢``, a single quote after punctuation that no quote opened, the
    low quote in an ellipsis (``.„.``)."""
    for m in _ELLIPSIS_QUOTE.finditer(text):
        yield m.start() + 1, m.end() - 1, ".", 0.85, "an ellipsis' middle dot read as a low quote"
    for m in _STRAY.finditer(text):
        s, e = m.span()
        mark = m.group()
        line_end = text.find("\n", e)
        rest = text[e : len(text) if line_end < 0 else line_end]
        if mark == "|" and _senate_after().match(text, e) and text[max(0, s - 3):s].strip() in ("-", "–"):
            yield s, e, "I", 0.85, "'I', a senate number before a court register"
        elif mark == "|" and _BGBL_BEFORE.search(text, max(0, s - 6), s) and _PAGE_AFTER.match(text, e):
            yield s, e, "I", 0.85, "'I', the Bundesgesetzblatt's part: 'BGBl I 1228'"
        elif mark == "|" and _CIVIL_AFTER.match(text, e):
            yield s, e, "I", 0.85, "'I', a civil senate's number (Roman) before ZR/ZB"
        elif mark == "|" and (_one_before().match(text, e) or _one_after().search(text, max(0, s - 12), s)
                              or text[max(0, s - 7):s] == "BVerwG "):
            yield s, e, "1", 0.85, "'1' in a legal reference"
        elif mark == "|" and not rest.strip():
            yield s - 1 if text[s - 1 : s] == " " else s, e, "", 0.85, "a bar at a line's end: scan noise"
        elif mark in "’‘" and "‚" not in text[max(0, s - 300) : s]:
            yield s, e, "", 0.85, "a single quote after punctuation that no quote opened"
        else:
            yield s, e, "", 0.3, "a mark OCR tends to invent"


@functools.cache
def _comma_abbreviations() -> frozenset[str]:
    """Abbreviations of four letters or more that a small word may follow ("Buchst. b",
    "insb. die", "Acme Corp. die"), lower case: uses ``comma`` and ``foreign`` of
    ``dictionaries/abbreviations-de.txt`` (:func:`ocr_repair.knowledge.abbreviations`)."""
    from .knowledge import abbreviations

    return frozenset(w.lower() for w in abbreviations("comma") | abbreviations("foreign"))


_PERIOD_BEFORE_SMALL = regex.compile(
    r"(?<![\p{L}\p{N}.\-/@_'’])(?P<word>\p{L}{4,})\.(?:[ \t]+|\n(?![ \t]*\n))"
    # a small word after it, not a list label ("b) Art. 9") nor a domain ("www.land")
    r"(?P<next>\p{Ll}\p{Ll}+)(?![\p{L}\p{N}]*[()/@_]|[\p{L}\p{N}]*\.\p{L}|[\p{L}\p{N}]*-\p{Ll})"
)


def command_names(lexicon) -> Callable[[str], bool]:
    """Whether a small word is a command's name rather than German ("make", "less", "find"):
    the lexicon knows it only from its caseless frequency list, and it is at least as
    frequent in English (``vocabulary.english_zipf``)."""
    from .vocabulary import english_zipf

    def command(word: str) -> bool:
        return lexicon.is_caseless(word) and (english_zipf(word) or 0) >= (lexicon.freq(word) or 0)

    return command


#: the clause after a full stop, to its next punctuation mark: where a separable verb's
#: particle ends it ("geht. davon aus, dass"), the stop was a speck inside one sentence
_CLAUSE = regex.compile(r"[^\n.,;:!?]{0,60}?(?P<particle>\p{Ll}+)(?=[,.;:!?])")


def _particle_closes(text: str, word: str, start: int, is_word: Callable[[str, int, int], bool]) -> bool:
    """Whether the clause from ``start`` ends with a particle of the finite verb ``word``
    before the stop ("geht. davon aus": "ausgehen"): the verb's bracket spans the stop."""
    from .knowledge import judge_words

    m = _CLAUSE.match(text, start)
    if m is None or not word.endswith("t") or len(word) < 4:
        return False
    particle = m["particle"]
    return particle in judge_words("verb-particle") and is_word(particle + word[:-1] + "en", -1, -1)


def commas(text: str, is_word: Callable[[str, int, int], bool] = lambda w, start, end: True,
           command: Callable[[str], bool] = lambda w: False) -> Iterator[Edit]:
    """``fertig. und`` → ``fertig, und``: a comma read as a full stop (the tail is a speck).

    German starts no sentence with a small letter, so a full stop between a whole word
    and a small one is a misread comma, unless the word is an abbreviation ("bzw. die",
    "Buchst. b", "BGBl. und"): only words of four letters or more, in small letters after
    the first, qualify, and ``is_word(word, start, end)`` must accept both words (the
    next one must not be the fragment of a line OCR lost), and the small word must be no
    ``command`` name ("installiert. make baut": a sentence of its own). Where the clause
    after it ends with a particle of the verb before it ("geht. davon aus, dass"), the
    stop is a speck inside the verb's bracket: it goes. The other way round, a comma
    before a capitalised article or preposition and a capitalised word ("verhindern, Das
    Gesetz") is a full stop (:func:`_sentence_ends`).
    """
    for m in _PERIOD_BEFORE_SMALL.finditer(text):
        word = m["word"]
        if word.lower() in _comma_abbreviations() or not word[1:].islower():
            continue
        if m["next"][0] == "l" and is_word("I" + m["next"][1:], m.start("next"), m.end("next")):
            continue  # "der Zeitung. lm vergangenen Jahr": a sentence's "Im" read as "lm"
        if command(m["next"]):
            continue
        if is_word(word, m.start("word"), m.end("word")) and is_word(m["next"], m.start("next"), m.end("next")):
            if _particle_closes(text, word, m.start("next"), is_word):
                yield m.end("word"), m.end("word") + 1, "", 0.85, \
                    "a speck read as a full stop: the verb's particle ends the clause after it"
            else:
                yield m.end("word"), m.end("word") + 1, ",", 0.85, "a comma read as a full stop: a small word follows"
    yield from _sentence_ends(text, is_word)
    yield from _glued_commas(text, is_word)


#: "Dr. Solms.meine Herren": a full stop glued to a small word after a capitalised one, where
#: the text runs a salutation's commas without spaces ("Präsident,Herr Minister")
_GLUED_STOP = regex.compile(r"(?<![\p{L}\p{N}.\-/@_'’])(?P<word>\p{Lu}\p{Ll}{3,})\.(?P<next>\p{Ll}{3,})(?=[ \t\n]+\p{Lu}\p{Ll})")


@functools.cache
def _noun_markers() -> frozenset[str]:
    from .knowledge import function_words

    return frozenset(function_words("article") | function_words("noun-marker"))


def _glued_commas(text: str, is_word: Callable[[str, int, int], bool]) -> Iterator[Edit]:
    """``Solms.meine Herren`` → ``Solms,meine Herren``: in a text that glues commas to the next
    word (at least one ",Herr"-style comma), a full stop glued between a capitalised word and
    an article or possessive before a capitalised word is its misread comma (no domain: both
    must be words, "Zeit.online" stays)."""
    if not regex.search(r"\p{Ll},\p{L}", text):
        return
    for m in _GLUED_STOP.finditer(text):
        if m["word"].lower() in _comma_abbreviations() or m["next"] not in _noun_markers():
            continue
        if is_word(m["word"], m.start("word"), m.end("word")) and is_word(m["next"], m.start("next"), m.end("next")):
            yield m.end("word"), m.end("word") + 1, ",", 0.85, "a comma read as a full stop glued to a small word"


@functools.cache
def _comma_before_start():
    """A comma, then a capitalised function word that German writes small mid-sentence
    (an article, a preposition: ``dictionaries/function-words-de.tsv``), then a capitalised
    word: "verhindern, Das Gesetz sucht" is the end of a sentence and the next one's start.
    Not the polite "Ihr"/"Ihre" nor "Sein" (a noun), which stand capitalised anywhere."""
    from .knowledge import function_words

    words = (function_words("article") | function_words("small") | function_words("noun-marker")) - {"und", "oder", "zu"}
    starts = sorted((w[0].upper() + w[1:] for w in words if not w.startswith("ihr") and w != "sein"), key=len, reverse=True)
    # the comma first (a scan for one character), the word before it read backwards
    return regex.compile(r",(?=[ \t]+(?:" + "|".join(starts) + r")[ \t]+\p{Lu}\p{Ll}{2,})")


_WORD_BEFORE_COMMA = regex.compile(r"(?<![\p{L}\p{N}.\-/@_'’])\p{L}{3,}$")


def _sentence_ends(text: str, is_word: Callable[[str, int, int], bool]) -> Iterator[Edit]:
    """``verhindern, Das Gesetz`` → ``verhindern. Das Gesetz``: a full stop read as a comma
    before a sentence's capitalised article or preposition."""
    for m in _comma_before_start().finditer(text):
        before = _WORD_BEFORE_COMMA.search(text, max(0, m.start() - 40), m.start())
        if before is None:
            continue
        word = before.group()
        if word.lower() in _comma_abbreviations() or not is_word(word, before.start(), before.end()):
            continue
        yield m.start(), m.end(), ".", 0.85, "a full stop read as a comma: a sentence starts after it"


FIXES = (doubled_quotes, quotes, section_signs, roman_numerals, tildes, brackets, dashes, spaced_hyphens, stray_marks,
         commas, numbers)
