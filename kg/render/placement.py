"""Where a relation's name goes: on its arrow, at a point no shape and no other name covers.

Used by the causal-flow layout (:mod:`kg.render.flow`), which knows its columns: the first
candidates are the middles of the gaps between columns the arrow crosses (names between
columns, never on a column of shapes), then points along the arrow, nudged up and down (or
sideways, beside a steep arrow). Greedy, longest names first, with a grid of the boxes placed
so far; when no point is free, the one with the least overlap.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

Box = tuple[float, float, float, float]  # left, top, right, bottom


def place_labels(links: list[tuple[int, Hashable, Hashable, str]],
                  positions: Mapping[Hashable, tuple[float, float]],
                  column: Mapping[Hashable, int], xs: list[float],
                  boxes: Mapping[Hashable, Box], sizes: Mapping[int, tuple[float, float]]
                  ) -> dict[int, tuple[float, float]]:
    """Each relation's name at a point of its arrow that no node box or placed name covers
    (greedy, longest names first); the point with least clash when none is free."""
    cell = 160.0
    grid: dict[tuple[int, int], list[Box]] = {}

    def add(box: Box) -> None:
        for gx in range(int(box[0] // cell), int(box[2] // cell) + 1):
            for gy in range(int(box[1] // cell), int(box[3] // cell) + 1):
                grid.setdefault((gx, gy), []).append(box)

    def clash(box: Box) -> float:
        seen, total = set(), 0.0
        for gx in range(int(box[0] // cell), int(box[2] // cell) + 1):
            for gy in range(int(box[1] // cell), int(box[3] // cell) + 1):
                for other in grid.get((gx, gy), ()):
                    if id(other) in seen:
                        continue
                    seen.add(id(other))
                    w = min(box[2], other[2]) - max(box[0], other[0])
                    h = min(box[3], other[3]) - max(box[1], other[1])
                    if w > 0 and h > 0:
                        total += w * h
        return total

    for n, (x, y) in positions.items():
        b = boxes[n]
        add((x + b[0], y + b[1], x + b[2], y + b[3]))
    pair_count: dict[tuple[Hashable, Hashable], int] = {}
    placed: dict[int, tuple[float, float]] = {}
    for i, u, v, _ in sorted(links, key=lambda lk: -sizes.get(lk[0], (0.0, 0.0))[0]):
        w, h = sizes.get(i, (0.0, 0.0))
        if w <= 0:
            continue
        (x1, y1), (x2, y2) = positions[u], positions[v]
        pair = (u, v) if str(u) <= str(v) else (v, u)
        nth = pair_count.get(pair, 0)
        pair_count[pair] = nth + 1
        candidates = []
        lo, hi = sorted((column[u], column[v]))
        for c in range(lo, hi):  # the middle of each gap the arrow crosses
            gx = (xs[c] + xs[c + 1]) / 2
            t = (gx - x1) / (x2 - x1) if x2 != x1 else 0.5
            candidates.append(t)
        candidates += [0.5, 0.35, 0.65, 0.25, 0.75]
        best: tuple[float, float, float] | None = None
        steep = abs(x2 - x1) < abs(y2 - y1)  # beside a steep arrow, not on it
        moves = ([(0.0, 0.0)] + [(side * (w / 2 + 8), 0.0) for side in (1, -1)]
                 if steep else [(0.0, lift) for lift in
                                (0.0, -(h + 4), h + 4, -2 * (h + 4), 2 * (h + 4))])
        for t in candidates:
            for shift, lift in moves:
                cx = x1 + (x2 - x1) * t + shift
                cy = y1 + (y2 - y1) * t + lift + nth * (h + 4)
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                score = clash(box) + (abs(lift) + abs(shift)) * 0.01
                if best is None or score < best[0]:
                    best = (score, cx, cy)
                if score < 1.0:
                    break
            if best is not None and best[0] < 1.0:
                break
        assert best is not None
        if best[0] >= 1.0:  # crowded: every point along the arrow, nudged further
            lifts = [k * (h + 4) for k in (0, -1, 1, -2, 2, -3, 3)]
            for t in [k / 40 for k in range(4, 37)]:
                for lift in lifts:
                    for shift in ((0.0, w / 2 + 8, -(w / 2 + 8)) if steep else (0.0,)):
                        cx = x1 + (x2 - x1) * t + shift
                        cy = y1 + (y2 - y1) * t + (0.0 if steep else lift) + nth * (h + 4)
                        box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                        score = clash(box) + (abs(lift) + abs(shift)) * 0.01
                        if score < best[0]:
                            best = (score, cx, cy)
        _, cx, cy = best
        add((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        placed[i] = (round(cx, 1), round(cy, 1))
    return placed
