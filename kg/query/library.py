"""The library of named questions: ``queries/*.rq`` files with a metadata header.

A named query is a SPARQL file whose first comment lines say what it answers::

    # title: Which treatments help with a given condition?
    # description: Treatments that treat ... (continued on lines
    #   that start with "#" and more spaces)
    # param: condition — the condition (or symptom), default knee osteoarthritis
    # param: kind (class) — a kind of concept, default Concept
    # why: another-named-question

A parameter is a variable of the query (``?condition``). Its value is a name that is resolved
*before* the query runs and bound as an RDF term, never pasted into the text. The optional
``(kind)`` after the name says how: ``concept`` (the default: a concept's label, synonym or id,
resolved by :class:`kg.resolve.Resolver`), ``class`` (a class of the vocabulary, by local name
or label), ``text`` (a plain literal). Any value may also be a full IRI in angle brackets.
The separator may be an em dash or `` - ``; ``default`` introduces the default value (a
parameter without one must be given).

``why`` (for an ASK question) names a SELECT question with the same parameters whose rows,
each an ``?answer`` ("yes" or "no") and a ``?why`` sentence, best first, explain the answers
it can give: ``kg query`` prints the first ``?why`` that fits the answer after it.

The library folder is ``queries/`` next to the dataset folder (the repository's ``queries/``
for the embedded dataset), or ``$KG_QUERIES``.

A sub-folder names a *dialect*: ``queries/virtuoso/chain.rq`` is the text that ``chain`` sends
to a Virtuoso endpoint instead of ``queries/chain.rq``, for a server that answers the standard
text wrongly (``queries/rdflib/`` likewise for the rdflib engine). A variant declares the same
parameters, and a test checks that it gives the same answers as the standard text; ``kg
queries`` lists only the standard ones.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Project
from kg.errors import KGError
from kg.freshness import Memo, file_key, resolved
from kg.names import close_matches

PARAM_KINDS = ("concept", "class", "text")
_HEADER = re.compile(r"^#\s*(title|description|param|why)\s*:\s*(.*)$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<kind>[a-z]+)\))?\s*(?:—|–|--| - )\s*"
    r"(?P<rest>.*)$")
_DEFAULT = re.compile(r"(?:^|,\s*)default\s*:?\s+(?P<default>.+?)\s*$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_NAMED = Memo()  # .rq path -> NamedQuery, while it and its variants are unchanged


@dataclass(frozen=True)
class Param:
    """A declared parameter: ``?name`` is bound to the resolved value."""

    name: str
    meaning: str = ""
    default: str | None = None
    kind: str = "concept"


@dataclass
class NamedQuery:
    """A query with its header. ``name`` is the file stem; ad-hoc text has name ``None``."""

    text: str
    name: str | None = None
    path: Path | None = None
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    variants: dict[str, NamedQuery] = field(default_factory=dict)
    #: the named question that explains this one's yes or no (header ``# why: NAME``)
    why: str | None = None

    def text_for(self, dialect: str | Sequence[str] | None) -> str:
        """The text to send to an engine speaking ``dialect`` (the standard text if there is
        no variant for it); several dialects: the first that has a variant (an engine's
        ``dialects``, such as ``("indexed", "rdflib")``)."""
        for name in (dialect,) if isinstance(dialect, str) else dialect or ():
            variant = self.variants.get(name)
            if variant is not None:
                return variant.text
        return self.text

    @property
    def label(self) -> str:
        """How messages refer to it: the file, the name or 'the query'."""
        if self.path is not None:
            from kg.errors import display_path

            return display_path(self.path)
        return self.name or "the query"

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse(text: str, name: str | None = None, path: Path | None = None) -> NamedQuery:
    """Read the header comments (up to the first line that is not a comment).

    >>> q = parse('''# title: Hubs
    ... # description: Concepts ranked
    ... #   by degree.
    ... # param: kind (class) — a kind of concept, default Concept
    ... # param: x - anything
    ... SELECT * WHERE { ?s ?p ?o }''')
    >>> q.title, q.description
    ('Hubs', 'Concepts ranked by degree.')
    >>> q.params
    [Param(name='kind', meaning='a kind of concept', default='Concept', kind='class'), \
Param(name='x', meaning='anything', default=None, kind='concept')]
    """
    query = NamedQuery(text=text, name=name, path=path)
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            last = None
            continue
        if not stripped.startswith("#"):
            break
        header = _HEADER.match(stripped)
        if header:
            key, value = header.group(1).lower(), header.group(2).strip()
            if key == "param":
                query.params.append(_param(value, path, number))
            elif key == "title":
                query.title = value
            elif key == "why":
                query.why = value
            else:
                query.description = value
            last = key
            continue
        more = _CONTINUATION.match(line.rstrip())
        if more and last == "description":
            query.description = f"{query.description} {more.group(1).strip()}".strip()
        elif more and last == "title":
            query.title = f"{query.title} {more.group(1).strip()}".strip()
        else:
            last = None
    names = [p.name for p in query.params]
    for p in query.params:
        if names.count(p.name) > 1:
            raise KGError(f"parameter {p.name!r} is declared twice", path)
    return query


def _param(value: str, path: Path | None, line: int) -> Param:
    match = _PARAM.match(value)
    if not match:
        bare = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([a-z]+)\))?\s*$", value)
        if not bare:
            raise KGError(f"cannot read the parameter line {value!r}", path, line,
                          hint="write '# param: name — meaning, default VALUE'")
        name, kind, rest = bare.group(1), bare.group(2), ""
    else:
        name, kind, rest = match.group("name"), match.group("kind"), match.group("rest")
    kind = kind or "concept"
    if kind not in PARAM_KINDS:
        near = close_matches(kind, PARAM_KINDS, n=1)
        raise KGError(f"unknown parameter kind {kind!r}", path, line,
                      hint=f"did you mean {near[0]!r}?" if near else
                      f"use one of {', '.join(PARAM_KINDS)}")
    default = None
    found = _DEFAULT.search(rest)
    if found:
        default = found.group("default").strip()
        rest = rest[:found.start()].strip().rstrip(",")
    return Param(name=name, meaning=rest.strip(), default=default, kind=kind)


# ------------------------------------------------------------------ the library folder

def queries_dir(project: Project | None = None) -> Path:
    """``$KG_QUERIES``, else ``queries/`` next to the dataset folder."""
    env = os.environ.get("KG_QUERIES")
    if env:
        return Path(env)
    project = project or Project()
    return resolved(project.data_dir).parent / "queries"


def names(project: Project | None = None) -> list[str]:
    """The named queries' names, sorted."""
    folder = queries_dir(project)
    return sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []


def library(project: Project | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name."""
    folder = queries_dir(project)
    return [load_named(name, project) for name in names(project)] if folder.is_dir() else []


def load_named(name: str, project: Project | None = None) -> NamedQuery:
    """The named query ``name``; KGError with close matches if there is none.

    Parsed again only when its file or a dialect variant changed (a notebook asks the same
    question many times); each call gets its own copy.
    """
    folder = queries_dir(project)
    path = folder / f"{name}.rq"
    key = file_key(path) if _NAME.match(name) else None
    if key is not None:
        variants = tuple((entry.name, file_key(os.path.join(entry.path, f"{name}.rq")))
                         for entry in _dialect_folders(folder))
        named = _NAMED.get(path, (key, variants), lambda: _read_named(name, path, folder))
        return copy.copy(named)
    available = names(project)
    near = close_matches(name, available, n=3)
    near += [n for n in available if name.lower() in n and n not in near]
    if near:
        hint = "did you mean " + ", ".join(repr(n) for n in near[:4]) + "?"
    elif available:
        hint = "`kg queries` lists the named questions"
    else:
        hint = f"there are no named queries in {folder}"
    raise KGError(f"no named query {name!r}", hint=hint)


def _read_named(name: str, path: Path, folder: Path) -> NamedQuery:
    named = parse(_read_query_file(path), name=name, path=path)
    named.variants = _variants(named, folder)
    return named


def _dialect_folders(folder: Path) -> list[os.DirEntry]:
    try:
        return sorted((e for e in os.scandir(folder) if e.is_dir() and not e.name.startswith(".")),
                      key=lambda e: e.name)
    except OSError:
        return []


def _variants(named: NamedQuery, folder: Path) -> dict[str, NamedQuery]:
    """``{dialect: query}`` from ``folder/<dialect>/<name>.rq``; a variant must declare the
    same parameters as the standard text."""
    found: dict[str, NamedQuery] = {}
    for path in sorted(folder.glob(f"*/{named.name}.rq")):
        variant = parse(_read_query_file(path), name=named.name, path=path)
        if [p.name for p in variant.params] != [p.name for p in named.params]:
            raise KGError(
                f"{path.parent.name} variant of {named.name!r} declares the parameters "
                f"{[p.name for p in variant.params]}, the query {[p.name for p in named.params]}",
                path, hint="copy the '# param:' lines of the standard query")
        found[path.parent.name] = variant
    return found


def looks_like_sparql(text: str) -> bool:
    """Whether a NAME argument is really query text: it has a brace or a line break, or
    words starting with a query form or update keyword.

    >>> [looks_like_sparql(t) for t in ("hubs", "my.rq", "DESCRIBE <https://ex.org/x>")]
    [False, False, True]
    """
    from kg.query.sparql import query_form, update_keyword

    if "{" in text or "\n" in text:
        return True
    return " " in text.strip() and bool(query_form(text) or update_keyword(text))


def load(source: str, project: Project | None = None) -> NamedQuery:
    """A query from what the user gave: a name, a ``.rq`` file path, ``-`` (stdin) or text."""
    import sys

    if source == "-":
        return parse(sys.stdin.read(), name=None)
    if looks_like_sparql(source):
        return parse(source)
    path = Path(source)
    if source.endswith(".rq") or os.sep in source or "/" in source:
        if not path.is_file():
            raise KGError(f"no query file {source}",
                          hint="give a named query (see `kg queries`), a .rq file or - for "
                               "standard input")
        return parse(_read_query_file(path), name=None, path=path)
    return load_named(source, project)


def _read_query_file(path: Path) -> str:
    """A ``.rq`` file's text; a binary, non-UTF-8 or non-regular file is a KGError with its
    line (kg.inputs), not a traceback."""
    from kg.inputs import check_text, read_text

    text = read_text(path, "query file")
    for number, line in enumerate(text.split("\n"), 1):
        check_text(line, path, number, name="query file")
    return text
