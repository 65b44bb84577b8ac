"""`kg serve` as standard clients use it with no settings: SPARQLWrapper at its defaults (every
query form x every return format it offers, GET and POST), rdflib's SPARQLStore, raw requests
with the Accept headers curl users type, the service description, `default-graph-uri` naming
the default graph, and a client that resets its connection."""

from __future__ import annotations

import http.client
import json
import socket
import struct
import time
import urllib.parse
import warnings

import pytest

from kg.build import release_paths
from kg.server import ServerConfig, start_in_thread

BASE_IRI = "https://w3id.org/edu-kg/hip-spine/"
CONCEPT = BASE_IRI + "concept/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OA = CONCEPT + "hip-osteoarthritis"
SELECT = f"SELECT ?label WHERE {{ <{OA}> <{LABEL}> ?label }}"
ASK = f"ASK {{ <{OA}> <{LABEL}> ?label }}"
CONSTRUCT = f"CONSTRUCT {{ <{OA}> <{LABEL}> ?l }} WHERE {{ <{OA}> <{LABEL}> ?l }}"
DESCRIBE = f"DESCRIBE <{OA}>"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def base(embedded, graph):
    release = release_paths(embedded)["nt"]  # `graph` made sure the release exists
    srv = start_in_thread(ServerConfig(files=[release], port=0, workers=1, named_workers=0,
                                       timeout=60, max_rows=5000))
    yield srv.url.rstrip("/")
    srv.shutdown()
    srv.close()


def raw(base: str, method: str, path: str, headers: dict[str, str] | None = None,
        body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def parsed_graph(body: bytes, media: str):
    import rdflib

    return rdflib.Graph().parse(data=body, format={"text/turtle": "turtle",
                                                    "application/rdf+xml": "xml",
                                                    "application/ld+json": "json-ld",
                                                    "application/n-triples": "nt"}[media])


# ------------------------------------------------------------------ SPARQLWrapper at its defaults

def _wrapper(base: str, query: str, fmt: str | None, method: str):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{base}/sparql")  # nothing else set: format=, output=, results=
    client.setQuery(query)
    if fmt is not None:
        client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [None, "json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_and_ask(base, fmt, method):
    pytest.importorskip("SPARQLWrapper")
    answer = _wrapper(base, SELECT, fmt, method).query()
    data = answer.convert()
    if fmt == "json":
        labels = {b["label"]["value"] for b in data["results"]["bindings"]}
    elif fmt in (None, "xml"):  # the default is XML: a DOM document
        labels = {n.firstChild.data for n in data.getElementsByTagName("literal")}
    elif fmt == "csv":
        labels = set(data.decode().splitlines()[1:])
    else:  # W3C TSV: terms in Turtle syntax
        assert data.decode().splitlines()[0] == "?label"
        labels = {line.strip('"') for line in data.decode().splitlines()[1:]}
    assert labels == {"hip osteoarthritis"}
    boolean = _wrapper(base, ASK, fmt, method).query().convert()
    if fmt == "json":
        assert boolean["boolean"] is True
    elif fmt in (None, "xml"):
        assert boolean.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert boolean.decode().strip() == "true"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", [None, "xml", "rdf+xml", "turtle", "n3", "json-ld", "json"])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
def test_sparqlwrapper_construct_and_describe(base, query, fmt, method):
    pytest.importorskip("SPARQLWrapper")
    import rdflib

    with warnings.catch_warnings():  # JSON for a graph: SPARQLWrapper warns, sends */*
        warnings.simplefilter("ignore", RuntimeWarning)
        answer = _wrapper(base, query, fmt, method).query()
    media = answer.response.headers["Content-Type"].split(";")[0]
    data = answer.convert()
    if fmt in ("turtle", "n3"):
        assert media == "text/turtle"
        data = rdflib.Graph().parse(data=data, format="turtle")
    else:  # XML (the default), RDF/XML, JSON-LD and JSON (JSON-LD): an rdflib Graph
        assert media == ("application/ld+json" if fmt in ("json", "json-ld")
                         else "application/rdf+xml")
        assert isinstance(data, rdflib.Graph)
    labels = {str(o) for s, p, o in data if str(s) == OA and str(p) == LABEL}
    assert labels == {"hip osteoarthritis"}


# ------------------------------------------------------------------ rdflib's SPARQLStore

def test_rdflib_sparqlstore(base, graph):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = rdflib.Graph(SPARQLStore(f"{base}/sparql"))
    assert len(store) == len(graph)
    rows = list(store.query(SELECT))
    assert {str(r[0]) for r in rows} == {"hip osteoarthritis"}
    assert bool(store.query(ASK)) is True
    assert {str(o) for o in store.objects(rdflib.URIRef(OA), rdflib.RDFS.label)} == {
        "hip osteoarthritis"}
    constructed = store.query(CONSTRUCT).graph
    assert {str(o) for o in constructed.objects()} == {"hip osteoarthritis"}


# ------------------------------------------------------------------ raw requests, curl style

@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
     "application/sparql-results+xml"),
])
def test_curl_select_accept(base, accept, media):
    status, headers, body = raw(base, "GET", "/sparql?query=" + urllib.parse.quote(SELECT),
                                {"Accept": accept})
    assert status == 200, body
    assert headers["content-type"].split(";")[0] == media
    assert b"hip osteoarthritis" in body


@pytest.mark.parametrize("accept, media", [
    ("text/turtle", "text/turtle"), ("application/rdf+xml", "application/rdf+xml"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"), ("text/n3", "text/turtle"),
    ("*/*", "text/turtle"),
])
def test_curl_construct_accept(base, accept, media):
    status, headers, body = raw(base, "POST", "/sparql", {
        "Accept": accept, "Content-Type": "application/sparql-query"}, CONSTRUCT.encode())
    assert status == 200, body
    assert headers["content-type"].split(";")[0] == media
    triples = {(str(s), str(o)) for s, _, o in parsed_graph(body, media)}
    assert triples == {(OA, "hip osteoarthritis")}


# ------------------------------------------------------------------ the service description

@pytest.mark.parametrize("accept, media", [
    (None, "text/turtle"), ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"), ("application/rdf+xml",
                                                     "application/rdf+xml"),
])
def test_service_description(base, accept, media):
    import rdflib

    status, headers, body = raw(base, "GET", "/sparql", {"Accept": accept} if accept else {})
    assert status == 200, body
    assert headers["content-type"].split(";")[0] == media
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    described = parsed_graph(body, media)
    services = set(described.subjects(rdflib.RDF.type, sd.Service))
    assert services == {rdflib.URIRef(f"{base}/sparql")}
    assert (next(iter(services)), sd.supportedLanguage, sd.SPARQL11Query) in described
    formats = {str(o) for o in described.objects(None, sd.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert any(BASE_IRI in str(o) for o in described.objects(None, rdflib.RDFS.comment))
    assert raw(base, "HEAD", "/sparql")[0] == 200


# ------------------------------------------------------------------ default-graph-uri

def _count(base: str, **params: str) -> int:
    query = urllib.parse.urlencode({"query": COUNT, **params})
    status, _, body = raw(base, "GET", f"/sparql?{query}",
                          {"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_default_graph_uri_names_the_default_graph(base, graph):
    assert _count(base) == len(graph)
    assert _count(base, **{"default-graph-uri": BASE_IRI}) == len(graph)
    # any other graph: one this dataset does not have, so empty, as the protocol says
    assert _count(base, **{"default-graph-uri": "http://example.org/other/"}) == 0


def test_kg_query_endpoint_with_the_base_graph(run_kg, base):
    code, expected, err = run_kg("query", "treatments-for", "-p", "condition=hip OA",
                                 "--format", "csv")
    assert code == 0, err
    code, out, err = run_kg("query", "--endpoint", f"{base}/sparql", "--graph", BASE_IRI,
                            "treatments-for", "-p", "condition=hip OA", "--format", "csv")
    assert code == 0, err
    assert sorted(out.splitlines()) == sorted(expected.splitlines())


# ------------------------------------------------------------------ a client resetting

def test_a_reset_connection_prints_no_traceback(base, capfd):
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    every = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }").encode()
    for payload in (b"GET /sparql?query=",  # in the request line
                    b"GET /sparql HTTP/1.1\r\nHost: " + host.encode() + b"\r\n",  # headers
                    b"POST /sparql HTTP/1.1\r\nHost: " + host.encode() + b"\r\nContent-Type: "
                    b"application/sparql-query\r\nContent-Length: 99\r\n\r\nASK",  # body
                    b"GET /sparql?query=" + every + b" HTTP/1.1\r\nHost: " + host.encode()
                    + b"\r\n\r\n"):  # while the answer is written
        sock = socket.create_connection((host, int(port)), timeout=10)
        sock.sendall(payload)
        time.sleep(0.1)  # let the server start reading (not a timing assertion)
        # SO_LINGER 0: close() sends RST instead of FIN, as a killed client does
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    time.sleep(0.5)  # let the server's threads meet the reset (not a timing assertion)
    assert raw(base, "GET", "/sparql?query=" + urllib.parse.quote(ASK))[0] == 200
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err
