"""Check a built graph: SHACL shapes plus the integrity rules SHACL cannot say simply.

:func:`validate` runs, in order:

``SHACL``       the shapes of ``data/ontology/shapes.ttl`` (no inference: the shapes follow
                ``rdfs:subClassOf`` through the vocabulary held in the graph), by
                :mod:`kg.validate_shacl` with pyshacl's results, or by pyshacl itself;
``vocabulary``  each concept has exactly one asserted class, declared in the vocabulary, and
                each relation is a declared property;
``grounding``   each relation between concepts is quoted by at least one ``rdf:Statement``,
                and each statement's triple is asserted;
``orphans``     each concept takes part in at least one relation;
``names``       no two concepts share a label, synonym or lookup key (after
                :func:`kg.names.normalize`), so every name resolves to one concept;
``quotes``      each quote is the source text at its offsets, in the sentence it cites (when
                the source text is available);
``anchoring``, ``readings``, ``ids``, ``hierarchy``
                faithfulness to the article and to the cited ontologies (:mod:`kg.checks`).

Findings name concepts by label (a curator does not read IRIs). The :class:`Report` prints as
text for people and as a dict for tools; ``conforms`` is false when any finding is a violation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.names import normalize
from kg.namespaces import KGV_IRI
from kg.resolve import concept_types, local_id, relation_triples

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

    from kg.config import Project

VIOLATION, WARNING, INFO = "violation", "warning", "info"
#: what each check asks, as printed by :meth:`Report.format_text`
RULES = {
    "SHACL": "shapes.ttl",
    "vocabulary": "declared types and relations",
    "grounding": "every relation quoted",
    "orphans": "every concept related",
    "names": "one concept per name",
    "quotes": "quotes match the source",
    "anchoring": "each end named by its sentence or note",
    "readings": "stated or inferred, inferred with a note",
    "ids": "IDs in the verified table",
    "hierarchy": "no isKindOf/partOf cycle",
}
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, how bad, about what (a label), and what to do."""

    check: str
    severity: str
    focus: str
    message: str
    iri: str | None = None


@dataclass
class Check:
    """The outcome of one check: a one-line summary of what was checked, and its findings."""

    name: str
    summary: str
    findings: list[Finding] = field(default_factory=list)
    skipped: bool = False

    @property
    def violations(self) -> int:
        return sum(f.severity == VIOLATION for f in self.findings)


@dataclass
class Report:
    """All checks of a graph, in order."""

    checks: list[Check] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for check in self.checks for f in check.findings]

    @property
    def violations(self) -> int:
        return sum(check.violations for check in self.checks)

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    def format_text(self) -> str:
        """A check list (``✓``/``✗``/``–`` per check), then each finding with its concept."""
        lines = []
        for check in self.checks:
            mark = "–" if check.skipped else ("✓" if not check.violations else "✗")
            warnings = len(check.findings) - check.violations
            counts = _n(check.violations, "violation") + (
                f", {_n(warnings, 'warning')}" if warnings else "")
            lines.append(f"{mark} {check.name}: {counts} — {RULES.get(check.name, '')} "
                         f"({check.summary})")
        if self.findings:
            lines.append("")
        for f in self.findings:
            lines.append(f"{f.severity}  [{f.check}] {f.focus}: {f.message}")
        total = self.violations
        lines += ["", "valid" if self.conforms
                  else f"{total} violation{'s' if total != 1 else ''}: not valid"]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "violations": self.violations,
            "checks": [{"name": c.name, "ok": not c.violations, "skipped": c.skipped,
                        "summary": c.summary, "violations": c.violations} for c in self.checks],
            "findings": [asdict(f) for f in self.findings],
        }


def validate(graph: Graph, project: Project | None = None, *,
             shacl_cache: Path | None = None) -> Report:
    """Run every check on ``graph`` (which must contain the vocabulary, as built graphs do).

    ``project`` gives the shapes file and the source texts (default: the default dataset).
    ``shacl_cache``: a folder for SHACL results by part (:mod:`kg.shacl_split`); ``kg build``
    passes :func:`shacl_cache_dir`, ``kg validate`` none (it writes nothing).
    """
    from kg.config import Project

    project = project or Project()
    names = Names(graph)
    return Report([
        check_shacl(graph, shapes_path(project), names, shacl_cache),
        check_vocabulary(graph, names),
        check_grounding(graph, names),
        check_orphans(graph, names),
        check_names(graph, names),
        check_quotes(graph, project.sources_dir, names),
        *fidelity_checks(graph, project, names),
    ])


def fidelity_checks(graph: Graph, project: Project, names: Names) -> list[Check]:
    """The checks of :mod:`kg.checks`, their issues named like every other finding."""
    from kg import checks
    from kg.xrefs import XREFS_FILE

    outcomes = {
        "anchoring": checks.check_anchoring(graph, names.types, project.sources_dir),
        "readings": checks.check_readings(graph),
        "ids": checks.check_ids(graph, names.types, project.ontology_dir / XREFS_FILE,
                                project.settings.prefixes),
        "hierarchy": checks.check_hierarchy(graph, names.types),
    }
    return [Check(name, out.summary,
                  [Finding(name, issue.severity, names(issue.node), issue.message,
                           str(issue.node)) for issue in out.issues], out.skipped)
            for name, out in outcomes.items()]


def shacl_cache_dir(project: Project) -> Path:
    """Where ``kg build`` keeps SHACL results by part: ``build/cache/shacl``."""
    return project.build_dir / "cache" / "shacl"


def shapes_path(project: Project) -> Path:
    path = project.ontology_dir / SHAPES_FILE
    if not path.is_file():
        raise KGError(f"no SHACL shapes file {path.name} in {project.ontology_dir}", file=path,
                      hint="kg validate checks the graph against data/ontology/shapes.ttl")
    return path


class Names:
    """How findings name things: a concept by its label, a statement by its triple."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.types = concept_types(graph)
        self._relations: dict[bool, set[tuple]] = {}

    def relations(self, typed_only: bool = True) -> set[tuple]:
        """:func:`kg.resolve.relation_triples` of the graph, each kind computed once (several
        checks ask; each is a pass over every triple)."""
        if typed_only not in self._relations:
            self._relations[typed_only] = relation_triples(self.graph, self.types, typed_only)
        return self._relations[typed_only]

    def __call__(self, node: Any) -> str:
        from rdflib import RDF, RDFS, Literal, URIRef
        from rdflib.namespace import DCTERMS

        if isinstance(node, Literal):
            return repr(str(node))
        if not isinstance(node, URIRef):
            return str(node)
        if (node, RDF.type, RDF.Statement) in self.graph:
            s, p, o = (self.graph.value(node, x) for x in (RDF.subject, RDF.predicate,
                                                            RDF.object))
            return f"{self(s)} —{self(p)}→ {self(o)}"
        label = self.graph.value(node, RDFS.label) or self.graph.value(node, DCTERMS.title)
        return str(label) if label is not None else local_id(node)


# ------------------------------------------------------------------------------------ checks

def check_shacl(graph: Graph, shapes: Path, names: Names,
                cache_dir: Path | None = None, *, engine: str = "auto") -> Check:
    """Validate against the shapes; each result becomes a finding about its focus node.

    Shapes that :mod:`kg.validate_shacl` can evaluate (the shipped ones) are checked there, in
    one pass over the graph, with pyshacl's results. Others go to pyshacl: with ``cache_dir``,
    local shapes by parts whose results are cached there (:mod:`kg.shacl_split`), else whole.
    ``engine="pyshacl"`` skips the native evaluator (to compare the two).
    """
    from rdflib import RDF, SH, URIRef

    from kg import shacl_split, validate_shacl
    from kg.ontology import parse_turtle

    shapes_graph = parse_turtle([shapes])
    if not any(True for kind in (SH.NodeShape, SH.PropertyShape)
               for _shape in shapes_graph.subjects(RDF.type, kind)):
        raise KGError(f"no SHACL shapes in {shapes.name}: the shapes check would pass "
                      f"anything", shapes, hint="declare sh:NodeShape or sh:PropertyShape "
                                                "resources (or restore the file)")
    native = validate_shacl.compile_shapes(shapes_graph) if engine == "auto" else None
    if native is not None:
        records = validate_shacl.validate(graph, native)
        shacl_split.prune(cache_dir, set())  # parts' results from pyshacl runs: never read
    elif cache_dir is not None and shacl_split.is_local(shapes_graph, graph):
        records = shacl_split.validate_parts(graph, shapes_graph, shapes.read_bytes(),
                                             cache_dir)
    else:
        records = shacl_split.run(graph, shapes_graph)
    findings = []
    for focus_iri, severity, message, value_iri in records:
        focus = URIRef(focus_iri)
        value = URIRef(value_iri) if value_iri is not None else None
        if value is not None and value != focus and value in names.types:
            kind = _class_label(graph, value)
            message = f"{message} (it points to {names(value)}, of type {kind})"
        findings.append(Finding("SHACL", severity.lower(),
                                names(focus), str(message), str(focus)))
    findings.sort(key=lambda f: (f.focus.casefold(), f.message))
    n_shapes = len(set(shapes_graph.subjects(RDF.type, SH.NodeShape)))
    n_statements = len(set(graph.subjects(RDF.type, RDF.Statement)))
    return Check("SHACL", f"{_n(n_shapes, 'shape')}; {_n(len(names.types), 'concept')}, "
                          f"{_n(n_statements, 'statement')}", findings)


def check_vocabulary(graph: Graph, names: Names) -> Check:
    """Each concept has one asserted kgv class, declared; each relation predicate is declared."""
    from rdflib import OWL, RDF

    from kg.ontology import Ontology

    onto = Ontology.from_graph(graph)
    findings = []
    for node in sorted(names.types):
        classes = sorted(local_id(c) for c in graph.objects(node, RDF.type)
                         if str(c).startswith(KGV_IRI))
        if len(classes) > 1:
            findings.append(_violation("vocabulary", names, node,
                                       f"has {len(classes)} types ({', '.join(classes)}); "
                                       "a concept has exactly one"))
        for cls in classes:
            if cls not in onto.classes or not onto.is_subclass(cls, "Concept"):
                findings.append(_violation("vocabulary", names, node,
                                           f"its type {cls!r} is not a concept class of the "
                                           "vocabulary"))
    predicates = {p for _s, p, _o in names.relations(typed_only=False)}
    for predicate in sorted(predicates):
        if (predicate, RDF.type, OWL.ObjectProperty) not in graph:
            findings.append(Finding("vocabulary", VIOLATION, local_id(predicate),
                                    "this relation is not declared in the vocabulary",
                                    str(predicate)))
    for s, _p, o in names.relations(typed_only=False):
        for node in (s, o):
            if node not in names.types:
                findings.append(_violation("vocabulary", names, node,
                                           "is related to other concepts but has no type"))
    return Check("vocabulary", f"{_n(len(names.types), 'concept')}, "
                               f"{_n(len(predicates), 'relation type')}",
                 list(dict.fromkeys(findings)))


def check_grounding(graph: Graph, names: Names) -> Check:
    """Every relation triple has a quoted statement; every statement's triple is asserted."""
    from rdflib import RDF
    from rdflib.namespace import PROV

    quoted: set[tuple] = set()
    findings = []
    statements = sorted(graph.subjects(RDF.type, RDF.Statement))
    for st in statements:
        triple = tuple(graph.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if None in triple:
            continue  # SHACL reports the missing part
        if triple not in graph:
            findings.append(_violation("grounding", names, st,
                                       "this statement's relation is not asserted in the graph"))
        if any(str(q).strip() for q in graph.objects(st, PROV.value)):
            quoted.add(triple)
    relations = sorted(names.relations())
    for s, p, o in relations:
        if (s, p, o) not in quoted:
            findings.append(Finding("grounding", VIOLATION, names(s),
                                    f"the relation {names(s)} —{names(p)}→ {names(o)} has no "
                                    "quote from a source", str(s)))
    return Check("grounding", f"{_n(len(relations), 'relation')}, "
                              f"{_n(len(statements), 'statement')}", findings)


def check_orphans(graph: Graph, names: Names) -> Check:
    """A concept in no relation is unreachable in every view and question: curate or drop it."""
    related = {node for s, _p, o in names.relations() for node in (s, o)}
    orphans = sorted(set(names.types) - related, key=lambda n: names(n).casefold())
    findings = [_violation("orphans", names, node,
                           "takes part in no relation; add a relation or remove the concept")
                for node in orphans]
    return Check("orphans", _n(len(names.types), "concept"), findings)


def check_names(graph: Graph, names: Names) -> Check:
    """No name (label, synonym, key) may lead to two concepts; keys match the names."""
    from rdflib import RDFS, SKOS

    from kg.namespaces import KGV

    owners: dict[str, set] = defaultdict(set)
    findings = []
    for node in names.types:
        written = [str(x) for p in (RDFS.label, SKOS.altLabel) for x in graph.objects(node, p)]
        keys = {str(k) for k in graph.objects(node, KGV.key)}
        expected = {normalize(name) for name in written}
        for key in keys | expected:
            owners[key].add(node)
        if keys and graph.value(node, RDFS.label) is not None and keys != expected:
            findings.append(_violation(
                "names", names, node,
                f"its lookup keys {sorted(keys)} are not the normalized label and synonyms "
                f"{sorted(expected)}; rebuild the graph"))
    for key, nodes in sorted(owners.items()):
        if len(nodes) > 1:
            listed = ", ".join(sorted(f"{names(n)} ({_class_label(graph, n)})" for n in nodes))
            first = min(nodes, key=lambda n: names(n).casefold())
            findings.append(_violation(
                "names", names, first,
                f"the name {key!r} belongs to {len(nodes)} concepts: {listed}. A label or "
                "synonym may name one concept only"))
    return Check("names", _n(len(owners), "name"), findings)


def check_quotes(graph: Graph, sources_dir: Path, names: Names) -> Check:
    """Re-read each quote in its source text: offsets, words and sentence number must agree."""
    from rdflib import RDF
    from rdflib.namespace import PROV

    from kg.namespaces import KGV, NIF
    from kg.sources import read_document

    findings: list[Finding] = []
    documents: dict[Any, Any] = {}
    checked = 0
    for st in sorted(graph.subjects(RDF.type, RDF.Statement)):
        source = graph.value(st, PROV.wasDerivedFrom)
        quote, begin, end = (graph.value(st, x) for x in (PROV.value, NIF.beginIndex,
                                                           NIF.endIndex))
        if source is None or quote is None or begin is None or end is None:
            continue  # SHACL reports what is missing
        if source not in documents:
            path = sources_dir / f"{local_id(source)}.txt"
            documents[source] = read_document(path) if path.is_file() else None
        doc = documents[source]
        if doc is None:
            continue
        checked += 1
        begin, end = int(begin), int(end)
        found = doc.text[begin:end]
        if found != str(quote):
            findings.append(_violation(
                "quotes", names, st,
                f"the source {doc.path.name} has {found!r} at {begin}..{end}, not the quote "
                f"{str(quote)!r}; rebuild the graph or fix the quote"))
            continue
        sentence = doc.sentence_at(begin)
        cited = graph.value(st, KGV.sentence)
        if sentence is not None and cited is not None and int(cited) != sentence.number:
            findings.append(_violation(
                "quotes", names, st,
                f"cites sentence {int(cited)} but the quote starts in sentence "
                f"{sentence.number} of {doc.path.name}"))
    missing = sorted(local_id(s) for s, d in documents.items() if d is None)
    for doc_id in missing:
        findings.append(Finding("quotes", WARNING, doc_id,
                                f"no source text {doc_id}.txt in {sources_dir}; its quotes "
                                "were not re-checked"))
    summary = f"{_n(checked, 'quote')} re-read"
    if missing:
        summary += f"; {_n(len(missing), 'source')} not found"
    return Check("quotes", summary, findings, skipped=checked == 0 and bool(missing))


# ------------------------------------------------------------------------------------ helpers

def _violation(check: str, names: Names, node: Any, message: str) -> Finding:
    return Finding(check, VIOLATION, names(node), message, str(node))


def _class_label(graph: Graph, node: Any) -> str:
    from rdflib import RDF, RDFS

    for cls in graph.objects(node, RDF.type):
        if str(cls).startswith(KGV_IRI):
            return str(graph.value(cls, RDFS.label) or local_id(cls))
    return "concept with no type"


def _n(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"
