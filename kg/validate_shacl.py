"""SHACL without pyshacl for the shapes a dataset ships: the same results, in one pass.

pyshacl validates each property shape once per focus node, each time through rdflib's store
(8 million ``triples()`` calls at a hundred articles: 15 s of a 40 s build). The shapes of
``data/ontology/shapes.ttl`` use a small part of SHACL Core: node shapes targeting classes or
the subjects of a property, property shapes on a direct IRI path, and the value constraints
``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``, ``sh:maxCount``,
``sh:minLength``, ``sh:maxLength``, ``sh:in`` and the four value ranges, each shape with one
``sh:message``. For such shapes this module indexes the graph once (subject -> predicate ->
values, types, the class hierarchy) and evaluates every constraint the way pyshacl 0.40 does
(the same rules for ill-typed literals, plain strings, ``str()`` lengths, term equality for
``sh:in``, pyshacl's own ``compare_literal`` for ranges), giving the same records
(:data:`kg.shacl_split.Record`): focus, severity, message, value.

:func:`compile_shapes` returns None for anything else (another SHACL term, a shape with no or
several messages, a malformed parameter, a top-level property shape, a shape that is also a
class...), and the caller runs pyshacl as before — so pyshacl's errors and generic messages
stay pyshacl's. ``tests/test_validate_shacl.py`` checks the records equal pyshacl's on the
embedded dataset, on it broken many ways, and on a synthetic course.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef  # (imported by validation only, which needs rdflib)

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

    from kg.shacl_split import Record

SH = "http://www.w3.org/ns/shacl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
#: SHACL terms a shape may use here; any other makes :func:`compile_shapes` return None
NATIVE = {SH + name for name in (
    "NodeShape", "PropertyShape", "property", "path", "targetClass", "targetSubjectsOf",
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength", "in",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    "message", "severity", "name", "description", "order", "group", "deactivated",
    "IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral",
    "Violation", "Warning", "Info")}
_SEVERITIES = {SH + name: name for name in ("Violation", "Warning", "Info")}
_NODE_KINDS = {  # sh:nodeKind -> the kinds it accepts (pyshacl's NodeKindConstraintComponent)
    SH + "IRI": {"iri"}, SH + "BlankNode": {"bnode"}, SH + "Literal": {"literal"},
    SH + "BlankNodeOrIRI": {"bnode", "iri"}, SH + "BlankNodeOrLiteral": {"bnode", "literal"},
    SH + "IRIOrLiteral": {"iri", "literal"}}
_RANGES = {"minInclusive": (lambda c: c >= 0), "maxInclusive": (lambda c: c <= 0),
           "minExclusive": (lambda c: c > 0), "maxExclusive": (lambda c: c < 0)}


@dataclass
class Shape:
    """One shape's constraints (a node shape's ``path`` is None: its value node is the focus)."""

    message: str | None
    severity: str = "Violation"
    path: Any = None
    classes: list = field(default_factory=list)
    datatype: Any = None
    node_kinds: set[str] | None = None
    min_count: int | None = None
    max_count: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    in_values: set | None = None
    ranges: list[tuple[str, Any]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    targets: tuple[list, list] = ((), ())  # (target classes, target-subjects-of properties)

    @property
    def constrains(self) -> bool:
        return bool(self.classes or self.datatype is not None or self.node_kinds is not None
                    or self.in_values is not None or self.ranges
                    or {self.min_count, self.max_count, self.min_length, self.max_length}
                    - {None})


def compile_shapes(shapes: Graph) -> list[Shape] | None:
    """The node shapes of ``shapes`` with their property shapes, or None when this module
    cannot evaluate them exactly as pyshacl would (see the module text)."""
    from rdflib import RDF, RDFS
    from rdflib.namespace import OWL

    sh = {name: URIRef(SH + name) for name in ("NodeShape", "PropertyShape", "property",
                                               "path", "targetClass", "targetSubjectsOf")}
    for _s, p, o in shapes:
        for term in (p, o):
            if isinstance(term, URIRef) and str(term).startswith(SH) and str(term) not in NATIVE:
                return None
    node_shapes = set(shapes.subjects(RDF.type, sh["NodeShape"]))
    for target in ("targetClass", "targetSubjectsOf"):
        if not set(shapes.subjects(sh[target], None)) <= node_shapes:
            return None  # a property shape with targets, or a shape known only by its target
    if set(shapes.subjects(RDF.type, sh["PropertyShape"])) - set(shapes.objects(None,
                                                                               sh["property"])):
        return None  # a top-level property shape
    compiled = []
    for node in sorted(node_shapes):
        if any(True for _ in shapes.objects(node, sh["path"])) or any(
                (node, RDF.type, kind) in shapes for kind in (RDFS.Class, OWL.Class)):
            return None  # implicit class targets, or a node shape with a path
        shape = _compile(shapes, node, None)
        if shape is None:
            return None
        shape.targets = (list(shapes.objects(node, sh["targetClass"])),
                         list(shapes.objects(node, sh["targetSubjectsOf"])))
        if not all(isinstance(t, URIRef) for group in shape.targets for t in group):
            return None
        for prop in shapes.objects(node, sh["property"]):
            paths = list(shapes.objects(prop, sh["path"]))
            if len(paths) != 1 or not isinstance(paths[0], URIRef) \
                    or any(True for _ in shapes.objects(prop, sh["property"])):
                return None
            inner = _compile(shapes, prop, paths[0])
            if inner is None:
                return None
            if not _deactivated(shapes, prop):
                shape.properties.append(inner)
        if not _deactivated(shapes, node):
            compiled.append(shape)
    return compiled


def _compile(shapes: Graph, node: Any, path: Any) -> Shape | None:
    """One shape's own constraints, checked well-formed (else None: pyshacl decides)."""
    def values(name: str) -> list:
        return list(shapes.objects(node, URIRef(SH + name)))

    messages, severities = values("message"), values("severity")
    if len(messages) > 1 or len(severities) > 1 or \
            (severities and str(severities[0]) not in _SEVERITIES):
        return None
    shape = Shape(str(messages[0]) if messages else None,
                  _SEVERITIES[str(severities[0])] if severities else "Violation", path)
    shape.classes = values("class")
    if not all(isinstance(c, URIRef) for c in shape.classes):
        return None
    for name in ("datatype", "nodeKind", "in"):
        found = values(name)
        if len(found) > 1:
            return None
        if found and name == "datatype":
            if not isinstance(found[0], URIRef):
                return None
            shape.datatype = found[0]
        elif found and name == "nodeKind":
            if str(found[0]) not in _NODE_KINDS:
                return None
            shape.node_kinds = _NODE_KINDS[str(found[0])]
        elif found:
            try:
                shape.in_values = set(shapes.items(found[0]))
            except Exception:  # noqa: BLE001 - a malformed list: pyshacl says what is wrong
                return None
    for name in ("minCount", "maxCount", "minLength", "maxLength"):
        found = values(name)
        if len(found) > 1:
            return None
        if found:
            if not isinstance(found[0], Literal) or getattr(found[0], "ill_typed", False) \
                    or str(found[0].datatype) != _XSD + "integer" \
                    or not isinstance(found[0].value, int) or found[0].value < 0:
                return None  # (pyshacl accepts other integer types for lengths: let it)
            if path is None and name.endswith("Count"):
                return None  # a count on a node shape: pyshacl refuses it
            setattr(shape, {"minCount": "min_count", "maxCount": "max_count",
                            "minLength": "min_length", "maxLength": "max_length"}[name],
                    found[0].value)
    for name in _RANGES:
        for bound in values(name):
            if not isinstance(bound, Literal):
                return None
            shape.ranges.append((name, bound))
    if shape.constrains and shape.message is None:
        return None  # pyshacl would write its generic message: let it
    return shape


def _deactivated(shapes: Graph, node: Any) -> bool:
    return any(isinstance(v, Literal) and v.value is True
               for v in shapes.objects(node, URIRef(SH + "deactivated")))


# ------------------------------------------------------------------------------ validation

class _Index:
    """The data graph read once: values by subject and predicate, types, superclasses."""

    def __init__(self, graph: Graph) -> None:
        rdf_type, sub_class_of = URIRef(_RDF + "type"), URIRef(_RDFS + "subClassOf")
        self.values: dict[Any, dict[Any, list]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in graph:  # the one pass over rdflib's store; the rest is dicts
            self.values[s][p].append(o)
        self.subjects_of: dict[Any, set] = defaultdict(set)
        self.instances: dict[Any, set] = defaultdict(set)
        self.types: dict[Any, list] = {}
        self.parents: dict[Any, set] = defaultdict(set)
        self.children: dict[Any, set] = defaultdict(set)
        for s, by_predicate in self.values.items():
            for p in by_predicate:
                self.subjects_of[p].add(s)
            types = by_predicate.get(rdf_type)
            if types:
                self.types[s] = types
                for o in types:
                    self.instances[o].add(s)
            for o in by_predicate.get(sub_class_of, ()):
                self.parents[s].add(o)
                self.children[o].add(s)
        self._supers: dict[Any, set] = {}

    def superclasses(self, cls: Any) -> set:
        """``cls`` and every class it is a subclass of (rdflib's transitive_objects)."""
        if cls not in self._supers:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._supers[cls] = seen
        return self._supers[cls]

    def focus_nodes(self, shape: Shape) -> set:
        """pyshacl's ``Shape.focus_nodes``: instances of each target class or a subclass
        (through the data graph's hierarchy), and the subjects of each target property."""
        found: set = set()
        for cls in shape.targets[0]:
            seen, todo = {cls}, [cls]
            while todo:
                current = todo.pop()
                found |= self.instances.get(current, set())
                for child in self.children.get(current, ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
        for prop in shape.targets[1]:
            found |= self.subjects_of.get(prop, set())
        return found

    def is_instance(self, node: Any, cls: Any) -> bool:
        return any(cls in self.superclasses(t) for t in self.types.get(node, ()))


def validate(graph: Graph, shapes: list[Shape]) -> list[Record]:
    """The records pyshacl would give for ``graph`` against the compiled ``shapes``."""
    index = _Index(graph)
    records: list[Record] = []
    for shape in shapes:
        for focus in index.focus_nodes(shape):
            _evaluate(index, shape, focus, [focus], records)
            by_predicate = index.values.get(focus, {})
            for prop in shape.properties:
                values = list(dict.fromkeys(by_predicate.get(prop.path, ())))
                _evaluate(index, prop, focus, values, records)
    return records


def _evaluate(index: _Index, shape: Shape, focus: Any, values: list,
              records: list[Record]) -> None:
    """Append one record per failed value (per failed count) of one shape at ``focus``."""
    message, severity = shape.message or "", shape.severity

    def fail(value: Any) -> None:
        records.append((str(focus), severity, message,
                        str(value) if isinstance(value, URIRef) else None))

    for cls in shape.classes:
        for v in values:
            if isinstance(v, Literal) or not index.is_instance(v, cls):
                fail(v)
    if shape.datatype is not None:
        for v in values:
            if not _datatype_matches(v, shape.datatype):
                fail(v)
    if shape.node_kinds is not None:
        for v in values:
            kind = "bnode" if isinstance(v, BNode) else "literal" if isinstance(v, Literal) \
                else "iri"
            if kind not in shape.node_kinds:
                fail(v)
    if shape.min_count is not None and len(values) < shape.min_count:
        fail(None)
    if shape.max_count is not None and len(values) > shape.max_count:
        fail(None)
    for bound, longer in ((shape.min_length, True), (shape.max_length, False)):
        if bound is None:
            continue
        for v in values:
            if longer and bound == 0:
                continue  # min length zero always passes, even a blank node
            if isinstance(v, BNode) or (len(_string(v)) < bound if longer
                                        else len(_string(v)) > bound):
                fail(v)
    if shape.in_values is not None:
        for v in values:
            if v not in shape.in_values:
                fail(v)
    for name, bound in shape.ranges:
        for v in values:
            if not _in_range(v, name, bound):
                fail(v)


def _datatype_matches(v: Any, datatype: Any) -> bool:
    """pyshacl's DatatypeConstraintComponent: the same datatype IRI and not ill-typed (a
    plain literal is an xsd:string), with its check of the Python value's type."""
    if not isinstance(v, Literal):
        return False
    name = str(datatype)
    if v.datatype == datatype:
        if getattr(v, "ill_typed", None) is True:
            return False
    elif name == _RDFS + "Literal":
        return True
    elif name == _RDFS + "Datatype" and v.datatype:
        return True
    elif not (v.datatype is None and v.language is None and name == _XSD + "string") and \
            not (name == _RDF + "langString" and v.language):
        return False
    kind = _VALUE_TYPES.get(name)
    return kind is None or isinstance(v.value, kind)  # pyshacl: "other datatypes pass"


_VALUE_TYPES: dict[str, Any] = {  # pyshacl's _assert_actual_datatype
    _XSD + "string": (str, bytes), _RDF + "langString": (str, bytes), _XSD + "integer": int,
    _XSD + "float": float, _XSD + "decimal": Decimal, _XSD + "boolean": bool,
    _XSD + "date": date, _XSD + "time": time, _XSD + "dateTime": datetime}


def _string(v: Any) -> str:
    """pyshacl's value_node_to_string (for sh:minLength and sh:maxLength)."""
    if isinstance(v, Literal) and v.value is not None and \
            (v.datatype is None or str(v.datatype) in (_RDF + "langString", _XSD + "string")):
        return str(v.value)
    return str(v)


def _in_range(v: Any, name: str, bound: Any) -> bool:
    """pyshacl's value range components: a literal compared by its compare_literal; an IRI,
    a blank node or a string against a number (or the reverse) fails."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(v, Literal):
        return False
    if isinstance(bound.value, str) != isinstance(v.value, str):
        return False
    try:
        return _RANGES[name](compare_literal(v, bound))
    except (TypeError, NotImplementedError):
        return False
