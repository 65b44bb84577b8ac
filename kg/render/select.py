"""Which part of the graph a drawing shows: a neighbourhood, the paths between two concepts, the
result of a named query, and/or some types only.

The walks are :mod:`kg.explain`'s (the same neighbourhoods and causal chains that ``kg
neighbors`` and ``kg explain`` print) and names go through the one shared resolver
(:class:`kg.resolve.Resolver`), so a name that works there works here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

    from kg.config import Project

#: at most this many connecting chains are drawn for ``path`` (shortest first)
MAX_CHAINS = 12
#: causal chains longer than this are not looked for
MAX_HOPS = 6


@dataclass
class Selection:
    """The concepts to draw, which of them (and which edges, ``(u, v, key)``) to emphasise,
    and a sentence saying what the drawing shows."""

    nodes: set[str]
    marked_nodes: set[str] = field(default_factory=set)
    marked_edges: set[tuple[str, str, str]] = field(default_factory=set)
    description: str = "The whole graph"
    notes: list[str] = field(default_factory=list)


def select(
    G: nx.MultiDiGraph,
    *,
    rdf: Graph | None = None,
    project: Project | None = None,
    focus: str | None = None,
    depth: int = 1,
    path: tuple[str, str] | list[str] | None = None,
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    types: Iterable[str] | str | None = None,
) -> Selection:
    """The part of ``G`` asked for. At most one of ``focus``, ``path`` and ``query``;
    ``types`` narrows any of them (or the whole graph)."""
    asked = [name for name, value in (("focus", focus), ("path", path), ("query", query))
             if value]
    if len(asked) > 1:
        raise KGError(f"choose one of {' / '.join(asked)}",
                      hint="draw a neighbourhood, a path or a query result, one at a time "
                           "(--types can narrow any of them)")
    names = _Names(G, rdf)
    if focus:
        chosen = neighbourhood(G, names.node(focus), depth)
    elif path:
        if len(path) != 2:
            raise KGError("a path needs two concept names")
        chosen = paths(G, names.node(path[0]), names.node(path[1]))
    elif query:
        chosen = from_query(G, query, params or {}, project=project, rdf=rdf)
    else:
        chosen = Selection(set(G.nodes))
    if types:
        chosen = by_types(G, chosen, [types] if isinstance(types, str) else list(types))
    if not chosen.nodes:
        raise KGError(f"nothing to draw: {chosen.description[0].lower()}"
                      f"{chosen.description[1:]} has no concepts",
                      hint="widen the selection (another --types, a bigger --depth)")
    return chosen


def neighbourhood(G: nx.MultiDiGraph, node: str, depth: int = 1) -> Selection:
    """``node`` and every concept within ``depth`` relations of it, either direction."""
    from kg import explain

    if depth < 1:
        raise KGError(f"depth must be at least 1, not {depth}")
    near = {n.id for n in explain.neighbors(G, node, depth=depth)}
    within = "1 relation" if depth == 1 else f"{depth} relations"
    return Selection({node, *near}, marked_nodes={node},
                     description=f"Within {within} of \u201c{_label(G, node)}\u201d")


def paths(G: nx.MultiDiGraph, a: str, b: str) -> Selection:
    """How ``a`` and ``b`` connect: the causal chains from one to the other (either way
    round; the :data:`MAX_CHAINS` shortest), else the shortest path of relations of any kind.
    The two ends and the chains' relations are marked."""
    from kg import explain

    if a == b:
        raise KGError("a path needs two different concepts")
    la, lb = _label(G, a), _label(G, b)
    chains = explain.causal_chains(G, a, b, max_hops=MAX_HOPS) if "causal_predicates" in \
        G.graph else []
    description = f"How \u201c{la}\u201d leads to \u201c{lb}\u201d"
    if not chains and "causal_predicates" in G.graph:
        chains = explain.causal_chains(G, b, a, max_hops=MAX_HOPS)
        description = f"How \u201c{lb}\u201d leads to \u201c{la}\u201d"
    notes = []
    if chains:
        if len(chains) > MAX_CHAINS:
            notes.append(f"{len(chains)} causal chains connect them; the {MAX_CHAINS} "
                         f"shortest are drawn")
            chains = chains[:MAX_CHAINS]
    else:
        shortest = explain.shortest_relation_path(G, a, b)
        if shortest is None:
            raise KGError(f"\u201c{la}\u201d and \u201c{lb}\u201d are not connected",
                          hint="draw each with --focus NAME to see what they relate to")
        chains = [shortest]
        description = f"How \u201c{la}\u201d and \u201c{lb}\u201d are connected"
    selection = Selection({a, b}, marked_nodes={a, b}, description=description, notes=notes)
    for chain in chains:
        for step in chain:
            selection.nodes |= {step.subject, step.object}
            key = _edge_key(G, step.subject, step.object, step.statement)
            if key is not None:
                selection.marked_edges.add((step.subject, step.object, key))
    return selection


def from_query(G: nx.MultiDiGraph, name: str, params: Mapping[str, str], *,
               project: Project | None = None, rdf: Graph | None = None) -> Selection:
    """The concepts a named query returns: every concept IRI in its rows (a SELECT) or in its
    triples (a CONSTRUCT), with the relations among them; relations between two concepts of
    the same row are marked."""
    title, rows = _run_query(name, params, project=project)
    given = ", ".join(f"{k} = {v}" for k, v in params.items())
    by_iri = {str(d.get("iri")): n for n, d in G.nodes(data=True) if d.get("iri")}
    selection = Selection(set(), description=f"{title}" + (f" ({given})" if given else ""))
    pairs: set[tuple[str, str]] = set()
    count = 0
    for row in rows:
        count += 1
        found = [by_iri[str(v)] for v in _values(row) if str(v) in by_iri]
        selection.nodes.update(found)
        pairs.update((u, v) for u in found for v in found if u != v)
    for u, v, key in G.edges(keys=True):
        if (u, v) in pairs:
            selection.marked_edges.add((u, v, str(key)))
    if count and not selection.nodes:
        raise KGError(f"the query {name!r} answered {count} rows but no concepts to draw",
                      hint="draw a query that returns concepts (their IRIs), e.g. as "
                           "?subject / ?object columns")
    if not count:
        raise KGError(f"the query {name!r} has no answer to draw",
                      hint="check its parameters (kg queries shows them)")
    return selection


def by_types(G: nx.MultiDiGraph, chosen: Selection, names: list[str]) -> Selection:
    """Keep only concepts of the named types or their subtypes (names or labels, any case;
    commas separate)."""
    from kg import explain

    keep = explain.type_filter(G, names)
    wanted = ", ".join(p.strip() for n in names for p in n.split(",") if p.strip())
    nodes = {n for n in chosen.nodes if keep(G.nodes[n].get("type"))}
    return Selection(nodes, chosen.marked_nodes & nodes,
                     {e for e in chosen.marked_edges if e[0] in nodes and e[1] in nodes},
                     f"{chosen.description} (types: {wanted})", chosen.notes)


class _Names:
    """Concept names -> node ids, through the shared resolver when the RDF graph is at hand."""

    def __init__(self, G: nx.MultiDiGraph, rdf: Graph | None) -> None:
        self.G = G
        self.rdf = rdf
        self._resolver = None

    def node(self, name: str) -> str:
        if self.rdf is not None:
            from kg.resolve import Resolver, local_id

            if self._resolver is None:
                self._resolver = Resolver(self.rdf)
            node = local_id(self._resolver.resolve(name))
            if node not in self.G:
                raise KGError(f"{name!r} is not drawn: it has no cited relation")
            return node
        if name in self.G:
            return name
        raise KGError(f"no concept with id {name!r} in this networkx graph",
                      hint="pass the rdflib graph to look concepts up by name")


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label") or node)


def _edge_key(G: nx.MultiDiGraph, u: str, v: str, statement: str | None) -> str | None:
    """The key of the edge ``u -> v`` made from ``statement`` (else the first one)."""
    data = G.get_edge_data(u, v) or {}
    for key, attrs in data.items():
        if statement and attrs.get("statement") == statement:
            return str(key)
    return str(next(iter(data))) if data else None


def _run_query(name: str, params: Mapping[str, str], *,
               project: Project | None) -> tuple[str, list[Any]]:
    """(the query's title, its rows) via :func:`kg.query.run`; a CONSTRUCT gives
    subject/predicate/object rows. The query engine answers from the project's release."""
    from kg.query import run

    named, result, _ = run(name, dict(params), project=project)
    if result.form == "ASK":
        raise KGError(f"the query {name!r} answers yes or no "
                      f"({'yes' if result.boolean else 'no'}): there is nothing to draw",
                      hint="draw a query that returns concepts")
    return named.title or named.name or name, result.dicts()


def _values(row: Any) -> list[Any]:
    """The values of one row: a mapping's values, a sequence's items (a triple's terms)."""
    if isinstance(row, Mapping):
        return list(row.values())
    if isinstance(row, (list, tuple)):
        return list(row)
    as_dict = getattr(row, "asdict", None)
    if callable(as_dict):
        return list(as_dict().values())
    try:
        return list(row)
    except TypeError:
        return [row]
