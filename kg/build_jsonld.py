"""The release's JSON-LD: rdflib's compacted output, written in one pass over the triples.

rdflib's JSON-LD writer looks every subject's properties up in its store and every predicate
up in the context (4.8 s of CPU at a hundred articles, the largest part of writing a release).
A built graph is simple: IRI subjects, no blank nodes, no RDF lists, and a context that is only
prefixes. For such a graph :func:`jsonld` builds the same node objects rdflib's ``Converter``
would (ids and keys shrunk by rdflib's own ``Context``, ``@type`` for ``rdf:type``, native JSON
for the literal types rdflib writes natively, ``{"@type", "@value"}`` or ``{"@language",
"@value"}`` otherwise), then orders them as the release always has. Any other graph goes
through rdflib. ``tests/test_build_jsonld.py`` checks the bytes equal the rdflib path's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: a value's sort key: ``json.dumps(v, sort_keys=True)`` with one encoder, not one per call
_SORT_KEY = json.JSONEncoder(sort_keys=True).encode


def jsonld(graph: Graph, triples: Iterable | None = None, *, fast: bool = True) -> bytes:
    """JSON-LD with a prefix context, nodes sorted by ``@id`` and value lists sorted (rdflib's
    own order follows hash order, which changes between processes). ``triples``: the graph's
    triples when the caller has listed them already."""
    context = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())
               if prefix and prefix != "xml"}
    data = _fast(graph if triples is None else triples, context) if fast else None
    if data is None:
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=_SORT_KEY)
    data["@graph"] = sorted(nodes, key=lambda n: str(n.get("@id", "")))
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _fast(triples: Iterable, context_data: dict[str, str]) -> dict[str, Any] | None:
    """What ``json.loads`` of rdflib's compacted JSON-LD gives, or None (then ask rdflib)."""
    from rdflib import RDF, Literal, URIRef
    from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES
    from rdflib.plugins.shared.jsonld.context import Context

    context = Context(context_data)
    if context.vocab or context.language or context.base:
        return None
    terms = set(context_data.values())  # a context of prefixes: each term's IRI
    keys: dict[Any, str] = {}  # predicate -> its key
    ids: dict[Any, str] = {}
    nodes: dict[Any, dict[str, Any]] = {}

    def shrink(iri: Any) -> str:
        found = ids.get(iri)
        if found is None:
            found = ids[iri] = context.shrink_iri(iri)
        return found

    for s, p, o in triples:
        if not isinstance(s, URIRef) or not isinstance(p, URIRef) or p == RDF.first:
            return None  # blank nodes and lists: rdflib's nesting rules apply
        key = keys.get(p)
        if key is None:
            if str(p) in terms:
                return None  # a term of the context names it: rdflib's coercions apply
            key = keys[p] = "@type" if p == RDF.type else context.to_symbol(p)
        if isinstance(o, Literal):
            if o.datatype in PLAIN_LITERAL_TYPES:
                value = o.toPython()
                if isinstance(value, Literal) or not isinstance(value, bool | int | float
                                                                   | str):
                    return None  # an ill-typed literal: rdflib decides
            elif o.datatype:
                value = {"@type": context.to_symbol(o.datatype), "@value": str(o)}
            elif o.language:
                value = {"@language": o.language, "@value": str(o)}
            else:
                value = str(o)
        elif isinstance(o, URIRef):
            value = context.to_symbol(o) if key == "@type" else {"@id": shrink(o)}
        else:
            return None
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"@id": shrink(s)}
        if key not in node:
            node[key] = value
            continue
        held = node[key]
        if not held or not value:
            return None  # rdflib drops a falsy first value ("", 0), which one by hash order
        if isinstance(held, list):
            held.append(value)
        else:
            node[key] = [held, value]
    if len(nodes) < 2:
        return None  # rdflib writes one node without "@graph"
    return {"@context": context_data, "@graph": list(nodes.values())}
