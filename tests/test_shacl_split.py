"""SHACL by parts (kg.shacl_split) finds exactly what pyshacl finds on the whole graph.

The shipped shapes are evaluated by kg.validate_shacl in a build; here ``engine="pyshacl"``
keeps them on the pyshacl paths this file is about (by parts and cached, or whole)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import PROV

from kg import shacl_split
from kg.build import build
from kg.config import Project
from kg.namespaces import KGV
from kg.validate import Names, check_shacl, shapes_path

REPO = Path(__file__).resolve().parents[1]


def both(graph, project, cache):
    names = Names(graph)
    whole = check_shacl(graph, shapes_path(project), names, engine="pyshacl")
    split = check_shacl(graph, shapes_path(project), names, cache, engine="pyshacl")
    return set(whole.findings), set(split.findings), whole.summary == split.summary


def break_graph(graph):
    """A copy of ``graph`` with a few concepts and statements damaged as the shapes catch."""
    from rdflib import Graph

    copy = Graph()
    for triple in graph:
        copy.add(triple)
    graph = copy
    concepts = sorted(Names(graph).types)
    statements = sorted(graph.subjects(RDF.type, RDF.Statement))
    graph.remove((concepts[0], RDFS.label, None))                     # no label
    graph.add((concepts[1], SKOS.definition, Literal("a second one")))  # two definitions
    graph.add((concepts[2], KGV.impairs, concepts[3]))                # wrong range, maybe
    graph.add((concepts[-1], KGV.involves, concepts[-2]))             # wrong subject class
    graph.remove((statements[0], PROV.value, None))                   # unquoted statement
    graph.add((statements[-1], KGV.sentence, Literal(0)))             # bad sentence number
    graph.add((statements[1], RDF.subject, URIRef("urn:x:nowhere")))  # untyped end
    return graph


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth_curated import generate

    data = tmp_path_factory.mktemp("course") / "data"
    generate(data, 3)
    project = Project(data, data.parent / "build")
    return project, build(project, write=False)


def test_embedded_dataset_is_local_and_equal(tmp_path):
    project = Project()
    graph = build(project, write=False)
    assert shacl_split.is_local(shacl_split_shapes(project), graph)
    whole, split, same_summary = both(graph, project, tmp_path / "cache")
    assert whole == split and same_summary


def test_broken_embedded_graph_gives_the_same_findings(tmp_path):
    project = Project()
    graph = break_graph(build(project, write=False))
    whole, split, _ = both(graph, project, tmp_path / "cache")
    assert whole and whole == split


def test_course_of_articles_broken_and_cached(course, tmp_path):
    project, graph = course
    graph = break_graph(graph)
    cache = tmp_path / "cache"
    whole, split, _ = both(graph, project, cache)
    assert whole and whole == split
    assert len(list(cache.glob("*.json"))) >= 3  # one part per article at least
    again = check_shacl(graph, shapes_path(project), Names(graph), cache,  # from the cache
                        engine="pyshacl")
    assert set(again.findings) == whole


def test_a_changed_part_is_revalidated(course, tmp_path):
    project, graph = course
    cache = tmp_path / "cache"
    assert not check_shacl(graph, shapes_path(project), Names(graph), cache,
                           engine="pyshacl").findings
    concept = sorted(Names(graph).types)[5]
    graph.remove((concept, SKOS.definition, None))
    found = check_shacl(graph, shapes_path(project), Names(graph), cache,
                        engine="pyshacl").findings
    graph.add((concept, SKOS.definition, Literal("restored")))
    assert [f.iri for f in found] == [str(concept)]


def test_non_local_shapes_are_validated_whole(tmp_path):
    from rdflib import BNode, Graph

    shapes = Graph()
    shape = URIRef("urn:x:S")
    shapes.add((shape, RDF.type, URIRef(shacl_split.SH + "NodeShape")))
    shapes.add((shape, URIRef(shacl_split.SH + "targetObjectsOf"), KGV.causes))
    assert not shacl_split.is_local(shapes, Graph())
    data = Graph()
    data.add((BNode(), RDF.type, KGV.Condition))
    assert not shacl_split.is_local(Graph(), data)


def shacl_split_shapes(project):
    from kg.ontology import parse_turtle

    return parse_turtle([shapes_path(project)])


def test_entries_of_changed_parts_are_pruned(course, tmp_path):
    project, graph = course
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "notes.txt").write_text("not an entry")
    (cache / "other.json").write_text("{}")
    check_shacl(graph, shapes_path(project), Names(graph), cache, engine="pyshacl")
    before = {p.name for p in cache.glob("*.json")} - {"other.json"}
    concept = sorted(Names(graph).types)[5]
    definition = graph.value(concept, SKOS.definition)
    graph.remove((concept, SKOS.definition, None))
    try:
        check_shacl(graph, shapes_path(project), Names(graph), cache, engine="pyshacl")
        after = {p.name for p in cache.glob("*.json")} - {"other.json"}
    finally:
        graph.add((concept, SKOS.definition, definition))
    assert len(after) == len(before) and len(before - after) == 1  # one part changed
    assert (cache / "notes.txt").is_file() and (cache / "other.json").is_file()
    assert shacl_split.prune(cache, set()) == len(after)
    assert cache.is_dir()  # not empty: the two other files are kept


def test_the_native_check_prunes_every_entry(course, tmp_path):
    project, graph = course
    cache = tmp_path / "cache"
    check_shacl(graph, shapes_path(project), Names(graph), cache, engine="pyshacl")
    assert list(cache.glob("*.json"))
    check_shacl(graph, shapes_path(project), Names(graph), cache)  # kg.validate_shacl
    assert not cache.exists()
