"""The named questions on Virtuoso Open Source at ~10k, 100k and 1M triples, through our path.

    python benchmarks/bench_virtuoso.py                    # 10k, 100k, 1m; median of 5
    python benchmarks/bench_virtuoso.py --sizes 1m --repeat 3 --buffers 100000

What a department does when the graph outgrows one process: load it into a triple store and
ask it with ``kg query --endpoint URL``. For each size this starts a private Virtuoso on
loopback (``tests/virtuoso/start.sh``: Debian's ``virtuoso-opensource``, its own database in a
temporary folder), bulk-loads the synthetic graph (``benchmarks/synth.py``, the same files as
``bench_store.py``) with Virtuoso's loader (``ld_dir`` + ``rdf_loader_run``), and times every
named question as ``kg query --endpoint`` runs it (:func:`kg.endpoint.endpoint_engine`: names
resolved by the endpoint, parameters bound with BIND, the Virtuoso variants of
``queries/virtuoso/``, the answer read over HTTP as SPARQL JSON and converted). A question over
``--cap`` seconds shows as ``>cap``.

Timings include HTTP and JSON, which raw pyoxigraph in ``bench_store.py`` does not pay; the
point is the shape: where a real store is faster than an embedded one, and where not. A query
the client stops waiting for keeps Virtuoso busy for a while, so the figure after a ``>cap`` may
be high; each size's table is printed as soon as it is measured.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

GRAPH = "urn:kg:bench"


def _control():
    """tests/virtuoso/control.py (start, stop, isql), shared with tests/test_virtuoso.py."""
    spec = importlib.util.spec_from_file_location(
        "virtuoso_control", REPO / "tests" / "virtuoso" / "control.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


control = _control()


def load(folder: Path, sql_port: int, nt: Path) -> float:
    """Bulk-load ``nt`` into GRAPH; seconds taken."""
    shutil.copy(nt, folder / nt.name)  # the loader reads only inside DirsAllowed
    started = time.perf_counter()
    control.isql(sql_port, f"ld_dir('{folder}', '{nt.name}', '{GRAPH}'); rdf_loader_run(); "
                           "checkpoint;")
    return time.perf_counter() - started


def measure(url: str, repeat: int, cap: float, only: list[str]) -> dict[str, float | str]:
    from kg.config import Project
    from kg.endpoint import endpoint_engine
    from kg.query.engines import ParamResolver
    from kg.query.library import library

    project = Project()
    engine = endpoint_engine(url, project, default_graph=GRAPH, timeout=cap)
    resolver = ParamResolver(engine, project)
    timings: dict[str, float | str] = {}
    for index, named in enumerate(q for q in library(project) if not only or q.name in only):
        print(f"\r  virtuoso: {index + 1} {named.name:28}", end="", file=sys.stderr, flush=True)
        samples = []
        try:
            for attempt in range(repeat + 1):
                started = time.perf_counter()
                engine.execute(named.text_for(engine.dialects), resolver.bindings(named, {}))
                if attempt:  # the first run warms Virtuoso's caches
                    samples.append(time.perf_counter() - started)
            timings[named.name] = statistics.median(samples) * 1000
        except Exception as exc:  # noqa: BLE001 - a timeout or an error is a cell, not a crash
            timings[named.name] = f">{cap:g} s" if "timed out" in str(exc).lower() else \
                f"error: {str(exc).splitlines()[0][:60]}"
    print(file=sys.stderr)
    return timings


def _ms(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return f"{value:.0f}" if value >= 10 else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cap", type=float, default=30.0, help="seconds per query run")
    parser.add_argument("--buffers", type=int, default=100_000,
                        help="Virtuoso NumberOfBuffers (8 KB pages; default 100,000: 800 MB)")
    parser.add_argument("--only", default="", help="comma-separated query names")
    args = parser.parse_args(argv)
    only = [n for n in args.only.split(",") if n]

    import synth

    bench_dir = Path(os.environ.get("KG_BENCH_BUILD", REPO / "build")) / "bench"
    print(f"Virtuoso {_version()}, {os.cpu_count()} CPUs; median of {args.repeat} runs after "
          f"one warm-up, ms (through `kg query --endpoint`'s engine)", flush=True)
    for size in [s for s in args.sizes.split(",") if s]:
        nt = synth.ensure(synth.size(size), bench_dir, nt_path=synth.release_nt(
            build_dir=Path(os.environ["KG_BENCH_BUILD"]) if "KG_BENCH_BUILD" in os.environ
            else None))
        folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
        try:
            try:
                url, sql_port = control.start(folder, args.buffers)
            except RuntimeError as exc:  # NotInstallable too
                raise SystemExit(f"Virtuoso did not start: {exc}") from None
            try:
                print(f"{size}: loading {nt.name} into Virtuoso", file=sys.stderr)
                seconds = load(folder, sql_port, nt)
                timings = measure(url, args.repeat, args.cap, only)
            finally:
                control.stop(folder, sql_port)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"\n### {nt.name} ({size})\n\n| | Virtuoso |\n|---|---:|\n"
              f"| load (s) | {seconds:.1f} |")
        for name, value in timings.items():
            print(f"| `{name}` ms | {_ms(value)} |")
        sys.stdout.flush()
    return 0


def _version() -> str:
    done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
    for line in (done.stdout + done.stderr).splitlines():
        if "Version" in line:
            return line.split("Version", 1)[1].split()[0]
    return "(version unknown)"


if __name__ == "__main__":
    raise SystemExit(main())
