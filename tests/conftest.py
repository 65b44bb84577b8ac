"""Shared fixtures. Keep this file small: area-specific fixtures live in the area's test file.

- ``embedded``: the Project of the embedded dataset (repo data/), building into a temporary
  folder per test session so tests never touch the developer's build/.
- ``graph``: the embedded dataset's rdflib graph, built once per session.
- ``run_kg``: run the ``kg`` command in-process; returns (exit code, stdout, stderr).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def embedded(tmp_path_factory: pytest.TempPathFactory):
    from kg.config import Project

    return Project(REPO / "data", tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def graph(embedded):
    import kg

    return kg.load(embedded)


@pytest.fixture
def run_kg(embedded) -> Callable[..., tuple[int, str, str]]:
    """Run ``kg ARGS`` in-process against the embedded dataset (session build folder)."""
    from kg.cli import main

    def run(*args: str, data: Path | None = None, build: Path | None = None):
        out, err = io.StringIO(), io.StringIO()
        argv = ["--data", str(data or embedded.data_dir),
                "--build-dir", str(build or embedded.build_dir), *args]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(scope="module")
def browser():
    """One headless Debian chromium per test module (tests/browsing.py has its flags)."""
    from browsing import ARGS, CHROMIUM, sync_api

    with sync_api().sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
