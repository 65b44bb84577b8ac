"""Named questions and SPARQL over the graph: ``kg.query(name_or_text, **params)``.

>>> import kg
>>> rows = kg.query("treatments-for", condition="knee OA")          # doctest: +SKIP
>>> sorted(r["treatmentLabel"] for r in rows)                       # doctest: +SKIP
['knee replacement', 'physical therapy']
>>> kg.query("leads-to", cause="knee OA", effect="knee pain")       # doctest: +SKIP
True

What a query can be: the name of a file in ``queries/`` (see :mod:`kg.query.library` for the
header), a path to a ``.rq`` file, or SPARQL text. Parameter values are names (a concept's
label, synonym or id; for ``(class)`` parameters a class of the vocabulary), resolved before
the query runs and bound as RDF terms — never pasted into the query text.

RDFS entailment is done in the queries, with property paths, not materialized: the graph holds
each concept's one asserted class and the vocabulary itself, so ``?x a/rdfs:subClassOf*
kgv:Treatment`` finds physical therapy, exercises, medications, injections and surgery, and
``?p rdfs:subPropertyOf* kgv:treats`` counts ``eliminates``. This keeps the release files equal
to what was curated (no inferred triples to tell apart) and works the same in every SPARQL
engine and in other tools the release is loaded into.

Engines: ``oxigraph`` (default; pyoxigraph in memory, loaded from the release N-Triples) and
``rdflib``. Every named query gives the same answers on both (tested). SPARQL Update is
refused. ``timeout`` (seconds) runs the query in a forked worker process and kills it when
time is up, which really stops it (neither engine can cancel a running query itself).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kg.config import Project
from kg.errors import KGError
from kg.query import sparql
from kg.query.engines import (
    DEFAULT_ENGINE,
    ENGINES,
    TIMEOUT_EXIT,
    Engine,
    ParamResolver,
    Result,
    Term,
    get_engine,
)
from kg.query.library import NamedQuery, Param, library, load, load_named, names, parse

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "NamedQuery", "Param", "QueryTimeout",
           "Result", "Rows", "Term", "library", "load", "load_named", "names", "parse",
           "query", "run"]


class QueryTimeout(KGError):
    """The query ran longer than its timeout and was stopped."""

    exit_code = TIMEOUT_EXIT


class Rows(list):
    """A list of ``{variable: value}`` dicts that also knows its columns.

    Notebooks show it as a table; ``pandas.DataFrame(rows)`` works directly.
    """

    def __init__(self, rows: list[dict[str, Any]], variables: list[str]) -> None:
        super().__init__(rows)
        self.variables = variables

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(v)}</th>" for v in self.variables)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape('' if r.get(v) is None else str(r.get(v)))}</td>"
                             for v in self.variables) + "</tr>" for r in self)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def run(
    source: str | NamedQuery,
    params: dict[str, str] | None = None,
    *,
    project: Project | None = None,
    engine: str | Engine | None = None,
    timeout: float | None = None,
    progress: Callable[[str], None] | None = None,
    allow_service: bool = False,
    isolate: bool = False,
) -> tuple[NamedQuery, Result, Engine]:
    """Run a query: returns the query, its :class:`Result` and the engine that answered.

    ``source`` is a name, a ``.rq`` path, ``-`` or SPARQL text (see :func:`library.load`);
    ``engine`` a name from :data:`ENGINES` or a loaded :class:`Engine`. Raises
    :class:`KGError` for every user mistake, :class:`QueryTimeout` on timeout.
    ``allow_service``: let the engine follow ``SERVICE <url>`` (refused by default:
    :mod:`kg.query.limits`). ``isolate``: run the query in a child process even with no
    ``timeout``, so that an engine crash is an error here instead of the end of the process
    (the CLI does; a timeout always isolates).
    """
    from kg.query.limits import check_query, check_seconds

    timeout = check_seconds(timeout, "timeout")
    project = project or default_project()
    named = source if isinstance(source, NamedQuery) else load(source, project)
    _check_text(named)
    try:
        check_query(named.text, allow_service=allow_service)
    except KGError as exc:
        raise (exc.at(named.path, exc.line) if named.path else exc) from None
    loaded = get_engine(project, engine, progress)
    bindings = ParamResolver(loaded, project).bindings(named, dict(params or {}))
    text = named.text_for(loaded.dialects)
    if text != named.text:
        check_query(text, allow_service=allow_service)
    try:
        if timeout is not None or isolate:
            result = _run_with_timeout(loaded, text, bindings, timeout)
        else:
            result = loaded.execute(text, bindings)
    except KGError as exc:
        if exc.file is None and named.path is not None:
            exc.at(named.path, exc.line)
        raise
    return named, result, loaded


def query(
    name_or_text: str,
    /,
    project: Project | None = None,
    *,
    engine: str | Engine | None = None,
    timeout: float | None = None,
    params: dict[str, str] | None = None,
    **kwargs: str,
) -> Rows | bool:
    """Answer a named question or a SPARQL query; rows a notebook can use directly.

    SELECT gives :class:`Rows` (a list of dicts: IRIs and text as ``str``, numbers as
    ``int``/``float``, unbound as ``None``); ASK gives ``True``/``False``; CONSTRUCT and
    DESCRIBE give rows with ``subject``, ``predicate``, ``object``. Keyword arguments are the
    query's parameters (``params={...}`` for names that clash with the options).
    """
    from kg.query import warm

    given = {**(params or {}), **kwargs}
    fast = timeout is None and engine in (None, DEFAULT_ENGINE)  # see kg.query.warm
    if fast:
        project = project or default_project()
        kept = warm.answer(name_or_text, project, given)
        if kept is not None:
            return kept
        ticket = warm.before_full(project)
    named, result, loaded = run(name_or_text, given, project=project, engine=engine,
                                timeout=timeout)
    if fast:
        bindings = ParamResolver(loaded, project).bindings(named, given)
        warm.remember(name_or_text, project, given, loaded, named.text_for(loaded.dialect),
                      bindings, result.form, ticket)
    if result.form == "ASK":
        return bool(result.boolean)
    return Rows(result.dicts(), result.variables)


def default_project() -> Project:
    """The default dataset's :class:`Project`, made once per environment and working folder
    (``kg.query(name)`` with no project is a notebook's call, repeated many times)."""
    import os

    key = (os.environ.get("KG_DATA"), os.environ.get("KG_BUILD"), os.getcwd())
    project = _DEFAULT_PROJECTS.get(key)
    if project is None:
        project = _DEFAULT_PROJECTS[key] = Project()
    return project


_DEFAULT_PROJECTS: dict[tuple, Project] = {}
_CHECKED: set[str] = set()  # query texts already found to be a query, not an Update


def _check_text(named: NamedQuery) -> None:
    """Refuse an Update or an empty text (once per distinct text: the answer cannot change)."""
    if named.text in _CHECKED:
        return
    sparql.refuse_update(named.text, named.label if named.path else None)
    if sparql.query_form(named.text) is None and not named.text.strip():
        raise KGError(f"{named.label} is empty")
    if len(_CHECKED) > 256:
        _CHECKED.clear()
    _CHECKED.add(named.text)


# ------------------------------------------------------------------ timeout

def _run_with_timeout(engine: Engine, text: str, bindings: dict[str, Term],
                      timeout: float | None) -> Result:
    """Run the query in a forked child; kill it if it has not answered after ``timeout`` s
    (None: wait as long as it takes; the child still keeps a crash from killing the caller).

    Neither pyoxigraph nor rdflib can cancel a running query, and a thread cannot be killed,
    so the query runs in a child process (fork: it shares the loaded graph, nothing is
    reloaded) and sends back its picklable :class:`Result`. Killing the child frees the CPU
    and memory at once. Where fork is unavailable the query runs in a daemon thread instead
    and the caller gets the timeout error while the thread is abandoned.
    """
    import multiprocessing

    if timeout is not None and timeout <= 0:
        raise KGError(f"--timeout must be positive, not {timeout:g}")
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork (Windows)
        if timeout is None:
            return engine.execute(text, bindings)
        return _run_in_thread(engine, text, bindings, timeout)
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(engine, text, bindings, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise _timeout_error(timeout)
        try:
            status, payload = receive.recv()
        except EOFError:
            child.join(5)
            raise _crash_error(child.exitcode) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status == "ok":
        return payload
    message, line, hint = payload
    error = KGError(message, hint=hint)
    error.line = line
    raise error


def _child(engine: Engine, text: str, bindings: dict[str, Term], send: Any) -> None:
    import faulthandler

    faulthandler.disable()  # a crash is reported by the parent (_crash_error), once
    try:
        result = engine.execute(text, bindings)
        send.send(("ok", result))
    except KGError as exc:
        send.send(("error", (exc.message, exc.line, exc.hint)))
    except BaseException as exc:  # noqa: BLE001 - report, never hang the parent
        send.send(("error", (f"the query failed: {type(exc).__name__}: {exc}", None, None)))
    finally:
        send.close()


def _run_in_thread(engine: Engine, text: str, bindings: dict[str, Term],
                   timeout: float) -> Result:  # pragma: no cover - only without fork
    import threading

    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = engine.execute(text, bindings)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise _timeout_error(timeout)
    if "error" in box:
        raise box["error"]
    return box["result"]


def _crash_error(exitcode: int | None) -> KGError:
    """The child died without an answer: say why, as far as its exit status tells."""
    import signal

    if exitcode == -signal.SIGSEGV:
        return KGError("the query engine crashed on this query (its stack overflowed: the "
                       "query nests or chains too many patterns)",
                       hint="split the query, or write long lists of values as VALUES")
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        return KGError("the query ran out of memory and was stopped",
                       hint="add LIMIT, bind a parameter, or avoid cross products")
    return KGError(f"the query worker died without an answer (exit status {exitcode})")


def _timeout_error(timeout: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query was stopped after {timeout:g} s (--timeout)",
        hint="bind a parameter, add LIMIT, or avoid unbounded paths like ?a (...)* ?b; "
             "or allow more time with --timeout SECONDS")


from kg._callable import make_callable  # noqa: E402 - after query() exists

make_callable(__name__, "query")
