"""kg export --format gift / qti: the quiz parses back (pygiftparser; the GIFT grammar of Moodle's
documentation), the QTI package has text2qti's structure, and bad input is a clear error."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from kg.teach.gift import escape, gift_text
from kg.teach.material import material
from kg.teach.qti import QTI_NS, package_bytes
from kg.teach.quiz import questions

NS = {"q": QTI_NS}


@pytest.fixture(scope="module")
def quiz(graph):
    m = material(graph)
    return m, questions(m)


# ------------------------------------------------------------------ GIFT

def test_gift_parses_back_with_pygiftparser(quiz, tmp_path):
    from pygiftparser import parser

    m, qs = quiz
    text = gift_text(qs, category=m.source_title)
    parsed = parser.parseFile(io_lines(text))
    assert len(parsed) == len(qs)
    for q, p in zip(qs, parsed, strict=True):
        assert p.valid, q.title
        assert p.title == q.title.replace(":", "\\:")  # pygiftparser keeps escapes
        assert p.generalFeedback  # every question's feedback quotes its sentence
        answers = p.answers
        if q.kind == "choice":
            fractions = [a.fraction for a in answers.answers]
            assert fractions.count(100) == 1 and len(fractions) == len(q.options)
        elif q.kind == "true_false":
            assert answers.answer is q.correct
        else:  # matching, and ordering as matching Step i -> item
            assert type(answers).__name__ == "MatchingSet"
            assert len(answers.answers) == len(q.pairs or q.order)


def io_lines(text: str):
    import io

    return io.StringIO(text)


#: Moodle's GIFT documentation: these characters must be escaped in text
SPECIAL = set("~=#{}:")


def unescaped(text: str) -> list[str]:
    """Special characters not escaped (not after an odd number of backslashes)."""
    return re.findall(r"(?<!\\)(?:\\\\)*([~=#{}:])", text)


def test_gift_grammar(quiz):
    """Each question: ``// comment``, ``::title::text {`` answers ``####feedback`` ``}``; the
    special characters appear unescaped only where the grammar puts them."""
    _, qs = quiz
    blocks = gift_text(qs).strip().split("\n\n")
    assert len(blocks) == len(qs)
    for q, block in zip(qs, blocks, strict=True):
        lines = block.split("\n")
        assert lines[0].startswith("// ") and lines[-1] == "}"
        head = re.fullmatch(r"::((?:[^:\\]|\\.)+)::((?:[^{}~=#:\\]|\\.)+) \{", lines[1])
        assert head, lines[1]
        answers, feedback = lines[2], lines[3]
        assert feedback.startswith("####") and not unescaped(feedback[4:])
        if q.kind == "choice":
            items = re.findall(r"([=~])((?:[^=~#{}\\]|\\.)+)", answers)
            assert [s for s, _ in items].count("=") == 1 and len(items) == len(q.options)
        elif q.kind == "true_false":
            assert answers in ("TRUE", "FALSE")
        else:
            pairs = re.findall(r"=((?:[^=~#{}\\]|\\.)+?) -> ((?:[^=~#{}\\]|\\.)+)", answers)
            assert len(pairs) == len(q.pairs or q.order) >= 3  # Moodle: at least three


def test_gift_escape():
    assert escape("a=b {c} ~d #e: f\\g") == "a\\=b \\{c\\} \\~d \\#e\\: f\\\\g"
    assert unescaped(escape("a=b {c} ~d #e: f\\g")) == []
    assert unescaped("a=b") == ["="]
    assert escape("two\nlines") == "two lines"


# ------------------------------------------------------------------ QTI

def qti_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def shape(element: ET.Element) -> set[str]:
    """The element paths (tags only, no namespace) under ``element``: its structure."""
    paths = set()

    def walk(e: ET.Element, prefix: str) -> None:
        here = f"{prefix}/{e.tag.split('}')[-1]}"
        paths.add(here)
        for child in e:
            walk(child, here)
    walk(element, "")
    return paths


def text2qti_items(tmp_path: Path) -> dict[str, ET.Element]:
    exe = shutil.which("text2qti") or str(Path(sys.executable).parent / "text2qti")
    if not Path(exe).exists():
        pytest.skip("text2qti is not installed (pip install -e '.[test]')")
    source = tmp_path / "ref.md"
    source.write_text("Quiz title: Reference\n\n1.  Which?\n... general feedback\n"
                      "*a) one\nb) two\nc) three\n\n2.  True?\n... feedback\n*a) True\nb) False\n",
                      encoding="utf-8")
    subprocess.run([exe, str(source)], cwd=tmp_path, check=True, capture_output=True)
    files = qti_files((tmp_path / "ref.zip").read_bytes())
    [xml] = [v for k, v in files.items() if k.endswith(".xml") and "/" in k
             and not k.endswith("assessment_meta.xml")]
    items = ET.fromstring(xml).findall(".//q:item", NS)
    return {"choice": items[0], "true_false": items[1], "files": files}


def test_qti_package_layout_and_items(quiz, tmp_path):
    m, qs = quiz
    files = qti_files(package_bytes(qs, m.source_title))
    reference = text2qti_items(tmp_path)
    # the same files: the manifest, the assessment and Canvas's meta in one folder
    ref_files = [n for n in reference["files"] if not n.endswith("/")]
    assert sorted(n.count("/") for n in files) == sorted(n.count("/") for n in ref_files)
    assert sorted(Path(n).name for n in files if n.endswith("meta.xml")) == \
        sorted(Path(n).name for n in ref_files if n.endswith("meta.xml"))
    manifest = ET.fromstring(files["imsmanifest.xml"])
    hrefs = {f.get("href") for f in manifest.iter() if f.tag.endswith("file")}
    assert hrefs == {n for n in files if n != "imsmanifest.xml"}
    [xml] = [v for k, v in files.items() if k.endswith(".xml") and "/" in k
             and not k.endswith("assessment_meta.xml")]
    root = ET.fromstring(xml)
    assert root.tag == f"{{{QTI_NS}}}questestinterop"
    items = root.findall(".//q:item", NS)
    assert len(items) == len(qs)
    for q, item in zip(qs, items, strict=True):
        kind = item.find(".//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry", NS)
        assert kind is not None and kind.text.endswith("_question")
        if q.kind in ("choice", "true_false"):
            # the structure text2qti writes for the same kind of question
            assert shape(item) == shape(reference[q.kind]), q.title
            right = item.find(".//q:respcondition[@continue='No']//q:varequal", NS).text
            labels = {r.get("ident"): r.find(".//q:mattext", NS).text
                      for r in item.iter(f"{{{QTI_NS}}}response_label")}
            expected = q.options[q.correct] if q.kind == "choice" else \
                ("True" if q.correct else "False")
            assert labels[right] == expected
        else:
            responses = item.findall(".//q:response_lid", NS)
            assert len(responses) == len(q.pairs or q.order) >= 3
        feedback = item.find("q:itemfeedback[@ident='general_fb']//q:mattext", NS).text
        assert all(c.quote in feedback for c in q.citations)


def test_qti_is_the_same_bytes_every_build(quiz):
    m, qs = quiz
    assert package_bytes(qs, m.source_title) == package_bytes(questions(m), m.source_title)


# ------------------------------------------------------------------ the command

def test_gift_to_stdout_and_qti_to_a_file(run_kg, tmp_path):
    code, out, _ = run_kg("export", "--format", "gift")
    assert code == 0 and out.count("####") >= 30
    code, _, err = run_kg("export", "--format", "qti", "-o", str(tmp_path / "q.zip"))
    assert code == 0 and zipfile.is_zipfile(tmp_path / "q.zip")


@pytest.mark.parametrize("args, message", [
    (["--format", "quizlet"], "invalid choice: 'quizlet'"),
    (["--format", "anki"], "cannot go to standard output"),
    (["--format", "qti"], "cannot go to standard output"),
])
def test_bad_format_or_missing_output(run_kg, args, message):
    code, out, err = run_kg("export", *args)
    assert code == 2 and message in err and not out
    assert "Traceback" not in err


def test_unwritable_path_is_a_clear_error(run_kg, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for fmt, name in (("anki", "deck.apkg"), ("gift", "quiz.gift"), ("qti", "quiz.zip")):
        code, _, err = run_kg("export", "--format", fmt, "-o", str(blocker / name))
        assert code == 2 and "is a file" in err and "Traceback" not in err
    code, _, err = run_kg("export", "--format", "anki", "-o", str(tmp_path))
    assert code == 2 and "is a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing written
