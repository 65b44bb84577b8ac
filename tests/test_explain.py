"""kg.explain on the embedded dataset (the article's answers) and on the small rivers dataset.

Expected values are checked two ways: against what the article says (written here by hand) and
against the curated YAML read independently of the engine (so a fact added to the data does
not need a test edit, but a wrong algorithm fails).
"""

from __future__ import annotations

import doctest
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
import yaml

from kg import explain
from kg.errors import KGError

REPO = Path(__file__).resolve().parents[1]
CURATED = REPO / "data" / "curated" / "hip-and-lower-back-pain.yaml"
SOURCE = REPO / "data" / "sources" / "hip-and-lower-back-pain.txt"
MINI = REPO / "tests" / "fixtures" / "mini" / "data"


@pytest.fixture(scope="module")
def G(graph):
    return explain.view(graph)


@pytest.fixture(scope="module")
def resolve(graph):
    from kg.resolve import Resolver, local_id

    resolver = Resolver(graph)
    return lambda name: local_id(resolver.resolve(name))


@pytest.fixture(scope="module")
def doc():
    from kg.sources import read_document

    return read_document(SOURCE)


@pytest.fixture(scope="module")
def curated():
    data = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    triples = {(r["subject"], r["predicate"], r["object"]) for r in data["relations"]}
    return {"concepts": {c["id"]: c for c in data["concepts"]}, "triples": triples}


@pytest.fixture(scope="module")
def mini():
    import kg
    from kg.config import Project

    return explain.view(kg.build(Project(MINI), write=False))


def assert_cited(steps, doc):
    """Every step carries a quote that is in the article, at the sentence it gives."""
    assert steps
    for step in steps:
        assert step.quote and step.sentence, step
        span = doc.find_quote(step.quote, step.sentence)  # KGError if not in that sentence
        assert span.sentence == step.sentence
        assert doc.text[span.start:span.end] == step.quote


def assert_walk(steps, start, end):
    """The steps form a walk from start to end (each step starts where the last ended)."""
    assert steps[0].start == start and steps[-1].end == end
    for before, after in zip(steps, steps[1:], strict=False):
        assert before.end == after.start


def nodes_of(chain):
    return [chain[0].start] + [s.end for s in chain]


def test_docstring_examples():
    import importlib
    import pkgutil

    attempted = 0
    for info in pkgutil.iter_modules(explain.__path__, "kg.explain."):
        result = doctest.testmod(importlib.import_module(info.name),
                                 optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, info.name
        attempted += result.attempted
    assert attempted > 10


# ------------------------------------------------------------------ which relations are causal

def test_causal_relations_are_the_vocabulary_sub_properties_of_causal_relation(graph, G):
    from rdflib import RDFS, URIRef

    root = URIRef("https://w3id.org/edu-kg/vocab#causalRelation")
    expected = {str(p).rsplit("#", 1)[-1]
                for p in graph.transitive_subjects(RDFS.subPropertyOf, root)}
    assert set(G.graph["causal_predicates"]) == expected
    assert {"causes", "contributesTo", "involves", "impairs", "strains", "treats",
            "reduces"} <= expected
    assert not {"isKindOf", "radiatesTo", "feltIn", "targets", "usedWith"} & expected


def test_each_causal_relation_has_the_direction_the_vocabulary_declares(graph, G):
    """Directions come from vocab.ttl: a direct sub-property of exactly one of the two
    parents (so a query finds it with one triple pattern)."""
    from rdflib import RDFS, URIRef

    kgv = "https://w3id.org/edu-kg/vocab#"
    up, down = URIRef(kgv + "increasingRelation"), URIRef(kgv + "decreasingRelation")
    direct = {str(p).rsplit("#", 1)[-1]: 1 for p in graph.subjects(RDFS.subPropertyOf, up)}
    direct.update({str(p).rsplit("#", 1)[-1]: -1
                   for p in graph.subjects(RDFS.subPropertyOf, down)})
    assert G.graph["predicate_signs"] == direct
    assert {p for p, s in direct.items() if s == -1} == {"impairs", "reduces", "treats",
                                                         "eliminates"}
    assert direct["restores"] == 1 and direct["causes"] == 1


def test_another_vocabulary_brings_its_own_causal_relations(mini):
    # the rivers vocabulary declares 'worsens' causal; 'damages' is not
    assert [str(s) for s in explain.causal_chains(mini, "erosion", "flood")[0]] == \
        ["erosion —worsens→ flood"]
    assert explain.causal_chains(mini, "flood", "road") == []


def test_a_relation_stated_twice_is_one_step_cited_by_its_first_sentence(mini):
    chains = explain.causal_chains(mini, "heavy-rain", "flood")
    assert len(chains) == 1
    assert chains[0][0].sentence == 1


def test_a_plain_networkx_graph_must_say_what_is_causal(graph, G):
    from kg.graph import to_networkx

    with pytest.raises(ValueError, match="causal"):
        explain.causal_chains(to_networkx(graph), "hip-osteoarthritis", "low-back-pain")
    only_causes = explain.causal_chains(to_networkx(graph), "hip-osteoarthritis",
                                        "low-back-pain", causal={"causes"})
    assert [len(c) for c in only_causes] == [1]  # the others need involves / contributes to


# ------------------------------------------------------------------ the article's chains

EXAMPLES = [
    # source name, target name, concepts one chain must pass through (in order)
    ("hip osteoarthritis", "low back pain",
     ["hip-stiffness", "altered-gait", "abnormal-force-transfer"]),
    ("prolonged sitting", "lumbar spine",
     ["hip-flexor-tightness", "anterior-pelvic-tilt", "poor-posture-and-movement-patterns"]),
    ("femoroacetabular impingement", "excessive lumbar flexion", []),
    ("FAI", "low back pain", ["limited-hip-range-of-motion", "lumbar-compensation"]),
    ("trochanteric bursitis", "discomfort in the lumbar region",
     ["trochanteric-pain", "antalgic-gait", "weight-distribution-shift"]),
]


@pytest.mark.parametrize(("source", "target", "via"), EXAMPLES)
def test_the_article_examples_are_found_and_cited(G, resolve, doc, source, target, via):
    a, b = resolve(source), resolve(target)
    chains = explain.causal_chains(G, a, b)
    assert chains, f"no causal chain {source} -> {target}"
    causal = set(G.graph["causal_predicates"])
    for chain in chains:
        assert_walk(chain, a, b)
        assert len(chain) <= 6
        assert len(set(nodes_of(chain))) == len(chain) + 1  # simple: no concept twice
        assert all(step.predicate in causal for step in chain)
        assert_cited(chain, doc)
    inner = [nodes_of(c)[1:-1] for c in chains]
    assert via in inner or any(_in_order(via, nodes) for nodes in inner), inner


def _in_order(wanted, nodes):
    positions = [nodes.index(n) for n in wanted if n in nodes]
    return len(positions) == len(wanted) and positions == sorted(positions)


def test_synonyms_resolve_to_the_concepts_the_article_means(resolve):
    assert resolve("discomfort in the lumbar region") == "low-back-pain"
    assert resolve("lumbar pain") == "lumbar-pain"  # pain from the lumbar spine, another sense
    assert resolve("FAI") == "femoroacetabular-impingement"
    assert resolve("Hip-OA") == "hip-osteoarthritis"


def test_chains_come_shortest_first_and_max_hops_bounds_them(G):
    chains = explain.causal_chains(G, "hip-osteoarthritis", "low-back-pain")
    lengths = [len(c) for c in chains]
    assert lengths == sorted(lengths) and lengths[0] == 1  # "the most common cause"
    assert len(chains) >= 3
    short = explain.causal_chains(G, "hip-osteoarthritis", "low-back-pain", max_hops=4)
    assert [len(c) for c in short] == [1]
    with pytest.raises(ValueError):
        explain.causal_chains(G, "hip-osteoarthritis", "low-back-pain", max_hops=0)


def test_prolonged_sitting_chain_is_exactly_the_one_the_article_gives(G):
    chains = explain.causal_chains(G, "prolonged-sitting", "lumbar-spine")
    assert [nodes_of(c)[1:-1] for c in chains] == [
        ["hip-flexor-tightness", "anterior-pelvic-tilt", "poor-posture-and-movement-patterns"],
    ]
    # the example ends at "overload the lumbar spine"; sitting only aggravates back pain
    assert explain.causal_chains(G, "prolonged-sitting", "low-back-pain") == []


def test_chains_follow_relation_direction(G):
    assert explain.causal_chains(G, "low-back-pain", "hip-osteoarthritis") == []


# ------------------------------------------------------------------ no causal chain

def test_no_causal_chain_falls_back_to_the_shortest_relation_path(G, doc):
    # knee and foot: where hip pain radiates, where sciatica radiates; nothing causal links them
    assert explain.causal_chains(G, "knee", "foot") == []
    path = explain.shortest_relation_path(G, "knee", "foot")
    assert_walk(path, "knee", "foot")
    assert_cited(path, doc)
    assert len(path) == nx.shortest_path_length(G.to_undirected(), "knee", "foot")
    assert path[0].forward is False  # hip pain radiates to the knee: walked backwards
    assert (path[0].subject, path[0].predicate) == ("hip-pain", "radiatesTo")
    assert (path[-1].subject, path[-1].predicate, path[-1].object) == \
        ("sciatica", "radiatesTo", "foot")


def test_signs_compose_along_a_chain(G):
    # physical therapy restores hip range of motion (+), which reduces lumbar compensation
    # (-), which causes back pain (+): physical therapy relieves back pain (sentences 28, 30)
    chains = explain.causal_chains(G, "physical-therapy", "low-back-pain")
    assert chains and {explain.chain_effect(c) for c in chains} == {-1}
    assert explain.causal_chains(G, "physical-therapy", "low-back-pain", effect=1) == []
    routes = {tuple(nodes_of(c)) for c in chains}
    # physical therapy includes improving hip mobility (inferred from 28 and 30), which reduces
    # lumbar compensation, which causes low back pain
    assert ("physical-therapy", "improving-hip-mobility", "lumbar-compensation",
            "low-back-pain") in routes
    # femoroacetabular impingement impairs (-) hip range of motion, which reduces (-) the
    # compensation: two decreases make an increase
    worse = explain.causal_chains(G, "femoroacetabular-impingement", "lumbar-compensation")
    assert ("femoroacetabular-impingement", "limited-hip-range-of-motion",
            "lumbar-compensation") in \
        {tuple(nodes_of(c)) for c in worse if explain.chain_effect(c) == 1}


def test_how_reads_a_structure_as_what_affects_it(G):
    answer = explain.how(G, "hip", "low-back-pain")
    assert answer.verb == "leads to" and answer.effect == 1
    members = {m for m, _ in answer.readings["hip"]}
    assert "hip-dysfunction" in members
    firsts = {c.steps[0].subject for c in answer.chains}
    assert "hip-dysfunction" in firsts and firsts <= members
    for chain in answer.chains:
        assert chain.lead_in and chain.lead_in[-1].end == chain.steps[0].subject
    treatment = explain.how(G, "total-hip-replacement", "low-back-pain")
    assert treatment.verb == "helps with"
    assert {s.predicate for c in treatment.chains for s in c.steps[:1]} == {"eliminates"}


def test_how_without_chain_keeps_the_relation_path_apart(G):
    answer = explain.how(G, "physical-therapy", "hip-pain")
    assert answer.chains == [] and answer.effect is None
    assert answer.related and answer.related[0].start == "physical-therapy"
    assert answer.related[-1].end == "hip-pain"


def test_non_causal_relations_are_not_followed(G):
    assert nx.has_path(G, "hip-pain", "knee")  # radiates to: where, not why
    assert explain.causal_chains(G, "hip-pain", "knee") == []


def test_relation_path_is_none_when_not_connected():
    G = nx.MultiDiGraph()
    G.add_node("a", label="a")
    G.add_node("b", label="b")
    assert explain.shortest_relation_path(G, "a", "b") is None


def test_unknown_node_ids_raise(G):
    with pytest.raises(nx.NodeNotFound):
        explain.causal_chains(G, "no-such-concept", "low-back-pain")


# ------------------------------------------------------------------ neighbors

def _linked(triples, node, direction):
    out = {o for s, _, o in triples if s == node} if direction in ("out", "both") else set()
    inc = {s for s, _, o in triples if o == node} if direction in ("in", "both") else set()
    return (out | inc) - {node}


@pytest.mark.parametrize("direction", ["out", "in", "both"])
def test_neighbors_at_depth_one_are_the_curated_relations(G, curated, direction):
    found = explain.neighbors(G, "hip-pain", direction=direction)
    assert {n.id for n in found} == _linked(curated["triples"], "hip-pain", direction)
    for n in found:
        assert n.distance == 1 and n.via
        for step in n.via:
            assert step.start == "hip-pain" and step.end == n.id
            assert step.forward == (step.subject == "hip-pain")


def test_neighbors_at_depth_two_are_one_step_further(G, curated):
    found = explain.neighbors(G, "hip-pain", depth=2, direction="out")
    first = {n.id for n in found if n.distance == 1}
    second = {n.id for n in found if n.distance == 2}
    expected = set().union(*(_linked(curated["triples"], n, "out") for n in first))
    assert second == expected - first - {"hip-pain"}
    # hip pain -> (hard to tell apart from) pain from the lumbar spine -> originates in it
    assert "lumbar-spine" in second
    for n in found:
        if n.distance == 2:
            assert all(step.start in first for step in n.via)


def test_neighbors_filter_by_type_and_subtype(G):
    anatomy = explain.neighbors(G, "hip-pain", types=["AnatomicalStructure"])
    assert {n.id for n in anatomy} == {"groin", "front-of-thigh", "knee", "hip-joint",
                                       "overlapping-nerves"}
    regions = explain.neighbors(G, "hip-pain", types=["body region"])  # label, any case
    assert {n.id for n in regions} == {"groin", "front-of-thigh", "knee"}
    several = explain.neighbors(G, "femoroacetabular-impingement", types=["Treatment,Condition"])
    assert {n.top_type for n in several} == {"Treatment", "Condition"}


def test_unknown_type_suggests_close_ones(G):
    with pytest.raises(KGError) as info:
        explain.neighbors(G, "hip-pain", types=["Symptons"])
    assert "unknown type 'Symptons'" in str(info.value)
    assert "Symptom" in info.value.hint


# ------------------------------------------------------------------ compare

def _rows(G, a, b):
    return {row.label: ({s.end for s in row.a}, {s.end for s in row.b})
            for row in explain.compare(G, a, b)}


def test_compare_hip_pain_and_lumbar_pain_matches_the_article(G):
    rows = _rows(G, "hip-pain", "lumbar-pain")
    # sentences 19-24 of the article
    assert rows["felt in"] == ({"groin", "front-of-thigh"}, {"lower-back", "buttock"})
    assert rows["radiates to"] == ({"knee"}, set())
    assert rows["aggravated by"] == ({"weight-bearing-activities",
                                      "internal-rotation-of-the-leg"},
                                     {"prolonged-sitting", "bending-forward"})
    assert rows["originates in"] == ({"hip-joint"}, {"lumbar-spine"})
    # incoming relations, as questions about each concept: why they are hard to tell apart
    assert rows["what confounds it"] == ({"overlapping-nerves"}, {"overlapping-nerves"})
    assert rows["what is a kind of it"] == (set(), {"sciatica"})
    assert "what treats it" not in rows  # "to manage pain" does not say which pain


def test_compare_rows_are_exactly_the_curated_relations(G, curated):
    symmetric = set(G.graph["symmetric_predicates"])
    for a, b in [("hip-pain", "lumbar-pain"), ("hip-pain", "low-back-pain"),
                 ("hip-joint", "lumbar-spine")]:
        expected = defaultdict(lambda: (set(), set()))
        for side, node in ((0, a), (1, b)):
            for s, p, o in curated["triples"]:
                if s == node:
                    expected[p, "both" if p in symmetric else "out"][side].add(o)
                if o == node:
                    expected[p, "both" if p in symmetric else "in"][side].add(s)
        got = {(r.predicate, r.direction): ({s.end for s in r.a}, {s.end for s in r.b})
               for r in explain.compare(G, a, b)}
        assert got == dict(expected)


def test_compare_marks_shared_entries_and_puts_common_rows_first(G):
    rows = explain.compare(G, "hip-pain", "lumbar-pain")
    both = [bool(r.a and r.b) for r in rows]
    assert both == sorted(both, reverse=True)
    confounds = next(r for r in rows if r.label == "what confounds it")
    assert confounds.shared == ["overlapping-nerves"]
    symmetric = next(r for r in rows if r.predicate == "hardToDistinguishFrom")
    assert symmetric.direction == "both"
    assert [s.end for s in symmetric.a] == ["lumbar-pain"]
    assert [s.end for s in symmetric.b] == ["hip-pain"]


# ------------------------------------------------------------------ hubs

def test_hubs_degree_counts_the_curated_relations(G, curated):
    top = explain.hubs(G, 5)
    degree = defaultdict(int)
    for s, _, o in curated["triples"]:
        degree[s] += 1
        degree[o] += 1
    for hub in top:
        assert hub.degree == degree[hub.id] == hub.in_degree + hub.out_degree
    assert [h.degree for h in top] == sorted((h.degree for h in top), reverse=True)
    assert top[0].degree == max(degree.values())
    assert "low-back-pain" in [h.id for h in top[:3]]


def test_hubs_by_betweenness_and_what_they_connect(G, curated):
    top = explain.hubs(G, 3, by="betweenness")
    values = [h.betweenness for h in top]
    assert values == sorted(values, reverse=True) and 0 < values[-1] <= 1
    # the joint most hip problems act on, then the symptom they lead to
    assert [h.id for h in top[:2]] == ["hip-joint", "low-back-pain"]
    connects = top[0].connects
    assert set(connects["Condition"]) >= {"hip osteoarthritis", "femoroacetabular impingement"}
    assert sum(map(len, connects.values())) == len(_linked(curated["triples"],
                                                           "hip-joint", "both"))
    assert len(explain.hubs(G, 0)) == G.number_of_nodes()


def test_a_chain_reaching_a_structure_is_offered_once(G):
    # prolonged sitting ... poor posture —strains→ lumbar spine ends at the structure itself; the
    # region reading (poor posture is among what affects it) must not offer the same walk again
    answer = explain.how(G, "prolonged-sitting", "lumbar-spine")
    walks = [tuple((s.subject, s.predicate, s.object) for s in [*c.lead_in, *c.steps, *c.lead_out])
             for c in answer.chains]
    assert walks and len(walks) == len(set(walks))
