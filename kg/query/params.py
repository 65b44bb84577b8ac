"""Parameters of a named question: checked against its header, resolved to RDF terms.

:class:`ParamResolver` turns what a user gives (``--param name=value``, ``?name=value``) into
:class:`~kg.query.terms.Term` values through any engine's ``resolve_concept`` and
``resolve_class``; :mod:`kg.query.engines` re-exports the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.names import close_matches
from kg.query import sparql
from kg.query.terms import Term, uri

if TYPE_CHECKING:  # pragma: no cover
    from kg.config import Project
    from kg.query.library import NamedQuery, Param


# ------------------------------------------------------------------ parameters

_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s/][^\s]*)?$")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # a scheme


def check_params(query: NamedQuery, given: Iterable[str]) -> None:
    """Refuse a parameter ``query`` does not take (a query without a header takes any of its
    variables), naming the close matches. Cheap: it needs no engine, so ``kg serve`` checks a
    request with it before a worker is bothered."""
    declared = {p.name for p in query.params}
    mentioned = sparql.variables(query.text) if not declared else set()
    for name in given:
        if name in declared or (not declared and name in mentioned):
            continue
        choices = sorted(declared) or sorted(mentioned)
        near = close_matches(name, choices, n=3)
        what = "declared parameters" if declared else "variables"
        raise KGError(
            f"{query.label} has no parameter {name!r}",
            hint=("did you mean " + ", ".join(repr(n) for n in near) + "?") if near
            else (f"its {what}: " + ", ".join(choices) if choices else
                  "it declares no parameters ('# param: name — meaning, default VALUE')"))


#: words that name no concept but "what goes wrong with" the one named before them
GENERIC_TROUBLE = frozenset({"problem", "problems", "issue", "issues", "trouble", "troubles",
                             "disorder", "disorders", "complaint", "complaints"})


class ParamResolver:
    """Turns ``--param name=value`` (or ``?name=value`` at ``kg serve``) into RDF terms for a
    query, with helpful errors. ``engine`` is anything with ``resolve_concept`` and
    ``resolve_class`` giving :class:`Term`: an :class:`Engine`, or ``kg serve``'s resolver
    over a store; ``project`` adds the dataset's prefixes to those CURIEs may use."""

    def __init__(self, engine: Any, project: Project | None = None) -> None:
        self.engine = engine
        self.project = project

    def bindings(self, query: NamedQuery, given: dict[str, str]) -> dict[str, Term]:
        """Check the names, fill in defaults, resolve every value."""
        check_params(query, given)
        declared = {p.name: p for p in query.params}
        result: dict[str, Term] = {}
        for name, param in declared.items():
            value = given.get(name, param.default)
            if value is None:
                raise KGError(f"{query.label} needs the parameter {name!r}"
                              + (f" ({param.meaning})" if param.meaning else ""),
                              hint=f"give --param {name}=VALUE (kg query) or ?{name}=VALUE "
                                   "(kg serve)")
            result[name] = self.resolve(value, param)
        for name, value in given.items():
            if name not in declared:
                result[name] = self.resolve(value, None)
        return result

    def resolve(self, value: str, param: Param | None) -> Term:
        kind = param.kind if param is not None else "concept"
        text = value.strip()
        where = f" (parameter {param.name})" if param is not None else ""
        if text.startswith("<") and text.endswith(">"):
            iri = text[1:-1]
            if not _ABSOLUTE_IRI.match(iri):  # <> or <knee>: resolved against the query's base
                raise KGError(f"{text!r} is not an absolute IRI{where}",
                              hint="write a full IRI such as <https://example.org/knee>, or "
                                   "the concept's name without <>")
            try:
                sparql.iri_syntax(iri)
            except KGError as exc:
                exc.message += where
                raise
            return uri(iri)
        if kind == "text":
            return Term("literal", value)
        curie = self._curie(text)
        if curie is not None:
            return uri(curie)
        # an engine's graph does not change while it is loaded, so its answers are kept
        cache = getattr(self.engine, "resolved", None)
        term = cache.get((kind, text)) if cache is not None else None
        if term is not None:
            return term
        try:
            term = (self.engine.resolve_class(text) if kind == "class"
                    else self.engine.resolve_concept(text))
        except KGError as exc:
            term = self._kind_reading(text) if kind == "concept" else None
            if term is None:
                exc.message += where
                raise
        if cache is not None:
            cache[(kind, text)] = term
        return term

    def _kind_reading(self, text: str) -> Term | None:
        """"hip problems", "knee trouble": no concept has that name, but the words before a
        generic word for "what goes wrong with it" name one (a body structure, usually),
        which the questions read as what affects it or is located in it. None otherwise, so
        the caller's "no concept named" error (with its hints) stands."""
        words = text.split()
        if len(words) < 2 or words[-1].lower() not in GENERIC_TROUBLE:
            return None
        try:
            return self.engine.resolve_concept(" ".join(words[:-1]))
        except KGError:
            return None

    def _curie(self, text: str) -> str | None:
        """``kgv:Treatment`` or ``MONDO:0006629`` with a known prefix, else None."""
        from kg.namespaces import PREFIXES

        match = _CURIE.match(text)
        if not match or " " in text:
            return None
        prefixes = dict(PREFIXES)
        try:
            if self.project is not None:
                prefixes.update(self.project.settings.prefixes)
        except KGError:
            pass
        if match.group(1) in prefixes:
            return prefixes[match.group(1)] + (match.group(2) or "")
        return None
