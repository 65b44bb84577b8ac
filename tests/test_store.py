"""kg.store and `kg load`: the persistent Oxigraph store, its resolver, its query engine."""

from __future__ import annotations

import doctest
import json
import os
import shutil

import pytest

import kg.store
from kg.build import release_paths
from kg.errors import KGError
from kg.lookup import LazyLabels
from kg.store import (
    META_FILE,
    load_store,
    open_store,
    resolver,
    store_engine,
    store_info,
)

BASE = "https://w3id.org/edu-kg/hip-spine/"
CONCEPT = BASE + "concept/"


@pytest.fixture(scope="module")
def store_dir(embedded, tmp_path_factory):
    """The embedded dataset's release loaded into a store (once for the module)."""
    folder = tmp_path_factory.mktemp("store") / "store"
    load_store(folder, project=embedded)
    return folder


@pytest.fixture(scope="module")
def names(store_dir):
    return resolver(store_dir)


def test_docstring_examples():
    assert doctest.testmod(kg.store, optionflags=doctest.ELLIPSIS).failed == 0


# ------------------------------------------------------------------ loading

def test_load_holds_the_whole_release(store_dir, graph, embedded):
    info = store_info(store_dir)
    assert info.triples == len(graph)
    store = open_store(store_dir)
    # the default graph is the release; the derived index is its own named graph, counted apart
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(store.query(count)))[0].value) == len(graph)
    assert info.derived > 0 and len(store) == len(graph) + info.derived
    from kg.query import reach

    assert reach.has_index(store)
    nt = release_paths(embedded)["nt"]
    assert [f.name for f in info.files] == [nt.name]
    assert info.release == embedded.name
    assert info.concept_namespaces == [CONCEPT]
    meta = json.loads((store_dir / META_FILE).read_text())
    assert meta["files"][0]["bytes"] == nt.stat().st_size and len(meta["files"][0]["sha256"]) == 64


def test_store_opens_read_only_many_times(store_dir):
    first, second = open_store(store_dir), open_store(store_dir)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert list(first.query(query))[0]["n"] == list(second.query(query))[0]["n"]
    import pyoxigraph as ox

    with pytest.raises(RuntimeError, match="read-write"):

        first.add(ox.Quad(ox.NamedNode("https://ex.org/a"), ox.NamedNode("https://ex.org/b"),
                          ox.Literal("c")))


def test_reload_replaces_the_store_and_leaves_nothing_behind(tmp_path):
    one, two = tmp_path / "one.nt", tmp_path / "two.ttl"
    one.write_text('<https://ex.org/a> <https://ex.org/p> "1" .\n')
    two.write_text('@prefix ex: <https://ex.org/> .\nex:b ex:p "2", "3" .\n')
    folder = tmp_path / "s"
    assert load_store(folder, [one]).triples == 1
    reader = open_store(folder)  # a reader of the old store keeps working
    assert load_store(folder, [one, two]).triples == 3
    assert len(open_store(folder)) == 3
    assert len(reader) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.nt", "s", "two.ttl"]


def test_failed_load_keeps_the_old_store(tmp_path):
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl"
    good.write_text('<https://ex.org/a> <https://ex.org/p> "1" .\n')
    bad.write_text("@prefix ex: <https://ex.org/> .\nex:a ex:p .\n")
    folder = tmp_path / "s"
    load_store(folder, [good])
    with pytest.raises(KGError, match="bad.ttl: not valid turtle"):
        load_store(folder, [good, bad])
    assert len(open_store(folder)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "good.nt", "s"]


@pytest.mark.parametrize("setup, message", [
    (lambda d: (d / "keep.txt").write_text("mine"), "not empty and not a kg store"),
    (lambda d: None, None),  # an empty folder is fine
])
def test_load_refuses_to_overwrite_a_foreign_folder(tmp_path, setup, message):
    nt = tmp_path / "g.nt"
    nt.write_text('<https://ex.org/a> <https://ex.org/p> "1" .\n')
    folder = tmp_path / "target"
    folder.mkdir()
    setup(folder)
    if message:
        with pytest.raises(KGError, match=message):
            load_store(folder, [nt])
        assert (folder / "keep.txt").read_text() == "mine"
    else:
        assert load_store(folder, [nt]).triples == 1


def test_load_file_mistakes(tmp_path):
    with pytest.raises(KGError, match="no such file"):
        load_store(tmp_path / "s", [tmp_path / "missing.nt"])
    odd = tmp_path / "graph.docx"
    odd.write_text("x")
    with pytest.raises(KGError, match="unknown RDF file type .docx"):
        load_store(tmp_path / "s", [odd])
    assert not (tmp_path / "s").exists()


def test_open_mistakes(tmp_path):
    with pytest.raises(KGError, match="no store at"):
        open_store(tmp_path / "nothing")
    (tmp_path / "plain").mkdir()
    with pytest.raises(KGError, match="not a kg store") as caught:
        open_store(tmp_path / "plain")
    assert "kg load --store" in caught.value.hint


def test_stale_store_warns(tmp_path, embedded, capsys):
    build = tmp_path / "build"
    shutil.copytree(embedded.build_dir / "release", build / "release")
    from kg.config import Project

    project = Project(embedded.data_dir, build)
    folder = tmp_path / "s"
    load_store(folder, project=project)
    open_store(folder, project)
    assert "warning" not in capsys.readouterr().err
    manifest = build / "release" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["outputs"][f"{project.name}.nt"] = "0" * 64
    manifest.write_text(json.dumps(data))
    open_store(folder, project)
    assert "loaded before the release was rebuilt" in capsys.readouterr().err


# ------------------------------------------------------------------ names

@pytest.mark.parametrize("name, local", [
    ("hip osteoarthritis", "hip-osteoarthritis"),
    ("Hip OA", "hip-osteoarthritis"),
    ("hip-osteoarthritis", "hip-osteoarthritis"),
    (f"<{CONCEPT}low-back-pain>", "low-back-pain"),
    (f"{CONCEPT}low-back-pain", "low-back-pain"),
    ("FAI", "femoroacetabular-impingement"),
    ("prolonged sitting", "prolonged-sitting"),
])
def test_store_resolver_finds_concepts(names, name, local):
    assert names.resolve(name) == CONCEPT + local


def test_store_resolver_agrees_with_the_shared_resolver(names, graph):
    from kg.resolve import Resolver

    shared = Resolver(graph)
    for name in sorted(shared.names)[:400]:
        try:
            expected = str(shared.resolve(name))
        except KGError:
            with pytest.raises(KGError):
                names.resolve(name)
            continue
        assert names.resolve(name) == expected, name


def test_store_resolver_errors(names):
    with pytest.raises(KGError, match="no concept named 'hip osteoarthritus'") as caught:
        names.resolve("hip osteoarthritus")
    assert "hip osteoarthritis" in caught.value.hint
    assert names.label(CONCEPT + "hip-osteoarthritis") == "hip osteoarthritis"
    assert names.type_label(CONCEPT + "hip-osteoarthritis") == "Condition"


def test_store_resolver_ambiguity(tmp_path):
    ttl = tmp_path / "two.ttl"
    ttl.write_text("""
        @prefix kgv: <https://w3id.org/edu-kg/vocab#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        kgv:Concept a owl:Class . kgv:Symptom a owl:Class ; rdfs:subClassOf kgv:Concept ;
            rdfs:label "Symptom" .
        <https://ex.org/concept/cold-a> a kgv:Symptom ; rdfs:label "cold" ; kgv:key "cold" .
        <https://ex.org/concept/cold-b> a kgv:Symptom ; rdfs:label "Cold" ; kgv:key "cold" .
    """)
    load_store(tmp_path / "s", [ttl])
    names = resolver(tmp_path / "s")
    with pytest.raises(KGError, match="'cold' names 2 concepts") as caught:
        names.resolve("cold")
    assert "id cold-a" in str(caught.value) and "use the id" in caught.value.hint
    assert names.resolve("cold-b") == "https://ex.org/concept/cold-b"


def test_lazy_labels(store_dir, names):
    labels = LazyLabels(names.select)
    assert labels  # truthy while empty: formats.render keeps it
    assert CONCEPT + "hip-osteoarthritis" in labels
    assert labels[CONCEPT + "hip-osteoarthritis"] == "hip osteoarthritis"
    assert "https://ex.org/nothing" not in labels
    assert labels.get("not an iri") is None


# ------------------------------------------------------------------ the engine

def _answers(engine, named, project):
    from kg.query.engines import ParamResolver

    result = engine.execute(named.text, ParamResolver(engine, project).bindings(named, {}))
    rows = list(map(repr, result.rows))  # ORDER BY is total in the named questions: same order
    return result.form, rows if "ORDER BY" in named.text else sorted(rows), result.boolean


def test_every_named_query_answers_the_same_from_the_store(store_dir, embedded):
    from kg.query import library
    from kg.query.engines import get_engine

    memory = get_engine(embedded, "oxigraph")
    stored = store_engine(store_dir, embedded)
    queries = library(embedded)
    assert len(queries) >= 15
    for named in queries:
        assert _answers(stored, named, embedded) == _answers(memory, named, embedded), named.name


def test_store_engine_resolves_without_reading_every_concept(store_dir, embedded):
    engine = store_engine(store_dir, embedded)
    assert engine.resolve_concept("hip OA").value == CONCEPT + "hip-osteoarthritis"
    assert engine.resolve_concept("femoroacetabular-impingement").value == \
        CONCEPT + "femoroacetabular-impingement"
    source = engine.names.source
    assert source._id_keys is None  # no index of all concepts' ids was built
    assert source._namespaces == [CONCEPT]  # recorded at load time, not found by a scan
    assert engine.resolve_class("Treatment").value == "https://w3id.org/edu-kg/vocab#Treatment"


# ------------------------------------------------------------------ the command

def test_kg_load_command(run_kg, tmp_path):
    code, out, err = run_kg("load", "--store", str(tmp_path / "s"))
    assert code == 0, err
    assert out == "" and "triples from hip-spine.nt into" in err  # a "wrote" line: stderr
    assert store_info(tmp_path / "s").release == "hip-spine"


def test_kg_load_command_files_and_errors(run_kg, tmp_path):
    nt = tmp_path / "x.nt"
    nt.write_text('<https://ex.org/a> <https://ex.org/p> "1" .\n')
    code, _, err = run_kg("load", "--store", str(tmp_path / "s"), str(nt), "--strict")
    assert code == 0 and "loaded 1 triples from x.nt" in err
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    code, _, err = run_kg("load", "--store", str(tmp_path / "other"))
    assert code == 2 and "refusing to overwrite" in err and "Traceback" not in err


def test_kg_load_default_folder(run_kg, tmp_path):
    build = tmp_path / "build"
    code, out, err = run_kg("load", build=build)
    assert code == 0, err
    assert (build / "store" / META_FILE).is_file()
    assert os.path.isdir(build / "release")


def test_kg_query_store_gives_the_same_output(run_kg, store_dir):
    for args in (["treatments-for", "-p", "condition=hip OA", "--format", "csv"],
                 ["hubs", "--format", "tsv"], ["about", "-p", "concept=FAI"]):
        code, expected, err = run_kg("query", *args)
        assert code == 0, err
        code, out, err = run_kg("query", "--store", str(store_dir), *args)
        assert code == 0, err
        assert out == expected, args  # the same lines in the same order
    code, out, _ = run_kg("query", "--store", str(store_dir), "leads-to")
    assert code == 0 and out.splitlines()[0] == "yes"
    code, _, err = run_kg("query", "--store", str(store_dir), "about", "-p", "concept=zzzz")
    assert code == 2 and "no concept named 'zzzz'" in err
