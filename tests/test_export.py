"""kg.export and `kg export`: every format parses back to the same graph."""

from __future__ import annotations

import csv
import io
import os

import minigraph as m
import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build_graph, release_paths
from kg.config import Project
from kg.errors import KGError
from kg.export import export, graphml_graph

RDF_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt"}


@pytest.fixture
def project(tmp_path):
    return Project(m.write_dataset(tmp_path / "data"), tmp_path / "build")


@pytest.fixture
def sample():
    return m.sample_graph()


def test_the_hand_built_sample_is_what_kg_build_makes(project, sample):
    # keeps tests/minigraph.py honest: its graphs follow the model exactly
    assert isomorphic(build_graph(project), sample)


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdf_exports_parse_back_isomorphic(sample, fmt):
    data = export(sample, fmt)
    assert isinstance(data, bytes)
    assert isomorphic(Graph().parse(data=data, format=RDF_FORMATS[fmt]), sample)


@pytest.mark.parametrize("fmt, release", [("turtle", "turtle"), ("jsonld", "json-ld"),
                                          ("nt", "nt")])
def test_rdf_exports_are_the_release_bytes(project, fmt, release):
    import kg

    kg.build(project)
    graph = kg.load(project)  # parsed back from the release, as the CLI gets it
    assert export(graph, fmt) == release_paths(project)[release].read_bytes()


def test_graphml_parses_back_with_flat_values(sample):
    data = export(sample, "graphml")
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert back.number_of_nodes() == 6 and back.number_of_edges() == len(m.RELATIONS)
    node = back.nodes["physiotherapy"]
    assert node["label"] == "physiotherapy"
    assert node["type"] == "PhysicalTherapy" and node["top_type"] == "Treatment"
    assert node["synonyms"] == "PT; physical therapy"
    assert node["iri"] == str(m.concept("physiotherapy"))
    assert node["definition"] == "A thing the note names."
    [edge] = back.get_edge_data("knee-pain", "knee-joint").values()
    assert edge["predicate"] == "feltIn" and edge["label"] == "felt in"
    assert edge["quote"] == "Knee pain is felt in the knee joint"
    assert edge["sentence"] == 3  # typed as an integer in the GraphML keys
    for _u, _v, attrs in back.edges(data=True):
        assert all(isinstance(k, str) for k in attrs)


def test_graphml_leaves_out_empty_values(sample):
    flat = graphml_graph(sample)
    assert "synonyms" not in flat.nodes["cartilage-loss"]   # no synonyms: no empty attribute
    assert all(v is not None for _n, attrs in flat.nodes(data=True) for v in attrs.values())
    assert b"<key" in export(sample, "graphml") and b'attr.name="note"' not in \
        export(sample, "graphml")


def test_tsv_needs_a_folder(sample, tmp_path):
    with pytest.raises(KGError, match="two files") as info:
        export(sample, "tsv")
    assert "-o DIR" in info.value.hint
    (tmp_path / "afile").write_text("x")
    with pytest.raises(KGError, match="is a file"):
        export(sample, "tsv", tmp_path / "afile")


def _read_tsv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_tsv_nodes_and_edges(sample, tmp_path):
    written = export(sample, "tsv", tmp_path / "kgx", prefixes=m.PREFIXES)
    assert [p.name for p in written] == ["nodes.tsv", "edges.tsv"]
    nodes = {row["id"]: row for row in _read_tsv(tmp_path / "kgx" / "nodes.tsv")}
    edges = _read_tsv(tmp_path / "kgx" / "edges.tsv")
    assert len(nodes) == len(m.CONCEPTS) and len(edges) == len(m.RELATIONS)
    oa = nodes["MONDO:0005079"]  # its exact match: a registered id (the IRI stays in `iri`)
    assert (oa["category"], oa["kgv_category"]) == ("biolink:Disease", "kgv:Condition")
    assert oa["iri"] == str(m.concept("knee-osteoarthritis"))
    assert oa["name"] == "knee osteoarthritis"
    assert oa["synonym"] == "knee OA"
    assert oa["xref"] == "HP:0005086|MONDO:0005079"
    assert nodes["concept:physiotherapy"]["synonym"] == "PT|physical therapy"
    edge = next(e for e in edges if e["original_predicate"] == "kgv:strengthens")
    assert edge == {
        "id": "statement:physiotherapy--strengthens--quadriceps",
        "subject": "concept:physiotherapy", "predicate": "biolink:affects",
        "original_predicate": "kgv:strengthens", "object": "concept:quadriceps",
        "knowledge_level": "knowledge_assertion", "agent_type": "manual_agent",
        "primary_knowledge_source": f"source:{m.DOC}", "publications": f"source:{m.DOC}",
        "supporting_text": "Physiotherapy strengthens the quadriceps", "sentence": "5",
    }
    assert all(e["subject"] in nodes and e["object"] in nodes for e in edges)


def test_tsv_cells_stay_on_one_line(sample, tmp_path):
    from rdflib import SKOS, Literal

    g = sample
    g.set((m.concept("knee-joint"), SKOS.definition, Literal("Where\tthe thigh\nmeets the shin.")))
    export(g, "tsv", tmp_path)
    rows = _read_tsv(tmp_path / "nodes.tsv")
    assert len(rows) == len(m.CONCEPTS)
    assert {r["description"] for r in rows} >= {"Where the thigh meets the shin."}


def test_unknown_format(sample):
    with pytest.raises(KGError, match="unknown export format 'csv'"):
        export(sample, "csv")


def test_export_to_a_file_is_atomic(sample, tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    assert export(sample, "turtle", target) == [target]
    assert isomorphic(Graph().parse(target), sample)

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    target.write_text("old")
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KGError, match="disk full"):  # one clear error, not a traceback
        export(sample, "turtle", target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary left behind


# ------------------------------------------------------------------------ the command

def test_cli_export_to_stdout_and_file(project, run_kg, tmp_path):
    code, out, _err = run_kg("export", "--format", "nt", data=project.data_dir,
                             build=project.build_dir)
    assert code == 0
    assert isomorphic(Graph().parse(data=out, format="nt"), m.sample_graph())
    code, _out, err = run_kg("export", "-f", "graphml", "-o", str(tmp_path / "g.graphml"),
                             data=project.data_dir, build=project.build_dir)
    assert code == 0 and "wrote" in err
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == len(m.CONCEPTS)


def test_cli_tsv_without_folder_is_a_usage_error(project, run_kg):
    code, out, err = run_kg("export", "--format", "tsv", data=project.data_dir,
                            build=project.build_dir)
    assert code == 2 and out == ""
    assert "error: the tsv export is two files" in err and "-o DIR" in err


def test_cli_tsv_into_folder(project, run_kg, tmp_path):
    code, _out, _err = run_kg("export", "--format", "tsv", "-o", str(tmp_path / "kgx"),
                              data=project.data_dir, build=project.build_dir)
    assert code == 0
    assert len(_read_tsv(tmp_path / "kgx" / "edges.tsv")) == len(m.RELATIONS)
    nodes = _read_tsv(tmp_path / "kgx" / "nodes.tsv")
    assert "MONDO:0005079" in {x for row in nodes for x in row["xref"].split("|")}


# ------------------------------------------------------------------------ the embedded dataset

def test_embedded_graphml_and_tsv_counts(graph, tmp_path):
    from kg.graph import to_networkx

    expected = to_networkx(graph)
    back = nx.read_graphml(io.BytesIO(export(graph, "graphml")), force_multigraph=True)
    assert back.number_of_nodes() == expected.number_of_nodes() > 50
    assert back.number_of_edges() == expected.number_of_edges() > 100
    export(graph, "tsv", tmp_path)
    assert len(_read_tsv(tmp_path / "nodes.tsv")) == expected.number_of_nodes()
    assert len(_read_tsv(tmp_path / "edges.tsv")) == expected.number_of_edges()


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_embedded_rdf_exports_are_isomorphic(graph, fmt):
    assert isomorphic(Graph().parse(data=export(graph, fmt), format=RDF_FORMATS[fmt]), graph)
