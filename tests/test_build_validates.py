"""`kg build` refuses to write a release that `kg validate` would reject."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_build_refuses_duplicate_names(tmp_path, run_kg):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    curated = data / "curated" / "hip-and-lower-back-pain.yaml"
    text = curated.read_text(encoding="utf-8")
    # give a second concept the synonym "FAI": it builds, but names must be unique
    old = "    synonyms: [stiff hip]"
    assert old in text
    text = text.replace(old, "    synonyms: [stiff hip, FAI]")
    curated.write_text(text, encoding="utf-8")
    build = tmp_path / "build"
    code, out, err = run_kg("build", data=data, build=build)
    assert code == 1
    assert "'fai' belongs to 2 concepts" in out and "hip stiffness" in out
    assert "nothing written" in out
    assert not (build / "release").exists()


def test_build_reports_valid(run_kg, tmp_path):
    code, out, err = run_kg("build", build=tmp_path / "b")
    assert code == 0, err
    assert "valid" in err
    assert (tmp_path / "b" / "release" / "hip-spine.ttl").is_file()
