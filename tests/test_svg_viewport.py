"""Every SVG file the project writes fits the window it is opened in: a viewBox, the width and
height at 100 % (no fixed size), and, opened directly in Chromium at 1024×768 (and at a
small 480×320, where a fixed-size drawing would overflow), no scroll bars and the whole
drawing inside the window."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SVG = "{http://www.w3.org/2000/svg}svg"


@pytest.fixture(scope="module")
def svgs(graph, embedded, tmp_path_factory) -> dict[str, Path]:
    from kg import render
    from kg.render.metagraph import write_metagraph

    pytest.importorskip("graphviz")
    import shutil
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    folder = tmp_path_factory.mktemp("svgs")
    out = {name: render.write(folder / f"{name}.svg", graph, project=embedded, **options)
           for name, options in (("whole", {}), ("focus", {"focus": "FAI"}),
                                 ("chain", {"path": ("femoroacetabular impingement",
                                                     "low back pain")}))}
    write_metagraph(graph, folder / "metagraph.svg")
    out["metagraph"] = folder / "metagraph.svg"
    return out


def _root(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == SVG
    return root


def test_svgs_have_a_viewbox_and_no_fixed_size(svgs):
    for name, path in svgs.items():
        root = _root(path)
        left, top, width, height = map(float, root.get("viewBox").split())
        assert width > 100 and height > 100, name
        assert root.get("width") in (None, "100%") and root.get("height") in (None, "100%"), name


def test_fit_viewport_keeps_the_rest_of_the_root_element():
    from kg.render.svgfit import fit_viewport

    text = '<svg width="700pt" height="50pt"\n viewBox="0 0 700 50" xmlns="x"><g/></svg>'
    root = ET.fromstring(fit_viewport(text))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "100%", "100%", "0 0 700 50")
    assert fit_viewport("<svg width='3'><g/></svg>") == "<svg width='3'><g/></svg>"  # no box


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1024, 768), (480, 320)])
def test_svgs_opened_in_chromium_fit_the_window(browser, svgs, size):
    width, height = size
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())
        for name, path in svgs.items():
            page.goto(path.as_uri())
            figures = page.evaluate("""() => {
                const root = document.documentElement, box = root.getBoundingClientRect();
                let drawn = {left: 1e9, top: 1e9, right: -1e9, bottom: -1e9};
                for (const el of root.querySelectorAll('text, polygon, path, ellipse, rect')) {
                    const r = el.getBoundingClientRect();
                    if (!r.width && !r.height) continue;
                    drawn = {left: Math.min(drawn.left, r.left), top: Math.min(drawn.top, r.top),
                             right: Math.max(drawn.right, r.right),
                             bottom: Math.max(drawn.bottom, r.bottom)};
                }
                const s = document.scrollingElement || root;
                return {scrollW: s.scrollWidth, scrollH: s.scrollHeight,
                        w: innerWidth, h: innerHeight, box: [box.width, box.height], drawn};
            }""")
            assert figures["scrollW"] <= width and figures["scrollH"] <= height, (name, figures)
            assert figures["box"] == [width, height], (name, figures)  # fills the window
            d = figures["drawn"]
            assert d["left"] >= -1 and d["top"] >= -1, (name, figures)
            assert d["right"] <= width + 1 and d["bottom"] <= height + 1, (name, figures)
            # and it is scaled to fit, not shrunk to a corner: one side spans the window
            assert d["right"] - d["left"] >= 0.8 * width or \
                d["bottom"] - d["top"] >= 0.8 * height, (name, figures)
    finally:
        ctx.close()
