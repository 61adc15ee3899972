"""Runs over a folder: the cache makes re-runs incremental, and every engine gives the same tables."""

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.process import Settings
from pipeline.stages import corpus_outputs, run_all
from tests.conftest import LAYOUTS

FILES = ["long_then_short.txt", "notes_and_roles.txt", "capitals.txt", "news_item.txt"]
PARTS = ("segment", "entities", "claims")


@pytest.fixture()
def raw(tmp_path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy(LAYOUTS / name, raw / name)
    return raw


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(cache_dir=str(tmp_path / "cache"))


def computed(raw, settings) -> dict[str, tuple]:
    return {o.doc_id: o.computed for o in corpus_outputs(raw, settings, PARTS)}


def test_a_second_run_computes_nothing(raw, settings):
    first = computed(raw, settings)
    assert all("segment" in c for c in first.values())
    assert all(c == () for c in computed(raw, settings).values())


def test_adding_a_transcript_computes_only_it(raw, settings):
    computed(raw, settings)
    shutil.copy(LAYOUTS / "label_alone.txt", raw / "label_alone.txt")
    done = {d: c for d, c in computed(raw, settings).items() if c}
    assert done == {"label_alone": ("segment", "annotate", "entities", "claims")}


def test_changing_a_transcript_computes_only_it(raw, settings):
    computed(raw, settings)
    with open(raw / "capitals.txt", "a", encoding="utf-8") as f:
        f.write("\n")
    assert {d for d, c in computed(raw, settings).items() if c} == {"capitals"}


def test_a_claims_parameter_redoes_only_the_claims(raw, settings):
    computed(raw, settings)
    redone = computed(raw, replace(settings, ton_means="short ton"))
    assert set(redone.values()) == {("claims",), ()}  # () for the news item: no turns, no claims


def test_a_damaged_entry_is_recomputed_with_the_same_result(raw, settings, tmp_path):
    first = {o.doc_id: o.claims for o in corpus_outputs(raw, settings, PARTS)}
    for entry in (tmp_path / "cache" / "claims").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-5])
    again = list(corpus_outputs(raw, settings, PARTS))
    assert {o.doc_id: o.claims for o in again} == first
    assert {o.computed for o in again} == {("claims",), ()}


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def _assert_same_tables(a: Path, b: Path) -> None:
    left, right = _tables(a), _tables(b)
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_a_process_pool_gives_the_tables_of_one_process(raw, tmp_path):
    run_all(raw, tmp_path / "one", Settings(n_process=1, cache_dir=str(tmp_path / "c1")))
    run_all(raw, tmp_path / "pool", Settings(n_process=2, docs_per_task=1, cache_dir=str(tmp_path / "c2")))
    _assert_same_tables(tmp_path / "one", tmp_path / "pool")


def test_cached_tables_equal_computed_tables(raw, tmp_path):
    run_all(raw, tmp_path / "cold", Settings(cache_dir=str(tmp_path / "c")))
    run_all(raw, tmp_path / "warm", Settings(cache_dir=str(tmp_path / "c")))
    _assert_same_tables(tmp_path / "cold", tmp_path / "warm")


def test_a_dask_local_cluster_gives_the_tables_of_the_local_engine(raw, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    run_all(raw, tmp_path / "local", Settings(n_process=1, cache_dir=str(tmp_path / "c1")))
    run_all(
        raw, tmp_path / "dask", Settings(engine="dask", n_process=2, docs_per_task=1, cache_dir=str(tmp_path / "c2"))
    )
    _assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_claims_per_year_uses_the_period_else_the_meeting_date():
    from datetime import date

    from pipeline.stages import claims_per_year

    claims = pd.DataFrame({"doc_id": ["a", "a", "b"], "period_start": [date(2012, 1, 1), None, None]})
    documents = pd.DataFrame({"doc_id": ["a", "b"], "date": [date(2013, 3, 11), date(2013, 5, 1)]})
    assert claims_per_year(claims, documents).values.tolist() == [[2012, 1], [2013, 2]]


def test_run_json_records_what_was_computed(raw, tmp_path):
    import json

    run_all(raw, tmp_path / "out", Settings(cache_dir=str(tmp_path / "c")))
    first = json.loads((tmp_path / "out" / "run.json").read_text())
    run_all(raw, tmp_path / "out", Settings(cache_dir=str(tmp_path / "c")))
    second = json.loads((tmp_path / "out" / "run.json").read_text())
    assert first["computed_segment"] == first["files"] == len(FILES) and first["seconds_annotate"] > 0
    assert not any(k.startswith("computed_") for k in second)
