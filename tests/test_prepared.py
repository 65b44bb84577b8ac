"""The release's prepared data (kg.prepared) says what the graph says; the read-only commands
read it without rdflib or networkx; kg.explain's own algorithms answer as networkx's."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.config import Project

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def prepared(embedded, graph):
    from kg.readonly import open_prepared

    return open_prepared(embedded)


@pytest.fixture(scope="module")
def nx_view(graph):
    from kg import explain

    return explain.view(graph)


# ------------------------------------------------------------------ the file against the graph

def test_the_release_lists_the_prepared_file(embedded, prepared):
    from kg.prepared import PREPARED_NAME

    manifest = json.loads((embedded.release_dir / "manifest.json").read_text())
    assert PREPARED_NAME in manifest["outputs"]
    assert prepared.graph is None  # read from the file, not prepared from a graph


def test_view_equals_the_networkx_view(prepared, nx_view):
    plain = prepared.view()
    assert list(plain.nodes(data=True)) == list(nx_view.nodes(data=True))
    assert plain.edges(data=True, keys=True) == list(nx_view.edges(data=True, keys=True))
    for node in nx_view:  # in- and out-edges in networkx's order too
        assert plain.in_edges(node, data=True) == list(nx_view.in_edges(node, data=True))
        assert plain.out_edges(node, data=True) == list(nx_view.out_edges(node, data=True))
    assert plain.graph == json.loads(json.dumps(nx_view.graph))


def test_cards_stats_kinds_and_names_equal_the_graphs(embedded, graph, prepared):
    from kg.inspect import card, kind_labels, kind_members, stats
    from kg.resolve import Resolver, concept_types
    from kg.xrefs import xref_labels

    labels = xref_labels(embedded.ontology_dir)
    types = concept_types(graph)
    assert len(prepared.data["cards"]) == len(types) > 50
    for iri in types:
        assert prepared.card(str(iri)) == card(graph, iri, embedded.settings.prefixes, labels)
    assert prepared.stats == stats(graph)
    kinds = kind_labels(graph)
    assert prepared.data["kinds"]["labels"] == kinds
    for cls in kinds:
        assert prepared.data["kinds"]["members"][cls] == kind_members(graph, cls)
    resolver, plain = Resolver(graph), prepared.resolver()
    for name in ["hip OA", "Hip Osteoarthritis", "low-back-pain", "sciatica", "lower back"]:
        assert plain.resolve(name) == str(resolver.resolve(name))
        assert plain.type_label(plain.resolve(name)) == resolver.type_label(resolver.resolve(name))
    for wrong in ["hip osteoarthritus", "zzzz", "back"]:
        with pytest.raises(Exception) as old:
            resolver.resolve(wrong)
        with pytest.raises(Exception) as new:
            plain.resolve(wrong)
        assert str(new.value) == str(old.value)


# ------------------------------------------------------------------ the walks on both views

def test_explain_answers_equal_on_both_views(prepared, nx_view):
    from kg import explain

    plain = prepared.view()
    nodes = list(nx_view)
    pairs = random.Random(20).sample([(a, b) for a in nodes for b in nodes if a != b], 300)
    pairs += [("hip-osteoarthritis", "low-back-pain"), ("hip", "lower-back")]
    for a, b in pairs:
        assert explain.how(plain, a, b).as_dict() == explain.how(nx_view, a, b).as_dict(), (a, b)
    for node in nodes:
        assert [n.as_dict() for n in explain.neighbors(plain, node, depth=2)] == \
            [n.as_dict() for n in explain.neighbors(nx_view, node, depth=2)]
    for a, b in pairs[:100]:
        assert [r.as_dict() for r in explain.compare(plain, a, b)] == \
            [r.as_dict() for r in explain.compare(nx_view, a, b)]
    for by in ("degree", "betweenness"):
        assert [h.as_dict() for h in explain.hubs(plain, 0, by=by)] == \
            [h.as_dict() for h in explain.hubs(nx_view, 0, by=by)]


def test_a_missing_node_is_node_not_found_on_both_views(prepared, nx_view):
    from kg import explain
    from kg.explain.plain import NodeNotFound

    with pytest.raises(NodeNotFound):
        explain.how(prepared.view(), "no-such-node", "hip")
    with pytest.raises(nx.NodeNotFound):
        explain.how(nx_view, "no-such-node", "hip")


@pytest.mark.parametrize("seed", range(12))
def test_algorithms_equal_networkx_on_random_graphs(seed):
    from kg.explain.plain import betweenness, shortest_paths, simple_paths, undirected

    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(3, 14))]
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(2, 40))]
    H = nx.DiGraph()
    H.add_nodes_from(nodes)
    H.add_edges_from(pairs)
    succ = {u: dict.fromkeys(H[u]) for u in H}
    U = nx.Graph()
    U.add_nodes_from(nodes)
    U.add_edges_from((u, v) for u, v in pairs if u != v)
    adj = undirected(nodes, ((u, v) for u, v in pairs if u != v))
    assert {n: list(a) for n, a in adj.items()} == {n: list(U[n]) for n in U}
    for a in nodes:
        for b in nodes:
            if a == b:
                continue
            for cutoff in (1, 3, 6):
                assert list(simple_paths(succ, a, b, cutoff)) == \
                    list(nx.all_simple_paths(H, a, b, cutoff=cutoff))
            try:
                expected = list(nx.all_shortest_paths(U, a, b))
            except nx.NetworkXNoPath:
                expected = None
            assert shortest_paths(adj, a, b) == expected
    assert betweenness(adj) == nx.betweenness_centrality(U, normalized=True)


# ------------------------------------------------------------------ the commands

COMMANDS = [
    ["show", "hip osteoarthritis"], ["show", "surgery", "--format", "json"], ["stats"],
    ["explain", "hip osteoarthritis", "low back pain"], ["neighbors", "hip", "--depth", "2"],
    ["compare", "hip osteoarthritis", "low back pain"], ["hubs", "--by", "betweenness"],
    ["search", "pain"], ["show", "hip osteoarthritus"],  # an error, from the prepared names
]

_PROBE = """
import contextlib, io, sys
from kg.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
heavy = sorted(m for m in ("rdflib", "networkx", "pyshacl", "pyvis") if m in sys.modules)
print(code, " ".join(heavy) or "-")
"""


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_read_only_commands_import_neither_rdflib_nor_networkx(embedded, prepared, command):
    args = ["--data", str(embedded.data_dir), "--build-dir", str(embedded.build_dir), *command]
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, timeout=120, cwd=REPO)
    code, heavy = done.stdout.split()
    assert heavy == "-", done.stderr
    assert int(code) == (2 if "hip osteoarthritus" in command else 0)


def test_explain_html_still_draws_from_the_graph(run_kg, tmp_path):
    code, _, _ = run_kg("explain", "hip osteoarthritis", "low back pain", "--format", "html",
                        "-o", str(tmp_path / "chains.html"))
    assert code == 0 and "<html" in (tmp_path / "chains.html").read_text()


@pytest.fixture
def copy(tmp_path: Path) -> Project:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return Project(tmp_path / "data", tmp_path / "build")


def test_a_stale_release_is_rebuilt_and_the_command_shows_the_edit(copy, run_kg):
    args = dict(data=copy.data_dir, build=copy.build_dir)
    assert run_kg("build", "-q", **args)[0] == 0
    code, out, _ = run_kg("show", "hip osteoarthritis", **args)
    assert code == 0 and "zz edited" not in out
    curated = next(copy.curated_dir.glob("*.yaml"))
    text = curated.read_text(encoding="utf-8")
    old = "synonyms: [osteoarthritis of the hip, hip OA]"
    assert old in text
    curated.write_text(text.replace(old, old[:-1] + ", zz edited]"), encoding="utf-8")
    code, out, err = run_kg("show", "zz edited", **args)
    assert code == 0, err
    assert out.startswith("hip osteoarthritis") and "building it first" in err


def test_a_damaged_prepared_file_is_rebuilt(copy, run_kg):
    from kg.prepared import PREPARED_NAME

    args = dict(data=copy.data_dir, build=copy.build_dir)
    assert run_kg("build", "-q", **args)[0] == 0
    good = run_kg("stats", **args)[1]
    (copy.release_dir / PREPARED_NAME).write_text("{}", encoding="utf-8")
    code, out, err = run_kg("stats", **args)
    assert code == 0 and out == good and "building it first" in err
    assert json.loads((copy.release_dir / PREPARED_NAME).read_text())["version"] >= 1


def test_a_read_only_build_folder_still_answers(copy, run_kg, monkeypatch):
    """The rebuilt release cannot be written: the data is prepared in memory from the graph."""
    import kg.build

    args = dict(data=copy.data_dir, build=copy.build_dir)
    assert run_kg("build", "-q", **args)[0] == 0
    good = run_kg("hubs", "--format", "json", **args)[1]
    (copy.release_dir / "manifest.json").unlink()

    def refuse(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(kg.build, "write_release", refuse)
    with pytest.warns(UserWarning, match="could not write the release"):
        code, out, _ = run_kg("hubs", "--format", "json", **args)
    assert code == 0 and out == good
