"""Drafting facts from a new article: ``kg draft`` proposes, ``kg review`` decides.

Modules, one concern each: :mod:`~kg.draft.article` (reading and placing the article),
:mod:`~kg.draft.nlp` (spaCy blank pipeline with lookup lemmas), :mod:`~kg.draft.lexicon`
(known names), :mod:`~kg.draft.abbrev` (Schwartz–Hearst), :mod:`~kg.draft.types` (head-word
types), :mod:`~kg.draft.mentions`, :mod:`~kg.draft.cues` (relation cues, hedges, negations),
:mod:`~kg.draft.relations`, :mod:`~kg.draft.propose` (the whole draft),
:mod:`~kg.draft.model` (the draft file), :mod:`~kg.draft.accept` (into data/curated/),
:mod:`~kg.draft.review` (the review page and terminal), :mod:`~kg.draft.score` (benchmark).
"""
