"""Writing files and folders so that a failure never leaves a mix of old and new.

* :func:`write_output`: THE way a file the user named (``-o FILE``) is written: whole or not at
  all (a temporary file beside it, then a rename), through a symbolic link to its target (the
  link stays a link), refusing a target that is not a regular file (a FIFO, a device such as
  ``/dev/full``, a folder) and turning a full disk or a read-only folder into one KGError.
* :func:`swap_in` / :func:`recover`: put a freshly written folder (a release, a store) in the
  place of the old one. Where Linux offers it the two are exchanged in one atomic
  ``renameat2(RENAME_EXCHANGE)``; elsewhere the old folder is renamed aside first, and
  :func:`recover` (called before every read and write) brings it back if a crash came between
  the two renames.
* :func:`clean_stale`: remove the staging folders (``.NAME.<tag>-PID``) that a killed process
  left, only those whose process is gone.
* :func:`locked`: an exclusive ``fcntl.flock`` on a lock file, so two builds into one folder
  take turns instead of interleaving their files.

Only :mod:`kg.errors` is imported, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KGError, display_path

#: errors of the disk rather than of the program: reported as one KGError
DISK_ERRORS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM,
               errno.EIO, errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR}


class WriteFailed(KGError):
    """A file or folder could not be written (disk full, read-only, no permission); what was
    there before is unchanged."""


def disk_error(exc: OSError, target: Path, what: str = "") -> WriteFailed:
    """The KGError for an OSError met while writing ``target``."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some disk space and run the command again"
    elif exc.errno == errno.EFBIG:
        hint = "the file is larger than this file system or your limits allow"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = "write somewhere you may write (another folder or -o FILE)"
    else:
        hint = None
    kept = f"; {what} is unchanged" if what else "; nothing was changed"
    return WriteFailed(f"cannot write {display_path(target)}: {reason}{kept}", hint=hint)


# ------------------------------------------------------------------ files the user names

def output_target(path: str | os.PathLike[str]) -> Path:
    """The file that writing ``path`` should replace: ``path`` itself, or the end of its chain
    of symbolic links. KGError for a symlink loop, a folder, or a file that is not regular."""
    path = Path(path)
    target = path
    if path.is_symlink():
        try:
            target = Path(os.path.realpath(path, strict=False))
            os.stat(path)  # a loop raises here; a dangling link is fine (the target is made)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise KGError(f"cannot write {path}: {exc.strerror or exc}", hint="the symbolic "
                          "link leads nowhere usable; remove it or give another file") from None
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise KGError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise KGError(f"{path} is a folder", hint="give a file name inside it")
    if not stat.S_ISREG(info.st_mode):
        raise KGError(f"{path} is not a regular file (a device, pipe or socket); refusing to "
                      f"replace it", hint="give an ordinary file name, or leave out -o to "
                                          "write to standard output")
    return target


def write_output(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to the user-named ``path`` atomically (see the module docstring); returns
    ``path``. An existing file keeps its permissions; a new one gets the usual ones (umask)."""
    path = Path(path)
    target = output_target(path)
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content, mode)
    except OSError as exc:
        raise disk_error(exc, path, "the file") from None
    return path


def write_atomic(path: Path, data: bytes, mode: int | None = None, *,
                 sync: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``; the
    temporary file is removed on any failure. OSError escapes (callers say what it means)."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write_all(out, data)
            if sync:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask() if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(out, data: bytes) -> None:
    """``out.write(data)``: one place every kg file write passes, so a test can make the disk
    fill up."""
    out.write(data)


# ------------------------------------------------------------------ folders swapped whole

def staging_path(target: Path, tag: str) -> Path:
    """``<parent>/.<name>.<tag>-<pid>``: where a new version of ``target`` is prepared."""
    return target.parent / f".{target.name}.{tag}-{os.getpid()}"


def swap_in(staging: Path, target: Path) -> None:
    """Put the folder ``staging`` at ``target``; the old ``target`` (if any) is deleted.

    Atomic where the kernel can exchange two paths; otherwise the old folder is renamed to
    ``.<name>.old-PID`` first, which :func:`recover` restores if ``target`` is missing.
    """
    if not target.exists() and not target.is_symlink():
        os.replace(staging, target)
        return
    if _exchange(staging, target):  # staging now holds the old folder
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = staging_path(target, "old")
    shutil.rmtree(old, ignore_errors=True)
    os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def recover(target: Path) -> None:
    """After a crash between the two renames of :func:`swap_in`: if ``target`` is missing and
    an old copy was set aside, put it back (the newest, if several)."""
    if target.exists() or target.is_symlink():
        return
    olds = sorted(_staged(target, "old"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in olds:
        with contextlib.suppress(OSError):  # another process may have restored it first
            os.replace(old, target)
            return


def clean_stale(target: Path, tags: tuple[str, ...] = ("loading", "old", "staging")) -> None:
    """Remove ``.<name>.<tag>-PID`` folders beside ``target`` whose process has ended (a
    killed load or build); a running one's are left alone. Call :func:`recover` first."""
    for tag in tags:
        for path in _staged(target, tag):
            pid = int(path.name.rsplit("-", 1)[1])
            if pid != os.getpid() and not _alive(pid):
                shutil.rmtree(path, ignore_errors=True)


def _staged(target: Path, tag: str) -> list[Path]:
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.{tag}-(\d+)$")
    try:
        return [p for p in target.parent.iterdir() if pattern.match(p.name)]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where that is not available
    (another OS, an old kernel or libc, a file system without it)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


# ------------------------------------------------------------------ one writer at a time

@contextlib.contextmanager
def locked(lock_file: Path, what: str = "another build") -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (created if needed). If another process holds
    it, say so on stderr and wait for it. Without ``fcntl`` (Windows) nothing is locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: {what} is running in {display_path(lock_file.parent)}",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
