"""kg draft's sentence patterns, each on a short article: which relations are proposed."""

from dataclasses import replace
from pathlib import Path

import pytest

from kg.config import Project
from kg.draft.propose import load_resources, propose
from kg.sources import Document

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def resources():
    return replace(load_resources(Project(REPO / "data"), skip_curated=[
        "hip-and-lower-back-pain"]), min_confidence=0.0)


def pairs(resources, text: str) -> set[tuple[str, str, str]]:
    draft = propose(Document("d", Path("d.txt"), text + "\n"), resources)
    label = {c.id: c.label.lower() for c in draft.concepts}
    for relation in draft.relations:  # the quote rule: verbatim slices of the article
        assert relation.quote in text
    return {(label[r.subject], r.predicate, label[r.object]) for r in draft.relations}


def test_a_prepositional_modifier_does_not_take_the_subject(resources):
    found = pairs(resources, "A herniated disc in the neck can press on a nerve root.")
    assert ("herniated disc", "strains", "nerve root") in found
    assert not any(s == "neck" and p == "strains" for s, p, _ in found)


def test_an_aside_before_the_verb_is_skipped(resources):
    found = pairs(resources, "Repeated overhead activities, such as throwing a ball, can "
                             "irritate the supraspinatus tendon.")
    assert any(s == "overhead activities" and o == "supraspinatus tendon"
               for s, _, o in found)
    assert not any(s == "throwing" for s, _, _ in found)


def test_a_relative_clause_inside_the_subject(resources):
    found = pairs(resources, "Tendons that bend the fingers run through the carpal tunnel.")
    assert any(s == "tendons" and o == "carpal tunnel" for s, _, o in found)
    assert not any(s == "fingers" and o == "carpal tunnel" for s, _, o in found)


def test_passive_voice_names_the_object_first(resources):
    found = pairs(resources, "A thigh contusion is treated by resting the leg.")
    assert any(p == "treats" and o == "thigh contusion" for _, p, o in found)


def test_a_load_word_passes_the_relation_to_its_place(resources):
    found = pairs(resources, "A forearm strap reduces the load on the tendon.")
    assert any(s == "forearm strap" and o == "tendon" for s, _, o in found)


def test_coordinated_subjects_and_abbreviations(resources):
    found = pairs(resources, "Paracetamol and nonsteroidal anti-inflammatory drugs (NSAIDs) "
                             "may ease pain.")
    subjects = {s for s, p, o in found if p == "treats" and o == "pain"}
    assert "paracetamol" in subjects and len(subjects) == 2


def test_a_second_verb_keeps_the_subject(resources):
    found = pairs(resources, "The hamstring muscles bend the knee and extend the hip.")
    assert any(s == "hamstring muscles" and o == "hip" for s, _, o in found)
    assert not any(s == "knee" and o == "hip" for s, _, o in found)


def test_the_condition_stands_for_the_condition_named_before(resources):
    found = pairs(resources, "Carpal tunnel syndrome happens when the median nerve is "
                             "squeezed. Pregnancy can contribute to it. The condition causes "
                             "numbness.")
    assert ("carpal tunnel syndrome", "causes", "numbness") in found
    assert not any(s == "pregnancy" and o == "numbness" for s, _, o in found)


def test_the_threshold_leaves_out_low_confidence_proposals(resources):
    text = "Olecranon bursitis is common in the elbow. Wear of the discs and joints occurs."
    everything = propose(Document("d", Path("d.txt"), text + "\n"), resources)
    kept = propose(Document("d", Path("d.txt"), text + "\n"),
                   replace(resources, min_confidence=0.4))
    assert {r.key for r in kept.relations} == {
        r.key for r in everything.relations if r.confidence >= 0.4}


def concepts(resources, text: str) -> set[tuple[str, str]]:
    draft = propose(Document("d", Path("d.txt"), text + "\n"), resources)
    return {(c.label.lower(), c.type) for c in draft.concepts}


def test_a_subject_list_is_cut_into_noun_phrases(resources):
    text = ("Sitting for long periods and a sudden change in footwear raise the risk of "
            "tendinitis.")
    assert {("sitting for long periods", "RiskFactor"),
            ("sudden change in footwear", "RiskFactor")} <= concepts(resources, text)
    found = pairs(resources, text)
    assert {("sitting for long periods", "contributesTo", "tendinitis"),
            ("sudden change in footwear", "contributesTo", "tendinitis")} <= found


def test_a_subject_clause_is_not_a_noun_phrase(resources):
    labels = {label for label, _ in concepts(
        resources, "Overuse is another frequent factor and can cause tendinitis.")}
    assert not any(" is " in f" {label} " for label in labels)


def test_the_word_after_a_modal_is_a_verb_not_a_modifier(resources):
    labels = {label for label, _ in concepts(resources, "A fall can damage tendons and nerves.")}
    assert "damage tendons" not in labels
    assert "tendons" in labels


def test_a_recovery_verb_names_the_treatment_after_with(resources):
    assert ("rest", "treats", "strain") in pairs(resources, "The strain usually heals with rest.")


def test_make_more_likely_is_a_risk_frame(resources):
    assert ("obesity", "contributesTo", "tendinitis") in pairs(
        resources, "Obesity makes tendinitis more likely.")
    assert not any(p == "contributesTo" for _, p, _ in pairs(
        resources, "Obesity makes the knee stiff. Tendinitis is likely."))


def test_a_bare_injury_object_is_the_condition_named_last(resources):
    found = pairs(resources, "Patellar tendinopathy is common in jumpers. Weak quadriceps "
                             "and a stiff ankle make the injury more likely.")
    assert ("weak quadriceps", "contributesTo", "patellar tendinopathy") in found


def test_a_symptom_of_a_body_part_is_felt_in_it(resources):
    found = pairs(resources, "Bruising and swelling of the forearm may follow.")
    assert {("swelling", "feltIn", "forearm"), ("bruising", "feltIn", "forearm")} <= found
