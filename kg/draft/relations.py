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

from kg.draft.clauses import (
    CLAUSE_BREAK,
    FILLER,
    MAX_GAP,
    aside_start,
    condition_after,
    coordinated,
    is_load,
    phrase_head,
    relative_head,
    relative_subject,
    through_load,
    verb_conjunct,
)
from kg.draft.cues import Cue, hedges_and_negations
from kg.draft.mentions import Mention

_RADIATING = {"radiate", "spread", "shoot", "travel", "extend"}
_TOWARD = {"to", "toward", "towards", "into", "down", "up", "along"}
_JOINING = {"connect", "link", "join", "attach", "run from", "attach to", "stretch from",
            "extend from"}
_PRONOUNS = {"it", "they", "this", "these"}  # tokens between a cue and its argument
_PREPOSITIONS = {"in": ("feltIn", "affects", "locatedIn"), "of": ("feltIn", "affects", "partOf"),
                 "on": ("feltIn", "affects", "locatedIn"), "around": ("feltIn", "locatedIn"),
                 "at": ("feltIn", "locatedIn"), "into": ("feltIn", "uses"),
                 "with": ("includes",), "over": ("feltIn", "locatedIn"),
                 "between": ("locatedIn",), "along": ("feltIn", "locatedIn")}


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
                       offset: int, fits: Fits,
                       antecedent: Mention | None = None,
                       type_pairs: bool = True,
                       earlier: list[Mention] | None = None,
                       topic: Mention | None = None) -> list[Candidate]:
    """Candidates of one sentence doc (``offset``: its start in the document).

    ``antecedent``: what a sentence-initial "It"/"They" stands for (the first concept of the
    previous sentence); the quote then starts at the pronoun and the note says so. "This
    wear leads to ...", "The condition causes ..." open with a pronoun too. ``earlier``: the
    previous sentence's other concepts, taken instead when only one of them fits the cue.
    ``topic``: the condition named last before this sentence, the object of a cause or risk
    cue that names none ("Lifting a baby again and again is a common trigger").
    """
    found: list[Candidate] = []
    lead = _anaphor(doc, mentions)
    previous: tuple[int, list[Mention]] | None = None   # (end of last cue's object, subjects)
    for cue, start, end in matches:
        inside = [m for m in mentions if m.start <= start < m.end]
        if inside and not doc[inside[0].end - 1].text.lower().endswith("ing"):
            start = inside[0].start  # "X is an injury to Y": the noun cue names no subject
            inside = []
        left = [m for m in mentions if m.end <= start] + inside
        right = [m for m in mentions if m.start >= end]
        subjects = coordinated(doc, left[::-1], start, backwards=True) if not inside \
            else inside  # "Stretching the hamstrings": the gerund names the treatment
        if not inside:
            subjects = phrase_head(doc, left, subjects)
            aside = aside_start(doc, start)
            if aside is not None:
                before = [m for m in left if m.end <= aside]
                subjects = coordinated(doc, before[::-1], aside, backwards=True)
            relative = relative_subject(doc, left, start)
            if relative is not None and not cue.inverse:
                subjects = relative
            elif relative is None:
                head = relative_head(doc, left, start) or verb_conjunct(doc, left, start)
                if head is not None:  # "Tendons that bend the fingers run through ..."
                    subjects = head
        objects = coordinated(doc, right, end, backwards=False,
                               joiners={"to", "with"} if cue.name in _JOINING else None)
        objects = through_load(doc, right, objects)
        if cue.name in _RADIATING and objects:  # "spread down the forearm toward the wrist"
            objects = coordinated(doc, [m for m in right if m.start >= objects[0].start],
                                  objects[0].start, backwards=False, joiners=_TOWARD)
        condition = condition_after(doc, right, objects)
        if condition is not None and not cue.inverse:
            objects = [*objects, condition]
        if previous is not None and not cue.inverse and _joined_verbs(doc, previous[0], start):
            subjects = previous[1]  # "which stabilize the pelvis and extend the hip"
        pronoun = unnamed = None
        if lead and antecedent is not None and not inside and start <= 3 + lead and \
                not any(lead <= m.start and m.end <= start for m in mentions):
            referent = _referent(antecedent, earlier or [], cue, right[:2], fits)
            if lead == 2 and topic is not None and doc[1].text.lower() in _CONDITION_WORDS:
                referent = topic  # "The condition causes ...": the condition named last
            last = doc[lead - 1]
            pronoun = Mention(0, lead, offset, offset + last.idx + len(last.text),
                              doc.text[:last.idx + len(last.text)], referent.type,
                              referent.rule, referent.key, referent.entry)
            subjects = [pronoun]
        if not objects and topic is not None and not cue.inverse and subjects and \
                cue.predicates[0] in {"causes", "contributesTo"} and not right and \
                all(s.key != topic.key for s in subjects):
            unnamed = Mention(start, end, offset + doc[start].idx - doc[0].idx,
                              offset + doc[end - 1].idx - doc[0].idx + len(doc[end - 1].text),
                              topic.text, topic.type, topic.rule, topic.key, topic.entry)
            objects = [unnamed]  # "Lifting a baby again and again is a common trigger"
        general = None
        if topic is not None and not cue.inverse and len(objects) == 1 and \
                objects[0].end - objects[0].start == 1 and \
                objects[0].text.lower() in _CONDITION_WORDS and objects[0].key != topic.key:
            obj = objects[0]   # "... make a new injury more likely": the condition named last
            general = Mention(obj.start, obj.end, obj.begin, obj.finish, obj.text, topic.type,
                              topic.rule, topic.key, topic.entry)
            objects = [general]
        if not objects and antecedent is not None and end < len(doc) and \
                doc[end].text.lower() in {"it", "them"}:
            pronoun = Mention(end, end + 1, offset + doc[end].idx - doc[0].idx,
                              offset + doc[end].idx - doc[0].idx + len(doc[end].text),
                              doc[end].text, antecedent.type, antecedent.rule, antecedent.key,
                              antecedent.entry)
            objects = [pronoun]  # "lifting heavy loads can trigger it"
        if cue.inverse:
            subjects, objects = objects, subjects
        else:
            objects = _fitting_first(objects, right, cue, subjects, fits, doc, end)
            subjects = _fitting_subject(subjects, left, cue, objects, fits, doc, start)
        if objects and not cue.inverse:
            previous = (objects[-1].end, subjects)
        for subject in subjects:
            for obj in objects:
                if subject.key == obj.key:
                    continue
                chosen = cue
                if obj is condition and fits("treats", subject.type, obj.type):
                    chosen = Cue(cue.name, ("treats", *cue.predicates), False, cue.confidence)
                candidate = _candidate(doc, chosen, subject, obj, start, end, offset, fits)
                if candidate is not None:
                    if obj is general:
                        candidate.note = "; ".join(filter(None, [
                            f"'{obj.text}' taken as {topic.text!r}, the condition named last",
                            candidate.note]))
                        candidate.confidence = _clip(candidate.confidence - 0.1)
                    if obj is unnamed:
                        candidate.note = "; ".join(filter(None, [
                            f"no object named here: taken as {topic.text!r}, the condition "
                            "named last before", candidate.note]))
                        candidate.confidence = _clip(candidate.confidence - 0.15)
                    if pronoun is not None and (subject is pronoun or obj is pronoun):
                        candidate.note = "; ".join(filter(None, [
                            f"'{pronoun.text}' taken as {_named(pronoun, antecedent, earlier)!r}"
                            " of a sentence "
                            f"before", candidate.note]))
                        candidate.confidence = _clip(candidate.confidence - 0.1)
                    found.append(candidate)
    for candidate in found:  # "(PFPS) is the most common cause": quote from the long form
        text = doc.text
        at = candidate.begin - offset
        if at > 0 and text[at - 1] == "(":
            before = [m for m in mentions if 0 <= (at - 1) - (m.finish - offset) <= 1]
            if before:
                candidate.begin = before[-1].begin
    found.extend(_preposition_relations(doc, mentions, offset, fits))
    found.extend(_gerund_objects(doc, mentions, offset, fits, {c for c, _, _ in matches}))
    if type_pairs:
        found.extend(_type_pairs(doc, mentions, offset, fits, found))
    return _best_per_pair(found)


_CONDITION_WORDS = {"condition", "disorder", "syndrome", "disease", "injury", "problem"}
_ANAPHORS = {"condition", "disorder", "problem", "injury", "syndrome", "disease", "change",
             "process", "damage"}


def _anaphor(doc: Any, mentions: list[Mention]) -> int:
    """How many tokens open the sentence as a pronoun: 1 for "It"/"They"/"This"/"These", 2
    for "This wear", "The condition" (a general noun standing for what came before), else 0."""
    if not len(doc):
        return 0
    first = doc[0].text.lower()
    if len(doc) > 2 and first in {"this", "these", "the", "such"}:
        second = doc[1].text.lower()
        named = [m for m in mentions if m.start == 1]
        if (second in _ANAPHORS and not any(m.start <= 1 < m.end for m in mentions)) or (
                first in {"this", "these"} and named and named[0].end == 2
                and named[0].type == "Mechanism"):
            return 2
    return 1 if first in _PRONOUNS else 0


def _referent(antecedent: Mention, earlier: list[Mention], cue: Cue, objects: list[Mention],
              fits: Fits) -> Mention:
    """What a sentence-initial pronoun stands for: the previous sentence's first concept,
    unless it fits the cue's best predicate with no object and another of its concepts does."""
    def fitting(mention: Mention) -> bool:
        best = cue.predicates[0]
        return any(fits(best, o.type, mention.type) if cue.inverse
                   else fits(best, mention.type, o.type) for o in objects)
    if not objects or fitting(antecedent):
        return antecedent
    return next((m for m in earlier if fitting(m)), antecedent)


def _named(pronoun: Mention, antecedent: Mention | None, earlier: list[Mention] | None) -> str:
    for mention in [antecedent, *(earlier or [])]:
        if mention is not None and mention.key == pronoun.key:
            return mention.text
    return antecedent.text if antecedent else pronoun.text


def _joined_verbs(doc: Any, last_end: int, start: int) -> bool:
    """Whether only "and"/"or" (and adverbs) stand between the last cue's object and this cue."""
    words = [doc[i].text.lower() for i in range(last_end, start)]
    return bool(words) and words[0] in {"and", "or"} and all(
        w in {"and", "or", ","} or w.endswith("ly") for w in words)


def _fitting_subject(subjects: list[Mention], left: list[Mention], cue: Cue,
                     objects: list[Mention], fits: Fits, doc: Any, start: int) -> list[Mention]:
    """When the nearest subject fits only a weaker predicate of the cue, an earlier mention of
    the clause that fits its first one: "Taping the kneecap can relieve pain" (taping treats)."""
    if not subjects or not objects or len(cue.predicates) < 2:
        return subjects
    best = cue.predicates[0]
    if any(fits(best, s.type, o.type) for s in subjects for o in objects):
        return subjects
    earlier = [m for m in left if m.end <= subjects[-1].start][::-1][:2]
    for mention in earlier:
        gap = range(mention.end, start)
        if len(gap) <= MAX_GAP and not any(doc[i].text.lower() in CLAUSE_BREAK for i in gap) \
                and any(fits(best, mention.type, o.type) for o in objects):
            return [mention]
    return subjects


def _fitting_first(objects: list[Mention], right: list[Mention], cue: Cue,
                   subjects: list[Mention], fits: Fits, doc: Any, end: int) -> list[Mention]:
    """When the nearest object fits none of the cue's predicates, the next mention that does
    (within the clause): "relieve the pressure on the knee" targets the knee."""
    if not subjects or not objects:
        return objects
    def fitting(mention: Mention) -> bool:
        return any(fits(p, s.type, mention.type) for p in cue.predicates for s in subjects)
    if any(fitting(m) for m in objects):
        return objects
    for mention in right[len(objects):len(objects) + 2]:
        gap = range(end, mention.start)
        if len(gap) <= MAX_GAP and not any(doc[i].text.lower() in CLAUSE_BREAK for i in gap) \
                and fitting(mention):
            return [mention]
    return objects


def _candidate(doc: Any, cue: Cue, subject: Mention, obj: Mention, start: int, end: int,
               offset: int, fits: Fits) -> Candidate | None:
    predicate, fitting = _choose(cue.predicates, subject, obj, fits)
    type_note = None
    if predicate is None:  # proposed anyway: the reviewer may fix a type (e to edit)
        predicate = cue.predicates[0]
        type_note = f"check the types: {subject.type} {predicate} {obj.type} does not fit"
    first = min(subject.start, obj.start, start)
    last = max(subject.end, obj.end, end)
    confidence = cue.confidence + (0.1 if fitting else -0.1 if _near_fit(
        predicate, subject, obj, fits) else -0.3)
    distance = max(obj.start - end, start - subject.end, subject.start - end,
                   start - obj.end, 0)
    confidence -= 0.02 * distance
    note, penalty = _flags(doc, first, last)
    note = "; ".join(filter(None, [note, type_note])) or None
    return Candidate(subject, obj, predicate, offset + doc[first].idx - doc[0].idx,
                     offset + doc[last - 1].idx - doc[0].idx + len(doc[last - 1].text),
                     _clip(confidence - penalty), f"cue:{cue.name}", note)


_ANATOMY = {"AnatomicalStructure", "Joint", "Bone", "Muscle", "Ligament", "Nerve", "Tissue",
            "BodyRegion"}


def _near_fit(predicate: str, subject: Mention, obj: Mention, fits: Fits) -> bool:
    """Whether the types miss only by a kind of anatomy ("extend the hip": the hip is named as
    a body region, extendsJoint wants a joint): a smaller doubt than a wrong kind of thing."""
    return any(fits(predicate, s, o)
               for s in (_ANATOMY if subject.type in _ANATOMY else {subject.type})
               for o in (_ANATOMY if obj.type in _ANATOMY else {obj.type}))


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
        if not between or len(between) > 6 or between[0] not in _PREPOSITIONS:
            continue
        if any(w not in FILLER for w in between[1:]) or is_load(doc, left):
            continue
        lefts = coordinated(doc, [m for m in mentions if m.end <= left.end][::-1], left.end,
                             backwards=True)
        rights = coordinated(doc, [m for m in mentions if m.start >= right.start],
                              right.start, backwards=False)
        copula = _copula_subject(doc, mentions, lefts[-1] if lefts else left)
        if copula is not None:  # "Olecranon bursitis is a swelling at the back of the elbow"
            lefts = [copula, *lefts]
        for subject in lefts:   # "numbness and tingling in the ring and little finger"
            for obj in rights:
                predicate, fitting = _choose(_PREPOSITIONS[between[0]], subject, obj, fits)
                if predicate is None or not fitting:
                    continue
                note, penalty = _flags(doc, subject.start, obj.end)
                base = 0.45 if predicate == "feltIn" else \
                    _PREPOSITION_CONFIDENCE.get(between[0], 0.3)
                found.append(Candidate(subject, obj, predicate, subject.begin, obj.finish,
                                       _clip(base - penalty), f"preposition:{between[0]}",
                                       note))
    return found


_COPULA = {"is", "are"}
_ARTICLE = {"a", "an", "the"}


def _copula_subject(doc: Any, mentions: list[Mention], noun: Mention) -> Mention | None:
    """The X of "X is a <noun> ...": a condition defined by the noun phrase that follows."""
    index = noun.start - 1
    while index >= 0 and (doc[index].text.lower() in _ARTICLE or (
            doc[index].is_alpha and doc[index].text.lower() not in _COPULA
            and index >= noun.start - 3 and doc[index].text[0].islower()
            and not any(m.start <= index < m.end for m in mentions))):
        index -= 1
    if index < 1 or doc[index].text.lower() not in _COPULA:
        return None
    before = [m for m in mentions if m.end == index]
    if before and before[0].type == "Condition":
        return before[0]
    return None


def _gerund_objects(doc: Any, mentions: list[Mention], offset: int, fits: Fits,
                    cues: set[Cue]) -> list[Candidate]:
    """A treatment named by a gerund and its direct object: "Taping the kneecap" targets it."""
    found = []
    for left, right in zip(mentions, mentions[1:], strict=False):
        last = doc[left.end - 1].text.lower()
        between = [doc[i].text.lower() for i in range(left.end, right.start)]
        if not last.endswith("ing") or between not in (["the"], ["a"], ["an"], ["your"]):
            continue
        if not fits("targets", left.type, right.type) or not left.type.endswith(
                ("Treatment", "Exercise", "Therapy")) and left.type not in {
                "Treatment", "Exercise", "PhysicalTherapy"}:
            continue
        note, penalty = _flags(doc, left.start, right.end)
        found.append(Candidate(left, right, "targets", left.begin, right.finish,
                               _clip(0.55 - penalty), "gerund object", note))
    return found


# (subject type, object type) -> predicate, for two concepts of one clause with no cue between
# them: the relation their types nearly always have in a teaching text (SemRep-style type
# constraints). Proposed with a low confidence, for the reviewer to confirm.
# The confidence of each is about the share of its proposals that were right on the four
# fixture articles the rules were first written on (bench_draft.py; docs/drafting.md).
_TYPE_PAIRS = (
    ("Treatment", "Symptom", "treats", 0.4), ("Treatment", "Condition", "treats", 0.4),
    ("Exercise", "Muscle", "strengthens", 0.4),
    ("DiagnosticProcedure", "Condition", "diagnoses", 0.5),
    ("ImagingTest", "Condition", "diagnoses", 0.5),
    ("ImagingTest", "AnatomicalStructure", "visualizes", 0.4),
    ("Condition", "Symptom", "causes", 0.25), ("RiskFactor", "Condition", "contributesTo", 0.25),
    ("Condition", "AnatomicalStructure", "affects", 0.1),
    ("Symptom", "BodyRegion", "feltIn", 0.45),
)
# the same for the preposition patterns ("pain in the knee" right, "wear of the discs" not)
_PREPOSITION_CONFIDENCE = {"in": 0.45, "with": 0.4, "on": 0.35, "at": 0.35, "over": 0.35,
                           "between": 0.35, "into": 0.35, "along": 0.35, "around": 0.25, "of": 0.2}


def _type_pairs(doc: Any, mentions: list[Mention], offset: int, fits: Fits,
                found: list[Candidate]) -> list[Candidate]:
    from kg.draft.types import broad_match

    taken = {frozenset((c.subject.key, c.object.key)) for c in found}
    pairs = []
    for i, left in enumerate(mentions):
        for right in mentions[i + 1:]:
            if frozenset((left.key, right.key)) in taken or left.key == right.key:
                continue
            gap = range(left.end, right.start)
            if len(gap) > 12 or any(doc[k].text.lower() in CLAUSE_BREAK for k in gap):
                continue
            for a, b, predicate, base in _TYPE_PAIRS:
                for subject, obj in ((left, right), (right, left)):
                    if broad_match(subject.type, a) and broad_match(obj.type, b) and \
                            fits(predicate, subject.type, obj.type):
                        note, penalty = _flags(doc, left.start, right.end)
                        pairs.append(Candidate(subject, obj, predicate, left.begin,
                                               right.finish, _clip(base - penalty),
                                               "type pair", note))
                        taken.add(frozenset((left.key, right.key)))
                        break
                else:
                    continue
                break
    return pairs


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
