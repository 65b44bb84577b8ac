"""kg.search / `kg search`: the full-text index of the release and what it finds."""

from __future__ import annotations

import json
import subprocess
import sys

import minigraph as m
import pytest

import kg
from kg.config import Project
from kg.errors import KGError
from kg.search import index_path, search


@pytest.fixture
def sample(tmp_path):
    project = Project(m.write_dataset(tmp_path / "data"), tmp_path / "build")
    kg.build(project)
    return project


def _numbers(result) -> set[int]:
    return {s["number"] for s in result.sentences}


# ------------------------------------------------------------------ the index

def test_build_writes_the_index_into_the_release_and_the_manifest(sample):
    path = index_path(sample)
    assert path.is_file() and path.parent == sample.release_dir
    manifest = json.loads((sample.release_dir / "manifest.json").read_text())
    assert path.name in manifest["outputs"]


def test_the_index_is_the_same_bytes_on_every_build(sample):
    first = index_path(sample).read_bytes()
    kg.build(sample)
    assert index_path(sample).read_bytes() == first


def test_every_sentence_is_indexed_with_number_section_and_relations(sample):
    result = search("physiotherapy", sample)
    by_number = {s["number"]: s for s in result.sentences}
    assert set(by_number) == {4, 5}  # "Physiotherapy treats knee pain. ... strengthens ..."
    assert by_number[4]["section"] == "Care"
    assert by_number[4]["text"] == "Physiotherapy treats knee pain."
    assert [(r["subject"], r["predicate"], r["object"]) for r in by_number[4]["relations"]] == \
        [("physiotherapy", "treats", "knee pain")]
    assert by_number[4]["relations"][0]["quote"] == "Physiotherapy treats knee pain"


def test_names_and_definitions_are_searched(sample):
    result = search("PT", sample)  # a synonym of physiotherapy, in no sentence
    assert [c["label"] for c in result.concepts] == ["physiotherapy"]
    assert result.concepts[0]["synonyms"] == ["PT", "physical therapy"]
    assert not result.sentences


def test_a_sentence_is_found_by_the_names_of_what_it_grounds(embedded):
    # "If the back pain significantly improves after the hip joint itself is numbed, it
    # confirms ..." never says "diagnostic"; the injection it grounds facts about does
    result = search("diagnostic", embedded, limit=50)
    found = [s for s in result.sentences if "diagnostic" not in s["text"].lower()]
    assert found and all(any("diagnostic" in r["subject"] + r["object"]
                             for r in s["relations"]) for s in found)


def test_stemming_and_word_beginnings(sample):
    assert _numbers(search("strengthening", sample)) == {5}  # porter: strengthen
    assert _numbers(search("pains", sample)) == {2, 3, 4}
    result = search("quadri", sample)                        # a beginning
    assert _numbers(result) == {5} and result.sentences[0]["match"] == "word beginnings"
    assert _numbers(search("quadri*", sample)) == {5}


def test_all_words_first_then_any_word(sample):
    assert _numbers(search("knee joint felt", sample)) == {3}
    result = search("knee zebra", sample)  # no entry has both
    assert result.sentences and {s["match"] for s in result.sentences} == {"some words"}


@pytest.mark.parametrize("text", ['hip AND OR NOT', 'NEAR(a b)', 'col:knee', '^knee',
                                  '"knee', "knee's", "knee-pain", "(knee)"])
def test_nothing_typed_is_fts_syntax(sample, text):
    search(text, sample)  # no sqlite3.OperationalError


def test_no_words_is_a_user_mistake(sample):
    with pytest.raises(KGError, match="nothing to search for"):
        search(' " * ', sample)


def test_a_stale_release_is_rebuilt_first(sample):
    source = sample.sources_dir / f"{m.DOC}.txt"
    source.write_text(source.read_text() + "Care\nRest helps a sore zebra.\n")
    messages = []
    result = search("zebra", sample, progress=messages.append)
    assert [s["text"] for s in result.sentences] == ["Rest helps a sore zebra."]
    assert messages  # said that it rebuilt


def test_an_index_of_another_version_is_refused(sample, tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    path.write_bytes(index_path(sample).read_bytes())
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    db.close()
    with pytest.raises(KGError, match="another version"):
        search("knee", index=path)
    (tmp_path / "junk.sqlite").write_text("not a database")
    with pytest.raises(KGError, match="not a kg search index"):
        search("knee", index=tmp_path / "junk.sqlite")


# ------------------------------------------------------------------ the article

@pytest.mark.parametrize("text, sentence_words, concept", [
    ("posture", "posture", "altered posture"),
    ("worse", "worsens", None),
    ("injection", "diagnostic injection", "diagnostic hip joint injection"),
    ("nerves", "nerves supplying both areas overlap", "nerves supplying the hip and lumbar spine"),
])
def test_what_an_educator_looks_for_is_found(embedded, text, sentence_words, concept):
    result = search(text, embedded)
    assert any(sentence_words in s["text"] for s in result.sentences[:3]), result.sentences
    assert all(s["relations"] for s in result.sentences[:1])  # the best one grounds facts
    if concept:
        assert concept in {c["label"] for c in result.concepts}


def test_worse_finds_what_aggravates(embedded):
    result = search("worse", embedded)
    predicates = {r["predicate"] for s in result.sentences for r in s["relations"]}
    assert "aggravated by" in predicates


# ------------------------------------------------------------------ the command

def test_cli_text(run_kg, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = run_kg("search", "injection")
    assert code == 0
    assert "sentence " in out and " · " in out and "grounds: " in out
    assert "diagnostic hip joint injection —" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_cli_wraps_to_columns(run_kg, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run_kg("search", "injection")
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 60


def test_cli_json(run_kg):
    code, out, _ = run_kg("search", "nerves", "--format", "json", "--limit", "1")
    data = json.loads(out)
    assert code == 0 and data["query"] == "nerves" and data["words"] == ["nerve"]
    assert len(data["sentences"]) == 1 and data["sentence_count"] >= 1
    sentence = data["sentences"][0]
    assert {"number", "section", "text", "relations", "match", "source"} <= set(sentence)
    assert {"subject", "predicate", "object", "subject_iri", "quote"} <= \
        set(sentence["relations"][0])


def test_cli_nothing_found(run_kg):
    code, out, _ = run_kg("search", "zzzyx")
    assert code == 0 and "nothing in the article" in out


def test_cli_bad_limit(run_kg):
    code, _, err = run_kg("search", "knee", "--limit", "0")
    assert code == 2 and "at least 1" in err


def test_kg_search_reads_the_index_only(run_kg, embedded):
    run_kg("search", "knee")  # the release is current
    code = ("import sys; from kg.cli import main; "
            f"main(['--data', {str(embedded.data_dir)!r}, '--build-dir', "
            f"{str(embedded.build_dir)!r}, '-q', 'search', 'posture']); "
            "heavy = {'rdflib', 'networkx', 'pyshacl', 'pyoxigraph'} & set(sys.modules); "
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_release_that_cannot_be_written_is_indexed_in_memory(sample, monkeypatch):
    import kg.build

    index_path(sample).unlink()

    def read_only(graph, project):
        raise OSError("read-only file system")

    monkeypatch.setattr(kg.build, "write_release", read_only)
    with pytest.warns(UserWarning, match="could not write the release"):
        result = search("physiotherapy", sample)
    assert _numbers(result) == {4, 5} and not index_path(sample).exists()


def test_a_question_typed_as_a_sentence_finds_the_sentence_with_most_of_its_words(embedded):
    # the article's first sentence answers it; the sentence about "structural problems"
    # has the rarest word but few of the others
    result = search("can hip problems cause back pain", embedded)
    assert result.sentences[0]["match"] == "some words"
    assert result.sentences[0]["number"] == 1


def test_cli_says_when_no_entry_has_every_word(run_kg):
    code, out, _ = run_kg("search", "can", "hip", "problems", "cause", "back", "pain")
    assert code == 0 and "these have the most of them" in " ".join(out.split())
    assert "sentence 1\n" in out
