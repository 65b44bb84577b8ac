"""kg compare — two concepts side by side, relation by relation."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from kg.cli.shared import add_output_options, dump_json, open_graph, terminal_width, write_output
from kg.errors import KGError

HELP = "what two concepts share and how they differ"
DESCRIPTION = """\
Two concepts side by side: one row per relation, with what each concept has under it — where
a symptom is felt, what it radiates to, what aggravates it, what causes or treats it. Rows
come from the graph (nothing is hard-coded): relations from the concept are named as the
vocabulary names them ("felt in"), relations pointing at it as a question ("what causes it").
Rows both concepts have come first; an entry marked * is on both sides. The numbers in
brackets are the sentences of the article that state each relation."""
EPILOG = """\
examples:
  kg compare A B
  kg compare "knee pain" "ankle pain"
  kg compare A B --format json"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A", help="a concept name")
    parser.add_argument("b", metavar="B", help="another concept name")
    add_output_options(parser, ("text", "json"))


def run(args: argparse.Namespace) -> int:
    from kg import explain

    ctx = open_graph(args)
    a, b = ctx.node(args.a), ctx.node(args.b)
    if a == b:
        raise KGError(f"{args.a!r} and {args.b!r} are the same concept ({ctx.label(a)})",
                      hint="name two different concepts")
    rows = explain.compare(ctx.G, a, b)
    if args.format == "json":
        result: dict[str, Any] = {"a": ctx.concept(a), "b": ctx.concept(b),
                                  "rows": [row.as_dict() for row in rows]}
        write_output(args, dump_json(result))
    else:
        write_output(args, table(ctx, a, b, rows))
    return 0


def table(ctx, a: str, b: str, rows: list) -> str:
    """The rows as a three-column text table, wrapped to the terminal."""
    width = terminal_width()
    first = min(24, max([len("relation")] + [len(r.label) for r in rows]))
    column = max(18, (width - first - 4) // 2)
    heads = [f"{ctx.label(a)} ({ctx.type_label(a)})", f"{ctx.label(b)} ({ctx.type_label(b)})"]
    lines = [f"({note})" for note in ctx.name_notes]
    lines += _row(["relation", *heads], first, column)
    lines.append("  ".join(["─" * first, "─" * column, "─" * column]).rstrip())
    for row in rows:
        shared = set(row.shared)
        cells = [_cell(row.a, shared), _cell(row.b, shared)]
        lines += _row([row.label, *cells], first, column)
    if not rows:
        lines.append("(neither concept has any relation)")
    lines += ["", "[n] sentence of the article stating the relation;  * on both sides;  "
                  "— none"]
    return "\n".join(lines) + "\n"


def _cell(steps: list, shared: set[str]) -> list[str]:
    """One entry per other concept: its label, * if on both sides, and the sentence numbers."""
    entries: dict[str, tuple[str, list[int]]] = {}
    for step in steps:
        label, sentences = entries.setdefault(step.end, (step.end_label, []))
        if step.sentence is not None and step.sentence not in sentences:
            sentences.append(step.sentence)
    items = []
    for node, (label, sentences) in entries.items():
        mark = " *" if node in shared else ""
        cite = f" [{', '.join(map(str, sorted(sentences)))}]" if sentences else ""
        items.append(f"{label}{mark}{cite}")
    return items or ["—"]


def _row(cells: list, first: int, column: int) -> list[str]:
    """Lay out one table row: each cell is a string or a list of entries, wrapped."""
    columns = []
    for index, cell in enumerate(cells):
        size = first if index == 0 else column
        entries = [cell] if isinstance(cell, str) else cell
        wrapped: list[str] = []
        for entry in entries:
            wrapped += textwrap.wrap(entry, size, subsequent_indent="  ",
                                     break_on_hyphens=False) or [""]
        columns.append(wrapped)
    height = max(len(c) for c in columns)
    lines = []
    for i in range(height):
        parts = [(c[i] if i < len(c) else "").ljust(first if n == 0 else column)
                 for n, c in enumerate(columns)]
        lines.append("  ".join(parts).rstrip())
    return lines
