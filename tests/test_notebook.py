"""notebooks/explore.ipynb runs from top to bottom on the sample's tables and answers its questions."""

import os
import shutil
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.stages import run_all
from tests.conftest import DATA, LAYOUTS

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nbformat = pytest.importorskip("nbformat", reason="the notebook extra is not installed")
    nbclient = pytest.importorskip("nbclient", reason="the notebook extra is not installed")
    raw = tmp_path_factory.mktemp("raw")
    for name in ("long_then_short.txt", "notes_and_roles.txt"):
        shutil.copy(LAYOUTS / name, raw)
    shutil.copy(DATA / "html" / "meeting.txt", raw)
    out = tmp_path_factory.mktemp("processed")
    run_all(raw, out, Settings(cache_dir=str(out / ".cache")))
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    os.environ["TRANSCRIPTS_PROCESSED"] = str(out)
    try:
        nbclient.NotebookClient(
            notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
        ).execute()
    finally:
        del os.environ["TRANSCRIPTS_PROCESSED"]
    return notebook, out


def _outputs(notebook) -> list[str]:
    return [
        "".join(o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", []))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_every_cell_runs_without_error(executed):
    notebook, _ = executed
    assert not [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def test_claims_by_speaker_names_speakers(executed):
    assert "total" in _outputs(executed[0])[1]


def test_countries_per_document_lists_iso_codes(executed):
    assert "TJK" in _outputs(executed[0])[2] and "KGZ" in _outputs(executed[0])[2]


def test_chart_of_measured_things_is_saved(executed):
    chart = executed[1] / "claims_by_measured.png"
    assert chart.exists() and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
