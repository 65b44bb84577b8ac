"""The kg draft session of docs/drafting.md ("Adding facts from another article") runs as
shown: draft a fixture article, review it in the terminal (answers typed from the "> " lines),
accept, build — on a copy of data/. Any other page of the guide that shows it is run too."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest
from test_draft import KNEE, make_dataset
from test_readme import REPO, _normalize, blocks, matches

MARKER = "<!-- draft-session"


DOCS = REPO / "docs" / "drafting.md"
PAGES = [p for p in (DOCS, REPO / "README.md", REPO / "docs" / "curation.md")
         if MARKER in p.read_text(encoding="utf-8")]


def test_docs_drafting_has_the_session():
    assert DOCS in PAGES


def session(page: Path = DOCS) -> list[tuple[str, list[str]]]:
    text = page.read_text(encoding="utf-8")
    at = text.index(MARKER)
    start_line = text[:at].count("\n") + 1
    block = next(lines for lang, first, lines in blocks(text)
                 if lang == "text" and first > start_line)
    commands: list[tuple[str, list[str]]] = []
    for line in block:
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line.rstrip())
    return commands


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_draft_session_runs_as_shown(page, tmp_path, monkeypatch):
    import kg.cli.review as review_cli
    from kg.cli import main

    data = make_dataset(tmp_path)
    shutil.copy(KNEE, tmp_path / KNEE.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_DATA", str(data))
    monkeypatch.setenv("KG_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv("COLUMNS", "100")
    commands = session(page)
    assert [c.split()[1] for c, _ in commands] == ["draft", "review", "draft", "build"]
    for command, expected in commands:
        answers = iter(line[2:] for line in expected if line.startswith("> "))

        def typed(prompt: str, answers=answers) -> str:
            answer = next(answers)
            print(prompt + answer)
            return answer

        monkeypatch.setattr(review_cli, "_input", typed)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(command.split()[1:])
        actual = _normalize(out.getvalue(), tmp_path)
        assert code == 0, "\n".join(actual)
        problem = matches(expected, actual)
        assert problem is None, f"{command}: {problem}\n--- printed:\n" + "\n".join(actual)
    assert (data / "curated" / "knee-pain-in-runners.yaml").is_file()
    assert os.path.isdir(tmp_path / "build" / "release")
