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


def test_both_follow_the_interface(backends):
    from kg.resolve import ConceptNames

    for names in backends:
        for method in ConceptNames.__dict__:
            if not method.startswith("_"):
                assert callable(getattr(names, method)), (type(names).__name__, method)
