"""kg hubs — the most central concepts and what they connect."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from kg.cli.arguments import positive_int
from kg.cli.shared import (
    add_output_options,
    dump_json,
    open_graph,
    terminal_width,
    write_output,
)

HELP = "the most connected concepts"
DESCRIPTION = """\
The concepts the graph turns around. Degree is how many distinct relations a concept takes
part in (as subject or object); betweenness is the share of shortest paths between other
concepts that pass through it (0 to 1): a high betweenness marks a bridge between parts of the
topic. Under each concept: the concepts it is related to, grouped by their broad type."""
EPILOG = """\
examples:
  kg hubs                       the 10 concepts with most relations
  kg hubs -n 5 --by betweenness the 5 strongest bridges
  kg hubs --format json"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", "--top", type=positive_int, default=10, metavar="N",
                        help="how many concepts (default: 10)")
    parser.add_argument("--by", choices=("degree", "betweenness"), default="degree",
                        help="rank by number of relations or by betweenness (default: degree)")
    add_output_options(parser, ("text", "json"))


def run(args: argparse.Namespace) -> int:
    from kg import explain

    ctx = open_graph(args)
    found = explain.hubs(ctx.G, args.top, by=args.by)
    if args.format == "json":
        result: dict[str, Any] = {"by": args.by, "concepts": ctx.G.number_of_nodes(),
                                  "hubs": [h.as_dict() for h in found]}
        write_output(args, dump_json(result))
        return 0
    width = terminal_width()
    label_width = min(34, max([len("concept")] + [len(h.label) for h in found]))
    type_width = min(22, max([len("type")] + [len(ctx.type_label(h.id)) for h in found]))
    lines = [f"The {len(found)} most central of {ctx.G.number_of_nodes()} concepts, "
             f"by {args.by}.", "",
             f"{'#':>3}  {'concept':<{label_width}}  {'type':<{type_width}}  "
             f"relations (in/out)  betweenness"]
    for rank, hub in enumerate(found, 1):
        counts = f"{hub.degree} ({hub.in_degree}/{hub.out_degree})"
        lines.append(f"{rank:>3}  {hub.label:<{label_width}}  "
                     f"{ctx.type_label(hub.id):<{type_width}}  {counts:<18}  "
                     f"{hub.betweenness:.3f}")
        groups = "; ".join(f"{_type_label(ctx, t)}: {', '.join(names)}"
                           for t, names in hub.connects.items())
        lines += textwrap.wrap(f"connects {groups}", width, initial_indent="     ",
                               subsequent_indent="       ", break_on_hyphens=False)
    write_output(args, "\n".join(lines) + "\n")
    return 0


def _type_label(ctx, name: str) -> str:
    return ctx.G.graph.get("class_labels", {}).get(name, name)
