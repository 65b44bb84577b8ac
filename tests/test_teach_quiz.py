"""kg.teach.quiz: every question has exactly one correct answer, checked against the graph.

The checks read the RDF graph directly (plain triples, the vocabulary's rdfs:subPropertyOf
through SPARQL), not kg.teach's own helpers, so a bug in the generator's path search cannot
hide itself. No exact counts of the curated data: another dataset version must pass too.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDFS, URIRef

from kg.namespaces import KGV_IRI
from kg.teach.material import material
from kg.teach.quiz import KINDS, questions

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "data"
CAUSAL_ROOT = URIRef(KGV_IRI + "causalRelation")


@pytest.fixture(scope="module")
def teach(graph):
    m = material(graph)
    return m, questions(m)


def by_kind(qs, kind):
    return [q for q in qs if q.kind == kind]


def family(graph, predicate: str) -> set[URIRef]:
    """Every property under any ancestor of ``predicate`` (itself included), by SPARQL."""
    rows = graph.query(
        "SELECT DISTINCT ?q WHERE { ?p rdfs:subPropertyOf* ?a . ?q rdfs:subPropertyOf* ?a }",
        initBindings={"p": URIRef(KGV_IRI + predicate)}, initNs={"rdfs": RDFS})
    return {row.q for row in rows if str(row.q).startswith(KGV_IRI)}


def relation_graph(graph, predicates: set[URIRef]) -> nx.DiGraph:
    return nx.DiGraph((s, o) for p in predicates for s, o in graph.subject_objects(p))


def iri(m, concept_id: str) -> URIRef:
    return URIRef(m.concepts[concept_id].iri)


def path(H: nx.DiGraph, a: URIRef, b: URIRef) -> bool:
    return a in H and b in H and nx.has_path(H, a, b)


def test_at_least_thirty_questions_of_every_kind(teach):
    _, qs = teach
    assert len(qs) >= 30
    assert {q.kind for q in qs} == set(KINDS)
    assert len({q.id for q in qs}) == len(qs)  # stable ids are unique


def test_choice_answer_is_a_cited_relation(teach, graph):
    m, qs = teach
    for q in by_kind(qs, "choice"):
        b = q.basis
        assert q.options[q.correct] == m.concepts[b["answer"]].label
        p = URIRef(KGV_IRI + b["predicate"])
        assert (iri(m, b["answer"]), p, iri(m, b["object"])) in graph, q.title
        assert len(q.options) == len(set(q.options)) >= 3


def test_no_distractor_is_a_true_answer_by_any_path_of_the_family(teach, graph):
    m, qs = teach
    checked = 0
    for q in by_kind(qs, "choice"):
        b = q.basis
        H = relation_graph(graph, family(graph, b["predicate"]))
        target = iri(m, b["object"])
        for d in b["distractors"]:
            assert not path(H, iri(m, d), target), f"{q.title}: {d} is a true answer"
            assert not path(H, target, iri(m, d)), f"{q.title}: {d} is related the other way"
            # same kind as the answer
            assert m.concepts[d].top_type == m.concepts[b["answer"]].top_type
            checked += 1
    assert checked >= 2 * len(by_kind(qs, "choice"))


def test_causal_family_is_every_causal_relation(graph):
    causal = {row.q for row in graph.query(
        "SELECT ?q WHERE { ?q rdfs:subPropertyOf* ?root }",
        initBindings={"root": CAUSAL_ROOT}, initNs={"rdfs": RDFS})}
    assert causal <= family(graph, "causes")


def test_true_false_answers_follow_the_graph(teach, graph):
    m, qs = teach
    tf = by_kind(qs, "true_false")
    assert any(q.correct for q in tf) and any(not q.correct for q in tf)
    for q in tf:
        b = q.basis
        s, o = iri(m, b["subject"]), iri(m, b["object"])
        p = URIRef(KGV_IRI + b["predicate"])
        if q.correct:
            assert (s, p, o) in graph, q.prompt
        else:
            assert not path(relation_graph(graph, family(graph, b["predicate"])), s, o), q.prompt
            # a contrast: the article says it of another concept of the same kind
            assert (iri(m, b["contrast"]), p, o) in graph
            assert m.concepts[b["contrast"]].top_type == m.concepts[b["subject"]].top_type
        assert m.concepts[b["subject"]].label in q.prompt


def test_matching_has_exactly_one_match_per_item(teach, graph):
    m, qs = teach
    for q in by_kind(qs, "matching"):
        b = q.basis
        assert 3 <= len(b["pairs"]) == len(q.pairs)
        p = URIRef(KGV_IRI + b["predicate"])
        H = relation_graph(graph, family(graph, b["predicate"]))
        for i, (a, _) in enumerate(b["pairs"]):
            for j, (_, o) in enumerate(b["pairs"]):
                if i == j:
                    assert (iri(m, a), p, iri(m, o)) in graph
                else:
                    assert not path(H, iri(m, a), iri(m, o)), f"{q.title}: {a} also fits {o}"
        assert len({r for _, r in q.pairs}) == len(q.pairs)


def test_ordering_is_the_only_causal_order(teach, graph):
    m, qs = teach
    causal = family(graph, "causes")
    triples = {(s, o) for p in causal for s, o in graph.subject_objects(p)}
    orderings = by_kind(qs, "ordering")
    assert orderings
    for q in orderings:
        chain = [iri(m, c) for c in q.basis["chain"]]
        assert len(chain) >= 3 and [m.concepts[c].label for c in q.basis["chain"]] == q.order
        assert all((a, b) in triples for a, b in itertools.pairwise(chain))
        others = [p for p in itertools.permutations(chain) if list(p) != chain]
        assert not any(all((a, b) in triples for a, b in itertools.pairwise(p))
                       for p in others), q.title


def test_feedback_quotes_the_article_verbatim(teach, embedded):
    from kg.sources import read_document

    _, qs = teach
    text = read_document(embedded.data_dir / "sources" / "hip-and-lower-back-pain.txt")
    for q in qs:
        assert q.citations
        for c in q.citations:
            assert c.quote in " ".join(text.text.split()) or c.quote in text.text
            assert c.quote in q.feedback() and f"sentence {c.sentence}" in q.feedback()


def test_questions_from_another_dataset(tmp_path):
    """The engine knows no article: the small rivers dataset gets its own questions."""
    import kg

    m = material(kg.build(kg.Project(MINI, tmp_path / "build"), write=False))
    qs = questions(m)
    labels = {c.label for c in m.concepts.values()}
    assert qs and all(any(label in q.prompt or label in q.answer_text() for label in labels)
                      for q in qs)


def test_wording_comes_from_the_vocabulary(teach):
    m, qs = teach
    labels = m.G.graph["predicate_labels"]
    for q in by_kind(qs, "choice") + by_kind(qs, "matching"):
        # the relation's rdfs:label, word for word ("confirms X as source")
        words = re.findall(r"[\w-]+", q.prompt)
        assert all(w in words for w in labels[q.basis["predicate"]].split()), q.prompt
