"""kg.render and `kg viz` without a browser: the page is self-contained and escaped, the layout
is stable and readable, subgraphs choose the right concepts, and SVG/PNG/Mermaid agree with the
page. The real-browser checks are in test_browser_viz.py."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from kg.errors import KGError

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "data"
XSS = "<img src=x onerror=alert(1)>"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` missing "
                               "(apt-get install graphviz; tests/system-deps.sh does it)")


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page,
                      re.DOTALL)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    """The rivers dataset with markup in a label, a synonym, a definition, a quote and the
    source's title: (data folder, build folder)."""
    root = tmp_path_factory.mktemp("nasty")
    data = root / "data"
    shutil.copytree(MINI, data)
    text = data / "sources" / "rivers.txt"
    text.write_text(text.read_text(encoding="utf-8")
                    + f"The {XSS} gauge </script><b>warns</b> of floods.\n", encoding="utf-8")
    meta = data / "sources" / "rivers.yaml"
    meta_content = yaml.safe_load(meta.read_text(encoding="utf-8"))
    meta_content["title"] = "Rivers </title><script>alert(3)</script>"
    meta.write_text(yaml.safe_dump(meta_content), encoding="utf-8")
    curated = data / "curated" / "rivers.yaml"
    content = yaml.safe_load(curated.read_text(encoding="utf-8"))
    content["concepts"].append({
        "id": "gauge", "label": XSS, "type": "Structure",
        "synonyms": ['"gauge" & co', "</script><script>alert(2)</script>"],
        "definition": "A <script>alert(4)</script> measuring post \u2028 with a line separator."})
    content["relations"].append({"subject": "gauge", "predicate": "reduces", "object": "flood",
                                 "quote": f"The {XSS} gauge </script><b>warns</b> of floods"})
    curated.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return data, root / "build"


@pytest.fixture(scope="module")
def nasty_graph(nasty):
    import kg
    from kg.config import Project

    data, build = nasty
    return kg.load(Project(data, build)), Project(data, build)


@pytest.fixture(scope="module")
def page(graph, embedded) -> str:
    from kg import render

    return render.to_html(graph, project=embedded)


# ------------------------------------------------------------------ the page

def test_page_is_one_file_with_no_outside_reference(page):
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert not re.search(r"(cdn|unpkg|jsdelivr|cdnjs|googleapis|bootstrap)", page, re.I)
    assert "@import" not in page and "url(" not in page.split("<script>")[0]
    assert "vis-network" in page and "@version 9.1.2" in page  # inlined from pyvis
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                  page).group(1))
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_page_scripts_match_their_csp_hashes(page):
    import base64
    import hashlib

    csp = html.unescape(re.search(r'content="(default-src[^"]+)"', page).group(1))
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    from kg.render.html import MODULES

    assert len(scripts) == 1 + len(MODULES)  # vis-network, then the page's own modules
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert digest in allowed


def test_page_data_has_every_concept_and_cited_relation(page, graph, embedded):
    import kg

    G = kg.to_networkx(graph)
    data = page_data(page)
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    assert data["title"] == embedded.settings.title
    assert data["citation"].startswith("Source: \u201c")
    fai = next(n for n in data["nodes"] if "FAI" in n["synonyms"])
    assert fai["typeLabel"] and fai["definition"] and fai["exact"]
    assert all(e["quote"] and e["sentence"] for e in data["edges"])
    assert {t["name"] for t in data["types"]} == {n["top"] for n in data["nodes"]}
    assert sum(t["count"] for t in data["types"]) == len(data["nodes"])


def test_every_text_is_escaped(nasty_graph):
    from kg import render

    graph, project = nasty_graph
    page = render.to_html(graph, project=project)
    from kg.render.html import MODULES

    # the data block, vis-network, our modules
    assert page.count("</script>") == 2 + len(MODULES)
    vis = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)[0]
    ours = page.replace(vis, "")  # vis-network's own code mentions <b> (its label markup)
    assert "<img" not in ours and "<b>" not in ours and "alert(3)</script>" not in ours
    assert page.count("</title>") == 1
    assert "Rivers &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in page  # citation
    data = page_data(page)
    gauge = next(n for n in data["nodes"] if n["id"] == "gauge")
    assert gauge["label"] == XSS  # the text itself survives, to be shown literally
    assert "</script><script>alert(2)</script>" in gauge["synonyms"]
    assert "\u2028" in gauge["definition"]
    quote = next(e["quote"] for e in data["edges"] if e["from"] == "gauge")
    assert quote == f"The {XSS} gauge </script><b>warns</b> of floods"


def test_viewer_script_never_writes_html():
    source = (REPO / "kg" / "render" / "templates" / "viewer.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(",
                         source.split("*/", 1)[1])


def test_script_json_cannot_close_its_element():
    from kg.render.html import script_json

    value = {"a": "</script><!-- <script> & \u2028\u2029", "b": [1, None, "é"]}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_unknown_types_get_distinct_colours_and_a_legend(nasty_graph):
    from kg import render

    graph, project = nasty_graph
    data = page_data(render.to_html(graph, project=project))
    colours = [t["color"] for t in data["types"]]
    assert {t["name"] for t in data["types"]} == {"Event", "Place", "Structure"}
    assert len(set(colours)) == len(colours)


# ------------------------------------------------------------------ layout

def test_layout_is_deterministic_and_labels_do_not_overlap(graph, embedded):
    from kg.render.layout import overlaps
    from kg.render.scene import make_scene, node_box

    one = make_scene(graph, project=embedded, layout="force")
    two = make_scene(graph, project=embedded, layout="force")
    positions = {n["id"]: (n["x"], n["y"]) for n in one.nodes}
    assert positions == {n["id"]: (n["x"], n["y"]) for n in two.nodes}
    boxes = {n["id"]: node_box(n) for n in one.nodes}
    assert overlaps(positions, boxes) == []
    assert any(n["above"] for n in one.nodes) and not all(n["above"] for n in one.nodes)
    other = make_scene(graph, project=embedded, seed=8, layout="force")
    assert positions != {n["id"]: (n["x"], n["y"]) for n in other.nodes}


def test_flow_layout_is_deterministic_and_nothing_overlaps(graph, embedded):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_layout",
                                                  REPO / "benchmarks" / "bench_layout.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from kg.render.scene import make_scene

    for options in ({}, {"focus": "FAI"}, {"focus": "low back pain"}, {"focus": "hip joint"},
                    {"path": ("femoroacetabular impingement", "low back pain")}):
        one = make_scene(graph, project=embedded, **options)
        two = make_scene(graph, project=embedded, **options)
        assert [(n["x"], n["y"]) for n in one.nodes] == [(n["x"], n["y"]) for n in two.nodes]
        assert [(e.get("lx"), e.get("ly")) for e in one.edges] == [
            (e.get("lx"), e.get("ly")) for e in two.edges]
        figures = bench.measure(one)
        assert figures["node overlaps"] == 0
        if options:  # focus and chain: every name clear of every shape and other name
            assert figures["label overlaps"] == 0, options


def test_chain_is_drawn_as_a_line_left_to_right(graph, embedded):
    from kg.render.scene import make_scene

    scene = make_scene(graph, project=embedded,  # a pair joined by one chain of two steps
                       path=("femoroacetabular impingement", "lumbar compensation"))
    marked = [e for e in scene.edges if e["mark"]]
    x = {n["id"]: n["x"] for n in scene.nodes}
    y = {n["id"]: n["y"] for n in scene.nodes}
    assert marked and all(x[e["from"]] < x[e["to"]] for e in marked)  # every step rightwards
    rows = [y[e["from"]] for e in marked] + [y[e["to"]] for e in marked]
    assert max(rows) - min(rows) < 5  # one row


def test_layout_handles_pieces_single_nodes_and_empty_graphs():
    from kg.render.layout import force_layout

    assert force_layout([], []) == {}
    assert force_layout(["a"], []) == {"a": (0.0, 0.0)}
    pos = force_layout(list("abcdef"), [("a", "b"), ("c", "d")],
                       boxes={n: (-20, -10, 20, 10) for n in "abcdef"})
    assert len(set(pos.values())) == 6  # nobody on top of anybody


def test_node_size_grows_with_degree(page):
    nodes = page_data(page)["nodes"]
    hub = max(nodes, key=lambda n: n["degree"])
    leaf = min(nodes, key=lambda n: n["degree"])
    assert hub["size"] > leaf["size"]


# ------------------------------------------------------------------ parts of the graph

def test_focus_takes_the_neighbourhood_through_the_shared_resolver(graph, embedded):
    from kg import explain
    from kg.render.scene import make_scene

    scene = make_scene(graph, project=embedded, focus="FAI", depth=1)
    G = explain.view(graph)
    expected = {"femoroacetabular-impingement"} | {
        n.id for n in explain.neighbors(G, "femoroacetabular-impingement")}
    assert {n["id"] for n in scene.nodes} == expected
    assert [n["id"] for n in scene.nodes if n["mark"]] == ["femoroacetabular-impingement"]
    assert "femoroacetabular impingement" in scene.subtitle
    wider = make_scene(graph, project=embedded, focus="FAI", depth=2)
    assert len(wider.nodes) > len(scene.nodes)


def test_path_marks_the_connecting_chains(graph, embedded):
    from kg.render.scene import make_scene

    scene = make_scene(graph, project=embedded, path=("hip OA", "low back pain"))
    ids = {n["id"] for n in scene.nodes}
    assert {"hip-osteoarthritis", "low-back-pain", "hip-stiffness"} <= ids
    marked = {(e["from"], e["to"]) for e in scene.edges if e["mark"]}
    assert ("hip-osteoarthritis", "low-back-pain") in marked
    assert {n["id"] for n in scene.nodes if n["mark"]} == {"hip-osteoarthritis",
                                                            "low-back-pain"}
    assert scene.subtitle.startswith("How \u201chip osteoarthritis\u201d leads to")


def test_types_keep_subtypes_and_combine_with_focus(graph, embedded):
    from kg.render.scene import make_scene

    scene = make_scene(graph, project=embedded, types="Condition,Treatment")
    assert {n["top"] for n in scene.nodes} == {"Condition", "Treatment"}
    assert "PhysicalTherapy" in {n["type"] for n in scene.nodes}
    near = make_scene(graph, project=embedded, focus="FAI", types=["Treatment"])
    assert {n["label"] for n in near.nodes} == {"hip arthroscopy"}


def test_query_draws_the_concepts_it_returns(graph, embedded):
    from kg.render.scene import make_scene

    scene = make_scene(graph, project=embedded, query="treatments-for",
                       params={"condition": "FAI"})
    labels = {n["label"] for n in scene.nodes}
    assert {"hip arthroscopy", "physical therapy"} <= labels
    assert any(e["mark"] for e in scene.edges)
    with pytest.raises(KGError, match="yes or no"):
        make_scene(graph, project=embedded, query="leads-to")


@pytest.mark.parametrize("options, message", [
    ({"focus": "hip osteoarthritus"}, "no concept named"),
    ({"types": "Conditon"}, "unknown type 'Conditon'"),
    ({"focus": "FAI", "path": ("a", "b")}, "choose one of"),
    ({"path": ("FAI", "FAI")}, "two different concepts"),
    ({"focus": "FAI", "types": "Drug"}, "nothing to draw"),
])
def test_selection_mistakes_are_kg_errors(graph, embedded, options, message):
    from kg.render.scene import make_scene

    with pytest.raises(KGError, match=message):
        make_scene(graph, project=embedded, **options)


def test_a_networkx_graph_can_be_drawn_directly(graph):
    import kg
    from kg import render

    G = kg.to_networkx(graph)
    data = page_data(render.to_html(G, focus="sciatica"))
    assert {n["id"] for n in data["nodes"]} >= {"sciatica", "pinched-nerve"}


# ------------------------------------------------------------------ pictures

@needs_dot
def test_svg_has_heading_citation_legend_and_escaped_labels(nasty_graph):
    from kg import render

    graph, project = nasty_graph
    svg = render.to_svg(graph, project=project)
    assert svg.lstrip().startswith(("<?xml", "<svg", "<!--"))
    text = html.unescape(" ".join(re.findall(r">([^<]*)</text>", svg)))
    assert project.settings.title in text
    assert "Source: \u201cRivers </title><script>alert(3)</script>\u201d" in text
    assert {"Event (4)", "Structure (3)", "Place (1)"} <= set(re.findall(r"\w+ \(\d+\)", text))
    assert XSS.replace(" ", "") in text.replace(" ", "")  # shown literally...
    assert "<img" not in svg and "<script" not in svg  # ...never as markup


@needs_dot
def test_small_pictures_flow_left_to_right_and_big_ones_keep_the_page_layout(graph,
                                                                              embedded):
    from kg.render import make_scene
    from kg.render.static import to_dot

    small = to_dot(make_scene(graph, project=embedded, focus="FAI"))
    assert small.engine == "dot" and "rankdir=LR" in small.source
    big = to_dot(make_scene(graph, project=embedded))
    assert big.engine == "neato" and big.source.count("!\"") >= 81


@needs_dot
def test_png_is_a_png(graph, embedded):
    from kg import render

    png = render.to_png(graph, project=embedded, focus="sciatica")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_missing_graphviz_is_a_clear_error(graph, embedded, monkeypatch):
    import kg.render.static as static
    from kg import render

    monkeypatch.setattr(static.shutil, "which", lambda name: None)
    with pytest.raises(KGError, match="Graphviz") as info:
        render.to_svg(graph, project=embedded, focus="FAI")
    assert "apt-get install graphviz" in str(info.value)


def test_mermaid_is_escaped_and_styled_like_the_page(nasty_graph):
    from kg import render
    from kg.render.mermaid import escape

    graph, project = nasty_graph
    text = render.to_mermaid(graph, project=project)
    assert "<img" not in text and "<script" not in text and "<b>" not in text
    assert '"#60;img src=x<br>onerror=alert(1)#62;"' in text  # wrapped, shown literally
    assert escape("</script><script>") == "#60;/script#62;#60;script#62;"
    lines = text.splitlines()
    assert lines[0] == "---" and "flowchart TB" in lines and "        direction LR" in lines
    assert sum(1 for line in lines if line.startswith("    classDef t_")) == 3
    edges = len(render.make_scene(graph, project=project).edges)
    assert sum(1 for line in lines if "-->" in line or "==>" in line) == edges == 8
    assert 'subgraph legend["Legend"]' in text
    # the legend is outside the flow: the flow's box closes before it opens
    assert lines.index('    subgraph legend["Legend"]') > lines.index('    subgraph kg_flow[" "]')
    assert lines.index("    end") < lines.index('    subgraph legend["Legend"]')
    assert "    kg_flow ~~~ legend" in lines


def test_mermaid_node_lines_are_well_formed(graph, embedded):
    from kg import render

    text = render.to_mermaid(graph, project=embedded, focus="FAI")
    node = re.compile(r'^        n\d+(\(\[|\{\{|\{|\[\[|\[/|\[\\|\(\(|\[|\()"[^"]*"'
                      r'(\]\)|\}\}|\}|\]\]|\\\]|/\]|\)\)|\]|\)):::t_\w+$')
    nodes = [line for line in text.splitlines() if re.match(r"^        n\d+[\[({]", line)]
    assert nodes and all(node.match(line) for line in nodes), nodes


# ------------------------------------------------------------------ files, notebook, CLI

def test_write_picks_the_format_from_the_suffix_and_refuses_unknown(graph, embedded,
                                                                    tmp_path):
    from kg import render

    target = render.write(tmp_path / "deep" / "g.mmd", graph, project=embedded, focus="FAI")
    assert target.read_text(encoding="utf-8").startswith("---\ntitle:")
    with pytest.raises(KGError, match="cannot tell the format"):
        render.write(tmp_path / "g.pdf", graph, project=embedded)
    assert not (tmp_path / "g.pdf").exists()


def test_build_page_goes_to_the_build_folder(graph, embedded):
    from kg import render

    target = render.write_build_html(embedded, graph)
    assert target == embedded.build_dir / "html" / "graph.html"
    assert len(page_data(target.read_text(encoding="utf-8"))["nodes"]) > 50


def test_notebook_display_embeds_the_page_in_a_sandboxed_iframe(graph, embedded):
    from kg import render

    shown = render.show(graph, project=embedded, focus="FAI", height=500)
    frame = shown._repr_html_()
    assert frame.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts' in frame
    assert "height:500px" in frame
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in srcdoc and html.unescape(srcdoc) == shown.page


def test_kg_viz_writes_the_default_page(run_kg, embedded):
    code, out, err = run_kg("viz")
    assert code == 0, err
    target = embedded.build_dir / "html" / "graph.html"
    assert f"wrote {target}" in err and "concepts" in err
    assert page_data(target.read_text(encoding="utf-8"))["nodes"]


def test_kg_viz_formats_and_parts(run_kg, tmp_path):
    code, out, err = run_kg("viz", "--focus", "FAI", "--format", "mermaid", "-o", "-")
    assert code == 0, err and out.startswith("---\ntitle:")
    assert "femoroacetabular<br>impingement" in out
    code, _, err = run_kg("viz", "--types", "Condition", "--types", "Symptom", "-o",
                          str(tmp_path / "cs.html"))
    assert code == 0, err
    tops = {n["top"] for n in page_data((tmp_path / "cs.html").read_text())["nodes"]}
    assert tops == {"Condition", "Symptom"}
    code, _, err = run_kg("viz", "--query", "treatments-for", "--param", "condition=FAI",
                          "-o", str(tmp_path / "q.mmd"))
    assert code == 0, err and "hip arthroscopy" in (tmp_path / "q.mmd").read_text()


@pytest.mark.parametrize("args, message", [
    (["--focus", "nothing-like-this"], "no concept named"),
    (["--format", "png", "-o", "-"], "PNG cannot be written to the terminal"),
    (["--query", "treatments-for", "--param", "oops"], "not NAME=VALUE"),
    (["-o", "graph.pdf"], "cannot tell the format"),
])
def test_kg_viz_mistakes_exit_2(run_kg, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_kg("viz", *args)
    assert code == 2 and message in err and out == ""
    assert list(tmp_path.iterdir()) == []


def test_kg_viz_help_documents_the_default_path(run_kg):
    code, out, _ = run_kg("viz", "--help")
    assert code == 0 and "build/html/graph.<ext>" in out


@pytest.mark.parametrize("name", ["kg.render.style", "kg.render.scene", "kg.render.html",
                                  "kg.render.mermaid", "kg.render.layout"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_inferred_relations_are_marked_and_drawn_dashed(graph, embedded):
    from kg.render.scene import make_scene
    from kg.render.static import to_dot

    scene = make_scene(graph, project=embedded, path=("prolonged sitting", "lumbar spine"))
    readings = {(e["from"], e["to"]): e["reading"] for e in scene.edges}
    # "The result" of sentence 11 is read from sentences 6-10; the other steps are stated
    assert readings[("anterior-pelvic-tilt", "poor-posture-and-movement-patterns")] == "inferred"
    assert readings[("prolonged-sitting", "hip-flexor-tightness")] == "stated"
    source = to_dot(scene).source
    dashed = [line for line in source.splitlines() if "style=dashed" in line]
    assert len(dashed) == sum(r == "inferred" for r in readings.values()) >= 1
    viewer = (Path(__file__).resolve().parents[1] / "kg/render/templates/viewer.js").read_text()
    assert 'dashes: e.reading === "inferred"' in viewer


def test_vendored_files_match_their_lock():
    """The explorer's vendored JS/WebAssembly are the hash-checked files of scripts/vendor.py."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(repo / "scripts" / "vendor.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_oxigraph_glue_becomes_a_classic_script():
    from kg.render.explorer import VENDOR, oxigraph_classic

    text = oxigraph_classic((VENDOR / "oxigraph-web.js").read_text(encoding="utf-8"))
    assert "import.meta" not in text and "\nexport " not in text
    assert "function initSync" in text and "class Store" in text
