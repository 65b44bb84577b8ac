"""The focus view's layout: one concept in the middle, what acts on it to the left, what it
acts on to the right, packed to the shape of a screen.

Why not the causal-flow columns (:mod:`kg.render.flow`): a concept with many neighbours put
them all in one tall column (seven to the right of FAI), so the drawing was three times as tall
as it was wide and the page had to shrink it to fit a 16:9 projector (names about 10 px). Here
each side's neighbours are spread over up to four staggered sub-columns (a zig-zag: a
neighbour's arrow passes between the two nearer ones above and below it), the number of
sub-columns on each side chosen so the drawing, fit to the graph panel of a 1280x720 window,
is drawn largest. Deterministic: no randomness.

Only for neighbourhoods of depth 1 (every concept next to the centre); deeper ones keep the
flow layout's columns.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from itertools import product

from kg.render.placement import place_labels

Box = tuple[float, float, float, float]  # left, top, right, bottom around a position
#: the graph panel of a 1280x720 window (canvas pixels), and the margins the page's Fit keeps
SCREEN = (920.0, 460.0)
MARGIN = (90.0, 60.0)
#: at most this many sub-columns on a side, and concepts above and below the centre
MOST = 4
MIDDLE = 4
#: the share of the drawing's size one arrow through a concept's box is worth giving up
STRIKE = 0.04
#: how many of the largest arrangements are tried for relation names that all find room
TRIES = 8


def focus_layout(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable, str]],
                 *, centre: Hashable, boxes: Mapping[Hashable, Box],
                 label_sizes: Mapping[int, tuple[float, float]],
                 causal: frozenset[str] | set[str] = frozenset(),
                 gap: float = 30.0) -> tuple[dict[Hashable, tuple[float, float]],
                                             dict[int, tuple[float, float]], float] | None:
    """Node centres, relation-name points (by edge index) and the scale the page's Fit will
    draw it at (less a little per arrow through a box) of a focus view, or None when some
    concept is not a neighbour of ``centre`` (the caller keeps its general layout)."""
    order = list(dict.fromkeys(nodes))
    links = [(i, u, v, p) for i, (u, v, p) in enumerate(edges) if u != v]
    out = {v for _, u, v, _p in links if u == centre}
    into = {u for _, u, v, _p in links if v == centre}
    others = [n for n in order if n != centre]
    if centre not in order or any(n not in out | into for n in others):
        return None
    right = _linked_order([n for n in others if n in out], links)
    left = _linked_order([n for n in others if n not in out], links)
    names = {side: max((label_sizes.get(i, (0.0, 0.0))[0] for i, u, v, _p in links
                        if centre in (u, v) and ({u, v} & set(members))), default=0.0)
             for side, members in (("l", left), ("r", right))}
    # neighbours related to the centre alone and by no causal relation may go above and
    # below it (their one arrow is short and crosses nothing)
    loose = [n for n in right + left
             if all({u, v} == {n, centre} and p not in causal
                    for _, u, v, p in links if n in (u, v))]
    tried = []
    for middle in range(min(MIDDLE, len(loose)) + 1):
        mid = loose[:middle]
        rs0, ls0 = [n for n in right if n not in mid], [n for n in left if n not in mid]
        for kl, kr in product(range(1, min(MOST, len(ls0)) + 1 if ls0 else 2),
                              range(1, min(MOST, len(rs0)) + 1 if rs0 else 2)):
            # in one sub-column the order hardly changes which arrow passes which name
            for rs, ls in product(_variants(rs0) if kr > 1 else [rs0],
                                  _variants(ls0) if kl > 1 else [ls0]):
                tried.append(_score(centre, ls, rs, kl, kr, boxes, names, gap, mid, links,
                                    len(tried)))
    tried.sort(key=lambda t: (t[0], t[1]))
    # the largest whose relation names all find a free place (else the largest)
    chosen = None
    for score, _k, positions, xs, column in tried[:TRIES]:
        labels = place_labels(links, positions, column, xs, boxes, label_sizes)
        if chosen is None:  # names that clash: worth half (another line width may do)
            chosen = (score / 2, positions, labels)
        if not _clashes(positions, labels, boxes, label_sizes):
            chosen = (score, positions, labels)
            break
    assert chosen is not None
    score, positions, labels = chosen
    return (*_centred(positions, labels), -score)


def _score(centre: Hashable, ls: list[Hashable], rs: list[Hashable], kl: int, kr: int,
           boxes: Mapping[Hashable, Box], names: Mapping[str, float], gap: float,
           mid: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]], k: int
           ) -> tuple[float, int, dict[Hashable, tuple[float, float]], list[float],
                      dict[Hashable, int]]:
    """One arrangement, with minus its score (for sorting): the fit scale, less
    :data:`STRIKE` for each arrow through another concept's shape or name."""
    positions, xs, column = _place(centre, ls, rs, kl, kr, boxes, names, gap, mid)
    scale = fit_scale(positions, boxes) * (1 - STRIKE * struck(positions, links, boxes))
    return (-scale, k, positions, xs, column)


def _variants(members: list[Hashable]) -> list[list[Hashable]]:
    """A side's order as given, reversed, and with neighbouring pairs swapped: which
    concept goes to the far sub-column changes which arrows pass which names."""
    swapped = [members[k ^ 1] if (k ^ 1) < len(members) else members[k]
               for k in range(len(members))]
    out: list[list[Hashable]] = []
    for order in (members, members[::-1], swapped):
        if order not in out:
            out.append(order)
    return out


def _clashes(positions: Mapping[Hashable, tuple[float, float]],
             labels: Mapping[int, tuple[float, float]], boxes: Mapping[Hashable, Box],
             sizes: Mapping[int, tuple[float, float]]) -> bool:
    """Whether any two of the concepts' boxes and the relation names' plates overlap."""
    rects = [(x + b[0], y + b[1], x + b[2], y + b[3])
             for n, (x, y) in positions.items() for b in (boxes[n],)]
    rects += [(x - sizes[i][0] / 2, y - sizes[i][1] / 2, x + sizes[i][0] / 2,
               y + sizes[i][1] / 2) for i, (x, y) in labels.items()]
    return any(min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and
               min(a[3], b[3]) - max(a[1], b[1]) > 0.5
               for k, a in enumerate(rects) for b in rects[k + 1:])


def struck(positions: Mapping[Hashable, tuple[float, float]],
           links: Sequence[tuple[int, Hashable, Hashable, str]],
           boxes: Mapping[Hashable, Box]) -> int:
    """How many times a straight arrow runs through the box (shape and name) of a concept
    that is not one of its ends."""
    count = 0
    for _, u, v, _p in links:
        (x1, y1), (x2, y2) = positions[u], positions[v]
        for n, (x, y) in positions.items():
            if n in (u, v):
                continue
            b = boxes[n]
            if _through((x1, y1), (x2, y2), (x + b[0], y + b[1], x + b[2], y + b[3])):
                count += 1
    return count


def _through(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Whether the segment p-q passes through the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for d, lo, hi, start in ((dx, box[0], box[2], p[0]), (dy, box[1], box[3], p[1])):
        if abs(d) < 1e-9:
            if not lo < start < hi:
                return False
            continue
        a, b = (lo - start) / d, (hi - start) / d
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        if t0 >= t1:
            return False
    return True


def _linked_order(members: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]]
                  ) -> list[Hashable]:
    """The side's concepts in their given order, except that one related to the previous
    comes next (related neighbours end up near each other, so their arrow is short)."""
    near: dict[Hashable, list[Hashable]] = {n: [] for n in members}
    for _, u, v, _p in links:
        if u in near and v in near:
            near[u].append(v)
            near[v].append(u)
    done: list[Hashable] = []
    for n in members:
        stack = [n]
        while stack:
            m = stack.pop()
            if m in done:
                continue
            done.append(m)
            stack.extend(reversed([k for k in near[m] if k not in done]))
    return done


def _place(centre: Hashable, left: list[Hashable], right: list[Hashable], kl: int, kr: int,
           boxes: Mapping[Hashable, Box], names: Mapping[str, float], gap: float,
           middle: Sequence[Hashable] = ()
           ) -> tuple[dict[Hashable, tuple[float, float]], list[float], dict[Hashable, int]]:
    """Positions with ``kl`` sub-columns on the left and ``kr`` on the right, ``middle``
    below and above the centre; also each column's x (far left to far right) and each
    concept's column, for the names' placement."""
    positions: dict[Hashable, tuple[float, float]] = {centre: (0.0, 0.0)}
    column: dict[Hashable, int] = {centre: kl}
    low, high = boxes[centre][3], boxes[centre][1]  # stacked below, above, below, ...
    for k, n in enumerate(middle):  # with room for the arrow's head
        b = boxes[n]
        if k % 2 == 0:
            positions[n] = (0.0, low + 2 * gap - b[1])
            low = positions[n][1] + b[3]
        else:
            positions[n] = (0.0, high - 2 * gap - b[3])
            high = positions[n][1] + b[1]
        column[n] = kl
    cb = (min(boxes[n][0] for n in positions), 0.0, max(boxes[n][2] for n in positions), 0.0)
    xs_left: list[float] = []
    xs_right: list[float] = []
    for members, k, sign, xs in ((right, kr, 1.0, xs_right), (left, kl, -1.0, xs_left)):
        if not members:
            continue
        width = max(boxes[n][2] - boxes[n][0] for n in members)
        inner = cb[2] if sign > 0 else -cb[0]
        first = inner + gap + (names["r" if sign > 0 else "l"] + gap) + width / 2
        for j in range(k):
            xs.append(sign * (first + j * (width + gap / 2)))
        # the zig-zag: consecutive concepts in neighbouring sub-columns, each sub-column's
        # own concepts one box and a gap apart
        ys = [0.0] * len(members)
        for i, n in enumerate(members):
            if i >= k:
                above = members[i - k]
                ys[i] = ys[i - k] + boxes[above][3] - boxes[n][1] + gap
            elif i:
                ys[i] = ys[i - 1] + (boxes[members[i - 1]][3] - boxes[n][1] + gap) / k
        middle = (ys[0] + ys[-1]) / 2
        for i, n in enumerate(members):
            positions[n] = (xs[i % k], ys[i] - middle)
            column[n] = (kl + 1 + i % k) if sign > 0 else (kl - 1 - i % k)
    xs_all = list(reversed(xs_left)) + [0.0] + xs_right
    if not left:
        xs_all = [0.0] + xs_right
        column = {n: c - kl for n, c in column.items()}
    return positions, xs_all, column


def fit_scale(positions: Mapping[Hashable, tuple[float, float]],
               boxes: Mapping[Hashable, Box]) -> float:
    """The scale at which the page's Fit would draw these boxes in :data:`SCREEN`."""
    lo_x = min(x + boxes[n][0] for n, (x, y) in positions.items())
    hi_x = max(x + boxes[n][2] for n, (x, y) in positions.items())
    lo_y = min(y + boxes[n][1] for n, (x, y) in positions.items())
    hi_y = max(y + boxes[n][3] for n, (x, y) in positions.items())
    return min(SCREEN[0] / (hi_x - lo_x + MARGIN[0]), SCREEN[1] / (hi_y - lo_y + MARGIN[1]))


def _centred(positions: dict[Hashable, tuple[float, float]],
             labels: dict[int, tuple[float, float]]
             ) -> tuple[dict[Hashable, tuple[float, float]], dict[int, tuple[float, float]]]:
    """Both moved so the drawing's middle is at 0, 0, in whole units (vis-network keeps
    node positions as integers)."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return ({n: (float(round(x - cx)), float(round(y - cy))) for n, (x, y) in positions.items()},
            {i: (float(round(x - cx)), float(round(y - cy))) for i, (x, y) in labels.items()})
