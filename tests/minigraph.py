"""Small graphs in the RDF model of ARCHITECTURE.md, built by hand for the inspect/export tests.

They do not go through kg.build on purpose: each test can then break exactly one thing (drop a
label, a quote, a statement) and check that validation notices. :func:`write_dataset` writes the
same little dataset as a data folder (kg.yaml, source, ontology, curated YAML) for the grounding
check and the CLI tests; tests/test_export.py checks that kg build makes the same graph.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.names import normalize
from kg.namespaces import KGV, NIF, SCHEMA, bind_prefixes

REPO = Path(__file__).resolve().parents[1]
VOCAB = REPO / "data" / "ontology" / "vocab.ttl"
SHAPES = REPO / "data" / "ontology" / "shapes.ttl"
BASE = "https://example.org/demo/"
DOC = "knee-note"
OBO = Namespace("http://purl.obolibrary.org/obo/")
PREFIXES = {"MONDO": f"{OBO}MONDO_", "HP": f"{OBO}HP_", "UBERON": f"{OBO}UBERON_"}

TEXT = (
    "Knee Basics\n"
    "Knee osteoarthritis, a wearing of the joint, involves cartilage loss. "
    "Knee osteoarthritis causes knee pain. "
    "Knee pain is felt in the knee joint.\n"
    "Care\n"
    "Physiotherapy treats knee pain. Physiotherapy strengthens the quadriceps.\n"
)


@dataclass
class C:
    """A concept of the sample (curated-YAML-like)."""

    id: str
    label: str
    type: str
    synonyms: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)
    close: list[str] = field(default_factory=list)
    definition: str = "A thing the note names."


CONCEPTS = [
    C("knee-osteoarthritis", "knee osteoarthritis", "Condition", ["knee OA"],
      exact=["MONDO:0005079"], close=["HP:0005086"]),
    C("cartilage-loss", "cartilage loss", "Mechanism"),
    C("knee-pain", "knee pain", "Symptom", ["gonalgia"], exact=["HP:0030839"]),
    C("knee-joint", "knee joint", "Joint", exact=["UBERON:0001485"]),
    C("physiotherapy", "physiotherapy", "PhysicalTherapy", ["physical therapy", "PT"]),
    C("quadriceps", "quadriceps", "Muscle", ["quads"]),
]

# subject, predicate, object, quote
RELATIONS = [
    ("knee-osteoarthritis", "involves", "cartilage-loss",
     "Knee osteoarthritis, a wearing of the joint, involves cartilage loss"),
    ("knee-osteoarthritis", "causes", "knee-pain", "Knee osteoarthritis causes knee pain"),
    ("knee-pain", "feltIn", "knee-joint", "Knee pain is felt in the knee joint"),
    ("physiotherapy", "treats", "knee-pain", "Physiotherapy treats knee pain"),
    ("physiotherapy", "strengthens", "quadriceps", "Physiotherapy strengthens the quadriceps"),
]


def concept(cid: str) -> URIRef:
    return URIRef(f"{BASE}concept/{cid}")


def source() -> URIRef:
    return URIRef(f"{BASE}source/{DOC}")


def statement(s: str, p: str, o: str, n: int = 1) -> URIRef:
    suffix = "" if n == 1 else f"--{n}"
    return URIRef(f"{BASE}statement/{s}--{p}--{o}{suffix}")


def _curie(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def add_concept(graph: Graph, c: C) -> URIRef:
    node = concept(c.id)
    graph.add((node, RDF.type, KGV[c.type]))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDFS.label, Literal(c.label)))
    graph.add((node, SKOS.prefLabel, Literal(c.label)))
    graph.add((node, SKOS.definition, Literal(c.definition)))
    for name in c.synonyms:
        graph.add((node, SKOS.altLabel, Literal(name)))
    for key in {normalize(n) for n in [c.label, *c.synonyms]}:
        graph.add((node, KGV.key, Literal(key)))
    for curie in c.exact:
        graph.add((node, SKOS.exactMatch, _curie(curie)))
    for curie in c.close:
        graph.add((node, SKOS.closeMatch, _curie(curie)))
    return node


def add_relation(graph: Graph, s: str, p: str, o: str, quote: str, text: str = TEXT,
                 n: int = 1) -> URIRef:
    """The triple and its rdf:Statement, with offsets and sentence computed from ``text``."""
    from kg.sources import Document

    graph.add((concept(s), KGV[p], concept(o)))
    span = Document(DOC, Path(f"{DOC}.txt"), text).find_quote(quote)
    st = statement(s, p, o, n)
    graph.add((st, RDF.type, RDF.Statement))
    graph.add((st, RDF.subject, concept(s)))
    graph.add((st, RDF.predicate, KGV[p]))
    graph.add((st, RDF.object, concept(o)))
    graph.add((st, PROV.value, Literal(quote)))
    graph.add((st, KGV.sentence, Literal(span.sentence)))
    graph.add((st, NIF.beginIndex, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((st, NIF.endIndex, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    if span.section:
        graph.add((st, KGV.section, Literal(span.section)))
    graph.add((st, PROV.wasDerivedFrom, source()))
    return st


def sample_graph(with_vocab: bool = True) -> Graph:
    """The whole sample: vocabulary, source, concepts, relations and their statements."""
    graph = Graph()
    if with_vocab:
        graph.parse(VOCAB)
    bind_prefixes(graph, PREFIXES, BASE)
    src = source()
    graph.add((src, RDF.type, PROV.Entity))
    graph.add((src, RDF.type, SCHEMA.Article))
    graph.add((src, DCTERMS.title, Literal("A note on knees")))
    graph.add((src, DCTERMS.identifier, Literal(DOC)))
    for c in CONCEPTS:
        add_concept(graph, c)
    for s, p, o, quote in RELATIONS:
        add_relation(graph, s, p, o, quote)
    return graph


def write_dataset(data_dir: Path, text: str = TEXT) -> Path:
    """A data folder for this sample (kg.yaml, the source text, the ontology); returns it."""
    (data_dir / "sources").mkdir(parents=True, exist_ok=True)
    (data_dir / "ontology").mkdir(exist_ok=True)
    (data_dir / "curated").mkdir(exist_ok=True)
    prefixes = "".join(f"  {k}: {v}\n" for k, v in PREFIXES.items())
    (data_dir / "kg.yaml").write_text(
        f"title: Demo\nbase: {BASE}\nprefixes:\n{prefixes}", encoding="utf-8")
    (data_dir / "sources" / f"{DOC}.txt").write_text(text, encoding="utf-8")
    (data_dir / "sources" / f"{DOC}.yaml").write_text(
        f"title: A note on knees\nidentifier: {DOC}\n", encoding="utf-8")
    shutil.copy(VOCAB, data_dir / "ontology" / "vocab.ttl")
    shutil.copy(SHAPES, data_dir / "ontology" / "shapes.ttl")
    (data_dir / "curated" / f"{DOC}.yaml").write_text(curated_yaml(), encoding="utf-8")
    return data_dir


def curated_yaml() -> str:
    """The sample as a curated file, so ``kg build`` makes the same graph as sample_graph()."""
    import yaml

    concepts = [{"id": c.id, "label": c.label, "type": c.type, "synonyms": c.synonyms,
                 "definition": c.definition, "exact": c.exact, "close": c.close}
                for c in CONCEPTS]
    relations = [{"subject": s, "predicate": p, "object": o, "quote": q}
                 for s, p, o, q in RELATIONS]
    return yaml.safe_dump({"source": DOC, "concepts": concepts, "relations": relations},
                          sort_keys=False, allow_unicode=True)
