"""spaCy's blank English tokenizer with lookup lemmas: the reference for :mod:`kg.draft.tokens`.

``kg draft`` itself tokenizes with :mod:`kg.draft.tokens` (importing spaCy costs ~0.8 s of a
cold start); ``tests/test_draft_tokens.py`` checks that its tokens, offsets and lemmas are this
pipeline's on every fixture article and source.

No statistical model: ``spacy.blank("en")`` plus the lookup lemmatizer, whose table ships in
the ``spacy-lookups-data`` package (installed with kg, nothing downloaded at run time). Each
token's ``norm_`` is set to its lower-cased lemma, so the cue patterns of
:mod:`kg.draft.cues` match ``causes``, ``caused`` and ``Causing`` with one ``NORM`` pattern.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kg.errors import KGError


@lru_cache(maxsize=1)
def pipeline() -> Any:
    """The shared pipeline (built once per process: loading the lemma table takes ~0.3 s)."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError:  # pragma: no cover - spacy is a dependency of kg
        raise KGError("kg draft needs spaCy", hint="pip install spacy spacy-lookups-data") \
            from None

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    try:
        nlp.initialize()
    except (OSError, ValueError) as exc:  # the lookups package is missing
        raise KGError(f"cannot load spaCy's lemma tables ({exc})",
                      hint="pip install spacy-lookups-data") from None
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")

    if not Language.has_factory("kg_lemma_norm"):
        @Language.component("kg_lemma_norm")
        def _lemma_norm(doc: Any) -> Any:
            # the table is keyed by lower-case words: "Causes" at a sentence start -> "cause"
            lookup = doc.vocab.lookups.get_table("kg_lemma") if doc.vocab.lookups.has_table(
                "kg_lemma") else None
            for token in doc:
                lower = token.text.lower()
                token.norm_ = str(lookup.get(lower, lower)) if lookup is not None else lower
            return doc

    if not nlp.vocab.lookups.has_table("kg_lemma"):
        nlp.vocab.lookups.set_table("kg_lemma", table)
    nlp.add_pipe("kg_lemma_norm")
    return nlp


def lemma_of(nlp: Any, word: str) -> str:
    """The lookup lemma of one lower-case word (``'muscles'`` -> ``'muscle'``)."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    return str(table.get(word, word))
