"""Cheap "has this file changed?" keys, so warm calls skip re-reading and re-hashing.

A notebook asking a hundred questions used to re-parse ``kg.yaml``, re-read the ``.rq`` file and
re-hash every data file and the release (sha256) on every call. The content checks stay the
rule; these keys only say when they must run again: a file's ``(mtime_ns, size, inode)`` — the
same test ``make`` and git's index use — and, for a folder, the keys of everything in it.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("x")
>>> key = tree_key(d)
>>> key == tree_key(d)
True
>>> _ = (d / "b.txt").write_text("y")
>>> key == tree_key(d)
False
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

FileKey = tuple[int, int, int] | None


def file_key(path: Path | str) -> FileKey:
    """``(mtime_ns, size, inode)`` of a file, or None when it cannot be read."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def tree_key(root: Path | str) -> tuple:
    """The keys of every file and folder under ``root`` (hidden entries skipped), sorted.

    A new, removed, renamed or edited file changes it. Costs one ``stat`` per entry.
    """
    found: list[tuple[str, FileKey]] = []
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found.append((folder, None))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            found.append((entry.path, (st.st_mtime_ns, st.st_size, st.st_ino)))
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    found.sort()
    return tuple(found)


def resolved(path: Path | str) -> Path:
    """``Path(path).resolve()``, remembered per working directory (a warm call resolved the
    same few paths several times; ``resolve`` costs an ``lstat`` per path component)."""
    key = (str(path), os.getcwd())
    found = _RESOLVED.get(key)
    if found is None:
        if len(_RESOLVED) > 1024:
            _RESOLVED.clear()
        found = _RESOLVED[key] = Path(path).resolve()
    return found


_RESOLVED: dict[tuple[str, str], Path] = {}


class Memo:
    """Values computed from files, kept while their key is unchanged.

    ``memo.get(name, key, compute)`` returns the value stored for ``name`` if it was computed
    under the same ``key``, else calls ``compute()`` and stores its result. Exceptions are not
    stored (a mistake is reported again on the next call).
    """

    def __init__(self) -> None:
        self._values: dict[Any, tuple[Any, Any]] = {}

    def get(self, name: Any, key: Any, compute: Callable[[], T]) -> T:
        stored = self._values.get(name)
        if stored is not None and stored[0] == key:
            return stored[1]
        value = compute()
        self._values[name] = (key, value)
        return value

    def clear(self) -> None:
        self._values.clear()
