"""The release a build follows: found (given with --previous, or the release already in the
output folder) and read before the new release replaces it.

What is read here is small: where its data is and what its catalogue says of it (dataset
IRI, version, date). Its data is read when the new release is compared with it (diff.py).
Another stage that needs the previous release (an incremental rebuild, say) finds it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from .diff import FORMATS
from .errors import InputError
from .graphindex import TripleIndex
from .quality import stated
from .terms import read_light

DATA_FILE = "dataset.trig"
CATALOG_FILE = "catalog.ttl"
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3: not in rdflib's DCAT


@dataclass(frozen=True)
class PreviousRelease:
    data: Path  # its dataset.trig (or the one RDF file of it that was given)
    dataset: str | None  # its dataset's IRI, as its catalog.ttl names it
    version: str | None  # its dcat:version
    modified: str | None  # its date (dct:modified), ISO
    # the DQV measurements its catalogue states: the IRI measured (its dataset, a report) →
    # metric → value (quality.stated)
    quality: dict[str, dict[URIRef, Decimal]] = field(default_factory=dict)


def find_previous(given: Path | None, out_dir: Path) -> PreviousRelease | None:
    """The release given (an error if it is none), else the one in out_dir if it holds one."""
    if given is not None:
        return read_previous(given)
    if (out_dir / DATA_FILE).is_file():
        return read_previous(out_dir)
    return None


def read_previous(path: Path) -> PreviousRelease:
    """A release folder, or its dataset.trig (any RDF file of it); its catalog.ttl is read
    from the folder when there is one."""
    folder = path if path.is_dir() else path.parent
    data = path / DATA_FILE if path.is_dir() else path
    if not data.is_file():
        raise InputError(str(path), None, f"not a release (no {DATA_FILE} in it)")
    if data.suffix not in FORMATS:
        raise InputError(str(path), None, "not a release (a folder, .trig, .ttl, .nt or .nq)")
    catalog = folder / CATALOG_FILE
    if not catalog.is_file():
        return PreviousRelease(data, None, None, None)
    try:  # the look-ups below, on the catalogue's triples (at 50,000 events a 3 MB file)
        graph = TripleIndex.from_light(read_light(catalog, ox.RdfFormat.TURTLE))
    except SyntaxError as exc:  # pyoxigraph's "not readable Turtle", with where
        message = (exc.msg or type(exc).__name__).splitlines()[0]
        raise InputError(str(catalog), exc.lineno, f"not readable as Turtle ({message})") from None
    datasets = sorted(graph.subjects(RDF.type, DCAT.Dataset), key=str)
    if not datasets or not isinstance(datasets[0], URIRef):
        return PreviousRelease(data, None, None, None)
    dataset = datasets[0]
    version, modified = graph.value(dataset, DCAT_VERSION), graph.value(dataset, DCTERMS.modified)
    return PreviousRelease(
        data=data,
        dataset=str(dataset),
        version=None if version is None else str(version),
        modified=None if modified is None else str(modified),
        quality=stated(graph),
    )
