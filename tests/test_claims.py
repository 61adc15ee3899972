"""Claims from prose, with the English model (a dependency of the project)."""

import math

import pytest

from pipeline import claims_from_text

REF = "2013-03-11"

pytestmark = pytest.mark.model


def one(text, surface):
    df = claims_from_text(text, reference_date=REF)
    rows = df[df["text"].str.contains(surface, regex=False)]
    assert len(rows) == 1, df[["text", "value", "unit"]].to_dict("records")
    return rows.iloc[0]


@pytest.mark.parametrize(
    "text, surface, value, unit, qualifier, measured_head",
    [
        (
            "Overall, we prevented the delivery of 2.5 tons of heroin last year.",
            "2.5 tons",
            2.5,
            "tonne",
            "exact",
            "heroin",
        ),
        ("We have a staff of 35,000 people.", "35,000", 35000, "count", "exact", "staff"),
        (
            "We brought criminal charges against more than 100,000 people.",
            "100,000",
            100000,
            "count",
            "lower_bound",
            "people",
        ),
        (
            "Two hundred criminals involved in heroin supplies were caught.",
            "Two hundred",
            200,
            "count",
            "exact",
            "criminals",
        ),
        ("We investigated around 250,000 drug trafficking cases.", "250,000", 250000, "count", "approx", "cases"),
        ("The number of drug dens in Russia has dropped by almost half.", "half", 0.5, "fraction", "approx", "dens"),
    ],
)
def test_annotation_examples(text, surface, value, unit, qualifier, measured_head):
    row = one(text, surface)
    assert math.isclose(row["value"], value) and row["unit"] == unit and row["qualifier"] == qualifier
    assert row["measured"].split()[-1] == measured_head


def test_vague_amount_with_unit():
    row = one("We liquidated channels bringing in hundreds of kilos of heroin.", "hundreds of kilos")
    assert row["value_low"] == 200 and row["unit"] == "kilogram" and row["qualifier"] == "vague"
    assert row["measured"] == "heroin"


def test_tonnes_have_si_values():
    row = one("We seized 2.5 tons of heroin.", "2.5 tons")
    assert row["value_si"] == 2500 and row["si_unit"] == "kilogram"


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


@pytest.mark.parametrize(
    "text, surface, value, unit, kind",
    [
        # words after the number that quantulum3 reads as units ('in' = inch, 'at' = ampere-turn)
        ("Wages grew 9 percent in real terms.", "9 percent", 9, "percent", "change"),
        ("Turnout was 32 percent at the last election.", "32 percent", 32, "percent", "level"),
        ("We saved 168 million rubles at tenders.", "168 million rubles", 168e6, "RUB", "level"),
        ("Traffic rose 43 percent year-on-year.", "43 percent", 43, "percent", "change"),
        ("Owners pay a 15 percent tax on dividends.", "15 percent", 15, "percent", "level"),
        # a price per unit is money, a rate
        ("Oil must stay at $90 a barrel.", "$90 a barrel", 90, "USD", "rate"),
        ("Petrol costs 34 rubles per litre.", "34 rubles per litre", 34, "RUB", "rate"),
        ("Factories lose a million a day.", "a million a day", 1e6, "count", "rate"),
        ("Only half a percent of voters trust them.", "half a percent", 0.5, "percent", "level"),
        # counts of things quantulum3 takes for units ('revolutions' = turn, 'pieces' = set)
        ("The city has seen three revolutions.", "three", 3, "count", "level"),
        ("Rescuers brought 1,150 pieces of equipment.", "1,150", 1150, "count", "level"),
        ("Temperatures reached 40C in the south.", "40C", 40, "degree Celsius", "level"),
    ],
)
def test_units_quantulum_misreads(text, surface, value, unit, kind):
    row = one(text, surface)
    assert (row["text"], row["value"], row["unit"], row["kind"]) == (surface, value, unit, kind)


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
    ],
)
def test_traps_are_not_claims(text):
    assert claims_from_text(text, reference_date=REF).empty


def test_editorial_conversion_is_marked():
    df = claims_from_text("The fine is 10,000 rubles [$320].", reference_date=REF)
    assert list(df["editorial"]) == [False, True] and list(df["unit"]) == ["RUB", "USD"]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("We prevented the delivery of 2.5 tons of heroin last year.", "2012-01-01", "2012-12-31"),
        ("More than 50 new types of synthetic drugs were created in 2012 alone.", "2012-01-01", "2012-12-31"),
        # a period after 'than' is the comparison's, not the claim's
        ("Last year exports were 50 percent less than in the early 2000s.", "2012-01-01", "2012-12-31"),
    ],
)
def test_period_of_the_sentence(text, start, end):
    row = claims_from_text(text, reference_date=REF).iloc[0]
    assert (str(row["period_start"]), str(row["period_end"])) == (start, end)


def test_the_nearest_period_wins():
    # also when the model's entity around it runs on ('this year – $4 million')
    row = one("Last year, $7 million were allocated, and this year – $4 million to help farmers.", "$4 million")
    assert (str(row["period_start"]), str(row["period_end"]), row["period_text"]) == (
        "2013-01-01",
        "2013-12-31",
        "this year",
    )


def test_offsets_index_the_text():
    text = "Prices rose by about 4 percent, and 300 kilograms of cocaine were seized."
    df = claims_from_text(text, reference_date=REF)
    assert len(df) == 2
    assert all(text[r.char_start : r.char_end] == r.text for r in df.itertuples())


@pytest.mark.parametrize(
    "text, surface, measured",
    [
        # a pronoun subject stands for the noun subject before it
        ("Unemployment is falling. It now stands at 5 percent.", "5 percent", "Unemployment"),
        # the object of the verb an amount hangs on
        ("The government will keep inflation within 4 percent.", "4 percent", "inflation"),
        # a rate that is the thing itself stays whole; 'the annual rate of' alone names nothing
        ("Mortgage rates are above 9 percent.", "9 percent", "Mortgage rates"),
        ("Inflation slowed, and it is now at an annual rate of 6%.", "6%", "Inflation"),
        # what a participle after the amount exceeds is what grew
        ("Exports grew by 5 percent, exceeding $2 billion.", "$2 billion", "Exports"),
        # a restatement and an elided noun take the measured thing of the amount before them
        ("We spent a third of the budget, namely 2 billion rubles.", "2 billion", "budget"),
        ("We opened 12 schools, and 5 are already working.", "5", "schools"),
        # a subject the parse left out of its clause: the word right after 'and'
        (
            "Deposits are stable, and lending to small firms, that is, the private sector, has increased by 9%.",
            "9%",
            "lending",
        ),
        # a clause without a noun subject continues the topic of the sentence before
        ("Unemployment remains low. We expect between 4% and 5% next year.", "4% and 5%", "Unemployment"),
        # 'it' may stand for the object of a clause whose subject is a person
        ("This spring we saw a sharp outflow of capital. It reached $20 billion.", "$20 billion", "outflow of capital"),
        # a negated act is an amount of its object; the hyphenated word stays whole
        ("We expect non-payment of wages at about 3 billion rubles.", "3 billion", "non-payment of wages"),
        ("Rescuers brought 1,150 pieces of equipment.", "1,150", "equipment"),
    ],
)
def test_measured_from_the_context_of_the_sentence(text, surface, measured):
    assert one(text, surface)["measured"] == measured


@pytest.mark.parametrize(
    "text, surface",
    [
        ("Wages rose 8% in real terms.", "8%"),
        ("Lending shows growth of around 10% this year.", "10%"),
        ("Salaries were up 3% in nominal terms.", "3%"),
    ],
)
def test_growth_rates_are_changes(text, surface):
    row = one(text, surface)
    assert row["kind"] == "change" and row["direction"] == "up"


def test_a_total_reached_by_a_day_covers_the_year_so_far():
    row = one("Sales reached 500 tons on March 1.", "500 tons")
    assert (str(row["period_start"]), str(row["period_end"])) == ("2013-01-01", "2013-03-01")


def test_an_event_on_a_day_is_that_day():
    row = one("On March 1, police seized 500 tons of hashish.", "500 tons")
    assert (str(row["period_start"]), str(row["period_end"])) == ("2013-03-01", "2013-03-01")


def test_an_answer_continues_what_the_question_counted(nlp):
    from pipeline.claims import Conversation, doc_claims

    question = nlp("Exports of grain rose by 9% last year. Is that right?")
    answer = nlp("Yes, roughly 9% in real terms.")
    answer.user_data["offset"] = len(question.text) + 1
    conversation = Conversation()
    doc_claims(question, conversation=conversation)
    assert [c.measured for c in doc_claims(answer, conversation=conversation)] == ["Exports"]


def test_a_topic_said_long_before_is_not_continued(nlp):
    from pipeline.claims import Conversation, doc_claims

    question = nlp("Exports of grain rose by 9% last year.")
    answer = nlp("Yes, roughly 9% in real terms.")
    answer.user_data["offset"] = 5000
    conversation = Conversation(window=1000)
    doc_claims(question, conversation=conversation)
    assert [c.measured for c in doc_claims(answer, conversation=conversation)] == [None]


def test_an_answer_without_a_verb_continues_a_change(nlp):
    from pipeline.claims import Conversation, doc_claims

    question = nlp("Our loan portfolio grew by 12% last year. And in the United States?")
    answer = nlp("From 3% to 5% over the past three years.")
    answer.user_data["offset"] = len(question.text) + 1
    conversation = Conversation()
    doc_claims(question, conversation=conversation)
    [claim] = doc_claims(answer, conversation=conversation)
    assert (claim.measured, claim.kind, claim.direction) == ("loan portfolio", "change", "up")


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


@pytest.mark.parametrize(
    "text",
    [
        "The Boeing 747 landed in London.",
        "Windows 10 was a success.",
        "He has been in office for a year and a half.",
    ],
)
def test_names_and_durations_are_not_claims(text):
    assert claims_from_text(text, reference_date=REF).empty


@pytest.mark.parametrize(
    "text, surface, kind, measured",
    [
        (
            "Unemployment fell to 3.9 percent, down from 4.1 percent a year earlier.",
            "4.1 percent",
            "level",
            "Unemployment",
        ),
        ("Sales of electric cars jumped 40% year on year.", "40%", "change", "Sales"),
        ("The company reported a net loss of $200 million.", "$200 million", "level", "net loss"),
        ("Rents increased by an average of 8% a year.", "8%", "rate", "Rents"),
        ("There was a 60 percent drop in demand.", "60 percent", "change", "demand"),
        ("Airlines saw a drop in demand of 60 percent.", "60 percent", "change", "demand"),
        ("People receive the one-time assistance of 10,000 rubles.", "10,000 rubles", "level", "one-time assistance"),
        # a list of amounts of one thing
        (
            "Gas supply reached 67.2 percent nationwide and 70.9 percent in cities.",
            "70.9 percent",
            "level",
            "Gas supply",
        ),
    ],
)
def test_news_kind_and_measured(text, surface, kind, measured):
    row = one(text, surface)
    assert (row["kind"], row["measured"]) == (kind, measured)


def test_an_action_on_an_amount_does_not_continue_the_topic():
    # 'I climbed 5,700 metres' measures no topic of the sentence before
    df = claims_from_text("The expedition was a success. Last year, I climbed to 5,700 metres.", reference_date=REF)
    assert df["measured"].isna().all()
