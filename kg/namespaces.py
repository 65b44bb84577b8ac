"""The namespaces of the RDF model, and prefix binding for readable Turtle.

The ``*_IRI`` strings are plain ``str`` and available without importing rdflib (fast paths such as
``kg query`` can use them); ``KGV``, ``NIF``... are rdflib ``Namespace`` objects, created on first
access so that importing this module stays cheap.

>>> KGV_IRI
'https://w3id.org/edu-kg/vocab#'
>>> from kg.namespaces import KGV
>>> str(KGV.causes)
'https://w3id.org/edu-kg/vocab#causes'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

KGV_IRI = "https://w3id.org/edu-kg/vocab#"
NIF_IRI = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SCHEMA_IRI = "https://schema.org/"
BIOLINK_IRI = "https://w3id.org/biolink/vocab/"
OBO_IRI = "http://purl.obolibrary.org/obo/"
RDF_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_IRI = "http://www.w3.org/2000/01/rdf-schema#"
OWL_IRI = "http://www.w3.org/2002/07/owl#"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
SKOS_IRI = "http://www.w3.org/2004/02/skos/core#"
PROV_IRI = "http://www.w3.org/ns/prov#"
DCTERMS_IRI = "http://purl.org/dc/terms/"
SH_IRI = "http://www.w3.org/ns/shacl#"
VOCAB_ONTOLOGY_IRI = "https://w3id.org/edu-kg/vocab"

#: prefix -> namespace IRI, in the order they are bound (and printed in Turtle)
PREFIXES: dict[str, str] = {
    "kgv": KGV_IRI,
    "rdf": RDF_IRI,
    "rdfs": RDFS_IRI,
    "owl": OWL_IRI,
    "xsd": XSD_IRI,
    "skos": SKOS_IRI,
    "prov": PROV_IRI,
    "dcterms": DCTERMS_IRI,
    "sh": SH_IRI,
    "nif": NIF_IRI,
    "schema": SCHEMA_IRI,
    "biolink": BIOLINK_IRI,
    "obo": OBO_IRI,
}

_NAMESPACES = {"KGV": KGV_IRI, "NIF": NIF_IRI, "SCHEMA": SCHEMA_IRI, "BIOLINK": BIOLINK_IRI,
               "OBO": OBO_IRI}


def __getattr__(name: str) -> Any:
    """Create the rdflib Namespace objects lazily (rdflib is slow to import)."""
    if name in _NAMESPACES:
        from rdflib import Namespace

        value = Namespace(_NAMESPACES[name])
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bind_prefixes(graph: Graph, dataset_prefixes: dict[str, str] | None = None,
                  base: str | None = None) -> Graph:
    """Bind the standard prefixes, the dataset's CURIE prefixes and the dataset base.

    Dataset prefixes are bound as written in ``kg.yaml`` (``MONDO:``), so the Turtle reads like
    the curated YAML. ``base`` is bound as ``concept:``/``statement:``/``source:`` prefixes.
    Returns the graph, for chaining.
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    for prefix, iri in sorted((dataset_prefixes or {}).items()):
        graph.bind(prefix, iri, override=True, replace=True)
    if base:
        for child in ("concept", "statement", "source"):
            graph.bind(child, f"{base}{child}/", override=True, replace=True)
    return graph
