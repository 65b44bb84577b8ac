"""Where things are: the dataset folder, the build folder, and the dataset settings.

A :class:`Project` is a pair of folders. The dataset folder (default ``<repo>/data``, or env
``KG_DATA``) holds ``kg.yaml``, ``sources/``, ``ontology/`` and ``curated/``; the build folder
(default ``build/`` next to the dataset folder, or env ``KG_BUILD``) holds generated files only.
Nothing here imports rdflib, so the CLI can make a Project cheaply.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.freshness import Memo, file_key

SETTINGS_FILE = "kg.yaml"
_SETTINGS = Memo()  # kg.yaml path -> Settings, while its stat key is unchanged
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def repo_root() -> Path:
    """The folder holding the ``kg`` package (the repository in a development checkout)."""
    return Path(__file__).resolve().parents[1]


def default_data_dir() -> Path:
    """``$KG_DATA`` if set, else ``<repo>/data``."""
    env = os.environ.get("KG_DATA")
    return Path(env) if env else repo_root() / "data"


def default_build_dir(data_dir: Path | None = None) -> Path:
    """``$KG_BUILD`` if set, else ``build/`` next to the dataset folder (``<repo>/build``).

    Next to the data (not always ``<repo>/build``) so that building another dataset never
    overwrites this one's release manifest.
    """
    env = os.environ.get("KG_BUILD")
    if env:
        return Path(env)
    return (data_dir or default_data_dir()).resolve().parent / "build"


@dataclass(frozen=True)
class Settings:
    """The parsed ``data/kg.yaml``."""

    name: str
    title: str
    description: str
    base: str
    prefixes: dict[str, str] = field(default_factory=dict)
    file: Path | None = None


@dataclass(frozen=True)
class Project:
    """A dataset folder and a build folder; every path the engine uses derives from these.

    >>> p = Project("/tmp/ds/data")
    >>> p.curated_dir.as_posix(), p.release_dir.as_posix()
    ('/tmp/ds/data/curated', '/tmp/ds/build/release')
    """

    data_dir: Path = field(default_factory=default_data_dir)
    build_dir: Path | None = None

    def __post_init__(self) -> None:
        data_dir = Path(self.data_dir)
        object.__setattr__(self, "data_dir", data_dir)
        build_dir = Path(self.build_dir) if self.build_dir is not None else None
        object.__setattr__(self, "build_dir", build_dir or default_build_dir(data_dir))

    @property
    def settings_file(self) -> Path:
        return self.data_dir / SETTINGS_FILE

    @property
    def ontology_dir(self) -> Path:
        return self.data_dir / "ontology"

    @property
    def sources_dir(self) -> Path:
        return self.data_dir / "sources"

    @property
    def curated_dir(self) -> Path:
        return self.data_dir / "curated"

    @property
    def release_dir(self) -> Path:
        return self.build_dir / "release"

    @property
    def settings(self) -> Settings:
        """``kg.yaml`` parsed and checked; parsed again only when the file changes, so making
        a Project per call (as ``kg.query(name)`` with no project does) costs a ``stat``."""
        path = self.settings_file
        return _SETTINGS.get(path, file_key(path), lambda: read_settings(path))

    @property
    def name(self) -> str:
        """The dataset name used for release file names (``<name>.ttl``)."""
        return self.settings.name

    def expand_curie(self, curie: str, file: Path | None = None, line: int | None = None) -> str:
        """``MONDO:0006629`` -> full IRI, using the prefixes of ``kg.yaml``.

        Full IRIs (``http://...``/``https://...``) pass through unchanged. An unknown prefix is a
        :class:`KGError` located at ``file``/``line`` (the curated entry that used it).
        """
        return expand_curie(curie, self.settings.prefixes, file=file, line=line,
                            settings_file=self.settings_file)


def expand_curie(
    curie: str,
    prefixes: dict[str, str],
    *,
    file: Path | None = None,
    line: int | None = None,
    settings_file: Path | None = None,
) -> str:
    """Expand ``PREFIX:local`` with ``prefixes``.

    >>> expand_curie("HP:0008843", {"HP": "http://purl.obolibrary.org/obo/HP_"})
    'http://purl.obolibrary.org/obo/HP_0008843'
    """
    if curie.startswith(("http://", "https://", "urn:")):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or not prefix or not local:
        raise KGError(f"{curie!r} is not a CURIE (PREFIX:id) or an http(s) IRI", file, line,
                      hint="write e.g. MONDO:0006629")
    if prefix not in prefixes:
        from kg.names import close_matches

        near = close_matches(prefix, list(prefixes))
        where = f" in {settings_file}" if settings_file else ""
        hint = f"did you mean {near[0]!r}?" if near else f"declare it under 'prefixes:'{where}"
        raise KGError(f"unknown prefix {prefix!r} in {curie!r}", file, line, hint=hint)
    return prefixes[prefix] + local


def read_settings(path: Path) -> Settings:
    """Parse ``kg.yaml``; missing file or fields are :class:`KGError` (the CLI shows them)."""
    from kg.inputs import check_iri, load_yaml, read_text

    if not path.exists() and not path.is_symlink():
        raise KGError(f"no dataset settings file {path.name} in {path.parent}", file=path,
                      hint="use --data DIR (or KG_DATA) to point at a dataset folder")
    raw = load_yaml(read_text(path, "settings file"), path) or {}
    if not isinstance(raw, dict):
        raise KGError("expected a mapping of settings (title:, base:, prefixes:)", path, 1)
    for key in ("title", "base"):
        if not raw.get(key):
            raise KGError(f"missing setting {key!r}", path, hint=f"add '{key}: ...'")
    for key in ("title", "description", "base", "name"):
        if isinstance(raw.get(key), list | dict):
            raise KGError(f"setting {key!r} must be one text value", path)
    base = check_iri(str(raw["base"]), path, what="base IRI")
    if not base.endswith(("/", "#")):
        raise KGError(f"base IRI {base!r} must end with '/' or '#'", path)
    prefixes = raw.get("prefixes") or {}
    if not isinstance(prefixes, dict):
        raise KGError("'prefixes' must be a mapping PREFIX: IRI", path)
    for prefix, iri in prefixes.items():
        if isinstance(iri, list | dict):
            raise KGError(f"prefix {prefix!r} must map to one IRI", path)
        check_iri(str(iri), path, what=f"prefix {prefix!r}")
    name = str(raw.get("name") or default_name(path.parent, base))
    if not _NAME_RE.match(name):
        raise KGError(f"dataset name {name!r} is not usable as a file name", path,
                      hint="use letters, digits, '.', '_' and '-'")
    return Settings(
        name=name,
        title=str(raw["title"]),
        description=str(raw.get("description") or ""),
        base=base,
        prefixes={str(k): str(v) for k, v in prefixes.items()},
        file=path,
    )


def default_name(data_dir: Path, base: str = "") -> str:
    """Release name when ``kg.yaml`` has no ``name:``.

    The last segment of the base IRI (``.../my-course/`` -> ``my-course``) if usable, so every
    clone of the repository writes the same file names; else the data folder's parent's name;
    else ``kg``.

    >>> default_name(Path("/x/y/data"), "https://example.org/my-course/")
    'my-course'
    >>> default_name(Path("/x/course/data"))
    'course'
    """
    for candidate in (base.rstrip("/#").rsplit("/", 1)[-1] if "://" in base else "",
                      data_dir.resolve().parent.name):
        if candidate and _NAME_RE.match(candidate):
            return candidate
    return "kg"


