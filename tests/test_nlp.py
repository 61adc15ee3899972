"""build_nlp (pipeline.nlp): the selective parse gives what the full one gives where it is read."""

from __future__ import annotations

import pytest

from pipeline.claims import claim_rows
from pipeline.entities import entity_rows
from pipeline.nlp import PARSED, build_nlp
from pipeline.process import _docbin_bytes, _docs_from_bytes

TURN = (
    "Thank you, colleagues. Let me begin with the economy. Freight traffic on the railways keeps growing. "
    "It rose by 7 percent last year, to 1.3 billion tonnes. I will not dwell on the details here. "
    "Mr Sokolov will tell you more. Exports of grain doubled, and the harvest reached 90 million tonnes. "
    "That is a good result for our farmers."
)
FIELDS = ("char_start", "char_end", "text", "value", "unit", "measured", "kind", "period_start", "sentence")


def annotated(text: str, parse: str):
    doc = build_nlp(parse=parse)(text)
    doc.user_data.update({"doc_id": "d", "turn_id": 0, "offset": 0, "speaker_id": None, "date": "2013-03-11"})
    return doc


@pytest.fixture(scope="module")
def selective():
    return annotated(TURN, "selective")


@pytest.mark.model
def test_selective_and_full_give_the_same_claims(selective):
    full = [tuple(r[f] for f in FIELDS) for r in claim_rows(annotated(TURN, "full"))]
    assert [tuple(r[f] for f in FIELDS) for r in claim_rows(selective)] == full and len(full) >= 4


@pytest.mark.model
def test_only_the_sentences_whose_parse_is_read_are_parsed(selective):
    unparsed = [s.text for s in selective.sents if not any(a <= s.start < b for a, b in selective.user_data[PARSED])]
    assert unparsed == ["Thank you, colleagues.", "Let me begin with the economy."]
    assert all(t.pos_ == "" and t.dep_ == "" for t in selective[:4])


@pytest.mark.model
def test_every_row_indexes_the_text(selective):
    rows = claim_rows(selective) + entity_rows(selective)
    assert len(rows) >= 6 and all(TURN[r["char_start"] : r["char_end"]] == r["text"] for r in rows)


@pytest.mark.model
def test_a_cached_doc_keeps_the_boundaries_of_its_unparsed_sentences(selective):
    (again,) = _docs_from_bytes(_docbin_bytes([selective]))
    assert [s.text for s in again.sents] == [s.text for s in selective.sents]


def test_without_the_model_selective_falls_back_to_blank_english_with_sentences():
    with pytest.warns(UserWarning, match="not installed"):
        nlp = build_nlp("no_such_model_installed", parse="selective")
    doc = nlp("Trade grew by 5 percent. Thank you.")
    assert [s.text for s in doc.sents] == ["Trade grew by 5 percent.", "Thank you."]
