"""Canned queries: the library in queries/, parameters bound as RDF terms, local or remote.

Each query file starts with a comment header, the single source of its documentation:

    # title: one line
    # description: what it answers
    # param: host (org, default sankt-peterburgskiy-gosudarstvennyy-universitet) the host
    # preset: other-query host=… region=…     (optional: this query is another with values)
    # list: roadmapNames " | "     (optional: a GROUP_CONCAT column, its items sorted)
    # title@ru: / description@ru: / param@ru: host Организатор   (the Russian pages' words)
    # column@ru: events Мероприятий   (a result column's heading on the Russian pages)
    # chart: bar x=month y=events        (optional: a chart above the result table)

Parameter types: `iri` (an absolute IRI), `org`, `place`, `event` (a key under the release's
base IRI, or an absolute IRI; a place may be an ISO 3166-2 code), `kind` (an event-kind
notation such as `conference`), `roadmap` (a roadmap key, or `all`: bound as text),
`string`, `integer`, `date` (YYYY-MM-DD), `year`.
Values become RDF terms and reach the query only as a VALUES block of those terms, written by
pyoxigraph: a value can never change the query's text into another query.

Results are SPARQL 1.1 Query Results JSON, rendered as a table, CSV, TSV or that JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from .errors import ConfigError, RoadmapError
from .ids import DEFAULT_BASE, KIND_NS, ONTOLOGY
from .remote import Client, RemoteError
from .terms import Lit, oxigraph_term, sparql_json_nt

TYPES = ("iri", "org", "place", "event", "kind", "roadmap", "string", "integer", "date", "year")
XSD = "http://www.w3.org/2001/XMLSchema#"

_HEADER = re.compile(
    r"^#\s*(title|description|param|preset|list|chart|title@ru|description@ru|param@ru|column@ru):"
    r"\s*(.*)$"
)
_LIST = re.compile(r'^(\w+)\s+"([^"]+)"$')
_PARAM = re.compile(r"^(\w+)\s+\((\w+)(?:,\s*default\s+([^)]*))?\)\s*(.*)$")
_LABEL = re.compile(r"^(\w+)\s+(\S.*)$")
_CHART = re.compile(r"^(bar|hbar)((?:\s+\w+=[\w+,]+)+)$")


class QueryError(RoadmapError):
    """A query or a parameter cannot be used: the message says which and why."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str | None
    description: str
    label_ru: str = ""  # the Russian pages' label (the header's '# param@ru:'), else the name


@dataclass(frozen=True)
class Chart:
    """A chart of the results, drawn above their table: `bar` (columns) or `hbar` (bars, for
    long labels); one bar per row (the first `limit`), its label the `x` values, its parts the
    `y` values (several: stacked)."""

    kind: str
    x: tuple[str, ...]
    y: tuple[str, ...]
    limit: int | None = None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str  # the SPARQL (for a preset: the text of the query it presets)
    preset: dict[str, str] = field(default_factory=dict)  # values this query fixes
    # GROUP_CONCAT columns (variable, separator) whose items are sorted: SPARQL leaves their
    # order to the store, and a sub-query's ORDER BY does not bind it
    lists: tuple[tuple[str, str], ...] = ()
    title_ru: str = ""  # the Russian pages' title and description (else the English ones)
    description_ru: str = ""
    chart: Chart | None = None
    # the Russian pages' heading of each result column (the header's '# column@ru:')
    columns_ru: tuple[tuple[str, str], ...] = ()

    @property
    def open_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.name not in self.preset)


def load_queries(directory: Path) -> dict[str, CannedQuery]:
    """Every query of the library, by name (file name without .rq)."""
    raw: dict[str, tuple[dict[str, Any], str]] = {}
    for path in sorted(directory.glob("*.rq")):
        raw[path.stem] = _parse(path)
    queries: dict[str, CannedQuery] = {}
    for name, (header, text) in raw.items():
        preset: dict[str, str] = {}
        parameters = header["params"]
        if header.get("preset"):
            target, *pairs = header["preset"].split()
            if target not in raw:
                raise ConfigError(f"{name}.rq: preset of unknown query {target!r}")
            if raw[target][0].get("preset"):
                raise ConfigError(f"{name}.rq: a preset of a preset ({target}) is not supported")
            text = raw[target][1]
            parameters = raw[target][0]["params"]
            header["lists"] = raw[target][0]["lists"]
            header["columns"] = raw[target][0]["columns"]
            names = {p.name for p in parameters}
            for pair in pairs:
                key, _, value = pair.partition("=")
                if key not in names or not value:
                    raise ConfigError(f"{name}.rq: preset {pair!r} names no parameter of {target}")
                preset[key] = value
        queries[name] = CannedQuery(
            name,
            header["title"],
            header["description"],
            tuple(parameters),
            text,
            preset,
            tuple(header["lists"]),
            header.get("title@ru", ""),
            header.get("description@ru", ""),
            header.get("chart"),
            tuple(header["columns"]),
        )
    return queries


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    header: dict[str, Any] = {"params": [], "lists": [], "columns": []}
    labels: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = 0
    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line)
        if not match:
            if line.startswith("#") or not line.strip():
                continue
            body_start = number - 1
            break
        key, value = match.groups()
        where = f"{path.name}:{number}"
        if key == "param":
            header["params"].append(_parameter(value, where))
        elif key == "param@ru":
            label = _LABEL.match(value.strip())
            if not label:
                raise ConfigError(f"{where}: a Russian label is 'NAME TEXT'")
            labels[label.group(1)] = label.group(2)
        elif key == "column@ru":
            column = _LABEL.match(value.strip())
            if not column:
                raise ConfigError(f"{where}: a Russian column heading is 'VARIABLE TEXT'")
            header["columns"].append(column.groups())
        elif key == "list":
            listed = _LIST.match(value.strip())
            if not listed:
                raise ConfigError(f"{where}: a list is 'VARIABLE \"SEPARATOR\"'")
            header["lists"].append(listed.groups())
        elif key == "chart":
            header["chart"] = _chart(value.strip(), where)
        else:
            header[key] = value.strip()
    else:
        body_start = len(lines)
    for required in ("title", "description"):
        if required not in header:
            raise ConfigError(f"{path.name}: the header has no '# {required}:' line")
    unknown = set(labels) - {p.name for p in header["params"]}
    if unknown:
        raise ConfigError(
            f"{path.name}: '# param@ru:' of no parameter: {', '.join(sorted(unknown))}"
        )
    header["params"] = [replace(p, label_ru=labels.get(p.name, "")) for p in header["params"]]
    return header, "\n".join(lines[body_start:]).strip() + "\n"


def _parameter(value: str, where: str) -> Parameter:
    param = _PARAM.match(value)
    if not param or param.group(2) not in TYPES:
        raise ConfigError(
            f"{where}: a parameter is 'NAME (TYPE[, default VALUE]) TEXT' "
            f"with TYPE one of {', '.join(TYPES)}"
        )
    name, kind, default, text = param.groups()
    return Parameter(name, kind, default, text)


def _chart(value: str, where: str) -> Chart:
    """'bar x=year+month y=online,offline limit=20' as a Chart."""
    match = _CHART.match(value)
    options = dict(pair.split("=", 1) for pair in match.group(2).split()) if match else {}
    if (
        not match
        or not {"x", "y"} <= set(options) <= {"x", "y", "limit"}
        or not options.get("limit", "1").isdigit()
    ):
        raise ConfigError(
            f"{where}: a chart is 'bar|hbar x=VAR[+VAR…] y=VAR[,VAR…] [limit=N]', not {value!r}"
        )
    limit = options.get("limit")
    return Chart(
        match.group(1),
        tuple(options["x"].split("+")),
        tuple(options["y"].split(",")),
        int(limit) if limit else None,
    )


# --- parameters ---------------------------------------------------------------------------


def bindings(
    query: CannedQuery, given: dict[str, str], base: str = DEFAULT_BASE
) -> dict[str, ox.NamedNode | ox.Literal]:
    """RDF terms for every parameter: given values, then the preset, then defaults."""
    known = {p.name: p for p in query.parameters}
    for name in given:
        if name not in known or name in query.preset:
            allowed = ", ".join(p.name for p in query.open_parameters) or "none"
            raise QueryError(f"{query.name}: no parameter {name!r} (parameters: {allowed})")
    terms: dict[str, ox.NamedNode | ox.Literal] = {}
    for param in query.parameters:
        value = given.get(param.name, query.preset.get(param.name, param.default))
        if value is None:
            raise QueryError(f"{query.name}: parameter {param.name!r} needs a value")
        terms[param.name] = term(param, value, base)
    return terms


def term(param: Parameter, value: str, base: str = DEFAULT_BASE) -> ox.NamedNode | ox.Literal:
    """The RDF term of one parameter value; a value that is not of its type is an error."""
    if param.type != "string":
        value = value.strip()
    try:
        if param.type in ("iri", "org", "place", "event"):
            return oxigraph_term(_iri(param.type, value.strip("<>"), base))
        if param.type == "kind":
            if not re.fullmatch(r"[a-z-]+", value):
                raise ValueError("a kind is a notation such as 'conference'")
            return oxigraph_term(KIND_NS + value)
        if param.type == "integer":
            return oxigraph_term(Lit(str(int(value)), None, XSD + "integer"))
        if param.type == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError("a date is YYYY-MM-DD")
            return oxigraph_term(Lit(value, None, XSD + "date"))
        if param.type == "year":
            if not re.fullmatch(r"\d{4}", value):
                raise ValueError("a year is four digits")
            return oxigraph_term(Lit(value, None, XSD + "gYear"))
        return oxigraph_term(Lit(value))
    except ValueError as exc:
        raise QueryError(
            f"parameter {param.name!r}: {value!r} is not a {param.type} ({exc})"
        ) from None


def _iri(kind: str, value: str, base: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return value  # absolute: pyoxigraph checks it
    if kind == "place" and re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", value):
        value = value.lower()
    if kind in ("org", "place", "event"):
        return f"{base}{kind}/{value}"
    raise ValueError("not an absolute IRI")


def with_values(text: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a VALUES block of the bound terms opening its WHERE clause."""
    if not terms:
        return text
    brace = _where_brace(text)
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(t) for t in terms.values())  # N-Triples syntax, escaped by pyoxigraph
    block = f"\n  VALUES ({names}) {{ ({values}) }}"
    return text[: brace + 1] + block + text[brace + 1 :]


def _where_brace(text: str) -> int:
    """Index of the brace that opens the WHERE clause: the first '{' outside comments,
    strings and IRIs (the prologue and SELECT clause hold none)."""
    index, length = 0, len(text)
    while index < length:
        ch = text[index]
        if ch == "#":
            index = text.find("\n", index)
            if index < 0:
                break
        elif ch == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", text[index:]):
            index = text.index(">", index)
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, index) else ch
            end = index + len(quote)
            while end < length and not text.startswith(quote, end):
                end += 2 if text[end] == "\\" else 1
            index = end + len(quote) - 1
        elif ch == "{":
            return index
        index += 1
    raise QueryError("a parameterised query needs a WHERE { … } clause")


# --- running ------------------------------------------------------------------------------


def load_store(files: list[Path]) -> ox.Store:
    """An in-memory store of release files (Turtle, TriG, N-Triples, N-Quads, JSON-LD…).

    Every triple is also put in the default graph, which is thus the union of the report
    graphs without duplicates (pyoxigraph 0.5's own union-default-graph option repeats a
    triple once per graph that holds it); the named graphs stay for GRAPH queries."""
    store = ox.Store()
    for path in files:
        try:
            quads = list(ox.parse(path=str(path), format=_format(path)))
        except (OSError, SyntaxError, ValueError) as exc:
            raise QueryError(f"{path}: cannot load ({str(exc).splitlines()[0]})") from None
        store.extend(quads)
        store.extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in quads
            if not isinstance(q.graph_name, ox.DefaultGraph)
        )
    return store


def _format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise QueryError(f"{path}: unknown RDF file extension {path.suffix!r}")
    return fmt


def run_local(text: str, store: ox.Store) -> dict[str, Any]:
    """Run a SELECT query on a store made by load_store (its default graph is the union)."""
    try:
        solutions = store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported")
    data = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    assert data is not None
    results: dict[str, Any] = json.loads(data)
    return results


def run_remote(text: str, endpoint: str, timeout: float = 60.0) -> dict[str, Any]:
    """Run a SELECT query on a SPARQL 1.1 endpoint; SPARQL 1.1 Query Results JSON back.

    Whether or not the store makes its default graph the union of its named graphs, the
    query reads the release: if the default graph holds no report, the graphs that hold the
    release (its reports and the registry) are named as the default graph with the
    protocol's `default-graph-uri` (the Oxigraph server is asked for its own
    `union-default-graph` instead: with 60 graphs named, a query took 30 s there rather than
    0.3 s). A store holding no roadmap data at all is an error, and
    so is an answer the endpoint cut short (Virtuoso's `X-SPARQL-MaxRows`). Credentials come
    from the URL (`user:password@`, never printed), the environment (ROADMAP_KG_USER,
    ROADMAP_KG_PASSWORD) or ~/.netrc; Basic or Digest, as the endpoint asks."""
    try:
        client = Client.of(endpoint, timeout)
    except RemoteError as exc:
        raise QueryError(str(exc)) from None
    try:
        return _select(client, text, _default_graph(client))
    except RemoteError as exc:
        if exc.status is None:
            message = str(exc).replace("cannot reach it", "cannot reach the endpoint")
            raise QueryError(message) from None
        raise QueryError(f"{client.url}: the endpoint refused the query ({exc})") from None


_HAS_REPORTS = f"ASK {{ ?report a <{ONTOLOGY}ImplementationReport> }}"
_GRAPHS_OF_THE_RELEASE = f"""SELECT DISTINCT ?g WHERE {{
  VALUES ?type {{ <{ONTOLOGY}ImplementationReport> <{ONTOLOGY}Roadmap> }}
  GRAPH ?g {{ ?s a ?type }}
}} ORDER BY ?g"""


def _default_graph(client: Client) -> list[tuple[str, str]]:
    """The protocol parameters that make the release the query's default graph: none if the
    store's default graph holds it."""
    probe = _post(client, _HAS_REPORTS, [])
    if probe.get("boolean") is True:
        return []
    union = [("union-default-graph", "")]
    if probe.get("_server", "").startswith("Oxigraph/"):
        if _post(client, _HAS_REPORTS, union).get("boolean") is True:
            return union
        graphs = []
    else:
        found = _post(client, _GRAPHS_OF_THE_RELEASE, [])
        graphs = [row["g"]["value"] for row in found.get("results", {}).get("bindings", [])]
    if not graphs:
        raise QueryError(
            f"{client.url}: the store holds no roadmap data (no rm:ImplementationReport in its "
            "default graph or in any named graph); publish a release there first"
        )
    return [("default-graph-uri", graph) for graph in graphs]


def _select(client: Client, text: str, default: list[tuple[str, str]]) -> dict[str, Any]:
    result = _post(client, text, default)
    if "results" not in result or "bindings" not in result["results"]:
        raise QueryError(f"{client.url}: the answer is not SPARQL JSON results")
    rows = result["results"]["bindings"]
    cap = result.get("_max_rows")
    if cap is not None and len(rows) >= cap:
        raise QueryError(
            f"{client.url}: the endpoint cut its answer at {cap} rows (it says so in "
            "X-SPARQL-MaxRows): the whole answer is longer and is not shown; raise the "
            "endpoint's limit (Virtuoso: ResultSetMaxRows in [SPARQL]) or ask for less"
        )
    for row in rows:
        for value in row.values():
            if value.get("type") == "typed-literal":  # Virtuoso's, not SPARQL 1.1 JSON
                value["type"] = "literal"
    # SPARQL 1.1 Query Results JSON only (Virtuoso adds the 2007 note's distinct and ordered)
    head = {"vars": result.get("head", {}).get("vars", [])}
    if result.get("head", {}).get("link"):
        head["link"] = result["head"]["link"]
    return {"head": head, "results": {"bindings": rows}}


def _post(client: Client, text: str, parameters: list[tuple[str, str]]) -> dict[str, Any]:
    """The query sent by POST (SPARQL 1.1 Protocol) with further parameters, its JSON answer
    (with the server's name as `_server`, its row limit as `_max_rows`)."""
    form = urlencode([("query", text), *parameters])
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }
    answer = client.request("POST", client.url, form.encode(), headers)
    try:
        result = json.loads(answer.body)
    except ValueError:
        raise QueryError(f"{client.url}: the answer is not SPARQL JSON results") from None
    if not isinstance(result, dict):
        raise QueryError(f"{client.url}: the answer is not SPARQL JSON results")
    result["_server"] = answer.headers.get("Server") or ""
    cap = answer.headers.get("X-SPARQL-MaxRows")
    if cap and cap.strip().isdigit():
        result["_max_rows"] = int(cap)
    return result


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def sort_lists(results: dict[str, Any], query: CannedQuery) -> dict[str, Any]:
    """The results with the items of each of the query's list columns sorted (by their
    text), so that every store gives the same values."""
    for variable, separator in query.lists:
        for row in results["results"]["bindings"]:
            value = row.get(variable)
            if value is not None and value.get("type") == "literal":
                value["value"] = separator.join(sorted(value["value"].split(separator)))
    return results


# --- rendering ----------------------------------------------------------------------------


def render(results: dict[str, Any], fmt: str) -> str:
    """SPARQL JSON results as 'json', 'csv', 'tsv' (the SPARQL 1.1 formats) or a 'table'."""
    variables: list[str] = results["head"]["vars"]
    rows: list[dict[str, dict[str, str]]] = results["results"]["bindings"]
    if fmt == "json":
        return json.dumps(results, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([row[v]["value"] if v in row else "" for v in variables])
        return out.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(sparql_json_nt(row.get(v)) for v in variables) for row in rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        cells = [[_short(row[v]) if v in row else "" for v in variables] for row in rows]
        widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
        lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        return "\n".join(line.rstrip() for line in lines) + "\n"
    raise QueryError(f"unknown format {fmt!r}")


def _short(value: dict[str, str]) -> str:
    text = value["value"]
    if value["type"] == "uri":
        for prefix in (DEFAULT_BASE, KIND_NS):
            if text.startswith(prefix):
                return text[len(prefix) :]
    return text
