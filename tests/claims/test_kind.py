"""kind.py: level, change (up/down) or rate.  The parse walks and the parse pattern are tested on
Docs built by hand; the rest through the model."""

from __future__ import annotations

import pytest

from pipeline import claims_from_text
from pipeline.claims import kind
from pipeline.claims.claim import Claim
from tests.claims.conftest import REF, parsed


def claim_over(doc, first: int, last: int, unit: str = "percent", **extra) -> Claim:
    """A claim over tokens first..last, its number token the last (as quantities.number_token picks 'percent')."""
    return Claim(doc[first].idx, doc[last].idx + len(doc[last]), 5.0, unit, number_token=last, extra=extra)


def test_an_amount_modifying_a_change_noun_is_that_change():
    # 'There was a 60 percent drop in demand': percent -compound-> drop
    doc = parsed(
        ["There", "was", "a", "60", "percent", "drop", "in", "demand"],
        [1, 1, 5, 4, 5, 1, 5, 6],
        ["expl", "ROOT", "det", "nummod", "compound", "attr", "prep", "pobj"],
        ["PRON", "VERB", "DET", "NUM", "NOUN", "NOUN", "ADP", "NOUN"],
    )
    c = claim_over(doc, 3, 4)
    kind.decide_kind(doc, c)
    assert (c.kind, c.direction, c.rule_of("kind")) == ("change", "down", "kind.change_noun_modifier")


def test_the_change_noun_may_sit_two_modifiers_up():
    # 'a 5 percent wage increase': percent -compound-> wage -compound-> increase
    doc = parsed(
        ["a", "5", "percent", "wage", "increase"],
        [4, 2, 3, 4, 4],
        ["det", "nummod", "compound", "compound", "ROOT"],
        ["DET", "NUM", "NOUN", "NOUN", "NOUN"],
    )
    c = claim_over(doc, 1, 2)
    kind.decide_kind(doc, c)
    assert (c.kind, c.direction, c.rule_of("kind")) == ("change", "up", "kind.change_noun_modifier")


def _rose(verb: str, lemma: str, prep: str):
    # 'Exports VERB PREP 5 percent'
    return parsed(
        ["Exports", verb, prep, "5", "percent"],
        [1, 1, 1, 4, 2],
        ["nsubj", "ROOT", "prep", "nummod", "pobj"],
        ["NOUN", "VERB", "ADP", "NUM", "NOUN"],
        lemmas=["export", lemma, prep, "5", "percent"],
    )


@pytest.mark.parametrize(
    "verb, lemma, prep, expected",
    [
        ("rose", "rise", "by", ("change", "up", "kind.change_verb")),
        ("fell", "fall", "by", ("change", "down", "kind.change_verb")),
        ("fell", "fall", "to", ("level", None, "kind.end_point")),
        ("rose", "rise", "from", ("level", None, "kind.end_point")),
        ("stood", "stand", "at", ("level", None, "kind.default_level")),
    ],
)
def test_the_walk_up_to_a_verb_of_change(verb, lemma, prep, expected):
    doc = _rose(verb, lemma, prep)
    c = claim_over(doc, 3, 4)
    kind.decide_kind(doc, c)
    assert (c.kind, c.direction, c.rule_of("kind")) == expected


@pytest.mark.parametrize(
    "noun, expected",
    [
        ("increase", ("change", "up", "kind.change_noun_prep")),
        ("growth", ("level", None, "kind.indicator_noun")),  # 'X growth of 4%' is a level of growth (ANNOTATION.md)
    ],
)
def test_a_noun_taking_the_amount_by_a_preposition(noun, expected):
    # 'an increase of 20 percent'
    doc = parsed(
        [noun, "of", "20", "percent"],
        [0, 0, 3, 1],
        ["ROOT", "prep", "nummod", "pobj"],
        ["NOUN", "ADP", "NUM", "NOUN"],
    )
    c = claim_over(doc, 2, 3)
    kind.decide_kind(doc, c)
    assert (c.kind, c.direction, c.rule_of("kind")) == expected


def test_a_walk_stops_at_the_head_of_another_clause():
    # 'reduce imports where dependence is 80 percent': 'reduce' is not the amount's verb
    doc = parsed(
        ["reduce", "imports", "where", "dependence", "is", "80", "percent"],
        [0, 0, 4, 4, 1, 6, 4],
        ["ROOT", "dobj", "advmod", "nsubj", "relcl", "nummod", "attr"],
        ["VERB", "NOUN", "ADV", "NOUN", "AUX", "NUM", "NOUN"],
        lemmas=["reduce", "import", "where", "dependence", "be", "80", "percent"],
    )
    c = claim_over(doc, 5, 6)
    kind.decide_kind(doc, c)
    assert (c.kind, c.rule_of("kind")) == ("level", "kind.default_level")


@pytest.mark.parametrize("particle, direction", [("up", "up"), ("down", "down")])
def test_a_verb_of_being_with_up_or_down_and_a_by_phrase_is_a_change(particle, direction):
    # 'Traffic is up by 22 percent'
    doc = parsed(
        ["Traffic", "is", particle, "by", "22", "percent"],
        [1, 1, 1, 1, 5, 3],
        ["nsubj", "ROOT", "advmod", "prep", "nummod", "pobj"],
        ["NOUN", "AUX", "ADV", "ADP", "NUM", "NOUN"],
        lemmas=["traffic", "be", particle, "by", "22", "percent"],
    )
    c = claim_over(doc, 4, 5)
    kind.decide_kind(doc, c)
    assert (c.kind, c.direction, c.rule_of("kind")) == ("change", direction, "kind.change_verb")


def test_money_a_verb_of_gathering_takes_as_its_object_is_a_level():
    # 'The company raised 5 billion dollars'
    doc = parsed(
        ["The", "company", "raised", "5", "billion", "dollars"],
        [1, 2, 2, 4, 5, 2],
        ["det", "nsubj", "ROOT", "compound", "nummod", "dobj"],
        ["DET", "NOUN", "VERB", "NUM", "NUM", "NOUN"],
        lemmas=["the", "company", "raise", "5", "billion", "dollar"],
    )
    c = Claim(doc[3].idx, doc[5].idx + 7, 5e9, "USD", dimension="currency", number_token=4)
    kind.decide_kind(doc, c)
    assert (c.kind, c.rule_of("kind")) == ("level", "kind.gathered_money")


def test_a_change_noun_subject_counts_only_when_the_verb_states_its_size():
    # 'This increase will concern 465 people': the increase does not amount to 465 people
    doc = parsed(
        ["This", "increase", "will", "concern", "465", "people"],
        [1, 3, 3, 3, 5, 3],
        ["det", "nsubj", "aux", "ROOT", "nummod", "dobj"],
        ["DET", "NOUN", "AUX", "VERB", "NUM", "NOUN"],
        lemmas=["this", "increase", "will", "concern", "465", "people"],
    )
    c = claim_over(doc, 4, 5, unit="count")
    kind.decide_kind(doc, c)
    assert (c.kind, c.rule_of("kind")) == ("level", "kind.default_level")


@pytest.mark.parametrize("after, expected", [("a year", "kind.rate_after"), ("a year earlier", "kind.default_level")])
def test_a_time_after_the_amount_makes_a_rate_unless_it_dates_it(after, expected):
    words = ["It", "was", "5", "percent", *after.split()]
    n = len(words)
    doc = parsed(
        words,
        [1, 1, 3, 1] + [1] * (n - 4),
        ["nsubj", "ROOT", "nummod", "attr"] + ["npadvmod"] * (n - 4),
        ["PRON", "AUX", "NUM", "NOUN"] + ["DET"] + ["NOUN"] * (n - 5),
    )
    c = claim_over(doc, 2, 3)
    kind.decide_kind(doc, c)
    assert c.rule_of("kind") == expected


@pytest.mark.parametrize(
    "per, expected",
    [
        ("day", ("rate", "kind.per_unit")),
        ("litre", ("level", "kind.price_per_unit")),
        ("barrel", ("level", "kind.price_per_unit")),
    ],
)
def test_a_unit_per_a_time_is_a_rate_and_per_anything_else_a_price(per, expected):
    doc = parsed(["costs", "34", "rubles"], [0, 2, 0], ["ROOT", "nummod", "dobj"], ["VERB", "NUM", "NOUN"])
    c = claim_over(doc, 1, 2, unit="RUB", rate=per)
    kind.decide_kind(doc, c)
    assert (c.kind, c.rule_of("kind")) == expected


def test_a_multiplying_word_a_quantity_rule_found_decides_first():
    doc = parsed(["costs", "34", "rubles"], [0, 2, 0], ["ROOT", "nummod", "dobj"], ["VERB", "NUM", "NOUN"])
    doubled = claim_over(doc, 1, 2, unit="ratio", change="up")
    kind.decide_kind(doc, doubled)
    assert (doubled.kind, doubled.direction, doubled.rule_of("kind")) == ("change", "up", "kind.multiple_word")


def test_a_speed_is_a_rate():
    doc = parsed(["at", "12", "knots"], [0, 2, 0], ["ROOT", "nummod", "pobj"], ["ADP", "NUM", "NOUN"])
    c = claim_over(doc, 1, 2, unit="knot")
    c.dimension = "speed"
    kind.decide_kind(doc, c)
    assert (c.kind, c.rule_of("kind")) == ("rate", "kind.rate_unit")


# -- with the model -------------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(
    "text, direction",
    [
        ("Exports increased by 40 percent.", "up"),
        ("The economy shrank by 0.6 percent.", "down"),
        ("Global opiate production has doubled.", "up"),
    ],
)
def test_changes(text, direction):
    df = claims_from_text(text, reference_date=REF)
    assert list(df["kind"]) == ["change"] and list(df["direction"]) == [direction]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface",
    [
        ("Wages rose 8% in real terms.", "8%"),
        ("Lending shows an increase of around 10% this year.", "10%"),
        ("Salaries were up 3% in nominal terms.", "3%"),
    ],
)
def test_growth_rates_are_changes(text, surface):
    df = claims_from_text(text, reference_date=REF)
    row = df[df["text"].str.contains(surface, regex=False)].iloc[0]
    assert row["kind"] == "change" and row["direction"] == "up"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, kind_",
    [
        ("Unemployment fell to 3.9 percent, down from 4.1 percent a year earlier.", "4.1 percent", "level"),
        ("Sales of electric cars jumped 40% year on year.", "40%", "change"),
        ("Rents increased by an average of 8% a year.", "8%", "rate"),
        ("There was a 60 percent drop in demand.", "60 percent", "change"),
        ("Airlines saw a drop in demand of 60 percent.", "60 percent", "change"),
        ("People receive the one-time assistance of 10,000 rubles.", "10,000 rubles", "level"),
        ("The company reported a net loss of $200 million.", "$200 million", "level"),
        ("Gas supply reached 67.2 percent nationwide and 70.9 percent in cities.", "70.9 percent", "level"),
        # units quantulum3 reads from the words after the number, and prices per unit
        ("Wages grew 9 percent in real terms.", "9 percent", "change"),
        ("Turnout was 32 percent at the last election.", "32 percent", "level"),
        ("We saved 168 million rubles at tenders.", "168 million rubles", "level"),
        ("Traffic rose 43 percent year-on-year.", "43 percent", "change"),
        ("Owners pay a 15 percent tax on dividends.", "15 percent", "level"),
        ("Oil must stay at $90 a barrel.", "$90 a barrel", "level"),
        ("Petrol costs 34 rubles per litre.", "34 rubles per litre", "level"),
        ("The deficit widened to $69 billion from $61 billion a year earlier.", "$61 billion", "level"),
        ("Lending shows growth of around 10% this year.", "10%", "level"),
        ("Retail sales slipped 0.8% in January.", "0.8%", "change"),
        ("Factories lose a million a day.", "a million a day", "rate"),
        ("Only half a percent of voters trust them.", "half a percent", "level"),
        ("The city has seen three revolutions.", "three", "level"),
        ("Rescuers brought 1,150 pieces of equipment.", "1,150", "level"),
        ("Temperatures reached 40C in the south.", "40C", "level"),
    ],
)
def test_news_kinds(text, surface, kind_):
    df = claims_from_text(text, reference_date=REF)
    assert df[df["text"].str.contains(surface, regex=False)].iloc[0]["kind"] == kind_
