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


class Watch:
    """"Has anything under these folders changed since :meth:`arm`?" in one system call.

    The warm path (:mod:`kg.query.warm`) must notice an edited data file at once, but a
    ``stat`` of every data file costs about as much as a small question (16 files: ~40 us).
    Linux's inotify tells instead: every folder of the trees is watched, and :meth:`changed`
    reads the kernel's queue without blocking. Any event (a file written, created, removed,
    renamed, its metadata changed) counts; so does an overflowed queue. :func:`watch` returns
    None where inotify is not available (another system, no free watches): then callers
    check by stat keys as before.
    """

    _MASK = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800  # see inotify(7)

    def __init__(self, fd: int, roots: tuple[str, ...], add: Callable[[int, bytes, int], int]
                 ) -> None:
        self._fd = fd
        self._roots = roots
        self._add = add
        self._dirty = True
        self._pid = os.getpid()  # a forked child must not read (empty) its parent's queue
        #: how many times it was armed: a value kept under an older one is out of date
        self.generation = 0

    def arm(self) -> None:
        """Forget past events and watch every folder (call before checking the files)."""
        self.generation += 1
        self._drain()
        for root in self._roots:
            for folder, dirs, _ in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                self._add(self._fd, os.fsencode(folder), self._MASK)
        self._dirty = False

    def changed(self) -> bool:
        """Whether anything changed since :meth:`arm` (True until it is armed again; always
        True in a forked child, which gets its own watch from :func:`watch`)."""
        if self._pid != os.getpid():
            return True
        if not self._dirty:
            try:
                self._dirty = bool(os.read(self._fd, 65536))
            except BlockingIOError:
                return False
            except OSError:
                self._dirty = True
        return self._dirty

    def _drain(self) -> None:
        try:
            while os.read(self._fd, 65536):
                pass
        except OSError:
            pass


def watch(*roots: Path | str) -> Watch | None:
    """A :class:`Watch` of the folder trees ``roots`` (made once per set of roots), or None
    without inotify."""
    key = tuple(str(r) for r in roots)
    if (os.getpid(), key) not in _WATCHES:
        _WATCHES[os.getpid(), key] = _new_watch(key)
    return _WATCHES[os.getpid(), key]


_WATCHES: dict[tuple[int, tuple[str, ...]], Watch | None] = {}


def _new_watch(roots: tuple[str, ...]) -> Watch | None:
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            return None

        def add(fd: int, path: bytes, mask: int) -> int:
            if libc.inotify_add_watch(fd, path, mask) < 0:
                raise OSError(ctypes.get_errno(), "inotify_add_watch failed")
            return 0

        found = Watch(fd, roots, add)
        found.arm()
        return found
    except (OSError, AttributeError):  # no inotify, or no watches left
        return None
