"""``kg queries`` and ``kg query``: formats, parameters, ASK exit status, errors, timeouts, and
the Python API ``kg.query``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import kg
from kg.errors import KGError

REPO = Path(__file__).resolve().parents[1]
CONCEPT = "https://w3id.org/edu-kg/hip-spine/concept/"
ENGINES = ("oxigraph", "rdflib")


# ------------------------------------------------------------------ kg queries

def test_queries_lists_names_titles_and_parameters(run_kg):
    code, out, _ = run_kg("queries")
    assert code == 0
    names = {p.stem for p in (REPO / "queries").glob("*.rq")}
    listed = {line.split()[0] for line in out.splitlines()
              if line and not line.startswith(" ") and "named queries in" not in line}
    assert listed == names
    flat = " ".join(out.split())  # long entries wrap to the terminal's width
    assert "Which treatments help with a given condition or symptom, directly or indirectly?" \
        in flat
    assert "--param condition=…" in flat and "[default: low back pain]" in flat
    assert "--param kind=… (class)" in flat


def test_queries_list_fits_the_width(run_kg, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run_kg("queries")
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 60


def test_queries_name_prints_the_text(run_kg):
    code, out, _ = run_kg("queries", "strains")
    assert code == 0
    assert out == (REPO / "queries" / "strains.rq").read_text(encoding="utf-8")


def test_queries_unknown_name(run_kg):
    code, _, err = run_kg("queries", "strain")
    assert code == 2 and "no named query 'strain'" in err and "'strains'" in err


# ------------------------------------------------------------------ formats

def test_table_shows_labels_not_iris(run_kg):
    code, out, err = run_kg("query", "strains")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["structure", "kind", "by", "quote"]
    assert set(lines[1]) <= {"-", " "}
    assert "spinal discs" in out and "facet joints" in out and "Ligament" in out
    assert "https://" not in out
    assert lines[-1] == "(3 rows)"


def test_table_shortens_unlabelled_iris(run_kg):
    code, out, _ = run_kg("query", "about", "--param", "concept=hip OA")
    assert code == 0
    assert "MONDO:0006629" in out and "skos:altLabel" in out and "Condition" in out


def test_csv_is_w3c_csv_with_iris_and_labels(run_kg):
    code, out, _ = run_kg("query", "strains", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["structure"] for r in rows} == {CONCEPT + "intervertebral-disc",
                                               CONCEPT + "spinal-ligaments",
                                               CONCEPT + "facet-joints"}
    assert {r["structureLabel"] for r in rows} == {"spinal discs", "spinal ligaments",
                                                    "facet joints"}
    assert out.startswith("structure,structureLabel,kind,kindLabel,by,byLabel,quote\r\n")


def test_tsv_has_plain_cells(run_kg):
    code, out, _ = run_kg("query", "hubs", "--format", "tsv")
    assert code == 0
    header, first = out.splitlines()[:2]
    assert header.split("\t") == ["concept", "conceptLabel", "kindLabel", "relations",
                                  "outgoing", "incoming"]
    assert first.split("\t")[1:] == ["hip joint", "Joint", "15", "3", "12"]


def test_json_is_plain_rows_with_numbers(run_kg):
    code, out, _ = run_kg("query", "hubs", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0] == {"concept": CONCEPT + "hip-joint", "conceptLabel": "hip joint",
                       "kindLabel": "Joint", "relations": 15, "outgoing": 3, "incoming": 12}


def test_srj_is_sparql_results_json(run_kg):
    code, out, _ = run_kg("query", "hubs", "--format", "srj")
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == ["concept", "conceptLabel", "kindLabel", "relations",
                                    "outgoing", "incoming"]
    first = data["results"]["bindings"][0]
    assert first["concept"] == {"type": "uri", "value": CONCEPT + "hip-joint"}
    assert first["conceptLabel"] == {"type": "literal", "value": "hip joint"}
    assert first["relations"] == {"type": "literal", "value": "15",
                                  "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_srx_is_sparql_results_xml(run_kg):
    code, out, _ = run_kg("query", "treatments-by-kind", "--format", "srx")
    assert code == 0
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(out)
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)][:4] == \
        ["kind", "kindLabel", "treatment", "treatmentLabel"]
    results = root.findall("s:results/s:result", ns)
    assert len(results) == 21
    nsaids = [r for r in results if r.find("s:binding[@name='treatment']/s:uri", ns).text
              == CONCEPT + "nsaids"]
    assert len(nsaids) == 1 and nsaids[0].find("s:binding[@name='effect']", ns) is None


def test_turtle_for_construct(run_kg):
    import pyoxigraph as ox

    code, out, _ = run_kg("query", "metagraph", "--format", "turtle")
    assert code == 0
    assert "@prefix kgv: <https://w3id.org/edu-kg/vocab#>" in out
    assert "@prefix void: <http://rdfs.org/ns/void#>" in out and "@prefix nif:" not in out
    triples = [q.triple for q in ox.parse(out.encode(), format=ox.RdfFormat.TURTLE)]
    assert ox.Triple(ox.NamedNode("https://w3id.org/edu-kg/vocab#Condition"),
                     ox.NamedNode("http://rdfs.org/ns/void#entities"),
                     ox.Literal("12", datatype=ox.NamedNode(
                         "http://www.w3.org/2001/XMLSchema#integer"))) in triples


@pytest.mark.parametrize("args, words", [
    (["hubs", "--format", "turtle"], ["turtle is for CONSTRUCT and DESCRIBE", "this is SELECT"]),
    (["metagraph", "--format", "srj"], ["SELECT and ASK", "CONSTRUCT"]),
])
def test_format_that_does_not_fit_the_query(run_kg, args, words):
    code, out, err = run_kg("query", *args)
    assert code == 2 and out == ""
    for word in words:
        assert word in err


# ------------------------------------------------------------------ ASK

@pytest.mark.parametrize("engine", ENGINES)
def test_ask_prints_yes_no_and_sets_the_exit_status(run_kg, engine):
    code, out, _ = run_kg("query", "leads-to", "--engine", engine)
    assert code == 0 and out.splitlines()[0] == "yes"
    if engine == "oxigraph":
        assert out.splitlines()[1] == "why: hip pain causes low back pain (sentence 1)"
    code, out, _ = run_kg("query", "leads-to", "-p", "cause=low back pain",
                          "-p", "effect=hip pain", "--engine", engine)
    assert code == 1 and out.splitlines()[0] == "no"
    if engine == "oxigraph":
        assert out.splitlines()[1:] == [
            "why: it is the other way round: hip pain leads to low back pain"]
    code, out, _ = run_kg("query", "leads-to", "--format", "srj", "--engine", engine)
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}
    code, out, _ = run_kg("query", "leads-to", "--format", "json", "-p", "cause=gluteal weakness")
    assert code == 1 and json.loads(out) is False


# ------------------------------------------------------------------ parameters and sources

def test_param_by_synonym_id_and_iri_give_the_same_answer(run_kg):
    answers = set()
    for value in ("hip OA", "osteoarthritis of the hip", "hip-osteoarthritis",
                  f"<{CONCEPT}hip-osteoarthritis>"):
        code, out, err = run_kg("query", "treatments-for", "--param", f"condition={value}",
                                "--format", "csv")
        assert code == 0, err
        answers.add(out)
    assert len(answers) == 1 and "total-hip-replacement" in answers.pop()


def test_query_from_a_file_and_from_stdin(run_kg, tmp_path, monkeypatch):
    query = tmp_path / "felt.rq"
    query.write_text("# title: where\n# param: symptom — a symptom, default hip pain\n"
                     "PREFIX kgv: <https://w3id.org/edu-kg/vocab#>\n"
                     "SELECT ?place WHERE { ?symptom kgv:feltIn ?place }\n")
    code, out, _ = run_kg("query", str(query), "--format", "csv", "-p", "symptom=lumbar pain")
    assert code == 0
    assert set(out.split()[1:]) == {CONCEPT + "lower-back", CONCEPT + "buttock"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/edu-kg/vocab#Muscle> }"))
    code, out, _ = run_kg("query", "-", "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 4}]


def test_a_query_without_header_binds_its_variables(run_kg):
    text = "SELECT ?place WHERE { ?symptom <https://w3id.org/edu-kg/vocab#feltIn> ?place }"
    code, out, _ = run_kg("query", text, "-p", "symptom=hip pain", "--format", "csv")
    assert code == 0 and set(out.split()[1:]) == {CONCEPT + "groin", CONCEPT + "front-of-thigh"}
    code, _, err = run_kg("query", text, "-p", "symptoms=hip pain")
    assert code == 2 and "no parameter 'symptoms'" in err and "'symptom'" in err


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("engine", ENGINES)
def test_syntax_error_gives_line_column_and_the_line(run_kg, tmp_path, engine):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: broken\nSELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?x = ) }\n")
    code, out, err = run_kg("query", str(bad), "--engine", engine)
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert "bad.rq:4:" in err and "syntax error at line 4, column" in err
    assert "  FILTER(?x = ) }" in err and "^" in err


@pytest.mark.parametrize("engine", ENGINES)
def test_syntax_error_in_query_text(run_kg, engine):
    code, _, err = run_kg("query", "SELECT ?x WHERE { ?x a }", "--engine", engine)
    assert code == 2 and "syntax error at line 1, column" in err and "Traceback" not in err
    assert "    SELECT ?x WHERE { ?x a }" in err


def test_unknown_query_name_lists_close_matches(run_kg):
    code, _, err = run_kg("query", "treatment-for")
    assert code == 2 and "no named query 'treatment-for'" in err and "'treatments-for'" in err


def test_unknown_parameter_lists_close_matches(run_kg):
    code, _, err = run_kg("query", "treatments-for", "--param", "conditon=hip OA")
    assert code == 2 and "no parameter 'conditon'" in err and "'condition'" in err
    code, _, err = run_kg("query", "treatments-for", "--param", "oops")
    assert code == 2 and "not NAME=VALUE" in err


@pytest.mark.parametrize("engine", ENGINES)
def test_unknown_concept_lists_close_matches(run_kg, engine):
    code, _, err = run_kg("query", "treatments-for", "-p", "condition=hip osteoarthritus",
                          "--engine", engine)
    assert code == 2 and "no concept named 'hip osteoarthritus'" in err
    assert "hip osteoarthritis" in err.split("hint:")[1] and "(parameter condition)" in err


def test_unknown_class_lists_close_matches(run_kg):
    code, _, err = run_kg("query", "glossary", "-p", "kind=Treatmnt")
    assert code == 2 and "no class named 'Treatmnt'" in err and "'Treatment'" in err


@pytest.mark.parametrize("text", [
    "INSERT DATA { <https://ex.org/a> <https://ex.org/b> <https://ex.org/c> }",
    "PREFIX kgv: <https://w3id.org/edu-kg/vocab#>\n# a comment\nDELETE WHERE { ?s kgv:causes ?o }",
    "drop all",
    "LOAD <https://ex.org/x.ttl>",
])
@pytest.mark.parametrize("engine", ENGINES)
def test_sparql_update_is_refused(run_kg, embedded, text, engine):
    code, out, err = run_kg("query", text + "\n", "--engine", engine)
    assert code == 2 and out == ""
    assert "SPARQL Update" in err and "read-only" in err and "Traceback" not in err
    assert kg.query("ASK { ?s <https://w3id.org/edu-kg/vocab#causes> ?o }", embedded) is True


def test_words_like_insert_in_strings_and_comments_are_fine(run_kg):
    text = '# INSERT DATA\nSELECT ("DELETE" AS ?x) WHERE {}'
    code, out, _ = run_kg("query", text + "\n", "--format", "csv")
    assert code == 0 and out.split() == ["x", "DELETE"]


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("engine", ENGINES)
def test_timeout_stops_a_runaway_query(run_kg, engine):
    import multiprocessing

    before = set(multiprocessing.active_children())
    started = time.monotonic()
    code, out, err = run_kg("query", RUNAWAY, "--timeout", "0.5", "--engine", engine)
    elapsed = time.monotonic() - started
    assert code == 3 and out == ""
    assert "stopped after 0.5 s" in err and "Traceback" not in err
    assert elapsed < 10
    assert set(multiprocessing.active_children()) <= before  # the worker was killed, reaped


def test_timeout_lets_a_quick_query_answer(run_kg):
    code, out, _ = run_kg("query", "hubs", "--timeout", "30", "--format", "json")
    assert code == 0 and json.loads(out)[0]["conceptLabel"] == "hip joint"


# ------------------------------------------------------------------ the Python API

def test_api_rows_are_dicts_a_notebook_can_use(embedded):
    rows = kg.query("hubs", embedded)
    assert isinstance(rows, list) and rows.variables[:2] == ["concept", "conceptLabel"]
    assert rows[0] == {"concept": CONCEPT + "hip-joint", "conceptLabel": "hip joint",
                       "kindLabel": "Joint", "relations": 15, "outgoing": 3, "incoming": 12}
    assert "<table>" in rows._repr_html_() and "hip joint" in rows._repr_html_()


def test_api_parameters_ask_and_construct(embedded):
    by_kwarg = kg.query("consequences", embedded, cause="FAI")
    by_dict = kg.query("consequences", embedded, params={"cause": "FAI"},
                       engine="rdflib")
    assert sorted(map(repr, by_kwarg)) == sorted(map(repr, by_dict))
    assert kg.query("leads-to", embedded, cause="hip OA", effect="LBP") is True
    graph = kg.query("metagraph", embedded)
    assert graph.variables == ["subject", "predicate", "object"]
    assert {"subject": "https://w3id.org/edu-kg/vocab#Condition",
            "predicate": "http://rdfs.org/ns/void#entities", "object": 12} in graph


def test_api_errors_are_kgerrors(embedded):
    with pytest.raises(KGError, match="syntax error at line 1"):
        kg.query("SELECT ?x WHERE { ?x a }", embedded)
    with pytest.raises(KGError, match="no parameter 'conditon'"):
        kg.query("treatments-for", embedded, conditon="FAI")
    with pytest.raises(KGError, match="unknown engine 'oxygraph'") as caught:
        kg.query("hubs", embedded, engine="oxygraph")
    assert "'oxigraph'" in caught.value.hint


# ------------------------------------------------------------------ the fast path

def test_oxigraph_path_does_not_import_rdflib_or_drawing_libraries(embedded):
    """A whole `kg query` process on a current release reads the N-Triples with pyoxigraph:
    rdflib, networkx and pyvis are never imported."""
    kg.load(embedded)  # make the release current
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        f"code = main(['--data', {str(embedded.data_dir)!r}, '--build-dir', "
        f"{str(embedded.build_dir)!r}, '-q', 'query', 'treatments-for', "
        "'-p', 'condition=hip OA'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rdflib', 'networkx', 'pyvis', 'pyshacl', 'pyparsing'})\n"
        "print('HEAVY', heavy, code)\n")
    unwrapped = {k: v for k, v in os.environ.items() if k != "COLUMNS"}  # a pipe: one line a row
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=unwrapped)
    assert "HEAVY [] 0" in done.stdout, done.stdout + done.stderr
    assert "total hip replacement" in done.stdout


def test_a_stale_release_is_rebuilt_first(run_kg, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    shutil.copytree(REPO / "queries", tmp_path / "queries")  # the library beside the data
    build = tmp_path / "build"
    code, out, err = run_kg("query", "leads-to", data=data, build=build)
    assert code == 0 and out.splitlines()[0] == "yes" and "building the graph" in err
    curated = data / "curated" / "hip-and-lower-back-pain.yaml"
    text = curated.read_text(encoding="utf-8")
    curated.write_text(text.replace("""  - subject: hip-pain
    predicate: causes
    object: low-back-pain
""", """  - subject: hip-pain
    predicate: hardToDistinguishFrom
    object: low-back-pain
""", 1), encoding="utf-8")
    code, out, err = run_kg("query", "leads-to", data=data, build=build)
    assert code == 1 and out.splitlines()[0] == "no" and "building the graph" in err


def test_table_wraps_to_the_terminal_width(embedded):
    from kg.query import run
    from kg.query.formats import render

    _, result, engine = run("evidence", project=embedded)
    wide = render(result, "table", labels=engine.labels())
    narrow = render(result, "table", labels=engine.labels(), width=100)
    assert max(map(len, wide.splitlines())) > 200
    assert max(map(len, narrow.splitlines())) <= 100
    assert len(narrow.splitlines()) > len(wide.splitlines())
    words = "Hip osteoarthritis, the most common cause".split()
    assert all(w in narrow for w in words)


def test_the_command_lists_the_real_formats_and_engines():
    from kg.cli import query as command
    from kg.query import DEFAULT_ENGINE, ENGINES
    from kg.query.formats import FORMATS

    assert (command.FORMATS, command.ENGINES, command.DEFAULT_ENGINE) == \
        (FORMATS, ENGINES, DEFAULT_ENGINE)


def test_syntax_error_says_when_it_lists_only_some_of_what_may_come(run_kg):
    # oxigraph expects "LATERAL, SERVICE, [_]" here: [_] (a term) is not shown, so "..." is
    code, _, err = run_kg("query", "SELECT * WHERE { ?s ?p }")
    assert code == 2 and "line 1, column 25: expected one of LATERAL, SERVICE, ..." in err
