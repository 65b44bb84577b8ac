"""The HTTP server of ``kg serve`` and its request handler: configuration, dispatch by method
and path, the answer's headers; the protocol, routes and guard mixins do the rest."""

from __future__ import annotations

import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg import endpoint_defaults as defaults
from kg.errors import KGError
from kg.server import guard
from kg.server.errors import RequestError
from kg.server.library import _library
from kg.server.protocol import ProtocolHandler, _parse_qs
from kg.server.routes import RoutesHandler
from kg.server.workers import WorkerPool


@dataclass
class ServerConfig:
    """What ``kg serve`` serves and how."""

    store: Path | None = None          # a `kg load` store; None: ``files`` parsed into memory
    files: list[Path] = field(default_factory=list)
    queries_dir: Path | None = None    # named questions (queries/*.rq)
    html_dir: Path | None = None       # static HTML views served under /
    host: str = defaults.DEFAULT_HOST
    port: int = defaults.DEFAULT_PORT
    timeout: float | None = defaults.DEFAULT_TIMEOUT
    max_rows: int | None = defaults.DEFAULT_MAX_ROWS
    workers: int = defaults.DEFAULT_WORKERS
    log: Callable[[str], None] | None = None
    # limits and the browser policy (kg.server.guard); None or 0: no limit
    named_workers: int = defaults.DEFAULT_NAMED_WORKERS
    max_bytes: int | None = defaults.DEFAULT_MAX_BYTES
    memory: int | None = defaults.DEFAULT_MEMORY
    allow_service: bool = False
    cors: list[str] = field(default_factory=list)         # origins allowed besides this one
    allow_hosts: list[str] = field(default_factory=list)  # Host names besides the bound ones
    idle_timeout: float | None = defaults.DEFAULT_IDLE_TIMEOUT
    header_timeout: float | None = defaults.DEFAULT_HEADER_TIMEOUT
    body_timeout: float | None = defaults.DEFAULT_BODY_TIMEOUT


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``serve_forever()`` to run, ``close()`` to stop and clean up."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        guard.validate_limits(timeout=config.timeout, max_rows=config.max_rows,
                              max_bytes=config.max_bytes, workers=config.workers,
                              named_workers=config.named_workers, memory=config.memory)
        self.hosts = guard.allowed_hosts(config.host, config.allow_hosts)
        self.any_ip = config.host in guard.WILDCARDS
        if config.store is not None:
            from kg.store import store_info

            store_info(config.store)  # a clear error if it is not a kg store
            source: Path | list[Path] = config.store
        else:
            if not config.files:
                raise KGError("nothing to serve: give a store or RDF files")
            source = list(config.files)
        try:
            self.pool = WorkerPool(source, config.workers, config.queries_dir,
                                   named=config.named_workers, memory=config.memory)
            self.library = _library(str(config.queries_dir) if config.queries_dir else None)
            super().__init__((config.host, config.port), Handler)
            self.deadlines = guard.Deadlines()
        except BaseException:
            self.close()
            raise

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that resets or drops its connection (a cancelled request, a closed tab)
        is not an error of the server: no traceback on its stderr. Anything else still is."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
        deadlines = getattr(self, "deadlines", None)
        if deadlines is not None:
            deadlines.close()
        if getattr(self, "socket", None) is not None:
            self.server_close()


class Handler(guard.GuardedHandler, ProtocolHandler, RoutesHandler, BaseHTTPRequestHandler):
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
        """Also the CORS preflight: answered with what a permitted origin may send."""
        try:
            self._check_client()
        except RequestError as exc:
            self._error(exc)
            return
        self._send(204, b"", "text/plain", guard.preflight_headers(self._cors))

    def _check_client(self) -> None:
        refusal = self.client_refusal()
        if refusal is not None:
            self._discard_body()
            raise RequestError(*refusal)

    def _refuse_write(self) -> None:
        self._discard_body()
        self._error(RequestError(405, "this endpoint is read-only: Graph Store writes (PUT, "
                                 "POST, DELETE, PATCH of graphs) are not accepted",
                                 {"Allow": "GET, HEAD, POST, OPTIONS"}))

    def _handle(self, method: str) -> None:
        try:
            self._check_client()
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
        if any(ord(c) < 0x20 or c == "\x7f" for c in path):
            raise RequestError(400, "the request path holds a control character (%00...)")
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
            extra = {**guard.security_headers(ctype, self._cors), **(headers or {})}
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
        except OSError:  # the client went away, or stopped reading (timed out)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        log = self.server.config.log
        if log is not None:
            log(f"{self.address_string()} {format % args}")


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

