"""Defaults of the SPARQL endpoint (`kg serve`), importable without the server.

Every `kg` command builds the whole argument parser, so `kg serve`'s options must not import
``kg.server`` (http.server, multiprocessing: about 0.1 s) just to show their defaults.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_WORKERS = 2
DEFAULT_NAMED_WORKERS = 1  # kept for the named questions, so a runaway query cannot starve them
DEFAULT_MAX_BYTES = 32 << 20  # an answer's size: one GROUP_CONCAT row can be hundreds of MB
DEFAULT_MEMORY = 1 << 30  # what a worker may add to its size for a query (RLIMIT_AS)
DEFAULT_IDLE_TIMEOUT = 30.0  # seconds a kept-alive connection may wait for its next request
DEFAULT_HEADER_TIMEOUT = 10.0  # ... then has for its request line and headers
DEFAULT_BODY_TIMEOUT = 30.0  # ... and for its body
