"""How concepts connect: causal chains, relation paths, neighbourhoods, comparisons, hubs.

Plain functions over the networkx view of the graph (:func:`kg.graph.to_networkx`: nodes keyed
by concept id, one edge per cited statement), in the style of networkx: they take node ids and
return plain data (lists of :class:`Step`, dataclasses with ``as_dict()`` for JSON). Every step
keeps the quote and sentence number that justify it.

What counts as *causal* is the vocabulary's business, not this module's: ``kgv:causalRelation``
and its sub-properties (transitively). The networkx view does not carry the vocabulary, so
:func:`view` builds it with the few vocabulary facts these functions need (causal and
symmetric relations, the class hierarchy) in ``G.graph``; or pass ``causal=`` explicitly.

>>> import kg
>>> from kg import explain
>>> G = explain.view(kg.build(kg.Project(EXAMPLE_DATA), write=False))  # the rivers example
>>> sorted(G.graph["causal_predicates"])
['causalRelation', 'causes', 'worsens']
>>> [str(step) for step in explain.causal_chains(G, "erosion", "flood")[0]]
['erosion —worsens→ flood']
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.config import repo_root
from kg.errors import KGError
from kg.names import close_matches, normalize

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

    from kg.ontology import Ontology

#: the vocabulary's parent of the relations along which a cause reaches an effect
CAUSAL_ROOT = "causalRelation"
#: the small dataset (rivers and floods) the examples in the docstrings use
EXAMPLE_DATA = repo_root() / "tests" / "fixtures" / "mini" / "data"
DIRECTIONS = ("out", "in", "both")


# ------------------------------------------------------------------ the view

def view(graph: Graph) -> nx.MultiDiGraph:
    """The networkx view of an rdflib graph, annotated with the vocabulary facts used here.

    ``G.graph`` gets ``causal_predicates`` (``kgv:causalRelation`` and its sub-properties),
    ``symmetric_predicates`` (``owl:SymmetricProperty``), ``class_labels`` and
    ``class_ancestors`` (each class's ``kgv:`` superclasses, nearest first). The graph must
    contain the vocabulary (a release graph does).

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> G.graph["class_ancestors"]["Flood"]
    ['Event', 'Concept']
    """
    from kg.graph import to_networkx
    from kg.ontology import Ontology

    G = to_networkx(graph)
    annotate(G, Ontology.from_graph(graph))
    return G


def annotate(G: nx.MultiDiGraph, ontology: Ontology) -> nx.MultiDiGraph:
    """Put the vocabulary facts :func:`view` describes into ``G.graph``; returns ``G``."""
    from rdflib import OWL, RDF, URIRef

    from kg.namespaces import KGV_IRI

    G.graph["causal_predicates"] = sorted(causal_predicates(ontology))
    G.graph["symmetric_predicates"] = sorted(
        p for p in ontology.properties
        if (URIRef(KGV_IRI + p), RDF.type, OWL.SymmetricProperty) in ontology.graph)
    G.graph["predicate_labels"] = {p: ontology.labels.get(p, p) for p in ontology.properties}
    G.graph["class_labels"] = {c: ontology.labels.get(c, c) for c in ontology.classes}
    G.graph["class_ancestors"] = {c: ontology.superclasses(c) for c in ontology.classes}
    return G


def causal_predicates(vocabulary: Ontology | Graph | nx.MultiDiGraph) -> frozenset[str]:
    """The relations explanations follow: ``kgv:causalRelation`` and all its sub-properties.

    ``vocabulary`` is an :class:`kg.ontology.Ontology`, an rdflib graph holding the vocabulary,
    or a view made by :func:`view`.

    >>> from kg.ontology import read_ontology
    >>> sorted(causal_predicates(read_ontology(EXAMPLE_DATA / "ontology")))
    ['causalRelation', 'causes', 'worsens']
    """
    graph_attrs = getattr(vocabulary, "graph", None)
    if isinstance(graph_attrs, dict):  # a networkx graph
        if "causal_predicates" not in graph_attrs:
            raise ValueError("this networkx graph does not say which relations are causal: "
                             "make it with kg.explain.view(graph), or pass causal=")
        return frozenset(graph_attrs["causal_predicates"])
    from kg.ontology import Ontology

    ontology = vocabulary if isinstance(vocabulary, Ontology) else \
        Ontology.from_graph(vocabulary)
    return frozenset(ontology.subproperties(CAUSAL_ROOT))


# ------------------------------------------------------------------ steps

@dataclass(frozen=True)
class Step:
    """One cited relation ``subject —predicate→ object``, walked forwards or backwards.

    ``forward`` is False when a path walks the relation against its direction (from object to
    subject); ``start`` and ``end`` are the ends in walking order.
    """

    subject: str
    predicate: str
    object: str
    subject_label: str
    predicate_label: str
    object_label: str
    quote: str | None = None
    sentence: int | None = None
    section: str | None = None
    statement: str | None = None
    forward: bool = True
    reading: str = "stated"
    note: str | None = None

    @property
    def start(self) -> str:
        return self.subject if self.forward else self.object

    @property
    def end(self) -> str:
        return self.object if self.forward else self.subject

    @property
    def start_label(self) -> str:
        return self.subject_label if self.forward else self.object_label

    @property
    def end_label(self) -> str:
        return self.object_label if self.forward else self.subject_label

    def __str__(self) -> str:
        if self.forward:
            return f"{self.subject_label} —{self.predicate_label}→ {self.object_label}"
        return f"{self.object_label} ←{self.predicate_label}— {self.subject_label}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _step(G: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any],
          forward: bool = True) -> Step:
    return Step(
        subject=u, predicate=data.get("predicate", "?"), object=v,
        subject_label=_label(G, u),
        predicate_label=data.get("label") or data.get("predicate", "?"),
        object_label=_label(G, v),
        quote=data.get("quote"), sentence=data.get("sentence"), section=data.get("section"),
        statement=data.get("statement"), forward=forward,
        reading=data.get("reading") or "stated", note=data.get("note"))


def _label(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node].get("label") or node


def _edge_order(data: dict[str, Any]) -> tuple:
    """Stable order among parallel edges: earliest cited sentence first."""
    sentence = data.get("sentence")
    return (sentence if sentence is not None else math.inf, data.get("predicate", ""),
            data.get("statement") or "")


def _require_node(G: nx.MultiDiGraph, node: str) -> None:
    import networkx as nx

    if node not in G:
        raise nx.NodeNotFound(f"{node!r} is not a concept of the graph")


# ------------------------------------------------------------------ explain

def causal_chains(G: nx.MultiDiGraph, source: str, target: str, max_hops: int = 6,
                  causal: Collection[str] | None = None) -> list[list[Step]]:
    """Every directed causal chain from ``source`` to ``target``, shortest first.

    A chain is a simple path of at most ``max_hops`` relations whose predicates are causal
    (``causal``, default: :func:`causal_predicates` of the view). Two relations between the
    same pair with different predicates give two chains; several statements of the same
    relation give one step, cited by its earliest sentence. Chains of equal length come in
    order of how closely their citations sit together in the article, then alphabetically.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> chains = causal_chains(G, "heavy-rain", "flood")
    >>> [(str(s), s.sentence) for s in chains[0]]
    [('heavy rain —causes→ flood', 1)]
    >>> causal_chains(G, "flood", "road")        # 'damages' is not a causal relation
    []
    >>> len(causal_chains(G, "heavy-rain", "flood", causal={"damages"}))
    0
    """
    import networkx as nx

    if max_hops < 1:
        raise ValueError("max_hops must be at least 1")
    _require_node(G, source)
    _require_node(G, target)
    if source == target:
        return []
    causal = causal_predicates(G) if causal is None else frozenset(causal)

    # pair -> predicate -> the earliest-cited edge data
    pairs: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for u, v, data in G.edges(data=True):
        predicate = data.get("predicate")
        if predicate in causal and u != v:
            best = pairs[u, v].get(predicate)
            if best is None or _edge_order(data) < _edge_order(best):
                pairs[u, v][predicate] = data
    H = nx.DiGraph()
    H.add_nodes_from([source, target])
    H.add_edges_from(pairs)

    chains: list[list[Step]] = []
    for path in nx.all_simple_paths(H, source, target, cutoff=max_hops):
        partial: list[list[Step]] = [[]]
        for u, v in zip(path, path[1:], strict=False):
            options = sorted(pairs[u, v].values(), key=_edge_order)
            partial = [chain + [_step(G, u, v, data)] for chain in partial for data in options]
        chains.extend(partial)
    chains.sort(key=_chain_order)
    return chains


def _chain_order(chain: list[Step]) -> tuple:
    sentences = [s.sentence for s in chain if s.sentence is not None]
    spread = max(sentences) - min(sentences) if sentences else math.inf
    return (len(chain), spread, [s.object_label for s in chain], [s.predicate for s in chain])


def shortest_relation_path(G: nx.MultiDiGraph, a: str, b: str) -> list[Step] | None:
    """The shortest path of relations of any kind between ``a`` and ``b``, direction ignored.

    Each step keeps the relation's own direction: ``forward`` is False where the path walks
    from object to subject. Among equally short paths the first by labels is returned; None
    when the two are not connected.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [str(step) for step in shortest_relation_path(G, "levee", "heavy-rain")]
    ['levee —reduces→ flood', 'flood ←causes— heavy rain']
    >>> shortest_relation_path(G, "levee", "levee")
    []
    """
    import networkx as nx

    _require_node(G, a)
    _require_node(G, b)
    if a == b:
        return []
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    try:
        paths = list(nx.all_shortest_paths(U, a, b))
    except nx.NetworkXNoPath:
        return None
    path = min(paths, key=lambda p: [_label(G, n) for n in p])
    steps = []
    for u, v in zip(path, path[1:], strict=False):
        forward = [(d, True) for d in G.get_edge_data(u, v, default={}).values()]
        backward = [(d, False) for d in G.get_edge_data(v, u, default={}).values()]
        data, is_forward = min(forward + backward,
                               key=lambda item: (not item[1], _edge_order(item[0])))
        steps.append(_step(G, u, v, data) if is_forward else _step(G, v, u, data, False))
    return steps


# ------------------------------------------------------------------ neighbors

@dataclass
class Neighbor:
    """A concept near another: its distance and the cited relations that reach it."""

    id: str
    label: str
    type: str | None
    top_type: str | None
    distance: int
    via: list[Step] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["via"] = [step.as_dict() for step in self.via]
        return data


def neighbors(G: nx.MultiDiGraph, node: str, depth: int = 1, direction: str = "both",
              types: Iterable[str] | None = None) -> list[Neighbor]:
    """The concepts within ``depth`` relations of ``node``: nearest first, then by broad type
    and label.

    ``direction`` is ``out`` (follow relations from subject to object), ``in`` (backwards) or
    ``both``. Each neighbour lists the relations (``via``) that link it to the concepts one
    step nearer. ``types`` keeps only concepts of those classes or their subclasses (class
    names or labels, any case: ``Symptom``, ``body region``); the walk itself passes through
    every concept. An unknown type is a :class:`KGError` suggesting close ones.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [(n.id, n.distance) for n in neighbors(G, "flood")]
    [('erosion', 1), ('heavy-rain', 1), ('snowmelt', 1), ('levee', 1), ('road', 1)]
    >>> [(n.id, n.distance) for n in neighbors(G, "heavy-rain", depth=2, direction="out")]
    [('flood', 1), ('road', 2)]
    >>> [n.id for n in neighbors(G, "flood", types=["event"])]
    ['erosion', 'heavy-rain', 'snowmelt']
    """
    if depth < 1:
        raise ValueError("depth must be at least 1")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    _require_node(G, node)
    keep = type_filter(G, types) if types else None

    distance = {node: 0}
    found: dict[str, Neighbor] = {}
    frontier = [node]
    for level in range(1, depth + 1):
        reached: list[str] = []
        for current in frontier:
            for step in _incident_steps(G, current, direction):
                other = step.end
                if other in distance and distance[other] < level:
                    continue
                if other not in distance:
                    distance[other] = level
                    reached.append(other)
                    attrs = G.nodes[other]
                    found[other] = Neighbor(other, _label(G, other), attrs.get("type"),
                                            attrs.get("top_type"), level)
                found[other].via.append(step)
        frontier = reached
    result = [n for n in found.values() if keep is None or keep(n.type)]
    for n in result:
        n.via.sort(key=lambda s: (_edge_order(s.as_dict()), s.start))
    return sorted(result, key=lambda n: (n.distance, n.top_type or "", n.label.casefold()))


def _incident_steps(G: nx.MultiDiGraph, node: str, direction: str) -> list[Step]:
    steps = []
    if direction in ("out", "both"):
        steps += [_step(G, u, v, d) for u, v, d in G.out_edges(node, data=True) if v != node]
    if direction in ("in", "both"):
        steps += [_step(G, u, v, d, forward=False)
                  for u, v, d in G.in_edges(node, data=True) if u != node]
    return steps


def type_filter(G: nx.MultiDiGraph, names: Iterable[str]):
    """A predicate ``f(class_name) -> bool`` true for the named classes and their subclasses.

    Names are class names or labels (``BodyRegion``, ``body region``, ``Body regions``).
    Unknown names raise :class:`KGError` with close matches.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> keep = type_filter(G, ["event"])
    >>> keep("Flood"), keep("Place")
    (True, False)
    >>> type_filter(G, ["Evnt"])
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown type 'Evnt'
      hint: did you mean 'Event'?
    """
    classes = known_types(G)
    keys: dict[str, str] = {}
    for cls, label in sorted(classes.items()):
        for name in (cls, _split_camel(cls), label):
            keys.setdefault(normalize(name), cls)
    wanted = set()
    for name in names:
        for part in (p.strip() for p in name.split(",")):
            if not part:
                continue
            cls = keys.get(normalize(part))
            if cls is None:
                near = close_matches(part, sorted(classes), n=3)
                hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near \
                    else "known types: " + ", ".join(sorted(classes))
                raise KGError(f"unknown type {part!r}", hint=hint)
            wanted.add(cls)
    ancestors = G.graph.get("class_ancestors")

    def keep(cls: str | None) -> bool:
        if cls is None:
            return False
        if ancestors is not None:
            return cls in wanted or any(a in wanted for a in ancestors.get(cls, ()))
        tops = {d.get("top_type") for _, d in G.nodes(data=True) if d.get("type") == cls}
        return cls in wanted or bool(tops & wanted)

    return keep


def known_types(G: nx.MultiDiGraph) -> dict[str, str]:
    """Class name -> label: from the vocabulary in a :func:`view`, else the nodes' types."""
    if "class_labels" in G.graph:
        return dict(G.graph["class_labels"])
    names = {d.get(k) for _, d in G.nodes(data=True) for k in ("type", "top_type")}
    return {n: _split_camel(n) for n in names if n}


def _split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)


# ------------------------------------------------------------------ compare

@dataclass
class Row:
    """One relation of a comparison: what each concept has under it.

    ``direction`` is ``out`` (the concept is the subject), ``in`` (it is the object) or
    ``both`` (a symmetric relation). ``a`` and ``b`` are lists of the other ends, each a
    :class:`Step`; ``shared`` the ids found on both sides.
    """

    predicate: str
    direction: str
    label: str
    a: list[Step] = field(default_factory=list)
    b: list[Step] = field(default_factory=list)

    @property
    def shared(self) -> list[str]:
        ends_b = {s.end for s in self.b}
        return sorted({s.end for s in self.a if s.end in ends_b})

    def as_dict(self) -> dict[str, Any]:
        return {"predicate": self.predicate, "direction": self.direction, "label": self.label,
                "a": [s.as_dict() for s in self.a], "b": [s.as_dict() for s in self.b],
                "shared": self.shared}


def compare(G: nx.MultiDiGraph, a: str, b: str) -> list[Row]:
    """Two concepts' relations side by side, one row per predicate and direction.

    Outgoing relations are labelled as the vocabulary says (``felt in``); incoming ones as a
    question about the concept (``what causes it``); symmetric relations (see :func:`view`)
    are one row whatever their direction. Rows where both concepts have something come first,
    outgoing before incoming, then alphabetically. Each cell lists the steps from the concept.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> for row in compare(G, "heavy-rain", "snowmelt"):
    ...     print(row.label, [s.end for s in row.a], [s.end for s in row.b], row.shared)
    causes ['flood'] ['flood'] ['flood']
    """
    _require_node(G, a)
    _require_node(G, b)
    symmetric = set(G.graph.get("symmetric_predicates", ()))
    rows: dict[tuple[str, str], Row] = {}
    for side, node in (("a", a), ("b", b)):
        seen: set[tuple[str, str, str]] = set()
        for step in _incident_steps(G, node, "both"):
            predicate = step.predicate
            direction = "both" if predicate in symmetric else \
                ("out" if step.forward else "in")
            if (predicate, direction, step.end) in seen:
                continue  # another statement of the same relation, or a symmetric pair
            seen.add((predicate, direction, step.end))
            label = step.predicate_label if direction != "in" else \
                inverse_label(step.predicate_label)
            row = rows.setdefault((predicate, direction), Row(predicate, direction, label))
            getattr(row, side).append(step)
    for row in rows.values():
        for cells in (row.a, row.b):
            cells.sort(key=lambda s: (_label(G, s.end).casefold(), _edge_order(s.as_dict())))
    order = {"out": 0, "both": 0, "in": 1}
    return sorted(rows.values(),
                  key=lambda r: (not (r.a and r.b), order[r.direction], r.label.casefold()))


def inverse_label(label: str) -> str:
    """A relation's label read from its object: a question about the concept.

    >>> [inverse_label(x) for x in ["causes", "contributes to", "felt in", "is a kind of",
    ...                             "confirms as source"]]
    ['what causes it', 'what contributes to it', 'what is felt in it', 'what is a kind of it', \
'what confirms it as source']
    """
    words = label.split()
    if not words:
        return "what relates to it"
    first = words[0]
    if first in ("is", "are", "has", "was"):
        return f"what {label} it"
    if _is_third_person(first):
        if len(words) > 1 and words[1] == "as":
            return f"what {first} it {' '.join(words[1:])}"
        return f"what {label} it"
    return f"what is {label} it"


def _is_third_person(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


# ------------------------------------------------------------------ hubs

@dataclass
class Hub:
    """A central concept: its degree (distinct relations, in + out), betweenness, and the
    concepts it connects, grouped by their broad type."""

    id: str
    label: str
    type: str | None
    degree: int
    in_degree: int
    out_degree: int
    betweenness: float
    connects: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def hubs(G: nx.MultiDiGraph, n: int = 10, by: str = "degree") -> list[Hub]:
    """The ``n`` most central concepts, by ``degree`` (default) or ``betweenness``.

    Degree counts distinct relations (subject, predicate, object) in either direction, so a
    relation cited twice counts once. Betweenness is networkx's normalized betweenness
    centrality on the undirected graph of related concepts. Ties go to the other measure, then
    to the label.

    >>> import kg
    >>> G = view(kg.build(kg.Project(EXAMPLE_DATA), write=False))
    >>> [(h.label, h.degree, h.in_degree) for h in hubs(G, 2)]
    [('flood', 5, 4), ('road', 2, 1)]
    >>> hubs(G, 1)[0].connects
    {'Event': ['erosion', 'heavy rain', 'snowmelt'], 'Structure': ['levee', 'road']}
    """
    import networkx as nx

    if by not in ("degree", "betweenness"):
        raise ValueError(f"by must be 'degree' or 'betweenness', not {by!r}")
    relations = {(u, d.get("predicate"), v) for u, v, d in G.edges(data=True)}
    in_degree: dict[str, int] = defaultdict(int)
    out_degree: dict[str, int] = defaultdict(int)
    linked: dict[str, set[str]] = defaultdict(set)
    for u, _, v in relations:
        out_degree[u] += 1
        in_degree[v] += 1
        if u != v:
            linked[u].add(v)
            linked[v].add(u)
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, _, v in relations if u != v)
    betweenness = nx.betweenness_centrality(U, normalized=True)

    result = []
    for node in G:
        connects: dict[str, list[str]] = defaultdict(list)
        for other in linked[node]:
            connects[G.nodes[other].get("top_type") or "?"].append(_label(G, other))
        result.append(Hub(
            node, _label(G, node), G.nodes[node].get("type"),
            in_degree[node] + out_degree[node], in_degree[node], out_degree[node],
            round(betweenness.get(node, 0.0), 4),
            {k: sorted(v, key=str.casefold) for k, v in sorted(connects.items())}))
    if by == "degree":
        result.sort(key=lambda h: (-h.degree, -h.betweenness, h.label.casefold()))
    else:
        result.sort(key=lambda h: (-h.betweenness, -h.degree, h.label.casefold()))
    return result[:n] if n > 0 else result
