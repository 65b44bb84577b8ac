"""Two small directed-graph steps of the causal-flow layout (:mod:`kg.render.flow`): a graph
made acyclic by dropping the back edges of a depth-first search, and a topological order.
Deterministic: both follow the order the nodes and their successors are given in."""

from __future__ import annotations

from collections.abc import Hashable, Mapping


def acyclic(nodes: list[Hashable], succ: Mapping[Hashable, list[Hashable]]
            ) -> dict[Hashable, list[Hashable]]:
    """``succ`` without the edges that close a cycle (back edges of a depth-first search)."""
    state: dict[Hashable, int] = {}
    kept: dict[Hashable, list[Hashable]] = {n: [] for n in nodes}
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(dict.fromkeys(succ[root])))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 1:
                    continue  # back edge: dropped
                kept[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(dict.fromkeys(succ[child]))))
                    break
            else:
                state[node] = 2
                stack.pop()
    return kept


def topological(nodes: list[Hashable], succ: Mapping[Hashable, list[Hashable]],
                pred: Mapping[Hashable, list[Hashable]]) -> list[Hashable]:
    """``nodes`` in an order where every node comes after its predecessors (Kahn's)."""
    waiting = {n: len(pred[n]) for n in nodes}
    ready = [n for n in nodes if waiting[n] == 0]
    out = []
    while ready:
        n = ready.pop(0) if len(ready) < 64 else ready.pop()
        out.append(n)
        for m in succ[n]:
            waiting[m] -= 1
            if waiting[m] == 0:
                ready.append(m)
    return out
