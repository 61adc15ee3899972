"""Time expressions -> date intervals, anchored on the document's date.

dateparser gives points ("last year" -> the same day a year ago) and nothing for "February this
year" or "early March"; the interval logic is here, with dateparser as the fallback for the
expressions these rules do not know.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTH_NAMES.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
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
    "a couple of": 2,
    "several": 3,
    "few": 3,
    "a few": 3,
}
_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|a few|few|several)"
Interval = tuple[date, date]


def _year(y: int) -> Interval:
    return date(y, 1, 1), date(y, 12, 31)


def _month(y: int, m: int) -> Interval:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _quarter(y: int, q: int) -> Interval:
    return _month(y, 3 * q - 2)[0], _month(y, 3 * q)[1]


def _half(y: int, h: int) -> Interval:
    return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS[w]


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _year_ref(expr: str, ref: date) -> int | None:
    """The year an expression names: 2012, 'this year', 'last year', 'next year'."""
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", expr)
    if m:
        return int(m.group(1))
    if re.search(r"\b(last|past|previous) year\b", expr, re.I):
        return ref.year - 1
    if re.search(r"\bnext year\b", expr, re.I):
        return ref.year + 1
    if re.search(r"\b(this|current) year\b", expr, re.I):
        return ref.year
    return None


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


def _decade(low: str, ref: date | None) -> Interval | None:
    """'the 1990s', 'the early 2000s', 'this decade', 'the first years of this decade'."""
    m = re.search(_DECADE_PART + r"(?:(1[89]\d0|20\d0)s|(?:this|the current|the present) decade)\b", low)
    if m is None or (m.group(4) is None and ref is None):
        return None
    start = int(m.group(4)) if m.group(4) else ref.year // 10 * 10
    first, last = _DECADE_YEARS[m.group(1) or m.group(2) or m.group(3)]
    return date(start + first, 1, 1), date(start + last, 12, 31)


def resolve_period(expr: str, reference: date | None) -> Interval | None:
    """The interval an expression refers to, or None when it names no period we can place.

    >>> resolve_period("last year", date(2013, 3, 11))
    (datetime.date(2012, 1, 1), datetime.date(2012, 12, 31))
    """
    e = " ".join(expr.strip().split())
    low = e.lower()
    ref = reference
    explicit_year = re.search(r"\b(1[89]\d\d|20\d\d)\b", e)
    if ref is None and not explicit_year and not re.search(r"\b1[89]\d0s|20\d0s\b", e):
        return None
    # 'as of November 1': the year so far
    m = re.match(r"^(?:as of|as at|by)\s+(.+)$", e, re.I)
    if m and ref:
        inner = resolve_period(m.group(1), ref)
        if inner and inner[0] == inner[1]:
            return date(inner[1].year, 1, 1), inner[1]
    # 'the end of the year', 'the beginning of this year': the year named
    if (
        re.fullmatch(
            r"(?:by |at |until |before )?(?:the )?(?:end|beginning|start|middle) of (?:the|this|last|next) year", low
        )
        and ref
    ):
        return _year(_year_ref(e.replace("the year", "this year"), ref))
    # 'the 2018–2019 school year' runs from September to August
    m = re.search(r"\b(\d{4})\s*[–—-]\s*(\d{2,4})\s+(school|academic)\s+year", low)
    if m:
        y = int(m.group(1))
        return date(y, 9, 1), date(y + 1, 8, 31)
    # 'between 2000 and 2010', 'from 2005 to 2008', '2000–2010': both years whole
    m = re.search(
        r"\b(?:(?:between|from)\s+)?(1[89]\d\d|20\d\d)\s*(?:and|to|until|till|[–—-])\s*(1[89]\d\d|20\d\d)\b", low
    )
    if m and int(m.group(1)) < int(m.group(2)):
        return date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31)
    m = re.search(rf"\bsince\s+(?:{_MONTH}\s+)?(\d{{4}})\b", e, re.I)
    if m and ref:
        start = date(int(m.group(2)), MONTH_NAMES[m.group(1).lower()] if m.group(1) else 1, 1)
        return start, ref
    decade = _decade(low, ref)
    if decade is not None:
        return decade
    m = re.search(
        rf"\b(?:over|in|during|for)?\s*(?:the\s+)?(?:last|past|previous)\s+{_N}?\s*(years?|decades?|months?)\b", low
    )
    # "the past three years", "over the last decade" ("last year" alone is one calendar year, below)
    if m and ref and (m.group(1) or not m.group(2).startswith(("year", "month")) or m.group(2).endswith("s")):
        n = _num(m.group(1)) if m.group(1) else 1
        unit = m.group(2)
        if unit.startswith("decade"):
            n *= 10
            unit = "years"
        if unit.startswith("year"):
            return date(ref.year - n, 1, 1), date(ref.year - 1, 12, 31)
        return _shift_months(ref, -n), ref
    # 'the third and fourth quarter of 2012', 'the first and second halves': the union of the parts
    m = re.search(
        r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:and|to|or|through)\s+"
        r"(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+(quarters?|halves|half)\b",
        low,
    )
    if m:
        unit = "quarter" if m.group(3).startswith("quarter") else "half"
        first = resolve_period(e[: m.start()] + f"{m.group(1)} {unit}" + e[m.end() :], ref)
        last = resolve_period(e[: m.start()] + f"{m.group(2)} {unit}" + e[m.end() :], ref)
        if first and last:
            return min(first[0], last[0]), max(first[1], last[1])
    m = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter\b", low)
    if m:
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4}[
            m.group(1)
        ]
        y = _year_ref(e, ref) if _year_ref(e, ref) is not None else (ref.year if ref else None)
        return _quarter(y, q) if y else None
    m = re.search(r"\b(first|second)\s+half\b", low)
    if m:
        y = _year_ref(e, ref) if _year_ref(e, ref) is not None else (ref.year if ref else None)
        return _half(y, 1 if m.group(1) == "first" else 2) if y else None
    m = re.search(rf"\b{_MONTH}\s*[–—-]\s*{_MONTH}(?:\s+(\d{{4}}))?", e, re.I)
    if m:
        y = int(m.group(3)) if m.group(3) else (_year_ref(e, ref) or ref.year)
        return _month(y, MONTH_NAMES[m.group(1).lower()])[0], _month(y, MONTH_NAMES[m.group(2).lower()])[1]
    m = re.search(
        rf"\b(early|mid|mid-|late|the end of|the beginning of|the start of|last)?\s*{_MONTH}\b(?!\s+\d{{1,2}}\b)",
        e,
        re.I,
    )
    if m:
        month = MONTH_NAMES[m.group(2).lower()]
        y = _year_ref(e, ref)
        if y is None and ref:
            y = (
                ref.year
                if (month <= ref.month and (m.group(1) or "").lower() != "last") or month < ref.month
                else ref.year - 1
            )
        if y is None:
            return None
        start, end = _month(y, month)
        part = (m.group(1) or "").lower()
        if part in ("early", "the beginning of", "the start of"):
            return start, date(y, month, 10)
        if part in ("mid", "mid-"):
            return date(y, month, 11), date(y, month, 20)
        if part in ("late", "the end of"):
            return date(y, month, 21), end
        return start, end
    y = _year_ref(e, ref)
    if y is not None and re.fullmatch(
        r"(?:(?:in|of|for|during|by|since|until|throughout)\s+)?(?:the\s+)?(?:year\s+)?(?:\d{4}|(?:this|last|past|previous|next|current) year)(?:\s+alone)?",
        low,
    ):
        return _year(y)
    if ref is None:
        return None
    return _dateparser_point(e, ref)


def _dateparser_point(expr: str, ref: date) -> Interval | None:
    """A single day from dateparser ('yesterday', 'March 5'), for what the rules above do not know."""
    if not re.search(r"\d|yesterday|today|tomorrow|\b(?:last|this|next|past) week\b", expr, re.I):
        return None
    import dateparser

    parsed = dateparser.parse(
        expr,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(ref.year, ref.month, ref.day),
            "PREFER_DATES_FROM": "past",
            "STRICT_PARSING": False,
        },
    )
    if parsed is None:
        return None
    d = parsed.date()
    if d == ref and not re.search(r"\btoday\b|\bnow\b", expr, re.I):
        return None  # dateparser falls back on the reference date for what it cannot read ('in the 1990s')
    if re.search(r"\bweek\b", expr, re.I):
        return (d, ref) if d <= ref else (ref, d)
    return d, d
