"""A persistent Oxigraph store on disk: parse a large graph once, query it from every command.

``kg load --store DIR`` bulk-loads the release N-Triples (or any RDF files given) into a new
RocksDB-backed :class:`pyoxigraph.Store` in ``DIR``; ``--store DIR`` on a reading command
(``kg query``, ``kg serve``) then opens it read-only in milliseconds instead of parsing the graph
again. The store is written beside ``DIR`` and swapped in with a rename, so readers never see a
half-loaded store and an interrupted load leaves the old one intact (the swap is one atomic
exchange where Linux has it; else two renames, and the next reader puts the old store back if a
crash came between them). What killed loads leave is removed at the next load. Several
processes may open the same store read-only at once (``kg serve`` does, one per worker).

A store holds one file of its own, ``kg-store.json``: what was loaded (names, sizes, SHA-256),
how many triples, when, and with which pyoxigraph. :func:`open_store` uses it to refuse a folder
that is not a kg store and to warn when the release has changed since the store was loaded.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> nt = folder / "g.nt"
>>> _ = nt.write_text('<https://ex.org/a> <https://ex.org/p> "x" .\\n')
>>> info = load_store(folder / "store", [nt])
>>> info.triples
1
>>> [str(row["o"].value) for row in open_store(folder / "store").query(
...     "SELECT ?o WHERE { ?s ?p ?o }")]
['x']
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.files import clean_stale, disk_error, recover, staging_path, swap_in

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

    from kg.config import Project

META_FILE = "kg-store.json"
FORMAT_VERSION = 1
# file suffix -> pyoxigraph RdfFormat attribute
SUFFIX_FORMATS = {".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES", ".ttl": "TURTLE",
                  ".turtle": "TURTLE", ".nq": "N_QUADS", ".trig": "TRIG", ".rdf": "RDF_XML",
                  ".owl": "RDF_XML", ".xml": "RDF_XML", ".jsonld": "JSON_LD", ".n3": "N3"}


@dataclass
class LoadedFile:
    """One file loaded into a store."""

    name: str
    path: str
    bytes: int
    sha256: str


@dataclass
class StoreInfo:
    """What ``kg-store.json`` records about a store."""

    path: str
    triples: int
    files: list[LoadedFile] = field(default_factory=list)
    loaded_at: str = ""
    seconds: float = 0.0
    pyoxigraph: str = ""
    release: str | None = None  # the dataset name when the release was loaded
    concept_namespaces: list[str] = field(default_factory=list)  # for id lookups
    derived: int = 0  # triples of the causal reachability index (kg.query.reach.GRAPH)
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("path")
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, path: Path, text: str) -> StoreInfo:
        data = json.loads(text)
        files = [LoadedFile(**f) for f in data.pop("files", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(path=str(path), files=files, **known)


# ------------------------------------------------------------------ loading

def release_files(project: Project) -> list[Path]:
    """The release N-Triples of ``project``, built first when missing or stale."""
    from kg.build import release_paths
    from kg.load import is_current

    if not is_current(project):
        import kg

        kg.load(project, rebuild=True)
    return [release_paths(project)["nt"]]


def load_store(store_dir: str | os.PathLike[str], files: list[Path] | None = None, *,
               project: Project | None = None, lenient: bool | None = None,
               progress: Any = None) -> StoreInfo:
    """Bulk-load ``files`` (default: ``project``'s release) into a new store at ``store_dir``.

    Replaces a previous kg store there atomically; refuses (KGError) to touch a folder that is
    neither empty nor a kg store. ``lenient`` skips pyoxigraph's IRI and literal validation,
    which is about 40% faster; by default it is used for the release only (written by rdflib
    from checked data), not for files from elsewhere. ``progress(message)`` is called per file.
    """
    import pyoxigraph as ox

    store_dir = Path(store_dir)
    release_name = None
    if files is None:
        from kg.config import Project

        project = project or Project()
        files = release_files(project)
        release_name = project.name
        lenient = True if lenient is None else lenient
    if not files:
        raise KGError("nothing to load", hint="give RDF files, or none to load the release")
    formats = check_rdf_files(files)
    recover(store_dir)  # a load killed between the two renames of a swap
    clean_stale(store_dir, ("loading", "old"))  # what killed loads left (their PID is gone)
    _check_replaceable(store_dir)

    store_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_path(store_dir, "loading")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    loaded: list[LoadedFile] = []
    try:
        store = ox.Store(str(staging))
        for path, fmt in formats:
            if progress:
                progress(f"loading {path} ({path.stat().st_size / 1e6:.1f} MB)")
            bulk_load_file(store, path, fmt, lenient=bool(lenient))
            loaded.append(LoadedFile(path.name, str(path.resolve()), path.stat().st_size,
                                     _sha256(path)))
        triples = len(store)  # the stated graph's (the derived ones are counted apart)
        # the causal reachability index (kg.query.reach): derived triples in their own
        # named graph, so the named questions that follow chains answer in time at scale
        if progress:
            progress("deriving the causal reachability index")
        from kg.query import reach

        derived = reach.add_to_oxigraph(store)
        namespaces = concept_namespaces(store)
        store.flush()
        del store  # closes RocksDB
        info = StoreInfo(
            path=str(store_dir), triples=triples, files=loaded,
            loaded_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            seconds=round(time.perf_counter() - started, 3),
            pyoxigraph=getattr(ox, "__version__", ""), release=release_name,
            concept_namespaces=namespaces, derived=derived,
        )
        (staging / META_FILE).write_text(info.to_json(), encoding="utf-8")
        swap_in(staging, store_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise disk_error(exc, store_dir, "the previous store") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return info


def check_rdf_files(files: list[Path]) -> list[tuple[Path, str]]:
    """Each file with its pyoxigraph format name; KGError for a missing file or an unknown
    suffix (before anything is loaded)."""
    formats = [(Path(f), _format_of(Path(f))) for f in files]
    for path, _ in formats:
        if not path.is_file():
            raise KGError(f"{path}: no such file")
    return formats


def bulk_load_file(store: pyoxigraph.Store, path: Path, fmt: str, *,
                   lenient: bool = False) -> None:
    """Load one RDF file (``fmt`` from :func:`check_rdf_files`) into ``store``; a file that
    does not parse is a KGError naming it and the place."""
    import pyoxigraph as ox

    try:
        store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, fmt), lenient=lenient)
    except SyntaxError as exc:
        raise KGError(f"{path}: not valid {fmt.replace('_', '-').lower()}: {exc}",
                      file=path) from None


def _format_of(path: Path) -> str:
    suffixes = "".join(path.suffixes[-1:]).lower()
    try:
        return SUFFIX_FORMATS[suffixes]
    except KeyError:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise KGError(f"{path}: unknown RDF file type {suffixes or '(no suffix)'}",
                      hint=f"use one of {known}") from None


def _check_replaceable(store_dir: Path) -> None:
    if not store_dir.exists():
        return
    if not store_dir.is_dir():
        raise KGError(f"{store_dir} is a file, not a store folder")
    if (store_dir / META_FILE).is_file() or not any(store_dir.iterdir()):
        return
    raise KGError(f"{store_dir} is not empty and not a kg store; refusing to overwrite it",
                  hint="give a new folder, or an old `kg load --store` folder to replace it")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ------------------------------------------------------------------ reading

def store_info(store_dir: str | os.PathLike[str]) -> StoreInfo:
    """The metadata of the store at ``store_dir``; KGError if it is not a kg store."""
    store_dir = Path(store_dir)
    recover(store_dir)
    meta = store_dir / META_FILE
    if not store_dir.is_dir():
        raise KGError(f"no store at {store_dir}",
                      hint=f"create it with: kg load --store {store_dir}")
    try:
        return StoreInfo.from_json(store_dir, meta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KGError(f"{store_dir} is not a kg store (no {META_FILE})",
                      hint=f"create one with: kg load --store {store_dir}") from None
    except (ValueError, TypeError) as exc:
        raise KGError(f"{meta}: unreadable store metadata ({exc})",
                      hint=f"reload with: kg load --store {store_dir}") from None


def open_store(store_dir: str | os.PathLike[str], project: Project | None = None,
               *, warn_stale: bool = True) -> pyoxigraph.Store:
    """Open the store at ``store_dir`` read-only (fast: nothing is parsed).

    When ``project`` is given and the store was loaded from its release, a store older than the
    current release gets a warning on stderr (the answers may be out of date), not an error: a
    teacher may well want to keep querying yesterday's store.
    """
    import pyoxigraph as ox

    info = store_info(store_dir)
    if warn_stale and project is not None:
        reason = stale_reason(info, project)
        if reason:
            print(f"warning: {reason}; reload with: kg load --store {store_dir}",
                  file=sys.stderr)
    try:
        return ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise KGError(f"cannot open the store at {store_dir}: {exc}",
                      hint=f"reload it with: kg load --store {store_dir}") from None


def stale_reason(info: StoreInfo, project: Project) -> str | None:
    """Why the store no longer matches the project's release, or None (cheap: reads the
    release manifest only, hashes nothing)."""
    if info.release is None or info.release != _safe_name(project):
        return None
    try:
        from kg.build import MANIFEST

        manifest = json.loads((project.release_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = manifest.get("outputs", {})
    for loaded in info.files:
        current = outputs.get(loaded.name)
        if current and current != loaded.sha256:
            return f"the store at {info.path} was loaded before the release was rebuilt"
    return None


def _safe_name(project: Project) -> str | None:
    try:
        return project.name
    except KGError:
        return None


# ------------------------------------------------------------------ names -> concepts

def _concept_namespaces_query() -> str:
    from kg.resolve_sparql import CONCEPT_NAMESPACES as _CONCEPT_NAMESPACES

    return _CONCEPT_NAMESPACES


def concept_namespaces(store: pyoxigraph.Store) -> list[str]:
    """The IRI prefixes of the concepts in ``store`` (``<base>concept/``), usually one.

    Reads every concept (0.25 s at 1M triples), so :func:`load_store` records the answer in
    ``kg-store.json`` and :func:`resolver` reuses it.
    """
    return sorted(row["ns"].value for row in store.query(_concept_namespaces_query()))


def resolver(store_dir: str | os.PathLike[str], store: pyoxigraph.Store | None = None):
    """A :class:`kg.endpoint.NameResolver` for the store at ``store_dir`` (opened read-only
    if not given), using the concept namespaces recorded at load time."""
    info = store_info(store_dir)
    return store_resolver(store if store is not None else open_store(store_dir),
                          info.concept_namespaces)


def store_select(store: pyoxigraph.Store):
    """A ``select(text) -> [{var: value}]`` function over ``store``
    (:func:`kg.resolve_sparql.store_select`)."""
    from kg.resolve_sparql import store_select as select

    return select(store)


def store_resolver(store: pyoxigraph.Store, namespaces: list[str] | None = None):
    """Names -> concept IRIs against an Oxigraph store without scanning it: a
    :class:`kg.endpoint.NameResolver` (exact-literal lookups on the materialized ``kgv:key``)."""
    from kg.resolve_sparql import NameResolver, store_select

    return NameResolver(store_select(store), namespaces)


# ------------------------------------------------------------------ the query engine

def store_engine(store_dir: str | os.PathLike[str], project: Project | None = None):
    """A :mod:`kg.query` engine over the store at ``store_dir`` (``kg query --store DIR``).

    It is the oxigraph engine (same execution, same results) with a persistent read-only store
    instead of one parsed from the release at every start, and with name resolution and table
    labels done by exact lookups instead of reading every concept and label: at 1M triples
    the whole-graph indexes would cost more than the queries themselves.
    """
    from kg.config import Project
    from kg.query.engines import Engine, OxigraphEngine

    class StoreEngine(OxigraphEngine):
        name = "oxigraph"

        def __init__(self, project: Project, store_dir: Path) -> None:
            Engine.__init__(self, project)
            import pyoxigraph as ox

            self._ox = ox
            info = store_info(store_dir)
            self.store = open_store(store_dir, project)
            self.store_dir = store_dir
            self.source = store_dir / META_FILE  # its mtime changes on reload
            self.namespaces = info.concept_namespaces or None
            from kg.query import reach

            self.indexed = reach.has_index(self.store)  # not in a store loaded before it

        def name_source(self):
            """Exact lookups with the namespaces recorded at load time: no scan at 1M."""
            from kg.resolve_sparql import SparqlNames, store_select

            return SparqlNames(store_select(self.store), self.namespaces)

        def labels(self) -> dict[str, str]:
            from kg.lookup import LazyLabels

            return LazyLabels(self.names.source.select)

    return StoreEngine(project or Project(), Path(store_dir))
