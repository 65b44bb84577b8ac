"""Time every named question: a whole `kg query` process (cold) and in-process (warm), per engine.

Cold is what a teacher waits for at the terminal: a new Python process runs
``kg -q query NAME --engine E`` (default parameters, table output to /dev/null), importing
kg, checking the release is current and loading the graph, then answering. Warm is a notebook
or server asking again in the same process: ``kg.query(NAME, engine=E)`` with the engine
already loaded (name resolution, the query, rows as dicts). Each figure is the median of
``--repeat`` runs (after one unrecorded warm-up for the in-process runs).

    python benchmarks/bench_queries.py                  # every query, both engines, 5 runs
    python benchmarks/bench_queries.py --repeat 3 --engines oxigraph --only hubs chain
    python benchmarks/bench_queries.py --markdown       # the table for docs/performance.md

The release is built first if it is missing or stale (into ``build/``, or ``$KG_BENCH_BUILD``),
so the cold figures measure the normal case: reading the current release.
Targets (docs/performance.md): under 0.5 s cold and 20 ms warm for every query, default engine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENGINES = ("oxigraph", "rdflib")


def _project():
    from kg.config import Project

    build = os.environ.get("KG_BENCH_BUILD")
    return Project(REPO / "data", Path(build) if build else None)


def cold(name: str, engine: str, repeat: int, project) -> float:
    """Median seconds of a whole ``kg query`` process."""
    command = [sys.executable, "-m", "kg", "--data", str(project.data_dir), "--build-dir",
               str(project.build_dir), "-q", "query", name, "--engine", engine]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        samples.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):  # 1 is an ASK answered "no"
            raise SystemExit(f"`{' '.join(command)}` failed:\n{done.stderr}")
    return statistics.median(samples)


def warm(name: str, engine: str, repeat: int, project) -> float:
    """Median seconds of ``kg.query`` in a process whose engine is already loaded."""
    import kg

    kg.query(name, project, engine=engine)  # warm-up: loads the engine, labels, resolver
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        kg.query(name, project, engine=engine)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def baseline(repeat: int) -> float:
    """Median seconds of a bare interpreter (``python -c pass``), for reference."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these named queries only")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)

    import kg
    from kg.query import library

    project = _project()
    kg.load(project)  # build the release if missing or stale, so cold runs only read it
    names = [q.name for q in library(project) if not args.only or q.name in args.only]
    rows = []
    for index, name in enumerate(names, start=1):
        print(f"\r{index}/{len(names)} {name:30}", end="", file=sys.stderr, flush=True)
        figures = {}
        for engine in args.engines:
            figures[engine] = (cold(name, engine, args.repeat, project),
                               warm(name, engine, args.repeat, project))
        rows.append((name, figures))
    print("\r" + " " * 40 + "\r", end="", file=sys.stderr)

    header = ["query"] + [f"{e} {kind}" for e in args.engines for kind in ("cold", "warm")]
    table = [[name] + [f"{c:.2f} s" if kind == "cold" else f"{w * 1000:.1f} ms"
                       for e in args.engines for c, w in [figures[e]]
                       for kind in ("cold", "warm")]
             for name, figures in rows]
    summary = []
    for label, pick in (("median", statistics.median), ("slowest", max)):
        line = [f"*{label}*"]
        for e in args.engines:
            line += [f"{pick(f[e][0] for _, f in rows):.2f} s",
                     f"{pick(f[e][1] for _, f in rows) * 1000:.1f} ms"]
        summary.append(line)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, median of "
          f"{args.repeat}; bare interpreter start {baseline(args.repeat):.3f} s")
    _print(header, table + summary, args.markdown)
    return 0


def _print(header: list[str], rows: list[list[str]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for k, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))
        if k == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    sys.exit(main())
