"""The metagraph picture: counts computed from the graph, a readable pure-Python SVG, written by
`kg build`, and the committed docs/metagraph.svg kept equal to what the build writes."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest

from kg.render.metagraph import Metagraph, TypeBox, metagraph, metagraph_svg, write_metagraph

REPO = Path(__file__).resolve().parents[1]

SVG = "{http://www.w3.org/2000/svg}"
DOCS_COPY = REPO / "docs" / "metagraph.svg"
REGENERATE = "python -m kg.render.metagraph -o docs/metagraph.svg"


@pytest.fixture(scope="module")
def svg_text(graph, embedded) -> str:
    return metagraph_svg(graph, embedded.settings.title)


@pytest.fixture(scope="module")
def tree(svg_text) -> ET.Element:
    return ET.fromstring(svg_text.encode("utf-8"))


@pytest.fixture(scope="module")
def expected(graph, embedded) -> Counter:
    """(broad type of subject, relation label, broad type of object) -> triples, by SPARQL on
    the query engine (independent of the metagraph module's walk over the rdflib graph)."""
    import kg
    from kg.ontology import Ontology

    onto = Ontology.from_graph(graph)
    rows = kg.query("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?sc ?p ?oc (COUNT(*) AS ?n) WHERE {
          ?p a owl:ObjectProperty . ?s ?p ?o . ?s a ?sc . ?o a ?oc .
          ?sc a owl:Class . ?oc a owl:Class .
        } GROUP BY ?sc ?p ?oc""", embedded, engine="oxigraph")
    counts: Counter = Counter()
    for row in rows:
        local = [str(row[k]).rsplit("#", 1)[-1] for k in ("sc", "p", "oc")]
        key = (onto.top_class(local[0]), onto.labels.get(local[1], local[1]),
               onto.top_class(local[2]))
        counts[key] += int(row["n"])
    assert counts, "the query found no relations"
    return counts


def test_counts_match_the_graph(graph, expected):
    meta = metagraph(graph)
    got = Counter({(a, rel, b): n for (a, b), rels in meta.links.items() for rel, n in rels})
    assert got == expected
    assert sum(got.values()) == meta.relations
    from kg.graph import to_networkx

    G = to_networkx(graph)
    tops = Counter(data["top_type"] for _n, data in G.nodes(data=True))
    assert {t.name: t.count for t in meta.types} == dict(tops)
    assert meta.concepts == G.number_of_nodes()


def test_boxes_list_the_subtypes_in_use(graph):
    meta = metagraph(graph)
    by_name = {t.name: t for t in meta.types}
    for box in meta.types:
        assert sum(n for _label, n in box.subtypes) in (0, box.count), box
    anatomy = dict(by_name["AnatomicalStructure"].subtypes)
    assert anatomy["Muscle"] >= 1 and anatomy["Joint"] >= 1
    assert by_name["Condition"].subtypes == []  # no subclass of Condition is used


def test_svg_shows_every_type_and_every_count(tree, graph, expected):
    meta = metagraph(graph)
    boxes = {g.get("data-type"): int(g.get("data-count"))
             for g in tree.iter(f"{SVG}g") if g.get("class") == "type"}
    assert boxes == {t.name: t.count for t in meta.types}
    shown = Counter()
    for g in tree.iter(f"{SVG}g"):
        if g.get("class") != "relation":
            continue
        for text in g.iter(f"{SVG}text"):
            shown[(g.get("data-from"), text.get("data-relation"), g.get("data-to"))] += int(
                text.get("data-count"))
    assert shown == expected
    texts = "".join(tree.itertext())
    assert "Anatomical structure" in texts and "causes" in texts


def test_nothing_overlaps(tree):
    """Boxes and relation labels never cover each other (the picture stays readable)."""
    rects = []
    for g in tree.iter(f"{SVG}g"):
        if g.get("class") in ("type", "relation"):
            r = g.find(f"{SVG}rect")
            x, y = float(r.get("x")), float(r.get("y"))
            rects.append((g.get("data-type") or f"{g.get('data-from')}->{g.get('data-to')}",
                          (x, y, x + float(r.get("width")), y + float(r.get("height")))))
    assert len(rects) > 10
    for (name_a, a), (name_b, b) in combinations(rects, 2):
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        assert w <= 0 or h <= 0, f"{name_a} overlaps {name_b}"
    # everything inside the viewBox
    left, top, width, height = map(float, tree.get("viewBox").split())
    for name, (x0, y0, x1, y1) in rects:
        assert left <= x0 and x1 <= left + width and top <= y0 and y1 <= top + height, name


def test_deterministic_and_escaped(graph):
    assert metagraph_svg(graph, "T") == metagraph_svg(graph, "T")
    meta = Metagraph("A & <B>", [TypeBox("X", "<x> & y", 2, [("sub<1>", 2)]),
                                 TypeBox("Y", "Y", 1)],
                     {("X", "Y"): [("r&d", 1)], ("X", "X"): [("<self>", 2)]}, 3, 3, 2)
    text = metagraph_svg(meta)
    root = ET.fromstring(text)  # well-formed
    assert "<x> & y" in "".join(root.itertext())
    assert "<self>" not in text


def test_written_by_kg_build_and_docs_copy_is_current(run_kg, tmp_path, embedded):
    code, out, err = run_kg("build", build=tmp_path)
    assert code == 0, err
    built = tmp_path / "metagraph.svg"
    assert built.is_file() and "metagraph.svg" in err
    assert DOCS_COPY.read_text(encoding="utf-8") == built.read_text(encoding="utf-8"), (
        f"docs/metagraph.svg is stale: regenerate it with `{REGENERATE}`")


def test_write_is_atomic_and_makes_folders(graph, tmp_path):
    path = write_metagraph(graph, tmp_path / "a" / "b" / "m.svg", "T")
    assert path.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in path.parent.iterdir()] == ["m.svg"]  # no temporary left behind
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # readable like any other file


def test_needs_no_graphviz_or_numpy(tmp_path):
    """The main job runs with Python and pip only: drawing must not reach for dot or numpy."""
    code = (
        "import sys\n"
        "for m in ('graphviz', 'numpy', 'matplotlib', 'scipy'): sys.modules[m] = None\n"
        "import kg\n"
        "from kg.render.metagraph import metagraph_svg\n"
        f"g = kg.load(kg.Project(build_dir={str(tmp_path)!r}))\n"
        "assert metagraph_svg(g).startswith('<?xml')\n"
    )
    env_path = {"PATH": "/nonexistent"}  # no `dot` on PATH either
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env_path, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
