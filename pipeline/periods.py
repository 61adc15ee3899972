"""Time expressions -> date intervals, anchored on the document's date.

Each recogniser below reads one shape of expression and has an id (`period.as_of`, ...): the claims
table's `period_rule` names the recogniser that resolved a claim's period (rules/period.yaml of the
claims package lists them with examples).  They are tried in the order of RECOGNISERS; the first that
reads the expression wins.  dateparser gives points ("last year" -> the same day a year ago) and nothing
for "February this year" or "early March": the interval logic is here, with dateparser (English only)
as the last resort for a single day.

Conventions (../shared/ANNOTATION.md): `as of March 1` is that day; `since 2000` runs to the meeting
date; `the past N years` in year Y is Y-N..Y-1 and `the next N years` Y+1..Y+N; a target `by 2025` is
2025.  `future=True` (the claim's clause is in the future tense) reads a bare month, quarter or weekday
as the next one rather than the last, and `over five years` as the years ahead.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTH_NAMES.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(1[89]\d\d|20\d\d)"
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "a": 1,
    "one and a half": 1,
    "a couple of": 2,
    "several": 3,
    "few": 3,
    "a few": 3,
}
_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a few|few|several)"
# words that focus an expression without changing its time: 'just last year', 'last year alone'
_FOCUS = re.compile(r"^(?:(?:just|only|already|even|as early as|as late as|back)\s+)+|\s+alone$", re.I)
_PRESENT = re.compile(
    r"^(?:right\s+|even\s+|just\s+)?(?:now|today|at present|currently|at the moment|presently|nowadays|these days)$",
    re.I,
)
Interval = tuple[date, date]


@dataclass(frozen=True)
class Resolution:
    """An expression's interval and the id of the recogniser that read it."""

    start: date
    end: date
    rule: str

    @property
    def interval(self) -> Interval:
        return self.start, self.end


def _year(y: int) -> Interval:
    return date(y, 1, 1), date(y, 12, 31)


def _month(y: int, m: int) -> Interval:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, first: int, last: int) -> Interval:
    return _month(y, first)[0], _month(y, last)[1]


def _quarter(y: int, q: int) -> Interval:
    return _months(y, 3 * q - 2, 3 * q)


def _half(y: int, h: int) -> Interval:
    return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS[w]


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_of(ref: date, months: int) -> Interval:
    """The calendar month `months` away from the reference date's month."""
    d = _shift_months(date(ref.year, ref.month, 1), months)
    return _month(d.year, d.month)


def _year_ref(expr: str, ref: date | None) -> int | None:
    """The year an expression names: 2012, 'this year', 'last year', 'next year'."""
    m = re.search(rf"\b{_YEAR}\b", expr)
    if m:
        return int(m.group(1))
    if ref is None:
        return None
    if re.search(r"\b(last|past|previous) year\b", expr, re.I):
        return ref.year - 1
    if re.search(r"\bnext year\b", expr, re.I):
        return ref.year + 1
    if re.search(r"\b(this|current|the) year\b", expr, re.I):
        return ref.year
    return None


def _latest(part: Interval, ref: date, future: bool) -> Interval:
    """A part of the year named without its year ('the fourth quarter', 'in July'): this year's, or the
    last one that has begun by the reference date, or (future) the next one that has not ended."""
    if future and part[1] < ref:
        return _shift_years(part, 1)
    if not future and part[0] > ref:
        return _shift_years(part, -1)
    return part


def _shift_years(part: Interval, years: int) -> Interval:
    start = _shift_months(part[0], 12 * years)
    end = _shift_months(part[1], 12 * years)
    if part[1].day == calendar.monthrange(part[1].year, part[1].month)[1]:
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])  # the month's last day stays last
    return start, end


# -- recognisers ---------------------------------------------------------------------------------------
# Each takes the expression (whitespace normalised, focus words dropped), its lower-case form, the
# reference date (or None) and whether the clause is in the future tense; it returns an interval or None.
Recogniser = Callable[[str, str, "date | None", bool], "Interval | None"]


def _inner(expr: str, ref: date | None, future: bool) -> Resolution | None:
    return resolve(expr, ref, future=future)


def as_of(e: str, low: str, ref, future) -> Interval | None:
    """'as of September 1, 2016': that day (a month, that month)."""
    m = re.match(r"^(?:as of|as at|as on)\s+(.+)$", low)
    inner = _inner(e[m.start(1) :], ref, future) if m else None
    return inner.interval if inner else None


def since(e: str, low: str, ref, future) -> Interval | None:
    """'since 2000', 'since January 1, 2013', 'since the start of the year': from then to the meeting."""
    m = re.match(r"^(?:ever\s+)?since\s+(.+)$", low)
    if not m or ref is None:
        return None
    inner = _inner(e[m.start(1) :], ref, future)
    return (inner.start, ref) if inner and inner.start <= ref else None


def through_to(e: str, low: str, ref, future) -> Interval | None:
    """'through to 2019', 'until 2025', 'before the end of 2020': from the meeting's year to that year."""
    m = re.match(rf"^(?:through to|through|until|till|up to|up until|before)\s+(?:the\s+end\s+of\s+)?{_YEAR}$", low)
    if not m or ref is None or (low.startswith("before ") and "end of" not in low):
        return None
    y = int(m.group(1))
    return (date(ref.year, 1, 1), date(y, 12, 31)) if y >= ref.year else None


def before_year(e: str, low: str, ref, future) -> Interval | None:
    """'before 2020' said in 2016: 2016..2019 (a deadline ahead; a year past names no span)."""
    m = re.match(rf"^before\s+{_YEAR}$", low)
    if not m or ref is None:
        return None
    y = int(m.group(1))
    return (date(ref.year, 1, 1), date(y - 1, 12, 31)) if y > ref.year else None


def from_date(e: str, low: str, ref, future) -> Interval | None:
    """'from January 1, 2018' (a rule in force): that day to the meeting; 'from 2014' (a plan): 2014."""
    m = re.match(r"^(?:from|starting from|starting|beginning|effective|with effect from|as from)\s+(.+)$", low)
    if not m:
        return None
    inner = _inner(e[m.start(1) :], ref, future)
    if inner is None:
        return None
    if ref is not None and inner.start == inner.end and inner.start <= ref and not future:
        return inner.start, ref
    return inner.interval


def by_date(e: str, low: str, ref, future) -> Interval | None:
    """'by 2025' (a target): that year; 'by November 1' (a total reached): the year up to that day."""
    m = re.match(r"^by\s+(.+)$", low)
    if not m:
        return None
    inner = _inner(e[m.start(1) :], ref, future)
    if inner is None:
        return None
    if inner.start == inner.end:
        return date(inner.end.year, 1, 1), inner.end
    return inner.interval


def school_year(e: str, low: str, ref, future) -> Interval | None:
    """'the 2018–2019 school year' runs from September to August."""
    m = re.search(r"\b(\d{4})\s*[–—-]\s*(\d{2,4})\s+(?:school|academic)\s+year", low)
    if not m:
        return None
    y = int(m.group(1))
    return date(y, 9, 1), date(y + 1, 8, 31)


def year_span(e: str, low: str, ref, future) -> Interval | None:
    """'between 2000 and 2010', 'from 2005 to 2008', '2011–2017': both years whole."""
    m = re.search(rf"\b(?:(?:between|from)\s+)?{_YEAR}\s*(?:and|to|until|till|through|[–—-])\s*{_YEAR}\b", low)
    if m and int(m.group(1)) < int(m.group(2)):
        return date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31)
    return None


def month_span(e: str, low: str, ref, future) -> Interval | None:
    """'January to October of this year', 'January-August', 'April, May and June': first to last month."""
    m = re.search(
        rf"\b{_MONTH}(?:\s+{_YEAR})?\s*(?:to|through|till|until|[–—-])\s*{_MONTH}\b"
        rf"|\b{_MONTH}(?:\s*,\s*{_MONTH})*,?\s+and\s+{_MONTH}\b",
        e,
        re.I,
    )
    if not m:
        return None
    months = [MONTH_NAMES[g.lower()] for g in m.groups() if g and not g.isdigit()]
    first, last = months[0], months[-1]
    if first > last:
        return None
    y = _year_ref(e, ref)
    if y is None:
        if ref is None:
            return None
        return _latest(_months(ref.year, first, last), ref, future)
    return _months(y, first, last)


def decade(e: str, low: str, ref, future) -> Interval | None:
    """'the 1990s', 'the early 2000s', 'this decade', 'the first years of this decade'."""
    m = re.search(_DECADE_PART + r"(?:(1[89]\d0|20\d0)s|(?:this|the current|the present) decade)\b", low)
    if m is None or (m.group(4) is None and ref is None):
        return None
    start = int(m.group(4)) if m.group(4) else ref.year // 10 * 10
    first, last = _DECADE_YEARS[m.group(1) or m.group(2) or m.group(3)]
    return date(start + first, 1, 1), date(start + last, 12, 31)


def first_months(e: str, low: str, ref, future) -> Interval | None:
    """'the first eight months of this year': January to August; 'the last three months of 2012'."""
    m = re.search(rf"\b(first|last|final)\s+{_N}\s+months\b", low)
    if not m:
        return None
    n = _num(m.group(2))
    y = _year_ref(low[m.end() :], ref)
    if y is None:
        if ref is None or re.search(r"\bof\b", low[m.end() :]):
            return None  # 'the first three months of the programme'
        if m.group(1) != "first":
            return None  # 'the last three months' is the past three months (past_span)
        y = ref.year
    if not 1 <= n <= 12:
        return None
    return _months(y, 1, n) if m.group(1) == "first" else _months(y, 13 - n, 12)


def past_span(e: str, low: str, ref, future) -> Interval | None:
    """'over the past three years' in 2013: 2010..2012; 'the last decade'; 'the past 12 months': the
    twelve calendar months before the meeting's month ('last year' alone is one calendar year: year)."""
    m = re.search(rf"\b(?:the\s+)?(?:last|past|previous|preceding)\s+{_N}?\s*(years?|decades?|months?|weeks?)\b", low)
    if not m or ref is None:
        return None
    n = _num(m.group(1)) if m.group(1) else 1
    unit = m.group(2)
    if not m.group(1) and not unit.startswith("decade") and not unit.endswith("s"):
        return None  # 'last year', 'last month': one calendar unit, read below
    if not m.group(1) and unit.endswith("s"):
        return None  # 'in recent years', 'over the past years': no span named
    if unit.startswith("decade"):
        n, unit = n * 10, "years"
    if unit.startswith("year"):
        return date(ref.year - n, 1, 1), date(ref.year - 1, 12, 31)
    if unit.startswith("month"):
        return _month_of(ref, -n)[0], _month_of(ref, -1)[1]
    return ref - timedelta(weeks=n), ref


def next_span(e: str, low: str, ref, future) -> Interval | None:
    """'in the next three years' in 2017: 2018..2020; 'the coming two months'."""
    m = re.search(rf"\b(?:the\s+)?(?:next|coming|following|upcoming)\s+{_N}\s*(years?|decades?|months?)\b", low)
    if not m or ref is None:
        return None
    n = _num(m.group(1))
    unit = m.group(2)
    if unit.startswith("decade"):
        n, unit = n * 10, "years"
    if unit.startswith("year"):
        return date(ref.year + 1, 1, 1), date(ref.year + n, 12, 31)
    return _month_of(ref, 1)[0], _month_of(ref, n)[1]


def over_years(e: str, low: str, ref, future) -> Interval | None:
    """'over five years': the past five years (2008..2012 in 2013), or the next five in a clause in the
    future tense; 'in five years' only in the past tense (ahead it is a point, not a span)."""
    m = re.fullmatch(rf"(over|within|during|in)\s+{_N}\s+(years|months)", low)
    if not m or ref is None or (m.group(1) == "in" and future):
        return None
    n = _num(m.group(2))
    if m.group(3) == "years":
        if future:
            return date(ref.year + 1, 1, 1), date(ref.year + n, 12, 31)
        return date(ref.year - n, 1, 1), date(ref.year - 1, 12, 31)
    if future:
        return _month_of(ref, 1)[0], _month_of(ref, n)[1]
    return _month_of(ref, -n)[0], _month_of(ref, -1)[1]


def quarter(e: str, low: str, ref, future) -> Interval | None:
    """'the first quarter', 'the third and fourth quarter of 2012', 'the first and second halves'; a
    quarter or half named without its year is the last one begun (or, ahead, the next one)."""
    m = re.search(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:and|to|or|through)\s+"
        r"(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+(quarters?|halves|half)\b",
        low,
    )
    if m:
        unit = "quarter" if m.group(3).startswith("quarter") else "half"
        first = quarter(e, low[: m.start()] + f"{m.group(1)} {unit}" + low[m.end() :], ref, future)
        last = quarter(e, low[: m.start()] + f"{m.group(2)} {unit}" + low[m.end() :], ref, future)
        return (min(first[0], last[0]), max(first[1], last[1])) if first and last else None
    q = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter\b", low)
    h = re.search(r"\b(first|second)\s+half\b", low)
    y = _year_ref(low, ref)
    if not (q or h) or (y is None and ref is None):
        return None
    base = y if y is not None else ref.year
    if q:
        part = _quarter(base, {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(q.group(1), 4))
    else:
        part = _half(base, 1 if h.group(1) == "first" else 2)
    return part if y is not None else _latest(part, ref, future)


def part_of_year(e: str, low: str, ref, future) -> Interval | None:
    """'in late 2019', 'early 2017', 'mid-2018': a third of the year; 'at the end of 2017', 'the
    beginning of this year': the year (the gold writes the year)."""
    m = re.match(
        rf"^(?:(?:in|at|by|during|until|till|from|since|of|for)\s+)?(?:the\s+)?"
        r"(early|mid|mid-|late|end of|beginning of|start of|middle of)\s*-?\s*(?:the\s+)?"
        rf"({_YEAR}|this year|last year|next year|year|current year|previous year)$",
        low,
    )
    if not m:
        return None
    y = _year_ref(m.group(2) if m.group(2) != "year" else "this year", ref)
    if y is None:
        return None
    part = m.group(1)
    if part == "early":
        return date(y, 1, 1), date(y, 4, 30)
    if part in ("mid", "mid-"):
        return date(y, 5, 1), date(y, 8, 31)
    if part == "late":
        return date(y, 9, 1), date(y, 12, 31)
    return _year(y)


def month(e: str, low: str, ref, future) -> Interval | None:
    """'last November', 'February this year', 'early March', 'in July' (the last July, or in a clause
    in the future tense the next one)."""
    m = re.search(
        rf"\b(early|mid|mid-|late|the end of|the beginning of|the start of|last|next|this)?\s*{_MONTH}\b(?!\s+\d{{1,2}}\b)",
        e,
        re.I,
    )
    if not m:
        return None
    mon = MONTH_NAMES[m.group(2).lower()]
    part = (m.group(1) or "").lower()
    y = _year_ref(e, ref)
    if y is None:
        if ref is None:
            return None
        if part == "last":
            y = ref.year if mon < ref.month else ref.year - 1
        elif part == "next":
            y = ref.year if mon > ref.month else ref.year + 1
        elif part == "this":
            y = ref.year
        else:
            y = _latest(_month(ref.year, mon), ref, future)[0].year
    start, end = _month(y, mon)
    if part in ("early", "the beginning of", "the start of"):
        return start, date(y, mon, 10)
    if part in ("mid", "mid-"):
        return date(y, mon, 11), date(y, mon, 20)
    if part in ("late", "the end of"):
        return date(y, mon, 21), end
    return start, end


def relative_month(e: str, low: str, ref, future) -> Interval | None:
    """'last month', 'this month', 'next month': the calendar month."""
    m = re.fullmatch(
        r"(?:(?:in|during|over|for|of)\s+)?(?:the\s+)?(last|past|previous|this|current|next|coming)\s+month", low
    )
    if not m or ref is None:
        return None
    shift = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0}.get(m.group(1), 1)
    return _month_of(ref, shift)


def day(e: str, low: str, ref, future) -> Interval | None:
    """'August 1 this year', 'on March 5', '5 March 2019', 'December 7': that day; a day named without
    its year is the last one (or, ahead, the next one)."""
    m = re.fullmatch(
        rf"(?:on\s+|of\s+|for\s+)?(?:{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})"
        r"(?:,?\s+(?P<year>\d{4}|this year|last year|next year|of this year|of last year))?",
        e,
        re.I,
    )
    if not m:
        return None
    mon = MONTH_NAMES[(m.group(1) or m.group(4)).lower()]
    d = int(m.group(2) or m.group(3))
    y = _year_ref(m.group("year"), ref) if m.group("year") else None
    if y is None and ref is None:
        return None
    try:
        if y is not None:
            point = date(y, mon, d)
            return point, point
        point = date(ref.year, mon, d)
    except ValueError:
        return None
    found = _latest((point, point), ref, future)
    return found


def weekday(e: str, low: str, ref, future) -> Interval | None:
    """'on Tuesday': the last Tuesday before the meeting (in a future clause, the next one)."""
    m = re.fullmatch(rf"(?:on\s+)?(?:(last|this|next|this past)\s+)?{_WEEKDAY.lower()}", low)
    if not m or ref is None:
        return None
    wd = WEEKDAYS[m.group(2)]
    ahead = m.group(1) == "next" or (future and m.group(1) != "last")
    if ahead:
        d = ref + timedelta(days=(wd - ref.weekday()) % 7 or 7)
    else:
        d = ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
    return d, d


def year(e: str, low: str, ref, future) -> Interval | None:
    """'in 2012', 'this year', 'last year', 'the year 2012', 'the end of the year'."""
    if re.fullmatch(
        r"(?:(?:by|at|until|before|in|during|for)\s+)?(?:the\s+)?(?:end|beginning|start|middle) of (?:the|this|last|next) year",
        low,
    ):
        return _year(_year_ref(low.replace("the year", "this year"), ref)) if ref else None
    y = _year_ref(e, ref)
    if y is not None and re.fullmatch(
        r"(?:(?:in|of|for|during|by|since|until|throughout|at|on|over|against|versus|vs\.?|than(?: in)?|compared (?:to|with))\s+)?"
        r"(?:the\s+)?(?:year\s+)?"
        r"(?:\d{4}|(?:this|last|past|previous|next|current) year)(?:'s)?",
        low,
    ):
        return _year(y)
    return None


def ago(e: str, low: str, ref, future) -> Interval | None:
    """'two years ago': that year; 'three months ago': that month."""
    m = re.fullmatch(rf"(?:about\s+|some\s+)?{_N}\s+(years?|months?)\s+ago", low)
    if not m or ref is None:
        return None
    n = _num(m.group(1))
    return _year(ref.year - n) if m.group(2).startswith("year") else _month_of(ref, -n)


def dateparser_point(e: str, low: str, ref, future) -> Interval | None:
    """A single day from dateparser ('yesterday', 'March 5', 'January 1, 2013'), for what the
    recognisers above do not know."""
    e = re.sub(r"^(?:in|on|at|for|of|during)\s+", "", e, flags=re.I)
    if ref is None or not re.search(r"\d|yesterday|tomorrow|\b(?:last|this|next|past) week\b", e, re.I):
        return None
    if re.fullmatch(rf"\D*{_YEAR}\D*", e) and not re.search(_MONTH, e, re.I):
        return None  # a year alone is a year (above) or no period, never a day of it
    import dateparser

    parsed = dateparser.parse(
        e,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(ref.year, ref.month, ref.day),
            "PREFER_DATES_FROM": "future" if future else "past",
            "STRICT_PARSING": False,
        },
    )
    if parsed is None:
        return None
    d = parsed.date()
    if d == ref:
        return None  # dateparser falls back on the reference date for what it cannot read ('in the 1990s')
    if re.search(r"\bweek\b", e, re.I):
        return (d, ref) if d <= ref else (ref, d)
    return d, d


# parts of a decade: 'the early 1990s', 'the first years of this decade'
_DECADE_PART = r"(?:(early|mid|mid-|late)\s*-?\s*|(?:the\s+)?(first|early|last|late|final)\s+years\s+of\s+(?:the\s+)?|(?:the\s+)?(beginning|start|middle|end)\s+of\s+(?:the\s+)?)?"
_DECADE_YEARS = {
    "early": (0, 2),
    "first": (0, 2),
    "beginning": (0, 2),
    "start": (0, 2),
    "mid": (3, 6),
    "mid-": (3, 6),
    "middle": (3, 6),
    "late": (7, 9),
    "last": (7, 9),
    "final": (7, 9),
    "end": (7, 9),
    None: (0, 9),
}

# in order: the first that reads an expression wins (a preposition's recogniser before the bare forms)
RECOGNISERS: tuple[tuple[str, Recogniser], ...] = (
    ("period.as_of", as_of),
    ("period.since", since),
    ("period.school_year", school_year),
    ("period.year_span", year_span),
    ("period.through_to", through_to),
    ("period.before_year", before_year),
    ("period.month_span", month_span),
    ("period.from_date", from_date),
    ("period.by_date", by_date),
    ("period.decade", decade),
    ("period.first_months", first_months),
    ("period.past_span", past_span),
    ("period.next_span", next_span),
    ("period.over_years", over_years),
    ("period.quarter", quarter),
    ("period.part_of_year", part_of_year),
    ("period.relative_month", relative_month),
    ("period.day", day),
    ("period.month", month),
    ("period.weekday", weekday),
    ("period.year", year),
    ("period.ago", ago),
    ("period.dateparser", dateparser_point),
)


def normalise(expr: str) -> str:
    """Whitespace collapsed, trailing punctuation and focus words ('just', 'alone') dropped."""
    e = " ".join(expr.strip().strip(",.;:()").split())
    return _FOCUS.sub("", e).strip()


def is_present(expr: str) -> bool:
    """'now', 'today', 'at present': the time of speaking, which ANNOTATION.md gives no period."""
    return bool(_PRESENT.match(normalise(expr)))


def resolve(expr: str, reference: date | None, *, future: bool = False) -> Resolution | None:
    """The interval an expression refers to and the recogniser that read it, or None when it names
    no period we can place (a relative expression needs the reference date)."""
    e = normalise(expr)
    if not e:
        return None
    if reference is None and not re.search(rf"\b{_YEAR}\b|\b1[89]\d0s\b|\b20\d0s\b", e):
        return None
    low = e.lower()
    for rule_id, recognise in RECOGNISERS:
        try:
            interval = recognise(e, low, reference, future)
        except (ValueError, OverflowError):  # a day that does not exist ('February 30'): no period
            interval = None
        if interval is not None:
            return Resolution(interval[0], interval[1], rule_id)
    return None


def resolve_period(expr: str, reference: date | None, *, future: bool = False) -> Interval | None:
    """The interval an expression refers to, or None when it names no period we can place.

    >>> resolve_period("last year", date(2013, 3, 11))
    (datetime.date(2012, 1, 1), datetime.date(2012, 12, 31))
    """
    found = resolve(expr, reference, future=future)
    return found.interval if found else None


# -- expressions relative to another time of the sentence -----------------------------------------
_RELATIVE = re.compile(
    rf"^(?:(?:{_N}|one|an|a)\s+)?(years?|months?|quarters?)\s+(earlier|before|previously|prior|later|after)$"
    r"|^(?:the\s+)?(previous|preceding|prior|following)\s+(year|month|quarter)$"
    r"|^the\s+(year|month|quarter)\s+(before|after)$",
    re.I,
)


def relative_shift(expr: str) -> tuple[int, str] | None:
    """'a year earlier' -> (-1, 'year'), 'two months later' -> (2, 'month'), 'the previous year' ->
    (-1, 'year'): a time placed against another time of the sentence."""
    m = _RELATIVE.match(normalise(expr))
    if not m:
        return None
    if m.group(2):
        n = _num(m.group(1)) if m.group(1) else 1
        sign = 1 if m.group(3).lower() in ("later", "after") else -1
        return sign * n, m.group(2).lower().rstrip("s")
    if m.group(4):
        return (1 if m.group(4).lower() == "following" else -1), m.group(5).lower()
    return (1 if m.group(7).lower() == "after" else -1), m.group(6).lower()


def shift(interval: Interval, n: int, unit: str) -> Interval:
    """An interval moved by n years, quarters or months, at the precision it has."""
    months = {"year": 12, "quarter": 3, "month": 1}[unit] * n
    start = _shift_months(interval[0], months)
    end = _shift_months(interval[1], months)
    if interval[1].day == calendar.monthrange(interval[1].year, interval[1].month)[1]:
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    return start, end
