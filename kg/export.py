"""Write the graph for other tools: RDF (turtle, jsonld, nt), GraphML, KGX-style TSV, and
teaching material (anki, gift, qti: made by :mod:`kg.teach`).

* ``turtle``, ``jsonld``, ``nt``: the same bytes as the release files of ``kg build`` (the
  serializer is :mod:`kg.build`'s, so an export and a release never differ).
* ``graphml``: :func:`kg.graph.to_networkx` (concepts as nodes, cited statements as edges) with
  list values joined by ``'; '`` and empty values left out, for Gephi, Cytoscape and yEd.
* ``tsv``: ``nodes.tsv`` and ``edges.tsv`` in the KGX TSV format. A node's id is its exact
  ontology match where it has one under a prefix Biolink registers (:data:`KGX_ID_PREFIXES`:
  ``UBERON:0001465``, as KGX wants), else the dataset's own CURIE (``concept:knee-joint``);
  every node's ``iri`` column is its IRI in the RDF, so the mapping goes both ways.
  ``kgx validate`` accepts all of it but the ``concept:`` ids of concepts with no registered
  match (docs/sparql-and-engines.md, "KGX": kgx takes only CURIEs, only with prefixes of the
  Biolink context, and has no option to add one). Also:
  Biolink categories and predicates taken from the vocabulary's own alignments (its
  ``skos:exactMatch`` / ``closeMatch`` / ``broadMatch`` to ``biolink:``; a term with none takes
  its nearest ``kgv:`` ancestor's), the ``kgv:`` term kept beside them (``kgv_category``,
  ``original_predicate``), pipe-joined multi-values, and on each edge the quote that states it
  (``supporting_text``), the article as ``primary_knowledge_source`` and ``publications``, and
  ``knowledge_level`` / ``agent_type`` (every edge is a curator's reading of the article).

:func:`export` returns the bytes (one-file formats, no ``out``) or writes atomically: every file
is made in memory first, then each is written by :func:`kg.files.write_output` (a temporary
file renamed over its target, through symlinks, never over a device or FIFO), so a failed
export leaves no half-written file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Graph

#: export format -> serializer name in kg.build (None: made here)
FORMATS: dict[str, str | None] = {"turtle": "turtle", "jsonld": "json-ld", "nt": "nt",
                                  "graphml": None, "tsv": None}
SUFFIXES = {"turtle": ".ttl", "jsonld": ".jsonld", "nt": ".nt", "graphml": ".graphml"}
#: teaching material (kg.teach): anki deck, GIFT quiz (Moodle), QTI 1.2 zip (Canvas)
TEACHING = ("anki", "gift", "qti")
FORMATS.update(dict.fromkeys(TEACHING))
SUFFIXES.update({"anki": ".apkg", "gift": ".gift", "qti": ".zip"})
NODE_COLUMNS = ("id", "category", "kgv_category", "name", "description", "synonym", "xref", "iri")
EDGE_COLUMNS = ("id", "subject", "predicate", "original_predicate", "object", "knowledge_level",
                "agent_type", "primary_knowledge_source", "publications", "supporting_text",
                "sentence")
#: Biolink's roots: the category and predicate of a term whose vocabulary aligns neither it nor
#: any of its ancestors to Biolink (everything is a named thing; every relation is a related_to)
BIOLINK_ROOTS = ("NamedThing", "related_to")
#: CURIE prefixes of the Biolink Model's prefix map (checked against biolink-model's own by
#: tests/test_kgx.py), in the order one is preferred as a node's KGX id when a concept has
#: several exact matches. SYMP, which the vocabulary uses, is not registered by Biolink.
KGX_ID_PREFIXES = ("MONDO", "DOID", "HP", "UBERON", "FMA", "MAXO", "NCIT", "OGMS", "CHEBI",
                   "GO", "CL", "PATO", "SNOMEDCT", "UMLS", "MESH", "ICD10", "OMIM")
#: every edge is a manual reading of the article: Biolink's knowledge_level and agent_type values
KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"


def export(graph: Graph, fmt: str, out: str | Path | None = None,
           prefixes: dict[str, str] | None = None) -> bytes | list[Path]:
    """Export ``graph`` as ``fmt``.

    Without ``out``: the file's bytes (not for ``tsv``, which is two files). With ``out``: a
    file path (a directory for ``tsv``, created if needed); returns the paths written.
    ``prefixes`` (``kg.yaml``'s) make the CURIEs of the TSV ``xref`` column.
    """
    from kg.files import write_output

    if fmt in TEACHING:
        from kg.teach import BINARY, check_output

        if out is None and fmt in BINARY:
            raise KGError(f"the {fmt} export is a zip file, so it cannot go to standard output",
                          hint=f"give a file to write: -o FILE{SUFFIXES[fmt]}")
        if out is not None:
            check_output(out, fmt)
    files = render(graph, fmt, prefixes)
    if fmt == "tsv":
        if out is None:
            raise KGError("the tsv export is two files (nodes.tsv and edges.tsv)",
                          hint="give a folder to write them in: -o DIR")
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            raise KGError(f"{folder} is a file; the tsv export needs a folder",
                          hint="give a folder with -o DIR (it is created if missing)")
        return [write_output(folder / name, data) for name, data in files.items()]
    [data] = files.values()
    if out is None:
        return data
    path = Path(out)
    if path.is_dir():
        raise KGError(f"{path} is a folder", hint=f"give a file name, e.g. "
                                                  f"{path / ('graph' + SUFFIXES[fmt])}")
    return [write_output(path, data)]


def render(graph: Graph, fmt: str, prefixes: dict[str, str] | None = None) -> dict[str, bytes]:
    """The export's files as ``{file name: bytes}`` (one entry, named by suffix, except tsv)."""
    if fmt not in FORMATS:
        raise KGError(f"unknown export format {fmt!r}",
                      hint="use one of: " + ", ".join(FORMATS))
    if fmt == "tsv":
        return tsv_tables(graph, prefixes)
    if fmt == "graphml":
        return {SUFFIXES[fmt]: graphml_bytes(graph)}
    if fmt in TEACHING:
        from kg.teach import render_format

        return {SUFFIXES[fmt]: render_format(graph, fmt)}
    from kg.build import serialize  # the release serializer: same bytes as the release

    return {SUFFIXES[fmt]: serialize(graph, FORMATS[fmt])}


# ------------------------------------------------------------------------------------ graphml

def graphml_graph(graph: Graph) -> nx.MultiDiGraph:
    """:func:`kg.graph.to_networkx` with values GraphML can hold: lists joined with ``'; '``,
    None values dropped (GraphML has no null; a missing attribute reads as empty)."""
    from kg.graph import to_networkx

    source = to_networkx(graph)
    result = type(source)()
    for node, attrs in source.nodes(data=True):
        result.add_node(node, **_flat(attrs))
    for u, v, key, attrs in source.edges(keys=True, data=True):
        result.add_edge(u, v, key=key, **_flat(attrs))
    return result


def graphml_bytes(graph: Graph) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(graphml_graph(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _flat(attrs: dict[str, Any]) -> dict[str, Any]:
    flat = {}
    for key, value in attrs.items():
        if isinstance(value, list | tuple | set):
            value = "; ".join(str(v) for v in value)
        if value is None or value == "":
            continue
        flat[str(key)] = value
    return flat


# ------------------------------------------------------------------------------------ tsv

def tsv_tables(graph: Graph, prefixes: dict[str, str] | None = None) -> dict[str, bytes]:
    """KGX ``nodes.tsv`` (one row per concept) and ``edges.tsv`` (one row per cited statement,
    so every edge carries its quote)."""
    from rdflib import RDF, RDFS, SKOS
    from rdflib.namespace import PROV

    from kg.inspect import curie, dataset_prefixes
    from kg.namespaces import KGV
    from kg.ontology import Ontology
    from kg.resolve import concept_types

    ids = {**dataset_prefixes(graph), **(prefixes or {})}
    own = {prefix: str(ns) for prefix, ns in graph.namespaces()
           if prefix in ("kgv", "concept", "statement", "source")}
    onto = Ontology.from_graph(graph)
    categories = {name: _biolink(graph, [name, *onto.superclasses(name)], BIOLINK_ROOTS[0])
                  for name in onto.classes}
    predicates = {name: _biolink(graph, [name, *onto.superproperties(name)], BIOLINK_ROOTS[1])
                  for name in onto.properties}

    node_ids = _kgx_ids(graph, concept_types(graph), ids)

    def cur(iri: Any) -> str:
        return node_ids.get(iri) or curie(iri, own)

    nodes = []
    for iri, cls in sorted(concept_types(graph).items()):
        matches = [*graph.objects(iri, SKOS.exactMatch), *graph.objects(iri, SKOS.closeMatch)]
        nodes.append((cur(iri), categories.get(_local(cls), "biolink:" + BIOLINK_ROOTS[0]),
                      cur(cls), _one(graph.value(iri, RDFS.label)),
                      _one(graph.value(iri, SKOS.definition)),
                      "|".join(sorted(_one(s) for s in graph.objects(iri, SKOS.altLabel))),
                      "|".join(sorted(curie(m, ids) for m in matches)), str(iri)))
    edges = []
    for st in sorted(graph.subjects(RDF.type, RDF.Statement)):
        subject, predicate, object_ = (graph.value(st, p)
                                       for p in (RDF.subject, RDF.predicate, RDF.object))
        if subject is None or predicate is None or object_ is None:
            continue
        source = graph.value(st, PROV.wasDerivedFrom)
        cited = cur(source) if source is not None else ""
        edges.append((cur(st), cur(subject),
                      predicates.get(_local(predicate), "biolink:" + BIOLINK_ROOTS[1]),
                      cur(predicate), cur(object_), KNOWLEDGE_LEVEL, AGENT_TYPE, cited, cited,
                      _one(graph.value(st, PROV.value)), _one(graph.value(st, KGV.sentence))))
    return {"nodes.tsv": _tsv(NODE_COLUMNS, nodes), "edges.tsv": _tsv(EDGE_COLUMNS, edges)}


def _kgx_ids(graph: Graph, concepts: dict, prefixes: dict[str, str]) -> dict[Any, str]:
    """Concept IRI -> its KGX id where it has an exact match under a Biolink-registered prefix
    (the first by :data:`KGX_ID_PREFIXES`); a match two concepts share is no one's id."""
    from rdflib import SKOS

    from kg.inspect import curie

    rank = {prefix: i for i, prefix in enumerate(KGX_ID_PREFIXES)}
    chosen: dict[Any, str] = {}
    for iri in concepts:
        registered = [c for c in (curie(m, prefixes) for m in graph.objects(iri, SKOS.exactMatch))
                      if c.split(":", 1)[0] in rank and ":" in c and "/" not in c]
        if registered:
            chosen[iri] = min(registered, key=lambda c: (rank[c.split(":", 1)[0]], c))
    taken = list(chosen.values())
    return {iri: c for iri, c in chosen.items() if taken.count(c) == 1}


def _biolink(graph: Graph, chain: list[str], root: str) -> str:
    """The Biolink CURIE a vocabulary term exports as: the first term of ``chain`` (the term,
    then its ``kgv:`` ancestors nearest first) that the vocabulary maps to Biolink, its exact
    match before a close one before a broader one; Biolink's root when none is mapped. The
    mapping is the vocabulary's data, so a dataset with its own vocabulary exports its own."""
    from rdflib import SKOS, URIRef

    from kg.namespaces import BIOLINK_IRI, KGV_IRI

    for name in chain:
        for match in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
            found = sorted(str(o) for o in graph.objects(URIRef(KGV_IRI + name), match)
                           if str(o).startswith(BIOLINK_IRI))
            if found:
                return "biolink:" + found[0][len(BIOLINK_IRI):]
    return "biolink:" + root


def _local(iri: Any) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _one(value: Any) -> str:
    """A cell: one line, no tabs (a TSV row must stay one row)."""
    return "" if value is None else " ".join(str(value).split())


def _tsv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
