"""One document's plan (pipeline.process): its keys, and the steps it carries out."""

import shutil

import pytest

from pipeline.cache import Cache
from pipeline.config import Settings
from pipeline.io import list_inputs
from pipeline.process import document_keys, full_keys, plan_document, process_batch
from pipeline.stages import corpus_outputs
from tests.conftest import LAYOUTS

SHA = "0" * 64


def test_each_key_follows_from_the_one_before():
    base = document_keys("a.txt", SHA, Settings())
    other_model = document_keys("a.txt", SHA, Settings(model=None))
    assert base["segment"] == other_model["segment"]
    assert all(base[step] != other_model[step] for step in ("annotate", "entities", "claims"))


def test_a_claims_parameter_changes_only_the_claims_key():
    base = document_keys("a.txt", SHA, Settings())
    short = document_keys("a.txt", SHA, Settings(ton_means="short ton"))
    assert {step for step in base if base[step] != short[step]} == {"claims"}


def test_the_parse_setting_changes_the_annotate_key_and_those_after_it():
    base = document_keys("a.txt", SHA, Settings())
    full = document_keys("a.txt", SHA, Settings(parse="full"))
    assert {step for step in base if base[step] != full[step]} == {"annotate", "entities", "claims"}


def test_a_planned_document_keeps_its_bytes_only_while_something_is_missing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(LAYOUTS / "news_item.txt", raw)
    settings, cache = Settings(cache_dir=str(tmp_path / "cache")), Cache(tmp_path / "cache")
    [file] = list_inputs(raw)
    job = plan_document(file, settings, cache)
    assert not job.cached and job.data == file.path.read_bytes()
    process_batch([job], settings)
    again = plan_document(file, settings, cache)
    assert again.cached and again.data is None


def test_a_new_file_is_planned_with_its_segment_key_and_the_worker_makes_the_others(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(LAYOUTS / "news_item.txt", raw)
    settings = Settings(cache_dir=str(tmp_path / "cache"))
    [file] = list_inputs(raw)
    job = plan_document(file, settings, Cache(tmp_path / "cache"))
    assert list(job.keys) == ["segment"] and not job.cached
    assert full_keys(job, settings) == document_keys(file.source_path, job.sha256, settings)


def test_a_file_over_the_size_limit_is_a_problem_and_never_read(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "big.txt").write_text("x" * 100)
    [file] = list_inputs(raw)
    job = plan_document(file, Settings(max_bytes=10), Cache(None))
    assert job.data is None and job.problem.code == "file_too_large" and job.problem.doc_id == "big"


@pytest.mark.model
def test_an_answer_in_the_next_turn_continues_the_measured_thing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(LAYOUTS / "question_and_answer.txt", raw)
    [out] = corpus_outputs(raw, Settings(cache_dir=str(tmp_path / "cache")))
    assert [(c["text"], c["turn_id"], c["measured"]) for c in out.claims] == [
        ("11 percent", 1, "Grain exports"),
        ("about 9 percent", 3, "Grain exports"),
    ]


def test_an_annotate_entry_gives_back_each_turns_text_and_user_data():
    import spacy

    from pipeline.process import _docbin_bytes, _docs_from_bytes

    nlp = spacy.blank("en")
    docs = [nlp("Grain exports grew."), nlp("Thank you.")]
    for n, doc in enumerate(docs):
        doc.user_data.update({"doc_id": "d", "turn_id": n, "offset": 10 * n, "parsed": [[0, 4]]})
    again = _docs_from_bytes(_docbin_bytes(docs))
    assert [d.text for d in again] == ["Grain exports grew.", "Thank you."]
    assert [d.user_data["turn_id"] for d in again] == [0, 1] and again[1].user_data["parsed"] == ((0, 4),)
