"""kg handout: the HTML page (chains drawn, glossary, quiz, answer key on its own page) and the
PDF printed by headless Debian chromium, whose pages are rendered to PNG with pdftoppm.

The PNGs go to build/screenshots/handout-*.png: look at them after a change to the handout."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kg.teach.handout import handout_html
from kg.teach.material import material
from kg.teach.quiz import questions

REPO = Path(__file__).resolve().parents[1]
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page(graph):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed (tests/system-deps.sh installs it)")
    return handout_html(graph)


def test_every_part_is_in_the_page(page, graph):
    m = material(graph)
    qs = questions(m)
    assert page.count('<section class="chain">') == sum(len(c) >= 2 for c in m.chains) > 0
    for c in m.concepts.values():
        if c.definition:
            assert f"<dt>{_escape(c.label)} " in page
    assert page.count('<li><b>') == len(qs)
    key = page[page.index('<section class="key">'):]
    assert key.count('<span class="answer">') == len(qs)
    assert ".key { break-before: page; }" in page  # the answer key starts a page


def test_the_page_makes_no_network_request(page):
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("data:image/svg+xml;base64,") for s in sources)


def test_diagrams_are_left_to_right_graphviz_flows(graph):
    import base64

    m = material(graph)
    chain = max(m.chains, key=len)
    from kg.teach.handout import chain_svg

    svg = chain_svg(m, chain[:2], graph)
    assert svg.lstrip().startswith(("<?xml", "<svg", "<!--"))
    texts = " ".join(re.findall(r">([^<>]+)</text>", svg))
    for f in chain[:2]:
        assert f.label in texts
    assert base64  # the page inlines it as a data URL (see above)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("paper, size", [("a4", r"59[45][.\d]* x 84[12]"),
                                         ("letter", r"612 x 792")])
def test_pdf_printed_by_chromium(run_kg, tmp_path, paper, size):
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (tests/system-deps.sh installs it)")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    out = tmp_path / "handout.pdf"
    code, _, err = run_kg("handout", "-o", str(out), "--paper", paper)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(rf"Page size:\s+{size}", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(out), "-"],
                            capture_output=True, text=True).stdout for n in range(1, pages + 1)]
    key_pages = [n for n, t in enumerate(texts) if "Answer key" in t]
    assert key_pages and texts[key_pages[0]].lstrip().startswith("Answer key")
    assert any("Glossary" in t for t in texts) and "How one thing leads to another" in texts[0]
    if paper == "a4":  # look at these
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(out),
                        str(SCREENSHOTS / "handout")], check=True)
        assert list(SCREENSHOTS.glob("handout-*.png"))


def test_handout_html_needs_no_browser(run_kg, tmp_path):
    out = tmp_path / "h.html"
    code, _, err = run_kg("handout", "-o", str(out))
    assert code == 0, err
    assert "<h2>Answer key</h2>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name, message", [("handout.docx", "cannot tell what to write"),
                                           ("a-file/handout.pdf", "is a file")])
def test_bad_output_is_a_clear_error(run_kg, tmp_path, name, message):
    (tmp_path / "a-file").write_text("x")
    code, out, err = run_kg("handout", "-o", str(tmp_path / name))
    assert code == 2 and message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_bad_paper_is_a_usage_error(run_kg):
    code, _, err = run_kg("handout", "--paper", "a5")
    assert code == 2 and "invalid choice: 'a5'" in err
