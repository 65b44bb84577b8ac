"""kg viz — draw the graph: an offline interactive HTML page, SVG/PNG pictures, Mermaid."""

from __future__ import annotations

import argparse
import sys

from kg.cli.arguments import positive_int

HELP = "draw the graph (offline HTML, SVG/PNG, Mermaid)"
DESCRIPTION = """\
Draw the graph, or a part of it.

html (the default) is one self-contained page that works opened from disk with no network:
colours and shapes by type with a legend, relation names on the arrows, a search box (names and
synonyms), a type filter, and a side panel showing a concept's definition, IDs and relations
with the quote and sentence number of each; click an arrow for its quote; a text outline and
keyboard use (Tab, arrow keys, Enter); a projector mode (add ?projector to the address) and a
story mode stepping through a chain or focus one relation at a time (?story); the current view
saved as PNG (2x/3x) or SVG with heading, legend and source. Causes are drawn left of their
effects (--layout flow). svg and png are pictures for slides and handouts (Graphviz: apt-get
install graphviz); mermaid is a flowchart to paste into Markdown. All use the same colours.

The default output file is build/html/graph.<ext> in the build folder (--build-dir, $KG_BUILD);
-o - writes to standard output (not for png).

Choose a part with --focus (a concept and its neighbourhood), --path (how two concepts
connect: causal chains either way, else the shortest path of any relations; highlighted) or
--query (the concepts a named query returns); --types keeps some types only (subtypes come
along) and combines with any of them. Names are labels, synonyms or ids, as in `kg show`."""
EPILOG = """\
examples:
  kg viz                                        build/html/graph.html, the whole graph
  kg viz -o graph.html
  kg viz --focus "knee osteoarthritis" --depth 2 -o knee.html
  kg viz --path "knee osteoarthritis" "knee pain" --format svg -o chain.svg
  kg viz --types Condition,Treatment --format png -o care.png
  kg viz --query treatments-for --param condition="knee pain"
  kg viz --focus "knee pain" --format mermaid -o -     Markdown-ready flowchart"""

FORMATS = ("html", "svg", "png", "mermaid")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="where to write (default: build/html/graph.<ext> in the build "
                             "folder; - for standard output)")
    parser.add_argument("--format", choices=FORMATS,
                        help="html, svg, png or mermaid (default: from the -o suffix, else html)")
    part = parser.add_argument_group("what to draw (default: the whole graph)")
    part.add_argument("--focus", metavar="NAME",
                      help="a concept and the concepts within --depth relations of it")
    part.add_argument("--depth", type=positive_int, default=1, metavar="N",
                      help="how many relations away from --focus (default: 1)")
    part.add_argument("--path", nargs=2, metavar=("A", "B"),
                      help="how two concepts connect, with the connecting relations highlighted")
    part.add_argument("--query", metavar="NAME",
                      help="the concepts a named query returns (see `kg queries`)")
    part.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                      help="a parameter of --query (repeatable)")
    part.add_argument("--types", action="append", metavar="TYPE[,TYPE]",
                      help="only concepts of these types or their subtypes, e.g. "
                           "Condition,Treatment (repeatable)")
    look = parser.add_argument_group("look")
    look.add_argument("--title", help="the heading (default: the dataset's title)")
    look.add_argument("--layout", choices=("flow", "force"), default="flow",
                      help="flow: causes on the left, effects on the right, in columns "
                           "(default); force: a force-directed arrangement")
    look.add_argument("--seed", type=int, default=7,
                      help="seed of the force layout: another number, another arrangement "
                           "(default: 7)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kg import render
    from kg.cli import progress
    from kg.errors import KGError
    from kg.render.scene import make_scene

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output and args.output != "-" else ""
        if suffix and suffix not in render.SUFFIXES:
            raise KGError(f"cannot tell the format of {args.output!r} from its suffix",
                          hint="use --format html|svg|png|mermaid, or a suffix .html, .svg, "
                               ".png, .mmd")
        fmt = render.SUFFIXES.get(suffix, "html")
    if args.output == "-" and fmt == "png":
        raise KGError("a PNG cannot be written to the terminal", hint="use -o FILE.png")
    scene = make_scene(
        None, project=args.project, focus=args.focus, depth=args.depth, path=args.path,
        query=args.query, params=_params(args.param), types=args.types, title=args.title,
        seed=args.seed, layout=args.layout)
    if args.output == "-":
        content = render.render(fmt, scene)
        if isinstance(content, bytes):  # pragma: no cover - png is refused above
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return 0
    target = Path(args.output) if args.output else render.default_path(args.project, fmt)
    written = render.write(target, scene, format=fmt)
    progress(args, f"wrote {written} ({len(scene.nodes)} concepts, {len(scene.edges)} "
                   f"relations)")
    return 0


def _params(items: list[str]) -> dict[str, str]:
    from kg.errors import KGError

    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise KGError(f"--param {item!r} is not NAME=VALUE",
                          hint='write e.g. --param condition="knee pain"')
        params[name.strip()] = value
    return params


def build_step(args: argparse.Namespace, project, graph) -> int:
    """``kg build``'s step: the whole graph's page at ``<build>/html/graph.html``."""
    from kg.errors import display_path
    from kg.render import write_build_html

    path = write_build_html(project, graph)
    size = max(1, round(path.stat().st_size / 1024))
    from kg.cli import progress

    progress(args, f"  {display_path(path)} ({size} KB): open it in a browser, it needs no "
                   "network")
    return 0
