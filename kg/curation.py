"""Read the curated YAML (``data/curated/*.yaml``) into Concept and Relation records.

Curators edit these files by hand, so every record remembers its file and line, and every
mistake found here is a :class:`KGError` pointing at the line to fix. The YAML is read with
``yaml.compose`` (nodes with marks) rather than ``safe_load``, which keeps line numbers and
also keeps scalars as written (``label: yes`` stays the string "yes").

Checked here: YAML syntax, the shape of the file, required and unknown fields (with "did you
mean"), id syntax, duplicate fields and duplicate concept ids across files. Checked later (they
need the ontology or the sources): types, predicates, concept references and quotes (build),
label clashes and domain/range (validate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.names import close_matches

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

FILE_FIELDS = {"source": True, "concepts": False, "relations": False}
CONCEPT_FIELDS = {"id": True, "label": True, "type": True, "synonyms": False,
                  "definition": False, "exact": False, "close": False}
RELATION_FIELDS = {"subject": True, "predicate": True, "object": True, "quote": True,
                   "sentence": False, "reading": False, "qualifier": False, "note": False}
#: how a relation is read from its quote: ``stated`` (the quote says it; the default) or
#: ``inferred`` (spread over sentences, or read from a heading; then a ``note`` says how)
READINGS = ("stated", "inferred")

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"


class _Located:
    """Where a curated item's fields are in its file: ``lines`` maps a field to its line."""

    line: int | None
    lines: dict[str, int]

    def line_of(self, name: str) -> int | None:
        """Line of field ``name``, else of the item."""
        return self.lines.get(name, self.line)


@dataclass
class Concept(_Located):
    """A concept as curated. ``lines`` maps each field to its line (for error messages)."""

    id: str
    label: str
    type: str
    synonyms: list[str] = field(default_factory=list)
    definition: str | None = None
    exact: list[str] = field(default_factory=list)
    close: list[str] = field(default_factory=list)
    file: Path | None = None
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Relation(_Located):
    """A relation as curated: subject/object are concept ids, predicate a property name."""

    subject: str
    predicate: str
    object: str
    quote: str
    sentence: int | None = None
    note: str | None = None
    reading: str = "stated"
    qualifier: str | None = None
    source: str = ""
    file: Path | None = None
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class CuratedFile:
    """One curated file: the source it cites, its concepts and relations."""

    path: Path
    source: str
    source_line: int
    concepts: list[Concept]
    relations: list[Relation]


@dataclass
class Curation:
    """All curated files of a dataset, in file-name order."""

    files: list[CuratedFile]

    @property
    def concepts(self) -> list[Concept]:
        return [c for f in self.files for c in f.concepts]

    @property
    def relations(self) -> list[Relation]:
        return [r for f in self.files for r in f.relations]


def read_curation(curated_dir: Path) -> Curation:
    """Read every ``*.yaml`` and ``*.yml`` in ``curated_dir`` (sorted) and check ids are unique
    across them. No folder, or no such file in it, is a KGError: a release without curated
    facts would silently replace a good one."""
    if not curated_dir.is_dir():
        raise KGError(f"no curated folder {curated_dir.name}/ in {curated_dir.parent}",
                      curated_dir, hint="curated facts go in curated/<source>.yaml")
    paths = sorted(p for p in curated_dir.iterdir()
                   if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    if not paths:
        others = sorted(p.name for p in curated_dir.iterdir() if not p.name.startswith("."))
        found = f" (it holds {', '.join(others[:5])})" if others else " (it is empty)"
        raise KGError(f"no curated file (*.yaml) in {curated_dir}{found}", curated_dir,
                      hint="curated facts go in curated/<source>.yaml")
    curation = Curation([read_curated_file(path) for path in paths])
    _check_unique_ids(curation.concepts)
    return curation


def read_curated_file(path: Path) -> CuratedFile:
    """Parse and check one curated file."""
    root = _compose(path)
    if root is None:
        raise KGError("empty curated file", path, 1,
                      hint="start with 'source: <id of a text in data/sources>'")
    fields = _mapping(root, path, "the curated file", FILE_FIELDS)
    source_key, source_node = fields["source"]
    source = _string(source_node, path, "source")
    concepts = [_concept(node, path) for node in _sequence(_value(fields, "concepts"), path)]
    relations = [_relation(node, path, source)
                 for node in _sequence(_value(fields, "relations"), path)]
    return CuratedFile(path, source, _line(source_key), concepts, relations)


# ------------------------------------------------------------------ records

def _concept(node: Any, path: Path) -> Concept:
    fields = _mapping(node, path, "a concept", CONCEPT_FIELDS)
    values = {name: fields[name][1] for name in fields}
    concept_id = _string(values["id"], path, "id")
    if not ID_PATTERN.match(concept_id):
        raise KGError(f"bad concept id {concept_id!r}: use lower-case letters, digits and "
                      f"single hyphens", path, _line(values["id"]),
                      hint=f"e.g. id: {suggest_id(concept_id)}")
    return Concept(
        id=concept_id,
        label=_string(values["label"], path, "label"),
        type=_string(values["type"], path, "type"),
        synonyms=_strings(values.get("synonyms"), path, "synonyms"),
        definition=_optional_string(values.get("definition"), path, "definition"),
        exact=_strings(values.get("exact"), path, "exact"),
        close=_strings(values.get("close"), path, "close"),
        file=path,
        line=_line(node),
        lines={name: _line(key) for name, (key, _value) in fields.items()},
    )


def _relation(node: Any, path: Path, source: str) -> Relation:
    fields = _mapping(node, path, "a relation", RELATION_FIELDS)
    values = {name: fields[name][1] for name in fields}
    return Relation(
        subject=_string(values["subject"], path, "subject"),
        predicate=_string(values["predicate"], path, "predicate"),
        object=_string(values["object"], path, "object"),
        quote=_string(values["quote"], path, "quote", strip=False),
        sentence=_integer(values.get("sentence"), path, "sentence"),
        note=_optional_string(values.get("note"), path, "note"),
        reading=_reading(values.get("reading"), path),
        qualifier=_optional_string(values.get("qualifier"), path, "qualifier"),
        source=source,
        file=path,
        line=_line(node),
        lines={name: _line(key) for name, (key, _value) in fields.items()},
    )


def _reading(node: Any, path: Path) -> str:
    """``stated`` (also when absent) or ``inferred``."""
    value = _optional_string(node, path, "reading") or READINGS[0]
    if value not in READINGS:
        raise KGError(f"reading {value!r} is neither 'stated' nor 'inferred'", path, _line(node),
                      hint="reading: stated (the quote says it) or reading: inferred (say how "
                           "in 'note:')")
    return value


def _check_unique_ids(concepts: list[Concept]) -> None:
    first: dict[str, Concept] = {}
    for concept in concepts:
        if concept.id in first:
            earlier = first[concept.id]
            from kg.errors import display_path

            raise KGError(f"duplicate concept id {concept.id!r} (first defined at "
                          f"{display_path(earlier.file)}:{earlier.line_of('id')})",
                          concept.file, concept.line_of("id"),
                          hint="ids are unique over all curated files; reuse the first "
                               "concept or rename this one")
        first[concept.id] = concept


def suggest_id(text: str) -> str:
    """A valid id for ``text``: ``'Knee OA'`` -> ``'knee-oa'``.

    >>> suggest_id("Knee_Osteoarthritis (OA)")
    'knee-osteoarthritis-oa'
    """
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())) or "concept"


# ------------------------------------------------------------------ YAML nodes

def _compose(path: Path) -> Any:
    from kg.inputs import compose_yaml, read_text

    return compose_yaml(read_text(path, "curated file"), path)


def _line(node: Any) -> int:
    return node.start_mark.line + 1


def _mapping(node: Any, path: Path, what: str,
             allowed: dict[str, bool]) -> dict[str, tuple[Any, Any]]:
    """Fields of a mapping node as name -> (key node, value node), checked against
    ``allowed`` (name -> required)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise KGError(f"expected {what} as a mapping of 'field: value' lines", path,
                      _line(node), hint=f"fields: {', '.join(allowed)}")
    fields: dict[str, tuple[Any, Any]] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
        if name not in allowed:
            near = close_matches(name, allowed, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"fields: {', '.join(allowed)}"
            raise KGError(f"unknown field {name!r} in {what}", path, _line(key), hint=hint)
        if name in fields:
            raise KGError(f"field {name!r} given twice in {what} (first on line "
                          f"{_line(fields[name][0])})", path, _line(key))
        fields[name] = (key, value)
    for name, required in allowed.items():
        if required and (name not in fields or _is_null(fields[name][1])):
            raise KGError(f"{what} has no {name!r}", path, _line(node),
                          hint=f"add '{name}: ...'")
    return fields


def _value(fields: dict[str, tuple[Any, Any]], name: str) -> Any:
    """The value node of an optional field, or None."""
    return fields[name][1] if name in fields else None


def _sequence(node: Any, path: Path) -> list[Any]:
    import yaml

    if node is None or _is_null(node):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise KGError("expected a list (lines starting with '- ')", path, _line(node))
    return list(node.value)


def _is_null(node: Any) -> bool:
    return getattr(node, "tag", None) == _NULL


def _string(node: Any, path: Path, name: str, strip: bool = True) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        raise KGError(f"{name!r} must be a single text value", path, _line(node))
    value = node.value.strip() if strip else node.value
    if not value.strip():
        raise KGError(f"{name!r} is empty", path, _line(node))
    from kg.inputs import check_text

    return check_text(value, path, _line(node), name)


def _optional_string(node: Any, path: Path, name: str) -> str | None:
    if node is None or _is_null(node):
        return None
    return _string(node, path, name)


def _strings(node: Any, path: Path, name: str) -> list[str]:
    """A list of texts; a single text is accepted as a list of one."""
    import yaml

    if node is None or _is_null(node):
        return []
    if isinstance(node, yaml.ScalarNode):
        return [_string(node, path, name)]
    if not isinstance(node, yaml.SequenceNode):
        raise KGError(f"{name!r} must be a list of texts, e.g. {name}: [a, b]", path,
                      _line(node))
    return [_string(item, path, name) for item in node.value]


def _integer(node: Any, path: Path, name: str) -> int | None:
    import yaml

    if node is None or _is_null(node):
        return None
    # decimal digits only: YAML 1.1 also reads 0x2, 0b11, 0o7, 1_000 and 190:20:30 as integers
    if not isinstance(node, yaml.ScalarNode) or node.tag != _INT or \
            not node.value.isascii() or not node.value.isdigit() or int(node.value) < 1:
        raise KGError(f"{name!r} must be a sentence number (1, 2, ...)", path, _line(node))
    return int(node.value)
