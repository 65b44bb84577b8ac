"""Engine-neutral answers: :class:`Term` (an RDF term as plain strings) and :class:`Result`.

Every engine (:mod:`kg.query.engines`, :mod:`kg.endpoint`, :mod:`kg.store`) converts its rows to
these, which the formats (:mod:`kg.query.formats`) write and which pickle, so a query can run in
a forked worker. :mod:`kg.query.engines` re-exports the names.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from kg.errors import KGError
from kg.namespaces import RDF_IRI, XSD_IRI
from kg.query import sparql

XSD_STRING = XSD_IRI + "string"
RDF_LANGSTRING = RDF_IRI + "langString"
_INTEGERS = {XSD_IRI + t for t in ("integer", "int", "long", "short", "byte",
                                   "nonNegativeInteger", "positiveInteger",
                                   "nonPositiveInteger", "negativeInteger", "unsignedLong",
                                   "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD_IRI + "double", XSD_IRI + "float"}


class Term(NamedTuple):
    """An RDF term: kind ``uri``, ``literal`` or ``bnode`` (``triple`` for RDF-star)."""

    kind: str
    value: str
    datatype: str | None = None  # None for plain strings and language-tagged strings
    lang: str | None = None

    def python(self) -> Any:
        """The value a notebook wants: str for IRIs and text, int/float/bool for numbers."""
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _INTEGERS:
                return int(self.value)
            if self.datatype == XSD_IRI + "decimal":
                return float(Decimal(self.value))
            if self.datatype in _FLOATS:
                return float(self.value)
            if self.datatype == XSD_IRI + "boolean":
                return self.value in ("true", "1")
        except (ValueError, InvalidOperation):
            pass
        return self.value

    def sparql(self) -> str:
        """The term in SPARQL syntax (for a VALUES block)."""
        if self.kind == "uri":
            return sparql.iri_syntax(self.value)
        if self.kind == "literal":
            return sparql.literal_syntax(self.value, self.datatype, self.lang)
        raise KGError(f"cannot bind a {self.kind} as a parameter")


_new_term = tuple.__new__  # Term(...) without the NamedTuple constructor's Python frame


def oxigraph_converter() -> Any:
    """A function turning pyoxigraph terms into :class:`Term`, for one answer (the oxigraph
    engine's and ``kg serve``'s). It is called for every value of every row, so: exact type
    checks, the common cases first, and one Term per distinct IRI (a listing repeats its
    classes and relations on every row)."""
    import pyoxigraph as ox

    named_node, literal, blank_node = ox.NamedNode, ox.Literal, ox.BlankNode
    iris: dict[str, Term] = {}

    def convert(term: Any) -> Term | None:
        kind = type(term)
        if kind is named_node:
            value = term.value
            found = iris.get(value)
            if found is None:
                found = iris[value] = _new_term(Term, ("uri", value, None, None))
            return found
        if kind is literal:
            language = term.language
            datatype = term.datatype.value
            if language or datatype == XSD_STRING or datatype == RDF_LANGSTRING:
                datatype = None
            return _new_term(Term, ("literal", term.value, datatype, language))
        if term is None:
            return None
        if kind is blank_node:
            return Term("bnode", term.value)
        return Term("triple", str(term))

    return convert


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a result's rows are built: tens of
    thousands of new tuples would trigger collections that scan every live object again and
    again (about a tenth of a 32,000-row answer's time), and tuples of strings form no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def uri(value: str) -> Term:
    return Term("uri", value)


@dataclass
class Result:
    """A query's answer. SELECT: ``variables`` and ``rows``; ASK: ``boolean``;
    CONSTRUCT/DESCRIBE: ``rows`` of (subject, predicate, object)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    engine: str = ""
    seconds: float = 0.0

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def dicts(self) -> list[dict[str, Any]]:
        """Rows as ``{variable: python value}`` (None when unbound)."""
        return [{v: (t.python() if t is not None else None)
                 for v, t in zip(self.variables, row, strict=True)} for row in self.rows]


GRAPH_VARIABLES = ["subject", "predicate", "object"]
