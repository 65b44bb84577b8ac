"""Defaults of the SPARQL endpoint (`kg serve`), importable without the server.

Every `kg` command builds the whole argument parser, so `kg serve`'s options must not import
``kg.server`` (http.server, multiprocessing: about 0.1 s) just to show their defaults.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
