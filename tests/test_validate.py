"""kg.validate: SHACL shapes and integrity checks, on hand-made graphs and the embedded data."""

from __future__ import annotations

import json

import minigraph as m
import pytest
from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, Literal
from rdflib.namespace import PROV

from kg.config import Project
from kg.namespaces import KGV, NIF
from kg.validate import validate


@pytest.fixture
def project(tmp_path):
    return Project(m.write_dataset(tmp_path / "data"), tmp_path / "build")


def _findings(report, check):
    return [f for f in report.findings if f.check == check]


def test_sample_graph_is_valid(project):
    report = validate(m.sample_graph(), project)
    assert report.conforms, report.format_text()
    assert report.findings == []
    text = report.format_text()
    assert "✓ SHACL: 0 violations" in text and "✓ grounding: 0 violations" in text
    assert text.rstrip().endswith("valid")


# ------------------------------------------------------------------------ SHACL

def test_shacl_catches_a_concept_without_label(project):
    g = m.sample_graph()
    g.remove((m.concept("knee-pain"), RDFS.label, None))
    report = validate(g, project)
    assert not report.conforms
    [finding] = _findings(report, "SHACL")
    assert finding.focus == "knee-pain"  # no label: named by its id
    assert "name (label)" in finding.message
    assert finding.severity == "violation"


def test_shacl_catches_two_labels_and_a_missing_definition(project):
    g = m.sample_graph()
    g.add((m.concept("quadriceps"), RDFS.label, Literal("quads muscle")))
    g.remove((m.concept("knee-joint"), SKOS.definition, None))
    messages = {(f.focus, f.message.split(":")[0]) for f in _findings(validate(g, project),
                                                                       "SHACL")}
    assert ("knee joint", "A concept needs exactly one definition, a non-empty plain string") \
        in messages
    assert any(focus.startswith("quad") and "exactly one name" in msg for focus, msg in messages)


def test_shacl_catches_a_statement_without_quote(project):
    g = m.sample_graph()
    g.remove((m.statement("physiotherapy", "treats", "knee-pain"), PROV.value, None))
    report = validate(g, project)
    [finding] = _findings(report, "SHACL")
    assert finding.focus == "physiotherapy —treats→ knee pain"
    assert "quote" in finding.message
    # and the relation is no longer grounded
    [ungrounded] = _findings(report, "grounding")
    assert ungrounded.focus == "physiotherapy" and "no quote" in ungrounded.message


def test_shacl_catches_an_object_of_the_wrong_class(project):
    g = m.sample_graph()
    m.add_relation(g, "knee-osteoarthritis", "involves", "knee-joint",
                   "Knee osteoarthritis, a wearing of the joint")
    [finding] = _findings(validate(g, project), "SHACL")
    assert finding.focus == "knee osteoarthritis"
    assert "'involves' must point to a mechanism" in finding.message
    assert "knee joint, of type Joint" in finding.message


def test_shacl_accepts_a_subclass_as_object(project):
    # 'felt in' wants an AnatomicalStructure; a Joint is one through rdfs:subClassOf
    report = validate(m.sample_graph(), project)
    assert not _findings(report, "SHACL")
    g = m.sample_graph()
    g.remove((m.concept("knee-joint"), RDF.type, KGV.Joint))
    g.add((m.concept("knee-joint"), RDF.type, KGV.Mechanism))
    assert any("'felt in' must point" in f.message for f in _findings(validate(g, project),
                                                                       "SHACL"))


def test_shacl_catches_a_subject_outside_the_domain(project):
    g = m.sample_graph()
    m.add_relation(g, "cartilage-loss", "feltIn", "knee-joint", "involves cartilage loss")
    [finding] = _findings(validate(g, project), "SHACL")
    assert finding.focus == "cartilage loss"
    assert finding.message.startswith("Only a symptom can be the subject of 'felt in'")


def test_shacl_checks_offsets_and_sentence_numbers(project):
    g = m.sample_graph()
    st = m.statement("knee-pain", "feltIn", "knee-joint")
    g.set((st, KGV.sentence, Literal(0)))
    g.remove((st, NIF.endIndex, None))
    messages = [f.message for f in _findings(validate(g, project), "SHACL")]
    assert any("sentence number, counted from 1" in msg for msg in messages)
    assert any("where the quote ends" in msg for msg in messages)


# ------------------------------------------------------------------------ integrity

def test_grounding_catches_a_triple_without_statement(project):
    g = m.sample_graph()
    g.add((m.concept("quadriceps"), KGV.stabilizes, m.concept("knee-joint")))
    report = validate(g, project)
    [finding] = _findings(report, "grounding")
    assert finding.message == ("the relation quadriceps —stabilizes→ knee joint has no quote "
                               "from a source")
    assert not report.conforms


def test_grounding_catches_a_statement_whose_triple_is_not_asserted(project):
    g = m.sample_graph()
    g.remove((m.concept("physiotherapy"), KGV.strengthens, m.concept("quadriceps")))
    [finding] = _findings(validate(g, project), "grounding")
    assert finding.focus == "physiotherapy —strengthens→ quadriceps"
    assert "not asserted" in finding.message


def test_orphans(project):
    g = m.sample_graph()
    m.add_concept(g, m.C("patella", "kneecap", "Bone"))
    report = validate(g, project)
    [finding] = _findings(report, "orphans")
    assert finding.focus == "kneecap" and finding.severity == "violation"
    assert "✗ orphans: 1 violation" in report.format_text()


def test_duplicate_labels_across_concepts(project):
    g = m.sample_graph()
    m.add_concept(g, m.C("knee-pain-2", "Knee Pains", "Symptom"))
    m.add_relation(g, "knee-pain-2", "feltIn", "knee-joint",
                   "Knee pain is felt in the knee joint", n=1)
    [finding] = _findings(validate(g, project), "names")
    assert "'knee pain' belongs to 2 concepts" in finding.message
    assert "Knee Pains (Symptom)" in finding.message and "knee pain (Symptom)" in finding.message


def test_synonym_clashing_with_another_concept(project):
    g = m.sample_graph()
    g.add((m.concept("quadriceps"), SKOS.altLabel, Literal("PT")))
    g.add((m.concept("quadriceps"), KGV.key, Literal("pt")))
    [finding] = _findings(validate(g, project), "names")
    assert "'pt' belongs to 2 concepts" in finding.message
    assert "physiotherapy (Physical therapy)" in finding.message


def test_stale_lookup_keys(project):
    g = m.sample_graph()
    g.add((m.concept("quadriceps"), SKOS.altLabel, Literal("thigh muscle")))  # no kgv:key
    [finding] = _findings(validate(g, project), "names")
    assert finding.focus == "quadriceps" and "rebuild" in finding.message


def test_vocabulary_catches_two_types_and_undeclared_ones(project):
    g = m.sample_graph()
    g.add((m.concept("knee-pain"), RDF.type, KGV.Condition))
    g.remove((m.concept("quadriceps"), RDF.type, KGV.Muscle))
    g.add((m.concept("quadriceps"), RDF.type, KGV.Muscel))
    messages = {(f.focus, f.message) for f in _findings(validate(g, project), "vocabulary")}
    assert ("knee pain", "has 2 types (Condition, Symptom); a concept has exactly one") \
        in messages
    assert ("quadriceps", "its type 'Muscel' is not a concept class of the vocabulary") \
        in messages


def test_vocabulary_catches_an_undeclared_relation(project):
    g = m.sample_graph()
    m.add_relation(g, "physiotherapy", "heals", "knee-pain", "Physiotherapy treats knee pain",
                   n=1)
    findings = _findings(validate(g, project), "vocabulary")
    assert [(f.focus, f.message) for f in findings] == [
        ("heals", "this relation is not declared in the vocabulary")]


def test_quotes_are_rechecked_against_the_source(project):
    g = m.sample_graph()
    st = m.statement("knee-osteoarthritis", "causes", "knee-pain")
    g.set((st, PROV.value, Literal("Knee osteoarthritis causes knee pains")))
    [finding] = _findings(validate(g, project), "quotes")
    assert "has 'Knee osteoarthritis causes knee pain' at" in finding.message


def test_quotes_catch_a_wrong_sentence_number(project):
    g = m.sample_graph()
    g.set((m.statement("physiotherapy", "treats", "knee-pain"), KGV.sentence, Literal(3)))
    [finding] = _findings(validate(g, project), "quotes")
    assert finding.message.startswith("cites sentence 3 but the quote starts in sentence 4")


def test_quotes_changed_source_text(tmp_path):
    # the article was edited after the build: offsets no longer hold
    edited = m.TEXT.replace("Knee Basics\n", "Knee Basics and More\n")
    project = Project(m.write_dataset(tmp_path / "data", text=edited))
    report = validate(m.sample_graph(), project)
    assert len(_findings(report, "quotes")) == len(m.RELATIONS)


def test_missing_source_is_a_warning_not_a_violation(tmp_path):
    project = Project(m.write_dataset(tmp_path / "data"))
    (project.sources_dir / f"{m.DOC}.txt").unlink()
    report = validate(m.sample_graph(), project)
    assert report.conforms
    [finding] = report.findings
    assert finding.severity == "warning" and "not re-checked" in finding.message
    assert "– quotes: 0 violations, 1 warning" in report.format_text()


def test_report_as_json(project):
    g = m.sample_graph()
    m.add_concept(g, m.C("patella", "kneecap", "Bone"))
    data = json.loads(json.dumps(validate(g, project).to_dict()))
    assert data["conforms"] is False and data["violations"] == 1
    assert [c["name"] for c in data["checks"]] == ["SHACL", "vocabulary", "grounding",
                                                   "orphans", "names", "quotes", "anchoring",
                                                   "readings", "ids", "hierarchy"]
    assert data["findings"][0]["focus"] == "kneecap"
    assert data["findings"][0]["iri"] == str(m.concept("patella"))


# ------------------------------------------------------------------------ the shapes file

def _shapes_and_vocab():
    return Graph().parse(m.SHAPES), Graph().parse(m.VOCAB)


def test_every_vocabulary_class_has_a_node_shape():
    shapes, vocab = _shapes_and_vocab()
    classes = {c for c in vocab.subjects(RDF.type, OWL.Class) if str(c).startswith(str(KGV))}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes and classes <= targeted, classes - targeted


def test_every_specific_range_is_checked_on_the_domain_shape():
    shapes, vocab = _shapes_and_vocab()
    for prop in vocab.subjects(RDF.type, OWL.ObjectProperty):
        domain, range_ = vocab.value(prop, RDFS.domain), vocab.value(prop, RDFS.range)
        if range_ == KGV.Concept:
            continue
        shape = shapes.value(predicate=SH.targetClass, object=domain)
        checked = {(shapes.value(ps, SH.path), shapes.value(ps, SH["class"]))
                   for ps in shapes.objects(shape, SH.property)}
        assert (prop, range_) in checked, prop


def test_every_shape_constraint_has_a_message():
    shapes, _ = _shapes_and_vocab()
    for ps in shapes.subjects(SH.path, None):
        assert shapes.value(ps, SH.message), shapes.value(ps, SH.path)
    for shape in shapes.subjects(SH["class"], None):
        assert shapes.value(shape, SH.message), shape


# ------------------------------------------------------------------------ the embedded dataset

def test_embedded_dataset_is_valid(graph, embedded):
    report = validate(graph, embedded)
    assert report.conforms, report.format_text()
    assert not report.findings, report.format_text()
    assert "0 quotes" not in report.format_text()  # the quotes really were re-read


def test_validation_of_embedded_dataset_notices_a_broken_concept(graph, embedded):
    g = Graph()
    for triple in graph:
        g.add(triple)
    iri = next(iter(g.subjects(RDFS.label, Literal("femoroacetabular impingement"))))
    g.remove((iri, SKOS.definition, None))
    report = validate(g, embedded)
    assert [(f.check, f.focus) for f in report.findings] == [
        ("SHACL", "femoroacetabular impingement")]
