"""The draft scorer (kg/draft/score.py) counts what its docstring says, and bench_draft.py's
quality part runs; a floor on the articles the rules were tuned on guards against regressions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kg.curation import Concept, CuratedFile, Relation
from kg.draft.model import Draft, DraftConcept, DraftRelation
from kg.draft.score import score
from kg.sources import Document

REPO = Path(__file__).resolve().parents[1]


def test_score_counts_names_pairs_and_sentences():
    document = Document("d", Path("d.txt"), "Knee OA causes knee pain. Rest eases knee pain.\n")
    gold = CuratedFile(Path("g.yaml"), "d", 1, [
        Concept("knee-oa", "knee osteoarthritis", "Condition", synonyms=["knee OA"]),
        Concept("knee-pain", "knee pain", "Symptom"),
        Concept("rest", "rest", "Treatment"),
    ], [
        Relation("knee-oa", "causes", "knee-pain", "Knee OA causes knee pain"),
        Relation("rest", "treats", "knee-pain", "Rest eases knee pain"),
    ])
    draft = Draft("d", [
        DraftConcept("oa", "Knee-OA", "Symptom"),          # hyphen and case match; wrong type
        DraftConcept("pain", "knee pain", "Symptom"),
        DraftConcept("weather", "weather", "Concept"),      # matches nothing
    ], [
        DraftRelation("pain", "affects", "oa", "Knee OA causes knee pain", 1),  # reversed: ok
        DraftRelation("pain", "causes", "weather", "knee pain", 2),             # wrong
        DraftRelation("oa", "causes", "pain", "knee pain", 2),     # right pair, wrong sentence
    ])
    result = score(draft, gold, document)
    assert (result.concepts_found, result.gold_concepts) == (2, 3)
    assert result.types_right == 1
    assert (result.relations_found, result.candidates_right, result.candidate_relations) == \
        (1, 1, 3)
    assert result.predicates_right == 0
    assert result.end_pairs == 1
    assert result.relation_precision == 1 / 3


def test_bench_draft_quality_runs_and_tuned_articles_keep_a_floor():
    spec = importlib.util.spec_from_file_location("bench_draft",
                                                  REPO / "benchmarks" / "bench_draft.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = dict(module.quality())
    assert "knee-pain-in-runners" in rows and any("from scratch" in name for name in rows)
    for name, result in rows.items():
        for value in (result.concept_recall, result.relation_recall,
                      result.relation_precision):
            assert 0 <= value <= 1
        if name in STRONG:  # the articles the rules were mostly written on: no regression
            assert result.concept_recall >= 0.8, name
            assert result.relation_recall >= 0.55, name
            assert result.relation_precision >= 0.55, name
        elif name in ONE_ROUND:  # studied for one round: a no-regression floor, not the target
            assert result.concept_recall >= ONE_ROUND[name][0], name
            assert result.relation_recall >= ONE_ROUND[name][1], name
        elif name in module.TUNED and "scratch" not in name:  # tuned on after one held-out run
            assert result.concept_recall >= 0.8, name
            assert result.relation_recall >= 0.3, name


# its score after the one round of rules written while looking at it (75% concepts, 34%
# relations), rounded down: still under the 80% concept target (docs/drafting.md)
ONE_ROUND = {"shin-and-calf-pain": (0.7, 0.3)}
STRONG = {"knee-pain-in-runners", "shoulder-pain", "ankle-and-achilles", "elbow-pain",
          "neck-pain", "wrist-and-hand-pain"}


def test_argument_slots_name_a_concept_by_the_predicate_domain():
    from dataclasses import replace

    from kg.config import Project
    from kg.draft.propose import load_resources, propose

    resources = load_resources(Project(REPO / "data"))
    document = Document("d", Path("d.txt"), "Warmth can ease stiffness.\n")
    without = propose(document, resources)
    assert "warmth" not in {c.label.lower() for c in without.concepts}
    drafted = propose(document, replace(resources,
                                        features=resources.features | {"arguments"}))
    warmth = next(c for c in drafted.concepts if c.label == "warmth")
    assert warmth.type == "Treatment" and warmth.rule == "argument"
    assert "a guess" in warmth.note
    assert any(r.subject == warmth.id and r.predicate == "treats" for r in drafted.relations)
