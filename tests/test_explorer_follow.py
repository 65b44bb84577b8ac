"""The explorer's Follow table (kg/render/explorer_follow.py): every pair's answer is what
kg.explain.how answers, however the table got it, and the page's encoding keeps it whole."""

from __future__ import annotations

import json

import pytest

from kg import explain
from kg.render import explorer_follow


@pytest.fixture(scope="module")
def G(graph):
    return explain.view(graph)


def _same(answer) -> str:
    return json.dumps(answer.as_dict(), sort_keys=True)


def test_every_pair_with_a_chain_and_a_sample_of_the_rest_equal_how(G):
    """Pairs that have chains (asked of how itself) and pairs the table answers without
    calling how (relation path, reverse count, readings) both equal how's answer."""
    with_chains = checked = 0
    for i, (a, b, answer) in enumerate(explorer_follow.pair_answers(G)):
        if not answer.chains and i % 9:
            continue                      # every 9th pair without a chain (how is slow)
        assert _same(answer) == _same(explain.how(G, a, b)), (a, b)
        with_chains += bool(answer.chains)
        checked += 1
    assert with_chains > 100 and checked > with_chains


def test_the_encoded_table_decodes_to_how(G):
    data = explorer_follow.follow_data(G)
    assert data["prepared"] and len(data["answers"]) == len(G) * (len(G) - 1)
    at = {n: i for i, n in enumerate(data["nodes"])}

    def walk(refs):
        out = []
        for ref in refs:
            s = data["steps"][ref if ref >= 0 else -ref - 1]
            out.append((s["s"], s["p"], s["o"], ref >= 0, s.get("q"), s.get("n")))
        return out

    for a, b in [("femoroacetabular-impingement", "low-back-pain"),
                 ("physical-therapy", "low-back-pain"),
                 ("total-hip-replacement", "hip-joint"),
                 ("low-back-pain", "femoroacetabular-impingement")]:
        answer = explain.how(G, a, b)
        entry = data["answers"][f"{at[a]} {at[b]}"]
        expected = [[(s.subject, s.predicate, s.object, s.forward, s.quote, s.sentence)
                     for s in c.all_steps] for c in answer.chains]
        assert [walk(c[2]) for c in entry.get("c", [])] == expected
        assert [c[0] for c in entry.get("c", [])] == [c.effect for c in answer.chains]
        assert entry.get("v") == (answer.verb if answer.chains else None)
        if answer.chains:
            groups = [(e, [answer.chains.index(c) for c in cs]) for e, cs in answer.by_effect()]
            assert [(g[0], g[3]) for g in entry["g"]] == groups
        else:
            assert walk(entry["r"]) == [(s.subject, s.predicate, s.object, s.forward, s.quote,
                                         s.sentence) for s in answer.related]
    assert {k for e in data["answers"].values() for k in e} <= {"v", "c", "g", "r", "rev", "rd"}


def test_a_big_graph_gets_no_table(G, monkeypatch):
    monkeypatch.setattr(explorer_follow, "MAX_CONCEPTS", 10)
    data = explorer_follow.follow_data(G)
    assert data == {"prepared": False, "max_hops": 6, "limit": 10}
