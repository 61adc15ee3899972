"""assembly.py: overlapping finds, ranges, editorial conversions, a bare amount's currency.  The
functions read text and claims only, so most tests need no model."""

from __future__ import annotations

import math

import pytest

from pipeline import claims_from_text
from pipeline.claims import assembly
from pipeline.claims.claim import Claim
from tests.claims.conftest import REF


def amount(text: str, surface: str, value, unit: str, **fields) -> Claim:
    start = text.index(surface)
    return Claim(start, start + len(surface), value, unit, **fields)


def test_two_amounts_joined_by_to_are_one_range():
    text = "Growth was from 3% to 5% this year."
    [claim] = assembly.merge_ranges(text, [amount(text, "3%", 3.0, "percent"), amount(text, "5%", 5.0, "percent")])
    assert text[claim.start : claim.end] == "from 3% to 5%"
    assert (claim.value, claim.value_low, claim.value_high, claim.qualifier) == (None, 3.0, 5.0, "range")
    assert claim.rule_of("claim") == "assembly.range"


def test_the_scale_of_the_second_end_applies_to_a_bare_first():
    text = "Spending may reach 1.5 or even 2 trillion rubles."
    parts = [amount(text, "1.5", 1.5, "count"), amount(text, "2 trillion rubles", 2e12, "RUB")]
    [claim] = assembly.merge_ranges(text, parts)
    assert (claim.value, claim.value_high, claim.qualifier, claim.unit) == (1.5e12, 2e12, "exact", "RUB")
    assert claim.rule_of("claim") == "assembly.alternatives"


def test_amounts_in_different_units_stay_apart():
    text = "It rose 5% and 10 rubles."
    parts = [amount(text, "5%", 5.0, "percent"), amount(text, "10 rubles", 10.0, "RUB")]
    assert len(assembly.merge_ranges(text, parts)) == 2


def test_a_pattern_find_beats_the_overlapping_quantulum_find_which_is_dropped():
    text = "We saw tens of thousands of people."
    vague = amount(text, "tens of thousands of", None, "count", value_low=20000.0, extra={"vague": True})
    plain = amount(text, "thousands", 1000.0, "count")
    rejected = []
    assert assembly.dedupe([plain, vague], rejected=rejected) == [vague]
    assert rejected == [("assembly.overlap", plain.start, plain.end)]


def test_a_unit_beats_a_bare_count_over_the_same_characters():
    text = "They paid 40 billion rubles."
    count = amount(text, "40 billion", 4e10, "count")
    rubles = amount(text, "40 billion rubles", 4e10, "RUB")
    assert assembly.dedupe([count, rubles]) == [rubles]


def test_an_amount_in_square_brackets_is_editorial():
    text = "The fine is 10,000 rubles [$320]."
    rubles, dollars = amount(text, "10,000 rubles", 1e4, "RUB"), amount(text, "$320", 320.0, "USD")
    for c in (rubles, dollars):
        assembly.mark_editorial(text, c)
    assert (rubles.editorial, dollars.editorial) == (False, True)


@pytest.mark.parametrize("surface, unit", [("70 billion", "RUB"), ("70", "count")])
def test_a_bare_scaled_amount_takes_the_currency_before_it(surface, unit):
    text = f"We spent 100 billion rubles on roads. Last year it was {surface}."
    rubles = amount(text, "100 billion rubles", 1e11, "RUB", dimension="currency")
    bare = Claim(text.rindex(surface), text.rindex(surface) + len(surface), 7e10, "count", dimension="count")
    assembly.inherit_currency(text, [rubles, bare])
    assert bare.unit == unit


@pytest.mark.model
@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Growth was from 3% to 5%.", 3, 5),
        ("Inflation will be between 5% and 6%.", 5, 6),
        ("Investment was $15–16 billion.", 15e9, 16e9),
    ],
)
def test_ranges(text, low, high):
    df = claims_from_text(text, reference_date=REF)
    assert len(df) == 1 and df.iloc[0]["qualifier"] == "range"
    assert math.isclose(df.iloc[0]["value_low"], low) and math.isclose(df.iloc[0]["value_high"], high)


@pytest.mark.model
def test_editorial_conversion_is_marked():
    df = claims_from_text("The fine is 10,000 rubles [$320].", reference_date=REF)
    assert list(df["editorial"]) == [False, True] and list(df["unit"]) == ["RUB", "USD"]
