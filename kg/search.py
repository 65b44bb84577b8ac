"""``kg.search(text)``: the article's sentences, the concepts' names and their definitions that
contain some words, ranked, from the release's full-text index (:mod:`kg.search_index`).

Reading the index needs only ``sqlite3``: no rdflib, no graph, so a search answers in
milliseconds (``benchmarks/bench_search.py``). When the release is missing or stale it is
rebuilt first, as ``kg query`` does.

What matches: every typed word, stemmed (FTS5's Porter stemmer after
:func:`kg.names.normalize`: "injections" finds "injection", "posture" finds "postural"); where
fewer than ``limit`` entries have them all, entries with words *beginning* with the typed ones
follow ("worse" finds "worsens"); when nothing has every word, the entries with the most of
them, common words such as "the" or "how" aside (``match`` says which rule found each).
Within a rule, entries are ranked by BM25, names counting more than text. A word ending in
``*`` is always a prefix.

>>> import kg
>>> result = kg.search("injection")                        # doctest: +SKIP
>>> [(s["number"], s["section"]) for s in result.sentences]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from kg.config import Project
from kg.errors import KGError
from kg.names import STOP_WORDS, normalize
from kg.search_index import INDEX_NAME, SCHEMA_VERSION

__all__ = ["SearchResult", "index_path", "search"]

RULES = ("all words", "word beginnings", "some words")


@dataclass
class SearchResult:
    """What :func:`search` found: ranked sentences and concepts, plain JSON-ready data.

    ``sentences``: dicts with ``source``, ``source_title``, ``number``, ``section``, ``text``,
    ``relations`` (each ``subject``, ``predicate``, ``object`` as labels, their ``*_iri``, the
    ``quote``) and ``match`` (the rule that found it, one of :data:`RULES`). ``concepts``:
    dicts with ``iri``, ``label``, ``type``, ``synonyms``, ``definition``, ``match``.
    ``sentence_count`` / ``concept_count``: how many match in all (``limit`` aside).
    """

    query: str
    words: list[str]
    sentences: list[dict[str, Any]] = field(default_factory=list)
    concepts: list[dict[str, Any]] = field(default_factory=list)
    sentence_count: int = 0
    concept_count: int = 0
    sources: int = 1

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"


def index_path(project: Project) -> Path:
    """Where ``kg build`` writes the index: ``<release>/search.sqlite``."""
    return project.release_dir / INDEX_NAME


def search(text: str, project: Project | None = None, *, index: Path | None = None,
           limit: int = 10, progress: Callable[[str], None] | None = None) -> SearchResult:
    """Search the sentences, names and definitions of a dataset (default: the repository's).

    ``index``: an index file to read instead of the project's release (a benchmark's).
    ``limit``: at most this many sentences and this many concepts. Raises :class:`KGError`
    for a text with no word in it.
    """
    words = _words(text)
    if not words:
        raise KGError(f"nothing to search for in {text!r}",
                      hint="give one or more words, e.g. kg search knee")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    db = _open(index) if index is not None else _open_release(project or Project(), progress)
    try:
        result = SearchResult(query=text, words=[w for w, _ in words])
        result.sources = int(db.execute("SELECT value FROM meta WHERE key = 'sources'")
                             .fetchone()[0])
        result.sentences, result.sentence_count = _find(db, "sentence", words, limit)
        result.concepts, result.concept_count = _find(db, "concept", words, limit)
        if not result.sentences and not result.concepts:  # no entry has every word
            result.sentences, result.sentence_count = _find_some(db, "sentence", words, limit)
            result.concepts, result.concept_count = _find_some(db, "concept", words, limit)
        return result
    finally:
        db.close()


# ------------------------------------------------------------------ matching

def _words(text: str) -> list[tuple[str, bool]]:
    """The typed words (normalized) and whether each is a prefix (``knee*``)."""
    words = []
    for token in text.split():
        prefix = token.endswith("*")
        for word in normalize(token).split():
            words.append((word, prefix))
    return words


def _term(word: str, prefix: bool) -> str:
    """One word as FTS5 query text: quoted, so nothing typed is FTS5 syntax."""
    return f'"{word}"*' if prefix else f'"{word}"'


def _every_word(words: list[tuple[str, bool]], beginnings: bool) -> str:
    return " ".join(_term(w, p or (beginnings and len(w) >= 3)) for w, p in words)


def _find(db: sqlite3.Connection, kind: str, words: list[tuple[str, bool]], limit: int
          ) -> tuple[list[dict[str, Any]], int]:
    """The best ``limit`` entries of a kind with every word (then every word's beginning),
    and how many match in all."""
    found: dict[int, dict[str, Any]] = {}
    count = 0
    for rule, beginnings in ((RULES[0], False), (RULES[1], True)):
        if len(found) >= limit:
            break  # the count is then of the entries the rules used so far match
        query = _every_word(words, beginnings)
        # the second rule's matches include the first's
        count = db.execute(f"SELECT COUNT(*) FROM {kind}_fts WHERE {kind}_fts MATCH ?",
                           (query,)).fetchone()[0]
        for row in _ranked(db, kind, query, limit + len(found)):
            if row["id"] not in found and len(found) < limit:
                found[row["id"]] = _entry(kind, row, rule)
    return list(found.values()), count


def _find_some(db: sqlite3.Connection, kind: str, words: list[tuple[str, bool]], limit: int
               ) -> tuple[list[dict[str, Any]], int]:
    """When no entry has every word: the entries with the most of them (stop words aside),
    ranked within each number of words. A question typed as a sentence ("can knee problems
    cause pain") so finds the sentence with most of its words before one with a single rare
    word, which BM25 alone (a sum of the words' rarity) would put first.

    Each set of k of the n words is an AND query, from k = n - 1 down; AND queries are cheap
    and rank few entries, where one OR of common words would rank nearly every entry. Past
    :data:`MAX_QUERIES` word sets, the rest are not tried. The count is of the entries
    returned (counting all that have some word would cost more than the search)."""
    useful = list(dict.fromkeys((w, p) for w, p in words if w not in STOP_WORDS)) or words
    most = len(useful) if len(useful) < len(words) else len(useful) - 1
    # a word found as such is matched as such, another by its beginning ("worse": "worsens");
    # exact words are much cheaper to intersect than beginnings
    useful = [(w, p or (len(w) >= 3 and not _has(db, kind, _term(w, False)))) for w, p in useful]
    found: dict[int, dict[str, Any]] = {}
    queries = 0
    for k in range(most, 0, -1):
        level: list[tuple[float, int, sqlite3.Row]] = []
        for subset in combinations(useful, k):
            queries += 1
            if queries > MAX_QUERIES:
                break
            query = _every_word(list(subset), beginnings=False)
            level += [(row["rank"], row["id"], row) for row in _ranked(db, kind, query, limit)]
        for _, row_id, row in sorted(level, key=lambda item: item[:2]):
            if row_id not in found and len(found) < limit:
                found[row_id] = _entry(kind, row, RULES[2])
        if len(found) >= limit or queries > MAX_QUERIES:
            break
    return list(found.values()), len(found)


MAX_QUERIES = 30


def _has(db: sqlite3.Connection, kind: str, query: str) -> bool:
    return db.execute(f"SELECT 1 FROM {kind}_fts WHERE {kind}_fts MATCH ? LIMIT 1",
                      (query,)).fetchone() is not None


def _ranked(db: sqlite3.Connection, kind: str, query: str, limit: int) -> list[sqlite3.Row]:
    """The best ``limit`` entries for an FTS5 query, by the index's ranking (BM25)."""
    return db.execute(
        f"SELECT e.*, f.rank AS rank FROM (SELECT rowid, rank FROM {kind}_fts "
        f"WHERE {kind}_fts MATCH ? ORDER BY rank LIMIT ?) AS f JOIN {kind} AS e "
        "ON e.id = f.rowid ORDER BY f.rank, e.id", (query, limit)).fetchall()


def _entry(kind: str, row: sqlite3.Row, rule: str) -> dict[str, Any]:
    entry = {key: row[key] for key in row.keys() if key not in ("id", "rank")}
    for key in ("relations", "synonyms"):
        if key in entry:
            entry[key] = json.loads(entry[key])
    entry["match"] = rule
    return entry


# ------------------------------------------------------------------ opening the index

def _open(path: Path) -> sqlite3.Connection:
    """The index, read-only (``immutable``: no locks, any number of readers)."""
    if not path.is_file():
        raise KGError(f"no search index at {path}", hint="`kg build` writes it")
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        db.row_factory = sqlite3.Row
        version = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise KGError(f"{path} is not a kg search index ({exc})",
                      hint="`kg build` writes it again") from None
    if version is None or version[0] != SCHEMA_VERSION:
        db.close()
        raise KGError(f"{path} was written by another version of kg",
                      hint="`kg build` writes it again")
    return db


def _current(project: Project) -> bool:
    """Whether the release was built from these data files by this engine, and holds an
    index. Unlike :func:`kg.load.is_current` it does not hash the release N-Triples file:
    at a million triples that read alone (about 100 MB) would cost more than the search;
    the files of a release are replaced atomically, the manifest last."""
    from kg.build import MANIFEST, engine_fingerprint, input_hashes

    try:
        manifest = json.loads((project.release_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (manifest.get("engine") == engine_fingerprint()
            and INDEX_NAME in manifest.get("outputs", {})
            and manifest.get("inputs") == input_hashes(project))


def _open_release(project: Project, progress: Callable[[str], None] | None
                  ) -> sqlite3.Connection:
    """The project's index, after rebuilding a missing or stale release (the index is one of
    its files); an in-memory index when the rebuilt release could not be written."""
    path = index_path(project)
    if _current(project) and path.is_file():
        try:
            return _open(path)
        except KGError:
            pass  # another version's index: rebuilt below
    if progress is not None:
        progress("the release is missing or out of date: building it first")
    from kg.load import load

    graph = load(project, rebuild=True)
    if path.is_file():
        return _open(path)
    from kg.search_index import index_bytes

    db = sqlite3.connect(":memory:")
    db.deserialize(index_bytes(graph, project))
    db.row_factory = sqlite3.Row
    return db


from kg._callable import make_callable  # noqa: E402 - after search() exists

make_callable(__name__, "search")
