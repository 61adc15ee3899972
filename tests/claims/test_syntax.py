"""syntax.py: the parse walks several rules share, on Docs built by hand."""

from __future__ import annotations

from pipeline.claims import syntax
from tests.claims.conftest import parsed


def test_the_governing_verb_is_found_up_through_prepositions():
    # 'Exports rose by 5 percent'
    doc = parsed(
        ["Exports", "rose", "by", "5", "percent"],
        [1, 1, 1, 4, 2],
        ["nsubj", "ROOT", "prep", "nummod", "pobj"],
        ["NOUN", "VERB", "ADP", "NUM", "NOUN"],
    )
    assert syntax.governing_verb(doc[3]).text == "rose"


def test_a_relative_pronoun_subject_is_the_noun_it_attaches_to():
    # 'the decline, which amounted to 20 %'
    doc = parsed(
        ["The", "decline", ",", "which", "amounted", "to", "20", "%"],
        [1, 1, 1, 4, 1, 4, 7, 5],
        ["det", "ROOT", "punct", "nsubj", "relcl", "prep", "nummod", "pobj"],
        ["DET", "NOUN", "PUNCT", "PRON", "VERB", "ADP", "NUM", "NOUN"],
    )
    assert syntax.subject_of(doc[4]).text == "decline"


def test_it_stands_for_the_noun_subject_of_the_sentence_before():
    # 'Unemployment is falling. It stands at 5 percent.'
    doc = parsed(
        ["Unemployment", "is", "falling", ".", "It", "stands", "at", "5", "percent", "."],
        [2, 2, 2, 2, 5, 5, 5, 8, 6, 5],
        ["nsubj", "aux", "ROOT", "punct", "nsubj", "ROOT", "prep", "nummod", "pobj", "punct"],
        ["NOUN", "AUX", "VERB", "PUNCT", "PRON", "VERB", "ADP", "NUM", "NOUN", "PUNCT"],
    )
    assert syntax.subject_of(doc[5]).text == "Unemployment"


def test_a_personal_pronoun_subject_names_nothing():
    doc = parsed(
        ["We", "expect", "5", "%"], [1, 1, 3, 1], ["nsubj", "ROOT", "nummod", "dobj"], ["PRON", "VERB", "NUM", "NOUN"]
    )
    assert syntax.subject_of(doc[1]) is None


def test_a_change_noun_takes_its_thing_with_in_other_nouns_only_with_of():
    # 'a drop in demand' / 'a queue in demand'
    for noun, expected in (("drop", "demand"), ("queue", None)):
        doc = parsed(
            ["a", noun, "in", "demand"], [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"], ["DET", "NOUN", "ADP", "NOUN"]
        )
        found = syntax.of_object(doc[1])
        assert (found.text if found is not None else None) == expected


def test_a_hyphenated_word_split_by_the_tokenizer_is_one_word():
    doc = parsed(
        ["non", "-", "payment", "of", "wages"],
        [2, 2, 2, 2, 3],
        ["amod", "punct", "ROOT", "prep", "pobj"],
        ["ADJ", "PUNCT", "NOUN", "ADP", "NOUN"],
        spaces=[False, False, True, True, False],
    )
    first, last = syntax.whole_word(doc[2])
    assert (first.text, last.text) == ("non", "payment")


def test_the_topic_before_may_be_the_object_of_a_clause_whose_subject_is_we():
    # 'We had a large inflow of investment. It reached 20 billion.'
    doc = parsed(
        ["We", "had", "a", "large", "inflow", ".", "It", "reached", "20", "billion", "."],
        [1, 1, 4, 4, 1, 1, 7, 7, 9, 7, 7],
        ["nsubj", "ROOT", "det", "amod", "dobj", "punct", "nsubj", "ROOT", "compound", "dobj", "punct"],
        ["PRON", "VERB", "DET", "ADJ", "NOUN", "PUNCT", "PRON", "VERB", "NUM", "NUM", "PUNCT"],
    )
    assert syntax.topic_before(doc, 6).text == "inflow"


def test_a_participle_on_a_noun_has_that_noun_as_subject():
    # 'with trains travelling at 80 km': what travels at 80 km is the trains
    doc = parsed(
        ["with", "trains", "travelling", "at", "80", "km"],
        [0, 0, 1, 2, 5, 3],
        ["ROOT", "pobj", "acl", "prep", "nummod", "pobj"],
        ["ADP", "NOUN", "VERB", "ADP", "NUM", "NOUN"],
        tags=["IN", "NNS", "VBG", "IN", "CD", "NNS"],
    )
    assert syntax.subject_of(doc[2]).text == "trains"


def test_the_noun_that_holds_the_amount_is_no_topic_before_it():
    # 'Traffic grew . We saw an increase of 9 percent': the topic is the traffic, not the increase
    doc = parsed(
        ["Traffic", "grew", ".", "We", "saw", "an", "increase", "of", "9", "percent"],
        [1, 1, 1, 4, 4, 6, 4, 6, 9, 7],
        ["nsubj", "ROOT", "punct", "nsubj", "ROOT", "det", "dobj", "prep", "nummod", "pobj"],
        ["NOUN", "VERB", "PUNCT", "PRON", "VERB", "DET", "NOUN", "ADP", "NUM", "NOUN"],
    )
    assert syntax.topic_before(doc, 8).text == "Traffic"


def test_a_change_in_a_place_or_a_time_is_no_change_of_it():
    # 'growth in Russia', 'growth in the first year': growth there, then (not of Russia, of the year)
    doc = parsed(
        ["growth", "in", "Russia", "and", "growth", "in", "the", "year"],
        [0, 0, 1, 0, 0, 4, 7, 5],
        ["ROOT", "prep", "pobj", "cc", "conj", "prep", "det", "pobj"],
        ["NOUN", "ADP", "PROPN", "CCONJ", "NOUN", "ADP", "DET", "NOUN"],
        ents=["O", "O", "B-COUNTRY", "O", "O", "O", "O", "O"],
    )
    assert syntax.of_object(doc[0]) is None
    assert syntax.of_object(doc[4]) is None
