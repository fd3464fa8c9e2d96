"""Benchmark: the build of the seed report, stage by stage and as a whole command.

Run with `make bench`. Prints, for the best of N runs:
- the wall time of `roadmap-kg build` as a user runs it (a fresh process each time);
- inside one fresh process: interpreter start and imports, reading, reference data,
  extraction, mapping to RDF, SHACL validation and writing Turtle;
- the peak resident memory of the build process.
Timings are measured, not asserted: tests never time anything.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "source" / "000_5ce0ec11d6e227b6.txt"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

STAGES = r"""
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from roadmap_kg.settings import Settings
from roadmap_kg.read import read_source
from roadmap_kg.reference import Reference
from roadmap_kg.extract import extract_report
from roadmap_kg.rdf import to_graph
from roadmap_kg.validate import load_shapes, validate
from roadmap_kg.publish.files import write_trig, write_turtle
from roadmap_kg.rdf import report_graph_iri, report_triples
import roadmap_kg.cli
t1 = time.perf_counter()
settings = Settings()
table = read_source(Path(sys.argv[1]))
t2 = time.perf_counter()
reference = Reference(settings.reference_dir)
reference.region_index; reference.authority_index
t3 = time.perf_counter()
report = extract_report(table, reference)
t4 = time.perf_counter()
graph = to_graph([report])
t5 = time.perf_counter()
result = validate(graph, load_shapes(settings.shapes_dir))
t6 = time.perf_counter()
write_turtle(graph, Path(sys.argv[2]) / "dataset.ttl")
t7 = time.perf_counter()
write_trig([(report_graph_iri(report), report_triples(report))], Path(sys.argv[2]) / "dataset.trig")
t8 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "read": t2 - t1, "reference data": t3 - t2,
    "extract": t4 - t3, "map to RDF": t5 - t4, "validate (pySHACL)": t6 - t5,
    "write Turtle": t7 - t6, "write TriG": t8 - t7,
    "conforms": result.conforms, "triples": len(graph)}))
"""


def _interpreter_start() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def main() -> None:
    command = [str(Path(sys.executable).parent / "roadmap-kg"), "build", str(SEED), "-q"]
    walls, stages, peaks = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            start = time.perf_counter()
            subprocess.run([*command, "--out", tmp], check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            out = subprocess.run(
                [sys.executable, "-c", STAGES, str(SEED), tmp],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
            stages.append(json.loads(out))
    interpreter = min(_interpreter_start() for _ in range(RUNS))
    best = min(
        range(RUNS), key=lambda i: sum(v for k, v in stages[i].items() if isinstance(v, float))
    )
    run = stages[best]
    print(f"seed report: {SEED.name}, {run['triples']} triples, conforms={run['conforms']}")
    print(
        f"`roadmap-kg build` wall time: best {min(walls):.3f} s, "
        f"median {statistics.median(walls):.3f} s over {RUNS} runs (target < 1.5 s)"
    )
    print(f"peak RSS of a build process: {max(peaks) / 1024:.0f} MiB")
    print("\nstage breakdown (best run, fresh process):")
    print(f"  {'interpreter start':<22}{interpreter:8.3f} s")
    for name, value in stages[best].items():
        if isinstance(value, float):
            print(f"  {name:<22}{value:8.3f} s")


if __name__ == "__main__":
    main()
