"""needs.py: which sentences of a turn the claims rules read the parse of (decided from words alone)."""

from __future__ import annotations

import spacy

from pipeline.claims import quantities
from pipeline.claims.needs import fingerprint, needs_parse, parse_plan

_TOKENIZER = spacy.blank("en")


def tokens(text: str):
    return _TOKENIZER(text)


def test_a_sentence_with_a_digit_needs_its_parse():
    assert needs_parse(tokens("The plant made 3,500 trucks."))


def test_a_sentence_with_a_number_word_needs_its_parse():
    assert needs_parse(tokens("Exports roughly doubled over the decade."))


def test_a_sentence_without_any_amount_needs_no_parse():
    assert not needs_parse(tokens("We discussed the railway with our colleagues from the region."))


def test_the_sentence_before_an_amount_is_parsed_for_its_topic_and_no_other():
    turn = [
        tokens("Good afternoon, colleagues."),
        tokens("Freight traffic keeps growing."),
        tokens("It rose by 7 percent."),
        tokens("Let us move on."),
    ]
    assert parse_plan(turn) == [False, True, True, False]


def test_a_new_gate_word_changes_the_fingerprint(monkeypatch):
    before = fingerprint()
    monkeypatch.setattr(quantities, "GATE_WORDS", quantities.GATE_WORDS | {"umpteen"})
    assert fingerprint() != before
