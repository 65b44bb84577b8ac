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
name suggests close ones; a name shared by two concepts lists both (use the id).

A NAME that is no concept but a kind of concept (a class of the vocabulary: "surgical
procedure", "surgery", "medication", "imaging test") lists the concepts of that kind and of
its sub-kinds, each with its one-line definition."""
EPILOG = """\
examples:
  kg show "knee osteoarthritis"
  kg show knee OA                     (the words are joined: no quotes needed)
  kg show knee-osteoarthritis --format json
  kg show surgery                     (a kind: its members with their definitions)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="+", metavar="NAME",
                        help="the concept (quotes optional: the words are joined)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.cli import progress
    from kg.inspect import format_card
    from kg.readonly import open_prepared

    prepared = open_prepared(args.project, lambda message: progress(args, message))
    name = " ".join(args.name)
    resolver = prepared.resolver()
    members = prepared.kind(name) if len(resolver.matches(name)) != 1 else None
    if members is not None:  # no one concept has that name, but a kind has
        if args.format == "json":
            print(json.dumps(members, indent=2, ensure_ascii=False))
        else:
            print(format_members(members), end="")
        return 0
    data = prepared.card(resolver.resolve(name))  # KGError with suggestions if none
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_card(data))
    return 0


# ------------------------------------------------------------------ a kind of concept

def format_members(data: dict) -> str:
    """``Surgical procedure: 2 concepts of this kind`` and one line for each."""
    from kg.cli.shared import terminal_width, wrap

    width = terminal_width()
    members = data["members"]
    lines = [f"{data['label']} (a kind of concept, kgv:{data['kind']}): {len(members)} "
             f"concept{'s' if len(members) != 1 else ''} of this kind"]
    for m in members:
        kind = f" [{m['kind']}]" if m["kind"] != data["label"] else ""
        text = f"{m['label']}{kind}" + (f" — {m['definition']}" if m["definition"] else "")
        lines.append(wrap(text, width, indent="  ").replace("\n  ", "\n      "))
    return "\n".join(lines) + "\n"
