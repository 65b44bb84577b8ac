"""SVG and PNG pictures of a Scene for slides and handouts, drawn by Graphviz.

Uses the ``graphviz`` Python package and Graphviz's ``dot`` program from the system
(``apt-get install graphviz``). Same colours and shapes as the HTML page
(:mod:`kg.render.style`), with the heading, the citation and a legend of the types drawn in the
picture itself, so a slide needs nothing else.

Small drawings (a neighbourhood, a path: up to :data:`FLOW_LIMIT` concepts) are laid out by
``dot`` from left to right, which reads well as "this leads to that". Bigger ones keep the
positions of the HTML page (``neato -n2``), so the handout looks like what was projected.

Escaping: every text goes through :func:`graphviz.escape` (no HTML-like label, no backslash
escape can be smuggled in a label) or, in the HTML-like heading, through :func:`html.escape`.
Graphviz node names are ``n0, n1...``, never concept ids.
"""

from __future__ import annotations

import html
import shutil
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.render.style import EDGE, FONT, MUTED, TEXT, TypeStyle

if TYPE_CHECKING:  # pragma: no cover
    import graphviz

    from kg.render.scene import Scene

#: up to this many concepts a drawing is laid out as a left-to-right flow by ``dot``
FLOW_LIMIT = 40
#: relation names are written on the arrows up to this many relations
EDGE_LABEL_LIMIT = 80
#: Graphviz points per canvas unit of the HTML layout (22-unit labels -> 14 pt)
SCALE = 14 / 22
DPI = 144
#: the vis-network marker shapes, in Graphviz
MARKERS = {"dot": "circle", "diamond": "diamond", "hexagon": "hexagon", "square": "square",
           "triangle": "triangle", "triangleDown": "invtriangle", "star": "star"}
#: legend glyphs of the marker shapes (DejaVu Sans has them all)
GLYPHS = {"dot": "\u25cf", "diamond": "\u25c6", "hexagon": "\u2b22", "square": "\u25a0",
          "triangle": "\u25b2", "triangleDown": "\u25bc", "star": "\u2605"}
INSTALL_HINT = "install Graphviz: apt-get install graphviz (or your system's package manager)"


def render_svg(scene: Scene) -> str:
    """The SVG text of the picture, sized to whatever window or box it is opened in."""
    from kg.render.svgfit import fit_viewport

    return fit_viewport(_pipe(scene, "svg").decode("utf-8"))


def render_png(scene: Scene) -> bytes:
    """The PNG bytes of the picture (144 dpi: sharp on a projector and on paper)."""
    return _pipe(scene, "png")


def to_dot(scene: Scene) -> graphviz.Digraph:
    """The Graphviz graph of ``scene`` (its ``.source`` is the DOT text)."""
    import graphviz

    flow = len(scene.nodes) <= FLOW_LIMIT
    dot = graphviz.Digraph(
        "kg", engine="dot" if flow else "neato",
        graph_attr={
            "label": _heading(scene, placed=not flow), "labelloc": "t", "labeljust": "l",
            "fontname": FONT, "bgcolor": "white", "pad": "0.3",
            **({"rankdir": "LR", "nodesep": "0.25", "ranksep": "0.6"} if flow else
               {"splines": "line", "overlap": "true", "outputorder": "edgesfirst"}),
        },
        node_attr={"fontname": FONT, "fontsize": "14", "fontcolor": TEXT, "style": "filled",
                   "penwidth": "1.6", "margin": "0.12,0.06"},
        edge_attr={"fontname": FONT, "fontsize": "11", "fontcolor": MUTED, "color": EDGE,
                   "arrowsize": "0.8", "penwidth": "1.2"},
    )
    names = {node["id"]: f"n{i}" for i, node in enumerate(scene.nodes)}
    for node in scene.nodes:
        style = scene.style(node["top"])
        if flow:
            _flow_node(dot, names[node["id"]], node, style)
        else:
            _placed_node(dot, names[node["id"]], node, style)
    with_labels = len(scene.edges) <= EDGE_LABEL_LIMIT
    for edge in scene.edges:
        attrs = {}
        if with_labels and edge["label"]:
            attrs["label"] = _text_lines([edge["label"]])
        if edge.get("mark"):
            attrs.update(penwidth="3", color=TEXT, fontcolor=TEXT)
        if edge.get("reading") == "inferred":
            attrs["style"] = "dashed"  # read across sentences or from a heading
        dot.edge(names[edge["from"]], names[edge["to"]], **attrs)
    return dot


def _flow_node(dot: graphviz.Digraph, name: str, node: dict, style: TypeStyle) -> None:
    """A node of a ``dot`` flow: the label inside the type's shape, filled with its tint."""
    attrs = {"label": _text_lines(node["lines"]), "shape": style.graphviz,
             "fillcolor": style.tint, "color": style.border}
    if node.get("mark"):
        attrs.update(penwidth="3.5", color=TEXT, fontsize="16")
    dot.node(name, **attrs)


def _placed_node(dot: graphviz.Digraph, name: str, node: dict, style: TypeStyle) -> None:
    """A node at its HTML position, drawn as on the page: the type's marker shape sized by
    degree, and its label below (a second, plain node on a translucent white ground)."""
    x, y, size = node["x"] * SCALE, -node["y"] * SCALE, node["size"] * SCALE
    inches = f"{2 * size / 72:.3f}"
    dot.node(name, label="", shape=MARKERS.get(style.shape, "circle"), fixedsize="true",
             width=inches, height=inches, fillcolor=style.color,
             color=TEXT if node.get("mark") else style.border,
             penwidth="3" if node.get("mark") else "1.2", pos=f"{x:.1f},{y:.1f}!")
    lines = node["lines"]
    offset = size + 3 + len(lines) * 14 * 1.2 / 2  # below the shape, or above it
    dot.node(f"{name}_label", label=_text_lines(lines), shape="plain", style="filled",
             fillcolor="#ffffffb8", color="#ffffff00",
             pos=f"{x:.1f},{y + offset if node.get('above') else y - offset:.1f}!")


def _pipe(scene: Scene, fmt: str) -> bytes:
    import graphviz

    dot = to_dot(scene)
    if fmt == "png":
        dot.graph_attr["dpi"] = str(DPI)
    if shutil.which(dot.engine) is None:
        raise KGError(f"Graphviz's `{dot.engine}` program is not installed; it draws SVG and "
                      f"PNG pictures", hint=INSTALL_HINT)
    try:
        return dot.pipe(format=fmt, neato_no_op=2 if dot.engine == "neato" else None,
                        quiet=True)
    except graphviz.ExecutableNotFound:
        raise KGError("Graphviz's `dot` program is not installed; it draws SVG and PNG "
                      "pictures", hint=INSTALL_HINT) from None
    except graphviz.CalledProcessError as exc:  # pragma: no cover - a Graphviz bug
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise KGError(f"Graphviz failed to draw the picture: {detail[:300]}") from None


def _text_lines(lines: list[str]):
    """A plain (never HTML-like) Graphviz label; lines joined with Graphviz's line break."""
    import graphviz

    return graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines))


def _heading(scene: Scene, placed: bool) -> str:
    """The HTML-like graph label: title, what is drawn, citation and the legend of types.
    Every text in it is escaped with :func:`html.escape`."""
    def cell(text: str, size: int, bold: bool = False, color: str = TEXT) -> str:
        body = html.escape(text, quote=True)
        if bold:
            body = f"<B>{body}</B>"
        return (f'<TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{size}" '
                f'COLOR="{color}">{body}</FONT></TD>')

    rows = [cell(scene.title, 22, bold=True), cell(scene.subtitle, 14, color=MUTED)]
    rows += [cell(note, 12, color=MUTED) for note in scene.notes]
    if scene.citation():
        rows.append(cell(scene.citation(), 13, color=MUTED))
    cells = []
    for t in scene.types:
        name = html.escape(f"{t['label']} ({int(t['count'])})", quote=True)
        if placed:  # nodes are saturated markers: show the marker, as the page's legend does
            glyph = GLYPHS.get(t["shape"], "\u25cf")
            cells.append(f'<TD BGCOLOR="white" COLOR="{t["border"]}" BORDER="2" STYLE="ROUNDED" '
                         f'CELLPADDING="4"><FONT POINT-SIZE="15" COLOR="{t["color"]}">{glyph}'
                         f'</FONT><FONT POINT-SIZE="13" COLOR="{TEXT}"> {name}</FONT></TD>')
        else:  # nodes are filled with the tint: show the tint
            cells.append(f'<TD BGCOLOR="{t["tint"]}" COLOR="{t["border"]}" BORDER="2" '
                         f'STYLE="ROUNDED" CELLPADDING="4"><FONT POINT-SIZE="13" '
                         f'COLOR="{TEXT}">{name}</FONT></TD>')
    legend_row = (f'<TR><TD ALIGN="LEFT"><TABLE ALIGN="LEFT" BORDER="0" CELLSPACING="5" '
                  f'CELLPADDING="0"><TR>{"".join(cells)}</TR></TABLE></TD></TR>'
                  if cells else "")
    body = "".join(f"<TR>{row}</TR>" for row in rows)
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
            f"{body}{legend_row}</TABLE>>")
