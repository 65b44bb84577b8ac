"""Drawing the graph: an offline interactive HTML page, SVG/PNG pictures and Mermaid flowcharts.

All formats draw the same :class:`~kg.render.scene.Scene` (the chosen concepts, laid out, with
their evidence) in the same colours and shapes (:mod:`kg.render.style`)::

    import kg
    from kg import render

    graph = kg.load()
    render.to_html(graph)                                  # the page, as text
    render.write("graph.html", graph)                      # format from the suffix
    render.write("oa.svg", graph, focus="knee osteoarthritis", depth=2)
    render.to_mermaid(graph, path=("knee osteoarthritis", "knee pain"))
    render.show(graph, types="Condition,Symptom")          # in Jupyter (works offline)
    render.write_build_html(project)                       # build/html/graph.html

Every function takes the graph (an rdflib graph — names are then resolved by the shared
resolver — or the networkx view; default ``kg.load(project)``) and the selection options of
:func:`~kg.render.scene.make_scene`: ``focus``/``depth``, ``path``, ``query``/``params``,
``types``, ``title``, ``seed``.
"""

from __future__ import annotations

import html as _html
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.render.scene import Scene, make_scene

if TYPE_CHECKING:  # pragma: no cover
    from kg.config import Project

FORMATS = ("html", "svg", "png", "mermaid")
#: file suffix -> format
SUFFIXES = {".html": "html", ".htm": "html", ".svg": "svg", ".png": "png", ".mmd": "mermaid",
            ".mermaid": "mermaid", ".md": "mermaid"}
#: where ``kg viz`` and the build write the page, inside the build folder
HTML_PATH = Path("html") / "graph.html"

__all__ = ["FORMATS", "Notebook", "Scene", "default_path", "make_scene", "show", "to_html",
           "to_mermaid", "to_png", "to_svg", "write", "write_build_html"]


def _scene(graph: Any, options: dict[str, Any]) -> Scene:
    return graph if isinstance(graph, Scene) else make_scene(graph, **options)


def to_html(graph: Any = None, **options: Any) -> str:
    """The self-contained interactive page (no network requests) as a string."""
    from kg.render.html import render_page

    return render_page(_scene(graph, options))


def to_svg(graph: Any = None, **options: Any) -> str:
    """An SVG picture (Graphviz) with heading, citation and legend, as a string."""
    from kg.render.static import render_svg

    return render_svg(_scene(graph, options))


def to_png(graph: Any = None, **options: Any) -> bytes:
    """A PNG picture (Graphviz, 144 dpi) with heading, citation and legend."""
    from kg.render.static import render_png

    return render_png(_scene(graph, options))


def to_mermaid(graph: Any = None, **options: Any) -> str:
    """A Mermaid flowchart (for Markdown) with the same colours and a legend."""
    from kg.render.mermaid import render_mermaid

    return render_mermaid(_scene(graph, options))


def write(file: str | os.PathLike[str], /, graph: Any = None, *, format: str | None = None,
          **options: Any) -> Path:
    """Write a drawing to ``file`` (format from ``format`` or the suffix; folders are made)
    and return its path. The file is written whole or not at all (a temporary file renamed
    into place).
    """
    target = Path(file)
    fmt = format or SUFFIXES.get(target.suffix.lower())
    if fmt not in FORMATS:
        raise KGError(f"cannot tell the format of {target.name!r}",
                      hint=f"use a suffix .html/.svg/.png/.mmd or format= one of "
                           f"{', '.join(FORMATS)}")
    content = render(fmt, graph, **options)
    _write_atomic(target, content)
    return target


def render(fmt: str, graph: Any = None, **options: Any) -> str | bytes:
    """The drawing in format ``fmt`` (one of :data:`FORMATS`)."""
    functions = {"html": to_html, "svg": to_svg, "png": to_png, "mermaid": to_mermaid}
    if fmt not in functions:
        raise KGError(f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    return functions[fmt](graph, **options)


def default_path(project: Project, fmt: str = "html") -> Path:
    """``<build>/html/graph.<ext>``: where ``kg viz`` writes when no ``-o`` is given."""
    ext = {"html": ".html", "svg": ".svg", "png": ".png", "mermaid": ".mmd"}[fmt]
    return project.build_dir / HTML_PATH.with_suffix(ext)


def write_build_html(project: Project | None = None, graph: Any = None) -> Path:
    """Write the whole graph's page to ``<build>/html/graph.html`` (for ``kg build``)."""
    from kg.config import Project as _Project

    project = project or _Project()
    return write(default_path(project, "html"), graph, project=project)


class Notebook:
    """Shows a page in Jupyter: ``_repr_html_`` is an iframe whose ``srcdoc`` holds the whole
    self-contained page, so it works offline, in a saved notebook and in nbviewer-like exports;
    the iframe is sandboxed (scripts and the PNG download only)."""

    def __init__(self, page: str, height: int = 720) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{_html.escape(self.page, quote=True)}" '
                f'sandbox="allow-scripts allow-downloads" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccc" '
                f'title="knowledge graph"></iframe>')

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to a file."""
        target = Path(path)
        _write_atomic(target, self.page)
        return target


def show(graph: Any = None, *, height: int = 720, **options: Any) -> Notebook:
    """Display the interactive page in a Jupyter notebook (the returned object renders
    itself); works without a network connection."""
    return Notebook(to_html(graph, **options), height=height)


def _write_atomic(target: Path, content: str | bytes) -> None:
    """Whole or not at all, through symlinks, never over a device or FIFO (kg.files)."""
    from kg.files import write_output

    write_output(target, content)
