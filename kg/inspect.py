"""Look at a graph: counts (:func:`stats`) and one concept's card (:func:`card`).

The ``kg stats`` and ``kg show`` commands print these; a notebook can use the dicts directly::

    import kg
    from kg.inspect import card, stats, format_card
    from kg.resolve import Resolver
    graph = kg.load()
    stats(graph)["concepts"]["total"]
    print(format_card(card(graph, Resolver(graph).resolve("knee OA"))))

Concepts and relations are named by their labels (the vocabulary is in the graph), IDs are
shown as CURIEs, and every relation comes with the quote and sentence that state it.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter
from typing import TYPE_CHECKING, Any

from kg.namespaces import PREFIXES
from kg.resolve import concept_types, local_id, relation_triples

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph, URIRef


def stats(graph: Graph) -> dict[str, Any]:
    """Counts: concepts by type (most specific, and rolled up to the broad type), relations by
    predicate label, statements, sources and triples. Counts are sorted largest first."""
    from rdflib import RDF
    from rdflib.namespace import PROV

    from kg.ontology import Ontology

    onto = Ontology.from_graph(graph)
    types = concept_types(graph)
    names = [local_id(cls) for cls in types.values()]
    by_type = Counter(_label(onto, name) for name in names)
    by_top = Counter(_label(onto, onto.top_class(name) if name in onto.classes else name)
                     for name in names)
    relations = relation_triples(graph, types)
    by_predicate = Counter(_label(onto, local_id(p)) for _s, p, _o in relations)
    return {
        "concepts": {"total": len(types), "by_top_type": _sorted(by_top),
                     "by_type": _sorted(by_type)},
        "relations": {"total": len(relations), "by_predicate": _sorted(by_predicate)},
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "sources": len(set(graph.subjects(RDF.type, PROV.Entity))),
        "triples": len(graph),
    }


def format_stats(data: dict[str, Any]) -> str:
    """The counts of :func:`stats` as aligned text."""
    concepts, relations = data["concepts"], data["relations"]
    lines = [f"{concepts['total']} concepts"]
    lines += _table("by broad type", concepts["by_top_type"])
    lines += _table("by type", concepts["by_type"])
    lines += ["", f"{relations['total']} relations, {data['statements']} cited statements, "
                  f"{data['sources']} source{'s' if data['sources'] != 1 else ''}, "
                  f"{data['triples']} triples"]
    lines += _table("by relation", relations["by_predicate"])
    return "\n".join(lines)


def card(graph: Graph, iri: URIRef, prefixes: dict[str, str] | None = None,
         id_labels: dict[str, str] | None = None, *, ontology: Any = None,
         types: dict | None = None) -> dict[str, Any]:
    """Everything about one concept: names, type, definition, IDs, and each relation in and out
    with its quote, sentence, section, reading and qualifier (one entry per cited statement).

    ``prefixes`` (``kg.yaml``'s, e.g. ``{"MONDO": "http://purl.obolibrary.org/obo/MONDO_"}``)
    turn ID IRIs into CURIEs; by default the dataset prefixes bound in the graph are used.
    ``id_labels`` (CURIE -> the ontology's own label, :func:`kg.xrefs.xref_labels`) name what
    each ID really is; ``id_labels`` in the result holds those of this concept's IDs.
    ``ontology`` and ``types`` (:func:`kg.resolve.concept_types`): the graph's, when already
    read (the build makes every concept's card: :mod:`kg.prepared`).
    """
    from rdflib import RDFS, SKOS

    from kg.ontology import Ontology

    onto = ontology or Ontology.from_graph(graph)
    cls = (types if types is not None else concept_types(graph)).get(iri)
    type_name = local_id(cls) if cls is not None else None
    prefixes = prefixes if prefixes is not None else dataset_prefixes(graph)
    relations = [_relation(graph, onto, st, iri) for st in _statements(graph, iri)]
    exact = sorted(curie(m, prefixes) for m in graph.objects(iri, SKOS.exactMatch))
    close = sorted(curie(m, prefixes) for m in graph.objects(iri, SKOS.closeMatch))
    id_labels = id_labels or {}
    relations.sort(key=lambda r: (r["direction"] != "out", r["predicate_label"],
                                  r["other_label"].casefold(), r["sentence"] or 0))
    return {
        "id": local_id(iri),
        "iri": str(iri),
        "label": _text(graph.value(iri, RDFS.label)) or local_id(iri),
        "type": type_name,
        "type_label": _label(onto, type_name) if type_name else None,
        "top_type": _label(onto, onto.top_class(type_name))
        if type_name in onto.classes else None,
        "definition": _text(graph.value(iri, SKOS.definition)),
        "synonyms": sorted((str(s) for s in graph.objects(iri, SKOS.altLabel)), key=str.casefold),
        "exact": exact,
        "close": close,
        "id_labels": {c: id_labels[c] for c in exact + close if id_labels.get(c)},
        "outgoing": [r for r in relations if r["direction"] == "out"],
        "incoming": [r for r in relations if r["direction"] == "in"],
    }


def format_card(data: dict[str, Any], width: int | None = None) -> str:
    """A concept card for the terminal: header, names, IDs, then relations with wrapped quotes."""
    width = width or min(max(shutil.get_terminal_size((88, 24)).columns, 60), 100)
    kind = data["type_label"] or "no type"
    if data["top_type"] and data["top_type"] != kind:
        kind += f", a kind of {data['top_type']}"
    lines = [f"{data['label']}  ({kind})", f"  id: {data['id']}"]
    if data["synonyms"]:
        lines += _wrap("also: " + "; ".join(data["synonyms"]), width, "  ", "        ")
    if data["definition"]:
        lines += _wrap(data["definition"], width, "  ", "  ")
    for key, title in (("exact", "same as"), ("close", "close to")):
        if data[key]:
            labels = data.get("id_labels", {})
            named = [f"{c} {labels[c]}" if c in labels else c for c in data[key]]
            lines += _wrap(f"{title}: {'; '.join(named)}", width, "  ", "    ")
    for key, title in (("outgoing", "relations out"), ("incoming", "relations in")):
        lines += ["", f"{title} ({len(data[key])}):" if data[key] else f"{title}: none"]
        for rel in data[key]:
            lines += _format_relation(data["label"], rel, width)
    return "\n".join(lines)


def curie(iri: Any, prefixes: dict[str, str]) -> str:
    """``http://purl.obolibrary.org/obo/MONDO_0006629`` -> ``MONDO:0006629`` (longest matching
    namespace); the IRI itself when no prefix matches."""
    text = str(iri)
    matches = [(len(ns), prefix) for prefix, ns in prefixes.items() if text.startswith(ns)]
    if not matches:
        return text
    length, prefix = max(matches)
    return f"{prefix}:{text[length:]}"


def dataset_prefixes(graph: Graph) -> dict[str, str]:
    """The CURIE prefixes bound in the graph other than the standard ones and the dataset's own
    ``concept:``/``statement:``/``source:``, upper-cased as curators write them (``MONDO``)."""
    standard = set(PREFIXES.values())
    own = ("concept", "statement", "source")
    return {prefix.upper(): str(ns) for prefix, ns in graph.namespaces()
            if prefix and str(ns) not in standard and prefix not in own
            and prefix not in ("xml", "owl", "rdf", "rdfs", "xsd")}


# ------------------------------------------------------------------------------------ kinds

def kind_labels(graph: Graph) -> dict[str, str]:
    """Each class of the vocabulary (local name, sorted) with its label: what
    :func:`class_named` chooses among."""
    from kg.ontology import Ontology

    ontology = Ontology.from_graph(graph)
    return {cls: ontology.labels.get(cls, cls) for cls in sorted(ontology.classes)}


def class_named(name: str, classes: dict[str, str]) -> str | None:
    """The vocabulary class a name means among ``classes`` (:func:`kind_labels`): its local
    name or label, any case or plural, or words that share their stem with the label's
    ("surgery" for "Surgical procedure"). ``kg show`` lists the members of a kind."""
    from kg.names import normalize

    wanted = normalize(name).split()
    if not wanted:
        return None
    exact, stems = [], []
    for cls, label in classes.items():
        camel = "".join(c if c.islower() else f" {c}" for c in cls).strip()
        for text in (label, camel):
            words = normalize(text).split()
            if words == wanted:
                exact.append(cls)
            elif all(any(_same_stem(w, x) for x in words) for w in wanted):
                stems.append(cls)
    found = exact or stems
    return found[0] if found else None


def _same_stem(a: str, b: str) -> bool:
    """Words with a common beginning of at least 4 letters and half the longer word."""
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 4 and n * 2 >= max(len(a), len(b))


def kind_members(graph: Graph, cls: str, ontology: Any = None) -> dict:
    """The concepts of class ``cls`` or a subclass, with their kind and definition."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

    from kg.namespaces import KGV_IRI
    from kg.ontology import Ontology

    ontology = ontology or Ontology.from_graph(graph)
    members = []
    for sub in sorted(ontology.subclasses(cls)):
        for concept in graph.subjects(RDF.type, URIRef(KGV_IRI + sub)):
            members.append({
                "id": str(concept).rstrip("/").rsplit("/", 1)[-1],
                "label": str(graph.value(concept, RDFS.label) or concept),
                "kind": ontology.labels.get(sub, sub),
                "definition": str(graph.value(concept, SKOS.definition) or "")})
    members.sort(key=lambda m: m["label"].casefold())
    return {"kind": cls, "label": ontology.labels.get(cls, cls),
            "members": members}


# ------------------------------------------------------------------------------------ helpers

def _statements(graph: Graph, iri: URIRef) -> list:
    from rdflib import RDF

    found = set(graph.subjects(RDF.subject, iri)) | set(graph.subjects(RDF.object, iri))
    return sorted(st for st in found if (st, RDF.type, RDF.Statement) in graph)


def _relation(graph: Graph, onto, statement, iri) -> dict[str, Any]:
    """One cited statement about ``iri``, seen from ``iri`` (out: iri is the subject)."""
    from rdflib import RDF, RDFS
    from rdflib.namespace import PROV

    from kg.namespaces import KGV

    subject, predicate, obj = (graph.value(statement, p)
                               for p in (RDF.subject, RDF.predicate, RDF.object))
    other = obj if subject == iri else subject
    sentence = graph.value(statement, KGV.sentence)
    source = graph.value(statement, PROV.wasDerivedFrom)
    name = local_id(predicate)
    return {
        "direction": "out" if subject == iri else "in",
        "predicate": name,
        "predicate_label": _label(onto, name),
        "other": local_id(other),
        "other_label": _text(graph.value(other, RDFS.label)) or local_id(other),
        "quote": _text(graph.value(statement, PROV.value)),
        "sentence": int(sentence) if sentence is not None else None,
        "section": _text(graph.value(statement, KGV.section)),
        "source": local_id(source) if source is not None else None,
        "note": _text(graph.value(statement, RDFS.comment)),
        "reading": _text(graph.value(statement, KGV.reading)) or "stated",
        "qualifier": _text(graph.value(statement, KGV.qualifier)),
        "statement": str(statement),
    }


def _format_relation(label: str, rel: dict[str, Any], width: int) -> list[str]:
    arrow = f"—{rel['predicate_label']}→"
    head = (f"{label} {arrow} {rel['other_label']}" if rel["direction"] == "out"
            else f"{rel['other_label']} {arrow} {label}")
    lines = [f"  {head}"]
    if rel["quote"]:
        lines += _wrap(f"“{rel['quote']}”", width, "      ", "       ")
    where = [f"sentence {rel['sentence']}" if rel["sentence"] else None, rel["section"],
             rel["source"], "inferred" if rel.get("reading") == "inferred" else None]
    lines += _wrap("(" + " · ".join(w for w in where if w) + ")", width, "      ", "       ")
    if rel.get("qualifier"):
        lines += _wrap(f"qualified: {rel['qualifier']}", width, "      ", "      ")
    if rel["note"]:
        lines += _wrap(f"note: {rel['note']}", width, "      ", "      ")
    return lines


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_on_hyphens=False) or [first.rstrip()]


def _table(title: str, counts: dict[str, int]) -> list[str]:
    if not counts:
        return []
    pad = max(len(name) for name in counts)
    return [f"  {title}:"] + [f"    {name:<{pad}}  {n:>4}" for name, n in counts.items()]


def _sorted(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold())))


def _label(onto, name: str) -> str:
    """A class's or relation's label from the vocabulary (its local name if it has none)."""
    return onto.labels.get(name, name)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
