"""What the explain-family commands (explain, neighbors, compare, hubs; show for wrapping)
share: the loaded view and resolver (:class:`Context`, :func:`open_graph`), output options,
JSON, wrapping to the terminal, and number arguments."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

    from kg.explain.plain import PlainGraph
    from kg.resolve import Resolver


@dataclass
class Context:
    """The loaded graph of a command: the explain view (``G``: a
    :class:`kg.explain.plain.PlainGraph` from the release's prepared data, or the networkx
    view), the name resolver, and the rdflib graph when it was loaded (``graph``: the page
    of ``kg explain --format html`` draws from it; None otherwise)."""

    graph: Graph | None
    G: PlainGraph | nx.MultiDiGraph
    resolver: Resolver
    name_notes: list[str] = field(default_factory=list)

    def node(self, name: str) -> str:
        """The node id a user's name means (KGError, exit 2, if none or several).

        When the name is a synonym or abbreviation, a note saying which concept it was taken
        as is kept in ``name_notes``, for the text output.
        """
        from kg.names import normalize
        from kg.resolve import local_id

        node = local_id(self.resolver.resolve(name))
        if node not in self.G:  # a concept without any cited relation is still a node
            raise KGError(f"{name!r} is not in the graph")
        if normalize(name) not in (normalize(self.label(node)), normalize(node)):
            self.name_notes.append(f"{name.strip()}: taken as {self.label(node)}")
        return node

    def label(self, node: str) -> str:
        return self.G.nodes[node].get("label") or node

    def type_label(self, node: str) -> str:
        cls = self.G.nodes[node].get("type") or "?"
        return self.G.graph.get("class_labels", {}).get(cls, cls)

    def predicate_label(self, predicate: str) -> str:
        return self.G.graph.get("predicate_labels", {}).get(predicate, predicate)

    def concept(self, node: str) -> dict[str, Any]:
        data = self.G.nodes[node]
        return {"id": node, "label": self.label(node), "type": data.get("type"),
                "top_type": data.get("top_type"), "iri": data.get("iri")}

    def color(self, node: str) -> str:
        """The node's type colour from the shared drawing style, when it is available."""
        try:
            from kg.render.style import style_for
        except ImportError:
            return "#555555"
        return style_for(self.G.nodes[node].get("top_type")).color


def open_graph(args: argparse.Namespace, full: bool = False) -> Context:
    """The project's explain view and resolver, from the release's prepared data (no rdflib,
    no networkx: :mod:`kg.readonly`; a stale release is rebuilt first). ``full``: the rdflib
    graph and its networkx view instead, for what draws from them (the HTML page)."""
    if full:
        import kg
        from kg import explain
        from kg.resolve import Resolver

        graph = kg.load(args.project)
        return Context(graph, explain.view(graph), Resolver(graph))
    from kg.cli import progress
    from kg.readonly import open_prepared

    prepared = open_prepared(args.project, lambda message: progress(args, message))
    return Context(prepared.graph, prepared.view(), prepared.resolver())


def add_output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=formats, default="text",
                        help="text for reading, json for scripts" +
                        (", html for a page" if "html" in formats else "") +
                        " (default: text)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write to FILE instead of the terminal")


def write_output(args: argparse.Namespace, text: str) -> None:
    if getattr(args, "output", None):
        from kg.files import write_output

        path: Path = write_output(args.output, text)
        if not getattr(args, "quiet", False):
            print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def terminal_width() -> int:
    """Columns to wrap text to: the terminal's, kept between 60 and 110."""
    return max(60, min(110, shutil.get_terminal_size((100, 24)).columns))


def wrap(text: str, width: int, indent: str = "") -> str:
    return "\n".join(textwrap.wrap(text, width, initial_indent=indent,
                                   subsequent_indent=indent, break_on_hyphens=False))

