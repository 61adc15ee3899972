"""RulerIndex (pipeline.components.attributes): the attribute ruler's matches, found by lookups."""

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.components.attributes import RulerIndex, UnsupportedPattern

PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": "VBZ", "LOWER": "has"}]], "attrs": {"LEMMA": "have"}},
    {"patterns": [[{"TAG": {"IN": ["VBP", "VBZ"]}, "DEP": {"NOT_IN": ["aux", ""]}}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"LOWER": {"REGEX": "^gon$"}}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
]


@pytest.fixture(scope="module")
def ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(PATTERNS)
    return ruler


def tagged(ruler, words, tags, deps):
    heads = [len(words) - 1] * len(words)
    return Doc(ruler.vocab, words=words, tags=tags, deps=deps, heads=heads)


def test_the_index_finds_the_rulers_own_matches(ruler):
    doc = tagged(
        ruler,
        ["She", "has", "gon", "na", "sell", "the", "house", "and", "runs", "\n", "daily"],
        ["PRP", "VBZ", "VBG", "TO", "VB", "DT", "NN", "CC", "VBZ", "_SP", "RB"],
        ["nsubj", "aux", "ROOT", "aux", "xcomp", "det", "dobj", "cc", "conj", "dep", "advmod"],
    )
    assert RulerIndex(ruler).match(doc) == ruler.match(doc) and len(ruler.match(doc)) == 5


def test_a_pattern_it_cannot_read_is_refused():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"POS": "PROPN"}}])
    with pytest.raises(UnsupportedPattern):
        RulerIndex(ruler)
