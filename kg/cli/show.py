"""kg show — one concept: its type, names, definition, IDs, and every relation with its quote."""

from __future__ import annotations

import argparse
import json

DESCRIPTION = """\
Show one concept: its type, synonyms, definition and IDs (CURIEs: "same as" for exact
matches, "close to" for close ones, each with the label its ontology gives it, from the
dataset's verified ID table), then every relation it takes part in, outgoing and incoming,
each with the quote of the article that states it and the sentence number ("inferred" when
the relation is read across sentences or from a heading; its note says how).

NAME is a label, a synonym or an id; case, hyphens and plurals do not matter. An unknown
name suggests close ones; a name shared by two concepts lists both (use the id)."""
EPILOG = """\
examples:
  kg show "knee osteoarthritis"
  kg show knee OA                     (the words are joined: no quotes needed)
  kg show knee-osteoarthritis --format json"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="+", metavar="NAME",
                        help="the concept (quotes optional: the words are joined)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.inspect import card, format_card
    from kg.load import load
    from kg.resolve import Resolver
    from kg.xrefs import xref_labels

    graph = load(args.project)
    iri = Resolver(graph).resolve(" ".join(args.name))
    data = card(graph, iri, args.project.settings.prefixes,
                xref_labels(args.project.ontology_dir))
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_card(data))
    return 0
