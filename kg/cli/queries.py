"""kg queries — list the named questions of queries/*.rq, or show one."""

from __future__ import annotations

import argparse
import shutil
import textwrap

HELP = "list the named questions (queries/*.rq)"
DESCRIPTION = """\
List the named questions in queries/ (next to the dataset folder, or $KG_QUERIES): each
one's name, title and parameters with their defaults. With a NAME, print that query's header
and SPARQL text, ready to copy into a file of your own and edit."""
EPILOG = """\
examples:
  kg queries                       every named question
  kg queries treatments-for        the text of one, to start your own from
  kg query treatments-for --param condition="knee OA"
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="?", metavar="NAME",
                        help="show this query's text instead of the list")


def run(args: argparse.Namespace) -> int:
    from kg.errors import display_path
    from kg.query.library import library, load_named, queries_dir

    if args.name:
        print(load_named(args.name, args.project).text, end="")
        return 0
    queries = library(args.project)
    if not queries:
        print(f"no named queries in {display_path(queries_dir(args.project))}")
        return 0
    width = max(len(q.name or "") for q in queries)
    columns = max(40, shutil.get_terminal_size((100, 24)).columns)  # $COLUMNS, the terminal
    for q in queries:
        _print_wrapped(f"{q.name:<{width}}  {q.title}", columns, " " * (width + 2))
        for p in q.params:
            kind = f" ({p.kind})" if p.kind != "concept" else ""
            default = f" [default: {p.default}]" if p.default is not None else " [required]"
            meaning = f" {p.meaning}" if p.meaning else ""
            _print_wrapped(f"{'':<{width}}    --param {p.name}=…{kind}{meaning}{default}",
                           columns, " " * (width + 6))
    print()
    _print_wrapped(f"{len(queries)} named queries in {display_path(queries_dir(args.project))}; "
                   "run one with `kg query NAME`, see one with `kg queries NAME`", columns, "")
    return 0


def _print_wrapped(text: str, columns: int, indent: str) -> None:
    """One entry, its continuation lines indented under its text."""
    leading = text[:len(text) - len(text.lstrip())]
    print("\n".join(textwrap.wrap(text.lstrip(), columns, initial_indent=leading,
                                   subsequent_indent=indent, break_on_hyphens=False)))
