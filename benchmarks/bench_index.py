"""The causal reachability index (kg.query.reach): its cost and what it saves, at any size.

    python benchmarks/bench_index.py                  # 1m, in memory
    python benchmarks/bench_index.py --size 100k --repeat 9

Loads the synthetic graph (``benchmarks/synth.py``, cached in ``build/bench/``) into an
in-memory oxigraph engine the way ``kg query`` does (the index is derived as it loads), then,
for every named question with a ``queries/indexed/`` text, runs the standard text and the
indexed text with the same bound parameters, interleaved (so machine noise hits both alike),
and prints the medians in milliseconds, their ratio, and whether the answers are equal as sets.
Also: the load time with and without the index, and the number of derived triples.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def _answer(result):
    return result.boolean if result.form == "ASK" else set(result.rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    import pyoxigraph as ox
    import synth

    from kg.config import Project
    from kg.query import reach
    from kg.query.engines import OxigraphEngine, ParamResolver
    from kg.query.library import library

    project = Project(REPO / "data", REPO / "build")
    path = synth.ensure(synth.size(args.size), REPO / "build" / "bench",
                        nt_path=synth.release_nt())
    started = time.perf_counter()
    plain = ox.Store()
    plain.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    plain_load = time.perf_counter() - started
    started = time.perf_counter()
    derived = reach.add_to_oxigraph(plain)
    index_seconds = time.perf_counter() - started
    stated = len(plain) - derived
    del plain
    engine = OxigraphEngine(project, source=path)
    resolver = ParamResolver(engine, project)
    print(f"{path.name}: {stated:,} stated triples, load {plain_load:.2f} s; index: "
          f"{derived:,} derived triples in {index_seconds:.2f} s\n")
    print("| question | standard ms | indexed ms | indexed/standard | same answers |")
    print("|---|---:|---:|---:|---|")
    for named in library(project):
        if "indexed" not in named.variants:
            continue
        bindings = resolver.bindings(named, {})
        texts = {"standard": named.text, "indexed": named.variants["indexed"].text}
        samples: dict[str, list[float]] = {k: [] for k in texts}
        answers = {}
        for attempt in range(args.repeat + 1):
            for key, text in texts.items():
                begun = time.perf_counter()
                result = engine.execute(text, bindings)
                if attempt:  # the first run warms caches
                    samples[key].append(time.perf_counter() - begun)
                answers[key] = _answer(result)
        standard, indexed = (statistics.median(samples[k]) * 1000 for k in texts)
        same = "yes" if answers["standard"] == answers["indexed"] else "NO"
        print(f"| `{named.name}` | {standard:.1f} | {indexed:.1f} | "
              f"{indexed / standard:.2f}× | {same} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
