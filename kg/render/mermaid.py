"""A Mermaid flowchart of a Scene, for Markdown notes (GitHub, GitLab, Obsidian... draw it).

Same colours and shapes as the other drawings (:mod:`kg.render.style`: one ``classDef`` per
broad type), the heading and citation as comments and as the chart's title, relation names on
the arrows (left to right), and a "Legend" box with one sample node per type, under the flow
and outside it.

Escaping: node ids are ``n0, n1...``; every label is in double quotes with ``"``, ``<``, ``>``,
``&``, ``#`` and backticks written as Mermaid entity codes (``#34;``...), so no label can
change the chart's structure, become HTML or a Markdown string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.render.style import EDGE, TEXT

if TYPE_CHECKING:  # pragma: no cover
    from kg.render.scene import Scene

_ENTITIES = {"#": "#35;", '"': "#34;", "<": "#60;", ">": "#62;", "&": "#38;", "`": "#96;",
             "\n": " ", "\r": " ", "\u2028": " ", "\u2029": " ", "\x85": " ", "\x0b": " ",
             "\x0c": " "}  # every line break Mermaid's parser or a browser may honour: a space


def render_mermaid(scene: Scene, direction: str = "LR") -> str:
    """The flowchart text (Mermaid ``flowchart``), for a ```` ```mermaid ```` block."""
    lines = [
        "---",
        f"title: {_yaml_text(scene.title)}",
        "---",
        f"%% {_comment(scene.subtitle)}",
    ]
    if scene.citation():
        lines.append(f"%% {_comment(scene.citation())}")
    # the flow (left to right) in one box and the legend in another under it, joined by an
    # invisible link: no arrow of the flow can cross the legend
    lines.append("flowchart TB")
    lines.append('    subgraph kg_flow[" "]')
    lines.append(f"        direction {direction}")
    names = {node["id"]: f"n{i}" for i, node in enumerate(scene.nodes)}
    for node in scene.nodes:
        opening, closing = scene.style(node["top"]).mermaid
        label = "<br>".join(escape(line) for line in node["lines"])
        lines.append(f'        {names[node["id"]]}{opening}"{label}"{closing}:::'
                     f'{_class(node["top"])}')
    marked = []
    for index, edge in enumerate(scene.edges):
        arrow = "==>" if edge.get("mark") else "-->"
        text = f'|"{escape(edge["label"])}"|' if edge["label"] else ""
        lines.append(f'        {names[edge["from"]]} {arrow}{text} {names[edge["to"]]}')
        if edge.get("mark"):
            marked.append(index)
    lines.append("    end")
    if scene.types:
        lines.append('    subgraph legend["Legend"]')
        lines.append("        direction LR")  # unlinked nodes side by side: a row
        for t in scene.types:
            opening, closing = scene.style(t["name"]).mermaid
            lines.append(f'        legend_{_class(t["name"])}{opening}"{escape(t["label"])}"'
                         f'{closing}:::{_class(t["name"])}')
        lines.append("    end")
        lines.append("    kg_flow ~~~ legend")
    for t in scene.types:
        style = scene.style(t["name"])
        lines.append(f"    classDef {_class(t['name'])} fill:{style.tint},stroke:{style.border},"
                     f"stroke-width:2px,color:{TEXT}")
    if scene.edges:
        lines.append(f"    linkStyle default stroke:{EDGE},stroke-width:1.5px")
    if marked:
        lines.append(f"    linkStyle {','.join(map(str, marked))} stroke:{TEXT},stroke-width:3px")
    for node in scene.nodes:
        if node.get("mark"):
            lines.append(f"    style {names[node['id']]} stroke:{TEXT},stroke-width:4px")
    return "\n".join(lines) + "\n"


def escape(text: str) -> str:
    """Text safe inside a quoted Mermaid label.

    >>> escape('<img src=x onerror="alert(1)">')
    '#60;img src=x onerror=#34;alert(1)#34;#62;'
    """
    return "".join(_ENTITIES.get(ch, ch) for ch in str(text))


def _class(name: str) -> str:
    """A Mermaid class name from a type name (letters and digits only)."""
    return "t_" + "".join(ch for ch in name if ch.isascii() and ch.isalnum())


def _comment(text: str) -> str:
    """One line of comment text, escaped like labels (so no markup shows even there)."""
    return escape(" ".join(str(text).split()))


def _yaml_text(text: str) -> str:
    """A double-quoted YAML scalar for the front matter title, escaped like labels."""
    body = escape(" ".join(str(text).split())).replace("\\", "\\\\")
    return f'"{body}"'
