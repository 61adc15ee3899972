from datetime import date

import pytest

from pipeline.periods import resolve_period

MEETING = date(2013, 3, 11)


@pytest.mark.parametrize(
    "expr, start, end",
    [
        ("last year", date(2012, 1, 1), date(2012, 12, 31)),
        ("this year", date(2013, 1, 1), date(2013, 12, 31)),
        ("in 2012", date(2012, 1, 1), date(2012, 12, 31)),
        ("February this year", date(2013, 2, 1), date(2013, 2, 28)),
        ("last November", date(2012, 11, 1), date(2012, 11, 30)),
        ("early March", date(2013, 3, 1), date(2013, 3, 10)),
        ("in the first quarter", date(2013, 1, 1), date(2013, 3, 31)),
        ("the second half of 2012", date(2012, 7, 1), date(2012, 12, 31)),
        ("over the past five years", date(2008, 1, 1), date(2012, 12, 31)),
        ("over the past three years", date(2010, 1, 1), date(2012, 12, 31)),
        ("since 2000", date(2000, 1, 1), MEETING),
        ("January-February 2019", date(2019, 1, 1), date(2019, 2, 28)),
        ("the 2018–2019 school year", date(2018, 9, 1), date(2019, 8, 31)),
        ("the past 12 months", date(2012, 3, 1), date(2013, 2, 28)),
        ("the third and fourth quarter of 2012", date(2012, 7, 1), date(2012, 12, 31)),
        ("the first and second quarters of last year", date(2012, 1, 1), date(2012, 6, 30)),
        ("in the 1990s", date(1990, 1, 1), date(1999, 12, 31)),
        ("the early 2000s", date(2000, 1, 1), date(2002, 12, 31)),
        ("the late 1980s", date(1987, 1, 1), date(1989, 12, 31)),
        ("this decade", date(2010, 1, 1), date(2019, 12, 31)),
        ("in the first years of this decade", date(2010, 1, 1), date(2012, 12, 31)),
    ],
)
def test_periods_against_a_fixed_reference(expr, start, end):
    assert resolve_period(expr, MEETING) == (start, end)


@pytest.mark.parametrize("expr", ["the same period", "one day", "the first time"])
def test_expressions_without_a_period(expr):
    assert resolve_period(expr, MEETING) is None


def test_a_relative_expression_needs_a_reference():
    assert resolve_period("last year", None) is None
    assert resolve_period("in 2012", None) == (date(2012, 1, 1), date(2012, 12, 31))


def test_a_month_of_the_year_before_a_leap_day_keeps_its_last_day():
    # named in early 2000 (a leap year), the last February is 1999's, which has no 29th
    assert resolve_period("late February", date(2000, 1, 10)) == (date(1999, 2, 21), date(1999, 2, 28))


def test_a_day_that_does_not_exist_gives_no_period():
    assert resolve_period("February 30", MEETING) is None
