"""kg.draft.tokens (the cold-start tokenizer) against spaCy's blank English pipeline."""

from pathlib import Path

import pytest

from kg.draft.cues import cue_matcher, cues
from kg.draft.nlp import pipeline
from kg.draft.tokens import make_doc, split, stop_words
from kg.sources import read_document

REPO = Path(__file__).resolve().parents[1]
ARTICLES = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt")) + sorted(
    (REPO / "data" / "sources").glob("*.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_tokens_offsets_and_lemmas_are_spacys(path):
    nlp = pipeline()
    for sentence in read_document(path).sentences:
        ours = [(t.text, t.idx, t.norm_, t.is_alpha) for t in make_doc(sentence.text)]
        theirs = [(t.text, t.idx, t.norm_, t.is_alpha) for t in nlp(sentence.text)]
        assert ours == theirs, sentence.text


@pytest.mark.parametrize("text", [
    "Pain (FAI) isn't rare, e.g. in X-rays and MRI.",
    "The ball-and-socket joint of the hip, i.e. the acetabulum.",
    "It cannot bend 10-20 degrees; the knee/ankle  both hurt!",
    "Dr. Smith's patients' knees... hurt (a lot): really?",
    "Tinel's sign at 5 p.m. and the U.S. approach.",
])
def test_awkward_prose_splits_like_spacy(text):
    assert split(text) == [(t.text, t.idx) for t in pipeline()(text)]


def test_stop_words_are_spacys():
    from spacy.lang.en.stop_words import STOP_WORDS

    assert stop_words() == frozenset(STOP_WORDS)


def test_cue_matches_are_spacy_matchers():
    from spacy.matcher import Matcher

    nlp = pipeline()
    matcher = Matcher(nlp.vocab)
    for phrase in cues():
        words = phrase.split()
        pattern = [{"NORM": words[0]}]
        if len(words) > 1:
            pattern.append({"IS_ALPHA": True, "NORM": {"NOT_IN": ["and", "or", "but"]},
                            "OP": "?"})
        pattern.extend({"NORM": w} for w in words[1:])
        matcher.add(phrase, [pattern])
    for path in ARTICLES[:3]:
        for sentence in read_document(path).sentences:
            doc = nlp(sentence.text)
            theirs = {(nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)}
            ours = {(c.name, s, e) for c, s, e in cue_matcher()(make_doc(sentence.text))}
            assert ours == theirs, sentence.text
