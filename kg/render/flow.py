"""The causal-flow layout: causes on the left, effects on the right, in columns (a Sugiyama
layered drawing), with every relation name placed where no shape or other name covers it.

Why our own and not Graphviz ``dot`` or grandalf alone: the columns come from what the
concepts *are* (a risk factor left of a mechanism, left of a symptom) as well as from the
relations, "beside" concepts (treatments, anatomy) go in half-columns next to what they act on
or belong to, and the relation names are placed by the layout. ``dot``, where installed, only
orders the columns; without it the page comes out of plain Python, deterministic (no
randomness).

Steps, as in Sugiyama et al. (1981):

1. *Columns.* Ranked concepts: the longest path over the ``causal`` relations (cause before
   effect) and the others pointed from lower to higher rank, cycles broken by depth-first
   order, never left of the rank's own first column. "Beside" concepts: the column of the
   neighbour they were reached from (ranked first), one half-step right if that neighbour
   points at them ("located in", "part of"), left if they point at it ("treats").
2. *Order in each column*: barycentre sweeps (with a stand-in point wherever a relation jumps
   a column), the order with fewest crossings kept.
3. *Heights*: each concept as near the mean height of its neighbours as the order and the
   boxes allow (least squares under separation constraints, by pool-adjacent-violators).
4. *Untangling* (:mod:`kg.render.untangle`): the page draws each relation as one straight
   arrow, so the column orders are re-worked on the straight lines' own crossings.
5. *Relation names*: at the first gap between columns the arrow crosses with no clash, else
   the place with the least.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.render.dag import acyclic, topological
from kg.render.placement import place_labels
from kg.render.untangle import LIMIT, crossings, fit_in_order, names_crossed, untangle

Box = tuple[float, float, float, float]  # left, top, right, bottom around a position
Edge = tuple[Hashable, Hashable, str]     # from, to, predicate
#: above this many concepts the order comes from barycentre sweeps alone (dot gets slow)
DOT_LIMIT = 300
#: the room an arrow passing through a column keeps free there
STAND_IN: Box = (0.0, -14.0, 0.0, 14.0)
#: extra room between two concepts of a column when an arrow runs within the column
ROOM = 34.0


@dataclass
class Flow:
    """Where a flow layout put things: node centres, and each edge's name (by edge index)."""

    positions: dict[Hashable, tuple[float, float]]
    labels: dict[int, tuple[float, float]]
    above: set[Hashable] = field(default_factory=set)  # nodes whose name goes above the shape


def flow_layout(
    nodes: Sequence[Hashable],
    edges: Sequence[Edge],
    *,
    ranks: Mapping[Hashable, int | None],
    boxes: Mapping[Hashable, Box],
    label_sizes: Mapping[int, tuple[float, float]] | None = None,
    causal: frozenset[str] | set[str] = frozenset(),
    gap: float = 36.0,
    sweeps: int | None = None,
    centre: Hashable | None = None,
) -> Flow:
    """Lay ``nodes`` out in columns (see the module text).

    ``ranks``: node -> its type's rank (lower is further left) or None for a "beside" node;
    when no node is ranked, every node counts as rank 0. ``boxes``: node -> box around its
    position (shape and label). ``label_sizes``: edge index -> (width, height) of its name.
    ``centre`` (a focus view): that node in the middle column, what acts on it to its left,
    what it acts on to its right, and so on outwards (a neighbourhood reads as causes ->
    concept -> effects, in three columns at depth 1).
    """
    order = list(dict.fromkeys(nodes))
    if not order:
        return Flow({}, {})
    known = set(order)
    links = [(i, u, v, p) for i, (u, v, p) in enumerate(edges)
             if u in known and v in known and u != v]
    rank = {n: ranks.get(n) for n in order}
    if all(r is None for r in rank.values()):
        rank = dict.fromkeys(order, 0)
    if centre in known:
        column = _around(order, links, centre)
    else:
        column = _columns(order, links, rank, causal)
    layers, adjacent = _order(order, links, column, sweeps)
    sizes = label_sizes or {}
    above = _names_above(layers, links, column)
    boxes = {n: ((b[0], -b[3], b[2], -b[1]) if n in above else b) for n, b in boxes.items()}
    all_boxes = {**{n: STAND_IN for layer in layers for n in layer}, **boxes}
    xs = _column_x(layers, links, column, all_boxes, sizes, gap)
    ys = _heights(layers, links, adjacent, all_boxes, gap)
    if len(order) <= LIMIT:
        columns = [[n for n in layer if n in known] for layer in layers]
        key = (tuple(map(tuple, columns)), tuple(lk[1:3] for lk in links))
        fit = _fitter(links, column, boxes, gap)
        if key in _UNTANGLED:  # the projector look: the normal look's order and heights
            kept, heights = _UNTANGLED[key]
            columns = [list(c) for c in kept]
            for c in columns:
                for n, h in zip(c, fit(c, [heights[n] for n in c]), strict=True):
                    ys[n] = h
        else:
            untangle(columns, [lk[1:3] for lk in links], {n: xs[column[n]] for n in order},
                     ys, fit)
            _UNTANGLED.clear()
            _UNTANGLED[key] = ([list(c) for c in columns], dict(ys))
        flipped = _names_above(columns, links, column)
        if flipped != above:
            boxes = {n: ((b[0], -b[3], b[2], -b[1]) if (n in above) != (n in flipped) else b)
                     for n, b in boxes.items()}
            above = flipped
            fit = _fitter(links, column, boxes, gap)
            for c in columns:
                for n, h in zip(c, fit(c, [ys[n] for n in c]), strict=True):
                    ys[n] = h
        _unstrike(order, links, column, xs, ys, boxes, above, columns, gap)
    positions = {n: (round(xs[column[n]], 1), round(ys[n], 1)) for n in order}
    labels = place_labels(links, positions, column, xs, boxes, sizes)
    return Flow(_centred(positions), _shift(labels, positions), above)


def _unstrike(order: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]],
              column: Mapping[Hashable, int], xs: list[float], ys: dict[Hashable, float],
              boxes: dict[Hashable, Box], above: set[Hashable], columns: list[list[Hashable]],
              gap: float) -> None:
    """Names a long arrow runs through go to the clear side of their shape (all in place)."""
    ends, x = [lk[1:3] for lk in links], {n: xs[column[n]] for n in order}

    def name(b: Box) -> Box:  # the part of a box beyond its shape: the name
        return (b[0], -b[1], b[2], b[3]) if b[1] < 0 < b[3] and -b[1] < b[3] else \
            (b[0], b[1], b[2], -b[3])

    def flip(b: Box) -> Box:
        return (b[0], -b[3], b[2], -b[1])

    struck = names_crossed(order, ends, x, ys, {n: name(boxes[n]) for n in order})
    if not struck:
        return
    clear = struck - names_crossed(list(struck), ends, x, ys,
                                   {n: name(flip(boxes[n])) for n in struck})
    for n in sorted(clear, key=order.index):
        boxes[n] = flip(boxes[n])
        above ^= {n}
    fit = _fitter(links, column, boxes, gap)
    for c in columns:
        for n, h in zip(c, fit(c, [ys[n] for n in c]), strict=True):
            ys[n] = h


def _fitter(links: list[tuple[int, Hashable, Hashable, str]], column: Mapping[Hashable, int],
            boxes: Mapping[Hashable, Box], gap: float
            ) -> Callable[[list[Hashable], list[float]], list[float]]:
    """Heights for a column of concepts in a given order, as near the wanted ones as keeps
    their boxes apart (with room for the names of arrows within the column)."""
    inside = {n for _, u, v, _p in links if column[u] == column[v] for n in (u, v)}

    def fit(nodes: list[Hashable], wanted: list[float]) -> list[float]:
        separation = [boxes[a][3] - boxes[b][1] + gap + (ROOM if a in inside or b in inside
                                                          else 0.0)
                      for a, b in zip(nodes, nodes[1:], strict=False)]
        return fit_in_order(wanted, separation)
    return fit


_UNTANGLED: dict[tuple, tuple[list[list[Hashable]], dict[Hashable, float]]] = {}


def _names_above(layers: list[list[Hashable]], links: list[tuple[int, Hashable, Hashable, str]],
                 column: Mapping[Hashable, int]) -> set[Hashable]:
    """Concepts whose name goes above their shape: the upper end of an arrow within a column
    (drawn straight down, it would cross a name written below), unless an arrow also comes
    down into it from above (then either place crosses one)."""
    index = {n: k for layer in layers for k, n in enumerate(layer)}
    down: set[Hashable] = set()
    up: set[Hashable] = set()
    for _, u, v, _p in links:
        if column[u] == column[v]:
            top, bottom = (u, v) if index[u] < index[v] else (v, u)
            down.add(top)
            up.add(bottom)
    return down - up


# ---------------------------------------------------------------------------- 1. columns

def _columns(order: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]],
             rank: Mapping[Hashable, int | None], causal: frozenset[str] | set[str]
             ) -> dict[Hashable, int]:
    core = [n for n in order if rank[n] is not None]
    ranks_present = sorted({rank[n] for n in core})
    floor = {r: i for i, r in enumerate(ranks_present)}  # a rank's own first layer
    succ: dict[Hashable, list[Hashable]] = {n: [] for n in core}
    for _, u, v, p in links:
        ru, rv = rank[u], rank[v]
        if ru is None or rv is None:
            continue
        if p in causal or ru < rv:  # a cause is drawn left of its effect, whatever its type
            succ[u].append(v)
        elif ru > rv:
            succ[v].append(u)
    dag = acyclic(core, succ)
    pred: dict[Hashable, list[Hashable]] = {n: [] for n in core}
    for u in core:
        for v in dag[u]:
            pred[v].append(u)
    layer: dict[Hashable, int] = {}
    for n in topological(core, dag, pred):
        layer[n] = max([floor[rank[n]]] + [layer[p] + 1 for p in pred[n]])  # type: ignore[index]
    # a concept that only causes pulls up next to the first thing it causes
    for n in reversed(topological(core, dag, pred)):
        if not pred[n] and dag[n]:
            layer[n] = max(layer[n], min(layer[s] for s in dag[n]) - 1)
    column = {n: 4 * layer[n] for n in core}
    # beside concepts: breadth-first out of the ranked ones
    near: dict[Hashable, list[tuple[Hashable, int]]] = {n: [] for n in order}
    for _, u, v, _p in links:
        near[u].append((v, +1))  # u points at v: v goes right of u
        near[v].append((u, -1))
    offset = dict.fromkeys(core, 0)  # half-steps away from the ranked column
    frontier = list(core)
    while frontier:
        reached = []
        for n in frontier:
            for m, side in near[n]:
                if m in column:
                    continue
                offset[m] = max(-1, min(1, offset[n] + side))
                column[m] = column[n] + offset[m] - offset[n]
                reached.append(m)
        frontier = reached
    _beside_median(core, near, column)
    rest = [n for n in order if n not in column]  # pieces with no ranked concept at all
    if rest:
        sub = _columns(rest, [lk for lk in links if lk[1] not in column],
                       dict.fromkeys(rest, 0), causal | {lk[3] for lk in links})
        base = max(column.values(), default=-4) + 4
        for n in rest:
            column[n] = base + sub[n]
    steps = sorted(set(column.values()))
    renumber = {c: i for i, c in enumerate(steps)}
    return {n: renumber[column[n]] for n in order}


def _beside_median(core: list[Hashable], near: Mapping[Hashable, list[tuple[Hashable, int]]],
                   column: dict[Hashable, int], passes: int = 4) -> None:
    """Each "beside" concept moved (in place) to the half-column nearest the median of its
    neighbours' columns, on the side its relations point to: a joint that three conditions
    affect sits by the middle one, not by whichever was reached first (shorter arrows, which
    cross fewer others)."""
    ranked = set(core)
    for _ in range(passes):
        moved = False
        for n in [m for m in column if m not in ranked]:
            around = sorted(column[m] - side for m, side in near[n] if m in column)
            if not around:
                continue
            mid = around[len(around) // 2] if len(around) % 2 else \
                (around[len(around) // 2 - 1] + around[len(around) // 2]) / 2
            slot = 4 * round(mid / 4)
            ahead = sum(side for _m, side in near[n])  # > 0: n points at others (left of them)
            want = slot - 1 if ahead > 0 else slot + 1
            if want != column[n]:
                column[n] = want
                moved = True
        if not moved:
            return


def _around(order: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]],
            centre: Hashable) -> dict[Hashable, int]:
    """Columns outwards from ``centre``: one to the right per relation followed forwards,
    one to the left per relation followed backwards (breadth-first, first reach wins)."""
    near: dict[Hashable, list[tuple[Hashable, int]]] = {n: [] for n in order}
    for _, u, v, _p in links:
        near[u].append((v, +1))
        near[v].append((u, -1))
    column = {centre: 0}
    frontier = [centre]
    while frontier:
        reached = []
        for n in frontier:
            for m, side in near[n]:
                if m not in column:
                    column[m] = column[n] + side
                    reached.append(m)
        frontier = reached
    for n in order:
        column.setdefault(n, 0)
    low = min(column.values())
    return {n: column[n] - low for n in order}


# ---------------------------------------------------------------------------- 2. order

def _order(order: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]],
           column: Mapping[Hashable, int], sweeps: int | None, use_dot: bool = True
           ) -> tuple[list[list[Hashable]], dict[Hashable, list[Hashable]]]:
    """Nodes per column, ordered by barycentre sweeps over a graph where each edge jumping
    columns goes through stand-in points (one per column crossed, kept in the columns so the
    heights leave room for the arrow), and each item's neighbours in the next columns."""
    width = max(column.values()) + 1
    layers: list[list[Hashable]] = [[] for _ in range(width)]
    where: dict[Hashable, int] = dict(column)
    up: dict[Hashable, list[Hashable]] = {}
    down: dict[Hashable, list[Hashable]] = {}
    for n in order:
        layers[column[n]].append(n)
    for i, u, v, _ in links:
        a, b = (u, v) if column[u] <= column[v] else (v, u)
        chain = [a]
        for c in range(column[a] + 1, column[b]):
            stand_in = ("\0", i, c)
            where[stand_in] = c
            layers[c].append(stand_in)
            chain.append(stand_in)
        chain.append(b)
        for x, y in zip(chain, chain[1:], strict=False):
            if where[x] == where[y]:
                continue
            down.setdefault(x, []).append(y)
            up.setdefault(y, []).append(x)
    if sweeps is None:
        sweeps = 12 if len(where) <= 2000 else 4
    start = _dot_order(order, links, column) if use_dot and len(order) <= DOT_LIMIT else None
    if start is not None:  # Graphviz's order of the concepts; stand-ins on their arrow's line
        ends = {("\0", i): (u, v) for i, u, v, _ in links}
        for c, layer in enumerate(layers):
            def key(n: Hashable, c: int = c) -> tuple[float, int]:
                if isinstance(n, tuple) and n[:1] == ("\0",):
                    u, v = ends[n[:2]]
                    (cu, yu), (cv, yv) = (column[u], start[u]), (column[v], start[v])
                    return (yu + (yv - yu) * (c - cu) / ((cv - cu) or 1), 1)
                return (start[n], 0)
            layer.sort(key=key)
    best = [list(layer) for layer in layers]
    best_crossings = crossings(best, down) if len(where) <= 3000 else None
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        sequence = range(1, width) if forward else range(width - 2, -1, -1)
        for c in sequence:
            other = layers[c - 1] if forward else layers[c + 1]
            pos = {n: k for k, n in enumerate(other)}
            links_of = up if forward else down
            keyed = []
            for k, n in enumerate(layers[c]):
                ps = [pos[m] for m in links_of.get(n, ()) if m in pos]
                keyed.append((sum(ps) / len(ps) if ps else k, k, n))
            keyed.sort(key=lambda t: (t[0], t[1]))
            layers[c] = [n for _, _, n in keyed]
        if best_crossings is not None:
            count = crossings(layers, down)
            if count < best_crossings:
                best, best_crossings = [list(layer) for layer in layers], count
    if best_crossings is None:
        best = layers
    adjacent: dict[Hashable, list[Hashable]] = {}
    for links_of in (down, up):
        for a, bs in links_of.items():
            adjacent.setdefault(a, []).extend(bs)
    return best, adjacent


def _dot_order(order: list[Hashable], links: list[tuple[int, Hashable, Hashable, str]],
               column: Mapping[Hashable, int]) -> dict[Hashable, float] | None:
    """Each node's height in Graphviz ``dot``'s drawing of the same columns (its crossing
    reduction is better than a few barycentre sweeps), or None without ``dot``. The columns
    are pinned with invisible anchors so ``dot`` only orders within them."""
    import shutil
    import subprocess

    dot = shutil.which("dot")
    if dot is None:
        return None
    signature = (tuple(order), tuple((u, v) for _, u, v, _p in links),
                 tuple(column[n] for n in order))
    if signature in _DOT_CACHE:  # the same columns again (the projector look's layout)
        return _DOT_CACHE[signature]
    name = {n: f"n{k}" for k, n in enumerate(order)}
    width = max(column.values()) + 1
    lines = ["digraph G {", "rankdir=LR; nodesep=0.3; ranksep=0.6; mclimit=4;",
             "node [shape=box, width=1, height=0.4, fixedsize=true, label=\"\"];"]
    by_column: list[list[str]] = [[] for _ in range(width)]
    for n in order:
        by_column[column[n]].append(name[n])
    for c in range(width):
        lines.append(f"{{ rank=same; a{c} [style=invis]; {'; '.join(by_column[c])} }}")
        if c:
            lines.append(f"a{c - 1} -> a{c} [style=invis, weight=0];")
    for _, u, v, _p in links:
        a, b = (u, v) if column[u] <= column[v] else (v, u)
        extra = " [constraint=false]" if column[a] == column[b] else ""
        lines.append(f"{name[a]} -> {name[b]}{extra};")
    lines.append("}")
    try:
        done = subprocess.run([dot, "-Tplain"], input="\n".join(lines), capture_output=True,
                              text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    back = {v: k for k, v in name.items()}
    heights: dict[Hashable, float] = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[0] == "node" and parts[1] in back:
            heights[back[parts[1]]] = -float(parts[3])  # plain's y grows upwards
    result = heights if len(heights) == len(order) else None
    _DOT_CACHE.clear()
    _DOT_CACHE[signature] = result
    return result


_DOT_CACHE: dict[tuple, dict[Hashable, float] | None] = {}


# ---------------------------------------------------------------------------- 3. coordinates

def _column_x(layers: list[list[Hashable]], links: list[tuple[int, Hashable, Hashable, str]],
              column: Mapping[Hashable, int], boxes: Mapping[Hashable, Box],
              sizes: Mapping[int, tuple[float, float]], gap: float) -> list[float]:
    """The x of each column: its widest box, then a gap wide enough for the widest name of
    the relations leaving it rightwards."""
    names = [0.0] * len(layers)
    for i, u, v, _ in links:
        c = min(column[u], column[v])
        if column[u] != column[v]:
            names[c] = max(names[c], sizes.get(i, (0.0, 0.0))[0])
    xs, x = [], 0.0
    for c, layer in enumerate(layers):
        left = min((boxes[n][0] for n in layer), default=-20.0)
        right = max((boxes[n][2] for n in layer), default=20.0)
        x -= left
        xs.append(x)
        x += right + gap + (names[c] + gap if names[c] else 0.0)
    return xs


def _heights(layers: list[list[Hashable]], links: list[tuple[int, Hashable, Hashable, str]],
             adjacent: Mapping[Hashable, list[Hashable]], boxes: Mapping[Hashable, Box],
             gap: float) -> dict[Hashable, float]:
    near: dict[Hashable, list[Hashable]] = {n: list(ms) for n, ms in adjacent.items()}
    column_of = {n: c for c, layer in enumerate(layers) for n in layer}
    inside: set[Hashable] = set()  # ends of arrows within a column: room for their names
    for _, u, v, _p in links:
        if column_of[u] == column_of[v]:
            near.setdefault(u, []).append(v)
            near.setdefault(v, []).append(u)
            inside |= {u, v}
    ys: dict[Hashable, float] = {}
    for layer in layers:  # stacked, centred on 0
        y = 0.0
        for n in layer:
            y -= boxes[n][1]
            ys[n] = y
            y += boxes[n][3] + gap
        shift = y / 2
        for n in layer:
            ys[n] -= shift
    sequence = list(range(len(layers))) + list(range(len(layers) - 2, -1, -1))
    for _ in range(4):
        for c in sequence:
            layer = layers[c]
            if not layer:
                continue
            wanted = []
            for n in layer:
                around = [ys[m] for m in near.get(n, ())]
                if not around:
                    wanted.append(ys[n])
                elif isinstance(n, tuple) and n[:1] == ("\0",):
                    wanted.append(sum(around) / len(around))  # on the arrow's line
                else:
                    wanted.append((sum(around) / len(around) + ys[n]) / 2)
            separation = [boxes[a][3] - boxes[b][1] + gap + (ROOM if a in inside or b in inside
                                                              else 0.0)
                          for a, b in zip(layer, layer[1:], strict=False)]
            for n, y in zip(layer, fit_in_order(wanted, separation), strict=True):
                ys[n] = y
    return ys


def _centred(positions: dict[Hashable, tuple[float, float]]
             ) -> dict[Hashable, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    # whole units: vis-network keeps node positions as integers
    return {n: (float(round(x - cx)), float(round(y - cy))) for n, (x, y) in positions.items()}


def _shift(labels: dict[int, tuple[float, float]],
           positions: dict[Hashable, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    """Label points moved by the same amount as :func:`_centred` moved the nodes."""
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {i: (float(round(x - cx)), float(round(y - cy))) for i, (x, y) in labels.items()}
