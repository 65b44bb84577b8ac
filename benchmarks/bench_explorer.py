"""How fast the explorer page is in headless Chromium (Debian's, via playwright), from file://.

Prints: the file size; time from navigation to interactive (the page's ``kg-interactive``
mark: data parsed, panels routed); the engine's ready time (WebAssembly decompressed,
compiled and instantiated, the graph loaded, measured in the worker) and from the engine's
start (a big graph's engine starts only when a panel needs it: here it is asked to start once
the page is interactive); search as you type (each prefix of a concept's name rendered as the
Find box renders it: the longest task a keystroke keeps the page's thread busy, the time until
its results are drawn, then until its "did you mean" is); and each named question's median
time in the page over ``--runs`` runs (its defaults). Medians of ``--loads`` page loads.

    python benchmarks/bench_explorer.py [--page build/html/explorer.html] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", type=Path, default=REPO / "build" / "html" / "explorer.html")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--loads", type=int, default=3, help="page loads (median)")
    parser.add_argument("--word", help="what to type in Find (default: the first concept)")
    parser.add_argument("--no-questions", action="store_true",
                        help="skip the named questions (a synthetic dataset's defaults)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print(f"file size: {args.page.stat().st_size / 1e6:.2f} MB")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        loads = []
        for _ in range(args.loads):
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("file:", "blob:", "data:")) else r.abort())
            page.goto(args.page.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
            loads.append(page.evaluate(
                "KG.engine.ensure().then(() => ({interactive: performance.getEntriesByName("
                "'kg-interactive')[0].startTime, engine: KG.engine.readyMs, "
                "fromStart: performance.now() - KG.engine.startedAt, lazy: "
                "KG.data.engine_start !== 'eager'}))"))
            if len(loads) < args.loads:
                page.close()
        print(f"interactive from navigation: median "
              f"{statistics.median(x['interactive'] for x in loads):.0f} ms")
        print(f"engine ready (in the worker): median "
              f"{statistics.median(x['engine'] for x in loads):.0f} ms; from its start "
              f"{statistics.median(x['fromStart'] for x in loads):.0f} ms "
              f"({'lazy: started when asked' if loads[0]['lazy'] else 'started at load'})")
        word = args.word or page.evaluate("KG.data.concepts[0].label")
        typed = page.evaluate(f"""(async () => {{
            /* each prefix as the Find box renders it: the search and then the "did you mean"
               (asked at once here, not after the pause), both in slices (KG.slices); per
               keystroke the longest slice (what the keyboard can wait for), the time until
               its results are drawn and until its hint is */
            const word = {json.dumps(word)}, hint = KG.$("#find-hint"), out = [];
            const until = (f) => new Promise((ok) => {{
                const t = () => f() ? ok() : setTimeout(t, 0); t(); }});
            for (let i = 1; i <= word.length; i++) {{
                const text = word.slice(0, i);
                KG.slices.longest = 0;
                const t0 = performance.now();
                KG.panels.find.render(text, true);
                const sync = performance.now() - t0;
                await until(() => hint.dataset.shown === text);
                const shown = performance.now() - t0;
                await until(() => hint.dataset.done === text);
                out.push({{sync, shown, hint: performance.now() - t0 - shown,
                          longest: Math.max(KG.slices.longest, sync)}});
            }}
            return out;
        }})()""")
        med = lambda key: statistics.median(x[key] for x in typed)  # noqa: E731
        top = lambda key: max(x[key] for x in typed)  # noqa: E731
        print(f"search as you type {word!r} ({len(typed)} keystrokes), longest task a keystroke "
              f"leaves the page busy: median {med('longest'):.1f} ms, max {top('longest'):.1f} ms")
        print(f"  results drawn: median {med('shown'):.1f} ms, max {top('shown'):.1f} ms; "
              f"'did you mean' after them: median {med('hint'):.1f} ms, max {top('hint'):.1f} ms")
        names = page.evaluate("KG.data.questions.map(q => q.name)")
        if not args.no_questions:
            print(f"named questions, median of {args.runs} runs in the page:")
        for name in [] if args.no_questions else names:
            times = page.evaluate(f"""(async () => {{
                const q = KG.data.questions.find(x => x.name === {json.dumps(name)});
                const terms = Object.fromEntries(
                    q.params.map(p => [p.name, KG.iriTerm(p.default_iri)]));
                const text = KG.fill(q, terms), out = [];
                for (let i = 0; i < {args.runs}; i++) {{
                    const t0 = performance.now();
                    await KG.engine.query(text);
                    out.push(performance.now() - t0);
                }}
                return out;
            }})()""")
            print(f"  {name:<24} {statistics.median(times):7.1f} ms")
        browser.close()


if __name__ == "__main__":
    main()
