"""kg review's server API (decisions saved to the draft, checked against the vocabulary,
refused without the header a cross-site page cannot send) and the terminal review."""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from test_draft import KNEE, make_dataset


@pytest.fixture
def session(tmp_path, run_kg):
    from kg.config import Project
    from kg.draft.review import ReviewSession

    data = make_dataset(tmp_path)
    code, _, err = run_kg("draft", str(KNEE), data=data, build=tmp_path / "build")
    assert code == 0, err
    path = data / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    return ReviewSession(path, Project(data, tmp_path / "build"))


@pytest.fixture
def server(session):
    from kg.draft.review import make_server

    httpd = make_server(session)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def post(url: str, change: dict, header: bool = True) -> tuple[int, dict]:
    request = urllib.request.Request(url + "/api/decide", data=json.dumps(change).encode(),
                                     method="POST",
                                     headers={"Content-Type": "application/json",
                                              **({"X-KG-Review": "1"} if header else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def statuses(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {**{c["id"]: c["status"] for c in data["concepts"]},
            **{r["key"]: r["status"] for r in data["relations"]}}


def test_the_page_and_the_draft_are_served(server, session):
    with urllib.request.urlopen(server + "/", timeout=10) as response:
        page = response.read().decode()
    assert "<script>" in page and "src=\"http" not in page
    with urllib.request.urlopen(server + "/api/draft", timeout=10) as response:
        data = json.loads(response.read())
    assert data["source"] == "knee-pain-in-runners"
    assert len(data["sentences"]) == len(session.document.sentences)
    assert "Condition" in data["classes"] and "causes" in data["predicates"]
    assert any(c["id"] == "hip-osteoarthritis" for c in data["existing"])


def test_decisions_are_saved_and_checked(server, session):
    key = yaml.safe_load(session.path.read_text())["relations"][0]["key"]
    code, item = post(server, {"kind": "relation", "key": key, "status": "rejected"})
    assert code == 200 and item["status"] == "rejected"
    assert statuses(session.path)[key] == "rejected"
    code, item = post(server, {"kind": "relation", "key": key, "predicate": "contributesTo",
                               "status": "accepted"})
    assert code == 200
    saved = {r["key"]: r for r in yaml.safe_load(session.path.read_text())["relations"]}
    assert saved[key]["predicate"] == "contributesTo" and saved[key]["status"] == "accepted"
    code, item = post(server, {"kind": "concept", "key": "pain",
                               "same_as": "hip-osteoarthritis", "status": "accepted"})
    assert code == 200 and item["same_as"] == "hip-osteoarthritis"
    for bad in ({"kind": "relation", "key": key, "predicate": "eats"},
                {"kind": "concept", "key": "pain", "type": "Weather"},
                {"kind": "concept", "key": "pain", "same_as": "no-such-concept"},
                {"kind": "concept", "key": "no-such", "status": "accepted"},
                {"kind": "relation", "key": key, "quote": "made up"}):
        code, answer = post(server, bad)
        assert code == 400 and answer["error"]
    assert statuses(session.path)[key] == "accepted"


def test_a_post_without_the_review_header_is_refused(server, session):
    before = session.path.read_bytes()
    key = yaml.safe_load(before)["relations"][0]["key"]
    code, _ = post(server, {"kind": "relation", "key": key, "status": "rejected"}, header=False)
    assert code == 403
    assert session.path.read_bytes() == before


def test_the_server_listens_on_loopback_only(session):
    from kg.draft.review import make_server

    httpd = make_server(session)
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        httpd.server_close()


def test_terminal_review_accepts_rejects_edits_and_undoes(session):
    from kg.draft.review_tty import review_tty

    data = yaml.safe_load(session.path.read_text())
    first, second, third = [c["id"] for c in data["concepts"][:3]]
    answers = iter(["a", "r", "u", "e", "Symptom", "", "q"])
    out = io.StringIO()
    decided = review_tty(session, lambda prompt: next(answers), out)
    assert decided == 2
    now = statuses(session.path)
    assert now[first] == "accepted"
    assert now[second] == "accepted"  # rejected, undone, then edited (edit accepts)
    assert now[third] == "proposed"
    concepts = {c["id"]: c for c in yaml.safe_load(session.path.read_text())["concepts"]}
    assert concepts[second]["type"] == "Symptom"
    assert "sentence" in out.getvalue()
