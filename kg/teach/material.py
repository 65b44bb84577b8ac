"""What teaching material is made of: cited facts, concept cards and causal chains, read from
the graph.

Everything the cards, quizzes and handout show comes from here, so they cite the same
sentences. The engine knows nothing about the article: facts are the graph's cited statements
(the networkx view of :func:`kg.explain.view`, one edge per ``rdf:Statement`` with its
``prov:value`` quote, ``kgv:sentence`` and ``kgv:section``), kinds are the vocabulary's classes,
relation wording is the ``rdfs:label`` of the ``kgv:`` properties.

*Relation families* decide what counts as "the graph relates these that way": a relation's
family is every property under any of its ancestors (its super-properties, itself included).
So ``causes`` is judged with all causal relations, ``eliminates`` with ``treats``. A concept
*reaches* another through a family when a directed path of the family's relations joins them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

__all__ = ["Citation", "Concept", "Fact", "Material", "material", "stable_id"]

#: longest chain (in relations) looked for from each starting cause
MAX_CHAIN_HOPS = 6


@dataclass(frozen=True)
class Citation:
    """Where the article says it: the verbatim quote, its sentence number and section."""

    quote: str
    sentence: int | None
    section: str | None
    source: str

    def where(self) -> str:
        """``sentence 12, section “Heading”`` (the parts that are known)."""
        parts = [f"sentence {self.sentence}"] if self.sentence is not None else []
        if self.section:
            parts.append(f"section “{self.section}”")
        return ", ".join(parts)

    def text(self) -> str:
        """The quote with where it is: ``“…” (sentence 12, section “…”)``."""
        where = self.where()
        return f"“{self.quote}”" + (f" ({where})" if where else "")


@dataclass(frozen=True)
class Fact:
    """One cited relation ``subject —predicate→ object``: one ``rdf:Statement``."""

    statement: str
    subject: str
    predicate: str
    object: str
    subject_label: str
    label: str
    object_label: str
    citation: Citation

    @property
    def key(self) -> str:
        """The statement's local id (stable across builds: made from the triple)."""
        return self.statement.rsplit("/", 1)[-1]

    def sentence_text(self) -> str:
        """``subject label object`` in the vocabulary's words."""
        return f"{self.subject_label} {self.label} {self.object_label}"


@dataclass
class Concept:
    """A concept with its kind, names, definition and the fact that best states it."""

    id: str
    iri: str
    label: str
    type: str
    top_type: str
    type_label: str
    definition: str | None
    synonyms: list[str]
    stating: Fact | None = None


@dataclass
class Material:
    """The graph as teaching material: facts, concepts, chains and vocabulary facts."""

    G: Any
    source_title: str
    facts: list[Fact]
    concepts: dict[str, Concept]
    chains: list[list[Fact]]
    families: dict[str, frozenset[str]] = field(default_factory=dict)

    def family(self, predicate: str) -> frozenset[str]:
        """The relations judged together with ``predicate`` (see the module docstring)."""
        return self.families.get(predicate, frozenset({predicate}))

    def reaches(self, a: str, b: str, family: frozenset[str]) -> bool:
        """True when a directed path of ``family`` relations leads from ``a`` to ``b``."""
        seen, frontier = {a}, [a]
        while frontier:
            node = frontier.pop()
            for _, v, data in self.G.out_edges(node, data=True):
                if data.get("predicate") in family and v not in seen:
                    if v == b:
                        return True
                    seen.add(v)
                    frontier.append(v)
        return False

    def related(self, a: str, b: str, family: frozenset[str]) -> bool:
        """True when ``family`` relations join ``a`` and ``b`` in either direction."""
        return self.reaches(a, b, family) or self.reaches(b, a, family)

    def facts_of(self, predicate: str) -> list[Fact]:
        return [f for f in self.facts if f.predicate == predicate]

    def chain_name(self, chain: list[Fact]) -> str:
        return f"{chain[0].subject}--{chain[-1].object}"


def stable_id(*parts: str) -> str:
    """A short id that is the same in every build for the same parts (a SHA-1 prefix)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def material(graph: Graph) -> Material:
    """Read the teaching material of an rdflib graph holding the vocabulary (a release)."""
    from kg.explain import view
    from kg.ontology import Ontology

    G = view(graph)
    ontology = Ontology.from_graph(graph)
    title = _source_title(graph)
    facts = sorted((_fact(G, u, v, d, title) for u, v, d in G.edges(data=True)
                    if u != v and d.get("quote")),
                   key=lambda f: (f.citation.sentence or 0, f.statement))
    concepts = {node: _concept(G, node, attrs) for node, attrs in G.nodes(data=True)}
    for concept in concepts.values():
        concept.stating = _stating_fact(concept, facts)
    families = {p: frozenset().union(*(ontology.subproperties(a)
                                       for a in [p, *ontology.superproperties(p)]))
                for p in ontology.properties}
    chains = _chains(G, title)
    return Material(G, title, facts, concepts, chains, families)


def _source_title(graph: Graph) -> str:
    from rdflib import DCTERMS, RDF
    from rdflib.namespace import PROV

    titles = sorted(str(graph.value(s, DCTERMS.title) or s)
                    for s in graph.subjects(RDF.type, PROV.Entity))
    return "; ".join(titles) or "the source"


def _fact(G: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any], source: str) -> Fact:
    return Fact(statement=d["statement"], subject=u, predicate=d["predicate"], object=v,
                subject_label=G.nodes[u].get("label") or u, label=d.get("label") or d["predicate"],
                object_label=G.nodes[v].get("label") or v,
                citation=Citation(d["quote"], d.get("sentence"), d.get("section"), source))


def _concept(G: nx.MultiDiGraph, node: str, attrs: dict[str, Any]) -> Concept:
    labels = G.graph.get("class_labels", {})
    return Concept(id=node, iri=attrs.get("iri", node), label=attrs.get("label") or node,
                   type=attrs.get("type") or "Concept", top_type=attrs.get("top_type") or "Concept",
                   type_label=labels.get(attrs.get("type"), attrs.get("type") or "Concept"),
                   definition=attrs.get("definition"), synonyms=list(attrs.get("synonyms", [])))


_WORD = re.compile(r"[a-z]{3,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _stating_fact(concept: Concept, facts: list[Fact]) -> Fact | None:
    """The cited fact about the concept whose quote shares most words with its definition
    (ties: the one with the concept as subject, then the earliest sentence)."""
    own = [f for f in facts if concept.id in (f.subject, f.object)]
    if not own:
        return None
    wanted = _words(concept.definition or concept.label)
    return max(own, key=lambda f: (len(wanted & _words(f.citation.quote)),
                                   f.subject == concept.id, -(f.citation.sentence or 0)))


def _chains(G: nx.MultiDiGraph, source: str) -> list[list[Fact]]:
    """The article's causal chains: from each first cause (no causal relation into it) the
    longest chain to a last effect (no causal relation out of it), as cited facts."""
    from kg.explain import causal_chains, causal_predicates

    causal = causal_predicates(G)
    pairs = {(u, v) for u, v, d in G.edges(data=True) if d.get("predicate") in causal and u != v}
    starts = sorted({u for u, _ in pairs} - {v for _, v in pairs})
    ends = sorted({v for _, v in pairs} - {u for u, _ in pairs})
    result = []
    for start in starts:
        best: list | None = None
        for end in ends:
            for chain in causal_chains(G, start, end, max_hops=MAX_CHAIN_HOPS):
                if best is None or len(chain) > len(best):
                    best = chain
        if best:
            steps = [{**s.as_dict(), "label": s.predicate_label} for s in best]
            result.append([_fact(G, d["subject"], d["object"], d, source) for d in steps])
    return result
