"""Make a module callable, so ``kg.load()`` works although ``kg/load.py`` is also a module.

The public API names ``kg.load``, ``kg.build`` and ``kg.query`` are also submodule names. Python
sets ``kg.<submodule>`` to the module object whenever the submodule is imported, which would
silently replace a function of the same name. Instead the module itself becomes callable and
forwards to its function of the same name, so both ``kg.load()`` and ``kg.load.load()`` (and
``from kg.load import load``) work in any import order.
"""

from __future__ import annotations

import inspect
import sys
import types
from typing import Any


class CallableModule(types.ModuleType):
    """A module that forwards calls to its attribute ``__kg_call__``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__kg_call__(*args, **kwargs)


def make_callable(module_name: str, function_name: str) -> types.ModuleType:
    """Turn the (already imported) module into a callable forwarding to ``function_name``."""
    module = sys.modules[module_name]
    function = getattr(module, function_name)
    module.__kg_call__ = function
    if not isinstance(module, CallableModule):
        module.__class__ = CallableModule
    try:  # lets help() and inspect.signature() show the function's parameters
        module.__signature__ = inspect.signature(function)
    except (TypeError, ValueError):  # pragma: no cover - builtins without signature
        pass
    return module
