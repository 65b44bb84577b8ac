"""kg draft: proposals in the curated schema with verbatim quotes, decisions kept across runs,
--accept into data/curated/ (then validate and build pass), and bad input refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "fixtures" / "articles"
KNEE = ARTICLES / "knee-pain-in-runners.txt"


def make_dataset(root: Path) -> Path:
    """A copy of the embedded dataset (settings, vocabulary, the hip article and its curation)."""
    data = root / "data"
    for part in ("kg.yaml", "ontology", "sources", "curated"):
        source = REPO / "data" / part
        if source.is_dir():
            shutil.copytree(source, data / part)
        else:
            data.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, data / part)
    return data


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return make_dataset(tmp_path)


@pytest.fixture
def kg_in(run_kg, tmp_path):
    def run(data: Path, *args: str):
        return run_kg(*args, data=data, build=tmp_path / "build")
    return run


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_draft_proposes_items_in_the_curated_schema_with_verbatim_quotes(dataset, kg_in):
    from kg.sources import read_document

    code, out, err = kg_in(dataset, "draft", str(KNEE))
    assert code == 0, err
    draft_file = dataset / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    assert str(draft_file.relative_to(dataset.parent)) in out or draft_file.name in out
    data = load(draft_file)
    assert data["source"] == "knee-pain-in-runners"
    copied = dataset / "sources" / "knee-pain-in-runners.txt"
    assert copied.read_bytes() == KNEE.read_bytes()
    assert load(copied.with_suffix(".yaml"))["identifier"] == "knee-pain-in-runners"
    document = read_document(copied)
    assert data["concepts"] and data["relations"]
    for item in data["concepts"] + data["relations"]:
        assert item["status"] == "proposed"
        assert 0 <= item["confidence"] <= 1
        assert item["rule"]
    for relation in data["relations"]:
        span = document.find_quote(relation["quote"], relation["sentence"])
        assert span.sentence == relation["sentence"]
    ids = {c["id"] for c in data["concepts"]}
    assert {r["subject"] for r in data["relations"]} | {r["object"] for r in
                                                         data["relations"]} <= ids


def test_draft_finds_abbreviations_lexicon_terms_and_reuses_curated_ids(dataset, kg_in):
    assert kg_in(dataset, "draft", str(KNEE))[0] == 0
    data = load(dataset / "curated" / "drafts" / "knee-pain-in-runners.yaml")
    by_label = {c["label"]: c for c in data["concepts"]}
    pfps = by_label["patellofemoral pain syndrome"]
    assert "PFPS" in pfps["synonyms"] and pfps["type"] == "Condition"
    assert by_label["knee osteoarthritis"]["exact"] == ["HP:0005086"]
    assert by_label["knee osteoarthritis"]["rule"] == "lexicon:HP"
    # "physical therapy" is curated in the hip article: same id, marked existing
    therapy = by_label["physical therapy"]
    assert therapy["id"] == "physical-therapy" and therapy["existing"] is True
    triples = {(r["subject"], r["predicate"], r["object"]) for r in data["relations"]}
    assert ("mri", "diagnoses", "meniscus-tear") in triples
    assert ("iliotibial-band-syndrome", "causes", "pain") in triples


def test_hedges_and_negations_are_flagged_in_the_note(dataset, kg_in):
    article = dataset.parent / "ankle.txt"
    article.write_text("Ankle sprain\nAnkle sprain may cause swelling. Ice does not cause "
                       "swelling.\n", encoding="utf-8")
    assert kg_in(dataset, "draft", str(article))[0] == 0
    relations = load(dataset / "curated" / "drafts" / "ankle.yaml")["relations"]
    notes = {r["sentence"]: r.get("note", "") for r in relations}
    assert "hedged: may" in notes[1]
    assert "negated: not" in notes[2]
    confidence = {r["sentence"]: r["confidence"] for r in relations}
    assert confidence[2] < confidence[1]


def test_a_rerun_keeps_the_decisions(dataset, kg_in):
    assert kg_in(dataset, "draft", str(KNEE))[0] == 0
    path = dataset / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    data = load(path)
    rejected = data["relations"][0]["key"]
    edited = data["relations"][1]
    edited.update(status="accepted", predicate="locatedIn")
    data["relations"][0]["status"] = "rejected"
    data["concepts"][0]["status"] = "accepted"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, _ = kg_in(dataset, "draft", str(KNEE))
    assert code == 0 and "decisions kept" in out
    again = load(path)
    relations = {r["key"]: r for r in again["relations"]}
    assert relations[rejected]["status"] == "rejected"
    assert relations[edited["key"]]["predicate"] == "locatedIn"
    assert again["concepts"][0]["status"] == "accepted"
    assert len(again["relations"]) == len(data["relations"])
    # --force starts afresh
    assert kg_in(dataset, "draft", "--force", str(KNEE))[0] == 0
    assert all(r["status"] == "proposed" for r in load(path)["relations"])


def accept_some(path: Path, count: int) -> list[dict]:
    data = load(path)
    for relation in data["relations"][:count]:
        relation["status"] = "accepted"
    data["relations"][count]["status"] = "rejected"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return data["relations"][:count]


def test_accept_moves_accepted_items_and_the_dataset_validates_and_builds(dataset, kg_in):
    from kg.curation import read_curated_file

    assert kg_in(dataset, "draft", str(KNEE))[0] == 0
    path = dataset / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    accepted = accept_some(path, 8)
    code, out, err = kg_in(dataset, "draft", "--accept", str(path))
    assert code == 0, err
    curated = read_curated_file(dataset / "curated" / "knee-pain-in-runners.yaml")
    assert curated.source == "knee-pain-in-runners"
    assert {(r.subject, r.predicate, r.object) for r in curated.relations} == {
        (r["subject"], r["predicate"], r["object"]) for r in accepted}
    hip_ids = {c.id for c in read_curated_file(
        dataset / "curated" / "hip-and-lower-back-pain.yaml").concepts}
    assert not hip_ids & {c.id for c in curated.concepts}  # curated concepts are not copied
    assert all(c.definition for c in curated.concepts)
    code, out, err = kg_in(dataset, "validate")
    assert code == 0, out + err
    code, out, err = kg_in(dataset, "build")
    assert code == 0, err
    # accepting again is idempotent
    assert kg_in(dataset, "draft", "--accept", str(path))[0] == 0
    again = read_curated_file(dataset / "curated" / "knee-pain-in-runners.yaml")
    assert len(again.relations) == len(curated.relations)


def test_accept_refuses_a_hand_curated_file_and_a_draft_refuses_to_overwrite_one(dataset,
                                                                                  kg_in):
    hip = dataset / "sources" / "hip-and-lower-back-pain.txt"
    curated = dataset / "curated" / "hip-and-lower-back-pain.yaml"
    before = curated.read_bytes()
    code, _, err = kg_in(dataset, "draft", str(hip), "-o", str(curated))
    assert code == 2 and "not a draft" in err
    assert kg_in(dataset, "draft", str(hip))[0] == 0
    draft = dataset / "curated" / "drafts" / "hip-and-lower-back-pain.yaml"
    accept_some(draft, 2)
    code, _, err = kg_in(dataset, "draft", "--accept", str(draft))
    assert code == 2 and "--force" in err
    assert curated.read_bytes() == before


def test_accept_with_nothing_accepted_is_a_clear_error(dataset, kg_in):
    assert kg_in(dataset, "draft", str(KNEE))[0] == 0
    path = dataset / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    code, _, err = kg_in(dataset, "draft", "--accept", str(path))
    assert code == 2 and "no relation of the draft is accepted" in err
    assert not (dataset / "curated" / "knee-pain-in-runners.yaml").exists()


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe caf\xe9 au lait.\n", "not UTF-8"),
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"Only a heading\nAnother heading\n", "no sentences"),
])
def test_bad_input_is_one_clear_error_and_writes_nothing(dataset, kg_in, content, message):
    article = dataset.parent / "bad.txt"
    article.write_bytes(content)
    code, out, err = kg_in(dataset, "draft", str(article))
    assert code == 2
    assert message in err and err.startswith("error:") and "Traceback" not in err
    assert not (dataset / "curated" / "drafts").exists()
    assert not (dataset / "sources" / "bad.txt").exists()


def test_huge_input_is_refused(dataset, kg_in, monkeypatch):
    import kg.draft.article as article_module

    monkeypatch.setattr(article_module, "MAX_BYTES", 1000)
    article = dataset.parent / "huge.txt"
    article.write_text("The knee bends. " * 100, encoding="utf-8")
    code, _, err = kg_in(dataset, "draft", str(article))
    assert code == 2 and "at most" in err


def test_an_article_with_the_same_name_but_another_text_is_refused(dataset, kg_in):
    other = dataset.parent / "hip-and-lower-back-pain.txt"
    other.write_text("A different text about knees.\n", encoding="utf-8")
    code, _, err = kg_in(dataset, "draft", str(other))
    assert code == 2 and "different text" in err


def test_abbreviations_schwartz_hearst():
    from kg.draft.abbrev import find_abbreviations

    found = [(a.short, a.long) for a in find_abbreviations(
        "An anterior cruciate ligament (ACL) tear and magnetic resonance imaging (MRI) "
        "differ; total hip replacement (arthroplasty) is not an abbreviation (see Fig. 2).")]
    assert found == [("ACL", "anterior cruciate ligament"),
                     ("MRI", "magnetic resonance imaging")]


def test_the_lexicon_names_its_sources_and_types_come_from_the_vocabulary():
    import csv

    from kg.ontology import read_ontology

    classes = read_ontology(REPO / "data" / "ontology").classes
    readme = (REPO / "data" / "lexicon" / "README.md").read_text(encoding="utf-8")
    for name in ("HPO", "Mondo", "MAxO", "Uberon", "CC BY 4.0"):
        assert name in readme
    for path in (REPO / "data" / "lexicon").glob("*.tsv"):
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        assert rows
        assert {row["type"] for row in rows} <= classes
        assert path.name in readme
        if path.name == "everyday.tsv":  # hand-written everyday names: no ontology id claimed
            assert not any(row["id"] for row in rows)
        else:
            assert all(row["id"].split(":")[0] in {"HP", "MONDO", "MAXO", "UBERON"}
                       for row in rows)


def test_accept_follows_a_merge_into_an_existing_concept(dataset, kg_in):
    from kg.curation import read_curated_file

    assert kg_in(dataset, "draft", str(KNEE))[0] == 0
    path = dataset / "curated" / "drafts" / "knee-pain-in-runners.yaml"
    data = load(path)
    relation = next(r for r in data["relations"] if r["object"] == "knee-pain")
    relation["status"] = "accepted"
    knee_pain = next(c for c in data["concepts"] if c["id"] == "knee-pain")
    knee_pain.update(status="accepted", same_as="hip-pain")  # a curated concept (merge)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, _, err = kg_in(dataset, "draft", "--accept", str(path))
    assert code == 0, err
    curated = read_curated_file(dataset / "curated" / "knee-pain-in-runners.yaml")
    assert [(r.subject, r.object) for r in curated.relations] == [(relation["subject"],
                                                                    "hip-pain")]
    assert "knee-pain" not in {c.id for c in curated.concepts}
    result = kg_in(dataset, "validate")
    assert result[0] == 0, result
