"""Reading curated YAML: records with file and line, and each input mistake as a KGError."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kg.curation import read_curated_file, read_curation
from kg.errors import KGError

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "data" / "curated"

GOOD = """\
source: doc
concepts:
  - id: a-thing
    label: yes
    type: Event
    synonyms: single synonym
relations:
  - subject: a-thing
    predicate: causes
    object: a-thing
    quote: "  spaced quote "
    sentence: 2
"""


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_fixture_records_know_file_and_line():
    curation = read_curation(FIXTURE)
    first = curation.concepts[0]
    assert (first.id, first.line, first.file.name) == ("heavy-rain", 3, "rivers.yaml")
    assert first.line_of("type") == 5
    rel = curation.relations[-1]
    assert (rel.subject, rel.predicate, rel.object, rel.sentence) == ("road", "locatedIn",
                                                                     "river", 2)
    assert rel.source == "rivers"
    assert rel.line_of("quote") == rel.line + 3


def test_scalars_are_kept_as_written(tmp_path):
    curated = read_curated_file(write(tmp_path, GOOD))
    concept, relation = curated.concepts[0], curated.relations[0]
    assert concept.label == "yes"  # not the boolean True
    assert concept.synonyms == ["single synonym"]
    assert relation.quote == "  spaced quote "  # quotes are verbatim, never stripped
    assert relation.sentence == 2


@pytest.mark.parametrize(
    ("text", "line", "message", "hint"),
    [
        ("source: doc\nconcepts:\n  - id: a\n   label: b\n", 4, "malformed YAML", None),
        ("source: doc\nconcepts:\n  - id: a\n    label: b\n    synonym: [c]\n    type: X\n", 5,
         "unknown field 'synonym'", "did you mean 'synonyms'?"),
        ("source: doc\nconcepts:\n  - id: a\n    type: X\n", 3, "has no 'label'", None),
        ("source: doc\nconcepts:\n  - id: Hip_OA\n    label: b\n    type: X\n", 3,
         "bad concept id 'Hip_OA'", "e.g. id: hip-oa"),
        ("source: doc\nconcepts:\n  - id: a\n    label: b\n    label: c\n    type: X\n", 5,
         "given twice", None),
        ("concepts: []\n", 1, "has no 'source'", None),
        ("source: doc\nrelations:\n  - subject: a\n    predicate: p\n    object: b\n"
         "    quote: q\n    sentence: two\n", 7, "sentence number", None),
        ("source: doc\nconcepts:\n  id: a\n", 3, "expected a list", None),
    ],
    ids=["malformed", "unknown-field", "missing-field", "bad-id", "duplicate-field",
         "no-source", "bad-sentence", "not-a-list"],
)
def test_mistakes_name_file_and_line(tmp_path, text, line, message, hint):
    path = write(tmp_path, text)
    with pytest.raises(KGError) as info:
        read_curated_file(path)
    error = info.value
    assert error.file == path
    assert error.line == line
    assert message in error.message
    if hint:
        assert hint in error.hint


def test_duplicate_id_across_files_names_both_lines(tmp_path):
    write(tmp_path, "source: d\nconcepts:\n  - id: x\n    label: x\n    type: T\n", "a.yaml")
    write(tmp_path, "source: d\nconcepts:\n  - {id: y, label: y, type: T}\n"
                    "  - id: x\n    label: x2\n    type: T\n", "b.yaml")
    with pytest.raises(KGError) as info:
        read_curation(tmp_path)
    error = info.value
    assert error.file.name == "b.yaml" and error.line == 4
    assert "a.yaml:3" in error.message


def test_empty_file_is_an_error(tmp_path):
    with pytest.raises(KGError, match="empty curated file"):
        read_curated_file(write(tmp_path, "# nothing yet\n"))
