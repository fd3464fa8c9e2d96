"""One benchmark size in one process: the time of every stage of a build and the peak memory.

    python bench/stages.py SCALE [--baseline] [--no-site] [--sources DIR]

Prints one JSON object. With --baseline it also times, in the same process, the naive way:
one whole-graph pySHACL validation and rdflib's Turtle serializer.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

START = time.perf_counter()

from roadmap_kg.extract import extract_reports  # noqa: E402
from roadmap_kg.graphindex import TripleIndex  # noqa: E402
from roadmap_kg.graphs import named_graphs  # noqa: E402
from roadmap_kg.publish.catalog import write_catalog  # noqa: E402
from roadmap_kg.publish.config import load_config  # noqa: E402
from roadmap_kg.publish.model import Release  # noqa: E402
from roadmap_kg.publish.passport import write_passport  # noqa: E402
from roadmap_kg.publish.release import write_data  # noqa: E402
from roadmap_kg.publish.site import write_site  # noqa: E402
from roadmap_kg.quality import measure  # noqa: E402
from roadmap_kg.read import read_source  # noqa: E402
from roadmap_kg.reference import Reference  # noqa: E402
from roadmap_kg.settings import Settings  # noqa: E402
from roadmap_kg.terms import rdflib_graph  # noqa: E402
from roadmap_kg.validate import load_shapes, validate  # noqa: E402
from roadmap_kg.vocab import PREFIXES  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from generate import EVENTS_PER_REPORT, generate  # noqa: E402

IMPORTS = time.perf_counter() - START


@contextlib.contextmanager
def _folder() -> Iterator[Path]:
    """A folder for this run: under bench/run.py's BENCH_SCRATCH, which it deletes when it
    ends (deleting thousands of files slows creating the next ones on some file systems:
    run.py's SCRATCH), else a temporary one."""
    scratch = os.environ.get("BENCH_SCRATCH")
    if scratch:
        yield Path(tempfile.mkdtemp(dir=scratch))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield Path(tmp)


def main() -> None:
    gc.disable()  # as `roadmap-kg build` does (pipeline._without_cycle_collection)
    scale = int(sys.argv[1])
    baseline = "--baseline" in sys.argv
    site = "--no-site" not in sys.argv
    timings: dict[str, float] = {"imports": IMPORTS}

    def stage(name: str, started: float) -> float:
        now = time.perf_counter()
        timings[name] = now - started
        return now

    with _folder() as folder:
        if "--sources" in sys.argv:
            given = Path(sys.argv[sys.argv.index("--sources") + 1])
            sources = sorted(given.glob("*.txt"))
        else:
            sources = generate(scale, folder / "sources")
        out = folder / "out"
        out.mkdir()
        settings = Settings(sources=tuple(sources), out_dir=out)

        t = time.perf_counter()
        tables = [read_source(path) for path in sources]
        t = stage("read", t)
        reference = Reference(settings.reference_dir)
        reports = extract_reports(tables, reference)
        t = stage("extract", t)
        base = settings.base_iri
        graphs = named_graphs(reports, base)
        union = [triple for _, triples in graphs for triple in triples]
        t = stage("map to RDF", t)
        index = TripleIndex.from_light(union)
        t = stage("index for look-ups", t)
        report = validate(union, load_shapes(settings.shapes_dir))
        t = stage("validate (compiled SHACL)", t)
        quality = measure(reports, reference, base)
        t = stage("measure data quality", t)
        release = Release(
            reports=reports,
            graph=index,
            config=load_config(settings.config_path),
            base_iri=base,
            ontology_dir=settings.ontology_dir,
            shapes_dir=settings.shapes_dir,
            light_graphs=graphs,
            quality=quality,
        )
        last = [t]

        def step(name: str) -> None:
            last[0] = stage(name, last[0])

        # the same writer as `roadmap-kg build`, one format after another to time each
        files, statistics = write_data(release, out, step, parallel=False)
        release = replace(release, known_statistics=statistics)
        t = last[0]
        files += write_passport(release, out, files)
        files += write_catalog(release, out, files)
        t = stage("write passport, catalogue, VoID", t)
        if site:
            write_site(release, out, files)
            t = stage("write pages", t)
        ours_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if baseline:
            from pyshacl import validate as pyshacl_validate

            graph = rdflib_graph(union, PREFIXES)
            t = stage("baseline: rdflib Graph", t)
            pyshacl_validate(graph, shacl_graph=load_shapes(settings.shapes_dir), inference="none")
            t = stage("baseline: whole-graph pySHACL", t)
            (out / "naive.ttl").write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
            t = stage("baseline: rdflib Turtle", t)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "scale": scale,
                "events": scale * EVENTS_PER_REPORT,
                "triples": len(index),
                "conforms": report.conforms,
                "peak_mib": round(ours_peak),
                "peak_with_baseline_mib": round(peak),
                "timings": timings,
            }
        )
    )


if __name__ == "__main__":
    main()
