"""Where the tool finds its vocabulary, shapes, queries and reference data, and build options.

An installed wheel carries them in roadmap_kg/resources/; an editable checkout reads the
top-level folders of the repository. One object holds the paths so no module guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .ids import DEFAULT_BASE

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


def resource_file(name: str) -> Path:
    """A file resource: the packaged copy, or data/NAME in a checkout."""
    packaged = _PACKAGE / "resources" / name
    return packaged if packaged.is_file() else _CHECKOUT / "data" / name


def resource_dir(name: str) -> Path:
    """The folder of a resource kind: 'ontology', 'shapes', 'queries' or 'reference'."""
    packaged = _PACKAGE / "resources" / name
    if packaged.is_dir():
        return packaged
    checkout = _CHECKOUT / ("data/reference" if name == "reference" else name)
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"resource folder {name!r} not found in the package or checkout")


# An absolute http(s) IRI ending in '/' or '#', without the characters an IRI may not hold
# (RFC 3987): no space, line break or other control character, no quote, no angle bracket.
# The base is written into .htaccess, nginx.conf and pages, so a newline or a '"' in it would
# add directives of its own.
_BASE_IRI = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"{}|\\^`]+[/#]")
BASE_IRI_RULE = "an absolute http(s) IRI ending with '/' or '#', e.g. https://example.org/id/"


def check_base_iri(value: str) -> str:
    """The base IRI, if it is one IRIs can be minted under; else a ConfigError saying why."""
    if not _BASE_IRI.fullmatch(value):
        raise ConfigError(f"base IRI {value!r} is not {BASE_IRI_RULE}")
    return value


@dataclass(frozen=True)
class Settings:
    sources: tuple[Path, ...] = ()
    out_dir: Path = Path("dist")
    base_iri: str = DEFAULT_BASE
    strict: bool = False  # extraction warnings stop the release
    link_with: tuple[Path, ...] = ()  # other publishers' datasets to link to (owl:sameAs)
    pages: bool = True  # the browsable site/ (a large corpus may be published without it)
    # the release this one follows, compared with it (changes.json …); None: the release
    # already in out_dir, if it holds one
    previous: Path | None = None
    # previous is a release this publisher built: its build cache is used as the one in
    # out_dir would be (buildcache.previous_release); a release from elsewhere is only compared
    reuse_previous: bool = False
    # processes that share the build's work (workers.at_most; the default is workers.PROCESSES,
    # this machine's two cores): 1 forks no worker, the least memory and the longest time
    jobs: int = 2
    # MiB all the build's processes may take together; None: what the system has available
    # (memory.budget). A build with pages writes them with fewer processes when as many as
    # jobs would need more (memory.page_processes)
    memory: int | None = None
    reference_dir: Path = field(default_factory=lambda: resource_dir("reference"))
    shapes_dir: Path = field(default_factory=lambda: resource_dir("shapes"))
    ontology_dir: Path = field(default_factory=lambda: resource_dir("ontology"))
    queries_dir: Path = field(default_factory=lambda: resource_dir("queries"))
    # catalogue metadata: ./data/release.toml of the publisher when there is one
    config_path: Path = field(
        default_factory=lambda: (
            Path("data/release.toml")
            if Path("data/release.toml").is_file()
            else resource_file("release.toml")
        )
    )

    def __post_init__(self) -> None:
        check_base_iri(self.base_iri)
        if self.jobs < 1:
            raise ConfigError(f"--jobs {self.jobs}: at least one process shares the work")
        if self.memory is not None and self.memory < 1:
            raise ConfigError(f"--memory {self.memory}: at least 1 MiB")
