"""Moodle's GIFT text format for the quiz (https://docs.moodle.org/en/GIFT_format).

Written by hand because GIFT is a small text format with no maintained Python writer; the
tests parse the output back with pygiftparser and check it against the grammar of Moodle's
documentation. Per question: ``::title::text{answers####general feedback}``, a blank line
between questions. The special characters ``~ = # { } :`` and the backslash are escaped with a
backslash everywhere in text. Moodle core has no ordering question in GIFT, so an ordering
question is written as matching ``Step 1 -> …``, which Moodle imports and shuffles.
"""

from __future__ import annotations

from kg.teach.quiz import Question

__all__ = ["escape", "gift_text", "question_text"]

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Text safe anywhere in GIFT: special characters backslash-escaped, one line.

    >>> escape("a = b: {c} ~ #1")
    'a \\\\= b\\\\: \\\\{c\\\\} \\\\~ \\\\#1'
    """
    text = " ".join(text.split())
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in text)


def question_text(q: Question) -> str:
    """One question in GIFT."""
    head = f"::{escape(q.title)}::{escape(q.prompt)}"
    feedback = "####" + escape(q.feedback())
    if q.kind == "choice":
        answers = " ".join(("=" if i == q.correct else "~") + escape(option)
                           for i, option in enumerate(q.options))
    elif q.kind == "true_false":
        answers = "TRUE" if q.correct else "FALSE"
    elif q.kind == "matching":
        answers = " ".join(f"={escape(a)} -> {escape(b)}" for a, b in q.pairs)
    elif q.kind == "ordering":
        answers = " ".join(f"=Step {i} -> {escape(item)}" for i, item in enumerate(q.order, 1))
    else:  # pragma: no cover - KINDS is closed
        raise ValueError(f"unknown question kind {q.kind!r}")
    return f"// {q.kind} {q.id}\n{head} {{\n{answers}\n{feedback}\n}}\n"


def gift_text(questions: list[Question], category: str | None = None) -> str:
    """The whole quiz as a GIFT file (a category line first when given)."""
    parts = [f"$CATEGORY: $course$/{' '.join(category.split())}\n"] if category else []
    parts += [question_text(q) for q in questions]
    return "\n".join(parts)
