"""The worker processes of ``kg serve``: each opens the store (or parses the files) once and
answers jobs; a job over the time limit, or a worker that crashes, kills and replaces it."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from kg.endpoint_defaults import DEFAULT_WORKERS
from kg.errors import KGError
from kg.server import guard
from kg.server.errors import RequestError
from kg.server.library import _library
from kg.server.negotiation import MEDIA_TYPES, _negotiate
from kg.server.protocol import Job, is_update, syntax_message
from kg.server.results import serialize_boolean, serialize_graph, serialize_solutions


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


def _worker_main(conn: Any, source: str | list[str], queries_dir: str | None,
                 memory: int | None = None, niceness: int = 0) -> None:
    """Serve jobs from ``conn`` until it closes: open the source once, answer each job with
    ``("ok", content_type, body, rows)`` or ``("error", status, message)``. Once the graph is
    open the worker may grow by ``memory`` bytes at most; ``niceness`` lowers its CPU priority
    (the workers for any SPARQL, so that those for named questions win a busy CPU)."""
    os.environ["RUST_BACKTRACE"] = "0"  # a failed allocation: one line on stderr, not forty
    try:
        if niceness:
            os.nice(niceness)
        store, namespaces = _open_source(source)
        library = _library(queries_dir)
        if library is not None:
            library.namespaces = namespaces
        if namespaces is None:
            from kg.store import concept_namespaces

            namespaces = concept_namespaces(store)
        names = default_graph_names(namespaces)
        guard.limit_memory(memory)
        conn.send(("ready", (len(store), sorted(names))))
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
            reply = ("ok", *_answer(store, library, job, PREFIXES, names))
        except RequestError as exc:
            reply = ("error", exc.status, exc.message)
        except KGError as exc:
            reply = ("error", 404 if exc.message.startswith("no named question") else 400,
                     str(exc))
        except MemoryError:
            reply = ("error", 503, "the query needed more memory than this server gives a "
                     "query (--memory); add LIMIT or narrow it")
        except Exception as exc:  # noqa: BLE001 - a bug, but the client gets a message
            reply = ("error", 500, f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


def default_graph_names(namespaces: list[str] | None) -> frozenset[str]:
    """The IRIs that name the default graph in ``default-graph-uri``: the dataset's base IRI
    (its concepts are ``<base>concept/...``). Everything is in the default graph, and a
    client that names it, as ``kg query --endpoint URL --graph BASE`` does, means it.

    >>> sorted(default_graph_names(["http://example.org/knee/concept/"]))
    ['http://example.org/knee/']
    """
    suffix = "concept/"
    return frozenset(ns[:-len(suffix)] for ns in namespaces or () if ns.endswith(suffix))


def _graph_dataset(job: Job, names: frozenset[str]) -> dict[str, Any]:
    """The protocol's ``default-graph-uri``/``named-graph-uri`` as pyoxigraph's dataset: the
    default graph's name (:func:`default_graph_names`) is the default graph; any other IRI a
    named graph, empty when the store has none of that name (as the protocol says)."""
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    try:
        if job.default_graphs:
            kwargs["default_graph"] = [ox.DefaultGraph() if g in names else ox.NamedNode(g)
                                       for g in job.default_graphs]
        if job.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    except ValueError as exc:
        raise RequestError(400, f"bad graph IRI: {exc}") from None
    return kwargs


def _answer(store: Any, library: Any, job: Job, prefixes: dict[str, str],
            names: frozenset[str] = frozenset()) -> tuple:
    import pyoxigraph as ox

    if job.name is not None:
        if library is None:
            raise RequestError(404, "this server has no named questions")
        text, _ = library.bind(store, job.name, job.params)
    else:
        text = job.query or ""
    if is_update(text):
        raise RequestError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    from kg.query.limits import check_query

    check_query(text, allow_service=job.allow_service)  # before pyoxigraph's parser recurses
    kwargs = _graph_dataset(job, names)
    try:
        result = store.query(text, **kwargs)
    except SyntaxError as exc:
        raise RequestError(400, syntax_message(text, str(exc))) from None
    except (ValueError, OSError, RuntimeError) as exc:
        raise RequestError(400, f"cannot run this query: {exc}") from None
    try:  # results are lazy: evaluation errors (a SERVICE that fails...) come while reading
        if isinstance(result, ox.QueryBoolean):
            fmt = _negotiate(job.accept, "boolean")
            return MEDIA_TYPES[fmt], serialize_boolean(bool(result), fmt), 1
        if isinstance(result, ox.QuerySolutions):
            fmt = _negotiate(job.accept, "solutions")
            variables = [v.value for v in result.variables]
            body, rows = serialize_solutions(variables, result, fmt, job.max_rows,
                                             job.max_bytes)
            return MEDIA_TYPES[fmt], body, rows
        fmt = _negotiate(job.accept, "graph")
        body, rows = serialize_graph(result, fmt, job.max_rows, prefixes, job.max_bytes)
        return MEDIA_TYPES[fmt], body, rows
    except (OSError, RuntimeError) as exc:
        raise RequestError(400, f"the query failed while running: {exc}") from None


class _Worker:
    def __init__(self, context: Any, source: str | list[str], queries_dir: str | None,
                 named_only: bool = False, memory: int | None = None) -> None:
        self.named_only = named_only  # kept for named questions
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, daemon=True, name="kg-serve-worker",
            args=(child, source, queries_dir, memory, 0 if named_only else _SPARQL_NICENESS))
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
        triples, names = detail
        self.graph_names = list(names)
        return int(triples)

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


#: the workers for any SPARQL run at a lower CPU priority than those kept for named questions
_SPARQL_NICENESS = 10


class WorkerPool:
    """Worker processes; a query over the time limit kills its worker. ``size`` workers take
    any job; ``named`` more are kept for named questions (which may also use the others), so
    that runaway SPARQL holding every other worker does not keep a quick question waiting."""

    def __init__(self, source: str | Path | list[Path], size: int = DEFAULT_WORKERS,
                 queries_dir: Path | None = None,
                 start_timeout: float = 120.0, named: int = 0,
                 memory: int | None = None) -> None:
        self._context = multiprocessing.get_context("spawn")
        # a store folder (opened read-only) or files (parsed into memory by each worker)
        self._source = [str(p) for p in source] if isinstance(source, list) else str(source)
        self._queries_dir = str(queries_dir) if queries_dir else None
        self._start_timeout = start_timeout
        self._memory = memory
        self._idle: list[_Worker] = []
        self._ready = threading.Condition()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.size = max(1, size)
        self.triples = 0
        self.graph_names: list[str] = []  # IRIs naming the default graph
        workers = ([self._spawn(False) for _ in range(self.size)]
                   + [self._spawn(True) for _ in range(max(0, named))])
        try:
            for worker in workers:
                self.triples = worker.wait_ready(start_timeout)
                self.graph_names = worker.graph_names
                self._release(worker)
        except BaseException:
            self.close()
            raise

    def _spawn(self, named_only: bool) -> _Worker:
        worker = _Worker(self._context, self._source, self._queries_dir, named_only,
                         self._memory)
        with self._lock:
            self._all.add(worker)
        return worker

    def _release(self, worker: _Worker) -> None:
        with self._ready:
            self._idle.append(worker)
            self._ready.notify_all()

    def _acquire(self, named: bool, timeout: float | None) -> _Worker:
        """An idle worker for the job: a named question prefers one kept for it."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._ready:
            while True:
                fitting = [w for w in self._idle if named or not w.named_only]
                if fitting:
                    worker = max(fitting, key=lambda w: w.named_only)
                    self._idle.remove(worker)
                    return worker
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise RequestError(503, "the server is busy: no query worker became free "
                                       f"within {timeout:g} s; try again", {"Retry-After": "1"})
                self._ready.wait(left)

    def _replace(self, dead: _Worker) -> None:
        """Kill ``dead`` and start a new worker in the background."""
        dead.kill()
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return

        def start() -> None:
            try:
                worker = self._spawn(dead.named_only)
                worker.wait_ready(self._start_timeout)
            except Exception as exc:  # noqa: BLE001
                print(f"kg serve: could not restart a query worker: {exc}", file=sys.stderr)
                return
            if self._closed:
                worker.kill()
            else:
                self._release(worker)

        threading.Thread(target=start, daemon=True).start()

    def idle(self, named: bool = False) -> int:
        """How many workers could take a SPARQL job (``named``: a named question) now."""
        with self._ready:
            return sum(1 for w in self._idle if named or not w.named_only)

    def run(self, job: Job, timeout: float | None) -> tuple[str, bytes, int]:
        """Run ``job``; (content type, body, rows) or RequestError."""
        started = time.monotonic()
        worker = self._acquire(job.name is not None, timeout)
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
            worker.process.join(2)
            status, message = guard.crash_message(worker.process.exitcode, self._memory)
            self._replace(worker)
            raise RequestError(status, message) from None
        self._release(worker)
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



if os.name == "nt":  # pragma: no cover - spawn needs the main guard there
    multiprocessing.freeze_support()
