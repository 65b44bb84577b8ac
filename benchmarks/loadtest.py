"""Bounded load test of ``kg serve``: N concurrent clients for T seconds over the named queries.

    python benchmarks/loadtest.py                      # 8 clients, 30 s, a fresh `kg serve`
    python benchmarks/loadtest.py --store build/store  # serve a `kg load` store
    python benchmarks/loadtest.py --files big.nt       # serve these files, parsed into memory
    python benchmarks/loadtest.py --url http://127.0.0.1:8000   # an endpoint already running
    python benchmarks/loadtest.py --runaway 2          # mixed: one client sends runaway SPARQL

Without ``--url`` it starts ``kg serve --port 0`` on 127.0.0.1 in a child process (so the
server and the clients do not share an interpreter), waits until it listens, and stops it at
the end. Each client thread keeps one HTTP/1.1 connection and cycles through every named
query (``GET /queries/NAME`` with the default parameters, SPARQL JSON / Turtle), starting at
its own offset. Any answer other than 200, or a connection error, counts as an error.

With ``--runaway N`` one more client sends a query that cannot finish (a three-way cross
product) over N connections at once, again and again, for the whole run: enough to hold every
SPARQL worker of the server. Its answers (503 at the server's time limit) are counted apart;
the figures that matter are those of the named questions meanwhile (target: 0 errors, p99
under 100 ms, which the worker ``kg serve`` keeps for named questions is there for).

Prints requests, errors, throughput and latency percentiles (overall and per query); exits 1
if there was any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen, str, Path]:
    log = Path(tempfile.mkstemp(prefix="kg-loadtest-", suffix=".log")[1])
    command = [sys.executable, "-m", "kg"]
    if args.build_dir:
        command += ["--build-dir", str(args.build_dir)]
    command += ["serve", "--port", "0", "--workers", str(args.workers),
                "--timeout", str(args.timeout)]
    if args.store:
        command += ["--store", str(args.store)]
    command += [str(path) for path in args.files]
    handle = log.open("w")
    process = subprocess.Popen(command, stdout=handle, stderr=handle, cwd=REPO,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = log.read_text()
        found = re.search(r"serving .*?(http://[\w.\[\]:-]+)/sparql", text)
        if found:
            return process, found.group(1), log
        if process.poll() is not None:
            raise SystemExit(f"kg serve stopped:\n{text}")
        time.sleep(0.1)
    process.kill()
    raise SystemExit("kg serve did not start within 120 s")


def targets(base: str) -> list[tuple[str, str, str]]:
    """(name, path, accept) for every named query of the server."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", "/queries")
    listed = json.loads(conn.getresponse().read())
    conn.close()
    result = []
    for entry in listed:
        path = f"/queries/{urllib.parse.quote(entry['name'])}"
        result.append((entry["name"], path, "application/sparql-results+json, text/turtle;q=0.9"))
    return result


def client(base: str, work: list[tuple[str, str, str]], offset: int, stop_at: float,
           records: list[tuple[str, float, bool]], errors: list[str]) -> None:
    parts = urllib.parse.urlsplit(base)
    conn = None
    i = offset
    while time.monotonic() < stop_at:
        name, path, accept = work[i % len(work)]
        i += 1
        started = time.perf_counter()
        ok = False
        try:
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            conn.request("GET", path, headers={"Accept": accept})
            response = conn.getresponse()
            body = response.read()
            ok = response.status == 200
            if not ok:
                errors.append(f"{name}: {response.status} {body[:200]!r}")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
            if conn is not None:
                conn.close()
            conn = None
        records.append((name, time.perf_counter() - started, ok))
    if conn is not None:
        conn.close()


def runaway(base: str, stop_at: float, statuses: list[int]) -> None:
    """One connection of the runaway client: the same hopeless query until the end."""
    parts = urllib.parse.urlsplit(base)
    body = urllib.parse.urlencode({"query": RUNAWAY})
    while time.monotonic() < stop_at:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        try:
            conn.request("POST", "/sparql", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
        except (OSError, http.client.HTTPException):
            statuses.append(0)
        finally:
            conn.close()


def run(base: str, clients: int, duration: float, progress: bool = True,
        runaway_connections: int = 0) -> dict:
    work = targets(base)
    records: list[tuple[str, float, bool]] = []
    errors: list[str] = []
    runaway_statuses: list[int] = []
    started = time.monotonic()
    stop_at = started + duration
    for _ in range(runaway_connections):  # not waited for: they stop at the server's limit
        threading.Thread(target=runaway, args=(base, stop_at, runaway_statuses),
                         daemon=True).start()
    if runaway_connections:
        time.sleep(0.5)  # the runaway queries hold the workers before the clients start
    threads = [threading.Thread(target=client, args=(base, work, k * len(work) // clients,
                                                     stop_at, records, errors), daemon=True)
               for k in range(clients)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        if progress:
            elapsed = min(time.monotonic() - started, duration)
            print(f"\r  {elapsed:5.1f}/{duration:g} s  {len(records):6d} requests  "
                  f"{len(errors)} errors", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    wall = time.monotonic() - started
    latencies = [seconds * 1000 for _, seconds, _ in records]
    per_query = {}
    for name, _, _ in work:
        mine = [s * 1000 for n, s, _ in records if n == name]
        per_query[name] = {"requests": len(mine),
                           "p50_ms": percentile(mine, 50), "p99_ms": percentile(mine, 99)}
    return {"clients": clients, "duration_s": wall, "requests": len(records),
            "errors": len(errors), "error_samples": errors[:10],
            "throughput_rps": len(records) / wall if wall else 0.0,
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99), "max_ms": max(latencies, default=float("nan")),
            "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
            "queries": per_query, "runaway_connections": runaway_connections,
            "runaway_answers": {str(code): runaway_statuses.count(code)
                                for code in sorted(set(runaway_statuses))}}


def report(result: dict) -> str:
    lines = [f"{result['clients']} clients for {result['duration_s']:.1f} s: "
             f"{result['requests']} requests, {result['errors']} errors, "
             f"{result['throughput_rps']:.1f} requests/s; latency p50 "
             f"{result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, p99 "
             f"{result['p99_ms']:.1f} ms, max {result['max_ms']:.1f} ms", *(
                 [f"meanwhile a runaway client on {result['runaway_connections']} connections "
                  f"got: " + (", ".join(f"{n} x {code}" for code, n in
                                        result["runaway_answers"].items()) or "no answer yet")]
                 if result.get("runaway_connections") else []), "",
             "| query | requests | p50 ms | p99 ms |", "|---|---:|---:|---:|"]
    for name, q in result["queries"].items():
        lines.append(f"| `{name}` | {q['requests']} | {q['p50_ms']:.1f} | {q['p99_ms']:.1f} |")
    for sample in result["error_samples"]:
        lines.append(f"error: {sample}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an endpoint server already running (base URL)")
    parser.add_argument("--store", type=Path, help="serve this `kg load` store")
    parser.add_argument("--files", type=Path, nargs="+", default=[],
                        help="serve these RDF files, parsed into memory at start")
    parser.add_argument("--build-dir", type=Path, help="kg --build-dir for the server")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2, help="server query workers")
    parser.add_argument("--timeout", type=float, default=10.0, help="server query timeout")
    parser.add_argument("--runaway", type=int, default=0, metavar="N",
                        help="add a client sending runaway SPARQL over N connections")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    process = None
    log = None
    try:
        if args.url:
            base = args.url.rstrip("/").removesuffix("/sparql")
        else:
            process, base, log = start_server(args)
        print(f"load test of {base}: {args.clients} clients, {args.duration:g} s",
              file=sys.stderr)
        result = run(base, args.clients, args.duration, runaway_connections=args.runaway)
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if log is not None:
            log.unlink(missing_ok=True)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
