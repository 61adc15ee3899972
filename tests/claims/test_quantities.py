"""quantities.py: which amounts, with value, unit and qualifier."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest

from pipeline import claims_from_text
from pipeline.claims import quantities
from pipeline.claims.registry import Rule, catalog
from tests.claims.conftest import REF, parsed


def one(text, surface):
    df = claims_from_text(text, reference_date=REF)
    rows = df[df["text"].str.contains(surface, regex=False)]
    assert len(rows) == 1, df[["text", "value", "unit"]].to_dict("records")
    return rows.iloc[0]


# -- without the model ---------------------------------------------------------------------------
def _quantity(value, span, unit="dimensionless", entity="dimensionless"):
    """A quantity as quantulum3 returns it."""
    return SimpleNamespace(
        value=value,
        uncertainty=None,
        span=span,
        surface=None,
        unit=SimpleNamespace(name=unit, entity=SimpleNamespace(name=entity), currency_code=None),
    )


def _sentence(words, spaces):
    n = len(words)
    return parsed(words, [n - 1] * (n - 1) + [n - 1], ["dep"] * (n - 1) + ["ROOT"], ["NOUN"] * n, spaces=spaces)


def test_a_dash_after_a_digit_is_no_minus_sign(monkeypatch):
    doc = _sentence(["pages", "1–21", "read"], [True, True, False])  # quantulum3 once read '–21' as minus 21
    monkeypatch.setattr(quantities, "parse_quantities", lambda text: (_quantity(-21.0, (7, 10)),))
    rejected = []
    assert quantities.quantity_claims(doc, doc[:], rejected=rejected) == []
    assert rejected == [("quantities.not_a_minus", 7, 10)]


def test_a_dash_after_a_space_is_punctuation_and_the_amount_positive():
    doc = _sentence(["many", "regions", "–21", "regions"], [True, True, True, False])
    [claim] = quantities.quantity_claims(doc, doc[:])
    assert (doc.text[claim.start : claim.end], claim.value) == ("21", 21.0)


@pytest.mark.parametrize(
    "words, has_number",
    [
        (["Exports", "grew", "by", "9", "%"], True),
        (["Exports", "doubled"], True),
        (["It", "was", "threefold"], True),
        (["Prices", "are", "high"], False),
    ],
)
def test_the_gate_lets_through_sentences_with_a_number_word(words, has_number):
    doc = _sentence(words, [True] * (len(words) - 1) + [False])
    assert quantities.sentence_has_number(doc[:]) is has_number


FINDING_EXAMPLES = [
    pytest.param(e.text, id=f"{r.id}-{n}")
    for r in catalog().values()
    if r.module == "quantities"
    for n, e in enumerate(r.examples)
    if e.claim is not None
]


@pytest.mark.parametrize("text", FINDING_EXAMPLES)
def test_the_gate_lets_through_every_sentence_an_amount_rule_reads(text):
    import spacy

    assert quantities.sentence_has_number(spacy.blank("en")(text)[:])


@pytest.mark.parametrize(
    "words", [["Scores", "of", "people", "came"], ["Output", "quadrupled"], ["tens", "of", "tonnes"]]
)
def test_the_gate_knows_the_words_of_the_amount_patterns(words):
    assert quantities.sentence_has_number(_sentence(words, [True] * (len(words) - 1) + [False])[:])


@pytest.mark.parametrize(
    "unit, entity, ton_means, expected",
    [
        ("percentage", "dimensionless", "tonne", {"unit": "percent", "dimension": "ratio"}),
        ("dimensionless", "dimensionless", "tonne", {"unit": "count", "dimension": "count"}),
        ("ton", "mass", "tonne", {"unit": "tonne", "si_unit": "kilogram", "factor": 1000}),
        ("ton", "mass", "short ton", {"unit": "short ton", "si_unit": "kilogram"}),
        ("coulomb", "charge", "tonne", {"unit": "degree Celsius", "dimension": "temperature"}),
        ("dimensionless per day", "dimensionless", "tonne", {"unit": "count", "rate": "day"}),
    ],
)
def test_quantulum_units_map_to_ours(unit, entity, ton_means, expected):
    mapped = quantities.map_unit(_quantity(1.0, (0, 1), unit, entity), ton_means=ton_means)
    assert {k: mapped[k] for k in expected} == expected


@pytest.mark.parametrize(
    "words, yields, expected",
    [
        (["a", "score"], {"value": 20, "unit": "count"}, (20, None, "exact", "count")),
        (["dozens"], {"value_low": "$quantities.vague_scales"}, (None, 24, "vague", "count")),
        (["threefold"], {"value": 3, "unit": "ratio", "change": "up"}, (3, None, "exact", "ratio")),
    ],
)
def test_a_surface_pattern_gives_the_fields_its_rule_yields(words, yields, expected):
    doc = _sentence(["They", "saw", *words, "cases"], [True] * (len(words) + 2) + [False])
    rule = Rule("quantities.example", "quantities", "", (), surface=([{"LOWER": w} for w in words],), yields=yields)
    [claim] = quantities.claims_of_pattern(doc, rule, [(2, 2 + len(words))])
    assert (claim.value, claim.value_low, claim.qualifier, claim.dimension) == expected
    assert doc.text[claim.start : claim.end] == " ".join(words) and claim.rule_of("claim") == "quantities.example"
    assert claim.extra.get("change") == yields.get("change")


# -- with the model -------------------------------------------------------------------------------
@pytest.mark.model
def test_vague_amount_with_unit():
    row = one("We liquidated channels bringing in hundreds of kilos of heroin.", "hundreds of kilos")
    assert row["value_low"] == 200 and row["unit"] == "kilogram" and row["qualifier"] == "vague"


@pytest.mark.model
def test_a_vague_amount_without_another_number_in_its_sentence_is_found():
    row = one("The new reactor produces tens of tonnes of nanotubes.", "tens of tonnes")
    assert (row["value_low"], row["unit"], row["qualifier"]) == (20, "tonne", "vague")


@pytest.mark.model
def test_tonnes_have_si_values():
    row = one("We seized 2.5 tons of heroin.", "2.5 tons")
    assert row["value_si"] == 2500 and row["si_unit"] == "kilogram"


@pytest.mark.model
@pytest.mark.parametrize(
    "word, qualifier",
    [
        ("around", "approx"),
        ("about", "approx"),
        ("almost", "approx"),
        ("nearly", "approx"),
        ("some", "approx"),
        ("roughly", "approx"),
        ("more than", "lower_bound"),
        ("over", "lower_bound"),
        ("at least", "lower_bound"),
        ("less than", "upper_bound"),
        ("under", "upper_bound"),
        ("up to", "upper_bound"),
        ("at most", "upper_bound"),
    ],
)
def test_qualifiers(word, qualifier):
    row = one(f"The agency employs {word} 4,000 officers.", "4,000")
    assert row["qualifier"] == qualifier and row["text"].lower().startswith(word)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, unit",
    [
        ("Trade reached $900 million.", "$900 million", "USD"),
        ("They spent 100 billion rubles.", "100 billion rubles", "RUB"),
        ("They spent 100 billion roubles.", "100 billion roubles", "RUB"),
        ("It cost 5 million euros.", "5 million euros", "EUR"),
        ("Inflation was 7 percent.", "7 percent", "percent"),
        ("Unemployment stands at 5.3%.", "5.3%", "percent"),
        ("The border is 1,400 kilometres long.", "1,400 kilometres", "kilometre"),
    ],
)
def test_unit_families(text, surface, unit):
    assert one(text, surface)["unit"] == unit


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, value, unit",
    [
        # words after the number that quantulum3 reads as units ('in' = inch, 'at' = ampere-turn)
        ("Wages grew 9 percent in real terms.", "9 percent", 9, "percent"),
        ("Turnout was 32 percent at the last election.", "32 percent", 32, "percent"),
        ("We saved 168 million rubles at tenders.", "168 million rubles", 168e6, "RUB"),
        ("Traffic rose 43 percent year-on-year.", "43 percent", 43, "percent"),
        ("Owners pay a 15 percent tax on dividends.", "15 percent", 15, "percent"),
        ("Oil must stay at $90 a barrel.", "$90 a barrel", 90, "USD"),
        ("Petrol costs 34 rubles per litre.", "34 rubles per litre", 34, "RUB"),
        ("Factories lose a million a day.", "a million a day", 1e6, "count"),
        ("Only half a percent of voters trust them.", "half a percent", 0.5, "percent"),
        # counts of things quantulum3 takes for units ('revolutions' = turn, 'pieces' = set)
        ("The city has seen three revolutions.", "three", 3, "count"),
        ("Rescuers brought 1,150 pieces of equipment.", "1,150", 1150, "count"),
        ("Temperatures reached 40C in the south.", "40C", 40, "degree Celsius"),
    ],
)
def test_units_quantulum_misreads(text, surface, value, unit):
    row = one(text, surface)
    assert (row["text"], row["value"], row["unit"]) == (surface, value, unit)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The meeting took place on March 11, 2013 at 12:30.",
        "This is the first time the UAE agreed.",
        "Our task is therefore two-fold in nature.",
        "We signed an agreement in February 2012.",
        "See Article 92 of the constitution.",
        "We are testing 5G networks.",
        "The theatre was founded in 534 B.C. in Athens.",
        "Had we begun half a year earlier, it would have worked.",
        "It was built a quarter of a century ago.",
        "The Boeing 747 landed in London.",
        "Windows 10 was a success.",
        "He has been in office for a year and a half.",
    ],
)
def test_dates_names_durations_and_idioms_are_not_claims(text):
    assert claims_from_text(text, reference_date=REF).empty


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, value, unit, qualifier",
    [
        ("The government will spend £3m on new schools.", "£3m", 3e6, "GBP", "exact"),
        ("The deal is worth €2.5bn.", "€2.5bn", 2.5e9, "EUR", "exact"),
        ("The museum recorded 3m visitors.", "3m", 3e6, "count", "exact"),
        ("One in five children lives in poverty.", "One in five", 0.2, "fraction", "exact"),
        (
            "The bank raised rates by a quarter of a percentage point.",
            "a quarter of a percentage point",
            0.25,
            "percent",
            "exact",
        ),
        ("Inflation eased to 2.1 per cent.", "2.1 per cent", 2.1, "percent", "exact"),
        ("The temperature dropped to minus 30 degrees.", "minus 30 degrees", -30, "degree", "exact"),
        ("They moved hundreds of millions of dollars abroad.", "hundreds of millions of dollars", None, "USD", "vague"),
        ("Hundreds of thousands fled the city.", "Hundreds of thousands", None, "count", "vague"),
        ("At least 20 people died and dozens were injured.", "dozens", None, "count", "vague"),
    ],
)
def test_news_amounts(text, surface, value, unit, qualifier):
    row = one(text, surface)
    assert row["text"] == surface and row["unit"] == unit and row["qualifier"] == qualifier
    assert (value is None and row["value_low"] > 0) or math.isclose(row["value"], value)


# -- issue 16, quantulum3's classes: clock times, compound and composed numbers ----------------------
@pytest.mark.parametrize(
    "surface, before, is_clock",
    [("2 pm", "at ", True), ("10.30 am", "from ", True), ("40 pm", "2:", True), ("2.1 pm", "of ", False)],
)
def test_am_and_pm_after_a_clock_number_are_a_time_of_day(surface, before, is_clock):
    text = before + surface
    assert quantities._clock_time(text, 0, len(before), surface) is is_clock


@pytest.mark.parametrize(
    "surface, compound", [("a hundred and two", True), ("twenty-five", True), ("two", False), ("a hundred", False)]
)
def test_a_number_of_several_number_words_is_compound(surface, compound):
    assert quantities._compound_number(surface) is compound


@pytest.mark.parametrize("phrase, value", [("one sixth", 1 / 6), ("two-fifths", 0.4), ("nine tenths", 0.9)])
def test_fractions_are_composed_from_numerator_and_denominator(phrase, value):
    assert math.isclose(quantities.FRACTIONS[phrase], value)


def test_a_sixth_alone_is_no_composed_fraction():
    assert "a sixth" not in quantities.FRACTIONS  # 'a sixth television channel' is an ordinal


def test_a_vulgar_fraction_passes_the_gate():
    assert quantities.sentence_has_number(_sentence(["add", "½", "cup"], [True, True, False])[:])


@pytest.mark.parametrize(
    "before, rule",
    [
        ("oil at $90 ", "quantities.unit_of_a_price"),
        ("the cost of ", "quantities.unit_of_a_price"),
        ("not yield ", "quantities.not_one"),
        ("about ", None),
    ],
)
def test_one_of_a_unit_is_dropped_as_a_price_unit_or_an_idiom(before, rule):
    text = before + "a metre"
    assert quantities._not_one_unit(text, 0, len(before), text) == rule


# -- quantities.elided_noun, on hand-built parses ---------------------------------------------------
def test_a_spelled_number_as_subject_stands_for_a_noun():
    doc = parsed(
        ["two", "have", "been", "contained"],
        [3, 3, 3, 3],
        ["nsubjpass", "aux", "auxpass", "ROOT"],
        ["NUM", "AUX", "AUX", "VERB"],
    )
    assert quantities._stands_for_a_noun(doc[0])


def test_a_spelled_number_after_a_determiner_points_back():
    doc = parsed(
        ["The", "two", "discussed", "trade"],
        [1, 2, 2, 2],
        ["det", "nsubj", "ROOT", "dobj"],
        ["DET", "NUM", "VERB", "NOUN"],
    )
    assert not quantities._stands_for_a_noun(doc[1])


def test_a_spelled_number_after_of_a_noun_is_no_elided_count():
    doc = parsed(
        ["a", "family", "of", "five"], [1, 1, 1, 2], ["det", "ROOT", "prep", "pobj"], ["DET", "NOUN", "ADP", "NUM"]
    )
    assert not quantities._stands_for_a_noun(doc[3])


def test_a_spelled_number_before_of_them_is_a_share_of_things_named():
    words = ["Two", "of", "them", "refused"]
    doc = parsed(words, [3, 0, 1, 3], ["nsubj", "prep", "pobj", "ROOT"], ["NUM", "ADP", "PRON", "VERB"])
    assert not quantities._stands_for_a_noun(doc[0])


# -- a year is no partner of an amount; spelled ends of a pair are read alone ------------------------
@pytest.mark.model
def test_the_end_after_a_year_is_no_part_of_a_year_range():
    # 'from 178,000 in 2011 to 212,000 in 2012': '2011 to 212,000' is no range of years
    assert {"178,000", "212,000"} <= set(
        claims_from_text("Visits grew from 178,000 in 2011 to 212,000 in 2012.", reference_date=REF)["text"]
    )


@pytest.mark.model
def test_both_spelled_ends_of_a_pair_with_their_years_are_found():
    found = claims_from_text("The number of such cases fell from nine in 2018 to four in 2019.", reference_date=REF)
    assert {"nine", "four"} <= set(found["text"])


def test_a_range_word_before_a_spelled_number_is_hidden_from_quantulum3():
    assert quantities.mask_ranges("from nine in 2018 to four in 2019") == "from nine in 2018 ;; four in 2019"


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("Output quadrupled.", False),  # the multiple patterns read it; quantulum3 is not asked
        ("Scores of people came.", False),
        ("Exports grew threefold.", False),
        ("Exports grew twice as fast.", False),
        ("We built three schools.", True),
        ("Prices rose by half.", True),
        ("It costs $5.", True),
        ("The tank holds a gallon.", True),
        ("No one here has read that report.", False),  # 'one' alone is a count of one, never a claim
        ("That is a question for another one, I think.", False),
        ("The new bridge is one kilometre long.", True),  # a unit quantulum3 knows after it
        ("The ticket costs one-euro.", True),
        ("A loaf went up by one ruble.", True),
        ("He paid one hundred for it.", True),
        ("The law came into force in 2019.", False),  # a year alone is a bare count quantulum3 reads
        ("In 2019 the plant shipped 2019 tonnes.", True),
    ],
)
def test_quantulum3_is_asked_only_where_it_can_read_an_amount(text, reads):
    import spacy

    assert quantities.quantulum_may_read(spacy.blank("en")(text)[:]) is reads


@pytest.mark.model
def test_and_inside_a_spelled_number_keeps_it_whole():
    # 'and' joins the parts of one spelled number; only digits after it make two ends ('5 and 6 percent')
    row = one("They ordered a hundred and two chairs for the hall.", "hundred")
    assert (row["text"], row["value"]) == ("a hundred and two", 102)
