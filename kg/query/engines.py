"""Query engines: pyoxigraph (in memory) and rdflib, giving the same engine-neutral results.

Both engines read the same graph. **oxigraph** loads the release N-Triples file written by
``kg build`` straight into an in-memory :class:`pyoxigraph.Store` without importing rdflib;
only when the release is missing or stale (:func:`kg.load.is_current`) is the graph rebuilt,
through :func:`kg.load.load`, which rewrites the release. **rdflib** uses the graph
:func:`kg.load.load` returns. Loaded engines are cached per dataset in the process and
reloaded when the release changes, so a notebook pays the load once.

Parameters are resolved to RDF terms first (:class:`ParamResolver`) and then bound by the
engine: rdflib's ``initBindings``; for oxigraph a ``VALUES`` block at the start of the WHERE
clause written from those terms (:func:`kg.query.sparql.inject_values`) — pyoxigraph's own
``substitutions`` only accept variables of the SELECT clause.

Results are converted to :class:`Result` (plain tuples of :class:`Term`), which the formats
write and which pickle, so a query can run in a forked worker that ``--timeout`` kills.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.config import Project
from kg.errors import KGError
from kg.freshness import resolved
from kg.names import close_matches
from kg.namespaces import RDFS_IRI
from kg.namespaces import XSD_IRI as XSD_IRI  # kg.query.formats imports it from here
from kg.query import sparql

# the answers' types and the parameters live in their own modules; their names stay importable
# from here, as they were
from kg.query.params import ParamResolver as ParamResolver
from kg.query.params import check_params as check_params
from kg.query.terms import GRAPH_VARIABLES as GRAPH_VARIABLES
from kg.query.terms import RDF_LANGSTRING, XSD_STRING, _collector_paused
from kg.query.terms import Result as Result
from kg.query.terms import Term as Term
from kg.query.terms import uri as uri

ENGINES = ("oxigraph", "rdflib")
#: chosen by measurement (benchmarks/bench_queries.py; figures in docs/performance.md)
DEFAULT_ENGINE = "oxigraph"
TIMEOUT_EXIT = 3


# ------------------------------------------------------------------ engines

class Engine:
    """A loaded graph that answers SPARQL queries."""

    name = ""
    #: the query dialect (a sub-folder of ``queries/``) this engine needs, if any
    dialect: str | None = None
    #: whether the store holds the causal reachability index (:mod:`kg.query.reach`), so the
    #: ``queries/indexed/`` texts answer on it
    indexed: bool = False

    def __init__(self, project: Project) -> None:
        self.project = project
        self._labels: dict[str, str] | None = None
        self._names: Any = None
        #: (kind, name) -> Term resolved on this loaded graph (see ParamResolver.resolve)
        self.resolved: dict[tuple[str, str], Term] = {}

    # -- implemented by each engine
    def execute(self, text: str, bindings: dict[str, Term]) -> Result:
        raise NotImplementedError

    def name_source(self) -> Any:
        """Where this engine's names are looked up (a :class:`kg.resolve.NameSource`): the
        engine's own store through SPARQL unless it holds an rdflib graph."""
        from kg.resolve_sparql import SparqlNames

        return SparqlNames(lambda text: [{k: str(v) for k, v in row.items() if v is not None}
                                         for row in self.select(text)])

    # -- shared
    @property
    def names(self) -> Any:
        """The one resolver (:class:`kg.resolve.Resolver`) over :meth:`name_source`."""
        if self._names is None:
            from kg.resolve import Resolver

            self._names = Resolver(self.name_source())
        return self._names

    def resolve_concept(self, name: str) -> Term:
        """The concept ``name`` means (the rules and messages of :class:`kg.resolve.Resolver`)."""
        return uri(str(self.names.resolve(name)))

    def resolve_class(self, name: str) -> Term:
        """A vocabulary class by local name or label (``Treatment``, ``anatomical structure``)."""
        return uri(str(self.names.resolve_class(name)))

    @property
    def dialects(self) -> tuple[str, ...]:
        """The variants this engine takes, best first (:meth:`NamedQuery.text_for`): its
        dialect's indexed text, the indexed text, its dialect's text."""
        found: list[str] = []
        if self.indexed:
            found += [f"{self.dialect}-indexed"] if self.dialect else []
            found.append("indexed")
        return (*found, self.dialect) if self.dialect else tuple(found)

    def select(self, text: str, bindings: dict[str, Term] | None = None) -> list[dict]:
        return self.execute(text, bindings or {}).dicts()

    def labels(self) -> dict[str, str]:
        """IRI -> rdfs:label of every labelled node (for tables); loaded once."""
        if self._labels is None:
            rows = self.execute(f"SELECT ?node ?label WHERE {{ ?node <{RDFS_IRI}label> ?label }}",
                                {}).rows
            labels: dict[str, str] = {}
            for node, label in sorted(rows, key=lambda r: (r[0].value, r[1].value)):
                if node is not None and node.kind == "uri" and label is not None:
                    labels.setdefault(node.value, label.value)
            self._labels = labels
        return self._labels


class OxigraphEngine(Engine):
    """pyoxigraph in memory, loaded from the release N-Triples file."""

    name = "oxigraph"

    def __init__(self, project: Project, progress: Callable[[str], None] | None = None, *,
                 source: Path | None = None) -> None:
        """``source``: an N-Triples file to load instead of the release (a benchmark's graph)."""
        super().__init__(project)
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store()
        self.source = source or _current_release(project, progress)
        if isinstance(self.source, Path):
            self.store.bulk_load(path=str(self.source), format=ox.RdfFormat.N_TRIPLES)
        else:  # the release could not be written: load the fresh graph from memory
            self.store.bulk_load(self.source, format=ox.RdfFormat.N_TRIPLES)
        from kg.query import reach

        # derived, in its own named graph; none when the graph has no causal relation
        self.indexed = reach.add_to_oxigraph(self.store) > 0

    def execute(self, text: str, bindings: dict[str, Term]) -> Result:
        ox = self._ox
        written = text  # what the user wrote: error messages quote it, not the VALUES block
        if bindings:
            text = sparql.inject_values(text, {k: t.sparql() for k, t in bindings.items()})
        start = time.perf_counter()
        try:
            answer = self.store.query(text)
            if isinstance(answer, ox.QueryBoolean):
                return Result("ASK", boolean=bool(answer), engine=self.name,
                              seconds=time.perf_counter() - start)
            if isinstance(answer, ox.QuerySolutions):
                names = [v.value for v in answer.variables]
                term = self._converter()
                with _collector_paused():
                    rows = [tuple(map(term, solution)) for solution in answer]
                return Result("SELECT", names, rows, engine=self.name,
                              seconds=time.perf_counter() - start)
            term = self._converter()
            with _collector_paused():
                rows = [(term(t.subject), term(t.predicate), term(t.object)) for t in answer]
            form = sparql.query_form(text) or "CONSTRUCT"
            return Result(form, list(GRAPH_VARIABLES), rows, engine=self.name,
                          seconds=time.perf_counter() - start)
        except SyntaxError as exc:
            raise _oxigraph_syntax_error(self._error_message(text, str(exc)), written) from None
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise KGError(f"the query failed: {exc}") from None

    def _error_message(self, text: str, message: str) -> str:
        """pyoxigraph puts a syntax error at the very end when the text ends in white space or
        comments; parsing the text without that tail finds the real place (same coordinates,
        since only the tail differs)."""
        trimmed = sparql.strip_tail(text)
        if trimmed == text:
            return message
        try:
            self.store.query(trimmed)
        except SyntaxError as exc:
            return str(exc)
        except Exception:  # noqa: BLE001 - only the syntax error matters here
            return message
        return message

    def _converter(self) -> Callable[[Any], Term | None]:
        """pyoxigraph terms -> :class:`Term` (:func:`kg.query.terms.oxigraph_converter`)."""
        from kg.query.terms import oxigraph_converter

        return oxigraph_converter()

class RdflibEngine(Engine):
    """rdflib's SPARQL engine over the graph :func:`kg.load.load` returns."""

    name = "rdflib"
    dialect = "rdflib"  # queries/rdflib/: where rdflib needs a question put another way

    def __init__(self, project: Project, progress: Callable[[str], None] | None = None, *,
                 source: Path | None = None) -> None:
        """``source``: an N-Triples file to parse instead of the release (a benchmark's graph)."""
        super().__init__(project)
        if source is not None:
            from rdflib import Graph

            self.graph = Graph().parse(str(source), format="nt")
            self.source = source
            return
        from kg.load import is_current, load

        if progress is not None and not is_current(project):
            progress(_REBUILD_MESSAGE)
        self.graph = load(project)
        self.source = _release_nt(project)

    def execute(self, text: str, bindings: dict[str, Term]) -> Result:
        import rdflib.plugins.sparql
        from pyparsing.exceptions import ParseBaseException
        from rdflib import BNode, Literal, URIRef

        # FROM <url> would make rdflib download the URL into the dataset: never fetch
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        init = {name: self._node(term) for name, term in bindings.items()}
        start = time.perf_counter()
        try:
            answer = self.graph.query(text, initBindings=init)
            if answer.type == "ASK":
                return Result("ASK", boolean=bool(answer.askAnswer), engine=self.name,
                              seconds=time.perf_counter() - start)
            if answer.type == "SELECT":
                names = [str(v) for v in answer.vars or []]
                rows = [tuple(self._term(row[i], URIRef, Literal, BNode)
                              for i in range(len(names))) for row in answer]
                return Result("SELECT", names, rows, engine=self.name,
                              seconds=time.perf_counter() - start)
            rows = [tuple(self._term(t, URIRef, Literal, BNode) for t in triple)
                    for triple in answer]
            return Result(answer.type, list(GRAPH_VARIABLES), rows, engine=self.name,
                          seconds=time.perf_counter() - start)
        except ParseBaseException as exc:
            raise syntax_error(exc.lineno, exc.col, str(exc.msg), text) from None
        except KGError:
            raise
        except Exception as exc:  # noqa: BLE001 - rdflib reports query mistakes many ways
            raise KGError(f"the query failed: {type(exc).__name__}: {exc}") from None

    @staticmethod
    def _node(term: Term):
        from rdflib import Literal, URIRef

        if term.kind == "uri":
            return URIRef(term.value)
        return Literal(term.value, lang=term.lang, datatype=term.datatype)

    @staticmethod
    def _term(node: Any, URIRef, Literal, BNode) -> Term | None:  # noqa: N803
        if node is None:
            return None
        if isinstance(node, URIRef):
            return Term("uri", str(node))
        if isinstance(node, Literal):
            datatype = str(node.datatype) if node.datatype is not None else None
            if node.language or datatype in (XSD_STRING, RDF_LANGSTRING):
                datatype = None
            return Term("literal", str(node), datatype, node.language)
        if isinstance(node, BNode):
            return Term("bnode", str(node))
        return Term("triple", str(node))

    def name_source(self) -> Any:
        """The graph's own name tables (:class:`kg.resolve.GraphNames`), built once."""
        from kg.resolve import GraphNames

        return GraphNames(self.graph)


_REBUILD_MESSAGE = "building the graph (the release is missing or older than the data)..."


def _release_nt(project: Project) -> Path:
    from kg.build import release_paths

    return release_paths(project)["nt"]


def _current_release(project: Project, progress: Callable[[str], None] | None) -> Path | bytes:
    """The release N-Triples path, rebuilding first if it is missing or stale.

    Returns the N-Triples bytes instead when the rebuilt release could not be written (a
    read-only build folder): the query still answers from the fresh graph.
    """
    from kg.load import is_current

    if is_current(project):
        return _release_nt(project)
    if progress is not None:
        progress(_REBUILD_MESSAGE)
    from kg.load import load

    graph = load(project, rebuild=True)
    if is_current(project):
        return _release_nt(project)
    return graph.serialize(format="nt", encoding="utf-8")


# ------------------------------------------------------------------ engine cache

_CACHE: dict[tuple[str, str, str], tuple[Any, Engine]] = {}


def get_engine(project: Project | None = None, name: str | Engine | None = None,
               progress: Callable[[str], None] | None = None) -> Engine:
    """The loaded engine for a dataset, reused while its release file is unchanged.

    ``name`` is ``oxigraph`` or ``rdflib``; an :class:`Engine` object (such as the store or
    endpoint engines of :mod:`kg.store` and :mod:`kg.endpoint`) is returned as it is.
    """
    if isinstance(name, Engine):
        return name
    project = project or Project()
    name = name or DEFAULT_ENGINE
    if name not in ENGINES:
        near = close_matches(name, ENGINES, n=1)
        raise KGError(f"unknown engine {name!r}",
                      hint=f"did you mean {near[0]!r}?" if near else
                      f"use one of {', '.join(ENGINES)}")
    key = (name, str(resolved(project.data_dir)), str(resolved(project.build_dir)))
    cached = _CACHE.get(key)
    if cached is not None:
        from kg.load import is_current

        version, engine = cached
        if is_current(project) and version == _version(engine.source):
            return engine
    engine: Engine = (OxigraphEngine if name == "oxigraph" else RdflibEngine)(project, progress)
    _CACHE[key] = (_version(engine.source), engine)
    return engine


def _version(source: Path | bytes) -> Any:
    from kg.freshness import file_key

    return file_key(source) if isinstance(source, Path) else id(source)


def clear_cache() -> None:
    """Forget the loaded engines (tests; after changing files behind the process's back)."""
    _CACHE.clear()


# ------------------------------------------------------------------ errors

_EXPECTED = re.compile(r"expected one of (.*)$", re.DOTALL)


def _oxigraph_syntax_error(message: str, text: str) -> KGError:
    """pyoxigraph says "error at 3:18: expected one of ABS, AVG, ..." (1-based)."""
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)$", message, re.DOTALL)
    if not match:
        return KGError(f"syntax error: {message}")
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3)
    expected = _EXPECTED.search(detail)
    if expected:
        tokens = re.split(r",\s*(?![^\[]*\])", expected.group(1))
        # keywords and punctuation are shown; character classes ([_], [0-9]...) stand for
        # names, variables or terms: "..." says there were more, so the list never misleads
        readable = [t.strip() for t in tokens if re.fullmatch(r'\s*("[^"]+"|[A-Za-z]+)\s*', t)]
        if readable:
            more = len(readable) > 10 or len(readable) < len(tokens)
            shown = ", ".join(readable[:10]) + (", ..." if more else "")
            detail = f"expected one of {shown}"
        else:
            detail = "unexpected text here"
    return syntax_error(line, column, detail, text)


def syntax_error(line: int, column: int, detail: str, text: str) -> KGError:
    """A KGError showing the line and a caret under the column (both 1-based)."""
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 1 <= line <= len(lines) else ""
    caret = " " * (max(column, 1) - 1 + 4) + "^"
    error = KGError(f"syntax error at line {line}, column {column}: {detail}\n"
                    f"    {shown}\n{caret}")
    error.line = line
    return error
