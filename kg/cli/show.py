"""kg show — one concept: its type, names, definition, IDs, and every relation with its quote."""

from __future__ import annotations

import argparse
import json

DESCRIPTION = """\
Show one concept: its type, synonyms, definition and IDs (CURIEs: "same as" for exact
matches, "close to" for close ones, each with the label its ontology gives it, from the
dataset's verified ID table), then every relation it takes part in, outgoing and incoming,
each with the quote of the article that states it and the sentence number ("inferred" when
the relation is read across sentences or from a heading; its note says how).

NAME is a label, a synonym or an id; case, hyphens and plurals do not matter. An unknown
name suggests close ones; a name shared by two concepts lists both (use the id).

A NAME that is no concept but a kind of concept (a class of the vocabulary: "surgical
procedure", "surgery", "medication", "imaging test") lists the concepts of that kind and of
its sub-kinds, each with its one-line definition."""
EPILOG = """\
examples:
  kg show "knee osteoarthritis"
  kg show knee OA                     (the words are joined: no quotes needed)
  kg show knee-osteoarthritis --format json
  kg show surgery                     (a kind: its members with their definitions)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", nargs="+", metavar="NAME",
                        help="the concept (quotes optional: the words are joined)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from kg.errors import KGError
    from kg.inspect import card, format_card
    from kg.load import load
    from kg.resolve import Resolver
    from kg.xrefs import xref_labels

    graph = load(args.project)
    name = " ".join(args.name)
    try:
        iri = Resolver(graph).resolve(name)
    except KGError:
        kind = class_named(graph, name)
        if kind is None:
            raise
        members = kind_members(graph, kind)
        if args.format == "json":
            print(json.dumps(members, indent=2, ensure_ascii=False))
        else:
            print(format_members(members), end="")
        return 0
    data = card(graph, iri, args.project.settings.prefixes,
                xref_labels(args.project.ontology_dir))
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_card(data))
    return 0


# ------------------------------------------------------------------ a kind of concept

def class_named(graph, name: str) -> str | None:
    """The vocabulary class a name means: its local name or label, any case or plural, or
    words that share their stem with the label's ("surgery" for "Surgical procedure")."""
    from kg.names import normalize
    from kg.ontology import Ontology

    ontology = Ontology.from_graph(graph)
    wanted = normalize(name).split()
    if not wanted:
        return None
    exact, stems = [], []
    for cls in sorted(ontology.classes):
        label = ontology.labels.get(cls, cls)
        camel = "".join(c if c.islower() else f" {c}" for c in cls).strip()
        for text in (label, camel):
            words = normalize(text).split()
            if words == wanted:
                exact.append(cls)
            elif all(any(_same_stem(w, x) for x in words) for w in wanted):
                stems.append(cls)
    found = exact or stems
    return found[0] if found else None


def _same_stem(a: str, b: str) -> bool:
    """Words with a common beginning of at least 4 letters and half the longer word."""
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 4 and n * 2 >= max(len(a), len(b))


def kind_members(graph, cls: str) -> dict:
    """The concepts of class ``cls`` or a subclass, with their kind and definition."""
    from rdflib import RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

    from kg.namespaces import KGV_IRI
    from kg.ontology import Ontology

    ontology = Ontology.from_graph(graph)
    members = []
    for sub in sorted(ontology.subclasses(cls)):
        for concept in graph.subjects(RDF.type, URIRef(KGV_IRI + sub)):
            members.append({
                "id": str(concept).rstrip("/").rsplit("/", 1)[-1],
                "label": str(graph.value(concept, RDFS.label) or concept),
                "kind": ontology.labels.get(sub, sub),
                "definition": str(graph.value(concept, SKOS.definition) or "")})
    members.sort(key=lambda m: m["label"].casefold())
    return {"kind": cls, "label": ontology.labels.get(cls, cls),
            "members": members}


def format_members(data: dict) -> str:
    """``Surgical procedure: 2 concepts of this kind`` and one line for each."""
    from kg.cli.explain import terminal_width, wrap

    width = terminal_width()
    members = data["members"]
    lines = [f"{data['label']} (a kind of concept, kgv:{data['kind']}): {len(members)} "
             f"concept{'s' if len(members) != 1 else ''} of this kind"]
    for m in members:
        kind = f" [{m['kind']}]" if m["kind"] != data["label"] else ""
        text = f"{m['label']}{kind}" + (f" — {m['definition']}" if m["definition"] else "")
        lines.append(wrap(text, width, indent="  ").replace("\n  ", "\n      "))
    return "\n".join(lines) + "\n"
