"""Run the examples in the engine's docstrings, so they stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["kg.errors", "kg.names", "kg.config", "kg.sources", "kg.curation", "kg.graph",
           "kg.namespaces"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            pytest.skip(f"{name} not written yet")
        raise
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
