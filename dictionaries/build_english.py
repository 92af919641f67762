#!/usr/bin/env python3
"""Build ``dictionaries/english-words.txt``: frequent English words, the language signal
that keeps English inside German text ("list", "kernel", "not", "best practice") from
being taken for OCR misreads of German words.

Source: wordfreq's English list (``pip install wordfreq``, a dev dependency only; the
runtime reads the built file). Kept: lower-case ASCII words of two letters or more with
an English Zipf frequency of at least ``MIN_ZIPF``. Each line is ``word<TAB>zipf×100``;
lines starting with ``#`` are the header. The output is deterministic (sorted by word).

Run: ``python dictionaries/build_english.py`` (needs wordfreq).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_ZIPF = 2.5
WORD = re.compile(r"[a-z]{2,}")


def main(argv: list[str] | None = None) -> int:
    import wordfreq

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE / "english-words.txt"))
    args = ap.parse_args(argv)
    words = {}
    for w in wordfreq.iter_wordlist("en", "large"):
        z = wordfreq.zipf_frequency(w, "en", "large")
        if z < MIN_ZIPF:
            break
        if WORD.fullmatch(w):
            words[w] = round(z * 100)
    try:
        from importlib.metadata import version

        ver = version("wordfreq")
    except Exception:  # pragma: no cover
        ver = "unknown"
    header = [
        "# Frequent English words: the language signal that keeps English inside German text.",
        f"# Built by dictionaries/build_english.py from wordfreq {ver}'s English 'large' list",
        f"# (data CC-BY-SA 4.0): lower-case ASCII words, Zipf >= {MIN_ZIPF}. word<TAB>zipf*100",
    ]
    lines = header + [f"{w}\t{z}" for w, z in sorted(words.items())]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
