"""Teaching material from the cited graph: flashcards, quizzes for the LMS, a printable handout.

Every card, question and handout entry cites the sentence of the article that supports it.
Everything is generated from the graph (:mod:`kg.teach.material` reads it); the wording comes
from the vocabulary's class and property labels, so another dataset gets its own material.

* :mod:`kg.teach.cards`   — Anki deck (``kg export --format anki``), genanki
* :mod:`kg.teach.quiz`    — the questions (one correct answer each, checked against the graph)
* :mod:`kg.teach.gift`    — Moodle GIFT text (``kg export --format gift``)
* :mod:`kg.teach.qti`     — Canvas QTI 1.2 zip (``kg export --format qti``)
* :mod:`kg.teach.handout` — HTML with a print stylesheet and its PDF (``kg handout``)

Heavy libraries (rdflib, networkx, genanki, playwright) are imported inside functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

__all__ = ["BINARY", "FORMATS", "check_output", "render_format"]

#: teaching export formats -> the file suffix they are written with
FORMATS = {"anki": ".apkg", "gift": ".gift", "qti": ".zip"}
#: formats that are zip files, so never written to standard output
BINARY = frozenset({"anki", "qti"})


def render_format(graph: Graph, fmt: str) -> bytes:
    """The file of a teaching format (``anki``, ``gift`` or ``qti``) for ``graph``."""
    from kg.teach.material import material
    from kg.teach.quiz import questions

    if fmt not in FORMATS:
        raise KGError(f"unknown teaching format {fmt!r}", hint="use one of: " + ", ".join(FORMATS))
    m = material(graph)
    if fmt == "anki":
        from kg.teach.cards import deck_bytes

        return deck_bytes(m)
    if fmt == "gift":
        from kg.teach.gift import gift_text

        return gift_text(questions(m), category=m.source_title).encode("utf-8")
    from kg.teach.qti import package_bytes

    return package_bytes(questions(m), m.source_title)


def check_output(path: str | Path, fmt: str) -> Path:
    """``path`` if a file can be written there, else a :class:`KGError` saying why (checked
    before anything is made, so a mistake costs nothing and writes nothing)."""
    import os

    path = Path(path)
    if path.is_dir():
        raise KGError(f"{path} is a folder", hint=f"give a file name, e.g. "
                                                  f"{path / ('material' + FORMATS.get(fmt, ''))}")
    folder = path.parent
    for parent in [folder, *folder.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise KGError(f"cannot write {path}: {parent} is a file, not a folder",
                              hint="give a path inside a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise KGError(f"cannot write {path}: {parent} is not writable",
                              hint="choose a folder you can write to")
            break
    return path
