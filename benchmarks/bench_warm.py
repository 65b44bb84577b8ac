"""The warm Python API against raw pyoxigraph, per named question (``bench_warm.py``).

A notebook that asks a hundred questions pays the per-call cost of ``kg.query(name)`` a hundred
times, so that cost should be the query's, not ours. For each named question this times, in one
process and interleaved (so a slow spell of the machine hits both alike):

  raw      pyoxigraph ``Store.query`` of the exact text kg sends (parameters already bound), on
           a store loaded from the same release file, reading every value of every row;
  api      ``kg.query(NAME)`` with no project given (a notebook's call: default dataset,
           default parameters);
  project  ``kg.query(NAME, project)`` with a Project made once.

Each figure is the median of ``--repeat`` calls after ``--warmup`` unrecorded ones. Target
(issue 20): api and project within 1.5x of raw for every named question.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def bound_text(name: str, project) -> tuple[str, object]:
    """The SPARQL text kg's default engine runs for ``name`` with its default parameters."""
    from kg.query import load_named, sparql
    from kg.query.engines import ParamResolver, get_engine

    engine = get_engine(project)
    named = load_named(name, project)
    bindings = ParamResolver(engine, project).bindings(named, {})
    text = named.text_for(engine.dialects)
    if bindings:
        text = sparql.inject_values(text, {k: t.sparql() for k, t in bindings.items()})
    return text, engine


def _raw(store, text: str) -> None:
    import pyoxigraph as ox

    answer = store.query(text)
    if isinstance(answer, ox.QuerySolutions):
        for solution in answer:
            for value in solution:
                if value is not None:
                    value.value  # noqa: B018 - read every value, as kg does
    elif not isinstance(answer, ox.QueryBoolean):
        for triple in answer:
            triple.object.value  # noqa: B018


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--repeat", type=int, default=200, help="timed calls each (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="unrecorded calls first")
    parser.add_argument("--only", nargs="+", help="only these named questions")
    args = parser.parse_args(argv)

    import pyoxigraph as ox

    import kg
    from kg.config import Project
    from kg.query import names

    project = Project()
    kg.load(project)  # build the release if needed, outside the timings
    store = None
    print(f"{'question':<26} {'raw ms':>8} {'api ms':>8} {'x raw':>6} {'project':>8} {'x raw':>6}")
    worst = 0.0
    for name in args.only or names(project):
        text, engine = bound_text(name, project)
        if store is None:
            store = ox.Store()
            store.bulk_load(path=str(engine.source), format=ox.RdfFormat.N_TRIPLES)
        calls = {
            "raw": lambda t=text, s=store: _raw(s, t),
            "api": lambda n=name: kg.query(n),
            "project": lambda n=name: kg.query(n, project),
        }
        samples: dict[str, list[float]] = {k: [] for k in calls}
        for i in range(args.warmup + args.repeat):
            for key, call in calls.items():  # interleaved
                start = time.perf_counter()
                call()
                if i >= args.warmup:
                    samples[key].append(time.perf_counter() - start)
        med = {k: statistics.median(v) * 1000 for k, v in samples.items()}
        ra, rp = med["api"] / med["raw"], med["project"] / med["raw"]
        worst = max(worst, ra, rp)
        print(f"{name:<26} {med['raw']:>8.3f} {med['api']:>8.3f} {ra:>5.2f}x "
              f"{med['project']:>8.3f} {rp:>5.2f}x", flush=True)
    print(f"worst ratio to raw: {worst:.2f}x (target 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
