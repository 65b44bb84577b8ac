"""kg.checks through kg validate: anchoring, readings, ids and hierarchy, on the hand-made
sample (tests/minigraph.py) and on the embedded article."""

from __future__ import annotations

import minigraph as m
import pytest
from rdflib import RDFS, SKOS, Literal, URIRef

from kg.config import Project
from kg.errors import KGError
from kg.namespaces import KGV
from kg.validate import validate


@pytest.fixture
def project(tmp_path):
    return Project(m.write_dataset(tmp_path / "data"), tmp_path / "build")


def _findings(report, check):
    return [f for f in report.findings if f.check == check]


def _summary(report, check):
    return next(c.summary for c in report.checks if c.name == check)


# ------------------------------------------------------------------------ anchoring

def test_an_end_the_sentence_does_not_name_is_a_violation(project):
    g = m.sample_graph()
    # "Physiotherapy strengthens the quadriceps" names neither cartilage loss nor knee OA
    m.add_relation(g, "physiotherapy", "treats", "cartilage-loss",
                   "Physiotherapy strengthens the quadriceps")
    [finding] = _findings(validate(g, project), "anchoring")
    assert finding.focus == "physiotherapy —treats→ cartilage loss"
    assert "sentence 5 names its object 'cartilage loss'" in finding.message


def test_a_note_that_says_how_the_sentence_refers_to_it_anchors_it(project):
    g = m.sample_graph()
    st = m.add_relation(g, "physiotherapy", "treats", "cartilage-loss",
                        "Physiotherapy strengthens the quadriceps")
    g.add((st, RDFS.comment, Literal("Stronger quadriceps slow the cartilage loss.")))
    report = validate(g, project)
    assert not _findings(report, "anchoring")
    assert _summary(report, "anchoring").endswith("1 by the note")


def test_a_synonym_in_another_number_anchors_an_end_and_words_match_whole(project):
    g = m.sample_graph()
    m.add_relation(g, "knee-osteoarthritis", "affects", "knee-joint",
                   "Knee osteoarthritis, a wearing of the joint")
    # "the joint" is not the label "knee joint" ...
    [finding] = _findings(validate(g, project), "anchoring")
    assert "its object 'knee joint'" in finding.message
    # ... but a synonym "joints" is the sentence's "joint" (plural-insensitive)
    g.add((m.concept("knee-joint"), SKOS.altLabel, Literal("joints")))
    assert not _findings(validate(g, project), "anchoring")
    # whole words only: the synonym "oint" names nothing
    g2 = m.sample_graph()
    m.add_relation(g2, "knee-osteoarthritis", "affects", "knee-joint",
                   "Knee osteoarthritis, a wearing of the joint")
    g2.add((m.concept("knee-joint"), SKOS.altLabel, Literal("oint")))
    assert _findings(validate(g2, project), "anchoring")


# ------------------------------------------------------------------------ readings

def test_an_inferred_relation_needs_a_note(project):
    g = m.sample_graph()
    st = m.statement("physiotherapy", "treats", "knee-pain")
    g.set((st, KGV.reading, Literal("inferred")))
    [finding] = _findings(validate(g, project), "readings")
    assert finding.severity == "violation" and "has no note" in finding.message
    g.add((st, RDFS.comment, Literal("Read from the section heading.")))
    report = validate(g, project)
    assert not _findings(report, "readings")
    assert _summary(report, "readings") == "4 stated, 1 inferred"


def test_a_reading_other_than_stated_or_inferred_is_refused_by_the_shapes(project):
    g = m.sample_graph()
    g.set((m.statement("physiotherapy", "treats", "knee-pain"), KGV.reading,
           Literal("guessed")))
    assert any('"stated"' in f.message for f in _findings(validate(g, project), "SHACL"))


def test_curated_reading_is_checked_when_read(tmp_path):
    from kg.curation import read_curated_file

    path = tmp_path / "x.yaml"
    path.write_text("source: s\nrelations:\n  - subject: a\n    predicate: causes\n"
                    "    object: b\n    quote: q\n    reading: guessed\n", encoding="utf-8")
    with pytest.raises(KGError) as err:
        read_curated_file(path)
    assert err.value.line == 7 and "neither 'stated' nor 'inferred'" in err.value.message
    path.write_text(path.read_text().replace("guessed", "inferred"), encoding="utf-8")
    assert read_curated_file(path).relations[0].reading == "inferred"


# ------------------------------------------------------------------------ ids

def test_an_id_missing_from_the_table_is_a_violation(project):
    g = m.sample_graph()
    g.add((m.concept("quadriceps"), SKOS.exactMatch, URIRef(m.PREFIXES["UBERON"] + "0001377")))
    [finding] = _findings(validate(g, project), "ids")
    assert finding.focus == "quadriceps"
    assert "exact ID UBERON:0001377 is not in the verified table xrefs.tsv" in finding.message


def test_an_exact_id_verified_only_as_closest_must_be_close(project):
    table = project.ontology_dir / "xrefs.tsv"
    table.write_text(table.read_text().replace(
        "HP:0030839\tknee pain\ttests/minigraph.py\tVERIFIED exact",
        "HP:0030839\tknee pain\ttests/minigraph.py\tVERIFIED-CLOSEST"), encoding="utf-8")
    [finding] = _findings(validate(m.sample_graph(), project), "ids")
    assert finding.focus == "knee pain"
    assert "verified only as VERIFIED-CLOSEST; cite it under 'close:'" in finding.message


def test_the_embedded_table_holds_every_id_with_its_label(graph, embedded):
    from kg.xrefs import read_xrefs

    table = read_xrefs(embedded.ontology_dir / "xrefs.tsv")
    assert table["UBERON:0001270"].label == "bony pelvis"
    assert "UBERON:0002355" not in table  # pelvic region of trunk: no longer cited
    report = validate(graph, embedded)
    assert not _findings(report, "ids")


# ------------------------------------------------------------------------ hierarchy

def test_an_is_kind_of_cycle_is_a_violation(project):
    g = m.sample_graph()
    m.add_relation(g, "knee-pain", "isKindOf", "knee-osteoarthritis",
                   "Knee osteoarthritis causes knee pain")
    m.add_relation(g, "knee-osteoarthritis", "isKindOf", "knee-pain",
                   "Knee osteoarthritis causes knee pain")
    [finding] = _findings(validate(g, project), "hierarchy")
    assert "'isKindOf' goes round in a circle" in finding.message
    assert "knee osteoarthritis → knee pain → knee osteoarthritis" in finding.message \
        or "knee pain → knee osteoarthritis → knee pain" in finding.message


def test_a_part_of_loop_on_itself_is_a_violation(project):
    g = m.sample_graph()
    m.add_relation(g, "knee-joint", "partOf", "knee-joint", "Knee pain is felt in the knee joint")
    [finding] = _findings(validate(g, project), "hierarchy")
    assert "knee joint → knee joint" in finding.message


# ------------------------------------------------------------------------ names

def test_a_synonym_equal_to_another_concepts_label_is_refused(project):
    g = m.sample_graph()
    node = m.concept("quadriceps")
    g.add((node, SKOS.altLabel, Literal("knee joints")))
    g.add((node, KGV.key, Literal("knee joint")))
    [finding] = _findings(validate(g, project), "names")
    assert "'knee joint' belongs to 2 concepts" in finding.message


# ------------------------------------------------------------------------ the embedded article

def test_embedded_article_counts(graph, embedded):
    report = validate(graph, embedded)
    assert report.conforms, report.format_text()
    assert _summary(report, "readings") == "118 stated, 26 inferred"
    assert _summary(report, "hierarchy") == "9 isKindOf, 7 partOf relations"
    assert _summary(report, "ids") == "59 IDs cited, 56 in xrefs.tsv"


def test_every_inferred_relation_of_the_article_says_how(graph):
    from rdflib import RDF

    inferred = [st for st in graph.subjects(KGV.reading, Literal("inferred"))
                if (st, RDF.type, RDF.Statement) in graph]
    assert len(inferred) == 26
    assert all(str(graph.value(st, RDFS.comment) or "").strip() for st in inferred)


def test_the_unverified_or_loose_ids_are_gone(graph):
    objects = {str(o) for o in graph.objects()}
    obo = "http://purl.obolibrary.org/obo/"
    assert f"{obo}UBERON_0002355" not in objects  # pelvic region of trunk, not the pelvis
    assert f"{obo}MONDO_0024333" not in objects  # a disease, not the symptom sciatica
    exact = {str(o) for o in graph.objects(None, SKOS.exactMatch)}
    assert f"{obo}UBERON_0003668" not in exact and f"{obo}UBERON_0010996" not in exact
