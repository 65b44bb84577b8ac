"""Parameters enter a query where they mean the same: the WHERE clause and the sub-SELECTs that
pass the variable up, never a sub-SELECT whose variable of that name is its own."""

from __future__ import annotations

import pyoxigraph as ox

from kg.endpoint import inject_binds
from kg.query.sparql import inject_values, subselect_braces

IRI = "<https://ex.org/a>"


def test_values_go_into_subselects_that_project_the_variable():
    text = ("SELECT ?b WHERE { { SELECT DISTINCT ?a ?b WHERE { ?a ?p ?b } } "
            "{ SELECT ?b WHERE { ?a ?q ?b } } }")
    bound = inject_values(text, {"a": IRI})
    assert bound == (
        f"SELECT ?b WHERE {{ VALUES ?a {{ {IRI} }} {{ SELECT DISTINCT ?a ?b WHERE {{ VALUES ?a "
        f"{{ {IRI} }} ?a ?p ?b }} }} {{ SELECT ?b WHERE {{ ?a ?q ?b }} }} }}")


def test_a_variable_made_by_as_or_hidden_by_an_outer_subselect_is_not_bound():
    made = "SELECT * WHERE { { SELECT (COUNT(?x) AS ?a) WHERE { ?x ?p ?o } } }"
    assert subselect_braces(made) == [(made.index("{ ?x"), set())]
    nested = ("SELECT * WHERE { { SELECT ?n WHERE { { SELECT ?a ?n WHERE { ?a ?p ?n } } } } }")
    assert [scope for _, scope in subselect_braces(nested)] == [{"n"}, {"n"}]
    star = "SELECT * WHERE { { SELECT * WHERE { ?a ?p ?o } } }"
    assert subselect_braces(star)[0][1] == {"a", "p", "o"}


def test_binds_for_virtuoso_follow_the_same_rule():
    text = "SELECT ?b WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } } }"
    assert inject_binds(text, {"a": IRI}).count(f"BIND({IRI} AS ?a)") == 2


def _solutions(store: ox.Store, text: str) -> set[tuple[str, ...]]:
    return {tuple(term.value for term in solution) for solution in store.query(text)}


def test_answers_are_those_of_the_query_with_the_value_substituted():
    store = ox.Store()
    ex = "https://ex.org/"
    for s, o in (("a", "b"), ("b", "c"), ("x", "y")):
        store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + "p"), ox.NamedNode(ex + o)))
    reach = ("SELECT ?n ?all WHERE { { SELECT ?start ?n WHERE { ?start <https://ex.org/p>+ ?n } }"
             " { SELECT (COUNT(?start) AS ?all) WHERE { ?start <https://ex.org/p> ?o } } }")
    bound = _solutions(store, inject_values(reach, {"start": IRI}))
    # ?start of the second sub-SELECT is its own: it still counts all three edges
    assert bound == {(ex + "b", "3"),
                     (ex + "c", "3")}
