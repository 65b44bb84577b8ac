"""kg.load() reuses a current release and rebuilds a stale one; to_networkx's node/edge data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import SKOS, Literal, URIRef

import kg
import kg.build
from kg.config import Project
from kg.load import is_current

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "data"
FLOOD = URIRef("https://example.org/mini/concept/flood")


@pytest.fixture
def project(tmp_path) -> Project:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return Project(tmp_path / "data", tmp_path / "build")


def forbid_building(monkeypatch):
    def fail(project):
        raise AssertionError("load() rebuilt although the release was current")

    monkeypatch.setattr(kg.build, "build_graph", fail)


def test_load_builds_when_missing_then_reuses_the_release(project, monkeypatch):
    assert not is_current(project)
    first = kg.load(project)
    assert is_current(project)
    forbid_building(monkeypatch)
    second = kg.load(project)
    assert len(second) == len(first) and (FLOOD, SKOS.prefLabel, Literal("flood")) in second
    assert dict(second.namespaces())["concept"] == URIRef("https://example.org/mini/concept/")


def test_load_rebuilds_after_a_curated_edit(project):
    kg.load(project)
    curated = project.curated_dir / "rivers.yaml"
    text = curated.read_text().replace("[floods, flooding]", "[floods, flooding, deluge]")
    curated.write_text(text)
    assert not is_current(project)
    graph = kg.load(project)
    assert (FLOOD, SKOS.altLabel, Literal("deluge")) in graph
    assert is_current(project)
    manifest = json.loads((project.release_dir / "manifest.json").read_text())
    assert "curated/rivers.yaml" in manifest["inputs"]


@pytest.mark.parametrize("change", ["new-file", "damaged-release", "no-manifest", "engine"])
def test_other_kinds_of_staleness(project, monkeypatch, change):
    kg.load(project)
    if change == "new-file":
        (project.sources_dir / "other.txt").write_text("Another text.\n")
    elif change == "damaged-release":
        nt = project.release_dir / "mini.nt"
        nt.write_text(nt.read_text()[:-200])
    elif change == "no-manifest":
        (project.release_dir / "manifest.json").unlink()
    else:
        monkeypatch.setattr(kg.build, "engine_fingerprint", lambda: "changed-code")
    assert not is_current(project)


def test_rebuild_flag_forces_a_build(project, monkeypatch):
    kg.load(project)
    calls = []
    real = kg.build.build_graph
    monkeypatch.setattr(kg.build, "build_graph", lambda p: calls.append(p) or real(p))
    kg.load(project, rebuild=True)
    assert calls == [project]


def test_kg_load_stays_callable_after_importing_the_submodule(project):
    import kg.load as load_module

    assert callable(kg.load) and load_module.load is not kg.load
    assert len(kg.load(project)) == len(load_module.load(project))
    assert callable(kg.build)


def test_to_networkx_nodes_and_edges(project):
    g = kg.to_networkx(kg.load(project))
    assert sorted(g.nodes) == ["erosion", "flood", "heavy-rain", "levee", "river", "road",
                               "snowmelt"]
    rain = g.nodes["heavy-rain"]
    assert rain == {
        "iri": "https://example.org/mini/concept/heavy-rain",
        "label": "heavy rain", "type": "Event", "top_type": "Event",
        "definition": "Rain falling hard.", "synonyms": ["downpour"],
    }
    assert g.nodes["flood"]["type"] == "Flood" and g.nodes["flood"]["top_type"] == "Event"
    assert g.nodes["road"]["definition"] is None
    assert g.number_of_edges() == 7  # one per statement, not per distinct triple
    assert sorted(g["heavy-rain"]["flood"]) == ["heavy-rain--causes--flood",
                                                "heavy-rain--causes--flood--2"]
    edge = g.edges["road", "river", "road--locatedIn--river"]
    assert edge["predicate"] == "locatedIn" and edge["label"] == "located in"
    assert edge["quote"] == "the river" and edge["sentence"] == 2
    assert edge["statement"] == "https://example.org/mini/statement/road--locatedIn--river"
    assert edge["source"] == "rivers" and edge["section"] == "Rivers in spring"
