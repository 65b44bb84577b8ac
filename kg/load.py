"""``kg.load()``: the graph of a dataset, from the release files when they are current.

Parsing the sorted N-Triples release is faster than rebuilding (no YAML, no quote search), and
the release manifest says whether it is current: it records a hash of every file under the
dataset folder, of the engine code, and of the release files themselves. Anything different (an
edited curated file, a new source, a half-written release) and the graph is rebuilt and the
release rewritten.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import Project
from kg.freshness import Memo

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

_CURRENT = Memo()  # (data dir, build dir) -> whether the release is current, by stat keys


def load(project: Project | None = None, rebuild: bool = False) -> Graph:
    """The dataset's rdflib graph (default dataset: the repository's data/).

    Rebuilds (and rewrites the release) when ``rebuild`` is true or the release is missing or
    stale. Input mistakes raise :class:`kg.errors.KGError`. If the build folder is not
    writable the freshly built graph is still returned, with a warning.

    >>> import kg
    >>> graph = kg.load()            # doctest: +SKIP
    """
    project = project or Project()
    if not rebuild and is_current(project):
        return _parse_release(project)
    from kg.build import build_graph, write_release
    from kg.files import WriteFailed

    graph = build_graph(project)
    try:
        write_release(graph, project)
    except (OSError, WriteFailed) as exc:
        warnings.warn(f"could not write the release to {project.release_dir}: {exc}",
                      stacklevel=2)
    return graph


def is_current(project: Project) -> bool:
    """Whether the release files match the dataset folder and engine they were built from.

    The hashes are compared again only when a file's stat key changed (see
    :mod:`kg.freshness`): a warm call costs a ``stat`` per data file, not a sha256 of each.
    """
    from kg.build import ENGINE_MODULES, MANIFEST, release_paths
    from kg.freshness import file_key, tree_key

    release = project.release_dir
    package = Path(__file__).parent
    key = (tree_key(project.data_dir), file_key(release / MANIFEST),
           file_key(release_paths(project)["nt"]),
           tuple(file_key(package / f"{name}.py") for name in ENGINE_MODULES))
    return _CURRENT.get((project.data_dir, project.build_dir), key,
                        lambda: _is_current(project))


def _is_current(project: Project) -> bool:
    from kg.build import MANIFEST, _sha256, engine_fingerprint, input_hashes, release_paths
    from kg.files import recover

    recover(project.release_dir)  # a build killed between two renames set the release aside
    manifest_path = project.release_dir / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        nt_path = release_paths(project)["nt"]
        nt_hash = _sha256(nt_path.read_bytes())
    except (OSError, ValueError):
        return False
    return (
        manifest.get("engine") == engine_fingerprint()
        and manifest.get("outputs", {}).get(nt_path.name) == nt_hash
        and manifest.get("inputs") == input_hashes(project)
    )


def _parse_release(project: Project) -> Graph:
    from rdflib import Graph

    from kg.build import release_paths
    from kg.namespaces import bind_prefixes

    graph = Graph(bind_namespaces="core")
    graph.parse(release_paths(project)["nt"], format="nt")
    settings = project.settings
    return bind_prefixes(graph, settings.prefixes, settings.base)


from kg._callable import make_callable  # noqa: E402 - after load() exists

make_callable(__name__, "load")
