"""Accuracy benchmark: ocr-repair and its peers on the development corpus.

For each OCR kind (English-model and German-model Tesseract output) and each
system, repair every document and score input and output against truth.txt;
then run every system over the truth itself, where a good repair changes
nothing.  See benchmarks/README.md for the columns.

    python benchmarks/accuracy.py [--corpus DIR] [--kinds eng,deu] [--only ocr-repair,...]
                                  [--limit N] [--pyspell-docs N] [--show-broken N]
                                  [--json OUT] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import TypeVar

import peers
import scoring

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # benchmark the working tree's ocr_repair
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev"
KINDS = {"eng": "ocr-eng.txt", "deu": "ocr-deu.txt"}
SYSTEMS = ("ocr-repair", "dehyphenation-alone", "naive-rejoin", "symspellpy", "pyspellchecker")
#: the first call of ocr-repair loads its lexicon; this text makes it and is timed apart
WARM_UP = "Die Beschwerdefiihrerin hat fiir die Gewahrung der Beihil-\nfe geklagt."

T = TypeVar("T")


@dataclass
class Doc:
    id: str
    truth: str
    ocr: dict[str, str]  #: kind -> OCR text


@dataclass
class System:
    name: str
    repair: Callable[[str], str]
    docs: list[Doc]
    sample: bool = False  #: runs on a sample of the documents only
    must_keep_truth: bool = False  #: list every word it changes in truth.txt


@dataclass
class Tally:
    """Sums over documents; ratios are taken over the sums (long documents weigh more)."""

    docs: int = 0
    chars: int = 0  #: characters of the folded reference
    char_edits_in: int = 0
    char_edits_out: int = 0
    words: int = 0  #: words of the reference
    word_edits_in: int = 0
    word_edits_out: int = 0
    fixed: int = 0
    broken: int = 0
    correct_before: int = 0
    seconds: float = 0.0
    #: (doc id, before word, after word, reference word) of each broken word
    examples: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: character edits before and after with each of scoring.LENIENCIES added in turn
    lenient_in: list[int] = field(default_factory=lambda: [0] * len(scoring.LENIENCIES))
    lenient_out: list[int] = field(default_factory=lambda: [0] * len(scoring.LENIENCIES))

    def add(self, doc_id: str, before: str, after: str, ref: str, seconds: float) -> None:
        changes = scoring.word_changes(before, after, ref)
        self.docs += 1
        self.chars += len(scoring.fold(ref))
        self.char_edits_in += scoring.char_edits(before, ref)
        self.char_edits_out += scoring.char_edits(after, ref)
        self.words += len(scoring.words(ref))
        self.word_edits_in += scoring.word_edits(before, ref)
        self.word_edits_out += scoring.word_edits(after, ref)
        self.fixed += changes.fixed
        self.broken += changes.broken
        self.correct_before += changes.correct_before
        self.seconds += seconds
        self.examples.extend((doc_id, *example) for example in changes.examples)
        for i, (a, b) in enumerate(zip(scoring.lenient_char_edits(before, ref), scoring.lenient_char_edits(after, ref))):
            self.lenient_in[i] += a
            self.lenient_out[i] += b

    def ratios(self) -> dict[str, float]:
        cer_in = self.char_edits_in / max(self.chars, 1)
        cer_out = self.char_edits_out / max(self.chars, 1)
        return {
            "cer_in": cer_in,
            "cer_out": cer_out,
            "cer_reduction": (cer_in - cer_out) / cer_in if cer_in else 0.0,
            "wer_in": self.word_edits_in / max(self.words, 1),
            "wer_out": self.word_edits_out / max(self.words, 1),
            "fixed_share": self.fixed / max(self.words - self.correct_before, 1),
            "broken_per_10k": 1e4 * self.broken / max(self.correct_before, 1),
            "seconds_per_doc": self.seconds / max(self.docs, 1),
        }

    def as_json(self) -> dict:
        raw = asdict(self)
        del raw["examples"]
        return raw | self.ratios()


def load_corpus(root: Path, limit: int | None) -> list[Doc]:
    dirs = sorted(d for d in root.iterdir() if (d / "truth.txt").is_file())[:limit]
    return [
        Doc(
            id=d.name,
            truth=(d / "truth.txt").read_text(encoding="utf-8"),
            ocr={kind: (d / name).read_text(encoding="utf-8") for kind, name in KINDS.items()},
        )
        for d in dirs
    ]


def sample(docs: list[Doc], n: int) -> list[Doc]:
    """``n`` documents taken from each source in turn (the id's prefix: court, news, speech)."""
    sources: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        sources[doc.id.split("-")[0]].append(doc)
    in_turn = [doc for row in zip_longest(*sources.values()) for doc in row if doc]
    return sorted(in_turn[:n], key=lambda doc: doc.id)


def timed(make: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    made = make()
    return made, time.perf_counter() - start


def build_systems(
    wanted: list[str], docs: list[Doc], pyspell_docs: int, setup: dict[str, float], notes: list[str]
) -> list[System]:
    """The wanted systems, in table order; setup times and skips go to ``setup`` and ``notes``."""
    systems = []
    if {"ocr-repair", "dehyphenation-alone"} & set(wanted):
        try:
            from ocr_repair import Config, repair_text
        except ImportError as error:
            notes.append(f"ocr-repair rows skipped: cannot import ocr_repair ({error})")
        else:
            full, dehyphenate = Config(), Config.only("dehyphenate")
            _, setup["ocr-repair first call (lexicon load)"] = timed(lambda: repair_text(WARM_UP, full))
            for name, config in (("ocr-repair", full), ("dehyphenation-alone", dehyphenate)):
                if name in wanted:
                    repair = lambda text, config=config: repair_text(text, config).text  # noqa: E731
                    systems.append(System(name, repair, docs, must_keep_truth=True))
    if "naive-rejoin" in wanted:
        systems.append(System("naive-rejoin", peers.naive_dehyphenate, docs))
    if "symspellpy" in wanted:
        if peers.NGERMAN.is_file():
            symspell, setup["symspellpy index build"] = timed(peers.SymspellPeer)
            systems.append(System("symspellpy", symspell, docs))
        else:
            notes.append(f"symspellpy skipped: no word list at {peers.NGERMAN} (Debian package wngerman)")
    if "pyspellchecker" in wanted:
        pyspell, setup["pyspellchecker dictionary load"] = timed(peers.PyspellPeer)
        some = sample(docs, pyspell_docs)
        is_sample = len(some) < len(docs)
        if is_sample:
            notes.append(
                f"pyspellchecker runs on a sample, {len(some)} of {len(docs)} documents "
                f"({', '.join(d.id for d in some)}; --pyspell-docs N): its input columns are the sample's"
            )
        systems.append(System("pyspellchecker", pyspell, some, sample=is_sample))
    return systems


def measure(system: System, pairs: list[tuple[str, str, str]]) -> Tally:
    """Repair each (doc id, text, reference) and tally the result against the reference."""
    tally = Tally()
    for doc_id, before, ref in pairs:
        after, seconds = timed(lambda: system.repair(before))
        tally.add(doc_id, before, after, ref, seconds)
    return tally


def table(header: list[str], rows: list[list[str]], markdown: bool, left: int) -> str:
    """Columns padded to width, the first ``left`` flush left, the others flush right.

    With ``markdown`` a pipe table, else columns separated by two spaces.
    """
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]

    def line(cells: list[str]) -> str:
        padded = [c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return f"| {' | '.join(padded)} |" if markdown else "  ".join(padded)

    rule = ["-" * w if i < left else "-" * (w - 1) + ":" for i, w in enumerate(widths)]
    return "\n".join([line(header), line(rule), *map(line, rows)])


def docs_cell(system: System) -> str:
    return f"{len(system.docs)} (sample)" if system.sample else str(len(system.docs))


def results_table(results: list[tuple[str, System, Tally]], markdown: bool) -> str:
    header = ["input", "system", "docs", "CER in", "CER out", "CER cut", "WER in", "WER out"]
    header += ["fixed", "fixed %", "broken/10k", "s", "s/doc"]
    rows = []
    for kind, system, tally in results:
        r = tally.ratios()
        rows.append(
            [KINDS[kind], system.name, docs_cell(system)]
            + [f"{r['cer_in']:.2%}", f"{r['cer_out']:.2%}", f"{r['cer_reduction']:.1%}"]
            + [f"{r['wer_in']:.1%}", f"{r['wer_out']:.1%}"]
            + [str(tally.fixed), f"{r['fixed_share']:.1%}", f"{r['broken_per_10k']:.1f}"]
            + [f"{tally.seconds:.2f}", f"{r['seconds_per_doc']:.3f}"]
        )
    return table(header, rows, markdown, left=2)


def residue_table(results: list[tuple[str, System, Tally]], markdown: bool) -> str:
    """ocr-repair's CER cut as scored (whitespace-folded, NFC), then with each leniency of
    scoring.LENIENCIES added in turn: what the remaining character edits are made of."""
    header = ["input", "scored", "edits in", "edits out", "CER cut"]
    rows = []
    for kind, system, tally in results:
        if system.name != "ocr-repair":
            continue
        steps = [("as specified: whitespace-folded, NFC", tally.char_edits_in, tally.char_edits_out)]
        steps += [(f"+ {name}", a, b) for (name, _), a, b in zip(scoring.LENIENCIES, tally.lenient_in, tally.lenient_out)]
        rows += [[KINDS[kind], what, str(a), str(b), f"{(a - b) / a:.1%}" if a else "-"] for what, a, b in steps]
    return table(header, rows, markdown, left=2)


def truth_table(truths: list[tuple[System, Tally]], markdown: bool) -> str:
    header = ["system", "docs", "words", "changed", "changed/10k", "s"]
    rows = [
        [system.name, docs_cell(system), str(tally.words), str(tally.broken)]
        + [f"{tally.ratios()['broken_per_10k']:.1f}", f"{tally.seconds:.2f}"]
        for system, tally in truths
    ]
    return table(header, rows, markdown, left=1)


def examples(title: str, tally: Tally, limit: int | None) -> list[str]:
    """Lines listing up to ``limit`` of the tally's broken words (none if it broke none)."""
    if not tally.examples:
        return []
    shown = tally.examples[:limit]
    lines = ["", f"{title}: {len(shown)} of {tally.broken} broken words"]
    lines += [f"  {doc_id}: {before!r} -> {after!r}" for doc_id, before, after, _ in shown]
    return lines


def write_json(
    out: Path,
    corpus: Path,
    docs: int,
    setup: dict[str, float],
    notes: list[str],
    results: list[tuple[str, System, Tally]],
    truths: list[tuple[System, Tally]],
) -> None:
    raw = {
        "corpus": str(corpus),
        "docs": docs,
        "setup_seconds": setup,
        "notes": notes,
        "results": [
            {"input": KINDS[kind], "system": system.name, "sample": system.sample} | tally.as_json()
            for kind, system, tally in results
        ],
        "truth": [
            {"system": system.name, "sample": system.sample} | tally.as_json() for system, tally in truths
        ],
    }
    out.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="default: %(default)s")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated (default: %(default)s)")
    parser.add_argument("--only", default=",".join(SYSTEMS), help="systems, comma-separated (default: all)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N documents")
    parser.add_argument("--pyspell-docs", type=int, default=3, metavar="N", help="pyspellchecker's sample")
    parser.add_argument("--show-broken", type=int, default=0, metavar="N", help="N broken words per row")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw numbers to OUT")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    args.kinds = args.kinds.split(",")
    args.only = args.only.split(",")
    for option, given, known in (("--kinds", args.kinds, KINDS), ("--only", args.only, SYSTEMS)):
        if unknown := sorted(set(given) - set(known)):
            parser.error(f"{option}: unknown {', '.join(unknown)} (known: {', '.join(known)})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: nothing to benchmark (--corpus DIR)")
        return 0
    docs = load_corpus(args.corpus, args.limit)
    setup: dict[str, float] = {}
    notes: list[str] = []
    systems = build_systems(args.only, docs, args.pyspell_docs, setup, notes)

    results = []
    for kind in args.kinds:
        for system in systems:
            tally = measure(system, [(d.id, d.ocr[kind], d.truth) for d in system.docs])
            print(f"{KINDS[kind]} / {system.name}: {tally.seconds:.1f} s", file=sys.stderr)
            results.append((kind, system, tally))
    truths = []
    for system in systems:
        tally = measure(system, [(d.id, d.truth, d.truth) for d in system.docs])
        print(f"truth.txt / {system.name}: {tally.seconds:.1f} s", file=sys.stderr)
        truths.append((system, tally))

    heading = "## " if args.markdown else ""
    print(f"{heading}Accuracy on {args.corpus} ({len(docs)} documents)\n")
    print(results_table(results, args.markdown))
    if any(system.name == "ocr-repair" for _, system, _ in results):
        print(f"\n{heading}What ocr-repair's remaining edits are: the CER cut with leniencies added in turn\n")
        print(residue_table(results, args.markdown))
    print(f"\n{heading}Truth idempotence: words each system changes in truth.txt\n")
    print(truth_table(truths, args.markdown))
    lines = [f"- {what}: {seconds:.2f} s" for what, seconds in setup.items()]
    lines += [f"- {note}" for note in notes]
    for system, tally in truths:
        if system.must_keep_truth and tally.broken:
            lines += examples(f"truth.txt / {system.name} (must be 0)", tally, None)
        elif args.show_broken:
            lines += examples(f"truth.txt / {system.name}", tally, args.show_broken)
    if args.show_broken:
        for kind, system, tally in results:
            lines += examples(f"{KINDS[kind]} / {system.name}", tally, args.show_broken)
    if lines:
        print("", *lines, sep="\n")
    if args.json:
        write_json(args.json, args.corpus, len(docs), setup, notes, results, truths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
