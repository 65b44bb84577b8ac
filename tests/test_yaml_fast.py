"""The libyaml-backed loader of kg.inputs composes exactly what the pure-Python one does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg import inputs
from kg.errors import KGError

REPO = Path(__file__).resolve().parents[1]
FILES = sorted(p for folder in (REPO / "data", REPO / "tests" / "fixtures")
               for p in folder.rglob("*.y*ml"))


def tree(node):
    """A node as nested tuples: tag, value, style and marks (line and column) included."""
    if node is None:
        return None
    mark = (node.start_mark.line, node.start_mark.column, node.end_mark.line)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, mark)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, mark, tuple(tree(x) for x in node.value))
    return ("map", node.tag, mark, tuple((tree(k), tree(v)) for k, v in node.value))


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_fast_loader_composes_the_same_nodes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    slow = inputs._bounded_loader()(text).get_single_node()
    fast = inputs._run_fast(text, compose=True)
    assert fast is not inputs._FAILED
    assert tree(fast) == tree(slow)


@pytest.mark.parametrize("text, words", [
    ("a: [1, 2\nb: 3\n", "malformed YAML"),
    ("a: b: c\n", "mapping values are not allowed here"),  # PyYAML's words, not libyaml's
    ("x: &a [*a]\n", "refers to the list or mapping that holds it"),
])
def test_errors_are_worded_by_pyyaml(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(KGError) as err:
        inputs.compose_yaml(text, tmp_path / "f.yaml")
    assert words in str(err.value)


def test_depth_bound_holds_on_the_fast_path(tmp_path: Path) -> None:
    with pytest.raises(KGError, match="nested more than"):
        inputs.compose_yaml("[" * 200 + "]" * 200, tmp_path / "deep.yaml")


def test_load_yaml_gives_the_same_values() -> None:
    text = (REPO / "data" / "kg.yaml").read_text(encoding="utf-8")
    assert inputs.load_yaml(text, Path("kg.yaml")) == yaml.safe_load(text)
