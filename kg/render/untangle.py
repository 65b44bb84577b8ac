"""Fewer crossings in a drawing of columns whose relations are drawn as straight lines.

The causal-flow layout (:mod:`kg.render.flow`) orders each column by counting crossings
between *adjacent* columns, with a stand-in point wherever a relation jumps a column; but the
page draws every relation as one straight arrow, so a long arrow crosses whatever lies on its
line, and the picture has about twice the crossings the column order promises. This pass works
on the picture itself: the columns (x) stay, and the concepts of a column are re-ordered (and
their heights re-fit, so no two boxes overlap) to cut the crossings of the straight arrows:

1. *Barycentres in the plane*: each concept moved towards the mean height of all its
   neighbours, whatever column they are in, the columns re-fit; the best order seen kept.
2. *Transpositions*: two neighbours of a column swapped where that uncrosses more straight
   arrows than it crosses, until no swap helps.
3. *Moves*: a concept moved to the gap of its column where its own arrows cross fewest.

Deterministic (no randomness), and quadratic in the relations: for the views a class looks at
(up to ``LIMIT`` concepts), with a bounded amount of work (``WORK``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

#: above this many concepts the pass is skipped (it is quadratic in the relations)
LIMIT = 200
#: pairs of segments compared by the transpositions and moves, at most (a count, not a clock,
#: so the result is the same on every machine): the article's graph needs about 3 million;
#: a graph with tall columns would otherwise take minutes
WORK = 4_000_000
#: a drawing's columns and heights, as :func:`_save` keeps them
Saved = tuple[list[list[Hashable]], dict[Hashable, float]]

Fit = Callable[[list[Hashable], list[float]], list[float]]


def untangle(columns: Sequence[list[Hashable]], ends: Sequence[tuple[Hashable, Hashable]],
             x: Mapping[Hashable, float], y: dict[Hashable, float], fit: Fit,
             rounds: int = 12) -> int:
    """Re-order the concepts of each column (the lists, in place) and their heights ``y``
    (in place) for fewer crossings of the straight lines ``ends``; ``fit(column, wanted)``
    gives heights in that order as near ``wanted`` as keeps the boxes apart. Returns the
    crossings left."""
    segments = [(u, v) for u, v in ends if u != v]
    touching: dict[Hashable, list[int]] = {}
    for k, (u, v) in enumerate(segments):
        touching.setdefault(u, []).append(k)
        touching.setdefault(v, []).append(k)
    near: dict[Hashable, list[Hashable]] = {}
    for u, v in segments:
        near.setdefault(u, []).append(v)
        near.setdefault(v, []).append(u)
    columns = [c for c in columns if c]
    best = _count(segments, x, y)
    saved = _save(columns, y)
    for _ in range(rounds):  # 1. barycentres in the plane
        for column in columns:
            wanted = {n: (sum(y[m] for m in near[n]) / len(near[n]) + y[n]) / 2
                      if near.get(n) else y[n] for n in column}
            column.sort(key=lambda n: (wanted[n], y[n]))
            for n, h in zip(column, fit(column, [wanted[n] for n in column]), strict=True):
                y[n] = h
        best, saved = _kept(best, saved, segments, x, y, columns)
    _restore(columns, y, saved)
    degree = {n: len(ks) for n, ks in touching.items()}
    swap_cost = sum((degree.get(a, 0) + degree.get(b, 0)) * len(segments)
                    for column in columns for a, b in zip(column, column[1:], strict=False))
    move_cost = sum((len(column) + 1) * degree.get(n, 0) * len(segments)
                    for column in columns for n in column)
    spent = 0
    for _ in range(rounds):  # 2. transpositions
        if spent + swap_cost > WORK:
            break
        spent += swap_cost
        changed = False
        for column in columns:
            for i in range(len(column) - 1):
                a, b = column[i], column[i + 1]
                lines = sorted(set(touching.get(a, [])) | set(touching.get(b, [])))
                before = _count_some(lines, segments, x, y)
                y[a], y[b] = y[b], y[a]
                if _count_some(lines, segments, x, y) < before:
                    column[i], column[i + 1] = b, a
                    changed = True
                else:
                    y[a], y[b] = y[b], y[a]
            for n, h in zip(column, fit(column, [y[n] for n in column]), strict=True):
                y[n] = h
        best, saved = _kept(best, saved, segments, x, y, columns)
        if not changed:
            break
    _restore(columns, y, saved)
    for _ in range(rounds // 3):  # 3. a concept moved to the gap of its column that uncrosses most
        if spent + move_cost > WORK:
            break
        spent += move_cost
        changed = False
        for column in columns:
            for n in list(column):
                lines = touching.get(n, [])
                if not lines or len(column) < 2:
                    continue
                here = y[n]
                others = [m for m in column if m != n]
                spots = [y[others[0]] - 1.0] + [(y[a] + y[b]) / 2 for a, b in
                                                 zip(others, others[1:], strict=False)] + \
                    [y[others[-1]] + 1.0]
                scores = []
                for k, spot in enumerate(spots):
                    y[n] = spot
                    scores.append((_count_some(lines, segments, x, y), abs(spot - here), k))
                y[n] = here
                now = _count_some(lines, segments, x, y)
                score, _, k = min(scores)
                if score < now:
                    others.insert(k, n)
                    y[n] = spots[k]
                    column[:] = others
                    for m, h in zip(column, fit(column, [y[m] for m in column]), strict=True):
                        y[m] = h
                    changed = True
        best, saved = _kept(best, saved, segments, x, y, columns)
        if not changed:
            break
    _restore(columns, y, saved)
    return best


def _kept(best: int, saved: Saved, segments: list[tuple[Hashable, Hashable]],
          x: Mapping[Hashable, float], y: Mapping[Hashable, float],
          columns: Sequence[list[Hashable]]) -> tuple[int, Saved]:
    """The fewest crossings so far and the positions that gave them, after a pass: each pass
    keeps the best drawing seen, so a pass that makes things worse is undone at the end."""
    count = _count(segments, x, y)
    return (count, _save(columns, y)) if count < best else (best, saved)


def _save(columns: Sequence[list[Hashable]], y: Mapping[Hashable, float]
          ) -> tuple[list[list[Hashable]], dict[Hashable, float]]:
    return [list(c) for c in columns], dict(y)


def _restore(columns: Sequence[list[Hashable]], y: dict[Hashable, float],
             saved: tuple[list[list[Hashable]], dict[Hashable, float]]) -> None:
    for column, kept in zip(columns, saved[0], strict=True):
        column[:] = kept
    y.update(saved[1])


def _count(segments: list[tuple[Hashable, Hashable]], x: Mapping[Hashable, float],
           y: Mapping[Hashable, float]) -> int:
    """Pairs of segments (not sharing an end) that cross."""
    return _count_some(range(len(segments)), segments, x, y, pairs_once=True)


def _count_some(lines: Sequence[int] | range, segments: list[tuple[Hashable, Hashable]],
                x: Mapping[Hashable, float], y: Mapping[Hashable, float],
                pairs_once: bool = False) -> int:
    """Crossings of the segments ``lines`` with all the others (a pair inside ``lines``
    counted once)."""
    points = [(x[u], y[u], x[v], y[v]) for u, v in segments]
    chosen = set(lines)
    total = 0
    for k in lines:
        u, v = segments[k]
        ax, ay, bx, by = points[k]
        left, right = (ax, bx) if ax <= bx else (bx, ax)
        low, high = (ay, by) if ay <= by else (by, ay)
        for j in range(len(segments)):
            if j == k or (j < k and (pairs_once or j in chosen)):
                continue
            p, q = segments[j]
            if p == u or p == v or q == u or q == v:
                continue
            cx, cy, dx, dy = points[j]
            if (cx > right and dx > right) or (cx < left and dx < left) or \
                    (cy > high and dy > high) or (cy < low and dy < low):
                continue
            if _side(ax, ay, bx, by, cx, cy) * _side(ax, ay, bx, by, dx, dy) < 0 and \
                    _side(cx, cy, dx, dy, ax, ay) * _side(cx, cy, dx, dy, bx, by) < 0:
                total += 1
    return total


def _side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> int:
    v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    return (v > 1e-9) - (v < -1e-9)


def crossings(layers: list[list[Hashable]], down: Mapping[Hashable, list[Hashable]]) -> int:
    """Crossings between each pair of adjacent columns of a layered graph (stand-ins for
    the arrows jumping columns included), by counting inversions: what the sweeps minimise."""
    total = 0
    for c in range(len(layers) - 1):
        pos = {n: k for k, n in enumerate(layers[c + 1])}
        ends = sorted((k, pos[m]) for k, n in enumerate(layers[c])
                      for m in down.get(n, ()) if m in pos)
        seq = [b for _, b in ends]
        total += _inversions(seq)
    return total


def _inversions(seq: list[int]) -> int:
    if len(seq) < 2:
        return 0
    mid = len(seq) // 2
    left, right = sorted(seq[:mid]), sorted(seq[mid:])
    count = _inversions(seq[:mid]) + _inversions(seq[mid:])
    j = 0
    for value in left:  # pairs (a in left, b in right) with a > b
        while j < len(right) and right[j] < value:
            j += 1
        count += j
    return count


def fit_in_order(wanted: list[float], separation: list[float]) -> list[float]:
    """Values as near ``wanted`` (least squares) as keeps each at least ``separation[i]``
    below the one before: pool-adjacent-violators on the offsets."""
    offset = [0.0]
    for s in separation:
        offset.append(offset[-1] + s)
    blocks: list[list[float]] = []  # [mean, count]
    for w, o in zip(wanted, offset, strict=True):
        blocks.append([w - o, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    out = []
    for mean, count in blocks:
        out.extend([mean] * int(count))
    return [z + o for z, o in zip(out, offset, strict=True)]


def names_crossed(nodes: Sequence[Hashable], ends: Sequence[tuple[Hashable, Hashable]],
                  x: Mapping[Hashable, float], y: Mapping[Hashable, float],
                  names: Mapping[Hashable, tuple[float, float, float, float]]) -> set[Hashable]:
    """The nodes whose name (``names``: its rectangle around the node's position) a straight
    arrow between two other nodes runs through: such a name is struck through and hard to
    read (the layout then writes it on the other side of its shape)."""
    hit = set()
    for n in nodes:
        left, top, right, bottom = names[n]
        box = (x[n] + left, y[n] + top, x[n] + right, y[n] + bottom)
        for u, v in ends:
            if n in (u, v):
                continue
            if _through(x[u], y[u], x[v], y[v], box):
                hit.add(n)
                break
    return hit


def _through(ax: float, ay: float, bx: float, by: float,
             box: tuple[float, float, float, float]) -> bool:
    """Whether the segment a-b passes through the rectangle (Liang–Barsky clipping)."""
    low, high = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - box[0]), (dx, box[2] - ax), (-dy, ay - box[1]), (dy, box[3] - ay)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True
