"""What the read-only commands need, prepared at build time: the release's ``prepared.json``.

``kg show``, ``kg stats``, ``kg explain``, ``kg neighbors``, ``kg compare`` and ``kg hubs`` used
to parse the release with rdflib and build the networkx view on every run: about 0.25 s of
imports alone, 10-16x a bare interpreter. ``kg build`` now writes, with the other release files
(and hashed in the manifest like them), one JSON file holding what those commands read:

- ``view``: the explain view's nodes and edges in the order :func:`kg.graph.to_networkx` adds
  them, and the vocabulary facts :func:`kg.explain.annotate` puts in ``G.graph``; the commands
  rebuild it as a :class:`kg.explain.plain.PlainGraph`, so the walks see the same graph;
- ``names``: the name resolver's tables (:meth:`kg.resolve.Resolver.tables`);
- ``cards``: every concept's :func:`kg.inspect.card` (by IRI), with the dataset's prefixes
  and the verified IDs' labels; ``stats``: :func:`kg.inspect.stats`;
- ``kinds``: each vocabulary class with its label (:func:`kg.inspect.kind_labels`) and its
  members (:func:`kg.inspect.kind_members`), for ``kg show KIND``.

Everything in it is computed by the same functions the commands called before, from the same
graph, so their output is unchanged (``tests/test_prepared.py`` checks the file against the
graph). Why JSON: the standard library reads it in a few milliseconds without importing
anything heavy (``marshal`` is faster but tied to the Python version; SQLite, which the search
index uses, would suit queries over it, but these commands read whole records), it is
deterministic (the same graph gives the same bytes) and it can be read by eye or by another
tool. :mod:`kg.readonly` reads it, after the same freshness check as ``kg query``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

    from kg.config import Project

__all__ = ["PREPARED_NAME", "PREPARED_VERSION", "prepare", "prepared_bytes"]

PREPARED_NAME = "prepared.json"
#: raised when the file's layout changes; a reader refuses (and rebuilds) another version
PREPARED_VERSION = 1


def prepare(graph: Graph, project: Project) -> dict[str, Any]:
    """The prepared data of ``graph`` (a release graph: it holds the vocabulary)."""
    from kg.explain.plain import PlainGraph
    from kg.explain.vocabulary import annotate
    from kg.graph import view_data
    from kg.inspect import card, kind_labels, kind_members, stats
    from kg.ontology import Ontology
    from kg.resolve import Resolver, concept_types
    from kg.xrefs import xref_labels

    ontology = Ontology.from_graph(graph)
    view = view_data(graph)
    facts = {name: dict(sorted(value.items())) if isinstance(value, dict) else value
             for name, value in annotate(PlainGraph(), ontology).graph.items()}  # set order
    types = concept_types(graph)
    prefixes = project.settings.prefixes
    id_labels = xref_labels(project.ontology_dir)
    kinds = kind_labels(graph)
    return {
        "version": PREPARED_VERSION,
        "view": {**view, "graph": facts},
        "names": Resolver(graph).tables(),
        "stats": stats(graph),
        "cards": {str(iri): card(graph, iri, prefixes, id_labels, ontology=ontology,
                                 types=types) for iri in sorted(types)},
        "kinds": {"labels": kinds,
                  "members": {cls: kind_members(graph, cls, ontology) for cls in kinds}},
    }


def prepared_bytes(graph: Graph, project: Project) -> bytes:
    """:func:`prepare` as the release file's bytes (compact JSON, UTF-8)."""
    data = prepare(graph, project)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
