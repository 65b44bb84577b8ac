"""The benchmark scripts still run (on tiny graphs: their figures are for the README, not
checked here). A benchmark that has rotted would print nothing worth quoting."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _script(name: str):
    sys.path.insert(0, str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_store_on_a_tiny_graph(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KG_BENCH_BUILD", str(tmp_path))
    code = _script("bench_store").main(
        ["--sizes", "3k", "--engines", "store,oxigraph,rdflib", "--only", "about,leads-to",
         "--repeat", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| | store | raw (store) | oxigraph | raw (oxigraph) | rdflib |" in out
    for row in ("| load (s) |", "| `about` (concept) ms |", "| `leads-to` (concept) ms |"):
        assert row in out, out
    assert "| `hubs`" not in out  # --only


@pytest.mark.slow
def test_bench_virtuoso_on_a_tiny_graph(tmp_path, monkeypatch, capsys):
    if not shutil.which("virtuoso-t"):
        pytest.skip("Virtuoso is not installed (tests/system-deps.sh installs it)")
    monkeypatch.setenv("KG_BENCH_BUILD", str(tmp_path))
    code = _script("bench_virtuoso").main(
        ["--sizes", "3k", "--only", "about,leads-to", "--repeat", "1", "--buffers", "10000"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| load (s) |" in out and "| `about` ms |" in out and "| `leads-to` ms |" in out, out
    assert "error" not in out, out


def test_bench_search_on_a_tiny_graph(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KG_BENCH_BUILD", str(tmp_path))
    code = _script("bench_search").main(["--triples", "3k", "--repeat", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "| words | sentences matched | concepts matched |" in out
    assert "| `injection` |" in out and "slowest median:" in out


@pytest.mark.browser
def test_bench_explorer_on_the_article(embedded, capsys):
    """bench_explorer.py still measures the explorer page (in Debian's Chromium)."""
    pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed (tests/system-deps.sh installs it)")
    import kg
    from kg.render.explorer import EXPLORER_PATH, write_explorer

    page = write_explorer(embedded, kg.load(embedded))
    assert page == embedded.build_dir / EXPLORER_PATH
    _script("bench_explorer").main(["--page", str(page), "--runs", "1"])
    out = capsys.readouterr().out
    for line in ("file size:", "interactive from navigation:", "engine ready",
                 "search as you type", "treatments-for"):
        assert line in out, out
