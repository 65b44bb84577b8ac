"""Quiz questions generated from the graph, each with exactly one correct answer and the
quotes that prove it.

Four kinds, all driven by the vocabulary (class and property labels), never by the article's
names:

* ``choice`` — "Which of these causes X?": the answer is the subject of a cited statement; the
  distractors are concepts of the same kind that the graph does **not** relate to X by any path
  of the relation's family (:meth:`Material.reaches`), in either direction;
* ``ordering`` — put the concepts of a cited causal chain in order;
* ``matching`` — complete "… felt in …" for several subjects; no subject is related to another
  pair's object by the relation's family, so each has one match;
* ``true_false`` — the article's own contrasts: two concepts of the same kind, directly related,
  that the article says different things of under the same relation (:func:`kg.explain.compare`).
  "False" means the graph has no such relation by any path of the family.

Every question keeps ``basis``: the concept ids and relation it was built from, so a test can
check its answer against the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kg.teach.material import Citation, Fact, Material, stable_id

__all__ = ["KINDS", "Question", "questions"]

KINDS = ("choice", "ordering", "matching", "true_false")
#: at most this many questions of each kind
LIMITS = {"choice": 30, "ordering": 10, "matching": 10, "true_false": 12}
#: options of a multiple-choice question (the answer and up to this many minus one distractors)
OPTIONS = 4
#: pairs in a matching question (Moodle needs at least three)
MATCH_MIN, MATCH_MAX = 3, 5


@dataclass
class Question:
    """One question, ready for any quiz format.

    ``choice``: ``options`` and the index ``correct``. ``true_false``: ``correct`` is a bool.
    ``matching``: ``pairs`` (left, right) as the article states them. ``ordering``: ``order``,
    the items in the right order (formats without an ordering type show it as matching
    ``Step 1…n`` to items).
    """

    id: str
    kind: str
    title: str
    prompt: str
    citations: list[Citation]
    options: list[str] = field(default_factory=list)
    correct: int | bool | None = None
    pairs: list[tuple[str, str]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    basis: dict[str, Any] = field(default_factory=dict)

    def feedback(self) -> str:
        """The quotes that prove the answer, each with its sentence and section."""
        return " ".join(c.text() for c in self.citations)

    def answer_text(self) -> str:
        """The correct answer in words (for an answer key)."""
        if self.kind == "choice":
            return self.options[int(self.correct or 0)]
        if self.kind == "true_false":
            return "True" if self.correct else "False"
        if self.kind == "matching":
            return "; ".join(f"{a} → {b}" for a, b in self.pairs)
        return " → ".join(self.order)


def questions(m: Material) -> list[Question]:
    """Every question of the quiz, in a stable order: by kind, then as generated."""
    result = (choice_questions(m)[:LIMITS["choice"]] + ordering_questions(m)[:LIMITS["ordering"]]
              + matching_questions(m)[:LIMITS["matching"]]
              + true_false_questions(m)[:LIMITS["true_false"]])
    unique = {q.id: q for q in reversed(result)}  # the first of any repeated question
    result = [q for q in result if unique[q.id] is q]
    for number, q in enumerate(result, 1):
        q.title = f"Q{number:02d} {q.title}"
    return result


# ------------------------------------------------------------------ wording

def which_of_these(label: str, target: str) -> str:
    """"Which of these causes X" from the relation label ``causes`` (via
    :func:`kg.explain.inverse_label`).

    >>> which_of_these("felt in", "the knee")
    'Which of these is felt in the knee'
    >>> which_of_these("confirms as source", "the knee")
    'Which of these confirms the knee as source'
    """
    from kg.explain import inverse_label

    text = inverse_label(label)
    text = re.sub(r"^what\b", "Which of these", text)
    return re.sub(r"\bit\b", lambda _: target, text, count=1)


def _fact_statement(f: Fact, subject: str | None = None, obj: str | None = None) -> str:
    return f"{subject or f.subject_label} {f.label} {obj or f.object_label}"


def _shuffled(items: list[Any], seed: str) -> list[Any]:
    """A stable shuffle: the same items and seed give the same order in every build."""
    return sorted(items, key=lambda item: stable_id(seed, str(item)))


# ------------------------------------------------------------------ kinds

def choice_questions(m: Material) -> list[Question]:
    """"Which of these {relation} {object}?": one per relation and object, the answer its
    earliest-cited subject."""
    result = []
    seen: set[tuple[str, str]] = set()
    for f in _by_predicate_size(m):
        if (f.predicate, f.object) in seen:
            continue
        seen.add((f.predicate, f.object))
        family = m.family(f.predicate)
        answer = m.concepts[f.subject]
        wrong = [c for c in m.concepts.values()
                 if c.top_type == answer.top_type and c.id not in (f.subject, f.object)
                 and c.label != answer.label and not m.related(c.id, f.object, family)]
        if len(wrong) < 2:
            continue
        qid = stable_id("choice", f.predicate, f.object)
        wrong = sorted(_shuffled(wrong, qid), key=lambda c: c.type != answer.type)
        chosen = [answer, *wrong[:OPTIONS - 1]]
        options = _shuffled(chosen, qid + "order")
        result.append(Question(
            id=qid, kind="choice", title=f"{f.label}: {f.object_label}",
            prompt=which_of_these(f.label, f.object_label) + ", according to the article?",
            citations=[f.citation], options=[c.label for c in options],
            correct=options.index(answer),
            basis={"predicate": f.predicate, "object": f.object, "answer": answer.id,
                   "distractors": [c.id for c in options if c is not answer],
                   "statement": f.statement}))
    return _round_robin(result)


def _round_robin(questions: list[Question]) -> list[Question]:
    """The first question of each relation, then the second of each, and so on, so that a
    capped quiz covers every relation (relations in the order they first appear)."""
    groups: dict[str, list[Question]] = {}
    for q in questions:
        groups.setdefault(q.basis["predicate"], []).append(q)
    result = []
    for rank in range(max((len(g) for g in groups.values()), default=0)):
        result += [g[rank] for g in groups.values() if rank < len(g)]
    return result


def _by_predicate_size(m: Material) -> list[Fact]:
    """Facts of the most used relations first (so the quiz covers the article's main claims),
    then in article order."""
    count: dict[str, int] = {}
    for f in m.facts:
        count[f.predicate] = count.get(f.predicate, 0) + 1
    return sorted(m.facts, key=lambda f: (-count[f.predicate], f.citation.sentence or 0))


def ordering_questions(m: Material) -> list[Question]:
    """One per causal chain of at least two relations: put its concepts in order."""
    result = []
    for chain in m.chains:
        if len(chain) < 2:
            continue
        order = [chain[0].subject_label] + [f.object_label for f in chain]
        result.append(Question(
            id=stable_id("ordering", *(f.statement for f in chain)), kind="ordering",
            title=f"chain: {order[0]} … {order[-1]}",
            prompt=f"Put these in the order the article gives, each leading to the next "
                   f"({len(order)} steps).",
            citations=[f.citation for f in chain], order=order,
            basis={"chain": [chain[0].subject] + [f.object for f in chain],
                   "statements": [f.statement for f in chain]}))
    return result


def matching_questions(m: Material) -> list[Question]:
    """Per relation: groups of 3–5 (subject, object) pairs where no subject is related to
    another pair's object by the relation's family."""
    result = []
    from kg.explain import causal_predicates

    causal = causal_predicates(m.G)
    predicates = sorted({f.predicate for f in m.facts},
                        key=lambda p: (p in causal, -len(m.facts_of(p)), p))
    for predicate in predicates:
        family = m.family(predicate)
        pool = list(m.facts_of(predicate))
        made = 0
        while pool and made < 2:
            group: list[Fact] = []
            for f in list(pool):
                if any(f.subject == g.subject or f.object_label == g.object_label
                       or f.subject_label == g.subject_label
                       or m.reaches(f.subject, g.object, family)
                       or m.reaches(g.subject, f.object, family) for g in group):
                    continue
                group.append(f)
                if len(group) == MATCH_MAX:
                    break
            if len(group) < MATCH_MIN:
                break
            pool = [f for f in pool if f not in group]
            made += 1
            label = group[0].label
            result.append(Question(
                id=stable_id("matching", *(f.statement for f in group)), kind="matching",
                title=f"match: {label}",
                prompt=f"Match each to complete “… {label} …” as the article says.",
                citations=[f.citation for f in group],
                pairs=[(f.subject_label, f.object_label) for f in group],
                basis={"predicate": predicate,
                       "pairs": [(f.subject, f.object) for f in group]}))
    return _round_robin(result)


def true_false_questions(m: Material) -> list[Question]:
    """From the article's contrasts: for two directly related concepts of the same kind and a
    relation both have, one true statement about the first and one false one about the
    second (what the article says of the first, said of the second)."""
    from kg.explain import compare

    symmetric = set(m.G.graph.get("symmetric_predicates", ()))
    linked: dict[tuple[str, str], bool] = {}
    for f in m.facts:
        if m.concepts[f.subject].top_type == m.concepts[f.object].top_type:
            pair = (min(f.subject, f.object), max(f.subject, f.object))
            linked[pair] = linked.get(pair, False) or f.predicate in symmetric
    rows = {pair: [r for r in compare(m.G, *pair) if r.direction == "out" and r.a and r.b]
            for pair in linked}
    # contrasts the vocabulary calls symmetric (hard to tell apart...) first, then the pairs
    # the article says most things of side by side
    pairs = sorted(linked, key=lambda p: (not linked[p], -len(rows[p]), p))
    result = []
    for a, b in pairs:
        for row in rows[a, b]:
            family = m.family(row.predicate)
            for this, other, steps in ((a, b, row.a), (b, a, row.b)):
                only = [s for s in steps if not m.reaches(other, s.end, family)
                        and s.end not in (this, other)]
                if not only:
                    continue
                s = only[0]
                true_fact = _fact_of(m, s.statement)
                other_facts = [_fact_of(m, t.statement)
                               for t in (row.b if this == a else row.a)]
                other_label = m.concepts[other].label
                result.append(_true_false(true_fact, None, [true_fact.citation], True))
                result.append(_true_false(true_fact, other_label,
                                          [true_fact.citation, other_facts[0].citation],
                                          False, other))
    return result


def _fact_of(m: Material, statement: str | None) -> Fact:
    return next(f for f in m.facts if f.statement == statement)


def _true_false(f: Fact, subject_label: str | None, citations: list[Citation], value: bool,
                subject: str | None = None) -> Question:
    text = _fact_statement(f, subject_label)
    return Question(
        id=stable_id("true_false", f.statement, subject or f.subject), kind="true_false",
        title=f"true or false: {f.label}",
        prompt=f"True or false? According to the article, {text}.",
        citations=citations, correct=value,
        basis={"subject": subject or f.subject, "predicate": f.predicate, "object": f.object,
               "contrast": f.subject, "statement": f.statement})
