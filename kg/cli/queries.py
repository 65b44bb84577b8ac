"""kg queries — list the named questions of queries/*.rq, or show one."""

from __future__ import annotations

import argparse

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
    for q in queries:
        print(f"{q.name:<{width}}  {q.title}")
        for p in q.params:
            kind = f" ({p.kind})" if p.kind != "concept" else ""
            default = f" [default: {p.default}]" if p.default is not None else " [required]"
            meaning = f" {p.meaning}" if p.meaning else ""
            print(f"{'':<{width}}    --param {p.name}=…{kind}{meaning}{default}")
    print(f"\n{len(queries)} named queries in {display_path(queries_dir(args.project))}; "
          "run one with `kg query NAME`, see one with `kg queries NAME`")
    return 0
