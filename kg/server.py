"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the standard library's HTTP server.

Endpoints (all read-only)::

    GET  /sparql?query=...                       SPARQL 1.1 Protocol query via GET
    POST /sparql   query=... (form) | application/sparql-query body
    GET  /queries                                the named questions (JSON)
    GET  /queries/NAME?param=value               run a named question; values are names
    GET  /                                       a short index page (and the HTML views, if built)

Answers follow the ``Accept`` header (or ``?format=json|xml|csv|tsv|turtle|jsonld|nt|rdfxml``):
SPARQL JSON (default), XML, CSV and TSV results for SELECT/ASK; Turtle (default), JSON-LD,
N-Triples and RDF/XML for CONSTRUCT/DESCRIBE.

Refused, with a plain-text message: SPARQL Update and Graph Store writes (403/405), malformed
requests and queries (400, with line and column), unknown named questions (404), unsupported
media types (406/415), a query over the time limit (503) and an answer over the row cap (422).
Never a 500 for anything a client sends.

How it works: queries run in a small pool of worker *processes*, each with the same Oxigraph
store opened read-only (``--store``, a ``kg load`` store: opens in milliseconds at any size) or
its own in-memory copy of the release (parsed at start: milliseconds for one article, seconds
and a copy per worker for a million triples, so load big graphs with ``kg load`` first).
pyoxigraph cannot cancel a running query, so a query over the time limit is stopped by killing
its worker, which is then replaced; the HTTP threads are never blocked by a runaway
query, and the row cap is counted while serializing. Binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import queue
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.endpoint_defaults import (  # re-exported as kg.server.DEFAULT_*
    DEFAULT_HOST,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
)
from kg.errors import KGError
from kg.names import close_matches

MAX_BODY = 1 << 20  # 1 MiB of query text is plenty

# format key -> media type
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")  # SELECT / ASK
GRAPH_FORMATS = ("turtle", "jsonld", "nt", "rdfxml")  # CONSTRUCT / DESCRIBE
# media type (lower case) -> format key
_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "text/javascript": "json", "application/javascript": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "application/ld+json": "jsonld", "application/x-json+ld": "jsonld",
    "application/n-triples": "nt", "text/plain": "nt",
    "application/rdf+xml": "rdfxml",
}
_FORMAT_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv",
                   "tsv": "tsv", "turtle": "turtle", "ttl": "turtle", "jsonld": "jsonld",
                   "json-ld": "jsonld", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
                   "rdfxml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# ====================================================================== errors and small helpers

class RequestError(Exception):
    """An answer other than 200: HTTP status and a plain-text message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def is_update(text: str) -> bool:
    """Whether a request text is a SPARQL Update (looks past comments, PREFIX and BASE).

    >>> is_update("PREFIX ex: <http://ex.org/#a> # note\\n INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("# DELETE this?\\nSELECT * WHERE { ?s ?p ?o }")
    False
    """
    from kg.query.sparql import update_keyword

    return update_keyword(text) is not None


def syntax_message(query: str, error: str) -> str:
    """pyoxigraph's ``error at L:C: ...`` as ``kg query`` shows it: line, column, the line
    and a caret under the column."""
    from kg.query.engines import _oxigraph_syntax_error

    return "SPARQL " + str(_oxigraph_syntax_error(error, query))


def preferred_formats(accept: str | None) -> list[str]:
    """Format keys in the client's order of preference (q values honoured; wildcards kept
    as ``*/*``, ``text/*``, ``application/*``)."""
    if not accept:
        return ["*/*"]
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, index, media))
    result: list[str] = []
    for _, _, media in sorted(ranked):
        key = _ACCEPT.get(media, media if media.endswith("/*") else None)
        if key and key not in result:
            result.append(key)
    return result


def choose_format(preferences: list[str], kind: str) -> str | None:
    """The format for a result of ``kind`` ('solutions', 'boolean' or 'graph'), or None."""
    allowed = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    for key in preferences:
        if key in allowed:
            return key
        if key == "*/*":
            return allowed[0]
        if key == "text/*":
            return "turtle" if kind == "graph" else "csv"
        if key == "application/*":
            return allowed[0] if kind != "graph" else "jsonld"
    return None


# ====================================================================== result serializers

def _term_json(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                        "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _term_xml(term: Any) -> str:
    import pyoxigraph as ox

    esc = html.escape
    if isinstance(term, ox.NamedNode):
        return f"<uri>{esc(term.value, quote=False)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{esc(term.value, quote=False)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f' xml:lang="{esc(term.language)}"'
        elif term.datatype.value != _XSD_STRING:
            attr = f' datatype="{esc(term.datatype.value)}"'
        else:
            attr = ""
        return f"<literal{attr}>{esc(term.value, quote=False)}</literal>"
    return f"<literal>{esc(str(term), quote=False)}</literal>"


def _term_csv(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    value = f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value",
                                                                             str(term))
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _term_tsv(term: Any) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize_solutions(variables: list[str], rows: Iterable[Any], fmt: str,
                        max_rows: int | None) -> tuple[bytes, int]:
    """SELECT results in ``fmt``; RequestError(422) past ``max_rows``. Returns (body, rows)."""
    count = 0

    def capped() -> Iterable[list[Any]]:
        nonlocal count
        for solution in rows:
            count += 1
            if max_rows is not None and count > max_rows:
                raise RequestError(
                    422, f"the answer has more than {max_rows:,} rows, this server's cap; "
                    "add LIMIT (and OFFSET to page) or narrow the query")
            yield [solution[v] for v in variables]

    if fmt == "json":
        bindings = [{v: _term_json(t) for v, t in zip(variables, values, strict=True)
                     if t is not None} for values in capped()]
        body = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode()
    elif fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                 "<head>", *(f'<variable name="{v}"/>' for v in variables),
                 "</head><results>"]
        for values in capped():
            parts.append("<result>")
            parts.extend(f'<binding name="{v}">{_term_xml(t)}</binding>'
                         for v, t in zip(variables, values, strict=True) if t is not None)
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        body = "".join(parts).encode()
    elif fmt == "csv":
        lines = [",".join(variables)]
        lines.extend(",".join(_term_csv(t) for t in values) for values in capped())
        body = ("\r\n".join(lines) + "\r\n").encode()
    elif fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join(_term_tsv(t) for t in values) for values in capped())
        body = ("\n".join(lines) + "\n").encode()
    else:  # pragma: no cover - choose_format only gives the above
        raise ValueError(fmt)
    return body, count


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return b"true\n" if value else b"false\n"  # csv, tsv: not standardised; as most servers do


def serialize_graph(triples: Iterable[Any], fmt: str, max_rows: int | None,
                    prefixes: dict[str, str] | None = None) -> tuple[bytes, int]:
    import pyoxigraph as ox

    collected = []
    for triple in triples:
        collected.append(triple)
        if max_rows is not None and len(collected) > max_rows:
            raise RequestError(422, f"the answer has more than {max_rows:,} triples, this "
                               "server's cap; narrow the CONSTRUCT or add LIMIT")
    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                  "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    kwargs = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "rdfxml") else {}
    return ox.serialize(collected, format=rdf_format, **kwargs), len(collected)


# ====================================================================== the worker processes

@dataclass
class Job:
    """One query for a worker: either SPARQL text or a named question with its parameters."""

    query: str | None = None
    name: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    accept: list[str] = field(default_factory=lambda: ["*/*"])
    max_rows: int | None = DEFAULT_MAX_ROWS
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _open_source(source: str | list[str]) -> tuple[Any, list[str] | None]:
    """A worker's store: a ``kg load`` folder opened read-only, or N-Triples/Turtle files
    parsed into memory. Returns (store, concept namespaces if known)."""
    import pyoxigraph as ox

    if isinstance(source, str):
        from kg.store import store_info

        return ox.Store.read_only(source), store_info(source).concept_namespaces or None
    from kg.store import bulk_load_file, check_rdf_files

    store = ox.Store()
    for path, fmt in check_rdf_files([Path(p) for p in source]):
        bulk_load_file(store, path, fmt)
    return store, None


def _worker_main(conn: Any, source: str | list[str], queries_dir: str | None) -> None:
    """Serve jobs from ``conn`` until it closes: open the source once, answer each job with
    ``("ok", content_type, body, rows)`` or ``("error", status, message)``."""

    try:
        store, namespaces = _open_source(source)
        library = _library(queries_dir)
        if library is not None:
            library.namespaces = namespaces
        conn.send(("ready", len(store)))
    except KGError as exc:
        conn.send(("failed", exc.message))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which gives up
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    from kg.namespaces import PREFIXES

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = ("ok", *_answer(store, library, job, PREFIXES))
        except RequestError as exc:
            reply = ("error", exc.status, exc.message)
        except KGError as exc:
            reply = ("error", 404 if exc.message.startswith("no named question") else 400,
                     str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug, but the client gets a message
            reply = ("error", 500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def _answer(store: Any, library: Any, job: Job, prefixes: dict[str, str]) -> tuple:
    import pyoxigraph as ox

    if job.name is not None:
        if library is None:
            raise RequestError(404, "this server has no named questions")
        text, _ = library.bind(store, job.name, job.params)
    else:
        text = job.query or ""
    if is_update(text):
        raise RequestError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    kwargs: dict[str, Any] = {}
    try:
        if job.default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        if job.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as exc:
        raise RequestError(400, f"bad graph IRI: {exc}") from None
    try:
        result = store.query(text, **kwargs)
    except SyntaxError as exc:
        raise RequestError(400, syntax_message(text, str(exc))) from None
    except ValueError as exc:
        raise RequestError(400, f"cannot run this query: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        fmt = _negotiate(job.accept, "boolean")
        return MEDIA_TYPES[fmt], serialize_boolean(bool(result), fmt), 1
    if isinstance(result, ox.QuerySolutions):
        fmt = _negotiate(job.accept, "solutions")
        variables = [v.value for v in result.variables]
        body, rows = serialize_solutions(variables, result, fmt, job.max_rows)
        return MEDIA_TYPES[fmt], body, rows
    fmt = _negotiate(job.accept, "graph")
    body, rows = serialize_graph(result, fmt, job.max_rows, prefixes)
    return MEDIA_TYPES[fmt], body, rows


def _negotiate(accept: list[str], kind: str) -> str:
    fmt = choose_format(accept, kind)
    if fmt is None:
        allowed = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
        offered = ", ".join(MEDIA_TYPES[k] for k in allowed)
        what = "a graph (CONSTRUCT/DESCRIBE)" if kind == "graph" else "query results"
        raise RequestError(406, f"cannot give {what} in the requested media type; "
                           f"this server offers {offered}")
    return fmt


def _library(queries_dir: str | None) -> NamedLibrary | None:
    """The named-question library (None when there is no folder)."""
    if not queries_dir or not Path(queries_dir).is_dir():
        return None
    return NamedLibrary(Path(queries_dir))


class NamedLibrary:
    """The ``queries/*.rq`` files, read once; parameters bound against a store by
    :func:`kg.endpoint.bind` (names resolved by exact ``kgv:key`` lookups)."""

    def __init__(self, folder: Path) -> None:
        from kg.query.library import parse

        self.folder = folder
        self.queries = {path.stem: parse(path.read_text(encoding="utf-8"), name=path.stem,
                                         path=path)
                        for path in sorted(folder.glob("*.rq"))}
        self._resolvers: dict[int, Any] = {}

    def describe(self) -> list[dict[str, Any]]:
        return [{"name": q.name, "title": q.title, "description": q.description,
                 "url": f"/queries/{q.name}",
                 "params": [{"name": p.name, "meaning": p.meaning, "default": p.default,
                             "kind": p.kind} for p in q.params]}
                for q in self.queries.values()]

    def get(self, name: str) -> Any:
        if name not in self.queries:
            near = close_matches(name, list(self.queries), n=3)
            raise KGError(f"no named question {name!r}",
                          hint=f"did you mean {', '.join(map(repr, near))}?" if near
                          else "GET /queries lists them")
        return self.queries[name]

    def check(self, name: str, values: dict[str, str]) -> None:
        """Unknown question or parameter: KGError (before any worker is bothered)."""
        from kg.query.engines import check_params

        check_params(self.get(name), values)

    def bind(self, store: Any, name: str, values: dict[str, str]) -> tuple[str, dict]:
        from kg.endpoint import bind
        from kg.store import store_resolver

        resolver = self._resolvers.get(id(store))
        if resolver is None:
            resolver = self._resolvers[id(store)] = store_resolver(store, self.namespaces)
        return bind(self.get(name), values, resolver), {}

    namespaces: list[str] | None = None


class _Worker:
    def __init__(self, context: Any, source: str | list[str], queries_dir: str | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, source, queries_dir),
                                       daemon=True, name="kg-serve-worker")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> int:
        if not self.conn.poll(timeout):
            self.kill()
            raise KGError(f"a query worker did not start within {timeout:.0f} s")
        try:
            status, detail = self.conn.recv()
        except EOFError:
            self.kill()
            raise KGError("a query worker died while opening the store") from None
        if status != "ready":
            self.kill()
            raise KGError(f"cannot serve the graph: {detail}")
        return int(detail)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes; a query over the time limit kills its worker."""

    def __init__(self, source: str | Path | list[Path], size: int = 2,
                 queries_dir: Path | None = None,
                 start_timeout: float = 120.0) -> None:
        self._context = multiprocessing.get_context("spawn")
        # a store folder (opened read-only) or files (parsed into memory by each worker)
        self._source = [str(p) for p in source] if isinstance(source, list) else str(source)
        self._queries_dir = str(queries_dir) if queries_dir else None
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.size = max(1, size)
        self.triples = 0
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                self.triples = worker.wait_ready(start_timeout)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self._source, self._queries_dir)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, dead: _Worker) -> None:
        """Kill ``dead`` and start a new worker in the background."""
        dead.kill()
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return

        def start() -> None:
            try:
                worker = self._spawn()
                worker.wait_ready(self._start_timeout)
            except Exception as exc:  # noqa: BLE001
                print(f"kg serve: could not restart a query worker: {exc}", file=sys.stderr)
                return
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)

        threading.Thread(target=start, daemon=True).start()

    def run(self, job: Job, timeout: float | None) -> tuple[str, bytes, int]:
        """Run ``job``; (content type, body, rows) or RequestError."""
        started = time.monotonic()
        wait = timeout if timeout is not None else None
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise RequestError(503, f"the server is busy: no query worker became free within "
                               f"{timeout:g} s; try again", {"Retry-After": "1"}) from None
        remaining = None if timeout is None else max(timeout - (time.monotonic() - started),
                                                     0.001)
        try:
            worker.conn.send(job)
            if not worker.conn.poll(remaining):
                self._replace(worker)
                raise RequestError(503, f"the query did not finish within {timeout:g} s, this "
                                   "server's time limit; narrow it or add LIMIT")
            reply = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise RequestError(503, "the query worker stopped while answering (out of "
                               "memory?); try a narrower query") from None
        self._idle.put(worker)
        if reply[0] == "ok":
            return reply[1], reply[2], reply[3]
        raise RequestError(reply[1], reply[2])

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in workers:
            worker.process.join(1)
            worker.kill()


# ====================================================================== HTTP

@dataclass
class ServerConfig:
    """What ``kg serve`` serves and how."""

    store: Path | None = None          # a `kg load` store; None: ``files`` parsed into memory
    files: list[Path] = field(default_factory=list)
    queries_dir: Path | None = None    # named questions (queries/*.rq)
    html_dir: Path | None = None       # static HTML views served under /
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS
    workers: int = 2
    log: Callable[[str], None] | None = None


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``serve_forever()`` to run, ``close()`` to stop and clean up."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        if config.store is not None:
            from kg.store import store_info

            store_info(config.store)  # a clear error if it is not a kg store
            source: Path | list[Path] = config.store
        else:
            if not config.files:
                raise KGError("nothing to serve: give a store or RDF files")
            source = list(config.files)
        try:
            self.pool = WorkerPool(source, config.workers, config.queries_dir)
            self.library = _library(str(config.queries_dir) if config.queries_dir else None)
            super().__init__((config.host, config.port), Handler)
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
        if getattr(self, "socket", None) is not None:
            self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql/1"
    # errors in an unreadable request line still get a status line (not an HTTP/0.9 body)
    default_request_version = "HTTP/1.0"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes; without NODELAY, Nagle's algorithm holds the
        # body until the client's delayed ACK: 40 ms added to every keep-alive request
        import socket

        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # pragma: no cover - not TCP
            pass

    # --------------------------------------------------------------- dispatch
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse_write()

    def do_DELETE(self) -> None:  # noqa: N802
        self._refuse_write()

    def do_PATCH(self) -> None:  # noqa: N802
        self._refuse_write()

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(204, b"", "text/plain", {"Allow": "GET, HEAD, POST, OPTIONS"})

    def _refuse_write(self) -> None:
        self._discard_body()
        self._error(RequestError(405, "this endpoint is read-only: Graph Store writes (PUT, "
                                 "POST, DELETE, PATCH of graphs) are not accepted",
                                 {"Allow": "GET, HEAD, POST, OPTIONS"}))

    def _handle(self, method: str) -> None:
        try:
            self._route(method)
        except RequestError as exc:
            self._error(exc)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - a bug: say so, keep serving
            self._error(RequestError(500, f"internal error: {type(exc).__name__}: {exc}"))

    def _route(self, method: str) -> None:
        try:
            url = urllib.parse.urlsplit(self.path)
            path = urllib.parse.unquote(url.path, errors="strict")
        except (ValueError, UnicodeDecodeError):
            raise RequestError(400, "malformed request path") from None
        params = _parse_qs(url.query)
        html_dir = self.server.config.html_dir
        explorer = html_dir is not None and (html_dir / "explorer.html").is_file()
        if explorer and path in ("/", "/index.html"):
            path = "/explorer.html"  # the page teachers open; the technical index is /sparql
        if (path in ("/sparql", "/sparql/") and method != "POST" and not params
                and "text/html" in (self.headers.get("Accept") or "")):  # a browser: the index
            self._send(200, self._index_page(), "text/html; charset=utf-8")
        elif path in ("/sparql", "/sparql/", "/query"):
            self._sparql(method, params)
        elif path.rstrip("/") == "/queries":
            self._no_post(method)
            self._list_queries()
        elif path.startswith("/queries/"):
            self._no_post(method)
            self._named(path[len("/queries/"):], params)
        else:
            self._no_post(method)
            self._static(path)

    def _no_post(self, method: str) -> None:
        if method == "POST":
            self._discard_body()
            raise RequestError(405, "this endpoint is read-only: POST is accepted only at "
                               "/sparql, for queries", {"Allow": "GET, HEAD"})

    # --------------------------------------------------------------- /sparql
    def _sparql(self, method: str, params: dict[str, list[str]]) -> None:
        if method == "POST":
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self._read_body()
            if ctype == "application/x-www-form-urlencoded":
                params = {**params, **_parse_qs(_decode(body))}
            elif ctype == "application/sparql-query":
                params = {**params, "query": [_decode(body)]}
            elif ctype == "application/sparql-update":
                raise RequestError(403, "this endpoint is read-only: SPARQL Update is not "
                                   "accepted")
            else:
                raise RequestError(415, f"unsupported Content-Type {ctype or '(none)'!r}; "
                                   "POST application/x-www-form-urlencoded (query=...) or "
                                   "application/sparql-query")
        if "update" in params:
            raise RequestError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        queries = params.get("query", [])
        if not queries:
            raise RequestError(400, "missing the 'query' parameter: GET /sparql?query=... or "
                               "POST query=... (application/x-www-form-urlencoded) or a "
                               "application/sparql-query body")
        if len(queries) > 1:
            raise RequestError(400, "more than one 'query' parameter")
        if not queries[0].strip():
            raise RequestError(400, "the 'query' parameter is empty")
        if is_update(queries[0]):
            raise RequestError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        job = Job(query=queries[0], accept=self._accept(params),
                  max_rows=self.server.config.max_rows,
                  default_graphs=params.get("default-graph-uri", []),
                  named_graphs=params.get("named-graph-uri", []))
        self._run(job, method)

    # --------------------------------------------------------------- named questions
    def _list_queries(self) -> None:
        library = self.server.library
        entries = library.describe() if library is not None else []
        body = json.dumps(entries, indent=2, ensure_ascii=False).encode()
        self._send(200, body, "application/json")

    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        name = name.strip("/")
        library = self.server.library
        if library is None:
            raise RequestError(404, "this server has no named questions")
        if not name or "/" in name:
            raise RequestError(404, f"no named question {name!r}; see /queries")
        values: dict[str, str] = {}
        for key, items in params.items():
            if key in ("format", "output"):
                continue
            if len(items) > 1:
                raise RequestError(400, f"parameter {key!r} given more than once")
            values[key] = items[0]
        try:
            library.check(name, values)
        except KGError as exc:
            raise RequestError(404 if "no named question" in exc.message else 400,
                               str(exc)) from None
        job = Job(name=name, params=values, accept=self._accept(params),
                  max_rows=self.server.config.max_rows)
        self._run(job, "GET")

    # --------------------------------------------------------------- running
    def _accept(self, params: dict[str, list[str]]) -> list[str]:
        forced = (params.get("format") or params.get("output") or [None])[0]
        if forced:
            key = _FORMAT_ALIASES.get(forced.lower()) or _ACCEPT.get(forced.lower())
            if key is None:
                raise RequestError(400, f"unknown format {forced!r}; use one of "
                                   + ", ".join(sorted(MEDIA_TYPES)))
            return [key]
        return preferred_formats(self.headers.get("Accept"))

    def _run(self, job: Job, method: str) -> None:
        started = time.perf_counter()
        ctype, body, rows = self.server.pool.run(job, self.server.config.timeout)
        elapsed = time.perf_counter() - started
        headers = {"X-Result-Rows": str(rows), "X-Query-Seconds": f"{elapsed:.4f}"}
        charset = "" if ctype.endswith(("+json", "/json")) else "; charset=utf-8"
        self._send(200, body, ctype + charset, headers)

    # --------------------------------------------------------------- static pages
    def _static(self, path: str) -> None:
        html_dir = self.server.config.html_dir
        if html_dir is not None and html_dir.is_dir():
            target = (html_dir / path.lstrip("/")).resolve()
            root = html_dir.resolve()
            if target.is_dir():
                target = target / "index.html"
            if (target == root or root in target.parents) and target.is_file():
                ctype = _static_type(target)
                self._send(200, target.read_bytes(), ctype)
                return
        if path in ("/", "/index.html"):
            self._send(200, self._index_page(), "text/html; charset=utf-8")
            return
        raise RequestError(404, f"nothing at {path}; the SPARQL endpoint is /sparql, the "
                           "named questions are at /queries")

    def _index_page(self) -> bytes:
        library = self.server.library
        items = "".join(
            f'<li><a href="/queries/{html.escape(e["name"])}">{html.escape(e["name"])}</a>'
            f' — {html.escape(e.get("title") or "")}</li>'
            for e in (library.describe() if library is not None else []))
        cfg = self.server.config
        views = "".join(
            f'<li><a href="/{html.escape(p.name)}">{html.escape(p.name)}</a></li>'
            for p in sorted(cfg.html_dir.glob("*.html"))) if cfg.html_dir else ""
        views = (f"<h2>Views</h2><ul>{views}</ul>" if views else
                 "<p>No HTML views yet: <code>kg viz</code> draws them.</p>")
        page = f"""<!doctype html><html lang="en"><meta charset="utf-8">
<title>kg SPARQL endpoint</title>
<h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 Protocol endpoint at <code>/sparql</code> over {self.server.pool.triples:,}
triples. Time limit {cfg.timeout or 0:g} s, at most {cfg.max_rows or 0:,} rows per answer.</p>
<form action="/sparql" method="post"><textarea name="query" rows="8" cols="80">SELECT ?s ?p ?o
WHERE {{ ?s ?p ?o }} LIMIT 10</textarea><br><button>Run</button></form>
{views}
<h2>Named questions</h2><ul>{items}</ul>
<p>JSON list: <a href="/queries">/queries</a>.</p></html>
"""
        return page.encode()

    # --------------------------------------------------------------- I/O
    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            raise RequestError(411, "chunked request bodies are not accepted; send "
                               "Content-Length")
        if length is None:
            self.close_connection = True
            raise RequestError(411, "a POST needs a Content-Length header")
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            raise RequestError(400, f"bad Content-Length {length!r}") from None
        if size < 0:
            self.close_connection = True
            raise RequestError(400, f"bad Content-Length {length!r}")
        if size > MAX_BODY:
            self.close_connection = True
            raise RequestError(413, f"the request body is over {MAX_BODY // 1024} KiB")
        return self.rfile.read(size)

    def _discard_body(self) -> None:
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = 0
        if 0 < size <= MAX_BODY:
            self.rfile.read(size)
        elif size:
            self.close_connection = True

    def _error(self, exc: RequestError) -> None:
        body = (exc.message.rstrip("\n") + "\n").encode()
        self._send(exc.status, body, "text/plain; charset=utf-8", exc.headers)

    def _send(self, status: int, body: bytes, ctype: str,
              headers: dict[str, str] | None = None) -> None:
        """The answer; for HEAD the headers only (Content-Length still that of the body)."""
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        log = self.server.config.log
        if log is not None:
            log(f"{self.address_string()} {format % args}")


def _parse_qs(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False,
                                     errors="strict", max_num_fields=100)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(400, f"malformed query string: {exc}") from None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(400, "the request body is not UTF-8") from None


def _static_type(path: Path) -> str:
    import mimetypes

    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return ctype + ("; charset=utf-8" if ctype.startswith("text/") or ctype.endswith(
        ("javascript", "json")) else "")


# ====================================================================== entry point

def serve(config: ServerConfig, ready: Callable[[SparqlServer], None] | None = None) -> None:
    """Run until interrupted; ``ready(server)`` is called once it listens."""
    server = SparqlServer(config)
    try:
        if ready is not None:
            ready(server)
        server.serve_forever(poll_interval=0.2)
    finally:
        server.close()


def start_in_thread(config: ServerConfig) -> SparqlServer:
    """Start a server on a background thread (tests, notebooks); stop it with
    ``server.shutdown(); server.close()``."""
    server = SparqlServer(config)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True, name="kg-serve")
    thread.start()
    server.thread = thread  # type: ignore[attr-defined]
    return server


if os.name == "nt":  # pragma: no cover - spawn needs the main guard there
    multiprocessing.freeze_support()
