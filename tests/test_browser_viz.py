"""The graph page in a real browser: Debian's Chromium driven by playwright (never a downloaded
browser), with every non-file request blocked and recorded. One browser for the module.

Screenshots go to build/screenshots/ (look at them after a change to the page)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"
MINI = REPO / "tests" / "fixtures" / "mini" / "data"  # the rivers dataset
XSS = "<img src=x onerror=alert(1)>"


class Visit:
    """A page opened from a file with the network cut off: what it tried to fetch, what it
    logged, and which dialogs it opened."""

    def __init__(self, browser, path: Path, width: int = 1600, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.files: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type in ("error", "warning")
                     and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        # a selector, not wait_for_function: the page's CSP forbids the eval that polling needs
        self.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file:"):
            self.files.append(url)
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def click_node(self, node_id: str) -> None:
        box = self.page.locator("#kg-network").bounding_box()
        x, y = self.page.evaluate(
            """id => { const n = window.kg.network;
                       const p = n.canvasToDOM(n.getPositions([id])[id]);
                       return [p.x, p.y]; }""", node_id)
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def panel(self) -> str:
        return self.page.locator("#kg-panel").inner_text()

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / name
        self.page.screenshot(path=str(target))
        return target

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def full_page(graph, embedded, tmp_path_factory) -> Path:
    from kg import render

    return render.write(tmp_path_factory.mktemp("page") / "graph.html", graph, project=embedded)


@pytest.fixture
def visit(browser, full_page):
    opened = Visit(browser, full_page)
    yield opened
    opened.close()


def test_page_loads_offline_and_draws_every_concept(visit, graph):
    import kg

    G = kg.to_networkx(graph)
    drawn = visit.page.evaluate("window.kg.network.body.nodeIndices.length")
    assert drawn == G.number_of_nodes()
    assert visit.page.evaluate("window.kg.edges.length") == G.number_of_edges()
    assert visit.requests == []  # nothing but the file itself
    assert len(visit.files) == 1
    assert visit.errors == []  # no script error, no Content-Security-Policy violation
    visit.shot("graph.png")


def test_legend_lists_the_types_and_filters_them(visit):
    data = visit.page.evaluate("window.kg.data")
    chips = visit.page.locator("#kg-legend .kg-type-label").all_inner_texts()
    assert chips == [t["label"] for t in data["types"]]
    assert "Condition" in chips and "Anatomical structure" in chips
    conditions = next(t for t in data["types"] if t["name"] == "Condition")
    visit.page.locator('.kg-type[data-type="Condition"]').click()
    hidden = visit.page.evaluate("window.kg.nodes.get({filter: n => n.hidden}).length")
    assert hidden == conditions["count"]
    visit.page.locator('.kg-type[data-type="Condition"]').click()
    assert visit.page.evaluate("window.kg.nodes.get({filter: n => n.hidden}).length") == 0


def test_search_finds_a_synonym_and_shows_the_concept(visit):
    visit.page.fill("#kg-search-input", "FAI")
    visit.page.press("#kg-search-input", "Enter")
    visit.page.wait_for_timeout(600)  # the camera's move
    assert visit.page.locator("#kg-panel h2").inner_text() == "femoroacetabular impingement"
    assert visit.page.evaluate("window.kg.network.getSelectedNodes()") == [
        "femoroacetabular-impingement"]
    panel = visit.panel()
    assert "Also called: FAI; hip impingement" in panel
    assert "HP:0030883 (same as)" in panel
    assert "sentence 14" in panel
    visit.shot("search-fai.png")
    options = visit.page.locator("#kg-names option").evaluate_all(
        "os => os.map(o => o.value)")
    assert "FAI" in options and "femoroacetabular impingement" in options
    assert "femoroacetabular-impingement" not in options  # names, not ids


def test_clicking_a_node_shows_its_quotes(visit, graph):
    import kg

    G = kg.to_networkx(graph)
    visit.page.evaluate("window.kg.network.moveTo({scale: 1.2, position: "
                        "window.kg.network.getPositions(['sciatica'])['sciatica']})")
    visit.click_node("sciatica")
    assert visit.page.locator("#kg-panel h2").inner_text() == "sciatica"
    panel = visit.panel()
    for _, _, data in list(G.out_edges("sciatica", data=True)) + list(
            G.in_edges("sciatica", data=True)):
        assert data["quote"] in panel
        assert f"sentence {data['sentence']}" in panel
    faded = visit.page.evaluate(
        "window.kg.nodes.get({filter: n => n.color && n.color.background === '#e4e4e4'})"
        ".length")
    assert faded == G.number_of_nodes() - 1 - len(set(G.predecessors("sciatica"))
                                                  | set(G.successors("sciatica")))


def test_clicking_an_edge_shows_its_quote_and_sentence(visit, graph):
    import kg

    G = kg.to_networkx(graph)
    u, v, data = next((u, v, d) for u, v, d in G.edges(data=True)
                      if (u, v) == ("pinched-nerve", "sciatica"))
    page = visit.page
    page.evaluate("""([u, v]) => { const n = window.kg.network, p = n.getPositions([u, v]);
        n.moveTo({scale: 1.3, position: {x: (p[u].x + p[v].x) / 2, y: (p[u].y + p[v].y) / 2}});
    }""", [u, v])
    box = page.locator("#kg-network").bounding_box()
    x, y = page.evaluate("""([u, v]) => { const n = window.kg.network, p = n.getPositions([u, v]);
        const d = n.canvasToDOM({x: (p[u].x + p[v].x) / 2, y: (p[u].y + p[v].y) / 2});
        return [d.x, d.y]; }""", [u, v])
    page.mouse.click(box["x"] + x, box["y"] + y)
    panel = visit.panel()
    assert panel.startswith("Relation")
    assert data["quote"] in panel and f"sentence {data['sentence']}" in panel
    assert "pinched nerve" in panel and data["label"] in panel


def test_download_png_saves_the_view_with_heading_and_legend(visit, tmp_path):
    with visit.page.expect_download() as info:
        visit.page.click("#kg-png")
    download = info.value
    assert download.suggested_filename.endswith(".png")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    # 2x a 1,600 px picture whatever the window (heading, legend and source inside: see
    # tests/test_browser_pictures.py)
    assert width == 3200 and height > 400
    assert visit.requests == []


def test_markup_in_the_data_shows_as_text_and_never_runs(browser, tmp_path, tmp_path_factory):
    import kg
    from kg import render
    from kg.config import Project

    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    curated = data / "curated" / "rivers.yaml"
    text = curated.read_text(encoding="utf-8").replace(
        "  - id: levee\n    label: levee\n",
        f"  - id: levee\n    label: {json.dumps(XSS)}\n"
        "    definition: \"</script><script>window.hacked = 1</script><b>bold</b>\"\n")
    curated.write_text(text, encoding="utf-8")
    project = Project(data, tmp_path / "build")
    page_file = render.write(tmp_path / "xss.html", kg.load(project), project=project)
    visit = Visit(browser, page_file)
    try:
        visit.page.fill("#kg-search-input", XSS)
        visit.page.press("#kg-search-input", "Enter")
        visit.page.wait_for_timeout(500)
        assert visit.page.locator("#kg-panel h2").inner_text() == XSS
        assert "</script><script>window.hacked = 1</script><b>bold</b>" in visit.panel()
        visit.page.wait_for_timeout(300)
        assert visit.dialogs == []
        assert visit.page.evaluate("window.hacked") is None
        assert visit.page.evaluate("document.querySelectorAll('img').length") == 0
        from kg.render.html import MODULES

        # data, vis, ours
        assert visit.page.evaluate("document.scripts.length") == 2 + len(MODULES)
        assert visit.page.evaluate("[...document.querySelectorAll('b')]"
                                   ".filter(b => b.textContent === 'bold').length") == 0
        assert visit.requests == [] and len(visit.files) == 1  # no <img src=x> fetched
        visit.shot("escaped-markup.png")
    finally:
        visit.close()


def test_notebook_display_works_offline(browser, graph, embedded, tmp_path):
    from kg import render

    shown = render.show(graph, project=embedded, focus="FAI", height=600)
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body>{shown._repr_html_()}</body></html>",
                    encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    requests: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (requests.append(r.request.url), r.abort()))
    try:
        page.goto(host.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("body[data-ready=true]").wait_for(timeout=20_000)
        assert frame.locator("#kg-title").inner_text() == embedded.settings.title
        assert requests == []
    finally:
        context.close()
