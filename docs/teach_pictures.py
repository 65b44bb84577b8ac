"""Make the README's pictures of the teaching material (docs/teach-*.png).

    .venv/bin/python docs/teach_pictures.py

A flashcard (the back of the first cloze card, as Anki shows it, with the deck's own CSS), a
quiz question (the first multiple-choice one, with its feedback) and the handout's first page
(the PDF printed by `kg handout`, rendered by pdftoppm). Needs chromium, playwright, Graphviz
and poppler-utils, like the tests.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from pathlib import Path

import kg
from kg.teach.cards import CSS, notes
from kg.teach.handout import BROWSER_ARGS, browser_path, write_handout
from kg.teach.material import material
from kg.teach.quiz import questions

DOCS = Path(__file__).resolve().parent


def card_html(m) -> str:
    note = next(n for n in notes(m) if "{{c1::" in n.fields[0] and n.fields[4]
                and "relation::causes" in n.tags)
    text, relation, quote, sentence, section, source = note.fields
    text = re.sub(r"\{\{c1::(.*?)\}\}", r"<span class=cloze>\1</span>", text)
    return (f"<style>{CSS} body {{ margin: 0; }} .card {{ padding: 18px; width: 560px; }}"
            f"</style><div class=card><div class=relation>{relation}</div>{text}<hr>"
            f"<div class=quote>“{quote}”</div><div class=cite>Sentence {sentence} · {section}"
            f" · {source}</div><div class=cite>tags: {' '.join(note.tags)}</div></div>")


def question_html(m) -> str:
    q = next(q for q in questions(m) if q.kind == "choice")
    options = "".join(f"<li class={'right' if i == q.correct else 'wrong'}>{html.escape(o)}</li>"
                      for i, o in enumerate(q.options))
    return ("<style>body { margin: 0; font: 16px 'DejaVu Sans', sans-serif; color: #222; }"
            ".q { padding: 16px; width: 580px; } li { margin: 4px 0; } .right { font-weight: bold;"
            " color: #26734d; } .right::after { content: '  ✓'; } .fb { background: #eef4fb;"
            " border-left: 4px solid #1a5fb4; padding: 6px 10px; font-size: 14px; }</style>"
            f"<div class=q><b>{html.escape(q.title)}</b><p>{html.escape(q.prompt)}</p>"
            f"<ol type=a>{options}</ol><div class=fb>{html.escape(q.feedback())}</div></div>")


def shoot(page_html: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path(), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 620, "height": 200})
        page.set_content(page_html)
        page.locator("body > div").screenshot(path=str(out))
        browser.close()


def main() -> None:
    graph = kg.load()
    m = material(graph)
    shoot(card_html(m), DOCS / "teach-card.png")
    shoot(question_html(m), DOCS / "teach-question.png")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = write_handout(graph, Path(tmp) / "handout.pdf")
        subprocess.run(["pdftoppm", "-r", "45", "-png", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(DOCS / "teach-handout")], check=True)
    for name in ("teach-card.png", "teach-question.png", "teach-handout.png"):
        print(DOCS / name, (DOCS / name).stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
