"""`kg export --format tsv` is KGX that `kgx validate` accepts; Biolink terms from the vocabulary.

kgx runs offline (tests/kgx_offline.py: the Biolink model and prefix map of the installed
``biolink-model`` package, sockets refused). One thing no export can pass unchanged: kgx checks
every node id's CURIE prefix against the Biolink prefix map, and a dataset's own concepts
(``concept:knee-joint``) have no registered prefix; kgx also refuses full IRIs as ids (an id
must be a CURIE). So the release is validated with the dataset's own prefixes added to the
Biolink context, and a second run without them checks that those prefixes are all kgx has left
to say.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import minigraph as m
import pytest
from rdflib import SKOS, URIRef

from kg.export import render
from kg.namespaces import BIOLINK_IRI, KGV

RUNNER = Path(__file__).parent / "kgx_offline.py"
OWN = ("concept", "statement", "source")


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8")), delimiter="\t"))


def _kgx_validate(folder: Path, prefixes: dict[str, str]) -> dict:
    pytest.importorskip("kgx", reason="kgx is in the test extra: pip install -e '.[test]'")
    args = [f"{p}={iri}" for p, iri in prefixes.items()]
    done = subprocess.run([sys.executable, str(RUNNER), str(folder / "nodes.tsv"),
                           str(folder / "edges.tsv"), *args],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def release_tsv(graph, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kgx")
    for name, data in render(graph, "tsv").items():
        (folder / name).write_bytes(data)
    return folder


def _own_prefixes(graph) -> dict[str, str]:
    return {p: str(ns) for p, ns in graph.namespaces() if p in OWN}


@pytest.mark.slow
def test_kgx_validate_finds_no_error(graph, release_tsv):
    assert _kgx_validate(release_tsv, _own_prefixes(graph)) == {}


@pytest.mark.slow
def test_kgx_only_objects_to_the_datasets_own_prefixes(graph, release_tsv):
    report = _kgx_validate(release_tsv, {})
    assert set(report) == {"ERROR"}
    assert set(report["ERROR"]) == {"INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}
    messages = [msg for kind in report["ERROR"].values() for msg in kind]
    assert messages and all("with a CURIE prefix 'concept'" in msg for msg in messages)


def test_release_categories_and_predicates_are_biolink(graph):
    tables = render(graph, "tsv")
    nodes = {row["id"]: row for row in _rows(tables["nodes.tsv"])}
    edges = _rows(tables["edges.tsv"])
    assert all(row["category"].startswith("biolink:") for row in nodes.values())
    assert all(row["kgv_category"].startswith("kgv:") for row in nodes.values())
    # exact/close alignments, and the nearest aligned ancestor for a class without its own
    assert nodes["concept:hip-osteoarthritis"]["category"] == "biolink:Disease"
    assert nodes["concept:hip-joint"]["kgv_category"] == "kgv:Joint"
    assert nodes["concept:hip-joint"]["category"] == "biolink:AnatomicalEntity"
    by_kgv = {(e["original_predicate"], e["predicate"]) for e in edges}
    assert {("kgv:causes", "biolink:causes"), ("kgv:feltIn", "biolink:located_in"),
            ("kgv:eliminates", "biolink:treats")} <= by_kgv
    assert all(p.startswith("biolink:") and p.islower() for _k, p in by_kgv)
    assert {(e["knowledge_level"], e["agent_type"]) for e in edges} == {
        ("knowledge_assertion", "manual_agent")}
    assert all(e["primary_knowledge_source"].startswith("source:") and
               e["publications"] == e["primary_knowledge_source"] for e in edges)
    assert all(e["supporting_text"] for e in edges)


def test_the_mapping_is_vocabulary_data():
    """Aligning a class or a relation differently in the vocabulary changes the export."""
    g = m.sample_graph()
    g.add((KGV.Joint, SKOS.exactMatch, URIRef(BIOLINK_IRI + "GrossAnatomicalStructure")))
    g.remove((KGV.strengthens, SKOS.broadMatch, None))  # falls back to kgv:targets' mapping
    tables = render(g, "tsv")
    nodes = {row["id"]: row for row in _rows(tables["nodes.tsv"])}
    assert nodes["concept:knee-joint"]["category"] == "biolink:GrossAnatomicalStructure"
    assert nodes["concept:quadriceps"]["category"] == "biolink:AnatomicalEntity"
    edge = next(e for e in _rows(tables["edges.tsv"])
                if e["original_predicate"] == "kgv:strengthens")
    assert edge["predicate"] == "biolink:related_to"
