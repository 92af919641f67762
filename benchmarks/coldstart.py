"""Cold start of ``ocr-repair check`` next to ``codespell`` (and ``typos`` where it is
installed: ``pip install typos``) on the same file.

Each command runs as a fresh process N times, the commands alternating run by run (so a
machine shared with other work disturbs them alike), after warm-up runs; per run the wall
time, the CPU time and the peak resident memory of that process (``os.wait4`` gives each
child's own rusage) are taken. Prints a Markdown table, the tools side by side with the
ratios to codespell, and the targets of issue 13: ``check`` at most 1.0x codespell's wall
time, at most 150 MB peak memory.

The lexicon's one-time unpacking into the cache (the very first run on a machine) is
measured apart, in a fresh cache folder, and not counted in the cold starts.

    .venv/bin/python benchmarks/coldstart.py                  # the seed, else samples/press-release.txt
    .venv/bin/python benchmarks/coldstart.py --runs 20 --file some.txt --json out.json
    .venv/bin/python benchmarks/coldstart.py --strict         # exit 1 when a target is missed
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "press-release-2016-06-ocr.txt"
SAMPLE = ROOT / "samples" / "press-release.txt"
MAX_RATIO = 1.0
MAX_RSS_MB = 150.0


def tool(name: str) -> str | None:
    """``name`` beside this Python (the project's virtual environment), else on PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def run_once(cmd: list[str], env: dict | None = None) -> dict:
    """One run: wall seconds, CPU seconds (user+sys) and peak RSS (MB) of that process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": rss, "rc": proc.returncode}


def compile_package() -> str | None:
    """Write the bytecode of the ``ocr_repair`` package this Python imports (into its
    ``__pycache__`` folders); its folder, or None where it cannot be found or written."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("ocr_repair")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent
    return str(folder) if compileall.compile_dir(str(folder), quiet=1) else None


def measure_alternating(cmds: dict[str, list[str]], runs: int, warmup: int) -> dict[str, dict]:
    """Each command ``runs`` times, taking turns (a, b, c, a, b, c, ...), after ``warmup``
    rounds; the summary of each."""
    for _ in range(warmup):
        for cmd in cmds.values():
            run_once(cmd)
    samples: dict[str, list[dict]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            samples[name].append(run_once(cmd))
    return {name: summarise(cmds[name], samples[name]) for name in cmds}


def summarise(cmd: list[str], samples: list[dict]) -> dict:
    runs = len(samples)
    walls = [s["wall"] for s in samples]
    return {
        "cmd": cmd,
        "runs": runs,
        "median_s": statistics.median(walls),
        "mean_s": statistics.fmean(walls),
        "stdev_s": statistics.stdev(walls) if len(walls) > 1 else 0.0,
        "min_s": min(walls),
        "cpu_median_s": statistics.median(s["cpu"] for s in samples),
        "peak_rss_mb": max(s["rss_mb"] for s in samples),
        "exit_codes": sorted({s["rc"] for s in samples}),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", type=Path, default=SEED if SEED.exists() else SAMPLE,
                    help="file to check (default: the seed if ../shared/seed is there, else samples/press-release.txt)")
    ap.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    ap.add_argument("--json", type=Path, help="write the raw figures here")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    ocr = tool("ocr-repair")
    codespell = tool("codespell")
    if ocr is None:
        print("ocr-repair is not installed (pip install -e .)", file=sys.stderr)
        return 2
    if not args.file.is_file():
        print(f"{args.file}: no such file", file=sys.stderr)
        return 2
    # the file is checked as is; --no-config so a config file around it cannot change the work
    check_cmd = [ocr, "check", "--no-config", "--quiet", str(args.file)]
    spell_cmd = [codespell, str(args.file)] if codespell else None
    typos = tool("typos")

    # an installed package has its bytecode (pip compiles it; Python writes it on first import
    # unless PYTHONDONTWRITEBYTECODE is set, as it is on some CI machines): without it every
    # start compiles ~50 modules from source, which is no cold start a user sees
    compiled = compile_package()

    # the first run on a machine unpacks the lexicon into the cache: measured apart
    with tempfile.TemporaryDirectory() as cache:
        first = run_once(check_cmd, dict(os.environ, OCR_REPAIR_CACHE=cache))

    print(f"bytecode of {compiled} compiled first" if compiled else "bytecode: left as it is", file=sys.stderr)
    print(f"file: {args.file} ({len(args.file.read_text(encoding='utf-8', errors='replace').splitlines())} lines), "
          f"{args.runs} runs after {args.warmup} warm-up, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}",
          file=sys.stderr)
    cmds = {"ocr-repair check": check_cmd}
    if spell_cmd:
        cmds["codespell"] = spell_cmd
    else:
        print("codespell is not installed (pip install codespell): no comparison", file=sys.stderr)
    if typos:
        cmds["typos"] = [typos, str(args.file)]
    else:
        print("typos is not installed (pip install typos): left out", file=sys.stderr)
    results = measure_alternating(cmds, args.runs, args.warmup)

    print("| command | median wall (s) | mean ± sd (s) | min (s) | CPU user+sys (s) | peak RSS (MB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(f"| `{name}` | {r['median_s']:.3f} | {r['mean_s']:.3f} ± {r['stdev_s']:.3f} | {r['min_s']:.3f} | "
              f"{r['cpu_median_s']:.3f} | {r['peak_rss_mb']:.1f} |")
    ok = True
    chk = results["ocr-repair check"]
    if "codespell" in results:
        cs = results["codespell"]
        ratio = chk["median_s"] / cs["median_s"]
        cpu_ratio = chk["cpu_median_s"] / cs["cpu_median_s"] if cs["cpu_median_s"] else float("nan")
        print(f"| ratio check / codespell | {ratio:.2f}x | | {chk['min_s'] / cs['min_s']:.2f}x | {cpu_ratio:.2f}x | "
              f"{chk['peak_rss_mb'] / cs['peak_rss_mb']:.2f}x |")
        if "typos" in results:
            ty = results["typos"]
            print(f"| ratio check / typos | {chk['median_s'] / ty['median_s']:.2f}x | | "
                  f"{chk['min_s'] / ty['min_s']:.2f}x | "
                  f"{chk['cpu_median_s'] / ty['cpu_median_s'] if ty['cpu_median_s'] else float('nan'):.2f}x | "
                  f"{chk['peak_rss_mb'] / ty['peak_rss_mb']:.2f}x |")
        ok &= ratio <= MAX_RATIO
        print(f"\nwall time: {ratio:.2f}x codespell (target <= {MAX_RATIO:.1f}x): {'met' if ratio <= MAX_RATIO else 'MISSED'}")
    rss_ok = chk["peak_rss_mb"] <= MAX_RSS_MB
    ok &= rss_ok
    print(f"peak memory: {chk['peak_rss_mb']:.1f} MB (target <= {MAX_RSS_MB:.0f} MB): {'met' if rss_ok else 'MISSED'}")
    print(f"first run with an empty cache (unpacks the lexicon and writes its word filter once): {first['wall']:.3f} s, "
          f"{first['rss_mb']:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps({"file": str(args.file), "results": results, "first_run": first}, indent=1)
                             + "\n", encoding="utf-8")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
