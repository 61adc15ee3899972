"""assembly.py: overlapping finds, ranges, before/after pairs, coordinated amounts, shared units,
editorial conversions, a bare amount's currency.  Docs are built by hand (words and, where a rule
reads it, the parse), so most tests need no model."""

from __future__ import annotations

import math

import pytest
import spacy

from pipeline import claims_from_text
from pipeline.claims import assembly
from pipeline.claims.claim import Claim
from tests.claims.conftest import REF, parsed

_BLANK = spacy.blank("en")


def amount(text: str, surface: str, value, unit: str, **fields) -> Claim:
    start = text.index(surface)
    return Claim(start, start + len(surface), value, unit, **fields)


def test_two_amounts_joined_by_a_dash_are_one_range():
    doc = _BLANK("Damage came to 7.5–13 billion rubles.")
    low = amount(doc.text, "7.5", 7.5, "count")
    high = amount(doc.text, "13 billion rubles", 13e9, "RUB", dimension="currency", extra={"scale": 1e9})
    [claim] = assembly.merge_ranges(doc, [low, high])
    assert doc.text[claim.start : claim.end] == "7.5–13 billion rubles"
    assert (claim.value, claim.value_low, claim.value_high, claim.qualifier, claim.unit) == (
        None,
        7.5e9,
        13e9,
        "range",
        "RUB",
    )
    assert claim.rule_of("claim") == "assembly.range"


def test_between_and_is_one_range():
    doc = _BLANK("Inflation will be between 5% and 6%.")
    parts = [amount(doc.text, "5%", 5.0, "percent"), amount(doc.text, "6%", 6.0, "percent")]
    [claim] = assembly.merge_ranges(doc, parts)
    assert doc.text[claim.start : claim.end] == "between 5% and 6%"
    assert (claim.value_low, claim.value_high) == (5.0, 6.0)


def test_amounts_joined_by_and_are_separate_claims_the_bare_one_taking_the_unit_and_scale():
    doc = _BLANK("The grants were 15 and 20 billion rubles.")
    bare = amount(doc.text, "15", 15.0, "count")
    full = amount(doc.text, "20 billion rubles", 20e9, "RUB", dimension="currency", extra={"scale": 1e9})
    first, second = assembly.merge_ranges(doc, [bare, full])
    assert (first.value, first.unit, second.value) == (15e9, "RUB", 20e9)
    assert first.rule_of("claim") == "assembly.coordinated" and first.rule_of("unit") == "assembly.shared_unit"


def test_a_list_of_bare_amounts_takes_the_unit_of_its_last():
    doc = _BLANK("Unemployment is 12, 18 and even 22%.")
    parts = [amount(doc.text, s, float(s), "count") for s in ("12", "18")]
    parts.append(amount(doc.text, "22%", 22.0, "percent", dimension="ratio"))
    assert [(c.value, c.unit) for c in assembly.merge_ranges(doc, parts)] == [
        (12.0, "percent"),
        (18.0, "percent"),
        (22.0, "percent"),
    ]


def test_a_bare_number_with_a_thousands_separator_keeps_its_own_magnitude():
    doc = _BLANK("Coverage ranged from 700,000 to 1.4 million.")
    low = amount(doc.text, "700,000", 7e5, "count")
    high = amount(doc.text, "1.4 million", 1.4e6, "count", extra={"scale": 1e6})
    [claim] = assembly.merge_ranges(doc, [low, high])
    assert (claim.value_low, claim.value_high) == (7e5, 1.4e6)


def _rose_from_to():
    # 'Output rose from 30 to 45 million tonnes .' with 'from' attached to the verb of change
    words = ["Output", "rose", "from", "30", "to", "45", "million", "tonnes", "."]
    heads = [1, 1, 1, 2, 1, 7, 5, 4, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "prep", "nummod", "quantmod", "pobj", "punct"]
    pos = ["NOUN", "VERB", "ADP", "NUM", "ADP", "NUM", "NUM", "NOUN", "PUNCT"]
    lemmas = ["output", "rise", "from", "30", "to", "45", "million", "tonne", "."]
    return parsed(words, heads, deps, pos, lemmas=lemmas, spaces=[True] * 7 + [False, False])


def test_from_to_under_a_verb_of_change_is_a_before_and_an_after():
    doc = _rose_from_to()
    low = amount(doc.text, "30", 30.0, "count")
    high = amount(doc.text, "45 million tonnes", 45e6, "tonne", dimension="mass", extra={"scale": 1e6, "factor": 1000})
    before, after = assembly.merge_ranges(doc, [low, high])
    assert doc.text[before.start : before.end] == "from 30"
    assert (before.value, before.unit, before.value_si, before.qualifier) == (30e6, "tonne", 30e9, "exact")
    assert (after.value, after.qualifier) == (45e6, "exact")
    assert before.rule_of("claim") == after.rule_of("claim") == "assembly.before_after"


def test_from_to_under_a_verb_of_range_is_one_amount():
    words = ["Debts", "ranging", "from", "50,000", "to", "700,000", "rubles"]
    heads = [0, 0, 1, 2, 1, 6, 4]
    deps = ["ROOT", "acl", "prep", "pobj", "prep", "nummod", "pobj"]
    pos = ["NOUN", "VERB", "ADP", "NUM", "ADP", "NUM", "NOUN"]
    doc = parsed(words, heads, deps, pos, lemmas=["debt", "range", "from", "50,000", "to", "700,000", "ruble"])
    parts = [amount(doc.text, "50,000", 5e4, "count"), amount(doc.text, "700,000 rubles", 7e5, "RUB")]
    [claim] = assembly.merge_ranges(doc, parts)
    assert (claim.qualifier, claim.value_low, claim.value_high, claim.unit) == ("range", 5e4, 7e5, "RUB")


def test_a_qualifier_before_from_bounds_both_ends_of_a_pair():
    words = ["Requests", "grew", "roughly", "from", "8,000", "to", "21,000"]
    heads = [1, 1, 3, 1, 3, 1, 5]
    deps = ["nsubj", "ROOT", "advmod", "prep", "pobj", "prep", "pobj"]
    pos = ["NOUN", "VERB", "ADV", "ADP", "NUM", "ADP", "NUM"]
    doc = parsed(words, heads, deps, pos, lemmas=["request", "grow", "roughly", "from", "8,000", "to", "21,000"])
    parts = [amount(doc.text, "8,000", 8e3, "count"), amount(doc.text, "21,000", 2.1e4, "count")]
    before, after = assembly.merge_ranges(doc, parts)
    assert (before.qualifier, after.qualifier) == ("approx", "approx")
    assert doc.text[before.start : before.end] == "roughly from 8,000"


def test_a_change_and_where_it_ended_share_no_scale():
    words = ["It", "rose", "60", "percent", "to", "12", "million", "rubles"]
    heads = [1, 1, 3, 1, 1, 7, 5, 4]
    deps = ["nsubj", "ROOT", "nummod", "dobj", "prep", "nummod", "quantmod", "pobj"]
    pos = ["PRON", "VERB", "NUM", "NOUN", "ADP", "NUM", "NUM", "NOUN"]
    doc = parsed(words, heads, deps, pos, lemmas=["it", "rise", "60", "percent", "to", "12", "million", "ruble"])
    change = amount(doc.text, "60 percent", 60.0, "percent")
    level = amount(doc.text, "12 million rubles", 12e6, "RUB", extra={"scale": 1e6})
    first, second = assembly.merge_ranges(doc, [change, level])
    assert (first.value, first.unit, second.value) == (60.0, "percent", 12e6)


def test_or_even_makes_the_first_the_value():
    doc = _BLANK("Spending may reach 1.5 or even 2 trillion rubles.")
    parts = [
        amount(doc.text, "1.5", 1.5, "count"),
        amount(doc.text, "2 trillion rubles", 2e12, "RUB", extra={"scale": 1e12}),
    ]
    [claim] = assembly.merge_ranges(doc, parts)
    assert (claim.value, claim.value_high, claim.qualifier, claim.unit) == (1.5e12, 2e12, "exact", "RUB")
    assert claim.rule_of("claim") == "assembly.alternatives"


def test_amounts_not_joined_by_a_range_word_stay_apart():
    doc = _BLANK("It rose 5% in May, 10 rubles.")
    parts = [amount(doc.text, "5%", 5.0, "percent"), amount(doc.text, "10 rubles", 10.0, "RUB")]
    assert len(assembly.merge_ranges(doc, parts)) == 2


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


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, value, unit",
    [
        ("It amounted to $86.8 billion last year and is 87.5 now.", "87.5", 87.5e9, "USD"),
        ("The harvest was 90 million tonnes, and this year it was 74 million.", "74 million", 74e6, "tonne"),
        ("Last year 720,000 people got it, and today the figure stands at 2.5 million.", "2.5 million", 2.5e6, "count"),
        ("We spent 100 billion rubles on roads. Last year, it was 70 billion.", "70 billion", 70e9, "RUB"),
        ("Maybe 100 billion rubles will be unused. Maybe even 200.", "200", 200e9, "RUB"),
        (
            "Deposits came to 13.1 trillion rubles.\nWe have a trade surplus. Last year it was 198.2 billion.",
            "198.2",
            198.2e9,
            "count",
        ),
    ],
)
def test_a_bare_amount_takes_the_unit_of_an_amount_before_it_on_evidence(text, surface, value, unit):
    df = claims_from_text(text, reference_date=REF)
    row = df[df["text"].str.contains(surface, regex=False)].iloc[0]
    assert (row["unit"], row["value"]) == (unit, value)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Growth was between 3% and 5%.", 3, 5),
        ("Inflation will be 5–6%.", 5, 6),
        ("Investment was $15–16 billion.", 15e9, 16e9),
    ],
)
def test_ranges(text, low, high):
    df = claims_from_text(text, reference_date=REF)
    assert len(df) == 1 and df.iloc[0]["qualifier"] == "range"
    assert math.isclose(df.iloc[0]["value_low"], low) and math.isclose(df.iloc[0]["value_high"], high)


@pytest.mark.model
def test_a_falling_pair_keeps_both_ends_and_every_other_amount_of_the_sentence():
    # quantulum3 drops a range whose second end is smaller, and with it the sentence's other amounts
    df = claims_from_text("Tariffs were cut from 10 to 5 percent, saving 3 billion rubles.", reference_date=REF)
    assert sorted(df["value"]) == [5.0, 10.0, 3e9]


@pytest.mark.model
def test_editorial_conversion_is_marked():
    df = claims_from_text("The fine is 10,000 rubles [$320].", reference_date=REF)
    assert list(df["editorial"]) == [False, True] and list(df["unit"]) == ["RUB", "USD"]
