"""Facts of the article, each checked with a SPARQL ASK on the built graph.

Each fact names the sentence of the article that states it; the ASK requires the plain triple
*and* a statement citing that sentence, so a fact that lost its evidence fails too. A few
things the article does not say are checked to be absent.
"""

from __future__ import annotations

import pytest

PREFIXES = """
PREFIX kgv: <https://w3id.org/edu-kg/vocab#>
PREFIX c: <https://w3id.org/edu-kg/hip-spine/concept/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

# (subject, predicate, object, sentence): read off the article, sentence by sentence
STATED = [
    ("hip-pain", "causes", "low-back-pain", 1),
    ("hip-dysfunction", "causes", "lumbar-compensation", 3),
    ("limited-hip-range-of-motion", "causes", "lumbar-compensation", 4),
    ("lumbar-compensation", "strains", "intervertebral-disc", 5),
    ("lumbar-compensation", "strains", "facet-joints", 5),
    ("prolonged-sitting", "causes", "hip-flexor-tightness", 7),
    ("hip-flexor-tightness", "causes", "anterior-pelvic-tilt", 8),
    ("anterior-pelvic-tilt", "causes", "increased-lumbar-lordosis", 9),
    ("increased-lumbar-lordosis", "causes", "posterior-spinal-compression", 9),
    ("gluteal-muscles", "stabilizes", "pelvis", 10),
    ("gluteal-weakness", "impairs", "core-stability", 10),
    ("gluteal-weakness", "causes", "back-muscle-overwork", 10),
    ("hip-osteoarthritis", "involves", "cartilage-wear", 12),
    ("hip-stiffness", "causes", "altered-gait", 13),
    ("femoroacetabular-impingement", "causes", "excessive-lumbar-flexion", 15),
    ("trochanteric-bursitis", "affects", "bursa", 16),
    ("weight-distribution-shift", "causes", "low-back-pain", 17),
    ("sacroiliac-joint", "connects", "sacrum", 18),
    ("sacroiliac-joint-dysfunction", "causes", "groin-pain", 18),
    ("hip-pain", "feltIn", "groin", 20),
    ("hip-pain", "feltIn", "front-of-thigh", 20),
    ("hip-pain", "radiatesTo", "knee", 21),
    ("pinched-nerve", "causes", "sciatica", 23),
    ("sciatica", "radiatesTo", "foot", 23),
    ("hip-pain", "aggravatedBy", "internal-rotation-of-the-leg", 24),
    ("diagnostic-hip-injection", "uses", "numbing-agent", 25),
    ("diagnostic-hip-injection", "confirmsSource", "hip-joint", 26),
    ("mri", "isKindOf", "imaging", 27),
    ("physical-therapy", "restores", "hip-range-of-motion", 28),
    ("strengthening-exercises", "strengthens", "gluteal-muscles", 29),
    ("stretching", "targets", "hip-flexors", 29),
    ("improving-hip-mobility", "reduces", "lumbar-compensation", 30),
    ("nsaids", "isKindOf", "anti-inflammatory-medication", 31),
    ("corticosteroid-injection", "targets", "inflamed-bursa", 32),
    ("total-hip-replacement", "treats", "hip-joint-destruction", 33),
    ("total-hip-replacement", "eliminates", "altered-gait", 34),
    ("hip-arthroscopy", "treats", "femoroacetabular-impingement", 35),
    # facts a first pass missed
    ("limited-hip-range-of-motion", "impairs", "hip-extension", 4),
    ("hip-flexors", "locatedIn", "front-of-the-body", 7),
    ("femoroacetabular-impingement", "impairs", "deep-hip-flexion", 15),
    ("trochanteric-bursitis", "involves", "bursal-inflammation", 16),
    ("overlapping-nerves", "confounds", "hip-pain", 19),
    ("overlapping-nerves", "confounds", "lumbar-pain", 19),
    ("lumbar-pain", "originatesIn", "lumbar-spine", 19),
    ("anti-inflammatory-medication", "treats", "pain", 31),
    ("femoroacetabular-impingement", "isKindOf", "structural-problem", 35),
    ("hip-arthroscopy", "isKindOf", "minimally-invasive-procedure", 35),
]

# read across sentences or from a heading: in the graph, marked inferred, with a note
INFERRED = [
    ("hip-dysfunction", "causes", "limited-hip-range-of-motion", 3),
    ("hip-flexor-tightness", "partOf", "muscle-imbalance", 6),
    ("hip-osteoarthritis", "causes", "low-back-pain", 12),
    ("femoroacetabular-impingement", "causes", "low-back-pain", 15),
    ("lumbar-pain", "feltIn", "buttock", 22),
    ("sciatica", "isKindOf", "lumbar-pain", 23),
    ("sciatica", "originatesIn", "lumbar-spine", 23),
    ("lumbar-pain", "aggravatedBy", "bending-forward", 24),
]

# things the article does not say: none of these may be in the graph
NOT_STATED = [
    ("prolonged-sitting", "causes", "hip-osteoarthritis"),
    ("hip-pain", "radiatesTo", "foot"),
    ("low-back-pain", "radiatesTo", "knee"),
    ("total-hip-replacement", "treats", "femoroacetabular-impingement"),
    ("hip-arthroscopy", "treats", "hip-osteoarthritis"),
    ("nsaids", "eliminates", "inflammation"),
    ("hip-pain", "aggravatedBy", "prolonged-sitting"),
    # over-reaches of a first pass
    ("posterior-spinal-compression", "contributesTo", "low-back-pain"),
    ("anti-inflammatory-medication", "treats", "hip-pain"),
    ("muscle-imbalance", "contributesTo", "lumbar-compensation"),
    ("anterior-pelvic-tilt", "contributesTo", "lumbar-compensation"),
    ("hip-flexor-tightness", "isKindOf", "muscle-imbalance"),
    ("sciatica", "isKindOf", "low-back-pain"),
    # low back pain is felt in the lower back, whatever its source; pain from the lumbar spine
    # is the sense that originates there
    ("low-back-pain", "originatesIn", "lumbar-spine"),
]

ASK_STATED = PREFIXES + """
ASK {
  ?s ?p ?o .
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kgv:sentence ?n ; prov:value ?quote .
  FILTER(STRLEN(?quote) > 0)
}"""


def _ask(graph, query: str, **bindings) -> bool:
    return bool(graph.query(query, initBindings=bindings).askAnswer)


@pytest.mark.parametrize(("s", "p", "o", "n"), STATED, ids=lambda v: str(v))
def test_the_article_states_it_and_the_graph_cites_the_sentence(graph, s, p, o, n):
    from rdflib import Literal, URIRef

    c = "https://w3id.org/edu-kg/hip-spine/concept/"
    assert _ask(graph, ASK_STATED, s=URIRef(c + s), p=URIRef(
        "https://w3id.org/edu-kg/vocab#" + p), o=URIRef(c + o), n=Literal(n))


@pytest.mark.parametrize(("s", "p", "o", "n"), INFERRED, ids=lambda v: str(v))
def test_what_is_read_across_sentences_is_marked_inferred(graph, s, p, o, n):
    from rdflib import Literal, URIRef

    c = "https://w3id.org/edu-kg/hip-spine/concept/"
    ask = ASK_STATED.replace("prov:value ?quote .",
                             'prov:value ?quote ; kgv:reading "inferred" ; rdfs:comment ?note .')
    assert _ask(graph, ask, s=URIRef(c + s), p=URIRef("https://w3id.org/edu-kg/vocab#" + p),
                o=URIRef(c + o), n=Literal(n))
    assert not _ask(graph, ask.replace('"inferred"', '"stated"'), s=URIRef(c + s),
                    p=URIRef("https://w3id.org/edu-kg/vocab#" + p), o=URIRef(c + o),
                    n=Literal(n))


def test_the_most_common_cause_is_queryable(graph):
    rows = graph.query(PREFIXES + """
        SELECT ?condition WHERE {
          ?st rdf:subject ?condition ; rdf:predicate kgv:causes ;
              rdf:object c:low-back-pain ; kgv:qualifier "the most common cause" }""")
    assert {str(r.condition).rsplit("/", 1)[-1] for r in rows} == {"hip-osteoarthritis"}


def test_an_aggravating_activity_is_not_a_risk_factor(graph):
    assert _ask(graph, PREFIXES + "ASK { kgv:Activity rdfs:subClassOf* kgv:AggravatingFactor }")
    assert not _ask(graph, PREFIXES + "ASK { kgv:Activity rdfs:subClassOf* kgv:RiskFactor }")
    assert _ask(graph, PREFIXES + "ASK { c:kinetic-chain a kgv:Model }")
    assert _ask(graph, PREFIXES + "ASK { c:lumbar-muscle-strain a kgv:Condition }")


@pytest.mark.parametrize(("s", "p", "o"), NOT_STATED, ids=lambda v: str(v))
def test_what_the_article_does_not_say_is_not_in_the_graph(graph, s, p, o):
    assert not _ask(graph, PREFIXES + f"ASK {{ c:{s} kgv:{p} c:{o} }}")


def test_entailment_by_property_path_finds_subclasses(graph):
    # physical therapy is typed kgv:PhysicalTherapy, a subclass of kgv:Treatment
    assert _ask(graph, PREFIXES + "ASK { c:physical-therapy a/rdfs:subClassOf* kgv:Treatment }")
    assert not _ask(graph, PREFIXES + "ASK { c:physical-therapy a kgv:Treatment }")


def test_abbreviations_are_synonyms(graph):
    for concept, name in [("femoroacetabular-impingement", "FAI"),
                          ("sacroiliac-joint", "SI joint"), ("nsaids", "NSAIDs")]:
        assert _ask(graph, PREFIXES + f'ASK {{ c:{concept} skos:altLabel "{name}" }}')


def test_a_wrong_sentence_number_is_not_cited(graph):
    from rdflib import Literal, URIRef

    c = "https://w3id.org/edu-kg/hip-spine/concept/"
    assert not _ask(graph, ASK_STATED, s=URIRef(c + "hip-pain"), p=URIRef(
        "https://w3id.org/edu-kg/vocab#radiatesTo"), o=URIRef(c + "knee"), n=Literal(20))


def _match(concept: str, kind: str, curie: str) -> str:
    prefix, local = curie.split(":")
    return (PREFIXES + f"ASK {{ c:{concept} skos:{kind} "
            f"<http://purl.obolibrary.org/obo/{prefix}_{local}> }}")


def test_ontology_ids_exact_and_close(graph):
    assert _ask(graph, _match("hip-osteoarthritis", "exactMatch", "MONDO:0006629"))
    # the closest match is never stated as exact
    assert _ask(graph, _match("hip-arthroscopy", "closeMatch", "MAXO:0001182"))
    assert not _ask(graph, _match("hip-arthroscopy", "exactMatch", "MAXO:0001182"))
