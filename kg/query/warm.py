"""The warm path of ``kg.query(name)``: a question asked again costs the query, not our checks.

A notebook asks the same questions many times. After the first call (the full path of
:func:`kg.query.run`: the question's file read, its text checked, the engine loaded, the
parameters resolved and bound), the bound text and the loaded engine are kept per
``(question, project, engine, parameters)``, and a repeat call sends the kept text straight
to the engine's store, turning the rows into dicts as they come (no :class:`Term` objects in
between). Measured in ``benchmarks/bench_warm.py``: the fixed cost of a call was 0.25-0.45 ms,
up to 4.7x a sub-millisecond question's own time.

Freshness stays the rule, checked in two system calls instead of a ``stat`` per file: the
dataset and question folders are watched (:class:`kg.freshness.Watch`, Linux inotify), so an
edited, new or removed data or question file sends the next call the full way, which rebuilds
the release or re-reads the question; and the release manifest is looked at (one ``stat``),
so a rebuild by another process does too. What neither covers (the engine's own code on
disk) is checked by the full path at least once per :data:`RECHECK_SECONDS`. Where inotify is
not available nothing is kept: every call takes the full path, as before. Any error on the
kept path, and every call with a ``timeout``, another engine or an engine object, goes the
full way, so errors read as before.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

from kg.freshness import Watch, file_key, watch
from kg.namespaces import RDF_IRI, XSD_IRI

__all__ = ["RECHECK_SECONDS", "answer", "before_full", "forget", "remember"]

#: a kept call takes the full path again when this much time has passed
RECHECK_SECONDS = 1.0

_XSD_STRING = XSD_IRI + "string"
_RDF_LANGSTRING = RDF_IRI + "langString"


class _Kept:
    """One question's bound text on one loaded engine, and when it was last checked."""

    __slots__ = ("checked", "stamp", "stamp_key", "query", "convert", "form", "watch",
                 "generation")

    def __init__(self, query: Callable[[str], Any], text: str, form: str, stamp: str,
                 ticket: tuple[Watch, int]) -> None:
        self.checked = time.monotonic()
        self.watch, self.generation = ticket
        self.stamp = stamp
        self.stamp_key = file_key(stamp)
        self.query = lambda: query(text)
        self.form = form
        self.convert = _values()


_KEPT: dict[tuple, _Kept] = {}


def _key(name: str, project: Any, params: dict[str, str]) -> tuple | None:
    try:
        return (name, project, tuple(sorted(params.items())))
    except TypeError:  # unhashable: not kept
        return None


def answer(name: str, project: Any, params: dict[str, str]) -> Any:
    """The kept call's answer (``Rows`` or bool), or None when there is none to use (not kept,
    due for a check, or it failed: the caller takes the full path)."""
    key = _key(name, project, params)
    kept = _KEPT.get(key) if key is not None else None
    if kept is None or kept.watch.changed() or kept.watch.generation != kept.generation or \
            file_key(kept.stamp) != kept.stamp_key or \
            time.monotonic() - kept.checked > RECHECK_SECONDS:
        return None
    try:
        solutions = kept.query()
        if kept.form == "ASK":
            return bool(solutions)
        from kg.query import Rows

        convert = kept.convert
        enabled = gc.isenabled()
        gc.disable()  # as kg.query.terms._collector_paused: tuples of strings form no cycles
        try:
            if kept.form == "SELECT":
                names = [v.value for v in solutions.variables]
                rows = [dict(zip(names, map(convert, solution), strict=True))
                        for solution in solutions]
            else:  # CONSTRUCT, DESCRIBE: triples, as kg.query.terms.GRAPH_VARIABLES
                names = ["subject", "predicate", "object"]
                rows = [{"subject": convert(t.subject), "predicate": convert(t.predicate),
                         "object": convert(t.object)} for t in solutions]
        finally:
            if enabled:
                gc.enable()
        return Rows(rows, names)
    except Exception:  # noqa: BLE001 - the full path reports it as it always did
        _KEPT.pop(key, None)
        return None


def before_full(project: Any) -> tuple[Watch, int] | None:
    """Call before the full path checks the files: re-arms the project's watch if something
    changed, so a change made from now on is seen; the ticket goes to :func:`remember`."""
    from kg.query.library import queries_dir

    found = watch(project.data_dir, queries_dir(project))
    if found is None:
        return None
    if found.changed():
        found.arm()
    return found, found.generation


def remember(name: str, project: Any, params: dict[str, str], engine: Any, text: str,
             bindings: dict, form: str, ticket: tuple[Watch, int] | None) -> None:
    """Keep a call that just took the full path (oxigraph in memory)."""
    store = getattr(engine, "store", None)
    key = _key(name, project, params)
    if key is None or ticket is None or store is None or \
            getattr(engine, "name", "") != "oxigraph" or \
            form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        return
    from kg.query import sparql

    if bindings:
        text = sparql.inject_values(text, {k: t.sparql() for k, t in bindings.items()})
    if len(_KEPT) > 512:
        _KEPT.clear()
    from kg.build import MANIFEST

    _KEPT[key] = _Kept(store.query, text, form, str(project.release_dir / MANIFEST), ticket)


def forget() -> None:
    """Drop every kept call: the next calls take the full path (and check freshness)."""
    _KEPT.clear()


def _values() -> Callable[[Any], Any]:
    """pyoxigraph terms -> the values :meth:`kg.query.terms.Term.python` gives: str for IRIs,
    blank nodes and text, int/float/bool for numbers (a converter per datatype, kept)."""
    import pyoxigraph as ox

    from kg.query.terms import Term

    named_node, literal = ox.NamedNode, ox.Literal
    by_datatype: dict[str, bool] = {_XSD_STRING: False, _RDF_LANGSTRING: False}

    def convert(term: Any) -> Any:
        kind = type(term)
        if kind is named_node:
            return term.value
        if kind is literal:
            datatype = term.datatype.value
            typed = by_datatype.get(datatype)
            if typed is None:
                typed = by_datatype[datatype] = Term("literal", "0", datatype).python() != "0"
            if not typed or term.language:
                return term.value
            return Term("literal", term.value, datatype).python()
        if term is None:
            return None
        if kind is ox.BlankNode:
            return term.value
        return str(term)

    return convert
