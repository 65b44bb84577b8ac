"""One cited relation walked along a path (:class:`Step`), and the helpers every walk shares."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Step"]


@dataclass(frozen=True)
class Step:
    """One cited relation ``subject —predicate→ object``, walked forwards or backwards.

    ``forward`` is False when a path walks the relation against its direction (from object to
    subject); ``start`` and ``end`` are the ends in walking order.
    """

    subject: str
    predicate: str
    object: str
    subject_label: str
    predicate_label: str
    object_label: str
    quote: str | None = None
    sentence: int | None = None
    section: str | None = None
    statement: str | None = None
    forward: bool = True
    reading: str = "stated"
    note: str | None = None
    #: the relation's direction of influence (+1, -1), None when it has none
    sign: int | None = None

    @property
    def start(self) -> str:
        return self.subject if self.forward else self.object

    @property
    def end(self) -> str:
        return self.object if self.forward else self.subject

    @property
    def start_label(self) -> str:
        return self.subject_label if self.forward else self.object_label

    @property
    def end_label(self) -> str:
        return self.object_label if self.forward else self.subject_label

    def __str__(self) -> str:
        if self.forward:
            return f"{self.subject_label} —{self.predicate_label}→ {self.object_label}"
        return f"{self.object_label} ←{self.predicate_label}— {self.subject_label}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _step(G: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any],
          forward: bool = True) -> Step:
    return Step(
        subject=u, predicate=data.get("predicate", "?"), object=v,
        subject_label=_label(G, u),
        predicate_label=data.get("label") or data.get("predicate", "?"),
        object_label=_label(G, v),
        quote=data.get("quote"), sentence=data.get("sentence"), section=data.get("section"),
        statement=data.get("statement"), forward=forward,
        sign=G.graph.get("predicate_signs", {}).get(data.get("predicate", "?")),
        reading=data.get("reading") or "stated", note=data.get("note"))


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label") or node


def _edge_order(data: dict[str, Any]) -> tuple:
    """Stable order among parallel edges: earliest cited sentence first."""
    sentence = data.get("sentence")
    return (sentence if sentence is not None else math.inf, data.get("predicate", ""),
            data.get("statement") or "")


def _require_node(G: nx.MultiDiGraph, node: str) -> None:
    """networkx's ``NodeNotFound`` for a networkx graph, else :class:`kg.explain.plain.
    NodeNotFound` (a plain view never imports networkx)."""
    if node not in G:
        from kg.explain.plain import NodeNotFound, PlainGraph

        if not isinstance(G, PlainGraph):
            import networkx as nx

            NodeNotFound = nx.NodeNotFound  # noqa: N806
        raise NodeNotFound(f"{node!r} is not a concept of the graph")



def _incident_steps(G: nx.MultiDiGraph, node: str, direction: str) -> list[Step]:
    steps = []
    if direction in ("out", "both"):
        steps += [_step(G, u, v, d) for u, v, d in G.out_edges(node, data=True) if v != node]
    if direction in ("in", "both"):
        steps += [_step(G, u, v, d, forward=False)
                  for u, v, d in G.in_edges(node, data=True) if u != node]
    return steps

