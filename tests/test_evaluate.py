"""The evaluate stage on a tiny transcript whose predictions are written by hand."""

import json
import shutil
from datetime import date

import pytest

from pipeline.evaluate import evaluate, head_word
from pipeline.io import RawFile, write_table
from pipeline.schemas import TABLES
from pipeline.segment import segment_document
from tests.conftest import DATA

SOURCE = DATA / "html" / "meeting.txt"
GOLD = {
    "source": "meeting.txt",
    "window": "whole",
    "document": {"title": "Meeting with Interior Minister Vladimir Kolokoltsev", "date": "2013-03-11", "time": "12:30"},
    "turns": [
        {"speaker": "Vladimir Putin", "role": "President of Russia", "starts": "Mr Kolokoltsev, how are things"},
        {"speaker": "Vladimir Kolokoltsev", "role": "Interior Minister", "starts": "Mr President, we seized"},
        {"speaker": "Vladimir Putin", "starts": "Thank you.", "ends": "Thank you."},
    ],
    "entities": [
        {"text": "Tajikistan", "label": "COUNTRY", "id": "TJK"},
        {"text": "Kyrgyzstan", "label": "COUNTRY", "id": "KGZ"},
    ],
    "claims": [
        {
            "text": "2.5 tons of heroin",
            "value": 2.5,
            "unit": "tonne",
            "qualifier": "exact",
            "measured": "heroin",
            "period": "2012",
        },
        {
            "text": "more than 100 drug dens",
            "value": 100,
            "unit": "count",
            "qualifier": "lower_bound",
            "measured": "drug dens",
        },
    ],
}


def _claim(text: str, raw: str, **fields) -> dict:
    start = raw.index(text)
    row = {c: None for c in TABLES["claims"].names}
    row.update(
        {
            "doc_id": "meeting",
            "turn_id": 1,
            "speaker_id": "x",
            "char_start": start,
            "char_end": start + len(text),
            "text": text,
            "entity_ids": [],
            "editorial": False,
            **fields,
        }
    )
    return row


@pytest.fixture()
def scored(tmp_path):
    raw_dir, gold_dir, out = tmp_path / "raw", tmp_path / "gold", tmp_path / "out"
    for folder in (raw_dir, gold_dir, out):
        folder.mkdir()
    shutil.copy(SOURCE, raw_dir / "meeting.txt")
    (gold_dir / "meeting.json").write_text(json.dumps(GOLD), encoding="utf-8")
    seg = segment_document(RawFile(SOURCE, "meeting.txt", "meeting"), SOURCE.read_bytes())
    raw = SOURCE.read_text(encoding="utf-8")
    tjk = raw.index("Tajikistan")
    entities = [
        {
            "doc_id": "meeting",
            "turn_id": 1,
            "char_start": tjk,
            "char_end": tjk + 10,
            "text": "Tajikistan",
            "label": "COUNTRY",
            "entity_id": "TJK",
            "canonical_name": "Tajikistan",
            "source": "gazetteer",
            "entity_country": None,
            "corrected": False,
        }
    ]
    claims = [
        _claim(
            "2.5 tons",
            raw,
            value=2.5,
            unit="tonne",
            qualifier="exact",
            measured="heroin",
            period_start=date(2012, 1, 1),
            period_end=date(2012, 12, 31),
        ),
        _claim("100", raw, value=100.0, unit="count", qualifier="exact", measured="dens"),
        _claim("2.5", raw, value=7.0, unit="count"),
    ]  # overlaps a gold claim but the value differs
    rows = {"documents": [seg["document"]], "turns": seg["turns"], "entities": entities, "claims": claims}
    for name, table in rows.items():
        write_table(table, TABLES[name], out / f"{name}.parquet")
    return evaluate(out, gold_dir, raw_dir)


def test_turns_speakers_and_document_fields(scored):
    assert scored["turns"]["f1"] == 1.0 and scored["speaker"]["accuracy"] == 1.0
    assert scored["role"] == {"accuracy": 1.0, "n": 2} and scored["document_fields"]["accuracy"] == 1.0


def test_entities_found_by_overlap_and_linked(scored):
    assert scored["entities"]["COUNTRY"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "gold": 2, "pred": 1}
    assert scored["entity_link"] == {"accuracy": 1.0, "n": 1}


def test_claims_match_on_overlap_and_value(scored):
    assert scored["claims"]["recall"] == 1.0 and scored["claims"]["precision"] == 0.6667  # 2 of 3 predictions


def test_claim_fields_on_matched_pairs(scored):
    fields = scored["claim_fields"]
    assert fields["qualifier"] == {"accuracy": 0.5, "n": 2}  # 'more than' missed
    assert fields["measured"] == {"accuracy": 1.0, "n": 2}  # heads: 'dens' == 'drug dens'
    assert fields["period"] == {"accuracy": 1.0, "n": 1}


@pytest.mark.parametrize(
    "phrase, head", [("drug trafficking cases", "case"), ("staff", "staff"), ("", ""), ("Interest rates", "rate")]
)
def test_head_word(phrase, head):
    assert head_word(phrase) == head


@pytest.mark.parametrize(
    "predicted, gold, agrees",
    [
        ("drug dens", "dens in Russia", True),  # the same content word
        ("exports of grain", "grain", True),
        ("the number", "the total amount", False),  # only words that say nothing
        (None, "grain", False),
    ],
)
def test_the_lenient_measured_match(predicted, gold, agrees):
    from pipeline.evaluate import measured_partial

    assert measured_partial(predicted, gold) is agrees


def test_a_label_alone_on_its_line_ends_the_turn_before_it():
    from pipeline.evaluate import gold_turn_spans

    raw = "Putin: First words here.\nIvanov:\nSecond words, to the end."
    spans = gold_turn_spans(raw, [{"starts": "First words"}, {"starts": "Second words", "ends": "the end."}])
    assert [raw[a:b] for a, b in spans] == ["First words here.", "Second words, to the end."]
