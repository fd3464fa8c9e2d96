"""Relative links between pages: what the fast paths give is what quoting each segment
gives, for plain slugs and for paths that need quoting alike."""

from __future__ import annotations

from itertools import product
from urllib.parse import quote

from roadmap_kg.publish.site.paths import depth, relative

PATHS = [
    "",
    "/",
    "index.html",
    "id/event/ru-smo_ru-spe/2021/x-1/",
    "id/event/ru-smo_ru-spe/2021/x-1/index.html",
    "id/org/смоленск/",
    "id/place/a b/c?d#e/index.html",
    "id/place/100%/",
    "a//b/",
    "/a/b/",
    "ontology/index.html",
    "months/2021/06/",
    "id/x~y.z_w-v/",
]


def _segments(path: str, folder: bool) -> list[str]:
    return [quote(part, safe="-._~") for part in path.split("/") if part or not folder]


def test_depth_counts_the_folders_below_the_root_as_their_segments_do() -> None:
    for here in PATHS:
        assert depth(here) == len(_segments(here, True)), here


def test_a_link_goes_up_to_the_root_and_down_the_quoted_path() -> None:
    for here, target in product(PATHS, PATHS):
        expected = "../" * len(_segments(here, True)) + "/".join(_segments(target, False))
        assert relative(here, target) == expected, (here, target)
