"""Reading the dataset's hand-edited files without being hurt by them.

Everything a build reads goes through here, so that a wrong file is one clear
:class:`~kg.errors.KGError` with its file and line, never a traceback, a hang or a huge release:

* :func:`read_text`: regular files only (a FIFO would block forever, a device never end), a
  symlink loop or unreadable file named as such, UTF-8 with the line of the first bad byte;
* :func:`compose_yaml` / :func:`load_yaml`: PyYAML's safe loader with two bounds it lacks —
  nesting depth (its composer recurses, so 20,000 ``[`` overflow the stack) and the number of
  aliases (``*ref``), which a loader expands by reference: a 1 KB "billion laughs" file turns
  into gigabytes as soon as anything walks or prints it;
* :func:`check_text`: control characters (ESC, BEL, NUL, the other C0 and C1 codes) are refused
  in text fields, as they would reach terminals raw and are not valid in XML (SVG) at all;
* :func:`check_iri`: an IRI that N-Triples/Turtle could not write (space, ``<>"{}|^`\\``).

Only :mod:`kg.errors` is imported (PyYAML inside functions), so any layer may use it.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from kg.errors import KGError

#: the deepest YAML nesting accepted (a curated file needs 4)
MAX_DEPTH = 64
#: how many nodes ``*alias`` references may add to a YAML document once expanded (a curated
#: file needs none; "billion laughs" adds 10^9 with 80 aliases)
MAX_ALIAS_EXPANSION = 10_000

# Control characters refused in text: every Unicode Cc code except tab, line feed and carriage
# return (which YAML folding and CRLF sources produce). NUL..US, DEL, and C1 (U+0080..U+009F).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# IRIREF of N-Triples/Turtle/SPARQL: no space, no control, none of <>"{}|^`\ ; and a scheme.
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The bytes of a regular file; KGError (not an OSError, not a hang) for anything else."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise KGError(f"{what} is a symbolic link to nothing", path,
                          hint=f"the link points to {os.readlink(path)}") from None
        raise KGError(f"no such {what}", path) from None
    except OSError as exc:  # ELOOP (a symlink loop), EACCES, ENAMETOOLONG...
        raise KGError(f"cannot read this {what}: {_reason(exc)}", path) from None
    if not stat.S_ISREG(info.st_mode):
        raise KGError(f"not a regular file ({_kind(info.st_mode)}); it is not read", path,
                      hint="keep only ordinary text files in the dataset folder")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KGError(f"cannot read this {what}: {_reason(exc)}", path) from None


def read_text(path: Path, what: str = "file") -> str:
    """A regular file decoded as UTF-8 (a leading BOM dropped); bad bytes are a KGError with
    the line of the first one."""
    data = read_bytes(path, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KGError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path, line,
                      hint="save the file as UTF-8") from None


def compose_yaml(text: str, path: Path) -> Any:
    """``yaml.compose`` (nodes with line marks) with the depth and alias bounds."""
    return _run_loader(text, path, compose=True)


def load_yaml(text: str, path: Path) -> Any:
    """``yaml.safe_load`` with the depth and alias bounds, and scalars checked by
    :func:`check_text` (the line of the bad one named)."""
    return _run_loader(text, path, compose=False)


def check_text(value: str, file: Path | None = None, line: int | None = None,
               name: str = "text") -> str:
    """``value`` unchanged, or a KGError naming the first control character in it.

    >>> check_text("knee pain")
    'knee pain'
    >>> check_text("knee\\x1b[31m pain", name="label")
    Traceback (most recent call last):
    kg.errors.KGError: 'label' holds a control character U+001B (ESCAPE) at position 5
      hint: remove it (it is invisible, and would reach terminals and pages raw)
    """
    surrogate = _SURROGATE.search(value)
    if surrogate:  # from a YAML escape such as "\ud83d\ude00": not a character, not UTF-8
        raise KGError(f"{name!r} holds a lone surrogate U+{ord(surrogate.group()):04X} at "
                      f"position {surrogate.start() + 1}", file, line,
                      hint="write the character itself, or escape it as \\U0001F600 "
                           "(YAML does not join \\u surrogate pairs)")
    match = _CONTROL.search(value)
    if match:
        char = match.group()
        label = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control")
        raise KGError(f"{name!r} holds a control character U+{ord(char):04X} ({label}) at "
                      f"position {match.start() + 1}", file, line,
                      hint="remove it (it is invisible, and would reach terminals and pages "
                           "raw)")
    return value


def check_iri(iri: str, file: Path | None = None, line: int | None = None,
              what: str = "IRI") -> str:
    """``iri`` unchanged if RDF syntaxes can write it, else a KGError saying why.

    >>> check_iri("http://purl.obolibrary.org/obo/HP_0008843")
    'http://purl.obolibrary.org/obo/HP_0008843'
    >>> check_iri("http://ex.org/a b", what="base")
    Traceback (most recent call last):
    kg.errors.KGError: base 'http://ex.org/a b' is not a valid IRI: it contains ' '
      hint: IRIs may not contain spaces or any of <>"{}|^`\\ ; percent-encode them (%20)
    """
    bad = _IRI_BAD.search(iri)
    if bad:
        raise KGError(f"{what} {iri!r} is not a valid IRI: it contains {bad.group()!r}", file,
                      line, hint='IRIs may not contain spaces or any of <>"{}|^`\\ ; '
                                 "percent-encode them (%20)")
    if not _SCHEME.match(iri):
        raise KGError(f"{what} {iri!r} is not an absolute IRI (no scheme such as https:)", file,
                      line, hint="write the whole IRI, e.g. https://example.org/...")
    return iri


def escape_controls(text: str) -> str:
    """``text`` with every control character but tab and line feed written as ``\\xNN`` (or
    ``\\u00NN``): what reaches a terminal can then colour, retitle or clear nothing.

    >>> print(escape_controls("a\\x1b]0;pwned\\x07b c"))
    a\\x1b]0;pwned\\x07b c
    """
    return _TERMINAL.sub(lambda m: repr(m.group())[1:-1], text)


class TerminalText:
    """A text stream that writes through :func:`escape_controls` (``kg`` wraps stdout and
    stderr in it when they are terminals); everything else is the wrapped stream's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# ------------------------------------------------------------------ YAML

def _run_loader(text: str, path: Path, compose: bool) -> Any:
    import yaml

    if not _NOT_FAST.search(text):
        node = _run_fast(text, compose)
        if node is not _FAILED:
            return node
    loader = None
    try:
        loader = _bounded_loader()(text)  # its reader refuses some characters right away
        node = loader.get_single_node()
        if compose or node is None:
            return node
        _check_scalars(node, path)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "syntax error"
        context = f"{exc.context}: " if exc.context else ""
        column = f" (column {mark.column + 1})" if mark else ""
        raise KGError(f"malformed YAML: {context}{problem}{column}", path,
                      mark.line + 1 if mark else None,
                      hint="check the indentation and quoting on this line or the one "
                           "before it") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, written raw
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise KGError(f"a character YAML does not allow: U+{ord(char):04X}", path,
                      text[: exc.position].count("\n") + 1,
                      hint="remove it (it is invisible: a control character)") from None
    except yaml.YAMLError as exc:
        raise KGError(f"malformed YAML: {exc}", path) from None
    except _Refused as exc:
        raise KGError(exc.message, path, exc.line, hint=exc.hint) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise KGError("YAML nested too deeply", path) from None
    finally:
        if loader is not None:
            loader.dispose()


_FAILED = object()


def _run_fast(text: str, compose: bool) -> Any:
    """The document through libyaml's parser, or ``_FAILED`` on any error or refusal (the
    pure-Python loader then runs and words the error)."""
    loader_class = _bounded_loader(fast=True)
    if loader_class is _bounded_loader():
        return _FAILED
    loader = None
    try:
        loader = loader_class(text)
        node = loader.get_single_node()
        if compose or node is None:
            return node
        _check_scalars(node, Path("?"))
        return loader.construct_document(node)
    except Exception:  # noqa: BLE001 - any failure: the pure-Python loader says what it is
        return _FAILED
    finally:
        if loader is not None:
            loader.dispose()


def _check_scalars(node: Any, path: Path) -> None:
    """:func:`check_text` on every scalar of a composed document (keys included)."""
    import yaml

    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            check_text(item.value, path, item.start_mark.line + 1, name="value")
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            stack.extend(x for pair in item.value for x in pair)


class _Refused(Exception):
    def __init__(self, message: str, line: int, hint: str) -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


_LOADERS: Any = None


def _bounded_loader(fast: bool = False) -> Any:
    """A safe loader counting depth and aliases while it composes (made once).

    ``fast``: the same Python composer (so the same bounds and node marks) over libyaml's C
    scanner and parser, which is most of PyYAML's cost (a course of a hundred curated files
    spends seconds in the pure-Python scanner). :func:`_run_loader` uses it only for text the
    pure-Python reader accepts and falls back to the pure-Python loader on any error, so every
    error message (libyaml words its errors differently) stays PyYAML's.
    """
    global _LOADERS
    if _LOADERS is None:
        _LOADERS = _make_loaders()
    return _LOADERS[1 if fast and _LOADERS[1] is not None else 0]


def _make_loaders() -> tuple[Any, Any]:
    import yaml
    from yaml.events import AliasEvent

    class Bounds:
        """Counts, while composing, the nesting depth and each node's expanded size (a
        collection's size is known when it is complete, and an alias reuses a complete
        node), so neither a deep nor an alias-bomb document is ever walked in full."""

        def _start_bounds(self) -> None:
            self._depth = 0
            self._distinct = 0
            self._sizes: dict[int, int] = {}

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            line = event.start_mark.line + 1 if event.start_mark else 0
            self._depth += 1
            try:
                if self._depth > MAX_DEPTH:
                    raise _Refused(f"YAML nested more than {MAX_DEPTH} levels deep", line,
                                   "a dataset file needs only a few levels")
                node = yaml.composer.Composer.compose_node(self, parent, index)
            finally:
                self._depth -= 1
            if not isinstance(event, AliasEvent):
                self._size(node, line)
            return node

        def _size(self, node: Any, line: int) -> None:
            self._distinct += 1
            if isinstance(node, yaml.ScalarNode):
                self._sizes[id(node)] = 1
                return
            children = node.value if isinstance(node, yaml.SequenceNode) else \
                [x for pair in node.value for x in pair]
            if any(id(child) not in self._sizes for child in children):
                raise _Refused("a YAML alias (*name) refers to the list or mapping that "
                               "holds it", line, "write the values out")
            size = 1 + sum(self._sizes[id(child)] for child in children)
            self._sizes[id(node)] = size
            if size - self._distinct > MAX_ALIAS_EXPANSION:
                raise _Refused(f"YAML aliases (*name) would expand this document by more "
                               f"than {MAX_ALIAS_EXPANSION:,} values", line,
                               "write the values out; aliases that repeat aliases grow "
                               "exponentially ('billion laughs')")

    class BoundedLoader(Bounds, yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            yaml.SafeLoader.__init__(self, stream)
            self._start_bounds()

    fast = None
    if getattr(yaml, "__with_libyaml__", False):
        from yaml._yaml import CParser  # type: ignore[import-not-found]

        class FastBoundedLoader(Bounds, yaml.composer.Composer, CParser,
                                yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
            # Composer before CParser: CParser's own composer is in C and would skip the bounds
            def __init__(self, stream: str) -> None:
                CParser.__init__(self, stream)
                yaml.composer.Composer.__init__(self)
                yaml.constructor.SafeConstructor.__init__(self)
                yaml.resolver.Resolver.__init__(self)
                self._start_bounds()

            def compose_scalar_node(self, anchor: Any) -> Any:
                node = yaml.composer.Composer.compose_scalar_node(self, anchor)
                node.style = node.style or None  # libyaml says '' for plain, PyYAML None
                return node

        fast = FastBoundedLoader
    return BoundedLoader, fast


#: text the fast loader is not used for: what PyYAML's reader refuses, and the line breaks
#: other than \n and \r (so that lines are counted the same way)
_NOT_FAST = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD"
                       "\U00010000-\U0010FFFF]|[\x85\u2028\u2029\ufeff]")


# ------------------------------------------------------------------ helpers

_C0_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION",
             0x0C: "FORM FEED", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    return exc.strerror or str(exc)
