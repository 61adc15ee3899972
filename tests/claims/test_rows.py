"""rows.py: the order of the modules and the claims table's rows: offsets, the measured phrase, the
rule columns, and claims of whole documents."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline import claims_from_text
from pipeline.claims import document_claim_rows
from pipeline.schemas import CLAIMS
from tests.claims.conftest import REF


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, value, unit, qualifier",
    [
        ("Overall, we prevented the delivery of 2.5 tons of heroin last year.", "2.5 tons", 2.5, "tonne", "exact"),
        ("We have a staff of 35,000 people.", "35,000", 35000, "count", "exact"),
        ("We brought criminal charges against more than 100,000 people.", "100,000", 100000, "count", "lower_bound"),
        ("Two hundred criminals involved in heroin supplies were caught.", "Two hundred", 200, "count", "exact"),
        ("We investigated around 250,000 drug trafficking cases.", "250,000", 250000, "count", "approx"),
        ("The number of drug dens in Russia has dropped by almost half.", "half", 0.5, "fraction", "approx"),
    ],
)
def test_annotation_examples(text, surface, value, unit, qualifier):
    df = claims_from_text(text, reference_date=REF)
    row = df[df["text"].str.contains(surface, regex=False)].iloc[0]
    assert math.isclose(row["value"], value) and row["unit"] == unit and row["qualifier"] == qualifier


@pytest.mark.model
def test_offsets_index_the_text():
    text = "Prices rose by about 4 percent, and 300 kilograms of cocaine were seized."
    df = claims_from_text(text, reference_date=REF)
    assert len(df) == 2
    assert all(text[r.char_start : r.char_end] == r.text for r in df.itertuples())


MIXED = (
    "Unemployment is falling. It now stands at 5 percent. We seized 2.5 tons of heroin last year, "
    "and the outflow of the capital reached $20 billion. We opened 12 schools, and 5 are working."
)


@pytest.mark.model
def test_the_measured_phrase_is_in_the_text_and_holds_every_word_of_measured():
    df = claims_from_text(MIXED, reference_date=REF)
    spans = df[df["measured_start"].notna()]
    assert len(spans) >= 4
    for r in spans.itertuples():
        phrase = MIXED[int(r.measured_start) : int(r.measured_end)].split()
        words = r.measured.split()
        rest = iter(phrase)
        assert phrase[0] == words[0] and phrase[-1] == words[-1] and all(w in rest for w in words), r


@pytest.mark.model
def test_a_measured_thing_from_another_sentence_has_no_phrase():
    df = claims_from_text(MIXED, reference_date=REF)
    row = df[df["text"] == "5 percent"].iloc[0]
    assert row["measured"] == "Unemployment" and pd.isna(row["measured_start"]) and pd.isna(row["measured_end"])


@pytest.mark.model
def test_every_claim_records_the_rules_of_measured_kind_and_period():
    df = claims_from_text(MIXED, reference_date=REF)
    rules = df[["measured_rule", "kind_rule", "period_rule"]]
    assert rules.notna().all().all()
    assert all(r.startswith(("measured.", "discourse.")) for r in df["measured_rule"])
    assert all(r.startswith(("kind.", "discourse.")) for r in df["kind_rule"])
    assert all(r.startswith("period.") for r in df["period_rule"])


@pytest.mark.model
def test_a_documents_rows_carry_the_topic_from_turn_to_turn_with_transcript_offsets(nlp):
    question, answer = "Exports of grain rose by 9% last year. Is that right?", "Yes, roughly 9% in real terms."
    docs = []
    for turn_id, (text, offset) in enumerate(((question, 0), (answer, len(question) + 1))):
        doc = nlp(text)
        doc.user_data.update({"doc_id": "d", "turn_id": turn_id, "offset": offset, "speaker_id": None, "date": REF})
        docs.append(doc)
    rows = document_claim_rows(docs, [[], []])
    assert [r["measured"] for r in rows] == ["Exports", "Exports"]
    assert rows[0]["measured_start"] == 0 and rows[1]["measured_start"] is None
    assert set(rows[0]) == set(CLAIMS.names)
