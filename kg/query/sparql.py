"""SPARQL text without a SPARQL parser: the few facts ``kg query`` needs before running a query.

Both engines parse the query themselves; this module only looks at its tokens (skipping
comments, strings and IRIs) to tell the query form (SELECT, ASK, CONSTRUCT, DESCRIBE), to refuse
SPARQL Update before any engine sees it, to list the variables a ``--param`` may bind, and to
insert a ``VALUES`` block at the start of the WHERE clause. That block is how oxigraph receives
parameters: its text is written here from RDF terms the resolver returned (IRIs of graph nodes,
escaped literals), never from what the user typed.

>>> query_form("PREFIX a: <x:> # SELECT\\nASK { ?s ?p ?o }")
'ASK'
>>> update_keyword("PREFIX a: <x:>\\nINSERT DATA { <a> <b> <c> }")
'INSERT'
>>> sorted(variables("SELECT ?a WHERE { ?a ?b $c . FILTER(?a != '?d') }"))
['a', 'b', 'c']
>>> inject_values("SELECT * WHERE { ?s ?p ?o }", {"s": "<https://ex.org/s>"})
'SELECT * WHERE { VALUES ?s { <https://ex.org/s> } ?s ?p ?o }'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg.errors import KGError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                   "WITH")

# IRIREF of the SPARQL grammar: no spaces, no <>"{}|^`\ inside
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
# a keyword or a prefixed name (kgv:causes, "kgv:" in PREFIX); a final "." is punctuation
_WORD = re.compile(r"[^\W\d](?:[\w.-]*[\w-])?(?::(?:[\w:%-](?:[\w.:%-]*[\w:%-])?)?)?")
_VAR = re.compile(r"[?$]([A-Za-z0-9_\u00b7\u00c0-\uffff]+)")


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """``(kind, token, offset)`` for the parts of a query that matter here.

    Kinds: ``word`` (keywords and prefixed names, upper-cased check is the caller's), ``var``,
    ``punct`` (``{ } ( ) . ;`` ...). Comments, strings and IRIs are skipped: a ``#`` or ``?``
    inside them means nothing.
    """
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<":
            match = _IRIREF.match(text, i)
            if match:
                i = match.end()
            else:  # the less-than operator
                yield "punct", ch, i
                i += 1
        elif ch in "?$" and i + 1 < n and _VAR.match(text, i):
            match = _VAR.match(text, i)
            assert match is not None
            yield "var", match.group(1), i
            i = match.end()
        elif ch.isalpha() or ch == "_":
            match = _WORD.match(text, i)
            assert match is not None
            yield "word", match.group(), i
            i = match.end()
        else:
            yield "punct", ch, i
            i += 1


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = text.find(quote * 3, i + 3)
        while end > 0 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end < 0 else end + 3
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] == "\n":
            return j + 1
        j += 1
    return j


def _escaped(text: str, i: int) -> bool:
    backslashes = 0
    while i - 1 - backslashes >= 0 and text[i - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _first_keyword(text: str) -> tuple[str, int] | None:
    """The first keyword after the prologue (BASE and PREFIX declarations)."""
    skip = 0
    for kind, token, offset in tokens(text):
        if skip:
            skip -= 1
            continue
        if kind != "word":
            continue
        upper = token.upper()
        if upper == "PREFIX":
            skip = 1  # the "name:" token; the IRI is skipped by tokens()
            continue
        if upper == "BASE":
            continue
        return upper, offset
    return None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (None when it is none of them)."""
    first = _first_keyword(text)
    return first[0] if first and first[0] in QUERY_FORMS else None


def update_keyword(text: str) -> str | None:
    """The SPARQL Update operation the text starts with (INSERT, DELETE, ...), if any."""
    first = _first_keyword(text)
    return first[0] if first and first[0] in UPDATE_KEYWORDS else None


def refuse_update(text: str, where: str | None = None) -> None:
    """Raise :class:`KGError` if ``text`` is a SPARQL Update request."""
    keyword = update_keyword(text)
    if keyword:
        raise KGError(
            f"SPARQL Update ({keyword}) is refused: the graph is read-only here"
            + (f" ({where})" if where else ""),
            hint="to change the graph, edit the curated YAML under data/curated/ and run "
                 "`kg build`; `kg query` runs SELECT, ASK, CONSTRUCT and DESCRIBE",
        )


def variables(text: str) -> set[str]:
    """Names of the variables the query mentions (``?x`` and ``$x``)."""
    return {token for kind, token, _ in tokens(text) if kind == "var"}


_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\"{}|^`\\\s]*)>", re.IGNORECASE)


def prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX`` declarations of a query (for writing its results with the same names).

    >>> prefixes("PREFIX void: <http://rdfs.org/ns/void#>\\nSELECT * {}")
    {'void': 'http://rdfs.org/ns/void#'}
    """
    return {m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(text)}


def strip_tail(text: str) -> str:
    """The text without trailing white space and comment lines.

    >>> strip_tail("ASK { }  \\n# done\\n\\n")
    'ASK { }'
    """
    lines = text.rstrip().split("\n")
    while lines and lines[-1].lstrip().startswith("#"):
        lines.pop()
        while lines and not lines[-1].strip():
            lines.pop()
    return "\n".join(lines).rstrip()


def where_brace(text: str) -> int | None:
    """Offset of the ``{`` that opens the query's WHERE clause (None if not found)."""
    form = None
    depth = 0
    after_form_template = False
    for kind, token, offset in tokens(text):
        if form is None:
            if kind == "word" and token.upper() in QUERY_FORMS:
                form = token.upper()
                after_form_template = form != "CONSTRUCT"
            continue
        if kind == "word" and token.upper() == "WHERE" and depth == 0:
            after_form_template = True
            continue
        if kind == "punct" and token == "{":
            if depth == 0 and after_form_template:
                return offset
            depth += 1
        elif kind == "punct" and token == "}":
            depth -= 1
            if depth == 0 and form == "CONSTRUCT":
                after_form_template = True  # the template is done; next "{" is the pattern
        elif kind == "punct" and token == "(":
            depth += 1
        elif kind == "punct" and token == ")":
            depth -= 1
    return None


def inject_values(text: str, bindings: dict[str, str]) -> str:
    """Insert ``VALUES ?a { term }`` for each binding right after the WHERE clause's ``{``, and
    in every sub-SELECT that projects the variable (see :func:`insert_after_where`).

    ``bindings`` maps variable names to terms already written in SPARQL syntax by
    :func:`term_syntax`. The block goes on the same line so line numbers in error messages
    still match the file.
    """
    if not bindings:
        return text
    names = list(bindings)
    # one VALUES row for all of them in the WHERE clause: as separate blocks, oxigraph plans
    # chain and evidence 2-3x slower at 1M triples
    together = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
                + " ".join(bindings[n] for n in names) + ") }")
    return insert_after_where(text, {name: f" VALUES ?{name} {{ {term} }}"
                                     for name, term in bindings.items()},
                              outer=together if len(names) > 1 else None)


def insert_after_where(text: str, blocks: dict[str, str], outer: str | None = None) -> str:
    """Each variable's binding ``blocks[name]`` inserted right after the WHERE clause's ``{``,
    on the same line so that line numbers in error messages still match the file (``outer``,
    if given, instead of all of them there); the one place parameters enter a query.

    A block also goes into every sub-SELECT projecting its variable (when every enclosing
    sub-SELECT projects it too). The answers are the same (the outer block already keeps only
    solutions with that value), but an engine evaluating the sub-SELECT on its own, as SPARQL
    says it does, now starts from the value instead of computing the sub-SELECT for every node
    and joining afterwards.

    >>> insert_after_where("SELECT ?a WHERE { { SELECT ?x ?a WHERE { ?x ?p ?a } } }",
    ...                    {"x": " B(x)"})
    'SELECT ?a WHERE { B(x) { SELECT ?x ?a WHERE { B(x) ?x ?p ?a } } }'
    """
    brace, subselects = _binding_places(text)
    if brace is None:
        raise KGError("cannot find the WHERE clause to bind the parameters in",
                      hint="write the query as SELECT ... WHERE { ... }")
    inserts = [(brace, outer if outer is not None else "".join(blocks.values()))]
    for offset, projected in subselects:
        extra = "".join(block for name, block in blocks.items() if name in projected)
        if extra:
            inserts.append((offset, extra))
    for offset, extra in sorted(inserts, reverse=True):
        text = text[:offset + 1] + extra + text[offset + 1:]
    return text


@functools.lru_cache(maxsize=256)
def _binding_places(text: str) -> tuple[int | None, tuple[tuple[int, frozenset[str]], ...]]:
    """Where parameters go in ``text`` (a named query is bound again and again: tokenizing it
    once keeps a millisecond query a millisecond query)."""
    return where_brace(text), tuple((offset, frozenset(names))
                                    for offset, names in subselect_braces(text))


def subselect_braces(text: str) -> list[tuple[int, set[str]]]:
    """``(offset of the "{" of its WHERE, variables it passes up)`` for each sub-SELECT.

    A variable is passed up when the sub-SELECT and every sub-SELECT around it project it as a
    plain variable (``SELECT *`` passes up every variable it mentions); ``(expr AS ?v)`` makes
    a new variable and does not count.

    >>> subselect_braces("SELECT * { { SELECT ?a (1 AS ?b) WHERE { ?a ?p ?b } } }")
    [(39, {'a'})]
    """
    found: list[tuple[int, set[str]]] = []
    stack: list[tuple[int, set[str]]] = []  # (brace depth of the sub-SELECT's group, passed up)
    depth = 0
    heading: set[str] | None = None  # projection being read (None: not in a SELECT clause)
    star = False
    parens = 0
    for kind, token, offset in tokens(text):
        if heading is not None:
            if kind == "punct" and token == "{":
                scope = _scope_vars(text, offset) if star else heading
                if stack:
                    scope &= stack[-1][1]
                found.append((offset, scope))
                stack.append((depth, scope))
                heading = None
                depth += 1
            elif kind == "punct" and token in "()":
                parens += 1 if token == "(" else -1
            elif kind == "punct" and token == "*" and parens == 0:
                star = True
            elif kind == "var" and parens == 0:
                heading.add(token)
            continue
        if kind == "word" and token.upper() == "SELECT" and depth > 0:
            heading, star, parens = set(), False, 0
        elif kind == "punct" and token == "{":
            depth += 1
        elif kind == "punct" and token == "}":
            depth -= 1
            while stack and stack[-1][0] >= depth:
                stack.pop()
    return found


def _scope_vars(text: str, brace: int) -> set[str]:
    """The variables mentioned in the group that opens at ``brace``."""
    depth, names = 0, set()
    for kind, token, _ in tokens(text[brace:]):
        if kind == "punct" and token == "{":
            depth += 1
        elif kind == "punct" and token == "}":
            depth -= 1
            if depth == 0:
                break
        elif kind == "var":
            names.add(token)
    return names


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
          "\f": "\\f"}


def iri_syntax(iri: str) -> str:
    """``<iri>``; KGError if the IRI has a character an IRI may not contain."""
    written = f"<{iri}>"
    if not _IRIREF.fullmatch(written):
        raise KGError(f"not a usable IRI: {iri!r}",
                      hint="IRIs cannot contain spaces or <>\"{}|^`\\")
    return written


def literal_syntax(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A SPARQL literal with every special character escaped."""
    body = '"' + "".join(_ECHAR.get(ch, ch) for ch in value) + '"'
    if lang:
        if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", lang):
            raise KGError(f"not a language tag: {lang!r}")
        return f"{body}@{lang}"
    if datatype:
        return f"{body}^^{iri_syntax(datatype)}"
    return body
