"""The one name resolver: what a user types -> the concept IRI it means.

Every command that takes a concept name (show, query parameters, explain, neighbors, compare)
goes through :class:`Resolver`, so a name that works in one works in all. A name matches a
concept's label, a synonym (``skos:altLabel``), a stored lookup key (``kgv:key``) or its id (the
last segment of its IRI, ``knee-osteoarthritis``), compared with :func:`kg.names.normalize`: case,
hyphens, punctuation and plural 's' do not matter. An exact id (or full IRI) always wins, so it
is the way out of an ambiguity. Nothing fuzzy is ever *chosen*: a name that
matches two concepts is an error listing both, an unknown name is an error suggesting close ones.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
...     @prefix kgv: <https://w3id.org/edu-kg/vocab#> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
...     <https://ex.org/concept/knee-osteoarthritis> a kgv:Condition ;
...         rdfs:label "knee osteoarthritis" ; skos:altLabel "knee OA" .
...     <https://ex.org/concept/knee-extensor> a kgv:Muscle ; rdfs:label "knee extensor" .
... ''')
>>> r = Resolver(g)
>>> r.label(r.resolve("KNEE-oa"))
'knee osteoarthritis'
>>> r.label(r.resolve("knee-extensors"))
'knee extensor'
>>> r.candidates("knee")
['knee extensor', 'knee OA', 'knee osteoarthritis']
>>> r.resolve("knee osteoarthritus")
Traceback (most recent call last):
...
kg.errors.KGError: no concept named 'knee osteoarthritus'
  hint: did you mean 'knee osteoarthritis'?
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from kg.errors import KGError
from kg.names import concept_hint, normalize
from kg.namespaces import KGV_IRI

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph, URIRef


def concept_types(graph: Graph) -> dict[URIRef, URIRef]:
    """Every concept with its asserted kgv class (the model asserts exactly one).

    A concept is a node typed with a class of the kgv namespace: the vocabulary's own classes
    are typed ``owl:Class`` and evidence ``rdf:Statement``, so neither is a concept. Should a
    broken graph give a node two kgv classes, the first in IRI order is kept (validation
    reports it).
    """
    from rdflib import RDF, URIRef

    types: dict[URIRef, URIRef] = {}
    for node, cls in sorted(graph.subject_objects(RDF.type)):
        if isinstance(node, URIRef) and str(cls).startswith(KGV_IRI):
            types.setdefault(node, cls)
    return types


def local_id(iri: str) -> str:
    """The last segment of an IRI (``.../concept/knee-oa`` -> ``knee-oa``)."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def relation_triples(graph: Graph, concepts: dict, typed_only: bool = True) -> set[tuple]:
    """The asserted ``kgv:`` relations between concept IRIs (not evidence, not keys).

    With ``typed_only`` both ends must be typed concepts; without it, any IRI subject that is
    not a statement counts, so that untyped ends can be reported.
    """
    from rdflib import RDF, URIRef

    triples = set()
    for s, p, o in graph:
        if not (isinstance(o, URIRef) and isinstance(s, URIRef) and str(p).startswith(KGV_IRI)):
            continue
        if typed_only and not (s in concepts and o in concepts):
            continue
        if not typed_only and (s, RDF.type, RDF.Statement) in graph:
            continue
        triples.add((s, p, o))
    return triples


class ConceptNames(Protocol):
    """The one resolver interface: names -> IRIs, whatever holds the graph. :class:`Resolver`
    implements it over an rdflib graph, :class:`kg.endpoint.NameResolver` over any SPARQL
    ``SELECT`` (an Oxigraph store, ``kg serve``, a remote endpoint); both decide with
    :func:`choose` and :func:`choose_class` and suggest with :func:`kg.names.concept_hint`, so
    a name resolves, or fails with the same message, on every backend. The query engines'
    ``resolve_concept``/``resolve_class`` (what :class:`kg.query.params.ParamResolver` calls)
    answer through one of the two."""

    def resolve(self, name: str) -> Any:
        """The IRI of the concept ``name`` means; KGError (candidates, suggestions) if not one."""
        ...

    def resolve_class(self, name: str) -> Any:
        """The IRI of the vocabulary class ``name`` means (:func:`choose_class`)."""
        ...

    def label(self, iri: Any) -> str:
        """The concept's label (its id when it has none)."""
        ...

    def type_label(self, iri: Any) -> str:
        """The label of the concept's class."""
        ...


def unknown_hint(name: str) -> str:
    """The hint for a name close to no concept (every backend): a search of the article's
    sentences, which may use other words, and the list of concepts."""
    import shlex

    return (f"`kg search {shlex.quote(name.strip())}` looks for it in the article; "
            "`kg query glossary` lists every concept")


def choose(name: str, matches: list, describe: Callable[[Any], tuple[str, str]],
           suggestion: Callable[[], str | None]) -> Any:
    """The one match of ``name``, else the error every resolver gives: the candidates when
    several concepts share the name, close matches when none has it (exit 2 either way).

    Shared by :class:`Resolver` (an rdflib graph) and the SPARQL-backed resolver of
    ``kg.endpoint`` so that both answer a name the same way.
    """
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join("{} ({}, id {})".format(*describe(m), local_id(m)) for m in matches)
        raise KGError(f"{name!r} names {len(matches)} concepts: {listed}",
                      hint="use the id of the one you mean")
    raise KGError(f"no concept named {name!r}", hint=suggestion())


def choose_class(name: str, classes: dict[str, str]) -> str:
    """The vocabulary class ``name`` means among ``classes`` (IRI -> label): a full IRI, or a
    local name or label compared with :func:`kg.names.normalize`; several or none is the
    :class:`KGError` every backend gives (the in-memory engines, and
    :class:`kg.endpoint.NameResolver` over a store or an endpoint), so a class name works, or
    fails, the same everywhere.

    >>> kgv = "https://w3id.org/edu-kg/vocab#"
    >>> choose_class("treatments", {kgv + "Treatment": "treatment"})
    'https://w3id.org/edu-kg/vocab#Treatment'
    >>> choose_class("Treatmnt", {kgv + "Treatment": "treatment"})
    Traceback (most recent call last):
    ...
    kg.errors.KGError: no class named 'Treatmnt'
      hint: did you mean 'Treatment'?
    """
    from kg.names import close_matches

    text = name.strip().strip("<>")
    if text in classes:  # a full IRI
        return text
    key = normalize(text)
    found = sorted({iri for iri, label in classes.items()
                    if key in (normalize(local_id(iri)), normalize(label))})
    if len(found) == 1:
        return found[0]
    if found:
        raise KGError(f"{name!r} names {len(found)} classes: "
                      + ", ".join(local_id(i) for i in found),
                      hint="give the class IRI in <angle brackets>")
    ids = sorted({local_id(i) for i in classes})
    labels = sorted({v for v in classes.values() if v.casefold() not in
                     {i.casefold() for i in ids}})
    near = close_matches(text, ids + labels, n=4)
    raise KGError(f"no class named {name!r}",
                  hint=("did you mean " + ", ".join(repr(n) for n in near) + "?") if near
                  else "the classes are: " + ", ".join(sorted(map(local_id, classes))))


class Resolver:
    """Index the names of a graph's concepts once; resolve names against it cheaply."""

    def __init__(self, graph: Graph) -> None:
        from rdflib import RDFS, SKOS, Literal

        from kg.namespaces import KGV

        self.graph = graph
        self.types = concept_types(graph)
        self.labels: dict[URIRef, str] = {}
        self.names: dict[str, URIRef] = {}  # every label and synonym as written -> concept
        self._by_key: dict[str, set[URIRef]] = {}
        self._by_id = {local_id(iri): iri for iri in self.types}
        self._by_id.update({str(iri): iri for iri in self.types})
        for iri in self.types:
            label = graph.value(iri, RDFS.label)
            self.labels[iri] = str(label) if label is not None else local_id(iri)
            synonyms = [str(s) for s in graph.objects(iri, SKOS.altLabel)]
            for name in [self.labels[iri], *synonyms]:
                self.names.setdefault(name, iri)
            keys = [str(k) for k in graph.objects(iri, KGV.key) if isinstance(k, Literal)]
            for key in [*keys, *map(normalize, [self.labels[iri], *synonyms, local_id(iri)])]:
                self._by_key.setdefault(key, set()).add(iri)

    def tables(self) -> dict[str, dict]:
        """Everything :meth:`resolve`, :meth:`label` and :meth:`type_label` answer from, as
        plain strings: what the release keeps (:mod:`kg.prepared`) so that the read-only
        commands resolve names by this rule without rdflib (:meth:`from_tables`)."""
        return {
            "ids": {k: str(v) for k, v in self._by_id.items()},
            "keys": {k: sorted(map(str, v)) for k, v in sorted(self._by_key.items())},
            "names": {k: str(v) for k, v in sorted(self.names.items())},
            "labels": {str(k): v for k, v in self.labels.items()},
            "type_labels": {str(iri): self.type_label(iri) for iri in self.types},
        }

    @classmethod
    def from_tables(cls, tables: dict[str, dict]) -> Resolver:
        """A resolver over :meth:`tables` (no graph: IRIs are plain ``str``)."""
        self = cls.__new__(cls)
        self.graph = None
        self.types = {}
        self.labels = dict(tables["labels"])
        self.names = dict(tables["names"])
        self._by_key = {k: set(v) for k, v in tables["keys"].items()}
        self._by_id = dict(tables["ids"])
        self._type_labels = dict(tables["type_labels"])
        return self

    def matches(self, name: str) -> list[URIRef]:
        """The concepts ``name`` may mean (:meth:`resolve` answers when there is one), without
        the error message's suggestions (``kg show`` tries a kind first)."""
        text = name.strip()
        if text in self._by_id:  # ids and IRIs are unique, so an exact one always works
            return [self._by_id[text]]
        return sorted(self._by_key.get(normalize(name), ()))

    def resolve(self, name: str) -> URIRef:
        """The concept ``name`` means; :class:`KGError` if none or several (with candidates)."""
        matches = self.matches(name)
        if len(matches) == 1:
            return matches[0]
        return choose(name, matches, lambda m: (self.labels[m], self.type_label(m)),
                      lambda: self._suggestion(name))

    def resolve_class(self, name: str) -> URIRef:
        """The vocabulary class ``name`` means (``owl:Class`` nodes; :func:`choose_class`)."""
        from rdflib import OWL, RDF, RDFS, URIRef

        classes = {str(c): str(self.graph.value(c, RDFS.label) or local_id(c))
                   for c in self.graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        return URIRef(choose_class(name, classes))

    def name_index(self) -> dict[str, dict]:
        """The tables :meth:`resolve` answers from, as plain strings (ids -> IRI, normalized
        key -> sorted IRIs, every label and synonym -> IRI): what the explorer page exports, so
        that it resolves a name by the same rule."""
        return {
            "ids": {k: str(v) for k, v in self._by_id.items() if k == local_id(v)},
            "keys": {k: sorted(map(str, v)) for k, v in sorted(self._by_key.items())},
            "names": {k: str(v) for k, v in sorted(self.names.items())},
        }

    def label(self, iri: URIRef) -> str:
        """The concept's label (its id when it has none)."""
        return self.labels.get(iri) or local_id(iri)

    def type_label(self, iri: URIRef) -> str:
        """The label of the concept's class (``Condition``), from the vocabulary if present."""
        if self.graph is None:  # from_tables
            return self._type_labels.get(str(iri), "?")
        from rdflib import RDFS

        cls = self.types.get(iri)
        if cls is None:
            return "?"
        return str(self.graph.value(cls, RDFS.label) or local_id(cls))

    def candidates(self, prefix: str) -> list[str]:
        """Labels and synonyms whose normalized form starts with that of ``prefix`` (sorted);
        for completion and for "did you mean" lists."""
        key = normalize(prefix)
        return sorted((n for n in self.names if normalize(n).startswith(key)), key=str.casefold)

    def _suggestion(self, name: str) -> str:
        """The closest concepts by label or synonym (:func:`kg.names.concept_hint`); with
        none, a search of the article's sentences, which may use other words."""
        names = {n: (iri, self.labels[iri]) for n, iri in self.names.items()}
        return concept_hint(name, names, fallback=unknown_hint(name))
