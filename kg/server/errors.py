"""The one exception of :mod:`kg.server`: an answer other than 200, with its HTTP status and a
plain-text message for the client (every module of the package raises it; the handler writes it)."""

from __future__ import annotations


class RequestError(Exception):
    """An answer other than 200: HTTP status and a plain-text message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
