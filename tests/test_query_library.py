"""Every named question answers what the article says: expected answers written out as sets.

The expected sets are read off data/curated/hip-and-lower-back-pain.yaml (and the article)
by hand, as labels, not computed with the queries themselves. They are checked on the default
engine here; tests/test_query_engines.py checks that rdflib gives the same rows for all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import KGError
from kg.query import library, load_named, names

REPO = Path(__file__).resolve().parents[1]

CONCEPT = "https://w3id.org/edu-kg/hip-spine/concept/"
KGV = "https://w3id.org/edu-kg/vocab#"


@pytest.fixture(scope="module")
def ask(embedded):
    def run(name: str, **params: str):
        return kg.query(name, embedded, **params)

    return run


def labels(rows, *columns: str) -> set[tuple]:
    return {tuple(row[c] for c in columns) for row in rows}


# ------------------------------------------------------------------ the library itself

def test_library_has_at_least_15_documented_questions(embedded):
    queries = library(embedded)
    assert len(queries) >= 15
    for q in queries:
        assert q.title and q.description, q.name
        for p in q.params:
            assert p.meaning and p.default, (q.name, p.name)


# ------------------------------------------------------------------ hip conditions -> back pain

def test_conditions_to_back_pain(ask):
    rows = ask("conditions-to-back-pain")
    assert labels(rows, "conditionLabel", "mechanismLabel") == {
        ("hip dysfunction", "lumbar compensation"),
        ("hip osteoarthritis", "wearing down of cartilage"),
        ("hip osteoarthritis", "abnormal forces transferred to the lower back"),
        ("femoroacetabular impingement", "lumbar compensation"),
        ("trochanteric bursitis", "shift in weight distribution"),
        ("sacroiliac joint dysfunction", None),  # directly
        # not muscle imbalance nor tight hip flexors: the article's example of them ends at
        # "overload the lumbar spine" and names no pain
    }


def test_conditions_to_another_symptom(ask):
    rows = ask("conditions-to-back-pain", symptom="sciatica")
    assert labels(rows, "conditionLabel", "mechanismLabel") == {("pinched nerve", None)}


def test_chain_from_sitting_to_the_lumbar_spine(ask):
    rows = ask("chain")
    assert labels(rows, "causeLabel", "relationLabel", "effectLabel", "sentence") == {
        ("prolonged sitting", "causes", "tight hip flexors", 7),
        ("tight hip flexors", "causes", "anterior pelvic tilt", 8),
        ("anterior pelvic tilt", "contributes to", "poor posture and movement patterns", 11),
        ("poor posture and movement patterns", "strains", "lumbar spine", 11),
    }
    assert [r["sentence"] for r in rows] == sorted(r["sentence"] for r in rows)
    assert all(r["quote"] for r in rows)
    # the article says sitting makes back pain worse, not that it causes it
    assert ask("chain", end="low back pain") == []


def test_chain_with_other_ends(ask):
    rows = ask("chain", start="FAI", end="lumbar compensation")
    assert labels(rows, "causeLabel", "effectLabel") == {
        ("femoroacetabular impingement", "limited hip range of motion"),
        ("limited hip range of motion", "lumbar compensation"),
    }


def test_what_lumbar_compensation_strains(ask):
    rows = ask("strains")
    assert labels(rows, "structureLabel", "kindLabel") == {
        ("spinal discs", "Tissue"), ("spinal ligaments", "Ligament"), ("facet joints", "Joint")}
    assert {r["quote"] for r in rows} == {
        "This excessive motion places undue strain on the spinal discs, ligaments, and facet "
        "joints."}


def test_muscles_and_how(ask):
    rows = ask("muscles")
    assert labels(rows, "subjectLabel", "predicateLabel", "objectLabel") == {
        ("tight hip flexors", "affects", "hip flexor muscles"),
        ("stretching", "targets", "hip flexor muscles"),
        ("gluteal muscles", "stabilizes", "pelvis"),
        ("gluteal muscles", "extends", "hip joint"),
        ("weak gluteal muscles", "affects", "gluteal muscles"),
        ("strengthening exercises", "strengthens", "gluteal muscles"),
        ("strengthening exercises", "strengthens", "core muscles"),
        ("back muscles working harder", "affects", "back muscles"),
        ("hip flexor muscles", "located in", "front of the body"),
    }


def test_hip_or_back_pain_side_by_side(ask):
    rows = ask("hip-or-back-pain")
    hip = labels([r for r in rows if r["firstAnswer"]], "aspectLabel", "firstAnswerLabel")
    back = labels([r for r in rows if r["secondAnswer"]], "aspectLabel", "secondAnswerLabel",
                  "aboutLabel")
    assert hip == {
        ("originates in", "hip joint"),
        ("felt in", "groin"), ("felt in", "front of the thigh"),
        ("radiates to", "knee"),
        ("aggravated by", "weight-bearing activities"),
        ("aggravated by", "internal rotation of the leg"),
    }
    lumbar = "pain from the lumbar spine"
    assert back == {
        ("originates in", "lumbar spine", lumbar), ("originates in", "lumbar spine", "sciatica"),
        ("felt in", "lower back", lumbar), ("felt in", "buttock", lumbar),
        ("radiates to", "back of the leg", "sciatica"), ("radiates to", "foot", "sciatica"),
        ("aggravated by", "prolonged sitting", lumbar),
        ("aggravated by", "bending forward", lumbar),
    }
    assert all(bool(r["firstAnswer"]) != bool(r["secondAnswer"]) for r in rows)


def test_what_confirms_the_hip_as_source(ask):
    rows = ask("confirm-source")
    assert labels(rows, "procedureLabel", "relationLabel", "objectLabel") == {
        ("diagnostic hip joint injection", "uses", "numbing agent"),
        ("diagnostic hip joint injection", "targets", "hip joint"),
        ("diagnostic hip joint injection", "confirms as source", "hip joint"),
        ("diagnostic hip joint injection", "diagnoses", "low back pain"),
        ("X-ray", "is a kind of", "imaging"),
        ("MRI scan", "is a kind of", "imaging"),
        ("imaging", "visualizes", "spine"),
        ("imaging", "visualizes", "hip"),
    }


def test_treatments_by_kind(ask):
    rows = ask("treatments-by-kind")
    assert labels(rows, "kindLabel", "treatmentLabel", "effectLabel", "objectLabel") == {
        ("Physical therapy", "physical therapy", "restores", "hip range of motion"),
        ("Physical therapy", "physical therapy", "treats", "muscle imbalance"),
        ("Exercise", "strengthening exercises", "strengthens", "gluteal muscles"),
        ("Exercise", "strengthening exercises", "strengthens", "core muscles"),
        ("Exercise", "stretching", "targets", "hip flexor muscles"),
        ("Exercise", "stretching", "treats", "tight hip flexors"),
        ("Medication", "anti-inflammatory medications", "reduces",
         "inflammation in the hip joint or surrounding tissues"),
        ("Medication", "anti-inflammatory medications", "treats", "pain"),
        ("Medication", "nonsteroidal anti-inflammatory drugs", None, None),
        ("Therapeutic injection", "corticosteroid injection", "treats",
         "inflammation in the hip joint or surrounding tissues"),
        ("Therapeutic injection", "corticosteroid injection", "targets", "hip joint"),
        ("Therapeutic injection", "corticosteroid injection", "targets", "inflamed bursa"),
        ("Surgical procedure", "total hip replacement", "treats", "hip joint destruction"),
        ("Surgical procedure", "total hip replacement", "restores", "hip joint"),
        ("Surgical procedure", "total hip replacement", "eliminates", "altered gait"),
        ("Surgical procedure", "hip arthroscopy", "treats", "femoroacetabular impingement"),
        ("Surgical procedure", "hip arthroscopy", "targets",
         "abnormal bone growth on the hip joint"),
        ("Surgical procedure", "hip arthroscopy", "restores", "hip joint mechanics"),
        ("Surgical procedure", "minimally invasive procedure", None, None),
        ("Treatment", "improving hip mobility", "reduces", "lumbar compensation"),
        ("Treatment", "improving hip mobility", "targets", "hip range of motion"),
    }


def test_treatments_for_low_back_pain_direct_and_indirect_with_chains(ask):
    rows = ask("treatments-for", condition="low back pain")
    chains = labels(rows, "treatmentLabel", "how", "chain")
    assert {
        ("physical therapy", "indirect", "physical therapy —includes→ improving hip mobility "
         "—reduces→ lumbar compensation —causes→ low back pain"),
        ("total hip replacement", "indirect", "total hip replacement —eliminates→ altered gait "
         "—causes→ abnormal forces transferred to the lower back —contributes to→ low back pain"),
    } <= chains
    assert {"physical therapy", "total hip replacement", "improving hip mobility"} <= \
        {r["treatmentLabel"] for r in rows}
    pt = next(r for r in rows if r["chain"].startswith("physical therapy —includes→ improving"))
    assert pt["sentences"] == "28, 30, 3"
    assert "Improving hip mobility reduces the need for the lumbar spine to compensate." in \
        pt["quotes"]
    # every chain is a treatment's: its first concept is the treatment
    assert all(r["chain"].startswith(r["treatmentLabel"] + " ") for r in rows
               if r["how"] != "indirect (relieves its effect)")


@pytest.mark.parametrize("condition, expected", [
    ("femoroacetabular impingement", {
        ("hip arthroscopy", "direct"), ("physical therapy", "indirect (relieves its effect)"),
        ("improving hip mobility", "indirect (relieves its effect)")}),
    ("hip OA", {("total hip replacement", "indirect (relieves its effect)")}),  # a synonym
    ("tight hip flexors", {("stretching", "direct"), ("physical therapy", "indirect")}),
    ("muscle-imbalance", {("physical therapy", "direct")}),  # an id
])
def test_treatments_for_a_condition(ask, condition, expected):
    rows = ask("treatments-for", condition=condition)
    assert labels(rows, "treatmentLabel", "how") == expected


def test_treatments_for_a_structure_read_as_what_affects_it(ask):
    rows = ask("treatments-for", condition="hip joint")
    assert ("total hip replacement", "direct",
            "total hip replacement —treats→ hip joint destruction —affects→ hip joint") in \
        labels(rows, "treatmentLabel", "how", "chain")
    assert {"hip arthroscopy", "corticosteroid injection", "physical therapy"} <= \
        {r["treatmentLabel"] for r in rows}


def test_about_a_concept_with_quotes(ask):
    rows = ask("about", concept="hip osteoarthritis")
    relations = {(r["subjectLabel"], r["predicateLabel"], r["objectLabel"], r["sentence"])
                 for r in rows if r["quote"]}
    assert relations == {
        ("hip osteoarthritis", "causes", "low back pain", 12),
        ("hip osteoarthritis", "involves", "wearing down of cartilage", 12),
        ("hip osteoarthritis", "affects", "hip joint", 12),
    }
    skos, obo = "http://www.w3.org/2004/02/skos/core#", "http://purl.obolibrary.org/obo/"
    facts = {(r["predicate"], r["object"]) for r in rows if not r["quote"]}
    assert facts == {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", KGV + "Condition"),
        (skos + "altLabel", "osteoarthritis of the hip"), (skos + "altLabel", "hip OA"),
        (skos + "definition", "The most common of the hip conditions that lead to back pain; "
                              "it involves the wearing down of cartilage, which limits the "
                              "smooth movement of the ball-and-socket joint."),
        (skos + "exactMatch", obo + "MONDO_0006629"), (skos + "exactMatch", obo + "NCIT_C34876"),
        (skos + "closeMatch", obo + "HP_0008843"),
    }


def test_about_shows_incoming_relations(ask):
    rows = ask("about", concept="sciatica")
    assert labels(rows, "subjectLabel", "predicateLabel", "objectLabel") >= {
        ("pinched nerve", "causes", "sciatica"),
        ("sciatica", "is a kind of", "pain from the lumbar spine"),
        ("sciatica", "originates in", "lumbar spine"),
        ("sciatica", "radiates to", "back of the leg"),
        ("sciatica", "radiates to", "foot"),
    }
    assert len([r for r in rows if r["quote"]]) == 5


def test_evidence_between_two_concepts(ask):
    rows = ask("evidence")  # hip osteoarthritis -> low back pain
    assert labels(rows, "subjectLabel", "predicateLabel", "objectLabel") == {
        ("hip osteoarthritis", "causes", "low back pain"),
        ("hip osteoarthritis", "involves", "wearing down of cartilage"),
        ("wearing down of cartilage", "causes", "hip stiffness"),
        ("hip stiffness", "causes", "altered gait"),
        ("hip stiffness", "causes", "altered posture"),
        ("altered gait", "causes", "abnormal forces transferred to the lower back"),
        ("altered posture", "causes", "abnormal forces transferred to the lower back"),
        ("abnormal forces transferred to the lower back", "contributes to", "low back pain"),
    }
    assert {r["section"] for r in rows} == {"Specific Hip Conditions That Lead to Back Pain"}
    notes = {r["note"] for r in rows if r["note"]}
    assert any("the most common cause of low back pain" in n for n in notes)


def test_evidence_either_way_round_and_not_causal(ask):
    rows = ask("evidence", **{"from": "groin", "to": "hip pain"})
    assert labels(rows, "subjectLabel", "predicateLabel", "objectLabel", "sentence") == {
        ("hip pain", "felt in", "groin", 20)}


def test_conditions_that_alter_gait(ask):
    rows = ask("gait")
    assert labels(rows, "conditionLabel", "viaLabel", "gaitLabel") == {
        ("hip osteoarthritis", "hip stiffness", "altered gait"),
        ("trochanteric bursitis", "pain from trochanteric bursitis", "altered way of walking"),
    }


def test_hubs_ranked(ask):
    rows = ask("hubs")
    assert [(r["conceptLabel"], r["relations"]) for r in rows[:5]] == [
        ("hip joint", 15), ("lumbar spine", 11), ("low back pain", 10),
        ("lumbar compensation", 10), ("hip pain", 9)]
    assert labels(rows, "conceptLabel", "relations", "outgoing", "incoming") == {
        ("hip joint", 15, 3, 12), ("lumbar spine", 11, 3, 8), ("low back pain", 10, 1, 9),
        ("lumbar compensation", 10, 6, 4), ("hip pain", 9, 8, 1),
        ("pain from the lumbar spine", 9, 6, 3), ("femoroacetabular impingement", 8, 7, 1),
        ("limited hip range of motion", 7, 5, 2), ("altered gait", 5, 2, 3), ("hip", 5, 0, 5),
        ("hip range of motion", 5, 0, 5), ("lower back", 5, 0, 5),
        ("physical therapy", 6, 5, 1), ("sciatica", 5, 4, 1), ("tight hip flexors", 5, 3, 2),
        ("abnormal bone growth on the hip joint", 4, 2, 2),
        ("abnormal forces transferred to the lower back", 4, 2, 2),
        ("anterior pelvic tilt", 4, 3, 1), ("anti-inflammatory medications", 4, 3, 1),
        ("diagnostic hip joint injection", 4, 4, 0),
    }


def test_consequences_of_a_condition(ask):
    rows = ask("consequences", cause="hip OA")
    assert labels(rows, "consequenceLabel", "kindLabel") == {
        ("wearing down of cartilage", "Mechanism"),
        ("abnormal forces transferred to the lower back", "Mechanism"),
        ("hip stiffness", "Symptom"), ("altered gait", "Symptom"),
        ("altered posture", "Symptom"), ("low back pain", "Symptom"),
        ("lower back", "Body region"), ("spine", "Anatomical structure"),
    }


def test_consequences_of_a_body_structure_are_those_of_what_affects_it(ask):
    rows = ask("consequences", cause="hip")
    found = labels(rows, "consequenceLabel", "throughLabel")
    assert ("low back pain", "hip dysfunction") in found
    assert ("low back pain", "trochanteric bursitis") in found
    assert all(row["through"] for row in rows)  # the hip itself leads to nothing
    assert not any(row["through"] for row in ask("consequences", cause="hip OA"))


def test_leads_to_is_a_yes_no_question(ask):
    assert ask("leads-to") is True  # hip pain -> low back pain
    # a body structure is read as what affects it or is located in it
    assert ask("leads-to", cause="hip", effect="low back pain") is True
    assert ask("leads-to", cause="hip joint", effect="low back pain") is True
    assert ask("leads-to", cause="prolonged sitting", effect="lumbar spine") is True
    # directions compose: two decreases make an increase; a relief is not a "leads to"
    assert ask("leads-to", cause="FAI", effect="lumbar compensation") is True
    assert ask("leads-to", cause="physical therapy", effect="low back pain") is False
    # it makes back pain worse (aggravated by), which is not a causal chain
    assert ask("leads-to", cause="prolonged sitting", effect="low back pain") is False
    assert ask("leads-to", cause="low back pain", effect="hip pain") is False
    assert ask("leads-to", cause="gluteal weakness", effect="low back pain") is False


@pytest.mark.parametrize("cause, effect, answer, why", [
    ("hip", "low back pain", "yes", "'hip' (body region) is read as what affects it or is "
     "located in it: hip dysfunction affects hip (sentence 3) and leads to low back pain"),
    ("hip pain", "low back pain", "yes", "hip pain causes low back pain (sentence 1)"),
    ("low back pain", "hip pain", "no", "it is the other way round: hip pain leads to low "
     "back pain"),
    ("physical therapy", "low back pain", "no", "the chains of causes from physical therapy "
     "lessen low back pain instead (see kg explain)"),
])
def test_leads_to_why_gives_one_line_for_the_answer(ask, cause, effect, answer, why):
    assert ask("leads-to", cause=cause, effect=effect) is (answer == "yes")
    rows = ask("leads-to-why", cause=cause, effect=effect)
    first = next(r for r in rows if r["answer"] == answer)
    assert first["why"] == why


def test_leads_to_lists_the_directions_the_vocabulary_declares(graph, embedded):
    """The predicates written in leads-to (and leads-to-why) are exactly the direct
    sub-properties of the two direction parents in vocab.ttl."""
    import re

    from rdflib import RDFS, URIRef

    kgv = "https://w3id.org/edu-kg/vocab#"
    for name in ("leads-to", "leads-to-why"):
        text = (REPO / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        for parent in ("increasingRelation", "decreasingRelation"):
            declared = {str(p)[len(kgv):] for p in
                        graph.subjects(RDFS.subPropertyOf, URIRef(kgv + parent))}
            group = "|".join(sorted(declared, key=len, reverse=True))
            lists = re.findall(r"\((kgv:\w+(?:\|kgv:\w+)+)\)", text)
            assert any({x[4:] for x in found.split("|")} == declared for found in lists), \
                (name, parent, group)


def test_glossary_uses_the_class_hierarchy(ask):
    rows = ask("glossary", kind="Treatment")
    assert labels(rows, "conceptLabel", "classLabel") == {
        ("physical therapy", "Physical therapy"),
        ("strengthening exercises", "Exercise"), ("stretching", "Exercise"),
        ("anti-inflammatory medications", "Medication"),
        ("nonsteroidal anti-inflammatory drugs", "Medication"),
        ("corticosteroid injection", "Therapeutic injection"),
        ("total hip replacement", "Surgical procedure"),
        ("hip arthroscopy", "Surgical procedure"),
        ("minimally invasive procedure", "Surgical procedure"),
        ("improving hip mobility", "Treatment"),
    }
    muscles = ask("glossary", kind="muscle")
    assert labels(muscles, "conceptLabel") == {
        ("hip flexor muscles",), ("gluteal muscles",), ("back muscles",), ("core muscles",)}
    assert len(ask("glossary", kind="Anatomical structure")) == 29
    assert len(ask("glossary")) == 95  # default: every concept


def test_classes_with_counts(ask):
    rows = ask("classes")
    assert labels(rows, "classLabel", "parentLabel", "asserted", "withSubclasses") == {
        ("Concept", None, 0, 95),
        ("Condition", "Concept", 12, 12), ("Symptom", "Concept", 13, 13),
        ("Model", "Concept", 1, 1),
        ("Mechanism", "Concept", 15, 15), ("Body function", "Concept", 6, 6),
        ("Anatomical structure", "Concept", 3, 29),
        ("Joint", "Anatomical structure", 3, 3), ("Bone", "Anatomical structure", 3, 3),
        ("Muscle", "Anatomical structure", 4, 4), ("Ligament", "Anatomical structure", 1, 1),
        ("Nerve", "Anatomical structure", 1, 1), ("Tissue", "Anatomical structure", 4, 4),
        ("Body region", "Anatomical structure", 10, 10),
        ("Treatment", "Concept", 1, 10),
        ("Physical therapy", "Treatment", 1, 1), ("Exercise", "Treatment", 2, 2),
        ("Medication", "Treatment", 2, 2), ("Therapeutic injection", "Treatment", 1, 1),
        ("Surgical procedure", "Treatment", 3, 3),
        ("Diagnostic procedure", "Concept", 1, 4),
        ("Imaging test", "Diagnostic procedure", 3, 3),
        ("Drug", "Concept", 1, 1),
        # an activity the article says a symptom worsens with is not thereby a risk factor
        ("Risk factor", "Concept", 0, 0),
        ("Aggravating factor", "Concept", 0, 4),
        ("Activity or movement", "Aggravating factor", 4, 4),
    }


RELATION_COUNTS = {  # label -> statements using exactly it (from the curated YAML)
    "causes": 31, "contributes to": 2, "involves": 3, "impairs": 5, "strains": 7,
    "reduces": 2, "affects": 15, "located in": 9, "part of": 7, "is a kind of": 9,
    "linked to": 1, "connects": 2, "stabilizes": 1, "extends": 1, "supplies": 2, "felt in": 7,
    "originates in": 3, "radiates to": 3, "aggravated by": 4, "hard to tell apart from": 1,
    "confounds": 2,
    "treats": 6, "eliminates": 1, "targets": 6, "strengthens": 2, "restores": 3,
    "includes": 3, "used with": 1, "uses": 1, "confirms as source": 1, "diagnoses": 1,
    "visualizes": 2, "causally related to": 0, "increases": 0, "decreases": 0,
}


def test_relations_with_counts_and_subrelations(ask):
    rows = ask("relations")
    assert {r["relationLabel"]: r["statements"] for r in rows} == RELATION_COUNTS
    including = {r["relationLabel"]: r["withSubrelations"] for r in rows}
    # causes, contributes to, involves, impairs, strains; treats, eliminates, reduces,
    # restores, includes (the two directions of influence)
    causal = ("causes", "contributes to", "involves", "impairs", "strains", "treats",
              "eliminates", "reduces", "restores", "includes")
    assert including["causally related to"] == sum(RELATION_COUNTS[k] for k in causal)
    assert including["decreases"] == sum(RELATION_COUNTS[k] for k in
                                         ("impairs", "treats", "eliminates", "reduces"))
    assert including["treats"] == 6 + 1  # + eliminates
    assert including["targets"] == 6 + 2  # + strengthens
    assert including["affects"] == 15 + 7  # + strains
    assert including["causes"] == 31


def test_metagraph_construct(embedded):
    from kg.query import run

    _, result, _ = run("metagraph", project=embedded)
    assert result.form == "CONSTRUCT"
    triples = {tuple(t.value for t in row) for row in result.rows}
    entities = {s[len(KGV):]: int(o) for s, p, o in triples
                if p == "http://rdfs.org/ns/void#entities"}
    assert entities == {
        "Condition": 12, "Symptom": 13, "Model": 1, "Mechanism": 15, "Function": 6,
        "AnatomicalStructure": 3, "Joint": 3, "Bone": 3, "Muscle": 4, "Ligament": 1,
        "Nerve": 1, "Tissue": 4, "BodyRegion": 10, "Treatment": 1, "PhysicalTherapy": 1,
        "Exercise": 2, "Medication": 2, "Injection": 1, "SurgicalProcedure": 3,
        "DiagnosticProcedure": 1, "ImagingTest": 3, "Drug": 1, "Activity": 4}
    used = {s for s, p, o in triples if p == "http://rdfs.org/ns/void#triples"}
    assert {(s, int(o)) for s, p, o in triples if p == "http://rdfs.org/ns/void#triples"} == {
        (KGV + local, n) for local, n in {
            "causes": 31, "contributesTo": 2, "involves": 3, "impairs": 5, "strains": 7,
            "reduces": 2, "affects": 15, "locatedIn": 9, "partOf": 7, "isKindOf": 9,
            "linkedTo": 1, "connects": 2, "stabilizes": 1, "extendsJoint": 1, "supplies": 2,
            "feltIn": 7, "originatesIn": 3, "radiatesTo": 3, "aggravatedBy": 4,
            "hardToDistinguishFrom": 1, "confounds": 2, "treats": 6, "eliminates": 1,
            "targets": 6, "strengthens": 2, "restores": 3, "includes": 3, "usedWith": 1,
            "uses": 1, "confirmsSource": 1, "diagnoses": 1, "visualizes": 2}.items()}
    assert len(used) == 32
    edges = {(s[len(KGV):], p[len(KGV):], o[len(KGV):]) for s, p, o in triples
             if p in {KGV + "causes", KGV + "treats", KGV + "strains"} and s.startswith(KGV)}
    assert edges == {
        ("Activity", "causes", "Condition"), ("Condition", "causes", "Mechanism"),
        ("Condition", "causes", "Symptom"), ("Mechanism", "causes", "Mechanism"),
        ("Mechanism", "causes", "Symptom"), ("Mechanism", "causes", "Condition"),
        ("Symptom", "causes", "Mechanism"),
        ("Symptom", "causes", "Symptom"),
        ("Exercise", "treats", "Condition"), ("Injection", "treats", "Mechanism"),
        ("Medication", "treats", "Symptom"), ("PhysicalTherapy", "treats", "Condition"),
        ("SurgicalProcedure", "treats", "Condition"),
        ("Mechanism", "strains", "AnatomicalStructure"), ("Mechanism", "strains", "BodyRegion"),
        ("Mechanism", "strains", "Joint"), ("Mechanism", "strains", "Ligament"),
        ("Mechanism", "strains", "Tissue"), ("Symptom", "strains", "AnatomicalStructure"),
    }


# ---------------------------------------------------------------- dialect variants

def _variant_cases():
    from kg.config import Project

    cases = []
    for named in library(Project()):
        for dialect in named.variants:
            cases.append(pytest.param(named.name, dialect, id=f"{dialect}/{named.name}"))
    return cases


VARIANT_PARAMS = {
    "chain": [{}, {"start": "hip osteoarthritis", "end": "low back pain"},
              {"start": "FAI", "end": "low back pain"}],
    "evidence": [{}, {"from": "low back pain", "to": "hip osteoarthritis"},
                 {"from": "groin", "to": "hip pain"}],
    "treatments-for": [{}, {"condition": "hip OA"}, {"condition": "hip pain"}],
    "conditions-to-back-pain": [{}, {"symptom": "hip pain"}, {"symptom": "lumbar compensation"}],
    "consequences": [{}, {"cause": "FAI"}, {"cause": "hip"}, {"cause": "low back pain"}],
    "leads-to": [{}, {"cause": "hip", "effect": "back pain"}, {"cause": "FAI", "effect": "hip"},
                 {"cause": "physical therapy", "effect": "low back pain"},
                 {"cause": "low back pain", "effect": "hip pain"}],
    "hip-or-back-pain": [{}, {"first": "sciatica", "second": "groin pain"},
                         {"first": "low back pain", "second": "hip pain"},
                         {"second": "low back pain"}],
}


def test_there_are_virtuoso_variants():
    assert {c.values[0] for c in _variant_cases()} >= {"chain"}


@pytest.mark.parametrize("name, dialect", _variant_cases())
def test_a_variant_answers_as_the_standard_query(name, dialect, embedded):
    """The variant a dialect gets is the same question: same answers on oxigraph, for the
    default parameters and others."""
    from kg.query.engines import ParamResolver, get_engine

    engine = get_engine(embedded, "oxigraph")
    named = load_named(name, embedded)
    variant = named.variants[dialect]
    assert [p.name for p in variant.params] == [p.name for p in named.params]
    for given in VARIANT_PARAMS.get(name, [{}]):
        bindings = ParamResolver(engine, embedded).bindings(named, given)
        standard = engine.execute(named.text, bindings)
        other = engine.execute(variant.text, bindings)
        assert other.form == standard.form
        if standard.form == "ASK":
            assert other.boolean == standard.boolean, (name, given)
            continue
        assert other.variables == standard.variables
        assert set(other.rows) == set(standard.rows), (name, given)
        assert other.rows or given, f"{name}: no answer with the default parameters"


def test_a_variant_must_declare_the_same_parameters(tmp_path, monkeypatch):
    (tmp_path / "virtuoso").mkdir()
    (tmp_path / "q.rq").write_text("# param: a — a concept, default x\nSELECT ?a WHERE { }\n")
    (tmp_path / "virtuoso" / "q.rq").write_text("# param: b — oops\nSELECT ?b WHERE { }\n")
    monkeypatch.setenv("KG_QUERIES", str(tmp_path))
    with pytest.raises(KGError, match="declares the parameters") as caught:
        load_named("q")
    assert "virtuoso" in str(caught.value.file)
    assert names() == ["q"]


def test_qualified_statements_keep_the_articles_words(ask):
    rows = ask("qualified")
    found = labels(rows, "subjectLabel", "predicateLabel", "objectLabel", "qualifier")
    assert ("hip osteoarthritis", "causes", "low back pain", "the most common cause") in found
    assert ("hip pain", "radiates to", "knee", "sometimes, but rarely beyond it") in found
    condition = "if the back pain significantly improves after the hip joint itself is numbed"
    assert {(s, o) for s, p, o, q in found if q == condition} == {
        ("diagnostic hip joint injection", "hip joint"),
        ("diagnostic hip joint injection", "low back pain")}
    assert len(rows) == 30
    assert {r["reading"] for r in rows} == {"stated", "inferred"}
    assert [r["sentence"] for r in rows] == sorted(r["sentence"] for r in rows)


@pytest.mark.parametrize("treatment", ["physical therapy", "total hip replacement",
                                       "hip arthroscopy"])
def test_treatment_helps_is_treatments_for_one_treatment(ask, treatment):
    rows = ask("treatment-helps", treatment=treatment, condition="low back pain")
    every = ask("treatments-for", condition="low back pain")
    columns = ("treatmentLabel", "how", "chain", "sentences", "quotes")
    assert rows and labels(rows, *columns) == \
        {r for r in labels(every, *columns) if r[0] == treatment}


def test_a_name_for_what_goes_wrong_with_a_structure_reads_the_structure(ask, embedded):
    """'hip problems' is no concept's name (the article never says it): the words before the
    generic word name the hip, read as what affects it; an unknown name stays an error."""
    from kg.errors import KGError

    assert ask("leads-to", cause="hip problems", effect="back pain") is True
    assert ask("consequences", cause="hip problems") == ask("consequences", cause="hip")
    with pytest.raises(KGError, match="no concept named 'elbow problems'"):
        ask("leads-to", cause="elbow problems", effect="back pain")
