"""Curated-style synthetic datasets, a course of N articles: ``synth_curated.py 100 -o DIR``.

``benchmarks/synth.py`` copies the *release* (N-Triples) and so never exercises ``kg build`` or
``kg validate``. This generator writes what a curator would: a data folder with ``kg.yaml``, the
vocabulary and shapes of a real dataset (default: the embedded one), and for each article ``a<j>``

- ``sources/a<j>.txt``: an article of synthetic sentences under headings, one sentence per relation
  of the template ("Knee effusion a3 causes joint swelling.") — each names both ends of its
  relation by label, so the quote rule and any end-anchoring check hold;
- ``sources/a<j>.yaml``: its metadata;
- ``curated/a<j>.yaml``: the template's concepts (with the same types, synonyms and definitions)
  and relations, each quote the verbatim sentence that states it.

Like ``synth.py``, a concept is either the article's own (id ``<id>--a<j>``... written ``<id>-a<j>``
since curated ids are ``[a-z0-9-]``; label ``"<label> a<j>"``), with probability ``1 - share``, or
shared with other articles (one of ``pool`` variants: ``<id>`` itself, or ``<id>-v<k>``), declared
once in the article that first uses it and referred to by id in later ones — as a department
curating many readings on one topic would. So the relation and concept counts grow linearly with N
and the same concept collects relations from many articles.

Deterministic for a given seed. Nothing here is shipped: it only feeds ``bench_build.py``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def load_template(data_dir: Path) -> tuple[list[dict], list[dict], dict[str, str]]:
    """The concepts and relations of every curated file of ``data_dir``, and predicate labels."""
    concepts: list[dict] = []
    relations: list[dict] = []
    for path in sorted((data_dir / "curated").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        concepts += doc.get("concepts") or []
        relations += doc.get("relations") or []
    return concepts, relations, predicate_labels(data_dir / "ontology" / "vocab.ttl")


def predicate_labels(vocab: Path) -> dict[str, str]:
    """``{local name: rdfs:label}`` of the vocabulary's properties (for readable sentences)."""
    from rdflib import OWL, RDF, RDFS, Graph

    graph = Graph().parse(vocab)
    labels: dict[str, str] = {}
    for kind in (OWL.ObjectProperty, RDF.Property):
        for prop in graph.subjects(RDF.type, kind):
            name = str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            label = graph.value(prop, RDFS.label)
            labels[name] = str(label) if label else name
    return labels


def generate(
    out: Path,
    articles: int,
    *,
    data_dir: Path = REPO / "data",
    share: float = 0.3,
    pool: int = 5,
    seed: int = 7,
    per_section: int = 10,
) -> dict[str, int]:
    """Write a dataset of ``articles`` synthetic articles into ``out``; return counts."""
    rng = random.Random(seed)
    concepts, relations, labels = load_template(data_dir)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    (out / "curated").mkdir()
    shutil.copytree(data_dir / "ontology", out / "ontology")
    settings = yaml.safe_load((data_dir / "kg.yaml").read_text(encoding="utf-8"))
    settings["title"] = f"Synthetic course of {articles} articles"
    settings["name"] = "synthetic-course"
    (out / "kg.yaml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")

    declared: set[str] = set()
    n_concepts = n_relations = 0
    for j in range(articles):
        doc = f"a{j}"
        choice: dict[str, tuple[str, str]] = {}  # template id -> (id, label) in this article
        for c in concepts:
            if rng.random() < share:
                k = rng.randrange(pool)
                cid, label = (c["id"], c["label"]) if k == 0 else (
                    f"{c['id']}-v{k}", f"{c['label']} v{k}")
            else:
                cid, label = f"{c['id']}-{doc}", f"{c['label']} {doc}"
            choice[c["id"]] = (cid, label)
        out_concepts = []
        for c in concepts:
            cid, label = choice[c["id"]]
            if cid in declared:
                continue
            declared.add(cid)
            item = {"id": cid, "label": label, "type": c["type"]}
            suffix = label[len(c["label"]):]
            if c.get("synonyms"):
                item["synonyms"] = [f"{s}{suffix}" for s in c["synonyms"]]
            if c.get("definition"):
                item["definition"] = c["definition"]
            out_concepts.append(item)
        lines: list[str] = []
        out_relations = []
        for i, r in enumerate(relations):
            if i % per_section == 0:
                lines.append(f"Section {i // per_section + 1} of article {j}")
            s_id, s_label = choice.get(r["subject"], (r["subject"], r["subject"]))
            o_id, o_label = choice.get(r["object"], (r["object"], r["object"]))
            verb = labels.get(r["predicate"], r["predicate"])
            sentence = f"{s_label[0].upper()}{s_label[1:]} {verb} {o_label} (statement {i})."
            lines.append(sentence)
            out_relations.append({"subject": s_id, "predicate": r["predicate"], "object": o_id,
                                  "quote": sentence[:-1]})
        (out / "sources" / f"{doc}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (out / "sources" / f"{doc}.yaml").write_text(yaml.safe_dump(
            {"title": f"Synthetic article {j}", "identifier": doc, "language": "en",
             "attribution": "Generated by benchmarks/synth_curated.py"}), encoding="utf-8")
        (out / "curated" / f"{doc}.yaml").write_text(yaml.safe_dump(
            {"source": doc, "concepts": out_concepts, "relations": out_relations},
            sort_keys=False, allow_unicode=True), encoding="utf-8")
        n_concepts += len(out_concepts)
        n_relations += len(out_relations)
    return {"articles": articles, "concepts": n_concepts, "relations": n_relations}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=int, help="how many articles (e.g. 10, 100, 1000)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="data folder to write")
    parser.add_argument("--data", type=Path, default=REPO / "data",
                        help="template dataset (default: the embedded one)")
    parser.add_argument("--share", type=float, default=0.3,
                        help="probability that a concept is shared across articles (default 0.3)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("articles must be at least 1")
    counts = generate(args.out, args.articles, data_dir=args.data, share=args.share, seed=args.seed)
    print(f"wrote {args.out}: {counts['articles']} articles, {counts['concepts']} concepts, "
          f"{counts['relations']} relations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
