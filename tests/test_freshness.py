"""The warm path keeps parsed settings, named queries and freshness answers only while their
files are unchanged: an edit made while a process runs is seen by its next call."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kg.config import Project

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def copy(tmp_path: Path) -> Project:
    """A copy of the embedded dataset and its queries, built once."""
    import kg

    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "queries", tmp_path / "queries")
    project = Project(tmp_path / "data", tmp_path / "build")
    kg.load(project)
    return project


def _touch_later(path: Path, text: str) -> None:
    """Rewrite ``path`` with a later mtime even on coarse-grained file systems."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_settings_follow_edits_of_kg_yaml(copy: Project) -> None:
    assert copy.settings.title.startswith("Hip")
    settings = copy.settings_file
    _touch_later(settings, settings.read_text(encoding="utf-8").replace(
        "title: Hip and lower back pain", "title: Edited title"))
    assert copy.settings.title.startswith("Edited title")
    assert Project(copy.data_dir, copy.build_dir).settings.title.startswith("Edited title")


def test_is_current_notices_an_edited_data_file(copy: Project) -> None:
    from kg.load import is_current

    assert is_current(copy)
    assert is_current(copy)  # the memo answers the same
    curated = next((copy.curated_dir).glob("*.yaml"))
    _touch_later(curated, curated.read_text(encoding="utf-8") + "\n# a comment\n")
    assert not is_current(copy)


def test_is_current_notices_a_new_data_file(copy: Project) -> None:
    from kg.load import is_current

    assert is_current(copy)
    (copy.sources_dir / "notes.txt").write_text("A new file.\n", encoding="utf-8")
    assert not is_current(copy)


def test_named_query_follows_edits_and_calls_get_copies(copy: Project, monkeypatch) -> None:
    from kg.query import load_named

    monkeypatch.setenv("KG_QUERIES", str(copy.data_dir.parent / "queries"))
    first = load_named("hubs", copy)
    first.title = "changed by the caller"
    assert load_named("hubs", copy).title != "changed by the caller"
    path = copy.data_dir.parent / "queries" / "hubs.rq"
    text = path.read_text(encoding="utf-8")
    time.sleep(0.01)
    _touch_later(path, text.replace("# title:", "# title: Edited —", 1))
    assert load_named("hubs", copy).title.startswith("Edited —")


def test_warm_query_answers_after_a_rebuild_with_new_data(copy: Project) -> None:
    import kg

    before = {r["conceptLabel"] for r in kg.query("glossary", copy)}
    curated = next(copy.curated_dir.glob("*.yaml"))
    text = curated.read_text(encoding="utf-8")
    _touch_later(curated, text.replace("concepts:\n", "concepts:\n"
                                       "  - id: zz-new-concept\n"
                                       "    label: zz new concept\n"
                                       "    type: Symptom\n", 1))
    after = {r["conceptLabel"] for r in kg.query("glossary", copy)}
    assert after - before == {"zz new concept"}
