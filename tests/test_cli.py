"""`python -m pipeline run` end to end on the fixtures: tables, offsets, problems, --strict."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.schemas import TABLES
from tests.conftest import DATA, LAYOUTS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.model]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


# every kind of bad input, beside readable transcripts of every layout and an HTML page
BAD_FILES = {
    "bad/empty.txt": ("empty_file", b""),
    "bad/blank lines.txt": ("empty_file", b"  \n\t\n  \r\n"),
    "bad/saved as pdf.txt": ("binary_file", b"%PDF-1.4\n\x00\x01binary"),
    "bad/undecodable.txt": ("undecodable", b"Events\nTalks \x81\x8d\x8f\x90 \xff\xfe\x00"[:-3] + b"\x9d\x81"),
    "bad/too large.txt": ("file_too_large", b"Events\n" + b"Putin: words and words.\n" * 1500),
}
WARNED_FILES = {"bad/café latin1.txt": "legacy_encoding", "layouts/news_item.txt": "no_speaker_labels"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(LAYOUTS, raw / "layouts")
    (raw / "bad").mkdir()
    for name, (_, data) in BAD_FILES.items():
        (raw / name).write_bytes(data)
    (raw / "bad" / "café latin1.txt").write_bytes(
        "Events\nTalks\nMay 5, 2015\nPresident of Russia Vladimir Putin: Café prices rose by 5 percent.\n".encode(
            "cp1252"
        )
    )
    # the same name in another folder, UTF-16 with a byte order mark, and the HTML page of a transcript
    (raw / "sub folder ü").mkdir()
    (raw / "sub folder ü" / "long_then_short.txt").write_bytes(
        (LAYOUTS / "long_then_short.txt").read_text(encoding="utf-8").encode("utf-16")
    )
    shutil.copy(DATA / "html" / "meeting.html", raw / "sub folder ü" / "meeting.html")
    return raw


@pytest.fixture(scope="module")
def out(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    params = out.parent / "params-small-limit.yaml"
    params.write_text("segment:\n  max_bytes: 30000\n")
    result = run_cli("run", str(corpus), str(out), "--params", str(params), "--cache-dir", str(out.parent / "cache"))
    assert result.returncode == 0, result.stderr
    return out


def test_every_table_is_written_with_its_schema(out):
    for name, table in TABLES.items():
        assert pq.read_schema(out / f"{name}.parquet").names == table.names


def test_each_bad_file_is_one_error_row_with_its_code(out):
    problems = pd.read_parquet(out / "problems.parquet")
    errors = problems[problems["severity"] == "error"]
    assert dict(zip(errors["source_path"], errors["code"], strict=True)) == {
        name: code for name, (code, _) in BAD_FILES.items()
    }


@pytest.mark.parametrize("name, code", sorted(WARNED_FILES.items()))
def test_readable_files_with_a_caveat_are_warnings(out, name, code):
    problems = pd.read_parquet(out / "problems.parquet")
    assert problems[problems["source_path"] == name][["severity", "code"]].values.tolist() == [["warning", code]]


def test_same_name_in_two_folders_both_survive_and_utf16_is_read(out):
    turns = pd.read_parquet(out / "turns.parquet")
    first = turns[turns["doc_id"] == "layouts/long_then_short"]
    second = turns[turns["doc_id"] == "sub folder ü/long_then_short"]
    assert len(first) == len(second) > 0
    assert list(first["text"]) == list(second["text"])


def test_html_page_gives_turns_entities_and_claims(out):
    doc_id = "sub folder ü/meeting"  # noqa: F841  (read by the query strings)
    assert len(pd.read_parquet(out / "turns.parquet").query("doc_id == @doc_id")) == 3
    assert "TJK" in set(pd.read_parquet(out / "entities.parquet").query("doc_id == @doc_id")["entity_id"])
    assert 2.5 in set(pd.read_parquet(out / "claims.parquet").query("doc_id == @doc_id")["value"])


def test_every_readable_file_is_a_document(out):
    docs = pd.read_parquet(out / "documents.parquet")
    assert len(docs) == len(list(LAYOUTS.glob("*.txt"))) + 3
    assert "bad/café latin1" in set(docs["doc_id"])


@pytest.mark.parametrize("table", ["turns", "entities", "claims"])
def test_offsets_index_the_decoded_text(out, corpus, table):
    from pipeline.io import decode_bytes
    from pipeline.segment import transcript_text

    frame = pd.read_parquet(out / f"{table}.parquet")
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    assert len(frame)
    for row in frame.itertuples():
        path = corpus / docs.loc[row.doc_id, "source_path"]
        raw = transcript_text(decode_bytes(path.read_bytes(), "x").text, path.suffix)
        assert raw[row.char_start : row.char_end] == row.text


def test_crlf_file_keeps_its_offsets(out):
    turns = pd.read_parquet(out / "turns.parquet")
    crlf = turns[turns["doc_id"] == "layouts/crlf"]
    assert list(crlf["speaker_name"]) == ["Vladimir Putin", "Emomali Rahmon"]


def test_speakers_are_shared_across_documents(out):
    speakers = pd.read_parquet(out / "speakers.parquet").set_index("speaker_id")
    putin = speakers.loc["vladimir-putin"]
    assert putin["n_documents"] >= 5 and "President of Russia" in list(putin["roles"])


def test_strict_exits_non_zero_with_the_list(corpus, tmp_path):
    result = run_cli("run", str(corpus), str(tmp_path / "out"), "--strict", "--cache-dir", str(tmp_path / "cache"))
    assert result.returncode == 1 and "empty_file" in result.stderr


def test_missing_raw_folder_is_a_clear_error(tmp_path):
    result = run_cli("run", str(tmp_path / "nope"), str(tmp_path / "out"))
    assert result.returncode == 2 and "raw folder not found" in result.stderr


def _refusal(result: subprocess.CompletedProcess) -> str:
    """The one line a refused command prints."""
    assert result.returncode == 2 and result.stdout == "", result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_misspelled_params_key_is_refused_and_nothing_written(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("claims:\n  ton_mean: short ton\n")
    result = run_cli("run", str(LAYOUTS), str(tmp_path / "out"), "--params", str(params))
    assert "unknown key 'claims.ton_mean'; the keys of claims are: claims.ton_means" in _refusal(result)
    assert not (tmp_path / "out").exists()


def test_a_wrong_engine_is_refused_with_the_choices_and_nothing_written(tmp_path):
    result = run_cli("run", str(LAYOUTS), str(tmp_path / "out"), "--engine", "dask2")
    line = _refusal(result)
    assert line.startswith("error: Invalid value for '--engine'") and "'dask2' is not one of 'local', 'dask'" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["run", "extract"])
def test_a_second_run_on_a_folder_being_written_is_refused_and_writes_nothing(tmp_path, command):
    from pipeline.io import output_lock

    out = tmp_path / "out"
    with output_lock(out):  # the first run, still writing
        (out / "claims.parquet").write_bytes(b"the first run's")
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        result = run_cli(command, str(LAYOUTS), str(out), "--cache-dir", str(tmp_path / "cache"))
        assert _refusal(result) == f"error: {out} is being written by another run; try again when it has finished"
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not (tmp_path / "cache").exists()


def test_pipeline_run_writes_the_files_of_the_dvc_stages(tmp_path):
    """`run RAW OUT --gold GOLD` and the commands of dvc.yaml give the same files, byte for byte
    (run.json, a log of what each run computed, aside)."""
    import yaml

    work = tmp_path / "work"
    shutil.copytree(ROOT / "data" / "raw", work / "data" / "raw")
    shutil.copytree(ROOT / "data" / "gold", work / "data" / "gold")
    shutil.copy(ROOT / "data" / "corrections.yaml", work / "data" / "corrections.yaml")
    cache = tmp_path / "cache"
    for spec in yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"].values():
        argv = spec["cmd"].split()[3:]  # after `python -m pipeline`
        if argv[0] == "extract":  # the defaults, and the cache the run below reuses
            argv += ["--params", str(tmp_path / "none.yaml"), "--cache-dir", str(cache)]
        done = subprocess.run([sys.executable, "-m", "pipeline", *argv], cwd=work, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    gold = str(work / "data" / "gold")
    corrections = str(work / "data" / "corrections.yaml")
    result = run_cli(
        "run",
        str(work / "data" / "raw"),
        str(out),
        "--gold",
        gold,
        "--corrections",
        corrections,
        "--cache-dir",
        str(cache),
    )
    assert result.returncode == 0, result.stderr

    def files(folder: Path) -> dict[str, bytes]:
        """Every file under folder but hidden ones (the lock, the cache) and run.json."""
        found = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
        return {n: p.read_bytes() for n, p in found.items() if "/." not in f"/{n}" and not n.endswith("run.json")}

    interim = files(out / "interim")
    assert interim == files(work / "data" / "interim") and len(interim) == 6
    processed = {n: b for n, b in files(out).items() if not n.startswith("interim/")}
    assert processed == files(work / "data" / "processed")
    assert {"transcripts.duckdb", "metrics.json", "claims_per_year.csv", "eval.json", "report/index.html"} <= set(
        processed
    )
