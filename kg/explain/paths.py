"""Chains of causes between two concepts, and the shortest relation path of any kind."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from kg.explain.steps import Step, _edge_order, _label, _require_node, _step
from kg.explain.vocabulary import EXAMPLE_DATA, causal_predicates, view  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.explain.plain import Adjacency

__all__ = ["EFFECTS", "causal_chains", "chain_effect", "shortest_relation_path",
           "undirected_view"]

#: what a chain does to its end, by the product of its steps' signs
EFFECTS = {1: "increases", -1: "decreases"}


def causal_chains(G: nx.MultiDiGraph, source: str, target: str, max_hops: int = 6,
                  causal: Collection[str] | None = None,
                  effect: int | None = None) -> list[list[Step]]:
    """Every directed causal chain from ``source`` to ``target``, shortest first.

    A chain is a simple path of at most ``max_hops`` relations whose predicates are causal
    (``causal``, default: :func:`causal_predicates` of the view). Each step carries its
    relation's direction of influence (``Step.sign``); :func:`chain_effect` composes them.
    ``effect=1`` keeps the chains by which the source increases (brings on) the target,
    ``effect=-1`` those by which it decreases (relieves) it; None keeps both. Two relations
    between the same pair with different predicates give two chains; several statements of the same
    relation give one step, cited by its earliest sentence. Chains of equal length come in
    order of how closely their citations sit together in the article, then alphabetically.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> chains = causal_chains(G, "heavy-rain", "flood")
    >>> [(str(s), s.sentence) for s in chains[0]]
    [('heavy rain —causes→ flood', 1)]
    >>> causal_chains(G, "flood", "road")        # 'damages' is not a causal relation
    []
    >>> len(causal_chains(G, "heavy-rain", "flood", causal={"damages"}))
    0
    >>> causal_chains(G, "heavy-rain", "flood", effect=-1)
    []

    Raises
    ------
    networkx.NodeNotFound
        if ``source`` or ``target`` is not a node of ``G``.
    ValueError
        if ``max_hops`` is below 1 or ``effect`` is not 1, -1 or None.
    """
    from kg.explain.plain import simple_paths

    if max_hops < 1:
        raise ValueError("max_hops must be at least 1")
    if effect not in (None, 1, -1):
        raise ValueError(f"effect must be 1, -1 or None, not {effect!r}")
    _require_node(G, source)
    _require_node(G, target)
    if source == target:
        return []
    causal = causal_predicates(G) if causal is None else frozenset(causal)

    # pair -> predicate -> the earliest-cited edge data
    pairs: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for u, v, data in G.edges(data=True):
        predicate = data.get("predicate")
        if predicate in causal and u != v:
            best = pairs[u, v].get(predicate)
            if best is None or _edge_order(data) < _edge_order(best):
                pairs[u, v][predicate] = data
    successors: dict[str, dict[str, None]] = {}  # networkx's DiGraph of the pairs, as dicts
    for u, v in pairs:
        successors.setdefault(u, {})[v] = None

    chains: list[list[Step]] = []
    for path in simple_paths(successors, source, target, cutoff=max_hops):
        partial: list[list[Step]] = [[]]
        for u, v in zip(path, path[1:], strict=False):
            options = sorted(pairs[u, v].values(), key=_edge_order)
            partial = [chain + [_step(G, u, v, data)] for chain in partial for data in options]
        chains.extend(c for c in partial if effect is None or chain_effect(c) == effect)
    chains.sort(key=_chain_order)
    return chains


def chain_effect(steps: list[Step]) -> int | None:
    """What a chain does to its end: +1 increases, -1 decreases (the product of its steps'
    signs), None when a step has no direction of influence (the effect is not clear).

    Steps walked backwards (a region's reading, see :mod:`kg.explain.reading`) do not count.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> chain_effect(causal_chains(G, "erosion", "flood")[0])
    1
    """
    effect = 1
    for step in steps:
        if not step.forward:
            continue
        if step.sign is None:
            return None
        effect *= step.sign
    return effect


def _chain_order(chain: list[Step]) -> tuple:
    sentences = [s.sentence for s in chain if s.sentence is not None]
    spread = max(sentences) - min(sentences) if sentences else math.inf
    return (len(chain), spread, [s.object_label for s in chain], [s.predicate for s in chain])


def shortest_relation_path(G: nx.MultiDiGraph, a: str, b: str,
                           undirected: Adjacency | None = None) -> list[Step] | None:
    """The shortest path of relations of any kind between ``a`` and ``b``, direction ignored.

    Each step keeps the relation's own direction: ``forward`` is False where the path walks
    from object to subject. Among equally short paths the first by labels is returned; None
    when the two are not connected. ``undirected``: :func:`undirected_view` of ``G``, made
    once by a caller that asks for many pairs (the explorer's build), else made here.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [str(step) for step in shortest_relation_path(G, "levee", "heavy-rain")]
    ['levee —reduces→ flood', 'flood ←causes— heavy rain']
    >>> shortest_relation_path(G, "levee", "levee")
    []
    """
    from kg.explain.plain import shortest_paths

    _require_node(G, a)
    _require_node(G, b)
    if a == b:
        return []
    U = undirected_view(G) if undirected is None else undirected
    paths = shortest_paths(U, a, b)
    if paths is None:
        return None
    path = min(paths, key=lambda p: [_label(G, n) for n in p])
    steps = []
    for u, v in zip(path, path[1:], strict=False):
        forward = [(d, True) for d in G.get_edge_data(u, v, default={}).values()]
        backward = [(d, False) for d in G.get_edge_data(v, u, default={}).values()]
        data, is_forward = min(forward + backward,
                               key=lambda item: (not item[1], _edge_order(item[0])))
        steps.append(_step(G, u, v, data) if is_forward else _step(G, v, u, data, False))
    return steps



def undirected_view(G: nx.MultiDiGraph) -> Adjacency:
    """The concepts joined by any relation, direction and loops ignored: what
    :func:`shortest_relation_path` walks (a plain adjacency, in networkx's ``Graph`` order)."""
    from kg.explain.plain import undirected

    return undirected(G, ((u, v) for u, v in G.edges() if u != v))
