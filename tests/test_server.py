"""kg.server and `kg serve`: the read-only SPARQL 1.1 Protocol endpoint.

Exercised with raw HTTP (http.client, sockets) and with a standard client (SPARQLWrapper).
"""

from __future__ import annotations

import doctest
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

import kg.server.negotiation
import kg.server.protocol
import kg.server.workers
from kg.build import release_paths
from kg.server import ServerConfig, start_in_thread

REPO = Path(__file__).resolve().parents[1]
QUERIES = REPO / "queries"
CONCEPT = "https://w3id.org/edu-kg/hip-spine/concept/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(embedded, graph):
    release = release_paths(embedded)["nt"]  # `graph` made sure the release exists
    html = Path(os.environ.get("TMPDIR", "/tmp")) / f"kg-test-html-{os.getpid()}"
    html.mkdir(exist_ok=True)
    (html / "graph.html").write_text("<!doctype html><title>the graph view</title>")
    srv = start_in_thread(ServerConfig(files=[release], queries_dir=QUERIES, html_dir=html,
                                       port=0, workers=2, timeout=60, max_rows=500))
    yield srv
    srv.shutdown()
    srv.close()


@pytest.fixture(scope="module")
def base(server):
    return server.url.rstrip("/")


def request(base: str, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request(method, path, body=body.encode() if isinstance(body, str) else body,
                     headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def get(base: str, path: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    accept = params.pop("accept", None)
    query = urllib.parse.urlencode(params)
    return request(base, "GET", path + (f"?{query}" if query else ""),
                   headers={"Accept": accept} if accept else {})


def rows(body: bytes) -> list[dict[str, str]]:
    data = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def test_docstring_examples():
    for module in (kg.server.protocol, kg.server.negotiation, kg.server.workers):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_binds_loopback_by_default(server):
    assert ServerConfig().host == "127.0.0.1"
    assert server.server_address[0] == "127.0.0.1"


# ------------------------------------------------------------------ the protocol

def test_get_post_form_and_direct_post_agree(base, graph):
    status, headers, body = get(base, "/sparql", query=COUNT)
    assert status == 200 and headers["content-type"].startswith("application/sparql-results+json")
    assert rows(body) == [{"n": str(len(graph))}]
    form = urllib.parse.urlencode({"query": COUNT})
    status, _, body2 = request(base, "POST", "/sparql", form,
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and rows(body2) == rows(body)
    status, _, body3 = request(base, "POST", "/sparql", COUNT,
                               {"Content-Type": "application/sparql-query; charset=utf-8"})
    assert status == 200 and rows(body3) == rows(body)


SELECT_LABEL = ("SELECT ?label WHERE { <" + CONCEPT + "hip-osteoarthritis> "
                "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")


@pytest.mark.parametrize("accept, ctype, expected", [
    ("application/sparql-results+json", "application/sparql-results+json",
     b'"value": "hip osteoarthritis"'),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     b'<binding name="label"><literal>hip osteoarthritis</literal></binding>'),
    ("text/csv", "text/csv", b"label\r\nhip osteoarthritis\r\n"),
    ("text/tab-separated-values", "text/tab-separated-values",
     b'?label\n"hip osteoarthritis"\n'),
    ("text/html, text/csv;q=0.9, */*;q=0.1", "text/csv", b"hip osteoarthritis"),
    ("*/*", "application/sparql-results+json", b"hip osteoarthritis"),
    (None, "application/sparql-results+json", b"hip osteoarthritis"),
])
def test_select_content_negotiation(base, accept, ctype, expected):
    status, headers, body = get(base, "/sparql", query=SELECT_LABEL,
                                **({"accept": accept} if accept else {}))
    assert status == 200, body
    assert headers["content-type"].startswith(ctype)
    assert expected in body


CONSTRUCT = ("CONSTRUCT { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { "
             "VALUES ?c { <" + CONCEPT + "hip-osteoarthritis> } "
             "?c <http://www.w3.org/2000/01/rdf-schema#label> ?l }")


@pytest.mark.parametrize("accept, fmt, ctype", [
    ("text/turtle", "TURTLE", "text/turtle"),
    ("application/ld+json", "JSON_LD", "application/ld+json"),
    ("application/n-triples", "N_TRIPLES", "application/n-triples"),
    ("application/rdf+xml", "RDF_XML", "application/rdf+xml"),
    (None, "TURTLE", "text/turtle"),
])
def test_construct_content_negotiation(base, accept, fmt, ctype):
    import pyoxigraph as ox

    status, headers, body = get(base, "/sparql", query=CONSTRUCT,
                                **({"accept": accept} if accept else {}))
    assert status == 200, body
    assert headers["content-type"].startswith(ctype)
    triples = list(ox.parse(body, format=getattr(ox.RdfFormat, fmt)))
    assert [(t.subject.value, t.object.value) for t in triples] == [
        (CONCEPT + "hip-osteoarthritis", "hip osteoarthritis")]


def test_format_parameter_overrides_accept(base):
    status, headers, body = get(base, "/sparql", query=SELECT_LABEL, format="csv",
                                accept="application/sparql-results+xml")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    status, _, body = get(base, "/sparql", query=SELECT_LABEL, format="yaml")
    assert status == 400 and b"unknown format 'yaml'" in body


def test_ask(base):
    status, _, body = get(base, "/sparql", query="ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = get(base, "/sparql", query="ASK { <urn:x> ?p ?o }",
                          accept="application/sparql-results+xml")
    assert status == 200 and b"<boolean>false</boolean>" in body


def test_not_acceptable(base):
    status, _, body = get(base, "/sparql", query=SELECT_LABEL, accept="image/png")
    assert status == 406 and b"text/csv" in body
    status, _, body = get(base, "/sparql", query=CONSTRUCT, accept="text/csv")
    assert status == 406 and b"text/turtle" in body


def test_head_and_options(base):
    status, headers, body = request(base, "HEAD", "/sparql?" + urllib.parse.urlencode(
        {"query": COUNT}))
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, headers, body = request(base, "HEAD", "/queries/hubs")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    status, headers, body = request(base, "HEAD", "/")
    assert status == 200 and body == b""
    status, headers, _ = request(base, "OPTIONS", "/sparql")
    assert status == 204 and "POST" in headers["allow"]


# ------------------------------------------------------------------ read-only

@pytest.mark.parametrize("method, path, body, ctype", [
    ("POST", "/sparql", "update=" + urllib.parse.quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
     "application/x-www-form-urlencoded"),
    ("POST", "/sparql", "DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
    ("POST", "/sparql", "PREFIX a: <urn:a#>\n# comment\nCLEAR ALL", "application/sparql-query"),
    ("GET", "/sparql?query=" + urllib.parse.quote("DROP ALL"), None, None),
])
def test_update_is_refused(base, method, path, body, ctype):
    status, _, answer = request(base, method, path, body, {"Content-Type": ctype} if ctype else {})
    assert status == 403 and b"read-only" in answer


@pytest.mark.parametrize("method, path", [
    ("PUT", "/rdf-graph-store?default"), ("DELETE", "/rdf-graph-store?graph=urn:g"),
    ("POST", "/rdf-graph-store?default"), ("PATCH", "/sparql"), ("PUT", "/sparql"),
    ("POST", "/queries/hubs"),
])
def test_graph_store_writes_are_refused(base, method, path):
    status, headers, answer = request(base, method, path, "<urn:a> <urn:b> <urn:c> .",
                                      {"Content-Type": "application/n-triples"})
    assert status == 405 and b"read-only" in answer and "GET" in headers["allow"]


def test_graph_unchanged_after_write_attempts(base, graph):
    request(base, "POST", "/sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            {"Content-Type": "application/sparql-update"})
    assert rows(get(base, "/sparql", query=COUNT)[2]) == [{"n": str(len(graph))}]


# ------------------------------------------------------------------ malformed requests

def test_syntax_error_gives_line_column_and_the_line(base):
    status, headers, body = get(base, "/sparql", query="SELECT * WHERE {\n  ?s ?p \n}")
    text = body.decode()
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert "syntax error at line 3, column" in text and "\n    }\n" in text and "^" in text


@pytest.mark.parametrize("method, path, body, headers, status", [
    ("POST", "/sparql", b"", {"Content-Type": "application/x-www-form-urlencoded"},
     400),  # no query (a GET with none is the service description)
    ("GET", "/sparql?query=", None, {}, 400),  # empty query
    ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, {}, 400),  # two queries
    ("GET", "/sparql?query=%FF%FE", None, {}, 400),  # not UTF-8
    ("GET", "/sparql?query=SELECT", None, {}, 400),  # truncated query
    ("GET", "/sparql?query=" + urllib.parse.quote("SELECT * FROM <bad iri> WHERE {?s ?p ?o}"),
     None, {}, 400),
    ("GET", "/sparql?default-graph-uri=not%20an%20iri&query=" + urllib.parse.quote(COUNT), None,
     {}, 400),
    ("POST", "/sparql", b"query=%FF", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
    ("POST", "/sparql", b"\xff\xfe", {"Content-Type": "application/sparql-query"}, 400),
    ("POST", "/sparql", b"<x/>", {"Content-Type": "application/xml"}, 415),
    ("POST", "/sparql", b"", {}, 415),
    ("GET", "/nowhere", None, {}, 404),
    ("GET", "/../../etc/passwd", None, {}, 404),
    ("GET", "/%2e%2e/%2e%2e/etc/passwd", None, {}, 404),
])
def test_malformed_requests_get_4xx_with_a_message(base, method, path, body, headers, status):
    got, response_headers, answer = request(base, method, path, body, headers)
    assert got == status, answer
    assert response_headers["content-type"].startswith("text/plain") and answer.strip()


def test_raw_protocol_garbage_never_gets_a_500(base):
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    probes = [
        b"GARBAGE\r\n\r\n",
        b"GET /sparql?query=%%% HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: abc\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n\r\n",
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 99999999\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"\x00\x01\x02\r\n\r\n",
    ]
    for probe in probes:
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(probe)
            answer = sock.recv(4096)
        status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
        # 4xx, or 505 for an HTTP version that does not exist; never 500
        assert 400 <= status < 500 or (status == 505 and b"9.9" in probe), (probe, answer[:200])


# ------------------------------------------------------------------ limits

def test_row_cap_is_a_clear_error(base):
    status, _, body = get(base, "/sparql", query="SELECT * WHERE { ?s ?p ?o }")
    assert status == 422 and b"more than 500 rows" in body and b"LIMIT" in body
    status, headers, body = get(base, "/sparql", query="SELECT * WHERE { ?s ?p ?o } LIMIT 500")
    assert status == 200 and headers["x-result-rows"] == "500"
    status, _, body = get(base, "/sparql", query="CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 422 and b"more than 500 triples" in body


def test_timeout_stops_the_query_and_the_server_goes_on(embedded, graph):
    release = release_paths(embedded)["nt"]
    srv = start_in_thread(ServerConfig(files=[release], port=0, workers=1, timeout=1))
    try:
        base = srv.url.rstrip("/")
        started = time.monotonic()
        status, _, body = get(base, "/sparql", query=HEAVY)
        assert status == 503 and b"did not finish within 1 s" in body
        assert time.monotonic() - started < 10
        # the killed worker is replaced and answers again
        deadline = time.monotonic() + 60
        while srv.pool.idle() < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert get(base, "/sparql", query=COUNT)[0] == 200
    finally:
        srv.shutdown()
        srv.close()


# ------------------------------------------------------------------ named questions

def test_queries_are_listed(base):
    status, headers, body = get(base, "/queries")
    assert status == 200 and headers["content-type"].startswith("application/json")
    listed = json.loads(body)
    names = {q["name"] for q in listed}
    assert names == {p.stem for p in QUERIES.glob("*.rq")}
    about = next(q for q in listed if q["name"] == "about")
    assert about["params"][0]["name"] == "concept" and about["url"] == "/queries/about"


def test_named_query_with_a_parameter(base):
    status, _, body = get(base, "/queries/treatments-for", condition="hip OA",
                          accept="text/csv")
    assert status == 200
    from kg.query import query

    expected = query("treatments-for", condition="hip OA")
    lines = body.decode().splitlines()
    assert len(lines) == len(expected) + 1
    assert {row["treatment"] for row in expected} <= set(body.decode().replace("\r", "").replace(
        "\n", ",").split(","))


def test_every_named_query_answers_as_kg_query(base, embedded):
    from kg.query import library, run

    for named in library(embedded):
        _, expected, _ = run(named, {}, project=embedded, engine="oxigraph")
        accept = "application/n-triples" if expected.is_graph else \
            "application/sparql-results+json"
        status, _, body = get(base, f"/queries/{named.name}", accept=accept)
        assert status == 200, (named.name, body[:300])
        if expected.form == "ASK":
            assert json.loads(body)["boolean"] is expected.boolean
        elif expected.is_graph:
            assert len(body.decode().strip().splitlines()) == len(set(expected.rows))
        else:
            assert len(rows(body)) == len(expected.rows), named.name
            got = sorted((tuple(r.get(v) for v in expected.variables) for r in rows(body)),
                         key=repr)
            want = sorted((tuple(None if t is None else t.value for t in row)
                           for row in expected.rows), key=repr)
            assert got == want, named.name


@pytest.mark.parametrize("path, status, words", [
    ("/queries/treatment-for", 404, [b"no named question", b"treatments-for"]),
    ("/queries/treatments-for?conditon=hip%20OA", 400, [b"no parameter 'conditon'",
                                                        b"condition"]),
    ("/queries/treatments-for?condition=hip%20osteoarthritus", 400,
     [b"no concept named 'hip osteoarthritus'", b"hip osteoarthritis"]),
    ("/queries/treatments-for?condition=a&condition=b", 400, [b"more than once"]),
    # a (class) parameter: resolved through the store, with the same message as `kg query`
    ("/queries/glossary?kind=Treatmnt", 400, [b"no class named 'Treatmnt'", b"Treatment"]),
    ("/queries/hubs/more", 404, [b"no named question"]),
])
def test_named_query_mistakes(base, path, status, words):
    got, _, body = request(base, "GET", path)
    assert got == status, body
    for word in words:
        assert word in body


def test_index_and_static_views(base):
    status, headers, body = get(base, "/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'href="/graph.html"' in body and b'href="/queries/hubs"' in body
    status, headers, body = get(base, "/graph.html")
    assert status == 200 and b"the graph view" in body


# ------------------------------------------------------------------ a standard client

def test_sparqlwrapper_client(base, graph):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")  # noqa: N806
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML

    client = SPARQLWrapper.SPARQLWrapper(f"{base}/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert data["results"]["bindings"][0]["n"]["value"] == str(len(graph))
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert document.getElementsByTagName("literal")[0].firstChild.data == str(len(graph))
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["n", str(len(graph))]
    client.setMethod(POST)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    assert b"hip osteoarthritis" in client.query().convert()
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_sparqlwrapper_sees_errors(base):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")  # noqa: N806
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper.SPARQLWrapper(f"{base}/sparql")
    client.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed, match="syntax error"):
        client.query()


# ------------------------------------------------------------------ kg serve and kg query

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kg_serve(embedded, *args: str):
    """Start `kg serve ARGS` on a free port; yields the base URL, then stops it with Ctrl-C."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "--data", str(embedded.data_dir), "--build-dir",
         str(embedded.build_dir), "serve", "--port", str(port), "--timeout", "5", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "serving" not in line and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                break
        assert f"http://127.0.0.1:{port}/sparql" in line, line
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode in (0, 130)


def test_kg_serve_command(embedded, graph):
    for base in _kg_serve(embedded):
        assert rows(get(base, "/sparql", query=COUNT)[2]) == [{"n": str(len(graph))}]


def test_kg_serve_files_in_memory(embedded, tmp_path):
    data = tmp_path / "two.ttl"
    data.write_text("<https://ex.org/a> <https://ex.org/p> <https://ex.org/b> , "
                    "<https://ex.org/c> .\n", encoding="utf-8")
    for base in _kg_serve(embedded, str(data)):
        assert rows(get(base, "/sparql", query=COUNT)[2]) == [{"n": "2"}]


def test_kg_serve_refuses_a_busy_port(run_kg, server):
    port = server.server_address[1]
    code, _, err = run_kg("serve", "--port", str(port))
    assert code == 2 and "cannot listen" in err and "Traceback" not in err


def test_kg_serve_option_mistakes(run_kg, tmp_path):
    code, _, err = run_kg("serve", "--port", "70000")
    assert code == 2 and "not a port number" in err
    code, _, err = run_kg("serve", "--store", str(tmp_path / "missing"), "--port", "0")
    assert code == 2 and "no store at" in err
    code, _, err = run_kg("serve", str(tmp_path / "missing.nt"), "--port", "0")
    assert code == 2 and "missing.nt: no such file" in err
    (tmp_path / "ok.nt").write_text("", encoding="utf-8")
    code, _, err = run_kg("serve", str(tmp_path / "ok.nt"), "--store", str(tmp_path), "--port", "0")
    assert code == 2 and "not both" in err
    bad = tmp_path / "bad.nt"
    bad.write_text("<https://ex.org/a> <https://ex.org/p> oops .\n", encoding="utf-8")
    code, _, err = run_kg("serve", str(bad), "--port", "0", "--workers", "1")
    assert code == 2 and "bad.nt: not valid n-triples" in err and "line 1" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------ the load test script

def test_load_test_script_smoke(base, capsys):
    """benchmarks/loadtest.py for 2 s with 2 clients: every named query answered, no error."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("loadtest", REPO / "benchmarks" / "loadtest.py")
    loadtest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loadtest)
    code = loadtest.main(["--url", f"{base}/sparql", "--clients", "2", "--duration", "2"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert " 0 errors" in out and "requests/s" in out and "p99" in out


# ------------------------------------------------------------------ kg query --endpoint machinery

def test_endpoint_engine_against_kg_serve_answers_every_named_query(base, embedded):
    """kg.endpoint over HTTP (names resolved by the endpoint, parameters bound with BIND)
    gives exactly what the local oxigraph engine gives, for every named query."""
    from kg.endpoint import endpoint_engine
    from kg.query.engines import ParamResolver, get_engine
    from kg.query.library import library

    remote = endpoint_engine(f"{base}/sparql", embedded)
    local = get_engine(embedded, "oxigraph")
    for named in library(embedded):
        expected = local.execute(named.text, ParamResolver(local, embedded).bindings(named, {}))
        got = remote.execute(named.text, ParamResolver(remote, embedded).bindings(named, {}))
        assert got.form == expected.form and got.boolean == expected.boolean, named.name
        assert sorted(map(repr, got.rows)) == sorted(map(repr, expected.rows)), named.name


def test_endpoint_engine_parameters_and_errors(base, embedded):
    from kg.endpoint import RemoteEndpoint, endpoint_engine
    from kg.errors import KGError
    from kg.query.engines import ParamResolver
    from kg.query.library import load_named

    remote = endpoint_engine(f"{base}/sparql", embedded)
    named = load_named("treatments-for", embedded)
    bindings = ParamResolver(remote, embedded).bindings(named, {"condition": "hip OA"})
    assert bindings["condition"].value == CONCEPT + "hip-osteoarthritis"
    assert remote.execute(named.text, bindings).rows
    with pytest.raises(KGError, match="no concept named") as caught:
        ParamResolver(remote, embedded).bindings(named, {"condition": "hip osteoarthritus"})
    assert "hip osteoarthritis" in caught.value.hint
    with pytest.raises(KGError, match="answered 400") as caught:
        remote.execute("SELECT * WHERE { ?s ?p }", {})
    assert "syntax error" in str(caught.value)
    with pytest.raises(KGError, match="cannot reach the endpoint"):
        RemoteEndpoint(f"http://127.0.0.1:{_free_port()}/sparql", timeout=5).select(COUNT)
    with pytest.raises(KGError, match="not an http"):
        RemoteEndpoint("ftp://example.org/sparql")
    long_query = COUNT + " #" + "x" * 5000  # sent by POST
    assert remote.execute(long_query, {}).rows


def test_kg_query_endpoint_gives_the_same_output(run_kg, base):
    for args in (["treatments-for", "-p", "condition=hip OA", "--format", "csv"],
                 ["hubs", "--format", "tsv"], ["metagraph", "--format", "turtle"]):
        code, expected, err = run_kg("query", *args)
        assert code == 0, err
        code, out, err = run_kg("query", "--endpoint", f"{base}/sparql", *args)
        assert code == 0, err
        # ties in ORDER BY may come in another order: compare the lines as a multiset
        assert sorted(out.splitlines()) == sorted(expected.splitlines()), args
    code, out, _ = run_kg("query", "--endpoint", f"{base}/sparql", "leads-to")
    assert code == 0 and out.splitlines()[0] == "yes"
    code, _, err = run_kg("query", "--endpoint", f"http://127.0.0.1:{_free_port()}/sparql",
                          "hubs")
    assert code == 2 and "cannot reach the endpoint" in err


def test_explorer_at_root_and_index_at_sparql(embedded, graph, tmp_path):
    """With an explorer page in the HTML folder, / shows it; the technical index is /sparql."""
    release = release_paths(embedded)["nt"]
    (tmp_path / "explorer.html").write_text("<!doctype html><title>the explorer</title>")
    srv = start_in_thread(ServerConfig(files=[release], queries_dir=QUERIES, html_dir=tmp_path,
                                       port=0, workers=1, timeout=60, max_rows=500))
    try:
        base = srv.url.rstrip("/")
        status, _, body = get(base, "/")
        assert status == 200 and b"the explorer" in body
        status, headers, body = get(base, "/sparql", accept="text/html,*/*")
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert b"kg SPARQL endpoint" in body and b'href="/queries/hubs"' in body
        status, _, body = get(base, "/sparql?" + urllib.parse.urlencode({"query": COUNT}))
        assert status == 200 and b"the explorer" not in body
    finally:
        srv.shutdown()
        srv.close()
