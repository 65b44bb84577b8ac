"""The metagraph: a picture of the vocabulary in use, drawn as SVG in plain Python.

Like Hetionet's metagraph, it shows the *kinds* of thing in the graph and how they connect: one
box per broad type (the classes just below the root, with the subtypes in use and how many
concepts each has) and one arrow from a type to another for every relation used between their
concepts, labelled with the relation and how many times the graph states it (class of the
subject -> predicate -> class of the object, counted over the plain triples, as ``kg stats``
counts relations).

No Graphviz and no numpy: the boxes sit on an ellipse in the order that crosses the fewest
arrows, arrows are straight (curved when two types point at each other), relations between
concepts of one type loop outside their box, and each label is slid along its arrow until it
overlaps nothing. Colours come from :mod:`kg.render.style`, the one colour table of the tool.
The output is deterministic (a rebuild gives the same bytes), which lets a test check that
``docs/metagraph.svg`` is current.

    import kg
    from kg.render.metagraph import metagraph_svg, write_metagraph
    svg_text = metagraph_svg(kg.load())
    write_metagraph(kg.load(), "metagraph.svg")

``python -m kg.render.metagraph -o FILE`` writes it for the embedded dataset; ``kg build``
writes ``build/metagraph.svg``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.render.metagraph_counts import Metagraph, TypeBox, metagraph
from kg.render.metagraph_layout import (
    HEAD_SIZE,
    LABEL_SIZE,
    LINE,
    PAD,
    SUB_SIZE,
    SUBTITLE_SIZE,
    TITLE_SIZE,
    Rect,
    _Box,
    _Edge,
    _f,
    _layout,
    text_width,
)
from kg.render.style import BACKGROUND, FONT, MUTED, TEXT, style_for

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["FILE_NAME", "Metagraph", "TypeBox", "build_step", "main", "metagraph",
           "metagraph_svg", "write_metagraph"]

FILE_NAME = "metagraph.svg"


# ------------------------------------------------------------------ SVG

MARGIN = 24
# characters XML 1.0 does not allow at all (an SVG holding one does not open)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """``text`` safe in SVG text AND in a double- or single-quoted attribute value: ``& < >
    " '`` as entities, characters XML forbids as U+FFFD. Every text of the picture (titles,
    type and relation labels) goes through here.

    >>> _xml('"\\'><svg onload=alert(1)>')
    '&quot;&#39;&gt;&lt;svg onload=alert(1)&gt;'
    """
    text = (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))
    return _NOT_XML.sub("\ufffd", text)


def metagraph_svg(graph: Graph | Metagraph, title: str | None = None) -> str:
    """The metagraph of ``graph`` (an rdflib graph, or counts from :func:`metagraph`) as SVG
    text: a self-contained picture (no scripts, no external fonts or images)."""
    meta = graph if isinstance(graph, Metagraph) else metagraph(graph, title)
    if title is not None:
        meta.title = title
    boxes, edges = _layout(meta)

    rects = [b.rect for b in boxes.values()] + [e.label.rect for e in edges]
    rects += [_loop_extent(e, boxes[e.a]) for e in edges if e.a == e.b]
    heading = f"{meta.title}: the vocabulary in use" if meta.title else "The vocabulary in use"
    n_rel = len({rel for rels in meta.links.values() for rel, _n in rels})
    sub = (f"{meta.concepts} concepts of {meta.classes} types (boxes), "
           f"{meta.relations} relations of {n_rel} kinds (arrows, with how many the graph states)")
    note = ("Each box is a broad type with its number of concepts and the subtypes in use. "
            "An arrow leads from the type of the subject to the type of the object.")
    text_w = max(text_width(heading, TITLE_SIZE, bold=True), text_width(sub, SUBTITLE_SIZE),
                 text_width(note, SUBTITLE_SIZE))
    left = min(r[0] for r in rects) - MARGIN if rects else 0.0
    right = max(r[2] for r in rects) + MARGIN if rects else text_w
    top = min(r[1] for r in rects) - MARGIN if rects else 0.0
    bottom = max(r[3] for r in rects) + MARGIN if rects else 0.0
    right = max(right, left + text_w + 2 * MARGIN)
    head_h = TITLE_SIZE * LINE + SUBTITLE_SIZE * LINE + 16
    foot_h = SUBTITLE_SIZE * LINE + 10
    top -= head_h
    bottom += foot_h
    width, height = right - left, bottom - top

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%" '
        f'viewBox="{_f(left)} {_f(top)} {_f(width)} {_f(height)}" '
        'preserveAspectRatio="xMidYMid meet" '
        f'font-family="{FONT}" role="img" aria-labelledby="metagraph-title">',
        f'<title id="metagraph-title">{_xml(heading)}</title>',
        f"<desc>{_xml(sub)}. {_xml(note)}</desc>",
        f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(width)}" height="{_f(height)}" '
        f'fill="{BACKGROUND}"/>',
        f'<text x="{_f(left + MARGIN)}" y="{_f(top + MARGIN + TITLE_SIZE * 0.4)}" '
        f'font-size="{TITLE_SIZE}" font-weight="bold" fill="{TEXT}">{_xml(heading)}</text>',
        f'<text x="{_f(left + MARGIN)}" '
        f'y="{_f(top + MARGIN + TITLE_SIZE * 0.4 + SUBTITLE_SIZE * 1.6)}" '
        f'font-size="{SUBTITLE_SIZE}" fill="{MUTED}">{_xml(sub)}</text>',
        f'<text x="{_f(left + MARGIN)}" y="{_f(bottom - MARGIN / 2)}" '
        f'font-size="{SUBTITLE_SIZE}" fill="{MUTED}">{_xml(note)}</text>',
    ]
    out.append('<g class="relations" fill="none" stroke-linecap="round">')
    for e in edges:
        out.append(f'<path d="{e.path}" stroke="{e.color}" stroke-width="{e.width}" '
                   f'stroke-opacity="0.85"/>')
    out.append("</g>")
    out.append('<g class="arrowheads">')
    for e in edges:
        points = " ".join(f"{_f(x)},{_f(y)}" for x, y in e.arrow)
        out.append(f'<polygon points="{points}" fill="{e.color}"/>')
    out.append("</g>")
    for name, box in boxes.items():
        out += _box_svg(name, box)
    for e in edges:
        out += _label_svg(e, boxes)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _loop_extent(edge: _Edge, box: _Box) -> Rect:
    """A rectangle around a loop's curve (from its path's numbers)."""
    numbers = [float(v) for v in edge.path.replace("M", " ").replace("C", " ").replace(",", " ")
               .split()]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def _box_svg(name: str, box: _Box) -> list[str]:
    style = style_for(name)
    left, top, _right, _bottom = box.rect
    node = box.node
    head_y = top + PAD + HEAD_SIZE * 0.95
    lines = [
        f'<g class="type" data-type="{_xml(name)}" data-count="{node.count}">',
        f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(box.w)}" height="{_f(box.h)}" rx="8" '
        f'fill="{style.tint}" stroke="{style.border}" stroke-width="2"/>',
        f'<text x="{_f(left + PAD)}" y="{_f(head_y)}" font-size="{HEAD_SIZE}" fill="{TEXT}">'
        f'<tspan font-weight="bold">{_xml(node.label)}</tspan>'
        f'<tspan fill="{MUTED}">  {node.count}</tspan></text>',
    ]
    for i, line in enumerate(box.lines):
        y = head_y + HEAD_SIZE * 0.35 + (i + 1) * SUB_SIZE * LINE
        lines.append(f'<text x="{_f(left + PAD)}" y="{_f(y)}" font-size="{SUB_SIZE}" '
                     f'fill="{TEXT}">{_xml(line)}</text>')
    lines.append("</g>")
    return lines


def _label_svg(edge: _Edge, boxes: dict[str, _Box]) -> list[str]:
    label = edge.label
    left, top, _right, _bottom = label.rect
    a, b = boxes[edge.a].node.label, boxes[edge.b].node.label
    lines = [
        f'<g class="relation" data-from="{_xml(edge.a)}" data-to="{_xml(edge.b)}">',
        f"<title>{_xml(a)} → {_xml(b)}</title>",
        f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(label.w)}" height="{_f(label.h)}" '
        f'rx="4" fill="#ffffff" fill-opacity="0.93" stroke="{edge.color}" stroke-width="1"/>',
    ]
    for i, (rel, n) in enumerate(label.lines):
        y = top + 3 + LABEL_SIZE * (0.95 + i * LINE)
        lines.append(f'<text x="{_f(left + 6)}" y="{_f(y)}" font-size="{LABEL_SIZE}" '
                     f'fill="{TEXT}" data-relation="{_xml(rel)}" data-count="{n}">'
                     f'{_xml(rel)} <tspan font-weight="bold">{n}</tspan></text>')
    lines.append("</g>")
    return lines


# ------------------------------------------------------------------ files and the build


def write_metagraph(graph: Graph | Metagraph, path: str | Path, title: str | None = None) -> Path:
    """Write :func:`metagraph_svg` to ``path`` atomically (a temporary file, then a rename);
    return the path."""
    from kg.files import write_output

    return write_output(path, metagraph_svg(graph, title))


def build_step(args: Any, project: Any, graph: Graph) -> int:
    """``kg build``'s step: write ``<build>/metagraph.svg``."""
    from kg.errors import display_path

    path = write_metagraph(graph, project.build_dir / FILE_NAME, _title(project))
    if not getattr(args, "quiet", False):  # a file written: stderr, as `kg build`'s others
        print(f"  {display_path(path)} ({max(1, round(path.stat().st_size / 1024))} KB)",
              file=sys.stderr)
    return 0


def _title(project: Any) -> str | None:
    try:
        return project.settings.title
    except Exception:  # noqa: BLE001 - a heading is not worth failing for
        return None


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.render.metagraph [-o FILE] [--data DIR]``: write the metagraph (stdout
    without ``-o``)."""
    import argparse
    import sys

    import kg
    from kg.config import Project

    parser = argparse.ArgumentParser(prog="python -m kg.render.metagraph",
                                     description="Draw the vocabulary in use as SVG.")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--data", type=Path, help="dataset folder (default: the repository's)")
    parser.add_argument("--build-dir", type=Path, help="build folder (default: build/)")
    args = parser.parse_args(argv)
    from kg.errors import KGError

    project = Project(args.data, args.build_dir) if args.data else Project(build_dir=args.build_dir)
    try:
        graph = kg.load(project)
        if args.output:
            write_metagraph(graph, args.output, _title(project))
        else:
            sys.stdout.write(metagraph_svg(graph, _title(project)))
    except KGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
