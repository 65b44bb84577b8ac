"""kg validate — check the graph against the SHACL shapes and the integrity rules."""

from __future__ import annotations

import argparse
import json

from kg.cli import progress
from kg.errors import display_path

DESCRIPTION = """\
Build (or load) the graph and check it:

  SHACL       the shapes of data/ontology/shapes.ttl (names, definitions, types of the
              concepts a relation may link, the evidence of each relation)
  vocabulary  each concept has one type declared in the vocabulary; relations are declared
  grounding   each relation is quoted by a statement, each statement's relation is asserted
  orphans     each concept takes part in a relation
  names       no label or synonym names two concepts
  quotes      each quote is the source text at its offsets, in the sentence it cites

Each problem is printed with the label of the concept concerned. Nothing is written: a stale
or missing release is rebuilt in memory only.
Exit status: 0 valid, 1 violations found, 2 the data could not be built (see the message)."""
EPILOG = """\
examples:
  kg validate                  check the repository's dataset
  kg validate --format json    the same report as JSON, for scripts"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="report format (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.load import is_current, load
    from kg.validate import validate

    project = args.project
    progress(args, f"loading {display_path(project.data_dir)}")
    if is_current(project):
        graph = load(project)  # parsed from the release, which is left as it is
    else:  # built in memory: checking writes nothing (`kg build` writes the release)
        from kg.build import build_graph

        graph = build_graph(project)
    progress(args, "validating")
    report = validate(graph, project)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.format_text())
    return 0 if report.conforms else 1
