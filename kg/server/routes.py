"""The pages and named questions ``kg serve`` answers besides ``/sparql``: ``/queries``,
``/queries/NAME``, the static HTML views and the index page at ``/``."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.server.errors import RequestError
from kg.server.protocol import Job


class RoutesHandler:
    """Mixed into :class:`kg.server.app.Handler`: everything but ``/sparql``."""

    server: Any

    # --------------------------------------------------------------- named questions
    def _list_queries(self) -> None:
        library = self.server.library
        entries = library.describe() if library is not None else []
        body = json.dumps(entries, indent=2, ensure_ascii=False).encode()
        self._send(200, body, "application/json")

    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        name = name.strip("/")
        library = self.server.library
        if library is None:
            raise RequestError(404, "this server has no named questions")
        if not name or "/" in name:
            raise RequestError(404, f"no named question {name!r}; see /queries")
        values: dict[str, str] = {}
        for key, items in params.items():
            if key in ("format", "output"):
                continue
            if len(items) > 1:
                raise RequestError(400, f"parameter {key!r} given more than once")
            values[key] = items[0]
        try:
            library.check(name, values)
        except KGError as exc:
            raise RequestError(404 if "no named question" in exc.message else 400,
                               str(exc)) from None
        job = Job(name=name, params=values, accept=self._accept(params),
                  max_rows=self.server.config.max_rows, max_bytes=self.server.config.max_bytes,
                  allow_service=self.server.config.allow_service)
        self._run(job, "GET")

    # --------------------------------------------------------------- static pages
    def _static(self, path: str) -> None:
        html_dir = self.server.config.html_dir
        if html_dir is not None and html_dir.is_dir():
            target = (html_dir / path.lstrip("/")).resolve()
            root = html_dir.resolve()
            if target.is_dir():
                target = target / "index.html"
            if (target == root or root in target.parents) and target.is_file():
                ctype = _static_type(target)
                self._send(200, target.read_bytes(), ctype)
                return
        if path in ("/", "/index.html"):
            self._send(200, self._index_page(), "text/html; charset=utf-8")
            return
        raise RequestError(404, f"nothing at {path}; the SPARQL endpoint is /sparql, the "
                           "named questions are at /queries")

    def _index_page(self) -> bytes:
        library = self.server.library
        items = "".join(
            f'<li><a href="/queries/{html.escape(e["name"])}">{html.escape(e["name"])}</a>'
            f' — {html.escape(e.get("title") or "")}</li>'
            for e in (library.describe() if library is not None else []))
        cfg = self.server.config
        views = "".join(
            f'<li><a href="/{html.escape(p.name)}">{html.escape(p.name)}</a></li>'
            for p in sorted(cfg.html_dir.glob("*.html"))) if cfg.html_dir else ""
        views = (f"<h2>Views</h2><ul>{views}</ul>" if views else
                 "<p>No HTML views yet: <code>kg viz</code> draws them.</p>")
        page = f"""<!doctype html><html lang="en"><meta charset="utf-8">
<title>kg SPARQL endpoint</title>
<h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 Protocol endpoint at <code>/sparql</code> over {self.server.pool.triples:,}
triples. Time limit {cfg.timeout or 0:g} s, at most {cfg.max_rows or 0:,} rows per answer.</p>
<form action="/sparql" method="post"><textarea name="query" rows="8" cols="80">SELECT ?s ?p ?o
WHERE {{ ?s ?p ?o }} LIMIT 10</textarea><br><button>Run</button></form>
{views}
<h2>Named questions</h2><ul>{items}</ul>
<p>JSON list: <a href="/queries">/queries</a>.</p></html>
"""
        return page.encode()


def _static_type(path: Path) -> str:
    import mimetypes

    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return ctype + ("; charset=utf-8" if ctype.startswith("text/") or ctype.endswith(
        ("javascript", "json")) else "")

