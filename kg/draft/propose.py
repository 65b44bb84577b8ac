"""Turn an article into a draft: concept and relation proposals, each with rule and confidence.

The steps, each in its own module: names (:mod:`kg.draft.lexicon`), abbreviations
(:mod:`kg.draft.abbrev`), mentions (:mod:`kg.draft.mentions`), cues (:mod:`kg.draft.cues`),
relations (:mod:`kg.draft.relations`). This module groups mentions into concepts, finds
definitions, and writes quotes as offsets into the article so every quote is verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.curation import Concept, suggest_id
from kg.draft.abbrev import find_abbreviations
from kg.draft.arguments import argument_mentions, subject_chunks
from kg.draft.lexicon import Entry, Lexicon, build_lexicon, name_key
from kg.draft.mentions import Mention, find_mentions
from kg.draft.model import Draft, DraftConcept, DraftRelation
from kg.draft.relations import sentence_relations
from kg.draft.types import head_type, is_head
from kg.names import normalize
from kg.ontology import Ontology
from kg.sources import Document

_CONFIDENCE = {"curated": 0.95, "lexicon": 0.85, "vocabulary": 0.7, "abbreviation": 0.75,
               "head-word": 0.45, "argument": 0.35,
               "subject-chunk": 0.4}
_DEFINITION = re.compile(r"^,\s+((?:a|an|the)\s[^,;()]{8,160}?)(?:,|\.$|;)")


@dataclass
class Resources:
    """What a draft is made from besides the article (built once, reused for many drafts)."""

    ontology: Ontology
    lexicon: Lexicon
    existing: dict[str, Concept] = field(default_factory=dict)
    # the candidate sources beyond the lexicon, switchable to measure what each adds
    # "arguments" (kg/draft/arguments.py) is off: on the tuned articles it added concepts but
    # no relations and cost precision (docs/drafting.md)
    # "subject-chunks": the noun phrases of a sentence-initial subject list (arguments.py)
    features: frozenset[str] = frozenset({"abbreviations", "head-words", "pronouns",
                                          "type-pairs", "subject-chunks"})
    # relation proposals below this confidence are left out of the draft: tuned on ONE
    # fixture article (neck-pain, the highest F1 whose recall kept a 10-point margin over the
    # 60% target), reported on the others (docs/drafting.md)
    min_confidence: float = 0.4


def load_resources(project: Any, exclude: Iterable[str] = (),
                   skip_curated: Iterable[str] = (), lexicon: bool = True) -> Resources:
    """The vocabulary, the curated concepts (except those of the files ``skip_curated``, by
    source id) and the lexicon files (unless ``lexicon`` is false), without the names
    ``exclude``."""
    from kg.curation import read_curation
    from kg.draft.lexicon import lexicon_files
    from kg.ontology import read_ontology

    ontology = read_ontology(project.ontology_dir)
    skip = set(skip_curated)
    curation = read_curation(project.curated_dir)
    concepts = [c for f in curation.files if f.source not in skip for c in f.concepts]
    names = build_lexicon(concepts, ontology.classes, ontology.labels,
                          lexicon_files(project.data_dir) if lexicon else [], exclude)
    return Resources(ontology, names, {c.id: c for c in concepts})


def propose(document: Document, resources: Resources) -> Draft:
    """The draft of one article."""
    from kg.draft.cues import cue_matcher, cue_verbs, is_noun_use
    from kg.draft.tokens import make_doc
    from kg.draft.tokens import stop_words as english_stop_words

    matcher = cue_matcher()
    ontology = resources.ontology
    classes = ontology.classes
    sentences = document.sentences
    docs = [make_doc(s.text) for s in sentences]
    features = resources.features
    local = _abbreviations(document, docs, resources.lexicon, classes) \
        if "abbreviations" in features else Lexicon()
    stop_words = set(english_stop_words())
    verbs = cue_verbs()
    fits = _fits(ontology)
    builder = _ConceptBuilder(resources, document)
    relations: list[DraftRelation] = []
    antecedent: Mention | None = None
    earlier: list[Mention] = []
    topic: Mention | None = None    # the condition named last
    heading: tuple[str | None, Mention | None] = (None, None)  # a section title's condition
    for sentence, doc in zip(sentences, docs, strict=True):
        if sentence.section != heading[0]:
            heading = (sentence.section, _heading_condition(
                sentence.section, resources, local, classes, stop_words, verbs))
        mentions = find_mentions(doc, sentence.start, resources.lexicon, local, classes,
                                 stop_words, verbs, "head-words" in features)
        matches = [(cue, start, end) for cue, start, end in _longest(matcher(doc))
                   if not is_noun_use(doc, start, end)]
        if "arguments" in features:
            mentions = sorted(mentions + argument_mentions(
                doc, sentence.start, mentions, matches, ontology.domains, ontology.ranges,
                stop_words, verbs), key=lambda m: m.start)
        # a head-word phrase ending on the first word of a cue of several words is a verb
        # ("a sudden increase in weekly mileage raise the risk": not "mileage raise")
        verb_at = {start for cue, start, end in matches if end - start > 1}
        mentions = [m for m in mentions if not (m.rule == "head-word" and m.end - 1 in verb_at)]
        if "subject-chunks" in features:
            chunks = subject_chunks(doc, sentence.start, mentions, matches, ontology.domains,
                                    stop_words, verbs)
            mentions = sorted([m for m in mentions if not any(
                c.start <= m.start and m.end <= c.end for c in chunks)] + chunks,
                key=lambda m: m.start)
        _aliases(doc, mentions, builder)
        _called(doc, mentions, builder, antecedent)
        _short_names(mentions, builder, sentence.number)
        _participles(mentions, builder)
        for mention in mentions:
            builder.add(mention, sentence.number)
            # a second name is typed as its concept ("frozen shoulder" is the condition)
            mention.type = builder.groups[mention.key].type
        _definitions(document.text, mentions, builder)
        for candidate in sentence_relations(doc, mentions, matches, sentence.start, fits,
                                            antecedent if "pronouns" in features else None,
                                            "type-pairs" in features, earlier,
                                            _topic(heading[1], topic, builder)):
            relations.append(DraftRelation(
                subject=builder.id_of(candidate.subject), predicate=candidate.predicate,
                object=builder.id_of(candidate.object),
                quote=document.text[candidate.begin:candidate.finish],
                sentence=sentence.number, confidence=candidate.confidence,
                rule=candidate.rule, note=candidate.note))
        topic = next((m for m in reversed(mentions) if m.type == "Condition"), topic)
        if mentions and doc[0].text.lower() not in {"it", "they", "this", "these"}:
            antecedent = mentions[0]  # after "It ...", "it" still stands for the same
            earlier = mentions[1:]
    kept = [r for r in _unique(relations) if r.confidence >= resources.min_confidence]
    return Draft(document.id, builder.concepts(), kept)


def _heading_condition(title: str | None, resources: Resources, local: Lexicon,
                       classes: set[str], stop_words: set[str],
                       verbs: frozenset[str]) -> Mention | None:
    """The condition a section title names ("Plantar fasciitis", "Carpal tunnel syndrome"):
    what the section's sentences are about when one names no condition of its own."""
    from kg.draft.tokens import make_doc

    if not title:
        return None
    found = find_mentions(make_doc(title), 0, resources.lexicon, local, classes, stop_words,
                          verbs, "head-words" in resources.features)
    return next((m for m in found if m.type == "Condition"), None)


def _topic(heading: Mention | None, last: Mention | None,
           builder: _ConceptBuilder) -> Mention | None:
    """The section title's condition once the text has named it, else the last condition."""
    if heading is not None:
        key = builder.aliases.get(heading.key, heading.key)
        if key in builder.groups:
            heading.key = key
            return heading
    return last


def _fits(ontology: Ontology):
    def fits(predicate: str, subject_type: str, object_type: str) -> bool:
        if predicate not in ontology.properties:
            return False
        domain = ontology.domains.get(predicate, "Concept")
        range_ = ontology.ranges.get(predicate, "Concept")
        return (ontology.is_subclass(subject_type, domain)
                and ontology.is_subclass(object_type, range_))
    return fits


def _longest(matches: list[tuple[Any, int, int]]) -> list[tuple[Any, int, int]]:
    """Overlapping cue matches: keep the longest ("worsen with" over "worsen")."""
    kept: list[tuple[Any, int, int]] = []
    # equal lengths: the phrase that names more of its words ("feel deep in" over "feel in")
    for match in sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1], -len(m[0].name.split()))):
        if all(match[2] <= k[1] or match[1] >= k[2] for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m[1])


def _abbreviations(document: Document, docs: list[Any], lexicon: Lexicon,
                   classes: set[str]) -> Lexicon:
    """A lexicon of the article's own abbreviations: each short form, and its long form."""
    local = Lexicon()
    for sentence in document.sentences:
        for found in find_abbreviations(sentence.text):
            long_form, short = found.long, found.short
            after = sentence.text[found.long_end:].split(")", 1)[-1].split()
            if after and is_head(normalize(after[0])) and head_type(long_form, classes) is None:
                head = after[0].strip(",.;:")
                long_form, short = f"{long_form} {head}", f"{short} {head}"
            known = lexicon.entries.get(name_key(long_form))
            if known is None:
                guess = head_type(long_form, classes)
                if guess is None:
                    continue
                known = Entry(long_form, long_form, guess[0], "abbreviation")
                local.add(known)
            local.add(Entry(short, known.label, known.type, "abbreviation",
                            concept=known.concept, ontology_id=known.ontology_id,
                            acronym=short.isupper()))
    return local


_ALIAS_CUES = ([",", "or"], [",", "known", "as"], [",", "also", "known", "as"],
               [",", "also", "called"], [",", "often", "called"], [",", "called"],
               [",", "usually", "called"], [",", "commonly", "called"],
               [",", "sometimes", "called"], [",", "commonly", "known", "as"],
               [",", "usually", "known", "as"], ["(", "or"], ["or"])


def _aliases(doc: Any, mentions: list[Mention], builder: _ConceptBuilder) -> None:
    """Second names given in apposition: "adhesive capsulitis, or frozen shoulder," and
    "the pain, known as sciatica," make the second a synonym of the first."""
    for first, second in zip(mentions, mentions[1:], strict=False):
        between = [doc[i].text.lower() for i in range(first.end, second.start)]
        after = doc[second.end].text if second.end < len(doc) else "."
        if between not in _ALIAS_CUES or after not in {",", ".", ")", ";"}:
            continue
        if between == ["or"] and first.start > 0 and doc[first.start - 1].text != ",":
            continue  # "pain or swelling" lists two things; ", X or Y," renames
        if _broad(first.type) == "anatomy" and _broad(second.type) != "anatomy":
            continue  # "inflammation of the bursa, known as bursitis": not the bursa's name
        builder.alias(second.key, first.key)


_SHORTENED = {"Condition", "Tissue", "Ligament", "Muscle", "Joint", "Bone", "Nerve",
              "Exercise", "Injection", "SurgicalProcedure"}


def _short_names(mentions: list[Mention], builder: _ConceptBuilder, sentence: int) -> None:
    """A one-word name standing for a longer one met in the last sentences: after "ankle
    sprain", "a sprain" is the ankle sprain; after "Achilles tendon", "the tendon" is it."""
    for mention in mentions:
        if mention.end - mention.start != 1 or mention.type not in _SHORTENED or \
                mention.key in builder.groups or mention.entry is not None and \
                mention.entry.concept:
            continue
        word = normalize(mention.text)
        for key in reversed(builder.recent):
            concept = builder.groups[key]
            if sentence - (builder.last_seen.get(key) or 0) > 4:
                continue
            words = normalize(concept.label).split()
            if len(words) > 1 and words[-1] == word and _broad(concept.type) == _broad(
                    mention.type):
                builder.alias(mention.key, key)
                break


# "a ruptured Achilles tendon" is the "Achilles tendon rupture" named before (or after)
_PARTICIPLES = {"ruptured": "rupture", "torn": "tear", "fractured": "fracture",
                "broken": "fracture", "sprained": "sprain", "strained": "strain",
                "dislocated": "dislocation", "inflamed": "inflammation",
                "herniated": "herniation", "impinged": "impingement"}
_NOMINALS = {noun: participle for participle, noun in _PARTICIPLES.items()}


def _participles(mentions: list[Mention], builder: _ConceptBuilder) -> None:
    """One concept for "ruptured X" and "X rupture" when the article uses both."""
    known = {name: key for key, names in builder.names.items() for name in names}
    for mention in mentions:
        words = normalize(mention.text).split()
        if len(words) < 2 or mention.key in builder.groups:
            continue
        if words[0] in _PARTICIPLES:
            other = " ".join([*words[1:], _PARTICIPLES[words[0]]])
        elif words[-1] in _NOMINALS:
            other = " ".join([_NOMINALS[words[-1]], *words[:-1]])
        else:
            continue
        if other in known:
            builder.alias(mention.key, known[other])


_CALLED = ({"called"}, {"known", "as"}, {"termed"}, {"named"})


def _called(doc: Any, mentions: list[Mention], builder: _ConceptBuilder,
            antecedent: Mention | None) -> None:
    """ "It is often called runner's knee.": a second name of the concept "It" stands for."""
    words = [t.text.lower() for t in doc]
    if antecedent is None or not mentions or words[:1] != ["it"] or "is" not in words[:3]:
        return
    name = mentions[0]
    before = {w for w in words[2:name.start]
              if not w.endswith("ly") and w not in {"also", "often", "sometimes"}}
    if before in _CALLED and name.end >= len(doc) - 1:
        builder.alias(name.key, antecedent.key)


def _broad(kind: str) -> str:
    """Anatomy, or the type itself: an alias must not rename a joint as a condition."""
    anatomy = {"AnatomicalStructure", "Joint", "Bone", "Muscle", "Ligament", "Nerve", "Tissue",
               "BodyRegion"}
    return "anatomy" if kind in anatomy else kind


class _ConceptBuilder:
    """Groups mentions naming the same concept; gives each group a unique id."""

    def __init__(self, resources: Resources, document: Document) -> None:
        self.resources = resources
        self.document = document
        self.groups: dict[str, DraftConcept] = {}
        self.names: dict[str, set[str]] = {}
        self.used_ids = set(resources.existing)
        self.aliases: dict[str, str] = {}
        self.recent: list[str] = []            # concept keys, most recently named last
        self.last_seen: dict[str, int] = {}

    def alias(self, key: str, target: str) -> None:
        """Mentions with ``key`` name the concept of ``target`` (unless already a concept)."""
        if key not in self.groups and key != target:
            self.aliases[key] = self.aliases.get(target, target)

    def add(self, mention: Mention, sentence: int) -> None:
        mention.key = self.aliases.get(mention.key, mention.key)
        if mention.key in self.recent:
            self.recent.remove(mention.key)
        self.recent.append(mention.key)
        self.last_seen[mention.key] = sentence
        group = self.groups.get(mention.key)
        if group is None:
            group = self.groups[mention.key] = self._new(mention, sentence)
            self.names[mention.key] = {normalize(group.label)}
        else:
            group.confidence = min(0.99, group.confidence + 0.02)
        name = _surface(mention.text)
        if normalize(name) not in self.names[mention.key]:
            self.names[mention.key].add(normalize(name))
            group.synonyms.append(name)  # for a curated concept: the names the article uses

    def _new(self, mention: Mention, sentence: int) -> DraftConcept:
        entry = mention.entry
        if entry is not None and entry.concept:
            existing = self.resources.existing.get(entry.concept)
            return DraftConcept(entry.concept, existing.label if existing else entry.label,
                                entry.type, confidence=_CONFIDENCE["curated"], rule="curated",
                                sentence=sentence, existing=True,
                                note="already curated: its id is reused")
        if entry is not None and entry.rule == "abbreviation":
            label = _surface(entry.label)
        else:
            label = _surface(mention.text)
        concept_id = self._unique_id(suggest_id(label))
        rule = mention.rule
        note = None
        if entry is not None and entry.ontology_id:
            rule = f"lexicon:{entry.ontology_id.split(':')[0]}"
            if normalize(entry.label) != normalize(label):
                note = f"ontology label: {entry.label}"
        elif mention.type_rule.startswith("head word"):
            note = f"type from the {mention.type_rule}"
        elif mention.rule in {"argument", "subject-chunk"}:
            note = f"{mention.type_rule} (a guess: no known name here)"
        return DraftConcept(concept_id, label, mention.type,
                            exact=[entry.ontology_id] if entry and entry.ontology_id else [],
                            confidence=_CONFIDENCE.get(mention.rule, 0.5), rule=rule,
                            sentence=sentence, note=note)

    def _unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def id_of(self, mention: Mention) -> str:
        return self.groups[self.aliases.get(mention.key, mention.key)].id

    def concepts(self) -> list[DraftConcept]:
        return sorted(self.groups.values(), key=lambda c: (c.sentence or 0, c.id))


def _definitions(text: str, mentions: list[Mention], builder: _ConceptBuilder) -> None:
    """An appositive right after a mention is its definition: "X, an inflammation of Y,"."""
    for mention in mentions:
        concept = builder.groups[mention.key]
        if concept.definition or concept.existing:
            continue
        match = _DEFINITION.match(text[mention.finish:mention.finish + 200])
        if match:
            definition = match.group(1).strip()
            concept.definition = definition[0].upper() + definition[1:] + "."
            concept.note = "; ".join(filter(None, [concept.note,
                                                   "definition from the apposition"]))


def _surface(text: str) -> str:
    """A name as a label: sentence-initial capitals lowered unless it is an acronym."""
    words = text.split()
    if words and not words[0].isupper() and words[0][:1].isupper() and words[0][1:].islower():
        words[0] = words[0].lower()
    return " ".join(words)


def _unique(relations: list[DraftRelation]) -> list[DraftRelation]:
    seen: dict[str, DraftRelation] = {}
    for relation in relations:
        if relation.key not in seen or relation.confidence > seen[relation.key].confidence:
            seen[relation.key] = relation
    return list(seen.values())


def draft_path(project: Any, doc_id: str) -> Path:
    """Where the draft of ``doc_id`` goes by default."""
    return project.curated_dir / "drafts" / f"{doc_id}.yaml"
