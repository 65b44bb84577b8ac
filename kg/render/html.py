"""One self-contained HTML page of a Scene: opens from disk, makes no network request.

Why not pyvis's own page (0.3.2): its "local" and "in_line" modes still fetch vis-network or
Bootstrap from a CDN, its Jinja environment does not autoescape, and it writes titles with
innerHTML. So the page is our own template (``templates/page.html.j2``, autoescape on) and
script (``templates/viewer.js``, which only ever sets ``textContent``), with the vis-network
library read at render time from the copy the installed pyvis package ships (nothing vendored).

The data travels as JSON in a ``<script type="application/json">`` block in which every ``<``,
``>`` and ``&`` is written ``\\u003c``/``\\u003e``/``\\u0026``, so no label can close the block.
A Content-Security-Policy allows only the page's own inline scripts (by hash) and styles and no
connection, image or font from anywhere: even a bug could not fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:  # pragma: no cover
    from kg.render.scene import Scene

#: the vis-network build inside the pyvis package (newest first)
VIS_VERSIONS = ("vis-9.1.2", "vis-9.0.4")
#: the page's own scripts, in load order: viewer.js draws the graph and wires the panel,
#: search and legend, and exposes ``window.kg``; each other module adds one feature to it
MODULES = ("viewer.js", "labels.js", "modes.js", "export.js", "outline.js", "overview.js")
_CLOSING = re.compile(r"</(script|style)", re.IGNORECASE)


def render_page(scene: Scene) -> str:
    """The HTML page of ``scene`` (a str; write it with UTF-8)."""
    from markupsafe import Markup

    import kg

    data = scene.data()
    data_json = script_json(data)
    vis_js = vis_network_js()
    scripts = [(name, _template_text(name)) for name in MODULES]
    css = _template_text("viewer.css")
    hashes = " ".join(f"'sha256-{_sha256(text)}'" for text in
                      [vis_js] + [text for _, text in scripts])
    csp = ("default-src 'none'; "
           f"script-src {hashes}; "
           f"style-src 'unsafe-inline'; "
           "img-src data: blob:; font-src 'none'; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    biggest = max(scene.nodes, key=lambda n: (n["degree"], n["label"]), default=None)
    example = (biggest["synonyms"] or [biggest["label"]])[0] if biggest else ""
    template = _environment().get_template("page.html.j2")
    return template.render(
        title=scene.title, subtitle=scene.subtitle, citation=scene.citation(),
        sources=scene.sources, notes=scene.notes, example=example,
        node_count=len(scene.nodes), edge_count=len(scene.edges),
        version=kg.__version__, csp=csp,
        # safe inserts: checked or escaped for their <script>/<style> context just above
        css=Markup(_no_closing_tag(css, "viewer.css")),
        data_json=Markup(data_json),
        vis_js=Markup(_no_closing_tag(vis_js, "vis-network.min.js")),
        app_js=[Markup(_no_closing_tag(text, name)) for name, text in scripts],
    )


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` (and the two JavaScript
    line separators) become ``\\u`` escapes, which JSON.parse turns back.

    >>> script_json({"label": "</script><img src=x>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network library shipped inside the installed pyvis package.

    Located without importing pyvis (which pulls in IPython); a clear :class:`KGError` if
    pyvis is missing or no longer ships it.
    """
    for base in _pyvis_dirs():
        for version in VIS_VERSIONS:
            path = base / "templates" / "lib" / version / "vis-network.min.js"
            if path.is_file():
                return path.read_text(encoding="utf-8")
    raise KGError("cannot find vis-network.min.js inside the installed pyvis package",
                  hint="install the project's dependencies: pip install -e . (pyvis==0.3.2)")


def _pyvis_dirs() -> list[Path]:
    spec = importlib.util.find_spec("pyvis")
    if spec is None:
        return []
    dirs = [Path(p) for p in (spec.submodule_search_locations or [])]
    if not dirs:  # pragma: no cover - an unusual install: let importlib.resources find it
        dirs = [Path(str(resources.files("pyvis")))]
    return dirs


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(_templates_dir())), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True)


def _templates_dir() -> Path:
    return Path(str(resources.files("kg.render") / "templates"))


def _template_text(name: str) -> str:
    return (_templates_dir() / name).read_text(encoding="utf-8")


def _no_closing_tag(text: str, name: str) -> str:
    """``text`` unchanged if it cannot end its ``<script>``/``<style>`` element early."""
    if _CLOSING.search(text) or "<!--" in text:
        raise KGError(f"{name} contains a closing </script> or <!--: cannot inline it safely")
    return text


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
