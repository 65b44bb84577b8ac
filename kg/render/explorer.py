"""The explorer: one self-contained page (``build/html/explorer.html``) to find, read, ask and
follow, with SPARQL run in the page by Oxigraph compiled to WebAssembly.

Everything is inlined: the data (:mod:`kg.render.explorer_data`), the graph's N-Triples (gzipped,
base64; the worker unpacks them), the
page's own code (the small modules of ``kg/render/explorer/``, concatenated in file-name
order: ``10-util.js`` … ``99-main.js``; ``worker.js`` is the query worker's code), and the
vendored libraries of ``kg/render/vendor/`` (see ``scripts/vendor.py``): Oxigraph's JS glue
and gzipped WebAssembly (base64; the worker decompresses and compiles it, so nothing is fetched
and ``file://`` works) and YASGUI's SPARQL editor (``@zazuko/yasqe``, see
``explorer/90-sparql.js`` for why this editor). A Content-Security-Policy in the
page forbids any network request.
"""

from __future__ import annotations

import base64
import gzip
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

    from kg.config import Project

HERE = Path(__file__).resolve().parent
CODE = HERE / "explorer"
VENDOR = HERE / "vendor"
#: where the build writes the page, inside the build folder
EXPLORER_PATH = Path("html") / "explorer.html"
_VENDOR_JS = ("yasqe.min.js",)
_VENDOR_CSS = ("yasqe.min.css",)


def oxigraph_classic(module_text: str) -> str:
    """wasm-bindgen's ES module made a classic script (a worker from a blob: URL cannot import):
    the ``export`` keywords dropped; ``import.meta.url`` is only the unused default path."""
    text = re.sub(r"^export \{[^}]*\};?\s*$", "", module_text, flags=re.MULTILINE)
    text = re.sub(r"^export (?=(class|function|const|let|async) )", "", text, flags=re.MULTILINE)
    if "export " in re.sub(r"//.*|/\*[\s\S]*?\*/", "", text).replace("exports", ""):
        raise RuntimeError("oxigraph's JS glue has an export this page cannot inline")
    return text.replace("import.meta.url", "self.location.href")


def _script_safe(text: str, what: str) -> str:
    if re.search(r"</script", text, re.IGNORECASE):
        raise RuntimeError(f"{what} contains '</script' and cannot be inlined")
    return text


def render_explorer(graph: Graph, project: Project, nt: str | None = None) -> str:
    """The page as text. ``nt``: the graph's N-Triples (default: the release file)."""
    from kg.render.explorer_data import explorer_data, to_json

    data = explorer_data(graph, project)
    if nt is None:  # the release (rebuilt first if stale), as `kg query` reads it
        from kg.query.engines import _current_release

        source = _current_release(project, None)
        nt = (source.read_text(encoding="utf-8") if isinstance(source, Path)
              else source.decode("utf-8"))
    app = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CODE.glob("[0-9]*.js")))
    parts: dict[str, str] = {
        "TITLE": _escape(data["title"] or "Knowledge graph"),
        "CSS": "\n".join((VENDOR / n).read_text(encoding="utf-8") for n in _VENDOR_CSS)
        + "\n" + (CODE / "app.css").read_text(encoding="utf-8"),
        "DATA": to_json(data),
        # gzipped like the WebAssembly: the worker unpacks it, off the page's thread
        "GRAPH": base64.b64encode(gzip.compress(nt.encode("utf-8"), 6, mtime=0)).decode(),
        "WASM": base64.b64encode((VENDOR / "oxigraph_bg.wasm.gz").read_bytes()).decode(),
        "OXIGRAPH": _script_safe(oxigraph_classic(
            (VENDOR / "oxigraph-web.js").read_text(encoding="utf-8")), "oxigraph-web.js"),
        "WORKER": _script_safe((CODE / "worker.js").read_text(encoding="utf-8"), "worker.js"),
        "VENDOR_JS": _script_safe("\n;\n".join((VENDOR / n).read_text(encoding="utf-8")
                                               for n in _VENDOR_JS), "the SPARQL editor"),
        "APP_JS": _script_safe(app, "the page's code"),
    }
    template = (CODE / "page.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], template)


def write_explorer(project: Project, graph: Graph) -> Path:
    """Write ``<build>/html/explorer.html`` atomically; returns its path."""
    path = project.build_dir / EXPLORER_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_explorer(graph, project), encoding="utf-8")
    tmp.replace(path)
    return path


def build_step(args: Any, project: Project, graph: Graph) -> int:
    """``kg build``'s step: the explorer page."""
    from kg.cli import progress
    from kg.errors import display_path

    path = write_explorer(project, graph)
    size = path.stat().st_size / 1e6
    progress(args, f"  {display_path(path)} ({size:.1f} MB): one file, works offline; "
                   "`kg serve` shows it at /")
    return 0


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
