"""The pictures a class reads, in a real browser (Debian's Chromium through playwright, every
non-file request blocked): projector and story modes, the text outline and the keyboard, the
PNG/SVG exports and the print stylesheet, and axe-core's accessibility rules on every page
the project writes. Screenshots and printed pages go to build/screenshots/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"
# one chain of two steps (FAI -> low back pain has two chains since the heading's direct claim)
CHAIN = ("femoroacetabular impingement", "lumbar compensation")


@pytest.fixture(scope="module")
def pages(graph, embedded, tmp_path_factory) -> dict[str, Path]:
    from kg import render

    folder = tmp_path_factory.mktemp("pictures")
    return {name: render.write(folder / f"{name}.html", graph, project=embedded, **options)
            for name, options in (("whole", {}), ("focus", {"focus": "FAI"}),
                                  ("chain", {"path": CHAIN}))}


def open_page(browser, path: Path, query: str = "", width: int = 1280, height: int = 720,
              **context):
    ctx = browser.new_context(viewport={"width": width, "height": height},
                              accept_downloads=True, **context)
    page = ctx.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (requests.append(r.request.url), r.abort()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(path.as_uri() + query)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
    page.wait_for_timeout(200)
    page.requests, page.errors = requests, errors  # type: ignore[attr-defined]
    return ctx, page


def test_projector_flag_folds_the_panel_and_writes_relation_names(browser, pages):
    ctx, page = open_page(browser, pages["whole"], "?projector")
    try:
        assert page.evaluate("document.body.classList.contains('kg-projector')")
        assert not page.locator("#kg-panel").is_visible()
        assert page.get_attribute("#kg-projector", "aria-pressed") == "true"
        # bigger type than the normal look, and names written at the whole-graph zoom
        first = page.evaluate("window.kg.data.nodes.find(n => !n.mark).id")
        font = page.evaluate(f"window.kg.nodes.get({first!r}).font.size")
        assert font > page.evaluate("window.kg.data.font")
        assert page.evaluate("window.kg.projector && window.kg.edgeLabels()")
        page.click("#kg-projector")  # one button back to normal
        assert page.locator("#kg-panel").is_visible()
        first = page.evaluate("window.kg.data.nodes.find(n => !n.mark).id")
        assert page.evaluate(f"window.kg.nodes.get({first!r}).font.size") == page.evaluate(
            "window.kg.data.font")
        assert page.errors == [] and page.requests == []
    finally:
        ctx.close()


def test_story_steps_through_the_chain_in_order(browser, pages, graph):
    ctx, page = open_page(browser, pages["chain"], "?story")
    try:
        steps = page.evaluate("window.kg.story.steps.map(id => window.kg.edgeInfo.get(id))")
        assert [s["from"] for s in steps][0] == "femoroacetabular-impingement"
        assert all(a["to"] == b["from"] for a, b in zip(steps, steps[1:], strict=False))
        story = page.locator("#kg-story")
        assert story.is_visible() and steps[0]["quote"] in story.inner_text()
        page.keyboard.press("ArrowRight")
        assert "Step 2 of" in story.text_content() and steps[1]["quote"] in story.inner_text()
        # the rest is dimmed: only this step's two concepts stay bright
        bright = page.evaluate("[...window.kg.state.keepNodes]")
        assert sorted(bright) == sorted({steps[1]["from"], steps[1]["to"]})
        page.keyboard.press("ArrowLeft")
        assert "Step 1 of" in story.text_content()
        page.screenshot(path=str(_shot("story-chain.png")))
        page.keyboard.press("Escape")
        assert not story.is_visible() and page.evaluate("window.kg.state.keepNodes") is None
    finally:
        ctx.close()


def test_outline_and_graph_follow_each_other(browser, pages, graph):
    ctx, page = open_page(browser, pages["whole"])
    try:
        page.click("#kg-outline-box summary")
        outline = page.locator("#kg-outline")
        assert "Condition" in outline.inner_text()
        quote = page.evaluate("window.kg.data.edges.find(e => e.from === 'sciatica').quote")
        assert quote in outline.inner_text()  # each relation a sentence with its quote
        outline.get_by_role("button", name="sciatica", exact=True).click()
        assert page.evaluate("window.kg.network.getSelectedNodes()") == ["sciatica"]
        page.evaluate("window.kg.select('pinched-nerve')")
        current = page.locator("#kg-outline li[aria-current=true] > .kg-link")
        assert current.inner_text() == "pinched nerve"
    finally:
        ctx.close()


def test_keyboard_moves_along_relations_and_announces(browser, pages):
    ctx, page = open_page(browser, pages["chain"])
    try:
        page.focus("#kg-network")
        first = page.evaluate("window.kg.network.getSelectedNodes()")
        assert first and page.locator("#kg-announce").inner_text().startswith(
            page.evaluate(f"window.kg.nodeById.get({first[0]!r}).label"))
        page.evaluate("window.kg.select('femoroacetabular-impingement')")
        page.focus("#kg-network")
        page.keyboard.press("ArrowRight")
        assert page.evaluate("window.kg.network.getSelectedNodes()") == [
            "limited-hip-range-of-motion"]
        announced = page.locator("#kg-announce").inner_text()
        assert announced.startswith("limited hip range of motion, ") and "relation" in announced
        page.keyboard.press("Enter")
        assert page.locator("#kg-panel h2").inner_text() == "limited hip range of motion"
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1400, 1024])
def test_png_has_heading_legend_and_source_at_any_window_size(browser, pages, tmp_path,
                                                              width):
    ctx, page = open_page(browser, pages["whole"], width=width, height=800)
    try:
        svg = page.evaluate("window.kg.svg()")
        types = page.evaluate("window.kg.data.types.map(t => t.label)")
        for label in types:  # every type in the legend, whatever the window's width
            assert f">{label}</text>" in svg
        assert "Source: " in svg and page.evaluate("window.kg.data.title") in svg
        page.select_option("#kg-png-scale", "3")
        with page.expect_download() as info:
            page.click("#kg-png")
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == 3 * 1600  # 3x the picture's width
        shutil.copy(target, _shot(f"export-{width}.png"))
        with page.expect_download() as info:
            page.click("#kg-svg")
        assert info.value.suggested_filename.endswith(".svg")
        assert page.requests == [] and page.errors == []
    finally:
        ctx.close()


def test_print_gives_one_clean_landscape_page(browser, pages, tmp_path):
    ctx, page = open_page(browser, pages["focus"])
    try:
        page.emulate_media(media="print")
        page.evaluate("window.kg.network.redraw(); window.kg.fit()")
        page.wait_for_timeout(200)
        pdf = tmp_path / "focus.pdf"
        page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
        assert pdf.read_bytes()[:5] == b"%PDF-"
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "p")],
                           check=True)
            pictures = sorted(tmp_path.glob("p*.png"))
            assert len(pictures) == 1  # one page: heading, drawing and legend
            shutil.copy(pictures[0], _shot("print-focus.png"))
    finally:
        ctx.close()


def test_no_serious_accessibility_violations_on_any_page(browser, pages, graph, tmp_path):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    from kg.teach.handout import handout_html

    handout = tmp_path / "handout.html"
    handout.write_text(handout_html(graph), encoding="utf-8")
    targets = [(p, "") for p in pages.values()] + [(pages["whole"], "?projector"),
                                                   (pages["whole"], "?overview"),
                                                   (pages["chain"], "?story")]
    axe = axe_module.Axe()
    found = {}
    for path, query in targets + [(handout, None)]:
        if query is None:  # not a graph page: nothing to wait for
            ctx = browser.new_context(bypass_csp=True)
            page = ctx.new_page()
            page.goto(path.as_uri())
        else:
            ctx, page = open_page(browser, path, query, bypass_csp=True)
        try:
            results = axe.run(page)
            bad = [v for v in results.response["violations"]
                   if v.get("impact") in ("serious", "critical")]
            if bad:
                found[f"{path.name}{query or ''}"] = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
        finally:
            ctx.close()
    assert found == {}


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name



def test_overview_draws_one_readable_shape_per_type(browser, pages):
    ctx, page = open_page(browser, pages["whole"], "?overview", width=1024, height=768)
    try:
        page.wait_for_timeout(300)
        assert page.evaluate("window.kg.overview")
        types = page.evaluate("window.kg.data.types.map(t => [t.name, t.count])")
        drawn = page.evaluate("""() => window.kg.network.body.nodeIndices
            .map(id => window.kg.network.body.nodes[id].options.label)""")
        assert sorted(drawn) == sorted(
            f"{label} ({count})" for label, count in page.evaluate(
                "window.kg.data.types.map(t => [t.label, t.count])"))
        assert len(drawn) == len(types)
        # names at least 12 px on screen when the overview is fit to a 1024x768 window
        px = page.evaluate("""() => { const n = window.kg.network;
            const id = n.body.nodeIndices[0];
            return n.body.nodes[id].options.font.size * n.getScale(); }""")
        assert px >= 12
        page.click("#kg-overview")  # back to every concept, where they were
        assert not page.evaluate("window.kg.overview")
        assert page.evaluate("window.kg.network.body.nodeIndices.length") == len(
            page.evaluate("window.kg.data.nodes"))
        assert page.errors == [] and page.requests == []
    finally:
        ctx.close()


def test_whole_graph_too_small_to_read_offers_the_overview(browser, pages):
    """Fit to 1024x768 the whole graph's names are under 12 px: the page says so and its button
    opens the overview; a focus view (a few concepts, where an overview would not help) has none."""
    ctx, page = open_page(browser, pages["whole"], width=1024, height=768)
    try:
        notice = page.locator("#kg-small-notice")
        assert notice.is_visible()
        notice.get_by_role("button", name="Show the overview").click()
        page.wait_for_timeout(300)
        assert page.evaluate("window.kg.overview")
        assert not notice.is_visible()
        assert page.errors == [] and page.requests == []
    finally:
        ctx.close()
    ctx, page = open_page(browser, pages["focus"], width=1280, height=720)
    try:
        assert not page.locator("#kg-small-notice").is_visible()
    finally:
        ctx.close()


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768)])
def test_focus_and_chain_names_are_drawn_large_when_fit(browser, graph, embedded, tmp_path,
                                                         size):
    """The on-screen size of concept names (font x zoom) when a focus or chain view opens fit
    to the window. Issue 16 asks 18 px; reached at 1280x720 (graph panel 920x459): FAI 18 px,
    low back pain 16, hip joint (15 concepts) 12.7 (they were 10, 7.7 and 5.9 px with every
    neighbour in one column); chains 15.5-20.5 px."""
    from kg import render

    floors = {("focus", "FAI"): 18.0, ("focus", "low back pain"): 15.5,
              ("focus", "hip joint"): 11.5, ("path", CHAIN): 19.0,
              ("path", ("femoroacetabular impingement", "low back pain")): 15.0}
    for (kind, what), floor in floors.items():
        path = render.write(tmp_path / f"{kind}-{len(str(what))}.html", graph, project=embedded,
                            **{kind: what})
        ctx, page = open_page(browser, path, width=size[0], height=size[1])
        try:
            px = page.evaluate("window.kg.data.font * window.kg.network.getScale()")
            assert px >= floor, (kind, what, size, px)
            assert page.errors == []
        finally:
            ctx.close()
