"""The graph as a networkx MultiDiGraph, for graph algorithms and drawing.

RDF is the record (every fact with its evidence); networkx is the convenient shape for paths,
neighbourhoods and centrality. :func:`to_networkx` makes one node per concept and one edge per
cited statement, so an edge always carries the quote that justifies it.

Graph algorithms (explain, neighbors, compare, hubs) are plain functions taking that
MultiDiGraph; they belong below, one section per question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.namespaces import KGV_IRI

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Concepts as nodes, cited relation statements as edges.

    Nodes are keyed by the concept's local id (``'heavy-rain'``) with attributes
    ``iri``, ``label``, ``type`` (most specific asserted ``kgv:`` class), ``top_type`` (its
    broad type, just below the root class), ``definition`` (or None) and ``synonyms`` (sorted
    list). Each ``rdf:Statement`` gives one edge, keyed by the statement's local name, with
    ``predicate`` (local name), ``label`` (the predicate's ``rdfs:label``), ``quote``,
    ``sentence``, ``section``, ``source`` (source id), ``note``, ``reading`` ("stated" or
    "inferred"), ``qualifier`` (or None) and ``statement`` (IRI).
    Plain triples without a statement are not edges: every edge has its evidence.

    >>> from kg.build import build_graph
    >>> from kg.config import Project
    >>> from pathlib import Path
    >>> data = Path(__import__("kg").__file__).parents[1] / "tests/fixtures/mini/data"
    >>> g = to_networkx(build_graph(Project(data)))
    >>> g.nodes["flood"]["type"], g.nodes["flood"]["top_type"]
    ('Flood', 'Event')
    >>> [(u, v, d["predicate"], d["sentence"]) for u, v, d in g.out_edges("levee", data=True)]
    [('levee', 'flood', 'reduces', 5)]
    """
    import networkx as nx

    result = nx.MultiDiGraph()
    data = view_data(graph)
    for node, attrs in data["nodes"]:
        result.add_node(node, **attrs)
    for u, v, key, attrs in data["edges"]:
        result.add_edge(u, v, key=key, **attrs)
    return result


def view_data(graph: Graph) -> dict[str, list]:
    """What :func:`to_networkx` puts in its graph, as plain lists in the order it adds them:
    ``nodes`` ``[id, attributes]`` and ``edges`` ``[subject id, object id, key, attributes]``.
    The release keeps it (:mod:`kg.prepared`), so the read-only commands rebuild the same
    view (:class:`kg.explain.plain.PlainGraph`) without rdflib or networkx."""
    from rdflib import RDF, RDFS, SKOS, URIRef
    from rdflib.namespace import PROV

    from kg.namespaces import KGV
    from kg.ontology import Ontology

    onto = Ontology.from_graph(graph)
    nodes: list[list] = []
    edges: list[list] = []
    class_iris = {URIRef(KGV_IRI + name): name for name in onto.classes}

    concepts: dict[URIRef, str] = {}
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if cls in class_iris and isinstance(subject, URIRef):
            concepts.setdefault(subject, _local_id(subject))
    for iri, node_id in sorted(concepts.items(), key=lambda item: item[1]):
        asserted = [class_iris[c] for c in graph.objects(iri, RDF.type) if c in class_iris]
        node_type = _most_specific(asserted, onto)
        nodes.append([node_id, dict(
            iri=str(iri),
            label=_text(graph.value(iri, RDFS.label)) or node_id,
            type=node_type,
            top_type=onto.top_class(node_type),
            definition=_text(graph.value(iri, SKOS.definition)),
            synonyms=sorted(str(s) for s in graph.objects(iri, SKOS.altLabel)),
        )])

    for statement in sorted(graph.subjects(RDF.type, RDF.Statement)):
        subject = graph.value(statement, RDF.subject)
        predicate = graph.value(statement, RDF.predicate)
        obj = graph.value(statement, RDF.object)
        if subject not in concepts or obj not in concepts or predicate is None:
            continue
        name = _local_id(predicate)
        sentence = graph.value(statement, KGV.sentence)
        source = graph.value(statement, PROV.wasDerivedFrom)
        edges.append([concepts[subject], concepts[obj], _local_id(statement), dict(
            predicate=name,
            label=onto.labels.get(name, name),
            quote=_text(graph.value(statement, PROV.value)),
            sentence=int(sentence) if sentence is not None else None,
            section=_text(graph.value(statement, KGV.section)),
            source=_local_id(source) if source is not None else None,
            note=_text(graph.value(statement, RDFS.comment)),
            reading=_text(graph.value(statement, KGV.reading)) or "stated",
            qualifier=_text(graph.value(statement, KGV.qualifier)),
            statement=str(statement),
        )])
    return {"nodes": nodes, "edges": edges}


def _most_specific(classes: list[str], onto) -> str:
    """The asserted class no other asserted class is a subclass of (ties: by name)."""
    candidates = sorted(set(classes))
    for cls in candidates:
        if not any(other != cls and onto.is_subclass(other, cls) for other in candidates):
            return cls
    return candidates[0]


def _local_id(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _text(value: object) -> str | None:
    return None if value is None else str(value)
