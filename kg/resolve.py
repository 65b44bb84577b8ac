"""The one name resolver: what a user types -> the concept IRI it means.

Every command that takes a concept name (show, explain, neighbors, compare, ``kg query``'s
parameters on every engine, ``kg serve``'s named questions) and the explorer's name index go
through :class:`Resolver`, so a name that works in one works in all. Where the names are read
from is a :class:`NameSource`: :class:`GraphNames` (an rdflib graph) or
:class:`kg.resolve_sparql.SparqlNames` (any SPARQL store or endpoint); the rules are here once.
A name matches a concept's label, a synonym (``skos:altLabel``) or a stored lookup key
(``kgv:key``), else its id (the last segment of its IRI, ``knee-osteoarthritis``), compared with
:func:`kg.names.normalize`: case, hyphens, punctuation and plural 's' do not matter. An exact id
(or full IRI) always wins, so it is the way out of an ambiguity. Nothing fuzzy is ever
*chosen*: a name that matches two concepts is an error listing both, an unknown name is an error
suggesting close ones.

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
from kg.names import concept_hint, local_name, normalize
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


#: the last segment of an IRI (``.../concept/knee-oa`` -> ``knee-oa``): kg.names' one rule
local_id = local_name


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


class NameSource(Protocol):
    """Where the names are looked up: the one thing a backend supplies to :class:`Resolver`.

    :class:`GraphNames` answers from an rdflib graph (dictionaries built once);
    :class:`kg.resolve_sparql.SparqlNames` from any SPARQL ``SELECT`` (an Oxigraph store in
    memory or on disk, ``kg serve``, a remote endpoint) by exact-literal lookups. A source
    only finds; what a name *means* (which lookup wins, when it is ambiguous, what the error
    says) is decided once, in :class:`Resolver`.
    """

    def exact(self, text: str) -> Any:
        """The concept whose id or full IRI is ``text``, else None."""
        ...

    def by_key(self, key: str) -> set:
        """The concepts with a label, synonym or stored key that normalizes to ``key``."""
        ...

    def by_id_key(self, key: str) -> set:
        """The concepts whose id normalizes to ``key``."""
        ...

    def describe(self, iri: Any) -> tuple[str, str]:
        """The concept's label (its id when it has none) and its class's label (``?``)."""
        ...

    def hint_names(self, name: str) -> dict[str, tuple[Any, str]]:
        """Label or synonym -> (concept, label) for the concepts a "did you mean" may offer
        for ``name`` (all of them, or those sharing a word's beginning with it)."""
        ...

    def classes(self) -> dict[str, str]:
        """IRI -> label of the vocabulary's classes (``owl:Class``)."""
        ...

    def node(self, iri: str) -> Any:
        """``iri`` as this source's IRI type (``URIRef`` or ``str``)."""
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
    :meth:`Resolver.resolve`'s last step, whatever the source.
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
    :class:`KGError` (:meth:`Resolver.resolve_class`, whatever the source), so a class name
    works, or fails, the same everywhere.

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
    """The one name resolver: what a user types -> the concept (or class) IRI it means.

    Every caller resolves through this class: ``kg show``/``explain``/``neighbors``/``viz`` over
    the rdflib graph, every query engine (``Engine.resolve_concept``: oxigraph in memory, a
    store, ``--endpoint``, rdflib), ``kg serve``'s named questions and the explorer's name
    index. The rules, in order: an exact id or full IRI (``<...>`` allowed) wins; then the
    concepts whose label, synonym or stored key normalizes like ``name``; only if there are
    none, the concepts whose id does. One match is the answer; several are an error listing
    them; none is an error with the closest names (:func:`choose`). ``source`` is a
    :class:`NameSource`, or an rdflib graph (read by :class:`GraphNames`).
    """

    def __init__(self, source: Graph | NameSource) -> None:
        self.source: NameSource = source if hasattr(source, "by_key") else GraphNames(source)

    @classmethod
    def from_tables(cls, tables: dict[str, dict]) -> Resolver:
        """A resolver over :meth:`tables` (:class:`TableNames`: no rdflib, IRIs as ``str``)."""
        return cls(TableNames(tables))

    def tables(self) -> dict[str, dict]:
        """Everything this resolver answers from, as plain strings (:meth:`GraphNames.tables`):
        what the release keeps (:mod:`kg.prepared`), so that the read-only commands resolve
        names by these same rules without rdflib (:meth:`from_tables`)."""
        return self._graph_names().tables()

    def matches(self, name: str) -> list:
        """The concepts ``name`` may mean, by the rules above (:meth:`resolve` answers when
        there is one), without the error's suggestions (``kg show`` tries a kind first)."""
        text = name.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        found = self.source.exact(text)  # ids and IRIs are unique: an exact one always works
        if found is not None:
            return [found]
        key = normalize(name)
        return sorted(self.source.by_key(key) or self.source.by_id_key(key))

    def resolve(self, name: str) -> Any:
        """The concept ``name`` means; :class:`KGError` if none or several (with candidates)."""
        return choose(name, self.matches(name), self.source.describe, lambda: concept_hint(
            name, self.source.hint_names(name), fallback=unknown_hint(name)))

    def resolve_class(self, name: str) -> Any:
        """The vocabulary class ``name`` means (:func:`choose_class`)."""
        return self.source.node(choose_class(name, self.source.classes()))

    def label(self, iri: Any) -> str:
        """The concept's label (its id when it has none)."""
        return self.source.describe(iri)[0]

    def type_label(self, iri: Any) -> str:
        """The label of the concept's class (``Condition``)."""
        return self.source.describe(iri)[1]

    # the graph's own tables, for the callers that hold one (show, explain, the explorer)
    @property
    def graph(self) -> Graph:
        return self._graph_names().graph

    @property
    def types(self) -> dict[URIRef, URIRef]:
        return self._graph_names().types

    @property
    def labels(self) -> dict[URIRef, str]:
        return self._graph_names().labels

    @property
    def names(self) -> dict[str, URIRef]:
        """Every label and synonym as written -> its concept."""
        return self._graph_names().names

    def name_index(self) -> dict[str, dict]:
        """The tables :meth:`resolve` answers from, as plain strings (ids -> IRI, normalized
        key -> sorted IRIs, normalized id -> sorted IRIs, every label and synonym -> IRI):
        what the explorer page exports, so that it resolves a name by the same rule."""
        return self._graph_names().index()

    def candidates(self, prefix: str) -> list[str]:
        """Labels and synonyms whose normalized form starts with that of ``prefix`` (sorted);
        for completion and for "did you mean" lists."""
        key = normalize(prefix)
        return sorted((n for n in self.names if normalize(n).startswith(key)), key=str.casefold)

    def _graph_names(self) -> GraphNames:
        if not isinstance(self.source, GraphNames):
            raise TypeError("this resolver reads no rdflib graph")
        return self.source


class GraphNames:
    """A :class:`NameSource` over an rdflib graph: every name indexed once, in dictionaries."""

    def __init__(self, graph: Graph) -> None:
        from rdflib import RDFS, SKOS, Literal

        from kg.namespaces import KGV

        self.graph = graph
        self.types = concept_types(graph)
        self.labels: dict[URIRef, str] = {}
        self.names: dict[str, URIRef] = {}  # every label and synonym as written -> concept
        self._by_key: dict[str, set[URIRef]] = {}
        self._by_id_key: dict[str, set[URIRef]] = {}
        self._by_id = {local_id(iri): iri for iri in self.types}
        self._by_id.update({str(iri): iri for iri in self.types})
        for iri in self.types:
            label = graph.value(iri, RDFS.label)
            self.labels[iri] = str(label) if label is not None else local_id(iri)
            synonyms = [str(s) for s in graph.objects(iri, SKOS.altLabel)]
            for name in [self.labels[iri], *synonyms]:
                self.names.setdefault(name, iri)
            keys = [str(k) for k in graph.objects(iri, KGV.key) if isinstance(k, Literal)]
            for key in [*keys, *map(normalize, [self.labels[iri], *synonyms])]:
                self._by_key.setdefault(key, set()).add(iri)
            self._by_id_key.setdefault(normalize(local_id(iri)), set()).add(iri)

    def exact(self, text: str) -> URIRef | None:
        return self._by_id.get(text)

    def by_key(self, key: str) -> set[URIRef]:
        return self._by_key.get(key, set())

    def by_id_key(self, key: str) -> set[URIRef]:
        return self._by_id_key.get(key, set())

    def describe(self, iri: URIRef) -> tuple[str, str]:
        from rdflib import RDFS

        cls = self.types.get(iri)
        kind = "?" if cls is None else str(self.graph.value(cls, RDFS.label) or local_id(cls))
        return self.labels.get(iri) or local_id(iri), kind

    def hint_names(self, name: str) -> dict[str, tuple[URIRef, str]]:
        return {n: (iri, self.labels[iri]) for n, iri in self.names.items()}

    def classes(self) -> dict[str, str]:
        from rdflib import OWL, RDF, RDFS, URIRef

        return {str(c): str(self.graph.value(c, RDFS.label) or local_id(c))
                for c in self.graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}

    def node(self, iri: str) -> URIRef:
        from rdflib import URIRef

        return URIRef(iri)

    def tables(self) -> dict[str, dict]:
        """Every lookup table, label and class label as plain strings (:class:`TableNames`)."""
        return {
            "ids": {k: str(v) for k, v in self._by_id.items()},
            "keys": {k: sorted(map(str, v)) for k, v in sorted(self._by_key.items())},
            "id_keys": {k: sorted(map(str, v)) for k, v in sorted(self._by_id_key.items())},
            "names": {k: str(v) for k, v in sorted(self.names.items())},
            "labels": {str(k): v for k, v in self.labels.items()},
            "type_labels": {str(iri): self.describe(iri)[1] for iri in self.types},
            "classes": dict(sorted(self.classes().items())),
        }

    def index(self) -> dict[str, dict]:
        """The lookup tables as plain strings (see :meth:`Resolver.name_index`)."""
        return {
            "ids": {k: str(v) for k, v in self._by_id.items() if k == local_id(v)},
            "keys": {k: sorted(map(str, v)) for k, v in sorted(self._by_key.items())},
            "id_keys": {k: sorted(map(str, v)) for k, v in sorted(self._by_id_key.items())},
            "names": {k: str(v) for k, v in sorted(self.names.items())},
        }


class TableNames:
    """A :class:`NameSource` over :meth:`GraphNames.tables` (plain strings): what the read-only
    commands resolve with from the release's prepared data, without importing rdflib."""

    def __init__(self, tables: dict[str, dict]) -> None:
        self._by_id: dict[str, str] = dict(tables["ids"])
        self._by_key = {k: set(v) for k, v in tables["keys"].items()}
        self._by_id_key = {k: set(v) for k, v in tables["id_keys"].items()}
        self.names: dict[str, str] = dict(tables["names"])
        self.labels: dict[str, str] = dict(tables["labels"])
        self._type_labels: dict[str, str] = dict(tables["type_labels"])
        self._classes: dict[str, str] = dict(tables["classes"])

    def exact(self, text: str) -> str | None:
        return self._by_id.get(text)

    def by_key(self, key: str) -> set[str]:
        return self._by_key.get(key, set())

    def by_id_key(self, key: str) -> set[str]:
        return self._by_id_key.get(key, set())

    def describe(self, iri: str) -> tuple[str, str]:
        return self.labels.get(str(iri)) or local_id(iri), self._type_labels.get(str(iri), "?")

    def hint_names(self, name: str) -> dict[str, tuple[str, str]]:
        return {n: (iri, self.labels[iri]) for n, iri in self.names.items()}

    def classes(self) -> dict[str, str]:
        return self._classes

    def node(self, iri: str) -> str:
        return iri
