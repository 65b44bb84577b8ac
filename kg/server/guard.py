"""What ``kg serve`` checks before it answers: who may ask, from which page, how long they may
take to ask, and what a query worker may use. Plain functions and one small watchdog, no HTTP
handling (that is in :mod:`kg.server.app`).

- **Host** (DNS rebinding): a page on ``evil.example`` whose name is made to resolve to
  127.0.0.1 reaches the endpoint with ``Host: evil.example``. Only the names the server is
  reached by are answered: the bound address, the localhost names and ``--allow-host`` names;
  bound to all interfaces (``--host 0.0.0.0``), also any IP address and this machine's names.
- **Origin** (CORS): same-origin by default. A browser request from another origin (its
  ``Origin`` header) is refused with 403 before any query runs, and no
  ``Access-Control-Allow-Origin`` is sent; ``--cors ORIGIN`` (or ``--cors '*'``) opens it,
  preflight included.
- **Headers**: ``X-Content-Type-Options: nosniff`` on every answer; a Content-Security-Policy
  on HTML and SVG (the built views inline their scripts, so ``'unsafe-inline'``, but nothing
  is loaded from another origin and no page may frame them).
- **Slow clients**: a connection may be idle between requests for ``idle_timeout``, then
  has ``header_timeout`` for its request line and headers and ``body_timeout`` for its body
  (the :class:`Deadlines` watchdog shuts the socket; per-read socket timeouts alone let a client
  sending a byte a second hold a thread forever).
- **Worker memory**: :func:`limit_memory` caps a worker's address space (``RLIMIT_AS``) at what
  it holds once the graph is open plus the configured budget, so a runaway ``ORDER BY`` fails in
  its worker (which is replaced) instead of taking the machine's memory.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from kg.errors import KGError

__all__ = ["CSP", "Deadlines", "GuardedHandler", "MAX_WORKERS", "allowed_hosts", "crash_message",
           "host_allowed", "limit_memory", "origin_verdict", "preflight_headers",
           "security_headers", "validate_limits"]

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "localhost.localdomain"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
#: each worker holds the graph (a copy of it when serving files): more is a mistake
MAX_WORKERS = 64
#: the pages under / inline their scripts and styles (vis-network, the data as JSON)
# the explorer at / runs its SPARQL engine in a Web Worker made from its own inlined code
# (a blob: URL) and compiles Oxigraph's inlined WebAssembly: worker-src blob: and
# 'wasm-unsafe-eval' (compiling WebAssembly, not JavaScript's eval); still nothing outside
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; "
       "worker-src 'self' blob:; style-src 'self' "
       "'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
ALLOW_METHODS = "GET, HEAD, POST, OPTIONS"
ALLOW_HEADERS = "Accept, Content-Type"


# ------------------------------------------------------------------ Host and Origin

def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The host names (lower case, no port) requests may name in their ``Host`` header."""
    names = set(LOCAL_NAMES) | {bound.lower().strip("[]")} | {e.lower() for e in extra}
    if bound in WILDCARDS:
        for name in (socket.gethostname(), socket.getfqdn()):
            names.add(name.lower())
    names.discard("")
    return frozenset(names)


def _host_name(header: str) -> str:
    """``Host`` without its port: ``[::1]:8000`` -> ``::1``, ``Knee.example.:80`` ->
    ``knee.example``."""
    host = header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


def host_allowed(header: str | None, names: frozenset[str], wildcard: bool) -> bool:
    """Whether a request's ``Host`` header names this server (a missing one passes: only
    browsers matter here, and they always send it).

    >>> names = allowed_hosts("127.0.0.1")
    >>> [host_allowed(h, names, False) for h in ("127.0.0.1:8000", "localhost", "evil.example")]
    [True, True, False]
    """
    if header is None:
        return True
    host = _host_name(header)
    if host in names:
        return True
    if wildcard:  # an IP literal cannot be rebound to another address
        try:
            ipaddress.ip_address(host)
            return True
        except ValueError:
            return False
    return False


def origin_verdict(origin: str | None, host: str | None,
                   allowed: Iterable[str]) -> tuple[bool, str | None]:
    """``(accepted, Access-Control-Allow-Origin value or None)`` for a request's ``Origin``.

    >>> origin_verdict(None, "127.0.0.1:8000", [])
    (True, None)
    >>> origin_verdict("http://127.0.0.1:8000", "127.0.0.1:8000", [])
    (True, None)
    >>> origin_verdict("https://evil.example", "127.0.0.1:8000", [])
    (False, None)
    >>> origin_verdict("https://notebook.example", "127.0.0.1:8000", ["https://notebook.example"])
    (True, 'https://notebook.example')
    """
    if origin is None:
        return True, None
    allowed = list(allowed)
    if "*" in allowed:
        return True, "*"
    normalized = origin.strip().rstrip("/").lower()
    if normalized in {a.rstrip("/").lower() for a in allowed}:
        return True, origin.strip()
    if host and normalized == f"http://{host.strip().lower()}":
        return True, None  # same origin (a form of the index page posting its query)
    return False, None


def security_headers(content_type: str, cors: str | None = None) -> dict[str, str]:
    """Headers every answer carries (HTML and SVG also get the CSP; ``cors``: the
    ``Access-Control-Allow-Origin`` value :func:`origin_verdict` gave, if any)."""
    headers = {"X-Content-Type-Options": "nosniff"}
    if content_type.startswith(("text/html", "image/svg+xml", "application/xhtml")):
        headers["Content-Security-Policy"] = CSP
    if cors is not None:
        headers["Access-Control-Allow-Origin"] = cors
        headers["Access-Control-Expose-Headers"] = "X-Result-Rows, X-Query-Seconds"
        if cors != "*":
            headers["Vary"] = "Origin"
    return headers


def preflight_headers(cors: str | None) -> dict[str, str]:
    """The answer to OPTIONS: what a permitted origin may send."""
    headers = {"Allow": ALLOW_METHODS}
    if cors is not None:
        headers.update({"Access-Control-Allow-Methods": ALLOW_METHODS,
                        "Access-Control-Allow-Headers": ALLOW_HEADERS,
                        "Access-Control-Max-Age": "600"})
    return headers


class GuardedHandler:
    """Mixed into ``kg.server.app.Handler`` (a ``BaseHTTPRequestHandler`` whose server has
    ``config``, ``deadlines``, ``hosts`` and ``any_ip``): the connection deadlines and the
    Host/Origin checks."""

    _cors: str | None = None

    def handle_one_request(self) -> None:
        """Wait ``idle_timeout`` for a request to start, then give it ``header_timeout`` to
        finish its request line and headers (the watchdog shuts a slower socket)."""
        cfg = self.server.config  # type: ignore[attr-defined]
        conn = self.connection  # type: ignore[attr-defined]
        self._cors = None
        try:
            conn.settimeout(cfg.idle_timeout)
            if not self.rfile.peek(1):  # type: ignore[attr-defined]
                self.close_connection = True
                return
            conn.settimeout(max(cfg.header_timeout or 0, cfg.body_timeout or 0,
                                cfg.idle_timeout or 0) or None)
        except OSError:  # TimeoutError included: an idle client is let go
            self.close_connection = True
            return
        self.server.deadlines.arm(conn, cfg.header_timeout)  # type: ignore[attr-defined]
        try:
            super().handle_one_request()  # type: ignore[misc]
        except OSError:
            self.close_connection = True
        finally:
            self.server.deadlines.disarm(conn)  # type: ignore[attr-defined]

    def parse_request(self) -> bool:
        ok = super().parse_request()  # type: ignore[misc]
        self.server.deadlines.disarm(self.connection)  # type: ignore[attr-defined]
        return ok  # the headers are in: the body has its own deadline

    def client_refusal(self) -> tuple[int, str] | None:
        """(status, message) for a request naming another host (DNS rebinding) or sent by a
        page of an origin ``--cors`` does not allow; None if it may be answered (then
        ``self._cors`` holds the CORS header to send, if any)."""
        server = self.server  # type: ignore[attr-defined]
        headers = self.headers  # type: ignore[attr-defined]
        host = headers.get("Host")
        if not host_allowed(host, server.hosts, server.any_ip):
            return 403, (f"this server does not answer to the name {host!r} (the Host "
                         "header); use http://127.0.0.1 or localhost, or start it with "
                         "--allow-host NAME")
        accepted, self._cors = origin_verdict(headers.get("Origin"), host, server.config.cors)
        if not accepted:
            return 403, (f"requests from pages of {headers.get('Origin')} are refused: this "
                         "endpoint answers its own pages only; start kg serve with --cors "
                         "ORIGIN to let that page query it")
        return None


# ------------------------------------------------------------------ slow clients

class Deadlines:
    """One watchdog thread: a socket armed with a deadline is shut down when it passes."""

    def __init__(self, tick: float = 0.1) -> None:
        self._due: dict[Any, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tick = tick
        self._thread = threading.Thread(target=self._watch, daemon=True, name="kg-deadlines")
        self._thread.start()

    def arm(self, sock: Any, seconds: float | None) -> None:
        if seconds:
            with self._lock:
                self._due[sock] = time.monotonic() + seconds

    def disarm(self, sock: Any) -> None:
        with self._lock:
            self._due.pop(sock, None)

    @contextmanager
    def armed(self, sock: Any, seconds: float | None) -> Iterator[None]:
        self.arm(sock, seconds)
        try:
            yield
        finally:
            self.disarm(sock)

    def _watch(self) -> None:
        while not self._stop.wait(self._tick):
            now = time.monotonic()
            with self._lock:
                late = [s for s, due in self._due.items() if due <= now]
                for sock in late:
                    del self._due[sock]
            for sock in late:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()


# ------------------------------------------------------------------ workers

def _address_space() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def limit_memory(budget: int | None) -> None:
    """Let this process grow by at most ``budget`` bytes of address space from now on (where
    the platform allows; silently nothing elsewhere)."""
    if not budget:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    current = _address_space()
    if current is None:  # pragma: no cover - no /proc
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (current + budget, resource.RLIM_INFINITY))
    except (ValueError, OSError):  # pragma: no cover - a lower hard limit is already set
        pass


def crash_message(exitcode: int | None, memory: int | None) -> tuple[int, str]:
    """HTTP status and message for a worker that died while answering."""
    if exitcode == -signal.SIGSEGV:
        return 400, ("the query engine crashed on this query (its stack overflowed: the query "
                     "nests or chains too many patterns); split it, or write long lists of "
                     "values as VALUES")
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        limit = f" ({memory / (1 << 20):,.0f} MB, --memory)" if memory else ""
        return 503, (f"the query needed more memory than this server gives a query{limit} and "
                     "was stopped; add LIMIT, bind a value, or avoid cross products")
    return 503, "the query worker stopped while answering; try a narrower query"


# ------------------------------------------------------------------ options

def validate_limits(*, timeout: float | None, max_rows: int | None, max_bytes: int | None,
                    workers: int, named_workers: int, memory: int | None) -> None:
    """KGError for option values no server should start with (``--workers 100000``...)."""
    from kg.query.limits import check_seconds

    check_seconds(timeout, "--timeout")
    if max_rows is not None and max_rows < 0:
        raise KGError(f"--max-rows {max_rows} is negative", hint="0 means no cap")
    if max_bytes is not None and max_bytes < 1024:
        raise KGError(f"--max-bytes {max_bytes} is less than 1 KB", hint="0 means no cap")
    if not 1 <= workers <= MAX_WORKERS:
        raise KGError(f"--workers {workers} is not between 1 and {MAX_WORKERS}",
                      hint="each worker is a process holding the graph; a few are plenty")
    if not 0 <= named_workers <= MAX_WORKERS:
        raise KGError(f"--named-workers {named_workers} is not between 0 and {MAX_WORKERS}")
    if memory is not None and memory < (64 << 20):
        raise KGError(f"--memory {memory:,} bytes is too little for a query worker",
                      hint="give at least 64M; 0 means no limit")
