"""kg load — parse the graph once into a persistent Oxigraph store on disk."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli import progress
from kg.errors import display_path

HELP = "load the graph into a persistent SPARQL store (Oxigraph on disk)"
DESCRIPTION = """\
Bulk-load the release N-Triples (built first if missing or stale) into an Oxigraph store on
disk, so that large graphs are parsed once: afterwards `kg query --store DIR` and
`kg serve --store DIR` open the store in milliseconds instead of parsing the graph again.

Give RDF files (.nt, .ttl, .nq, .trig, .rdf/.owl, .jsonld) to load those instead of the
release, e.g. the release together with the ontologies it links to. The new store is written
beside DIR and swapped in when complete; a DIR that is neither empty nor a kg store is refused."""
EPILOG = """\
examples:
  kg load --store build/store                       the release
  kg query --store build/store treatments-for --param condition="knee OA"
  kg load --store big/ build/release/my-dataset.nt other.ttl"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="RDF files to load (default: the release N-Triples)")
    parser.add_argument("--store", type=Path, metavar="DIR",
                        help="the store folder (default: <build>/store)")
    check = parser.add_mutually_exclusive_group()
    check.add_argument("--strict", action="store_true",
                       help="validate every IRI and literal even for the release (slower)")
    check.add_argument("--lenient", action="store_true",
                       help="skip that validation for the FILEs too (about 40%% faster; for "
                            "files written by a tool you trust)")


def run(args: argparse.Namespace) -> int:
    from kg.store import load_store

    store_dir = args.store or args.project.build_dir / "store"
    info = load_store(store_dir, list(args.files) or None, project=args.project,
                      lenient=False if args.strict else True if args.lenient else None,
                      progress=lambda message: progress(args, message))
    names = ", ".join(f.name for f in info.files)
    progress(args, f"loaded {info.triples:,} triples from {names} into "
                   f"{display_path(store_dir)} in {info.seconds:.1f} s")  # a "wrote" line
    return 0
