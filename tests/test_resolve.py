"""kg.resolve: one name resolver for every command."""

from __future__ import annotations

import doctest

import minigraph as m
import pytest
from rdflib import SKOS, Literal

import kg.resolve
from kg.errors import KGError
from kg.resolve import Resolver, concept_types, local_id


@pytest.fixture(scope="module")
def resolver():
    return Resolver(m.sample_graph())


@pytest.mark.parametrize("name, expected", [
    ("knee osteoarthritis", "knee-osteoarthritis"),
    ("Knee Osteoarthritis", "knee-osteoarthritis"),   # case
    ("knee-osteoarthritis", "knee-osteoarthritis"),   # hyphen (and the id)
    ("  knee   pain ", "knee-pain"),                  # spacing
    ("knee pains", "knee-pain"),                      # plural
    ("KNEE OA", "knee-osteoarthritis"),               # synonym
    ("Physical-Therapy", "physiotherapy"),            # synonym, case and hyphen
    ("quad", "quadriceps"),                           # synonym 'quads', singular
    ("knee-joint", "knee-joint"),                     # id
    (str(m.concept("cartilage-loss")), "cartilage-loss"),  # full IRI
])
def test_resolve(resolver, name, expected):
    assert resolver.resolve(name) == m.concept(expected)


def test_label_and_type(resolver):
    iri = resolver.resolve("PT")
    assert resolver.label(iri) == "physiotherapy"
    assert resolver.type_label(iri) == "Physical therapy"  # from the vocabulary in the graph


def test_vocabulary_classes_and_statements_are_not_concepts(resolver):
    with pytest.raises(KGError):
        resolver.resolve("Condition")  # a class label, not a concept
    assert set(concept_types(m.sample_graph())) == {m.concept(c.id) for c in m.CONCEPTS}


def test_ambiguous_name_lists_the_candidates():
    g = m.sample_graph()
    g.add((m.concept("knee-joint"), SKOS.altLabel, Literal("knee")))
    g.add((m.concept("knee-pain"), SKOS.altLabel, Literal("Knees")))
    r = Resolver(g)
    with pytest.raises(KGError) as info:
        r.resolve("knee")
    message = str(info.value)
    assert "'knee' names 2 concepts" in message
    assert "knee joint (Joint, id knee-joint)" in message
    assert "knee pain (Symptom, id knee-pain)" in message
    assert info.value.exit_code == 2
    assert r.resolve("knee-joint") == m.concept("knee-joint")  # the id is the way out


def test_an_exact_id_wins_over_a_name_of_another_concept():
    g = m.sample_graph()
    g.add((m.concept("quadriceps"), SKOS.altLabel, Literal("knee pain")))
    r = Resolver(g)
    assert r.resolve("knee-pain") == m.concept("knee-pain")
    with pytest.raises(KGError, match="names 2 concepts"):
        r.resolve("Knee Pain")


def test_unknown_name_suggests_close_matches(resolver):
    with pytest.raises(KGError) as info:
        resolver.resolve("knee osteoartritis")
    assert info.value.message == "no concept named 'knee osteoartritis'"
    assert info.value.hint == "did you mean 'knee osteoarthritis'?"


def test_unknown_name_suggests_names_containing_it(resolver):
    with pytest.raises(KGError) as info:
        resolver.resolve("osteoarthritis")
    assert "'knee osteoarthritis'" in info.value.hint


def test_unknown_name_suggestions_show_the_concept_of_a_synonym(resolver):
    with pytest.raises(KGError) as info:
        resolver.resolve("physical")
    assert info.value.hint == "did you mean 'physical therapy (physiotherapy)'?"


def test_nothing_close(resolver):
    with pytest.raises(KGError) as info:
        resolver.resolve("zzzz")
    assert "did you mean" not in info.value.hint


def test_candidates(resolver):
    assert resolver.candidates("knee") == ["knee joint", "knee OA", "knee osteoarthritis",
                                           "knee pain"]
    assert resolver.candidates("Phys") == ["physical therapy", "physiotherapy"]
    assert resolver.candidates("nothing") == []


def test_local_id():
    assert local_id("https://x.org/concept/hip-oa") == "hip-oa"
    assert local_id("https://w3id.org/edu-kg/vocab#causes") == "causes"


def test_docstring_example_runs():
    assert doctest.testmod(kg.resolve).failed == 0


# ------------------------------------------------------------------------ the embedded dataset

def test_embedded_abbreviation_resolves(graph):
    r = Resolver(graph)
    assert r.label(r.resolve("FAI")) == "femoroacetabular impingement"
    assert r.resolve("fai") == r.resolve("femoroacetabular-impingement")


def test_embedded_names_are_unambiguous(graph):
    r = Resolver(graph)
    for name in r.names:
        r.resolve(name)  # raises on an ambiguous name


# ------------------------------------------------------------------ hints on the article

@pytest.fixture(scope="module")
def article(graph):
    return Resolver(graph)


def _hint(resolver, name: str) -> str:
    with pytest.raises(KGError) as info:
        resolver.resolve(name)
    return info.value.hint or ""


@pytest.mark.parametrize("name, expected, unexpected", [
    ("nerves", "nerves supplying the hip and lumbar spine", "knee"),
    ("hip problems", "hip dysfunction", "hip bone"),
    ("hip osteoarthritus", "hip osteoarthritis", "hip joint"),
])
def test_article_hints(article, name, expected, unexpected):
    hint = _hint(article, name)
    assert f"'{expected}'" in hint
    assert f"'{unexpected}'" not in hint


def test_a_hint_without_close_names_is_a_command_that_works(article, run_kg):
    import shlex

    hint = _hint(article, "surgery")
    assert "did you mean" not in hint
    commands = [part.split("`")[1] for part in hint.split(";")]
    assert commands and all(c.startswith("kg ") for c in commands)
    for command in commands:
        code, out, err = run_kg(*shlex.split(command)[1:])
        assert code == 0 and out, (command, err)


def test_the_sparql_resolver_gives_the_same_hints(graph, article):
    from kg.endpoint import NameResolver

    def select(text):
        return [{k: str(v) for k, v in row.asdict().items()} for row in graph.query(text)]

    remote = NameResolver(select)
    for name in ("nerves", "hip problems", "hip osteoarthritus", "physical"):
        with pytest.raises(KGError) as info:
            remote.resolve(name)
        assert info.value.hint == _hint(article, name), name
