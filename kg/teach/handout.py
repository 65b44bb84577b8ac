"""A printable handout: the article's causal chains as left-to-right diagrams, a glossary, and
the quiz with its answer key on a page of its own.

The page is HTML with a print stylesheet (``@page`` size A4 or Letter, nothing breaks inside a
diagram, a glossary entry or a question); the PDF is that page printed by headless Chromium
through playwright (``page.pdf()``), the same Debian chromium the browser tests use — never a
downloaded browser, and the page makes no network request (diagrams are inlined as data URLs).
The diagrams are :mod:`kg.render.static`'s Graphviz pictures of a selection holding one chain.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.teach.material import Fact, Material, stable_id
from kg.teach.quiz import Question

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["PAPERS", "chain_svg", "handout_html", "html_to_pdf", "write_handout"]

PAPERS = {"a4": "A4", "letter": "Letter"}
#: the browser that prints the PDF ($KG_CHROMIUM, else the first of these on PATH)
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: relations per diagram row, and the print scale of Graphviz points (the same for every
#: diagram, so a concept is the same size everywhere: 14 pt labels print at about 9 pt)
ROW = 2
SCALE = 0.62


def chain_svg(m: Material, chain: list[Fact], graph: Graph | None = None) -> str:
    """The Graphviz SVG (:func:`kg.render.static.to_dot`, left to right) of a run of facts of a
    causal chain: its concepts and only its relations, in the project's colours and shapes.
    The picture's own heading is left out: the handout says above it what it shows, and draws
    one legend for all its diagrams."""
    import graphviz

    from kg.render.scene import scene_from_selection
    from kg.render.select import Selection
    from kg.render.static import INSTALL_HINT, to_dot

    statements = {f.statement for f in chain}
    nodes = {chain[0].subject, *(f.object for f in chain)}
    scene = scene_from_selection(m.G, Selection(nodes), rdf=graph)
    scene.edges = [e for e in scene.edges if e["statement"] in statements]
    dot = to_dot(scene)
    dot.graph_attr.update(label="", pad="0.1", ranksep="0.35", nodesep="0.15")
    try:
        return dot.pipe(format="svg", quiet=True).decode("utf-8")
    except graphviz.ExecutableNotFound:
        raise KGError("Graphviz's `dot` program is not installed; it draws the handout's "
                      "diagrams", hint=INSTALL_HINT) from None


def _rows(chain: list[Fact]) -> list[list[Fact]]:
    """A chain cut into rows of :data:`ROW` relations, so every diagram is printed at the same
    readable size (the last concept of a row starts the next)."""
    return [chain[i:i + ROW] for i in range(0, len(chain), ROW)]


def _picture(m: Material, facts: list[Fact], graph: Graph | None) -> dict[str, str]:
    svg = chain_svg(m, facts, graph)
    match = re.search(r'<svg width="([\d.]+)pt"', svg)
    width = float(match.group(1)) * SCALE if match else 500.0
    return {"src": _data_url(svg), "width": f"{width:.0f}pt",
            "alt": " → ".join([facts[0].subject_label] + [f.object_label for f in facts])}


def _legend(m: Material, chains: list[list[Fact]]) -> list[dict[str, str]]:
    from kg.render.style import style_for, type_order

    tops = {m.concepts[c].top_type for chain in chains for f in chain
            for c in (f.subject, f.object)}
    labels = m.G.graph.get("class_labels", {})
    return [{"label": labels.get(t, t), "tint": style_for(t).tint,
             "border": style_for(t).border} for t in sorted(tops, key=type_order)]


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _quiz_rows(questions: list[Question]) -> list[dict[str, Any]]:
    """What the template shows of each question, with its answer key in letters."""
    rows = []
    for q in questions:
        row: dict[str, Any] = {"kind": q.kind, "prompt": q.prompt, "options": q.options,
                               "citations": q.citations, "order": q.order}
        if q.kind == "choice":
            row["key"] = f"{LETTERS[int(q.correct or 0)]}: {q.answer_text()}"
            row["options"] = [f"{LETTERS[i]}. {o}" for i, o in enumerate(q.options)]
        elif q.kind == "true_false":
            row["key"] = q.answer_text()
        elif q.kind == "matching":
            rights = sorted({b for _, b in q.pairs}, key=lambda b: stable_id(q.id, b))
            row["lefts"] = [a for a, _ in q.pairs]
            row["rights"] = rights
            row["key"] = ", ".join(f"{i}–{LETTERS[rights.index(b)]}"
                                   for i, (_, b) in enumerate(q.pairs, 1))
        else:
            shuffled = sorted(q.order, key=lambda x: stable_id(q.id, x))
            row["shuffled"] = shuffled
            row["key"] = ", ".join(LETTERS[shuffled.index(x)] for x in q.order) + \
                " (" + " → ".join(q.order) + ")"
        rows.append(row)
    return rows


def handout_html(graph: Graph, paper: str = "a4") -> str:
    """The handout page (self-contained HTML, no network requests)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    from kg.teach.material import material
    from kg.teach.quiz import questions

    if paper not in PAPERS:
        raise KGError(f"unknown paper size {paper!r}", hint="use one of: " + ", ".join(PAPERS))
    m = material(graph)
    drawn = [chain for chain in m.chains if len(chain) >= 2]
    chains = [{"first": chain[0].subject_label, "last": chain[-1].object_label, "facts": chain,
               "pictures": [_picture(m, row, graph) for row in _rows(chain)]}
              for chain in drawn]
    glossary = sorted((c for c in m.concepts.values() if c.definition),
                      key=lambda c: c.label.casefold())
    env = Environment(loader=PackageLoader("kg.teach", "templates"),
                      autoescape=select_autoescape(["html"]))
    template = env.get_template("handout.html")
    return template.render(title=f"{m.source_title} — teaching handout", source=m.source_title,
                           paper=PAPERS[paper], chains=chains, legend=_legend(m, drawn),
                           glossary=glossary,
                           questions=_quiz_rows(questions(m)))


def browser_path() -> str:
    """The Chromium to print with, or a :class:`KGError` saying how to install one."""
    wanted = os.environ.get("KG_CHROMIUM")
    found = wanted if wanted and Path(wanted).exists() else None
    for name in () if found else BROWSERS:
        found = shutil.which(name)
        if found:
            break
    if not found:
        raise KGError("no Chromium to print the PDF with",
                      hint="install it (apt-get install chromium), set KG_CHROMIUM, "
                           "or write the HTML instead: -o handout.html")
    return found


def html_to_pdf(page_html: str, paper: str = "a4") -> bytes:
    """Print ``page_html`` to PDF with headless Chromium (playwright's ``page.pdf()``)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise KGError("printing a PDF needs the playwright package",
                      hint="pip install 'kg[pdf]', or write the HTML instead: "
                           "-o handout.html") from None
    executable = browser_path()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort()
                           if not route.request.url.startswith(("data:", "about:"))
                           else route.continue_())
                page.set_content(page_html, wait_until="load")
                return page.pdf(format=PAPERS[paper], print_background=True,
                                prefer_css_page_size=True)
            finally:
                browser.close()
    except Error as exc:
        raise KGError(f"Chromium could not print the handout: {str(exc).splitlines()[0]}",
                      hint=f"check that {executable} starts headless") from None


def write_handout(graph: Graph, out: str | Path, paper: str = "a4") -> Path:
    """Write the handout to ``out``: PDF, or the HTML page when ``out`` ends in .html/.htm.
    Written whole or not at all (a temporary file renamed into place)."""
    from kg.build import write_files
    from kg.teach import check_output

    path = check_output(out, "handout")
    page = handout_html(graph, paper)
    if path.suffix.lower() in (".html", ".htm"):
        data = page.encode("utf-8")
    elif path.suffix.lower() == ".pdf":
        data = html_to_pdf(page, paper)
    else:
        raise KGError(f"cannot tell what to write from the name {path.name!r}",
                      hint="end it in .pdf (printed) or .html (the page)")
    write_files({path: data})
    return path
