"""kg stats — how many concepts (by type), relations (by kind), statements and sources."""

from __future__ import annotations

import argparse
import json

DESCRIPTION = """\
Count what the graph holds: concepts by broad type and by type, relations by kind (their
labels, e.g. "causes", "felt in"), cited statements, sources and triples."""
EPILOG = """\
examples:
  kg stats
  kg stats --format json"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.cli import progress
    from kg.inspect import format_stats
    from kg.readonly import open_prepared

    data = open_prepared(args.project, lambda message: progress(args, message)).stats
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_stats(data))
    return 0
