"""Option value types shared by the commands: one message for one mistake, whichever command.

argparse turns an :class:`argparse.ArgumentTypeError` into ``error: argument --depth: must be
at least 1, not 0`` and exit 2, with no traceback.
"""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """A whole number of 1 or more (``--depth``, ``--limit``, ``--top``, ``--max-hops``)."""
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def non_negative_int(text: str) -> int:
    """A whole number of 0 or more (``kg explain --limit``: 0 is every chain)."""
    value = _int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
