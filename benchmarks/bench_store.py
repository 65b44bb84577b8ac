"""Scale benchmark: every named query at ~10k, 100k and 1M triples, per engine.

    python benchmarks/bench_store.py                       # 10k, 100k, 1m; all engines
    python benchmarks/bench_store.py --sizes 10k --repeat 3 --out /tmp/b.md

Graphs come from ``benchmarks/synth.py`` (shaped like ours; cached in ``build/bench/``). Each
(size, engine) runs in its own child process, so its peak memory (``ru_maxrss``) is its own:

``store``     our path on a persistent store: ``kg load`` (bulk load into RocksDB), then
              :func:`kg.store.store_engine` (what ``kg query --store DIR`` uses): parameters
              resolved by exact ``kgv:key`` lookups, bound by VALUES, results converted.
``oxigraph``  our path in memory: the oxigraph engine of ``kg query`` loaded from the file.
``rdflib``    our path on rdflib (only up to ``--rdflib-max``, 10k; a query over ``--cap`` seconds
              is stopped and shown as ``>cap``).
``raw``       the floor, measured in the same process on the same store, its runs
              interleaved with ours (so machine noise hits both alike): pyoxigraph running the
              same query text with the same IRIs already bound, every value of every row read.

Per query: one warm-up run, then the median of ``--repeat`` runs, in milliseconds. "load" is
the time to parse/load the file (for ``store``: the persistent bulk load, plus the open);
"peak MB" the child's peak resident memory. Progress goes to stderr, the tables to stdout
(and ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

ENGINES = ("store", "oxigraph", "rdflib")
TARGET_CONCEPT_MS = 100.0
TARGET_AGGREGATE_MS = 1000.0
TARGET_RATIO = 1.5


# ====================================================================== the child

def _project():
    from kg.config import Project

    build = Path(os.environ.get("KG_BENCH_BUILD", REPO / "build"))
    return Project(REPO / "data", build)


def _engine(kind: str, path: Path, project, scratch: Path):
    """(engine, load seconds) for ``kind`` over the N-Triples file ``path``."""
    from kg.query.engines import OxigraphEngine, RdflibEngine

    started = time.perf_counter()
    if kind == "store":
        from kg.store import load_store, store_engine

        load_store(scratch / "store", [path], lenient=True)
        engine = store_engine(scratch / "store", project)
    elif kind == "oxigraph":
        engine = OxigraphEngine(project, source=path)
    else:
        engine = RdflibEngine(project, source=path)
    return engine, time.perf_counter() - started


class _Cap(BaseException):  # not Exception: the engines wrap those
    pass


def child(kind: str, path: Path, repeat: int, cap: float, only: list[str]) -> None:
    from kg.query import sparql
    from kg.query.engines import ParamResolver
    from kg.query.library import library

    project = _project()
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        engine, load_seconds = _engine(kind, path, project, scratch)
        queries = [q for q in library(project) if not only or q.name in only]
        timings: dict[str, float | str] = {}
        resolver = ParamResolver(engine, project)

        def ours(named):
            # the text kg query sends this engine (rdflib has variants of its own)
            engine.execute(named.text_for(engine.dialects), resolver.bindings(named, {}))

        def raw(named, text):
            answer = engine.store.query(text)
            if hasattr(answer, "__iter__"):  # read every value, as any consumer does
                for solution in answer:
                    for term in solution:
                        if term is not None:
                            term.value  # noqa: B018 - reading it is the point

        def on_alarm(signum, frame):
            raise _Cap()

        signal.signal(signal.SIGALRM, on_alarm)
        floors: dict[str, float | str] = {}
        for index, named in enumerate(queries, start=1):
            print(f"\r  {kind:9} {path.name}: {index}/{len(queries)} {named.name:28}",
                  end="", file=sys.stderr, flush=True)
            runners = {"ours": lambda named=named: ours(named)}
            if kind != "rdflib":  # the floor, interleaved with ours on the same store
                bound = resolver.bindings(named, {})
                text = sparql.inject_values(named.text_for(engine.dialects),
                                            {k: t.sparql() for k, t in bound.items()})
                runners["raw"] = lambda named=named, text=text: raw(named, text)
            samples: dict[str, list[float]] = {key: [] for key in runners}
            try:
                for attempt in range(repeat + 1):
                    for key, run in runners.items():
                        signal.setitimer(signal.ITIMER_REAL, cap)
                        started = time.perf_counter()
                        run()
                        elapsed = time.perf_counter() - started
                        signal.setitimer(signal.ITIMER_REAL, 0)
                        if attempt or elapsed * (repeat + 1) > 4 * cap:
                            samples[key].append(elapsed)  # the first run warms caches
                    if sum(samples["ours"]) > 4 * cap:
                        break
                timings[named.name] = statistics.median(samples["ours"]) * 1000
                if "raw" in samples:
                    floors[named.name] = statistics.median(samples["raw"]) * 1000
            except _Cap:
                timings[named.name] = f">{cap:g} s"
                if "raw" in runners:
                    floors.setdefault(named.name, f">{cap:g} s")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        print(file=sys.stderr)
        triples = len(engine.store) if hasattr(engine, "store") else len(engine.graph)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"engine": kind, "triples": triples, "load_s": load_seconds,
                          "peak_mb": peak_mb, "queries": timings, "raw": floors,
                          # "about a concept or pair": a query with a concept parameter
                          "params": {q.name: any(p.kind == "concept" for p in q.params)
                                     for q in queries}}))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ====================================================================== the parent

def measure(kind: str, path: Path, repeat: int, cap: float, only: list[str]) -> dict:
    command = [sys.executable, __file__, "--child", kind, str(path), "--repeat", str(repeat),
               "--cap", str(cap)] + (["--only", ",".join(only)] if only else [])
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} on {path.name} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(value: float | str) -> str:
    if isinstance(value, str):
        return value
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def table(size: str, results: list[dict]) -> str:
    by = {r["engine"]: r for r in results}
    first = results[0]
    columns: list[tuple[str, str, str]] = []  # (title, engine, key)
    for engine in by:
        columns.append((engine, engine, "queries"))
        if by[engine].get("raw"):
            columns.append((f"raw ({engine})", engine, "raw"))
    ratios = [e for e in by if by[e].get("raw")]
    head = [c[0] for c in columns] + [f"{e}/raw" for e in ratios]
    lines = [f"### {first['triples']:,} triples ({size})", "",
             "| | " + " | ".join(head) + " |", "|---|" + "---:|" * len(head)]

    def row(title: str, cell) -> str:
        cells = [cell(engine, key) for _, engine, key in columns]
        return f"| {title} | " + " | ".join(cells) + " |" + " |" * len(ratios)

    lines.append(row("load (s)", lambda e, k: f"{by[e]['load_s']:.2f}" if k == "queries"
                     else ""))
    lines.append(row("peak memory (MB)", lambda e, k: f"{by[e]['peak_mb']:.0f}"
                     if k == "queries" else ""))
    for name in first["queries"]:
        kind = "concept" if first["params"].get(name) else "graph"
        cells = [_ms(by[e][k].get(name, "-")) for _, e, k in columns]
        for e in ratios:
            x, y = by[e]["queries"].get(name), by[e]["raw"].get(name)
            cells.append(f"{x / y:.2f}×" if isinstance(x, float) and isinstance(y, float) and y
                         else "")
        lines.append(f"| `{name}` ({kind}) ms | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def verdict(results: list[dict]) -> list[str]:
    """The issue's targets at this size, for the oxigraph paths (store and in memory)."""
    by = {r["engine"]: r for r in results}
    notes = []
    for engine, where in (("oxigraph", "in memory"), ("store", "on the store")):
        found = by.get(engine)
        if found is None:
            continue
        raw = found.get("raw", {})
        for name, value in found["queries"].items():
            limit = TARGET_CONCEPT_MS if found["params"].get(name) else TARGET_AGGREGATE_MS
            if not isinstance(value, float) or value > limit:
                notes.append(f"- `{name}` {where}: {_ms(value)} ms > target {limit:g} ms")
            floor = raw.get(name)
            if isinstance(value, float) and isinstance(floor, float) and floor > 1.0 and \
                    value > TARGET_RATIO * floor:
                notes.append(f"- `{name}` {where}: {value / floor:.2f}× raw pyoxigraph "
                             f"(target ≤ {TARGET_RATIO}×)")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cap", type=float, default=10.0,
                        help="seconds after which one query run is stopped (rdflib)")
    parser.add_argument("--rdflib-max", default="10k",
                        help="largest size rdflib is run at (it takes minutes beyond)")
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument("--out", type=Path, help="also write the tables here (markdown)")
    parser.add_argument("--json-out", type=Path, help="also write the measurements (JSON)")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    only = [n for n in args.only.split(",") if n]
    if args.child:
        child(args.child[0], Path(args.child[1]), args.repeat, args.cap, only)
        return 0

    import synth

    bench_dir = Path(os.environ.get("KG_BENCH_BUILD", REPO / "build")) / "bench"
    rdflib_max = synth.size(args.rdflib_max)
    measurements: dict[str, list[dict]] = {}
    out = [f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs, Python "
           f"{sys.version.split()[0]}; median of {args.repeat} runs after one warm-up.\n"]
    for size in [s for s in args.sizes.split(",") if s]:
        triples = synth.size(size)
        print(f"{size}: generating ~{triples:,} triples", file=sys.stderr)
        path = synth.ensure(triples, bench_dir, nt_path=synth.release_nt(
            build_dir=Path(os.environ["KG_BENCH_BUILD"]) if "KG_BENCH_BUILD" in os.environ
            else None))
        results = []
        for kind in [e for e in args.engines.split(",") if e]:
            if kind == "rdflib" and triples > rdflib_max:
                continue
            results.append(measure(kind, path, args.repeat, args.cap, only))
        measurements[size] = results
        if args.json_out:
            args.json_out.write_text(json.dumps(measurements, indent=1), encoding="utf-8")
        text = table(size, results)
        notes = verdict(results)
        if notes:
            text += "\nMisses against the targets:\n" + "\n".join(notes) + "\n"
        print(text, flush=True)
        out.append(text)
    if args.out:
        args.out.write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
