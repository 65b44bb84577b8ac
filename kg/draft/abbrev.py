"""Abbreviation definitions, "femoroacetabular impingement (FAI)", by the Schwartz–Hearst rule.

Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text": for a short form in parentheses, walk its characters right to left, finding
each in the preceding words (also right to left); the first character must begin a word. The
long form is at most min(len(SF) + 5, 2 * len(SF)) words. Written here (60 lines) rather than
taken from scispaCy, whose AbbreviationDetector pulls in its models' dependencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,12})\)")


@dataclass(frozen=True)
class Abbreviation:
    """``long`` (offsets ``long_start``..``long_end`` in the text) is abbreviated ``short``."""

    short: str
    long: str
    long_start: int
    long_end: int


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every "long form (SF)" in ``text``.

    >>> [(a.short, a.long) for a in find_abbreviations(
    ...     "Another condition, femoroacetabular impingement (FAI), is common.")]
    [('FAI', 'femoroacetabular impingement')]
    >>> [(a.short, a.long) for a in find_abbreviations("the sacroiliac (SI) joint")]
    [('SI', 'sacroiliac')]
    >>> find_abbreviations("a total hip replacement (arthroplasty) can help")
    []
    """
    found = []
    for match in _PAREN.finditer(text):
        short = match.group(1).strip()
        if not _is_short_form(short):
            continue
        before = text[: match.start()].rstrip()
        long_start = _long_form_start(before, short)
        if long_start is not None:
            found.append(Abbreviation(short, before[long_start:], long_start, len(before)))
    return found


def _is_short_form(candidate: str) -> bool:
    words = candidate.split()
    return (1 <= len(words) <= 2 and 2 <= len(candidate) <= 10
            and any(c.isalpha() for c in candidate) and candidate[0].isalnum()
            and any(c.isupper() for c in candidate))


def _long_form_start(before: str, short: str) -> int | None:
    """Start offset in ``before`` of the long form ending there, or None."""
    chars = [c.lower() for c in short if c.isalnum()]
    limit = min(len(chars) + 5, 2 * len(chars))
    words = list(re.finditer(r"\S+", before))[-limit:]
    if not words:
        return None
    window_start = words[0].start()
    window = before[window_start:].lower()
    index = len(window) - 1
    for position in range(len(chars) - 1, -1, -1):
        char = chars[position]
        while index >= 0 and (window[index] != char or (
                position == 0 and index > 0 and window[index - 1].isalnum())):
            index -= 1
        if index < 0:
            return None
        index -= 1
    start = window_start + index + 1
    # the long form starts at a word boundary and must not swallow a clause
    start = before.rfind(" ", 0, start) + 1 if start > 0 and before[start - 1] != " " else start
    long_form = before[start:]
    if "," in long_form or ";" in long_form or len(long_form) <= len(short):
        return None
    return start
