"""``kg draft --accept``: move the accepted items of a draft into ``data/curated/<doc>.yaml``.

Everything is checked before anything is written, so that ``kg validate`` and ``kg build`` pass
afterwards: each quote is found in the article (in its sentence), each type and predicate is in
the vocabulary and fits the predicate's domain and range, each concept takes part in an accepted
relation (the validator's "orphans" check), no name is given to two concepts, and each concept
has a definition (the article's, else the sentence that first names it). The concepts an
accepted relation needs come along even if not accepted one by one; a concept already curated
is referred to by its id, never copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.draft.model import Draft, DraftConcept, atomic_write
from kg.errors import KGError
from kg.names import normalize

ACCEPT_MARKER = "# Written by `kg draft --accept`"


@dataclass
class AcceptReport:
    path: Path
    concepts: int = 0
    relations: int = 0
    pulled_in: list[str] = field(default_factory=list)
    #: (concept label, CURIE) of lexicon IDs written under close: and proposed in xrefs.tsv
    proposed_ids: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    definitions_from_sentence: list[str] = field(default_factory=list)


def accept(draft: Draft, project: Any, force: bool = False) -> AcceptReport:
    """Check the accepted items and write (or extend) the curated file of the draft's source."""
    from kg.curation import read_curated_file, read_curation
    from kg.ontology import read_ontology
    from kg.sources import read_document

    ontology = read_ontology(project.ontology_dir)
    target = project.curated_dir / f"{draft.source}.yaml"
    document = read_document(project.sources_dir / f"{draft.source}.txt")
    curation = read_curation(project.curated_dir)
    previous = None
    if target.exists():
        if ACCEPT_MARKER not in target.read_text(encoding="utf-8", errors="replace")[:500] \
                and not force:
            raise KGError(f"{target.name} is a curated file not written by `kg draft --accept`",
                          target, hint="add --force to add the accepted items to it (its "
                                       "comments are not kept)")
        previous = read_curated_file(target)
    existing = {c.id: c for f in curation.files if f.path != target for c in f.concepts}
    report = AcceptReport(target)
    by_id = {c.id: c for c in draft.concepts}

    def resolve(concept_id: str, where: str) -> str:
        seen = set()
        while concept_id in by_id and by_id[concept_id].same_as and concept_id not in seen:
            seen.add(concept_id)
            concept_id = str(by_id[concept_id].same_as)
        if concept_id in existing:
            return concept_id
        concept = by_id.get(concept_id)
        if concept is None:
            raise KGError(f"{where} names {concept_id!r}, which is neither in the draft nor "
                          f"curated", draft.path, hint="edit the relation in `kg review`")
        if concept.status == "rejected":
            raise KGError(f"{where} uses the rejected concept {concept.label!r}", draft.path,
                          hint="reject the relation too, or accept the concept")
        return concept_id

    relations = []
    needed: dict[str, DraftConcept] = {}
    for relation in (r for r in draft.relations if r.status == "accepted"):
        where = f"relation {relation.subject} {relation.predicate} {relation.object}"
        subject, obj = resolve(relation.subject, where), resolve(relation.object, where)
        ontology.require_property(relation.predicate, draft.path)
        try:
            document.find_quote(relation.quote, relation.sentence)
        except KGError as exc:
            raise exc.at(draft.path) from None
        types = []
        for end in (subject, obj):
            kind = existing[end].type if end in existing else by_id[end].type
            ontology.require_class(kind, draft.path)
            types.append(kind)
            if end not in existing:
                needed[end] = by_id[end]
        _check_fit(ontology, relation.predicate, types, where, draft.path)
        note = " ".join(filter(None, [relation.note, *(
            _merged_note(by_id[old], new, existing, by_id)
            for old, new in ((relation.subject, subject), (relation.object, obj))
            if old != new and old in by_id)]))
        relations.append({"subject": subject, "predicate": relation.predicate, "object": obj,
                          "quote": relation.quote, "sentence": relation.sentence,
                          **({"note": note} if note else {})})
    for concept in draft.concepts:
        if concept.status == "accepted" and not concept.existing and not concept.same_as \
                and concept.id not in needed:
            report.skipped.append(concept.label)
    report.pulled_in = sorted(c.label for c in needed.values() if c.status != "accepted")
    concepts = [_concept_data(c, document, report, project) for c in needed.values()]
    _check_names(concepts, existing, draft.path)
    if previous is not None:
        concepts, relations = _merge(previous, concepts, relations)
    report.concepts, report.relations = len(concepts), len(relations)
    if not relations:
        raise KGError("nothing to move: no relation of the draft is accepted", draft.path,
                      hint="accept relations in `kg review FILE` (a concept is moved with "
                           "the relations it takes part in)")
    atomic_write(target, _dump(draft.source, concepts, relations))
    read_curated_file(target)  # what was written parses as a curated file
    _propose_xrefs(project, report.proposed_ids)
    return report


def _merged_note(old: DraftConcept, new: str, existing: dict[str, Any],
                 by_id: dict[str, DraftConcept]) -> str:
    """How the sentence names an end merged in review into another concept (so that the
    validator's anchoring check, which wants each end named by the sentence or the note, holds
    and a reader sees the reading)."""
    target = existing[new].label if new in existing else by_id[new].label
    return f"The sentence's {old.label!r} is {target!r} (merged in kg review)."


def _check_fit(ontology: Any, predicate: str, types: list[str], where: str, path: Any) -> None:
    domain = ontology.domains.get(predicate, "Concept")
    range_ = ontology.ranges.get(predicate, "Concept")
    for kind, wanted, side in ((types[0], domain, "subject"), (types[1], range_, "object")):
        if not ontology.is_subclass(kind, wanted):
            raise KGError(f"{where}: its {side} is a {kind}, but {predicate!r} needs a "
                          f"{wanted}", path,
                          hint="edit the predicate or the concept's type in `kg review`")


def _concept_data(concept: DraftConcept, document: Any, report: AcceptReport,
                  project: Any) -> dict[str, Any]:
    definition = concept.definition
    if not definition:
        definition = _naming_sentence(concept, document)
        report.definitions_from_sentence.append(concept.label)
    prefixes = project.settings.prefixes
    ids = [curie for curie in concept.exact if curie.split(":", 1)[0] in prefixes]
    data: dict[str, Any] = {"id": concept.id, "label": concept.label, "type": concept.type}
    if concept.synonyms:
        data["synonyms"] = list(concept.synonyms)
    data["definition"] = definition
    if ids:
        # A name match in the lexicon is a proposal, not a verified exact match: the ID goes
        # under close:, and into the dataset's ID table marked PROPOSED (see _propose_xrefs).
        data["close"] = ids
        report.proposed_ids.extend((concept.label, curie) for curie in ids)
    return data


def _propose_xrefs(project: Any, proposed: list[tuple[str, str]]) -> None:
    """Add the lexicon's IDs that the dataset's ID table lacks, each row marked PROPOSED with
    the ontology's label, so that ``kg validate`` passes and a curator sees what to verify
    before citing one as ``exact:``."""
    import csv
    import io

    from kg.draft.lexicon import lexicon_files
    from kg.xrefs import COLUMNS, XREFS_FILE, read_xrefs

    path = project.ontology_dir / XREFS_FILE
    known = read_xrefs(path)
    wanted = [(label, curie) for label, curie in dict.fromkeys(proposed) if curie not in known]
    if not wanted:
        return
    labels: dict[str, tuple[str, str]] = {}
    for lexicon in lexicon_files(project.data_dir):
        with lexicon.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get("id"):
                    labels.setdefault(row["id"], (row.get("label") or "", lexicon.name))
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    if not path.is_file():
        writer.writerow(COLUMNS)
    for concept, curie in wanted:
        label, source = labels.get(curie, ("", "the draft"))
        writer.writerow([concept, curie.split(":", 1)[0], curie, label,
                         f"data/lexicon/{source} (kg draft)",
                         "PROPOSED: a name match in the draft lexicon, not yet checked against "
                         "the ontology; verify it before citing it under exact:"])
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    if before and not before.endswith("\n"):
        before += "\n"
    atomic_write(path, before + out.getvalue())


def _naming_sentence(concept: DraftConcept, document: Any) -> str:
    """The first statement (not a question) naming the concept, else its first sentence."""
    names = [n.casefold() for n in [concept.label, *concept.synonyms]]
    start = concept.sentence or 1
    for sentence in document.sentences[start - 1:]:
        text = sentence.text.casefold()
        if not sentence.text.endswith("?") and any(name in text for name in names):
            return sentence.text
    return document.sentence(start).text


def _check_names(concepts: list[dict[str, Any]], existing: dict[str, Any], path: Any) -> None:
    """No name for two concepts: a clashing synonym is dropped, a clashing label refused."""
    owner = {}
    for concept in existing.values():
        for name in [concept.label, *concept.synonyms]:
            owner[normalize(name)] = concept.id
    for data in concepts:
        key = normalize(data["label"])
        if owner.get(key, data["id"]) != data["id"]:
            raise KGError(f"the label {data['label']!r} already names {owner[key]!r}", path,
                          hint="merge the two in `kg review` (e, then 'same as')")
        owner[key] = data["id"]
        kept = []
        for synonym in data.get("synonyms", []):
            if owner.setdefault(normalize(synonym), data["id"]) == data["id"]:
                kept.append(synonym)
        if kept:
            data["synonyms"] = kept
        else:
            data.pop("synonyms", None)


def _merge(previous: Any, concepts: list[dict[str, Any]],
           relations: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    old_concepts = [{k: v for k, v in (("id", c.id), ("label", c.label), ("type", c.type),
                                       ("synonyms", c.synonyms), ("definition", c.definition),
                                       ("exact", c.exact), ("close", c.close)) if v}
                    for c in previous.concepts]
    old_relations = [{k: v for k, v in (("subject", r.subject), ("predicate", r.predicate),
                                        ("object", r.object), ("quote", r.quote),
                                        ("sentence", r.sentence), ("note", r.note)) if v}
                     for r in previous.relations]
    ids = {c["id"] for c in old_concepts}
    triples = {(r["subject"], r["predicate"], r["object"], r["quote"]) for r in old_relations}
    return (old_concepts + [c for c in concepts if c["id"] not in ids],
            old_relations + [r for r in relations if (r["subject"], r["predicate"],
                                                      r["object"], r["quote"]) not in triples])


def _dump(source: str, concepts: list[dict[str, Any]], relations: list[dict[str, Any]]) -> str:
    import yaml

    header = (f"{ACCEPT_MARKER} from drafts/{source}.yaml: each relation quotes "
              f"data/sources/{source}.txt.\n")
    body = yaml.safe_dump({"source": source, "concepts": concepts, "relations": relations},
                          sort_keys=False, allow_unicode=True, width=100)
    return header + body
