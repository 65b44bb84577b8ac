"""Known names: the concepts already curated, the vocabulary's classes, and the ontology lexicon.

Every name becomes a tuple of word keys (:func:`kg.names.normalize`, split on spaces), so a name
matches the article case-, hyphen- and plural-insensitively, exactly as ``kg show NAME`` finds a
concept (the graph stores the same keys as ``kgv:key``). Matching is longest-first over a dict
of key tuples: a home-made trie rather than spaCy's PhraseMatcher because the keys must be
``normalize()``'s, not spaCy's, and building the matcher's pattern docs for ~5,600 names would
cost more than the whole draft of a short article.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.names import normalize

# Which source wins when two name the same words: the dataset's own concepts first.
PRIORITY = {"curated": 0, "vocabulary": 1, "lexicon": 2, "abbreviation": 3}
# Too general to be a concept by themselves, whatever an ontology says.
GENERIC = {"body", "part", "area", "region", "side", "front", "back", "top", "bottom", "end",
           "line", "process", "surface", "head", "organ", "tissue", "structure", "limb",
           "trunk", "all", "concept", "function", "mechanism", "condition", "symptom",
           "treatment", "activity", "risk factor", "anatomical structure", "drug", "pain",
           "disease", "abnormality", "body region", "body function", "nerve", "bone", "muscle",
           "joint", "ligament", "tendon"}


@dataclass(frozen=True)
class Entry:
    """A known name: what it is called, its kgv type, where it comes from.

    ``concept`` is the id of an existing curated concept (reuse it); ``ontology_id`` the CURIE of
    the lexicon's term (proposed as ``exact``).
    """

    name: str
    label: str
    type: str
    rule: str
    concept: str | None = None
    ontology_id: str | None = None
    acronym: bool = False


class Lexicon:
    """Names by word keys, with longest-match lookup over a token sequence."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, ...], Entry] = {}
        self.longest = 1

    def add(self, entry: Entry) -> None:
        key = name_key(entry.name)
        if not key:
            return
        old = self.entries.get(key)
        if old is not None and PRIORITY[old.rule] <= PRIORITY[entry.rule]:
            return
        self.entries[key] = entry
        self.longest = max(self.longest, len(key))

    def remove(self, names: Iterable[str]) -> int:
        """Forget names (the benchmark drafts an article "from scratch"); how many were known."""
        removed = 0
        for name in names:
            if self.entries.pop(name_key(name), None) is not None:
                removed += 1
        return removed

    def match(self, keys: list[tuple[str, ...]], start: int) -> tuple[int, Entry] | None:
        """The longest known name starting at word ``start``: (end, entry), end exclusive.

        ``keys[i]`` holds the alternative keys of word i (its text and its lemma).
        """
        best = None
        stop = min(len(keys), start + self.longest)
        prefixes: list[tuple[str, ...]] = [()]
        for end in range(start, stop):
            prefixes = [p + (k,) for p in prefixes for k in keys[end] if k]
            if not prefixes:
                break
            for prefix in prefixes:
                entry = self.entries.get(prefix)
                if entry is not None:
                    best = (end + 1, entry)
                    break
        return best

    def __len__(self) -> int:
        return len(self.entries)


def name_key(name: str) -> tuple[str, ...]:
    return tuple(normalize(name).split())


def lexicon_files(data_dir: Path) -> list[Path]:
    """The lexicon TSVs: ``<data>/lexicon/*.tsv``, else the ones shipped with the repository."""
    from kg.config import repo_root

    for folder in (data_dir / "lexicon", repo_root() / "data" / "lexicon"):
        files = sorted(folder.glob("*.tsv")) if folder.is_dir() else []
        if files:
            return files
    return []


def read_lexicon_tsv(path: Path, classes: set[str]) -> list[Entry]:
    """Rows ``name label type id``; a type the vocabulary lacks is skipped (another dataset's
    vocabulary may be smaller)."""
    entries = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name, kind = row.get("name") or "", row.get("type") or ""
            if not name or kind not in classes or normalize(name) in GENERIC:
                continue
            entries.append(Entry(name, row.get("label") or name, kind, "lexicon",
                                 ontology_id=row.get("id") or None,
                                 acronym=name.isupper() and len(name) <= 6))
    return entries


def build_lexicon(concepts: Iterable, classes: set[str], class_labels: dict[str, str],
                  files: Iterable[Path], exclude: Iterable[str] = ()) -> Lexicon:
    """Curated concepts (label and synonyms), vocabulary classes, then the lexicon files.

    ``exclude``: names to leave out (every source), for drafting an article from scratch.
    """
    lexicon = Lexicon()
    for concept in concepts:
        # every name, even a general one ("ligaments" of "spinal ligaments"): a name belongs to
        # one concept over the whole dataset (kg validate's names check), so reuse is the only
        # proposal that can be accepted without a merge
        for name in [concept.label, *concept.synonyms]:
            lexicon.add(Entry(name, concept.label, concept.type, "curated", concept=concept.id,
                              acronym=name.isupper() and len(name) <= 6))
    for cls in sorted(classes):
        label = class_labels.get(cls, cls)
        if normalize(label) not in GENERIC:
            lexicon.add(Entry(label.lower(), label.lower(), cls, "vocabulary"))
    rows = [entry for path in files for entry in read_lexicon_tsv(path, classes)]
    # a name both an ontology term and an everyday name (everyday.tsv) keeps the ontology id
    for entry in sorted(rows, key=lambda e: e.ontology_id is None):
        lexicon.add(entry)
    lexicon.remove(exclude)
    return lexicon
