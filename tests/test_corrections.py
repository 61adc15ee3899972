"""People's corrections: read with clear messages, applied to the tables, and never silently lost."""

from datetime import date

import pandas as pd
import pytest
import yaml

from pipeline.corrections import (
    CorrectionsError,
    apply_corrections,
    correction_yaml,
    format_period,
    parse_corrections,
    parse_period,
    read_corrections_text,
)
from pipeline.schemas import CLAIMS, ENTITIES

TEXT = "Ann Lee: Customs officers intercepted 4 tonnes of cocaine in 2019, and 3 tonnes in Peru.\n"
CLAIM_TEXT = "4 tonnes"
START = TEXT.index(CLAIM_TEXT)


def claim(text: str, **fields) -> dict:
    start = TEXT.index(text)
    row = dict.fromkeys(CLAIMS.names)
    row.update(
        doc_id="port/2020-01",
        turn_id=0,
        speaker_id="ann-lee",
        char_start=start,
        char_end=start + len(text),
        text=text,
        unit="tonne",
        dimension="mass",
        si_unit="kilogram",
        qualifier="exact",
        kind="level",
        measured="cocaine",
        entity_ids=[],
        corrected=False,
    )
    row.update(fields)
    return row


CLAIMS_FRAME = pd.DataFrame(
    [
        claim("4 tonnes", value=4.0, value_si=4000.0, period_start=date(2019, 1, 1), period_end=date(2019, 12, 31)),
        claim("3 tonnes", value=3.0, value_si=3000.0),
    ],
    columns=CLAIMS.names,
)
ENTITIES_FRAME = pd.DataFrame(columns=ENTITIES.names)
TURNS = pd.DataFrame(
    [{"doc_id": "port/2020-01", "turn_id": 0, "speaker_id": "ann-lee", "char_start": 9, "char_end": len(TEXT) - 1}]
)
TEXTS = {"port/2020-01": TEXT}


def entry_yaml(**entry) -> str:
    base = {"doc_id": "port/2020-01", "char_start": START, "char_end": START + len(CLAIM_TEXT), "text": CLAIM_TEXT}
    return yaml.safe_dump({"corrections": [{**base, **entry}]}, sort_keys=False)


def apply(text: str, texts=TEXTS):
    return apply_corrections(CLAIMS_FRAME, ENTITIES_FRAME, parse_corrections(text), texts, TURNS)


def test_a_changed_field_is_applied_and_the_row_marked_corrected():
    out = apply(entry_yaml(set={"value": 40, "measured": "seized cocaine"}))
    row = out.claims[out.claims["text"] == "4 tonnes"].iloc[0]
    assert (row["value"], row["value_si"], row["measured"], row["measured_rule"]) == (
        40,
        40000,
        "seized cocaine",
        "correction",
    )
    assert bool(row["corrected"]) and out.n_applied == 1 and out.problems.empty
    assert not out.claims[out.claims["text"] == "3 tonnes"]["corrected"].any()


def test_a_new_unit_brings_its_dimension_and_si_value():
    out = apply(entry_yaml(set={"unit": "kilogram"}))
    row = out.claims.iloc[0]
    assert (row["unit"], row["dimension"], row["si_unit"], row["value_si"]) == ("kilogram", "mass", "kilogram", 4.0)


def test_a_correction_gone_stale_after_the_transcript_changed_becomes_a_problem():
    edited = {"port/2020-01": TEXT.replace("intercepted", "seized")}  # everything after moves 5 characters left
    out = apply(entry_yaml(set={"value": 40}), texts=edited)
    assert out.n_applied == 0 and out.n_stale == 1
    problem = out.problems.iloc[0]
    assert problem["code"] == "stale_correction" and problem["doc_id"] == "port/2020-01"
    assert f"now at char_start {START - 5}, char_end {START - 5 + len(CLAIM_TEXT)}" in problem["message"]
    assert out.claims.iloc[0]["value"] == 4.0  # not applied at the wrong place


def test_a_correction_for_a_document_no_longer_in_the_corpus_is_stale():
    out = apply(entry_yaml(drop=True), texts={})
    assert list(out.problems["code"]) == ["stale_correction"] and len(out.claims) == 2


def test_a_dropped_claim_is_gone():
    out = apply(entry_yaml(drop=True))
    assert list(out.claims["text"]) == ["3 tonnes"] and out.n_applied == 1


def test_an_added_claim_gets_its_turn_speaker_sentence_and_unit_fields():
    text = "Customs officers"
    start = TEXT.index(text)
    out = apply(
        yaml.safe_dump(
            {
                "corrections": [
                    {
                        "doc_id": "port/2020-01",
                        "char_start": start,
                        "char_end": start + len(text),
                        "text": text,
                        "add": {"value": 120, "unit": "count", "measured": "customs officers", "period": "2019"},
                    }
                ]
            }
        )
    )
    added = out.claims[out.claims["text"] == text].iloc[0]
    assert (added["turn_id"], added["speaker_id"], added["dimension"]) == (0, "ann-lee", "count")
    assert (added["period_start"], added["period_end"]) == (date(2019, 1, 1), date(2019, 12, 31))
    assert added["sentence"].startswith("Customs officers intercepted") and bool(added["corrected"])
    assert len(out.claims) == 3


def test_an_added_entity_is_kept_with_its_label_and_link():
    peru = TEXT.index("Peru")
    text = yaml.safe_dump(
        {
            "corrections": [
                {
                    "doc_id": "port/2020-01",
                    "table": "entities",
                    "char_start": peru,
                    "char_end": peru + 4,
                    "text": "Peru",
                    "add": {"label": "COUNTRY", "entity_id": "PER", "canonical_name": "Peru"},
                }
            ]
        }
    )
    out = apply(text)
    assert out.entities[["text", "label", "entity_id", "source", "corrected"]].values.tolist() == [
        ["Peru", "COUNTRY", "PER", "correction", True]
    ]


def test_a_change_with_no_row_left_at_its_anchor_is_reported():
    word = "officers"
    start = TEXT.index(word)
    out = apply(
        yaml.safe_dump(
            {
                "corrections": [
                    {"doc_id": "port/2020-01", "char_start": start, "char_end": start + 8, "text": word, "drop": True}
                ]
            }
        )
    )
    assert list(out.problems["code"]) == ["unmatched_correction"] and len(out.claims) == 2


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"set": {"valu": 3}}, "entry 1 (port/2020-01 "),
        ({"set": {"valu": 3}}, "no field 'valu'"),
        ({"set": {"unit": "parsecs"}}, "unknown unit 'parsecs'"),
        ({"set": {"period": "last year"}}, "period 'last year' is not YYYY"),
        ({"set": {"kind": "trend"}}, "must be one of level, change, rate"),
        ({"text": "4 tonne"}, "the anchor spans 8"),
        ({"drop": True, "set": {"value": 1}}, "exactly one of 'set'"),
        ({"set": {"value": "four"}}, "must be a number"),
    ],
)
def test_a_bad_entry_gives_a_message_naming_it(entry, message):
    with pytest.raises(CorrectionsError) as err:
        parse_corrections(entry_yaml(**entry))
    assert message in str(err.value)


def test_a_bad_entry_does_not_stop_the_good_ones():
    good = {"doc_id": "d", "char_start": 0, "char_end": 1, "text": "x", "drop": True}
    corrections, problems = read_corrections_text(yaml.safe_dump({"corrections": [{"doc_id": "d"}, good]}))
    assert [c.index for c in corrections] == [2]
    assert list(problems["code"] for problems in problems) == ["invalid_correction"]
    assert problems[0]["message"].startswith("corrections.yaml entry 1")


def test_a_file_that_is_not_yaml_is_one_problem():
    corrections, problems = read_corrections_text("corrections: [ {doc_id: ")
    assert corrections == [] and problems[0]["code"] == "invalid_correction"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2019-02", date(2019, 2, 1), date(2019, 2, 28)),
        ("2010..2012", date(2010, 1, 1), date(2012, 12, 31)),
        ("2000-01-01..2013-03-11", date(2000, 1, 1), date(2013, 3, 11)),
        ("2013-03-11", date(2013, 3, 11), date(2013, 3, 11)),
    ],
)
def test_periods_read_back_as_they_are_written(text, start, end):
    assert parse_period(text) == (start, end) and format_period(start, end) == text


def test_the_copied_block_applies_unchanged_and_changes_nothing_but_the_mark():
    block = correction_yaml(CLAIMS_FRAME.iloc[0].to_dict())
    out = apply("corrections:\n" + block)
    before, after = CLAIMS_FRAME.iloc[0], out.claims.iloc[0]
    for name in ("value", "unit", "measured", "kind", "period_start", "period_end", "value_si"):
        assert after[name] == before[name], name
    assert bool(after["corrected"]) and out.problems.empty


def test_the_copied_block_quotes_hostile_text():
    row = claim("4 tonnes", value=4.0, measured='x: [1, {"a": b}] # not a comment')
    entry = yaml.safe_load(correction_yaml(row))[0]
    assert entry["set"]["measured"] == 'x: [1, {"a": b}] # not a comment' and entry["set"]["period"] is None
