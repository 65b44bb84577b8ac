"""Node positions, computed once in Python so the page opens still (physics off, nothing jiggles).

A force-directed layout (Fruchterman–Reingold) with a fixed seed, then a pass that pushes apart
any two nodes whose *label boxes* overlap, so every label stays readable at any zoom. It is
written in plain Python with a spatial grid (repulsion only between nearby nodes), because
networkx's ``spring_layout`` needs numpy (and scipy past 500 nodes), which ``kg`` does not
otherwise depend on; with the grid it lays out 5,000 nodes in a few seconds.

Deterministic: the same graph and seed give the same positions (rounded to 0.1) on every machine,
so a rebuilt HTML file is byte-identical.

Nodes start grouped by type (each broad type in its own sector of a circle), so concepts of the
same kind tend to sit together, which helps a class read the picture.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence

Box = tuple[float, float, float, float]  # left, top, right, bottom around the node's position


def force_layout(
    nodes: Sequence[Hashable],
    edges: Iterable[tuple[Hashable, Hashable]],
    *,
    groups: Mapping[Hashable, str] | None = None,
    boxes: Mapping[Hashable, Box] | None = None,
    spacing: float = 140.0,
    aspect: float = 1.6,
    seed: int = 7,
    iterations: int | None = None,
    flipped: set[Hashable] | None = None,
) -> dict[Hashable, tuple[float, float]]:
    """Positions for ``nodes`` (canvas units: ``spacing`` is the ideal edge length).

    ``groups`` (node -> type) sets the starting sectors; ``boxes`` (node -> box around its
    position, covering shape and a label drawn below it) are kept from overlapping. Each
    connected piece is laid out on its own and the pieces are packed in rows, biggest first,
    towards a ``aspect``-wide rectangle. ``iterations`` defaults to fewer for bigger graphs.

    If a set is passed as ``flipped``, nodes whose relations mostly leave downwards (through
    where their label would be) get their label above instead: their box is turned upside
    down before overlaps are removed, and they are added to the set.
    """
    order = list(dict.fromkeys(nodes))
    n = len(order)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(order)}
    links = sorted({(index[u], index[v]) for u, v in edges
                    if u in index and v in index and u != v})
    all_boxes = [(boxes or {}).get(node, (-10.0, -10.0, 10.0, 10.0)) for node in order]
    if iterations is None:
        iterations = 250 if n <= 300 else 50 if n <= 1500 else 25
    rng = random.Random(seed)
    xs, ys = [0.0] * n, [0.0] * n
    pieces = []
    for members in _components(n, links):
        local = {i: m for m, i in enumerate(members)}
        sub_links = [(local[u], local[v]) for u, v in links if u in local]
        px, py = _start([order[i] for i in members], groups or {}, spacing, rng)
        if len(members) > 1:
            _fruchterman_reingold(px, py, sub_links, spacing, iterations,
                                  reach=2.0 if len(members) <= 300 else 1.5)
            for m in range(len(members)):  # widen towards the screen's shape
                px[m] *= math.sqrt(aspect)
                py[m] /= math.sqrt(aspect)
            if boxes:
                piece_boxes = [all_boxes[i] for i in members]
                _spread(px, py, piece_boxes, room=1.2 if len(members) <= 300 else 5.0)
                if flipped is not None:
                    for m in _labels_above(px, py, sub_links):
                        left, top, right, bottom = piece_boxes[m]
                        piece_boxes[m] = all_boxes[members[m]] = (left, -bottom, right, -top)
                        flipped.add(order[members[m]])
                # big graphs are read zoomed in, a part at a time: a few passes do
                _remove_overlaps(px, py, piece_boxes, aspect=aspect,
                                 passes=400 if len(members) <= 300 else
                                 15 if len(members) <= 2000 else 5)
        for m, i in enumerate(members):
            xs[i], ys[i] = px[m], py[m]
        pieces.append(members)
    _pack(pieces, xs, ys, all_boxes, aspect, gap=spacing / 2)
    cx = (min(xs) + max(xs)) / 2
    cy = (min(ys) + max(ys)) / 2
    return {node: (round(xs[i] - cx, 1), round(ys[i] - cy, 1)) for i, node in enumerate(order)}


def _components(n: int, links: list[tuple[int, int]]) -> list[list[int]]:
    """Connected pieces (lists of indexes), biggest first, ties by first index."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for u, v in links:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    pieces: dict[int, list[int]] = {}
    for i in range(n):
        pieces.setdefault(find(i), []).append(i)
    return sorted(pieces.values(), key=lambda p: (-len(p), p[0]))


def _pack(pieces: list[list[int]], xs: list[float], ys: list[float], boxes: list[Box],
          aspect: float, gap: float) -> None:
    """Move each piece (in place) so the pieces sit in rows, left to right, biggest first."""
    extents = []
    for members in pieces:
        left = min(xs[i] + boxes[i][0] for i in members)
        top = min(ys[i] + boxes[i][1] for i in members)
        right = max(xs[i] + boxes[i][2] for i in members)
        bottom = max(ys[i] + boxes[i][3] for i in members)
        extents.append((left, top, right - left, bottom - top))
    area = sum((w + gap) * (h + gap) for _, _, w, h in extents)
    row_width = max(max(w for _, _, w, _ in extents), math.sqrt(area * aspect))
    x = y = row_height = 0.0
    for members, (left, top, w, h) in zip(pieces, extents, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for i in members:
            xs[i] += x - left
            ys[i] += y - top
        x += w + gap
        row_height = max(row_height, h)


def _start(order: list[Hashable], groups: Mapping[Hashable, str], spacing: float,
           rng: random.Random) -> tuple[list[float], list[float]]:
    """Random positions inside a disc, each group in its own sector (seeded)."""
    n = len(order)
    names = sorted({groups.get(node, "") for node in order})
    sector = 2 * math.pi / len(names)
    slot = {name: i for i, name in enumerate(names)}
    radius = spacing * math.sqrt(n) * 0.9
    xs, ys = [0.0] * n, [0.0] * n
    for i, node in enumerate(order):
        angle = (slot[groups.get(node, "")] + rng.random()) * sector
        r = radius * math.sqrt(0.15 + 0.85 * rng.random())
        xs[i], ys[i] = r * math.cos(angle), r * math.sin(angle)
    return xs, ys


def _fruchterman_reingold(xs: list[float], ys: list[float], links: list[tuple[int, int]],
                          k: float, iterations: int, reach: float = 2.0) -> None:
    """Move the points in place: attraction d²/k along links, repulsion k²/d between points
    closer than ``reach``·k (found through a grid of such cells, each pair visited once), and a
    temperature that cools linearly. Used on one connected piece at a time (nothing holds
    separate pieces together)."""
    n = len(xs)
    cell = reach * k
    reach = cell * cell
    k2 = k * k
    temperature = k * math.sqrt(n) / 4
    cooling = temperature / (iterations + 1)
    forward = ((0, 1), (1, -1), (1, 0), (1, 1))  # with the cell itself: each pair of cells once
    for _ in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for (gx, gy), members in grid.items():
            others = [j for ox, oy in forward for j in grid.get((gx + ox, gy + oy), ())]
            for a, i in enumerate(members):
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in members[a + 1:] + others:
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 > reach:
                        continue
                    if d2 < 1e-6:  # same spot: nudge apart deterministically
                        ddx, ddy, d2 = 0.01, 0.01 * (1 + (i + j) % 7), 1e-4
                    f = k2 / d2
                    ddx *= f
                    ddy *= f
                    fx += ddx
                    fy += ddy
                    dx[j] -= ddx
                    dy[j] -= ddy
                dx[i] += fx
                dy[i] += fy
        for u, v in links:
            ddx, ddy = xs[u] - xs[v], ys[u] - ys[v]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
            f = d / k
            dx[u] -= ddx * f
            dy[u] -= ddy * f
            dx[v] += ddx * f
            dy[v] += ddy * f
        for i in range(n):
            fx, fy = dx[i], dy[i]
            d = math.sqrt(fx * fx + fy * fy)
            if d > 0:
                step = min(d, temperature) / d
                xs[i] += fx * step
                ys[i] += fy * step
        temperature -= cooling


def _labels_above(xs: list[float], ys: list[float], links: list[tuple[int, int]]) -> list[int]:
    """The points more of whose links leave downwards (within 45° of straight down, where a
    label below would be crossed) than upwards."""
    down = [0] * len(xs)
    up = [0] * len(xs)
    for u, v in links:
        for a, b in ((u, v), (v, u)):
            dx, dy = xs[b] - xs[a], ys[b] - ys[a]
            if abs(dx) < abs(dy):
                if dy > 0:
                    down[a] += 1
                else:
                    up[a] += 1
    return [i for i in range(len(xs)) if down[i] > up[i]]


def _spread(xs: list[float], ys: list[float], boxes: list[Box], room: float = 2.5) -> None:
    """Scale the points up (in place, about their centre) until their bounding rectangle has
    ``room`` times the area of their boxes: a dense layout then needs only local pushes."""
    need = room * sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes)
    have = (max(xs) - min(xs)) * (max(ys) - min(ys))
    if have <= 0 or have >= need:
        return
    factor = math.sqrt(need / have)
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    for i in range(len(xs)):
        xs[i] = cx + (xs[i] - cx) * factor
        ys[i] = cy + (ys[i] - cy) * factor


def _remove_overlaps(xs: list[float], ys: list[float], boxes: list[Box],
                     passes: int = 400, gap: float = 6.0, aspect: float = 1.0) -> None:
    """Push apart pairs of nodes whose boxes overlap, along the axis needing the smaller move
    (sideways moves count ``aspect`` times cheaper, keeping a wide screen filled), until none
    overlap (or ``passes`` run out). Grid-accelerated."""
    n = len(xs)
    # any two overlapping boxes have positions at most one cell apart
    width = max(b[2] for b in boxes) - min(b[0] for b in boxes) + gap
    height = max(b[3] for b in boxes) - min(b[1] for b in boxes) + gap
    for _ in range(passes):
        moved = False
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // width), int(ys[i] // height)), []).append(i)
        for i in range(n):
            gx, gy = int(xs[i] // width), int(ys[i] // height)
            li, ti, ri, bi = boxes[i]
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    for j in grid.get((gx + ox, gy + oy), ()):
                        if j <= i:
                            continue
                        lj, tj, rj, bj = boxes[j]
                        over_x = min(xs[i] + ri, xs[j] + rj) - max(xs[i] + li, xs[j] + lj) + gap
                        over_y = min(ys[i] + bi, ys[j] + bj) - max(ys[i] + ti, ys[j] + tj) + gap
                        if over_x <= 0 or over_y <= 0:
                            continue
                        moved = True
                        if over_x < over_y * aspect:
                            sign = 1.0 if (xs[i] + (li + ri) / 2) >= (xs[j] + (lj + rj) / 2) \
                                else -1.0
                            if xs[i] == xs[j]:
                                sign = 1.0 if i < j else -1.0
                            xs[i] += sign * over_x / 2
                            xs[j] -= sign * over_x / 2
                        else:
                            sign = 1.0 if (ys[i] + (ti + bi) / 2) >= (ys[j] + (tj + bj) / 2) \
                                else -1.0
                            if ys[i] == ys[j]:
                                sign = 1.0 if i < j else -1.0
                            ys[i] += sign * over_y / 2
                            ys[j] -= sign * over_y / 2
        if not moved:
            return


def overlaps(positions: Mapping[Hashable, tuple[float, float]],
             boxes: Mapping[Hashable, Box]) -> list[tuple[Hashable, Hashable]]:
    """Pairs of nodes whose boxes overlap (quadratic; for tests and small graphs)."""
    items = [(node, positions[node], boxes[node]) for node in positions]
    found = []
    for a in range(len(items)):
        na, (xa, ya), (la, ta, ra, ba) = items[a]
        for b in range(a + 1, len(items)):
            nb, (xb, yb), (lb, tb, rb, bb) = items[b]
            if (min(xa + ra, xb + rb) > max(xa + la, xb + lb)
                    and min(ya + ba, yb + bb) > max(ya + ta, yb + tb)):
                found.append((na, nb))
    return found
