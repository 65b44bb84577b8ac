"""kg draft — propose cited concepts and relations for a new article."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli import progress
from kg.errors import KGError, display_path

DESCRIPTION = """\
Read an article (plain UTF-8 text, the build's sentence and heading rules) and write a draft:
concepts and relations in the curated-YAML schema, each with `status: proposed`, a confidence
and the rule that proposed it, each relation with a verbatim quote and its sentence.

The article is copied into data/sources/ (with a metadata stub) if it is not there. The draft
goes to data/curated/drafts/<article>.yaml; a re-run keeps the decisions taken in `kg review`.
Then `kg draft --accept DRAFT` moves the accepted items into data/curated/<article>.yaml."""
EPILOG = """\
examples:
  kg draft knee-pain.txt                     draft into data/curated/drafts/knee-pain.yaml
  kg review data/curated/drafts/knee-pain.yaml
  kg draft --accept data/curated/drafts/knee-pain.yaml
  kg build"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="the article (.txt), or with --accept the draft (.yaml)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to write the draft (default: data/curated/drafts/ID.yaml)")
    parser.add_argument("--accept", action="store_true",
                        help="move the accepted items of the draft FILE into data/curated/")
    parser.add_argument("--force", action="store_true",
                        help="write over a file that is not a draft (or, with --accept, add to a "
                             "hand-curated file); start a draft afresh, dropping decisions")


def run(args: argparse.Namespace) -> int:
    if args.accept:
        return _accept(args)
    from kg.draft.article import ensure_source, read_article
    from kg.draft.model import is_draft_file, read_draft, write_draft
    from kg.draft.propose import draft_path, load_resources, propose

    project = args.project
    read_article(args.file)  # bad input is refused before anything is copied
    source, copied = ensure_source(args.file, project.sources_dir)
    if copied:
        progress(args, f"copied the article to {display_path(source)} (fill in "
                       f"{source.with_suffix('.yaml').name})")
    document = read_article(source)
    output = args.output or draft_path(project, document.id)
    kept = 0
    old = None
    if output.exists():
        if not is_draft_file(output):
            if not args.force:
                raise KGError(f"{display_path(output)} exists and is not a draft", output,
                              hint="choose another -o FILE (or --force to replace it)")
        elif not args.force:
            old = read_draft(output)
    progress(args, f"drafting {display_path(source)} ({len(document.sentences)} sentences)")
    draft = propose(document, load_resources(project))
    if old is not None:
        kept = draft.merge_decisions(old)
    write_draft(draft, output)
    decided = f", {kept} decisions kept" if kept else ""
    print(f"{display_path(output)}: {_n(len(draft.concepts), 'concept')}, "
          f"{_n(len(draft.relations), 'relation')} proposed{decided}")
    print(f"next: kg review {display_path(output)}")
    return 0


def _accept(args: argparse.Namespace) -> int:
    from kg.draft.accept import accept
    from kg.draft.model import read_draft

    if args.output:
        raise KGError("--accept writes data/curated/<article>.yaml; -o is not used with it")
    draft = read_draft(args.file)
    report = accept(draft, args.project, force=args.force)
    print(f"{display_path(report.path)}: {_n(report.concepts, 'concept')}, "
          f"{_n(report.relations, 'relation')}")
    if report.pulled_in:
        progress(args, f"  concepts moved because accepted relations need them: "
                       f"{', '.join(report.pulled_in)}")
    if report.skipped:
        progress(args, f"  accepted but in no accepted relation, not moved: "
                       f"{', '.join(report.skipped)}")
    if report.definitions_from_sentence:
        progress(args, f"  definition is the sentence naming it (edit it later): "
                       f"{', '.join(report.definitions_from_sentence)}")
    print("next: kg validate && kg build")
    return 0


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
