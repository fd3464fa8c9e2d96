"""Pages from Jinja2 templates, with one environment compiled once.

Autoescaping is on for HTML templates (MarkupSafe's escape). JSON embedded in <script> goes
through the one filter made for it."""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
)
from jinja2.runtime import Macro
from markupsafe import Markup
from markupsafe import _escape_inner as _escape_text  # type: ignore[attr-defined]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def script_json(text: str) -> Markup:
    """JSON text safe inside <script>: '<', '>' and '&' written as JSON escapes, so no
    '</script>', '<!--' or '<body>' can appear in it, and a JSON reader gets the same text."""
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


# MarkupSafe's escaping of a text, as text: its escape() gives the same text wrapped in a
# Markup, a Python call more (the function escape() calls, MarkupSafe's C speedup where it
# has one; not exported, so its name is pinned with MarkupSafe in pyproject.toml and a test)
escaped: Callable[[str], str] = _escape_text


def shown(value: object) -> str:
    """What a template writes for {{ value }} with autoescape on: the value's own markup (its
    __html__: a link, a date, a macro's output), else its text escaped. MarkupSafe's escape
    does the same, then wraps the text in a Markup, a second Python call per value written
    (a quarter of a million of them on the pages of 3,000 events); what {{ }} writes is only
    joined into the page, so plain text does."""
    if type(value) is str:
        return escaped(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()  # type: ignore[no-any-return]
    return escaped(str(value))


class _Template(Template):
    """A compiled template whose {{ }} writes through shown(): the one name its code calls
    to escape, bound in its module's globals (the same escaping, byte for byte)."""

    @classmethod
    def _from_namespace(
        cls, environment: Environment, namespace: MutableMapping[str, Any], globals: Any
    ) -> Template:
        namespace["escape"] = shown
        return super()._from_namespace(environment, namespace, globals)


class _Environment(Environment):
    """Jinja's environment, its templates' globals one plain dict each, its templates
    writing values through shown()."""

    template_class = _Template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The globals a template sees: the environment's as they are when the template is
        loaded, then its own. environment() sets ours before loading any template but
        parts.html, which defines the macros made globals and needs none of them as such.
        Jinja's ChainMap over the two was copied key by key, in Python, into every page's
        context: 5.7 of the 7.1 us that rendering an empty page takes (the cost: a dict of a
        score of names per template, a score of templates)."""
        return {**self.globals, **(d or {})}


@cache
def environment() -> Environment:
    env = _Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=lambda name: name is not None and name.endswith(".html"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
        # our score of templates kept in a plain dict, not an LRU cache whose every look-up
        # (one per page, for the template it extends) takes a lock and reorders a queue
        cache_size=-1,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["script_json"] = script_json
    # a filter rather than a global function: the template calls a filter directly, a
    # function through Context.call (a microsecond per event row of every events table)
    env.filters["once"] = once
    # the macros of parts.html, for every template without an import: a {% from %} is run
    # again on every render (a hundredth of the time of writing a small page, each)
    parts = env.get_template("parts.html").module
    env.globals.update({name: m for name, m in vars(parts).items() if isinstance(m, Macro)})
    return env


# What once() made: by the identity of the value shown, kept alive here so that no other
# value takes its identity; emptied by forget() when a site is done.
_shown: dict[tuple[str, int], tuple[object, Markup]] = {}


def once(value: object, macro: str) -> Markup:
    """A value shown by a macro of parts.html ({{ row|once("event_row") }}): made the first
    time, the same markup for every page after (the value is one of the parts pages share,
    e.g. an events-table row)."""
    key = (macro, id(value))
    found = _shown.get(key)
    if found is None:
        found = _shown[key] = (value, shown_by(macro, value))
    return found[1]


def shown_by(macro: str, value: object) -> Markup:
    """A value as a macro of parts.html shows it."""
    return Markup(getattr(template("parts.html").module, macro)(value))


def forget() -> None:
    """Forget the markup once() made (the values it showed belong to one site)."""
    _shown.clear()


def _bytecode_cache() -> BytecodeCache | None:
    """The templates' compiled code, kept where Python keeps this package's bytecode (its
    __pycache__, when there is one we may write into, as after `make run` or an install):
    compiling the templates was a seventh of the time of the seed's build."""
    pycache = HERE / "__pycache__"
    if not pycache.is_dir() or not os.access(pycache, os.W_OK):
        return None
    folder = pycache / "templates"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@cache
def template(name: str) -> Template:
    return environment().get_template(name)


def compile_all() -> None:
    """Compile every template a build renders now: what the page child does while it waits
    for its work (site.site_started), rather than as it writes its first pages. Not
    serve's (serve_*.html): 13 of the 57 ms this took."""
    for path in sorted(TEMPLATES.iterdir()):
        if not path.name.startswith("serve_"):
            template(path.name)
    static("site.css")
    static("filter.js")


@cache
def static(name: str) -> Markup:
    """One of our own static files (CSS, the filter script), inlined into pages as is."""
    return Markup((STATIC / name).read_text(encoding="utf-8"))


# MarkupSafe writes a quote as &#34; or &#39;, html.escape (which wrote the pages before
# templates) as &quot; or &#x27;: the same characters. Pages keep their old bytes by one
# replacement over the page, safe because '&' in text is escaped and our CSS, script and
# escaped JSON hold none; done per value instead, through Jinja's finalize, it made pages
# a third slower to write.
_QUOTES = (("&#34;", "&quot;"), ("&#39;", "&#x27;"))


def render(name: str, **context: Any) -> str:
    text: str = template(name).render(css=_css(), **context)
    # A page with no '&' has no quote to replace (most pages): looking for one character is
    # a tenth of the time of looking for "&#34;" then "&#39;" in a page of Cyrillic text.
    if name.endswith(".html") and "&" in text:
        for markupsafe, standard in _QUOTES:
            text = text.replace(markupsafe, standard)
    return text


@cache
def _css() -> Markup:
    """Our style sheet as pages inline it (its last newline left out), made once."""
    return Markup(static("site.css").rstrip("\n"))
