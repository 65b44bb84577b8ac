"""Relation candidates in one sentence: a cue phrase between two concept mentions.

For each cue match (:mod:`kg.draft.cues`) the subject is the nearest mention before the cue
(and the mentions coordinated with it: "X and Y cause Z"), the objects the first mention after
it and those coordinated with it ("strain on the discs, ligaments, and facet joints"). The
predicate is the first of the cue's predicates whose domain and range (data/ontology/vocab.ttl)
fit the two concepts' types. The quote is the article's text from the first to the last word
involved, so it occurs in the article exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.draft.cues import Cue, hedges_and_negations
from kg.draft.mentions import Mention

_COORDINATION = {",", "and", "or", "the", "a", "an", "both", "either", "its", "their", "other",
                 "also", "as", "well", "his", "her", "your"}
_CLAUSE_BREAK = {";", ":", "while", "whereas", "but", "although", "though", "if", "when",
                 "because"}
_MAX_GAP = 10  # tokens between a cue and its argument
# "pain in the knee", "tear of the meniscus": a preposition joining two mentions
_PREPOSITIONS = {"in": ("feltIn", "affects", "locatedIn"), "of": ("affects", "partOf"),
                 "on": ("affects", "locatedIn"), "around": ("feltIn", "locatedIn"),
                 "at": ("feltIn", "locatedIn"), "into": ("feltIn", "uses")}


@dataclass
class Candidate:
    subject: Mention
    object: Mention
    predicate: str
    begin: int          # character offsets of the quote in the document
    finish: int
    confidence: float
    rule: str
    note: str | None


Fits = Callable[[str, str, str], bool]   # (predicate, subject type, object type) -> fits?


def sentence_relations(doc: Any, mentions: list[Mention], matches: list[tuple[Cue, int, int]],
                       offset: int, fits: Fits) -> list[Candidate]:
    """Candidates of one sentence doc (``offset``: its start in the document)."""
    found: list[Candidate] = []
    for cue, start, end in matches:
        left = [m for m in mentions if m.end <= start]
        right = [m for m in mentions if m.start >= end]
        subjects = _coordinated(doc, left[::-1], start, backwards=True)
        objects = _coordinated(doc, right, end, backwards=False)
        if cue.inverse:
            subjects, objects = objects, subjects
        for subject in subjects:
            for obj in objects:
                if subject.key == obj.key:
                    continue
                candidate = _candidate(doc, cue, subject, obj, start, end, offset, fits)
                if candidate is not None:
                    found.append(candidate)
    found.extend(_preposition_relations(doc, mentions, offset, fits))
    return _best_per_pair(found)


def _coordinated(doc: Any, ordered: list[Mention], edge: int, backwards: bool) -> list[Mention]:
    """The mention nearest to the cue, and those joined to it by commas and and/or."""
    if not ordered:
        return []
    first = ordered[0]
    gap = range(first.end, edge) if backwards else range(edge, first.start)
    if len(gap) > _MAX_GAP or any(doc[i].text.lower() in _CLAUSE_BREAK for i in gap):
        return []
    chosen = [first]
    for mention in ordered[1:]:
        last = chosen[-1]
        between = range(mention.end, last.start) if backwards else range(last.end,
                                                                         mention.start)
        words = [doc[i].text.lower() for i in between]
        if not words or not all(w in _COORDINATION for w in words) or not (
                {",", "and", "or"} & set(words)):
            break
        chosen.append(mention)
    return chosen


def _candidate(doc: Any, cue: Cue, subject: Mention, obj: Mention, start: int, end: int,
               offset: int, fits: Fits) -> Candidate | None:
    predicate, fitting = _choose(cue.predicates, subject, obj, fits)
    if predicate is None:
        return None
    first = min(subject.start, obj.start, start)
    last = max(subject.end, obj.end, end)
    confidence = cue.confidence + (0.1 if fitting else -0.2)
    distance = max(obj.start - end, start - subject.end, subject.start - end,
                   start - obj.end, 0)
    confidence -= 0.02 * distance
    note, penalty = _flags(doc, first, last)
    return Candidate(subject, obj, predicate, offset + doc[first].idx - doc[0].idx,
                     offset + doc[last - 1].idx - doc[0].idx + len(doc[last - 1].text),
                     _clip(confidence - penalty), f"cue:{cue.name}", note)


def _choose(predicates: tuple[str, ...], subject: Mention, obj: Mention,
            fits: Fits) -> tuple[str | None, bool]:
    for predicate in predicates:
        if fits(predicate, subject.type, obj.type):
            return predicate, True
    return None, False


def _preposition_relations(doc: Any, mentions: list[Mention], offset: int,
                           fits: Fits) -> list[Candidate]:
    found = []
    for left, right in zip(mentions, mentions[1:], strict=False):
        between = [doc[i].text.lower() for i in range(left.end, right.start)]
        if not between or len(between) > 3 or between[0] not in _PREPOSITIONS:
            continue
        if any(w not in {"the", "a", "an", "both", "their", "its", "your"} for w in
               between[1:]):
            continue
        predicate, fitting = _choose(_PREPOSITIONS[between[0]], left, right, fits)
        if predicate is None or not fitting:
            continue
        note, penalty = _flags(doc, left.start, right.end)
        found.append(Candidate(left, right, predicate, left.begin, right.finish,
                               _clip(0.5 - penalty), f"preposition:{between[0]}", note))
    return found


def _flags(doc: Any, first: int, last: int) -> tuple[str | None, float]:
    """A note naming the hedges and negations of the quoted words, and the confidence cost."""
    words = [token.text.lower() for token in doc[first:last]]
    # a hedge or negation just before the quote still qualifies it ("may sometimes radiate")
    words = [token.text.lower() for token in doc[max(0, first - 3):first]] + words
    hedges, negations = hedges_and_negations(words)
    parts = []
    if hedges:
        parts.append("hedged: " + ", ".join(hedges))
    if negations:
        parts.append("negated: " + ", ".join(negations) + " (check the direction)")
    return ("; ".join(parts) or None), 0.1 * bool(hedges) + 0.3 * bool(negations)


def _best_per_pair(found: list[Candidate]) -> list[Candidate]:
    """One candidate per (subject, object) pair in a sentence: the most confident."""
    best: dict[tuple[str, str], Candidate] = {}
    for candidate in found:
        pair = (candidate.subject.key, candidate.object.key)
        if pair not in best or candidate.confidence > best[pair].confidence:
            best[pair] = candidate
    return list(best.values())


def _clip(value: float) -> float:
    return round(min(1.0, max(0.05, value)), 2)
