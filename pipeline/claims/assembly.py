"""How the amounts found in a sentence make claims: overlapping finds reduced to one; two amounts joined
by a range word made one range, a before/after pair or coordinated amounts, the bare end given the unit
and the scale of the other; an editor's conversion marked; a bare amount given the unit of the amount
before it."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.claims.claim import Claim, Decision
from pipeline.claims.lexicon import alternation, ordered, words
from pipeline.claims.quantities import qualifier_at
from pipeline.claims.syntax import doc_text, token_at

# the words between two amounts, and what they make of them (rules/assembly.yaml)
_SEPARATORS = [
    ("dash", re.compile(r"\s?[-–—‑‒−]\s?")),
    ("to", re.compile(r"-?\s+to\s+", re.I)),  # '8- to 16-meter': a suspended hyphen
    (
        "alternatives",
        re.compile(
            r",?\s+(?:or\s+(?:" + alternation(ordered("assembly.alternative_words")) + r")|if\s+not)\s+,?\s*", re.I
        ),
    ),
    # ', or' restates or lists ('30 percent, or 1.28 million people', '70,000, or 80,000'): no range
    ("comma_or", re.compile(r",\s+or\s+", re.I)),
    ("or", re.compile(r",?\s+or\s+", re.I)),
    ("and", re.compile(r",?\s+(?:and|as\s+well\s+as)\s+(?:even\s+|then\s+)?", re.I)),
    ("comma", re.compile(r",\s+")),
]
_OPENER = re.compile(
    r"\b(" + alternation(ordered("assembly.range_openers")) + r")\s+(?:the\s+|a\s+)?(?:\w+\s+)?$", re.I
)
# words of a change: a 'from X to Y' they govern is where the change began and ended (two levels)
CHANGE_WORDS = (
    words("shared.up_lemmas")
    | words("shared.down_lemmas")
    | words("shared.change_nouns")
    | words("assembly.change_words")
)
RANGE_WORDS = words("assembly.range_words")  # 'ranging from', 'varies from': one uncertain amount
_RATE_AFTER = re.compile(
    r"^\s*(?:(?:" + alternation(ordered("assembly.rate_determiners")) + r")\s+("
    r""
    + alternation(ordered("assembly.rate_times"))
    + r")|("
    + alternation(ordered("assembly.rate_adverbs"))
    + r"))\b",
    re.I,
)
_THOUSANDS = re.compile(r"\d[,\s]\d{3}\b")
SCALE_NAMES = words("shared.scale_words")
TIME_NOUNS = words("shared.time_nouns")
_ASSEMBLED = ("assembly.before_after", "assembly.coordinated", "assembly.range", "assembly.alternatives")
# 'a little over 50, a little under 50 percent': only words of a qualifier between a bare amount and the next
_GAP_OF_QUALIFIERS = re.compile(
    r"[\s,;:–—-]*(?:(?:" + alternation(sorted(words("assembly.gap_words"), key=len, reverse=True)) + r")[\s,;:–—-]+)*",
    re.I,
)


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


def separator(text: str, c: Claim, nxt: Claim) -> str | None:
    """What joins two neighbouring amounts: 'dash', 'to', 'or', 'alternatives' ('or even'), 'and',
    'comma', or None (they are not joined)."""
    between = text[c.end : nxt.start]
    return next((name for name, rx in _SEPARATORS if rx.fullmatch(between)), None)


def merge_ranges(doc: Doc, claims: list[Claim]) -> list[Claim]:
    """Two amounts joined by a range word, left to right:
    - 'from 3% to 5%', 'between 5% and 6%', '$15–16 billion', '3 to 4 L': one range (assembly.range);
    - 'rose from 30 to 45 million tonnes', 'rose $12 to $2,158': two claims, a before/after pair
      (assembly.before_after), when a word of change governs them;
    - '15,000 and 20,000 rubles', '15, 20 and even 25%': separate claims (assembly.coordinated);
    - 'up to 1.5 or even 2 trillion': the first is the value (assembly.alternatives).
    In each, a bare end takes the other's unit and scale (assembly.shared_unit)."""
    text = doc_text(doc)
    claims = sorted(claims, key=lambda c: c.start)
    seps = [separator(text, c, n) for c, n in zip(claims, claims[1:], strict=False)]
    out: list[Claim] = []
    i = 0
    while i < len(claims):
        c = claims[i]
        sep = seps[i] if i < len(seps) else None
        if sep == "alternatives" and (c.value is None or claims[i + 1].value is None):
            # 'thousands, if not tens of thousands, of jobs': one vague amount, the hedge its high end
            nxt = claims[i + 1]
            c.decide("claim", "assembly.alternatives", value_high=nxt.value if nxt.value is not None else nxt.value_low)
            out.append(c)
            i += 2
            continue
        if sep is None or c.value is None or claims[i + 1].value is None:
            out.append(c)
            i += 1
            continue
        nxt = claims[i + 1]
        if _unlike_units(c, nxt):  # 'from 44 ml to 50 mg', '60 percent to 12 million rubles': two amounts
            c.decide("claim", "assembly.unlike_units")
            nxt.decide("claim", "assembly.unlike_units")
            out.append(c)
            i += 1
            continue
        if sep == "comma":
            run = _list_run(claims, seps, i)
            if run is None:
                out.append(c)
                i += 1
                continue
            for k in range(i, run):
                share_unit(text, claims[k], claims[run], reverse=False, doc=doc)
                claims[k].decide("claim", "assembly.coordinated")
            out.extend(claims[i:run])
            i = run
            continue
        opener = _OPENER.search(text[max(0, c.start - 30) : c.start])
        opener_word = opener.group(1).lower() if opener else None
        if sep in ("and", "comma_or") and opener_word != "between":
            share_unit(text, c, nxt, reverse=False, doc=doc)
            c.decide("claim", "assembly.coordinated")
            nxt.decide("claim", "assembly.coordinated")
            out.append(c)
            i += 1
            continue
        if sep == "to" and before_after(doc, c, opener_word):
            share_unit(text, c, nxt, reverse=True)
            _pair(text, c, nxt, c.start - len(opener.group(0)) if opener_word == "from" else c.start)
            out.append(c)
            i += 1
            continue
        out.append(_joined(text, c, nxt, sep, opener))
        i += 2
    return out


def _unlike_units(c: Claim, nxt: Claim) -> bool:
    """Two amounts, each with its own unit and the units unlike: no range, no pair of one thing."""
    return c.unit != "count" and nxt.unit != "count" and c.unit != nxt.unit


def _list_run(claims: list[Claim], seps: list, i: int) -> int | None:
    """'15, 20 and even 25%': the index of the last amount of a list of bare amounts joined by commas
    and a final 'and'/'or', or None."""
    k = i
    while k < len(seps) and seps[k] == "comma":
        k += 1
    if k >= len(seps) or seps[k] not in ("and", "or", "comma_or") or k == i:
        return None
    last = claims[k + 1]
    if last.unit == "count" or any(c.unit != "count" or c.value is None for c in claims[i : k + 1]):
        return None
    return k + 1


def before_after(doc: Doc, c: Claim, opener: str | None) -> bool:
    """Is 'X to Y' a before and an after: 'from X to Y' governed by a word of change ('rose from 30 to
    45', 'the rise from 80 to 120'), or 'rose $12 to $2,158' (a change, then where it ended: both ends
    written with their unit)?  'ranging from', 'varies from', 'rise 3 to 4 percent' are one amount."""
    if opener not in (None, "from"):
        return False
    if opener is None and c.unit == "count":
        return False  # 'rise 3 to 4 percent': the first end borrows its unit, one uncertain amount
    tok = token_at(doc, c.start)
    if tok is None:
        return False
    for anc in list(tok.ancestors)[:8]:
        if _lemma(anc) in RANGE_WORDS:
            return False
        if _lemma(anc) in CHANGE_WORDS:
            return True
        if anc.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            break  # the clause's own verb is no word of change: the window below decides
    sent_start = tok.sent.start if doc.has_annotation("SENT_START") else 0
    for t in reversed(doc[max(sent_start, tok.i - 12) : tok.i]):  # the parse missed it: the verb before
        if _lemma(t) in RANGE_WORDS:
            return False
        if t.pos_ == "VERB":
            return _lemma(t) in CHANGE_WORDS
    return False


def _lemma(tok) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def share_unit(text: str, a: Claim, b: Claim, *, reverse: bool, doc: Doc | None = None) -> None:
    """'30 to 45 million tonnes', '$15–16 billion', '15,000 and 20,000 rubles': an end without a unit
    takes the other's, unless it counts a noun of its own ('30 percent and 1.28 million people'); an end
    written below 1,000 without a scale takes the other's scale ('from 125 billion to 250' too when
    `reverse`, a before/after pair)."""
    for bare, full in ((a, b), (b, a)):
        if bare.unit == "count" and full.unit != "count" and bare.value is not None:
            if doc is not None and _noun_right_after(doc, bare):
                return  # two amounts of unlike things: nothing shared
            _take_unit(bare, full)
    if a.unit != b.unit:
        return  # '60 percent to 12 million rubles': nothing shared
    sa, sb = a.extra.get("scale", 1.0), b.extra.get("scale", 1.0)
    if sa == 1.0 and sb > 1.0 and _small(text, a):
        _scale(a, sb)
    elif reverse and sb == 1.0 and sa > 1.0 and _small(text, b):
        _scale(b, sa)
    rate = b.extra.get("rate") or _rate_after(text, b)
    if rate and not a.extra.get("rate") and a.unit != "percent":
        a.extra["rate"] = rate  # 'from 30 to 45 million tonnes a year': both ends a year


def _noun_right_after(doc: Doc, c: Claim) -> bool:
    """The word right after the amount is the noun its number counts ('1.28 million people'); unlike
    _counts_a_noun, not a noun after the other end of a pair ('15,000 and 20,000 rubles' shares it)."""
    if c.number_token is None:
        return False
    after = next((t for t in doc[c.number_token :] if t.idx >= c.end), None)
    tok = doc[c.number_token]
    return after is not None and after.pos_ in ("NOUN", "PROPN") and after.i in (tok.head.i, tok.head.head.i)


def _take_unit(bare: Claim, full: Claim) -> None:
    factor = full.extra.get("factor")
    bare.decide("unit", "assembly.shared_unit", unit=full.unit, dimension=full.dimension)
    bare.extra["factor"] = factor
    if factor is not None and bare.value is not None:
        bare.value_si, bare.si_unit = bare.value * factor, full.si_unit
    if full.extra.get("rate") and not bare.extra.get("rate"):
        bare.extra["rate"] = full.extra["rate"]


def _scale(c: Claim, scale: float) -> None:
    value = c.value * scale
    c.decide("claim", "assembly.shared_unit", value=value)
    c.extra["scale"] = scale
    if c.extra.get("factor") is not None:
        c.value_si = value * c.extra["factor"]


def _small(text: str, c: Claim) -> bool:
    """Written below 1,000, without a thousands separator: a number that can share a scale."""
    return c.value is not None and abs(c.value) < 1000 and not _THOUSANDS.search(text[c.start : c.end])


def _rate_after(text: str, c: Claim) -> str | None:
    m = _RATE_AFTER.match(text[c.end : c.end + 25])
    return (m.group(1) or m.group(2)).lower() if m else None


def _pair(text: str, c: Claim, nxt: Claim, start: int) -> None:
    """A before/after pair: two claims, the first over 'from X'; a qualifier before 'from' ('roughly
    from 10,000 to 26,000') bounds both."""
    c.decide("claim", "assembly.before_after", start=start)
    nxt.decide("claim", "assembly.before_after")
    found = qualifier_at(text, start)
    if found is not None:
        name, q_start = found
        c.decide("qualifier", "assembly.before_after", qualifier=name, start=q_start)
        nxt.decide("qualifier", "assembly.before_after", qualifier=name)


def _joined(text: str, c: Claim, nxt: Claim, sep: str, opener) -> Claim:
    share_unit(text, c, nxt, reverse=False)
    lo, hi = c.value, nxt.value
    alternatives = sep == "alternatives"  # 'up to 1.5 or even 2 trillion rubles'
    rule = "assembly.alternatives" if alternatives else "assembly.range"
    if not alternatives and lo > hi:
        lo, hi = hi, lo
    start = c.start - (
        len(opener.group(0)) if opener is not None and opener.group(1).lower() in ("from", "between") else 0
    )
    unit_of = nxt if nxt.unit != "count" or c.unit == "count" else c
    merged = Claim(
        start,
        nxt.end,
        c.value if alternatives else None,
        unit_of.unit,
        unit_text=unit_of.unit_text,
        dimension=unit_of.dimension,
        value_low=lo,
        value_high=hi,
        qualifier="exact" if alternatives else "range",
        number_token=nxt.number_token,
        kind=nxt.kind,
        extra={**c.extra, **nxt.extra},
    )
    merged.trace = [*c.trace, *nxt.trace, Decision("claim", rule, {"low": lo, "high": hi})]
    merged.rules = {**nxt.rules, "claim": rule, "qualifier": rule}
    factor = nxt.extra.get("factor") if unit_of is nxt else c.extra.get("factor")
    if factor is not None:
        merged.value_si, merged.si_unit = lo * factor, unit_of.si_unit
    return merged


def mark_editorial(text: str, claim: Claim) -> None:
    """An editor's conversion in square brackets: '10,000 rubles [$320]'."""
    open_b = text.rfind("[", 0, claim.start)
    if open_b >= 0 and text.find("]", open_b) >= claim.end and "]" not in text[open_b : claim.start]:
        claim.decide("claim", "assembly.editorial", editorial=True)


def inherit_currency(doc: Doc, claims: list[Claim]) -> None:
    """A bare amount, counting no noun, takes the unit of an amount before it, on evidence:
    - in its sentence (assembly.unit_before): the nearest amount before it ('it amounted to $86.8 billion
      last year and is 87.5 now', 'the harvest was 90 million tonnes, and this year just over 74
      million'), or, with none before, one right after it ('a little over 50, a little under 50 percent');
      an amount with no unit before it ('720,000 people ... today 2.5 million') keeps it a count;
    - in the sentence before (assembly.currency_before), when its own sentence holds no amount before
      it and either shares its scale ('100 billion rubles ... Last year, it was 770 billion') or is a
      fragment ('Maybe more than 100 billion rubles will be unused. Maybe even 200.').
    A bare amount written below 1,000 without a scale takes the scale of the amount it follows."""
    text = doc_text(doc)
    sentences = [_sentence_start(doc, c) for c in claims]
    for k, c in enumerate(claims):
        if c.unit != "count" or c.value is None or _counts_a_noun(doc, c) or c.rule_of("claim") in _ASSEMBLED:
            continue
        same = [j for j in range(k) if sentences[j] == sentences[k]]
        if same:
            source = claims[same[-1]]
            if source.unit != "count" and source.value is not None and _may_take(c, source):
                _inherit(text, c, source, "assembly.unit_before")
            continue
        after = next((j for j in range(k + 1, len(claims)) if sentences[j] == sentences[k]), None)
        if (
            after is not None
            and claims[after].unit != "count"
            and _GAP_OF_QUALIFIERS.fullmatch(text[c.end : claims[after].start])
        ):
            _inherit(text, c, claims[after], "assembly.unit_before")
            continue
        earlier = _earlier_sentences(doc, c)
        before = [j for j in range(k) if sentences[j] is not None and sentences[j] in earlier]
        if not before or "\n" in text[claims[before[-1]].end : c.start]:
            continue  # a new paragraph is a new topic ('We have a trade surplus. Last year it was 198.2 billion')
        source = claims[before[-1]]
        if source.dimension == "currency" and (c.extra.get("scale", 1.0) >= 1e6 or _is_fragment(doc, c)):
            _inherit(text, c, source, "assembly.currency_before")


def _inherit(text: str, c: Claim, source: Claim, rule: str) -> None:
    c.decide("unit", rule, unit=source.unit, dimension=source.dimension, unit_text=None)
    c.extra["factor"] = source.extra.get("factor")
    scale = source.extra.get("scale", 1.0)
    if c.extra.get("scale", 1.0) == 1.0 and scale > 1.0 and _small(text, c):
        c.decide("claim", rule, value=c.value * scale)
        c.extra["scale"] = scale
    if c.extra.get("factor") is not None:
        c.value_si, c.si_unit = c.value * c.extra["factor"], source.si_unit


def _counts_a_noun(doc: Doc, c: Claim) -> bool:
    """Does the amount count a noun after it ('720,000 people', '60 billion rubles')?"""
    if c.number_token is None:
        return False
    tok = doc[c.number_token]
    if c.rule_of("claim") == "quantities.elided_noun" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
        return True  # 'two of CERN's experiments' counts experiments
    for _ in range(3):  # '60' -> 'billion' -> 'rubles'
        if tok.dep_ in ("nummod", "quantmod", "compound") and tok.head.i > tok.i:
            tok = tok.head
            if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in SCALE_NAMES:
                return tok.lower_ not in TIME_NOUNS  # '200 last year' counts no year
        else:
            return False
    return False


def _sentence_start(doc: Doc, c: Claim) -> int | None:
    tok = token_at(doc, c.start)
    return tok.sent.start if tok is not None and doc.has_annotation("SENT_START") else None


def _earlier_sentences(doc: Doc, c: Claim, n: int = 2) -> set[int]:
    """The starts of the n sentences before the claim's."""
    tok = token_at(doc, c.start)
    if tok is None or not doc.has_annotation("SENT_START"):
        return set()
    out, start = set(), tok.sent.start
    for _ in range(n):
        if start == 0:
            break
        start = doc[start - 1].sent.start
        out.add(start)
    return out


def _may_take(c: Claim, source: Claim) -> bool:
    """A percentage is not taken by a number above 100 ('grew by 160 percent, to 26,000')."""
    return not (source.unit == "percent" and abs(c.value) > 100)


def _is_fragment(doc: Doc, c: Claim) -> bool:
    """'Maybe even 200.': a sentence without a verb, which borrows the rest from the one before."""
    tok = token_at(doc, c.start)
    return tok is not None and not any(t.pos_ in ("VERB", "AUX") for t in tok.sent)
