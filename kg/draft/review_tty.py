"""``kg review --tty``: the same decisions in a terminal, one proposal at a time.

Line-based (a key then Enter) rather than raw key presses, so it works over any remote shell
and can be driven by a script. Keys: a accept, r reject, e edit, u undo, s skip, q quit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from kg.draft.model import read_draft
from kg.errors import KGError

HELP = "a accept · r reject · e edit · u undo · s skip · q quit"


def review_tty(session: Any, read: Callable[[str], str], out: TextIO,
               only_proposed: bool = True) -> int:
    """Walk the proposals of ``session`` (a :class:`kg.draft.review.ReviewSession`); return the
    number of decisions taken."""
    draft = read_draft(session.path)
    queue = [("concept", c.id) for c in draft.concepts if c.status == "proposed" or
             not only_proposed]
    queue += [("relation", r.key) for r in draft.relations if r.status == "proposed" or
              not only_proposed]
    queue.sort(key=lambda entry: _sentence(draft, entry))
    history: list[tuple[int, dict[str, Any]]] = []
    index = decided = 0
    print(HELP, file=out)
    while index < len(queue):
        kind, key = queue[index]
        draft = read_draft(session.path)
        item = draft.concept(key) if kind == "concept" else draft.relation(key)
        if item is None:
            index += 1
            continue
        sentence = session.document.sentence(item.sentence or 1)
        print(f"\n[{index + 1}/{len(queue)}] sentence {sentence.number}: {sentence.text}",
              file=out)
        print("  " + _describe(kind, item, draft), file=out)
        answer = read("> ").strip().lower()[:1]
        if answer == "q":
            break
        if answer == "s" or answer == "":
            index += 1
            continue
        if answer == "u":
            if history:
                index, before = history.pop()
                session.decide(before)
                decided -= 1
            else:
                print("  nothing to undo", file=out)
            continue
        change: dict[str, Any] = {"kind": kind, "key": key}
        if answer == "a":
            change["status"] = "accepted"
        elif answer == "r":
            change["status"] = "rejected"
        elif answer == "e":
            change.update(_edit(kind, item, session, read, out))
            change["status"] = "accepted"
        else:
            print("  " + HELP, file=out)
            continue
        before = {"kind": kind, "key": key, "status": item.status}
        for name in change:
            if name not in ("kind", "key", "status"):
                before[name] = getattr(item, name)
        try:
            session.decide(change)
        except KGError as exc:
            print(f"  error: {exc.message}", file=out)
            continue
        history.append((index, before))
        decided += 1
        index += 1
    print(f"\n{decided} decisions saved to {session.path}", file=out)
    return decided


def _sentence(draft: Any, entry: tuple[str, str]) -> tuple[int, int]:
    kind, key = entry
    item = draft.concept(key) if kind == "concept" else draft.relation(key)
    return (item.sentence or 0) if item else 0, 0 if kind == "concept" else 1


def _describe(kind: str, item: Any, draft: Any) -> str:
    if kind == "concept":
        return (f"concept: {item.label} [{item.type}] ({item.rule}, {item.confidence:.2f})"
                + (f" - {item.note}" if item.note else ""))
    return (f"relation: {item.subject} --{item.predicate}--> {item.object} "
            f"({item.rule}, {item.confidence:.2f})\n    \u201c{item.quote}\u201d"
            + (f"\n    note: {item.note}" if item.note else ""))


def _edit(kind: str, item: Any, session: Any, read: Callable[[str], str],
          out: TextIO) -> dict[str, Any]:
    onto = session.ontology
    if kind == "relation":
        print("  predicates: " + ", ".join(sorted(onto.properties)), file=out)
        value = read(f"  predicate [{item.predicate}]: ").strip() or item.predicate
        return {"predicate": value}
    print("  types: " + ", ".join(sorted(onto.classes)), file=out)
    change = {"type": read(f"  type [{item.type}]: ").strip() or item.type}
    same = read("  same as (id of a curated concept, empty for none): ").strip()
    if same:
        change["same_as"] = same
    return change
