"""How well and how fast `kg draft` proposes: scores against hand-made gold, and timings.

Quality: each fixture article of tests/fixtures/articles/ against its .gold.yaml, and the
embedded hip article drafted "from scratch" (its curated concepts and every name they have
left out of the lexicon) against its curated file. Definitions in kg/draft/score.py.
Speed: `kg draft` as a fresh process (cold: Python, spaCy and the lexicon loaded) on a
40-sentence article and on a 1,000-sentence one made of the fixture articles repeated.

    .venv/bin/python benchmarks/bench_draft.py [--no-speed] [--show ARTICLE]

``--show ARTICLE`` (a fixture id, or "hip") prints that article's missed gold concepts and
relations and its wrong relation candidates, sentence by sentence: what to study next.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "fixtures" / "articles"
HIP = "hip-and-lower-back-pain"
# Tuned on: the extractor's rules were adjusted while looking at these drafts; the confidence
# threshold (Resources.min_confidence) was chosen on neck-pain alone. Each new article was
# written with its gold before kg draft ever ran on it and scored once as held out before its
# misses were studied: wrist-and-hand-pain, thigh-and-hamstring, heel-and-foot-pain,
# shin-and-calf-pain (their
# first, held-out scores are in docs/drafting.md; every fixture is now tuned on).
TUNED = {"knee-pain-in-runners", "shoulder-pain", "ankle-and-achilles", "elbow-pain",
         "neck-pain", "wrist-and-hand-pain", "thigh-and-hamstring", "heel-and-foot-pain",
         "shin-and-calf-pain", HIP}
THRESHOLD_TUNED_ON = "neck-pain"


def quality() -> list[tuple[str, object]]:
    from kg.config import Project
    from kg.curation import read_curated_file
    from kg.draft.propose import load_resources, propose
    from kg.draft.score import score
    from kg.sources import read_document

    project = Project(REPO / "data")
    rows = []
    resources = load_resources(project)
    for gold_path in sorted(ARTICLES.glob("*.gold.yaml")):
        doc_id = gold_path.name.removesuffix(".gold.yaml")
        document = read_document(ARTICLES / f"{doc_id}.txt")
        document.id = doc_id
        rows.append((doc_id, score(propose(document, resources), read_curated_file(gold_path),
                                   document)))
    curated = read_curated_file(project.curated_dir / f"{HIP}.yaml")
    names = [n for c in curated.concepts for n in [c.label, *c.synonyms]]
    scratch = load_resources(project, exclude=names, skip_curated=[HIP])
    document = read_document(project.sources_dir / f"{HIP}.txt")
    rows.append((f"{HIP} (from scratch)", score(propose(document, scratch), curated, document)))
    return rows


def details(doc_id: str) -> None:
    """Print the misses and false positives of one article's draft."""
    from kg.config import Project
    from kg.curation import read_curated_file
    from kg.draft.propose import load_resources, propose
    from kg.draft.score import matches_of, score
    from kg.sources import read_document

    project = Project(REPO / "data")
    if doc_id in ("hip", HIP):
        gold = read_curated_file(project.curated_dir / f"{HIP}.yaml")
        names = [n for c in gold.concepts for n in [c.label, *c.synonyms]]
        resources = load_resources(project, exclude=names, skip_curated=[HIP])
        document = read_document(project.sources_dir / f"{HIP}.txt")
    else:
        gold = read_curated_file(ARTICLES / f"{doc_id}.gold.yaml")
        resources = load_resources(project)
        document = read_document(ARTICLES / f"{doc_id}.txt")
        document.id = doc_id
    draft = propose(document, resources)
    s = score(draft, gold, document)
    matches = matches_of(draft, gold)
    found = {g for ids in matches.values() for g in ids}
    print(f"{doc_id}: concepts {s.concept_recall:.0%}, relations {s.relation_recall:.0%}, "
          f"precision {s.relation_precision:.0%}")
    print("missed concepts:", ", ".join(f"{c.label} ({c.type})" for c in gold.concepts
                                         if c.id not in found))
    labels = {c.id: c.label for c in draft.concepts}
    right, missed = _right_and_missed(draft, gold, document, matches)
    print("missed relations:")
    for r in missed:
        ends = "".join("+" if e in found else "-" for e in (r.subject, r.object))
        print(f"  [{ends}] {r.subject} {r.predicate} {r.object}  | {r.quote}")
    print("wrong candidates:")
    for i, c in enumerate(draft.relations):
        if i not in right:
            print(f"  s{c.sentence} {labels.get(c.subject)} {c.predicate} "
                  f"{labels.get(c.object)} ({c.confidence}, {c.rule})  | {c.quote[:90]}")


def _right_and_missed(draft, gold, document, matches):  # type: ignore[no-untyped-def]
    from kg.draft.score import relation_hits

    hits = relation_hits(draft, gold, document, matches)
    right = {i for found in hits.values() for i in found}
    return right, [r for k, r in enumerate(gold.relations) if not hits[k]]


def ablation() -> list[tuple[str, float, float, float]]:
    """Mean concept recall, relation recall and precision over the fixture articles with one
    source of candidates switched off at a time: what each adds."""
    from dataclasses import replace

    from kg.config import Project
    from kg.curation import read_curated_file
    from kg.draft.propose import load_resources, propose
    from kg.draft.score import score
    from kg.sources import read_document

    project = Project(REPO / "data")
    full = load_resources(project)
    variants = {
        "everything": full,
        "without the ontology lexicon": load_resources(project, lexicon=False),
        "without curated names": load_resources(project, skip_curated=[HIP]),
        "without abbreviations": replace(full, features=full.features - {"abbreviations"}),
        "without head-word phrases": replace(full, features=full.features - {"head-words"}),
        "without pronoun subjects": replace(full, features=full.features - {"pronouns"}),
        "without type-pair proposals": replace(full, features=full.features - {"type-pairs"}),
        "without subject-list phrases": replace(
            full, features=full.features - {"subject-chunks"}),
        "with argument-slot names (off by default)": replace(
            full, features=full.features | {"arguments"}),
        "without the confidence threshold": replace(full, min_confidence=0.0),
    }
    articles = []
    for gold_path in sorted(ARTICLES.glob("*.gold.yaml")):
        doc_id = gold_path.name.removesuffix(".gold.yaml")
        if doc_id not in TUNED:
            continue  # the held-out article stays out of every comparison made for tuning
        document = read_document(ARTICLES / f"{doc_id}.txt")
        document.id = doc_id
        articles.append((document, read_curated_file(gold_path)))
    rows = []
    for name, resources in variants.items():
        scores = [score(propose(doc, resources), gold, doc) for doc, gold in articles]
        rows.append((name, *(sum(getattr(s, a) for s in scores) / len(scores) for a in
                             ("concept_recall", "relation_recall", "relation_precision"))))
    return rows


def threshold_sweep(doc_id: str = THRESHOLD_TUNED_ON) -> list[tuple[float, float, float]]:
    """(threshold, relation recall, precision) on one article: how the threshold was chosen
    (the highest F1 whose recall stays 10 points above the 60% target)."""
    from dataclasses import replace

    from kg.config import Project
    from kg.curation import read_curated_file
    from kg.draft.propose import load_resources, propose
    from kg.draft.score import score
    from kg.sources import read_document

    project = Project(REPO / "data")
    resources = replace(load_resources(project), min_confidence=0.0)
    document = read_document(ARTICLES / f"{doc_id}.txt")
    document.id = doc_id
    gold = read_curated_file(ARTICLES / f"{doc_id}.gold.yaml")
    draft = propose(document, resources)
    rows = []
    for threshold in (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        kept = replace(draft, relations=[r for r in draft.relations
                                         if r.confidence >= threshold])
        s = score(kept, gold, document)
        rows.append((threshold, s.relation_recall, s.relation_precision))
    return rows


def speed(repeats: int = 5) -> list[tuple[str, int, list[float], list[float]]]:
    """(article, sentences, wall seconds, CPU seconds per run) of a fresh `kg draft` process,
    the two articles' runs interleaved ``repeats`` times (the machine's load drifts: medians of
    interleaved runs compare fairly). CPU is the child's user + system time."""
    from kg.sources import read_document

    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    lines = [line for text in texts for line in text.splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir()
        for part in ("kg.yaml", "ontology", "sources", "curated", "lexicon"):
            source = REPO / "data" / part
            (shutil.copytree if source.is_dir() else shutil.copy)(source, data / part)
        articles = []
        for name, target in (("article-40", 40), ("article-1000", 1000)):
            chosen: list[str] = []
            count = 0
            while count < target:
                for line in lines:
                    n = sum(line.count(c) for c in ".!?") if line.rstrip()[-1:] in ".!?" else 0
                    if count + n > target and n:
                        continue
                    chosen.append(line)
                    count += n
                    if count >= target:
                        break
            path = root / f"{name}.txt"
            path.write_text("\n".join(chosen) + "\n", encoding="utf-8")
            articles.append((name, path, len(read_document(path).sentences)))
        walls: dict[str, list[float]] = {name: [] for name, _, _ in articles}
        cpus: dict[str, list[float]] = {name: [] for name, _, _ in articles}
        for _ in range(repeats):
            for name, path, _ in articles:
                kg = [sys.executable, "-m", "kg", "--data", str(data), "-q", "draft",
                      str(path), "--force"]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(kg, capture_output=True, text=True)
                walls[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if done.returncode:
                    raise SystemExit(f"kg draft failed on {name}: {done.stderr}")
                cpus[name].append((after.ru_utime - before.ru_utime)
                                  + (after.ru_stime - before.ru_stime))
        return [(name, n, walls[name], cpus[name]) for name, _, n in articles]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--show", metavar="ARTICLE", help="print one article's misses")
    args = parser.parse_args()
    if args.show:
        details(args.show)
        return
    print("| article | tuned on it | concepts (recall) | types right | relations (recall) | "
          "precision | predicate right | end pairs |")
    print("|---|---|---|---|---|---|---|---|")
    for name, s in quality():
        doc_id = name.split(" ")[0]
        tuned = ("rules, threshold" if doc_id == THRESHOLD_TUNED_ON else
                 "rules" if doc_id in TUNED else "**held out**")
        print(f"| {name} | {tuned} | {s.concepts_found}/{s.gold_concepts} "
              f"({s.concept_recall:.0%}) | {s.type_accuracy:.0%} | {s.relations_found}/"
              f"{s.gold_relations} ({s.relation_recall:.0%}) | {s.candidates_right}/"
              f"{s.candidate_relations} ({s.relation_precision:.0%}) | "
              f"{s.predicate_accuracy:.0%} | {s.end_pairs}/{s.gold_relations} "
              f"({s.end_pair_recall:.0%}) |")
    print()
    print("| candidates from | concept recall | relation recall | precision |  (mean over "
          "the fixture articles)")
    print("|---|---|---|---|")
    for name, concepts, relations, precision in ablation():
        print(f"| {name} | {concepts:.0%} | {relations:.0%} | {precision:.0%} |")
    print()
    print(f"| threshold | relation recall | precision |  (on {THRESHOLD_TUNED_ON}, the one "
          "article the threshold was chosen on)")
    print("|---|---|---|")
    for threshold, recall, precision in threshold_sweep():
        print(f"| {threshold:.2f} | {recall:.0%} | {precision:.0%} |")
    if not args.no_speed:
        import statistics

        load = os.getloadavg()[0]
        rows = speed()
        print()
        print(f"| article | sentences | kg draft, cold process: wall (s), median | range | "
              f"CPU (s), median | range |  (5 interleaved runs; load average {load:.1f} "
              f"before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores)")
        print("|---|---|---|---|---|---|")
        for name, sentences, walls, cpus in rows:
            print(f"| {name} | {sentences} | {statistics.median(walls):.2f} | "
                  f"{min(walls):.2f}–{max(walls):.2f} | {statistics.median(cpus):.2f} | "
                  f"{min(cpus):.2f}–{max(cpus):.2f} |")

if __name__ == "__main__":
    main()
