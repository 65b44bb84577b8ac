"""SHACL by parts, each part's results cached: validate only what changed.

Used for local shapes that :mod:`kg.validate_shacl` (which evaluates the shipped shapes in one
pass, faster than this cache can hash) does not evaluate. pyshacl over a whole course is slow
(12-15 s of CPU at a hundred articles). The shapes a dataset ships are *local*: every constraint
is on a direct property of its focus node, and ``sh:class`` looks only at the value's
``rdf:type`` and the vocabulary's ``rdfs:subClassOf``. For such shapes, a focus node's results
depend only on its own triples, the types of the nodes it points to and the class hierarchy. So
the graph is split into parts (one per source: its statements and the concepts it first
mentions; one for the rest), each part's results kept for the subjects it owns and cached under
``build/cache/shacl/`` by the SHA-256 of the part's triples, the shapes and pyshacl's version.
The parts not in the cache are validated together in one pyshacl run (they are independent), so
a first build costs about what a whole-graph run does, and a rebuild after one article changed
re-validates that part only. Entries the latest run did not use are removed (:func:`prune`), so
the cache holds one build's parts, not every version of every article.

Shapes that use anything else (``sh:node``, an inverse or sequence path, SPARQL, targets found
through other nodes' triples...), or a graph with blank nodes, are validated whole, as before.
``tests/test_shacl_split.py`` checks the split results equal the whole-graph ones.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

SH = "http://www.w3.org/ns/shacl#"
#: the SHACL terms whose constraints are local to the focus node (see the module text)
LOCAL = {SH + name for name in (
    "NodeShape", "PropertyShape", "property", "path", "targetClass", "targetSubjectsOf",
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength", "pattern",
    "flags", "in", "hasValue", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    "message", "severity", "name", "description", "order", "group", "deactivated",
    "IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral",
    "Violation", "Warning", "Info")}
_DIGEST = re.compile(r"[0-9a-f]{64}")  # a cache entry's name
#: one record per result: (focus IRI, severity local name, message, value IRI or None)
Record = tuple[str, str, str, "str | None"]


def is_local(shapes: Graph, data: Graph) -> bool:
    """True when every SHACL term of ``shapes`` is in :data:`LOCAL`, every ``sh:path`` an IRI,
    and ``data`` has no blank node (which a part could not carry whole)."""
    from rdflib import BNode, URIRef

    for _s, p, o in shapes:
        for term in (p, o):
            if isinstance(term, URIRef) and str(term).startswith(SH) and str(term) not in LOCAL:
                return False
        if str(p) == SH + "path" and not isinstance(o, URIRef):
            return False
    return not any(isinstance(t, BNode) for triple in data for t in triple)


def parts(graph: Graph) -> dict[str, tuple[set, list]]:
    """``{key: (subjects owned, triples to validate)}``, one part per source and one ("") for
    the rest; each part's triples are its subjects' triples, the ``rdf:type`` of every node
    they point to and the class hierarchy."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import PROV

    by_subject: dict[Any, list] = defaultdict(list)
    types: dict[Any, list] = defaultdict(list)
    hierarchy = []
    for triple in graph:
        by_subject[triple[0]].append(triple)
        if triple[1] == RDF.type:
            types[triple[0]].append(triple)
        elif triple[1] == RDFS.subClassOf:
            hierarchy.append(triple)
    key: dict[Any, str] = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        source = str(graph.value(st, PROV.wasDerivedFrom) or "")
        key[st] = source
        for end in (graph.value(st, RDF.subject), graph.value(st, RDF.object)):
            if end is not None and end not in key or (end in key and source < key[end]):
                key[end] = source
    owned: dict[str, set] = defaultdict(set)
    for subject in by_subject:
        owned[key.get(subject, "")].add(subject)
    result = {}
    for name, subjects in owned.items():
        triples = [t for s in subjects for t in by_subject[s]]
        context = {t for _s, _p, o in triples if isinstance(o, URIRef) for t in types.get(o, ())}
        result[name] = (subjects, list(set(triples) | context | set(hierarchy)))
    return result


def validate_parts(graph: Graph, shapes: Graph, shapes_bytes: bytes,
                   cache_dir: Path | None) -> list[Record]:
    """Every part's records (from the cache when its content is unchanged), all together.
    Cache entries this graph did not use are removed (:func:`prune`)."""
    import pyshacl
    from rdflib import Graph

    salt = hashlib.sha256(shapes_bytes + pyshacl.__version__.encode()).hexdigest()
    records: list[Record] = []
    stale: dict[str, tuple[str, set]] = {}  # part name -> (digest, owned IRIs)
    stale_triples: list = []  # the stale parts together: one pyshacl run, not one per part
    used: set[str] = set()
    split = parts(graph)
    for name, (owned, triples) in sorted(split.items()):
        digest = hashlib.sha256(salt.encode())
        for line in sorted(" ".join(t.n3() for t in triple) for triple in triples):
            digest.update(line.encode() + b"\n")
        used.add(digest.hexdigest())
        cached = _read(cache_dir, digest.hexdigest())
        if cached is not None:
            records += [tuple(r) for r in cached]  # type: ignore[misc]
            continue
        stale[name] = (digest.hexdigest(), {str(s) for s in owned})
        stale_triples += triples
    if stale:
        union = graph  # nothing cached (a first build): the graph itself, no copy to make
        if len(stale) < len(split):
            union = Graph()
            for triple in stale_triples:
                union.add(triple)
        owner = {iri: name for name, (_d, owned_iris) in stale.items() for iri in owned_iris}
        found: dict[str, list[Record]] = {name: [] for name in stale}
        for record in run(union, shapes):
            if record[0] in owner:  # a node only typed here is checked in its own part
                found[owner[record[0]]].append(record)
        for name, (digest_hex, _owned) in stale.items():
            _write(cache_dir, digest_hex, found[name])
            records += found[name]
    prune(cache_dir, used)
    return records


def prune(cache_dir: Path | None, keep: set[str]) -> int:
    """Remove the cache entries (``<sha256>.json``) not named in ``keep`` — those of parts
    that have changed or gone since, which no build would read again — and the folder once
    empty; return how many were removed. Other files are left alone. Best effort, like
    :func:`_write`."""
    if cache_dir is None or not cache_dir.is_dir():
        return 0
    removed = 0
    for path in cache_dir.glob("*.json"):
        if _DIGEST.fullmatch(path.stem) and path.stem not in keep:
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    try:
        cache_dir.rmdir()  # only if empty
    except OSError:
        pass
    return removed


def run(graph: Graph, shapes: Graph) -> list[Record]:
    """pyshacl on ``graph``: one record per validation result."""
    from pyshacl import validate as shacl_validate
    from rdflib import RDF, URIRef
    from rdflib import SH as SHNS  # noqa: N811

    from kg.resolve import local_id

    _conforms, results, _text = shacl_validate(
        graph, shacl_graph=shapes, inference="none", advanced=False,
        allow_warnings=True, allow_infos=True)
    records = []
    for result in results.subjects(RDF.type, SHNS.ValidationResult):
        focus = results.value(result, SHNS.focusNode)
        severity = local_id(results.value(result, SHNS.resultSeverity) or SHNS.Violation)
        message = results.value(result, SHNS.resultMessage) or _default_message(results, result)
        value = results.value(result, SHNS.value)
        records.append((str(focus), severity, str(message),
                        str(value) if isinstance(value, URIRef) else None))
    return records


def _default_message(results: Graph, result: Any) -> str:
    from rdflib import SH as SHNS  # noqa: N811

    from kg.resolve import local_id

    path = results.value(result, SHNS.resultPath)
    component = local_id(results.value(result, SHNS.sourceConstraintComponent) or "")
    where = f" on {local_id(path)}" if path is not None else ""
    return f"fails {component.removesuffix('ConstraintComponent')}{where}"


def _read(cache_dir: Path | None, digest: str) -> list | None:
    if cache_dir is None:
        return None
    try:
        return json.loads((cache_dir / f"{digest}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write(cache_dir: Path | None, digest: str, records: list) -> None:
    """Best effort (a cache): an unwritable build folder only costs the next run time."""
    if cache_dir is None:
        return
    from kg.files import write_atomic

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir / f"{digest}.json", json.dumps(records).encode())
    except OSError:
        pass
