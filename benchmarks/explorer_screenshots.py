"""Screenshots of every panel of the explorer page: ``python benchmarks/explorer_screenshots.py``.

Each panel (Find, a concept, the article, a question with its answer, SPARQL with a result,
Follow, the presentation mode) at 1280×720 and 1024×768 — the sizes of a classroom projector —
opened from disk in Debian's Chromium (playwright; every request that is not file:, blob: or
data: blocked and counted). Writes ``build/screenshots/explorer/<panel>-<W>x<H>.png``; with
``--readme`` also ``docs/explorer.png`` (Find at 1280×720, "posture": the picture the README and
docs/explorer.md show). Fails when a page error, console error or outside request happened.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "screenshots" / "explorer"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
#: panel -> (fragment, what to wait for, an action before the picture or None)
VIEWS = {
    "find": ("#find?q=posture", "#find-sentences li", None),
    "find-typo": ("#find?q=osteoarthritis%20of%20the%20hipp", "#find-hint", None),
    "concept": ("#concept?id=femoroacetabular-impingement", "#concept-card h2", None),
    "article": ("#article?s=15", "#article-text .s", None),
    "questions": ("#questions?name=treatments-for", "#question-results[data-done]", None),
    "sparql": ("#sparql?example=hubs", ".CodeMirror", "run"),
    "follow": ("#follow?from=femoroacetabular%20impingement&to=low%20back%20pain",
               "#follow-chains .chain", None),
    "follow-treatment": ("#follow?from=physical%20therapy&to=low%20back%20pain",
                         "#follow-chains .answer-line", None),
    "present": ("#follow?from=cartilage%20wear&to=low%20back%20pain&present=2",
                "#presentation:not([hidden]) .big", None),
}
SIZES = [(1280, 720), (1024, 768)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", type=Path, default=REPO / "build" / "html" / "explorer.html")
    parser.add_argument("--readme", action="store_true", help="also write docs/explorer.png")
    parser.add_argument("views", nargs="*", help="only these panels")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, (fragment, selector, action) in VIEWS.items():
            if args.views and name not in args.views:
                continue
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.on("pageerror", lambda e, name=name: problems.append(f"{name}: {e}"))
                page.on("console", lambda m, name=name: m.type == "error" and problems.append(
                    f"{name}: {m.text}"))
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                    ("file:", "blob:", "data:")) else (problems.append(
                        f"outside request {r.request.url}"), r.abort()))
                page.goto(args.page.as_uri() + fragment)
                page.wait_for_selector(selector, state="attached", timeout=30_000)
                if action == "run":
                    page.click("#sparql-run")
                    page.wait_for_selector("#sparql-results table.rows", timeout=30_000)
                page.wait_for_timeout(300)  # fonts and the last layout
                path = OUT / f"{name}-{width}x{height}.png"
                page.screenshot(path=str(path))
                if args.readme and name == "find" and width == 1280:
                    page.screenshot(path=str(REPO / "docs" / "explorer.png"))
                print(path.relative_to(REPO))
                page.close()
        browser.close()
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
