"""kg search — the article's sentences, the concepts' names and definitions that contain words."""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap

from kg.cli import progress
from kg.cli.arguments import positive_int

DESCRIPTION = """\
Search the article: every sentence, every concept's names and definition. Each matching
sentence is printed with its number, its section and the relations it grounds (the facts the
graph takes from it); then the concepts whose names or definitions match.

Words are matched whatever their ending ("injections" finds "injection", "posture" finds
"postural"); when few entries have them all, words that begin with the typed ones count too
("worse" finds "worsens"); when none has every word, entries with some of them are shown,
those with the most first, so a question typed as a sentence works too. Best matches first.
Reads the release's search index only (written by `kg build`), so it answers at once even for
a large graph."""
EPILOG = """\
examples:
  kg search injection
  kg search knee pain              (the words are joined: no quotes needed)
  kg search 'stiff*' --limit 3     (a word ending in * is a beginning)
  kg search can knee problems cause pain
  kg search posture --format json"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="+", metavar="WORD", help="words to look for")
    parser.add_argument("--limit", type=positive_int, default=10, metavar="N",
                        help="show at most N sentences and N concepts (default: 10)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for reading, json for scripts (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.search import search

    result = search(" ".join(args.text), args.project, limit=args.limit,
                    progress=lambda message: progress(args, message))
    if args.format == "json":
        sys.stdout.write(result.to_json())
    else:
        sys.stdout.write(format_result(result, shutil.get_terminal_size((100, 24)).columns))
    return 0


def format_result(result, width: int = 100) -> str:
    """The result as a person reads it, wrapped to ``width`` columns."""
    width = max(40, width)
    typed = " ".join(result.query.split())
    if not result.sentences and not result.concepts:
        return (f"nothing in the article's sentences, names or definitions matches {typed!r}\n"
                "  try fewer words, or the beginning of a word followed by * (knee*)\n")
    lines: list[str] = []
    some = any(e["match"] == "some words" for e in result.sentences + result.concepts)
    if some:
        lines += _wrap(f"no sentence, name or definition has every word of {typed!r}; these "
                       "have the most of them.", width, "", "")
        lines.append("")
    if result.sentences:
        if some:
            n = len(result.sentences)
            lines.append(f"the {n} sentence{'' if n == 1 else 's'} with the most of the words "
                         "(--limit N for more):")
        else:
            lines.append(_count_line(result.sentence_count, len(result.sentences), "sentence",
                                     "of the article match" if result.sources == 1 else "match",
                                     "of the article matches" if result.sources == 1
                                     else "matches"))
        for sentence in result.sentences:
            lines.append("")
            where = f"sentence {sentence['number']}"
            if result.sources > 1:
                where += f" of {sentence['source_title']}"
            if sentence["section"]:
                where += f" · {sentence['section']}"
            lines += _wrap(where, width, "", "  ")
            lines += _wrap(sentence["text"], width, "  ", "  ")
            for k, relation in enumerate(sentence["relations"]):
                head = "  grounds: " if k == 0 else "           "
                lines += _wrap(f"{relation['subject']} —{relation['predicate']}→ "
                               f"{relation['object']}", width, head, " " * len(head) + "  ")
    if result.concepts:
        if result.sentences:
            lines.append("")
        verb = "named or defined with some of these words" if some else \
            "named or defined with these words"
        lines.append(_count_line(result.concept_count, len(result.concepts), "concept",
                                 verb, verb))
        for concept in result.concepts:
            text = f"{concept['label']} ({concept['type']})"
            if concept["definition"]:
                text += f": {concept['definition']}"
            lines += _wrap(text, width, "  ", "      ")
    return "\n".join(lines) + "\n"


def _count_line(count: int, shown: int, noun: str, verb: str, verb_one: str) -> str:
    more = f" (the best {shown} shown; --limit N for more)" if shown < count else ""
    words = f"{count} {noun} {verb_one}" if count == 1 else f"{count} {noun}s {verb}"
    return f"{words.rstrip()}{more}:"


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]
