"""kg — cited facts from articles as a knowledge graph (RDF), with queries and explanations.

The public API is loaded lazily so that ``import kg`` (and ``kg --help``) stay fast; rdflib and
networkx are imported only when a function needing them is called::

    import kg
    graph = kg.load()                    # rdflib.Graph, built from data/ when missing or stale
    nx_graph = kg.to_networkx(graph)     # networkx.MultiDiGraph keyed by concept id

Names: ``load``, ``build``, ``to_networkx``, ``query``, ``search``, ``KGError``, ``Project``.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> (module, attribute); attribute None means "the module itself, made callable"
_LAZY: dict[str, tuple[str, str | None]] = {
    "KGError": ("kg.errors", "KGError"),
    "Project": ("kg.config", "Project"),
    "to_networkx": ("kg.graph", "to_networkx"),
    "load": ("kg.load", None),
    "build": ("kg.build", None),
    "query": ("kg.query", None),
    "search": ("kg.search", None),
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'kg' has no attribute {name!r}") from None
    module = importlib.import_module(module_name)
    if attribute is not None:
        value = getattr(module, attribute)
        globals()[name] = value
        return value
    # ``kg.load`` is both a submodule and a function: return the module, made callable.
    from kg._callable import make_callable

    return make_callable(module_name, name) if hasattr(module, name) else module


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
