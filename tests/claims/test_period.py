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


def test_a_date_entity_of_the_model():
    doc = _sentence(["Prices", "rose", "5", "%", "last", "November", "."], ["O"] * 4 + ["B-DATE", "I-DATE", "O"])
    assert decided(doc, "5 %") == ("2012-11-01", "2012-11-30", "last November", "period.date_entity")


def test_a_date_entity_takes_its_preposition():
    doc = _sentence(
        ["Prices", "rose", "5", "%", "over", "the", "past", "decade", "."],
        ["O"] * 5 + ["B-DATE"] * 1 + ["I-DATE"] * 2 + ["O"],
    )
    assert decided(doc, "5 %") == ("2003-01-01", "2012-12-31", "the past decade", "period.date_entity")


def test_an_expression_the_model_missed():
    doc = _sentence(["Prices", "rose", "5", "%", "this", "year", "."], ["O"] * 7)
    assert decided(doc, "5 %") == ("2013-01-01", "2013-12-31", "this year", "period.time_expression")


def test_an_expression_after_than_belongs_to_the_comparison():
    words = ["Last", "year", "prices", "rose", "5", "%", "more", "than", "in", "2005", "."]
    ents = ["B-DATE", "I-DATE"] + ["O"] * 7 + ["B-DATE", "O"]
    assert decided(_sentence(words, ents), "5 %")[2] == "Last year"


def test_without_than_the_nearer_expression_wins():
    words = ["Last", "year", "prices", "rose", "5", "%", "in", "2005", "."]
    ents = ["B-DATE", "I-DATE"] + ["O"] * 5 + ["B-DATE", "O"]
    assert decided(_sentence(words, ents), "5 %")[2] == "in 2005"


def test_a_total_reached_by_a_day_covers_the_year_to_that_day():
    words = ["Sales", "reached", "5", "%", "on", "March", "1", "."]
    doc = _sentence(words, ["O"] * 5 + ["B-DATE", "I-DATE", "O"], verb="reached", lemma="reach")
    assert decided(doc, "5 %") == ("2013-01-01", "2013-03-01", "March 1", "period.cumulative_to_date")


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
def test_the_nearest_period_wins_also_when_the_models_entity_runs_into_the_claim():
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
