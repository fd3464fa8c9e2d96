"""Benchmark: builds of generated report corpora at 1×, 10×, 100× and 1000× the seed.

Run with `make bench`. For each size, a fresh process (bench/stages.py) generates the corpus
(50 events per report, as the seed has), then times every stage of a build and reads its
peak memory; in the same process it times the naive baseline: one whole-graph pySHACL call
and rdflib's Turtle serializer. Then the seed itself is built by `roadmap-kg build` as a user
runs it. Timings are measured, never asserted: tests do not time anything.

Environment:
    BENCH_SIZES=1,10,100,1000   sizes to run (multiples of the seed's 50 events)
    BENCH_BASELINE_MAX=100      largest size at which the naive baseline runs (pySHACL needs
                                minutes and gigabytes beyond it)
    BENCH_PAGES_MAX=100         largest size at which the stages above include the pages
    BENCH_BUILD_PAGES_MAX=1000  largest size at which `roadmap-kg build` runs with pages too
    BENCH_PAGES_RUNS=1          runs of `roadmap-kg build` with pages per size
    BENCH_INCREMENTAL=1         0: do not time a rebuild into the same folder after one report
                                changed (incremental builds), with and without pages ("—"
                                in the table then)
    BENCH_RUNS=3                runs of the seed build (best and median are shown)
    BENCH_BUILD_RUNS=3          runs of `roadmap-kg build --no-pages` per size (the median
                                and the best are shown: a shared machine's noise is seconds)
    BENCH_ONE_JOB=1             0: do not time the build with pages by one process alone
                                (`--jobs 1`, the least memory) at each size ("—" then)
    BENCH_STORES=1              then bench/stores.py: a release of BENCH_STORE_REPORTS=60
                                reports published into the Oxigraph server and Virtuoso,
                                publish times and the heavy queries through --endpoint
                                (0 skips it)
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "data" / "source" / "000_5ce0ec11d6e227b6.txt"
BUILD_RUNS = int(os.environ.get("BENCH_BUILD_RUNS", "3"))
PAGES_RUNS = int(os.environ.get("BENCH_PAGES_RUNS", "1"))
INCREMENTAL = os.environ.get("BENCH_INCREMENTAL", "1") == "1"
ONE_JOB = os.environ.get("BENCH_ONE_JOB", "1") == "1"

# Every folder the benchmark writes lies here and is deleted only when it ends: a release it
# is done with is set aside (renamed), not deleted. On an ext4 file system without a journal
# (this machine's), creating a file scans past every inode freed in the last 5 s, or 305 s
# while their inode-table block is dirty (ext4's recently_deleted()): a build started right
# after deleting the previous run's 26,000 files took 15-20 s instead of 7-8 s, 57 % of it
# in that scan (perf). Ext4 with a journal, the default, and tmpfs never make that scan.
SCRATCH = Path(tempfile.mkdtemp(prefix="roadmap-kg-bench-"))
_spent = itertools.count()


def scratch() -> Path:
    """A new empty folder, kept until the benchmark ends."""
    return Path(tempfile.mkdtemp(dir=SCRATCH))


def _set_aside(out: Path) -> None:
    """Make room for a full build into `out` without deleting what is there (see SCRATCH)."""
    if out.exists():
        out.rename(SCRATCH / f"spent-{next(_spent)}")


def _sizes() -> list[int]:
    return [int(s) for s in os.environ.get("BENCH_SIZES", "1,10,100,1000").split(",") if s]


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
wall = time.perf_counter() - started
if done.returncode:
    sys.exit(done.stderr.decode())
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _command(sources: Path, out: Path, pages: bool, more: tuple[str, ...] = ()) -> list[str]:
    command = [str(Path(sys.executable).parent / "roadmap-kg"), "build"]
    command += [*sorted(str(p) for p in sources.glob("*.txt")), "--out", str(out), "-q", *more]
    return command if pages else [*command, "--no-pages"]


ALONE = ("--jobs", "1")  # one process does all the work


def full_build(
    sources: Path,
    out: Path,
    pages: bool,
    over: bool = False,
    reusing: Path | None = None,
    more: tuple[str, ...] = (),
) -> tuple[float, float]:
    """Wall time and peak memory (largest process) of `roadmap-kg build` as a user runs it:
    into an empty folder (a full build), with over into the release already in out (an
    incremental rebuild, which keeps what did not change), or with reusing into an empty
    folder over that release (`--previous reusing --reuse`); more: other options."""
    if not over:
        _set_aside(out)
    more = (*more, *([] if reusing is None else ["--previous", str(reusing), "--reuse"]))
    # what the build before wrote is on disk first: its write-back (hundreds of megabytes
    # after a build with pages) ran into the next build and slowed it by seconds on ext4
    os.sync()
    measured = subprocess.run(
        [sys.executable, "-c", MEASURE, *_command(sources, out, pages), *more],
        check=True,
        capture_output=True,
        text=True,
    )
    wall, peak = measured.stdout.split()
    return float(wall), float(peak)


def total_memory(sources: Path, out: Path, pages: bool, more: tuple[str, ...] = ()) -> float | None:
    """Peak memory of `roadmap-kg build` with all its processes together, in MiB: the sum of
    their proportional set sizes (a page shared by n processes counts 1/n), read from /proc
    every 0.2 s in a run of its own (the reading slows the build). None where /proc has no
    smaps_rollup."""
    if not Path(f"/proc/{os.getpid()}/smaps_rollup").exists():
        return None
    _set_aside(out)  # a full build
    process = subprocess.Popen(
        _command(sources, out, pages, more), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.2)
    if process.returncode:
        raise SystemExit(f"the build failed ({process.returncode})")
    return peak / 1024


def incremental_build(sources: Path, out: Path, pages: bool) -> float | None:
    """Wall time of a rebuild into a folder holding the release, after one report changed
    (a row's text edited): what an incremental build saves. None with BENCH_INCREMENTAL=0."""
    if not INCREMENTAL:
        return None
    full_build(sources, out, pages)
    report = sorted(sources.glob("*.txt"))[0]
    original = report.read_bytes()
    try:
        report.write_bytes(original.replace("конференция".encode(), "Конференция".encode(), 1))
        return full_build(sources, out, pages, over=True)[0]
    finally:
        report.write_bytes(original)


def _tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))


def run_size(size: int, baseline: bool, pages: bool, build_pages: bool) -> dict:
    folder = scratch()
    sources = folder / "sources"
    sys.path.insert(0, str(HERE))
    from generate import generate

    generate(size, sources)
    result = _stages(size, baseline, pages, sources)
    out = folder / "out"
    result["build"] = _builds(sources, out, pages=False, runs=BUILD_RUNS)
    if build_pages:
        result["build with pages"] = _builds(sources, out, pages=True, runs=PAGES_RUNS)
        if ONE_JOB:
            result["build with pages, one job"] = {
                "median": full_build(sources, out, pages=True, more=ALONE)[0],
                "pss": total_memory(sources, out, pages=True, more=ALONE),
            }
    return result


def _builds(sources: Path, out: Path, pages: bool, runs: int) -> dict:
    """`roadmap-kg build` as a user runs it: wall times (median, best), the largest process's
    peak, all processes' peak PSS, and the incremental rebuild's time."""
    measured = [full_build(sources, out, pages) for _ in range(runs)]
    return {
        "median": statistics.median(wall for wall, _ in measured),
        "best": min(wall for wall, _ in measured),
        "peak": max(peak for _, peak in measured),
        "pss": total_memory(sources, out, pages),
        "incremental": incremental_build(sources, out, pages),
    }


def _stages(size: int, baseline: bool, pages: bool, sources: Path) -> dict:
    command = [sys.executable, str(HERE / "stages.py"), str(size), "--sources", str(sources)]
    if baseline:
        command.append("--baseline")
    if not pages:
        command.append("--no-site")
    started = time.perf_counter()
    environment = {**os.environ, "BENCH_SCRATCH": str(SCRATCH)}
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=environment)
    out = done.stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    return result


def table(results: list[dict]) -> str:
    stages: list[str] = []
    for result in results:
        stages += [s for s in result["timings"] if s not in stages]
    ours = [s for s in stages if not s.startswith("baseline") and s != "imports"]
    data = [s for s in ours if s != "write pages"]
    header = f"{'stage':<34}" + "".join(f"{r['scale']:>9}×" for r in results)
    lines = [header, f"{'events':<34}" + "".join(f"{r['events']:>10,}" for r in results)]
    lines.append(f"{'triples':<34}" + "".join(f"{r['triples']:>10,}" for r in results))
    lines.append("-" * len(header))
    for stage in stages:
        cells = "".join(
            f"{r['timings'][stage]:>9.2f}s" if stage in r["timings"] else f"{'—':>10}"
            for r in results
        )
        lines.append(f"{stage:<34}{cells}")
    lines.append("-" * len(header))

    def total(r: dict, names: list[str]) -> float:
        return sum(r["timings"].get(s, 0.0) for s in names)

    lines.append(
        f"{'ours: build without pages':<34}" + "".join(f"{total(r, data):>9.2f}s" for r in results)
    )
    lines.append(
        f"{'  per event':<34}"
        + "".join(f"{1000 * total(r, data) / r['events']:>8.3f}ms" for r in results)
    )
    lines.append(
        f"{'ours: validate + write Turtle':<34}"
        + "".join(
            f"{r['timings']['validate (compiled SHACL)'] + r['timings']['write Turtle']:>9.2f}s"
            for r in results
        )
    )
    lines.append(
        f"{'naive: pySHACL + rdflib Turtle':<34}"
        + "".join(
            f"{total(r, ['baseline: whole-graph pySHACL', 'baseline: rdflib Turtle']):>9.2f}s"
            if "baseline: rdflib Turtle" in r["timings"]
            else f"{'—':>10}"
            for r in results
        )
    )
    lines.append(
        f"{'peak memory (stages above)':<34}" + "".join(f"{r['peak_mib']:>7,}MiB" for r in results)
    )
    lines.append("")
    lines += _build_lines(results)
    lines.append(
        f"{'wall time of the process':<34}" + "".join(f"{r['wall']:>9.1f}s" for r in results)
    )
    lines.append(f"{'conforms':<34}" + "".join(f"{str(r['conforms']):>10}" for r in results))
    return "\n".join(lines)


def _cell(value: float | None, form: str, unit: str) -> str:
    return f"{value:>{9 - len(unit) + 1}{form}}{unit}" if value is not None else f"{'—':>10}"


def _build_lines(results: list[dict]) -> list[str]:
    """`roadmap-kg build` in a fresh process, stages overlapped as in use: without pages and
    with, full and incremental, wall time and the peak memory of all processes (PSS)."""
    lines = [
        f"`roadmap-kg build` (fresh process; {BUILD_RUNS} runs without pages, {PAGES_RUNS} "
        "with; incremental: after one report changed):"
    ]
    rows = (
        ("wall time, median", "median", ".2f", "s"),
        ("wall time, best", "best", ".2f", "s"),
        ("incremental, wall time", "incremental", ".2f", "s"),
        ("peak memory, largest process", "peak", ",.0f", "MiB"),
        ("all processes (PSS)", "pss", ",.0f", "MiB"),
    )
    for kind, title in (("build", "without pages"), ("build with pages", "with pages")):
        lines.append(f"  {title}:")
        for label, key, form, unit in rows:
            cells = "".join(_cell(r.get(kind, {}).get(key), form, unit) for r in results)
            lines.append(f"{'    ' + label:<34}{cells}")
    lines.append(_estimate_line(results, "build with pages", 2))
    lines.append("  with pages, one process (--jobs 1):")
    for label, key, form, unit in (
        ("wall time (one run)", "median", ".2f", "s"),
        ("all processes (PSS)", "pss", ",.0f", "MiB"),
    ):
        cells = "".join(
            _cell(r.get("build with pages, one job", {}).get(key), form, unit) for r in results
        )
        lines.append(f"{'    ' + label:<34}{cells}")
    lines.append(_estimate_line(results, "build with pages, one job", 1))
    ratios = "".join(
        _cell(r["build with pages"]["median"] / r["build"]["median"], ".2f", "×")
        if "build with pages" in r
        else _cell(None, "", "")
        for r in results
    )
    lines.append(f"{'  with pages ÷ without (median)':<34}{ratios}")
    lines.append(
        f"{'  per event, without pages':<34}"
        + "".join(f"{1000 * r['build']['median'] / r['events']:>8.3f}ms" for r in results)
    )
    return lines


def _estimate_line(results: list[dict], kind: str, processes: int) -> str:
    """What memory.py estimates all processes peak at, where the build was measured: the
    estimate a build with pages decides its processes by (`--memory`)."""
    from roadmap_kg.memory import needed

    cells = "".join(
        _cell(needed(r["triples"], processes) if kind in r else None, ",.0f", "MiB")
        for r in results
    )
    return f"{'    estimated (memory.py)':<34}{cells}"


def seed_build() -> str:
    """The seed's build as a user runs it, with pages and without (start-up and pages)."""
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    command = [str(Path(sys.executable).parent / "roadmap-kg"), "build", str(SEED), "-q"]
    parts = []
    for flags, what in (([], "with pages"), (["--no-pages"], "without pages")):
        walls = []
        tmp = scratch()
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([*command, "--out", tmp, *flags], check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
        parts.append(f"{what} best {min(walls):.2f} s, median {statistics.median(walls):.2f} s")
    return f"`roadmap-kg build` of the seed, over {runs} runs: " + "; ".join(parts)


def _one_report_changed(sources: Path, changed: Path) -> None:
    """changed/: the corpus in sources/ with one event of its middle report a day later (a
    new IRI for the event, a changed row for its report, organisations and places)."""
    shutil.copytree(sources, changed)
    report = sorted(changed.glob("*.txt"))[len(list(changed.glob("*.txt"))) // 2]
    lines = report.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        date = re.search(r"\b(\d\d)\.(\d\d)\.(20\d\d)\b", line)
        if number > 10 and date:
            day = int(date.group(1)) % 27 + 1
            lines[number] = f"{line[: date.start()]}{day:02d}{line[date.start() + 2 :]}"
            break
    report.write_text("\n".join(lines), encoding="utf-8")


def incremental(reports: int = 60) -> str:
    """`roadmap-kg build` of BENCH_INCREMENTAL_REPORTS=60 generated reports, then after one
    report changed into a new folder over its release (--previous --reuse) and again over it
    in place (issue 16), and over it with nothing changed: the median wall times of
    BUILD_RUNS runs of each and the ratio to the full build, with pages and without."""
    reports = int(os.environ.get("BENCH_INCREMENTAL_REPORTS", str(reports)))
    lines = []
    folder = scratch()
    sources, changed = folder / "sources", folder / "changed"
    _generate(reports, sources)  # one report per region pair and year, 50 events each
    _one_report_changed(sources, changed)
    for pages in (True, False):
        runs: dict[str, list[float]] = {
            "full": [],
            "one changed, new folder (--reuse)": [],
            "one changed": [],
            "unchanged": [],
        }
        for run in range(BUILD_RUNS):
            out = folder / f"out{run}{pages}"
            runs["full"].append(full_build(sources, out, pages)[0])
            beside = folder / f"beside{run}{pages}"
            reused = full_build(changed, beside, pages, reusing=out)[0]
            runs["one changed, new folder (--reuse)"].append(reused)
            runs["one changed"].append(full_build(changed, out, pages, over=True)[0])
            runs["unchanged"].append(full_build(changed, out, pages, over=True)[0])
        full = statistics.median(runs["full"])
        shown = ", ".join(
            f"{name} {statistics.median(walls):.2f} s"
            + ("" if name == "full" else f" ({statistics.median(walls) / full:.2f})")
            for name, walls in runs.items()
        )
        lines.append(
            f"incremental build of {reports} reports {'with' if pages else 'without'} "
            f"pages, median of {BUILD_RUNS}: {shown}"
        )
    return "\n".join(lines)


def _generate(reports: int, folder: Path) -> None:
    sys.path.insert(0, str(HERE))
    from generate import generate

    generate(reports, folder)  # its scale is the number of reports


PDFS = ROOT / "tests" / "fixtures" / "formats"
SEED_PDFS = (
    "seed-a4-landscape.pdf",
    "seed-a4-landscape-tagged.pdf",
    "seed-letter-narrow-columns.pdf",
)


def pdf_reader() -> str:
    """Pages per second of the PDF reader (the file to its Table: layout, structure tree and
    text, no extraction) on the seed's PDFs, best of BENCH_RUNS runs each, after a first run
    that loads pdfplumber and the dictionary."""
    import pdfplumber

    from roadmap_kg.read import read_source

    runs = int(os.environ.get("BENCH_RUNS", "3"))
    parts, total_pages, total_time = [], 0, 0.0
    for name in SEED_PDFS:
        with pdfplumber.open(PDFS / name) as pdf:
            pages = len(pdf.pages)
        read_source(PDFS / name)
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            read_source(PDFS / name)
            best = min(best, time.perf_counter() - started)
        parts.append(f"{name} {pages / best:.1f}")
        total_pages, total_time = total_pages + pages, total_time + best
    return (
        f"PDF reader: {total_pages / total_time:.1f} pages/s on the seed's PDFs "
        f"({total_pages} pages; per file, pages/s: {', '.join(parts)})"
    )


def main() -> None:
    try:
        _main()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def _main() -> None:
    baseline_max = int(os.environ.get("BENCH_BASELINE_MAX", "100"))
    pages_max = int(os.environ.get("BENCH_PAGES_MAX", "100"))
    build_pages_max = int(os.environ.get("BENCH_BUILD_PAGES_MAX", "1000"))
    # bytecode of our own modules, as `make run` and an install write it (this environment
    # may set PYTHONDONTWRITEBYTECODE): start-up is measured as a user meets it
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    results = []
    for size in _sizes():
        print(f"building {size}× ({size * 50:,} events) …", file=sys.stderr, flush=True)
        results.append(
            run_size(size, size <= baseline_max, size <= pages_max, size <= build_pages_max)
        )
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(table(results))
    print()
    print(seed_build())
    print(incremental())
    if os.environ.get("BENCH_STORES", "1") != "0":
        print(flush=True)
        subprocess.run([sys.executable, str(HERE / "stores.py")], check=True)
    print(pdf_reader())


if __name__ == "__main__":
    main()
