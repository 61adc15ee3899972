"""`python -m pipeline run` end to end on the fixtures: tables, offsets, problems, --strict."""
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.schemas import TABLES
from tests.conftest import LAYOUTS

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args, "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(LAYOUTS, raw / "layouts")
    (raw / "bad").mkdir()
    (raw / "bad" / "empty.txt").write_bytes(b"")
    (raw / "bad" / "saved as pdf.txt").write_bytes(b"%PDF-1.4\n\x00\x01binary")
    (raw / "bad" / "café latin1.txt").write_bytes(
        "Events\nTalks\nMay 5, 2015\nPresident of Russia Vladimir Putin: Café prices rose by 5 percent.\n".encode("cp1252"))
    return raw


@pytest.fixture(scope="module")
def out(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_cli("run", str(corpus), str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_every_table_is_written_with_its_schema(out):
    for name, table in TABLES.items():
        assert pq.read_schema(out / f"{name}.parquet").names == table.names


def test_bad_files_become_problem_rows(out):
    problems = pd.read_parquet(out / "problems.parquet")
    codes = dict(zip(problems["source_path"], problems["code"]))
    assert codes["bad/empty.txt"] == "empty_file"
    assert codes["bad/saved as pdf.txt"] == "binary_file"
    assert codes["bad/café latin1.txt"] == "legacy_encoding"
    assert codes["layouts/news_item.txt"] == "no_speaker_labels"


def test_every_readable_file_is_a_document(out):
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == len(list(LAYOUTS.glob("*.txt"))) + 1
    assert "bad/café latin1" in set(docs["doc_id"])


@pytest.mark.parametrize("table", ["turns", "entities", "claims"])
def test_offsets_index_the_decoded_text(out, corpus, table):
    from pipeline.io import decode_bytes

    frame = pd.read_parquet(out / f"{table}.parquet")
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert len(frame)
    for row in frame.itertuples():
        raw = decode_bytes((corpus / docs.loc[row.doc_id, "source_path"]).read_bytes(), "x").text
        assert raw[row.char_start:row.char_end] == row.text


def test_crlf_file_keeps_its_offsets(out):
    turns = pd.read_parquet(out / "turns.parquet")
    crlf = turns[turns["doc_id"] == "layouts/crlf"]
    assert list(crlf["speaker_name"]) == ["Vladimir Putin", "Emomali Rahmon"]


def test_speakers_are_shared_across_documents(out):
    speakers = pd.read_parquet(out / "speakers.parquet").set_index("speaker_id")
    putin = speakers.loc["vladimir-putin"]
    assert putin["n_documents"] >= 5 and "President of Russia" in list(putin["roles"])


def test_strict_exits_non_zero_with_the_list(corpus, tmp_path):
    result = run_cli("run", str(corpus), str(tmp_path), "--strict")
    assert result.returncode == 1 and "empty_file" in result.stderr


def test_missing_raw_folder_is_a_clear_error(tmp_path):
    result = run_cli("run", str(tmp_path / "nope"), str(tmp_path / "out"))
    assert result.returncode == 2 and "raw folder not found" in result.stderr
