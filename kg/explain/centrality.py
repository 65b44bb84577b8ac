"""The most connected concepts (:func:`hubs`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.explain.steps import _label
from kg.explain.vocabulary import EXAMPLE_DATA, view  # noqa: F401 - the doctests use them

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Hub", "hubs"]


@dataclass
class Hub:
    """A central concept: its degree (distinct relations, in + out), betweenness, and the
    concepts it connects, grouped by their broad type."""

    id: str
    label: str
    type: str | None
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    connects: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def hubs(G: nx.MultiDiGraph, n: int = 10, by: str = "degree") -> list[Hub]:
    """The ``n`` most central concepts, by ``degree`` (default) or ``betweenness``.

    Degree counts distinct relations (subject, predicate, object) in either direction, so a
    relation cited twice counts once. Betweenness is networkx's normalized betweenness
    centrality on the undirected graph of related concepts (the same sums, computed by
    :func:`kg.explain.plain.betweenness`). Ties go to the other measure, then to the label.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [(h.label, h.degree, h.in_degree) for h in hubs(G, 2)]
    [('flood', 5, 4), ('road', 2, 1)]
    >>> hubs(G, 1)[0].connects
    {'Event': ['erosion', 'heavy rain', 'snowmelt'], 'Structure': ['levee', 'road']}
    """
    from kg.explain.plain import betweenness as centrality
    from kg.explain.plain import undirected

    if by not in ("degree", "betweenness"):
        raise ValueError(f"by must be 'degree' or 'betweenness', not {by!r}")
    relations = {(u, d.get("predicate"), v) for u, v, d in G.edges(data=True)}
    in_degree: dict[str, int] = defaultdict(int)
    out_degree: dict[str, int] = defaultdict(int)
    linked: dict[str, set[str]] = defaultdict(set)
    for u, _, v in relations:
        out_degree[u] += 1
        in_degree[v] += 1
        if u != v:
            linked[u].add(v)
            linked[v].add(u)
    betweenness = centrality(undirected(G, ((u, v) for u, _, v in relations if u != v)))

    result = []
    for node in G:
        connects: dict[str, list[str]] = defaultdict(list)
        for other in linked[node]:
            connects[G.nodes[other].get("top_type") or "?"].append(_label(G, other))
        result.append(Hub(
            node, _label(G, node), G.nodes[node].get("type"),
            in_degree[node] + out_degree[node], in_degree[node], out_degree[node],
            round(betweenness.get(node, 0.0), 4),
            {k: sorted(v, key=str.casefold) for k, v in sorted(connects.items())}))
    if by == "degree":
        result.sort(key=lambda h: (-h.degree, -h.betweenness, h.label.casefold()))
    else:
        result.sort(key=lambda h: (-h.betweenness, -h.degree, h.label.casefold()))
    return result[:n] if n > 0 else result
