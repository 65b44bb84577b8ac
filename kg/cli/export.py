"""kg export — write the graph as turtle, json-ld, n-triples, graphml or KGX-style tsv, or as
teaching material (an Anki deck, a GIFT or QTI quiz)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli import progress
from kg.errors import display_path

FORMATS = ("turtle", "jsonld", "nt", "graphml", "tsv", "anki", "gift", "qti")
DESCRIPTION = """\
Write the graph in another format, to standard output or to a file (-o FILE).

  turtle, jsonld, nt  RDF, the same bytes as the release files of `kg build`
  graphml             concepts as nodes, cited relations as edges (Gephi, Cytoscape, yEd)
  tsv                 KGX-style nodes.tsv and edges.tsv, written into the folder -o DIR
  anki                flashcards, an Anki deck (-o FILE.apkg): a card per cited relation and
                      per definition, each with its quote; re-importing updates the cards
  gift                the quiz for Moodle (GIFT text); every question cites its sentence
  qti                 the same quiz for Canvas, a QTI 1.2 zip (-o FILE.zip)

Files are written whole or not at all (a temporary file renamed into place)."""
EPILOG = """\
examples:
  kg export --format turtle > graph.ttl
  kg export --format graphml -o graph.graphml
  kg export --format tsv -o kgx/
  kg export --format anki -o deck.apkg
  kg export --format gift -o quiz.gift"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--format", choices=FORMATS, default="turtle",
                        help="output format (default: turtle)")
    parser.add_argument("-o", "--output", metavar="PATH", type=Path,
                        help="file to write (a folder for tsv); default: standard output")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KGError
    from kg.export import export
    from kg.load import load

    if args.format == "tsv" and args.output is None:
        raise KGError("the tsv export is two files (nodes.tsv and edges.tsv), so it cannot go "
                      "to standard output", hint="give a folder to write them in: -o DIR")
    graph = load(args.project)
    result = export(graph, args.format, args.output, args.project.settings.prefixes)
    if isinstance(result, bytes):
        _write_stdout(result)
        return 0
    for path in result:
        progress(args, f"wrote {display_path(path)}")
    return 0


def _write_stdout(data: bytes) -> None:
    """The bytes as they are (every format is UTF-8 text, so a text-only stdout works too)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
