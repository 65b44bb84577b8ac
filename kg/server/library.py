"""The named questions ``kg serve`` answers at ``/queries``: the ``queries/*.rq`` files, read
once, checked in the HTTP thread and bound against a store in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.names import close_matches


def _library(queries_dir: str | None) -> NamedLibrary | None:
    """The named-question library (None when there is no folder)."""
    if not queries_dir or not Path(queries_dir).is_dir():
        return None
    return NamedLibrary(Path(queries_dir))


class NamedLibrary:
    """The ``queries/*.rq`` files, read once; parameters bound against a store by
    :func:`kg.endpoint.bind` (names resolved by exact ``kgv:key`` lookups)."""

    def __init__(self, folder: Path) -> None:
        from kg.query.library import parse

        self.folder = folder
        self.queries = {path.stem: parse(path.read_text(encoding="utf-8"), name=path.stem,
                                         path=path)
                        for path in sorted(folder.glob("*.rq"))}
        self._resolvers: dict[int, Any] = {}

    def describe(self) -> list[dict[str, Any]]:
        return [{"name": q.name, "title": q.title, "description": q.description,
                 "url": f"/queries/{q.name}",
                 "params": [{"name": p.name, "meaning": p.meaning, "default": p.default,
                             "kind": p.kind} for p in q.params]}
                for q in self.queries.values()]

    def get(self, name: str) -> Any:
        if name not in self.queries:
            near = close_matches(name, list(self.queries), n=3)
            raise KGError(f"no named question {name!r}",
                          hint=f"did you mean {', '.join(map(repr, near))}?" if near
                          else "GET /queries lists them")
        return self.queries[name]

    def check(self, name: str, values: dict[str, str]) -> None:
        """Unknown question or parameter: KGError (before any worker is bothered)."""
        from kg.query.engines import check_params

        check_params(self.get(name), values)

    def bind(self, store: Any, name: str, values: dict[str, str]) -> tuple[str, dict]:
        from kg.endpoint import bind
        from kg.store import store_resolver

        resolver = self._resolvers.get(id(store))
        if resolver is None:
            resolver = self._resolvers[id(store)] = store_resolver(store, self.namespaces)
        return bind(self.get(name), values, resolver), {}

    namespaces: list[str] | None = None

