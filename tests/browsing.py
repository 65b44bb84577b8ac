"""How the browser tests start Debian's chromium (never a downloaded browser), in one place.

The flags keep chromium from reaching for the network on its own (this machine has none) and
from writing a profile; ``browser`` in conftest.py gives a test module one running browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sync_api():
    """playwright's sync API, or skip the test when playwright or chromium is missing."""
    api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (tests/system-deps.sh installs it)")
    return api
