"""The tables stage: people's corrections applied to the interim tables, series linked, both counted
in metrics.json, and a correction that no longer matches kept as a problem (`--strict` fails on it).

The transcripts under tests/data/tables/ are two meetings of my own: unemployment is reported in
both (a series of three claims), and the first has a seizure, a count and a ratio the claims stage
misses ('twice as many interviews')."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.__main__ import main
from pipeline.config import Settings
from pipeline.stages import run_extract
from pipeline.tables import tables_stage
from tests.conftest import DATA

pytestmark = pytest.mark.model

RAW = DATA / "tables"
FIRST = "labour-2015"
FIRST_TEXT = (RAW / f"{FIRST}.txt").read_text(encoding="utf-8")


def anchor(text: str, doc_id: str = FIRST, raw: str = FIRST_TEXT) -> dict:
    start = raw.index(text)
    return {"doc_id": doc_id, "char_start": start, "char_end": start + len(text), "text": text}


def settings(folder: Path) -> Settings:
    return Settings(cache_dir=str(folder / "cache"), n_process=1)


@pytest.fixture(scope="module")
def interim(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tables")
    run_extract(RAW, folder / "interim", settings(folder))
    return folder / "interim"


def build(interim: Path, out: Path, *entries: dict) -> tuple[dict, dict[str, pd.DataFrame]]:
    """tables_stage with a corrections file holding `entries`; the metrics and the written tables."""
    corrections = out.parent / f"{out.name}-corrections.yaml"
    corrections.write_text(yaml.safe_dump({"corrections": list(entries)}, sort_keys=False), encoding="utf-8")
    metrics = tables_stage(interim, out, Settings(), corrections=corrections)
    tables = {n: pd.read_parquet(out / f"{n}.parquet") for n in ("claims", "entities", "series", "problems")}
    return metrics, tables


def claim_at(claims: pd.DataFrame, text: str) -> pd.Series:
    rows = claims[(claims["doc_id"] == FIRST) & (claims["text"] == text)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_series_and_the_claims_in_them_are_counted(interim, tmp_path):
    metrics, tables = build(interim, tmp_path / "out")
    assert (metrics["series"], metrics["claims_in_series"]) == (1, 3)
    assert tables["series"]["label"].tolist() == ["unemployment"]
    in_series = tables["claims"].dropna(subset=["series_id"])
    assert sorted(in_series["text"]) == ["5.2 percent", "5.6 percent", "5.8 percent"]
    assert json.loads((tmp_path / "out" / "metrics.json").read_text())["claims_in_series"] == 3


def test_a_correction_is_applied_when_the_tables_are_built(interim, tmp_path):
    metrics, tables = build(interim, tmp_path / "out", {**anchor("4 tonnes"), "set": {"measured": "seized cocaine"}})
    row = claim_at(tables["claims"], "4 tonnes")
    assert (row["measured"], row["measured_rule"], bool(row["corrected"])) == ("seized cocaine", "correction", True)
    assert tables["claims"]["corrected"].sum() == 1  # the others are marked as not corrected
    assert metrics["corrections"] == {"applied": 1, "stale": 0, "unmatched": 0, "invalid": 0}
    assert tables["problems"].empty


def test_a_dropped_claim_is_gone_and_an_added_one_is_there_with_its_speaker(interim, tmp_path):
    added = {"value": 2, "unit": "ratio", "measured": "interviews", "kind": "change", "direction": "up"}
    metrics, tables = build(
        interim, tmp_path / "out", {**anchor("three"), "drop": True}, {**anchor("twice"), "add": added}
    )
    claims = tables["claims"][tables["claims"]["doc_id"] == FIRST]
    assert "three" not in set(claims["text"])
    row = claim_at(tables["claims"], "twice")
    assert (row["value"], row["unit"], row["dimension"], row["speaker_id"]) == (2, "ratio", "ratio", "maxim-topilin")
    assert "twice as many interviews" in row["sentence"] and bool(row["corrected"])
    assert metrics["corrections"]["applied"] == 2


def test_a_correction_applies_before_the_series_are_formed(interim, tmp_path):
    second = (RAW / "labour-2016.txt").read_text(encoding="utf-8")
    drops = [{**anchor(t, "labour-2016", second), "drop": True} for t in ("5.6 percent", "5.8 percent")]
    metrics, tables = build(interim, tmp_path / "out", *drops)
    assert (metrics["series"], metrics["claims_in_series"]) == (0, 0)  # unemployment is left in one document
    assert tables["claims"]["series_id"].isna().all()


@pytest.fixture(scope="module")
def changed_interim(tmp_path_factory) -> Path:
    """The interim tables after the first transcript was edited: '4 tonnes' became '7 tonnes'."""
    folder = tmp_path_factory.mktemp("changed")
    shutil.copytree(RAW, folder / "raw")
    (folder / "raw" / f"{FIRST}.txt").write_text(FIRST_TEXT.replace("4 tonnes", "7 tonnes"), encoding="utf-8")
    run_extract(folder / "raw", folder / "interim", settings(folder))
    return folder / "interim"


STALE = {**anchor("4 tonnes"), "set": {"value": 40}}


def test_a_correction_gone_stale_after_the_transcript_changed_is_a_problem_not_applied(changed_interim, tmp_path):
    metrics, tables = build(changed_interim, tmp_path / "out", STALE)
    problem = tables["problems"].iloc[0]
    assert (len(tables["problems"]), problem["code"], problem["stage"], problem["doc_id"]) == (
        1,
        "stale_correction",
        "corrections",
        FIRST,
    )
    assert "now has '7 tonnes' there; not applied" in problem["message"]
    row = claim_at(tables["claims"], "7 tonnes")
    assert (row["value"], bool(row["corrected"])) == (7, False)
    assert metrics["corrections"] == {"applied": 0, "stale": 1, "unmatched": 0, "invalid": 0}


def test_strict_fails_on_a_stale_correction(changed_interim, tmp_path, capsys):
    corrections = tmp_path / "corrections.yaml"
    corrections.write_text(yaml.safe_dump({"corrections": [STALE]}), encoding="utf-8")
    args = ["tables", str(changed_interim), str(tmp_path / "out"), "--corrections", str(corrections), "--quiet"]
    assert main([*args, "--params", str(tmp_path / "none.yaml")]) == 0  # without --strict the tables are built
    assert main([*args, "--params", str(tmp_path / "none.yaml"), "--strict"]) == 1
    assert "error: corrections.yaml: stale_correction" in capsys.readouterr().err
