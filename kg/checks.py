"""Fidelity checks of ``kg validate``: does each relation say what its source says?

SHACL (in :mod:`kg.validate`) checks the shape of the graph; these check its faithfulness to
the article and to the ontologies it cites:

``anchoring``  each end of each relation is named (by its label, a synonym, a lookup key or its
               id) in the relation's quote or in the sentences the quote touches, or else in the
               relation's note, which then says how the sentence refers to it ("This tightness"
               is the tight hip flexors of the sentence before);
``readings``   each relation is read as ``stated`` (the quote says it) or ``inferred`` (spread
               over sentences, read from a heading), and an inferred one carries a note;
``ids``        each exact or close ID is in the dataset's verified table
               (``data/ontology/xrefs.tsv``, :mod:`kg.xrefs`), and an exact one is not marked
               there as only the closest term;
``hierarchy``  ``isKindOf`` and ``partOf`` have no cycles (a thing is not a kind of itself).

Names are matched with :func:`kg.names.normalize` as whole words, so "weak glutes" names the
concept with that synonym and "hip" does not name "hip joint". Each check returns an
:class:`Outcome` (a summary and its issues); :mod:`kg.validate` turns issues into findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.names import normalize
from kg.resolve import local_id

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["Issue", "Outcome", "check_anchoring", "check_hierarchy", "check_ids",
           "check_readings"]

HIERARCHY = ("isKindOf", "partOf")


class Issue(NamedTuple):
    """One problem: ``severity`` (violation, warning), the node it is about, the message."""

    severity: str
    node: Any
    message: str


@dataclass
class Outcome:
    """What one check looked at (``summary``) and what it found."""

    summary: str
    issues: list[Issue] = field(default_factory=list)
    skipped: bool = False


def check_anchoring(graph: Graph, concepts: dict, sources_dir: Path) -> Outcome:
    """Each relation's subject and object are named by its quote, its sentences or its note."""
    from rdflib import RDF, RDFS
    from rdflib.namespace import PROV

    from kg.namespaces import NIF
    from kg.sources import read_document

    keys = {node: _names(graph, node) for node in concepts}
    documents: dict[Any, Any] = {}
    spans: dict[Any, Any] = {}  # source -> its sentences' starts and ends (:func:`_spans`)
    by_text = by_note = 0
    issues = []
    for st in sorted(graph.subjects(RDF.type, RDF.Statement)):
        ends = [graph.value(st, RDF.subject), graph.value(st, RDF.object)]
        quote = graph.value(st, PROV.value)
        if quote is None or any(end not in keys for end in ends):
            continue  # SHACL and grounding report these
        text, where = str(quote), "the quote does not name"
        source, begin, end = (graph.value(st, x) for x in (PROV.wasDerivedFrom,
                                                            NIF.beginIndex, NIF.endIndex))
        if source is not None and begin is not None and end is not None:
            if source not in documents:
                path = sources_dir / f"{local_id(source)}.txt"
                documents[source] = read_document(path) if path.is_file() else None
                if documents[source] is not None:
                    spans[source] = _spans(documents[source].sentences)
            doc = documents[source]
            if doc is not None:
                touched = _touched(doc.sentences, spans[source], int(begin), int(end))
                text += " " + " ".join(s.text for s in touched)
                numbers = ", ".join(str(s.number) for s in touched)
                where = (f"neither the quote nor sentence{'s' if len(touched) > 1 else ''} "
                         f"{numbers} names")
        haystack = f" {normalize(text)} "
        note = graph.value(st, RDFS.comment)
        in_note = f" {normalize(str(note))} " if note is not None else ""
        for role, node in zip(("subject", "object"), ends, strict=True):
            if any(f" {k} " in haystack for k in keys[node]):
                by_text += 1
            elif any(f" {k} " in in_note for k in keys[node]):
                by_note += 1
            else:
                label = graph.value(node, RDFS.label) or local_id(node)
                issues.append(Issue("violation", st, (
                    f"{where} its {role} "
                    f"{str(label)!r} (by label, synonym or id); add the synonym the article "
                    f"uses, or say in the note how the sentence refers to {str(label)!r}")))
    return Outcome(f"{by_text} ends named in the quote or sentence, {by_note} by the note",
                   issues)


def _spans(sentences: list) -> tuple[list[int], list[int]] | None:
    """The sentences' starts and ends, when both are in text order (else None)."""
    starts, ends = [x.start for x in sentences], [x.end for x in sentences]
    return (starts, ends) if starts == sorted(starts) and ends == sorted(ends) else None


def _touched(sentences: list, spans: tuple[list[int], list[int]] | None, begin: int,
             end: int) -> list:
    """The sentences overlapping ``[begin, end)`` (``s.start < end and s.end > begin``),
    found by bisection when they are in text order, rather than a scan of every sentence of
    the article for every quote (a large course has many of both)."""
    from bisect import bisect_left, bisect_right

    if spans is None:
        return [s for s in sentences if s.start < end and s.end > begin]
    starts, ends = spans
    return sentences[bisect_right(ends, begin):bisect_left(starts, end)]


def check_readings(graph: Graph) -> Outcome:
    """Each statement is stated or inferred; an inferred one says how in its note."""
    from rdflib import RDF, RDFS

    from kg.namespaces import KGV

    counts = {"stated": 0, "inferred": 0, "unmarked": 0}
    issues = []
    for st in sorted(graph.subjects(RDF.type, RDF.Statement)):
        reading = graph.value(st, KGV.reading)
        reading = str(reading) if reading is not None else "unmarked"
        counts[reading] = counts.get(reading, 0) + 1
        if reading == "unmarked":
            issues.append(Issue("warning", st, "has no reading (stated or inferred); "
                                               "rebuild the graph"))
        elif reading == "inferred" and not str(graph.value(st, RDFS.comment) or "").strip():
            issues.append(Issue("violation", st, (
                "is read as inferred but has no note; say in 'note:' which sentences or "
                "heading it is read from and how")))
    summary = f"{counts['stated']} stated, {counts['inferred']} inferred"
    if counts["unmarked"]:
        summary += f", {counts['unmarked']} unmarked"
    return Outcome(summary, issues)


def check_ids(graph: Graph, concepts: dict, table_path: Path,
              prefixes: dict[str, str]) -> Outcome:
    """Every cited ID is in the verified table; an exact one is verified as exact."""
    from rdflib import SKOS

    from kg.inspect import curie
    from kg.xrefs import read_xrefs

    table = read_xrefs(table_path)
    issues = []
    cited = 0
    for node in sorted(concepts):
        for kind, predicate in (("exact", SKOS.exactMatch), ("close", SKOS.closeMatch)):
            for iri in sorted(graph.objects(node, predicate)):
                cited += 1
                cid = curie(iri, prefixes)
                ref = table.get(cid)
                if ref is None:
                    issues.append(Issue("violation", node, (
                        f"its {kind} ID {cid} is not in the verified table {table_path.name}; "
                        "copy its row there from the reference table once checked, or "
                        "remove it")))
                elif kind == "exact" and not ref.exact_ok:
                    issues.append(Issue("violation", node, (
                        f"its exact ID {cid} ({ref.label}) is verified only as "
                        f"{ref.note.split(' ')[0].rstrip(':;,')}; cite it under 'close:'")))
    if not table and not cited:
        return Outcome(f"no IDs cited, no {table_path.name}", skipped=True)
    return Outcome(f"{cited} IDs cited, {len(table)} in {table_path.name}", issues)


def check_hierarchy(graph: Graph, concepts: dict) -> Outcome:
    """No cycle through ``isKindOf`` nor through ``partOf``."""
    from rdflib import RDFS

    from kg.namespaces import KGV

    issues = []
    counts = []
    for name in HIERARCHY:
        edges: dict[Any, list] = {}
        n = 0
        for s, o in graph.subject_objects(KGV[name]):
            if s in concepts and o in concepts:
                edges.setdefault(s, []).append(o)
                n += 1
        counts.append(f"{n} {name}")
        for cycle in _cycles(edges):
            path = " → ".join(str(graph.value(x, RDFS.label) or local_id(x))
                              for x in [*cycle, cycle[0]])
            issues.append(Issue("violation", cycle[0], (
                f"'{name}' goes round in a circle: {path}; remove the relation that closes it")))
    return Outcome(", ".join(counts) + " relations", issues)


# ------------------------------------------------------------------------------------ helpers

def _names(graph: Graph, node: Any) -> set[str]:
    """The normalized names of a concept: label, synonyms, keys, id."""
    from rdflib import RDFS, SKOS

    from kg.namespaces import KGV

    names = {str(x) for p in (RDFS.label, SKOS.altLabel, KGV.key) for x in graph.objects(node, p)}
    names.add(local_id(node))
    return {key for key in (normalize(n) for n in names) if key}


def _cycles(edges: dict[Any, list]) -> list[list]:
    """Each elementary cycle found by a depth-first search, once (rotated to its least node)."""
    found: dict[tuple, list] = {}
    done: set = set()

    def visit(node: Any, path: list, on_path: set) -> None:
        for nxt in sorted(edges.get(node, [])):
            if nxt in on_path:
                cycle = path[path.index(nxt):]
                i = cycle.index(min(cycle))
                rotated = cycle[i:] + cycle[:i]
                found.setdefault(tuple(rotated), rotated)
            elif nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                visit(nxt, path, on_path)
                on_path.discard(nxt)
                path.pop()
        done.add(node)

    for start in sorted(edges):
        if start not in done:
            visit(start, [start], {start})
    return list(found.values())
