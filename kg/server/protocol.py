"""The SPARQL 1.1 Protocol side of ``kg serve``: reading a request (query string, form or
``application/sparql-query`` body, with its size and time limits) into a :class:`Job` for a
worker, and the handler methods that answer ``/sparql``."""

from __future__ import annotations

import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from kg.endpoint_defaults import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS
from kg.server.errors import RequestError
from kg.server.negotiation import parameter_formats, preferred_formats

MAX_BODY = 1 << 20  # 1 MiB of query text is plenty


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
    max_bytes: int | None = DEFAULT_MAX_BYTES
    allow_service: bool = False


class ProtocolHandler:
    """Mixed into :class:`kg.server.app.Handler`: ``/sparql`` and reading request bodies."""

    server: Any
    headers: Any
    rfile: Any
    connection: Any
    close_connection: bool

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
        if not queries and method != "POST":
            self._describe(params)
            return
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
                  max_rows=self.server.config.max_rows, max_bytes=self.server.config.max_bytes,
                  allow_service=self.server.config.allow_service,
                  default_graphs=params.get("default-graph-uri", []),
                  named_graphs=params.get("named-graph-uri", []))
        self._run(job, method)


    def _describe(self, params: dict[str, list[str]]) -> None:
        """``GET /sparql`` with no query: the SPARQL 1.1 Service Description."""
        from kg.server.description import PREFIXES, service_description
        from kg.server.negotiation import MEDIA_TYPES, _negotiate
        from kg.server.results import serialize_graph

        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        pool, config = self.server.pool, self.server.config
        triples = service_description(f"http://{host}/sparql", pool.triples, pool.graph_names,
                                      config.allow_service)
        fmt = _negotiate(self._accept(params), "graph")
        body, _ = serialize_graph(triples, fmt, None, PREFIXES)
        self._send(200, body, MEDIA_TYPES[fmt] + ("" if fmt == "jsonld" else "; charset=utf-8"))

    # --------------------------------------------------------------- running
    def _accept(self, params: dict[str, list[str]]) -> list[str]:
        """The formats to try, best first: those of ``format=``/``output=`` (when one fits the
        answer's kind it wins), then the ``Accept`` header's."""
        forced = parameter_formats(params.get("format", []) + params.get("output", []))
        accepted = preferred_formats(self.headers.get("Accept"))
        return forced + [k for k in accepted if k not in forced]

    def _run(self, job: Job, method: str) -> None:
        started = time.perf_counter()
        ctype, body, rows = self.server.pool.run(job, self.server.config.timeout)
        elapsed = time.perf_counter() - started
        headers = {"X-Result-Rows": str(rows), "X-Query-Seconds": f"{elapsed:.4f}"}
        charset = "" if ctype.endswith(("+json", "/json")) else "; charset=utf-8"
        self._send(200, body, ctype + charset, headers)

    # --------------------------------------------------------------- static pages
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
        with self.server.deadlines.armed(self.connection, self.server.config.body_timeout):
            body = self.rfile.read(size)
        if len(body) < size:
            self.close_connection = True
            raise RequestError(408, "the request body did not arrive in time")
        return body

    def _discard_body(self) -> None:
        try:
            size = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            size = 0
        if 0 < size <= MAX_BODY:
            with self.server.deadlines.armed(self.connection, self.server.config.body_timeout):
                self.rfile.read(size)
        elif size:
            self.close_connection = True


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

