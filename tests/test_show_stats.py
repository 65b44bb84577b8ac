"""kg.inspect (stats, card) and the `kg stats`, `kg show`, `kg validate` commands."""

from __future__ import annotations

import json
import subprocess
import sys

import minigraph as m
import pytest
from rdflib import Literal
from rdflib.namespace import PROV

from kg.config import Project
from kg.inspect import card, curie, format_card, format_stats, stats
from kg.resolve import Resolver


@pytest.fixture
def project(tmp_path):
    return Project(m.write_dataset(tmp_path / "data"), tmp_path / "build")


@pytest.fixture
def kg_sample(project, run_kg):
    """``kg ARGS`` on the sample dataset."""
    return lambda *args: run_kg(*args, data=project.data_dir, build=project.build_dir)


# ------------------------------------------------------------------------ stats

def test_stats_counts_by_type_top_type_and_predicate_label():
    data = stats(m.sample_graph())
    assert data["concepts"]["total"] == 6
    assert data["concepts"]["by_type"] == {"Condition": 1, "Joint": 1, "Mechanism": 1,
                                           "Muscle": 1, "Physical therapy": 1, "Symptom": 1}
    assert data["concepts"]["by_top_type"] == {"Anatomical structure": 2, "Condition": 1,
                                               "Mechanism": 1, "Symptom": 1, "Treatment": 1}
    assert data["relations"] == {"total": 5, "by_predicate": {
        "causes": 1, "felt in": 1, "involves": 1, "strengthens": 1, "treats": 1}}
    assert (data["statements"], data["sources"]) == (5, 1)


def test_stats_counts_a_relation_once_however_often_it_is_quoted():
    g = m.sample_graph()
    m.add_relation(g, "knee-osteoarthritis", "causes", "knee-pain",
                   "Knee osteoarthritis causes knee pain", n=2)
    data = stats(g)
    assert data["relations"]["total"] == 5 and data["statements"] == 6


def test_format_stats():
    text = format_stats(stats(m.sample_graph()))
    assert text.startswith("6 concepts\n  by broad type:\n    Anatomical structure  ")
    assert "5 relations, 5 cited statements, 1 source" in text
    assert "    felt in " in text


# ------------------------------------------------------------------------ card

def test_card_has_names_ids_and_relations_both_ways():
    g = m.sample_graph()
    data = card(g, m.concept("knee-pain"), m.PREFIXES)
    assert (data["label"], data["type"], data["type_label"]) == ("knee pain", "Symptom",
                                                                 "Symptom")
    assert data["synonyms"] == ["gonalgia"] and data["exact"] == ["HP:0030839"]
    assert [(r["predicate_label"], r["other_label"]) for r in data["outgoing"]] == [
        ("felt in", "knee joint")]
    assert [(r["other_label"], r["predicate_label"], r["sentence"]) for r in data["incoming"]] \
        == [("knee osteoarthritis", "causes", 2), ("physiotherapy", "treats", 4)]
    assert data["incoming"][1]["quote"] == "Physiotherapy treats knee pain"
    assert data["incoming"][1]["section"] == "Care"


def test_card_of_a_subclass_names_its_broad_type():
    data = card(m.sample_graph(), m.concept("knee-joint"))
    assert (data["type_label"], data["top_type"]) == ("Joint", "Anatomical structure")
    assert format_card(data, width=80).startswith(
        "knee joint  (Joint, a kind of Anatomical structure)\n  id: knee-joint")


def test_card_curies_default_to_the_prefixes_bound_in_the_graph():
    data = card(m.sample_graph(), m.concept("knee-osteoarthritis"))
    assert data["exact"] == ["MONDO:0005079"] and data["close"] == ["HP:0005086"]


def test_curie():
    assert curie("http://x.org/obo/HP_1", {"HP": "http://x.org/obo/HP_",
                                           "OBO": "http://x.org/obo/"}) == "HP:1"
    assert curie("http://else.org/1", {"HP": "http://x.org/obo/HP_"}) == "http://else.org/1"


def test_format_card_wraps_long_quotes():
    g = m.sample_graph()
    long_quote = "Knee osteoarthritis, a wearing of the joint, involves cartilage loss"
    text = format_card(card(g, m.concept("cartilage-loss")), width=40)
    assert "knee osteoarthritis —involves→ cartilage loss" in text
    assert all(len(line) <= 40 for line in text.splitlines() if line.startswith("      "))
    assert " ".join(text.split()).count(" ".join(long_quote.split())) == 1
    assert "(sentence 1 · Knee Basics · knee-note)" in " ".join(text.split())


def test_format_card_with_no_relations_says_none():
    g = m.sample_graph()
    m.add_concept(g, m.C("patella", "kneecap", "Bone"))
    text = format_card(card(g, m.concept("patella")))
    assert "relations out: none" in text and "relations in: none" in text


# ------------------------------------------------------------------------ commands

def test_cli_stats(kg_sample):
    code, out, _ = kg_sample("stats")
    assert code == 0 and out.startswith("6 concepts")
    code, out, _ = kg_sample("stats", "--format", "json")
    assert code == 0 and json.loads(out)["relations"]["by_predicate"]["felt in"] == 1


def test_cli_show_any_name_form(kg_sample):
    for name in (["Knee-OA"], ["knee", "osteoarthritis"], ["knee-osteoarthritis"]):
        code, out, _ = kg_sample("show", *name)
        assert code == 0, name
        assert out.startswith("knee osteoarthritis  (Condition)")
        assert "knee osteoarthritis —causes→ knee pain" in out
        assert "“Knee osteoarthritis causes knee pain”" in out


def test_cli_show_json(kg_sample):
    code, out, _ = kg_sample("show", "PT", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "physiotherapy"
    assert {r["other"] for r in data["outgoing"]} == {"knee-pain", "quadriceps"}


def test_cli_show_unknown_name_suggests(kg_sample):
    code, out, err = kg_sample("show", "physiotherapie")
    assert code == 2 and out == ""
    assert "error: no concept named 'physiotherapie'" in err
    assert "did you mean 'physiotherapy'" in err


def test_cli_validate_clean(kg_sample):
    code, out, _ = kg_sample("validate")
    assert code == 0
    assert "✓ SHACL: 0 violations" in out and "✓ grounding: 0 violations" in out


def test_cli_validate_reports_violations_with_exit_1(project, kg_sample):
    # a concept no relation mentions: kg build accepts it, validation does not
    curated = project.curated_dir / f"{m.DOC}.yaml"
    text = curated.read_text().replace(
        "relations:", "- id: patella\n  label: kneecap\n  type: Bone\n"
        "  definition: A small bone.\nrelations:", 1)
    curated.write_text(text)
    code, out, _ = kg_sample("validate")
    assert code == 1
    assert "✗ orphans: 1 violation" in out
    assert "violation  [orphans] kneecap: takes part in no relation" in out
    code, out, _ = kg_sample("validate", "--format", "json")
    assert code == 1 and json.loads(out)["findings"][0]["focus"] == "kneecap"


def test_cli_validate_broken_data_is_exit_2(project, kg_sample):
    (project.curated_dir / f"{m.DOC}.yaml").write_text("source: knee-note\nconcepts: [\n")
    code, _out, err = kg_sample("validate")
    assert code == 2 and "error:" in err


def test_commands_do_not_import_heavy_libraries_for_help():
    result = subprocess.run([sys.executable, "-c", (
        "import sys; from kg.cli import main\n"
        "for c in ('validate', 'stats', 'show', 'export'):\n"
        "    try: main([c, '--help'])\n"
        "    except SystemExit: pass\n"
        "print([m for m in ('rdflib', 'pyshacl', 'networkx') if m in sys.modules])")],
        capture_output=True, text=True, timeout=60)
    assert result.stdout.strip().endswith("[]"), result.stderr


# ------------------------------------------------------------------------ the embedded dataset

def test_embedded_show_fai(run_kg):
    code, out, _ = run_kg("show", "FAI")
    assert code == 0
    assert out.startswith("femoroacetabular impingement  (Condition)")
    assert "femoroacetabular impingement —" in out and "“" in out and "sentence " in out


def test_embedded_show_names_each_id_and_marks_inferred_relations(run_kg):
    code, out, _ = run_kg("show", "pelvis")
    assert code == 0 and "  same as: UBERON:0001270 bony pelvis" in out
    code, out, _ = run_kg("show", "hip osteoarthritis", "--format", "json")
    data = json.loads(out)
    assert data["id_labels"] == {"MONDO:0006629": "osteoarthritis, hip",
                                 "NCIT:C34876": "Hip Osteoarthritis",
                                 "HP:0008843": "Hip osteoarthritis"}
    causes = next(r for r in data["outgoing"] if r["other"] == "low-back-pain")
    assert (causes["reading"], causes["qualifier"]) == ("inferred", "the most common cause")
    code, out, _ = run_kg("show", "hip osteoarthritis")
    assert "hip-and-lower-back-pain · inferred)" in out
    assert "qualified: the most common cause" in out


def test_embedded_validate_is_clean(run_kg):
    code, out, _ = run_kg("validate")
    assert code == 0, out
    assert out.rstrip().endswith("valid") and "✗" not in out


def test_embedded_stats_match_the_graph(graph):
    from kg.graph import to_networkx

    data = stats(graph)
    nxg = to_networkx(graph)
    assert data["concepts"]["total"] == nxg.number_of_nodes()
    assert data["statements"] == nxg.number_of_edges()
    assert sum(data["concepts"]["by_type"].values()) == data["concepts"]["total"]
    assert sum(data["concepts"]["by_top_type"].values()) == data["concepts"]["total"]
    assert sum(data["relations"]["by_predicate"].values()) == data["relations"]["total"]


def test_every_embedded_concept_has_a_card(graph):
    r = Resolver(graph)
    for iri in r.types:
        data = card(graph, iri)
        assert data["outgoing"] or data["incoming"], data["label"]
        assert all(rel["quote"] for rel in data["outgoing"] + data["incoming"])


def test_embedded_card_quote_changes_show(graph):
    from rdflib import Graph

    g = Graph()
    for triple in graph:
        g.add(triple)
    iri = Resolver(g).resolve("FAI")
    st = next(s for s in g.subjects(PROV.value, None) if (s, None, iri) in g)
    g.set((st, PROV.value, Literal("a changed quote")))
    assert "“a changed quote”" in format_card(card(g, iri))
