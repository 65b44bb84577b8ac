"""Lookups over any SPARQL ``select(text) -> rows`` function, one term at a time.

For the engines over big or remote graphs (:mod:`kg.store`, :mod:`kg.endpoint`), where reading
every label up front would cost more than the query. A module of its own, below both, so that
neither has to import the other for it.
"""

from __future__ import annotations

from typing import Any

from kg.errors import KGError


class LazyLabels(dict):
    """IRI -> rdfs:label, looked up on first use (for result tables on big graphs).

    Behaves as the ``labels`` dict :func:`kg.query.formats.render` expects (``in`` and
    ``[]``), asking ``select`` for one label at a time instead of reading them all up front.
    """

    def __init__(self, select: Any) -> None:
        super().__init__()
        self._select = select
        self._missing: set[str] = set()

    def __bool__(self) -> bool:  # an empty lazy mapping still knows every label
        return True

    def __contains__(self, iri: object) -> bool:
        if dict.__contains__(self, iri):
            return True
        if not isinstance(iri, str) or iri in self._missing:
            return False
        from kg.query.sparql import iri_syntax

        try:
            written = iri_syntax(iri)
        except KGError:
            return False
        rows = self._select("SELECT ?l WHERE { "
                            f"{written} <http://www.w3.org/2000/01/rdf-schema#label> ?l }} "
                            "ORDER BY ?l LIMIT 1")
        if rows:
            self[iri] = rows[0]["l"]
            return True
        self._missing.add(iri)
        return False

    def get(self, iri: Any, default: Any = None) -> Any:
        return self[iri] if iri in self else default
