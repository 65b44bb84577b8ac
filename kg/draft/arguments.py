"""Names found from a cue's argument slots: "Heat can relax tight muscles" has no known name
before "relax", but ``treats`` needs a Treatment there, so "heat" is proposed as one.

A slot is the words right before a cue (after skipping modals and adverbs) or right after it
(after an article): at most three lower-case words, none a function word or a verb cue. The
type is the predicate's domain (subject slot) or range (object slot) in the vocabulary; a slot
whose predicate accepts any concept (``causes``: Concept to Concept) proposes nothing, since the
type would be a guess. Each such concept says so in its note.
"""

from __future__ import annotations

from typing import Any

from kg.draft.cues import Cue
from kg.draft.mentions import Mention
from kg.names import normalize

_SKIP_BEFORE = {"can", "may", "might", "could", "will", "would", "should", "must", "often",
                "also", "usually", "does", "do", "not", "typically", "generally", "sometimes"}
_ARTICLES = {"the", "a", "an", "your", "their", "its", "this", "these"}
_VAGUE = {"Concept", "AnatomicalStructure"}


def argument_mentions(doc: Any, offset: int, mentions: list[Mention],
                      matches: list[tuple[Cue, int, int]], domains: dict[str, str],
                      ranges: dict[str, str], stop_words: set[str],
                      verbs: frozenset[str]) -> list[Mention]:
    """New mentions for empty subject and object slots of the cue matches."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found: list[Mention] = []
    for cue, start, end in matches:
        if cue.inverse:
            continue
        predicate = cue.predicates[0]
        slots = ((_before(doc, start, taken, stop_words, verbs), domains.get(predicate)),
                 (_after(doc, end, taken, stop_words, verbs), ranges.get(predicate)))
        for span, kind in slots:
            if span is None or not kind or kind in _VAGUE:
                continue
            first, last = span
            text = doc[first:last].text
            found.append(Mention(first, last, offset + doc[first].idx - doc[0].idx,
                                 offset + doc[last - 1].idx - doc[0].idx
                                 + len(doc[last - 1].text), text, kind, "argument",
                                 "name:" + normalize(text), None,
                                 f"type from the slot of '{predicate}'"))
            taken |= set(range(first, last))
    return found


def _before(doc: Any, start: int, taken: set[int], stop_words: set[str],
            verbs: frozenset[str]) -> tuple[int, int] | None:
    index = start - 1
    while index >= 0 and doc[index].text.lower() in _SKIP_BEFORE:
        index -= 1
    last = index + 1
    while index >= 0 and last - index <= 3 and _word(doc[index], taken, index, stop_words, verbs):
        index -= 1
    first = index + 1
    if first >= last or (first > 0 and doc[first - 1].is_alpha
                         and doc[first - 1].text.lower() not in stop_words):
        return None  # the phrase goes on further left: not a clean name
    return first, last


def _after(doc: Any, end: int, taken: set[int], stop_words: set[str],
           verbs: frozenset[str]) -> tuple[int, int] | None:
    index = end
    if index < len(doc) and doc[index].text.lower() in _ARTICLES:
        index += 1
    first = index
    while index < len(doc) and index - first < 3 and _word(doc[index], taken, index,
                                                           stop_words, verbs):
        index += 1
    if index == first:
        return None
    return first, index


def _word(token: Any, taken: set[int], index: int, stop_words: set[str],
          verbs: frozenset[str]) -> bool:
    word = token.text.lower()
    return (token.is_alpha and index not in taken and word not in stop_words
            and token.norm_ not in verbs and not word.endswith("ly")
            and (token.text.islower() or index == 0))
