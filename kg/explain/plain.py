"""The explain view without networkx: :class:`PlainGraph` and the three graph algorithms the
walks use, in pure Python.

Why: importing networkx costs about 0.15 s, more than the rest of ``kg explain`` together, for
three algorithms over a hundred nodes. ``kg build`` writes the view's nodes and edges into the
release (:mod:`kg.prepared`), and the read-only commands rebuild it as a :class:`PlainGraph`:
the part of networkx's ``MultiDiGraph`` interface that :mod:`kg.explain` and the commands use,
with the same dict-of-dicts layout, so nodes, edges, in-edges and out-edges come in the same
order as networkx gives them for the same additions.

The algorithms (:func:`simple_paths`, :func:`shortest_paths`, :func:`betweenness`) are
networkx's (3.x: ``all_simple_paths``, ``all_shortest_paths``, ``betweenness_centrality``,
normalized, no endpoints), rewritten over plain adjacency dicts and visiting nodes in the same
order, so they give the same paths in the same order and the same sums; they run on a
networkx graph's adjacency as well (``tests/test_prepared.py`` compares them with networkx).

>>> G = PlainGraph()
>>> G.add_node("a", label="A"); G.add_node("b"); G.add_node("c")
>>> G.add_edge("a", "b", key="s1", predicate="causes")
>>> G.add_edge("b", "c", key="s2", predicate="causes")
>>> [(u, v, d["predicate"]) for u, v, d in G.edges(data=True)]
[('a', 'b', 'causes'), ('b', 'c', 'causes')]
>>> list(simple_paths({"a": {"b": None}, "b": {"c": None}}, "a", "c", cutoff=2))
[['a', 'b', 'c']]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["NodeNotFound", "PlainGraph", "betweenness", "shortest_paths", "simple_paths",
           "undirected"]


class NodeNotFound(LookupError):
    """A node that is not in a :class:`PlainGraph` (networkx raises its own ``NodeNotFound``
    for its graphs)."""


class _Nodes:
    """``G.nodes``: ``G.nodes[n]`` is n's attribute dict; ``G.nodes(data=True)`` pairs."""

    def __init__(self, nodes: dict[str, dict[str, Any]]) -> None:
        self._nodes = nodes

    def __getitem__(self, node: str) -> dict[str, Any]:
        return self._nodes[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __call__(self, data: bool = False) -> Iterable:
        return list(self._nodes.items()) if data else list(self._nodes)


class PlainGraph:
    """A directed multigraph with networkx's ``MultiDiGraph`` layout and the part of its
    interface the explain walks use (``nodes``, ``edges``, ``in_edges``, ``out_edges``,
    ``get_edge_data``, ``graph``, ``in``, iteration)."""

    def __init__(self) -> None:
        self.graph: dict[str, Any] = {}
        self._node: dict[str, dict[str, Any]] = {}
        self._succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self._pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self.nodes = _Nodes(self._node)

    def add_node(self, node: str, **attrs: Any) -> None:
        if node not in self._node:
            self._node[node] = {}
            self._succ[node] = {}
            self._pred[node] = {}
        self._node[node].update(attrs)

    def add_edge(self, u: str, v: str, key: str, **attrs: Any) -> None:
        for node in (u, v):
            if node not in self._node:
                self.add_node(node)
        data = self._succ[u].setdefault(v, {}).setdefault(key, {})
        data.update(attrs)
        self._pred[v].setdefault(u, {})[key] = data

    def __contains__(self, node: object) -> bool:
        return node in self._node

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def number_of_nodes(self) -> int:
        return len(self._node)

    def edges(self, data: bool = False, keys: bool = False) -> list[tuple]:
        """Every edge, node by node in insertion order (networkx's order)."""
        return [_edge(u, v, k, d, data, keys) for u, nbrs in self._succ.items()
                for v, kd in nbrs.items() for k, d in kd.items()]

    def out_edges(self, node: str, data: bool = False, keys: bool = False) -> list[tuple]:
        return [_edge(node, v, k, d, data, keys) for v, kd in self._succ[node].items()
                for k, d in kd.items()]

    def in_edges(self, node: str, data: bool = False, keys: bool = False) -> list[tuple]:
        return [_edge(u, node, k, d, data, keys) for u, kd in self._pred[node].items()
                for k, d in kd.items()]

    def get_edge_data(self, u: str, v: str, default: Any = None) -> Any:
        return self._succ.get(u, {}).get(v, default)

    # -- the prepared file (kg.prepared): plain lists, in insertion order
    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PlainGraph:
        """The graph :func:`kg.graph.view_data` describes (nodes and edges in the order they
        were added, ``graph``: the vocabulary facts)."""
        G = cls()
        for node, attrs in data["nodes"]:
            G.add_node(node, **attrs)
        for u, v, key, attrs in data["edges"]:
            G.add_edge(u, v, key, **attrs)
        G.graph.update(data.get("graph", {}))
        return G


def _edge(u: str, v: str, key: str, data: dict[str, Any], with_data: bool,
          keys: bool) -> tuple:
    if keys:
        return (u, v, key, data) if with_data else (u, v, key)
    return (u, v, data) if with_data else (u, v)


# ------------------------------------------------------------------ algorithms

Adjacency = dict[str, dict[str, Any]]


def undirected(nodes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> Adjacency:
    """The adjacency networkx's ``Graph`` has after ``add_nodes_from(nodes)`` and
    ``add_edges_from(pairs)``: a neighbour's place is where the pair first appeared."""
    adj: Adjacency = {n: {} for n in nodes}
    for u, v in pairs:
        adj.setdefault(u, {}).setdefault(v, None)
        adj.setdefault(v, {}).setdefault(u, None)
    return adj


def simple_paths(succ: Adjacency, source: str, target: str, cutoff: int
                 ) -> Iterator[list[str]]:
    """``nx.all_simple_paths(H, source, target, cutoff)`` for a directed graph given by its
    successors: depth first, neighbours in adjacency order, at most ``cutoff`` edges."""
    if source == target or cutoff < 1:
        return
    path = [source]
    on_path = {source}
    stack = [iter(succ.get(source, ()))]
    while stack:
        nxt = next((w for w in stack[-1] if w not in on_path), None)
        if nxt is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if nxt == target:
            yield [*path, target]
        elif len(path) < cutoff:
            path.append(nxt)
            on_path.add(nxt)
            stack.append(iter(succ.get(nxt, ())))


def shortest_paths(adj: Adjacency, source: str, target: str) -> list[list[str]] | None:
    """``list(nx.all_shortest_paths(U, source, target))`` (None: not connected), in networkx's
    order: breadth-first predecessors, then the paths walked back from the target."""
    pred: dict[str, list[str]] = {source: []}
    seen = {source: 0}
    level, nextlevel = 0, [source]
    while nextlevel:
        level += 1
        thislevel, nextlevel = nextlevel, []
        for v in thislevel:
            for w in adj[v]:
                if w not in seen:
                    pred[w] = [v]
                    seen[w] = level
                    nextlevel.append(w)
                elif seen[w] == level:
                    pred[w].append(v)
    if target not in pred:
        return None
    paths = []
    visited = {target}
    stack: list[list[Any]] = [[target, 0]]
    top = 0
    while top >= 0:
        node, i = stack[top]
        if node == source:
            paths.append([p for p, _ in reversed(stack[: top + 1])])
        if len(pred[node]) > i:
            stack[top][1] = i + 1
            following = pred[node][i]
            if following in visited:
                continue
            visited.add(following)
            top += 1
            if top == len(stack):
                stack.append([following, 0])
            else:
                stack[top][:] = [following, 0]
        else:
            visited.discard(node)
            top -= 1
    return paths


def betweenness(adj: Adjacency) -> dict[str, float]:
    """``nx.betweenness_centrality(U, normalized=True)`` of an undirected graph (Brandes:
    one breadth-first search per node, dependencies summed back, then scaled by
    1/((n-1)(n-2)))."""
    result = dict.fromkeys(adj, 0.0)
    for s in adj:
        order: list[str] = []
        pred: dict[str, list[str]] = {v: [] for v in adj}
        sigma = dict.fromkeys(adj, 0.0)
        dist = {s: 0}
        sigma[s] = 1.0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv, sv = dist[v], sigma[v]
            for w in adj[v]:
                if w not in dist:
                    queue.append(w)
                    dist[w] = dv + 1
                if dist[w] == dv + 1:
                    sigma[w] += sv
                    pred[w].append(v)
        delta = dict.fromkeys(order, 0)
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in pred[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                result[w] += delta[w]
    n = len(adj) - 1  # no endpoints: a node is never the target of its own paths
    if n >= 2:
        scale = 1 / (n * (n - 1))
        if scale != 1:
            for v in result:
                result[v] *= scale
    return result
