"""The one resolver interface (kg.resolve.ConceptNames): the rdflib Resolver and the SPARQL
NameResolver (here over an in-memory Oxigraph store of the release) answer the same names with
the same IRIs, and fail with the same messages, for concepts and for classes."""

from __future__ import annotations

import pytest

from kg.errors import KGError


@pytest.fixture(scope="module")
def backends(embedded, graph):
    import pyoxigraph as ox

    from kg.build import release_paths
    from kg.endpoint import NameResolver
    from kg.resolve import Resolver
    from kg.store import store_select

    store = ox.Store()
    store.bulk_load(path=str(release_paths(embedded)["nt"]), format=ox.RdfFormat.N_TRIPLES)
    return Resolver(graph), NameResolver(store_select(store))


def _outcome(call, name: str) -> tuple[str, str]:
    try:
        return "ok", str(call(name))
    except KGError as exc:
        return exc.message, exc.hint or ""


@pytest.mark.parametrize("name", ["hip OA", "FAI", "femoroacetabular-impingement",
                                  "hip osteoarthritus", "zzzz"])
def test_concepts_resolve_alike(backends, name):
    rdflib_names, sparql_names = backends
    assert _outcome(rdflib_names.resolve, name) == _outcome(sparql_names.resolve, name)


@pytest.mark.parametrize("name", ["Treatment", "treatments", "Treatmnt", "<https://w3id.org/"
                                  "edu-kg/vocab#Condition>", "Nothing"])
def test_classes_resolve_alike(backends, name):
    rdflib_names, sparql_names = backends
    ours = _outcome(rdflib_names.resolve_class, name)
    assert ours == _outcome(sparql_names.resolve_class, name)
    if name == "Treatmnt":
        assert ours[0] == "no class named 'Treatmnt'" and "'Treatment'" in ours[1]


def test_both_sources_follow_the_interface(backends):
    from kg.resolve import NameSource

    for names in backends:
        for method in NameSource.__dict__:
            if not method.startswith("_"):
                assert callable(getattr(names.source, method)), (type(names.source), method)


def test_every_engine_resolves_through_the_one_resolver(embedded):
    """oxigraph, rdflib (and, in their own tests, the store and the endpoint) answer names
    with kg.resolve.Resolver itself: no engine has rules of its own."""
    from kg.query.engines import get_engine
    from kg.resolve import Resolver

    for name in ("oxigraph", "rdflib"):
        engine = get_engine(embedded, name)
        assert isinstance(engine.names, Resolver)
        assert "resolve_concept" not in vars(type(engine)), name  # the base class's, shared
        assert engine.resolve_concept("hip OA").value.endswith("/hip-osteoarthritis")
        with pytest.raises(KGError, match="no concept named 'hip osteoarthritus'"):
            engine.resolve_concept("hip osteoarthritus")


def test_a_label_key_wins_over_a_normalized_id(tmp_path):
    """The rule's last step: a normalized id is only looked for when no label or synonym
    matches; the same on the graph and through SPARQL."""
    import pyoxigraph as ox
    from rdflib import Graph

    from kg.endpoint import NameResolver
    from kg.resolve import Resolver
    from kg.store import store_select

    ttl = """
        @prefix kgv: <https://w3id.org/edu-kg/vocab#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        kgv:Concept a owl:Class . kgv:Symptom a owl:Class ; rdfs:subClassOf kgv:Concept .
        <https://ex.org/concept/stiffness> a kgv:Symptom ; rdfs:label "rigor" ; kgv:key "rigor" .
        <https://ex.org/concept/rigor-mortis> a kgv:Symptom ; rdfs:label "stiffness" ;
            kgv:key "stiffness" .
    """
    store = ox.Store()
    store.load(ttl.encode(), format=ox.RdfFormat.TURTLE)
    for names in (Resolver(Graph().parse(data=ttl, format="turtle")),
                  NameResolver(store_select(store))):
        assert str(names.resolve("Stiffness")) == "https://ex.org/concept/rigor-mortis"
        assert str(names.resolve("stiffness")) == "https://ex.org/concept/stiffness"  # the id
        assert str(names.resolve("Rigor-Mortis")) == "https://ex.org/concept/rigor-mortis"
