"""The warm path of kg.query (kg.query.warm): a kept call answers as the full path does, and
anything that would change the answer sends the next call the full way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import kg
import kg.query
from kg.config import Project
from kg.query import warm

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def copy(tmp_path: Path, monkeypatch) -> Project:
    """A copy of the dataset and of its questions (KG_QUERIES), built once."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "queries", tmp_path / "queries")
    monkeypatch.setenv("KG_QUERIES", str(tmp_path / "queries"))
    project = Project(tmp_path / "data", tmp_path / "build")
    kg.load(project)
    warm.forget()
    return project


@pytest.fixture
def full_calls(monkeypatch) -> list[str]:
    """The names the full path (kg.query.run) was called with."""
    calls: list[str] = []
    real = kg.query.run

    def counting(source, *args, **kwargs):
        calls.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(kg.query, "run", counting)
    return calls


def _touch_later(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_kept_answers_equal_the_full_path_for_every_question(embedded):
    from kg.query import names

    if warm.watch(embedded.data_dir) is None:
        pytest.skip("no inotify here: nothing is kept")
    params = {"treatments-for": {"condition": "hip OA"},
              "about": {"concept": "low back pain"}}
    for name in names(embedded):
        given = params.get(name, {})
        warm.forget()
        full = kg.query(name, embedded, params=given)
        kept = kg.query(name, embedded, params=given)
        assert warm._KEPT, name
        if not isinstance(full, list):
            assert kept is full, name
            continue
        assert kept.variables == full.variables
        if full.variables == ["subject", "predicate", "object"]:
            # a CONSTRUCT's triples come in no set order: compared as a multiset
            kept, full = sorted(kept, key=repr), sorted(full, key=repr)
        assert kept == full, name
        assert [type(v) for r in kept for v in r.values()] == \
            [type(v) for r in full for v in r.values()]


def test_a_repeat_call_skips_the_full_path(copy, full_calls):
    first = kg.query("glossary", copy)
    assert kg.query("glossary", copy) == first
    assert kg.query("glossary", copy) == first
    if warm.watch(copy.data_dir) is not None:
        assert full_calls == ["glossary"]


def test_an_edited_data_file_is_noticed_at_once(copy, full_calls):
    before = {r["conceptLabel"] for r in kg.query("glossary", copy)}
    kg.query("glossary", copy)
    curated = next(copy.curated_dir.glob("*.yaml"))
    text = curated.read_text(encoding="utf-8")
    _touch_later(curated, text.replace("concepts:\n", "concepts:\n"
                                       "  - id: zz-new-concept\n"
                                       "    label: zz new concept\n"
                                       "    type: Symptom\n", 1))
    after = {r["conceptLabel"] for r in kg.query("glossary", copy)}
    assert after - before == {"zz new concept"}
    assert {r["conceptLabel"] for r in kg.query("glossary", copy)} == after


def test_an_edited_question_file_is_noticed_at_once(copy):
    rows = kg.query("hubs", copy)
    assert len(kg.query("hubs", copy)) == len(rows) > 1
    path = copy.data_dir.parent / "queries" / "hubs.rq"
    text = path.read_text(encoding="utf-8").rstrip()
    assert "LIMIT" in text
    _touch_later(path, text[: text.rindex("LIMIT")] + "LIMIT 1\n")
    assert len(kg.query("hubs", copy)) == 1


def test_a_new_manifest_sends_the_call_the_full_way(copy, full_calls):
    kg.query("glossary", copy)
    kg.query("glossary", copy)
    manifest = copy.release_dir / "manifest.json"
    _touch_later(manifest, manifest.read_text(encoding="utf-8"))  # as a rebuild elsewhere
    kg.query("glossary", copy)
    assert full_calls.count("glossary") == 2


def test_the_full_path_runs_again_after_the_recheck_time(copy, full_calls, monkeypatch):
    import time

    kg.query("glossary", copy)
    kg.query("glossary", copy)
    later = time.monotonic() + warm.RECHECK_SECONDS + 1
    monkeypatch.setattr(warm.time, "monotonic", lambda: later)
    kg.query("glossary", copy)
    assert full_calls.count("glossary") == 2


def test_without_inotify_nothing_is_kept(copy, full_calls, monkeypatch):
    monkeypatch.setattr(warm, "watch", lambda *roots: None)
    first = kg.query("glossary", copy)
    assert kg.query("glossary", copy) == first
    assert full_calls == ["glossary", "glossary"] and not warm._KEPT


def test_errors_still_come_from_the_full_path(copy):
    with pytest.raises(kg.KGError, match="no parameter"):
        kg.query("glossary", copy, nope="x")
    with pytest.raises(kg.KGError, match="no parameter"):
        kg.query("glossary", copy, nope="x")


def test_a_forked_child_does_not_read_its_parents_watch(copy):
    """A child (multiprocessing with fork) that checks the kept calls it inherited must not
    drain the queue the parent reads: the parent still notices the edit."""
    import multiprocessing

    kg.query("glossary", copy)
    kg.query("glossary", copy)
    curated = next(copy.curated_dir.glob("*.yaml"))
    text = curated.read_text(encoding="utf-8")
    _touch_later(curated, text.replace("concepts:\n", "concepts:\n"
                                       "  - id: zz-new-concept\n"
                                       "    label: zz new concept\n"
                                       "    type: Symptom\n", 1))
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_child_checks) == [True]  # in a child: always "changed"
    assert "zz new concept" in {r["conceptLabel"] for r in kg.query("glossary", copy)}


def _child_checks() -> list[bool]:
    return [kept.watch.changed() for kept in warm._KEPT.values()]
