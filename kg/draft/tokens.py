"""Tokens and lemmas for ``kg draft`` without importing spaCy: the cold start is the budget.

``import spacy`` alone costs about 0.8 s of CPU (its CLI, thinc, the pipeline registry), more
than drafting a 40-sentence article takes. ``kg draft`` needs only three things from it: the
English tokenizer's splits, the lookup lemmas of ``spacy-lookups-data`` and the stop words.
This module reproduces the tokenizer's rules that English prose meets (punctuation prefixes
and suffixes, "'s" and "n't", hyphen, slash and comma infixes, the abbreviation exceptions),
reads the same lemma table straight from the ``spacy-lookups-data`` package (a gzip JSON file;
nothing downloaded), and spaCy's own English stop-word list from its source file.
``tests/test_draft_tokens.py`` checks the tokens, offsets and lemmas against spaCy's blank
English pipeline (:mod:`kg.draft.nlp`) on every fixture article and the dataset's sources.

A :class:`Doc` offers the part of spaCy's ``Doc`` API the draft modules use: ``doc[i]``,
slices (a :class:`Span` with ``text``, ``start_char``, ``end_char``), ``len``, iteration,
``doc.text``; a :class:`Token` has ``text``, ``idx`` (offset in the
sentence), ``norm_`` (the lower-cased lemma) and ``is_alpha``.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from kg.errors import KGError

# spaCy's tokenizer exceptions that a teaching text meets: kept whole
_EXCEPTIONS = {"e.g.", "i.e.", "etc.", "vs.", "a.m.", "p.m.", "approx.", "Fig.", "fig.", "Dr.",
               "Mr.", "Mrs.", "Ms.", "St.", "No.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.",
               "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "U.S.", "U.K.",
               "Inc.", "Ltd.", "Co.", "Jr.", "Sr.", "Mt.", "Prof.", "'s", "'S", "e.g", "i.e"}
# words spaCy's exceptions split in two (offsets within the word)
_SPLIT_WORDS = {"cannot": (3,), "Cannot": (3,), "id": (1,), "Id": (1,), "gonna": (3,),
                "gotta": (3,), "wanna": (3,)}
# contractions spaCy splits into two tokens: "don't" -> "do" "n't", "it's" -> "it" "'s"
_CLITICS = ("n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d",
            "'m", "’m")
_PREFIX = set("([{<\"'`“‘«*§%=—–…¿¡#$£€¥&?!")
_SUFFIX = set(")]}>\"'”’»,;:!?…*%`")
_HYPHENS = "-–—~"
_INFIX = re.compile(
    r"(?<=[0-9])[+\-*^](?=[0-9-])"              # 10-20
    r"|(?<=[^\W\d_])\.(?=[^\W\d_])(?<=[a-z]\.)(?=[A-Z])"  # end.Start
    r"|(?<=[^\W\d_]),(?=[^\W\d_])"             # a,b
    r"|(?<=[^\W_])(?:--|---|[" + _HYPHENS + r"])(?=[^\W\d_])"  # X-ray, ball-and-socket
    r"|(?<=[^\W_])[:<>=/](?=[^\W\d_])")        # and/or


class Token:
    """One token: its text, its offset in the sentence, its lemma, whether it is a word."""

    __slots__ = ("i", "idx", "is_alpha", "norm_", "text")

    def __init__(self, text: str, idx: int, i: int, norm: str) -> None:
        self.text = text
        self.idx = idx
        self.i = i
        self.norm_ = norm
        self.is_alpha = text.isalpha()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.idx})"


class Span:
    """Tokens ``start`` to ``end`` (exclusive) of a :class:`Doc`, like spaCy's ``Span``."""

    __slots__ = ("doc", "end", "start")

    def __init__(self, doc: Doc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self.end > self.start else 0

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        last = self.doc.tokens[self.end - 1]
        return last.idx + len(last.text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char:self.end_char]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.doc.tokens[self.start:self.end])

    def __len__(self) -> int:
        return max(0, self.end - self.start)


class Doc:
    """The tokens of one sentence."""

    __slots__ = ("text", "tokens")

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self.tokens))
            return Span(self, start, max(start, stop))
        return self.tokens[index]

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.tokens)


def split(text: str) -> list[tuple[str, int]]:
    """(token text, offset) pairs, by spaCy's English rules as far as prose needs them.

    >>> [t for t, _ in split("Hip pain (FAI) isn't rare, e.g. X-rays.")]
    ['Hip', 'pain', '(', 'FAI', ')', 'is', "n't", 'rare', ',', 'e.g.', 'X', '-', 'rays', '.']
    """
    found: list[tuple[str, int]] = []
    last_end = 0
    for chunk in re.finditer(r"\S+", text):
        gap = chunk.start() - last_end
        if (gap > 1 and last_end) or (gap and not last_end):  # spaCy keeps extra spaces
            found.append((text[last_end + bool(last_end):chunk.start()],
                          last_end + bool(last_end)))
        found.extend(_split_chunk(chunk.group(), chunk.start()))
        last_end = chunk.end()
    return found


def _split_chunk(chunk: str, at: int) -> list[tuple[str, int]]:
    if chunk in _EXCEPTIONS or re.fullmatch(r"[^\W\d_]\.", chunk):
        return [(chunk, at)]   # "e.g.", "s."
    before: list[tuple[str, int]] = []
    after: list[tuple[str, int]] = []
    start, end = 0, len(chunk)
    while True:
        core = chunk[start:end]
        if not core or core in _EXCEPTIONS or core in _SPLIT_WORDS:
            break
        if len(core) > 1 and (core[0] in _PREFIX or (core[0] == "+"
                                                      and not core[1].isdigit())):
            before.append((core[0], at + start))
            start += 1
            continue
        if len(core) > 1 and core.startswith("..."):
            before.append(("...", at + start))
            start += 3
            continue
        if len(core) > 3 and core.endswith("..."):
            after.insert(0, ("...", at + end - 3))
            end -= 3
            continue
        if len(core) > 1 and core[-1] in _SUFFIX:
            after.insert(0, (core[-1], at + end - 1))
            end -= 1
            continue
        clitic = next((c for c in _CLITICS if core.lower().endswith(c) and len(core) > len(c)),
                      None)
        if clitic is not None:
            after.insert(0, (core[-len(clitic):], at + end - len(clitic)))
            end -= len(clitic)
            continue
        if len(core) > 1 and core[-1] == "." and _splits_period(core):
            after.insert(0, (".", at + end - 1))
            end -= 1
            continue
        break
    core = chunk[start:end]
    middle: list[tuple[str, int]] = []
    if core in _SPLIT_WORDS:
        edges = [0, *_SPLIT_WORDS[core], len(core)]
        middle = [(core[a:b], at + start + a) for a, b in zip(edges, edges[1:], strict=False)]
    elif core:
        last = 0
        for infix in _INFIX.finditer(core):
            if infix.start() > last:
                middle.append((core[last:infix.start()], at + start + last))
            middle.append((infix.group(), at + start + infix.start()))
            last = infix.end()
        middle.append((core[last:], at + start + last))
    tokens = before + [m for m in middle if m[0]] + after
    for k in range(len(tokens) - 1):  # the emoticon-like exception "):" stays one token
        if tokens[k][0] == ")" and tokens[k + 1][0] == ":" and tokens[k + 1][1] == tokens[k][1] + 1:
            tokens[k:k + 2] = [("):", tokens[k][1])]
            break
    return tokens


def _splits_period(core: str) -> bool:
    """A final period is its own token after a lower-case letter, a digit, a closing mark or
    two capitals ("MRI."), not after one capital ("J.") or inside "e.g."."""
    previous = core[-2]
    if previous.islower() or previous.isdigit() or previous in "%²-+)]}\"'”’":
        return "." not in core[:-1] or not re.fullmatch(r"(?:[^\W\d_]\.)+", core)
    return len(core) > 2 and previous.isupper() and core[-3].isupper()


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's English lookup lemmas (``spacy-lookups-data``), read without importing spaCy."""
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("kg draft needs the lemma table of spacy-lookups-data",
                      hint="pip install spacy-lookups-data")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "en_lemma_lookup.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise KGError(f"cannot read the lemma table {path} ({exc})",
                      hint="pip install --force-reinstall spacy-lookups-data") from None


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words, from its source file (executing no spaCy import)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise KGError("kg draft needs spaCy's English word lists", hint="pip install spacy")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # noqa: S102
    return frozenset(namespace["STOP_WORDS"])  # type: ignore[arg-type]


def make_doc(text: str) -> Doc:
    """The tokens of one sentence, each with its lookup lemma as ``norm_``."""
    table = lemma_table()
    tokens = []
    for i, (word, idx) in enumerate(split(text)):
        lower = word.lower()
        tokens.append(Token(word, idx, i, str(table.get(lower, lower))))
    return Doc(text, tokens)
