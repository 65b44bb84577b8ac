"""Start, feed and stop a private Virtuoso on loopback (``start.sh`` beside this file does the
starting): shared by ``tests/test_virtuoso.py`` and ``benchmarks/bench_virtuoso.py``."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

START = Path(__file__).resolve().with_name("start.sh")


class NotInstallable(RuntimeError):
    """Virtuoso is not installed and cannot be here (not root, or no apt-get)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isql(port: int, sql: str, timeout: float = 1800) -> str:
    """Run SQL through ``isql-vt``; RuntimeError with its output if it fails."""
    done = subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={sql}"],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql failed: {sql}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def start(folder: Path, buffers: int | None = None) -> tuple[str, int]:
    """A Virtuoso with its database in ``folder``: (SPARQL endpoint URL, SQL port).
    ``buffers``: its cache in 8 KB pages (start.sh's default when None)."""
    http_port, sql_port = free_port(), free_port()
    env = dict(os.environ)
    if buffers is not None:
        env["VIRTUOSO_BUFFERS"] = str(buffers)
    done = subprocess.run(["bash", str(START), str(folder), str(http_port), str(sql_port)],
                          capture_output=True, text=True, timeout=900, env=env)
    if done.returncode == 3:
        raise NotInstallable(done.stderr.strip())
    if done.returncode != 0:
        raise RuntimeError(f"Virtuoso did not start (exit {done.returncode}):\n{done.stderr}")
    return done.stdout.strip().splitlines()[-1], sql_port


def stop(folder: Path, sql_port: int) -> None:
    """Shut Virtuoso down; kill it if it is still busy with a query a client gave up on."""
    try:
        subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", "exec=shutdown;"],
                       capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + 30
    while (folder / "virtuoso.lck").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    subprocess.run(["pkill", "-9", "-f", f"virtuoso-t .*{folder}/virtuoso.ini"],
                   capture_output=True)
