"""How the amounts found in a sentence make claims: overlapping finds reduced to one, two amounts
joined into a range, an editor's conversion marked, a bare scaled amount given the currency before it."""

from __future__ import annotations

import re

from pipeline.claims.claim import Claim, Decision
from pipeline.claims.lexicon import alternation, ordered
from pipeline.claims.quantities import scale_of

_RANGE_BETWEEN = re.compile(r"\s*(?:" + alternation(ordered("assembly.range_separators")) + r")\s*")
_RANGE_OPENER = re.compile(r"(?:" + alternation(ordered("assembly.range_openers")) + r")\s+$", re.I)
ALTERNATIVE_WORDS = tuple(ordered("assembly.alternative_words"))


def dedupe(claims: list[Claim], *, rejected: list | None = None) -> list[Claim]:
    """Overlapping finds: keep a pattern's find (vague, a verb of change, a preferred reading) over
    quantulum3's, one with a unit over a bare count, then the longer one."""

    def rank(c: Claim) -> tuple:
        return (
            any(c.extra.get(k, False) for k in ("vague", "verb_change", "preferred")),
            c.unit != "count",
            c.end - c.start,
        )

    kept: list[Claim] = []
    for c in sorted(claims, key=rank, reverse=True):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
        elif rejected is not None:
            rejected.append(("assembly.overlap", c.start, c.end))
    return sorted(kept, key=lambda c: c.start)


def merge_ranges(text: str, claims: list[Claim]) -> list[Claim]:
    """'from 3% to 5%', 'between 5% and 6%', '$15–16 billion' -> one claim with value_low/value_high
    (assembly.range); 'up to 1.5 or even 2 trillion' keeps the first as its value (assembly.alternatives)."""
    claims = sorted(claims, key=lambda c: c.start)
    out: list[Claim] = []
    i = 0
    while i < len(claims):
        c = claims[i]
        if i + 1 < len(claims) and c.value is not None and claims[i + 1].value is not None:
            nxt = claims[i + 1]
            between = text[c.end : nxt.start]
            if _RANGE_BETWEEN.fullmatch(between) and (c.unit == nxt.unit or c.unit == "count"):
                out.append(_joined(text, c, nxt, between))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _joined(text: str, c: Claim, nxt: Claim, between: str) -> Claim:
    before = text[max(0, c.start - 10) : c.start]
    lo, hi = c.value, nxt.value
    if (
        c.unit == "count"
        and nxt.unit != "count"
        and lo < hi
        and hi / max(lo, 1e-9) > 100
        and not scale_of(text[c.start : c.end]) > 1
    ):
        lo = lo * scale_of(text[nxt.start : nxt.end])  # '$15–16 billion': the scale applies to both
    joined = _RANGE_OPENER.search(before)
    alternatives = between.strip().startswith(ALTERNATIVE_WORDS)  # 'up to 1.5 or even 2 trillion rubles'
    rule = "assembly.alternatives" if alternatives else "assembly.range"
    merged = Claim(
        c.start - (len(joined.group(0)) if joined else 0),
        nxt.end,
        lo if alternatives else None,
        nxt.unit,
        unit_text=nxt.unit_text,
        dimension=nxt.dimension,
        value_low=lo,
        value_high=hi,
        qualifier="exact" if alternatives else "range",
        number_token=nxt.number_token,
        kind=nxt.kind,
        extra=nxt.extra,
    )
    merged.trace = [*c.trace, *nxt.trace, Decision("claim", rule, {"low": lo, "high": hi})]
    merged.rules = {**nxt.rules, "claim": rule, "qualifier": rule}
    if nxt.si_unit and nxt.value:
        merged.value_si, merged.si_unit = lo * nxt.value_si / nxt.value, nxt.si_unit
    return merged


def mark_editorial(text: str, claim: Claim) -> None:
    """An editor's conversion in square brackets: '10,000 rubles [$320]'."""
    open_b = text.rfind("[", 0, claim.start)
    if open_b >= 0 and text.find("]", open_b) >= claim.end and "]" not in text[open_b : claim.start]:
        claim.decide("claim", "assembly.editorial", editorial=True)


def inherit_currency(text: str, claims: list[Claim]) -> None:
    """'Maybe more than 100 billion rubles ... Last year, it was 770 billion.': a bare scaled amount
    with nothing counted takes the currency of the amount just before it in the same turn."""
    last_currency = None
    for c in claims:
        if c.dimension == "currency":
            last_currency = c
        elif (
            last_currency is not None
            and c.unit == "count"
            and (c.measured is None or c.extra.get("bare"))
            and scale_of(text[c.start : c.end]) >= 1_000_000
            and c.start - last_currency.end < 400
        ):
            c.decide("unit", "assembly.currency_before", unit=last_currency.unit, dimension="currency", unit_text=None)
