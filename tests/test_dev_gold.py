"""The pipeline scored on ../shared/gold with ../shared/tools/score.py (skipped without ../shared)."""

import importlib.util

import pytest

from pipeline import run

pytestmark = [pytest.mark.shared, pytest.mark.slow, pytest.mark.model]


@pytest.fixture(scope="module")
def dev_out(shared_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("dev")
    run(shared_dir / "corpus" / "dev", out, report=False)
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


def _figures(scores: dict, prefix: str = "") -> dict[str, float]:
    """Every number of a score dictionary by its path ('claim_fields.period.accuracy')."""
    found = {}
    for key, value in scores.items():
        if isinstance(value, dict):
            found |= _figures(value, f"{prefix}{key}.")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found[f"{prefix}{key}"] = value
    return found


def test_the_evaluate_stage_agrees_with_the_reference_scorer_on_every_figure(shared_dir, dev_out, scores):
    from pipeline.evaluate import evaluate

    ours = _figures(evaluate(dev_out, shared_dir / "gold", shared_dir / "corpus" / "dev"))
    theirs = _figures({k: v for k, v in scores.items() if k != "errors"})
    assert ours.keys() == theirs.keys()
    assert {k: v for k, v in ours.items() if v != pytest.approx(theirs[k], abs=1e-4)} == {}
