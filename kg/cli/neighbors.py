"""kg neighbors — the concepts around a concept, with the cited relations that link them."""

from __future__ import annotations

import argparse
from typing import Any

from kg.cli.arguments import positive_int
from kg.cli.explain import step_lines
from kg.cli.shared import (
    add_output_options,
    dump_json,
    open_graph,
    terminal_width,
    write_output,
)

HELP = "concepts directly related to a concept"
DESCRIPTION = """\
The concepts within N relations of a concept (default 1), nearest first, each with the
relation(s) that reach it and the sentence that states them.

--direction out follows relations from the concept (what it causes, where it is felt...),
in follows them backwards (what causes or treats it), both does either (the default).
--types keeps only concepts of those types or their subtypes (a broad type such as
AnatomicalStructure includes Joint); the walk still passes through concepts of any type."""
EPILOG = """\
examples:
  kg neighbors NAME
  kg neighbors NAME --direction in              what leads to it, treats it...
  kg neighbors NAME --depth 3 --direction out --types Mechanism Symptom
  kg neighbors "knee joint" --types Treatment --quotes"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="a concept name")
    parser.add_argument("--depth", type=positive_int, default=1, metavar="N",
                        help="how many relations away (default: 1)")
    parser.add_argument("--direction", choices=("in", "out", "both"), default="both",
                        help="follow relations forwards (out), backwards (in) or both "
                             "(default: both)")
    parser.add_argument("--types", nargs="+", action="extend", metavar="TYPE",
                        help="keep only concepts of these types or their subtypes "
                             "(e.g. Symptom, 'body region'; commas work too)")
    parser.add_argument("--quotes", action="store_true",
                        help="print the quote of each relation, not only its sentence number")
    add_output_options(parser, ("text", "json"))


def run(args: argparse.Namespace) -> int:
    from kg import explain

    ctx = open_graph(args)
    node = ctx.node(args.name)
    found = explain.neighbors(ctx.G, node, depth=args.depth, direction=args.direction,
                              types=args.types)
    if args.format == "json":
        result: dict[str, Any] = {
            "concept": ctx.concept(node), "depth": args.depth, "direction": args.direction,
            "types": args.types or [], "neighbors": [n.as_dict() for n in found]}
        write_output(args, dump_json(result))
        return 0
    write_output(args, _text(ctx, node, found, args))
    return 0


def _text(ctx, node: str, found: list, args: argparse.Namespace) -> str:
    width = terminal_width()
    scope = {"both": "in either direction", "out": "following relations forwards",
             "in": "following relations backwards"}[args.direction]
    within = "1 relation" if args.depth == 1 else f"{args.depth} relations"
    kinds = f" of type {', '.join(args.types)}" if args.types else ""
    count = f"{len(found)} concept{'s' if len(found) != 1 else ''}"
    lines = [f"({note})" for note in ctx.name_notes]
    lines.append(f"{ctx.label(node)} ({ctx.type_label(node)}): {count}{kinds} within "
                 f"{within}, {scope}.")
    distance = 0
    for neighbor in found:
        if neighbor.distance != distance and args.depth > 1:
            distance = neighbor.distance
            lines += ["", f"{distance} relation{'s' if distance != 1 else ''} away:"]
        elif not distance:
            distance = neighbor.distance
            lines.append("")
        lines.append(f"  {neighbor.label} ({ctx.type_label(neighbor.id)})")
        for step in neighbor.via:
            text = step_lines(step, width, "      ", quotes=args.quotes)
            if not args.quotes and step.sentence:
                text[-1] += f" (sentence {step.sentence})"
            lines += text
    return "\n".join(lines) + "\n"
