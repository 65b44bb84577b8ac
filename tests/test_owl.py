"""The release as OWL: concepts are named individuals, and an OWL-RL reasoner (owlrl) types each
with the schema.org and Biolink classes its kgv class is aligned to exactly (owl:equivalentClass)
or under (rdfs:subClassOf); close matches stay SKOS only and give no type."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from kg.namespaces import BIOLINK_IRI, KGV_IRI, SCHEMA_IRI
from kg.resolve import concept_types

SCHEMA = SCHEMA_IRI
BIOLINK = BIOLINK_IRI


@pytest.fixture(scope="module")
def inferred(graph) -> Graph:
    import owlrl

    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return closure


def _aligned(graph: Graph, cls: URIRef, namespace: str) -> set[URIRef]:
    """The classes of ``namespace`` a kgv class or one of its kgv ancestors matches exactly or
    is narrower than, read from the SKOS mappings (not from the OWL axioms under test)."""
    found: set[URIRef] = set()
    todo, seen = [cls], set()
    while todo:
        term = todo.pop()
        if term in seen:
            continue
        seen.add(term)
        for match in (SKOS.exactMatch, SKOS.broadMatch):
            found |= {o for o in graph.objects(term, match) if str(o).startswith(namespace)}
        todo += [o for o in graph.objects(term, RDFS.subClassOf) if str(o).startswith(KGV_IRI)]
    return found


def test_every_concept_is_a_named_individual(graph):
    concepts = concept_types(graph)
    assert len(concepts) > 50
    assert all((c, RDF.type, OWL.NamedIndividual) in graph for c in concepts)
    # and nothing else is declared one (statements and sources are not concepts of the vocabulary)
    assert set(graph.subjects(RDF.type, OWL.NamedIndividual)) == set(concepts)


@pytest.mark.slow
def test_reasoner_gives_each_concept_its_schema_org_and_biolink_types(graph, inferred):
    with_schema = 0
    for concept, cls in concept_types(graph).items():
        types = set(inferred.objects(concept, RDF.type))
        for namespace in (SCHEMA, BIOLINK):
            expected = _aligned(graph, cls, namespace)
            assert expected <= types, (concept, cls, expected - types)
        with_schema += bool(_aligned(graph, cls, SCHEMA))
    assert with_schema >= 60


@pytest.mark.slow
def test_reasoner_examples(inferred):
    def types(local: str) -> set[str]:
        node = next(s for s in inferred.subjects(RDF.type, OWL.NamedIndividual)
                    if str(s).endswith("/concept/" + local))
        return {str(t) for t in inferred.objects(node, RDF.type)}

    assert {SCHEMA + "MedicalCondition", BIOLINK + "NamedThing"} <= types("hip-osteoarthritis")
    # a close match (kgv:Condition ~ biolink:Disease) is not a logical claim
    assert BIOLINK + "Disease" not in types("hip-osteoarthritis")
    assert {SCHEMA + "Joint", SCHEMA + "AnatomicalStructure",
            BIOLINK + "AnatomicalEntity"} <= types("hip-joint")
    assert {SCHEMA + "MedicalSignOrSymptom",
            BIOLINK + "PhenotypicFeature"} <= types("low-back-pain")


def test_owl_axioms_mirror_the_skos_alignments(graph):
    """exactMatch to a class is owl:equivalentClass, broadMatch rdfs:subClassOf, for both
    schema.org and Biolink; so the documented alignments and the logic cannot drift apart."""
    for cls in graph.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(KGV_IRI):
            continue
        for match, axiom in ((SKOS.exactMatch, OWL.equivalentClass),
                             (SKOS.broadMatch, RDFS.subClassOf)):
            targets = {o for o in graph.objects(cls, match)
                       if str(o).startswith((SCHEMA, BIOLINK))}
            assert targets == {o for o in graph.objects(cls, axiom)
                               if str(o).startswith((SCHEMA, BIOLINK))}, (cls, match)
