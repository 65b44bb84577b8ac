"""Synthetic graphs shaped like ours, at any size: ``python benchmarks/synth.py --triples 1000000``.

The shape is taken from a real release (default: the embedded dataset, built if needed), not
invented: the generator copies the article's graph again and again as if a department had
curated many similar articles. Each copy ("article" ``a<j>``) gets its own source, its own
``rdf:Statement`` evidence (same quotes, sentences, offsets, sections) and, for every concept of
the original, either

- a concept of its own (``<id>--a<j>``, label ``"<label> a<j>"``), with probability
  ``1 - share``, or
- a concept shared with other articles: one of ``pool`` variants of it, where variant 0 is the
  original concept itself (so ``hip osteoarthritis`` gains relations from other articles, the way
  a hub concept does in a real collection) and variant ``k`` is ``<id>--v<k>``.

So every type, predicate and evidence field occurs in the same proportions as in the real graph;
named queries with their default parameters answer about the original concepts (now with more
relations); labels and ``kgv:key`` lookup keys of copies stay unique and normalized. The
vocabulary (and anything else that is not a concept, statement or source) is written once.
Output is N-Triples, deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}

RDF_SUBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
RDF_OBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
NAME_PREDICATES = {
    "<http://www.w3.org/2000/01/rdf-schema#label>",
    "<http://www.w3.org/2004/02/skos/core#prefLabel>",
    "<http://www.w3.org/2004/02/skos/core#altLabel>",
    "<https://w3id.org/edu-kg/vocab#key>",
}
TITLE_PREDICATES = {"<http://purl.org/dc/terms/title>", "<http://purl.org/dc/terms/identifier>"}


def release_nt(data_dir: Path | None = None, build_dir: Path | None = None) -> Path:
    """The N-Triples release of a dataset (built when missing or stale)."""
    import kg
    from kg.build import release_paths
    from kg.config import Project

    project = Project(data_dir or REPO / "data", build_dir)
    kg.load(project)
    return release_paths(project)["nt"]


class Template:
    """The real graph, split into concepts, statements, sources and the rest (as N-Triples)."""

    def __init__(self, nt_path: Path) -> None:
        import pyoxigraph as ox

        triples = [(str(t.subject), str(t.predicate), str(t.object))
                   for t in ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)]
        typed = {s for s, p, o in triples
                 if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"}
        statements = {s for s, p, o in triples
                      if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
                      and o == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"}
        sources = {o for s, p, o in triples if p == PROV_DERIVED}
        concepts = {s for s in typed if "/concept/" in s}
        self.concepts = sorted(concepts)
        self.by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.rest: list[str] = []
        for s, p, o in triples:
            if s in concepts or s in statements or s in sources:
                self.by_subject[s].append((p, o))
            else:
                self.rest.append(f"{s} {p} {o} .\n")
        self.statements = sorted(statements)
        self.sources = sorted(sources)
        self.concept_set = concepts
        self.size = len(triples)
        # triples of one article copy if nothing were shared
        self.per_article = sum(len(self.by_subject[s]) for s in self.by_subject)


def _rename(iri: str, suffix: str) -> str:
    return f"{iri[:-1]}--{suffix}>"


def _relabel(literal: str, suffix: str) -> str:
    # '"hip OA"' -> '"hip OA a17"'; names are plain strings (no datatype, no language)
    return f"{literal[:-1]} {suffix}\"" if literal.endswith('"') else literal


def generate(template: Template, triples: int, out, *, seed: int = 7, share: float = 0.25,
             pool: int = 8, progress: bool = True) -> int:
    """Write about ``triples`` triples (at least the template) to ``out``; return the count."""
    rng = random.Random(seed)
    written = 0
    for line in template.rest:
        out.write(line)
        written += 1
    emitted_concepts: set[str] = set()
    emitted_relations: set[tuple[str, str, str]] = set()
    statement_counts: dict[str, int] = defaultdict(int)
    article = 0
    started = shown = time.perf_counter()
    while True:
        suffix = None if article == 0 else f"a{article}"
        mapping: dict[str, tuple[str, str | None]] = {}
        for c in template.concepts:
            if suffix is None:
                mapping[c] = (c, None)
            elif rng.random() < share:
                k = rng.randrange(pool)
                mapping[c] = (c, None) if k == 0 else (_rename(c, f"v{k}"), f"v{k}")
            else:
                mapping[c] = (_rename(c, suffix), suffix)
        sources = {s: (s if suffix is None else _rename(s, suffix)) for s in template.sources}
        lines: list[str] = []
        for c in template.concepts:
            new, label_suffix = mapping[c]
            if new in emitted_concepts:
                continue
            emitted_concepts.add(new)
            for p, o in template.by_subject[c]:
                if o in template.concept_set:
                    continue  # relations: written with their statements below
                if label_suffix and p in NAME_PREDICATES:
                    o = _relabel(o, label_suffix)
                lines.append(f"{new} {p} {o} .\n")
        for s in template.sources:
            for p, o in template.by_subject[s]:
                if suffix and p in TITLE_PREDICATES:
                    o = _relabel(o, suffix)
                lines.append(f"{sources[s]} {p} {o} .\n")
        for c in template.concepts:
            for p, o in template.by_subject[c]:
                if o in template.concept_set:
                    triple = (mapping[c][0], p, mapping[o][0])
                    if triple not in emitted_relations:
                        emitted_relations.add(triple)
                        lines.append(f"{triple[0]} {p} {triple[2]} .\n")
        for st in template.statements:
            fields = dict(template.by_subject[st])
            subj = mapping.get(fields.get(RDF_SUBJECT, ""), (None,))[0]
            obj = mapping.get(fields.get(RDF_OBJECT, ""), (None,))[0]
            if suffix is None or subj is None or obj is None:
                new_st = st
            else:
                base = st[:-1].split("/statement/")[0]
                pred = st[:-1].split("/statement/")[1].split("--")[1]
                name = f"{_local(subj)}--{pred}--{_local(obj)}"
                statement_counts[name] += 1
                n = statement_counts[name]
                new_st = f"{base}/statement/{name}{'' if n == 1 else f'--{n}'}>"
            for p, o in template.by_subject[st]:
                if p == RDF_SUBJECT and subj:
                    o = subj
                elif p == RDF_OBJECT and obj:
                    o = obj
                elif p == PROV_DERIVED:
                    o = sources.get(o, o)
                lines.append(f"{new_st} {p} {o} .\n")
        if suffix is None:
            for st in template.statements:  # the real statements count as first ones
                name = st[:-1].split("/statement/")[1]
                statement_counts[name] += 1
        out.writelines(lines)
        written += len(lines)
        article += 1
        done = written >= triples
        if progress and (done or time.perf_counter() - shown > 0.5):
            shown = time.perf_counter()
            print(f"\r  {written:>10,} triples, {article} articles, {shown - started:.1f} s",
                  end="", file=sys.stderr, flush=True)
        if done:
            break
    if progress:
        print(file=sys.stderr)
    return written


def _local(iri: str) -> str:
    return iri[:-1].rsplit("/", 1)[-1]


def size(text: str) -> int:
    """``10k`` / ``1m`` / ``250000`` -> a triple count."""
    key = text.lower().replace("_", "")
    if key in SIZES:
        return SIZES[key]
    factor = {"k": 1_000, "m": 1_000_000}.get(key[-1:], 1)
    return int(float(key[:-1] if factor > 1 else key) * factor)


def ensure(triples: int, out_dir: Path, *, seed: int = 7, progress: bool = True,
           nt_path: Path | None = None) -> Path:
    """The synthetic file for ``triples`` in ``out_dir``, generated once (cached by name)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"synth-{triples}-s{seed}.nt"
    if not target.exists():
        template = Template(nt_path or release_nt())
        tmp = target.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            generate(template, triples, out, seed=seed, progress=progress)
        tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=size, default=SIZES["10k"],
                        help="about how many triples (10k, 100k, 1m or a number)")
    parser.add_argument("--out", type=Path, help="output .nt file (default: stdout)")
    parser.add_argument("--from", dest="source", type=Path,
                        help="template N-Triples (default: the embedded dataset's release)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--share", type=float, default=0.25,
                        help="chance that a concept of a copy is shared with other copies")
    parser.add_argument("--pool", type=int, default=8,
                        help="shared variants per concept (variant 0 is the original)")
    args = parser.parse_args(argv)
    template = Template(args.source or release_nt())
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as out:
            n = generate(template, args.triples, out, seed=args.seed, share=args.share,
                         pool=args.pool)
    else:
        n = generate(template, args.triples, sys.stdout, seed=args.seed, share=args.share,
                     pool=args.pool, progress=False)
    print(f"{n:,} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
