"""kg serve — a read-only SPARQL 1.1 endpoint (and the HTML views) on this machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli import progress

HELP = "serve a read-only SPARQL endpoint (and the HTML views) locally"
DESCRIPTION = """\
Serve the graph over HTTP: a read-only SPARQL 1.1 Protocol endpoint at /sparql (GET or POST,
query= or an application/sparql-query body), each named question at /queries/NAME?param=value,
and the HTML views (if built) at /. Answers follow the Accept header: SPARQL JSON, XML, CSV or
TSV for SELECT/ASK, Turtle, JSON-LD, N-Triples or RDF/XML for CONSTRUCT/DESCRIBE. GET /sparql
with no query gives the service description (sd:Service); default-graph-uri=BASE, the
dataset's base IRI, names its default graph.

SPARQL Update and Graph Store writes are refused (403/405). Each query has a time limit, a
row cap, a size cap and a memory limit; a query over any gets a clear error (503, 422). Queries
run in worker processes so a runaway query is stopped, not left running; one more worker is
kept for the named questions so they keep answering meanwhile.

Browsers: only requests naming this server (Host: 127.0.0.1, localhost...) from its own pages
are answered; --cors ORIGIN lets another page query it. Federated queries (SERVICE) are
refused unless --allow-service. Binds 127.0.0.1 unless --host says otherwise: there is no
authentication, so think before serving to a network."""
EPILOG = """\
examples:
  kg serve                                   the release, at http://127.0.0.1:8000/sparql
  kg load --store build/store && kg serve --store build/store --port 8890
  kg serve big.nt ontologies.ttl             these files, parsed into memory at start
  curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/hubs'
  curl --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:8000/sparql"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg import endpoint_defaults as d  # the one table of defaults (d.DEFAULT_*)

    parser.add_argument("--host", default=d.DEFAULT_HOST,
                        help=f"address to listen on (default {d.DEFAULT_HOST}: this machine only)")
    parser.add_argument("--port", type=int, default=d.DEFAULT_PORT,
                        help=f"port (default {d.DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="RDF files to serve, parsed into memory at start (default: the "
                             "release); slower to start than --store, faster to answer")
    parser.add_argument("--store", type=Path, metavar="DIR",
                        help="serve a store made by `kg load --store DIR`: opens at once, "
                             "answers more slowly than memory (docs/performance.md has figures)")
    parser.add_argument("--timeout", type=float, default=d.DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"time limit per query (default {d.DEFAULT_TIMEOUT:g}; 0: none)")
    parser.add_argument("--max-rows", type=int, default=d.DEFAULT_MAX_ROWS, metavar="N",
                        help=f"most rows (or triples) per answer (default {d.DEFAULT_MAX_ROWS:,};"
                             " 0: no cap)")
    parser.add_argument("--max-bytes", default=f"{d.DEFAULT_MAX_BYTES >> 20}M", metavar="SIZE",
                        help="largest answer, e.g. 500K, 64M (default "
                             f"{d.DEFAULT_MAX_BYTES >> 20}M; 0: no cap)")
    parser.add_argument("--memory", default=f"{d.DEFAULT_MEMORY >> 20}M", metavar="SIZE",
                        help="memory a query worker may take for a query, beyond the graph it "
                             f"holds (default {d.DEFAULT_MEMORY >> 20}M; 0: no limit)")
    parser.add_argument("--workers", type=int, default=d.DEFAULT_WORKERS, metavar="N",
                        help=f"query worker processes (default {d.DEFAULT_WORKERS})")
    parser.add_argument("--named-workers", type=int, default=d.DEFAULT_NAMED_WORKERS,
                        metavar="N", help="more workers kept for the named questions "
                                          f"(default {d.DEFAULT_NAMED_WORKERS})")
    parser.add_argument("--allow-service", action="store_true",
                        help="let queries use SERVICE <url> (federated queries make this "
                             "machine send requests anywhere; refused by default)")
    parser.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                        help="let pages of ORIGIN (e.g. https://notebook.example, or '*') "
                             "query the endpoint from a browser (repeatable; default: none)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="answer requests naming this host too (behind a proxy; "
                             "repeatable)")
    parser.add_argument("--queries", type=Path, metavar="DIR",
                        help="named questions folder (default: queries/ next to the data)")
    parser.add_argument("--html", type=Path, metavar="DIR",
                        help="static HTML views to serve at / (default: <build>/html if built)")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KGError
    from kg.query.library import queries_dir
    from kg.query.limits import check_seconds
    from kg.server import ServerConfig, serve

    project = args.project
    if args.port < 0 or args.port > 65535:
        raise KGError(f"--port {args.port} is not a port number (0-65535)")
    from kg.query.limits import parse_size
    from kg.server.guard import validate_limits

    timeout = check_seconds(args.timeout, "--timeout")
    max_bytes = parse_size(args.max_bytes, "--max-bytes")
    memory = parse_size(args.memory, "--memory")
    validate_limits(timeout=timeout, max_rows=args.max_rows, max_bytes=max_bytes,
                    workers=args.workers, named_workers=args.named_workers, memory=memory)
    files = list(args.files)
    if files and args.store is not None:
        raise KGError("give RDF files or --store DIR, not both",
                      hint="a store already holds what `kg load` put in it")
    if files:
        from kg.store import check_rdf_files

        check_rdf_files(files)
        progress(args, "loading " + ", ".join(str(f) for f in files))
    elif args.store is None:
        from kg.store import release_files

        progress(args, "loading the release")
        files = release_files(project)
    html_dir = args.html or project.build_dir / "html"
    config = ServerConfig(
        store=args.store, files=files, queries_dir=args.queries or queries_dir(project),
        html_dir=html_dir if html_dir.is_dir() else None, host=args.host, port=args.port,
        timeout=timeout, max_rows=args.max_rows or None, workers=args.workers,
        log=None if args.quiet else _log, named_workers=args.named_workers,
        max_bytes=max_bytes, memory=memory, allow_service=args.allow_service,
        cors=list(args.cors), allow_hosts=list(args.allow_host),
    )

    def ready(server) -> None:
        progress(args, f"serving {server.pool.triples:,} triples; SPARQL endpoint "
                       f"{server.url}sparql, named questions {server.url}queries "
                       "(Ctrl-C stops)")
        import sys

        sys.stdout.flush()

    import signal

    def stop(signum, frame):  # SIGTERM too: stop the workers, remove the temporary store
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        serve(config, ready)
    except OSError as exc:
        raise KGError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
                      hint="is another server using the port? try --port 0") from None
    return 0


def _log(message: str) -> None:
    import sys

    print(message, file=sys.stderr, flush=True)
