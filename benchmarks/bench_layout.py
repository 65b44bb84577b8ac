"""How readable the layouts are: ``python benchmarks/bench_layout.py [--sizes 1000,5000]``.

For the embedded article's whole graph, a focus view and a chain view, in the causal-flow and
the force layout, it prints (from the Scene's positions, as the page draws them):

- label overlaps: pairs of boxes that overlap among node boxes (shape and name) and relation
  names (on their plates), not counting a name touching its own arrow's ends;
- node overlaps: pairs of node boxes that overlap;
- edge crossings: pairs of straight arrows that cross (not sharing an end);
- smallest label: the smaller of the node-name and relation-name font, in pixels, when the
  drawing (all boxes and names) is fit into a 1280×720 view;
- time: making the Scene (selection and layout) in Python.

``flow`` orders the columns with Graphviz ``dot`` where it is installed; ``flow-py`` is the
pure-Python fallback used without it.

Then the layout time of synthetic graphs (``--sizes``, benchmarks/bench_viz.py's generator).
Prints figures only: no targets enforced (see docs/pictures.md for the figures).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

VIEW = (1280, 720)


def measure(scene) -> dict[str, float]:
    """Overlaps, crossings and smallest label size of a laid-out Scene."""
    from kg.render.scene import EDGE_FONT, FONT_SIZE, edge_label_size, node_box

    pos = {n["id"]: (n["x"], n["y"]) for n in scene.nodes}
    boxes = []
    for n in scene.nodes:
        left, top, right, bottom = node_box(n)
        boxes.append(("node", n["id"], (n["x"] + left, n["y"] + top, n["x"] + right,
                                        n["y"] + bottom)))
    for i, e in enumerate(scene.edges):
        w, h = edge_label_size(e["label"])
        if not w:
            continue
        if "lx" in e:
            cx, cy = e["lx"], e["ly"]
        else:  # the page's default: the middle of the arrow
            (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
            cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        boxes.append(("edge", i, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)))
    label_overlaps = node_overlaps = 0
    for a in range(len(boxes)):
        ka, ia, ba = boxes[a]
        for b in range(a + 1, len(boxes)):
            kb, ib, bb = boxes[b]
            if min(ba[2], bb[2]) - max(ba[0], bb[0]) > 0.5 and \
                    min(ba[3], bb[3]) - max(ba[1], bb[1]) > 0.5:
                if ka == kb == "node":
                    node_overlaps += 1
                label_overlaps += 1
    segments = [(e["from"], e["to"], pos[e["from"]], pos[e["to"]]) for e in scene.edges]
    crossings = 0
    for a in range(len(segments)):
        ua, va, pa, qa = segments[a]
        for b in range(a + 1, len(segments)):
            ub, vb, pb, qb = segments[b]
            if {ua, va} & {ub, vb}:
                continue
            if _cross(pa, qa, pb, qb):
                crossings += 1
    left = min(b[2][0] for b in boxes)
    top = min(b[2][1] for b in boxes)
    right = max(b[2][2] for b in boxes)
    bottom = max(b[2][3] for b in boxes)
    scale = min(VIEW[0] / (right - left), VIEW[1] / (bottom - top))
    return {"label overlaps": label_overlaps, "node overlaps": node_overlaps,
            "edge crossings": crossings,
            "smallest label px": round(min(FONT_SIZE, EDGE_FONT) * scale, 1)}


def _cross(p1, p2, p3, p4) -> bool:
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 1e-9) - (v < -1e-9)
    return (orient(p1, p2, p3) * orient(p1, p2, p4) < 0
            and orient(p3, p4, p1) * orient(p3, p4, p2) < 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--focus", default=None, help="concept of the focus view "
                        "(default: the one of the screenshots)")
    parser.add_argument("--path", nargs=2, default=None, help="two ends of the chain view "
                        "(default: the screenshots' chain)")
    args = parser.parse_args()

    import kg
    from kg.render.scene import make_scene, scene_from_selection
    from kg.render.select import Selection

    graph = kg.load()
    focus = args.focus or "femoroacetabular impingement"
    path = args.path or ["femoroacetabular impingement", "low back pain"]
    views = {"whole graph": {}, f"focus {focus!r}": {"focus": focus},
             f"chain {path[0]!r} -> {path[1]!r}": {"path": tuple(path)}}
    print(f"{'view':44} {'layout':7} {'label ov':>8} {'node ov':>7} {'cross':>6} "
          f"{'min px':>6} {'time s':>7}")
    from kg.render import flow

    make_scene(graph, layout="force")  # warm: imports and the first networkx view
    for name, options in views.items():
        for layout in ("flow", "flow-py", "force"):
            # flow-py: the pure-Python fallback, as on a machine without Graphviz's dot
            limit = flow.DOT_LIMIT
            flow.DOT_LIMIT = -1 if layout == "flow-py" else limit
            start = time.perf_counter()
            scene = make_scene(graph, layout=layout.split("-")[0], **options)
            seconds = time.perf_counter() - start
            flow.DOT_LIMIT = limit
            m = measure(scene)
            print(f"{name[:44]:44} {layout:7} {m['label overlaps']:8} {m['node overlaps']:7} "
                  f"{m['edge crossings']:6} {m['smallest label px']:6} {seconds:7.2f}")
    from benchmarks.bench_viz import synthetic_graph

    for size in [int(s) for s in args.sizes.split(",") if s]:
        G2 = synthetic_graph(size)
        for layout in ("flow", "force"):
            start = time.perf_counter()
            scene_from_selection(G2, Selection(set(G2.nodes)), layout=layout)
            print(f"synthetic {size:,} concepts: {layout} scene (layout included) "
                  f"{time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
