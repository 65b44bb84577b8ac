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

_SKIP_BEFORE = {"can", "may", "might", "could", "will", "would", "should", "must", "often", "all",
                "both",
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


# the type a subject slot gets when its predicate accepts any concept: "X and Y raise the
# risk" (contributesTo: Concept to Concept) is, in teaching prose, a list of risk factors
_SUBJECT_GUESS = {"contributesTo": "RiskFactor", "strains": "RiskFactor"}
_LEADING = {"the", "a", "an", "your", "their", "its", "this", "these", "some", "any"}
_MAX_ITEM = 7
# a condition or symptom inside a risk list item is the item's concept; two names inside
# are a phrase with its modifier ("a herniated disc in the neck"), which clauses.py reads
_NAMED_KINDS = {"Condition", "Symptom"}
_CLAUSE = {"is", "are", "was", "were", "be", "been", "has", "have", "who", "which", "that"}


def subject_chunks(doc: Any, offset: int, mentions: list[Mention],
                   matches: list[tuple[Cue, int, int]], domains: dict[str, str],
                   stop_words: set[str], verbs: frozenset[str]) -> list[Mention]:
    """Noun phrases of a sentence-initial subject list, cut on "and" and commas with no
    part-of-speech tagger: "Running on hard surfaces and a sudden increase in weekly mileage
    raise the risk" proposes both phrases, typed by the cue's subject slot.

    A list item that holds a known name ("Ice after activity reduces pain": "ice") is left
    alone, except in a risk list ("worn-out shoes", where "shoes" was a Treatment): there the
    phrase is the factor and replaces the names inside (the caller drops what it covers).
    """
    found: list[Mention] = []
    for cue, start, _end in matches:
        if cue.inverse or start == 0:
            continue
        predicate = cue.predicates[0]
        kind = _SUBJECT_GUESS.get(predicate) or domains.get(predicate)
        if not kind or kind in _VAGUE:
            continue
        last = start
        while last > 0 and doc[last - 1].text.lower() in _SKIP_BEFORE:
            last -= 1
        items = _items(doc, 0, last)
        if items is None:
            continue
        for first, stop in items:
            inside = [m for m in mentions if m.start >= first and m.end <= stop]
            # a known name inside stays itself, except in a risk list, where the phrase is
            # the factor ("worn-out shoes", "running on hard surfaces")
            if (inside and predicate not in _SUBJECT_GUESS) or any(
                    m.type in _NAMED_KINDS for m in inside) or len(inside) > 1 or any(
                    m.start < stop and m.end > first and not (m.start >= first and m.end <= stop)
                    for m in mentions):
                continue
            words = [doc[i] for i in range(first, stop)]
            if any(m.start == first and m.end == stop for m in inside) or any(
                    t.text.lower() in _CLAUSE for t in words):
                continue   # already a name as it stands; or a clause, not a phrase
            if len(words) == 1 and not words[0].text.lower().endswith("ing"):
                continue   # one bare word ("severe", "doctor") is rarely the slot's concept
            if any(t.norm_ in verbs and i > first for i, t in zip(range(first, stop), words,
                                                                 strict=True)):
                continue
            if words[0].text.lower() in stop_words or words[-1].text.lower() in stop_words:
                continue
            text = doc[first:stop].text
            found.append(Mention(first, stop, offset + doc[first].idx - doc[0].idx,
                                 offset + doc[stop - 1].idx - doc[0].idx
                                 + len(doc[stop - 1].text), text, kind, "subject-chunk",
                                 "name:" + normalize(text), None,
                                 f"type from the subject slot of '{predicate}'"))
        break   # the first cue with a subject list decides
    return found


def _items(doc: Any, first: int, last: int) -> list[tuple[int, int]] | None:
    """The items of the list ``doc[first:last]`` without leading articles, or None when it
    is not a plain list of short phrases (a comma aside, a clause, a long phrase)."""
    items: list[tuple[int, int]] = []
    begin = first
    for index in range(first, last + 1):
        word = doc[index].text.lower() if index < last else ","
        if word in {",", "and", "or"}:
            while begin < index and doc[begin].text.lower() in _LEADING:
                begin += 1
            if begin < index:
                if index - begin > _MAX_ITEM:
                    return None
                items.append((begin, index))
            begin = index + 1
        elif not (doc[index].is_alpha or "-" in doc[index].text):
            return None
    return items or None
