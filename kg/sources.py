"""Source articles: their text, sentences, sections, and where a quote occurs.

A source is ``data/sources/<id>.txt`` (verbatim text) with optional metadata in
``data/sources/<id>.yaml`` (title, identifier, attribution...). Segmentation is deliberately
simple so a teacher can count sentences by hand and check a citation:

* a non-blank line whose last character is not ``.``, ``!`` or ``?`` is a heading; it names the
  section of the sentences that follow it, and is not numbered;
* other lines are split into sentences at ``.``, ``!`` or ``?`` followed by white space and a
  capital letter;
* sentences are numbered from 1 over the whole document.

Offsets are character (code point) offsets into the text, as NIF expects.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from kg.errors import KGError

_LINE = re.compile(r"[^\r\n]+")
_BOUNDARY = re.compile(r"[.!?](\s+)")
_FINAL = ".!?"


@dataclass(frozen=True)
class Sentence:
    """A numbered sentence: ``text == document.text[start:end]``."""

    number: int
    start: int
    end: int
    section: str | None
    text: str


@dataclass(frozen=True)
class Heading:
    """A section title line (not a sentence)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Span:
    """Where a quote occurs: offsets into the text, the first sentence it touches, its section."""

    start: int
    end: int
    sentence: int
    section: str | None


@dataclass
class Document:
    """A source article with its sentences.

    >>> doc = Document("demo", Path("demo.txt"), "Intro\\nKnees bend. Ankles turn! ok? yes.\\n")
    >>> [(s.number, s.text, s.section) for s in doc.sentences]
    [(1, 'Knees bend.', 'Intro'), (2, 'Ankles turn! ok? yes.', 'Intro')]
    >>> doc.find_quote("Ankles turn")
    Span(start=18, end=29, sentence=2, section='Intro')
    """

    id: str
    path: Path
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def _segments(self) -> tuple[list[Sentence], list[Heading]]:
        return segment(self.text)

    @property
    def sentences(self) -> list[Sentence]:
        return self._segments[0]

    @property
    def headings(self) -> list[Heading]:
        return self._segments[1]

    @property
    def title(self) -> str:
        return str(self.metadata.get("title") or self.id)

    def sentence(self, number: int) -> Sentence:
        """Sentence ``number`` (1-based); KGError if there is no such sentence."""
        if not 1 <= number <= len(self.sentences):
            raise KGError(f"{self.path.name} has sentences 1..{len(self.sentences)}, "
                          f"not {number}")
        return self.sentences[number - 1]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The first sentence ending after ``offset`` (the one a quote starting there touches)."""
        for sentence in self.sentences:
            if sentence.end > offset:
                return sentence
        return None

    def find_quote(self, quote: str, sentence: int | None = None) -> Span:
        """Locate a verbatim quote (no normalization: it must be copied exactly).

        ``sentence`` picks one occurrence when the quote occurs more than once. Raises
        :class:`KGError` (without a location; the caller adds the curated file and line with
        :meth:`KGError.at`) when the quote is missing, ambiguous or not in that sentence.
        """
        if not quote or not quote.strip():
            raise KGError("empty quote", hint="copy the words of the article that state it")
        spans = [self._span(start, start + len(quote)) for start in _occurrences(self.text, quote)]
        if sentence is not None:
            self.sentence(sentence)  # a sentence number out of range is its own error
            matching = [span for span in spans if span.sentence == sentence]
            if matching:
                return matching[0]
            if spans:
                where = ", ".join(str(span.sentence) for span in spans)
                raise KGError(f"quote {_short(quote)} is not in sentence {sentence} of "
                              f"{self.path.name}", hint=f"it occurs in sentence {where}")
        if not spans:
            raise KGError(f"quote not found in {self.path.name}: {_short(quote)}",
                          hint=self._near_miss_hint(quote, sentence))
        if len(spans) > 1:
            where = ", ".join(str(span.sentence) for span in spans)
            raise KGError(f"quote {_short(quote)} occurs {len(spans)} times in "
                          f"{self.path.name} (sentences {where})",
                          hint="add 'sentence: N' to the relation to say which one")
        return spans[0]

    def _span(self, start: int, end: int) -> Span:
        touched = self.sentence_at(start)
        if touched is None:  # only possible for a quote inside a trailing heading
            return Span(start, end, len(self.sentences), None)
        return Span(start, end, touched.number, touched.section)

    def _near_miss_hint(self, quote: str, sentence: int | None) -> str | None:
        """Say what the article actually has, so the curator can copy it."""
        lenient = _lenient_find(self.text, quote)
        if lenient is not None:
            found = self.text[lenient[0]:lenient[1]]
            return f"the article has {_short(found, 200)} (quotes, dashes, spaces and case " \
                   f"must match exactly)"
        candidates = [self.sentence(sentence)] if sentence else self.sentences
        if not candidates:
            return None
        best = max(candidates, key=lambda s: _similarity(quote, s.text))
        return f"closest is sentence {best.number}: {_short(best.text, 200)}"


def segment(text: str) -> tuple[list[Sentence], list[Heading]]:
    """Split ``text`` into numbered sentences and headings (see the module docstring).

    >>> sentences, headings = segment("Title\\nA b. C d.\\nNext part\\nE f?\\n")
    >>> [(s.number, s.text, s.section) for s in sentences]
    [(1, 'A b.', 'Title'), (2, 'C d.', 'Title'), (3, 'E f?', 'Next part')]
    >>> [h.text for h in headings]
    ['Title', 'Next part']
    """
    sentences: list[Sentence] = []
    headings: list[Heading] = []
    section: str | None = None
    for line in _LINE.finditer(text):
        content = line.group().strip()
        if not content:
            continue
        start = line.start() + (len(line.group()) - len(line.group().lstrip()))
        end = start + len(content)
        if content[-1] not in _FINAL:
            section = content
            headings.append(Heading(start, end, content))
            continue
        for piece_start, piece_end in _split_line(text, start, end):
            sentences.append(Sentence(len(sentences) + 1, piece_start, piece_end, section,
                                      text[piece_start:piece_end]))
    return sentences, headings


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    piece_start = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        following = boundary.end()
        if following < end and text[following].isupper():
            pieces.append((piece_start, boundary.start() + 1))
            piece_start = following
    pieces.append((piece_start, end))
    return pieces


def read_document(path: Path) -> Document:
    """Read ``<id>.txt`` and its sibling ``<id>.yaml`` metadata (optional)."""
    from kg.inputs import check_text, read_text

    if not path.exists() and not path.is_symlink():
        raise KGError(f"no source text {path}", file=path)
    text = read_text(path, "source text")
    for number, line in enumerate(text.split("\n"), 1):
        check_text(line, path, number, name="source text")
    return Document(path.stem, path, text, read_metadata(path.with_suffix(".yaml")))


def read_metadata(path: Path) -> dict[str, Any]:
    """The metadata mapping of a source (empty when there is no ``.yaml``)."""
    if not path.exists() and not path.is_symlink():
        return {}
    from kg.inputs import load_yaml, read_text

    data = load_yaml(read_text(path, "source metadata"), path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KGError("source metadata must be a mapping (title:, identifier:, ...)", path, 1)
    return data


def source_ids(sources_dir: Path) -> list[str]:
    """The ids of the sources in a folder (``<id>.txt``), sorted."""
    return sorted(p.stem for p in sources_dir.glob("*.txt")) if sources_dir.is_dir() else []


def _occurrences(text: str, quote: str) -> list[int]:
    starts = []
    index = text.find(quote)
    while index != -1:
        starts.append(index)
        index = text.find(quote, index + 1)
    return starts


_LENIENT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                          "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def _lenient_find(text: str, quote: str) -> tuple[int, int] | None:
    """Find the quote ignoring curly/straight quotes, dash kinds, spacing and case.

    Returns offsets into the original text. The pattern is built from the quote's words so
    that the offsets map back without keeping an index of the normalized text.
    """
    words = quote.translate(_LENIENT).split()
    if not words:
        return None
    alternatives = {"'": "['\u2018\u2019]", '"': "[\"\u201c\u201d]", "-": "[-\u2013\u2014]"}
    parts = ["".join(alternatives.get(ch, re.escape(ch)) for ch in word) for word in words]
    match = re.search(r"\s+".join(parts), text, flags=re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def _similarity(quote: str, sentence: str) -> float:
    """How much of the quote the sentence contains (in order), 0..1."""
    matcher = difflib.SequenceMatcher(None, quote.casefold(), sentence.casefold(),
                                      autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(quote), 1)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'
