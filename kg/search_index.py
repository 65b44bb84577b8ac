"""The full-text search index of a release: the article's sentences, the concepts' names and
definitions, in SQLite FTS5 (the standard library's ``sqlite3``), written by ``kg build`` as
``build/release/search.sqlite`` and read by :mod:`kg.search` (``kg search``, later the explorer).

Why SQLite FTS5: it ships with Python, ranks by BM25, stems English with its ``porter``
tokenizer, answers from a file in milliseconds without loading the graph, and the same file can
be read by any SQLite (or sql.js in a page). The tables:

- ``sentence`` (one row per sentence of every source, with or without relations) and
  ``sentence_fts`` (its words: ``text``; ``about``: the section and the labels of the concepts
  and relations the sentence grounds, so a sentence saying "it" is still found by the name);
- ``concept`` and ``concept_fts`` (``names``: label and synonyms; ``text``: the definition;
  ``about``: the class label);
- ``meta``: the schema version (a reader refuses another), the dataset title and the number
  of sources with a text.

Indexed text goes through :func:`kg.names.normalize` before the tokenizer, as queries do, so
both sides agree on hyphens, quotes and plurals. The writer reads plain ``(s, p, o)`` string
triples, so an rdflib graph (the build) or any N-Triples file (a benchmark) can be indexed, and
it builds the file in memory and returns its bytes: the build writes it with the other release
files, atomically. Same graph, same bytes (rows are inserted in a sorted order).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Project
from kg.names import local_name, normalize
from kg.namespaces import KGV_IRI
from kg.sources import Document

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["INDEX_NAME", "SCHEMA_VERSION", "index_bytes", "index_from_triples", "write_index"]

INDEX_NAME = "search.sqlite"
SCHEMA_VERSION = "2"
TOKENIZER = "porter unicode61 remove_diacritics 2"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_TITLE = "http://purl.org/dc/terms/title"

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sentence (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, source_title TEXT, number INTEGER NOT NULL,
    section TEXT, text TEXT NOT NULL,
    relations TEXT NOT NULL  -- JSON list of {{subject, predicate, object, *_iri, quote}}
);
CREATE VIRTUAL TABLE sentence_fts USING fts5(text, about, content='', tokenize='{TOKENIZER}');
CREATE TABLE concept (
    id INTEGER PRIMARY KEY, iri TEXT NOT NULL, label TEXT NOT NULL, type TEXT,
    synonyms TEXT NOT NULL,  -- JSON list
    definition TEXT
);
CREATE VIRTUAL TABLE concept_fts USING fts5(names, text, about, content='',
                                            tokenize='{TOKENIZER}');
"""


def index_bytes(graph: Graph, project: Project) -> bytes:
    """The index of a built graph (an rdflib Graph) and its project's source texts; what
    ``kg build`` writes as ``<release>/search.sqlite``."""
    from kg.sources import read_document, source_ids

    base = project.settings.base
    documents = {f"{base}source/{doc_id}": read_document(project.sources_dir / f"{doc_id}.txt")
                 for doc_id in source_ids(project.sources_dir)}
    triples = ((str(s), str(p), str(o)) for s, p, o in graph)
    connection = index_from_triples(triples, documents, title=project.settings.title)
    try:
        return connection.serialize()
    finally:
        connection.close()


def write_index(path: Path, triples: Iterable[tuple[str, str, str]],
                documents: Mapping[str, Document], *, title: str = "") -> Path:
    """Write the index of ``triples`` to ``path`` (replacing it); for benchmarks and tools."""
    connection = index_from_triples(triples, documents, title=title)
    try:
        data = connection.serialize()
    finally:
        connection.close()
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def index_from_triples(triples: Iterable[tuple[str, str, str]],
                       documents: Mapping[str, Document], *,
                       title: str = "") -> sqlite3.Connection:
    """An in-memory SQLite database holding the index.

    ``triples`` are ``(subject, predicate, object)`` as strings (IRIs and literal values);
    ``documents`` maps a source IRI to its text. A source the graph cites without a text gets
    no sentence rows (its quotes still ground relations of the concepts).
    """
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    synonyms: dict[str, list[str]] = defaultdict(list)
    definitions: dict[str, str] = {}
    titles: dict[str, str] = {}
    statements: dict[str, dict[str, str]] = defaultdict(dict)
    wanted = {_RDF + "subject": "s", _RDF + "predicate": "p", _RDF + "object": "o",
              _PROV + "value": "quote", KGV_IRI + "sentence": "sentence",
              _PROV + "wasDerivedFrom": "source"}
    for s, p, o in triples:
        if p == _RDFS_LABEL:
            labels.setdefault(s, o)
        elif p == _RDF + "type":
            if o.startswith(KGV_IRI) and (s not in types or o < types[s]):
                types[s] = o
        elif p in wanted:
            statements[s][wanted[p]] = o
        elif p == _SKOS + "altLabel":
            synonyms[s].append(o)
        elif p == _SKOS + "definition":
            definitions[s] = o
        elif p == _TITLE:
            titles.setdefault(s, o)
    types = {s: t for s, t in types.items() if not s.startswith(KGV_IRI)}

    grounded: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for fields in statements.values():
        if not {"s", "p", "o", "sentence", "source"} <= fields.keys():
            continue
        try:
            number = int(fields["sentence"])
        except ValueError:
            continue
        grounded[(fields["source"], number)].append({
            "subject": labels.get(fields["s"], local_name(fields["s"])), "subject_iri": fields["s"],
            "predicate": labels.get(fields["p"], local_name(fields["p"])),
            "predicate_iri": fields["p"],
            "object": labels.get(fields["o"], local_name(fields["o"])), "object_iri": fields["o"],
            "quote": fields.get("quote", "")})

    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("schema", SCHEMA_VERSION), ("title", title),
                    ("sources", str(len(documents)))])
    rowid = 0
    sentence_rows, sentence_words = [], []
    for source in sorted(documents):
        document = documents[source]
        source_title = titles.get(source) or document.title
        for sentence in document.sentences:
            rowid += 1
            relations = sorted(grounded.get((source, sentence.number), []),
                               key=lambda r: (r["subject"], r["predicate"], r["object"]))
            about = [sentence.section or ""] + [f"{r['subject']} {r['predicate']} {r['object']}"
                                                for r in relations]
            sentence_rows.append((rowid, source, source_title, sentence.number, sentence.section,
                                  sentence.text, json.dumps(relations, ensure_ascii=False)))
            sentence_words.append((rowid, normalize(sentence.text), normalize(" ".join(about))))
    db.executemany("INSERT INTO sentence VALUES (?, ?, ?, ?, ?, ?, ?)", sentence_rows)
    db.executemany("INSERT INTO sentence_fts (rowid, text, about) VALUES (?, ?, ?)",
                   sentence_words)

    concept_rows, concept_words = [], []
    for number, iri in enumerate(sorted(types), start=1):
        label = labels.get(iri, local_name(iri))
        names = sorted(set(synonyms.get(iri, [])))
        type_label = labels.get(types[iri], local_name(types[iri]))
        definition = definitions.get(iri)
        concept_rows.append((number, iri, label, type_label,
                             json.dumps(names, ensure_ascii=False), definition))
        concept_words.append((number, normalize(" ".join([label, *names])),
                              normalize(definition or ""), normalize(type_label)))
    db.executemany("INSERT INTO concept VALUES (?, ?, ?, ?, ?, ?)", concept_rows)
    db.executemany("INSERT INTO concept_fts (rowid, names, text, about) VALUES (?, ?, ?, ?)",
                   concept_words)
    # the ranking (BM25, a weight per column: a name counts most, then the text, then the
    # context) is stored in the index, so `ORDER BY rank` uses it
    for table, weights in (("sentence_fts", "4.0, 1.0"), ("concept_fts", "8.0, 3.0, 1.0")):
        db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('rank', 'bm25({weights})')")
        db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # one b-tree each
    db.commit()
    db.execute("VACUUM")
    return db
