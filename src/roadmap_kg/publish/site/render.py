"""Pages from Jinja2 templates, with one environment compiled once.

Autoescaping is on for HTML templates, and it escapes as the standard library's html.escape
does (&quot; and &#x27; for quotes), so pages keep the bytes they had when they were written
by hand. JSON embedded in <script> goes through the one filter made for it."""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@pass_eval_context
def _escaped(context: EvalContext, value: object) -> object:
    """Every {{ value }} of an HTML template, escaped as html.escape escapes it."""
    if not context.autoescape or hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


def script_json(text: str) -> Markup:
    """JSON text safe inside <script>: '<', '>' and '&' written as JSON escapes, so no
    '</script>', '<!--' or '<body>' can appear in it, and a JSON reader gets the same text."""
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=lambda name: name is not None and name.endswith(".html"),
        finalize=_escaped,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["script_json"] = script_json
    return env


@cache
def template(name: str) -> Template:
    return environment().get_template(name)


@cache
def static(name: str) -> Markup:
    """One of our own static files (CSS, the filter script), inlined into pages as is."""
    return Markup((STATIC / name).read_text(encoding="utf-8"))


def render(name: str, **context: Any) -> str:
    return template(name).render(css=static("site.css").rstrip("\n"), **context)
