"""Accuracy benchmark: ocr-repair and its peers on the development corpora.

For each corpus (``dev`` and ``dev2`` by default), each OCR kind (English-model and
German-model Tesseract output) and each system, repair every document and score input
and output against truth.txt, with dashes (-/–/—) and ellipses (.../…) alike (the
primary figures: text alone cannot tell them apart) and strictly; then run every system
over the truth itself, where a good repair changes nothing. For ocr-repair also: the
reliability of its corrections by confidence band, and what ``check`` reports on the
correct texts (every truth.txt). See benchmarks/README.md for the columns.

    python benchmarks/accuracy.py [--corpus DIR ...] [--kinds eng,deu] [--only ocr-repair,...]
                                  [--limit N] [--pyspell-docs N] [--show-broken N]
                                  [--show-wrong N] [--json OUT] [--markdown]
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
DEFAULT_CORPORA = [REPO.parent / "shared" / "corpus" / name for name in ("dev", "dev2")]
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
    #: text -> (normalised text, corrections): for the reliability table
    analyse: Callable[[str], tuple[str, list]] | None = None


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
    #: strict scoring (every dash and ellipsis as written)
    strict_char_edits_in: int = 0
    strict_char_edits_out: int = 0
    strict_broken: int = 0
    strict_correct_before: int = 0

    def add(self, doc_id: str, before: str, after: str, ref: str, seconds: float) -> None:
        strict = scoring.word_changes(before, after, ref)
        self.strict_char_edits_in += scoring.char_edits(before, ref)
        self.strict_char_edits_out += scoring.char_edits(after, ref)
        self.strict_broken += strict.broken
        self.strict_correct_before += strict.correct_before
        lenient_in, lenient_out = scoring.lenient_char_edits(before, ref), scoring.lenient_char_edits(after, ref)
        before, after, ref = scoring.alike(before), scoring.alike(after), scoring.alike(ref)
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
        for i, (a, b) in enumerate(zip(lenient_in, lenient_out)):
            self.lenient_in[i] += a
            self.lenient_out[i] += b

    def ratios(self) -> dict[str, float]:
        cer_in = self.char_edits_in / max(self.chars, 1)
        cer_out = self.char_edits_out / max(self.chars, 1)
        s_in = self.strict_char_edits_in / max(self.chars, 1)
        s_out = self.strict_char_edits_out / max(self.chars, 1)
        return {
            "strict_cer_reduction": (s_in - s_out) / s_in if s_in else 0.0,
            "strict_broken_per_10k": 1e4 * self.strict_broken / max(self.strict_correct_before, 1),
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


#: confidence bands of the reliability table: [low, high)
BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)
#: edits that only move text between lines (no character of the folded text changes)
LAYOUT_RULES = frozenset({"line-move"})


@dataclass
class Reliability:
    """ocr-repair's corrections by confidence band: how many, how many right.

    A correction is judged on its own: the input with only it applied, scored against the
    truth with dashes and ellipses alike; it is right when it removes exactly as many
    character edits as it makes. One that changes nothing once dashes are alike (an em
    dash set as an en dash) is left out.
    """

    #: per band: [proposed, right, applied, applied right]
    counts: list[list[int]] = field(default_factory=lambda: [[0, 0, 0, 0] for _ in BANDS[:-1]])
    #: (doc id, before, after, confidence, rule, applied) of each wrong correction
    wrong: list[tuple[str, str, str, float, str, bool]] = field(default_factory=list)

    def add(self, doc_id: str, text: str, corrections: list, ref: str) -> None:
        a_text, a_ref = scoring.alike(text), scoring.alike(ref)
        base = scoring.char_edits(a_text, a_ref)
        for c in corrections:
            if c.rule in LAYOUT_RULES:
                continue
            single = scoring.alike(text[: c.start] + c.after + text[c.end :])
            size, gain = scoring.correction_gain(a_text, single, a_ref, base)
            if size == 0:
                continue
            right = gain == size
            band = next(i for i, high in enumerate(BANDS[1:]) if c.confidence < high)
            row = self.counts[band]
            row[0] += 1
            row[1] += right
            row[2] += c.applied
            row[3] += c.applied and right
            if not right:
                self.wrong.append((doc_id, c.before, c.after, c.confidence, c.rule, c.applied))

    def at_least(self, low: float) -> tuple[int, int]:
        """(applied, right) of the corrections applied at confidence ``low`` or more."""
        rows = [r for r, b in zip(self.counts, BANDS) if b >= low]
        return sum(r[2] for r in rows), sum(r[3] for r in rows)


@dataclass
class CheckTally:
    """What ``ocr-repair check`` reports on correct text (every truth.txt)."""

    docs: int = 0
    words: int = 0
    findings: int = 0
    fixable: int = 0
    #: (doc id, before, after, confidence, rule, fixable)
    examples: list[tuple[str, str, str, float, str, bool]] = field(default_factory=list)


def check_truths(corpus: Path, docs: list[Doc], strict: bool = False) -> CheckTally:
    """Run ``check``'s own checker over each document's truth.txt."""
    from ocr_repair.commands.check import Checker

    overrides = {"words": (), "ignore": (), "threshold": None, "enable": (), "disable": ()}
    checker = Checker(overrides=overrides, config_file=None, use_files=False, mode="report")
    if strict:
        checker.strict = True
    tally = CheckTally()
    for doc in docs:
        report = checker.check(corpus / doc.id / "truth.txt")
        tally.docs += 1
        tally.words += len(scoring.words(doc.truth))
        for c in report.findings:
            tally.findings += 1
            tally.fixable += c.applied
            tally.examples.append((doc.id, c.before, c.after, c.confidence, c.rule, c.applied))
    return tally


def load_corpus(root: Path, limit: int | None, prefixes: tuple[str, ...] = ()) -> list[Doc]:
    dirs = sorted(d for d in root.iterdir() if (d / "truth.txt").is_file()
                  and (not prefixes or d.name.startswith(prefixes)))[:limit]
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


_PEERS: dict[str, object] = {}


def build_systems(
    wanted: list[str], docs: list[Doc], pyspell_docs: int, setup: dict[str, float], notes: list[str]
) -> list[System]:
    """The wanted systems, in table order; setup times and skips go to ``setup`` and ``notes``
    (a peer's index is built once for all corpora)."""
    systems = []
    if {"ocr-repair", "dehyphenation-alone"} & set(wanted):
        try:
            from ocr_repair import Config, repair_text
        except ImportError as error:
            notes.append(f"ocr-repair rows skipped: cannot import ocr_repair ({error})")
        else:
            from ocr_repair.normalise import normalise

            full, dehyphenate = Config(), Config.only("dehyphenate")
            if "ocr-repair" not in _PEERS:
                _, setup["ocr-repair first call (lexicon load)"] = timed(lambda: repair_text(WARM_UP, full))
                _PEERS["ocr-repair"] = True
            for name, config in (("ocr-repair", full), ("dehyphenation-alone", dehyphenate)):
                if name in wanted:
                    repair = lambda text, config=config: repair_text(text, config).text  # noqa: E731

                    def analyse(text: str, config: Config = config) -> tuple[str, list, str]:
                        result = repair_text(text, config)
                        return normalise(text), result.corrections, result.text

                    systems.append(System(name, repair, docs, must_keep_truth=True,
                                          analyse=analyse if name == "ocr-repair" else None))
    if "naive-rejoin" in wanted:
        systems.append(System("naive-rejoin", peers.naive_dehyphenate, docs))
    if "symspellpy" in wanted:
        if peers.NGERMAN.is_file():
            if "symspellpy" not in _PEERS:
                _PEERS["symspellpy"], setup["symspellpy index build"] = timed(peers.SymspellPeer)
            systems.append(System("symspellpy", _PEERS["symspellpy"], docs))
        else:
            notes.append(f"symspellpy skipped: no word list at {peers.NGERMAN} (Debian package wngerman)")
    if "pyspellchecker" in wanted:
        if "pyspellchecker" not in _PEERS:
            _PEERS["pyspellchecker"], setup["pyspellchecker dictionary load"] = timed(peers.PyspellPeer)
        pyspell = _PEERS["pyspellchecker"]
        some = sample(docs, pyspell_docs)
        is_sample = len(some) < len(docs)
        if is_sample:
            notes.append(
                f"pyspellchecker runs on a sample, {len(some)} of {len(docs)} documents "
                f"({', '.join(d.id for d in some)}; --pyspell-docs N): its input columns are the sample's"
            )
        systems.append(System("pyspellchecker", pyspell, some, sample=is_sample))
    return systems


def measure(system: System, pairs: list[tuple[str, str, str]],
            reliability: Reliability | None = None) -> Tally:
    """Repair each (doc id, text, reference) and tally the result against the reference;
    with ``reliability`` (and a system that explains its corrections) judge each one."""
    tally = Tally()
    for doc_id, before, ref in pairs:
        if reliability is not None and system.analyse is not None:
            (text, corrections, after), seconds = timed(lambda: system.analyse(before))
            reliability.add(doc_id, text, corrections, ref)
        else:
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
    header = ["input", "system", "docs", "CER in", "CER out", "CER cut", "strict", "WER in", "WER out"]
    header += ["fixed", "fixed %", "broken/10k", "strict", "s", "s/doc"]
    rows = []
    for kind, system, tally in results:
        r = tally.ratios()
        rows.append(
            [KINDS[kind], system.name, docs_cell(system)]
            + [f"{r['cer_in']:.2%}", f"{r['cer_out']:.2%}", f"{r['cer_reduction']:.1%}"]
            + [f"{r['strict_cer_reduction']:.1%}"]
            + [f"{r['wer_in']:.1%}", f"{r['wer_out']:.1%}"]
            + [str(tally.fixed), f"{r['fixed_share']:.1%}", f"{r['broken_per_10k']:.1f}"]
            + [f"{r['strict_broken_per_10k']:.1f}"]
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
        steps = [("strict: whitespace-folded, NFC", tally.strict_char_edits_in, tally.strict_char_edits_out)]
        steps += [(f"+ {name}", a, b) for (name, _), a, b in zip(scoring.LENIENCIES, tally.lenient_in, tally.lenient_out)]
        rows += [[KINDS[kind], what, str(a), str(b), f"{(a - b) / a:.1%}" if a else "-"] for what, a, b in steps]
    return table(header, rows, markdown, left=2)


def reliability_table(rel: dict[str, Reliability], markdown: bool) -> str:
    """Per input: confidence band, corrections proposed and right, applied and right."""
    header = ["input", "confidence", "proposed", "right", "right %", "applied", "applied right %"]
    rows = []
    for kind, r in rel.items():
        for low, high, (n, right, applied, applied_right) in zip(BANDS, BANDS[1:], r.counts):
            if not n:
                continue
            rows.append([KINDS[kind], f"{low:.2f}-{min(high, 1.0):.2f}", str(n), str(right), f"{right / n:.1%}",
                         str(applied), f"{applied_right / applied:.1%}" if applied else "-"])
        applied, right = r.at_least(0.9)
        rows.append([KINDS[kind], "applied at >= 0.90", "", "", "", str(applied),
                     f"{right / applied:.2%}" if applied else "-"])
    return table(header, rows, markdown, left=2)


def check_table(checks: list[tuple[str, CheckTally]], markdown: bool) -> str:
    header = ["truth.txt of", "mode", "docs", "words", "findings", "findings/10k", "fixable", "files with findings"]
    rows = []
    for mode, t in checks:
        files = len({e[0] for e in t.examples})
        rows.append([mode.split(" ")[0], mode.split(" ")[1], str(t.docs), str(t.words), str(t.findings),
                     f"{1e4 * t.findings / max(t.words, 1):.1f}", str(t.fixable), str(files)])
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


def write_json(out: Path, runs: list[dict]) -> None:
    out.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", metavar="DIR",
                        help="a corpus; repeatable (default: ../shared/corpus/dev and dev2)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated (default: %(default)s)")
    parser.add_argument("--only", default=",".join(SYSTEMS), help="systems, comma-separated (default: all)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N documents")
    parser.add_argument("--source", default="", metavar="P,Q",
                        help="only documents whose id starts with one of these (a held-out source: news2-,tech-)")
    parser.add_argument("--pyspell-docs", type=int, default=3, metavar="N", help="pyspellchecker's sample")
    parser.add_argument("--show-broken", type=int, default=0, metavar="N", help="N broken words per row")
    parser.add_argument("--show-wrong", type=int, default=0, metavar="N",
                        help="N wrong corrections of ocr-repair per input (most confident first) and N check findings")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw numbers to OUT")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    args.kinds = args.kinds.split(",")
    args.only = args.only.split(",")
    for option, given, known in (("--kinds", args.kinds, KINDS), ("--only", args.only, SYSTEMS)):
        if unknown := sorted(set(given) - set(known)):
            parser.error(f"{option}: unknown {', '.join(unknown)} (known: {', '.join(known)})")
    return args


def run_corpus(corpus: Path, args: argparse.Namespace) -> dict:
    """All tables for one corpus, printed; the raw numbers returned."""
    docs = load_corpus(corpus, args.limit, tuple(p for p in args.source.split(",") if p))
    if not docs:
        print(f"no documents of {args.source} in {corpus}\n")
        return {"corpus": str(corpus), "docs": 0}
    setup: dict[str, float] = {}
    notes: list[str] = []
    systems = build_systems(args.only, docs, args.pyspell_docs, setup, notes)

    results = []
    reliability: dict[str, Reliability] = {}
    for kind in args.kinds:
        for system in systems:
            rel = reliability.setdefault(kind, Reliability()) if system.analyse is not None else None
            tally = measure(system, [(d.id, d.ocr[kind], d.truth) for d in system.docs], rel)
            print(f"{corpus.name} {KINDS[kind]} / {system.name}: {tally.seconds:.1f} s", file=sys.stderr)
            results.append((kind, system, tally))
    truths = []
    for system in systems:
        tally = measure(system, [(d.id, d.truth, d.truth) for d in system.docs])
        print(f"{corpus.name} truth.txt / {system.name}: {tally.seconds:.1f} s", file=sys.stderr)
        truths.append((system, tally))
    checks = []
    if "ocr-repair" in args.only:
        checks = [(f"{corpus.name} {mode}", check_truths(corpus, docs, strict=mode == "--strict"))
                  for mode in ("default", "--strict")]

    heading = "## " if args.markdown else ""
    print(f"{heading}Accuracy on {corpus} ({len(docs)} documents): dashes and ellipses alike; "
          f"'strict': as written\n")
    print(results_table(results, args.markdown))
    if any(system.name == "ocr-repair" for _, system, _ in results):
        print(f"\n{heading}What ocr-repair's remaining edits are: the CER cut with leniencies added in turn\n")
        print(residue_table(results, args.markdown))
    if reliability:
        print(f"\n{heading}Reliability of ocr-repair's corrections by confidence ({corpus.name})\n")
        print(reliability_table(reliability, args.markdown))
    print(f"\n{heading}Truth idempotence: words each system changes in truth.txt ({corpus.name})\n")
    print(truth_table(truths, args.markdown))
    if checks:
        print(f"\n{heading}`check` on correct text: findings in every truth.txt ({corpus.name})\n")
        print(check_table(checks, args.markdown))
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
    if args.show_wrong:
        for kind, rel in reliability.items():
            wrong = sorted(rel.wrong, key=lambda w: (not w[5], -w[3]))[: args.show_wrong]
            lines += ["", f"{KINDS[kind]} / ocr-repair: {len(wrong)} of {len(rel.wrong)} wrong corrections"]
            lines += [f"  {d}: {b!r} -> {a!r} ({rule}, {conf}{'' if applied else ', flagged'})"
                      for d, b, a, conf, rule, applied in wrong]
        for mode, t in checks:
            lines += ["", f"check {mode}: {min(len(t.examples), args.show_wrong)} of {t.findings} findings"]
            lines += [f"  {d}: {b!r} -> {a!r} ({rule}, {conf}{', fixable' if fix else ''})"
                      for d, b, a, conf, rule, fix in t.examples[: args.show_wrong]]
    if lines:
        print("", *lines, sep="\n")
    print()
    return {
        "corpus": str(corpus),
        "docs": len(docs),
        "setup_seconds": setup,
        "notes": notes,
        "results": [
            {"input": KINDS[kind], "system": system.name, "sample": system.sample} | tally.as_json()
            for kind, system, tally in results
        ],
        "truth": [{"system": system.name, "sample": system.sample} | tally.as_json() for system, tally in truths],
        "reliability": {KINDS[k]: {"bands": BANDS, "counts": r.counts} for k, r in reliability.items()},
        "check": [{"mode": mode} | {k: v for k, v in asdict(t).items() if k != "examples"} for mode, t in checks],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpora = args.corpus or DEFAULT_CORPORA
    runs = []
    for corpus in corpora:
        if not corpus.is_dir():
            print(f"no corpus at {corpus}: nothing to benchmark there (--corpus DIR)\n")
            continue
        runs.append(run_corpus(corpus, args))
    if args.json:
        write_json(args.json, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
