"""Named questions against any SPARQL backend: a local Oxigraph store or a remote endpoint.

Three pieces, each usable alone:

- :class:`NameResolver` (:mod:`kg.resolve_sparql`) is the one resolver
  (:class:`kg.resolve.Resolver`) over SPARQL ``SELECT`` lookups: a store of 1M triples,
  ``kg serve``, Virtuoso, QLever or GraphDB holding our export.
- :func:`bind` resolves the parameters of a named query (:mod:`kg.query.library`) and writes
  them into the query as a ``VALUES`` block (:func:`kg.query.sparql.inject_values`) made from
  resolved RDF terms, never from the user's text.
- :class:`RemoteEndpoint` speaks the SPARQL 1.1 Protocol over HTTP with the standard library
  (``urllib``): ``kg query --endpoint URL`` and the Virtuoso round-trip test use it.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.resolve_sparql import NameResolver as NameResolver  # kg.endpoint.NameResolver, as it was

if TYPE_CHECKING:  # pragma: no cover
    from kg.query.library import NamedQuery

# ====================================================================== binding parameters

def bind(query: NamedQuery, values: dict[str, str], resolver: NameResolver) -> str:
    """The query text with every declared parameter resolved and bound by ``VALUES``: the
    rules and messages of ``kg query`` (:class:`kg.query.engines.ParamResolver`), with concept
    and class names resolved through ``resolver``."""
    from kg.query.engines import ParamResolver
    from kg.query.sparql import inject_values

    terms = ParamResolver(_ResolverTerms(resolver)).bindings(query, values)
    return inject_values(query.text, {name: term.sparql() for name, term in terms.items()})


class _ResolverTerms:
    """A :class:`NameResolver` seen as ParamResolver's engine (IRIs as terms)."""

    def __init__(self, names: NameResolver) -> None:
        self.names = names

    def resolve_concept(self, name: str) -> Any:
        from kg.query.engines import uri

        return uri(self.names.resolve(name))

    def resolve_class(self, name: str) -> Any:
        from kg.query.engines import uri

        return uri(self.names.resolve_class(name))


def inject_binds(text: str, terms: dict[str, str]) -> str:
    """Insert ``BIND(term AS ?var)`` for each binding right after the WHERE clause's ``{``, and
    in each sub-SELECT projecting the variable (on the same line, so error line numbers still
    match the file)."""
    from kg.query.sparql import insert_after_where

    if not terms:
        return text
    return insert_after_where(text, {n: f" BIND({t} AS ?{n})" for n, t in terms.items()})


# ====================================================================== remote endpoints

SPARQL_JSON = "application/sparql-results+json"


@dataclass
class Response:
    content_type: str
    body: bytes


class RemoteEndpoint:
    """A SPARQL 1.1 Protocol endpoint (any: ``kg serve``, Virtuoso, Fuseki, QLever, GraphDB).

    ``default_graph`` is sent as ``default-graph-uri`` with every query: stores such as
    Virtuoso otherwise answer over the union of all their graphs, system graphs included.
    """

    def __init__(self, url: str, *, default_graph: str | None = None, timeout: float = 60.0,
                 get_limit: int = 2000) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise KGError(f"not an http(s) endpoint URL: {url!r}",
                          hint="e.g. http://127.0.0.1:8000/sparql")
        self.url = url
        self.default_graph = default_graph
        self.timeout = timeout
        self.get_limit = get_limit
        self.server: str | None = None  # the HTTP Server header of the last answer

    def dialect(self) -> str | None:
        """``"virtuoso"`` when the server says it is Virtuoso (its ``Server`` header), else
        None: the named queries' variant folder for it (see :mod:`kg.query.library`). Asks
        the server once with ``ASK {}`` if nothing has been sent yet."""
        if self.server is None:
            self.request("ASK {}")
        return "virtuoso" if (self.server or "").lower().startswith("virtuoso") else None

    def request(self, text: str, accept: str = SPARQL_JSON) -> Response:
        """Send a query; the raw answer. HTTP errors become :class:`KGError` with the
        server's own message (SPARQL syntax errors come back as 400 from most servers)."""
        fields = [("query", text)]
        if self.default_graph:
            fields.append(("default-graph-uri", self.default_graph))
        encoded = urllib.parse.urlencode(fields)
        headers = {"Accept": accept, "User-Agent": "kg (SPARQL client; urllib)"}
        if len(encoded) + len(self.url) < self.get_limit:
            sep = "&" if "?" in self.url else "?"
            request = urllib.request.Request(f"{self.url}{sep}{encoded}", headers=headers)
        else:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            request = urllib.request.Request(self.url, data=encoded.encode(), headers=headers,
                                             method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                self.server = response.headers.get("Server", "")
                return Response(response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()
            detail = detail[:800] + ("…" if len(detail) > 800 else "")
            raise KGError(f"the endpoint {self.url} answered {exc.code} {exc.reason}"
                          + (f":\n{detail}" if detail else "")) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KGError(f"cannot reach the endpoint {self.url}: {reason}",
                          hint="is the server running? (kg serve starts one)") from None

    def results(self, text: str) -> dict[str, Any]:
        """SPARQL JSON results of a SELECT or ASK, with terms normalized (see
        :func:`normalize_binding`)."""
        response = self.request(text, f"{SPARQL_JSON}, application/json;q=0.9")
        try:
            data = json.loads(response.body)
        except ValueError:
            raise KGError(f"the endpoint {self.url} did not answer SPARQL JSON "
                          f"(Content-Type {response.content_type or 'none'})") from None
        if "results" in data:
            data["results"]["bindings"] = [
                {k: normalize_binding(v) for k, v in row.items()}
                for row in data["results"]["bindings"]]
        return data

    def select(self, text: str) -> list[dict[str, str]]:
        """Rows of ``{variable: value}`` (for :class:`NameResolver`)."""
        data = self.results(text)
        return [{k: v["value"] for k, v in row.items()}
                for row in data.get("results", {}).get("bindings", [])]

    def resolver(self) -> NameResolver:
        return NameResolver(self.select)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def normalize_binding(term: dict[str, Any]) -> dict[str, Any]:
    """One SPARQL JSON term, in the form of the 1.1 spec whatever the server wrote.

    Virtuoso still writes the SPARQL 1.0 ``typed-literal`` type and sometimes marks plain
    strings ``xsd:string``; both are one RDF 1.1 term, so both become ``literal`` without a
    datatype. Blank node labels are kept (they are never compared across servers).
    """
    out = dict(term)
    if out.get("type") == "typed-literal":
        out["type"] = "literal"
    if out.get("type") == "literal" and out.get("datatype") == f"{_XSD}string":
        del out["datatype"]
    return out


def canonical_value(term: dict[str, Any] | None) -> tuple | None:
    """A comparable form of a SPARQL JSON term: numbers by value (``"12"^^xsd:integer`` ==
    ``"12"^^xsd:int``), booleans by value, IRIs and strings as they are."""
    if term is None:
        return None
    term = normalize_binding(term)
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return ("iri", value)
    if kind == "bnode":
        return ("bnode",)
    datatype = term.get("datatype", "")
    if datatype.startswith(_XSD):
        local = datatype[len(_XSD):]
        if local in {"integer", "int", "long", "short", "byte", "nonNegativeInteger",
                     "positiveInteger", "negativeInteger", "nonPositiveInteger",
                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"}:
            try:
                return ("number", int(value))
            except ValueError:
                pass
        if local in {"decimal", "double", "float"}:
            try:
                return ("number", float(value))
            except ValueError:
                pass
        if local == "boolean":
            return ("boolean", value in ("true", "1"))
    return ("literal", value, term.get("xml:lang", "").lower(), datatype)


# ====================================================================== the query engine

def endpoint_engine(url: str, project: Any = None, *, default_graph: str | None = None,
                    timeout: float = 60.0):
    """A :mod:`kg.query` engine that sends every query to a SPARQL endpoint over HTTP
    (``kg query --endpoint URL``): same :class:`kg.query.Result`, same formats.

    A Virtuoso server gets the ``queries/virtuoso/`` variant of a named query where there is
    one (:attr:`dialect`, from the server's ``Server`` header): Virtuoso 7.2 answers a query
    joining two transitive property paths wrongly, and those variants avoid it.

    Parameters are resolved by the endpoint itself (:class:`NameResolver`) and bound with
    ``BIND`` at the start of the WHERE clause (and of each sub-SELECT projecting them): the
    same answers as a ``VALUES`` block, and ``BIND`` is what Virtuoso handles when the
    parameter starts a property path (with ``VALUES`` it answers "transitive start not
    given")."""
    from kg.config import Project
    from kg.query import sparql
    from kg.query.engines import GRAPH_VARIABLES, Engine, Result, Term

    class EndpointEngine(Engine):
        name = "endpoint"

        def __init__(self, project: Project) -> None:
            super().__init__(project)
            self.remote = RemoteEndpoint(url, default_graph=default_graph, timeout=timeout)
            self.source = url

        @property
        def dialect(self) -> str | None:  # type: ignore[override]
            return self.remote.dialect()

        def execute(self, text: str, bindings: dict[str, Term]) -> Result:
            import time

            if bindings:
                text = inject_binds(text, {k: t.sparql() for k, t in bindings.items()})
            form = sparql.query_form(text) or "SELECT"
            start = time.perf_counter()
            if form in ("CONSTRUCT", "DESCRIBE"):
                rows = [tuple(_term_of(t) for t in triple) for triple in self._graph(text)]
                return Result(form, list(GRAPH_VARIABLES), rows, engine=self.name,
                              seconds=time.perf_counter() - start)
            data = self.remote.results(text)
            if "boolean" in data:
                return Result("ASK", boolean=bool(data["boolean"]), engine=self.name,
                              seconds=time.perf_counter() - start)
            variables = list(data.get("head", {}).get("vars", []))
            rows = [tuple(_json_term(b.get(v)) for v in variables)
                    for b in data.get("results", {}).get("bindings", [])]
            return Result("SELECT", variables, rows, engine=self.name,
                          seconds=time.perf_counter() - start)

        def _graph(self, text: str) -> list[Any]:
            import pyoxigraph as ox

            response = self.remote.request(
                text, "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5")
            ctype = response.content_type.split(";")[0].strip().lower()
            fmt = ox.RdfFormat.TURTLE  # N-Triples is Turtle too
            if ctype in ("application/rdf+xml",):
                fmt = ox.RdfFormat.RDF_XML
            elif ctype in ("application/ld+json",):
                fmt = ox.RdfFormat.JSON_LD
            try:
                return [(t.subject, t.predicate, t.object)
                        for t in ox.parse(response.body, format=fmt)]
            except SyntaxError as exc:
                raise KGError(f"the endpoint answered unreadable RDF ({ctype}): {exc}") from None

        def name_source(self) -> Any:
            from kg.resolve_sparql import SparqlNames

            return SparqlNames(self.remote.select)

        def labels(self) -> dict[str, str]:
            from kg.lookup import LazyLabels

            return LazyLabels(self.remote.select)

    def _json_term(term: dict[str, Any] | None) -> Term | None:
        if term is None:
            return None
        term = normalize_binding(term)
        kind = term.get("type")
        if kind == "uri":
            return Term("uri", term["value"])
        if kind == "bnode":
            return Term("bnode", term["value"])
        if kind == "literal":
            lang = term.get("xml:lang")
            datatype = term.get("datatype")
            if lang or datatype == f"{_XSD}string":
                datatype = None
            return Term("literal", term["value"], datatype, lang)
        return Term("triple", json.dumps(term.get("value")))

    def _term_of(node: Any) -> Term:
        import pyoxigraph as ox

        if isinstance(node, ox.NamedNode):
            return Term("uri", node.value)
        if isinstance(node, ox.BlankNode):
            return Term("bnode", node.value)
        datatype = node.datatype.value
        if node.language or datatype in (f"{_XSD}string",
                                         "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"):
            datatype = None
        return Term("literal", node.value, datatype, node.language)

    return EndpointEngine(project or Project())
