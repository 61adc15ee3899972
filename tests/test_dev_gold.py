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


# The floors are the figures main has reached (score.py on ../shared/gold), rounded down: a change that
# moves one below its floor is a regression. Raise a floor when a change lands above it; never lower one.
FLOORS = {
    "document_fields.accuracy": 1.000,
    "turns.f1": 0.996,
    "speaker.accuracy": 1.000,
    "role.accuracy": 1.000,
    "turn_end.accuracy": 1.000,
    "entities.COUNTRY.f1": 0.995,
    "entities.AGENCY.f1": 0.987,
    "entities.PERSON.f1": 0.990,
    "entities.CRIMINAL_GROUP.f1": 1.000,
    "entities.all.f1": 0.993,
    "entity_exact_span.accuracy": 0.984,
    "entity_link.accuracy": 1.000,
    "claims.f1": 0.991,
    "claim_fields.unit.accuracy": 0.979,
    "claim_fields.qualifier.accuracy": 0.995,
    "claim_fields.measured.accuracy": 0.838,
    "claim_fields.measured_partial.accuracy": 0.924,
    "claim_fields.value_si.accuracy": 1.000,
    "claim_fields.period.accuracy": 0.889,
    "claim_fields.kind.accuracy": 0.982,
}


@pytest.mark.parametrize("figure", FLOORS)
def test_a_figure_stays_at_or_above_its_floor(scores, figure):
    assert _figures(scores)[figure] >= FLOORS[figure] - 1e-9


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
