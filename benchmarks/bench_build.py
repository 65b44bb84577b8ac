"""How the build grows with a course: ``python benchmarks/bench_build.py --articles 10 100``.

For each size, writes a curated-style dataset with ``synth_curated.py`` (N articles, ~125
relations each) and times, in one fresh process per size (so imports and caches of one size do
not help the next), the phases ``kg build`` runs:

  read     kg.build.read_inputs      YAML, sources, vocabulary; quotes found in their sentences
  graph    graph_from_inputs         the RDF graph
  shacl    kg.validate.check_shacl   SHACL shapes (kg.validate_shacl; with --compare-pyshacl
                                     also by pyshacl, the engine it replaced)
  checks   the other integrity checks of kg.validate (vocabulary, grounding, names, quotes)
  release  write_release             Turtle, JSON-LD, sorted N-Triples, manifest
  pages    the post-build steps       metagraph SVG and the interactive page

plus the peak resident memory of that process. Each size prints two rows: wall-clock seconds,
then CPU seconds of the process (``time.process_time``), which a shared, loaded machine does not
inflate; each phase is also printed on stderr as it ends. Figures go in docs/performance.md
("How the build grows").
Targets (issue 20): 100 articles built and validated <= 30 s with near-linear growth; 1,000
articles <= 5 min, or a documented way to validate only what changed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def measure(data_dir: Path, build_dir: Path, pages: bool = True,
            compare: bool = False) -> dict[str, float]:
    """Time each phase of a build of ``data_dir`` in this process; return seconds per phase."""
    import argparse as _argparse

    import kg.validate as validation
    from kg.build import graph_from_inputs, read_inputs, write_release
    from kg.cli.build import POST_BUILD_STEPS, _step
    from kg.config import Project

    project = Project(data_dir, build_dir)
    times: dict[str, float] = {}

    def phase(name: str, start: tuple[float, float]) -> None:
        """Record wall and CPU seconds since ``start`` (CPU: the machine may be shared)."""
        times[name] = time.perf_counter() - start[0]
        times["cpu_" + name] = time.process_time() - start[1]
        print(f"    {name}{' (SHACL in it)' if name == 'checks' else ''}: {times[name]:.2f}s, "
              f"cpu {times['cpu_' + name]:.2f}s",
              file=sys.__stderr__, flush=True)  # progress: a large course takes minutes

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    t = now()
    inputs = read_inputs(project)
    phase("read", t)
    t = now()
    graph = graph_from_inputs(inputs)
    phase("graph", t)
    shacl = validation.check_shacl

    def timed_shacl(*a, **k):  # time SHACL inside validate() rather than run it twice
        start = now()
        try:
            return shacl(*a, **k)
        finally:
            phase("shacl", start)

    validation.check_shacl = timed_shacl
    t = now()
    report = validation.validate(graph, project,
                                 shacl_cache=validation.shacl_cache_dir(project))
    phase("checks", t)
    for key in ("checks", "cpu_checks"):
        times[key] = max(0.0, times[key] - times.get(key.replace("checks", "shacl"), 0.0))
    times["conforms"] = float(report.conforms)
    validation.check_shacl = shacl
    if compare:  # the same check by pyshacl (whole graph, no cache): what it replaced
        t = now()
        validation.check_shacl(graph, validation.shapes_path(project), validation.Names(graph),
                               engine="pyshacl")
        phase("pyshacl", t)
    t = now()
    write_release(graph, project)
    phase("release", t)
    if pages:
        args = _argparse.Namespace(quiet=True, verbose=False, project=project)
        t = now()
        for _title, target in POST_BUILD_STEPS:
            _step(target)(args, project, graph)
        phase("pages", t)
    times["triples"] = float(len(graph))
    times["relations"] = float(len(inputs.curation.relations))
    times["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return times


def _child(data_dir: str, build_dir: str, pages: bool, compare: bool) -> None:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        times = measure(Path(data_dir), Path(build_dir), pages, compare)
    print(json.dumps(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--articles", type=int, nargs="+", default=[10, 100],
                        help="dataset sizes in articles (default: 10 100)")
    parser.add_argument("--no-pages", action="store_true", help="skip the metagraph and the page")
    parser.add_argument("--compare-pyshacl", action="store_true",
                        help="also time the SHACL check by pyshacl (the engine it replaced)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child, not args.no_pages, args.compare_pyshacl)
        return 0

    from synth_curated import generate

    phases = ["read", "graph", "shacl", "checks", "release", "pages"]
    print(f"{'articles':>8} {'relations':>9} {'triples':>9} "
          + " ".join(f"{p:>8}" for p in phases) + f" {'total':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as tmp:
        for n in args.articles:
            data, build = Path(tmp) / f"data{n}", Path(tmp) / f"build{n}"
            print(f"  generating {n} articles ...", file=sys.stderr, flush=True)
            generate(data, n)
            print(f"  building {n} articles ...", file=sys.stderr, flush=True)
            cmd = [sys.executable, __file__, "--child", str(data), str(build)]
            cmd += ["--no-pages"] * args.no_pages + ["--compare-pyshacl"] * args.compare_pyshacl
            out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)  # progress on stderr
            if out.returncode:
                return 1
            t = json.loads(out.stdout.strip().splitlines()[-1])
            total = sum(t.get(p, 0.0) for p in phases)
            ok = "" if t["conforms"] else "  (not valid!)"
            if "pyshacl" in t:
                ok += f"  [SHACL by pyshacl: {t['pyshacl']:.2f}s, cpu {t['cpu_pyshacl']:.2f}s]"
            cpu = sum(t.get("cpu_" + p, 0.0) for p in phases)
            print(f"{n:>8} {int(t['relations']):>9} {int(t['triples']):>9} "
                  + " ".join(f"{t.get(p, 0.0):>7.2f}s" for p in phases)
                  + f" {total:>7.2f}s {t['peak_mb']:>8.0f}{ok}", flush=True)
            print(f"{'cpu':>8} {'':>9} {'':>9} "
                  + " ".join(f"{t.get('cpu_' + p, 0.0):>7.2f}s" for p in phases)
                  + f" {cpu:>7.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
