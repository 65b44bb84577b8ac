"""Screenshots of the graph page for docs/pictures/: ``python benchmarks/screenshots.py``.

The whole graph (also as its overview by type), a focus view and a chain, each at 1280×720
and 1024×768, in normal and projector mode, opened from disk in Debian's Chromium
(playwright; every non-file request blocked). Writes small PNGs
(``docs/pictures/<view>-<size>[-projector].png``). Arguments: only these views.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "docs" / "pictures"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWS = {"whole": {}, "overview": {}, "focus": {"focus": "FAI"},
         "chain": {"path": ("femoroacetabular impingement", "low back pain")}}
SIZES = [(1280, 720), (1024, 768)]


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    import kg
    from kg import render

    graph = kg.load()
    only = set(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for view, options in VIEWS.items():
            if only and view not in only:
                continue
            page_file = render.write(Path(tmp) / f"{view}.html", graph, **options)
            for width, height in SIZES:
                for projector in (False, True):
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                        "file:") else r.abort())
                    flags = [f for f, on in (("projector", projector),
                                             ("overview", view == "overview")) if on]
                    page.goto(page_file.as_uri() + ("?" + "&".join(flags) if flags else ""))
                    page.wait_for_selector("body[data-ready=true]", state="attached")
                    if view == "overview":  # it opens on the first drawing after ready
                        for _ in range(100):  # (the page's CSP refuses wait_for_function)
                            if page.evaluate("window.kg.overview === true"):
                                break
                            page.wait_for_timeout(100)
                    page.wait_for_timeout(300)
                    name = f"{view}-{width}x{height}{'-projector' if projector else ''}.png"
                    page.screenshot(path=str(OUT / name))
                    print(OUT / name)
                    context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
