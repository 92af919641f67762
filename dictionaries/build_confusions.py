#!/usr/bin/env python3
"""Regenerate the weights of ``dictionaries/confusions-de.tsv`` from corpus alignments.

Each document's OCR (``ocr-eng.txt``, ``ocr-deu.txt``) is aligned with its ``truth.txt``:
line-break hyphens joined, then word by word (difflib), then each pair of differing words
character by character (Levenshtein with a backtrace). A run of differing characters is a
*confusion* ``seen → meant`` ("ii" → "ü", "fs" → "ß", "B" → "ß", "rn" → "m"); it is also
counted with one equal letter of context on either side ("fl" → "fü", "af" → "aß"), which is
how the table writes the rules that need one. A row's cost is -ln P(seen | meant) (the
confusion's count over the occurrences of ``meant`` in the aligned truth words), mapped onto
the shipped table's cost range by a least-squares line over the rows seen at least
``--min-count`` times, clipped to 0.3 … 1.5 and rounded to 0.1; a row seen fewer times keeps
its shipped cost. Rows, their order and their kinds are the shipped table's: only costs
change (new confusions are listed by ``--compare``, never added).

Only derived counts and costs are written; no corpus text goes into the output.

    python dictionaries/build_confusions.py [--corpus DIR ...] [--kinds eng,deu]
        [--hold-out PREFIX ...] [--min-count N] [--table FILE] [-o OUT] [--compare] [--top N]

Without ``-o`` and ``--compare`` the regenerated table goes to stdout. ``--hold-out court-``
leaves the documents whose folder name starts with ``court-`` out (to test the weights on
them); ``--compare`` prints every row's shipped and regenerated cost, and the confusions
the corpus shows that the table lacks (the ``--top`` most frequent, with counts).
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TABLE = HERE / "confusions-de.tsv"
DEFAULT_CORPORA = [REPO.parent / "shared" / "corpus" / name for name in ("dev", "dev2")]
KINDS = {"eng": "ocr-eng.txt", "deu": "ocr-deu.txt"}
#: the shipped table's cost range; regenerated costs are clipped to it
LOW, HIGH = 0.3, 1.5
#: the longest seen or meant string counted (longer runs are garbled words, not confusions)
MAX_LEN = 3

_JOIN = regex.compile(r"(?<=\p{L})-\n[ \t]*(?=\p{Ll})")  #: "Beihil-⏎fe": a line-break hyphen
_KEEP = regex.compile(r"(?<=\p{L})-\n[ \t]*(?=\p{Lu})")  #: "Nordrhein-⏎Westfalen": a real one
_LETTER = regex.compile(r"\p{L}")


@dataclass
class Row:
    seen: str
    meant: str
    cost: float
    kinds: str
    line: int  #: index of its line in the table file


@dataclass
class Counts:
    confusions: Counter = field(default_factory=Counter)  #: (seen, meant) -> count, bare or in context
    bare: Counter = field(default_factory=Counter)  #: (seen, meant) -> count of the differing runs alone
    docs: int = 0
    words: int = 0  #: truth words aligned (equal or paired)
    pairs: int = 0  #: differing word pairs aligned character by character
    skipped: int = 0  #: truth words in replace blocks of unequal length (not counted)
    truth_words: list[str] = field(default_factory=list)  #: the aligned truth words (never written)

    def meant_total(self, meant: str, cache: dict[str, int]) -> int:
        """How often ``meant`` occurs in the aligned truth words."""
        if meant not in cache:
            cache[meant] = sum(w.count(meant) for w in self.truth_words)
        return cache[meant]


def read_table(path: Path) -> tuple[list[str], list[Row]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = []
    for i, ln in enumerate(lines):
        if ln.strip() and not ln.startswith("#"):
            seen, meant, cost, kinds = ln.split("\t")[:4]
            rows.append(Row(seen, meant, float(cost), kinds, i))
    return lines, rows


def words_of(text: str) -> list[str]:
    text = _KEEP.sub("-", _JOIN.sub("", text))
    return text.split()


def differing_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """The differing runs of a Levenshtein alignment of ``a`` with ``b``: (a0, a1, b0, b1);
    the backtrace prefers a match, then a substitution, then a deletion."""
    n, m = len(a), len(b)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        ai = a[i - 1]
        row, prev = d[i], d[i - 1]
        for j in range(1, m + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
    # backtrace into a list of aligned index pairs (None for a gap), from the end
    pairs = []
    i, j = n, m
    while i or j:
        if i and j and a[i - 1] == b[j - 1] and d[i][j] == d[i - 1][j - 1]:
            pairs.append((i - 1, j - 1, True))
            i, j = i - 1, j - 1
        elif i and j and d[i][j] == d[i - 1][j - 1] + 1:
            pairs.append((i - 1, j - 1, False))
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            pairs.append((i - 1, None, False))
            i -= 1
        else:
            pairs.append((None, j - 1, False))
            j -= 1
    pairs.reverse()
    runs = []
    ai = bi = 0  # the next index of a and b
    start = None
    for x, y, same in pairs:
        if same:
            if start is not None:
                runs.append((start[0], ai, start[1], bi))
                start = None
        elif start is None:
            start = (ai, bi)
        if x is not None:
            ai = x + 1
        if y is not None:
            bi = y + 1
    if start is not None:
        runs.append((start[0], ai, start[1], bi))
    return runs


def confusions_of(seen_word: str, meant_word: str):
    """The confusions between an OCR word and its truth word: ``(seen, meant, bare)`` for each
    differing run (``bare`` true) and the run with one equal letter of context before and
    after (``bare`` false)."""
    for a0, a1, b0, b1 in differing_runs(seen_word, meant_word):
        seen, meant = seen_word[a0:a1], meant_word[b0:b1]
        if len(seen) > MAX_LEN or len(meant) > MAX_LEN or not _LETTER.search(meant) or seen == meant:
            continue
        yield seen, meant, True
        if a0 and b0:
            yield seen_word[a0 - 1 : a1], meant_word[b0 - 1 : b1], False
        if a1 < len(seen_word) and b1 < len(meant_word):
            yield seen_word[a0 : a1 + 1], meant_word[b0 : b1 + 1], False


def documents(corpora: list[Path], hold_out: list[str]) -> list[Path]:
    docs = []
    for root in corpora:
        for d in sorted(p for p in root.iterdir() if (p / "truth.txt").is_file()):
            if not any(d.name.startswith(prefix) for prefix in hold_out):
                docs.append(d)
    return docs


def split_known(seen: str, meant: str, known: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two table rows side by side that make up the run ("aB" → "äß" is "a" → "ä" and
    "B" → "ß"), or nothing."""
    for i in range(1, len(seen)):
        for j in range(1, len(meant)):
            left, right = (seen[:i], meant[:j]), (seen[i:], meant[j:])
            if left in known and right in known:
                return [left, right]
    return []


def count(docs: list[Path], kinds: list[str], known: set[tuple[str, str]] = frozenset()) -> Counts:
    """Count the confusions of ``docs``; a run that two rows of ``known`` make up side by side
    counts for both rows (and is not listed as missing)."""
    counts = Counts()
    for d in docs:
        truth = words_of(d.joinpath("truth.txt").read_text(encoding="utf-8"))
        for kind in kinds:
            path = d / KINDS[kind]
            if not path.is_file():
                continue
            counts.docs += 1
            ocr = words_of(path.read_text(encoding="utf-8"))
            matcher = difflib.SequenceMatcher(None, ocr, truth, autojunk=False)
            for tag, i0, i1, j0, j1 in matcher.get_opcodes():
                if tag == "equal":
                    counts.truth_words.extend(truth[j0:j1])
                    counts.words += j1 - j0
                elif tag == "replace" and i1 - i0 == j1 - j0:
                    for o, t in zip(ocr[i0:i1], truth[j0:j1]):
                        counts.truth_words.append(t)
                        counts.words += 1
                        counts.pairs += 1
                        for seen, meant, bare in confusions_of(o, t):
                            parts = split_known(seen, meant, known) if bare and (seen, meant) not in known else []
                            for part in parts:
                                counts.confusions[part] += 1
                            if seen:
                                counts.confusions[(seen, meant)] += 1
                            if bare and not parts:
                                counts.bare[(seen, meant)] += 1
                else:
                    counts.skipped += j1 - j0
    return counts


@dataclass
class Regenerated:
    row: Row
    count: int
    total: int  #: occurrences of meant
    raw: float | None  #: -ln P(seen | meant), None where seen too rarely
    cost: float  #: the regenerated cost (the shipped one where raw is None)


def regenerate(rows: list[Row], counts: Counts, min_count: int) -> tuple[list[Regenerated], tuple[float, float, float]]:
    """Each row's regenerated cost, and the fit (intercept, slope, Pearson r): a line with the
    shipped costs' mean and spread (slope = sd(cost) / sd(-ln P)), so the regenerated costs
    span the shipped range instead of shrinking towards its mean."""
    cache: dict[str, int] = {}
    out = []
    for r in rows:
        c = counts.confusions[(r.seen, r.meant)]
        total = counts.meant_total(r.meant, cache)
        raw = -math.log(c / total) if c >= min_count and total else None
        out.append(Regenerated(r, c, total, raw, r.cost))
    xs = [g.raw for g in out if g.raw is not None]
    ys = [g.row.cost for g in out if g.raw is not None]
    a, b, rho = LOW, 0.0, 0.0
    if len(xs) >= 2 and len(set(xs)) > 1:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        syy = sum((y - my) ** 2 for y in ys)
        sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
        b = math.copysign(math.sqrt(syy / sxx), sxy)
        a = my - b * mx
        rho = sxy / math.sqrt(sxx * syy) if syy else 0.0
    for g in out:
        if g.raw is not None:
            g.cost = round(min(HIGH, max(LOW, a + b * g.raw)), 1)
    return out, (a, b, rho)


def render(lines: list[str], regenerated: list[Regenerated], note: str) -> str:
    """The table file with the regenerated costs (rows, order, kinds and comments kept)."""
    lines = list(lines)
    for g in regenerated:
        r = g.row
        parts = lines[r.line].split("\t")
        parts[2] = f"{g.cost:.1f}"
        lines[r.line] = "\t".join(parts)
    header_end = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    lines.insert(header_end, f"# Regenerated: {note}")
    return "\n".join(lines) + "\n"


def compare(regenerated: list[Regenerated], counts: Counts, rows: list[Row], fit, top: int, out) -> None:
    a, b, rho = fit
    print(f"# {counts.docs} OCR texts, {counts.words} truth words aligned, {counts.pairs} differing pairs, "
          f"{counts.skipped} words in unequal blocks skipped", file=out)
    print(f"# fit: cost = {a:.3f} + {b:.3f} * -ln P(seen|meant) over {sum(g.raw is not None for g in regenerated)} "
          f"rows (Pearson r {rho:.2f})", file=out)
    print("| seen | meant | kinds | shipped | count | of meant | -ln P | regenerated | change |", file=out)
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |", file=out)
    for g in regenerated:
        r = g.row
        raw = f"{g.raw:.2f}" if g.raw is not None else "–"
        change = f"{g.cost - r.cost:+.1f}" if g.raw is not None else "kept"
        print(f"| `{_md(r.seen)}` | `{_md(r.meant)}` | {r.kinds} | {r.cost:.1f} | {g.count} | {g.total} | {raw} "
              f"| {g.cost:.1f} | {change} |", file=out)
    known = {(r.seen, r.meant) for r in rows}
    missing = [(k, c) for k, c in counts.bare.most_common() if k not in known]
    print(f"\nDiffering runs the corpus shows that the table lacks (top {top} of {len(missing)}; "
          "'(nothing)': a letter OCR lost):", file=out)
    print("| seen | meant | count |", file=out)
    print("| --- | --- | ---: |", file=out)
    for (seen, meant), c in missing[:top]:
        print(f"| `{_md(seen) or '(nothing)'}` | `{_md(meant)}` | {c} |", file=out)


def _md(s: str) -> str:
    return s.replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append", metavar="DIR",
                    help="a corpus folder of <id>/truth.txt + ocr-*.txt (repeatable; default: ../shared/corpus/dev, dev2)")
    ap.add_argument("--kinds", default=",".join(KINDS), help="OCR kinds, comma-separated (default: %(default)s)")
    ap.add_argument("--hold-out", action="append", default=[], metavar="PREFIX",
                    help="leave out the documents whose folder name starts with PREFIX (repeatable)")
    ap.add_argument("--min-count", type=int, default=5, metavar="N",
                    help="a row seen fewer times keeps its shipped cost (default: %(default)s)")
    ap.add_argument("--table", type=Path, default=TABLE, help="the table to regenerate (default: the shipped one)")
    ap.add_argument("-o", "--out", type=Path, help="write the regenerated table to OUT")
    ap.add_argument("--compare", action="store_true", help="print shipped vs regenerated costs and missing confusions")
    ap.add_argument("--top", type=int, default=30, metavar="N", help="missing confusions listed (default: %(default)s)")
    args = ap.parse_args(argv)
    corpora = args.corpus or DEFAULT_CORPORA
    for root in corpora:
        if not root.is_dir():
            print(f"build_confusions: {root}: no such corpus folder", file=sys.stderr)
            return 2
    kinds = [k for k in args.kinds.split(",") if k]
    if not kinds or any(k not in KINDS for k in kinds):
        print(f"build_confusions: --kinds: choose from {', '.join(KINDS)}", file=sys.stderr)
        return 2
    docs = documents(corpora, args.hold_out)
    if not docs:
        print("build_confusions: no documents (every one held out?)", file=sys.stderr)
        return 2
    lines, rows = read_table(args.table)
    counts = count(docs, kinds, {(r.seen, r.meant) for r in rows})
    regenerated, fit = regenerate(rows, counts, args.min_count)
    names = ", ".join(p.name for p in corpora)
    note = (f"dictionaries/build_confusions.py over {len(docs)} documents of {names} ({'+'.join(kinds)}), "
            f"held out: {', '.join(args.hold_out) or 'none'}; min count {args.min_count}; "
            f"cost = {fit[0]:.3f} + {fit[1]:.3f} * -ln P(seen|meant), clipped to {LOW}-{HIGH}")
    text = render(lines, regenerated, note)
    if args.compare:
        compare(regenerated, counts, rows, fit, args.top, sys.stdout)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{len(rows)} rows ({sum(g.raw is not None for g in regenerated)} regenerated) -> {args.out}",
              file=sys.stderr)
    elif not args.compare:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
