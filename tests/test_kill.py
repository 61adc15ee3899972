"""A run killed (SIGKILL, the whole process group) in the middle of a stage leaves the previous
outputs whole and readable, and the next run completes."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.schemas import TABLES
from tests.conftest import LAYOUTS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.model]


def _run(raw: Path, out: Path, cache: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(raw), str(out), "--cache-dir", str(cache), "--quiet"],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {p.name: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_killed_run_leaves_previous_outputs_whole_and_next_run_completes(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(LAYOUTS, raw)
    first = _run(raw, out, tmp_path / "cache1")
    assert first.wait(timeout=600) == 0, first.stderr.read().decode()
    before = _tables(out)
    assert len(before) == len(TABLES)

    # more work and a cold cache, so that the run is surely mid-stage when the temporaries appear
    for name in list(raw.glob("*.txt")):
        shutil.copy(name, raw / f"copy_{name.name}")
    killed = _run(raw, out, tmp_path / "cache2")
    deadline = time.time() + 300
    while not list(out.rglob(".*.tmp")) and killed.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)  # into the work: model loading, documents being processed
    assert killed.poll() is None, "the run finished before it could be killed"
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)

    after = _tables(out)  # every table still reads, with the previous rows
    assert after.keys() == before.keys()
    for name in before:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)
    with duckdb.connect(str(out / "transcripts.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(before["documents.parquet"])

    again = _run(raw, out, tmp_path / "cache2")
    assert again.wait(timeout=600) == 0, again.stderr.read().decode()
    final = _tables(out)
    assert len(final["documents.parquet"]) == 2 * len(before["documents.parquet"])
    assert not list(out.rglob(".*.tmp")), "temporaries of the killed run were not cleaned up"
