"""The concepts near one concept (:func:`neighbors`) and filters by class (:func:`type_filter`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.explain.steps import Step, _edge_order, _incident_steps, _label, _require_node
from kg.explain.vocabulary import EXAMPLE_DATA, view  # noqa: F401 - the doctests use them
from kg.names import close_matches, normalize

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["DIRECTIONS", "Neighbor", "known_types", "neighbors", "type_filter"]

DIRECTIONS = ("out", "in", "both")


@dataclass
class Neighbor:
    """A concept near another: its distance and the cited relations that reach it."""

    id: str
    label: str
    type: str | None
    top_type: str | None
    distance: int
    via: list[Step] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["via"] = [step.as_dict() for step in self.via]
        return data


def neighbors(G: nx.MultiDiGraph, node: str, depth: int = 1, direction: str = "both",
              types: Iterable[str] | None = None) -> list[Neighbor]:
    """The concepts within ``depth`` relations of ``node``: nearest first, then by broad type
    and label.

    ``direction`` is ``out`` (follow relations from subject to object), ``in`` (backwards) or
    ``both``. Each neighbour lists the relations (``via``) that link it to the concepts one
    step nearer. ``types`` keeps only concepts of those classes or their subclasses (class
    names or labels, any case: ``Symptom``, ``body region``); the walk itself passes through
    every concept. An unknown type is a :class:`KGError` suggesting close ones.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [(n.id, n.distance) for n in neighbors(G, "flood")]
    [('erosion', 1), ('heavy-rain', 1), ('snowmelt', 1), ('levee', 1), ('road', 1)]
    >>> [(n.id, n.distance) for n in neighbors(G, "heavy-rain", depth=2, direction="out")]
    [('flood', 1), ('road', 2)]
    >>> [n.id for n in neighbors(G, "flood", types=["event"])]
    ['erosion', 'heavy-rain', 'snowmelt']
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    _require_node(G, node)
    keep = type_filter(G, types) if types else None

    distance = {node: 0}
    found: dict[str, Neighbor] = {}
    frontier = [node]
    for level in range(1, depth + 1):
        reached: list[str] = []
        for current in frontier:
            for step in _incident_steps(G, current, direction):
                other = step.end
                if other in distance and distance[other] < level:
                    continue
                if other not in distance:
                    distance[other] = level
                    reached.append(other)
                    attrs = G.nodes[other]
                    found[other] = Neighbor(other, _label(G, other), attrs.get("type"),
                                            attrs.get("top_type"), level)
                found[other].via.append(step)
        frontier = reached
    result = [n for n in found.values() if keep is None or keep(n.type)]
    for n in result:
        n.via.sort(key=lambda s: (_edge_order(s.as_dict()), s.start))
    return sorted(result, key=lambda n: (n.distance, n.top_type or "", n.label.casefold()))



def type_filter(G: nx.MultiDiGraph, names: Iterable[str]):
    """A predicate ``f(class_name) -> bool`` true for the named classes and their subclasses.

    Names are class names or labels (``BodyRegion``, ``body region``, ``Body regions``).
    Unknown names raise :class:`KGError` with close matches.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> keep = type_filter(G, ["event"])
    >>> keep("Flood"), keep("Place")
    (True, False)
    >>> type_filter(G, ["Evnt"])
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown type 'Evnt'
      hint: did you mean 'Event'?
    """
    classes = known_types(G)
    keys: dict[str, str] = {}
    for cls, label in sorted(classes.items()):
        for name in (cls, _split_camel(cls), label):
            keys.setdefault(normalize(name), cls)
    wanted = set()
    for name in names:
        for part in (p.strip() for p in name.split(",")):
            if not part:
                continue
            cls = keys.get(normalize(part))
            if cls is None:
                near = close_matches(part, sorted(classes), n=3)
                hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near \
                    else "known types: " + ", ".join(sorted(classes))
                raise KGError(f"unknown type {part!r}", hint=hint)
            wanted.add(cls)
    ancestors = G.graph.get("class_ancestors")

    def keep(cls: str | None) -> bool:
        if cls is None:
            return False
        if ancestors is not None:
            return cls in wanted or any(a in wanted for a in ancestors.get(cls, ()))
        tops = {d.get("top_type") for _, d in G.nodes(data=True) if d.get("type") == cls}
        return cls in wanted or bool(tops & wanted)

    return keep


def known_types(G: nx.MultiDiGraph) -> dict[str, str]:
    """Class name -> label: from the vocabulary in a :func:`view`, else the nodes' types."""
    if "class_labels" in G.graph:
        return dict(G.graph["class_labels"])
    names = {d.get(k) for _, d in G.nodes(data=True) for k in ("type", "top_type")}
    return {n: _split_camel(n) for n in names if n}


def _split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)

