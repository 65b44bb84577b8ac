"""The review page in a real browser (Debian's Chromium via playwright): keys a, r, e and u
change the draft file, and a reload shows the saved decisions."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml
from browsing import ARGS, CHROMIUM
from test_draft import KNEE, make_dataset

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"


@pytest.fixture
def page(tmp_path, run_kg):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (tests/system-deps.sh installs it)")
    from kg.config import Project
    from kg.draft.review import ReviewSession, make_server

    data = make_dataset(tmp_path)
    assert run_kg("draft", str(KNEE), data=data, build=tmp_path / "build")[0] == 0
    path = data / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    httpd = make_server(ReviewSession(path, Project(data, tmp_path / "build")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 720})
        errors: list[str] = []
        outside: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("request", lambda request: None if request.url.startswith(url)
               else outside.append(request.url))
        tab.goto(url)
        tab.wait_for_selector(".item.focus")
        yield tab, path
        assert errors == [] and outside == []
        browser.close()
    httpd.shutdown()
    httpd.server_close()


def saved(path: Path) -> dict[str, dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {**{c["id"]: c for c in data["concepts"]}, **{r["key"]: r for r in data["relations"]}}


def keys_in_order(tab) -> list[str]:
    return tab.eval_on_selector_all(".item", "nodes => nodes.map(n => n.dataset.key)")


def wait_status(tab, key: str, status: str) -> None:
    tab.wait_for_selector(f'.item.{status}[data-key="{key}"]')


def test_accept_reject_edit_undo_and_reload(page):
    tab, path = page
    order = keys_in_order(tab)
    first, second, third, fourth = order[:4]
    tab.keyboard.press("a")
    wait_status(tab, first, "accepted")
    tab.keyboard.press("r")
    wait_status(tab, second, "rejected")
    assert saved(path)[first]["status"] == "accepted"
    assert saved(path)[second]["status"] == "rejected"
    # undo the rejection: the item is proposed again and has the focus
    tab.keyboard.press("u")
    tab.wait_for_selector(f'.item.proposed.focus[data-key="{second}"]')
    assert saved(path)[second]["status"] == "proposed"
    # edit the third item: j to it, e, change its type (a concept) or predicate (a relation)
    tab.keyboard.press("j")
    tab.keyboard.press("e")
    form = tab.wait_for_selector(f'form.edit[data-key="{third}"]')
    field = "type" if third in saved(path) and "id" in saved(path)[third] else "predicate"
    value = "Symptom" if field == "type" else "contributesTo"
    form.query_selector(f"select[name={field}]").select_option(value)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / "review-edit.png"))
    form.query_selector("button[type=submit]").click()
    wait_status(tab, third, "accepted")
    assert saved(path)[third][field] == value
    assert saved(path)[fourth]["status"] == "proposed"
    # reload: the decisions come back from the draft file
    tab.reload()
    tab.wait_for_selector(".item")
    wait_status(tab, first, "accepted")
    wait_status(tab, third, "accepted")
    tab.wait_for_selector(f'.item.proposed[data-key="{second}"]')
    tab.screenshot(path=str(SCREENSHOTS / "review.png"))
    assert "2 accepted" in tab.inner_text("#counts")
