"""What the explorer page knows, exported by the build as one JSON document.

The page does not re-derive anything the Python code already decides:

- ``names``: the name index of :class:`kg.resolve.Resolver` (ids, every label and synonym,
  every normalized key with its concepts), so the page resolves a typed name by the same table
  `kg query` uses (after the same :func:`kg.names.normalize`, ported to JavaScript and checked
  against the Python one by the tests);
- ``questions``: each named question with its parameter slots already placed by
  :func:`kg.query.sparql.inject_values` (the code that binds ``kg query``'s parameters), and
  its defaults resolved by :class:`kg.query.params.ParamResolver`; the page only writes a
  resolved IRI into a slot;
- ``search``: what the full-text index (:mod:`kg.search_index`, the file ``kg search`` reads)
  holds: its rows, each row's stemmed terms per column as FTS5 tokenized them, and the stem
  of every word of the indexed text, so the page matches and ranks (BM25 with the index's
  column weights) the rows the index would;
- ``concepts``, ``relations`` (each with its quote, sentence and section), ``article`` (the
  source text in sentences and headings), ``vocabulary`` (prefixes, classes and properties in
  use, for the SPARQL editor's completion), ``causal`` (the predicates
  :func:`kg.explain.causal_predicates` calls causal) and ``follow`` (every pair's answer of
  :func:`kg.explain.how`, :mod:`kg.render.explorer_follow`).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from kg.names import local_name, normalize

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

    from kg.config import Project

#: how a parameter slot is written in a prepared question (never valid SPARQL on its own)
SLOT = "\u27e6{}\u27e7"
#: up to this many triples the page starts its SPARQL engine at once (the article's: 0.2 s)
EAGER_ENGINE_TRIPLES = 50_000
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def explorer_data(graph: Graph, project: Project) -> dict[str, Any]:
    """Everything the page shows and searches, as JSON-ready data."""
    from kg.resolve import Resolver

    resolver = Resolver(graph)
    data: dict[str, Any] = {"title": project.settings.title}
    data["concepts"], data["classes"], data["predicates"] = _concepts(graph, resolver)
    data["relations"] = _relations(graph, resolver)
    data["names"] = resolver.name_index()
    data["article"] = _article(graph, project)
    data["search"] = _search_export(project)
    data["questions"] = _questions(project)
    data["vocabulary"] = _vocabulary(graph, project)
    from kg.explain import causal_predicates, view
    from kg.render.explorer_follow import MAX_CONCEPTS, follow_data, not_prepared

    data["causal"] = sorted(causal_predicates(graph))
    # (the networkx view of a big graph is not even made: its pairs are not prepared)
    data["follow"] = (follow_data(view(graph)) if len(resolver.types) <= MAX_CONCEPTS
                      else not_prepared())
    # a small graph's engine starts with the page; a big one's when a panel needs it
    data["engine_start"] = "eager" if len(graph) <= EAGER_ENGINE_TRIPLES else "lazy"
    return data


def to_json(data: dict[str, Any]) -> str:
    """JSON safe to put inside a ``<script>`` element (no ``</``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _concepts(graph: Graph, resolver: Any) -> tuple[list[dict], dict, dict]:
    from rdflib import OWL, RDF, RDFS, SKOS

    from kg.namespaces import KGV_IRI

    classes: dict[str, dict] = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(KGV_IRI):
            classes[str(cls)] = {
                "label": str(graph.value(cls, RDFS.label) or local_name(cls)),
                "parents": sorted(str(p) for p in graph.objects(cls, RDFS.subClassOf)
                                  if str(p).startswith(KGV_IRI)),
                "comment": str(graph.value(cls, RDFS.comment) or "")}
    predicates = {}
    for p in graph.subjects(RDF.type, OWL.ObjectProperty):
        if str(p).startswith(KGV_IRI):
            predicates[str(p)] = {"label": str(graph.value(p, RDFS.label) or local_name(p))}
    concepts = []
    for iri, cls in sorted(resolver.types.items()):
        concepts.append({
            "iri": str(iri), "id": local_name(iri), "label": resolver.labels[iri],
            "type": str(cls),
            "definition": str(graph.value(iri, SKOS.definition) or ""),
            "synonyms": sorted(str(s) for s in graph.objects(iri, SKOS.altLabel)),
            "exact": sorted(str(o) for o in graph.objects(iri, SKOS.exactMatch)),
            "close": sorted(str(o) for o in graph.objects(iri, SKOS.closeMatch)),
        })
    return concepts, classes, predicates


def _relations(graph: Graph, resolver: Any) -> list[dict]:
    """Every cited statement between two concepts, in article order."""
    from rdflib import RDF

    from kg.namespaces import KGV

    rows = []
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(st, RDF[x]) for x in ("subject", "predicate", "object"))
        if s not in resolver.types or o not in resolver.types:
            continue

        def value(iri: str, st=st) -> str | None:
            found = graph.value(st, _uri(iri))
            return None if found is None else str(found)

        sentence = graph.value(st, KGV.sentence)
        rows.append({
            "s": str(s), "p": str(p), "o": str(o),
            "quote": value(_PROV + "value") or "",
            "sentence": int(sentence) if sentence is not None else None,
            "section": str(graph.value(st, KGV.section) or ""),
            "begin": _int(value(_NIF + "beginIndex")), "end": _int(value(_NIF + "endIndex")),
            "source": value(_PROV + "wasDerivedFrom") or "",
            "note": value(_RDFS + "comment") or "",
        })
    rows.sort(key=lambda r: (r["sentence"] or 0, r["begin"] or 0, r["s"], r["p"], r["o"]))
    return rows


def _article(graph: Graph, project: Project) -> list[dict]:
    """Each source: its title and its text as a list of headings and sentences."""
    from kg.sources import read_document, source_ids

    base = project.settings.base
    out = []
    for doc_id in source_ids(project.sources_dir):
        document = read_document(project.sources_dir / f"{doc_id}.txt")
        blocks: list[dict] = []
        section = None
        for sentence in document.sentences:
            if sentence.section != section:
                section = sentence.section
                if section:
                    blocks.append({"heading": section})
            blocks.append({"n": sentence.number, "text": sentence.text,
                           "start": sentence.start, "end": sentence.end})
        out.append({"iri": f"{base}source/{doc_id}", "title": document.title or doc_id,
                    "blocks": blocks})
    return out


def _search_export(project: Project) -> dict[str, Any]:
    """The release's full-text index as the page needs it (see the module docstring)."""
    from kg.search_index import INDEX_NAME, TOKENIZER

    path = project.release_dir / INDEX_NAME
    if path.is_file():
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    else:  # no release written (a read-only build folder): the same index, made in memory
        from kg.load import load
        from kg.search_index import index_bytes

        db = sqlite3.connect(":memory:")
        db.deserialize(index_bytes(load(project), project))
    db.row_factory = sqlite3.Row
    try:
        out: dict[str, Any] = {}
        words: set[str] = set()
        for kind, columns, weights in (("sentence", ["text", "about"], [4.0, 1.0]),
                                       ("concept", ["names", "text", "about"], [8.0, 3.0, 1.0])):
            db.execute(f"CREATE VIRTUAL TABLE temp.v_{kind} USING "
                       f"fts5vocab(main, {kind}_fts, instance)")
            terms: dict[int, list[dict[str, int]]] = {}
            for term, doc, col, _offset in db.execute(f"SELECT * FROM temp.v_{kind}"):
                column = terms.setdefault(doc, [{} for _ in columns])[columns.index(col)]
                column[term] = column.get(term, 0) + 1
            rows = []
            # a row keeps only what tells it apart: its text, names and relations are in
            # `article`, `concepts` and `relations` already (a big dataset's page parses less)
            keep = ("id", "source", "number") if kind == "sentence" else ("id", "iri")
            for row in db.execute(f"SELECT * FROM {kind} ORDER BY id"):
                entry = {k: row[k] for k in keep}
                entry["terms"] = terms.get(row["id"], [{} for _ in columns])
                rows.append(entry)
                texts = ([row["text"], row["section"] or ""] if kind == "sentence" else
                         [row["label"], *json.loads(row["synonyms"]), row["definition"] or "",
                          row["type"] or ""])
                for text in texts:
                    words.update(normalize(text).split())
            out[kind] = {"columns": columns, "weights": weights, "rows": rows}
        out["stems"] = _stems(sorted(words), TOKENIZER)
        return out
    finally:
        db.close()


def _stems(words: list[str], tokenizer: str) -> dict[str, str]:
    """word -> the term FTS5's tokenizer makes of it (Porter's stem), asked of SQLite itself."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE w USING fts5(x, tokenize='{tokenizer}')")
        db.executemany("INSERT INTO w (rowid, x) VALUES (?, ?)",
                       list(enumerate(words, start=1)))
        db.execute("CREATE VIRTUAL TABLE temp.wv USING fts5vocab(main, w, instance)")
        stems: dict[str, str] = {}
        for term, doc, _col, _offset in db.execute("SELECT * FROM temp.wv"):
            stems.setdefault(words[doc - 1], term)
        return {w: s for w, s in sorted(stems.items()) if w != s}
    finally:
        db.close()


def _questions(project: Project) -> list[dict]:
    """The named questions, each with its text prepared for the page's binding."""
    from kg.query.engines import get_engine
    from kg.query.library import library
    from kg.query.params import ParamResolver
    from kg.query.sparql import inject_values

    engine = get_engine(project)
    binder = ParamResolver(engine, project)
    out = []
    for named in library(project):
        defaults = {}
        try:
            terms = binder.bindings(named, {}) if all(p.default for p in named.params) else {}
            defaults = {k: t.value for k, t in terms.items()}
        except Exception:  # noqa: BLE001 - a default that does not resolve is left empty
            defaults = {}
        slots = {p.name: SLOT.format(p.name) for p in named.params}
        out.append({
            "name": named.name, "title": named.title, "description": named.description,
            "text": named.text,
            "prepared": inject_values(named.text, slots) if slots else named.text,
            "params": [{"name": p.name, "kind": p.kind, "meaning": p.meaning,
                        "default": p.default, "default_iri": defaults.get(p.name)}
                       for p in named.params],
        })
    return out


def _vocabulary(graph: Graph, project: Project) -> dict[str, Any]:
    """Prefixes and the classes and properties used in the graph: the editor's completion."""
    from rdflib import RDF

    from kg.namespaces import PREFIXES

    prefixes = dict(PREFIXES)
    try:
        prefixes.update(project.settings.prefixes)
    except Exception:  # noqa: BLE001 - the settings were read by the build already
        pass
    properties = sorted({str(p) for p in graph.predicates()})
    classes = sorted({str(o) for o in graph.objects(None, RDF.type)})
    return {"prefixes": dict(sorted(prefixes.items())), "properties": properties,
            "classes": classes}


def _uri(iri: str):
    from rdflib import URIRef

    return URIRef(iri)


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None
