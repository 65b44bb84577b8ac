"""The verified ontology IDs a dataset may cite: ``data/ontology/xrefs.tsv``.

A curator writes ``exact: [MONDO:0006629]`` in the curated YAML; that claim is only as good
as the check behind it. The table records, per ID, the label the ontology itself gives it, the
file it was read from and how it was verified (the columns of the shared reference table the
rows are copied from: ``concept ontology id label_in_source source note``). ``kg validate``
refuses an ID missing from it, or cited as an exact match where the table says only
"closest"; ``kg show`` prints each ID with its label, so a reader sees what it really names.

A TSV rather than RDF: it is the reference table's own format, and rows are copied unchanged.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

__all__ = ["XREFS_FILE", "XRef", "read_xrefs", "xref_labels"]

XREFS_FILE = "xrefs.tsv"
COLUMNS = ("concept", "ontology", "id", "label_in_source", "source", "note")


@dataclass(frozen=True)
class XRef:
    """One verified ID: its label in the ontology, where it was read, how it was verified."""

    id: str
    label: str
    source: str
    note: str

    @property
    def exact_ok(self) -> bool:
        """May it be cited as an exact match? Not when verified only as the closest term, or
        seen only as a cross-reference, or not verified at all."""
        status = self.note.split(":")[0].split("(")[0].strip().upper()
        return status.startswith("VERIFIED") and "CLOSEST" not in status


def read_xrefs(path: Path) -> dict[str, XRef]:
    """The table at ``path`` as id -> :class:`XRef` (rows without a usable id are skipped);
    ``{}`` when there is no table."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise KGError(f"the ID table lacks the column(s) {', '.join(missing)}", path, 1,
                          hint="columns: " + "\t".join(COLUMNS))
        table: dict[str, XRef] = {}
        for row in reader:
            curie = (row.get("id") or "").strip()
            if ":" not in curie or " " in curie:
                continue  # "NOT VERIFIED" rows and IRI patterns name no id
            table.setdefault(curie, XRef(curie, (row.get("label_in_source") or "").strip(),
                                         (row.get("source") or "").strip(),
                                         (row.get("note") or "").strip()))
    return table


def xref_labels(ontology_dir: Path) -> dict[str, str]:
    """id -> label of the dataset's ID table (for printing IDs with what they name)."""
    return {curie: ref.label for curie, ref in read_xrefs(ontology_dir / XREFS_FILE).items()}
