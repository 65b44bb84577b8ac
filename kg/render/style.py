"""The one table of colours and shapes per broad concept type, shared by every drawing.

HTML (vis-network), SVG/PNG (Graphviz) and Mermaid all read :data:`TYPE_STYLES`, so a Condition
is the same rose circle on the projector, in the handout and in the Markdown notes. Colours are
Paul Tol's "muted" scheme (https://personal.sron.nl/~pault/: told apart by readers with any
common colour-vision deficiency; each type also has its own shape, so colour is never the only
cue); outlines are a darker shade; text is always near-black on white or on a light tint of the
type colour, which stays legible on a projector.

A broad type not in the table (a dataset with a vocabulary of its own) gets a free colour of the
palette and a shape (:func:`styles_for`, from all the graph's types, so every drawing of a graph
agrees); a concept without a type gets :data:`FALLBACK` (grey). Add a row here to give a type a
look of its own.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

TEXT = "#111111"          # labels
MUTED = "#555555"         # secondary text
EDGE = "#6b6b6b"          # relation lines
BACKGROUND = "#ffffff"
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class TypeStyle:
    """How one broad type looks. ``shape`` is the vis-network shape (label drawn below it);
    ``graphviz`` and ``mermaid`` are the nearest shapes of those formats."""

    color: str      # fill in HTML; border in Graphviz/Mermaid
    shape: str      # vis-network: dot, diamond, hexagon, square, triangle, triangleDown, star
    graphviz: str   # Graphviz node shape
    mermaid: tuple[str, str]  # Mermaid brackets around the label: ("([", "])") is a stadium

    @property
    def tint(self) -> str:
        """A light version of the colour, for shapes with the label written inside."""
        return mix(self.color, "#ffffff", 0.62)

    @property
    def border(self) -> str:
        """A darker version of the colour, for outlines."""
        return mix(self.color, "#000000", 0.28)


# broad type (local name of the class just below kgv:Concept) -> style
TYPE_STYLES: dict[str, TypeStyle] = {
    "Condition": TypeStyle("#cc6677", "dot", "ellipse", ("([", "])")),
    "Symptom": TypeStyle("#ddcc77", "diamond", "diamond", ("{", "}")),
    "Mechanism": TypeStyle("#aa4499", "hexagon", "hexagon", ("{{", "}}")),
    "AnatomicalStructure": TypeStyle("#332288", "square", "box", ("[", "]")),
    "Function": TypeStyle("#44aa99", "hexagon", "octagon", ("[\\", "/]")),
    "Treatment": TypeStyle("#117733", "triangle", "house", ("[/", "\\]")),
    "DiagnosticProcedure": TypeStyle("#999933", "star", "component", ("[[", "]]")),
    "Drug": TypeStyle("#882255", "dot", "circle", ("((", "))")),
    "RiskFactor": TypeStyle("#88ccee", "triangleDown", "invhouse", ("[/", "/]")),
}
FALLBACK = TypeStyle("#bbbbbb", "dot", "ellipse", ("(", ")"))

#: the causal-flow layout's columns (:mod:`kg.render.flow`): a broad type's rank, lower to the
#: left (causes before effects). Types not listed go "beside" the concept they relate to
#: (treatments and tests next to what they act on, anatomy next to what lies in it); a dataset
#: whose types are all unlisted is laid out by its relations alone.
FLOW_RANKS: dict[str, int] = {"RiskFactor": 0, "Condition": 1, "Mechanism": 2, "Symptom": 3}


#: colours and shapes for broad types the table does not know, picked by name
_OTHER_COLORS = [s.color for s in TYPE_STYLES.values()]
_OTHER_SHAPES = [("dot", "ellipse", ("([", "])")), ("square", "box", ("[", "]")),
                 ("diamond", "diamond", ("{", "}")), ("hexagon", "hexagon", ("{{", "}}")),
                 ("triangle", "house", ("[/", "\\]")), ("star", "component", ("[[", "]]")),
                 ("triangleDown", "invhouse", ("[\\", "/]"))]


def styles_for(top_types: Iterable[str]) -> dict[str, TypeStyle]:
    """A style for each broad type of a graph: the table's where it has one; the others, in
    name order, get the palette's colours not already taken (then any), each with the next
    shape. Give it all the graph's types (not one drawing's) so every drawing agrees.

    >>> sorted((t, s.color) for t, s in styles_for(["Place", "Event"]).items())
    [('Event', '#cc6677'), ('Place', '#ddcc77')]
    """
    names = sorted(set(top_types))
    result = {name: style_for(name) for name in names
              if name in TYPE_STYLES or not name or name == "Concept"}
    taken = {style.color for style in result.values()}
    free = [c for c in _OTHER_COLORS if c not in taken] or _OTHER_COLORS
    others = [name for name in names if name not in result]
    for index, name in enumerate(others):
        shape, graphviz, mermaid = _OTHER_SHAPES[index % len(_OTHER_SHAPES)]
        result[name] = TypeStyle(free[index % len(free)], shape, graphviz, mermaid)
    return result


def style_for(top_type: str | None) -> TypeStyle:
    """The style of a broad type: the table's, else one picked from the name's checksum
    (stable across drawings and runs), else grey for no type at all.

    >>> style_for("Condition").color
    '#cc6677'
    >>> style_for("Event") == style_for("Event") != style_for("Place")
    True
    """
    if not top_type or top_type == "Concept":
        return FALLBACK
    if top_type in TYPE_STYLES:
        return TYPE_STYLES[top_type]
    number = zlib.crc32(top_type.encode("utf-8"))
    shape, graphviz, mermaid = _OTHER_SHAPES[(number // len(_OTHER_COLORS)) % len(_OTHER_SHAPES)]
    return TypeStyle(_OTHER_COLORS[number % len(_OTHER_COLORS)], shape, graphviz, mermaid)


def type_order(top_type: str) -> tuple[int, str]:
    """Sort key putting the table's types first, in table order (the legend's order)."""
    names = list(TYPE_STYLES)
    return (names.index(top_type) if top_type in TYPE_STYLES else len(names), top_type)


def mix(color: str, other: str, amount: float) -> str:
    """``color`` moved ``amount`` (0..1) of the way towards ``other`` (both ``#rrggbb``).

    >>> mix("#000000", "#ffffff", 0.5)
    '#808080'
    """
    a, b = _rgb(color), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def camel_words(name: str) -> str:
    """``AnatomicalStructure`` -> ``Anatomical structure`` (a label when the vocabulary has none).

    >>> camel_words("DiagnosticProcedure")
    'Diagnostic procedure'
    """
    words: list[str] = []
    for ch in name:
        if ch.isupper() and words and not words[-1][-1:].isupper():
            words.append(ch)
        elif words:
            words[-1] += ch
        else:
            words.append(ch)
    text = " ".join(words)
    return text[:1].upper() + text[1:].lower() if text else name
