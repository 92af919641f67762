#!/usr/bin/env python3
"""Build ``dictionaries/de-context.tsv.gz``, the word-sequence model ocr-repair ranks readings with.

The model is a word bigram model (counts, smoothed at look-up by absolute discounting with
backoff to the unigram, see ``ocr_repair/context.py``) over German running text from Debian
packages of German documentation (which ones, their versions and licences: ``SOURCES``
below and ``dictionaries/README.md``).

Words are the tokens the repair engine itself sees (:func:`ocr_repair.tokens.words`:
punctuation and bare numbers are skipped, so "prev" and "next" mean the same here as in the
judge). Only what the repair asks about is kept:

* unigram counts (with the number of distinct followers and predecessors) of every word
  seen at least ``MIN_UNIGRAM`` times;
* bigram counts of pairs where one side is a *twin word*: a word that has an umlaut/ß twin
  also seen in the text ("hatte"/"hätte", "Strafe"/"Straße", "lief"/"ließ"), the
  real-word misreads a mis-set OCR run makes.

Text with old spelling ("daß", "muß") and paragraphs that are not German prose (code,
tables, English) are dropped; repeated paragraphs count once.

Run: ``python dictionaries/build_context.py [--debs DIR]``. Without ``--debs`` the packages
are fetched with ``apt-get download`` into a temporary folder (after ``apt-get update``).
The output is deterministic for the same packages (sorted lines, gzip without a time stamp).
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import hashlib
import html.parser
import io
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ocr_repair.context import shape  # noqa: E402
from ocr_repair.tokens import words  # noqa: E402

#: model format version (also in the file's header); ocr_repair/context.py checks it
FORMAT = 2

WESNOTH_MO = "usr/share/games/wesnoth/1.16/locale/de/LC_MESSAGES/*.mo"

#: (Debian package, files inside it, kind, licence). Never ``debian-handbook`` or
#: ``debian-paketmanagement-buch`` (held-out evaluation), nor ``debian-reference-de`` (the
#: source of the dev2 corpus).
SOURCES: tuple[tuple[str, str, str, str], ...] = (
    ("manpages-de", "usr/share/man/de/**/*.gz", "man", "GPL-3+"),
    ("libreoffice-help-de", "usr/share/libreoffice/help/de/**/*.html", "html", "MPL-2.0"),
    ("gnome-user-docs", "usr/share/help/de/**/*.page", "html", "CC-BY-SA-3.0"),
    ("installation-guide-amd64", "usr/share/doc/installation-guide-amd64/de/*.html", "html", "GPL-2"),
    ("debian-edu-doc-de", "usr/share/doc/debian-edu-doc-de/*.html", "html", "GPL-2+"),
    ("developers-reference-de", "usr/share/developers-reference/de/*.html", "html", "GPL-2"),
    ("maint-guide-de", "usr/share/doc/maint-guide-de/html/*.html", "html", "GPL-2+"),
    ("kicad-doc-de", "usr/share/doc/kicad/help/de/*.html", "html", "GPL-3+ / CC-BY-3.0"),
    ("udo-doc-de", "usr/share/doc/udo-doc-de/html/*.html", "html", "GPL-2+"),
    ("gosa-help-de", "usr/share/gosa/**/*.html", "html", "GPL-2+"),
    ("ubuntu-packaging-guide-html-de", "usr/share/doc/ubuntu-packaging-guide-html-de/**/*.html", "html",
     "GPL-3 / CC-BY-SA-3.0"),
    ("fortunes-de", "usr/share/games/fortunes/de/*", "fortune", "GPL-2+"),
    # the Ding German-English dictionary: phrases and example sentences of everyday German
    ("trans-de-en", "usr/share/trans/de-en", "ding", "GPL-2+"),
    # the German translation of The Battle for Wesnoth: help, unit descriptions and the
    # campaigns' story and dialogue (running narrative prose: "hätte", "würde", "ließ")
    ("wesnoth-1.16-data", WESNOTH_MO, "mo", "GPL-2+"),
    *((f"wesnoth-1.16-{c}", WESNOTH_MO, "mo", "GPL-2+")
      for c in ("did", "dm", "dw", "ei", "httt", "l", "low", "nr", "sof", "sota", "sotbe", "thot", "trow",
                "tsg", "ttb", "utbs")),
    # German translations of games with long descriptive and narrative text (item and unit
    # descriptions, encyclopedias, campaign stories and dialogue), and LyX's German manuals
    ("cataclysm-dda-data", "usr/share/locale/de/LC_MESSAGES/cataclysm-dda.mo", "mo", "CC-BY-SA-3.0"),
    ("widelands-data", "usr/share/games/widelands/data/locale/de/LC_MESSAGES/*.mo", "mo", "GPL-2+"),
    ("freeciv-data", "usr/share/locale/de/LC_MESSAGES/freeciv-*.mo", "mo", "GPL-2+"),
    ("warzone2100-data", "usr/share/locale/de/LC_MESSAGES/warzone2100.mo", "mo", "GPL-2+"),
    ("lyx-common", "usr/share/lyx/doc/de/*.lyx", "lyx", "GPL-2+"),
)
FORBIDDEN = {"debian-handbook", "debian-paketmanagement-buch", "debian-reference-de"}

MIN_UNIGRAM = 2
MIN_BIGRAM = 1
#: a twin word's pair with a neighbour's shape is kept from this count
MIN_SHAPE_PAIR = 2
#: a paragraph is German prose when this share of its words are German function words
MIN_FUNCTION_SHARE = 0.12
MIN_PARAGRAPH_WORDS = 6
OLD_SPELLING = re.compile(r"\b(?:daß|muß|läßt|Fluß|mußte|müßte|wußte|Schluß|Haß|paßt)\b")

FUNCTION_WORDS = set("""
der die das den dem des ein eine einen einem einer eines und oder aber nicht nur auch
ist sind war waren wird werden wurde wurden kann können muss müssen soll sollen hat haben
hatte hatten sich sie er es wir ihr ich man mit von zu zum zur für auf aus bei nach über
unter vor in im am an als wie wenn dass so noch schon sehr dann diese dieser dieses
""".split())

#: umlauts and ß as a mis-set OCR run loses them
PLAIN = {"ä": ("a",), "ö": ("o",), "ü": ("u",), "Ä": ("A",), "Ö": ("O",), "Ü": ("U",), "ß": ("ss", "f")}

BLOCK_TAGS = {"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "title", "div",
              "section", "br", "tr", "table", "ul", "ol", "dl", "blockquote", "note", "item", "desc"}
SKIP_TAGS = {"pre", "script", "style", "screen", "code-block", "programlisting", "synopsis"}


class _Text(html.parser.HTMLParser):
    """Text of an HTML or Mallard/XML page, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            self.paragraphs.append(text)
        self._buf = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self._skip += 1
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buf.append(data)

    def close(self):
        super().close()
        self._flush()


def html_paragraphs(data: bytes) -> list[str]:
    p = _Text()
    p.feed(data.decode("utf-8", errors="replace"))
    p.close()
    return p.paragraphs


_TROFF_ESCAPES = [
    (re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)"), ""), (re.compile(r"\\[-–]"), "-"), (re.compile(r"\\\(em"), "—"),
    (re.compile(r"\\\(en"), "–"), (re.compile(r"\\\((?:Fo|lq)"), "«"), (re.compile(r"\\\((?:Fc|rq)"), "»"),
    (re.compile(r"\\[&/,:|^]"), ""), (re.compile(r"\\ "), " "), (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""),
    (re.compile(r"\\\*\(..|\\\*."), ""), (re.compile(r"\\e"), r"\\\\"), (re.compile(r"\\(.)"), r"\1"),
]


def man_paragraphs(data: bytes) -> list[str]:
    """Prose of a troff man page: text lines between paragraph macros; synopses dropped."""
    out, buf, skip = [], [], False
    for line in gzip.decompress(data).decode("utf-8", errors="replace").splitlines():
        if line.startswith((".", "'")):
            macro = line[1:].split(" ", 1)[0]
            if macro in ("SH", "SS"):
                title = line[3:].strip().strip('"').upper()
                skip = title in ("ÜBERSICHT", "SYNOPSIS", "BEISPIELE", "BEISPIEL", "SIEHE AUCH", "AUTOREN",
                                 "AUTOR", "COPYRIGHT", "ÜBERSETZUNG", "FEHLER MELDEN", "BEZEICHNUNG")
            if macro in ("SH", "SS", "PP", "P", "LP", "TP", "IP", "nf", "EX", "sp", "br", "HP", "RS", "RE"):
                out.append(" ".join(buf))
                buf = []
            if macro in ("B", "I", "BR", "IR", "RB", "RI", "BI", "IB") and not skip:
                buf.append(" ".join(t.strip('"') for t in line.split()[1:]))
            continue
        if not skip:
            for pattern, repl in _TROFF_ESCAPES:
                line = pattern.sub(repl, line)
            buf.append(line)
    out.append(" ".join(buf))
    return [" ".join(p.split()) for p in out if p.strip()]


def mo_paragraphs(data: bytes) -> list[str]:
    """The translations (msgstr) of a gettext catalogue, one paragraph per line of each."""
    catalog = gettext.GNUTranslations(io.BytesIO(data))._catalog  # noqa: SLF001
    out = []
    for key in sorted(catalog, key=str):
        if key == "":
            continue  # the catalogue's header
        for para in str(catalog[key]).split("\n"):
            para = " ".join(re.sub(r"<[^<>]*>|\{[^{}]*\}|\$\w+", " ", para).split())
            if para:
                out.append(para)
    return out


def fortune_paragraphs(data: bytes) -> list[str]:
    """The entries of a fortune file (separated by lines of "%")."""
    text = data.decode("utf-8", errors="replace")
    return [" ".join(e.split()) for e in re.split(r"^%\s*$", text, flags=re.M) if e.strip()]


_DING_NOTES = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]|<[^<>]*>|\([^()]*\)")


def ding_paragraphs(data: bytes) -> list[str]:
    """The German side of the Ding dictionary's entries: phrases and example sentences,
    notes ({f}, [Br.], (der Reifen)) and alternative spellings (<...>) left out; entries
    marked as old spelling ([alt], [obs.]) dropped."""
    out = []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if line.startswith("#") or " :: " not in line:
            continue
        for entry in line.split(" :: ", 1)[0].split(" | "):
            for frag in entry.split("; "):
                if "[alt" in frag or "[obs" in frag or "[veraltet" in frag:
                    continue
                frag = " ".join(_DING_NOTES.sub(" ", frag).split())
                if " " in frag:
                    out.append(frag)
    return out


_LYX_SPECIAL = re.compile(r"\\SpecialChar\s+(\S+)")


def lyx_paragraphs(data: bytes) -> list[str]:
    """The text of a LyX document: its layouts' lines (a continued line starts with its
    space), insets (notes, footnotes, references, formulas, quotes) left out as a space."""
    out, buf, depth, in_layout = [], [], 0, False
    for line in data.decode("utf-8", errors="replace").splitlines():
        if line.startswith("\\begin_inset"):
            depth += 1
            buf.append(" ")
        elif line.startswith("\\end_inset"):
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif line.startswith("\\begin_layout"):
            in_layout, buf = True, []
        elif line.startswith("\\end_layout"):
            out.append(" ".join("".join(buf).split()))
            in_layout = False
        elif in_layout and not line.startswith("\\") or line.startswith("\\SpecialChar"):
            buf.append(_LYX_SPECIAL.sub(r"\1", line))
    return [p for p in out if p]


READERS = {"lyx": lyx_paragraphs, "man": man_paragraphs, "html": html_paragraphs, "mo": mo_paragraphs, "fortune": fortune_paragraphs,
           "ding": ding_paragraphs}


def is_prose(tokens: list[str], text: str) -> bool:
    if len(tokens) < MIN_PARAGRAPH_WORDS or OLD_SPELLING.search(text):
        return False
    share = sum(1 for t in tokens if t.lower() in FUNCTION_WORDS) / len(tokens)
    return share >= MIN_FUNCTION_SHARE


def package_paragraphs(root: Path, pattern: str, kind: str):
    for path in sorted(root.glob(pattern)):
        if not path.is_file() or path.suffix == ".dat":
            continue
        data = path.read_bytes()
        yield from READERS[kind](data)


def fetch(debs: Path) -> None:
    subprocess.run(["apt-get", "download", *[s[0] for s in SOURCES]], cwd=debs, check=True)


def deb_for(debs: Path, package: str) -> Path:
    found = sorted(debs.glob(f"{package}_*.deb"))
    if not found:
        raise SystemExit(f"build_context: no {package}_*.deb in {debs} (apt-get download {package})")
    return found[-1]


def plain_variants(word: str) -> set[str]:
    """``word`` with one or two of its umlauts/ß lost as a mis-set run loses them."""
    sites = [i for i, c in enumerate(word) if c in PLAIN]
    out = set()
    for i in sites:
        for r in PLAIN[word[i]]:
            w1 = word[:i] + r + word[i + 1:]
            out.add(w1)
            shift = len(r) - 1
            for j in sites:
                if j > i:
                    for r2 in PLAIN[word[j]]:
                        j2 = j + shift
                        out.add(w1[:j2] + r2 + w1[j2 + 1:])
    return out


def write_model(out_path: Path, unigrams: Counter[str], bigrams: Counter[tuple[str, str]],
                provenance: list[str]) -> tuple[int, int, int]:
    """Write the pruned counts as a model file; returns (unigrams, twin words, bigrams) kept."""
    total = sum(unigrams.values())
    # twin words: a word with an umlaut or ß whose plain form is also seen, and that form
    twins = set()
    for w in unigrams:
        if any(c in PLAIN for c in w):
            for v in plain_variants(w):
                if v in unigrams:
                    twins.update((w, v))
    followers: Counter[str] = Counter()
    predecessors: Counter[str] = Counter()
    for a, b in bigrams:
        followers[a] += 1
        predecessors[b] += 1
    kept_bigrams = sorted((a, b, n) for (a, b), n in bigrams.items()
                          if n >= MIN_BIGRAM and (a in twins or b in twins))
    kept_unigrams = sorted((w, n) for w, n in unigrams.items() if n >= MIN_UNIGRAM or w in twins)
    # word shapes (ocr_repair.context.shape): how often each shape occurs, and the pairs of a
    # twin word with its neighbour's shape ("~gen hätte": a participle before it), the
    # model's back-off where the neighbour itself is rare
    shape_counts: Counter[str] = Counter()
    for w, n in unigrams.items():
        shape_counts[shape(w)] += n
    shape_pairs: Counter[str] = Counter()
    for (a, b), n in bigrams.items():
        if b in twins:
            shape_pairs[f"{shape(a)} {b}"] += n
            shape_pairs[f"~ {b}"] += n  # all the twin's left neighbours
        if a in twins:
            shape_pairs[f"{a} {shape(b)}"] += n
            shape_pairs[f"{a} ~"] += n

    # sorted lines "key<TAB>values" (read by bisection in a memory map): a word's key is the
    # word (count, distinct followers, distinct predecessors), a pair's the two words with
    # a space between (count); the header lines start with "#" and come first
    head = [f"# ocr-repair context model, format {FORMAT}: built by dictionaries/build_context.py",
            *provenance, f"#N\t{total}\t{len(unigrams)}"]
    body = [f"{w}\t{n}\t{followers[w]}\t{predecessors[w]}" for w, n in kept_unigrams]
    body += [f"{a} {b}\t{n}" for a, b, n in kept_bigrams]
    body += [f"{k}\t{n}\t0\t0" for k, n in shape_counts.items()]
    body += [f"{k}\t{n}" for k, n in shape_pairs.items() if n >= MIN_SHAPE_PAIR]
    body.sort(key=lambda line: line.split("\t", 1)[0].encode("utf-8"))
    data = ("\n".join(head + body) + "\n").encode("utf-8")
    with open(out_path, "wb") as fh:
        with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(data)
    return len(kept_unigrams), len(twins), len(kept_bigrams)


def count(paragraphs, unigrams: Counter[str], bigrams: Counter[tuple[str, str]]) -> int:
    """Add the word and pair counts of ``paragraphs`` (no pair across two); returns the words."""
    n = 0
    for text in paragraphs:
        toks = [t.text for t in words(text)]
        n += len(toks)
        unigrams.update(toks)
        bigrams.update(zip(toks, toks[1:]))
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--debs", type=Path, help="folder with the .deb files (default: apt-get download them)")
    ap.add_argument("--out", type=Path, default=HERE / "de-context.tsv.gz")
    args = ap.parse_args(argv)
    assert not FORBIDDEN & {s[0] for s in SOURCES}

    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    seen: set[bytes] = set()
    provenance = []
    with tempfile.TemporaryDirectory() as tmp:
        debs = args.debs
        if debs is None:
            debs = Path(tmp) / "debs"
            debs.mkdir()
            fetch(debs)
        for package, pattern, kind, licence in SOURCES:
            deb = deb_for(debs, package)
            root = Path(tmp) / package
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
            n_par = n_tok = 0
            for text in package_paragraphs(root, pattern, kind):
                digest = hashlib.blake2b(text.encode(), digest_size=12).digest()
                if digest in seen:
                    continue
                seen.add(digest)
                toks = [t.text for t in words(text)]
                if not (is_prose(toks, text) if kind != "ding" else len(toks) >= 2 and not OLD_SPELLING.search(text)):
                    continue
                n_par += 1
                n_tok += count([text], unigrams, bigrams)
            provenance.append(f"# source: {deb.name} ({licence}): {n_par} paragraphs, {n_tok} words")
            print(provenance[-1][2:], file=sys.stderr)

    n_uni, n_twins, n_bi = write_model(args.out, unigrams, bigrams, provenance)
    print(f"{args.out}: {sum(unigrams.values())} words, {n_uni} unigrams, {n_twins} twin words, "
          f"{n_bi} bigrams, {args.out.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
