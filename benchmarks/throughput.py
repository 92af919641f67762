#!/usr/bin/env python3
"""Throughput of ocr-repair next to plain Tesseract on one thread: the rows of issue 13.

Three parts (``--only convert,batch,big``; all by default but ``big``):

* **convert**: ``ocr-repair convert`` of a 2-page and a 4-page scan (the sample scan
  ``samples/press-release-scan.pdf``, twice over for 4 pages), as a user runs it (no
  environment set, default ``--jobs``: all cores) and with ``--jobs 1``, next to
  ``tesseract PAGE - -l deu`` run page after page with ``OMP_THREAD_LIMIT=1`` on the same
  pages (rendered at 300 dpi to PNG first, as ocr-repair renders them). The commands take
  turns run by run (a, b, c, a, b, c, ...: a machine shared with other work disturbs them
  alike) and the medians are compared. Targets: 2 pages ≤ 1.05×, 4 pages on 2 cores
  ≤ 0.6× sequential single-thread Tesseract; ``--jobs 1``: a few per cent over it.
* **batch**: ``ocr-repair batch`` at 1 and N jobs next to a loop of ``tesseract`` over the
  same pages, one at a time and N at a time (typeset pages, one document each). Targets:
  overhead per page at 1 job ≤ 10 %, speedup ≥ 0.9 × N.
* **big**: ``ocr-repair convert`` of a long transcription (``--big-mb`` MB, default 10, or
  several sizes: ``10,50``,
  made by repeating the corpus's ``ocr-deu.txt`` files, or the bundled sample without the
  corpus, in a temporary folder): seconds, words/s, peak memory; and ``repair_text`` warm,
  in this process, on 1 MB of it. Targets: ≥ 50,000 words/s, ≤ 300 MB peak; ``repair_text``
  ≥ 100,000 words/s.

Peak memory is each process's own maximum resident set (``os.wait4``); Tesseract's is
the largest of its runs. The convert table also gives CPU seconds (user + system, each
command with its Tesseracts): on a machine shared with other work the wall times move with
the load, the CPU a command needs much less. ocr-repair's own modules are compiled to
bytecode first, as an installed package has them (``PYTHONDONTWRITEBYTECODE`` would
otherwise make every run compile them again).

    .venv/bin/python benchmarks/throughput.py                       # convert and batch
    .venv/bin/python benchmarks/throughput.py --only convert --repeat 5
    .venv/bin/python benchmarks/throughput.py --only big --big-mb 10,50
    .venv/bin/python benchmarks/throughput.py --only batch --count 4 --jobs 2
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_SUFFIXES = {".png", ".tif", ".tiff", ".jpg", ".jpeg"}

TITLES = [
    "Land fördert Digitalisierungszentren in Bibliotheken",
    "Neue Radwege zwischen Münster und Greven",
    "Schulen erhalten zusätzliche Lehrkräfte für Mathematik",
    "Hochwasserschutz an der Ruhr wird ausgebaut",
    "Förderprogramm für kleine Handwerksbetriebe verlängert",
    "Gesundheitsämter testen neue Software",
]
PARAGRAPHS = [
    "Mit einer Förderung von insgesamt 7,05 Millionen Euro unterstützt die Landesregierung den "
    "Aufbau von sieben regionalen Zentren. Die neuen Einrichtungen entstehen in den Stadtbibliotheken "
    "von Bielefeld, Münster, Siegen, Mönchengladbach, Gütersloh, Hagen und Paderborn.",
    "Ziel der Maßnahme ist die Bündelung von Bildungs- und Förderangeboten unter einem Dach. Geschulte "
    "Fachkräfte kümmern sich um Fragen rund um Medienkompetenz, Datenschutz und den sicheren Umgang "
    "mit digitalen Behördengängen.",
    "„Wer heute teilhaben will, braucht verlässliche Anlaufstellen in der Nachbarschaft“, erklärte die "
    "Ministerin bei der Vorstellung des Programms. Die Größe der Räume richtet sich nach dem Bedarf "
    "vor Ort; vorgesehen sind jeweils mindestens 180 Quadratmeter.",
    "Die Arbeiten beginnen im Frühjahr und sollen bis Ende des Jahres abgeschlossen sein. Während der "
    "Bauzeit kommt es zu Einschränkungen im Straßenverkehr; Umleitungen werden ausgeschildert. Anwohnerinnen "
    "und Anwohner werden rechtzeitig über die einzelnen Bauabschnitte informiert.",
    "Nach § 12 Absatz 3 der Förderrichtlinie können Anträge bis zum 30. September gestellt werden. Über "
    "die Bewilligung entscheidet die Bezirksregierung innerhalb von acht Wochen. Zuschüsse von bis zu "
    "80 Prozent der förderfähigen Kosten sind möglich.",
    "Außerdem werden historische Zeitungen, Vereinschroniken und Fotografien aus der Region digitalisiert "
    "und öffentlich zugänglich gemacht. Schulklassen, Senioreneinrichtungen und Integrationskurse können "
    "feste Termine vereinbaren; die Teilnahme ist kostenlos.",
    "Bei Nachfragen wenden Sie sich bitte an die Pressestelle des Ministeriums, Telefon 0211 1234-567, "
    "E-Mail presse@example.org. Weitere Informationen stehen unter https://www.example.org/presse bereit.",
]


def natural_key(name: str):
    return [(int(p), "") if p.isdigit() else (-1, p.lower()) for p in re.split(r"(\d+)", name)]


def typeset_pages(folder: Path, count: int) -> list[Path]:
    sys.path.insert(0, str(ROOT / "samples"))
    import typeset  # samples/typeset.py

    pages: list[Path] = []
    i = 0
    while len(pages) < count:
        paras = [PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(4)]
        text = TITLES[i % len(TITLES)] + "\n\n" + "\n\n".join(paras) + "\n"
        for image in typeset.typeset(text, noise=0.15, seed=i):
            if len(pages) == count:
                break
            path = folder / f"page-{len(pages) + 1:03d}.png"
            typeset.save([image], path)
            pages.append(path)
        i += 1
    return pages


def tesseract_env() -> dict:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def user_env() -> dict:
    """The environment as a user has it: no OMP_THREAD_LIMIT."""
    return {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}


def run_timed(cmd: list[str], env: dict | None = None) -> dict:
    """One run of ``cmd``: wall seconds and the peak RSS (MB) of that process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.exit(f"{' '.join(cmd)} failed ({rc}):\n{err.decode(errors='replace')}")
    # the child's CPU with that of the processes it waited for (its Tesseracts)
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}


def tesseract_one(page: Path) -> dict:
    return run_timed(["tesseract", str(page), "-", "-l", "deu"], env=tesseract_env())


def tesseract_pages(pages: list[Path]) -> dict:
    """Tesseract page after page on one thread: wall seconds in all, the largest peak."""
    runs = [tesseract_one(p) for p in pages]
    return {"wall": sum(r["wall"] for r in runs), "rss_mb": max(r["rss_mb"] for r in runs),
            "cpu": sum(r["cpu"] for r in runs)}


def time_tesseract(pages: list[Path], jobs: int) -> float:
    t = time.perf_counter()
    if jobs == 1:
        for p in pages:
            tesseract_one(p)
    else:
        with ThreadPoolExecutor(jobs) as pool:  # threads that each wait on a tesseract process
            list(pool.map(tesseract_one, pages))
    return time.perf_counter() - t


def ocr_repair_command() -> list[str]:
    exe = Path(sys.executable).with_name("ocr-repair")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ocr_repair.cli"]


def time_ocr_repair(src: Path, work: Path, jobs: int, n: int) -> float:
    dest = work / f"out-{jobs}-{n}"
    t = time.perf_counter()
    proc = subprocess.run([*ocr_repair_command(), "batch", str(src), str(dest), "--jobs", str(jobs)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"ocr-repair batch failed ({proc.returncode}):\n{proc.stderr}")
    shutil.rmtree(dest, ignore_errors=True)
    return elapsed


def best_of(repeat: int, fn, *args) -> float:
    return min(fn(*args, n) if fn is time_ocr_repair else fn(*args) for n in range(repeat))


def median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def alternate(cmds: dict, repeat: int) -> dict[str, dict]:
    """Each runner (a callable returning ``run_timed``'s dict) ``repeat`` times, taking
    turns; per runner the median wall, the min and the largest peak RSS."""
    samples: dict[str, list[dict]] = {name: [] for name in cmds}
    for _ in range(repeat):
        for name, fn in cmds.items():
            samples[name].append(fn())
    return {name: {"median": median([r["wall"] for r in rs]), "min": min(r["wall"] for r in rs),
                   "rss_mb": max(r["rss_mb"] for r in rs), "cpu": median([r["cpu"] for r in rs]), "runs": len(rs)}
            for name, rs in samples.items()}


def compile_package() -> None:
    """ocr_repair's bytecode, as an installed package has it (see the module docstring)."""
    import compileall

    compileall.compile_dir(str(ROOT / "ocr_repair"), quiet=2)


# -- convert -----------------------------------------------------------------------------

def scan_pdfs(work: Path) -> dict[int, Path]:
    """The sample scan (2 pages) and the same twice over (4 pages), as PDFs in ``work``."""
    import pypdfium2 as pdfium

    sample = ROOT / "samples" / "press-release-scan.pdf"
    out = {}
    src = pdfium.PdfDocument(str(sample))
    n = len(src)
    for copies in (1, 2):
        doc = pdfium.PdfDocument.new()
        for _ in range(copies):
            doc.import_pages(src)
        path = work / f"scan-{n * copies}.pdf"
        doc.save(str(path))
        out[n * copies] = path
    return out


def pdf_pngs(pdf: Path, folder: Path, dpi: int = 300) -> list[Path]:
    """The PDF's pages rendered as ocr-repair renders them (grayscale, ``dpi``), as PNG."""
    sys.path.insert(0, str(ROOT))
    from ocr_repair.inputs import pdf_pages

    folder.mkdir(exist_ok=True)
    paths = []
    for i, image in enumerate(pdf_pages(pdf, dpi), 1):
        path = folder / f"page-{i}.png"
        image.save(path, dpi=(dpi, dpi))
        paths.append(path)
    return paths


def convert_part(work: Path, jobs: int, repeat: int) -> list[str]:
    compile_package()
    pdfs = scan_pdfs(work)
    load = os.getloadavg()[0]
    out = [f"`convert` of the sample scan, {repeat} alternating runs each, medians; reference: "
           f"`tesseract PAGE - -l deu`, page after page, `OMP_THREAD_LIMIT=1`, on the same pages as PNG "
           f"(load at the start {load:.1f} on {os.cpu_count()} CPUs):\n",
           "| what | ocr-repair median (s) | min (s) | peak RSS (MB) | tesseract median (s) | peak RSS (MB) | ratio | "
           "CPU s (ocr-repair / tesseract) | target |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for n, pdf in sorted(pdfs.items()):
        pngs = pdf_pngs(pdf, work / f"png-{n}")
        tesseract_one(pngs[0])  # warm-up: the model into the page cache
        cmds = {
            "user": lambda pdf=pdf: run_timed([*ocr_repair_command(), "convert", str(pdf), "-o", str(work / "o.md")],
                                              env=user_env()),
            "one": lambda pdf=pdf: run_timed([*ocr_repair_command(), "convert", str(pdf), "--jobs", "1",
                                              "-o", str(work / "o.md")], env=user_env()),
            "tess": lambda pngs=pngs: tesseract_pages(pngs),
        }
        r = alternate(cmds, repeat)
        t = r["tess"]
        target_user = 1.05 if n <= 2 else 0.6
        for key, label, target in (("user", f"{n} pages, as a user runs it (no environment, --jobs {jobs} = all cores)",
                                    f"≤ {target_user}×"),
                                   ("one", f"{n} pages, `--jobs 1`", "a few %")):
            o = r[key]
            ratio = o["median"] / t["median"]
            verdict = "" if key == "one" else (" met" if ratio <= target_user else " NOT met")
            out.append(f"| {label} | {o['median']:.2f} | {o['min']:.2f} | {o['rss_mb']:.0f} | {t['median']:.2f} | "
                       f"{t['rss_mb']:.0f} | {ratio:.2f}× | {o['cpu']:.2f} / {t['cpu']:.2f} = {o['cpu'] / t['cpu']:.2f}× | "
                       f"{target}{verdict} |")
    out.append(f"\n(load at the end {os.getloadavg()[0]:.1f})")
    return out


# -- batch -------------------------------------------------------------------------------

def batch_part(args, work: Path, jobs: int) -> list[str]:
    compile_package()
    src = work / "pages"
    src.mkdir()
    if args.pages:
        found = sorted((p for p in args.pages.iterdir() if p.suffix.lower() in PAGE_SUFFIXES),
                       key=lambda p: natural_key(p.name))
        if not found:
            sys.exit(f"{args.pages}: no page images")
        pages = []
        for p in found:  # a copy, so that the batch sees exactly these pages and nothing else
            shutil.copy2(p, src / p.name)
            pages.append(src / p.name)
    else:
        print(f"typesetting {args.count} pages ...", file=sys.stderr)
        pages = typeset_pages(src, args.count)
    n = len(pages)
    tesseract_one(pages[0])  # warm-up: the model into the page cache

    # start-up (interpreter, imports, worker pool, Tesseract probes) happens once per run:
    # measured on the first page alone, so that the per-page overhead is told apart
    one = work / "one"
    one.mkdir()
    shutil.copy2(pages[0], one / pages[0].name)
    print(f"timing 1 page, then {n} pages at 1 and {jobs} jobs ...", file=sys.stderr)
    t_tess_one = best_of(args.repeat, time_tesseract, [one / pages[0].name], 1)
    t_or_one = best_of(args.repeat, time_ocr_repair, one, work, 1)
    t_tess_1 = best_of(args.repeat, time_tesseract, pages, 1)
    t_or_1 = best_of(args.repeat, time_ocr_repair, src, work, 1)
    t_tess_n = best_of(args.repeat, time_tesseract, pages, jobs)
    t_or_n = best_of(args.repeat, time_ocr_repair, src, work, jobs)

    startup = max(0.0, t_or_one - t_tess_one)
    overhead_all = (t_or_1 - t_tess_1) / t_tess_1
    overhead = (t_or_1 - startup - t_tess_1) / t_tess_1  # per page, start-up aside
    speedup = t_or_1 / t_or_n
    tess_speedup = t_tess_1 / t_tess_n
    rows = [
        ("`tesseract -l deu`, one page after another", 1, t_tess_1, ""),
        ("`ocr-repair batch`", 1, t_or_1,
         f"overhead {overhead_all:+.1%} in all: start-up {startup:.2f} s once, then {overhead:+.1%} per page"),
        (f"`tesseract -l deu`, {jobs} at a time", jobs, t_tess_n, f"speedup {tess_speedup:.2f}×"),
        ("`ocr-repair batch`", jobs, t_or_n, f"speedup {speedup:.2f}× over 1 job"),
    ]
    out = [f"`batch` on {n} typeset pages (best of {args.repeat}; OMP_THREAD_LIMIT=1 for the Tesseract loops):\n",
           "| run | jobs | s | pages/s | s/page | |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for name, j, t, note in rows:
        out.append(f"| {name} | {j} | {t:.1f} | {n / t:.2f} | {t / n:.2f} | {note} |")
    ok_overhead = overhead <= 0.10
    ok_speedup = speedup >= 0.9 * jobs
    out.append("")
    out.append(f"- overhead per page at 1 job: {overhead:+.1%} ({(t_or_1 - startup - t_tess_1) / n:+.3f} s/page; "
               f"target ≤ 10 %): {'met' if ok_overhead else 'NOT met'}; plus {startup:.2f} s start-up per run "
               f"({overhead_all:+.1%} in all over these {n} pages)")
    out.append(f"- speedup at {jobs} jobs: {speedup:.2f}× (target ≥ {0.9 * jobs:.1f}×): "
               f"{'met' if ok_speedup else 'NOT met'}; plain Tesseract on this machine: {tess_speedup:.2f}×")
    return out


# -- big transcriptions ------------------------------------------------------------------

CORPUS = ROOT.parent / "shared" / "corpus"


def big_text(mb: float) -> str:
    """About ``mb`` MB of OCR'd German: the corpus's ocr-deu.txt files over and over (or the
    bundled sample without the corpus), each as its own paragraph block."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*/ocr-deu.txt"))]
    if not texts:
        texts = [(ROOT / "samples" / "press-release.txt").read_text(encoding="utf-8")]
    parts, size, i = [], 0, 0
    while size < mb * 1e6:
        t = texts[i % len(texts)].strip() + "\n\n"
        parts.append(t)
        size += len(t.encode("utf-8"))
        i += 1
    return "".join(parts)


def write_big_text(path: Path, mb: float) -> tuple[int, int]:
    """:func:`big_text` of ``mb`` MB written to ``path`` part by part, never held whole:
    (bytes, words). (A child's peak RSS counts this process's at the moment it starts it:
    Linux keeps the larger of the two at ``exec``; holding 50 MB of text and its split
    here made the 50 MB row read 600 MB over what ``convert`` itself used.)"""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*/ocr-deu.txt"))]
    if not texts:
        texts = [(ROOT / "samples" / "press-release.txt").read_text(encoding="utf-8")]
    size = words = i = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < mb * 1e6:
            t = texts[i % len(texts)].strip() + "\n\n"
            fh.write(t)
            size += len(t.encode("utf-8"))
            words += len(t.split())
            i += 1
    return size, words


def big_part(work: Path, sizes: list[float]) -> list[str]:
    """``convert`` of a transcription of each of ``sizes`` MB (its own process: wall time,
    peak memory), then ``repair_text`` warm in this process on the first MB."""
    rows = []
    for mb in sizes:
        path = work / f"big-{mb:g}mb.txt"
        size, words = write_big_text(path, mb)
        print(f"converting a {size / 1e6:.1f} MB transcription ({words:,} words) ...", file=sys.stderr)
        r = run_timed([*ocr_repair_command(), "convert", str(path), "-o", str(work / "big.md")])
        path.unlink()
        rows.append(f"| `convert` | {size / 1e6:.1f} | {words:,} | {r['wall']:.1f} | {words / r['wall']:,.0f} | "
                    f"{r['rss_mb']:.0f} | ≥ 50,000 words/s, ≤ 300 MB, the same peak for any size |")

    sys.path.insert(0, str(ROOT))
    from ocr_repair import Config, repair_text

    chunk = big_text(1.2)[: 1_000_000]
    chunk = chunk[: chunk.rfind("\n\n") + 2]
    repair_text(chunk[:20_000], Config())  # warm: lexicon, caches
    t = time.perf_counter()
    repair_text(chunk, Config())
    warm = time.perf_counter() - t
    chunk_words = len(chunk.split())
    return [f"A long transcription (`convert FILE.txt -o OUT.md`; `repair_text` warm in one process on its first MB):\n",
            "| what | MB | words | s | words/s | peak RSS (MB) | target |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
            *rows,
            f"| `repair_text`, warm | {len(chunk.encode()) / 1e6:.1f} | {chunk_words:,} | {warm:.2f} | "
            f"{chunk_words / warm:,.0f} | | ≥ 100,000 words/s |"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="convert,batch", help="parts: convert, batch, big (default: convert,batch)")
    ap.add_argument("--pages", type=Path, help="batch: folder of page images (one page per file)")
    ap.add_argument("--count", type=int, default=12, help="batch: pages to typeset without --pages (default 12)")
    ap.add_argument("--jobs", type=int, default=None, help="N (default: all cores)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each (convert: medians of alternating runs; "
                    "batch: the best counts; default 3)")
    ap.add_argument("--big-mb", default="10", help="big: size(s) of the transcription in MB, comma-separated "
                    "(default 10; '10,50' for both rows)")
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if parts - {"convert", "batch", "big"}:
        ap.error(f"unknown part(s): {', '.join(sorted(parts - {'convert', 'batch', 'big'}))}")
    if parts & {"convert", "batch"} and shutil.which("tesseract") is None:
        print("tesseract is not installed: only the big part can run", file=sys.stderr)
        parts &= {"big"}
    try:
        jobs = args.jobs or len(os.sched_getaffinity(0))
    except AttributeError:
        jobs = args.jobs or os.cpu_count() or 1

    print(f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}, Python "
          f"{platform.python_version()}, {tesseract_version()}\n")
    with tempfile.TemporaryDirectory(prefix="ocr-repair-throughput-") as tmp:
        work = Path(tmp)
        for part in ("convert", "batch", "big"):
            if part not in parts:
                continue
            folder = work / part
            folder.mkdir()
            if part == "convert":
                lines = convert_part(folder, jobs, args.repeat)
            elif part == "batch":
                lines = batch_part(args, folder, jobs)
            else:
                lines = big_part(folder, [float(x) for x in str(args.big_mb).split(",") if x.strip()])
            print("\n".join(lines) + "\n", flush=True)
    return 0


def tesseract_version() -> str:
    if shutil.which("tesseract") is None:
        return "no tesseract"
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0] if first else "tesseract"


if __name__ == "__main__":
    sys.exit(main())
