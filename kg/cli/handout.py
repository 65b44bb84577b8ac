"""kg handout — a printable handout: causal chains drawn, a glossary, and a quiz with its key."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli import progress
from kg.errors import display_path

HELP = "a printable handout: causal chains, glossary, quiz and answer key (PDF or HTML)"
DESCRIPTION = """\
Make a handout from the graph, for printing: the article's causal chains as left-to-right
diagrams, a glossary of the concepts with their definitions and the sentences that state them,
and the quiz of `kg export --format gift`, with its answer key on a page of its own. Every
statement quotes the article and gives its sentence number.

The PDF is printed by headless Chromium (the system's chromium, through playwright); a name
ending in .html writes the page itself (it has a print stylesheet), which needs no browser."""
EPILOG = """\
examples:
  kg handout                           build/handout.pdf, A4
  kg handout -o knee.pdf --paper letter
  kg handout -o knee.html              the page, to print from any browser"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", type=Path,
                        help="file to write, .pdf or .html (default: handout.pdf in the build "
                             "folder)")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="page size (default: a4)")


def run(args: argparse.Namespace) -> int:
    from kg.load import load
    from kg.teach import check_output
    from kg.teach.handout import write_handout

    out = args.output or args.project.build_dir / "handout.pdf"
    check_output(out, "handout")  # before the graph is loaded: a bad path costs nothing
    path = write_handout(load(args.project), out, paper=args.paper)
    progress(args, f"wrote {display_path(path)}")
    return 0
