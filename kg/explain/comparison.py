"""Two concepts' relations side by side (:func:`compare`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.explain.steps import Step, _edge_order, _incident_steps, _label, _require_node
from kg.explain.vocabulary import EXAMPLE_DATA, view  # noqa: F401 - the doctests use them

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Row", "compare", "inverse_label"]


@dataclass
class Row:
    """One relation of a comparison: what each concept has under it.

    ``direction`` is ``out`` (the concept is the subject), ``in`` (it is the object) or
    ``both`` (a symmetric relation). ``a`` and ``b`` are lists of the other ends, each a
    :class:`Step`; ``shared`` the ids found on both sides.
    """

    predicate: str
    direction: str
    label: str
    a: list[Step] = field(default_factory=list)
    b: list[Step] = field(default_factory=list)

    @property
    def shared(self) -> list[str]:
        ends_b = {s.end for s in self.b}
        return sorted({s.end for s in self.a if s.end in ends_b})

    def as_dict(self) -> dict[str, Any]:
        return {"predicate": self.predicate, "direction": self.direction, "label": self.label,
                "a": [s.as_dict() for s in self.a], "b": [s.as_dict() for s in self.b],
                "shared": self.shared}


def compare(G: nx.MultiDiGraph, a: str, b: str) -> list[Row]:
    """Two concepts' relations side by side, one row per predicate and direction.

    Outgoing relations are labelled as the vocabulary says (``felt in``); incoming ones as a
    question about the concept (``what causes it``); symmetric relations (see :func:`view`)
    are one row whatever their direction. Rows where both concepts have something come first,
    outgoing before incoming, then alphabetically. Each cell lists the steps from the concept.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> for row in compare(G, "heavy-rain", "snowmelt"):
    ...     print(row.label, [s.end for s in row.a], [s.end for s in row.b], row.shared)
    causes ['flood'] ['flood'] ['flood']
    """
    _require_node(G, a)
    _require_node(G, b)
    symmetric = set(G.graph.get("symmetric_predicates", ()))
    rows: dict[tuple[str, str], Row] = {}
    for side, node in (("a", a), ("b", b)):
        seen: set[tuple[str, str, str]] = set()
        for step in _incident_steps(G, node, "both"):
            predicate = step.predicate
            direction = "both" if predicate in symmetric else \
                ("out" if step.forward else "in")
            if (predicate, direction, step.end) in seen:
                continue  # another statement of the same relation, or a symmetric pair
            seen.add((predicate, direction, step.end))
            label = step.predicate_label if direction != "in" else \
                inverse_label(step.predicate_label)
            row = rows.setdefault((predicate, direction), Row(predicate, direction, label))
            getattr(row, side).append(step)
    for row in rows.values():
        for cells in (row.a, row.b):
            cells.sort(key=lambda s: (_label(G, s.end).casefold(), _edge_order(s.as_dict())))
    order = {"out": 0, "both": 0, "in": 1}
    return sorted(rows.values(),
                  key=lambda r: (not (r.a and r.b), order[r.direction], r.label.casefold()))


def inverse_label(label: str) -> str:
    """A relation's label read from its object: a question about the concept.

    >>> [inverse_label(x) for x in ["causes", "contributes to", "felt in", "is a kind of",
    ...                             "confirms as source"]]
    ['what causes it', 'what contributes to it', 'what is felt in it', 'what is a kind of it', \
'what confirms it as source']
    """
    words = label.split()
    if not words:
        return "what relates to it"
    first = words[0]
    if first in ("is", "are", "has", "was"):
        return f"what {label} it"
    if _is_third_person(first):
        if len(words) > 1 and words[1] == "as":
            return f"what {first} it {' '.join(words[1:])}"
        return f"what {label} it"
    return f"what is {label} it"


def _is_third_person(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))

