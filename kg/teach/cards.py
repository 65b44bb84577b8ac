"""Flashcards: an Anki package (``.apkg``) made with genanki, a note per cited relation and per
concept definition.

* A relation whose quote contains the object's name (its label or a synonym) becomes a
  **cloze** note: the quote with that name hidden (``{{c1::…}}``). Any other relation becomes a
  **question/answer** note: "subject —relation→ ?" with the object as the answer.
* A concept with a definition becomes a question/answer note: its name and kind on the front,
  the definition on the back, with the quote of the fact that best states it.

The back of every card shows the verbatim quote, its sentence number, section and source.
GUIDs come from the statement's and concept's IRIs (:func:`genanki.guid_for`), and the deck
and note-type ids from fixed names, so importing a rebuilt deck updates the cards already in
Anki instead of adding copies. Tags: ``kind::<class>``, ``relation::<property>``,
``section::<heading>`` and ``chain::<first>--<last>`` for facts on a causal chain.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from kg.teach.material import Concept, Fact, Material

if TYPE_CHECKING:  # pragma: no cover
    import genanki

__all__ = ["deck_bytes", "make_package", "notes"]

CSS = """\
.card { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 20px; color: #222;
        background: #fff; text-align: left; line-height: 1.4; }
.relation { color: #555; font-size: 16px; margin-bottom: .6em; }
.cloze { font-weight: bold; color: #1a5fb4; }
.kind { color: #777; font-size: 15px; }
.quote { border-left: 4px solid #1a5fb4; padding-left: .6em; font-style: italic; }
.cite { color: #555; font-size: 15px; margin-top: .4em; }
"""
BACK = """\
<hr id=answer>
<div class=quote>“{{Quote}}”</div>
<div class=cite>Sentence {{Sentence}}{{#Section}} · {{Section}}{{/Section}} · {{Source}}</div>"""
CITATION_FIELDS = [{"name": "Quote"}, {"name": "Sentence"}, {"name": "Section"},
                   {"name": "Source"}]


def _id(name: str) -> int:
    """A fixed 31-bit id for a deck or note type, from its name (Anki wants ints)."""
    from kg.teach.material import stable_id

    return int(stable_id("anki", name), 16) % (1 << 31) or 1


def _models() -> tuple[genanki.Model, genanki.Model]:
    import genanki

    cloze = genanki.Model(
        _id("kg cloze"), "kg: cited cloze",
        fields=[{"name": "Text"}, {"name": "Relation"}, *CITATION_FIELDS],
        templates=[{"name": "Cloze",
                    "qfmt": "<div class=relation>{{Relation}}</div>{{cloze:Text}}",
                    "afmt": "<div class=relation>{{Relation}}</div>{{cloze:Text}}\n" + BACK}],
        css=CSS, model_type=genanki.Model.CLOZE)
    basic = genanki.Model(
        _id("kg question"), "kg: cited question",
        fields=[{"name": "Question"}, {"name": "Answer"}, *CITATION_FIELDS],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}",
                    "afmt": "{{FrontSide}}<div><b>{{Answer}}</b></div>\n" + BACK}],
        css=CSS)
    return cloze, basic


def notes(m: Material) -> list[genanki.Note]:
    """Every note of the deck: relations in article order, then concept definitions."""
    import genanki

    cloze, basic = _models()
    chains: dict[str, list[str]] = {}
    for chain in m.chains:
        for f in chain:
            chains.setdefault(f.statement, []).append(_tag(m.chain_name(chain)))
    result = []
    for f in m.facts:
        tags = [f"kind::{_tag(m.concepts[f.subject].type)}", f"relation::{f.predicate}",
                *_section_tag(f), *(f"chain::{c}" for c in chains.get(f.statement, []))]
        cite = _cite_fields(f)
        hidden = _cloze(f, m.concepts[f.object])
        if hidden:
            result.append(genanki.Note(model=cloze, fields=[hidden, _relation(f), *cite],
                                       guid=genanki.guid_for(f.statement), tags=tags))
        else:
            front = (f"<b>{html.escape(f.subject_label)}</b> <i>{html.escape(f.label)}</i> …?")
            result.append(genanki.Note(model=basic,
                                       fields=[front, html.escape(f.object_label), *cite],
                                       guid=genanki.guid_for(f.statement), tags=tags))
    for concept in m.concepts.values():
        if not concept.definition or concept.stating is None:
            continue
        front = (f"What is <b>{html.escape(concept.label)}</b>?"
                 f"<div class=kind>{html.escape(concept.type_label)}</div>")
        tags = [f"kind::{_tag(concept.type)}", "definition", *_section_tag(concept.stating)]
        result.append(genanki.Note(model=basic,
                                   fields=[front, html.escape(concept.definition),
                                           *_cite_fields(concept.stating)],
                                   guid=genanki.guid_for(concept.iri), tags=tags))
    return result


def _relation(f: Fact) -> str:
    return f"{html.escape(f.subject_label)} —{html.escape(f.label)}→ …"


def _cite_fields(f: Fact) -> list[str]:
    c = f.citation
    return [html.escape(c.quote), "" if c.sentence is None else str(c.sentence),
            html.escape(c.section or ""), html.escape(c.source)]


def _cloze(f: Fact, obj: Concept) -> str | None:
    """The quote with the object's name hidden, or None when the quote does not name it."""
    quote = f.citation.quote
    for name in sorted({obj.label, *obj.synonyms}, key=len, reverse=True):
        match = re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", quote, re.IGNORECASE)
        if match:
            before, hidden, after = (quote[:match.start()], match.group(0),
                                     quote[match.end():])
            return (html.escape(before) + "{{c1::" + html.escape(hidden).replace("}}", "} }")
                    + "}}" + html.escape(after))
    return None


def _tag(text: str) -> str:
    """An Anki tag: no spaces (they separate tags), kept readable."""
    return re.sub(r"[^\w:-]+", "_", text.strip()).strip("_") or "none"


def _section_tag(f: Fact) -> list[str]:
    return [f"section::{_tag(f.citation.section)}"] if f.citation.section else []


def make_package(m: Material) -> genanki.Package:
    """The deck (named after the source) as a genanki package."""
    import genanki

    deck = genanki.Deck(_id("deck " + m.source_title), m.source_title)
    for note in notes(m):
        deck.add_note(note)
    return genanki.Package(deck)


def deck_bytes(m: Material) -> bytes:
    """The ``.apkg`` file's bytes (genanki writes files, so through a temporary one)."""
    with tempfile.TemporaryDirectory(prefix="kg-anki-") as folder:
        path = Path(folder) / "deck.apkg"
        make_package(m).write_to_file(str(path))
        return path.read_bytes()
