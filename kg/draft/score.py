"""Scoring a draft against a hand-made gold (a curated-YAML file of the same article).

Used by ``benchmarks/bench_draft.py`` and the tests. Definitions:

* a candidate concept **matches** a gold concept when one of its names (label, synonyms) has the
  same :func:`kg.names.normalize` key as one of the gold concept's names;
* **concept recall**: gold concepts matched by some candidate; **type accuracy**: matched gold
  concepts whose best candidate has the gold type;
* a candidate relation **matches** a gold relation when its two ends match the gold ends (in
  either order) and its sentence is one the gold quote touches;
* **relation recall**: gold relations matched; **relation precision**: candidate relations
  that match some gold relation; **predicate accuracy**: matched gold relations whose
  candidate has the gold predicate;
* **end pairs**: gold relations whose two ends some candidate relation joins, in any sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.names import normalize


@dataclass
class Score:
    gold_concepts: int
    concepts_found: int
    types_right: int
    candidate_concepts: int
    gold_relations: int
    relations_found: int
    predicates_right: int
    candidate_relations: int
    candidates_right: int
    end_pairs: int

    @staticmethod
    def ratio(part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def concept_recall(self) -> float:
        return self.ratio(self.concepts_found, self.gold_concepts)

    @property
    def type_accuracy(self) -> float:
        return self.ratio(self.types_right, self.concepts_found)

    @property
    def relation_recall(self) -> float:
        return self.ratio(self.relations_found, self.gold_relations)

    @property
    def relation_precision(self) -> float:
        return self.ratio(self.candidates_right, self.candidate_relations)

    @property
    def predicate_accuracy(self) -> float:
        return self.ratio(self.predicates_right, self.relations_found)

    @property
    def end_pair_recall(self) -> float:
        return self.ratio(self.end_pairs, self.gold_relations)


def score(draft: Any, gold: Any, document: Any) -> Score:
    """Score ``draft`` (a :class:`kg.draft.model.Draft`) against ``gold`` (a
    :class:`kg.curation.CuratedFile`) for the article ``document``."""
    matches = matches_of(draft, gold)
    found = {g for ids in matches.values() for g in ids}
    gold_types = {c.id: c.type for c in gold.concepts}
    types_right = sum(1 for g in found if any(
        c.type == gold_types[g] for c in draft.concepts if g in matches[c.id]))

    relations_found = predicates_right = end_pairs = 0
    right: set[int] = set()
    hits = relation_hits(draft, gold, document, matches)
    for k, relation in enumerate(gold.relations):
        pair = any(_joins(matches, c, relation.subject, relation.object) and (
            relation.subject != relation.object or c.subject == c.object)
            for c in draft.relations)
        relations_found += bool(hits[k])
        predicates_right += any(draft.relations[i].predicate == relation.predicate
                                for i in hits[k])
        end_pairs += pair
        right |= hits[k]
    return Score(len(gold.concepts), len(found), types_right, len(draft.concepts),
                 len(gold.relations), relations_found, predicates_right, len(draft.relations),
                 len(right), end_pairs)


def matches_of(draft: Any, gold: Any) -> dict[str, set[str]]:
    """Candidate concept id -> the gold concept ids one of its names matches."""
    gold_names: dict[str, str] = {}
    for concept in gold.concepts:
        for name in [concept.label, *concept.synonyms]:
            gold_names.setdefault(normalize(name), concept.id)
    matches: dict[str, set[str]] = {}
    for candidate in draft.concepts:
        names = [candidate.label, *candidate.synonyms]
        matches[candidate.id] = {gold_names[k] for k in map(normalize, names) if k in gold_names}
    return matches


def relation_hits(draft: Any, gold: Any, document: Any,
                  matches: dict[str, set[str]]) -> dict[int, set[int]]:
    """Gold relation index -> the indexes of the candidate relations that match it (same two
    ends, in a sentence the gold quote touches)."""
    def sentences(relation: Any) -> set[int]:
        span = document.find_quote(relation.quote, relation.sentence)
        last = document.sentence_at(span.end - 1)
        return set(range(span.sentence, (last.number if last else span.sentence) + 1))

    hits: dict[int, set[int]] = {}
    for k, relation in enumerate(gold.relations):
        span = sentences(relation)
        hits[k] = {i for i, c in enumerate(draft.relations)
                   if _joins(matches, c, relation.subject, relation.object)
                   and (relation.subject != relation.object or c.subject == c.object)
                   and c.sentence in span}
    return hits


def _joins(matches: dict[str, set[str]], candidate: Any, subject: str, obj: str) -> bool:
    s, o = matches.get(candidate.subject, set()), matches.get(candidate.object, set())
    return (subject in s and obj in o) or (subject in o and obj in s)
