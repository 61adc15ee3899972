"""The pipeline scored on ../shared/gold with ../shared/tools/score.py (skipped without ../shared)."""
import importlib.util

import pytest

from pipeline import run


@pytest.fixture(scope="module")
def scores(shared_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("dev")
    run(shared_dir / "corpus" / "dev", out)
    spec = importlib.util.spec_from_file_location("score", shared_dir / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.score(shared_dir / "gold", shared_dir / "corpus" / "dev", out)


def test_turns_and_speakers(scores):
    assert scores["turns"]["f1"] >= 0.97 and scores["speaker"]["accuracy"] >= 0.97
    assert scores["document_fields"]["accuracy"] >= 0.95


def test_entities(scores):
    assert scores["entities"]["COUNTRY"]["f1"] >= 0.95 and scores["entity_link"]["accuracy"] >= 0.97
    assert scores["entities"]["all"]["f1"] >= 0.90


def test_claims(scores):
    assert scores["claims"]["f1"] >= 0.85
