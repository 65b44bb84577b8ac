"""`kg export --format tsv` is KGX; Biolink terms from the vocabulary; what kgx accepts as an id.

kgx runs offline (tests/kgx_offline.py: the Biolink model and prefix map of the installed
``biolink-model`` package, sockets refused). A concept with an exact match under a
Biolink-registered prefix has that CURIE as its KGX id; one without keeps the dataset's own
CURIE (``concept:knee-joint``), and that is the one thing kgx, unchanged, still objects to:
it takes only CURIEs as ids (no full IRI, no URN) and only with a prefix of the Biolink
context, and ``kgx validate`` has no option to add one (docs/sparql-and-engines.md, "KGX",
quotes the lines). So: run unchanged, kgx's findings are exactly those ``concept:`` ids and the
edges that touch them; run with the dataset's own prefixes added to the context, 0 errors; and
a probe shows which id forms kgx accepts.
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


def _kgx(folder: Path, prefixes: dict[str, str]) -> dict:
    """``report`` (what kgx validate returns) and ``findings`` (every error it logged)."""
    pytest.importorskip("kgx", reason="kgx is in the test extra: pip install -e '.[test]'")
    args = [f"{p}={iri}" for p, iri in prefixes.items()]
    done = subprocess.run([sys.executable, str(RUNNER), str(folder / "nodes.tsv"),
                           str(folder / "edges.tsv"), *args],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _kgx_validate(folder: Path, prefixes: dict[str, str]) -> dict:
    return _kgx(folder, prefixes)["report"]


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
def test_kgx_unchanged_only_objects_to_the_concepts_with_no_registered_id(release_tsv):
    """Every finding of kgx, run unchanged, is a ``concept:`` id (a node, or an edge's end),
    and every ``concept:`` node is found: nothing else is wrong, and nothing is hidden."""
    found = _kgx(release_tsv, {})["findings"]
    nodes = _rows((release_tsv / "nodes.tsv").read_bytes())
    own = {row["id"] for row in nodes if row["id"].startswith("concept:")}
    assert own and len(own) < len(nodes)
    assert {(level, kind) for level, kind, _m, _e in found} == {
        ("ERROR", "INVALID_NODE_PROPERTY_VALUE"), ("ERROR", "INVALID_EDGE_PROPERTY_VALUE")}
    assert all("with a CURIE prefix 'concept'" in message for _l, _k, message, _e in found)
    assert {e for _l, kind, _m, e in found if kind == "INVALID_NODE_PROPERTY_VALUE"} == own
    edges = _rows((release_tsv / "edges.tsv").read_bytes())
    touching = {f"{e['subject']}->{e['object']}" for e in edges
                if e["subject"] in own or e["object"] in own}
    assert {e for _l, kind, _m, e in found if kind == "INVALID_EDGE_PROPERTY_VALUE"} == touching


@pytest.mark.slow
def test_what_kgx_accepts_as_a_node_id(tmp_path):
    """A registered CURIE passes; the dataset's own CURIE, a full IRI and a URN do not (kgx's
    PrefixManager.is_curie and the Biolink prefixes, kgx/validator.py
    validate_node_property_values)."""
    ids = {"registered": "HP:0001288", "own": "concept:altered-gait",
           "iri": "https://w3id.org/edu-kg/hip-spine/concept/altered-gait",
           "urn": "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66"}
    (tmp_path / "nodes.tsv").write_text("id\tcategory\tname\n" + "".join(
        f"{i}\tbiolink:PhenotypicFeature\t{kind}\n" for kind, i in ids.items()))
    (tmp_path / "edges.tsv").write_text(
        "id\tsubject\tpredicate\tobject\tknowledge_level\tagent_type\n")
    found = {entity: message for _l, _k, message, entity in _kgx(tmp_path, {})["findings"]}
    assert set(found) == {ids["own"], ids["iri"], ids["urn"]}
    assert "CURIE prefix 'concept' is not represented" in found[ids["own"]]
    assert found[ids["iri"]] == found[ids["urn"]] == \
        "Node property 'id' is expected to be of type 'CURIE'"


def test_kgx_id_prefixes_are_biolinks():
    biolink_model = pytest.importorskip("biolink_model")
    from importlib import resources

    from kg.export import KGX_ID_PREFIXES

    registered = json.loads((resources.files(biolink_model) / "prefixmaps" /
                             "biolink-model-prefix-map.json").read_text())
    assert set(KGX_ID_PREFIXES) <= set(registered)
    assert "SYMP" not in registered and "concept" not in registered


def test_kgx_ids_map_back_to_the_rdf(graph):
    """An exact match under a registered prefix is the id; the iri column gives the concept
    back, one to one; edges use the same ids; a match two concepts share is no one's id."""
    tables = render(graph, "tsv")
    nodes = _rows(tables["nodes.tsv"])
    by_id = {row["id"]: row["iri"] for row in nodes}
    assert len(by_id) == len(set(by_id.values())) == len(nodes)
    hip = next(row for row in nodes if row["iri"].endswith("/concept/hip-joint"))
    assert hip["id"].startswith("UBERON:") and hip["id"] in hip["xref"].split("|")
    own = [row for row in nodes if row["id"].startswith("concept:")]
    assert all(row["iri"].endswith("/concept/" + row["id"].split(":", 1)[1]) for row in own)
    for edge in _rows(tables["edges.tsv"]):
        assert edge["subject"] in by_id and edge["object"] in by_id


def test_a_shared_exact_match_is_no_ones_id():
    g = m.sample_graph()
    ids = {row["iri"]: row["id"] for row in _rows(render(g, "tsv")["nodes.tsv"])}
    pain, joint = (m.BASE + "concept/" + name for name in ("knee-pain", "knee-joint"))
    assert ids[str(pain)] == "HP:0030839" and ids[str(joint)] == "UBERON:0001485"
    g.add((URIRef(joint), SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/HP_0030839")))
    ids = {row["iri"]: row["id"] for row in _rows(render(g, "tsv")["nodes.tsv"])}
    assert ids[str(pain)] == "concept:knee-pain" and ids[str(joint)] == "concept:knee-joint"


def test_release_categories_and_predicates_are_biolink(graph):
    tables = render(graph, "tsv")
    nodes = {row["id"]: row for row in _rows(tables["nodes.tsv"])}
    edges = _rows(tables["edges.tsv"])
    assert all(row["category"].startswith("biolink:") for row in nodes.values())
    assert all(row["kgv_category"].startswith("kgv:") for row in nodes.values())
    # exact/close alignments, and the nearest aligned ancestor for a class without its own
    by_iri = {row["iri"].rsplit("/", 1)[-1]: row for row in nodes.values()}
    assert by_iri["hip-osteoarthritis"]["category"] == "biolink:Disease"
    assert by_iri["hip-joint"]["kgv_category"] == "kgv:Joint"
    assert by_iri["hip-joint"]["category"] == "biolink:AnatomicalEntity"
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
    assert nodes["UBERON:0001485"]["category"] == "biolink:GrossAnatomicalStructure"
    assert nodes["concept:quadriceps"]["category"] == "biolink:AnatomicalEntity"
    edge = next(e for e in _rows(tables["edges.tsv"])
                if e["original_predicate"] == "kgv:strengthens")
    assert edge["predicate"] == "biolink:related_to"
