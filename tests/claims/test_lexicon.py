"""lexicon.py: the word lists of lexicon.yaml and the regular expressions built from them."""

import re

import pytest

from pipeline.claims import lexicon


def test_an_unknown_word_list_is_named_in_the_error():
    with pytest.raises(KeyError, match=r"kind\.no_such_list"):
        lexicon.entry("kind.no_such_list")


def test_a_list_is_no_mapping():
    with pytest.raises(TypeError, match=r"kind\.rate_times"):
        lexicon.mapping("kind.rate_times")


def test_a_mapping_gives_its_keys_as_words():
    assert "drop" in lexicon.words("kind.change_noun_direction")


def test_alternation_escapes_words_and_keeps_their_order():
    words = lexicon.alternation(["i.e.", "that is"], spaces=r"\s+")
    pattern = re.compile(f"^(?:{words})$")
    assert pattern.match("that   is") and pattern.match("i.e.") and not pattern.match("iXeX")
