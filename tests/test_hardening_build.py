"""Issue 12, data integrity 5, 7, 8, 9: the release, the store and ``-o FILE`` are written whole
or not at all, and what the build writes its own reader can read.

Crashes are simulated by making a write or a rename raise (OSError(ENOSPC) for a full disk,
KeyboardInterrupt for a kill); the concurrent-build test runs a real second ``kg build``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import kg
from kg.build import build_graph, release_paths, serialize, write_release
from kg.config import Project
from kg.errors import KGError

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "data"
REPO = Path(__file__).resolve().parents[1]
# characters str.splitlines() splits at, that N-Triples does not escape
LINE_BREAKS = ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]


@pytest.fixture
def project(tmp_path) -> Project:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return Project(tmp_path / "data", tmp_path / "build")


def args(project: Project) -> dict[str, Path]:
    return dict(data=project.data_dir, build=project.build_dir)


def build_folder(project: Project) -> dict[str, bytes]:
    """Every file under the build folder (the lock file aside), by relative path."""
    root = project.build_dir
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".kg-build.lock"} if root.exists() else {}


def release_is_one_set(project: Project) -> bool:
    """The manifest's output hashes match the release files beside it."""
    import hashlib

    manifest = json.loads((project.release_dir / "manifest.json").read_text())
    return all(hashlib.sha256((project.release_dir / name).read_bytes()).hexdigest() == digest
               for name, digest in manifest["outputs"].items())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------ 5: one character

@pytest.mark.parametrize("char", LINE_BREAKS)
def test_nt_serializer_round_trips_every_line_break(char):
    graph = Graph()
    graph.add((URIRef("urn:a"), URIRef("urn:p"), Literal(f"before{char}after")))
    graph.add((URIRef("urn:b"), URIRef("urn:p"), Literal("plain")))
    data = serialize(graph, "nt")
    assert set(Graph().parse(data=data.decode("utf-8"), format="nt")) == set(graph)
    assert data.count(b"\n") == 2  # one line per triple


def test_line_separators_in_every_text_field_round_trip(project, run_kg):
    ls, ps = "\u2028", "\u2029"
    yls, yps = "\\u2028", "\\u2029"  # YAML escapes (raw, YAML folds them like line breaks)
    curated = project.curated_dir / "rivers.yaml"
    edit(curated, "    label: flood\n", f'    label: "flo{yls}od"\n')
    edit(curated, "[downpour]", f'["down{yps}pour"]')
    edit(curated, "definition: Rain falling hard.", f'definition: "Rain{yls} falling hard."')
    edit(curated, "note: The roads near the river.", f'note: "The roads{yps} near."')
    edit(project.settings_file, "title: Weather", f'title: "Wea{yls}ther"\nold: x')
    edit(project.sources_dir / "rivers.yaml", "title: Why", f'title: "Why{yps}"\nold: x')
    source = project.sources_dir / "rivers.txt"
    source.write_text(source.read_text().replace("Levees reduce floods", f"Levees{ls} reduce "
                                                                          f"floods"))
    edit(curated, 'quote: "Levees reduce floods"', f'quote: "Levees{yls} reduce floods"')
    code, out, err = run_kg("build", "--no-validate", **args(project))
    assert code == 0, err
    built = build_graph(project)
    loaded = Graph().parse(release_paths(project)["nt"], format="nt")
    assert set(loaded) == set(built)
    texts = {str(o) for o in loaded.objects()}
    assert {f"flo{ls}od", f"down{ps}pour", f"Levees{ls} reduce floods"} <= texts
    for command in (["stats"], ["show", "heavy-rain"], ["validate"]):
        code, out, err = run_kg(*command, **args(project))
        assert code in (0, 1) and "Traceback" not in err, (command, err)


# ------------------------------------------------------------------ 7: the release as one set

def _disk_full_on(call: int, code: int = errno.ENOSPC):
    """A kg.files.write_all that fails with ``code`` on its ``call``-th use."""
    import kg.files

    real = kg.files.write_all
    calls = {"n": 0}

    def write_all(out, data):
        calls["n"] += 1
        if calls["n"] == call:
            raise OSError(code, os.strerror(code))
        return real(out, data)

    return write_all


@pytest.mark.parametrize("call", [1, 3, 4, 5, 6])  # ttl, nt, manifest, metagraph, page
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG])
def test_disk_full_during_build_keeps_the_previous_release(project, run_kg, monkeypatch,
                                                            call, code):
    import kg.files

    assert run_kg("build", "--no-validate", **args(project))[0] == 0
    before = build_folder(project)
    assert {"metagraph.svg", "html/graph.html", "release/manifest.json"} <= set(before)
    edit(project.curated_dir / "rivers.yaml", "downpour", "cloudburst")
    monkeypatch.setattr(kg.files, "write_all", _disk_full_on(call, code))
    code_, out, err = run_kg("build", "--no-validate", **args(project))
    assert code_ == 2 and "Traceback" not in err
    assert os.strerror(code) in err and err.count("error:") == 1
    assert "unchanged" in err
    assert build_folder(project) == before  # not one file replaced, no temporary left
    assert [p.name for p in project.build_dir.iterdir() if p.name.startswith(".")] == \
        [".kg-build.lock"]


def test_kill_during_release_write_keeps_the_previous_release(project, monkeypatch):
    import kg.files

    write_release(build_graph(project), project)
    before = build_folder(project)
    edit(project.curated_dir / "rivers.yaml", "downpour", "cloudburst")
    real, calls = kg.files.write_all, []

    def killed(out, data):
        calls.append(1)
        if len(calls) == 2:  # after the new .ttl is complete
            raise KeyboardInterrupt
        real(out, data)

    monkeypatch.setattr(kg.files, "write_all", killed)
    with pytest.raises(KeyboardInterrupt):
        write_release(build_graph(project), project)
    assert build_folder(project) == before
    assert release_is_one_set(project)


def test_crash_between_the_two_renames_is_recovered(project, monkeypatch):
    """Without an atomic exchange the old release is renamed aside first; a crash right then
    leaves no release folder, and the next reader puts the old one back."""
    import kg.files

    write_release(build_graph(project), project)
    before = build_folder(project)
    edit(project.curated_dir / "rivers.yaml", "downpour", "cloudburst")
    monkeypatch.setattr(kg.files, "_exchange", lambda a, b: False)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append((src, dst))
        if Path(dst) == project.release_dir:  # the second rename: staging -> release
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(kg.files.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_release(build_graph(project), project)
    monkeypatch.undo()
    assert not project.release_dir.exists()
    kg.files.recover(project.release_dir)
    assert build_folder(project) == before
    assert release_is_one_set(project)


def test_the_swap_is_atomic_where_linux_allows_it(project):
    import kg.files

    write_release(build_graph(project), project)
    inode = project.release_dir.stat().st_ino
    edit(project.curated_dir / "rivers.yaml", "downpour", "cloudburst")
    write_release(build_graph(project), project)
    assert "cloudburst" in release_paths(project)["nt"].read_text()
    assert release_is_one_set(project)
    if kg.files._exchange(project.release_dir, project.release_dir):  # renameat2 works here
        assert project.release_dir.stat().st_ino != inode  # a new folder, not files replaced
    assert sorted(p.name for p in project.build_dir.iterdir()) == [".kg-build.lock",
                                                                    "release"]


def test_a_second_build_waits_for_the_first(project):
    import fcntl

    project.build_dir.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(project.build_dir / ".kg-build.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # "the first build"
        second = subprocess.Popen(
            [sys.executable, "-m", "kg", "--data", str(project.data_dir), "--build-dir",
             str(project.build_dir), "build", "--no-validate"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            lines = []
            for line in second.stderr:  # ends when the second build exits (it should wait)
                lines.append(line)
                if "waiting" in line:
                    break
            assert any("another build is running" in line for line in lines), lines
            assert second.poll() is None  # still waiting
            assert not project.release_dir.exists()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert release_is_one_set(project)


# ------------------------------------------------------------------ 8: the store swap

def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _nt(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"{abs(hash(text))}.nt"
    path.write_text(f'<https://ex.org/a> <https://ex.org/p> "{text}" .\n')
    return path


def _values(store_dir: Path) -> set[str]:
    from kg.store import open_store

    return {row["o"].value for row in open_store(store_dir).query(
        "SELECT ?o WHERE { ?s ?p ?o }")}


def test_stale_loading_folders_are_cleaned_at_the_next_load(tmp_path):
    from kg.store import load_store

    store = tmp_path / "store"
    dead = tmp_path / f".store.loading-{_dead_pid()}"
    dead.mkdir()
    (dead / "junk.sst").write_bytes(b"x" * 1000)
    running = tmp_path / f".store.loading-{os.getppid()}"  # a live process: left alone
    running.mkdir()
    load_store(store, [_nt(tmp_path, "one")])
    assert not dead.exists() and running.exists()
    assert _values(store) == {"one"}


def test_a_store_set_aside_by_a_crash_is_found_again(tmp_path):
    from kg.store import load_store, store_info

    store = tmp_path / "store"
    load_store(store, [_nt(tmp_path, "old")])
    os.replace(store, tmp_path / f".store.old-{_dead_pid()}")  # killed between the renames
    assert store_info(store).triples == 1
    assert _values(store) == {"old"}
    load_store(store, [_nt(tmp_path, "new")])
    assert _values(store) == {"new"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_store_reload_leaves_nothing_behind(tmp_path):
    from kg.store import load_store

    store = tmp_path / "store"
    for value in ("a", "b", "c"):
        load_store(store, [_nt(tmp_path, value)])
        assert _values(store) == {value}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_disk_full_during_store_load_is_one_error(tmp_path, monkeypatch):
    import kg.store

    store = tmp_path / "store"
    kg.store.load_store(store, [_nt(tmp_path, "old")])

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(kg.store, "bulk_load_file", full)
    with pytest.raises(KGError, match="No space left on device"):
        kg.store.load_store(store, [_nt(tmp_path, "new")])
    monkeypatch.undo()
    assert _values(store) == {"old"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# ------------------------------------------------------------------ 9: -o FILE

@pytest.fixture
def built(project):
    kg.load(project)
    return project


def test_output_through_a_symlink(built, run_kg, tmp_path):
    real = tmp_path / "real.nt"
    real.write_text("old")
    link = tmp_path / "link.nt"
    link.symlink_to(real)
    code, _out, err = run_kg("export", "--format", "nt", "-o", str(link), **args(built))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == release_paths(built)["nt"].read_bytes()
    dangling = tmp_path / "dangling.ttl"
    dangling.symlink_to(tmp_path / "made.ttl")
    assert run_kg("export", "-o", str(dangling), **args(built))[0] == 0
    assert dangling.is_symlink() and (tmp_path / "made.ttl").stat().st_size > 1000


@pytest.mark.parametrize("command", [["export", "--format", "nt"],
                                     ["viz", "--format", "mermaid"],
                                     ["explain", "heavy-rain", "flood"]])
def test_output_refuses_a_fifo(built, run_kg, tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _out, err = run_kg(*command, "-o", str(fifo), **args(built))
    assert code == 2 and "not a regular file" in err and "Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO


def test_output_refuses_a_device(built, run_kg, tmp_path):
    full = tmp_path / "full"  # a private twin of /dev/full (same device numbers)
    try:
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("cannot make a device node here")
    code, _out, err = run_kg("export", "--format", "nt", "-o", str(full), **args(built))
    assert code == 2 and "not a regular file" in err
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_disk_full_writing_output_keeps_the_old_file(built, run_kg, tmp_path, monkeypatch):
    import kg.files

    target = tmp_path / "graph.ttl"
    target.write_text("old")
    monkeypatch.setattr(kg.files, "write_all", _disk_full_on(1))
    code, _out, err = run_kg("export", "-o", str(target), **args(built))
    assert code == 2 and "No space left on device" in err and "Traceback" not in err
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_keeps_the_mode_of_an_existing_file(built, run_kg, tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    target.chmod(0o640)
    assert run_kg("export", "-o", str(target), **args(built))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
