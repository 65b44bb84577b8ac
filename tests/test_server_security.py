"""kg serve hardening (issue 12): no request reaches outside, browsers are kept to the
endpoint's own pages, slow or greedy clients cannot take the server down.

A local listening socket on 127.0.0.1 stands in for "any address": every test that must not
fetch asserts that nothing connected to it.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from kg.build import release_paths
from kg.errors import KGError
from kg.server import ServerConfig, start_in_thread

REPO = Path(__file__).resolve().parents[1]
QUERIES = REPO / "queries"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A socket that records every connection made to it (and answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def settle(self) -> int:
        time.sleep(0.3)  # a connection attempt in flight is counted before we look
        return self.connections

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def strict(embedded, graph):
    """A server with the defaults that matter here."""
    html = Path(embedded.build_dir) / "security-html"
    html.mkdir(exist_ok=True)
    (html / "graph.html").write_text("<!doctype html><title>view</title>")
    srv = start_in_thread(ServerConfig(files=[release_paths(embedded)["nt"]], html_dir=html,
                                       queries_dir=QUERIES, port=0, workers=1, timeout=30))
    yield srv
    srv.shutdown()
    srv.close()


@pytest.fixture(scope="module")
def opened(embedded, graph):
    """A server opened deliberately (SERVICE, one CORS origin) and with tight limits."""
    srv = start_in_thread(ServerConfig(
        files=[release_paths(embedded)["nt"]], queries_dir=QUERIES, port=0, workers=1,
        named_workers=1, timeout=8, allow_service=True, cors=["https://notebook.example"],
        max_bytes=4096, memory=256 << 20, idle_timeout=1, header_timeout=1, body_timeout=1))
    yield srv
    srv.shutdown()
    srv.close()


def call(srv, method: str, path: str, body: str | None = None,
         headers: dict[str, str] | None = None, **params: str):
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    query = urllib.parse.urlencode(params)
    try:
        conn.request(method, path + (f"?{query}" if query else ""),
                     body=body.encode() if body is not None else None, headers=headers or {})
        response = conn.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        conn.close()


def sparql(srv, query: str, **headers: str):
    return call(srv, "GET", "/sparql", headers=headers, query=query)


# ------------------------------------------------------------------ SSRF

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ ?x ?y ?z . service silent <{url}> {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_fetches_nothing(strict, listener, template):
    query = template.format(url=listener.url)
    status, headers, body = sparql(strict, query)
    assert status == 400
    assert b"SERVICE" in body and b"--allow-service" in body
    form = call(strict, "POST", "/sparql", body=urllib.parse.urlencode({"query": query}),
                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form[0] == 400
    assert listener.settle() == 0


@pytest.mark.parametrize("template, params", [
    ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", {}),
    ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
    ("SELECT * WHERE {{ ?s ?p ?o }}", {"default-graph-uri": "{url}"}),
    ("SELECT * WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {"named-graph-uri": "{url}"}),
])
def test_from_and_graph_parameters_never_fetch(strict, listener, template, params):
    filled = {k: v.format(url=listener.url) for k, v in params.items()}
    status, _, body = call(strict, "GET", "/sparql", query=template.format(url=listener.url),
                           **filled)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == []
    assert listener.settle() == 0


def test_load_is_refused_and_fetches_nothing(strict, listener):
    status, _, _ = sparql(strict, f"LOAD <{listener.url}>")
    assert status == 403
    posted = call(strict, "POST", "/sparql", body=f"LOAD <{listener.url}>",
                  headers={"Content-Type": "application/sparql-update"})
    assert posted[0] == 403
    assert listener.settle() == 0


def test_allow_service_follows_it_and_a_failing_service_is_a_4xx(opened, listener):
    status, _, body = sparql(opened, f"SELECT * WHERE {{ SERVICE <{listener.url}> "
                                     "{ ?s ?p ?o } }")
    assert listener.settle() >= 1  # the option really turns federation on
    assert 400 <= status < 500, body
    assert b"internal error" not in body


# ------------------------------------------------------------------ browsers

@pytest.mark.parametrize("host, status", [
    ("evil.example", 403), ("evil.example:8000", 403), ("127.0.0.1.evil.example", 403),
    ("localhost", 200), ("127.0.0.1", 200), ("[::1]:8000", 200),
])
def test_host_header_is_checked(strict, host, status):
    got, _, body = sparql(strict, COUNT, Host=host)
    assert got == status, body
    if status == 403:
        assert b"Host" in body


def test_cross_origin_requests_are_refused_by_default(strict):
    port = strict.server_address[1]
    status, headers, body = sparql(strict, COUNT, Origin="https://evil.example")
    assert status == 403 and b"--cors" in body
    assert "access-control-allow-origin" not in headers
    # the endpoint's own pages (its index form posts here) are answered
    own = call(strict, "POST", "/sparql", body=urllib.parse.urlencode({"query": COUNT}),
               headers={"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"http://127.0.0.1:{port}", "Host": f"127.0.0.1:{port}"})
    assert own[0] == 200 and "access-control-allow-origin" not in own[1]
    plain = sparql(strict, COUNT)
    assert plain[0] == 200 and "access-control-allow-origin" not in plain[1]
    preflight = call(strict, "OPTIONS", "/sparql", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert preflight[0] == 403 and "access-control-allow-origin" not in preflight[1]


def test_cors_origin_opens_it_for_that_origin_only(opened):
    status, headers, _ = sparql(opened, COUNT, Origin="https://notebook.example")
    assert status == 200
    assert headers["access-control-allow-origin"] == "https://notebook.example"
    assert "Origin" in headers.get("vary", "")
    status, headers, _ = call(opened, "OPTIONS", "/sparql", headers={
        "Origin": "https://notebook.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204
    assert "POST" in headers["access-control-allow-methods"]
    assert "content-type" in headers["access-control-allow-headers"].lower()
    assert sparql(opened, COUNT, Origin="https://evil.example")[0] == 403


def test_nosniff_everywhere_and_a_csp_on_html(strict):
    answers = [sparql(strict, COUNT), sparql(strict, "SELECT nonsense"),
               call(strict, "GET", "/nothing-here"), call(strict, "GET", "/queries"),
               call(strict, "OPTIONS", "/sparql"), call(strict, "GET", "/")]
    assert {a[0] for a in answers} >= {200, 204, 400, 404}
    for _, headers, _ in answers:
        assert headers["x-content-type-options"] == "nosniff"
    for path in ("/", "/graph.html"):
        status, headers, _ = call(strict, "GET", path)
        assert status == 200 and headers["content-type"].startswith("text/html")
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "default-src 'self'" in csp


@pytest.mark.parametrize("path", ["/x%00", "/%00", "/queries/%00", "/x%0d%0aSet-Cookie:%20a"])
def test_control_characters_in_the_path_are_a_400(strict, path):
    status, _, body = call(strict, "GET", path)
    assert status == 400, body


# ------------------------------------------------------------------ queries that hurt

@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
    "SELECT * WHERE { ?s <p:p> " + "(" * 400 + "1" + ")" * 400 + " }",
    "SELECT * WHERE { FILTER(" + "!" * 20_000 + "true) }",
])
def test_deep_nesting_is_refused_with_its_position(strict, query):
    status, _, body = call(strict, "POST", "/sparql", body=query,
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 400, body
    assert b"line 1, column" in body
    assert sparql(strict, COUNT)[0] == 200  # and no worker was lost


def test_an_engine_crash_is_a_400_and_the_worker_comes_back(strict):
    # flat, so the nesting check lets it through; pyoxigraph's parser still recurses per step
    chain = "SELECT * WHERE { ?s " + "/".join(["<p:none>"] * 20_000) + " ?o }"
    status, _, body = call(strict, "POST", "/sparql", body=chain,
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"crashed" in body
    assert sparql(strict, COUNT)[0] == 200


def test_memory_limit_stops_the_query_with_a_503(opened):
    greedy = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    status, _, body = sparql(opened, greedy)
    assert status == 503 and b"memory" in body, body
    assert sparql(opened, COUNT)[0] == 200  # a new worker took its place


def test_the_answer_size_is_capped(opened):
    status, _, body = sparql(opened, "SELECT ?o WHERE { ?s ?p ?o } LIMIT 500")
    assert status == 422 and b"4.0 KB" in body and b"--max-bytes" in body
    big_row = ("SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o }")
    assert sparql(opened, big_row)[0] == 422
    assert sparql(opened, COUNT)[0] == 200


def test_named_questions_answer_while_sparql_holds_every_other_worker(opened):
    done: dict[str, int] = {}

    def runaway() -> None:
        done["runaway"] = sparql(opened, HEAVY)[0]

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)  # the runaway query holds the only SPARQL worker
    status, _, body = call(opened, "GET", "/queries/leads-to", format="json")
    assert status == 200 and json.loads(body)["boolean"] is True, body
    assert "runaway" not in done  # answered while the runaway query was still running
    thread.join(60)


def test_load_test_mixed_with_a_runaway_client(strict):
    """benchmarks/loadtest.py --runaway: named questions answered without an error while a
    runaway client holds the SPARQL worker (the figures themselves go in the README)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("loadtest", REPO / "benchmarks" / "loadtest.py")
    loadtest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loadtest)
    host, port = strict.server_address[:2]
    result = loadtest.run(f"http://{host}:{port}", clients=2, duration=2, progress=False,
                          runaway_connections=1)
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] > 0 and result["runaway_connections"] == 1
    assert "runaway client" in loadtest.report(result)


# ------------------------------------------------------------------ slow clients

def _closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        while True:
            if not sock.recv(4096):
                return True
    except TimeoutError:
        return False
    except OSError:
        return True


def test_an_idle_connection_is_let_go(opened):
    with socket.create_connection(opened.server_address[:2]) as sock:
        assert _closed_by_server(sock, within=10)


def test_slow_headers_are_cut_off(opened):
    with socket.create_connection(opened.server_address[:2]) as sock:
        sock.sendall(b"GET /queries HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        cut = False
        for i in range(100):  # one header every 0.1 s: each read is quick, the whole is not
            try:
                sock.sendall(f"X-Slow-{i}: a\r\n".encode())
            except OSError:
                cut = True
                break
            time.sleep(0.1)
        assert cut or _closed_by_server(sock, within=1)


def test_a_body_that_never_comes_is_cut_off(opened):
    with socket.create_connection(opened.server_address[:2]) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     b"application/sparql-query\r\nContent-Length: 1000\r\n\r\nSELECT")
        assert _closed_by_server(sock, within=10)


# ------------------------------------------------------------------ options

@pytest.mark.parametrize("option, words", [
    ({"timeout": -5}, "negative"), ({"timeout": float("nan")}, "not a number"),
    ({"timeout": float("inf")}, "not a number"), ({"timeout": 1e308}, "more than a day"),
    ({"max_rows": -5}, "negative"), ({"workers": 100_000}, "between 1 and"),
    ({"workers": 0}, "between 1 and"), ({"memory": 1000}, "too little"),
])
def test_server_config_mistakes_are_refused(embedded, graph, option, words):
    with pytest.raises(KGError, match=words):
        start_in_thread(ServerConfig(files=[release_paths(embedded)["nt"]], port=0, **option))


@pytest.mark.parametrize("args, words", [
    (["--timeout", "-5"], "negative"), (["--timeout", "nan"], "not a number"),
    (["--timeout", "1e308"], "more than a day"), (["--max-rows", "-5"], "negative"),
    (["--workers", "100000"], "between 1 and 64"), (["--memory", "lots"], "not a size"),
    (["--max-bytes", "-1"], "not a size"),
])
def test_kg_serve_option_values_are_checked(run_kg, args, words):
    code, out, err = run_kg("serve", "--port", "0", *args)
    assert code == 2 and words in err and "Traceback" not in err
