"""Names looked up through SPARQL: the :class:`kg.resolve.NameSource` of every engine but rdflib.

:class:`SparqlNames` answers the lookups of :class:`kg.resolve.Resolver` with ``SELECT``
queries of exact-literal matches on the ``kgv:key`` lookup keys the build materializes, so it
never scans on the way to an answer and works the same on an Oxigraph store in memory or on
disk, on ``kg serve`` and on Virtuoso, QLever or GraphDB holding our export. Only two lookups
read every concept, each once per source and only when needed: the concepts' namespaces (for
an id, unless the store recorded them at load time) and their normalized ids (asked only when
no label or synonym matches).

:class:`NameResolver` is the :class:`~kg.resolve.Resolver` over such a source: a
constructor, not a second set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kg.errors import KGError
from kg.names import STOP_WORDS, TROUBLE_WORDS, local_name, normalize
from kg.namespaces import KGV_IRI, OWL_IRI, RDFS_IRI, SKOS_IRI
from kg.resolve import Resolver

Select = Callable[[str], list[dict[str, str]]]  # query text -> rows of {variable: value}

#: the IRI prefixes of the concepts (``<base>concept/``), for id lookups
CONCEPT_NAMESPACES = f"""
SELECT DISTINCT ?ns WHERE {{
  ?class <{RDFS_IRI}subClassOf>* <{KGV_IRI}Concept> .
  ?concept a ?class .
  FILTER(isIRI(?concept))
  BIND(REPLACE(STR(?concept), "[^/#]+$", "") AS ?ns)
}}"""


def _literal(value: str) -> str:
    from kg.query.sparql import literal_syntax

    return literal_syntax(value)


def _iri(value: str) -> str:
    from kg.query.sparql import iri_syntax

    return iri_syntax(value)


def store_select(store: Any) -> Select:
    """A ``select(text) -> [{var: value}]`` function over a :class:`pyoxigraph.Store`."""

    def select(text: str) -> list[dict[str, str]]:
        rows = store.query(text)
        names = [v.value for v in rows.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in rows]

    return select


class SparqlNames:
    """A :class:`kg.resolve.NameSource` answered by ``select(text)`` (rows of
    ``{variable: value}``). ``namespaces`` are the concepts' IRI prefixes for id lookups;
    found by a query on first need when not given."""

    def __init__(self, select: Select, namespaces: list[str] | None = None) -> None:
        self.select = select
        self._namespaces = namespaces
        self._described: dict[str, tuple[str, str]] = {}
        self._classes: dict[str, str] | None = None
        self._id_keys: dict[str, set[str]] | None = None

    @property
    def namespaces(self) -> list[str]:
        if self._namespaces is None:
            self._namespaces = sorted(row["ns"] for row in self.select(CONCEPT_NAMESPACES))
        return self._namespaces

    def exact(self, text: str) -> str | None:
        if "://" in text and self._is_concept(text):
            return text
        if re.fullmatch(r"[\w.-]+", text):  # may be an id
            for namespace in self.namespaces:
                if self._is_concept(namespace + text):
                    return namespace + text
        return None

    def by_key(self, key: str) -> set[str]:
        return {row["c"] for row in self.select(
            f"SELECT DISTINCT ?c WHERE {{ ?c <{KGV_IRI}key> {_literal(key)} . ?c a ?t }}")}

    def by_id_key(self, key: str) -> set[str]:
        if self._id_keys is None:  # normalized id -> concepts: one read of the concepts
            self._id_keys = {}
            tests = " || ".join(f"STRSTARTS(STR(?c), {_literal(ns)})" for ns in self.namespaces)
            rows = self.select(f"SELECT DISTINCT ?c WHERE {{ ?c a ?t . FILTER(isIRI(?c) && "
                               f"STRSTARTS(STR(?t), \"{KGV_IRI}\") && ({tests or 'false'})) }}")
            for row in rows:
                self._id_keys.setdefault(normalize(local_name(row["c"])), set()).add(row["c"])
        return self._id_keys.get(key, set())

    def _is_concept(self, iri: str) -> bool:
        try:
            written = _iri(iri)
        except KGError:
            return False
        return bool(self.select(f"SELECT ?t WHERE {{ {written} a ?t . FILTER(isIRI(?t)) }} "
                                "LIMIT 1"))

    def describe(self, iri: str) -> tuple[str, str]:
        iri = str(iri)
        if iri not in self._described:
            rows = self.select(
                f"SELECT ?l ?tl WHERE {{ {_iri(iri)} a ?t . "
                f"FILTER(STRSTARTS(STR(?t), \"{KGV_IRI}\")) "
                f"OPTIONAL {{ {_iri(iri)} <{RDFS_IRI}label> ?l }} "
                f"OPTIONAL {{ ?t <{RDFS_IRI}label> ?tl }} }} LIMIT 1")
            row = rows[0] if rows else {}
            self._described[iri] = (row.get("l") or local_name(iri), row.get("tl") or "?")
        return self._described[iri]

    def hint_names(self, name: str) -> dict[str, tuple[str, str]]:
        """The concepts whose lookup key contains the beginning of a typed word: a scan, on
        the error path only (the ranking itself is :func:`kg.names.concept_hint`'s)."""
        key = normalize(name)
        words = [w for w in key.split() if w not in STOP_WORDS] or key.split()
        pieces = sorted({w[:5] for w in words} | (set(TROUBLE_WORDS) if
                                                   TROUBLE_WORDS & set(words) else set()))
        names: dict[str, tuple[str, str]] = {}
        if pieces:
            tests = " || ".join(f"CONTAINS(?k, {_literal(w)})" for w in pieces[:12])
            rows = self.select(
                f"SELECT DISTINCT ?c ?n ?l WHERE {{ ?c <{KGV_IRI}key> ?k . FILTER({tests}) "
                f"?c <{RDFS_IRI}label> ?l . "
                f"{{ ?c <{RDFS_IRI}label> ?n }} UNION {{ ?c <{SKOS_IRI}altLabel> ?n }} }} "
                "LIMIT 5000")
            for row in rows:
                names.setdefault(row["n"], (row["c"], row["l"]))
        return names

    def classes(self) -> dict[str, str]:
        if self._classes is None:
            rows = self.select(f"SELECT DISTINCT ?c ?l WHERE {{ ?c a <{OWL_IRI}Class> . "
                               f"OPTIONAL {{ ?c <{RDFS_IRI}label> ?l }} }}")
            self._classes = dict(sorted((row["c"], row.get("l") or local_name(row["c"]))
                                        for row in rows))
        return self._classes

    def node(self, iri: str) -> str:
        return iri


class NameResolver(Resolver):
    """The :class:`kg.resolve.Resolver` over :class:`SparqlNames` (``select``, ``namespaces``
    as there): what ``kg serve``, ``kg query --store`` and ``--endpoint`` resolve with."""

    def __init__(self, select: Select, namespaces: list[str] | None = None) -> None:
        super().__init__(SparqlNames(select, namespaces))

    @property
    def select(self) -> Select:
        """The ``SELECT`` function the names are looked up with (for :mod:`kg.lookup`)."""
        return self.source.select  # type: ignore[attr-defined]
