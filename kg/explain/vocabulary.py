"""The vocabulary facts the walks need, put on the networkx view: which relations are causal,
their direction of influence (increasing or decreasing), which are symmetric, the classes.

What counts as *causal* is the vocabulary's business, not this package's: ``kgv:causalRelation``
and its sub-properties (transitively). The *direction* of a causal relation is declared in the
vocabulary too: a sub-property of ``kgv:increasingRelation`` has sign +1, of
``kgv:decreasingRelation`` -1 (see ARCHITECTURE.md). A causal relation under neither (an older
vocabulary) counts as increasing, which is what "causal" meant before directions were declared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.config import repo_root

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

    from kg.ontology import Ontology

__all__ = ["CAUSAL_ROOT", "DECREASING_ROOT", "EXAMPLE_DATA", "INCREASING_ROOT", "annotate",
           "causal_predicates", "predicate_signs", "view"]

#: the vocabulary's parent of the relations along which a cause reaches an effect
CAUSAL_ROOT = "causalRelation"
#: the parents of the causal relations by direction of influence
INCREASING_ROOT = "increasingRelation"
DECREASING_ROOT = "decreasingRelation"
#: the small dataset (rivers and floods) the examples in the docstrings use
EXAMPLE_DATA = repo_root() / "tests" / "fixtures" / "mini" / "data"


def view(graph: Graph) -> nx.MultiDiGraph:
    """The networkx view of an rdflib graph, annotated with the vocabulary facts used here.

    ``G.graph`` gets ``causal_predicates`` (``kgv:causalRelation`` and its sub-properties),
    ``symmetric_predicates`` (``owl:SymmetricProperty``), ``class_labels`` and
    ``class_ancestors`` (each class's ``kgv:`` superclasses, nearest first). The graph must
    contain the vocabulary (a release graph does).

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> G.graph["class_ancestors"]["Flood"]
    ['Event', 'Concept']
    """
    from kg.graph import to_networkx
    from kg.ontology import Ontology

    G = to_networkx(graph)
    annotate(G, Ontology.from_graph(graph))
    return G


def annotate(G: nx.MultiDiGraph, ontology: Ontology) -> nx.MultiDiGraph:
    """Put the vocabulary facts :func:`view` describes into ``G.graph``; returns ``G``."""
    from rdflib import OWL, RDF, URIRef

    from kg.namespaces import KGV_IRI

    G.graph["causal_predicates"] = sorted(causal_predicates(ontology))
    G.graph["predicate_signs"] = predicate_signs(ontology)
    G.graph["subproperties"] = {p: sorted(ontology.subproperties(p)) for p in ontology.properties}
    G.graph["symmetric_predicates"] = sorted(
        p for p in ontology.properties
        if (URIRef(KGV_IRI + p), RDF.type, OWL.SymmetricProperty) in ontology.graph)
    G.graph["predicate_labels"] = {p: ontology.labels.get(p, p) for p in ontology.properties}
    G.graph["class_labels"] = {c: ontology.labels.get(c, c) for c in ontology.classes}
    G.graph["class_ancestors"] = {c: ontology.superclasses(c) for c in ontology.classes}
    return G


def causal_predicates(vocabulary: Ontology | Graph | nx.MultiDiGraph) -> frozenset[str]:
    """The relations explanations follow: ``kgv:causalRelation`` and all its sub-properties.

    ``vocabulary`` is an :class:`kg.ontology.Ontology`, an rdflib graph holding the vocabulary,
    or a view made by :func:`view`.

    >>> from kg.ontology import read_ontology
    >>> sorted(causal_predicates(read_ontology(EXAMPLE_DATA / "ontology")))
    ['causalRelation', 'causes', 'worsens']
    """
    graph_attrs = getattr(vocabulary, "graph", None)
    if isinstance(graph_attrs, dict):  # a networkx graph
        if "causal_predicates" not in graph_attrs:
            raise ValueError("this networkx graph does not say which relations are causal: "
                             "make it with kg.explain.view(graph), or pass causal=")
        return frozenset(graph_attrs["causal_predicates"])
    from kg.ontology import Ontology

    ontology = vocabulary if isinstance(vocabulary, Ontology) else \
        Ontology.from_graph(vocabulary)
    return frozenset(ontology.subproperties(CAUSAL_ROOT))



def predicate_signs(ontology: Ontology) -> dict[str, int]:
    """Each causal relation's direction of influence: +1 increasing, -1 decreasing.

    Decreasing: ``kgv:decreasingRelation`` and its sub-properties; every other causal relation
    (see :func:`causal_predicates`) is increasing. The abstract parents are left out.

    >>> from kg.ontology import read_ontology
    >>> predicate_signs(read_ontology(EXAMPLE_DATA / "ontology"))
    {'causes': 1, 'worsens': 1}
    """
    causal = ontology.subproperties(CAUSAL_ROOT)
    decreasing = ontology.subproperties(DECREASING_ROOT) if DECREASING_ROOT in \
        ontology.properties else set()
    roots = {CAUSAL_ROOT, INCREASING_ROOT, DECREASING_ROOT}
    return {p: -1 if p in decreasing else 1 for p in sorted(causal) if p not in roots}
