"""What a drawing shows: the chosen concepts and cited relations, laid out, with their evidence.

A :class:`Scene` is the format-independent middle step between the graph and a picture: every
renderer (HTML, SVG/PNG, Mermaid) draws a Scene, so they all show the same concepts, colours,
legend, heading and citation. :func:`make_scene` builds one from an rdflib graph (the usual way:
it can resolve names and read the source's citation) or from the networkx view of
:func:`kg.graph.to_networkx`, optionally narrowed to a part of the graph (see
:mod:`kg.render.select`).
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.render.style import TypeStyle, camel_words, style_for, styles_for, type_order

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

    from kg.config import Project
    from kg.render.select import Selection

#: label font size (canvas units) and the widest line of a wrapped label, in characters
FONT_SIZE = 22
#: a focus view's first line width (see FOCUS_WRAPS: its names are re-wrapped to fit best)
WRAP_FOCUS = 16
#: the line widths a focus view's names are tried at (the one drawn largest is kept)
FOCUS_WRAPS = (12, 14, 16, 20)
#: relation names' font size (canvas units)
EDGE_FONT = 18
#: how much bigger the page's projector mode draws all type (kept in step with modes.js)
PROJECTOR_SCALE = 1.3
#: the layouts a Scene can be drawn with: causes-to-effects columns, or a force-directed one
LAYOUTS = ("flow", "force")
WRAP = 16
#: above this many concepts the page starts with relation names hidden and straight edges
BIG = 600


@dataclass
class Scene:
    """A drawing-ready part of the graph.

    ``nodes``/``edges`` are plain dicts (JSON-ready; see :func:`make_scene` for their keys),
    ``types`` the legend rows (broad types present, in legend order), ``sources`` the articles
    the drawn relations cite.
    """

    title: str
    subtitle: str
    sources: list[dict[str, Any]]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    types: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    styles: dict[str, TypeStyle] = field(default_factory=dict)
    layout: str = "flow"

    def style(self, top_type: str | None) -> TypeStyle:
        """The colour and shape of a broad type in this drawing."""
        return self.styles.get(top_type or "") or style_for(top_type)

    @property
    def big(self) -> bool:
        return len(self.nodes) > BIG

    def citation(self) -> str:
        """One line citing the source article(s): ``Source: “Title” (id)``."""
        if not self.sources:
            return ""
        cited = "; ".join(f"\u201c{s.get('title') or s['id']}\u201d" for s in self.sources)
        return ("Source: " if len(self.sources) == 1 else "Sources: ") + cited

    def data(self) -> dict[str, Any]:
        """Everything the HTML page needs, as JSON-ready data."""
        return {
            "title": self.title, "subtitle": self.subtitle, "citation": self.citation(),
            "sources": self.sources, "types": self.types, "nodes": self.nodes,
            "edges": self.edges, "notes": self.notes, "big": self.big,
            "font": FONT_SIZE, "edgeFont": EDGE_FONT, "layout": self.layout,
        }


def make_scene(
    graph: Graph | nx.MultiDiGraph | None = None,
    *,
    project: Project | None = None,
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | list[str] | None = None,
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    types: Iterable[str] | str | None = None,
    title: str | None = None,
    seed: int = 7,
    layout: str = "flow",
) -> Scene:
    """A laid-out Scene of ``graph`` (default: ``kg.load(project)``).

    ``focus``/``depth``, ``path`` (two names), ``query`` (a named query, with ``params``) and
    ``types`` (broad or specific type names; the subtypes come along) choose what is drawn; see
    :mod:`kg.render.select`. Names are resolved with :class:`kg.resolve.Resolver` when
    ``graph`` is an rdflib graph; with a networkx graph they must be node ids.

    Node keys: ``id label lines type typeLabel top topLabel definition synonyms iri exact close
    degree size x y above mark`` (``above``: the label goes above the shape, out of the way of
    relations leaving downwards); edge keys: ``id from to predicate label quote sentence section
    source note reading statement mark`` (``mark``: on the focus / the connecting path;
    ``reading``: "stated" or "inferred", drawn dashed).
    """
    from kg.render import select

    rdf, G = _graphs(graph, project)
    chosen = select.select(G, rdf=rdf, project=project, focus=focus, depth=depth, path=path,
                           query=query, params=params, types=types)
    return scene_from_selection(G, chosen, rdf=rdf, project=project, title=title, seed=seed,
                                layout=layout)


def _graphs(graph: Any, project: Project | None) -> tuple[Graph | None, nx.MultiDiGraph]:
    """(rdflib graph or None, the annotated networkx view)."""
    import networkx as nx

    from kg import explain

    if graph is None:
        import kg

        graph = kg.load(project)
    if isinstance(graph, nx.Graph):
        return None, graph
    return graph, explain.view(graph)


def scene_from_selection(G: nx.MultiDiGraph, chosen: Selection, *, rdf: Graph | None = None,
                         project: Project | None = None, title: str | None = None,
                         seed: int = 7, layout: str = "flow") -> Scene:
    """Lay out the chosen part of ``G`` (``layout``: one of :data:`LAYOUTS`) and collect what
    the drawing shows about it."""
    if layout not in LAYOUTS:
        from kg.errors import KGError

        raise KGError(f"unknown layout {layout!r}", hint=f"use one of {', '.join(LAYOUTS)}")

    extras = _rdf_extras(rdf, G) if rdf is not None else {}
    class_labels: dict[str, str] = G.graph.get("class_labels", {})
    degree = dict(G.degree())
    ids: Mapping[str, dict[str, list[str]]] = extras.get("ids", {})

    keep = [n for n in G.nodes if n in chosen.nodes]
    centre = next(iter(chosen.marked_nodes)) if len(chosen.marked_nodes) == 1 else None
    wrap = WRAP_FOCUS if centre is not None and layout == "flow" else WRAP
    nodes: list[dict[str, Any]] = []
    for node_id in keep:
        attrs = G.nodes[node_id]
        label = str(attrs.get("label") or node_id)
        top = attrs.get("top_type") or attrs.get("type") or "Concept"
        kind = attrs.get("type") or top
        d = degree.get(node_id, 0)
        nodes.append({
            "id": node_id,
            "label": label,
            "lines": wrap_label(label, wrap),
            "type": kind,
            "typeLabel": class_labels.get(kind) or camel_words(kind),
            "top": top,
            "topLabel": class_labels.get(top) or camel_words(top),
            "definition": attrs.get("definition") or "",
            "synonyms": list(attrs.get("synonyms") or []),
            "iri": attrs.get("iri") or "",
            "exact": ids.get(node_id, {}).get("exact", []),
            "close": ids.get(node_id, {}).get("close", []),
            "degree": d,
            "size": node_size(d),
            "mark": node_id in chosen.marked_nodes,
        })

    edges: list[dict[str, Any]] = []
    kept = set(keep)
    for u, v, key, attrs in sorted(G.edges(keys=True, data=True),
                                   key=lambda e: (e[0], e[1], str(e[2]))):
        if u not in kept or v not in kept:
            continue
        edges.append({
            "id": str(key),
            "from": u,
            "to": v,
            "predicate": attrs.get("predicate") or "",
            "label": attrs.get("label") or attrs.get("predicate") or "",
            "quote": attrs.get("quote") or "",
            "sentence": attrs.get("sentence"),
            "section": attrs.get("section") or "",
            "source": attrs.get("source") or "",
            "note": attrs.get("note") or "",
            "reading": attrs.get("reading") or "stated",
            "statement": attrs.get("statement") or "",
            "mark": (u, v, key) in chosen.marked_edges,
        })

    lay_out(nodes, edges, layout=layout, seed=seed, centre=centre,
            causal=frozenset(G.graph.get("causal_predicates", ())))

    counts = Counter(n["top"] for n in nodes)
    labels = {n["top"]: n["topLabel"] for n in nodes}
    styles = styles_for(str(d.get("top_type") or d.get("type") or "Concept")
                        for _, d in G.nodes(data=True))
    legend = []
    for top in sorted(counts, key=type_order):
        style = styles.get(top) or style_for(top)
        legend.append({"name": top, "label": labels[top], "count": counts[top],
                       "color": style.color, "border": style.border, "tint": style.tint,
                       "shape": style.shape})

    all_sources: dict[str, dict[str, Any]] = extras.get("sources", {})
    cited = sorted({e["source"] for e in edges if e["source"]})
    sources = [all_sources.get(s, {"id": s}) for s in cited] or list(all_sources.values())
    heading = title or _dataset_title(project, rdf) or (
        sources[0].get("title") if len(sources) == 1 else None) or "Knowledge graph"
    subtitle = (f"{chosen.description} \u2014 {_count(len(nodes), 'concept')}, "
                f"{_count(len(edges), 'relation')}")
    return Scene(title=heading, subtitle=subtitle, sources=sources, nodes=nodes, edges=edges,
                 types=legend, notes=list(chosen.notes),
                 styles={top: styles.get(top) or style_for(top) for top in counts})


def lay_out(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], *, layout: str = "flow",
            seed: int = 7, causal: frozenset[str] = frozenset(), centre: str | None = None
            ) -> None:
    """Give each node ``x y above`` and each edge its name's place ``lx ly`` (flow layout
    only; the page puts names at the middle of the arrow otherwise), in place. ``centre``:
    the focus of a neighbourhood view, drawn in the middle column."""
    from kg.render.style import FLOW_RANKS

    boxes = {n["id"]: label_box(n["lines"], n["size"]) for n in nodes}
    if layout == "force":
        from kg.render.layout import force_layout

        above: set[str] = set()
        positions = force_layout(
            [n["id"] for n in nodes], [(e["from"], e["to"]) for e in edges],
            groups={n["id"]: n["top"] for n in nodes}, boxes=boxes, seed=seed,
            spacing=edge_length(len(nodes)), flipped=above)
        for n in nodes:
            n["x"], n["y"] = positions[n["id"]]
            n["above"] = n["id"] in above
        return
    from kg.render.flow import Flow, flow_layout
    from kg.render.focus import focus_layout

    if centre is not None:
        _rewrap_focus(nodes, edges, centre, causal)
    # laid out twice: for the page's normal look and for its projector look (bigger type, so
    # bigger boxes), so that names stay clear of each other in both (big graphs: once)
    looks = (("", 1.0), ("p", PROJECTOR_SCALE)) if len(nodes) <= BIG else (("", 1.0),)
    for prefix, scale in looks:
        boxes = {n["id"]: label_box(n["lines"], n["size"],
                                    round((FONT_SIZE + (4 if n.get("mark") else 0)) * scale))
                 for n in nodes}
        sizes = {i: edge_label_size(e["label"], EDGE_FONT * scale, bold=bool(prefix))
                 for i, e in enumerate(edges)}
        links = [(e["from"], e["to"], e["predicate"]) for e in edges]
        packed = None if centre is None else focus_layout(
            [n["id"] for n in nodes], links, centre=centre, boxes=boxes, label_sizes=sizes,
            causal=causal)
        if packed is not None:  # a neighbourhood: packed to the screen's shape
            flow = Flow(*packed[:2])
        else:
            flow = flow_layout(
                [n["id"] for n in nodes], links,
                ranks={n["id"]: FLOW_RANKS.get(n["top"]) for n in nodes}, boxes=boxes,
                label_sizes=sizes, causal=causal, centre=centre)
        for n in nodes:
            n[prefix + "x"], n[prefix + "y"] = flow.positions[n["id"]]
            if not prefix:  # the same in both looks (same columns, same order)
                n["above"] = n["id"] in flow.above
        for i, e in enumerate(edges):
            if i in flow.labels:
                e[prefix + "lx"], e[prefix + "ly"] = flow.labels[i]


def _rewrap_focus(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], centre: str,
                  causal: frozenset[str]) -> None:
    """Names of a focus view re-wrapped (in place) at the line width of :data:`FOCUS_WRAPS`
    that lets the packed drawing fit a screen largest: short lines make narrow columns, long
    ones short rows, and which is better depends on how many neighbours each side has."""
    from kg.render.focus import focus_layout

    links = [(e["from"], e["to"], e["predicate"]) for e in edges]
    sizes = {i: edge_label_size(e["label"]) for i, e in enumerate(edges)}
    best: tuple[float, dict[str, list[str]]] | None = None
    for width in FOCUS_WRAPS:
        lines = {n["id"]: wrap_label(n["label"], width) for n in nodes}
        boxes = {n["id"]: label_box(lines[n["id"]], n["size"],
                                    FONT_SIZE + (4 if n.get("mark") else 0)) for n in nodes}
        packed = focus_layout([n["id"] for n in nodes], links, centre=centre, boxes=boxes,
                              label_sizes=sizes, causal=causal)
        if packed is None:  # not a neighbourhood of depth 1: the flow layout's columns
            return
        scale = packed[2]
        if best is None or scale > best[0] + 1e-9:
            best = (scale, lines)
    assert best is not None
    for n in nodes:
        n["lines"] = best[1][n["id"]]


def edge_label_size(label: str, font: float | None = None, bold: bool = False
                    ) -> tuple[float, float]:
    """Width and height (canvas units) of a relation's name on its plate."""
    font = font or EDGE_FONT
    if not label:
        return (0.0, 0.0)
    return (round(len(label) * font * (0.66 if bold else 0.6) + 10, 1), round(font * 1.35, 1))


def wrap_label(label: str, width: int | None = None) -> list[str]:
    """A label broken into short lines at spaces, so long names make compact boxes.

    >>> wrap_label("sacroiliac joint dysfunction")
    ['sacroiliac joint', 'dysfunction']
    """
    lines = textwrap.wrap(label, width or WRAP, break_long_words=False, break_on_hyphens=False)
    return lines or [label]


def edge_length(count: int) -> float:
    """The layout's ideal relation length: roomy for a few concepts (arrows longer than the
    labels they pass), compact for many (more of the graph fits on the screen)."""
    return max(100.0, min(200.0, 200.0 - (count - 20) * 100.0 / 60.0))


def node_size(degree: int) -> float:
    """Shape radius (canvas units) growing with the square root of the number of relations."""
    return round(min(36.0, 9.0 + 4.0 * math.sqrt(degree)), 1)


def label_box(lines: list[str], size: float, font: float | None = None
              ) -> tuple[float, float, float, float]:
    """The box around a node's position covering its shape and the label drawn below it."""
    font = font or FONT_SIZE
    width = max(len(line) for line in lines) * font * 0.58 + 8
    half = max(width / 2, size + 4)
    return (-half, -size - 4, half, size + 10 + len(lines) * font * 1.2)


def node_box(node: dict[str, Any]) -> tuple[float, float, float, float]:
    """The box a laid-out node of a Scene takes: shape and label, above or below."""
    left, top, right, bottom = label_box(node["lines"], node["size"])
    return (left, -bottom, right, -top) if node.get("above") else (left, top, right, bottom)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _dataset_title(project: Project | None, rdf: Graph | None) -> str | None:
    if project is None:
        return None
    try:
        return project.settings.title
    except Exception:  # noqa: BLE001 - a heading is not worth failing the drawing for
        return None


def _rdf_extras(rdf: Graph, G: nx.MultiDiGraph) -> dict[str, Any]:
    """What the networkx view leaves out: sources' metadata and concepts' ontology IDs."""
    from rdflib import RDF, SKOS, URIRef
    from rdflib.namespace import DCTERMS, PROV

    from kg.inspect import curie, dataset_prefixes
    from kg.namespaces import SCHEMA

    sources: dict[str, dict[str, Any]] = {}
    for node in sorted(set(rdf.objects(None, PROV.wasDerivedFrom))
                       | set(rdf.subjects(RDF.type, PROV.Entity))
                       | set(rdf.subjects(RDF.type, SCHEMA.Article))):
        if not isinstance(node, URIRef):
            continue
        sid = str(node).rstrip("/").rsplit("/", 1)[-1]
        entry: dict[str, Any] = {"id": sid, "iri": str(node)}
        for key, term in (("title", DCTERMS.title), ("identifier", DCTERMS.identifier),
                          ("rights", DCTERMS.rights), ("creator", DCTERMS.creator),
                          ("publisher", DCTERMS.publisher), ("date", DCTERMS.date),
                          ("url", DCTERMS.source), ("license", DCTERMS.license)):
            value = rdf.value(node, term)
            if value is not None:
                entry[key] = " ".join(str(value).split())
        sources[sid] = entry
    prefixes = dataset_prefixes(rdf)
    ids: dict[str, dict[str, list[str]]] = {}
    for node_id, attrs in G.nodes(data=True):
        iri = attrs.get("iri")
        if not iri:
            continue
        ref = URIRef(iri)
        ids[node_id] = {
            "exact": sorted(curie(m, prefixes) for m in rdf.objects(ref, SKOS.exactMatch)),
            "close": sorted(curie(m, prefixes) for m in rdf.objects(ref, SKOS.closeMatch)),
        }
    return {"sources": sources, "ids": ids}
