#!/usr/bin/env python3
"""Throughput of ``ocr-repair batch``: pages per second at 1 and N jobs, next to a plain
loop of ``tesseract -l deu`` over the same pages.

Every page is a PNG file (one document per page). Four timed runs, each from a cold
start of the command (process start, imports, lexicon, pool):

* ``tesseract`` loop: ``tesseract PAGE - -l deu`` for each page, one after the other;
* ``ocr-repair batch --jobs 1``: the same pages, OCR + repair + Markdown + manifest;
* ``tesseract`` × N: the same loop spread over N processes (what the machine can do);
* ``ocr-repair batch --jobs N``.

Every Tesseract runs with ``OMP_THREAD_LIMIT=1`` (as ocr-repair's workers do), so the
comparison is like for like. Reported: ocr-repair's overhead per page at 1 job (target:
at most 10 %), told apart from its start-up cost (interpreter, imports, worker pool,
Tesseract probes: measured as ocr-repair on the first page alone minus Tesseract on it,
paid once per run), and its speedup at N jobs over 1 job (target: at least 0.8 × N),
next to what plain Tesseract gains from N processes on the same machine.

Pages: ``--pages DIR`` (PNG/TIFF/JPEG files, one page each, in natural order), else
``--count`` pages (default 12) typeset from German text below with ``samples/typeset.py``
(A4, 300 dpi, light scan noise) into a temporary folder.

    .venv/bin/python benchmarks/throughput.py                 # 12 pages, N = all cores
    .venv/bin/python benchmarks/throughput.py --count 4 --jobs 2
    .venv/bin/python benchmarks/throughput.py --pages scans/ --repeat 3

Timings on a machine shared with other work are noisy: ``--repeat`` keeps the best run.
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


def tesseract_one(page: Path) -> None:
    subprocess.run(["tesseract", str(page), "-", "-l", "deu"], check=True, env=tesseract_env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, help="folder of page images (one page per file)")
    ap.add_argument("--count", type=int, default=12, help="pages to typeset without --pages (default 12)")
    ap.add_argument("--jobs", type=int, default=None, help="N (default: all cores)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each, the best counts (default 1)")
    args = ap.parse_args(argv)
    if shutil.which("tesseract") is None:
        print("tesseract is not installed: nothing to measure", file=sys.stderr)
        return 0
    try:
        jobs = args.jobs or len(os.sched_getaffinity(0))
    except AttributeError:
        jobs = args.jobs or os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="ocr-repair-throughput-") as tmp:
        work = Path(tmp)
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
    print(f"Throughput on {n} pages ({platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, {tesseract_version()}; OMP_THREAD_LIMIT=1):\n")
    print("| run | jobs | s | pages/s | s/page | |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, j, t, note in rows:
        print(f"| {name} | {j} | {t:.1f} | {n / t:.2f} | {t / n:.2f} | {note} |")
    ok_overhead = overhead <= 0.10
    ok_speedup = speedup >= 0.8 * jobs
    print()
    print(f"- overhead per page at 1 job: {overhead:+.1%} ({(t_or_1 - startup - t_tess_1) / n:+.3f} s/page; "
          f"target ≤ 10 %): {'met' if ok_overhead else 'NOT met'}; plus {startup:.2f} s start-up per run "
          f"({overhead_all:+.1%} in all over these {n} pages)")
    print(f"- speedup at {jobs} jobs: {speedup:.2f}× (target ≥ {0.8 * jobs:.1f}×): "
          f"{'met' if ok_speedup else 'NOT met'}; plain Tesseract on this machine: {tess_speedup:.2f}×")
    return 0


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0] if first else "tesseract"


if __name__ == "__main__":
    sys.exit(main())
