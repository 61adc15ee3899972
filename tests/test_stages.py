"""Runs over a folder: the cache makes re-runs incremental, every engine gives the same tables, and
`pipeline run` writes what the DVC stages write."""

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import Settings
from pipeline.stages import corpus_outputs, run_all
from tests.conftest import LAYOUTS

pytestmark = pytest.mark.model

FILES = ["long_then_short.txt", "notes_and_roles.txt", "capitals.txt", "news_item.txt"]


@pytest.fixture()
def raw(tmp_path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy(LAYOUTS / name, raw / name)
    return raw


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(cache_dir=str(tmp_path / "cache"), n_process=1)


def computed(raw, settings) -> dict[str, tuple]:
    return {o.doc_id: o.computed for o in corpus_outputs(raw, settings)}


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
    first = {o.doc_id: o.claims for o in corpus_outputs(raw, settings)}
    for entry in (tmp_path / "cache" / "claims").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:-5])
    again = list(corpus_outputs(raw, settings))
    assert {o.doc_id: o.claims for o in again} == first
    assert {o.computed for o in again} == {("claims",), ()}


MINISTER = """Events
Meeting with Health Minister Veronika Skvortsova
March 11, 2013
The Kremlin, Moscow

President of Russia Vladimir Putin: Good afternoon. How are the hospitals doing?

Health Minister Veronika Skvortsova: Mr President, we opened 40 new clinics last year.

Vladimir Putin: As Skvortsova reported, infant mortality fell by 5 percent in 2012.
"""


def _entity_ids(outputs) -> dict[str, list]:
    return {c["text"]: c["entity_ids"] for o in outputs for c in o.claims}


def test_claims_name_the_linked_entities_whether_computed_with_them_or_after(tmp_path, settings):
    """A claims-only recompute (a claims parameter changed) sees the entities from the cache, linked
    over the whole document, as a cold run does: the surname names the minister either way."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "minister.txt").write_text(MINISTER, encoding="utf-8")
    cold = list(corpus_outputs(raw, settings))
    claims_only = list(corpus_outputs(raw, replace(settings, ton_means="short ton")))
    assert [o.computed for o in claims_only] == [("claims",)]
    assert _entity_ids(claims_only) == _entity_ids(cold)
    assert _entity_ids(cold)["5 percent"] == ["veronika-skvortsova"]


def test_each_file_is_read_once_when_it_is_computed(raw, settings, monkeypatch):
    reads: list[str] = []
    original = Path.read_bytes

    def counting(path):
        reads.append(path.name)
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    list(corpus_outputs(raw, settings))
    assert sorted(reads) == sorted(FILES)


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def _assert_same_tables(a: Path, b: Path) -> None:
    left, right = _tables(a), _tables(b)
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


@pytest.mark.slow
def test_a_process_pool_gives_the_tables_of_one_process(raw, tmp_path):
    run_all(raw, tmp_path / "one", Settings(n_process=1, cache_dir=str(tmp_path / "c1")))
    run_all(raw, tmp_path / "pool", Settings(n_process=2, docs_per_task=1, cache_dir=str(tmp_path / "c2")))
    _assert_same_tables(tmp_path / "one", tmp_path / "pool")


def test_cached_tables_equal_computed_tables(raw, tmp_path):
    run_all(raw, tmp_path / "cold", Settings(cache_dir=str(tmp_path / "c")))
    run_all(raw, tmp_path / "warm", Settings(cache_dir=str(tmp_path / "c")))
    _assert_same_tables(tmp_path / "cold", tmp_path / "warm")


@pytest.mark.slow
def test_a_dask_local_cluster_gives_the_tables_of_the_local_engine(raw, tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    run_all(raw, tmp_path / "local", Settings(n_process=1, cache_dir=str(tmp_path / "c1")))
    run_all(
        raw, tmp_path / "dask", Settings(engine="dask", n_process=2, docs_per_task=1, cache_dir=str(tmp_path / "c2"))
    )
    _assert_same_tables(tmp_path / "local", tmp_path / "dask")


def test_run_json_records_what_was_computed(raw, tmp_path):
    import json

    run_all(raw, tmp_path / "out", Settings(cache_dir=str(tmp_path / "c")), report=False)
    first = json.loads((tmp_path / "out" / "interim" / "run.json").read_text())
    run_all(raw, tmp_path / "out", Settings(cache_dir=str(tmp_path / "c")), report=False)
    second = json.loads((tmp_path / "out" / "interim" / "run.json").read_text())
    assert first["computed_segment"] == first["files"] == len(FILES) and first["seconds_annotate"] > 0
    assert not any(k.startswith("computed_") for k in second)
