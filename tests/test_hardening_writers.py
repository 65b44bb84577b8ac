"""Issue 12, security 3: no label can add markup to what kg writes by hand (SVG, HTML, Mermaid,
SPARQL XML results).

One dataset (the mini fixture) gets the payloads below as its title, as concept labels and as
vocabulary labels (of a class and of a relation); a twin dataset gets harmless labels of the
same shape (each sign replaced by a letter). Every hand-written writer then draws both, and the
markup of the two outputs must be the same: the same elements with the same attribute names,
in the same order. A payload
that broke out of a text or an attribute would add an element or an attribute (``onload``,
``onerror``), and a URL attribute never starts with ``javascript:``.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kg
import kg.cli
from kg.config import Project

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "data"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "\"'><svg onload=alert(1)>", "javascript:alert(1)", "line\u2028sep\u2029para"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "{http://www.w3.org/1999/xlink}href",
                  "xlink:href"}
# where the payloads go: concept labels (curated), class and relation labels (vocabulary)
CONCEPTS = ["flood", "road", "levee", "erosion", "river"]
VOCAB = ['rdfs:label "Structure"', 'rdfs:label "damages"', 'rdfs:label "reduces"',
         'rdfs:label "Place"', 'rdfs:label "Event"']


def _dataset(root: Path, texts: list[str]) -> Project:
    data = root / "data"
    shutil.copytree(FIXTURE, data)
    curated = data / "curated" / "rivers.yaml"
    text = curated.read_text()
    for concept, label in zip(CONCEPTS, texts, strict=True):
        text = text.replace(f"    label: {concept}\n", f"    label: {json.dumps(label)}\n", 1)
    curated.write_text(text)
    vocab = data / "ontology" / "vocab.ttl"
    text = vocab.read_text()
    for old, label in zip(VOCAB, texts, strict=True):
        assert old in text
        text = text.replace(old, f"rdfs:label {json.dumps(label)}", 1)
    vocab.write_text(text)
    settings = data / "kg.yaml"
    settings.write_text(settings.read_text().replace(
        "title: Weather and rivers — test dataset", f"title: {json.dumps(' '.join(texts))}"))
    return Project(data, root / "build")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """(payload project and graph, harmless project and graph)."""
    hostile = _dataset(tmp_path_factory.mktemp("hostile"), PAYLOADS)
    # the same texts with every sign a letter: same lengths and spaces, so the same wrapping
    harmless = _dataset(tmp_path_factory.mktemp("harmless"),
                        [re.sub(r"[^\w\s]", "x", payload) for payload in PAYLOADS])
    return (hostile, kg.build(hostile)), (harmless, kg.build(harmless))


def test_the_payloads_are_in_the_graph(pair):
    (_project, graph), _ = pair
    text = " ".join(str(o) for _s, _p, o in graph)
    for payload in PAYLOADS:
        assert payload in text


# ------------------------------------------------------------------ markup comparison

def xml_shape(text: str) -> list[tuple[str, tuple[str, ...]]]:
    root = ET.fromstring(text.encode("utf-8"))
    shape = []
    for element in root.iter():
        _no_script_url(element.attrib)
        shape.append((element.tag, tuple(sorted(element.attrib))))
    return shape


class _Shape(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, tuple[str, ...]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        _no_script_url(dict(attrs))
        self.shape.append((tag, tuple(sorted(name for name, _v in attrs))))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self.shape.append(("/" + tag, ()))
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def html_shape(text: str) -> list[tuple[str, tuple[str, ...]]]:
    parser = _Shape()
    parser.feed(text)
    parser.close()
    for script in parser.scripts:  # data inlined in a script stays data
        assert "</script" not in script.lower() and "<!--" not in script
        assert "\u2028" not in script and "\u2029" not in script
    return parser.shape


def _no_script_url(attrs: dict) -> None:
    for name, value in attrs.items():
        if name in URL_ATTRIBUTES and value:
            assert not value.strip().lower().startswith("javascript:"), (name, value)


# ------------------------------------------------------------------ every writer

def test_metagraph_svg(pair):
    from kg.render.metagraph import metagraph_svg

    (hostile, graph), (harmless, plain) = pair
    bad = metagraph_svg(graph, hostile.settings.title)
    assert "&quot;&#39;&gt;&lt;svg onload" in bad  # the relation label, escaped
    assert xml_shape(bad) == xml_shape(metagraph_svg(plain, harmless.settings.title))


def test_metagraph_written_by_the_build(pair):
    (hostile, _graph), (harmless, _plain) = pair
    assert kg.cli.main(["--data", str(hostile.data_dir), "--build-dir", str(hostile.build_dir),
                        "-q", "build", "--no-validate"]) == 0
    assert kg.cli.main(["--data", str(harmless.data_dir), "--build-dir",
                        str(harmless.build_dir), "-q", "build", "--no-validate"]) == 0
    bad = (hostile.build_dir / "metagraph.svg").read_text()
    good = (harmless.build_dir / "metagraph.svg").read_text()
    assert xml_shape(bad) == xml_shape(good)
    assert html_shape((hostile.build_dir / "html" / "graph.html").read_text()) == \
        html_shape((harmless.build_dir / "html" / "graph.html").read_text())


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("options", [{}, {"focus": "heavy-rain"}])
def test_graphviz_svg(pair, options):
    from kg import render

    (hostile, graph), (harmless, plain) = pair
    bad = render.to_svg(graph, project=hostile, **options)
    good = render.to_svg(plain, project=harmless, **options)
    assert xml_shape(_no_doctype(bad)) == xml_shape(_no_doctype(good))


def _no_doctype(svg: str) -> str:
    return re.sub(r"<!DOCTYPE[^>]*>", "", svg)


def test_interactive_page(pair):
    from kg import render

    (hostile, graph), (harmless, plain) = pair
    bad = render.to_html(graph, project=hostile)
    assert html_shape(bad) == html_shape(render.to_html(plain, project=harmless))


def test_notebook_iframe(pair):
    from kg import render

    (hostile, graph), (harmless, plain) = pair
    bad = render.Notebook(render.to_html(graph, project=hostile))._repr_html_()
    good = render.Notebook(render.to_html(plain, project=harmless))._repr_html_()
    assert html_shape(bad) == html_shape(good)


def test_mermaid(pair):
    from kg import render

    (hostile, graph), (harmless, plain) = pair
    bad = render.to_mermaid(graph, project=hostile)
    good = render.to_mermaid(plain, project=harmless)
    assert len(bad.splitlines()) == len(good.splitlines())
    for raw in ("<script", "<img", "<svg", "\u2028", "\u2029"):
        assert raw not in bad
    # every label is one double-quoted string: as many quote characters as in the plain chart
    assert bad.count('"') == good.count('"')


def test_explain_html_page(pair, run_kg):
    (hostile, _graph), (harmless, _plain) = pair
    pages = []
    for project in (hostile, harmless):
        code, out, err = run_kg("explain", "heavy-rain", "road", "--format", "html",
                                data=project.data_dir, build=project.build_dir)
        assert code == 0, err
        pages.append(out)
    assert html_shape(pages[0]) == html_shape(pages[1])


def test_query_results_as_html_and_xml(pair):
    from kg.query import Rows, run
    from kg.query.formats import render as render_results

    (hostile, _graph), (harmless, _plain) = pair
    text = ("SELECT ?label WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
            "ORDER BY ?label")
    results = [run(text, project=project)[1] for project in (hostile, harmless)]
    html = [Rows(r.dicts(), r.variables)._repr_html_() for r in results]
    assert html_shape(html[0]) == html_shape(html[1])
    srx = [render_results(r, "srx") for r in results]
    assert xml_shape(srx[0]) == xml_shape(srx[1])
    values = {e.text for e in ET.fromstring(srx[0].encode()).iter() if e.tag.endswith("literal")}
    assert set(PAYLOADS) <= values  # the payloads come back as text, whole
