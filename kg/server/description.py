"""The SPARQL 1.1 Service Description ``kg serve`` gives at ``GET /sparql`` with no query: an
``sd:Service`` (as Oxigraph's own server and Fuseki give), in Turtle, JSON-LD, N-Triples or
RDF/XML by ``Accept``, so a client can discover what the endpoint speaks without settings."""

from __future__ import annotations

from typing import Any

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
#: the W3C format IRIs of what this server writes (kg.server.negotiation.MEDIA_TYPES)
RESULT_FORMAT_NAMES = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                       "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")
PREFIXES = {"sd": SD, "formats": FORMATS, "void": VOID,
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def service_description(endpoint: str, triples: int, graph_names: list[str],
                        allow_service: bool = False) -> list[Any]:
    """The description's triples (pyoxigraph terms): the endpoint, SPARQL 1.1 Query only, the
    result formats, and the default dataset (one default graph of ``triples`` triples, named
    by ``graph_names`` in ``default-graph-uri``)."""
    import pyoxigraph as ox

    iri, lit = ox.NamedNode, ox.Literal
    service, dataset, graph = iri(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
    out = [ox.Triple(service, iri(RDF_TYPE), iri(SD + "Service")),
           ox.Triple(service, iri(SD + "endpoint"), service),
           ox.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query"))]
    out += [ox.Triple(service, iri(SD + "resultFormat"), iri(FORMATS + name))
            for name in RESULT_FORMAT_NAMES]
    if allow_service:
        out.append(ox.Triple(service, iri(SD + "feature"), iri(SD + "BasicFederatedQuery")))
    out += [ox.Triple(service, iri(SD + "defaultDataset"), dataset),
            ox.Triple(dataset, iri(RDF_TYPE), iri(SD + "Dataset")),
            ox.Triple(dataset, iri(SD + "defaultGraph"), graph),
            ox.Triple(graph, iri(RDF_TYPE), iri(SD + "Graph")),
            ox.Triple(graph, iri(VOID + "triples"), lit(str(triples),
                                                         datatype=iri(XSD_INTEGER)))]
    for name in graph_names:
        out.append(ox.Triple(graph, iri(RDFS_COMMENT), lit(
            f"default-graph-uri={name} names this default graph (the dataset's base IRI); "
            "any other graph IRI names a graph this dataset does not have")))
    return out
