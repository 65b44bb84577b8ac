"""The causal reachability index: derived triples in their own named graph, built at load time.

Questions that follow chains of causes (``leads-to``, ``conditions-to-back-pain``,
``consequences``; see benchmarks/RESULTS-answers.md for those it does not serve yet) walk
property paths or joins of cited statements that grow with the graph: at a million triples they
search thousands of partial chains that lead nowhere. The standard answer is a materialized
closure, computed once when an engine loads the graph and then read with one triple pattern. It
is kept apart from what the article says:

- every derived triple is in the named graph :data:`GRAPH` (never the default graph, which holds
  the stated triples and their evidence, and which exports, CONSTRUCTs and the release read);
- the graph describes itself as derived (``prov:Entity``, ``kgv:reading "derived"``,
  ``prov:wasDerivedFrom`` each source of the default graph, an ``rdfs:comment`` saying how);
- its three properties are declared there too (``owl:ObjectProperty``, label, comment), not in
  ``vocab.ttl``: they are not relations an article states.

The closures (walks, as SPARQL property paths walk them, after one step or more):

``kgv:chainIncreases`` / ``kgv:chainDecreases``
    a chain of relations declared direct sub-properties of ``kgv:increasingRelation`` /
    ``kgv:decreasingRelation`` (read from the vocabulary in the graph) goes from the subject to
    the object and its signs multiply to "more of it" / "less of it". ``chainIncreases`` is
    exactly leads-to's path ``(INC | DEC INC* DEC)+``.
``kgv:chainLeadsTo``
    a chain of :data:`LEADS_TO` relations (causes, contributes to, involves, impairs, strains:
    the consequences of a condition, whatever their sign), the path ``consequences`` and
    ``conditions-to-back-pain`` walk.
``rdf:type`` :data:`TYPED`
    the RDFS-entailed class (``a/rdfs:subClassOf*``) of each subject of ``chainLeadsTo`` that is
    a condition or a mechanism: an indexed text then reads "a chain from a condition" in the one
    graph, instead of joining every candidate against every typed node of the default graph
    (conditions-to-back-pain at 1M: 0.8x the time; benchmarks/RESULTS-answers.md).

They are built from the plain triples (``kg build`` writes each cited statement's triple too),
so a query using them answers exactly as the un-indexed text: ``queries/indexed/NAME.rq`` is
the indexed text of ``NAME``, and tests compare the two as sets on the article and on a
synthetic graph. An engine that has the index (:func:`has_index`) gets the indexed text; an
endpoint, or the explorer page's in-page engine, gets the standard one.

Cost at the 1M-triple synthetic scale (``benchmarks/bench_index.py``): about 1.1 million derived
triples, computed in about 1 s and loaded in 2-3 s (see ``benchmarks/RESULTS-answers.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from kg.namespaces import KGV_IRI, OWL_IRI, PROV_IRI, RDF_IRI, RDFS_IRI

#: the named graph of the derived triples
GRAPH = "https://w3id.org/edu-kg/derived/causal-reach"
INCREASES = KGV_IRI + "chainIncreases"
DECREASES = KGV_IRI + "chainDecreases"
LEADS_TO_CLOSURE = KGV_IRI + "chainLeadsTo"
#: the relations whose chains are a condition's consequences (the ``consequences`` and
#: ``conditions-to-back-pain`` paths; a test checks the list against their texts)
LEADS_TO = tuple(KGV_IRI + name for name in
                 ("causes", "contributesTo", "involves", "impairs", "strains"))

#: the classes whose (entailed) instances among the chains' starts the index types
TYPED = tuple(KGV_IRI + name for name in ("Condition", "Mechanism"))

Select = Callable[[str], Iterable[tuple[str, str, str]]]

EDGES_SIGNED = f"""SELECT DISTINCT ?s ?o ?d WHERE {{
  VALUES ?d {{ <{KGV_IRI}increasingRelation> <{KGV_IRI}decreasingRelation> }}
  ?p <{RDFS_IRI}subPropertyOf> ?d .
  ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o)) }}"""
EDGES_LEADS_TO = f"""SELECT DISTINCT ?s ?o ?d WHERE {{
  VALUES ?p {{ {' '.join(f'<{p}>' for p in LEADS_TO)} }}
  ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o)) BIND(?p AS ?d) }}"""
TYPES = f"""SELECT DISTINCT ?s ?o ?d WHERE {{
  VALUES ?o {{ {' '.join(f'<{c}>' for c in TYPED)} }}
  ?s <{RDF_IRI}type>/<{RDFS_IRI}subClassOf>* ?o . FILTER(isIRI(?s)) BIND(?o AS ?d) }}"""
SOURCES = f"""SELECT DISTINCT ?s ?o ?d WHERE {{
  ?st <{PROV_IRI}wasDerivedFrom> ?s . FILTER(isIRI(?s)) BIND(?s AS ?o) BIND(?s AS ?d) }}"""

_DESCRIPTION = (
    "Derived, not stated: the closure of the causal relations of the default graph, computed "
    "when the graph was loaded (kg.query.reach). chainIncreases / chainDecreases: a chain of "
    "relations declared increasing or decreasing in the vocabulary goes from the subject to the "
    "object, its directions multiplying to more / less of it; chainLeadsTo: a chain of causes, "
    "contributes to, involves, impairs or strains; rdf:type: the entailed class (condition, "
    "mechanism) of the start of such a chain. Each step of a chain is a cited statement of "
    "the default graph; these triples cite nothing themselves.")
#: whether an engine's store holds this version's index: its self-description, comment included
#: (a store loaded by an earlier version, whose index lacks what the indexed texts now read, has
#: another comment, so its engine takes the standard texts)
PRESENT = (f"ASK {{ GRAPH <{GRAPH}> {{ <{GRAPH}> <{KGV_IRI}reading> \"derived\" ; "
           f"<{RDFS_IRI}comment> \"{_DESCRIPTION}\" }} }}")
_PROPERTIES = {
    INCREASES: ("leads through a chain to more of",
                "derived: a chain of signed causal steps whose directions multiply to 'more'"),
    DECREASES: ("leads through a chain to less of",
                "derived: a chain of signed causal steps whose directions multiply to 'less'"),
    LEADS_TO_CLOSURE: ("leads through a chain of causes to",
                       "derived: a chain of causes / contributes to / involves / impairs / "
                       "strains steps"),
}


def signed_closure(edges: Iterable[tuple[str, str, int]]) -> Iterator[tuple[str, str, int]]:
    """(a, b, sign) for every walk of one step or more from a to b, signs multiplied.

    >>> sorted(signed_closure([("a", "b", -1), ("b", "c", -1), ("c", "a", 1)]))[:4]
    [('a', 'a', 1), ('a', 'b', -1), ('a', 'c', 1), ('b', 'a', -1)]
    """
    out: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for a, b, sign in edges:
        out[a].add((b, sign))
    for start in sorted(out):
        seen: set[tuple[str, int]] = set()
        stack = [(start, 1)]
        while stack:
            node, sign = stack.pop()
            for nxt, step in out.get(node, ()):
                state = (nxt, sign * step)
                if state not in seen:
                    seen.add(state)
                    stack.append(state)
        for node, sign in seen:
            yield start, node, sign


def closure(edges: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(a, b) for every walk of one step or more from a to b.

    >>> sorted(closure([("a", "b"), ("b", "c")]))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    for a, b, _ in signed_closure((a, b, 1) for a, b in edges):
        yield a, b


def derived_ntriples(select: Select) -> str:
    """The derived graph as N-Triples text (the named graph is the loader's ``to_graph``).

    ``select(text)`` runs a SELECT of three variables (``?s ?o ?d``, IRIs) on the graph
    to index and yields its rows as strings.
    """
    signed = [(s, o, -1 if d.endswith("decreasingRelation") else 1)
              for s, o, d in select(EDGES_SIGNED)]
    leads = [(s, o) for s, o, _ in select(EDGES_LEADS_TO)]
    lines: list[str] = []
    if not signed and not leads:
        return ""  # nothing to derive: no graph at all (the engine uses the standard texts)
    add = lines.append
    for a, b, sign in signed_closure(signed):
        add(f"<{a}> <{INCREASES if sign > 0 else DECREASES}> <{b}> .\n")
    starts: set[str] = set()
    for a, b in closure(leads):
        starts.add(a)
        add(f"<{a}> <{LEADS_TO_CLOSURE}> <{b}> .\n")
    for node, cls, _ in select(TYPES):
        if node in starts:
            add(f"<{node}> <{RDF_IRI}type> <{cls}> .\n")
    add(f"<{GRAPH}> <{RDF_IRI}type> <{PROV_IRI}Entity> .\n")
    add(f"<{GRAPH}> <{KGV_IRI}reading> \"derived\" .\n")
    add(f"<{GRAPH}> <{RDFS_IRI}comment> \"{_DESCRIPTION}\" .\n")
    for source, _, _ in select(SOURCES):
        add(f"<{GRAPH}> <{PROV_IRI}wasDerivedFrom> <{source}> .\n")
    for prop, (label, comment) in _PROPERTIES.items():
        add(f"<{prop}> <{RDF_IRI}type> <{OWL_IRI}ObjectProperty> .\n")
        add(f"<{prop}> <{RDFS_IRI}label> \"{label}\" .\n")
        add(f"<{prop}> <{RDFS_IRI}comment> \"{comment}\" .\n")
    return "".join(lines)


def oxigraph_select(store) -> Select:
    """:data:`Select` over a pyoxigraph store (in memory or persistent)."""
    def select(text: str) -> Iterator[tuple[str, str, str]]:
        for row in store.query(text):
            yield row[0].value, row[1].value, row[2].value
    return select


def add_to_oxigraph(store) -> int:
    """Compute the index from ``store``'s default graph and load it into :data:`GRAPH`;
    returns the number of derived triples."""
    import pyoxigraph as ox

    text = derived_ntriples(oxigraph_select(store))
    if not text:
        return 0
    store.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(GRAPH), lenient=True)
    return text.count("\n")


def has_index(store) -> bool:
    """Whether a pyoxigraph store holds the index (a store loaded before it existed has not)."""
    return bool(store.query(PRESENT))
