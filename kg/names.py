"""Lookup keys for names, so that 'Knee OA', 'knee-oa' and 'knee OAs' find the same concept.

:func:`normalize` is deliberately simple and predictable (a teacher must be able to guess what
matches); it is stored in the graph as ``kgv:key`` so SPARQL can match on it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201f": '"', "\u2033": '"',
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2212": "-"})
_SEPARATORS = re.compile(r"[-_/\\]+")
_PUNCTUATION = re.compile(r"[^\w\s]+")
_KEEP_FINAL_S = ("ss", "is", "us")


def normalize(text: str) -> str:
    """The lookup key of a name: case-, punctuation-, hyphen- and plural-insensitive.

    Casefold; curly quotes become straight; hyphens, underscores and slashes become spaces;
    other punctuation is dropped; spaces collapse; each word longer than 3 letters drops a final
    plural 's' unless it ends in 'ss', 'is' or 'us' (so 'lordosis' and 'bursitis' keep theirs),
    and a final 'ies' becomes 'y' ('activities' and 'activity' are one key).

    >>> normalize("NSAIDs")
    'nsaid'
    >>> normalize("knee extensors")
    'knee extensor'
    >>> normalize("X-rays")
    'x ray'
    >>> normalize("weight-bearing activities")
    'weight bearing activity'
    >>> normalize("lordosis")
    'lordosis'
    >>> normalize("  Knee   OA ")
    'knee oa'
    >>> normalize("person’s knee")
    'person knee'
    >>> normalize("ball-and-socket joint")
    'ball and socket joint'
    """
    text = text.translate(_QUOTES).casefold()
    text = _SEPARATORS.sub(" ", text)
    text = _PUNCTUATION.sub("", text)
    return " ".join(_singular(word) for word in text.split())


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_KEEP_FINAL_S):
        return word[:-1]
    return word


# Words too common to tell names apart ("nerves of the hip" is about nerves and hip).
STOP_WORDS = frozenset("a an and are as at be both by can do does for from how in into is it "
                       "of on or the to what when which who why with".split())
# Words a reader uses for "something wrong with X": "knee problems" should find "knee
# dysfunction". Plain English, not any dataset's vocabulary; compared after normalize().
TROUBLE_WORDS = frozenset("problem issue trouble disorder dysfunction condition disease "
                          "complaint".split())


def similarity(query: str, name: str) -> float:
    """How well ``name`` answers what was typed as ``query``, 0-100 (rapidfuzz, on normalized
    forms): the better of the whole-name similarity (catches typos) and a word match (each
    typed word found among the name's words, exactly, by its beginning, as a near spelling or
    as a word of the same kind of trouble), slightly preferring names with fewer other words.

    >>> round(similarity("knee osteoartritis", "knee osteoarthritis"))
    97
    >>> similarity("nerves", "pinched nerve") > similarity("nerves", "knee")
    True
    >>> similarity("nerves", "nerves of the knee") > similarity("nerves", "pinched nerve")
    True
    >>> similarity("knee problems", "knee dysfunction") > similarity("knee problems", "knee bone")
    True
    """
    from rapidfuzz import fuzz

    typed, named = normalize(query), normalize(name)
    if not typed or not named:
        return 0.0
    if typed == named:
        return 100.0
    whole = fuzz.ratio(typed, named)
    typed_words = [w for w in typed.split() if w not in STOP_WORDS] or typed.split()
    name_words = [w for w in named.split() if w not in STOP_WORDS] or named.split()
    found = [max(_word_similarity(w, v, fuzz) for v in name_words) for w in typed_words]
    coverage = sum(found) / len(found)
    matched = sum(1 for score in found if score) or 1
    # a name with fewer other words fits better, and one with the very words typed ("nerves",
    # not only "nerve"); a word match stays below an exact name (100)
    words = coverage * (0.9 + 0.1 * min(1.0, matched / len(name_words))) * 0.97
    typed_raw = query.translate(_QUOTES).casefold().split()
    name_raw = set(re.findall(r"\w+", name.translate(_QUOTES).casefold()))
    if coverage and typed_raw:
        words = min(99.0, words + 4 * sum(w in name_raw for w in typed_raw) / len(typed_raw))
    return max(whole, words)


def _word_similarity(typed: str, word: str, fuzz: Any) -> float:
    if typed == word:
        return 100.0
    if len(typed) >= 4 and len(word) >= 4 and (word.startswith(typed) or typed.startswith(word)):
        return 92.0
    if typed in TROUBLE_WORDS and word in TROUBLE_WORDS:
        return 90.0
    score = fuzz.ratio(typed, word)
    return score if score >= 80 else 0.0


def rank(query: str, candidates: Iterable[str], n: int = 5, cutoff: float = 60.0,
         spread: float = 25.0) -> list[str]:
    """The candidates that best answer ``query`` (best first, by :func:`similarity`), as
    given and without duplicates: at most ``n``, each scoring at least ``cutoff`` and within
    ``spread`` of the best (so one near-exact match is not followed by loose ones).

    The one ranking of every "did you mean ...?" hint: concept names (:func:`concept_hint`),
    commands, formats, parameters, classes.
    """
    scored: dict[str, float] = {}
    for candidate in candidates:
        if candidate not in scored:
            scored[candidate] = similarity(query, candidate)
    if not scored:
        return []
    best = max(scored.values())
    order = sorted(scored, key=lambda c: (-scored[c], normalize(c), c))
    return [c for c in order if scored[c] >= max(cutoff, best - spread)][:n]


def close_matches(word: str, candidates: Iterable[str], n: int = 5,
                  cutoff: float = 0.6) -> list[str]:
    """The candidates most similar to ``word`` (best first), compared on normalized forms;
    :func:`rank` with ``cutoff`` given as a fraction (difflib's habit, kept for callers).

    Returns the candidates as given (not normalized), without duplicates. Used for "did you
    mean ...?" hints.

    >>> close_matches("Conditon", ["Condition", "Anatomy", "Treatment"])
    ['Condition']
    >>> close_matches("knee-extensors", ["knee extensor muscles", "knee extensor", "ankle"])
    ['knee extensor', 'knee extensor muscles']
    >>> close_matches("zzz", ["Condition"])
    []
    """
    return rank(word, candidates, n=n, cutoff=cutoff * 100)


def concept_hint(name: str, names: Mapping[str, tuple[Any, str]], *,
                 fallback: str = "`kg query glossary` lists every concept with its definition",
                 n: int = 6) -> str:
    """The hint for an unknown concept name: the closest concepts, one per concept.

    ``names`` maps every label and synonym to ``(concept, label)``. A concept found by a
    synonym is shown as ``synonym (label)`` unless its label matches about as well. With
    nothing close, ``fallback`` (a command that works) is the hint. Shared by
    :class:`kg.resolve.Resolver`, whatever its source.

    >>> names = {"knee joint": ("j", "knee joint"), "physio": ("p", "physical therapy"),
    ...          "physical therapy": ("p", "physical therapy")}
    >>> concept_hint("knee", names)
    "did you mean 'knee joint'?"
    >>> concept_hint("physo", names)
    "did you mean 'physio (physical therapy)'?"
    """
    shown: dict[Any, str] = {}
    for found in rank(name, names, n=4 * n):
        concept, label = names[found]
        if concept in shown:
            continue
        label_fits = found == label or similarity(name, label) >= similarity(name, found) - 5
        shown[concept] = label if label_fits else f"{found} ({label})"
    if not shown:
        return fallback
    return "did you mean " + ", ".join(repr(s) for s in list(shown.values())[:n]) + "?"


def local_name(iri: object) -> str:
    """The part of an IRI after its last ``#`` or ``/``: the id a concept or class is shown by
    when it has no label.

    >>> local_name("https://w3id.org/edu-kg/vocab#causes"), local_name("https://ex.org/c/knee/")
    ('causes', 'knee')
    """
    return str(iri).rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
