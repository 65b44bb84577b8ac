"""The vocabulary: which concept types (classes) and relations (properties) exist.

Read from ``data/ontology/*.ttl`` (all Turtle files except SHACL shapes files, whose names
contain ``shapes``). Only terms in the ``kgv:`` namespace count: classes are ``owl:Class``,
relations are ``owl:ObjectProperty``. Names are local names (``Condition``, ``causes``), as
curators write them.

An :class:`Ontology` can also be made from any graph that contains the vocabulary (the release
graph does), which is how :mod:`kg.graph` finds types without reading files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.names import close_matches
from kg.namespaces import KGV_IRI

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph


@dataclass
class Ontology:
    """Classes and object properties of the ``kgv:`` vocabulary with their hierarchy.

    ``parents`` / ``property_parents`` map a local name to its direct ``kgv:`` super-terms.
    """

    graph: Graph
    classes: set[str] = field(default_factory=set)
    properties: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    property_parents: dict[str, set[str]] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    ranges: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @classmethod
    def from_graph(cls, graph: Graph, files: Iterable[Path] = ()) -> Ontology:
        """Collect the ``kgv:`` classes and object properties declared in ``graph``."""
        from rdflib import OWL, RDF, RDFS, URIRef

        onto = cls(graph=graph, files=list(files))
        onto.classes = {_local(s) for s in graph.subjects(RDF.type, OWL.Class) if _is_kgv(s)}
        onto.properties = {_local(s) for s in graph.subjects(RDF.type, OWL.ObjectProperty)
                           if _is_kgv(s)}
        for name in onto.classes | onto.properties:
            term = URIRef(KGV_IRI + name)
            label = graph.value(term, RDFS.label)
            comment = graph.value(term, RDFS.comment)
            if label is not None:
                onto.labels[name] = str(label)
            if comment is not None:
                onto.comments[name] = str(comment)
        for name in onto.classes:
            onto.parents[name] = _kgv_objects(graph, name, RDFS.subClassOf)
        for name in onto.properties:
            onto.property_parents[name] = _kgv_objects(graph, name, RDFS.subPropertyOf)
            for target, predicate in ((onto.domains, RDFS.domain), (onto.ranges, RDFS.range)):
                values = sorted(_kgv_objects(graph, name, predicate))
                if values:
                    target[name] = values[0]
        return onto

    # -------------------------------------------------------------- hierarchy

    def superclasses(self, name: str) -> list[str]:
        """All ``kgv:`` ancestors of a class, nearest first (breadth-first, then by name)."""
        return _ancestors(name, self.parents)

    def subclasses(self, name: str) -> set[str]:
        """The class and all its descendants (the subclass closure)."""
        return {c for c in self.classes if c == name or name in self.superclasses(c)}

    def is_subclass(self, name: str, ancestor: str) -> bool:
        return name == ancestor or ancestor in self.superclasses(name)

    def root_classes(self) -> set[str]:
        """Classes without a ``kgv:`` superclass (``Concept`` in the standard vocabulary)."""
        return {c for c in self.classes if not self.parents.get(c)}

    def top_class(self, name: str) -> str:
        """The broad type of a class: its ancestor just below the root.

        ``Joint`` -> ``AnatomicalStructure``; a direct child of the root is its own top class;
        the root is its own top class. Used to colour and group concepts.
        """
        chain = [name, *self.superclasses(name)]
        roots = self.root_classes()
        for index, cls in enumerate(chain):
            if cls in roots:
                return chain[index - 1] if index > 0 else cls
        return chain[-1]

    def superproperties(self, name: str) -> list[str]:
        """All ``kgv:`` ancestors of a property (e.g. ``causes`` -> ``causalRelation``)."""
        return _ancestors(name, self.property_parents)

    def subproperties(self, name: str) -> set[str]:
        return {p for p in self.properties if p == name or name in self.superproperties(p)}

    # -------------------------------------------------------------- checks

    def require_class(self, name: str, file: Path | None = None,
                      line: int | None = None) -> str:
        """``name`` if it is a known class, else a KGError with close matches."""
        return _require(name, self.classes, "type", file, line, self.files)

    def require_property(self, name: str, file: Path | None = None,
                         line: int | None = None) -> str:
        """``name`` if it is a known relation, else a KGError with close matches."""
        return _require(name, self.properties, "predicate", file, line, self.files)


def read_ontology(ontology_dir: Path) -> Ontology:
    """Parse the vocabulary files of a dataset."""
    files = vocabulary_files(ontology_dir)
    if not files:
        raise KGError(f"no vocabulary (*.ttl) in {ontology_dir}", file=ontology_dir,
                      hint="the classes and relations are declared in data/ontology/vocab.ttl")
    return Ontology.from_graph(parse_turtle(files), files)


def vocabulary_files(ontology_dir: Path) -> list[Path]:
    """The Turtle files holding the vocabulary (not the SHACL shapes), sorted."""
    if not ontology_dir.is_dir():
        return []
    return sorted(p for p in ontology_dir.glob("*.ttl") if "shapes" not in p.name)


def parse_turtle(files: Iterable[Path]) -> Graph:
    """Parse Turtle files into one graph; a syntax error is a KGError with file and line."""
    from rdflib import Graph

    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except SyntaxError as exc:  # rdflib's BadSyntax
            line = getattr(exc, "lines", None)
            why = getattr(exc, "_why", None) or str(exc)
            raise KGError(f"Turtle syntax error: {why}", path,
                          line + 1 if isinstance(line, int) else None) from None
        except Exception as exc:  # noqa: BLE001 - other parser errors (bad IRIs, literals)
            raise KGError(f"cannot parse Turtle: {exc}", path) from None
    return graph


def _require(name: str, known: set[str], what: str, file: Path | None, line: int | None,
             vocab_files: list[Path]) -> str:
    if name in known:
        return name
    near = close_matches(name, sorted(known), n=3)
    if near:
        hint = "did you mean " + " or ".join(repr(n) for n in near) + "?"
    else:
        where = ", ".join(p.name for p in vocab_files) or "the vocabulary"
        hint = f"known: {', '.join(sorted(known))} (declared in {where})"
    noun = "type" if what == "type" else "predicate"
    raise KGError(f"unknown {noun} {name!r}", file, line, hint=hint)


def _ancestors(name: str, parents: dict[str, set[str]]) -> list[str]:
    seen: list[str] = []
    frontier = sorted(parents.get(name, ()))
    while frontier:
        next_frontier: list[str] = []
        for parent in frontier:
            if parent not in seen and parent != name:
                seen.append(parent)
                next_frontier.extend(sorted(parents.get(parent, ())))
        frontier = next_frontier
    return seen


def _is_kgv(term: object) -> bool:
    return isinstance(term, str) and term.startswith(KGV_IRI) and len(term) > len(KGV_IRI)


def _local(term: object) -> str:
    return str(term)[len(KGV_IRI):]


def _kgv_objects(graph: Graph, name: str, predicate: object) -> set[str]:
    from rdflib import URIRef

    return {_local(o) for o in graph.objects(URIRef(KGV_IRI + name), predicate) if _is_kgv(o)}
