"""The read-only commands' data: the release's ``prepared.json`` (:mod:`kg.prepared`), read
without rdflib or networkx, after the same freshness check as ``kg query`` and ``kg search``.

:func:`open_prepared` returns a :class:`Prepared` for a current release. When the release is
missing or stale it is rebuilt first (as :func:`kg.load.load` always did for these commands);
when the rebuilt release cannot be written (a read-only build folder), the data is prepared in
memory from the fresh graph, so the command still answers from the data as it is now.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from kg.config import Project
from kg.prepared import PREPARED_NAME, PREPARED_VERSION

__all__ = ["Prepared", "open_prepared"]

REBUILD_MESSAGE = "the release is missing or out of date: building it first"


class Prepared:
    """The prepared data of one release, with the objects the commands use made from it."""

    def __init__(self, data: dict[str, Any], graph: Any = None) -> None:
        self.data = data
        #: the rdflib graph, when the data had to be prepared from it (else None)
        self.graph = graph
        self._view = None
        self._resolver = None

    @property
    def stats(self) -> dict[str, Any]:
        return self.data["stats"]

    def view(self):
        """The explain view (:class:`kg.explain.plain.PlainGraph`), made once."""
        if self._view is None:
            from kg.explain.plain import PlainGraph

            self._view = PlainGraph.from_data(self.data["view"])
        return self._view

    def resolver(self):
        """The name resolver (:meth:`kg.resolve.Resolver.from_tables`), made once."""
        if self._resolver is None:
            from kg.resolve import Resolver

            self._resolver = Resolver.from_tables(self.data["names"])
        return self._resolver

    def card(self, iri: str) -> dict[str, Any]:
        """The concept's :func:`kg.inspect.card`."""
        return self.data["cards"][str(iri)]

    def kind(self, name: str) -> dict[str, Any] | None:
        """The members of the vocabulary class ``name`` means (:func:`kg.inspect.class_named`),
        None when it means none."""
        from kg.inspect import class_named

        kinds = self.data["kinds"]
        cls = class_named(name, kinds["labels"])
        return None if cls is None else kinds["members"][cls]


def open_prepared(project: Project,
                  progress: Callable[[str], None] | None = None) -> Prepared:
    """The prepared data of the project's release, rebuilding a missing or stale release
    first (``progress`` hears about it)."""
    data = _read(project)
    if data is not None:
        return Prepared(data)
    if progress is not None:
        progress(REBUILD_MESSAGE)
    from kg.load import load

    graph = load(project, rebuild=True)
    data = _read(project)
    if data is not None:
        return Prepared(data, graph)
    from kg.prepared import prepare  # the release could not be written: from the fresh graph

    return Prepared(json.loads(json.dumps(prepare(graph, project))), graph)


def _read(project: Project) -> dict[str, Any] | None:
    """The file's data if the release is current and the file is the one its manifest lists.

    Current as for ``kg search`` (:func:`kg.search._current`): built by this engine from
    these data files (``kg.yaml`` is not parsed, the N-Triples file not hashed: the release's
    files are replaced together, the manifest last); the file's own hash is checked, and its
    version. None when anything differs: a stale release, one written without the file or
    by another version, a damaged file.
    """
    from kg.build import MANIFEST, engine_fingerprint, input_hashes

    release = project.release_dir
    try:
        manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("engine") != engine_fingerprint() or \
                manifest.get("inputs") != input_hashes(project):
            return None
        raw = (release / PREPARED_NAME).read_bytes()
        if manifest.get("outputs", {}).get(PREPARED_NAME) != hashlib.sha256(raw).hexdigest():
            return None
        data = json.loads(raw)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == PREPARED_VERSION else None
