"""Reading the article to draft: checks for bad input, and its place in ``data/sources/``.

The article is read with the build's own rules (:mod:`kg.sources`); what a draft adds is a
refusal of input that is not an article (binary, empty, huge) with one clear message, and a copy
of the text into ``data/sources/<id>.txt`` with a metadata stub, so that the accepted facts
build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kg.curation import suggest_id
from kg.errors import KGError
from kg.sources import Document, read_document

MAX_BYTES = 3_000_000        # ~20,000 sentences: far more than a teaching article
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def check_article(path: Path) -> None:
    """Raise KGError unless ``path`` looks like a UTF-8 article."""
    if not path.is_file():
        raise KGError(f"no such article {path}", file=path if path.exists() else None,
                      hint="give the path of a .txt file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise KGError(f"the article is {size / 1e6:.1f} MB; kg draft reads at most "
                      f"{MAX_BYTES / 1e6:.0f} MB", path, hint="split it into articles")
    data = path.read_bytes()
    if b"\x00" in data or len(_CONTROL.findall(data[:65536].decode("latin-1"))) > 8:
        raise KGError("this is a binary file, not an article", path,
                      hint="export the article as plain UTF-8 text (.txt)")
    if not data.strip():
        raise KGError("the article is empty", path, hint="paste the article's text into it")


def read_article(path: Path) -> Document:
    """The article as a Document (UTF-8 errors and missing sentences are KGErrors)."""
    check_article(path)
    document = read_document(path)
    if not document.sentences:
        raise KGError("the article has no sentences (every line is a heading)", path,
                      hint="sentences end with '.', '!' or '?'")
    return document


def source_id(path: Path) -> str:
    """The id the article gets in data/sources: its file name as an id."""
    return suggest_id(path.stem)


def ensure_source(path: Path, sources_dir: Path) -> tuple[Path, bool]:
    """The article's path in ``sources_dir``, copying it there (with a metadata stub) if it
    is not there yet. Returns (path, copied). A different text under the same id is an error."""
    doc_id = source_id(path)
    target = sources_dir / f"{doc_id}.txt"
    if path.resolve() == target.resolve():
        return target, False
    if target.exists():
        if target.read_bytes() != path.read_bytes():
            raise KGError(f"{target.name} already exists with a different text", target,
                          hint="rename the new article, or draft the one in data/sources")
        return target, False
    sources_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    stub = target.with_suffix(".yaml")
    if not stub.exists():
        title = doc_id.replace("-", " ").capitalize()
        stub.write_text(f"# Metadata for {target.name}, copied by `kg draft`: fill in the title "
                        f"and attribution.\ntitle: {title}\nidentifier: {doc_id}\n"
                        f"language: en\nattribution: unknown (to be completed)\n",
                        encoding="utf-8")
    return target, True
