"""``kg review FILE``: a local page to accept, reject or edit a draft's proposals.

Served on loopback only (127.0.0.1) by :mod:`http.server`: the page itself
(``review_page.html``, no external script or style), ``GET /api/draft`` (the draft with its
article's sentences and the vocabulary's lists) and ``POST /api/decide`` (one decision, saved to
the draft file at once, atomically). POSTs must carry the ``X-KG-Review`` header, which a page
from another origin cannot send without a CORS preflight this server never grants.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.draft.decisions import apply_decision
from kg.draft.model import read_draft, write_draft
from kg.errors import KGError

PAGE = Path(__file__).with_name("review_page.html")


class ReviewSession:
    """A draft file under review with what the page needs to show and check it."""

    def __init__(self, path: Path, project: Any) -> None:
        from kg.curation import read_curation
        from kg.ontology import read_ontology
        from kg.sources import read_document

        self.path = path
        self.lock = threading.Lock()
        draft = read_draft(path)
        self.ontology = read_ontology(project.ontology_dir)
        source = project.sources_dir / f"{draft.source}.txt"
        self.document = read_document(source)
        curated = read_curation(project.curated_dir)
        own = project.curated_dir / f"{draft.source}.yaml"
        self.existing = {c.id: c for f in curated.files if f.path != own for c in f.concepts}

    def data(self) -> dict[str, Any]:
        draft = read_draft(self.path)
        onto = self.ontology
        return {
            "source": draft.source, "file": str(self.path),
            "sentences": [{"number": s.number, "section": s.section, "text": s.text}
                          for s in self.document.sentences],
            "concepts": [asdict(c) for c in draft.concepts],
            "relations": [asdict(r) for r in draft.relations],
            "classes": sorted(onto.classes),
            "predicates": sorted(onto.properties - {"causalRelation"}),
            "labels": onto.labels,
            "existing": sorted(({"id": c.id, "label": c.label, "type": c.type}
                                for c in self.existing.values()), key=lambda c: c["label"]),
        }

    def decide(self, change: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            draft = read_draft(self.path)
            item = apply_decision(draft, change, self.ontology.classes,
                                  self.ontology.properties, set(self.existing))
            write_draft(draft, self.path)
        return item


def make_server(session: ReviewSession, port: int = 0) -> ThreadingHTTPServer:
    """The review server bound to 127.0.0.1 (``port`` 0: any free port)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            return

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy",
                             "default-src 'self'; style-src 'unsafe-inline'; "
                             "script-src 'unsafe-inline'")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: Any) -> None:
            self._send(status, json.dumps(data, ensure_ascii=False).encode(),
                       "application/json; charset=utf-8")

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path in ("/", "/index.html"):
                self._send(200, PAGE.read_bytes(), "text/html; charset=utf-8")
            elif self.path == "/api/draft":
                try:
                    self._json(200, session.data())
                except KGError as exc:
                    self._json(400, {"error": str(exc)})
            else:
                self._json(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/api/decide" or not self.headers.get("X-KG-Review"):
                self._json(403, {"error": "forbidden"})
                return
            try:
                length = min(int(self.headers.get("Content-Length") or 0), 100_000)
                change = json.loads(self.rfile.read(length) or b"{}")
                if not isinstance(change, dict):
                    raise KGError("a decision is a JSON object")
                self._json(200, session.decide(change))
            except (KGError, ValueError) as exc:
                self._json(400, {"error": str(exc)})

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)
