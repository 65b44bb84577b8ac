"""The notebooks in notebooks/ run top to bottom, and are committed with their outputs stripped.

Each notebook is executed with nbclient in a kernel running *this* interpreter (a kernelspec
written to a temporary folder, so it works in a fresh virtualenv that has only the [test] extra
and no Jupyter installation). The kernel's working directory is a temporary folder and
KG_BUILD points into it, so a notebook never writes into the repository. A cell that raises
fails the test, naming the notebook, the cell and the error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
EXPECTED = ["01-tour", "02-sparql", "03-visualize", "04-explain"]
KERNEL = "kg-test-python"
CELL_TIMEOUT = 120  # seconds; every notebook runs in seconds


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {index} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {index} was run"
    assert "widgets" not in nb.get("metadata", {}), f"{path.name} keeps widget state"
    # a notebook that teaches: prose as well as code, and a title first
    kinds = [cell["cell_type"] for cell in nb["cells"]]
    assert kinds[0] == "markdown" and "".join(nb["cells"][0]["source"]).startswith("# ")
    assert kinds.count("markdown") >= kinds.count("code") / 2


@pytest.fixture(scope="module")
def jupyter_home(tmp_path_factory) -> Path:
    """A kernelspec for this interpreter, in a temporary Jupyter data folder."""
    pytest.importorskip("nbclient", reason="nbclient is in the [test] extra")
    pytest.importorskip("ipykernel", reason="ipykernel is in the [test] extra")
    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "data" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (kg tests)",
        "language": "python",
    }), encoding="utf-8")
    return home


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path, jupyter_home, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    work = tmp_path / "work"
    work.mkdir()
    for name, value in {
        "KG_BUILD": str(tmp_path / "build"),
        "JUPYTER_PATH": str(jupyter_home / "data"),
        "JUPYTER_DATA_DIR": str(jupyter_home / "data"),
        "JUPYTER_CONFIG_DIR": str(jupyter_home / "config"),
        "JUPYTER_RUNTIME_DIR": str(jupyter_home / "runtime"),
        "IPYTHONDIR": str(jupyter_home / "ipython"),
        "MPLBACKEND": "agg",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KG_DATA", raising=False)  # the embedded dataset

    nb = nbformat.read(path, as_version=4)
    before = _notebooks_dir()
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(work)}})
    failure = None
    try:
        client.execute()
    except CellExecutionError as exc:
        failure = _failure(path, nb, exc)
    if failure:
        pytest.fail(failure, pytrace=False)

    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors
    ran = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert ran and all(cell.execution_count for cell in ran)
    # what the notebook made went to the build folder the test chose, nothing to the working
    # directory or the repository's notebooks/
    assert (tmp_path / "build" / "release").is_dir()
    assert list(work.iterdir()) == [], "the notebook wrote into its working directory"
    assert _notebooks_dir() == before, "the notebook wrote into the repository's notebooks/"


def _failure(path: Path, nb, exc) -> str:
    """Which cell failed, its code, and the end of its traceback (without terminal colours)."""
    import re

    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                trace = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(out.get("traceback", [])))
                tail = "\n".join(trace.splitlines()[-12:])
                return (f"{path.name}: cell {index} failed: {out['ename']}: {out['evalue']}\n"
                        f"--- the cell ---\n{cell.source}\n--- traceback (end) ---\n{tail}")
    return f"{path.name}: a cell failed: {exc}"


def _notebooks_dir() -> set[str]:
    return {p.name for p in (REPO / "notebooks").iterdir()}
