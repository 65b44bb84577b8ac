"""The one exception type for user mistakes.

Every error a user can cause (a typo in curated YAML, a quote not in the article, an unknown
prefix...) is raised as :class:`KGError` carrying the file and line to look at and, when we can
guess it, a hint. The CLI prints it as one short message and exits with ``exit_code``; library
users can catch it like any exception. Anything else that escapes is a bug in ``kg``.
"""

from __future__ import annotations

import os
from pathlib import Path


class KGError(Exception):
    """A user mistake, located in a file and line when known.

    >>> str(KGError("unknown type 'Conditon'", file="x.yaml", line=7,
    ...             hint="did you mean 'Condition'?"))
    "x.yaml:7: unknown type 'Conditon'\\n  hint: did you mean 'Condition'?"
    >>> str(KGError("no data folder"))
    'no data folder'
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        file: str | os.PathLike[str] | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.hint = hint

    @property
    def location(self) -> str:
        """``FILE:LINE`` (or ``FILE``, or empty), with FILE relative to the working directory
        when it lies below it, so the message is short and clickable in editors."""
        if self.file is None:
            return ""
        where = display_path(self.file)
        return f"{where}:{self.line}" if self.line is not None else where

    def at(self, file: str | os.PathLike[str] | None, line: int | None = None) -> KGError:
        """Fill in the location if the raiser did not know it (e.g. a quote error raised by
        the source layer, located at the curated relation that holds the quote). Returns self.
        """
        if self.file is None and file is not None:
            self.file = Path(file)
            self.line = line
        return self

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.file is not None else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def display_path(path: str | os.PathLike[str]) -> str:
    """Show ``path`` relative to the current directory if it is inside it, else as given."""
    from kg.freshness import resolved

    p = Path(path)
    try:
        return str(resolved(p).relative_to(resolved(os.getcwd())))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return str(p)
