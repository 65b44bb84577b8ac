"""kg export --format anki: the .apkg is a zip with Anki's SQLite collection inside; its notes,
fields and GUIDs are checked there, against the graph."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from rdflib import RDF, SKOS
from rdflib.namespace import PROV

from kg.namespaces import KGV


def open_deck(path: Path, tmp: Path) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.startswith("collection.anki2"))
        archive.extract(name, tmp)
    with sqlite3.connect(tmp / name) as db:
        rows = db.execute("SELECT guid, flds, tags, mid FROM notes").fetchall()
        models = db.execute("SELECT models FROM col").fetchone()[0]
    return [{"guid": g, "fields": f.split("\x1f"), "tags": t.split(), "mid": mid,
             "models": models} for g, f, t, mid in rows]


@pytest.fixture(scope="module")
def decks(tmp_path_factory, embedded):
    """The deck built twice, by the command, into two files."""
    import contextlib
    import io

    from kg.cli import main

    tmp = tmp_path_factory.mktemp("anki")
    notes = []
    for n in (1, 2):
        path = tmp / f"deck{n}.apkg"
        with contextlib.redirect_stderr(io.StringIO()):
            assert main(["--data", str(embedded.data_dir), "--build-dir",
                         str(embedded.build_dir), "export", "--format", "anki",
                         "-o", str(path)]) == 0
        (tmp / f"x{n}").mkdir()
        notes.append(open_deck(path, tmp / f"x{n}"))
    return notes


def test_a_note_per_statement_and_per_definition(decks, graph):
    notes = decks[0]
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    defined = {s for s in graph.subjects(SKOS.definition, None)}
    assert len(notes) == len(statements) + len(defined)
    guids = {n["guid"] for n in notes}
    assert guids == {genanki.guid_for(str(s)) for s in statements | defined}


def test_the_back_shows_quote_sentence_section_and_source(decks, graph):
    import html

    by_guid = {n["guid"]: n for n in decks[0]}
    for st in graph.subjects(RDF.type, RDF.Statement):
        fields = by_guid[genanki.guid_for(str(st))]["fields"]
        quote, sentence, section, source = (html.unescape(f) for f in fields[-4:])
        assert quote == str(graph.value(st, PROV.value))
        assert sentence == str(graph.value(st, KGV.sentence))
        assert section == str(graph.value(st, KGV.section) or "")
        assert source  # the article's title
    models = decks[0][0]["models"]
    assert "{{Quote}}" in models and "{{Sentence}}" in models and "{{Source}}" in models


def test_cloze_and_question_notes(decks):
    texts = [n["fields"][0] for n in decks[0]]
    cloze = [t for t in texts if "{{c1::" in t]
    assert cloze and all(t.count("{{c1::") == 1 and "}}" in t for t in cloze)
    assert len(cloze) < len(texts)  # question/answer notes too (definitions at least)


def test_tags_by_kind_section_and_chain(decks):
    tags = {t for n in decks[0] for t in n["tags"]}
    prefixes = {t.split("::")[0] for t in tags if "::" in t}
    assert {"kind", "relation", "section", "chain"} <= prefixes
    assert all(" " not in t for t in tags)


def test_guids_and_fields_are_stable_across_builds(decks):
    first = {n["guid"]: (n["fields"], sorted(n["tags"])) for n in decks[0]}
    second = {n["guid"]: (n["fields"], sorted(n["tags"])) for n in decks[1]}
    assert first == second
    assert {n["mid"] for n in decks[0]} == {n["mid"] for n in decks[1]}
