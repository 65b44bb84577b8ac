"""Concept mentions in a sentence: known names, abbreviations, and head-word phrases.

A :class:`Mention` is a run of tokens of one sentence naming a concept candidate. Three
sources, in order of trust: the lexicon (curated concepts, vocabulary classes, ontology terms;
:mod:`kg.draft.lexicon`), abbreviation definitions found in the article
(:mod:`kg.draft.abbrev`), and phrases ending in a head word ("patellar tendon", "hamstring
strain"; :mod:`kg.draft.types`). Overlaps are resolved longest first, then by trust.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.draft.lexicon import Entry, Lexicon
from kg.draft.types import HEADS, head_type, is_head
from kg.names import normalize

# Words that never start or sit inside a head-word phrase: function words, and adjectives that
# grade rather than name ("significant pain" is the concept "pain").
_GRADING = {"significant", "severe", "mild", "common", "specific", "other", "certain",
            "various", "targeted", "further", "frequent", "sudden", "gradual", "persistent",
            "new", "main", "primary", "many", "several", "most", "more", "less", "such",
            "same", "different", "particular", "possible", "usual", "typical", "real",
            "excessive", "undue", "abnormal", "proper", "normal", "natural", "good", "poor",
            "great", "small", "large", "long", "short", "high", "low", "early", "late",
            "whole", "entire", "single", "simple", "local", "localized", "temporary",
            "important", "minor", "major", "serious", "true", "deep", "extra",
            "thick", "thin", "inward", "outward", "both", "each", "every", "any", "this",
            "that", "these", "those", "older", "younger", "example", "result", "need", "way",
            "weak", "tight", "repeated"}
# Words after which a head word is a verb, not a name ("forces the spine", "stress on")
_VERB_NEXT = {"the", "a", "an", "its", "their", "his", "her", "to", "up", "down"}
_MODALS = {"can", "may", "might", "could", "will", "would", "should", "must", "to", "does",
           "do", "did", "often", "usually", "also"}
_REGION_OF = {"back", "front", "side", "top", "area", "region", "end", "outside", "inside"}
_RULE_RANK = {"curated": 0, "vocabulary": 1, "lexicon": 2, "abbreviation": 3, "head-word": 4,
              "argument": 5}


@dataclass
class Mention:
    """Tokens ``start``..``end`` (exclusive) of a sentence doc; ``begin``/``finish`` are
    character offsets in the document."""

    start: int
    end: int
    begin: int
    finish: int
    text: str
    type: str
    rule: str
    key: str                        # the concept this mention names (grouping key)
    entry: Entry | None = None
    type_rule: str = ""

    @property
    def rank(self) -> int:
        return _RULE_RANK.get(self.rule, 9)


def token_keys(doc: Any) -> list[tuple[str, ...]]:
    """Alternative lookup keys per token: its normalized text and its lemma ("feet", "foot").
    Punctuation tokens get no key (so "X-rays" is the two keys x, ray)."""
    keys = []
    for token in doc:
        text_key = normalize(token.text)
        lemma_key = normalize(token.norm_)
        alternatives = tuple(dict.fromkeys(k for k in (text_key, lemma_key) if k))
        keys.append(alternatives)
    return keys


def find_mentions(doc: Any, offset: int, lexicon: Lexicon, local: Lexicon,
                  classes: set[str], stop_words: set[str],
                  verbs: frozenset[str] = frozenset(),
                  head_words: bool = True) -> list[Mention]:
    """Mentions in one sentence doc (``offset``: the sentence's start in the document).

    ``local`` holds the article's own abbreviations (short and long forms).
    """
    keys = token_keys(doc)
    found: list[Mention] = []
    for index in range(len(doc)):
        if not keys[index]:
            continue
        for source in (lexicon, local):
            hit = _match(source, keys, index)
            if hit is None:
                continue
            end, entry = hit
            if entry.acronym and not doc[index].text.isupper():
                continue
            found.append(_mention(doc, offset, index, end, entry))
    if head_words:
        # a one-word lexicon name heads a longer phrase as a head word does ("ganglion cyst")
        heads = {normalize(m.text): m.type for m in found
                 if m.end - m.start == 1 and m.rule == "lexicon" and m.type in _LEXICON_HEADS}
        found.extend(_head_phrases(doc, offset, keys, classes, stop_words | verbs, heads))
    return _resolve(found)


def _match(source: Lexicon, keys: list[tuple[str, ...]], index: int) -> tuple[int, Entry] | None:
    """Longest match from token ``index``, skipping punctuation tokens inside a name."""
    words = [i for i in range(index, min(len(keys), index + 3 * source.longest)) if keys[i]]
    hit = source.match([keys[i] for i in words], 0)
    if hit is None:
        return None
    end, entry = hit
    return words[end - 1] + 1, entry


def _mention(doc: Any, offset: int, start: int, end: int, entry: Entry) -> Mention:
    span = doc[start:end]
    text = span.text
    if entry.concept:
        key = f"id:{entry.concept}"
    elif entry.ontology_id:
        key = f"onto:{entry.ontology_id}"
    else:
        key = "name:" + normalize(entry.label)
    return Mention(start, end, offset + span.start_char, offset + span.end_char, text,
                   entry.type, entry.rule, key, entry, entry.rule)


_EPONYMOUS = {"Condition", "DiagnosticProcedure", "Symptom"}  # "Tinel's sign", "Baker's cyst"
_LEXICON_HEADS = {"PhysicalTherapy", "Condition", "Symptom", "Tissue", "AnatomicalStructure",
                  "Treatment"}


def _head_phrases(doc: Any, offset: int, keys: list[tuple[str, ...]], classes: set[str],
                  stop_words: set[str], heads: dict[str, str] | None = None) -> list[Mention]:
    """Phrases ending in a head word: up to three modifiers before it, none a function word.
    ``heads``: more head words (key -> type), the sentence's one-word lexicon names."""
    heads = heads or {}
    phrases = []
    for index, token in enumerate(doc):
        if not keys[index] or not token.is_alpha:
            continue
        key = keys[index][0]
        lemma = keys[index][-1]
        head = key if is_head(key) or key in heads else lemma if is_head(lemma) else None
        if head is None:
            continue
        following = doc[index + 1].text.lower() if index + 1 < len(doc) else ""
        if following and keys[index + 1] and (
                keys[index + 1][0] in HEADS or keys[index + 1][-1] in HEADS) \
                and doc[index + 1].is_alpha:
            continue  # "knee pain": the phrase ends at "pain", not at "knee"
        if index > 0 and doc[index - 1].text.lower() in _MODALS:
            continue  # "can repair", "to stretch": a verb
        gerund_subject = token.text.lower().endswith("ing") and (
            index == 0 or doc[index - 1].text in {",", ";", ":"})  # "Taping the kneecap helps"
        if (following in _VERB_NEXT and token.norm_ != token.text.lower()
                and not gerund_subject) or (following == "of" and key in _REGION_OF):
            continue  # "forces the spine" is a verb; "back of the leg" names the leg
        start = index
        while start > 0 and index - start < 3:
            previous = doc[start - 1]
            word = previous.text.lower()
            if previous.text == "-" and start > 1:
                start -= 2  # "weight-bearing", "ball-and-socket": keep the compound
                continue
            if previous.text.lower() in {"'s", "\u2019s"} and start > 1 and \
                    doc[start - 2].is_alpha and (doc[start - 2].text[0].islower() or (
                        start - 2 > 0 and head_type(token.text, classes) is not None
                        and head_type(token.text, classes)[0] in _EPONYMOUS)):
                start -= 2  # "runner's knee", "golfer's elbow", "Morton's neuroma"
                continue
            if start > 1 and doc[start - 2].text.lower() in _MODALS - {"often", "usually",
                                                                        "also"}:
                break  # "can damage muscles": the word after a modal is a verb
            if not previous.is_alpha or (word in stop_words or previous.norm_ in stop_words) \
                    and not is_head(normalize(word)) \
                    or word.endswith("ly") or word in _GRADING or (
                    word.endswith("s") and previous.norm_ != word and not word.endswith("ss")):
                break
            start -= 1
        while start < index and (doc[start].text.lower() in _GRADING or doc[start].text == "-"):
            start += 1
        span = doc[start:index + 1]
        guess = head_type(span.text, classes) or (
            (heads[key], key) if key in heads and start < index else None)
        if guess is None:
            continue
        kind, word = guess
        stop = index + 1
        if kind == "Activity" and token.text.lower().endswith("ing"):
            stop = _gerund_object(doc, index + 1, stop_words)  # "lifting the arm"
            span = doc[start:stop]
        text = span.text
        phrases.append(Mention(start, stop, offset + span.start_char,
                               offset + span.end_char, text, kind, "head-word",
                               "name:" + normalize(text), None, f"head word '{word}'"))
    return phrases


def _gerund_object(doc: Any, at: int, stop_words: set[str]) -> int:
    """End of an activity's object: "lifting | the arm", "shaking | hands" (one noun, after
    at most one article); ``at`` itself when none follows."""
    index = at
    if index < len(doc) and doc[index].text.lower() in {"the", "a", "an", "heavy", "your"}:
        index += 1
    if index < len(doc) and doc[index].is_alpha and doc[index].text.lower() not in stop_words \
            and not doc[index].text.lower().endswith("ly"):
        return index + 1
    return at


def _resolve(found: list[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longest first, then the most trusted source."""
    chosen: list[Mention] = []
    taken: set[int] = set()
    for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.rank, m.start)):
        tokens = set(range(mention.start, mention.end))
        if tokens & taken:
            continue
        chosen.append(mention)
        taken |= tokens
    return sorted(chosen, key=lambda m: m.start)
