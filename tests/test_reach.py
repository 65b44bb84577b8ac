"""The causal reachability index (kg.query.reach): derived, kept apart, and answering as the
un-indexed texts do, on the article and on a synthetic graph."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.query import reach

REPO = Path(__file__).resolve().parents[1]


def test_closures_are_walks_with_signs_multiplied():
    edges = [("a", "b", -1), ("b", "c", 1), ("c", "d", -1)]
    found = set(reach.signed_closure(edges))
    assert ("a", "d", 1) in found and ("a", "c", -1) in found and ("a", "a", 1) not in found
    assert set(reach.closure([("x", "y"), ("y", "x")])) == {
        ("x", "y"), ("y", "x"), ("x", "x"), ("y", "y")}


def test_the_index_is_its_own_marked_graph(embedded):
    from kg.query.engines import get_engine

    engine = get_engine(embedded, "oxigraph")
    assert engine.indexed and reach.has_index(engine.store)
    stated = engine.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    from kg.build import release_paths

    lines = release_paths(embedded)["nt"].read_text(encoding="utf-8").count("\n")
    assert stated == lines  # the default graph is the release, nothing derived in it
    assert not engine.execute(
        f"ASK {{ ?s <{reach.INCREASES}>|<{reach.LEADS_TO_CLOSURE}> ?o }}", {}).boolean
    meta = engine.select(
        f"SELECT ?p ?o WHERE {{ GRAPH <{reach.GRAPH}> {{ <{reach.GRAPH}> ?p ?o }} }}")
    pairs = {(row["p"], str(row["o"])) for row in meta}
    assert ("http://www.w3.org/ns/prov#wasDerivedFrom",
            "https://w3id.org/edu-kg/hip-spine/source/hip-and-lower-back-pain") in pairs
    assert ("https://w3id.org/edu-kg/vocab#reading", "derived") in pairs


def test_the_leads_to_relations_are_those_the_questions_walk():
    text = (REPO / "queries" / "conditions-to-back-pain.rq").read_text(encoding="utf-8")
    path = "(" + "|".join("kgv:" + p.rsplit("#", 1)[1] for p in reach.LEADS_TO) + ")+"
    assert path in text
    assert path in (REPO / "queries" / "consequences.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, embedded):
    """An oxigraph engine over a ~10k-triple synthetic graph (benchmarks/synth.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import synth

    from kg.build import release_paths
    from kg.query.engines import OxigraphEngine

    path = synth.ensure(10_000, tmp_path_factory.mktemp("synth"), progress=False,
                        nt_path=release_paths(embedded)["nt"])
    return OxigraphEngine(embedded, source=path)


CASES = {
    "leads-to": [{}, {"cause": "hip", "effect": "back pain"}, {"cause": "FAI", "effect": "hip"},
                 {"cause": "physical therapy", "effect": "low back pain"},
                 {"cause": "low back pain", "effect": "hip pain"}],
    "conditions-to-back-pain": [{}, {"symptom": "hip pain"}, {"symptom": "lumbar compensation"}],
    "consequences": [{}, {"cause": "hip"}, {"cause": "lower back"}, {"cause": "FAI"}],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_indexed_answers_equal_the_standard_on_a_synthetic_graph(name, synthetic, embedded):
    from kg.query.engines import ParamResolver
    from kg.query.library import load_named

    named = load_named(name, embedded)
    assert "indexed" in named.variants and named.text_for(synthetic.dialects) != named.text
    some = False
    for given in CASES[name]:
        bindings = ParamResolver(synthetic, embedded).bindings(named, given)
        standard = synthetic.execute(named.text, bindings)
        indexed = synthetic.execute(named.variants["indexed"].text, bindings)
        if standard.form == "ASK":
            assert indexed.boolean == standard.boolean, given
            some |= standard.boolean
        else:
            assert set(indexed.rows) == set(standard.rows), given
            some |= bool(standard.rows)
    assert some  # the cases are not all empty answers


def test_the_index_types_the_starts_of_chains_and_an_older_index_is_not_taken(embedded):
    import pyoxigraph as ox

    from kg.query.engines import get_engine

    engine = get_engine(embedded, "oxigraph")
    typed = engine.select(
        f"SELECT ?s ?c WHERE {{ GRAPH <{reach.GRAPH}> {{ ?s a ?c }} FILTER(?c NOT IN ("
        f"<http://www.w3.org/ns/prov#Entity>, <http://www.w3.org/2002/07/owl#ObjectProperty>)) }}")
    classes = {str(row["c"]) for row in typed}
    assert classes == set(reach.TYPED)
    for row in typed:  # each is the start of a chain, and an instance by entailment
        assert engine.execute(
            f"ASK {{ GRAPH <{reach.GRAPH}> {{ <{row['s']}> <{reach.LEADS_TO_CLOSURE}> ?o }} "
            f"<{row['s']}> a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{row['c']}> }}",
            {}).boolean
    older = ox.Store()  # an index described as the previous version described it
    older.update(f'INSERT DATA {{ GRAPH <{reach.GRAPH}> {{ <{reach.GRAPH}> '
                 f'<https://w3id.org/edu-kg/vocab#reading> "derived" ; '
                 f'<http://www.w3.org/2000/01/rdf-schema#comment> "Derived, not stated." }} }}')
    assert not reach.has_index(older)
