"""Applying a reviewer's decision to a draft: the one place that changes ``status:`` and edits.

Shared by the review page (:mod:`kg.draft.review`) and the terminal review
(:mod:`kg.draft.review_tty`), so both check edits the same way: a type or predicate must be in
the vocabulary, a merge target must be a curated concept or another concept of the draft.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kg.draft.model import STATUSES, Draft
from kg.errors import KGError

EDITABLE = {"concept": ("status", "type", "label", "same_as", "definition"),
            "relation": ("status", "predicate")}


def apply_decision(draft: Draft, change: dict[str, Any], classes: set[str],
                   predicates: set[str], existing: set[str]) -> dict[str, Any]:
    """Apply ``change`` ({kind, key, status?, type?, predicate?, same_as?, label?}); return the
    item as it now is. KGError for an unknown item or a value outside the vocabulary."""
    kind, key = change.get("kind"), str(change.get("key", ""))
    if kind == "concept":
        item: Any = draft.concept(key)
    elif kind == "relation":
        item = draft.relation(key)
    else:
        raise KGError(f"unknown kind of item {kind!r} (concept or relation)")
    if item is None:
        raise KGError(f"the draft has no {kind} {key!r}")
    for name, value in change.items():
        if name in ("kind", "key"):
            continue
        if name not in EDITABLE[kind]:
            raise KGError(f"{name!r} cannot be changed on a {kind}")
        if name == "status" and value not in STATUSES:
            raise KGError(f"status must be one of {', '.join(STATUSES)}")
        if name == "type" and value not in classes:
            raise KGError(f"unknown type {value!r}")
        if name == "predicate" and value not in predicates:
            raise KGError(f"unknown predicate {value!r}")
        if name == "same_as" and value:
            if value == key or (value not in existing and draft.concept(value) is None):
                raise KGError(f"cannot merge into {value!r}: not a concept")
        if name == "label" and not str(value or "").strip():
            raise KGError("a label cannot be empty")
        setattr(item, name, value or None if name in ("same_as", "definition") else value)
    return asdict(item)
