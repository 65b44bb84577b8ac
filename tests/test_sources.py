"""Segmentation of source articles and verbatim quote resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.sources import Document, read_document, segment

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "sources" / "hip-and-lower-back-pain.txt"


@pytest.fixture(scope="module")
def article() -> Document:
    return read_document(ARTICLE)


def test_real_article_has_35_sentences_and_4_headings(article):
    assert len(article.sentences) == 35
    assert len(article.headings) == 4
    assert [s.number for s in article.sentences] == list(range(1, 36))


def test_sentence_12_starts_the_conditions_section(article):
    s12 = article.sentence(12)
    assert s12.text.startswith("Hip osteoarthritis")
    assert s12.section == "Specific Hip Conditions That Lead to Back Pain"
    assert article.text[s12.start:s12.end] == s12.text


def test_sentences_before_first_heading_have_no_section(article):
    assert article.sentence(1).section is None
    assert article.sentence(4).section == article.headings[0].text


def test_metadata_is_read_from_sibling_yaml(article):
    assert article.id == "hip-and-lower-back-pain"
    assert article.title  # from the .yaml, not the id
    assert article.title != article.id


def test_split_needs_whitespace_and_a_capital():
    sentences, headings = segment("Head\nDr. smith came. e.g. this. Then X-rays.\n")
    assert [s.text for s in sentences] == ["Dr. smith came. e.g. this.", "Then X-rays."]
    assert [h.text for h in headings] == ["Head"]


def test_offsets_are_exact_with_crlf_and_blank_lines():
    text = "Title\r\n\r\n  First one. Second one!\r\nThird?\r\n"
    sentences, _ = segment(text)
    assert [text[s.start:s.end] for s in sentences] == ["First one.", "Second one!", "Third?"]
    assert [s.number for s in sentences] == [1, 2, 3]


def test_find_quote_offsets_and_sentence(article):
    quote = "Hip osteoarthritis, the most common cause"
    span = article.find_quote(quote)
    assert article.text[span.start:span.end] == quote
    assert span.sentence == 12


def test_quote_spanning_sentences_gets_the_first(article):
    s4, s5 = article.sentence(4), article.sentence(5)
    quote = article.text[s4.end - 20:s5.start + 10]
    assert article.find_quote(quote).sentence == 4


def test_quote_is_verbatim_not_normalized(article):
    # the article uses a curly apostrophe
    with pytest.raises(KGError) as info:
        article.find_quote("alters the person's gait")
    assert "not found" in info.value.message
    assert "person\u2019s gait" in info.value.hint


def test_missing_quote_hint_names_closest_sentence(article):
    with pytest.raises(KGError) as info:
        article.find_quote("Hip osteoarthritis, the most commn cause")
    assert info.value.hint.startswith("closest is sentence 12:")


def test_ambiguous_quote_asks_for_sentence(article):
    with pytest.raises(KGError) as info:
        article.find_quote("the hip joint")
    assert "sentence: N" in info.value.hint
    span = article.find_quote("the hip joint", sentence=20)
    assert span.sentence == 20 and article.text[span.start:span.end] == "the hip joint"


def test_quote_not_in_given_sentence(article):
    with pytest.raises(KGError) as info:
        article.find_quote("Hip osteoarthritis, the most common cause", sentence=3)
    assert "not in sentence 3" in info.value.message
    assert "12" in info.value.hint


def test_sentence_number_out_of_range(article):
    with pytest.raises(KGError, match="sentences 1..35"):
        article.find_quote("the hip joint", sentence=99)


def test_missing_source_file_is_kgerror(tmp_path):
    with pytest.raises(KGError) as info:
        read_document(tmp_path / "nope.txt")
    assert info.value.file == tmp_path / "nope.txt"
