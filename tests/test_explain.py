"""explain.py and `python -m pipeline explain`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.explain import explain
from tests.conftest import LAYOUTS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({}, "give a TEXT"),
        ({"text": "x", "raw_dir": Path("."), "doc_id": "d"}, "either a TEXT"),
        ({"text": "x", "date": "2013-13-01"}, "YYYY-MM-DD"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        explain(**kwargs)


@pytest.mark.model
def test_a_claim_is_shown_with_the_rules_that_decided_it_and_those_overridden():
    out = explain("We opened 12 schools, and 5 are already working. Exports doubled in 2012.", date="2013-03-11")
    assert "claim '5' [26:27]" in out
    assert "measured.no_subject: measured=None  (overridden by discourse.elided_noun)" in out
    assert "kind.multiple_word" in out and "period.year" in out


@pytest.mark.model
def test_an_amount_a_rule_dropped_is_listed_with_the_rule():
    out = explain("We signed the treaty in 2012.", date="2013-03-11")
    assert out.startswith("no claims") and "dropped: '2012' [24:28] quantities.not_a_date" in out


@pytest.mark.model
def test_a_claim_of_a_processed_document_is_read_again_from_its_transcript(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "meeting.txt").write_bytes((LAYOUTS / "long_then_short.txt").read_bytes())
    text = (LAYOUTS / "long_then_short.txt").read_text(encoding="utf-8")
    at = text.index("300 kilograms")
    out = explain(raw_dir=tmp_path / "raw", doc_id="meeting", at=at + 1)
    assert out.startswith(f"claim '300 kilograms' [{at}:{at + 13}]") and "measured.of_object" in out
    assert "5 billion rubles" not in out


@pytest.mark.model
def test_the_command_prints_the_explanation():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "explain",
            "Exports increased by 40 percent last year.",
            "--date",
            "2013-03-11",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "kind.change_verb" in result.stdout and "2012-01-01..2012-12-31" in result.stdout
