"""How one concept bears on another, read the way an article argues: :func:`how`.

:func:`kg.explain.causal_chains` answers for two concepts taken literally. A reader's names
are often wider than that:

- a *region or structure* (a concept of ``kgv:AnatomicalStructure`` or a subclass) does not
  cause anything itself; "does the X lead to Y" means "does what affects the X, or is located
  in it, lead to Y". :func:`region_members` lists those concepts, each with the relation that
  ties it to the structure (``affects`` and its sub-properties, ``located in``, ``felt in``,
  ``originates in``: the vocabulary's relations of place, :data:`PLACE_RELATIONS`), also
  through the structures located in it or part of it;
- the chains found have a direction (:func:`kg.explain.chain_effect`): the source brings the
  target on (*leads to*) or relieves it (*helps with*, *lessens*); a chain through a relation
  without a direction has no clear effect and is not an answer;
- when no chain exists, the shortest relation path of any kind is kept, but only as "these
  are related", never as an effect.

>>> import kg
>>> from kg.explain import view, EXAMPLE_DATA
>>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
>>> answer = how(G, "heavy-rain", "flood")
>>> answer.verb, [str(s) for s in answer.chains[0].steps]
('leads to', ['heavy rain —causes→ flood'])
>>> how(G, "levee", "flood").related[0].predicate   # 'reduces' is not causal in this vocabulary
'reduces'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.explain.paths import causal_chains, chain_effect, shortest_relation_path
from kg.explain.steps import Step, _edge_order, _label, _require_node, _step

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["PLACE_RELATIONS", "REGION_CLASS", "Answer", "Chain", "how", "is_region",
           "region_members"]

#: the vocabulary's class of the concepts read as "what affects or is located in it"
REGION_CLASS = "AnatomicalStructure"
#: relations that tie a concept to the structure where it is (sub-properties count)
PLACE_RELATIONS = ("affects", "locatedIn", "feltIn", "originatesIn")
#: relations by which a structure lies within another
WITHIN_RELATIONS = ("locatedIn", "partOf")


@dataclass
class Chain:
    """A causal chain with its effect (+1 brings the end on, -1 relieves it).

    ``steps`` are the causal relations; ``lead_in`` the relation that ties the chain's first
    concept to a structure named as the source (walked backwards: ``hip ←affects— hip
    dysfunction``), ``lead_out`` the one that ties its last concept to a structure named as
    the target (``low back pain —felt in→ lower back``). Both are empty for literal names.
    """

    steps: list[Step]
    effect: int
    lead_in: list[Step] = field(default_factory=list)
    lead_out: list[Step] = field(default_factory=list)

    @property
    def all_steps(self) -> list[Step]:
        return self.lead_in + self.steps + self.lead_out

    @property
    def sentences(self) -> list[int]:
        return sorted({s.sentence for s in self.all_steps if s.sentence})

    def as_dict(self) -> dict[str, Any]:
        return {"effect": self.effect, "hops": len(self.steps),
                "lead_in": [s.as_dict() for s in self.lead_in],
                "steps": [s.as_dict() for s in self.steps],
                "lead_out": [s.as_dict() for s in self.lead_out]}


@dataclass
class Answer:
    """What :func:`how` found: chains by effect, how region names were read, the fallback."""

    source: str
    target: str
    chains: list[Chain]
    #: region names read as their members: node -> [(member, steps from the region to it)]
    readings: dict[str, list[tuple[str, list[Step]]]] = field(default_factory=dict)
    #: no chain: the shortest relation path of any kind (None when not connected at all)
    related: list[Step] | None = None
    #: chains the other way round (target to source), counted when there are none this way
    reverse: int = 0
    source_is_treatment: bool = False

    @property
    def effect(self) -> int | None:
        """+1 or -1 when every chain agrees, 0 when they disagree, None without chains."""
        effects = {c.effect for c in self.chains}
        return effects.pop() if len(effects) == 1 else (0 if effects else None)

    @property
    def verb(self) -> str:
        """``leads to``, ``helps with`` (a treatment relieving), ``lessens``, ``affects``."""
        return verb(self.effect, self.source_is_treatment)

    def by_effect(self) -> list[tuple[int, list[Chain]]]:
        """The chains grouped by effect, the group with the shortest chain first."""
        groups: dict[int, list[Chain]] = {}
        for chain in self.chains:
            groups.setdefault(chain.effect, []).append(chain)
        return sorted(groups.items(), key=lambda g: (len(g[1][0].steps), -g[0]))

    def as_dict(self) -> dict[str, Any]:
        return {"effect": self.effect, "verb": self.verb,
                "chains": [c.as_dict() for c in self.chains],
                "readings": {node: [m for m, _ in members]
                             for node, members in self.readings.items()},
                "related": None if self.related is None else
                {"hops": len(self.related), "steps": [s.as_dict() for s in self.related]},
                "reverse_chains": self.reverse}


def verb(effect: int | None, treatment: bool = False) -> str:
    """The words for an effect: ``leads to`` (+1), ``helps with`` / ``lessens`` (-1)."""
    if effect == 1:
        return "leads to"
    if effect == -1:
        return "helps with" if treatment else "lessens"
    return "affects"


def is_region(G: nx.MultiDiGraph, node: str) -> bool:
    """True when the concept is of :data:`REGION_CLASS` or a subclass (a body structure)."""
    cls = G.nodes[node].get("type")
    ancestors = G.graph.get("class_ancestors", {}).get(cls, [])
    return cls == REGION_CLASS or REGION_CLASS in ancestors


def is_of_class(G: nx.MultiDiGraph, node: str, name: str) -> bool:
    cls = G.nodes[node].get("type")
    return cls == name or name in G.graph.get("class_ancestors", {}).get(cls, [])


def region_members(G: nx.MultiDiGraph, region: str) -> list[tuple[str, list[Step]]]:
    """The concepts that affect a structure or are located in it, nearest first.

    Also through the structures located in it or part of it (the bursa located in the hip:
    what affects the bursa). Each member comes with the steps from the region to it, walked
    backwards (``region ←affects— member``). Members that are structures themselves are
    left out (they are places, not causes); the region is not its own member.

    >>> import kg
    >>> from kg.explain import view, EXAMPLE_DATA
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [(m, [str(s) for s in steps]) for m, steps in region_members(G, "river")]
    [('road', ['river ←located in— road'])]
    """
    _require_node(G, region)
    place = _with_subproperties(G, PLACE_RELATIONS)
    within = _with_subproperties(G, WITHIN_RELATIONS)
    found: dict[str, list[Step]] = {}
    # the structures inside the region (itself first), each with its path from the region
    inside: list[tuple[str, list[Step]]] = [(region, [])]
    seen = {region}
    for structure, path in inside:
        for u, _, data in sorted(G.in_edges(structure, data=True),
                                 key=lambda e: (_edge_order(e[2]), e[0])):
            if u in seen or data.get("predicate") not in place | within:
                continue
            step = _step(G, u, structure, data, forward=False)
            if data.get("predicate") in within and is_region(G, u):
                seen.add(u)
                inside.append((u, path + [step]))
            elif data.get("predicate") in place and u not in found:
                found[u] = path + [step]
    return sorted(found.items(), key=lambda item: (len(item[1]), _label(G, item[0]).casefold()))


def _with_subproperties(G: nx.MultiDiGraph, names: tuple[str, ...]) -> set[str]:
    sub = G.graph.get("subproperties", {})
    return {p for name in names for p in sub.get(name, [name])}


def how(G: nx.MultiDiGraph, source: str, target: str, max_hops: int = 6) -> Answer:
    """How ``source`` bears on ``target``: the causal chains with a clear effect, region
    names read as what affects them, else the relation path that merely relates the two.

    Literal chains come first; a name of a structure (:func:`is_region`) adds the chains
    from (or to) its members (:func:`region_members`), each with the step that ties it to the
    structure. Chains are shortest first, counting only causal steps.

    Raises
    ------
    networkx.NodeNotFound
        if ``source`` or ``target`` is not a node of ``G``.
    """
    _require_node(G, source)
    _require_node(G, target)
    answer = Answer(source, target, [],
                    source_is_treatment=is_of_class(G, source, "Treatment"))
    starts: list[tuple[str, list[Step]]] = [(source, [])]
    ends: list[tuple[str, list[Step]]] = [(target, [])]
    if is_region(G, source):
        answer.readings[source] = region_members(G, source)
        starts += answer.readings[source]
    if is_region(G, target):
        answer.readings[target] = region_members(G, target)
        ends += [(m, [_reverse(s) for s in reversed(steps)])
                 for m, steps in answer.readings[target]]
    seen: set[tuple] = set()
    for start, lead_in in starts:
        for end, lead_out in ends:
            if start == end:
                continue
            for steps in causal_chains(G, start, end, max_hops=max_hops):
                # the whole walk, ties to a region included: a literal chain that already ends
                # at the structure is not offered again as a member's chain plus its tie
                key = tuple((s.subject, s.predicate, s.object)
                            for s in [*lead_in, *steps, *lead_out])
                effect = chain_effect(steps)
                if effect is None or key in seen or source in _nodes(steps)[1:] or \
                        target in _nodes(steps)[:-1]:
                    continue
                seen.add(key)
                answer.chains.append(Chain(steps, effect, lead_in, lead_out))
    answer.chains.sort(key=lambda c: (len(c.steps), len(c.lead_in) + len(c.lead_out),
                                      _spread(c), [s.object_label for s in c.steps]))
    if not answer.chains:
        answer.related = shortest_relation_path(G, source, target)
        answer.reverse = len(causal_chains(G, target, source, max_hops=max_hops))
    return answer


def _nodes(steps: list[Step]) -> list[str]:
    return [steps[0].start] + [s.end for s in steps]


def _spread(chain: Chain) -> float:
    numbers = [s.sentence for s in chain.steps if s.sentence]
    return max(numbers) - min(numbers) if numbers else float("inf")


def _reverse(step: Step) -> Step:
    """The same relation walked the other way."""
    from dataclasses import replace

    return replace(step, forward=not step.forward)
