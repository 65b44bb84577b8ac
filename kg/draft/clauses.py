"""Which mentions of a sentence a cue's subject and objects are: coordination, a phrase's head,
relative clauses, asides, load words.

Pattern rules over the token sequence and the mentions (the blank pipeline has no parser): each
function takes the mentions nearest to a cue and returns the ones the cue is about.
"""

from __future__ import annotations

from typing import Any

from kg.draft.mentions import Mention

_COORDINATION = {",", "and", "or", "(", ")", "the", "a", "an", "both", "either", "its",
                 "their", "other", "also", "as", "well", "his", "her", "your"}
CLAUSE_BREAK = {";", ":", "while", "whereas", "but", "although", "though", "if", "when",
                 "because"}
MAX_GAP = 10

# "pain in the knee", "tear of the meniscus": a preposition joining two mentions
FILLER = {"the", "a", "an", "both", "their", "its", "your", "outside", "inside", "front", "back",
           "side", "top", "bottom", "base", "middle", "of", "just", "below", "above", "behind"}

_ATTACHING = {"with", "in", "of", "on", "at", "around", "near", "over", "along", "inside", "within",
              "behind", "from", "under", "below", "above"}


# A load word names no concept of its own when a place follows: "reduces the load on the
# tendon" reduces what the tendon bears; the relation passes to the tendon.
_LOADS = {"load", "loads", "loading", "stress", "stresses", "pressure", "strain", "tension",
          "force", "forces", "friction", "weight", "demand", "demands"}
_ONTO = {"on", "through", "across", "in", "onto", "of", "to"}


def is_load(doc: Any, mention: Mention) -> bool:
    return mention.end - mention.start == 1 and doc[mention.start].text.lower() in _LOADS


def through_load(doc: Any, right: list[Mention], objects: list[Mention]) -> list[Mention]:
    """The place a load word is on, in place of the load word ("the pressure on the cartilage")."""
    if not objects or not is_load(doc, objects[0]):
        return objects
    after = [m for m in right if m.start >= objects[0].end]
    if not after:
        return objects
    words = [doc[i].text.lower() for i in range(objects[0].end, after[0].start)]
    if words and words[0] in _ONTO and all(w in FILLER for w in words[1:]):
        return coordinated(doc, after, objects[0].end, backwards=False) or objects
    return objects


def phrase_head(doc: Any, left: list[Mention], subjects: list[Mention]) -> list[Mention]:
    """The head of a noun phrase with a prepositional modifier, as the subject of the verb after
    it: "A herniated disc in the neck can press on a nerve root" (the disc presses, not the
    neck); "Swelling of the tendons narrows ..." keeps "swelling"."""
    if len(subjects) != 1:
        return subjects
    nearest = subjects[0]
    before = [m for m in left if m.end <= nearest.start]
    if not before:
        return subjects
    head = before[-1]
    words = [doc[i].text.lower() for i in range(head.end, nearest.start)]
    if not words or words[0] not in _ATTACHING or any(w not in FILLER for w in words[1:]):
        return subjects
    return coordinated(doc, before[::-1], head.end, backwards=True) or subjects


def coordinated(doc: Any, ordered: list[Mention], edge: int, backwards: bool,
                 joiners: set[str] | None = None) -> list[Mention]:
    """The mention nearest to the cue, and those joined to it by commas and and/or (and by
    ``joiners``: "connects the sacrum to the hip bones")."""
    if not ordered:
        return []
    first = ordered[0]
    gap = range(first.end, edge) if backwards else range(edge, first.start)
    if len(gap) > MAX_GAP or any(doc[i].text.lower() in CLAUSE_BREAK for i in gap):
        return []
    if backwards and first.end > edge:  # the cue is inside the mention (a gerund)
        return [first]
    chosen = [first]
    for mention in ordered[1:]:
        last = chosen[-1]
        between = range(mention.end, last.start) if backwards else range(last.end,
                                                                         mention.start)
        words = [doc[i].text.lower() for i in between]
        links = {",", "and", "or"} | (joiners or set())
        if words == ["("]:
            pass  # "anti-inflammatory drugs (NSAIDs)": the abbreviation of the same item
        elif not words or not all(w in _COORDINATION | links for w in words) or not (
                links & set(words)):
            break
        chosen.append(mention)
    return chosen




_ASIDE_OPENERS = {"such", "like", "including", "especially", "particularly", "or", "known",
                  "called", "for", "e.g.", "mainly", "mostly"}
_VERB_LEAD = {"can", "may", "might", "could", "will", "would", "often", "usually", "also",
              "commonly", "sometimes", "typically", "frequently", "then", "is", "are", "be",
              "to", "used", "employed", "applied", "given", "needed", "done", "performed",
              "recommended", "prescribed", "offered", "helps", "help"}


def aside_start(doc: Any, start: int) -> int | None:
    """Where an aside before the cue opens: "Repeated overhead activities, such as painting a
    ceiling or throwing a ball, can irritate ...": the subject is before the first comma."""
    index = start - 1
    while index >= 0 and (doc[index].text.lower() in _VERB_LEAD
                          or doc[index].text.lower().endswith("ly")):
        index -= 1
    if index < 2 or doc[index].text != ",":
        return None
    for opening in range(index - 1, max(-1, index - 14), -1):
        if doc[opening].text == ",":
            if doc[opening + 1].text.lower() in _ASIDE_OPENERS:
                return opening
            return None
    return None


_RELATIVE = {"that", "which", "who"}


def relative_subject(doc: Any, left: list[Mention], start: int) -> list[Mention] | None:
    """The subject of a verb in a relative clause, "the activity that caused the pain": the
    mention just before "that" (none when the noun there is no mention). None when the cue
    does not open a relative clause; ", which" (the whole clause before) is left to the caller.
    """
    index = start - 1
    while index >= 0 and (doc[index].text.lower() in _VERB_LEAD
                          or doc[index].text.lower().endswith("ly")):
        index -= 1
    if index < 1 or doc[index].text.lower() not in _RELATIVE or doc[index - 1].text == ",":
        return None
    return [m for m in left if m.end == index][-1:]


def condition_after(doc: Any, right: list[Mention], objects: list[Mention]) -> Mention | None:
    """A condition the object is of or in: "relieve pain in impingement syndrome", "restore
    the range of motion in frozen shoulder" (the treatment is for the condition)."""
    if not objects:
        return None
    after = [m for m in right if m.start >= objects[-1].end]
    if not after or after[0].type != "Condition":
        return None
    words = [doc[i].text.lower() for i in range(objects[-1].end, after[0].start)]
    if words and words[0] in {"in", "of", "from", "with", "after"} and all(
            w in FILLER for w in words[1:]):
        return after[0]
    return None


def relative_head(doc: Any, left: list[Mention], start: int) -> list[Mention] | None:
    """The subject of a verb after a relative clause: "Tendons that bend the fingers run
    through the tunnel", "Exercises that strengthen the quadriceps improve ..." (the noun before
    "that", when a mention stands between the clause's verb and this cue)."""
    for index in range(start - 2, max(0, start - 10), -1):
        word = doc[index].text.lower()
        if word in CLAUSE_BREAK or doc[index].text == ",":
            return None
        if word in {"that", "who"}:
            before = [m for m in left if m.end == index]
            inner = [m for m in left if index < m.start and m.end <= start]
            if before and inner:
                return coordinated(doc, [m for m in left if m.end <= index][::-1], index,
                                   backwards=True) or before
            return None
    return None


_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "your", "both"}


def verb_conjunct(doc: Any, left: list[Mention], start: int,
                  stop_words: frozenset[str] = frozenset()) -> list[Mention] | None:
    """The subject of a second verb joined by "and": "Three hamstring muscles ... bend the knee
    and extend the hip" (the muscles extend the hip, not the knee). The word before the first
    object must be no known name and no function word (a verb the cue table lacks)."""
    index = start - 1
    if index < 3 or doc[index].text.lower() not in {"and", "or"}:
        return None
    nearest = [m for m in left if m.end == index]
    if not nearest:
        return None
    verb = nearest[0].start - 1
    while verb >= 0 and doc[verb].text.lower() in _DETERMINERS:
        verb -= 1
    if verb < 1 or not doc[verb].is_alpha or any(m.start <= verb < m.end for m in left) \
            or doc[verb].text.lower() in stop_words | _ATTACHING | FILLER | _COORDINATION:
        return None
    subjects = [m for m in left if m.end <= verb]
    if not subjects or verb - subjects[-1].end > 3:
        return None
    chosen = coordinated(doc, subjects[::-1], subjects[-1].end, backwards=True)
    return phrase_head(doc, subjects, chosen) if chosen else None
