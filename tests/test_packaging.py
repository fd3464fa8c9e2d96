"""The installed tool carries what it needs at run time: vocabulary, shapes, queries, reference."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # builds a wheel with pip
def test_wheel_ships_ontology_shapes_queries_and_reference_data(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("roadmap_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "roadmap_kg/resources/ontology/roadmap.ttl",
        "roadmap_kg/resources/shapes/roadmap.ttl",
        "roadmap_kg/resources/queries/events-by-plan-item.rq",
        "roadmap_kg/resources/reference/regions.csv",
        "roadmap_kg/resources/reference/cities.csv",
        "roadmap_kg/resources/reference/organisations.csv",
        "roadmap_kg/resources/reference/legal-forms.csv",
        "roadmap_kg/cli.py",
        # the pages' templates and the CSS and script they inline
        "roadmap_kg/publish/site/templates/base.html",
        "roadmap_kg/publish/site/templates/htaccess",
        "roadmap_kg/publish/site/templates/nginx.conf",
        "roadmap_kg/publish/site/static/site.css",
        "roadmap_kg/publish/site/static/filter.js",
        # serve's SPARQL editor: the vendored YASGUI, its licence, our configuration script
        "roadmap_kg/publish/site/templates/serve_sparql.html",
        "roadmap_kg/static/yasgui/yasgui.min.js",
        "roadmap_kg/static/yasgui/yasgui.min.css",
        "roadmap_kg/static/yasgui/LICENSE",
        "roadmap_kg/static/sparql.js",
    ):
        assert required in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "roadmap-kg = roadmap_kg.cli:main" in entry_points
