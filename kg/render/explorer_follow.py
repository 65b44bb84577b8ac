"""The explorer's Follow panel, answered at build time by :func:`kg.explain.how`.

The page does not walk the graph itself: for every ordered pair of concepts the build asks
:func:`kg.explain.how` (the function behind ``kg explain A B``) and writes its answer as data —
the signed causal chains grouped by effect ("leads to", "helps with", …), each step with its
quote, or, when there is no chain, the shortest relation path of any kind, which the page labels
as *not* a chain of causes. So the page and the CLI cannot disagree.

Asking :func:`~kg.explain.how` for all n·(n-1) pairs would cost seconds even for the article (it
rebuilds its causal graph per call), so :func:`follow_data` asks it only for the pairs that can
have a chain: a start (the source, or a member of it when it is a body structure, see
:func:`kg.explain.region_members`) that reaches an end in the causal graph, a superset of the
pairs ``how`` finds chains for. For every other pair ``how`` would find no chain and answer
with the relation path and the reverse count, which are asked of the same functions it calls
(:func:`kg.explain.shortest_relation_path`, with the undirected view made once, and
:func:`kg.explain.causal_chains`). A test checks the table against ``how`` pair by pair.

A dataset with more than :data:`MAX_CONCEPTS` concepts gets no table (``prepared: false``): the
answers would grow with the square of the concepts; the page then points to ``kg explain``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from kg.explain import Step

#: above this many concepts the pairs are not prepared (8,930 pairs for the article's 95)
MAX_CONCEPTS = 400
#: the longest chain asked for, as ``kg explain``'s default ``--max-hops``
MAX_HOPS = 6
_PLURAL = {"leads": "lead", "helps": "help", "lessens": "lessen", "affects": "affect"}


def follow_data(G: nx.MultiDiGraph, max_hops: int = MAX_HOPS) -> dict[str, Any]:
    """``{"prepared", "max_hops", "nodes", "steps", "answers"}``: every pair's answer.

    ``nodes`` are the concept ids, sorted; ``answers`` maps ``"i j"`` (the two concepts'
    positions in ``nodes``) to ``{"v": verb, "c": [[effect, hops, refs]], "g": [[effect,
    verb, verb for a plural subject, [chain index]]], "r": refs, "rev": n, "rd": {node:
    [member ids]}}`` (empty parts left out); a ref is a step's index in ``steps``,
    ``-(index + 1)`` when the step is walked backwards.
    """
    nodes = sorted(G.nodes)
    if len(nodes) > MAX_CONCEPTS:
        return not_prepared(max_hops)
    table, at = _Table(), {n: i for i, n in enumerate(nodes)}
    answers = {f"{at[a]} {at[b]}": table.answer(ans)
               for a, b, ans in pair_answers(G, max_hops)}
    return {"prepared": True, "max_hops": max_hops, "nodes": nodes, "steps": table.steps,
            "answers": answers}


def not_prepared(max_hops: int = MAX_HOPS) -> dict[str, Any]:
    """What the page gets for a graph of more than :data:`MAX_CONCEPTS` concepts."""
    return {"prepared": False, "max_hops": max_hops, "limit": MAX_CONCEPTS}


def pair_answers(G: nx.MultiDiGraph, max_hops: int = MAX_HOPS):
    """``(a, b, answer)`` for every ordered pair, each answer equal to ``how(G, a, b)``."""
    import networkx as nx

    from kg.explain import (
        Answer,
        causal_chains,
        how,
        is_region,
        region_members,
        shortest_relation_path,
    )
    from kg.explain.paths import undirected_view
    from kg.explain.reading import is_of_class

    causal = set(G.graph["causal_predicates"])
    C = nx.DiGraph()
    C.add_nodes_from(G)
    C.add_edges_from((u, v) for u, v, p in G.edges(data="predicate") if p in causal and u != v)
    reach = {n: nx.descendants(C, n) for n in C}
    members = {n: [m for m, _ in region_members(G, n)] for n in G if is_region(G, n)}
    U = undirected_view(G)
    for a in sorted(G):
        for b in sorted(G):
            if a == b:
                continue
            starts, ends = [a, *members.get(a, [])], {b, *members.get(b, [])}
            if any(ends & reach[s] for s in starts):
                yield a, b, how(G, a, b, max_hops=max_hops)
                continue
            # no start reaches an end: how() finds no chain and answers with these
            answer = Answer(a, b, [], source_is_treatment=is_of_class(G, a, "Treatment"))
            for node in (a, b):
                if node in members:
                    answer.readings[node] = region_members(G, node)
            answer.related = shortest_relation_path(G, a, b, undirected=U)
            answer.reverse = (len(causal_chains(G, b, a, max_hops=max_hops))
                              if a in reach[b] else 0)
            yield a, b, answer


class _Table:
    """Steps shared between answers (a step is written once, referred to by index)."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []
        self._index: dict[tuple, int] = {}

    def ref(self, step: Step) -> int:
        key = (step.subject, step.predicate, step.object, step.sentence, step.quote,
               step.reading, step.note)
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.steps)
            entry = {"s": step.subject, "p": step.predicate, "pl": step.predicate_label,
                     "o": step.object, "q": step.quote, "n": step.sentence,
                     "sec": step.section, "rd": step.reading, "note": step.note,
                     "sign": step.sign}
            self.steps.append({k: v for k, v in entry.items() if v is not None})
        return i if step.forward else -(i + 1)

    def answer(self, answer: Any) -> dict[str, Any]:
        from kg.explain.reading import verb

        out: dict[str, Any] = {}
        if answer.chains:
            out["v"] = answer.verb
            out["c"] = [[c.effect, len(c.steps), [self.ref(s) for s in c.all_steps]]
                        for c in answer.chains]
            position = {id(c): i for i, c in enumerate(answer.chains)}
            out["g"] = [[effect, verb(effect, answer.source_is_treatment),
                         _third(verb(effect, answer.source_is_treatment), len(group)),
                         [position[id(c)] for c in group]]
                        for effect, group in answer.by_effect()]
        elif answer.related is not None:
            out["r"] = [self.ref(s) for s in answer.related]
        if answer.reverse:
            out["rev"] = answer.reverse
        readings = {n: [m for m, _ in ms] for n, ms in answer.readings.items() if ms}
        if readings:
            out["rd"] = readings
        return out


def _third(words: str, n: int) -> str:
    """``leads to`` -> ``lead to`` for a plural subject (as ``kg explain`` words it)."""
    if n == 1:
        return words
    first, _, rest = words.partition(" ")
    return " ".join(x for x in (_PLURAL.get(first, first), rest) if x)
