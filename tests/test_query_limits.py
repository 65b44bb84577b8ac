"""kg query hardening (issue 12): no federated fetches, no segfault on deep nesting, a default
time limit, sane option values, clean errors for odd but legal input."""

from __future__ import annotations

import doctest
import io
import socket
import threading
import time

import pytest

import kg.query.limits
from kg.errors import KGError
from kg.query.limits import MAX_NESTING, check_query


class Listener:
    """Counts connections to a local port (it answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
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
        time.sleep(0.3)
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


@pytest.fixture
def stdin(monkeypatch):
    def give(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
    return give


def test_docstring_examples():
    assert doctest.testmod(kg.query.limits, optionflags=doctest.ELLIPSIS).failed == 0


# ------------------------------------------------------------------ SSRF

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
])
def test_kg_query_refuses_service(run_kg, stdin, listener, engine, template):
    stdin(template.format(url=listener.url))
    code, out, err = run_kg("query", "-", "--engine", engine)
    assert code == 2 and "SERVICE" in err and "--allow-service" in err
    assert "line 1, column" in err and "Traceback" not in err
    assert listener.settle() == 0


def test_allow_service_really_turns_federation_on(run_kg, stdin, listener):
    stdin(f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}")
    code, _, err = run_kg("query", "-", "--allow-service", "--format", "json")
    assert listener.settle() >= 1
    assert "Traceback" not in err


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("template", [
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
])
def test_from_never_fetches(run_kg, stdin, listener, engine, template):
    stdin(template.format(url=listener.url))
    code, _, err = run_kg("query", "-", "--engine", engine, "--format", "json")
    assert "Traceback" not in err
    assert listener.settle() == 0


def test_from_never_fetches_in_rdflib_with_a_dataset(embedded, graph, listener):
    """rdflib itself downloads FROM graphs into a Dataset; the engine switches that off."""
    import rdflib

    from kg.build import release_paths
    from kg.query.engines import RdflibEngine

    engine = RdflibEngine(embedded, source=release_paths(embedded)["nt"])
    engine.graph = rdflib.Dataset()
    engine.execute(f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}", {})
    assert listener.settle() == 0


def test_load_is_refused_and_fetches_nothing(run_kg, stdin, listener):
    stdin(f"LOAD <{listener.url}>")
    code, _, err = run_kg("query", "-")
    assert code == 2 and "read-only" in err
    assert listener.settle() == 0


# ------------------------------------------------------------------ nesting and crashes

@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "SELECT * WHERE { FILTER(" + "(" * 50_000 + "1" + ")" * 50_000 + ") }",
    "SELECT * WHERE { ?s <p:p> " + "(" * 400 + "1" + ")" * 400 + " }",
    "SELECT * WHERE { ?s <p:p> " + "[ <p:p> " * 1000 + "1" + " ]" * 1000 + " }",
    "SELECT * WHERE { FILTER(" + "! " * 20_000 + "true) }",
])
def test_deep_nesting_is_refused_before_parsing(run_kg, stdin, query):
    stdin(query)
    code, out, err = run_kg("query", "-")
    assert code == 2 and "line 1, column" in err and "Traceback" not in err


def test_nesting_in_a_query_file_names_the_file_and_line(run_kg, tmp_path):
    path = tmp_path / "deep.rq"
    path.write_text("SELECT *\nWHERE\n" + "{" * 200 + "}" * 200 + "\n")
    code, _, err = run_kg("query", str(path))
    assert code == 2 and f"{path.name}:3:" in err


def test_nesting_bound_keeps_real_queries(tmp_path):
    check_query("SELECT * WHERE " + "{" * MAX_NESTING + "}" * MAX_NESTING)
    check_query('SELECT * WHERE { ?s ?p "' + "{" * 10_000 + '" }')  # in a string: not nesting
    check_query("# " + "(" * 10_000 + "\nASK {}")                  # in a comment
    with pytest.raises(KGError) as caught:
        check_query("ASK\n" + "{" * (MAX_NESTING + 1))
    assert caught.value.line == 2


def test_an_engine_crash_is_an_error_not_the_end_of_kg(run_kg, stdin):
    stdin("SELECT * WHERE { ?s " + "/".join(["<p:none>"] * 20_000) + " ?o }")
    code, _, err = run_kg("query", "-")
    assert code == 2 and "crashed" in err
    stdin("SELECT * WHERE { ?s " + "/".join(["<p:none>"] * 20_000) + " ?o }")
    code, _, err = run_kg("query", "-", "--timeout", "0")  # no limit: still isolated
    assert code == 2 and "crashed" in err


# ------------------------------------------------------------------ time limits

@pytest.mark.parametrize("value, words", [
    ("nan", "not a number"), ("inf", "not a number"), ("-inf", "not a number"),
    ("1e308", "more than a day"), ("-5", "negative"),
])
def test_timeout_values_are_checked(run_kg, value, words):
    code, _, err = run_kg("query", "hubs", f"--timeout={value}")
    assert code == 2 and words in err and "Traceback" not in err


def test_the_python_api_checks_the_timeout_too():
    import kg

    with pytest.raises(KGError, match="not a number"):
        kg.query("hubs", timeout=float("nan"))


def test_kg_query_has_a_default_timeout(run_kg, monkeypatch):
    import kg.query

    seen = {}
    real = kg.query.run

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(kg.query, "run", spy)
    code, _, _ = run_kg("query", "hubs", "--format", "json")
    assert code == 0 and seen["timeout"] == 60.0 and seen["isolate"] is True
    code, _, _ = run_kg("query", "hubs", "--format", "json", "--timeout", "0")
    assert code == 0 and seen["timeout"] is None


# ------------------------------------------------------------------ clean errors

@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "srj", "srx"])
def test_a_select_without_variables_prints(run_kg, stdin, fmt):
    stdin("SELECT * WHERE {}")
    code, out, err = run_kg("query", "-", "--format", fmt)
    assert code == 0 and "Traceback" not in err
    if fmt == "table":
        assert out == "(1 row, no variables)\n"


@pytest.mark.parametrize("value", ["<>", "<knee>", "<http://a b>"])
def test_a_bad_iri_parameter_names_the_parameter(run_kg, value):
    code, _, err = run_kg("query", "treatments-for", "--param", f"condition={value}")
    assert code == 2 and "parameter condition" in err
    assert ".rq:" not in err  # not blamed on a line of the query file
