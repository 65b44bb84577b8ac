"""The metagraph's counts: the broad types in use and the relations between them.

Part of :mod:`kg.render.metagraph` (which draws them and re-exports these names): the numbers
the picture shows, as data, before anything is placed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.render.style import camel_words, type_order

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph


# ------------------------------------------------------------------ the counts


@dataclass
class TypeBox:
    """A broad type: its label, how many concepts, and the subtypes in use (label, count)."""

    name: str
    label: str
    count: int
    subtypes: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Metagraph:
    """Broad types and, per (subject type, object type), the relations used with counts."""

    title: str
    types: list[TypeBox]
    links: dict[tuple[str, str], list[tuple[str, int]]]
    concepts: int
    relations: int
    classes: int = 0  # classes with at least one concept

    def rows(self) -> list[dict[str, Any]]:
        """One dict per (subject type, relation, object type), most frequent first."""
        labels = {t.name: t.label for t in self.types}
        rows = [{"subject type": labels[a], "relation": rel, "object type": labels[b],
                 "count": n}
                for (a, b), rels in self.links.items() for rel, n in rels]
        return sorted(rows, key=lambda r: (-r["count"], r["subject type"], r["relation"],
                                           r["object type"]))


def metagraph(graph: Graph, title: str | None = None) -> Metagraph:
    """Count the vocabulary in use in ``graph`` (a release graph: it contains the vocabulary).
    ``title`` names the dataset in the picture's heading."""
    from kg.ontology import Ontology
    from kg.resolve import concept_types, local_id, relation_triples

    onto = Ontology.from_graph(graph)
    types = {iri: local_id(cls) for iri, cls in concept_types(graph).items()}

    def label(name: str) -> str:
        return onto.labels.get(name) or camel_words(name)

    def top(name: str) -> str:
        return onto.top_class(name) if name in onto.classes else name

    by_top: dict[str, Counter] = defaultdict(Counter)
    for cls in types.values():
        by_top[top(cls)][cls] += 1
    boxes = []
    for name in sorted(by_top, key=type_order):
        counts = by_top[name]
        subtypes = sorted(((label(c), n) for c, n in counts.items() if c != name),
                          key=lambda item: (-item[1], item[0]))
        if subtypes and counts.get(name):
            subtypes.append(("other", counts[name]))
        boxes.append(TypeBox(name, label(name), sum(counts.values()), subtypes))

    used: Counter = Counter()
    triples = relation_triples(graph, types)
    for s, p, o in triples:
        used[(top(types[s]), label(local_id(p)), top(types[o]))] += 1
    links: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for (a, rel, b), n in sorted(used.items(), key=lambda item: (-item[1], item[0])):
        links[(a, b)].append((rel, n))

    return Metagraph(title or "", boxes, dict(links), len(types), len(triples),
                     len(set(types.values())))
