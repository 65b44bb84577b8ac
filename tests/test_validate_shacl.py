"""kg.validate_shacl gives pyshacl's records (focus, severity, message, value), as multisets.

Each test runs both on the same graph: pyshacl (kg.shacl_split.run, the whole graph) and the
native evaluator; the graphs are broken so that most constraints fail somewhere.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import shacl_split, validate_shacl
from kg.build import build
from kg.config import Project
from kg.namespaces import KGV, NIF
from kg.ontology import parse_turtle
from kg.validate import Names, check_shacl, shapes_path

REPO = Path(__file__).resolve().parents[1]


def records_of_both(graph: Graph, shapes: Graph) -> tuple[Counter, Counter]:
    compiled = validate_shacl.compile_shapes(shapes)
    assert compiled is not None
    return Counter(shacl_split.run(graph, shapes)), \
        Counter(validate_shacl.validate(graph, compiled))


def copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def broken(graph: Graph) -> Graph:
    """A copy with concepts, statements and a source damaged in twenty ways."""
    g = copy(graph)
    concepts = sorted(Names(g).types)
    statements = sorted(g.subjects(RDF.type, RDF.Statement))
    source = sorted(g.subjects(RDF.type, PROV.Entity))[0]
    c, st = concepts, statements
    g.remove((c[0], RDFS.label, None))                                   # no label
    g.add((c[1], SKOS.definition, Literal("a second one")))              # two definitions
    g.set((c[2], RDFS.label, Literal("tagged", lang="en")))              # not a plain string
    g.set((c[3], SKOS.definition, Literal("")))                          # empty
    g.add((c[4], SKOS.prefLabel, Literal("another")))                    # two preferred names
    g.add((c[5], SKOS.exactMatch, Literal("MONDO:1")))                   # not an IRI
    g.add((c[6], SKOS.closeMatch, BNode()))                              # a blank node
    g.add((c[7], KGV.impairs, c[8]))                                     # range, maybe
    g.add((c[9], KGV.uses, Literal("aspirin")))                          # a literal object
    g.add((c[-1], KGV.involves, c[-2]))                                  # wrong subject
    g.add((c[10], KGV.affects, URIRef("urn:x:untyped")))                 # untyped object
    g.remove((c[11], KGV.key, None))                                     # no lookup key
    g.add((c[12], SKOS.altLabel, Literal(3)))                            # a number
    g.remove((st[0], PROV.value, None))                                  # unquoted
    g.set((st[1], KGV.sentence, Literal(0)))                             # below 1
    g.set((st[2], KGV.sentence, Literal("4")))                           # a string
    g.set((st[3], KGV.sentence, Literal("x", datatype=XSD.integer)))     # ill-typed
    g.set((st[4], KGV.reading, Literal("maybe")))                        # not in the list
    g.set((st[5], KGV.reading, Literal("stated", lang="en")))            # tagged: not in it
    g.add((st[6], RDF.subject, URIRef("urn:x:nowhere")))                 # two subjects
    g.set((st[7], RDF.object, Literal("text")))                          # literal object
    g.set((st[8], NIF.beginIndex, Literal(-1)))                          # negative offset
    g.remove((st[9], PROV.wasDerivedFrom, None))                         # no source
    g.remove((source, DCTERMS.title, None))                              # untitled source
    return g


@pytest.fixture(scope="module")
def embedded():
    project = Project()
    return build(project, write=False), parse_turtle([shapes_path(project)]), project


def test_the_shipped_shapes_are_evaluated_natively(embedded):
    _graph, shapes, _project = embedded
    assert validate_shacl.compile_shapes(shapes) is not None


def test_embedded_dataset_broken_gives_pyshacls_records(embedded):
    graph, shapes, _project = embedded
    assert records_of_both(graph, shapes) == (Counter(), Counter())
    whole, native = records_of_both(broken(graph), shapes)
    assert sum(whole.values()) >= 20 and whole == native


def test_findings_of_check_shacl_are_the_same_either_way(embedded):
    graph, _shapes, project = embedded
    graph = broken(graph)
    names = Names(graph)
    native = check_shacl(graph, shapes_path(project), names)
    slow = check_shacl(graph, shapes_path(project), names, engine="pyshacl")
    assert native.findings and native.findings == slow.findings  # both sorted
    assert native.summary == slow.summary


def test_a_course_of_articles_broken(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth_curated import generate

    data = tmp_path / "data"
    generate(data, 3)
    project = Project(data, tmp_path / "build")
    shapes = parse_turtle([shapes_path(project)])
    whole, native = records_of_both(broken(build(project, write=False)), shapes)
    assert sum(whole.values()) >= 20 and whole == native


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:targetSubjectsOf ex:tag ;
  sh:class ex:Thing ; sh:message "not a thing" ;
  sh:property [ sh:path ex:name ; sh:maxLength 3 ; sh:datatype rdf:langString ;
                sh:severity sh:Warning ; sh:message "short tagged name" ] ;
  sh:property [ sh:path ex:size ; sh:maxInclusive 10 ; sh:minExclusive 0 ;
                sh:message "size in (0, 10]" ] ;
  sh:property [ sh:path ex:ratio ; sh:maxExclusive 1.5 ; sh:minInclusive 0.5 ;
                sh:severity sh:Info ; sh:message "ratio in [0.5, 1.5)" ] ;
  sh:property [ sh:path ex:any ; sh:datatype rdfs:Literal ; sh:minCount 0 ;
                sh:message "a literal" ] ;
  sh:property [ sh:path ex:link ; sh:nodeKind sh:BlankNodeOrIRI ; sh:minLength 0 ;
                sh:message "a node" ] ;
  sh:property [ sh:path ex:word ; sh:nodeKind sh:IRIOrLiteral ; sh:minLength 2 ;
                sh:in ( "ab" ex:cd 3 ) ; sh:message "a listed word" ] ;
  sh:property [ sh:path ex:tag ; sh:class ex:Tag , ex:Label ; sh:maxCount 1 ;
                sh:message "one tag" ] ;
  sh:property [ sh:path ex:off ; sh:minCount 1 ; sh:deactivated true ;
                sh:message "never" ] .
ex:Unused a sh:NodeShape ; sh:targetClass ex:Nothing ; sh:deactivated true ;
  sh:class ex:Nothing ; sh:message "deactivated" .
"""
DATA = """
@prefix ex: <urn:ex:> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing . ex:Sub2 rdfs:subClassOf ex:Sub . ex:Tag2 rdfs:subClassOf ex:Tag .
ex:Both rdfs:subClassOf ex:Tag , ex:Label .
ex:a a ex:Thing ; ex:name "abcd"@en , "ab"@en , "ab" ; ex:size 0 , 10 , 11 , "5" , 5.5 ;
     ex:ratio 0.5 , 1.5 , "x" , ex:a ; ex:any 1 , ex:a , "s" ; ex:link ex:b , [] , "lit" ;
     ex:word "ab" , "a" , ex:cd , 3 , "3" , [] ; ex:tag ex:t1 , ex:t2 .
ex:b a ex:Sub2 ; ex:size -1 ; ex:tag ex:t3 .
ex:c ex:tag ex:t4 .
ex:Nothing rdfs:label "n" . ex:n a ex:Nothing .
ex:t1 a ex:Tag2 . ex:t2 a ex:Tag , ex:Label . ex:t3 a ex:Both . ex:t4 a ex:Label .
"""


def test_every_supported_constraint_on_a_handmade_graph():
    shapes = Graph().parse(data=SHAPES, format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    whole, native = records_of_both(data, shapes)
    assert sum(whole.values()) >= 15 and whole == native
    assert {r[1] for r in native} == {"Violation", "Warning", "Info"}


@pytest.mark.parametrize("extra", [
    'ex:S sh:property [ sh:path ex:p ; sh:pattern "^a" ; sh:message "m" ] .',  # unsupported
    'ex:S sh:property [ sh:path ex:p ; sh:node ex:S ; sh:message "m" ] .',
    'ex:S sh:property [ sh:path ex:p ; sh:minCount 1 ] .',                     # no message
    'ex:S sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "a" , "b" ] .',
    'ex:S sh:property [ sh:path ex:p ; sh:minCount "1" ; sh:message "m" ] .',  # malformed
    'ex:S sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message "m" ] .',
    'ex:S sh:minCount 1 .',                                                    # node shape
    'ex:P a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:p ; sh:minCount 1 ; '
    'sh:message "m" .',                                                        # top level
    'ex:S a rdfs:Class .',                                                     # implicit target
])
def test_other_shapes_are_left_to_pyshacl(extra):
    shapes = Graph().parse(data=SHAPES + extra, format="turtle")
    assert validate_shacl.compile_shapes(shapes) is None


def test_left_to_pyshacl_still_finds_with_its_own_message(tmp_path, embedded):
    _graph, _shapes, project = embedded
    data = Graph().parse(data=DATA, format="turtle")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES + 'ex:S sh:property [ sh:path ex:size ; sh:pattern "^1" ] .',
                      encoding="utf-8")
    check = check_shacl(data, shapes, Names(data))
    assert any(f.message.startswith("Value does not match pattern") for f in check.findings)
