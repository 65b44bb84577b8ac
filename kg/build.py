"""Curated YAML + source texts + vocabulary -> one RDF graph, and the release files.

The model (see ARCHITECTURE.md, "RDF model"): each concept is a resource with exactly one
asserted ``kgv:`` class, names (``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``) and lookup
keys (``kgv:key``); each curated relation is a plain triple plus an ``rdf:Statement`` carrying
its evidence (verbatim quote, sentence, character offsets, section, source). The vocabulary is
copied into the graph so the release is self-describing and ``rdfs:subClassOf*`` works in
SPARQL. IRIs are derived from ids only, and there are no blank nodes, so rebuilding from the
same inputs gives byte-identical release files.

Every input mistake raises :class:`KGError` before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Project
from kg.curation import Concept, Curation, Relation, read_curation
from kg.errors import KGError
from kg.files import clean_stale, disk_error, locked, recover, staging_path, swap_in, write_atomic
from kg.freshness import Memo
from kg.inputs import check_iri
from kg.names import close_matches, local_name, normalize
from kg.namespaces import bind_prefixes
from kg.ontology import Ontology, read_ontology
from kg.sources import Document, read_document, source_ids

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

MANIFEST = "manifest.json"
LOCK_FILE = ".kg-build.lock"  # in the build folder: one build writes there at a time
RELEASE_FORMATS = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}
# The modules whose code shapes the graph: a change to them makes a release stale.
ENGINE_MODULES = ("build", "config", "curation", "inputs", "names", "namespaces", "ontology",
                  "search_index", "sources", "prepared", "graph", "inspect", "resolve", "xrefs",
                  "explain/vocabulary")  # the last six: what prepared.json holds
_FINGERPRINT = Memo()


@dataclass(frozen=True)
class Inputs:
    """Everything a build reads, checked against each other."""

    project: Project
    ontology: Ontology
    curation: Curation
    documents: dict[str, Document]


# ------------------------------------------------------------------ public API

def build(project: Project | None = None, *, write: bool = True) -> Graph:
    """Build the graph of a dataset (default: the repository's data/) and write its release.

    This is ``kg.build(...)``. Use :func:`build_graph` to build without writing.
    """
    project = project or Project()
    graph = build_graph(project)
    if write:
        write_release(graph, project)
    return graph


def build_graph(project: Project) -> Graph:
    """The RDF graph of a dataset, vocabulary included. Raises KGError on any input mistake."""
    return graph_from_inputs(read_inputs(project))


def read_inputs(project: Project) -> Inputs:
    """Read and cross-check the settings, vocabulary, curated files and their sources."""
    project.settings  # noqa: B018 - read kg.yaml first: its errors come before the others
    ontology = read_ontology(project.ontology_dir)
    _check_vocabulary_texts(ontology)
    curation = read_curation(project.curated_dir)
    if not curation.concepts and not curation.relations:
        raise KGError(f"no curated facts: the files in {project.curated_dir} declare no "
                      f"concept and no relation", project.curated_dir,
                      hint="nothing was written; an empty release would replace the last one")
    documents = _read_sources(project, curation)
    return Inputs(project, ontology, curation, documents)


def _check_vocabulary_texts(ontology: Ontology) -> None:
    """Labels and comments of the vocabulary follow the rule of curated text: no control
    characters (a Turtle escape such as ``\\u001b`` would otherwise reach terminals)."""
    from rdflib import Literal

    from kg.inputs import check_text

    where = ontology.files[0] if len(ontology.files) == 1 else None
    for subject, _predicate, value in ontology.graph:
        if isinstance(value, Literal):
            check_text(str(value), where, name=f"text of {local_name(subject)}")


def graph_from_inputs(inputs: Inputs) -> Graph:
    """Assemble the graph; every reference is checked here (types, predicates, ids, quotes)."""
    from rdflib import Graph

    settings = inputs.project.settings
    graph = Graph(bind_namespaces="core")  # only our prefixes, not rdflib's long default list
    bind_prefixes(graph, settings.prefixes, settings.base)
    for triple in inputs.ontology.graph:
        graph.add(triple)
    for document in inputs.documents.values():
        _add_document(graph, settings.base, document)
    concepts = {c.id: c for c in inputs.curation.concepts}
    for concept in concepts.values():
        _add_concept(graph, inputs, concept)
    seen: Counter[tuple[str, str, str]] = Counter()
    for relation in inputs.curation.relations:
        triple = (relation.subject, relation.predicate, relation.object)
        seen[triple] += 1
        _add_relation(graph, inputs, concepts, relation, seen[triple])
    return graph


# ------------------------------------------------------------------ IRIs

def concept_iri(base: str, concept_id: str) -> str:
    return f"{base}concept/{concept_id}"


def source_iri(base: str, source_id: str) -> str:
    return f"{base}source/{source_id}"


def statement_iri(base: str, subject: str, predicate: str, obj: str, number: int = 1) -> str:
    """``<base>statement/s--p--o``; the n-th statement of the same triple gets ``--n``."""
    suffix = f"--{number}" if number > 1 else ""
    return f"{base}statement/{subject}--{predicate}--{obj}{suffix}"


# ------------------------------------------------------------------ graph parts

# source metadata key -> Dublin Core term (keys not listed here are not put in the graph)
_METADATA_TERMS = {
    "title": "title", "identifier": "identifier", "attribution": "rights", "rights": "rights",
    "language": "language", "author": "creator", "creator": "creator",
    "publisher": "publisher", "date": "date", "license": "license", "url": "source",
}


def _add_document(graph: Graph, base: str, document: Document) -> None:
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV

    from kg.namespaces import SCHEMA

    node = URIRef(source_iri(base, document.id))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, RDF.type, SCHEMA.Article))
    for key, value in sorted(document.metadata.items()):
        term = _METADATA_TERMS.get(key)
        if term is None or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, list | dict):  # str() of nested aliases can be gigabytes
                raise KGError(f"metadata {key!r} must be a text or a list of texts",
                              document.path.with_suffix(".yaml"))
            graph.add((node, DCTERMS[term], Literal(" ".join(str(item).split()))))


def _add_concept(graph: Graph, inputs: Inputs, concept: Concept) -> None:
    from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef

    from kg.namespaces import KGV

    inputs.ontology.require_class(concept.type, concept.file, concept.line_of("type"))
    node = URIRef(concept_iri(inputs.project.settings.base, concept.id))
    graph.add((node, RDF.type, KGV[concept.type]))
    # declared an individual, so OWL tools (Protégé, reasoners) read the concept as an instance
    # of its class rather than guess; it is no kgv class, so the "one kgv class" rule holds
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDFS.label, Literal(concept.label)))
    graph.add((node, SKOS.prefLabel, Literal(concept.label)))
    for synonym in concept.synonyms:
        graph.add((node, SKOS.altLabel, Literal(synonym)))
    if concept.definition:
        graph.add((node, SKOS.definition, Literal(concept.definition)))
    for name in [concept.label, *concept.synonyms]:
        key = normalize(name)
        if key:
            graph.add((node, KGV.key, Literal(key)))
    for field_name, predicate in (("exact", SKOS.exactMatch), ("close", SKOS.closeMatch)):
        for curie in getattr(concept, field_name):
            line = concept.line_of(field_name)
            iri = check_iri(inputs.project.expand_curie(curie, concept.file, line),
                            concept.file, line, what=f"{field_name} match {curie!r} ->")
            graph.add((node, predicate, URIRef(iri)))


def _add_relation(graph: Graph, inputs: Inputs, concepts: dict[str, Concept],
                  relation: Relation, number: int) -> None:
    from rdflib import RDF, RDFS, XSD, Literal, URIRef
    from rdflib.namespace import PROV

    from kg.namespaces import KGV, NIF

    base = inputs.project.settings.base
    subject = _concept_ref(relation, "subject", concepts)
    obj = _concept_ref(relation, "object", concepts)
    inputs.ontology.require_property(relation.predicate, relation.file,
                                     relation.line_of("predicate"))
    document = inputs.documents[relation.source]
    try:
        span = document.find_quote(relation.quote, relation.sentence)
    except KGError as exc:
        raise exc.at(relation.file, relation.line_of("quote")) from None

    s, p, o = URIRef(concept_iri(base, subject)), KGV[relation.predicate], \
        URIRef(concept_iri(base, obj))
    graph.add((s, p, o))
    statement = URIRef(statement_iri(base, subject, relation.predicate, obj, number))
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, s))
    graph.add((statement, RDF.predicate, p))
    graph.add((statement, RDF.object, o))
    graph.add((statement, PROV.value, Literal(relation.quote)))
    graph.add((statement, KGV.sentence, Literal(span.sentence)))
    graph.add((statement, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((statement, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    if span.section:
        graph.add((statement, KGV.section, Literal(span.section)))
    graph.add((statement, PROV.wasDerivedFrom, URIRef(source_iri(base, document.id))))
    graph.add((statement, KGV.reading, Literal(relation.reading)))
    if relation.qualifier:
        graph.add((statement, KGV.qualifier, Literal(relation.qualifier)))
    if relation.note:
        graph.add((statement, RDFS.comment, Literal(relation.note)))


def _concept_ref(relation: Relation, role: str, concepts: dict[str, Concept]) -> str:
    """The concept id in ``relation.<role>``, or a KGError saying which id was meant."""
    name = getattr(relation, role)
    if name in concepts:
        return name
    by_label = [c.id for c in concepts.values()
                if normalize(name) in {normalize(n) for n in [c.label, *c.synonyms]}]
    if by_label:
        hint = f"relations name concepts by id: use {by_label[0]!r}"
    else:
        near = close_matches(name, sorted(concepts), n=3)
        hint = ("did you mean " + " or ".join(repr(n) for n in near) + "?") if near else \
            "declare the concept under 'concepts:' first"
    raise KGError(f"{role} {name!r} is not a concept id", relation.file,
                  relation.line_of(role), hint=hint)


def _read_sources(project: Project, curation: Curation) -> dict[str, Document]:
    """The documents the curated files cite (each read once)."""
    available = source_ids(project.sources_dir)
    documents: dict[str, Document] = {}
    for curated in curation.files:
        if curated.source in documents:
            continue
        if curated.source not in available:
            near = close_matches(curated.source, available, n=1)
            hint = f"did you mean {near[0]!r}?" if near else \
                f"put the article in {project.sources_dir / (curated.source + '.txt')}"
            raise KGError(f"source {curated.source!r} not found in {project.sources_dir}",
                          curated.path, curated.source_line, hint=hint)
        documents[curated.source] = read_document(
            project.sources_dir / f"{curated.source}.txt")
    return dict(sorted(documents.items()))


# ------------------------------------------------------------------ release files

def release_paths(project: Project) -> dict[str, Path]:
    """Format -> path of each release file (``build/release/<name>.ttl`` ...)."""
    return {fmt: project.release_dir / f"{project.name}{suffix}"
            for suffix, fmt in RELEASE_FORMATS.items()}


def serialize_release(graph: Graph, project: Project) -> dict[Path, bytes]:
    """The release files' contents (deterministic), manifest included, keyed by path."""
    from kg.build_jsonld import jsonld

    triples = list(graph)  # one pass over rdflib's store for the writers below
    ntriples = _ntriples(triples)  # once: the Turtle is written from it
    contents = {path: ntriples if fmt == "nt" else _turtle(graph, ntriples) if fmt == "turtle"
                else jsonld(graph, triples) if fmt == "json-ld" else serialize(graph, fmt)
                for fmt, path in release_paths(project).items()}
    from kg.prepared import PREPARED_NAME, prepared_bytes  # kg show, explain...: kg.readonly
    from kg.search_index import INDEX_NAME, index_bytes  # `kg search`'s full-text index

    contents[project.release_dir / INDEX_NAME] = index_bytes(graph, project)
    contents[project.release_dir / PREPARED_NAME] = prepared_bytes(graph, project)
    manifest = {
        "name": project.name,
        "title": project.settings.title,
        "triples": len(graph),
        "engine": engine_fingerprint(),
        "inputs": input_hashes(project),
        "outputs": {path.name: _sha256(data) for path, data in sorted(contents.items())},
    }
    contents[project.release_dir / MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True)
                                                + "\n").encode()
    return contents


def write_release(graph: Graph, project: Project) -> list[Path]:
    """Write the release files as one set; returns their final paths (manifest last).

    All files are serialized in memory and written into a staging folder, which then takes
    the place of ``release/`` in one swap (:class:`Staging`): a reader, a crash or a full disk
    sees the old release or the new one, never a mix. A write failure is a
    :class:`kg.files.WriteFailed` with the previous release intact.
    """
    with Staging(project) as staging:
        written = write_files(serialize_release(graph, staging.project))
    return [project.release_dir / path.name for path in written]


class Staging:
    """``with Staging(project) as s:`` write into ``s.project`` (a Project whose build folder
    is a fresh staging folder beside ``build/release``); on a normal exit its ``release/``
    replaces the release in one swap, then its other files (the metagraph, the HTML page)
    replace theirs one rename each. On an exception, or after :meth:`cancel`, nothing is
    changed. Two builds into one folder take turns (an ``fcntl`` lock; the second says it
    waits). A disk error becomes one :class:`kg.files.WriteFailed`.
    """

    def __init__(self, project: Project) -> None:
        self.target = project
        self.folder = staging_path(project.release_dir, "staging")
        self.project = Project(project.data_dir, self.folder)
        self.project.__dict__["settings"] = project.settings  # the same cached kg.yaml
        self.cancelled = False
        self._lock = locked(project.build_dir / LOCK_FILE)

    def cancel(self) -> None:
        """Leave the build folder as it was."""
        self.cancelled = True

    def __enter__(self) -> Staging:
        try:
            self.target.build_dir.mkdir(parents=True, exist_ok=True)
            self._lock.__enter__()
        except OSError as exc:
            raise disk_error(exc, self.target.build_dir) from None
        recover(self.target.release_dir)
        clean_stale(self.target.release_dir)
        shutil.rmtree(self.folder, ignore_errors=True)
        return self

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is None and not self.cancelled:
                try:
                    self._commit()
                except OSError as error:
                    raise disk_error(error, self.target.build_dir, "the previous release") \
                        from None
            elif isinstance(exc, OSError) and not isinstance(exc, KGError):
                raise disk_error(exc, self.target.build_dir, "the previous release") from None
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self._lock.__exit__(None, None, None)

    def _commit(self) -> None:
        release = self.folder / self.target.release_dir.name
        if release.is_dir():
            swap_in(release, self.target.release_dir)
        for path in sorted(self.folder.rglob("*")):
            if path.is_file():
                final = self.target.build_dir / path.relative_to(self.folder)
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, final)


def changed_release_files(graph: Graph, project: Project) -> list[Path]:
    """The release files (manifest aside) whose content on disk differs from this graph's."""
    return [path for path, data in serialize_release(graph, project).items()
            if path.name != MANIFEST and (not path.is_file() or path.read_bytes() != data)]


def write_files(contents: dict[Path, bytes]) -> list[Path]:
    """Write each file atomically (temp file in the same folder, then ``os.replace``).

    Files are written in the given order; the last one should be the one whose presence says
    "complete" (the manifest). OSError escapes (a :class:`Staging` turns it into a KGError).
    """
    written: list[Path] = []
    for path, data in contents.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
        written.append(path)
    return written


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph in an rdflib format (``nt``, ``turtle``, ``json-ld``...), as the release
    writes it: N-Triples sorted and JSON-LD ordered, so the same graph gives the same bytes
    (diffable releases, reproducible exports).

    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> g.add((URIRef("urn:b"), URIRef("urn:p"), URIRef("urn:c")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:c")))  # doctest: +ELLIPSIS
    <Graph ...>
    >>> print(serialize(g, "nt").decode(), end="")
    <urn:a> <urn:p> <urn:c> .
    <urn:b> <urn:p> <urn:c> .
    """
    if fmt == "nt":
        return _ntriples(graph)
    if fmt == "json-ld":
        from kg.build_jsonld import jsonld

        return jsonld(graph)
    if fmt == "turtle":
        return _turtle(graph, serialize(graph, "nt"))
    return graph.serialize(format=fmt, encoding="utf-8")


def _ntriples(triples: Iterable) -> bytes:
    """Sorted N-Triples: rdflib's N-Triples rows (its serializer's own ``_nt_row``) of a
    graph or of its triples already listed."""
    from rdflib.plugins.serializers.nt import _nt_row

    # split at "\n" only: N-Triples ends lines with it (and escapes it in literals), but
    # str.splitlines() would also cut at U+2028, \x0b, \x85... inside a literal
    lines = "".join(map(_nt_row, triples)).split("\n")
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode()


def _turtle(graph: Graph, ntriples: bytes) -> bytes:
    """Turtle by pyoxigraph (Rust; rdflib's writer was most of a release's time) from the
    sorted N-Triples, so each subject's triples are grouped the same way every time."""
    import pyoxigraph as ox

    prefixes = {prefix: str(ns) for prefix, ns in sorted(graph.namespaces())
                if prefix and prefix != "xml"}
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


# ------------------------------------------------------------------ staleness

def input_hashes(project: Project) -> dict[str, str]:
    """SHA-256 of every file under the dataset folder (hidden files skipped), by relative path."""
    return {path.relative_to(project.data_dir).as_posix(): _sha256(path.read_bytes())
            for path in _data_files(project.data_dir)}


def engine_fingerprint() -> str:
    """A hash of the engine code that shapes the graph, so a code change makes a rebuild
    (hashed again only when a module's stat key changes)."""
    from kg.freshness import file_key

    package = Path(__file__).parent
    key = tuple(file_key(package / f"{name}.py") for name in ENGINE_MODULES)
    return _FINGERPRINT.get(package, key, _engine_fingerprint)


def _engine_fingerprint() -> str:
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ENGINE_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def _data_files(data_dir: Path) -> Iterable[Path]:
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts) \
                and not path.name.endswith("~"):
            yield path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


from kg._callable import make_callable  # noqa: E402 - after build() exists

make_callable(__name__, "build")
