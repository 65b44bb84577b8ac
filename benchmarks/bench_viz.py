"""How the graph page scales: ``python benchmarks/bench_viz.py [--sizes 100,1000,5000]``.

Builds synthetic graphs shaped like a curated one (the broad types in the embedded dataset's
proportions, labels of two to five words, synonyms, definitions, one to two cited relations per
concept attached preferentially to well-connected ones, so there are hubs) straight in networkx,
and measures for each size:

- generation: layout and HTML rendering time in Python (``kg.render``), and the file's size;
- time to interactive: opening the file in headless Chromium (Debian's, through playwright, with
  every non-file request blocked) until the page has drawn the graph and wired its controls
  (``window.kgReady``, set after vis-network's first drawing), measured by the page itself from
  the start of navigation; the median of ``--runs`` loads;
- then, how it feels: selecting the biggest hub (panel and neighbourhood highlight) until the
  graph is drawn again, and one redraw of the whole graph (what a drag or zoom costs per frame).

Side by side, the same graphs drawn by plain pyvis (default physics, ``cdn_resources=
"in_line"``), loaded interleaved with ours: its first drawing and the end of its physics
stabilisation (when the picture stops moving), and the ratio to ours. Then the page's own
performance marks (``performance.mark`` in the page's start-up), to see where the time goes.

Targets (issue 4): 1,000 nodes interactive in under 3 s, 5,000 in under 10 s. Exits 1 if a
target is missed. Needs no network and never downloads a browser.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGETS = {1000: 3.0, 5000: 10.0}  # seconds to interactive
# broad type -> share of concepts (roughly the embedded dataset's)
TYPES = {"AnatomicalStructure": 32, "Mechanism": 18, "Symptom": 13, "Condition": 12,
         "Treatment": 10, "DiagnosticProcedure": 5, "RiskFactor": 5, "Function": 4, "Drug": 1}
PREDICATES = [("causes", "causes"), ("contributesTo", "contributes to"),
              ("affects", "affects"), ("locatedIn", "located in"), ("treats", "treats"),
              ("involves", "involves"), ("strains", "strains"), ("impairs", "impairs")]
WORDS = ("hip knee lumbar spine joint muscle nerve pain stiffness gait posture flexion chronic "
         "acute lateral anterior posterior tissue cartilage bursa strain tension pressure load "
         "weakness tightness injection therapy exercise imaging movement pelvic sacral").split()


def synthetic_graph(n: int, seed: int = 1):
    """A MultiDiGraph of ``n`` concepts with the attributes of :func:`kg.graph.to_networkx`."""
    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    names = list(TYPES)
    weights = list(TYPES.values())
    ends: list[str] = []  # one entry per edge end: picking from it favours hubs
    for i in range(n):
        top = rng.choices(names, weights)[0]
        words = rng.sample(WORDS, rng.randint(2, 5))
        label = f"{' '.join(words)} {i}"
        node = f"c{i}"
        G.add_node(node, iri=f"https://example.org/bench/concept/{node}", label=label,
                   type=top, top_type=top, synonyms=[f"{words[0]} {i}"],
                   definition=" ".join(rng.choices(WORDS, k=14)).capitalize() + ".")
        for _ in range(rng.choice((1, 1, 2)) if i else 0):
            other = rng.choice(ends) if ends and rng.random() < 0.7 else f"c{rng.randrange(i)}"
            predicate, plabel = rng.choice(PREDICATES)
            u, v = (node, other) if rng.random() < 0.5 else (other, node)
            key = f"{u}--{predicate}--{v}"
            if G.has_edge(u, v, key):
                continue
            sentence = rng.randint(1, 400)
            G.add_edge(u, v, key=key, predicate=predicate, label=plabel,
                       quote=f"{G.nodes[u]['label']} {plabel} {G.nodes[v]['label']}",
                       sentence=sentence, section="Section", source="bench", note=None,
                       statement=f"https://example.org/bench/statement/{key}")
            ends += [u, v]
    return G


def generate(n: int, folder: Path) -> dict:
    """Lay out and render the page of an ``n``-concept graph; times in seconds."""
    from kg.render.html import render_page, vis_network_js
    from kg.render.scene import make_scene

    vis_network_js()  # read the library once, outside the timing
    G = synthetic_graph(n)
    start = time.perf_counter()
    scene = make_scene(G, title=f"Synthetic graph of {n:,} concepts")
    laid_out = time.perf_counter()
    page = render_page(scene)
    done = time.perf_counter()
    path = folder / f"graph-{n}.html"
    path.write_text(page, encoding="utf-8")
    return {"n": n, "edges": G.number_of_edges(), "layout": laid_out - start,
            "html": done - laid_out, "bytes": path.stat().st_size, "path": path}


RESPONSE = """() => new Promise(resolve => {
    // select the biggest hub as a click would (panel, neighbourhood highlight), until drawn
    const kg = window.kg, hub = kg.data.nodes.reduce((a, b) => b.degree > a.degree ? b : a);
    const start = performance.now();
    kg.network.once("afterDrawing", () => resolve(performance.now() - start));
    kg.select(hub.id);
})"""
REDRAW = """() => new Promise(resolve => {
    const network = window.kg.network;
    network.fit({animation: false});
    network.once("afterDrawing", () => {
        const start = performance.now();
        network.once("afterDrawing", () => resolve(performance.now() - start));
        network.redraw();
    });
})"""


def time_to_interactive(browser, path: Path, runs: int) -> dict:
    """Medians of: seconds from navigation start to ``kgReady``, wall seconds, the response
    to selecting the biggest hub and one redraw of the whole graph (milliseconds)."""
    loads = [load_ours(browser, path) for _ in range(runs)]
    return _medians(loads)


def _medians(loads: list[dict]) -> dict:
    return {key: statistics.median(load[key] for load in loads) for key in loads[0]}


def _page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.route("**/*", lambda route: route.continue_()
               if route.request.url.startswith("file:")
               else (outside.append(route.request.url), route.abort()))
    return context, page, outside


def load_ours(browser, path: Path) -> dict:
    """One load of our page: seconds to ``kgReady`` (page clock) and wall, then the hub
    selection and one redraw (ms)."""
    context, page, outside = _page(browser)
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    wall = time.perf_counter() - start
    ready = page.evaluate("window.kgReadyAt") / 1000
    drawn = page.evaluate("window.kg.network.body.nodeIndices.length")
    marks = page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('mark')
        .map(m => [m.name, m.startTime]))""")
    redraw = page.evaluate(REDRAW)
    select = page.evaluate(RESPONSE)
    context.close()
    if outside:
        raise SystemExit(f"{path.name} made outside requests: {outside[:3]}")
    if drawn != int(path.stem.split("-")[1]):
        raise SystemExit(f"{path.name}: {drawn} nodes drawn")
    return {"ready": ready, "wall": wall, "select": select, "redraw": redraw,
            **{f"mark {k}": v for k, v in marks.items()}}


def pyvis_page(G, path: Path) -> dict:
    """Plain pyvis on the same graph: default physics, resources in line (its template still
    links vis-network's CSS and bootstrap from CDNs: those requests are blocked, as offline)."""
    from pyvis.network import Network

    start = time.perf_counter()
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    for node, data in G.nodes(data=True):
        net.add_node(node, label=data["label"], title=data.get("definition") or data["label"])
    for u, v, data in G.edges(data=True):
        net.add_edge(u, v, label=data["label"], title=data["quote"])
    path.write_text(net.generate_html(), encoding="utf-8")
    return {"pyvis html": time.perf_counter() - start, "pyvis bytes": path.stat().st_size}


#: watches pyvis's global ``network`` being set, for its first drawing and its settling
PYVIS_WATCH = """(() => {
    window.__pyvis = {};
    let net;
    Object.defineProperty(window, "network", {configurable: true, get: () => net, set: v => {
        net = v;
        if (!v || !v.once) return;
        v.once("afterDrawing", () => { window.__pyvis.drawn = performance.now(); });
        v.once("stabilizationIterationsDone", () => {
            window.__pyvis.stable = performance.now(); });
    }});
})();"""


def load_pyvis(browser, path: Path) -> dict:
    """One load of the pyvis page: seconds from navigation start to its first drawing and to
    the end of its physics stabilisation (when the drawing stops moving: interactive)."""
    context, page, _outside = _page(browser)
    page.add_init_script(PYVIS_WATCH)
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function("window.__pyvis && window.__pyvis.stable !== undefined "
                           "&& window.__pyvis.drawn !== undefined", timeout=600_000,
                           polling=100)
    got = page.evaluate("window.__pyvis")
    context.close()
    return {"pyvis first drawing": got["drawn"] / 1000, "pyvis ready": got["stable"] / 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="comma-separated numbers of concepts (default: 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (median)")
    parser.add_argument("--no-pyvis", action="store_true",
                        help="skip the side-by-side loads of plain pyvis")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for n in sizes:
                row = generate(n, Path(tmp))
                pyvis_path = Path(tmp) / f"pyvis-{n}.html"
                if not args.no_pyvis:
                    row.update(pyvis_page(synthetic_graph(n), pyvis_path))
                ours, theirs = [], []
                for _ in range(args.runs):  # interleaved: the machine's load hits both alike
                    ours.append(load_ours(browser, row["path"]))
                    if not args.no_pyvis:
                        theirs.append(load_pyvis(browser, pyvis_path))
                row.update(_medians(ours))
                if theirs:
                    row.update(_medians(theirs))
                rows.append(row)
                print(f"  {n:,} concepts done", file=sys.stderr, flush=True)
        finally:
            browser.close()

    header = ("| concepts | relations | layout (s) | HTML (s) | file size | "
              "time to interactive (s) | target | select a hub (ms) | redraw (ms) |")
    print(header)
    print("|" + "---|" * 9)
    failed = False
    for row in rows:
        target = TARGETS.get(row["n"])
        ok = target is None or row["ready"] < target
        failed |= not ok
        verdict = "" if target is None else f"< {target:g} s {'ok' if ok else 'MISSED'}"
        print(f"| {row['n']:,} | {row['edges']:,} | {row['layout']:.2f} | {row['html']:.2f} | "
              f"{row['bytes'] / 1e6:.2f} MB | {row['ready']:.2f} (wall {row['wall']:.2f}) | "
              f"{verdict} | {row['select']:.0f} | {row['redraw']:.0f} |")
    if any("pyvis ready" in row for row in rows):
        print("\nSide by side with plain pyvis (default physics, in-line resources), medians "
              "of interleaved loads:\n")
        print("| concepts | ours: interactive (s) | pyvis: first drawing (s) | "
              "pyvis: settled (s) | pyvis / ours | pyvis file |")
        print("|" + "---|" * 6)
        for row in rows:
            print(f"| {row['n']:,} | {row['ready']:.2f} | {row['pyvis first drawing']:.2f} | "
                  f"{row['pyvis ready']:.2f} | {row['pyvis ready'] / row['ready']:.1f}x | "
                  f"{row['pyvis bytes'] / 1e6:.2f} MB |")
    print("\nPage start, performance marks (ms from navigation start, medians):\n")
    for row in rows:
        marks = sorted((v, k[5:]) for k, v in row.items() if k.startswith("mark "))
        print(f"- {row['n']:,}: " + ", ".join(f"{name} {at:.0f}" for at, name in marks))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
