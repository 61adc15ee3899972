"""measured.py: what the amount counts or measures.  The walks and the parse pattern on Docs built
by hand; sentences of transcripts and news through the model."""

from __future__ import annotations

import pytest

from pipeline import claims_from_text
from pipeline.claims import measured
from pipeline.claims.claim import Claim
from tests.claims.conftest import REF, parsed


def claim_over(doc, first: int, last: int, number: int, unit: str = "count") -> Claim:
    return Claim(doc[first].idx, doc[last].idx + len(doc[last]), 1.0, unit, number_token=number)


def decided(doc, c: Claim) -> tuple:
    measured.decide_measured(doc, c)
    phrase = doc.text[c.measured_span[0] : c.measured_span[1]] if c.measured_span else None
    return c.measured, phrase, c.rule_of("measured")


def test_the_object_of_of_after_the_unit():
    # 'We seized 2.5 tons of heroin'
    doc = parsed(
        ["We", "seized", "2.5", "tons", "of", "heroin"],
        [1, 1, 3, 1, 3, 4],
        ["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj"],
        ["PRON", "VERB", "NUM", "NOUN", "ADP", "NOUN"],
    )
    assert decided(doc, claim_over(doc, 2, 3, number=2, unit="tonne")) == ("heroin", "heroin", "measured.of_object")


def test_people_counted_as_a_holders_are_the_holder():
    # 'We have a staff of 35,000 people': the parse pattern measured.people_of_holder
    doc = parsed(
        ["We", "have", "a", "staff", "of", "35,000", "people"],
        [1, 1, 3, 1, 3, 6, 4],
        ["nsubj", "ROOT", "det", "dobj", "prep", "nummod", "pobj"],
        ["PRON", "VERB", "DET", "NOUN", "ADP", "NUM", "NOUN"],
    )
    assert decided(doc, claim_over(doc, 5, 5, number=5)) == ("staff", "staff", "measured.people_of_holder")


def test_the_counted_noun_with_its_compounds_and_without_a_measure_noun_at_its_end():
    # 'We opened 12 drug treatment centres' and '... 5 inflation rate points' -> the noun phrase
    doc = parsed(
        ["We", "opened", "12", "drug", "treatment", "centres"],
        [1, 1, 5, 4, 5, 1],
        ["nsubj", "ROOT", "nummod", "compound", "compound", "dobj"],
        ["PRON", "VERB", "NUM", "NOUN", "NOUN", "NOUN"],
    )
    assert decided(doc, claim_over(doc, 2, 2, number=2)) == (
        "drug treatment centres",
        "drug treatment centres",
        "measured.quantified_noun",
    )


def test_a_measure_noun_at_the_end_of_the_phrase_is_dropped_and_the_span_follows():
    # 'The inflation rate stood at 7 percent'
    doc = parsed(
        ["The", "inflation", "rate", "stood", "at", "7", "percent"],
        [2, 2, 3, 3, 3, 6, 4],
        ["det", "compound", "nsubj", "ROOT", "prep", "nummod", "pobj"],
        ["DET", "NOUN", "NOUN", "VERB", "ADP", "NUM", "NOUN"],
        lemmas=["the", "inflation", "rate", "stand", "at", "7", "percent"],
    )
    c = claim_over(doc, 5, 6, number=6, unit="percent")
    assert decided(doc, c) == ("inflation", "inflation", "measured.clause_subject")


def test_a_bare_amount_of_a_verb_of_change_measures_its_object():
    # 'We increased exports by 40 percent'
    doc = parsed(
        ["We", "increased", "exports", "by", "40", "percent"],
        [1, 1, 1, 1, 5, 3],
        ["nsubj", "ROOT", "dobj", "prep", "nummod", "pobj"],
        ["PRON", "VERB", "NOUN", "ADP", "NUM", "NOUN"],
        lemmas=["we", "increase", "export", "by", "40", "percent"],
    )
    assert decided(doc, claim_over(doc, 4, 5, number=5, unit="percent")) == (
        "exports",
        "exports",
        "measured.verb_object",
    )


def test_a_flow_noun_keeps_what_flows_and_the_span_covers_the_words_between():
    # 'The outflow of the capital reached 20 billion': measured 'outflow of capital', its phrase 'outflow of the capital'
    doc = parsed(
        ["The", "outflow", "of", "the", "capital", "reached", "20", "billion"],
        [1, 5, 1, 4, 2, 5, 7, 5],
        ["det", "nsubj", "prep", "det", "pobj", "ROOT", "compound", "dobj"],
        ["DET", "NOUN", "ADP", "DET", "NOUN", "VERB", "NUM", "NUM"],
        lemmas=["the", "outflow", "of", "the", "capital", "reach", "20", "billion"],
    )
    assert decided(doc, claim_over(doc, 6, 7, number=7)) == (
        "outflow of capital",
        "outflow of the capital",
        "measured.flow_of",
    )


def test_an_amount_under_no_verb_names_nothing():
    # a list with no verb: 'Paris, Rome, Oslo, Bern 12 %' (the amount an apposition five heads below the root)
    doc = parsed(
        ["Paris", ",", "Rome", ",", "Oslo", ",", "Bern", "12", "%"],
        [0, 0, 0, 2, 2, 4, 4, 8, 6],
        ["ROOT", "punct", "conj", "punct", "conj", "punct", "conj", "nummod", "appos"],
        ["PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "NUM", "NOUN"],
    )
    c = claim_over(doc, 7, 8, number=7, unit="percent")
    assert decided(doc, c) == (None, None, "measured.no_clause")
    assert c.extra.get("open")  # the discourse may continue the topic


def test_the_amounts_own_word_is_no_measured_thing():
    # 'millions of dollars' (a vague amount whose unit follows; its number token the unit): the holder
    # of the amount is a word of the amount itself
    doc = parsed(
        ["They", "moved", "millions", "of", "dollars"],
        [1, 1, 1, 2, 3],
        ["nsubj", "ROOT", "dobj", "prep", "pobj"],
        ["PRON", "VERB", "NOUN", "ADP", "NOUN"],
    )
    c = claim_over(doc, 2, 4, number=4, unit="USD")
    assert decided(doc, c) == (None, None, "measured.amount_word")
    assert [d.rule for d in c.trace] == ["measured.holder_of_amount", "measured.amount_word"]


def test_worth_before_the_amount_names_the_thing_when_the_parse_hangs_worth_elsewhere():
    # 'They signed 30 contracts worth a total of 5 billion rubles', with 'worth' parsed as a clause of the verb
    doc = parsed(
        ["They", "signed", "30", "contracts", "worth", "a", "total", "of", "5", "billion", "rubles"],
        [1, 1, 3, 1, 1, 6, 4, 6, 9, 10, 7],
        ["nsubj", "ROOT", "nummod", "dobj", "ccomp", "det", "npadvmod", "prep", "compound", "nummod", "pobj"],
        ["PRON", "VERB", "NUM", "NOUN", "ADJ", "DET", "NOUN", "ADP", "NUM", "NUM", "NOUN"],
    )
    c = claim_over(doc, 8, 10, number=9, unit="RUB")
    assert decided(doc, c) == ("contracts", "contracts", "measured.worth_before")


def test_a_noun_right_before_a_bound_is_measured_whatever_the_parse_hung_the_bound_on():
    # 'We offer loans with an interest rate under 5 percent', 'under' parsed as a modifier of the verb
    doc = parsed(
        ["We", "offer", "loans", "with", "an", "interest", "rate", "under", "5", "percent"],
        [1, 1, 1, 1, 6, 6, 3, 1, 9, 7],
        ["nsubj", "ROOT", "dobj", "prep", "det", "compound", "pobj", "prep", "nummod", "pobj"],
        ["PRON", "VERB", "NOUN", "ADP", "DET", "NOUN", "NOUN", "ADP", "NUM", "NOUN"],
    )
    c = claim_over(doc, 7, 9, number=8, unit="percent")
    assert decided(doc, c) == ("interest rate", "interest rate", "measured.noun_before_bound")


def test_a_bound_after_a_place_is_left_to_the_parse():
    # 'We kept our share on the market at 35 percent': the share is at 35 percent, not the market
    doc = parsed(
        ["We", "kept", "our", "share", "on", "the", "market", "at", "35", "percent"],
        [1, 1, 3, 1, 3, 6, 4, 1, 9, 7],
        ["nsubj", "ROOT", "poss", "dobj", "prep", "det", "pobj", "prep", "nummod", "pobj"],
        ["PRON", "VERB", "PRON", "NOUN", "ADP", "DET", "NOUN", "ADP", "NUM", "NOUN"],
    )
    c = claim_over(doc, 8, 9, number=8, unit="percent")
    assert decided(doc, c)[2] != "measured.noun_before_bound"


def test_a_counted_noun_after_a_bound_is_the_thing():
    # 'missiles at 79 storage sites' count sites: no bound
    doc = parsed(
        ["missiles", "at", "79", "storage", "sites"],
        [0, 0, 4, 4, 1],
        ["ROOT", "prep", "nummod", "compound", "pobj"],
        ["NOUN", "ADP", "NUM", "NOUN", "NOUN"],
    )
    assert decided(doc, claim_over(doc, 2, 2, number=2))[0] == "storage sites"


def test_a_coordination_without_determiners_is_one_thing():
    # 'Weapons and hardware account for 60 percent'
    doc = parsed(
        ["Weapons", "and", "hardware", "account", "for", "60", "percent"],
        [3, 0, 0, 3, 3, 6, 4],
        ["nsubj", "cc", "conj", "ROOT", "prep", "nummod", "pobj"],
        ["NOUN", "CCONJ", "NOUN", "VERB", "ADP", "NUM", "NOUN"],
    )
    assert measured.noun_phrase(doc[2])[0] == "Weapons and hardware"


def test_a_second_noun_with_its_own_determiner_is_a_thing_of_its_own():
    # 'the accident and the spill of 15,000 tonnes': the spill
    doc = parsed(
        ["the", "accident", "and", "the", "spill"],
        [1, 1, 1, 4, 1],
        ["det", "ROOT", "cc", "det", "conj"],
        ["DET", "NOUN", "CCONJ", "DET", "NOUN"],
    )
    assert measured.noun_phrase(doc[4])[0] == "spill"


def test_a_container_is_no_holder_of_the_people_it_counts():
    # 'a total of 800 people' counts people (measured.people_of_holder takes 'a staff of 800 people' only)
    doc = parsed(
        ["They", "hired", "a", "total", "of", "800", "people"],
        [1, 1, 3, 1, 3, 6, 4],
        ["nsubj", "ROOT", "det", "dobj", "prep", "nummod", "pobj"],
        ["PRON", "VERB", "DET", "NOUN", "ADP", "NUM", "NOUN"],
    )
    assert decided(doc, claim_over(doc, 5, 5, number=5))[0] == "people"


def test_words_of_the_amount_are_cut_from_the_front_of_the_phrase():
    # 'a 20-fold gap': the tokenizer leaves '-fold' on the noun's side; the thing is the gap
    doc = parsed(
        ["a", "20", "-fold", "gap"],
        [3, 2, 3, 3],
        ["det", "nummod", "amod", "ROOT"],
        ["DET", "NUM", "ADJ", "NOUN"],
        spaces=[True, False, True, False],
    )
    c = claim_over(doc, 1, 2, number=1, unit="times")
    assert decided(doc, c) == ("gap", "gap", "measured.quantified_noun")


def test_a_rate_named_by_an_adjective_is_a_thing_not_only_a_measure():
    # 'The key rate rose to 7 percent' (the tagger's 'key' an adjective) / 'The annual rate rose to 7 percent'
    for word, named in (("key", True), ("annual", False)):
        doc = parsed(
            ["The", word, "rate", "rose", "to", "7", "percent"],
            [2, 2, 3, 3, 3, 6, 4],
            ["det", "amod", "nsubj", "ROOT", "prep", "nummod", "pobj"],
            ["DET", "ADJ", "NOUN", "VERB", "ADP", "NUM", "NOUN"],
        )
        assert measured.only_a_measure(doc[2]) is not named


# -- with the model -------------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, measured_",
    [
        ("Overall, we prevented the delivery of 2.5 tons of heroin last year.", "2.5 tons", "heroin"),
        ("We have a staff of 35,000 people.", "35,000", "staff"),
        ("We brought criminal charges against more than 100,000 people.", "100,000", "people"),
        ("Two hundred criminals involved in heroin supplies were caught.", "Two hundred", "criminals"),
        ("We investigated around 250,000 drug trafficking cases.", "250,000", "drug trafficking cases"),
        ("The number of drug dens in Russia has dropped by almost half.", "half", "drug dens"),
        ("We liquidated channels bringing in hundreds of kilos of heroin.", "hundreds of kilos", "heroin"),
        # the object of the verb an amount hangs on
        ("The government will keep inflation within 4 percent.", "4 percent", "inflation"),
        # a rate that is the thing itself stays whole; 'the annual rate of' alone names nothing
        ("Mortgage rates are above 9 percent.", "9 percent", "Mortgage rates"),
        # what a participle after the amount exceeds is what grew
        ("Exports grew by 5 percent, exceeding $2 billion.", "$2 billion", "Exports"),
        # a subject the parse left out of its clause: the word right after 'and'
        (
            "Deposits are stable, and lending to small firms, that is, the private sector, has increased by 9%.",
            "9%",
            "lending",
        ),
        # a negated act is an amount of its object; the hyphenated word stays whole
        ("We expect non-payment of wages at about 3 billion rubles.", "3 billion", "non-payment of wages"),
        ("Rescuers brought 1,150 pieces of equipment.", "1,150", "equipment"),
        ("Sales of electric cars jumped 40% year on year.", "40%", "Sales"),
        ("The company reported a net loss of $200 million.", "$200 million", "net loss"),
        ("There was a 60 percent drop in demand.", "60 percent", "demand"),
        ("Airlines saw a drop in demand of 60 percent.", "60 percent", "demand"),
        ("People receive the one-time assistance of 10,000 rubles.", "10,000 rubles", "one-time assistance"),
        ("Unemployment fell to 3.9 percent, down from 4.1 percent a year earlier.", "4.1 percent", "Unemployment"),
        ("Rents increased by an average of 8% a year.", "8%", "Rents"),
        # 'the annual rate of' alone names nothing: the clause's subject, 'it', the topic before
        ("Inflation slowed, and it is now at an annual rate of 6%.", "6%", "Inflation"),
    ],
)
def test_measured_from_the_sentence(text, surface, measured_):
    df = claims_from_text(text, reference_date=REF)
    rows = df[df["text"].str.contains(surface, regex=False)]
    assert len(rows) == 1 and rows.iloc[0]["measured"] == measured_


def test_a_measure_noun_a_determiner_points_back_with_is_anaphoric():
    # 'The figure was 8 percent': the figure of a thing named before
    doc = parsed(
        ["The", "figure", "was", "8", "percent"],
        [1, 2, 2, 4, 2],
        ["det", "nsubj", "ROOT", "nummod", "attr"],
        ["DET", "NOUN", "AUX", "NUM", "NOUN"],
    )
    assert measured.is_anaphoric(doc[1])


def test_a_measure_noun_with_a_modifier_names_its_thing():
    # 'The export figure was 8 percent': the compound says what the figure is of
    doc = parsed(
        ["The", "export", "figure", "was", "8", "percent"],
        [2, 2, 3, 3, 5, 3],
        ["det", "compound", "nsubj", "ROOT", "nummod", "attr"],
        ["DET", "NOUN", "NOUN", "AUX", "NUM", "NOUN"],
    )
    assert not measured.is_anaphoric(doc[2])


def test_a_part_of_them_refers_back():
    # 'Some 900 of them returned': the people are named before
    doc = parsed(
        ["Some", "900", "of", "them", "returned"],
        [1, 4, 1, 2, 4],
        ["quantmod", "nsubj", "prep", "pobj", "ROOT"],
        ["ADV", "NUM", "ADP", "PRON", "VERB"],
    )
    c = claim_over(doc, 0, 1, number=1)
    assert measured.refers_back(doc[1], c)


def test_a_rate_that_is_the_thing_measured_keeps_its_head():
    # 'The unemployment rate stood at 5 percent': the rate is what is measured (unlike 'the inflation rate')
    doc = parsed(
        ["The", "unemployment", "rate", "stood", "at", "5", "percent"],
        [2, 2, 3, 3, 3, 6, 4],
        ["det", "compound", "nsubj", "ROOT", "prep", "nummod", "pobj"],
        ["DET", "NOUN", "NOUN", "VERB", "ADP", "NUM", "NOUN"],
        lemmas=["the", "unemployment", "rate", "stand", "at", "5", "percent"],
    )
    c = claim_over(doc, 5, 6, number=5, unit="percent")
    assert decided(doc, c) == ("unemployment rate", "unemployment rate", "measured.clause_subject")


def test_the_thing_worth_an_amount_is_measured():
    # 'They signed contracts worth 5 billion': the parse pattern measured.worth_holder
    doc = parsed(
        ["They", "signed", "contracts", "worth", "5", "billion"],
        [1, 1, 1, 2, 5, 3],
        ["nsubj", "ROOT", "dobj", "amod", "compound", "npadvmod"],
        ["PRON", "VERB", "NOUN", "ADJ", "NUM", "NUM"],
    )
    c = claim_over(doc, 4, 5, number=4, unit="RUB")
    assert decided(doc, c) == ("contracts", "contracts", "measured.worth_holder")


def test_a_vague_amount_joined_to_a_later_one_counts_its_thing():
    # 'dozens or even hundreds of schools': the dozens are of schools too
    doc = parsed(
        ["We", "built", "dozens", "or", "even", "hundreds", "of", "schools"],
        [1, 1, 1, 2, 5, 2, 5, 6],
        ["nsubj", "ROOT", "dobj", "cc", "advmod", "conj", "prep", "pobj"],
        ["PRON", "VERB", "NOUN", "CCONJ", "ADV", "NOUN", "ADP", "NOUN"],
    )
    c = claim_over(doc, 2, 2, number=2)
    assert decided(doc, c) == ("schools", "schools", "measured.joined_vague_amount")


def test_a_vague_amount_of_a_pronoun_names_nothing_itself():
    # 'thousands and thousands of them': what 'them' stands for is the discourse's to say
    doc = parsed(
        ["There", "are", "thousands", "and", "thousands", "of", "them"],
        [1, 1, 1, 2, 2, 4, 5],
        ["expl", "ROOT", "attr", "cc", "conj", "prep", "pobj"],
        ["PRON", "VERB", "NOUN", "CCONJ", "NOUN", "ADP", "PRON"],
    )
    assert measured.joined_vague_thing(doc[2]) is None


@pytest.mark.model
def test_a_counted_noun_after_at_is_the_thing_itself():
    df = claims_from_text("All the shells at 45 depots near towns were moved.", reference_date=REF)
    assert df.set_index("text").loc["45", "measured"] == "depots"


def test_growth_that_a_subject_saw_is_its_growth():
    # 'Exports saw a 9 percent growth': measured.indicator_growth
    doc = parsed(
        ["Exports", "saw", "a", "9", "percent", "growth"],
        [1, 1, 5, 4, 5, 1],
        ["nsubj", "ROOT", "det", "nummod", "compound", "dobj"],
        ["NOUN", "VERB", "DET", "NUM", "NOUN", "NOUN"],
        lemmas=["export", "see", "a", "9", "percent", "growth"],
        tags=["NNS", "VBD", "DT", "CD", "NN", "NN"],
    )
    c = claim_over(doc, 3, 4, number=3, unit="percent")
    assert decided(doc, c)[::2] == ("export growth", "measured.indicator_growth")


def test_money_for_a_purpose_under_no_verb_of_money_funds_it():
    # 'They have 2 billion rubles for roads': measured.money_for
    doc = parsed(
        ["They", "have", "2", "billion", "rubles", "for", "roads"],
        [1, 1, 3, 4, 1, 4, 5],
        ["nsubj", "ROOT", "compound", "nummod", "dobj", "prep", "pobj"],
        ["PRON", "VERB", "NUM", "NUM", "NOUN", "ADP", "NOUN"],
        lemmas=["they", "have", "2", "billion", "ruble", "for", "road"],
        tags=["PRP", "VBP", "CD", "CD", "NNS", "IN", "NNS"],
    )
    c = claim_over(doc, 2, 4, number=2, unit="RUB")
    c.dimension = "currency"
    assert decided(doc, c)[::2] == ("road funding", "measured.money_for")


def test_an_amount_for_a_purpose_that_is_no_money_is_not_funding():
    doc = parsed(
        ["They", "have", "200", "tonnes", "for", "export"],
        [1, 1, 3, 1, 3, 4],
        ["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj"],
        ["PRON", "VERB", "NUM", "NOUN", "ADP", "NOUN"],
    )
    c = claim_over(doc, 2, 3, number=2, unit="tonne")
    c.dimension = "mass"
    assert decided(doc, c)[2] != "measured.money_for"


def test_a_vague_multiple_names_no_thing():
    # 'tens of times larger': 'times' is a unit word, never the thing
    doc = parsed(
        ["budgets", "tens", "of", "times", "larger"],
        [0, 4, 1, 2, 0],
        ["ROOT", "npadvmod", "prep", "pobj", "amod"],
        ["NOUN", "NOUN", "ADP", "NOUN", "ADJ"],
    )
    assert measured.joined_vague_thing(doc[1]) is None


def test_a_percent_of_gdp_measures_what_the_clause_names():
    # 'The deficit fell to 2 percent of GDP': the deficit, not GDP
    doc = parsed(
        ["The", "deficit", "fell", "to", "2", "percent", "of", "GDP"],
        [1, 2, 2, 2, 5, 3, 5, 6],
        ["det", "nsubj", "ROOT", "prep", "nummod", "pobj", "prep", "pobj"],
        ["DET", "NOUN", "VERB", "ADP", "NUM", "NOUN", "ADP", "PROPN"],
        lemmas=["the", "deficit", "fall", "to", "2", "percent", "of", "gdp"],
    )
    assert decided(doc, claim_over(doc, 4, 5, number=4, unit="percent"))[0] == "deficit"


def test_a_subject_that_only_judges_what_happened_names_nothing():
    # 'The trend continued at 7 percent': the talk around says what grew
    doc = parsed(
        ["The", "trend", "continued", "at", "7", "percent"],
        [1, 2, 2, 2, 5, 3],
        ["det", "nsubj", "ROOT", "prep", "nummod", "pobj"],
        ["DET", "NOUN", "VERB", "ADP", "NUM", "NOUN"],
        lemmas=["the", "trend", "continue", "at", "7", "percent"],
    )
    c = claim_over(doc, 4, 5, number=4, unit="percent")
    assert decided(doc, c) == (None, None, "measured.no_subject")
    assert c.extra.get("open")
