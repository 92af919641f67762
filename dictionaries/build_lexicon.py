#!/usr/bin/env python3
"""Build ``dictionaries/de-lexicon.tsv.gz``, the German lexicon ocr-repair reads.

Sources (provenance and licences in ``dictionaries/README.md``):

1. igerman98 word forms: ``/usr/share/dict/ngerman`` (Debian package ``wngerman``):
   correct ß and capitalisation, all inflected forms.
2. wordfreq's German frequencies (``pip install wordfreq``): a Zipf frequency for every
   form (wordfreq folds ß to "ss" and lower-cases, so a form is looked up folded), and
   frequent words igerman98 lacks (names of places and people, English loans, compounds),
   added *without* case (flag ``i``). A frequent word is left out when an OCR-confusion
   variant of it is a known word at least as frequent ("fiir", "uber", "stadten" are
   misreads of "für", "über", "Städten" that web text carries too).
3. Hunspell de_DE roots (``/usr/share/hunspell/de_DE.dic``, package ``hunspell-de-de``,
   also igerman98): base forms the expanded list lacks, and stems that only occur at
   the start of compounds ("Förder-"), flagged ``c``.
4. ``names-de.txt`` and ``abbreviations-de.txt`` beside this script: German states,
   cities, districts, institutions and abbreviations (written for this project).

Run: ``python dictionaries/build_lexicon.py`` (needs wngerman, hunspell-de-de,
hunspell-tools and wordfreq).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import gzip
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ocr_repair.confusions import candidates  # noqa: E402

MIN_ADDED_ZIPF = 2.0
MIN_ADDED_LONG_ZIPF = 1.0  # rarer long words: compounds seen in real text ("Förderangeboten")
MAX_VARIANT_COST = 0.7  # only the usual umlaut/ß misreads mark a frequency-list word as one
LATIN_WORD = re.compile(r"[a-zà-öø-ÿ]+")  # frequent enough to trust a word igerman98 lacks


def read_list(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordlist", default="/usr/share/dict/ngerman")
    ap.add_argument("--hunspell", default="/usr/share/hunspell/de_DE.dic")
    ap.add_argument("--out", default=str(HERE / "de-lexicon.tsv.gz"))
    args = ap.parse_args(argv)

    import wordfreq  # build-time only

    freqs = wordfreq.get_frequency_dict("de", wordlist="large")

    def zipf(word: str) -> int:
        f = freqs.get(word.casefold())
        return 0 if not f else max(1, round(wordfreq.zipf_frequency(word, "de", wordlist="large") * 100))

    entries: dict[str, tuple[int, str]] = {}
    for w in read_list(Path(args.wordlist)):
        entries[w] = (zipf(w), "")
    # Hunspell roots: base forms the expanded list lacks ("Schaden"), and stems that only
    # begin compounds ("Förder-", flags NEEDAFFIX h / ONLYINCOMPOUND o): flag c.
    dic = Path(args.hunspell)
    if dic.exists():
        for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
            if not line or line[0] in "\t#":
                continue
            root, _, flags = line.partition("/")
            if root in entries or "d" in flags or not root.replace("-", "").isalpha():
                continue
            compound_only = "o" in flags or "h" in flags
            entries[root] = (zipf(root), "c" if compound_only else "")
    abbreviations = [ln.split("\t") for ln in read_list(HERE / "abbreviations-de.txt")]
    for w in read_list(HERE / "names-de.txt") + [r[0] for r in abbreviations if "lexicon" in r[1].split(",")]:
        entries[w] = (max(zipf(w), 250), "")

    # Hunspell's full expansion (unmunch, package hunspell-tools): the nouns igerman98's
    # list lacks ("Liste", "Angeboten") where their lower-case twin is a listed word; the
    # rest (compound stems such as "Arbeits", "Förder") only as compound parts (flag c)
    aff = dic.with_suffix(".aff")
    if shutil.which("unmunch") and dic.exists() and aff.exists():
        expanded = subprocess.run(["unmunch", str(dic), str(aff)], capture_output=True, check=True).stdout
        for w in expanded.decode("utf-8", "replace").split("\n"):
            w = w.strip()
            if not w or w in entries or not LATIN_WORD.fullmatch(w.lower()):
                continue
            noun = w[0].isupper() and w[1:].islower() and w.lower() in entries and "c" not in entries[w.lower()][1]
            entries[w] = (zipf(w), "" if noun else "c")
    else:
        print("unmunch not found (apt-get install hunspell-tools): nouns igerman98 lacks stay unknown")

    known_folded: dict[str, int] = {}
    for w, (f, flags) in entries.items():
        if "c" in flags:
            continue
        k = w.casefold()
        known_folded[k] = max(known_folded.get(k, 0), f)

    added = skipped = 0
    for folded, f in freqs.items():
        if folded in known_folded or not LATIN_WORD.fullmatch(folded):
            continue
        z = round(wordfreq.zipf_frequency(folded, "de", wordlist="large") * 100)
        if z < MIN_ADDED_ZIPF * 100 and (z < MIN_ADDED_LONG_ZIPF * 100 or len(folded) < 9):
            continue
        variant_of_known = False
        for cand, cost, _ in candidates(folded, max_edits=2):
            if cost > MAX_VARIANT_COST:
                continue
            kf = known_folded.get(cand.casefold())
            if kf is None:
                for form in (cand, cand.capitalize()):
                    if form in entries:
                        kf = entries[form][0]
                        break
            if kf is not None and kf >= z:
                variant_of_known = True
                break
        if variant_of_known:
            skipped += 1
            continue
        entries[folded] = (z, "i")
        added += 1

    lines = sorted(f"{w}\t{f}\t{flags}".encode() for w, (f, flags) in entries.items() if "\t" not in w)
    data = b"\n".join(lines) + b"\n"
    Path(args.out).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(lines)} entries ({added} from wordfreq, {skipped} misread-like skipped) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
