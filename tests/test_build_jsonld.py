"""kg.build_jsonld writes the bytes rdflib's JSON-LD writer gave the release, faster."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef

from kg.build import build
from kg.build_jsonld import _fast, jsonld
from kg.config import Project

REPO = Path(__file__).resolve().parents[1]


def same_both_ways(graph: Graph) -> bytes:
    fast = jsonld(graph)
    assert fast == jsonld(graph, fast=False)
    return fast


def test_the_embedded_release_is_byte_identical():
    graph = build(Project(), write=False)
    context = {p: str(n) for p, n in graph.namespaces() if p and p != "xml"}
    assert _fast(graph, context) is not None  # the fast path is the one taken
    assert b'"@graph"' in same_both_ways(graph)


def test_a_course_is_byte_identical(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synth_curated import generate

    generate(tmp_path / "data", 2)
    same_both_ways(build(Project(tmp_path / "data", tmp_path / "build"), write=False))


def odd_graph() -> Graph:
    g = Graph(bind_namespaces="core")
    g.bind("ex", "urn:ex:")
    a, b, p, q = (URIRef(f"urn:ex:{n}") for n in ("a", "b", "p", "q"))
    g.add((a, RDF.type, URIRef("urn:ex:T")))
    g.add((a, RDF.type, URIRef("http://other.org/U")))
    for value in (Literal("plain"), Literal("tagged", lang="en"), Literal(3), Literal(2.5),
                  Literal(True), Literal("1.50", datatype=XSD.decimal),
                  Literal("s", datatype=XSD.string), Literal("2024-01-02", datatype=XSD.date),
                  Literal("x", datatype=URIRef("urn:ex:dt")), b, URIRef("http://other.org/z")):
        g.add((a, p, value))
    g.add((b, q, Literal("one")))
    g.add((b, URIRef("http://other.org/r"), a))
    return g


def test_literals_of_every_kind_are_byte_identical():
    same_both_ways(odd_graph())


@pytest.mark.parametrize("change", ["bnode", "list", "falsy", "one node", "term"])
def test_graphs_it_does_not_handle_go_to_rdflib(change):
    g = odd_graph()
    p = URIRef("urn:ex:p")
    if change == "bnode":
        g.add((BNode(), p, Literal("x")))
    elif change == "list":
        g.add((URIRef("urn:ex:l"), RDF.first, Literal("x")))
    elif change == "falsy":
        g.add((URIRef("urn:ex:b"), p, Literal("")))
        g.add((URIRef("urn:ex:b"), p, Literal("y")))
    elif change == "one node":
        g = Graph()
        g.add((URIRef("urn:ex:a"), p, Literal("x")))
    else:
        g.add((URIRef("urn:ex:a"), URIRef("urn:ex:"), Literal("x")))  # the prefix's own IRI
    context = {pfx: str(n) for pfx, n in g.namespaces() if pfx and pfx != "xml"}
    assert _fast(g, context) is None
    assert jsonld(g)  # and rdflib writes it
