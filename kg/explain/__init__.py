"""How concepts connect: causal chains, relation paths, neighbourhoods, comparisons, hubs.

Plain functions over the networkx view of the graph (:func:`kg.graph.to_networkx`: nodes keyed
by concept id, one edge per cited statement), in the style of networkx: they take node ids and
return plain data (lists of :class:`Step`, dataclasses with ``as_dict()`` for JSON). Every step
keeps the quote and sentence number that justify it.

What counts as *causal*, and in which direction, is the vocabulary's business, not this
package's: ``kgv:causalRelation`` and its sub-properties (transitively), increasing or
decreasing (:mod:`kg.explain.vocabulary`). The networkx view does not carry the vocabulary, so
:func:`view` builds it with the few vocabulary facts these functions need (causal and
symmetric relations, the class hierarchy) in ``G.graph``; or pass ``causal=`` explicitly.

>>> import kg
>>> from kg import explain
>>> G = explain.view(kg.build(kg.Project(EXAMPLE_DATA), write=False))  # the rivers example
>>> sorted(G.graph["causal_predicates"])
['causalRelation', 'causes', 'worsens']
>>> [str(step) for step in explain.causal_chains(G, "erosion", "flood")[0]]
['erosion —worsens→ flood']
"""

from __future__ import annotations

from kg.explain.centrality import Hub, hubs
from kg.explain.comparison import Row, compare, inverse_label
from kg.explain.nearby import DIRECTIONS, Neighbor, known_types, neighbors, type_filter
from kg.explain.paths import EFFECTS, causal_chains, chain_effect, shortest_relation_path
from kg.explain.reading import Answer, Chain, how, is_region, region_members
from kg.explain.steps import Step
from kg.explain.vocabulary import (
    CAUSAL_ROOT,
    DECREASING_ROOT,
    EXAMPLE_DATA,
    INCREASING_ROOT,
    annotate,
    causal_predicates,
    predicate_signs,
    view,
)

__all__ = [
    "CAUSAL_ROOT", "DECREASING_ROOT", "DIRECTIONS", "EFFECTS", "EXAMPLE_DATA", "INCREASING_ROOT",
    "Answer", "Chain", "Hub", "Neighbor", "Row", "Step", "annotate", "causal_chains",
    "causal_predicates", "chain_effect", "compare", "how", "hubs", "inverse_label", "is_region",
    "known_types", "neighbors", "predicate_signs", "region_members", "shortest_relation_path",
    "type_filter", "view"]
