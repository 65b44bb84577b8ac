"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the standard library's HTTP server.

Endpoints (all read-only)::

    GET  /sparql?query=...                       SPARQL 1.1 Protocol query via GET
    GET  /sparql                                 the SPARQL 1.1 Service Description (sd:Service)
    POST /sparql   query=... (form) | application/sparql-query body
    GET  /queries                                the named questions (JSON)
    GET  /queries/NAME?param=value               run a named question; values are names
    GET  /                                       a short index page (and the HTML views, if built)

Answers follow the ``Accept`` header (or ``?format=json|xml|csv|tsv|turtle|jsonld|nt|rdfxml``):
SPARQL JSON (default), XML, CSV and TSV results for SELECT/ASK; Turtle (default), JSON-LD,
N-Triples and RDF/XML for CONSTRUCT/DESCRIBE. ``format=``/``output=`` take what SPARQLWrapper
sends (``xml`` is XML results or RDF/XML by query form, ``json`` SPARQL JSON or JSON-LD, ``n3``
Turtle; repeated and unknown values skipped while one is known); one that does not fit the
query form leaves the choice to ``Accept``. ``default-graph-uri`` with the dataset's base IRI
(:func:`kg.server.workers.default_graph_names`) is the default graph, any other IRI a graph the
dataset does not have (empty, as the protocol says).

Refused, with a plain-text message: SPARQL Update and Graph Store writes (403/405), malformed
requests and queries (400, with line and column), federated queries (SERVICE: 400, unless
``allow_service``), queries nested too deep for the engine (400), unknown named questions (404),
unsupported media types (406/415), a query over the time limit or the memory limit (503) and
an answer over the row or size cap (422); a request naming another host or sent from another
origin's page (403: :mod:`kg.server.guard`). Never a 500 for anything a client sends.

How it works: queries run in a small pool of worker *processes*, each with the same Oxigraph
store opened read-only (``--store``, a ``kg load`` store: opens in milliseconds at any size) or
its own in-memory copy of the release (parsed at start: milliseconds for one article, seconds
and a copy per worker for a million triples, so load big graphs with ``kg load`` first).
pyoxigraph cannot cancel a running query, so a query over the time limit is stopped by killing
its worker, which is then replaced; the HTTP threads are never blocked by a runaway
query, and the row and size caps are counted while serializing. A worker that crashes or runs
out of memory is replaced the same way. Besides the workers for any SPARQL, ``named_workers``
more take only named questions (the others run at a lower CPU priority), so a runaway client
holding every SPARQL worker does not keep quick questions waiting. Binds 127.0.0.1 unless told
otherwise.
"""

from kg.endpoint_defaults import (  # re-exported as kg.server.DEFAULT_*
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_HOST,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_MEMORY,
    DEFAULT_NAMED_WORKERS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
)
from kg.server.app import Handler, ServerConfig, SparqlServer, serve, start_in_thread
from kg.server.errors import RequestError
from kg.server.library import NamedLibrary
from kg.server.negotiation import (
    GRAPH_FORMATS,
    MEDIA_TYPES,
    RESULT_FORMATS,
    choose_format,
    preferred_formats,
)
from kg.server.protocol import MAX_BODY, Job, is_update, syntax_message
from kg.server.results import serialize_boolean, serialize_graph, serialize_solutions
from kg.server.workers import WorkerPool

__all__ = ["DEFAULT_BODY_TIMEOUT", "DEFAULT_HEADER_TIMEOUT", "DEFAULT_HOST",
           "DEFAULT_IDLE_TIMEOUT", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_ROWS", "DEFAULT_MEMORY",
           "DEFAULT_NAMED_WORKERS", "DEFAULT_PORT", "DEFAULT_TIMEOUT", "DEFAULT_WORKERS",
           "GRAPH_FORMATS", "MAX_BODY", "MEDIA_TYPES", "RESULT_FORMATS", "Handler", "Job",
           "NamedLibrary", "RequestError", "ServerConfig", "SparqlServer", "WorkerPool",
           "choose_format", "is_update", "preferred_formats", "serialize_boolean",
           "serialize_graph", "serialize_solutions", "serve", "start_in_thread",
           "syntax_message"]
