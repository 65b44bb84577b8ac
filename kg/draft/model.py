"""The draft file: proposed concepts and relations in the curated-YAML schema, plus decisions.

A draft is ``data/curated/drafts/<doc>.yaml`` (outside the folder the build reads). Its items
have the fields of the curated YAML (ARCHITECTURE.md "Curated YAML") and these:

``status``      proposed | accepted | rejected (set by ``kg review``)
``confidence``  0..1, how sure the rule that proposed it is
``rule``        what proposed it (``lexicon:MONDO``, ``cue:lead to``, ``abbreviation``...)
``key``         (relations) the proposal's identity, kept through edits: s<N>/<subject>/<object>
``same_as``     (concepts) merged into this existing concept by the reviewer
``existing``    (concepts) true when the concept is already curated (its id is reused)

Writes are atomic (a temporary file renamed over the target), so a crash never leaves half a
draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError

STATUSES = ("proposed", "accepted", "rejected")
MARKER = "kg draft"


@dataclass
class DraftConcept:
    id: str
    label: str
    type: str
    synonyms: list[str] = field(default_factory=list)
    definition: str | None = None
    exact: list[str] = field(default_factory=list)
    status: str = "proposed"
    confidence: float = 0.5
    rule: str = ""
    sentence: int | None = None
    note: str | None = None
    existing: bool = False
    same_as: str | None = None


@dataclass
class DraftRelation:
    subject: str
    predicate: str
    object: str
    quote: str
    sentence: int
    status: str = "proposed"
    confidence: float = 0.5
    rule: str = ""
    note: str | None = None
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            self.key = f"s{self.sentence}/{self.subject}/{self.object}"


@dataclass
class Draft:
    source: str
    concepts: list[DraftConcept] = field(default_factory=list)
    relations: list[DraftRelation] = field(default_factory=list)
    path: Path | None = None

    def concept(self, concept_id: str) -> DraftConcept | None:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        return None

    def relation(self, key: str) -> DraftRelation | None:
        for relation in self.relations:
            if relation.key == key:
                return relation
        return None

    @property
    def reviewed(self) -> bool:
        """Whether any item has been decided (accepted or rejected)."""
        return any(item.status != "proposed" for item in [*self.concepts, *self.relations])

    def merge_decisions(self, old: Draft) -> int:
        """Keep every decision of ``old`` (a previous draft of the same article).

        A decided concept (same id) or relation (same key) replaces the new proposal; decided
        items the new run did not propose are kept too. Returns how many decisions were kept.
        """
        kept = 0
        for name, new_items, old_items, ident in (
                ("concepts", self.concepts, old.concepts, lambda c: c.id),
                ("relations", self.relations, old.relations, lambda r: r.key)):
            decided = {ident(item): item for item in old_items if item.status != "proposed"}
            merged = []
            for item in new_items:
                merged.append(decided.pop(ident(item), item))
            merged.extend(decided.values())
            kept += sum(1 for item in merged if item.status != "proposed")
            setattr(self, name, merged)
        return kept


# ------------------------------------------------------------------ YAML

_CONCEPT_ORDER = ("id", "label", "type", "synonyms", "definition", "exact", "status",
                  "confidence", "rule", "sentence", "note", "existing", "same_as")
_RELATION_ORDER = ("subject", "predicate", "object", "quote", "sentence", "status",
                   "confidence", "rule", "note", "key")


def to_data(draft: Draft) -> dict[str, Any]:
    def clean(item: Any, order: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in order:
            value = getattr(item, name)
            if value in (None, [], False, ""):
                continue
            out[name] = round(value, 2) if isinstance(value, float) else value
        return out

    return {"source": draft.source, "draft": MARKER,
            "concepts": [clean(c, _CONCEPT_ORDER) for c in draft.concepts],
            "relations": [clean(r, _RELATION_ORDER) for r in draft.relations]}


def dump(draft: Draft) -> str:
    import yaml

    header = (f"# Draft of data/sources/{draft.source}.txt written by `kg draft`: proposals to "
              f"review\n# (`kg review FILE`), then `kg draft --accept FILE` moves the "
              f"accepted ones into data/curated/.\n")
    return header + yaml.safe_dump(to_data(draft), sort_keys=False, allow_unicode=True,
                                   width=100, default_flow_style=None)


def write_draft(draft: Draft, path: Path) -> None:
    atomic_write(path, dump(draft))
    draft.path = path


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename
    (:func:`kg.files.write_atomic`, so the file gets the usual umask mode, not mkstemp's 0600)."""
    from kg.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


def is_draft_file(path: Path) -> bool:
    """Whether ``path`` holds a draft (``draft: kg draft``), as opposed to a curated file."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return f"draft: {MARKER}" in head


def read_draft(path: Path) -> Draft:
    """Parse a draft file; a file that is not a draft, or a broken one, is a KGError."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KGError(f"no draft {path}", hint="make one with `kg draft SOURCE.txt`") from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise KGError(f"cannot read the draft: {exc}", path,
                      mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or data.get("draft") != MARKER:
        raise KGError("not a draft written by `kg draft`", path, 1,
                      hint="review and accept drafts; curated files are edited by hand")
    try:
        concepts = [_concept(item) for item in data.get("concepts") or []]
        relations = [_relation(item) for item in data.get("relations") or []]
    except (TypeError, ValueError, KeyError) as exc:
        raise KGError(f"malformed draft item ({exc})", path,
                      hint="re-run `kg draft` (decisions are kept)") from None
    return Draft(str(data.get("source") or path.stem), concepts, relations, path)


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {value!r}")
    return str(value)


def _concept(item: dict[str, Any]) -> DraftConcept:
    return DraftConcept(
        id=str(item["id"]), label=str(item["label"]), type=str(item["type"]),
        synonyms=[str(s) for s in item.get("synonyms") or []],
        definition=item.get("definition"), exact=[str(s) for s in item.get("exact") or []],
        status=_status(item.get("status", "proposed")),
        confidence=float(item.get("confidence", 0.5)), rule=str(item.get("rule", "")),
        sentence=item.get("sentence"), note=item.get("note"),
        existing=bool(item.get("existing", False)), same_as=item.get("same_as"))


def _relation(item: dict[str, Any]) -> DraftRelation:
    return DraftRelation(
        subject=str(item["subject"]), predicate=str(item["predicate"]),
        object=str(item["object"]), quote=str(item["quote"]), sentence=int(item["sentence"]),
        status=_status(item.get("status", "proposed")),
        confidence=float(item.get("confidence", 0.5)), rule=str(item.get("rule", "")),
        note=item.get("note"), key=str(item.get("key", "")))
