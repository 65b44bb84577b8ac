"""Where the metagraph's boxes, arrows and labels go: text measures, geometry and the layout.

Part of :mod:`kg.render.metagraph` (which writes the SVG): boxes on an ellipse in the order
that crosses the fewest arrows, arrows routed around boxes, labels slid along them until they
overlap nothing. Pure Python (no Graphviz, no numpy), deterministic.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from itertools import combinations

from kg.render.metagraph_counts import Metagraph, TypeBox
from kg.render.style import style_for

TITLE_SIZE = 22
SUBTITLE_SIZE = 13
HEAD_SIZE = 16
SUB_SIZE = 12.5
LABEL_SIZE = 12.5
LINE = 1.3  # line height, in font sizes
PAD = 10


# ------------------------------------------------------------------ text measures

# Advance widths of DejaVu Sans (the first font of style.FONT) in ems, by character; close
# enough for Liberation Sans/Arial too. Unknown characters count as a lower-case letter.
_NARROW = dict.fromkeys("il.,:;'!|", 0.28) | dict.fromkeys("jfrt()[] -", 0.38)
_WIDE = dict.fromkeys("mw", 0.93) | dict.fromkeys("MW", 0.95)
_DIGIT = 0.64
_LOWER = 0.6
_UPPER = 0.72


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` at font ``size`` (bold is about 8 % wider)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += _NARROW[ch]
        elif ch in _WIDE:
            em += _WIDE[ch]
        elif ch.isdigit():
            em += _DIGIT
        elif ch.isupper():
            em += _UPPER
        else:
            em += _LOWER
    return em * size * (1.08 if bold else 1.0)


def _lower_first(label: str) -> str:
    """``Body region`` -> ``body region``; ``MRI scan`` stays (an abbreviation)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


# ------------------------------------------------------------------ geometry

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # left, top, right, bottom


class _Centered:
    """Something placed by its centre (``x``, ``y``) with a width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def rect(self) -> Rect:
        return (self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2)


@dataclass
class _Box(_Centered):
    node: TypeBox
    lines: list[str]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0


@dataclass
class _Label(_Centered):
    lines: list[tuple[str, int]]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0


def _make_box(node: TypeBox) -> _Box:
    items = [f"{_lower_first(label)} {n}" for label, n in node.subtypes]
    lines = textwrap.wrap(", ".join(items), 34) if items else []
    head = text_width(node.label, HEAD_SIZE, bold=True) + text_width(f"  {node.count}", HEAD_SIZE)
    width = max([head, *(text_width(line, SUB_SIZE) for line in lines)]) + 2 * PAD
    height = 2 * PAD + HEAD_SIZE * LINE + len(lines) * SUB_SIZE * LINE
    return _Box(node, lines, round(width, 1), round(height, 1))


def _make_label(rels: list[tuple[str, int]]) -> _Label:
    width = max(text_width(f"{rel} ", LABEL_SIZE) + text_width(str(n), LABEL_SIZE, bold=True)
                for rel, n in rels)
    return _Label(rels, width + 12, len(rels) * LABEL_SIZE * LINE + 6)


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _grow(r: Rect, by: float) -> Rect:
    return (r[0] - by, r[1] - by, r[2] + by, r[3] + by)


def _inside(p: Point, r: Rect) -> bool:
    return r[0] <= p[0] <= r[2] and r[1] <= p[1] <= r[3]


def _bezier(p0: Point, c: Point, p1: Point, t: float) -> Point:
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * c[0] + t * t * p1[0],
            u * u * p0[1] + 2 * u * t * c[1] + t * t * p1[1])


def _deriv(p0: Point, c: Point, p1: Point, t: float) -> Point:
    return (2 * ((1 - t) * (c[0] - p0[0]) + t * (p1[0] - c[0])),
            2 * ((1 - t) * (c[1] - p0[1]) + t * (p1[1] - c[1])))


def _tangent(p0: Point, c: Point, p1: Point, t: float) -> Point:
    return _unit(_deriv(p0, c, p1, t))


def _exit(p0: Point, c: Point, p1: Point, rect: Rect, from_start: bool) -> float:
    """The parameter where the curve leaves ``rect`` (from the start) or enters it (at the end),
    by bisection: the box holds one end of the curve."""
    lo, hi = (0.0, 1.0)
    for _ in range(30):
        mid = (lo + hi) / 2
        inside = _inside(_bezier(p0, c, p1, mid), rect)
        if inside == from_start:
            lo = mid
        else:
            hi = mid
    return lo if from_start else hi


def _ray_to_rect(centre: Point, d: Point, rect: Rect) -> Point:
    """Where a ray from the centre of ``rect`` in direction ``d`` leaves it."""
    half_w, half_h = (rect[2] - rect[0]) / 2, (rect[3] - rect[1]) / 2
    scale = min(half_w / abs(d[0]) if d[0] else math.inf, half_h / abs(d[1]) if d[1] else math.inf)
    return centre[0] + d[0] * scale, centre[1] + d[1] * scale


def _rotate(d: Point, angle: float) -> Point:
    ca, sa = math.cos(angle), math.sin(angle)
    return d[0] * ca - d[1] * sa, d[0] * sa + d[1] * ca


# ------------------------------------------------------------------ layout


def _order(names: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """Names around the ellipse: fewest crossing arrows, then shortest arrows.

    Hill climbing over swaps, from the colour table's order and from a few shuffles with a
    fixed seed (deterministic); the first name stays on top, as the rotation does not matter.
    """
    import random

    n = len(names)
    index = {name: i for i, name in enumerate(names)}
    chords = sorted({tuple(sorted((index[a], index[b]))) for a, b in pairs if a != b})
    disjoint = [(x, y) for x, y in combinations(range(len(chords)), 2)
                if len({*chords[x], *chords[y]}) == 4]

    def cost(order: list[int]) -> tuple[int, int]:
        pos = [0] * n
        for i, node in enumerate(order):
            pos[node] = i
        ends = [(min(pos[a], pos[b]), max(pos[a], pos[b])) for a, b in chords]
        crossings = 0
        for x, y in disjoint:
            lo, hi = ends[x]
            c, d = ends[y]
            crossings += (lo < c < hi) != (lo < d < hi)
        return crossings, sum(min(hi - lo, n - hi + lo) for lo, hi in ends)

    def climb(order: list[int]) -> tuple[tuple[int, int], list[int]]:
        best = cost(order)
        improved = True
        while improved:
            improved = False
            for i, j in combinations(range(1, n), 2):
                trial = list(order)
                trial[i], trial[j] = trial[j], trial[i]
                score = cost(trial)
                if score < best:
                    order, best, improved = trial, score, True
        return best, order

    rng = random.Random(7)
    starts = [list(range(n))]
    for _ in range(12 if n > 3 else 0):
        rest = list(range(1, n))
        rng.shuffle(rest)
        starts.append([0, *rest])
    _score, order = min(climb(start) for start in starts)
    return [names[i] for i in order]


def _place_boxes(boxes: list[_Box], rx: float = 360.0) -> None:
    """Boxes on an ellipse at least ``rx`` wide (half-width), grown until neighbours keep a
    clear gap."""
    n = len(boxes)
    if n == 1:
        return
    while True:
        ry = rx * 0.74
        for i, box in enumerate(boxes):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            box.x, box.y = rx * math.cos(angle), ry * math.sin(angle)
        if all(_overlap(_grow(a.rect, GAP), b.rect) == 0 for a, b in combinations(boxes, 2)):
            return
        rx += 20


@dataclass
class _Edge:
    a: str
    b: str
    label: _Label
    width: float
    color: str
    path: str = ""
    arrow: list[Point] = field(default_factory=list)


def _layout(meta: Metagraph) -> tuple[dict[str, _Box], list[_Edge]]:
    """Boxes and arrows; the ellipse is widened until no label covers a box or another label
    (or after a few tries, the layout with the least covered)."""
    order = _order([t.name for t in meta.types], list(meta.links))
    by_name = {t.name: t for t in meta.types}
    best: tuple[float, dict[str, _Box], list[_Edge]] | None = None
    for attempt in range(12):
        boxes = {name: _make_box(by_name[name]) for name in order}
        _place_boxes([boxes[name] for name in order], START_RX + 40.0 * attempt)
        edges = _route_all(meta, boxes)
        covered = _covered(boxes, edges)
        if best is None or covered < best[0]:
            best = (covered, boxes, edges)
        if covered == 0:
            break
    assert best is not None
    return best[1], best[2]


def _route_all(meta: Metagraph, boxes: dict[str, _Box]) -> list[_Edge]:
    obstacles = [_grow(b.rect, 6) for b in boxes.values()]
    edges: list[_Edge] = []
    placed: list[Rect] = []
    # self-loops first (their labels have one good place: outside), then the busiest arrows
    keys = sorted(meta.links, key=lambda k: (k[0] != k[1], -_total(meta.links[k]), k))
    for a, b in keys:
        rels = meta.links[(a, b)]
        edge = _Edge(a, b, _make_label(rels), round(1.0 + 0.8 * math.log2(1 + _total(rels)), 2),
                     style_for(a).border)
        if a == b:
            _route_loop(edge, boxes[a])
        else:
            _route(edge, boxes[a], boxes[b], (b, a) in meta.links, obstacles + placed)
        placed.append(_grow(edge.label.rect, 3))
        edges.append(edge)
    return edges


def _covered(boxes: dict[str, _Box], edges: list[_Edge]) -> float:
    """The area where labels cover boxes or each other."""
    labels = [e.label.rect for e in edges]
    area = sum(_overlap(label, box.rect) for label in labels for box in boxes.values())
    return area + sum(_overlap(a, b) for a, b in combinations(labels, 2))


def _total(rels: list[tuple[str, int]]) -> int:
    return sum(n for _rel, n in rels)


ARROW = 11.0
GAP = 80.0  # the least room between two boxes, for the arrows and their labels
START_RX = 360.0  # the smallest half-width of the ellipse the boxes sit on


def _route(edge: _Edge, src: _Box, dst: _Box, both_ways: bool, taken: list[Rect]) -> None:
    p0, p1 = (src.x, src.y), (dst.x, dst.y)
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    dist = math.hypot(dx, dy)
    bulge = 0.12 * dist if both_ways else 0.0
    c = ((p0[0] + p1[0]) / 2 - dy / dist * bulge, (p0[1] + p1[1]) / 2 + dx / dist * bulge)
    t0 = _exit(p0, c, p1, _grow(src.rect, 3), from_start=True)
    t1 = _exit(p0, c, p1, _grow(dst.rect, 3), from_start=False)
    tip = _bezier(p0, c, p1, t1)
    direction = _tangent(p0, c, p1, t1)
    # the line stops under the arrowhead
    t_end = t1 - ARROW * 0.8 / max(dist, 1.0)
    start, end = _bezier(p0, c, p1, t0), _bezier(p0, c, p1, t_end)
    d0 = _deriv(p0, c, p1, t0)  # the piece [t0, t_end] of a quadratic curve is one too
    ctrl = (start[0] + d0[0] * (t_end - t0) / 2, start[1] + d0[1] * (t_end - t0) / 2)
    edge.path = f"M{_f(start[0])},{_f(start[1])} Q{_f(ctrl[0])},{_f(ctrl[1])} " \
                f"{_f(end[0])},{_f(end[1])}"
    edge.arrow = _arrowhead(tip, direction)
    # the label: slide along the arrow (then sideways) to the first place that hides nothing
    label = edge.label
    normal = (-direction[1], direction[0])
    best: tuple[float, int, Point] | None = None
    candidates = [(t, 0.0) for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73)] + \
        [(t, side) for t in (0.5, 0.4, 0.6, 0.3, 0.7) for side in (1.0, -1.0)]
    for rank, (t, side) in enumerate(candidates):
        t = t0 + (t1 - t0) * t
        x, y = _bezier(p0, c, p1, t)
        shift = side * (abs(normal[0]) * label.w / 2 + abs(normal[1]) * label.h / 2 + 4)
        x, y = x + normal[0] * shift, y + normal[1] * shift
        rect = (x - label.w / 2, y - label.h / 2, x + label.w / 2, y + label.h / 2)
        score = sum(_overlap(rect, other) for other in taken)
        if best is None or score < best[0] - 1e-6:
            best = (score, rank, (x, y))
        if score == 0:
            break
    assert best is not None
    label.x, label.y = best[2]


def _route_loop(edge: _Edge, box: _Box) -> None:
    """A loop out of the side of the box that faces away from the middle of the picture."""
    norm = math.hypot(box.x, box.y)
    out = (box.x / norm, box.y / norm) if norm else (0.0, -1.0)
    left, top, right, bottom = _grow(box.rect, 3)
    apex = _ray_to_rect((box.x, box.y), out, (left, top, right, bottom))
    # the side the ray leaves by: its outward normal and the direction along it
    on_side = abs(apex[0] - left) < 0.5 or abs(apex[0] - right) < 0.5
    side = (1.0 if out[0] > 0 else -1.0, 0.0) if on_side else (0.0, 1.0 if out[1] > 0 else -1.0)
    along = (-side[1], side[0])
    # the loop's foot: where the ray leaves the box, kept clear of the corners
    room = (bottom - top if on_side else right - left) / 2 - 20
    if on_side:
        foot = (apex[0], box.y + max(-room, min(room, apex[1] - box.y)))
    else:
        foot = (box.x + max(-room, min(room, apex[0] - box.x)), apex[1])
    start, tip = _add(foot, along, -14), _add(foot, along, 14)
    reach = 58.0
    c1 = _add(_add(start, side, reach), along, -22)
    c2 = _add(_add(tip, side, reach), along, 22)
    direction = _unit((tip[0] - c2[0], tip[1] - c2[1]))
    end = _add(tip, direction, -ARROW * 0.8)
    edge.path = f"M{_f(start[0])},{_f(start[1])} C{_f(c1[0])},{_f(c1[1])} " \
                f"{_f(c2[0])},{_f(c2[1])} {_f(end[0])},{_f(end[1])}"
    edge.arrow = _arrowhead(tip, direction)
    # the label just beyond the loop's outermost point (3/4 of the control reach)
    label = edge.label
    extent = abs(side[0]) * label.w / 2 + abs(side[1]) * label.h / 2
    label.x, label.y = _add(foot, side, reach * 0.75 + extent + 6)


def _add(p: Point, d: Point, k: float) -> Point:
    return p[0] + d[0] * k, p[1] + d[1] * k


def _unit(d: Point) -> Point:
    n = math.hypot(*d) or 1.0
    return d[0] / n, d[1] / n


def _arrowhead(tip: Point, d: Point) -> list[Point]:
    back = _add(tip, d, -ARROW)
    normal = (-d[1], d[0])
    return [tip, _add(back, normal, ARROW * 0.42), _add(back, normal, -ARROW * 0.42)]


def _f(x: float) -> str:
    """A coordinate with one decimal (deterministic text; -0.0 printed as 0)."""
    text = f"{x:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")
