"""Malformed dataset inputs (issue 12): each one is one clear error — exit 2, the file and line,
no traceback, nothing written — never a hang, a crash or a huge release.

Every test edits a copy of the mini fixture dataset (tests/fixtures/mini) and runs ``kg build``
in-process (or in a subprocess with a timeout where the old behaviour was to hang).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import release_paths
from kg.config import Project
from kg.errors import KGError

FIXTURE = Path(__file__).parent / "fixtures" / "mini" / "data"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Project:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return Project(tmp_path / "data", tmp_path / "build")


def curated(project: Project) -> Path:
    return project.curated_dir / "rivers.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(run_kg, project: Project, *args: str) -> tuple[int, str, str]:
    return run_kg("build", "--no-validate", *args, data=project.data_dir,
                  build=project.build_dir)


def release_bytes(project: Project) -> dict[str, bytes]:
    folder = project.release_dir
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def assert_clean_error(result: tuple[int, str, str], *needles: str) -> str:
    """Exit 2, an ``error:`` line, no traceback; returns stderr."""
    code, out, err = result
    assert code == 2, (code, out, err)
    assert "error: " in err and "Traceback" not in err + out, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


# ------------------------------------------------------------------ YAML's other integers

@pytest.mark.parametrize("value", ["0x2", "0b11", "0o7", "190:20:30", "1_0", "+2"])
def test_sentence_must_be_a_decimal_number(project, run_kg, value):
    edit(curated(project), "    sentence: 2", f"    sentence: {value}")
    line = curated(project).read_text(encoding="utf-8").splitlines().index(
        f"    sentence: {value}") + 1
    err = assert_clean_error(build(run_kg, project), "rivers.yaml:", "sentence number")
    assert not project.release_dir.exists()
    assert f"rivers.yaml:{line}:" in err  # the line of the sentence field


# ------------------------------------------------------------------ encodings

def test_kg_yaml_that_is_not_utf8(project, run_kg):
    path = project.settings_file
    path.write_bytes(path.read_bytes().replace(b"title: Weather", b"title: W\xe9ather"))
    assert_clean_error(build(run_kg, project), "kg.yaml:3", "not UTF-8")


def test_source_metadata_that_is_not_utf8(project, run_kg):
    path = project.sources_dir / "rivers.yaml"
    path.write_bytes(path.read_bytes() + b"author: \xff\xfe\n")
    assert_clean_error(build(run_kg, project), "rivers.yaml:5", "not UTF-8")


# ------------------------------------------------------------------ IRIs

@pytest.mark.parametrize("bad", ["https://example.org/mi ni/", "https://example.org/>x/",
                                 "https://example.org/{x}/", "not-an-iri/"])
def test_base_must_be_a_valid_iri(project, run_kg, bad):
    edit(project.settings_file, "base: https://example.org/mini/", f'base: "{bad}"')
    assert_clean_error(build(run_kg, project), "kg.yaml", "IRI")


@pytest.mark.parametrize("field, old, bad", [
    ("exact", "exact: [ENVO:01001564]", 'exact: ["ENVO:0100 1564"]'),
    ("exact", "exact: [ENVO:01001564]", 'exact: ["ENVO:01>001564"]'),
    ("close", 'close: ["https://example.org/levee"]', 'close: ["https://example.org/{levee}"]'),
])
def test_matches_must_be_valid_iris(project, run_kg, field, old, bad):
    edit(curated(project), old, bad)
    err = assert_clean_error(build(run_kg, project), "rivers.yaml:", "not a valid IRI")
    assert field in err


def test_a_prefix_must_be_a_valid_iri(project, run_kg):
    edit(project.settings_file, "ENVO: http://purl.obolibrary.org/obo/ENVO_",
         'ENVO: "http://purl.obolibrary.org/obo/ENVO _"')
    assert_clean_error(build(run_kg, project), "kg.yaml", "prefix 'ENVO'")


# ------------------------------------------------------------------ YAML bombs

def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("where", ["curated", "settings", "metadata"])
def test_yaml_nested_20000_deep(project, run_kg, where):
    if where == "curated":
        edit(curated(project), "    synonyms: [downpour]", f"    synonyms: {_deep(20000)}")
    elif where == "settings":
        edit(project.settings_file, "description: A few", f"extra: {_deep(20000)}\n"
                                                           "description: A few")
    else:
        path = project.sources_dir / "rivers.yaml"
        path.write_text(path.read_text() + f"author: {_deep(20000)}\n")
    assert_clean_error(build(run_kg, project), "nested more than")


BOMB = "".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
    *(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
      for i in range(8)),
])


@pytest.mark.parametrize("where", ["settings", "metadata"])
def test_billion_laughs_is_refused(project, run_kg, where):
    path = project.settings_file if where == "settings" else project.sources_dir / "rivers.yaml"
    text = path.read_text()
    path.write_text(BOMB + text.replace("title:", "title: *i\nold_title:", 1))
    assert len(path.read_bytes()) < 2000
    assert_clean_error(build(run_kg, project), "aliases (*name) would expand")
    assert not project.release_dir.exists()


def test_billion_laughs_in_a_curated_file(project, run_kg):
    path = curated(project)
    lines = BOMB.replace("\n", "\n  ").rstrip()
    edit(path, "concepts:\n", "concepts:\n  - id: bomb\n    label: bomb\n    type: Event\n"
                              "    definition: x\n    synonyms: []\n")
    path.write_text("# bomb below\n" + path.read_text().replace(
        "source: rivers", "source: rivers\nx-bomb:\n  " + lines, 1))
    assert_clean_error(build(run_kg, project), "aliases (*name) would expand")


def test_metadata_values_must_be_texts(project, run_kg):
    path = project.sources_dir / "rivers.yaml"
    path.write_text(path.read_text() + "author: [[a, b], [c]]\n")
    assert_clean_error(build(run_kg, project), "rivers.yaml", "metadata 'author'")


# ------------------------------------------------------------------ control characters

@pytest.mark.parametrize("escape, code", [("\\e", "001B"), ("\\a", "0007"), ("\\0", "0000"),
                                          ("\\x9b", "009B"), ("\\x7f", "007F"),
                                          ("\\v", "000B"), ("\\x85", "0085")])
def test_control_characters_in_a_label_are_refused(project, run_kg, escape, code):
    edit(curated(project), "    label: flood\n", f'    label: "flo{escape}od"\n')
    err = assert_clean_error(build(run_kg, project), "rivers.yaml:10", f"U+{code}", "'label'")
    assert not project.release_dir.exists()
    assert "\x1b" not in err and "\x07" not in err  # the message itself is safe to print


@pytest.mark.parametrize("field, old", [
    ("quote", '    quote: "Floods damage the roads"'),
    ("note", "    note: The roads near the river."),
    ("definition", "    definition: Rain falling hard."),
    ("synonyms", "    synonyms: [downpour]"),
])
def test_control_characters_in_every_text_field(project, run_kg, field, old):
    value = old.split(": ", 1)[1]
    new = old.replace(value, '["down\\epour"]' if field == "synonyms" else '"x\\e[31mred"')
    edit(curated(project), old, new)
    assert_clean_error(build(run_kg, project), "rivers.yaml:", "U+001B", f"'{field}'")


def test_control_characters_in_settings_metadata_and_source(project, run_kg):
    edit(project.settings_file, "title: Weather", 'title: "\\e]0;pwned\\aWeather')
    edit(project.settings_file, "test dataset", 'test dataset"')
    assert_clean_error(build(run_kg, project), "kg.yaml:3", "U+001B")
    shutil.copy(FIXTURE / "kg.yaml", project.settings_file)
    meta = project.sources_dir / "rivers.yaml"
    edit(meta, "title: Why rivers flood", 'title: "Why\\x07 rivers flood"')
    assert_clean_error(build(run_kg, project), "rivers.yaml:1", "U+0007")
    shutil.copy(FIXTURE / "sources" / "rivers.yaml", meta)
    source = project.sources_dir / "rivers.txt"
    source.write_text(source.read_text().replace("Prevention", "Preven\x1btion"))
    assert_clean_error(build(run_kg, project), "rivers.txt:4", "U+001B")


def test_raw_control_character_in_yaml_names_the_line(project, run_kg):
    path = curated(project)
    path.write_bytes(path.read_bytes().replace(b"label: flood", b"label: flo\x1bod"))
    assert_clean_error(build(run_kg, project), "rivers.yaml:10", "U+001B")


def test_terminal_output_escapes_control_characters():
    import io

    from kg.inputs import TerminalText, escape_controls

    assert escape_controls("a\x1b[2Jb\x07\x00\x9b\tc\n") == "a\\x1b[2Jb\\x07\\x00\\x9b\tc\n"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    print("label: \x1b]0;owned\x07 knee", file=TerminalText(tty))
    assert tty.getvalue() == "label: \\x1b]0;owned\\x07 knee\n"


# ------------------------------------------------------------------ files that are not files

def test_symlink_loop_in_curated(project, run_kg):
    (project.curated_dir / "loop.yaml").symlink_to("loop.yaml")
    assert_clean_error(build(run_kg, project), "loop.yaml", "loop of symbolic links")


def test_symlink_loop_of_folders_does_not_hang_hashing(project, run_kg):
    (project.data_dir / "notes").mkdir()
    (project.data_dir / "notes" / "again").symlink_to("..")
    code, out, err = build(run_kg, project)
    assert code == 0, err


def _build_in_subprocess(project: Project) -> subprocess.CompletedProcess:
    """``kg build`` in its own process, so that a hang fails the test (timeout) instead of
    blocking the suite."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "kg", "--data", str(project.data_dir), "--build-dir",
         str(project.build_dir), "build", "--no-validate"],
        capture_output=True, text=True, timeout=60, env=env)


@pytest.mark.parametrize("where", ["curated/pipe.yaml", "sources/rivers.txt"])
def test_a_fifo_does_not_hang(project, where):
    fifo = project.data_dir / where
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    done = _build_in_subprocess(project)
    assert done.returncode == 2, done.stderr
    assert fifo.name in done.stderr and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr
    assert not project.release_dir.exists()


def test_binary_rq_file(project, run_kg, tmp_path):
    rq = tmp_path / "bad.rq"
    rq.write_bytes(bytes(range(256)) * 4)
    assert_clean_error(run_kg("query", str(rq), data=project.data_dir,
                              build=project.build_dir), "bad.rq", "UTF-8")
    rq.write_bytes(b"SELECT * WHERE { ?s ?p ?o }\x00\x01\x02\n")
    assert_clean_error(run_kg("query", str(rq), data=project.data_dir,
                              build=project.build_dir), "bad.rq:1", "U+0000")


def test_binary_named_query(tmp_path, monkeypatch):
    from kg.query.library import load_named

    (tmp_path / "broken.rq").write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    monkeypatch.setenv("KG_QUERIES", str(tmp_path))
    with pytest.raises(KGError, match="not UTF-8"):
        load_named("broken")


# ------------------------------------------------------------------ SHACL cannot be switched off

@pytest.mark.parametrize("content", ["", "# nothing\n",
                                     "@prefix ex: <https://ex.org/> .\nex:a ex:b ex:c .\n"])
def test_an_empty_shapes_file_is_an_error(project, run_kg, content):
    (project.ontology_dir / "shapes.ttl").write_text(content)
    args = dict(data=project.data_dir, build=project.build_dir)
    assert_clean_error(run_kg("build", **args), "shapes.ttl", "no SHACL shapes")
    assert not project.release_dir.exists()
    assert_clean_error(run_kg("validate", **args), "shapes.ttl", "no SHACL shapes")


# ------------------------------------------------------------------ an empty release

def _good_release(run_kg, project: Project) -> dict[str, bytes]:
    assert build(run_kg, project)[0] == 0
    before = release_bytes(project)
    assert before
    return before


def test_missing_curated_folder_keeps_the_release(project, run_kg):
    before = _good_release(run_kg, project)
    shutil.rmtree(project.curated_dir)
    assert_clean_error(build(run_kg, project), "no curated folder", "curated")
    assert release_bytes(project) == before


def test_empty_curated_folder_keeps_the_release(project, run_kg):
    before = _good_release(run_kg, project)
    curated(project).unlink()
    assert_clean_error(build(run_kg, project), "no curated file", "it is empty")
    assert release_bytes(project) == before


def test_curated_folder_with_other_files_names_them(project, run_kg):
    before = _good_release(run_kg, project)
    curated(project).rename(project.curated_dir / "rivers.txt")
    assert_clean_error(build(run_kg, project), "no curated file", "rivers.txt")
    assert release_bytes(project) == before


def test_yml_files_are_read(project, run_kg):
    curated(project).rename(project.curated_dir / "rivers.yml")
    code, out, err = build(run_kg, project)
    assert code == 0, err
    assert "7 concepts" in out
    nt = release_paths(project)["nt"].read_text()
    assert "heavy rain" in nt


def test_curated_files_without_facts_keep_the_release(project, run_kg):
    before = _good_release(run_kg, project)
    curated(project).write_text("source: rivers\n")
    assert_clean_error(build(run_kg, project), "no curated facts")
    assert release_bytes(project) == before


def test_a_lone_surrogate_escape_is_refused(project, run_kg):
    # found by the round-trip fuzzer: YAML reads "\ud800\udc00" as two lone surrogates,
    # which then crashed the N-Triples writer (UnicodeEncodeError)
    edit(curated(project), "    label: flood\n", '    label: "flo\\ud800\\udc00od"\n')
    assert_clean_error(build(run_kg, project), "rivers.yaml:10", "surrogate U+D800")


def test_control_characters_in_the_vocabulary(project, run_kg):
    edit(project.ontology_dir / "vocab.ttl", 'rdfs:label "damages"', 'rdfs:label "dam\\u001bages"')
    assert_clean_error(build(run_kg, project), "vocab.ttl", "U+001B", "damages")
