"""What a query may ask before any engine sees it: no federation, no deep nesting, sane numbers.

Checked on the query text with :func:`kg.query.sparql.tokens` (comments, strings and IRIs
skipped), before any parser runs. A usual query is passed by counting characters; only one
with many brackets, ``!`` or the word SERVICE is tokenized (half a second for 1 MB, so
``kg serve`` does it in the query worker, not in its HTTP threads).

- **SERVICE** (also ``SERVICE SILENT``): a federated query makes the *engine* send a request to
  any address the query names (pyoxigraph and rdflib both do), which turns a local endpoint into
  a proxy any web page can drive. Refused unless the caller allows it (``--allow-service``).
  ``FROM``/``FROM NAMED`` never fetch here: oxigraph reads them as graph names of its store, and
  the rdflib engine is told not to load them (:data:`rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`).
  ``LOAD`` is SPARQL Update, refused anyway.
- **Nesting**: pyoxigraph's parser and evaluator recurse, and a deep enough query overflows
  the native stack and kills the whole process (a segfault: no message, no exception). A
  collection ``( ( ( … ) ) )`` does it at about 300 levels, ``{{{…}}}`` at about 2,000,
  ``!!!…`` at about 5,000. More than :data:`MAX_NESTING` open brackets (any of ``{ ( [``) or
  more than :data:`MAX_NOT_RUN` ``!`` in a row is refused with the position. Long flat chains
  (thousands of OPTIONALs or path steps) also recurse in the engine; those are caught by
  running queries in a worker process, whose crash is reported as an error (see ``kg.server``
  and :func:`kg.query.run`), never by the caller dying.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
>>> check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.errors.KGError: federated queries (SERVICE) are refused: ... (line 1, column 18)
  hint: remove the SERVICE clause, or allow it deliberately with --allow-service
"""

from __future__ import annotations

import math

from kg.errors import KGError

__all__ = ["MAX_NESTING", "MAX_NOT_RUN", "MAX_SECONDS", "check_query", "check_seconds",
           "position", "parse_size"]

#: open ``{ ( [`` at once; the named questions need 6, pyoxigraph dies at about 300
MAX_NESTING = 64
#: consecutive ``!`` (each one a level of recursion in the expression parser)
MAX_NOT_RUN = 64
#: the longest time limit accepted (a day); 0 means none
MAX_SECONDS = 86_400.0

_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = set(_OPEN.values())


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset.

    >>> position("ab\\ncd", 4)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def check_query(text: str, *, allow_service: bool = False) -> None:
    """Raise :class:`KGError` (with ``line`` set) if ``text`` uses SERVICE (unless allowed) or
    nests deeper than pyoxigraph survives."""
    if (sum(text.count(c) for c in _OPEN) <= MAX_NESTING and text.count("!") <= MAX_NOT_RUN
            and (allow_service or "service" not in text.lower())):
        return  # the usual case: nothing to look at (tokenizing 1 MB takes half a second)
    from kg.query.sparql import tokens

    depth = 0
    not_run = 0  # "!" tokens in a row (white space and comments between them do not count)
    for kind, token, offset in tokens(text):
        not_run = not_run + 1 if (kind, token) == ("punct", "!") else 0
        if not_run > MAX_NOT_RUN:
            _refuse(text, offset, f"more than {MAX_NOT_RUN} '!' in a row",
                    "two negations cancel out: remove pairs of them")
        if kind == "punct":
            if token in _OPEN:
                depth += 1
                if depth > MAX_NESTING:
                    _refuse(text, offset, f"the query nests brackets more than {MAX_NESTING} "
                            "deep", "no real question needs this; flatten the groups, "
                            "or write a long list as VALUES")
            elif token in _CLOSE:
                depth = max(depth - 1, 0)
        elif kind == "word" and not allow_service and token.upper() == "SERVICE":
            _refuse(text, offset, "federated queries (SERVICE) are refused: the query would "
                    "make this machine send a request to another address",
                    "remove the SERVICE clause, or allow it deliberately with --allow-service")


def _refuse(text: str, offset: int, message: str, hint: str) -> None:
    line, column = position(text, offset)
    error = KGError(f"{message} (line {line}, column {column})", hint=hint)
    error.line = line
    raise error


def check_seconds(value: float | None, option: str = "--timeout") -> float | None:
    """A time limit as given (``None`` or 0: no limit), or KGError for a negative, NaN,
    infinite or absurd one (poll() and select() fail on those with a traceback).

    >>> check_seconds(2.5), check_seconds(0), check_seconds(None)
    (2.5, None, None)
    >>> check_seconds(float("nan"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: --timeout nan is not a number of seconds
      hint: give a number from 0 (no limit) to 86400
    """
    if value is None:
        return None
    hint = f"give a number from 0 (no limit) to {MAX_SECONDS:.0f}"
    if math.isnan(value) or math.isinf(value):
        raise KGError(f"{option} {value} is not a number of seconds", hint=hint)
    if value < 0:
        raise KGError(f"{option} {value:g} is negative", hint=hint)
    if value > MAX_SECONDS:
        raise KGError(f"{option} {value:g} is more than a day", hint=hint)
    return value or None


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str | int, option: str) -> int | None:
    """``"512M"``, ``"2G"``, ``"100000"`` as bytes (0: no limit -> None).

    >>> parse_size("512M", "--memory"), parse_size("0", "--memory")
    (536870912, None)
    """
    raw = str(text).strip().upper().removesuffix("B").removesuffix("I")
    unit = raw[-1:] if raw[-1:] in _UNITS else ""
    number = raw[:-1] if unit else raw
    try:
        value = float(number)
    except ValueError:
        value = math.nan
    if math.isnan(value) or math.isinf(value) or value < 0 or value > (1 << 50):
        raise KGError(f"{option} {text!r} is not a size",
                      hint="give a number of bytes, or with K, M or G (e.g. 512M); 0: no limit")
    return int(value * _UNITS[unit]) or None
