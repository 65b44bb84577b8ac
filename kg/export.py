"""Write the graph for other tools: RDF (turtle, jsonld, nt), GraphML, KGX-style TSV.

* ``turtle``, ``jsonld``, ``nt``: the same bytes as the release files of ``kg build`` (the
  serializer is :mod:`kg.build`'s, so an export and a release never differ).
* ``graphml``: :func:`kg.graph.to_networkx` (concepts as nodes, cited statements as edges) with
  list values joined by ``'; '`` and empty values left out, for Gephi, Cytoscape and yEd.
* ``tsv``: ``nodes.tsv`` and ``edges.tsv`` in the columns of the KGX TSV format (Biolink
  tooling): CURIE ids, the ``kgv:`` class as category, pipe-joined multi-values, and on each
  edge the quote that states it (``supporting_text``).

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
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "supporting_text", "sentence", "source")


def export(graph: Graph, fmt: str, out: str | Path | None = None,
           prefixes: dict[str, str] | None = None) -> bytes | list[Path]:
    """Export ``graph`` as ``fmt``.

    Without ``out``: the file's bytes (not for ``tsv``, which is two files). With ``out``: a
    file path (a directory for ``tsv``, created if needed); returns the paths written.
    ``prefixes`` (``kg.yaml``'s) make the CURIEs of the TSV ``xref`` column.
    """
    from kg.files import write_output

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
    """KGX-style ``nodes.tsv`` (one row per concept) and ``edges.tsv`` (one row per cited
    statement, so every edge carries its quote)."""
    from rdflib import RDF, RDFS, SKOS
    from rdflib.namespace import PROV

    from kg.inspect import curie, dataset_prefixes
    from kg.namespaces import KGV
    from kg.resolve import concept_types

    ids = {**dataset_prefixes(graph), **(prefixes or {})}
    own = {prefix: str(ns) for prefix, ns in graph.namespaces()
           if prefix in ("kgv", "concept", "statement", "source")}

    def cur(iri: Any) -> str:
        return curie(iri, own)

    nodes = []
    for iri, cls in sorted(concept_types(graph).items()):
        matches = [*graph.objects(iri, SKOS.exactMatch), *graph.objects(iri, SKOS.closeMatch)]
        nodes.append((cur(iri), cur(cls), _one(graph.value(iri, RDFS.label)),
                      _one(graph.value(iri, SKOS.definition)),
                      "|".join(sorted(str(s) for s in graph.objects(iri, SKOS.altLabel))),
                      "|".join(sorted(curie(m, ids) for m in matches))))
    edges = []
    for st in sorted(graph.subjects(RDF.type, RDF.Statement)):
        values = [graph.value(st, p) for p in (RDF.subject, RDF.predicate, RDF.object)]
        if None in values:
            continue
        source = graph.value(st, PROV.wasDerivedFrom)
        edges.append((cur(st), *(cur(v) for v in values), _one(graph.value(st, PROV.value)),
                      _one(graph.value(st, KGV.sentence)),
                      cur(source) if source is not None else ""))
    return {"nodes.tsv": _tsv(NODE_COLUMNS, nodes), "edges.tsv": _tsv(EDGE_COLUMNS, edges)}


def _one(value: Any) -> str:
    """A cell: one line, no tabs (a TSV row must stay one row)."""
    return "" if value is None else " ".join(str(value).split())


def _tsv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
