"""kg build — read data/, check it, build the graph and write the release files."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import sys
from collections import Counter

from kg.cli import progress
from kg.errors import display_path

HELP = "build the graph from data/ and write the release files"
DESCRIPTION = """\
Read the dataset folder (kg.yaml, sources/, ontology/, curated/), check every curated concept
and relation (types, predicates, ids, verbatim quotes), build the RDF graph and write the
release files build/release/<name>.ttl, .jsonld, .nt and manifest.json.

Nothing is written if any input has a mistake; the error names the file and line to fix.
Rebuilding unchanged inputs gives byte-identical files."""
EPILOG = """\
examples:
  kg build                  build the repository's dataset
  kg build --check          exit 1 if the committed/previous release is out of date
  kg --data my/data build   build another dataset folder"""

# Steps run after a successful build, in order: (title, "module:function"). Each function is
# called as f(args, project, graph) and returns an exit code (0 = fine); the first non-zero code
# stops the build command with that code and nothing is written. Functions are imported only
# when a build runs, so steps may use heavy libraries (e.g. validation with pyshacl, the HTML
# views). The ``project`` they get builds into the staging folder (kg.build.Staging): write
# below ``project.build_dir`` and the files are swapped in with the release.
POST_BUILD_STEPS: list[tuple[str, str]] = [
    ("drawing the metagraph", "kg.render.metagraph:build_step"),
    ("drawing the interactive page", "kg.cli.viz:build_step"),
    ("writing the explorer", "kg.render.explorer:build_step"),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the release files would change")
    parser.add_argument("--no-validate", action="store_true",
                        help="skip the SHACL and integrity checks (faster; not for releases)")


def run(args: argparse.Namespace) -> int:
    from kg.build import (
        Staging,
        changed_release_files,
        graph_from_inputs,
        read_inputs,
        serialize_release,
        write_files,
    )

    project = args.project
    progress(args, f"reading {display_path(project.data_dir)}")
    inputs = read_inputs(project)
    progress(args, "building the graph")
    graph = graph_from_inputs(inputs)

    if args.check:
        changed = changed_release_files(graph, project)
        for path in changed:
            print(f"out of date: {display_path(path)}")
        if not changed:
            print(f"release is up to date ({display_path(project.release_dir)})")
        return 1 if changed else 0

    if not args.no_validate and not _validated(args, project, graph):
        return 1
    progress(args, f"writing {display_path(project.release_dir)}")
    # The release, the metagraph and the page are written into one staging folder, which
    # replaces the old ones only when every file is complete (see kg.build.Staging). What is
    # printed names the files where they will be: the staging folder's name is replaced.
    with Staging(project) as staging:
        def shown(text: str) -> str:
            return text.replace(display_path(staging.folder), display_path(project.build_dir))

        written = write_files(serialize_release(graph, staging.project))
        print(summary(inputs, graph, written))  # the result on stdout, the files written on stderr
        progress(args, shown(files_written(written)))
        for title, target in POST_BUILD_STEPS:
            progress(args, title)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = int(_step(target)(args, staging.project, graph) or 0)
            for stream, text in ((sys.stdout, out.getvalue()), (sys.stderr, err.getvalue())):
                stream.write(shown(text))
                stream.flush()
            if code:
                staging.cancel()
                print("nothing written: a build step failed")
                return code
    return 0


def _validated(args: argparse.Namespace, project, graph) -> bool:
    """Run `kg validate`'s checks before anything is written: a release that breaks the shapes
    or the integrity rules is refused, with the same report `kg validate` prints."""
    from kg.validate import shacl_cache_dir, validate

    progress(args, "validating (SHACL shapes + integrity)")
    report = validate(graph, project, shacl_cache=shacl_cache_dir(project))
    if not report.conforms:
        print(report.format_text())
        print("nothing written: fix the violations above (or see `kg validate`)")
    else:
        progress(args, "valid: SHACL shapes and integrity checks pass")
    return report.conforms


def summary(inputs, graph, written) -> str:
    """A few readable lines: what is in the graph (concepts by broad type)."""
    concepts = inputs.curation.concepts
    relations = inputs.curation.relations
    by_type = Counter(inputs.ontology.top_class(c.type) for c in concepts)
    types = ", ".join(f"{n} {t}" for t, n in sorted(by_type.items(), key=lambda i: (-i[1], i[0])))
    triples = {(r.subject, r.predicate, r.object) for r in relations}
    lines = [
        f"{inputs.project.settings.title}",
        f"  {len(concepts)} concepts" + (f": {types}" if types else ""),
        f"  {len(triples)} relations, {len(relations)} cited statements, "
        f"{len(inputs.documents)} source{'s' if len(inputs.documents) != 1 else ''}",
        f"  {len(graph)} triples",
    ]
    return "\n".join(lines)


def files_written(written) -> str:
    """``wrote:`` and each file with its size, one a line (for stderr, as every command's)."""
    return "\n".join(["wrote:"] + [f"  {display_path(path)} ({_size(path.stat().st_size)})"
                                    for path in written])


def _step(target: str):
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024 * 1024 \
        else f"{n / 1024 / 1024:.1f} MB"
