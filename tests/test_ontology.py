"""The vocabulary: classes, relations, hierarchy and 'did you mean' checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.ontology import read_ontology

ONTOLOGY = Path(__file__).parent / "fixtures" / "mini" / "data" / "ontology"


@pytest.fixture(scope="module")
def onto():
    return read_ontology(ONTOLOGY)


def test_classes_and_properties_are_kgv_local_names(onto):
    assert onto.classes == {"Concept", "Event", "Flood", "Place", "Structure"}
    assert {"causes", "causalRelation", "reduces"} <= onto.properties
    assert onto.labels["locatedIn"] == "located in"
    assert onto.comments["Event"] == "Something that happens."


def test_shapes_file_is_not_vocabulary(onto):
    assert [p.name for p in onto.files] == ["vocab.ttl"]
    assert "ConceptShape" not in onto.classes


def test_hierarchy(onto):
    assert onto.superclasses("Flood") == ["Event", "Concept"]
    assert onto.top_class("Flood") == "Event"
    assert onto.top_class("Event") == "Event"
    assert onto.top_class("Concept") == "Concept"
    assert onto.subclasses("Event") == {"Event", "Flood"}
    assert onto.subproperties("causalRelation") == {"causalRelation", "causes", "worsens"}
    assert onto.domains["causes"] == "Concept"


def test_unknown_type_suggests_close_match(onto):
    with pytest.raises(KGError) as info:
        onto.require_class("Evnt", Path("x.yaml"), 7)
    assert (info.value.line, info.value.hint) == (7, "did you mean 'Event'?")


def test_unknown_predicate_without_close_match_lists_known(onto):
    with pytest.raises(KGError) as info:
        onto.require_property("zzzz", Path("x.yaml"), 3)
    assert "unknown predicate 'zzzz'" in info.value.message
    assert "causes" in info.value.hint


def test_turtle_syntax_error_has_line(tmp_path):
    (tmp_path / "vocab.ttl").write_text("@prefix kgv: <https://w3id.org/edu-kg/vocab#> .\n"
                                        "kgv:A a kgv:B\nkgv:C a kgv:D .\n")
    with pytest.raises(KGError) as info:
        read_ontology(tmp_path)
    assert info.value.file.name == "vocab.ttl"
    assert info.value.line == 3


def test_missing_vocabulary(tmp_path):
    with pytest.raises(KGError, match="no vocabulary"):
        read_ontology(tmp_path)
