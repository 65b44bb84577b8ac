"""Output a person reads: tables that fit, plain-word headers, --version, shell completion,
files written reported on stderr, `kg validate` writing nothing."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import kg
from kg.query.engines import Result, Term
from kg.query.formats import header, render, terminal_width


def _result(rows: list[tuple[str, ...]], variables: list[str]) -> Result:
    return Result("SELECT", variables, [tuple(Term("literal", v) for v in row) for row in rows])


def test_headers_are_plain_words():
    out = render(_result([("a", "b")], ["firstAnswer", "secondAnswer"]), "table")
    assert out.splitlines()[0].split("  ") == ["first answer", "second answer"]
    assert header("conceptIRI") == "concept IRI" and header("n_rows") == "n rows"


def test_csv_and_json_keep_the_variable_names():
    result = _result([("a", "b")], ["firstAnswer", "secondAnswer"])
    assert render(result, "csv").splitlines()[0] == "firstAnswer,secondAnswer"
    assert '"firstAnswer": "a"' in render(result, "json")


def test_long_cells_wrap_to_the_width():
    long = " ".join(["word"] * 60)
    out = render(_result([("x", long)], ["name", "quote"]), "table", width=50)
    assert max(len(line) for line in out.splitlines()) <= 50
    assert out.count("word") == 60 and len(out.splitlines()) > 5  # wrapped, nothing lost


@pytest.mark.parametrize("columns, tty, expected", [
    ("72", False, 72), ("72", True, 72), ("", False, None), ("10", False, 40),
])
def test_terminal_width(monkeypatch, columns, tty, expected):
    import sys

    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    assert terminal_width() == expected


def test_kg_query_table_fits_columns(run_kg, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run_kg("query", "treatments-for", "-p", "condition=FAI")
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 80
    monkeypatch.delenv("COLUMNS")
    code, out, _ = run_kg("query", "hip-or-back-pain")  # not a terminal: one line a row
    assert code == 0 and "first answer" in out.splitlines()[0]
    assert "firstAnswer" not in out


def test_version(run_kg):
    code, out, err = run_kg("--version")
    assert (code, out, err) == (0, f"kg {kg.__version__}\n", "")


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_completion_scripts(run_kg, shell):
    code, out, _ = run_kg("completion", shell)
    assert code == 0 and "search" in out and "--format" in out


def test_bash_completion_completes_commands_and_choices(run_kg):
    if not shutil.which("bash"):
        pytest.skip("no bash")
    _, script, _ = run_kg("completion", "bash")
    probe = (script + "\nCOMP_WORDS=(kg sea); COMP_CWORD=1; _shtab_kg kg sea kg; "
             'echo "${COMPREPLY[@]}"\n'
             'COMP_WORDS=(kg query --format ""); COMP_CWORD=3; _shtab_kg kg "" --format; '
             'echo "${COMPREPLY[@]}"\n')
    lines = subprocess.run(["bash", "-c", probe], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert lines[-2] == "search"
    assert set(lines[-1].split()) == {"table", "csv", "tsv", "json", "srj", "srx", "turtle"}


def test_unknown_shell(run_kg):
    code, _, err = run_kg("completion", "fish")
    assert code == 2 and "invalid choice" in err


def _tree(folder):
    return {p: p.stat().st_mtime_ns for p in sorted(folder.rglob("*"))} if folder.exists() \
        else None


def test_validate_writes_nothing(run_kg, embedded, tmp_path):
    build = tmp_path / "fresh"  # no release yet: built in memory, not written
    code, out, _ = run_kg("validate", build=build)
    assert code == 0 and "valid" in out
    assert not build.exists()
    data_before = _tree(embedded.data_dir)
    kg.load(embedded)  # a current release: read, not touched
    before = _tree(embedded.build_dir)
    assert run_kg("validate")[0] == 0
    assert _tree(embedded.build_dir) == before and _tree(embedded.data_dir) == data_before


def test_files_written_go_to_stderr(run_kg, tmp_path):
    code, out, err = run_kg("build", build=tmp_path / "b")
    assert code == 0
    assert "wrote:" in err and "search.sqlite" in err and "metagraph.svg" in err
    assert "wrote" not in out and ".svg" not in out and "triples" in out
    code, out, err = run_kg("-q", "build", build=tmp_path / "b")
    assert code == 0 and err == "" and "triples" in out
    code, out, err = run_kg("export", "--format", "turtle", "-o", str(tmp_path / "x.ttl"))
    assert code == 0 and out == "" and "wrote" in err
