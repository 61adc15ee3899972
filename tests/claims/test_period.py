"""period.py: the nearest time expression of the claim's sentence, resolved against the meeting date.
Docs built by hand carry the model's DATE entities as IOB tags."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline import claims_from_text
from pipeline.claims import period
from pipeline.claims.claim import Claim
from tests.claims.conftest import REF, parsed

MEETING = date(2013, 3, 11)


def _sentence(words, ents, *, verb="rose", lemma="rise"):
    n = len(words)
    v = words.index(verb)
    return parsed(
        words,
        [v] * n,
        ["dep" if i != v else "ROOT" for i in range(n)],
        ["VERB" if i == v else "NOUN" for i in range(n)],
        lemmas=[lemma if i == v else w.lower() for i, w in enumerate(words)],
        ents=ents,
    )


def claim_on(doc, surface: str) -> Claim:
    start = doc.text.index(surface)
    tok = next(t for t in doc if t.idx >= start)
    return Claim(start, start + len(surface), 5.0, "percent", number_token=tok.i)


def decided(doc, surface: str) -> tuple:
    c = claim_on(doc, surface)
    period.decide_period(doc, c, MEETING)
    return str(c.period_start), str(c.period_end), c.period_text, c.rule_of("period")


def test_a_date_entity_of_the_model_names_its_recogniser():
    doc = _sentence(["Prices", "rose", "5", "%", "last", "November", "."], ["O"] * 4 + ["B-DATE", "I-DATE", "O"])
    assert decided(doc, "5 %") == ("2012-11-01", "2012-11-30", "last November", "period.month")


def test_a_date_entity_takes_its_preposition():
    doc = _sentence(
        ["Prices", "rose", "5", "%", "over", "the", "past", "decade", "."],
        ["O"] * 5 + ["B-DATE"] * 1 + ["I-DATE"] * 2 + ["O"],
    )
    assert decided(doc, "5 %") == ("2003-01-01", "2012-12-31", "over the past decade", "period.past_span")


def test_the_words_that_focus_an_expression_belong_to_it():
    doc = _sentence(["Just", "last", "year", "prices", "rose", "5", "%", "."], ["O", "B-DATE", "I-DATE"] + ["O"] * 5)
    assert decided(doc, "5 %") == ("2012-01-01", "2012-12-31", "Just last year", "period.year")


def test_an_expression_the_model_missed():
    doc = _sentence(["Prices", "rose", "5", "%", "this", "year", "."], ["O"] * 7)
    assert decided(doc, "5 %") == ("2013-01-01", "2013-12-31", "this year", "period.year")


def test_an_expression_after_than_is_a_base_of_comparison():
    words = ["Last", "year", "prices", "rose", "5", "%", "more", "than", "in", "2005", "."]
    ents = ["B-DATE", "I-DATE"] + ["O"] * 7 + ["B-DATE", "O"]
    assert decided(_sentence(words, ents), "5 %")[2] == "Last year"


def test_a_base_of_comparison_alone_gives_no_period_and_says_so():
    words = ["Prices", "rose", "5", "%", "on", "2005", "."]
    ents = ["O"] * 5 + ["B-DATE", "O"]
    assert decided(_sentence(words, ents), "5 %") == ("None", "None", None, "period.comparison_base")


def test_without_a_comparison_the_nearer_expression_of_the_clause_wins():
    words = ["Last", "year", "prices", "rose", "5", "%", "in", "2005", "."]
    ents = ["B-DATE", "I-DATE"] + ["O"] * 5 + ["B-DATE", "O"]
    assert decided(_sentence(words, ents), "5 %")[2] == "in 2005"


def test_a_total_reached_by_a_day_covers_the_year_to_that_day():
    words = ["Sales", "reached", "5", "%", "on", "March", "1", "."]
    doc = _sentence(words, ["O"] * 5 + ["B-DATE", "I-DATE", "O"], verb="reached", lemma="reach")
    assert decided(doc, "5 %") == ("2013-01-01", "2013-03-01", "on March 1", "period.cumulative_to_date")


@pytest.mark.parametrize(
    "words, ents, rule",
    [
        (["Prices", "rose", "5", "%", "."], ["O"] * 5, "period.none"),
        (
            ["Prices", "rose", "5", "%", "that", "season", "."],
            ["O"] * 4 + ["B-DATE", "I-DATE", "O"],
            "period.unresolved",
        ),
    ],
)
def test_no_period_says_whether_the_sentence_named_a_time(words, ents, rule):
    assert decided(_sentence(words, ents), "5 %") == ("None", "None", None, rule)


# -- the parse decides which time governs the claim (hand-built parses) -------------------------------
# 'Exports were 5 % in 2012 and imports were 7 % in 2013': two clauses, each with its own year
_TWO_CLAUSES = dict(
    words=["Exports", "were", "5", "%", "in", "2012", "and", "imports", "were", "7", "%", "in", "2013", "."],
    heads=[1, 1, 3, 1, 1, 4, 1, 8, 1, 10, 8, 8, 11, 1],
    deps=[
        "nsubj",
        "ROOT",
        "nummod",
        "attr",
        "prep",
        "pobj",
        "cc",
        "nsubj",
        "conj",
        "nummod",
        "attr",
        "prep",
        "pobj",
        "punct",
    ],
    pos=["NOUN", "AUX", "NUM", "NOUN", "ADP", "NUM", "CCONJ", "NOUN", "AUX", "NUM", "NOUN", "ADP", "NUM", "PUNCT"],
    ents=["O"] * 5 + ["B-DATE"] + ["O"] * 6 + ["B-DATE", "O"],
)


@pytest.mark.parametrize("surface, year", [("5 %", "2012"), ("7 %", "2013")])
def test_each_clause_takes_its_own_time(surface, year):
    t = _TWO_CLAUSES
    doc = parsed(t["words"], t["heads"], t["deps"], t["pos"], ents=t["ents"])
    start, end, _, _ = decided(doc, surface)
    assert (start[:4], end[:4]) == (year, year)


def test_a_time_of_a_later_clause_does_not_date_the_claim():
    # 'We built 700 flats , and we will build more in 2014': the year is the second clause's
    words = ["We", "built", "700", "flats", ",", "and", "we", "will", "build", "more", "in", "2014", "."]
    doc = parsed(
        words,
        [1, 1, 3, 1, 1, 1, 8, 8, 1, 8, 8, 10, 1],
        ["nsubj", "ROOT", "nummod", "dobj", "punct", "cc", "nsubj", "aux", "conj", "dobj", "prep", "pobj", "punct"],
        ["PRON", "VERB", "NUM", "NOUN", "PUNCT", "CCONJ", "PRON", "AUX", "VERB", "ADJ", "ADP", "NUM", "PUNCT"],
        ents=["O"] * 11 + ["B-DATE", "O"],
    )
    assert decided(doc, "700") == ("None", "None", None, "period.other_clause")


def test_the_before_end_of_a_pair_takes_only_its_own_time():
    # 'In 2019 sales rose from 90 to 120': the clause's year is the after end's, not the before end's
    words = ["In", "2019", "sales", "rose", "from", "90", "to", "120", "."]
    doc = parsed(
        words,
        [3, 0, 3, 3, 3, 4, 3, 6, 3],
        ["prep", "pobj", "nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"],
        ["ADP", "NUM", "NOUN", "VERB", "ADP", "NUM", "ADP", "NUM", "PUNCT"],
        ents=["O", "B-DATE"] + ["O"] * 7,
    )
    assert decided(doc, "90")[3] == "period.other_amount"
    assert decided(doc, "120")[:2] == ("2019-01-01", "2019-12-31")


def test_each_end_of_a_pair_takes_the_time_beside_it():
    # 'rose from 1.2 million in 2015 to 2 million in 2019'
    words = ["Sales", "rose", "from", "1.2", "million", "in", "2015", "to", "2", "million", "in", "2019", "."]
    doc = parsed(
        words,
        [1, 1, 1, 4, 2, 4, 5, 1, 9, 7, 9, 10, 1],
        [
            "nsubj",
            "ROOT",
            "prep",
            "compound",
            "pobj",
            "prep",
            "pobj",
            "prep",
            "compound",
            "pobj",
            "prep",
            "pobj",
            "punct",
        ],
        ["NOUN", "VERB", "ADP", "NUM", "NUM", "ADP", "NUM", "ADP", "NUM", "NUM", "ADP", "NUM", "PUNCT"],
        ents=["O"] * 6 + ["B-DATE"] + ["O"] * 4 + ["B-DATE", "O"],
    )
    c_before = Claim(doc[3].idx, doc[4].idx + len(doc[4]), 1.2e6, "count", number_token=4)
    c_after = Claim(doc[8].idx, doc[9].idx + len(doc[9]), 2e6, "count", number_token=9)
    for c in (c_before, c_after):
        period.decide_period(doc, c, MEETING)
    assert (str(c_before.period_start), str(c_after.period_start)) == ("2015-01-01", "2019-01-01")


def test_a_relative_time_is_placed_against_the_sentences_other_time():
    # 'The share in 2017 was 29 % , and 25 % a year earlier'
    words = ["The", "share", "in", "2017", "was", "29", "%", ",", "and", "25", "%", "a", "year", "earlier", "."]
    doc = parsed(
        words,
        [1, 4, 1, 2, 4, 6, 4, 6, 4, 10, 4, 12, 13, 10, 4],
        [
            "det",
            "nsubj",
            "prep",
            "pobj",
            "ROOT",
            "nummod",
            "attr",
            "punct",
            "cc",
            "nummod",
            "conj",
            "det",
            "npadvmod",
            "advmod",
            "punct",
        ],
        [
            "DET",
            "NOUN",
            "ADP",
            "NUM",
            "AUX",
            "NUM",
            "NOUN",
            "PUNCT",
            "CCONJ",
            "NUM",
            "NOUN",
            "DET",
            "NOUN",
            "ADV",
            "PUNCT",
        ],
        ents=["O"] * 3 + ["B-DATE"] + ["O"] * 8 + ["B-DATE", "I-DATE", "O"],
    )
    assert decided(doc, "29 %")[:2] == ("2017-01-01", "2017-12-31")
    assert decided(doc, "25 %") == ("2016-01-01", "2016-12-31", "a year earlier", "period.relative")


def test_now_in_the_claims_clause_beats_a_time_of_the_clause_above():
    # 'In April 720 people applied , and now the figure is 2,500'
    words = ["In", "April", "720", "people", "applied", ",", "and", "now", "the", "figure", "is", "2,500", "."]
    doc = parsed(
        words,
        [4, 0, 3, 4, 4, 4, 4, 10, 9, 10, 4, 10, 4],
        ["prep", "pobj", "nummod", "nsubj", "ROOT", "punct", "cc", "advmod", "det", "nsubj", "conj", "attr", "punct"],
        ["ADP", "PROPN", "NUM", "NOUN", "VERB", "PUNCT", "CCONJ", "ADV", "DET", "NOUN", "AUX", "NUM", "PUNCT"],
        ents=["O", "B-DATE"] + ["O"] * 11,
    )
    assert decided(doc, "2,500") == ("None", "None", None, "period.present")


def test_a_future_clause_reads_a_bare_month_as_the_next_one():
    # 'We will pay 10,000 rubles in July' at a meeting on 2013-03-11
    words = ["We", "will", "pay", "10,000", "rubles", "in", "July", "."]
    doc = parsed(
        words,
        [2, 2, 2, 4, 2, 2, 5, 2],
        ["nsubj", "aux", "ROOT", "nummod", "dobj", "prep", "pobj", "punct"],
        ["PRON", "AUX", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"],
        ents=["O"] * 6 + ["B-DATE", "O"],
    )
    assert decided(doc, "10,000")[:2] == ("2013-07-01", "2013-07-31")


# -- with the model -------------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize(
    "text, start, end",
    [
        ("We prevented the delivery of 2.5 tons of heroin last year.", "2012-01-01", "2012-12-31"),
        ("More than 50 new types of synthetic drugs were created in 2012 alone.", "2012-01-01", "2012-12-31"),
        ("Last year exports were 50 percent less than in the early 2000s.", "2012-01-01", "2012-12-31"),
    ],
)
def test_period_of_the_sentence(text, start, end):
    row = claims_from_text(text, reference_date=REF).iloc[0]
    assert (str(row["period_start"]), str(row["period_end"])) == (start, end)


@pytest.mark.model
def test_the_clauses_period_wins_also_when_the_models_entity_runs_into_the_claim():
    df = claims_from_text(
        "Last year, $7 million were allocated, and this year – $4 million to help farmers.", reference_date=REF
    )
    row = df[df["text"] == "$4 million"].iloc[0]
    assert (str(row["period_start"]), str(row["period_end"]), row["period_text"]) == (
        "2013-01-01",
        "2013-12-31",
        "this year",
    )


@pytest.mark.model
@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Sales reached 500 tons on March 1.", "2013-01-01", "2013-03-01"),
        ("On March 1, police seized 500 tons of hashish.", "2013-03-01", "2013-03-01"),
    ],
)
def test_a_total_reached_by_a_day_and_an_event_on_a_day(text, start, end):
    row = claims_from_text(text, reference_date=REF).iloc[0]
    assert (str(row["period_start"]), str(row["period_end"])) == (start, end)
