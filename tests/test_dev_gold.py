"""The pipeline scored on ../shared/gold with ../shared/tools/score.py (skipped without ../shared)."""

import importlib.util

import pytest

from pipeline import run


@pytest.fixture(scope="module")
def dev_out(shared_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("dev")
    run(shared_dir / "corpus" / "dev", out)
    return out


@pytest.fixture(scope="module")
def scores(shared_dir, dev_out):
    spec = importlib.util.spec_from_file_location("score", shared_dir / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.score(shared_dir / "gold", shared_dir / "corpus" / "dev", dev_out)


def test_turns_and_speakers(scores):
    assert scores["turns"]["f1"] >= 0.97 and scores["speaker"]["accuracy"] >= 0.97
    assert scores["document_fields"]["accuracy"] >= 0.95


def test_entities(scores):
    assert scores["entities"]["COUNTRY"]["f1"] >= 0.95 and scores["entity_link"]["accuracy"] >= 0.97
    assert scores["entities"]["all"]["f1"] >= 0.90


def test_claims(scores):
    assert scores["claims"]["f1"] >= 0.85


@pytest.mark.parametrize(
    "path",
    [
        ("turns", "f1"),
        ("speaker", "accuracy"),
        ("entities", "all", "f1"),
        ("entity_link", "accuracy"),
        ("claims", "f1"),
        ("claim_fields", "measured", "accuracy"),
        ("claim_fields", "period", "accuracy"),
        ("claim_fields", "kind", "accuracy"),
    ],
)
def test_the_evaluate_stage_agrees_with_the_reference_scorer(shared_dir, dev_out, scores, path):
    from pipeline.evaluate import evaluate

    ours = evaluate(dev_out, shared_dir / "gold", shared_dir / "corpus" / "dev")
    theirs = scores
    for key in path:
        ours, theirs = ours[key], theirs[key]
    assert ours == pytest.approx(theirs, abs=1e-4)
