"""kg build end to end on the small fixture dataset: the RDF model, release files, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SKOS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.build import build_graph, release_paths, write_release
from kg.config import Project
from kg.files import WriteFailed
from kg.namespaces import KGV, NIF

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "data"
BASE = "https://example.org/mini/"


@pytest.fixture
def project(tmp_path) -> Project:
    """A writable copy of the fixture dataset with its own build folder."""
    shutil.copytree(FIXTURE, tmp_path / "data")
    return Project(tmp_path / "data", tmp_path / "build")


def concept(name: str) -> URIRef:
    return URIRef(f"{BASE}concept/{name}")


def statement(name: str) -> URIRef:
    return URIRef(f"{BASE}statement/{name}")


def release_state(project: Project) -> dict[str, bytes]:
    folder = project.release_dir
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


# ------------------------------------------------------------------ the RDF model

def test_concepts_have_type_names_keys_and_matches(project):
    g = build_graph(project)
    rain = concept("heavy-rain")
    assert set(g.objects(rain, RDF.type)) == {KGV.Event, OWL.NamedIndividual}
    assert g.value(rain, SKOS.prefLabel) == Literal("heavy rain")
    assert set(g.objects(rain, SKOS.altLabel)) == {Literal("downpour")}
    assert set(g.objects(rain, KGV.key)) == {Literal("heavy rain"), Literal("downpour")}
    assert g.value(rain, SKOS.exactMatch) == URIRef("http://purl.obolibrary.org/obo/ENVO_01001564")
    assert g.value(concept("levee"), SKOS.closeMatch) == URIRef("https://example.org/levee")
    # 'floods' and 'flood' share a key: stored once
    assert set(g.objects(concept("flood"), KGV.key)) == {Literal("flood"), Literal("flooding")}


def test_each_relation_is_a_triple_and_a_statement_with_evidence(project):
    g = build_graph(project)
    text = (project.sources_dir / "rivers.txt").read_text()
    assert (concept("flood"), KGV.damages, concept("road")) in g
    st = statement("flood--damages--road")
    assert g.value(st, RDF.type) == RDF.Statement
    assert (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)) == \
        (concept("flood"), KGV.damages, concept("road"))
    begin, end = g.value(st, NIF.beginIndex), g.value(st, NIF.endIndex)
    assert begin.datatype == URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
    assert text[int(begin):int(end)] == str(g.value(st, PROV.value)) == "Floods damage the roads"
    assert g.value(st, KGV.sentence) == Literal(2)
    assert g.value(st, KGV.section) == Literal("Rivers in spring")
    assert g.value(st, PROV.wasDerivedFrom) == URIRef(f"{BASE}source/rivers")
    assert str(g.value(st, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))) == \
        "The roads near the river."


def test_second_statement_of_same_triple_gets_suffix(project):
    g = build_graph(project)
    first = statement("heavy-rain--causes--flood")
    second = statement("heavy-rain--causes--flood--2")
    assert g.value(first, KGV.sentence) == Literal(1)
    assert g.value(second, KGV.sentence) == Literal(4)


def test_sentence_field_disambiguates_a_repeated_quote(project):
    g = build_graph(project)
    st = statement("road--locatedIn--river")
    assert g.value(st, PROV.value) == Literal("the river")
    assert g.value(st, KGV.sentence) == Literal(2)


def test_source_node_vocabulary_and_no_blank_nodes(project):
    g = build_graph(project)
    source = URIRef(f"{BASE}source/rivers")
    assert g.value(source, DCTERMS.title) == Literal("Why rivers flood")
    assert g.value(source, DCTERMS.rights) == Literal("Written for the kg test suite.")
    assert (KGV.Flood, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), KGV.Event) in g
    assert not [t for t in g if any(isinstance(term, BNode) for term in t)]
    assert not [o for o in g.objects() if isinstance(o, Literal) and o.language]


# ------------------------------------------------------------------ release files

def test_release_is_byte_identical_on_rebuild(project, run_kg):
    args = dict(data=project.data_dir, build=project.build_dir)
    assert run_kg("build", **args)[0] == 0
    first = release_state(project)
    assert sorted(first) == ["manifest.json", "mini.jsonld", "mini.nt", "mini.ttl",
                             "prepared.json", "search.sqlite"]
    assert run_kg("build", **args)[0] == 0
    assert release_state(project) == first


def test_release_is_identical_across_hash_seeds(project, tmp_path):
    code = ("import sys; from kg.build import build; from kg.config import Project; "
            "build(Project(sys.argv[1], sys.argv[2]))")
    outputs = []
    for seed in ("1", "2"):
        build_dir = tmp_path / f"build-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(project.data_dir), str(build_dir)],
                       check=True, env=env, timeout=120)
        outputs.append({p.name: p.read_bytes() for p in (build_dir / "release").iterdir()})
    assert outputs[0] == outputs[1]


def test_release_formats_hold_the_same_graph(project):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    graph = build_graph(project)
    write_release(graph, project)
    for fmt, path in release_paths(project).items():
        parsed = Graph().parse(path, format=fmt)
        assert isomorphic(parsed, graph), fmt
    nt_lines = release_paths(project)["nt"].read_text().splitlines()
    assert nt_lines == sorted(nt_lines)


def test_failed_write_leaves_previous_release_untouched(project, monkeypatch):
    import kg.build_jsonld

    write_release(build_graph(project), project)
    before = release_state(project)
    (project.curated_dir / "rivers.yaml").write_text(
        (project.curated_dir / "rivers.yaml").read_text().replace("downpour", "cloudburst"))

    def fail_on_jsonld(*_args, **_kwargs):  # the JSON-LD writer (kg.build_jsonld) fails
        raise OSError("disk full")

    monkeypatch.setattr(kg.build_jsonld, "jsonld", fail_on_jsonld)
    with pytest.raises(WriteFailed, match="disk full"):
        write_release(build_graph(project), project)
    assert release_state(project) == before  # no file replaced, no temp file left


def test_check_flag_reports_stale_release_without_writing(project, run_kg):
    args = dict(data=project.data_dir, build=project.build_dir)
    assert run_kg("build", "--check", **args)[0] == 1  # nothing built yet
    assert not project.release_dir.exists()
    assert run_kg("build", **args)[0] == 0
    code, out, _ = run_kg("build", "--check", **args)
    assert code == 0 and "up to date" in out
    curated = project.curated_dir / "rivers.yaml"
    curated.write_text(curated.read_text().replace("downpour", "cloudburst"))
    before = release_state(project)
    code, out, _ = run_kg("build", "--check", **args)
    assert code == 1 and "mini.ttl" in out
    assert release_state(project) == before


def test_build_summary(project, run_kg):
    code, out, err = run_kg("build", data=project.data_dir, build=project.build_dir)
    assert code == 0
    assert "7 concepts: 4 Event, 2 Structure, 1 Place" in out
    assert "6 relations, 7 cited statements, 1 source" in out
    assert "mini.ttl" in err and "building the graph" in err  # files written: stderr
    assert "wrote" not in out
    code, out, err = run_kg("-q", "build", data=project.data_dir, build=project.build_dir)
    assert code == 0 and err == ""


def test_post_build_steps_run_and_can_fail(project, run_kg, monkeypatch):
    import kg.cli.build

    calls = []
    module = type(sys)("fake_steps")
    module.step = lambda args, proj, graph: calls.append(len(graph)) or 5
    monkeypatch.setitem(sys.modules, "fake_steps", module)
    monkeypatch.setattr(kg.cli.build, "POST_BUILD_STEPS", [("checking", "fake_steps:step")])
    code, _, err = run_kg("build", data=project.data_dir, build=project.build_dir)
    assert code == 5 and calls and calls[0] > 0 and "checking" in err


# ------------------------------------------------------------------ input mistakes

MISTAKES = {
    # name: (old text, new text, marker on the line the error must name, words of the message)
    "malformed-yaml": ("  - id: road\n    label: road", "  - id: road\n   label: road",
                       "   label: road", "malformed YAML"),
    "unknown-type": ("    type: Structure\n  - id: snowmelt",
                     "    type: Structur\n  - id: snowmelt", "type: Structur",
                     "unknown type 'Structur'"),
    "unknown-predicate": ("predicate: damages", "predicate: damage", "predicate: damage",
                          "unknown predicate 'damage'"),
    "unknown-concept": ("    object: road\n", "    object: roads\n", "object: roads",
                        "object 'roads' is not a concept id"),
    "quote-not-in-source": ('quote: "Levees reduce floods"', 'quote: "Levees reduce the floods"',
                            "Levees reduce the floods", "quote not found"),
    "duplicate-id": ("  - id: river\n", "  - id: flood\n    label: flood again\n    type: Event\n"
                     "  - id: river\n", "label: flood again", "duplicate concept id 'flood'"),
    "unknown-field": ("synonyms: [floods, flooding]", "synonym: [floods, flooding]",
                      "synonym: [floods", "unknown field 'synonym'"),
    "unknown-prefix": ("ENVO:01001564", "ENV:01001564", "exact: [ENV:", "unknown prefix 'ENV'"),
    "ambiguous-quote": ('quote: "the river"\n    sentence: 2\n', 'quote: "the river"\n',
                        'quote: "the river"', "occurs 3 times"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
@pytest.mark.parametrize("had_release", [False, True], ids=["fresh", "rebuild"])
def test_input_mistake_is_one_located_error_and_writes_nothing(project, run_kg, name,
                                                               had_release):
    old, new, marker, words = MISTAKES[name]
    args = dict(data=project.data_dir, build=project.build_dir)
    if had_release:
        assert run_kg("build", **args)[0] == 0
    before = release_state(project)
    curated = project.curated_dir / "rivers.yaml"
    text = curated.read_text()
    assert old in text, "the fixture changed; update MISTAKES"
    text = text.replace(old, new, 1)
    curated.write_text(text)
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)
    if name == "duplicate-id":  # the second 'id: flood' line, just above the marker
        expected_line -= 1

    code, out, err = run_kg("build", **args)

    assert code == 2
    error_line = next(line for line in err.splitlines() if line.startswith("error: "))
    assert f"rivers.yaml:{expected_line}: " in error_line
    assert words in error_line
    assert "Traceback" not in err
    assert release_state(project) == before


def test_label_instead_of_id_hints_the_id(project, run_kg):
    curated = project.curated_dir / "rivers.yaml"
    curated.write_text(curated.read_text().replace("subject: heavy-rain", "subject: Heavy Rain", 1))
    code, _, err = run_kg("build", data=project.data_dir, build=project.build_dir)
    assert code == 2 and "hint: relations name concepts by id: use 'heavy-rain'" in err


def test_unknown_source_suggests_existing_one(project, run_kg):
    curated = project.curated_dir / "rivers.yaml"
    curated.write_text(curated.read_text().replace("source: rivers", "source: river"))
    code, _, err = run_kg("build", data=project.data_dir, build=project.build_dir)
    assert code == 2 and "rivers.yaml:1: source 'river' not found" in err
    assert "did you mean 'rivers'?" in err


def test_console_error_has_no_traceback(project):
    curated = project.curated_dir / "rivers.yaml"
    curated.write_text(curated.read_text().replace("type: Place", "type: Plac"))
    result = subprocess.run([sys.executable, "-m", "kg", "--data", str(project.data_dir),
                             "--build-dir", str(project.build_dir), "build"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("error:") == 1 and "Traceback" not in result.stderr
    assert "hint: did you mean 'Place'?" in result.stderr
