"""Which amounts a sentence states, with their value, unit and qualifier.

quantulum3 reads numbers and units (on sentences that hold a number word, the gate); surface
patterns read what it misses: vague amounts and multiplying verbs as spaCy `Matcher` patterns
(rules/quantities.yaml), scale suffixes, fractions, 'N-fold' and 'one in five' as regular
expressions built from the lexicon.  quantulum3's unit classifier is off (the bundled pickle needs
packages that are not installed), so ambiguous units are resolved by its rule-based fallback and by
the rules here.  Every amount found records the rule that found it; every candidate dropped, the
rule that dropped it (`rejected`, for `explain`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, entry, mapping, ordered, words
from pipeline.claims.registry import Rule, patterns, surface_matches
from pipeline.claims.syntax import doc_ents, doc_text, token_at
from pipeline.claims.units import unit_info
from pipeline.schemas import UNIT_FAMILIES

SPELLED = words("shared.spelled_numbers")
SCALE_WORDS = mapping("shared.scale_words")
_NUM_TOKEN = re.compile(r"[\d¼½¾⅐-⅞]")  # a digit or a vulgar fraction ("⅓ cup")

_FILLERS = "|".join(rf"{re.escape(w)}\s+" for w in ordered("quantities.qualifier_fillers"))  # 'more than even 5%'
_QUALIFIER_BEFORE = [
    (name, re.compile(rf"(?:^|\W)((?:{alternation(phrases)}))\s+(?:{_FILLERS})?$", re.I))
    for name, phrases in entry("quantities.qualifiers").items()
]
VAGUE_SCALES = mapping("quantities.vague_scales")
VAGUE_SEVERAL = mapping("quantities.vague_several")
# 'one sixth', 'two-fifths', 'four fifths': a spelled numerator and denominator, composed from the lexicon
FRACTIONS = {
    **{
        f"{num}{sep}{den}{'' if n == 1 else 's'}": n / d
        for num, n in mapping("quantities.fraction_numerators").items()
        for den, d in mapping("quantities.fraction_denominators").items()
        for sep in (" ", "-")
    },
    **mapping("quantities.fractions"),
}
_FRACTION = re.compile(r"\b(" + alternation(sorted(FRACTIONS, key=len, reverse=True)) + r")\b", re.I)
# 'half a year', 'a quarter of a century', 'the first half of 2012': durations and periods, not amounts
_FRACTION_OF_TIME = re.compile(
    r"\s+(?:of\s+(?:the\s+|a\s+|an\s+)?(?:"
    + alternation(ordered("quantities.fraction_time_after_of"))
    + r"|\d{4})|(?:a|an)\s+(?:"
    + alternation(ordered("quantities.fraction_time_after_a"))
    + r"))\b",
    re.I,
)
_FRACTION_ORDINAL_BEFORE = re.compile(
    r"(" + alternation(ordered("quantities.fraction_ordinals_before")) + r")\s+$"
    r"|(?:" + alternation(ordered("quantities.fraction_units_before")) + r")s?\s+and\s+$"
)
_FRACTION_IDIOM_AFTER = re.compile(r"[- ](?:" + alternation(ordered("quantities.fraction_idioms_after")) + r")\b")
_OF_A_PERCENT = re.compile(
    r"\s+(?:of\s+)?an?\s+(?:" + alternation(ordered("quantities.percent_words"), spaces=r"\s+") + r")\b", re.I
)
SMALL_NUMBERS = mapping("quantities.small_numbers")
# number words of a compound number ('a hundred and two'): every spelled number but the fractions and plurals
SMALL_WORDS_AND_TENS = set(words("quantities.compound_number_words"))
_MULTIPLES = alternation([w for w in SMALL_NUMBERS if SMALL_NUMBERS[w] >= 2])  # 'two-fold'; 'one-fold' is no multiple
_FOLD = re.compile(rf"\b({_MULTIPLES}|\d+(?:\.\d+)?)[- ]?fold\b", re.I)
# 'one in five adults', '1 in 10 children'
# 'one in five', '12 out of 16': neither end inside a longer number ('2,600 in 2012'), nor the whole a year
# ('36 in 2018', '1.77 in 2015': an amount and its year)
_ONE_IN = re.compile(
    rf"(?<![\d,.])\b(one|\d[\d,]*)\s+(?:{alternation(ordered('quantities.one_in_words'))})\s+(?:every\s+)?"
    rf"(?!(?:1[89]|20)\d\d\b)({_MULTIPLES}|\d[\d,]*\d|\d)\b(?![.,]\d)",
    re.I,
)
MULTIPLE_VERBS = mapping("quantities.multiple_verbs")
TIMES_AFTER = words("quantities.times_after")
# the words that let a sentence through the gate: number words, and a word every amount pattern needs
# ('quadrupled', 'tens of', 'scores of', 'a fifth')
_QUANTULUM_WORDS = SPELLED | {phrase.split()[-1].split("-")[-1] for phrase in FRACTIONS}
GATE_WORDS = (
    SPELLED
    | words("quantities.multiple_verbs")
    | words("quantities.multiple_verb_forms")
    | {"twice", "times", "factor"}
    | words("quantities.vague_plurals")
    | words("quantities.vague_bare")
    | {phrase.split()[-1].split("-")[-1] for phrase in FRACTIONS}
)
# Words that, written right before a number, make it an identifier and not a quantity.
_IDENTIFIER_BEFORE = re.compile(r"(?:" + alternation(ordered("quantities.identifier_before")) + r")\s*[-–]?\s*$")
ONE_WORDS = words("quantities.one_words")
CURRENCY_SYMBOLS = mapping("quantities.currency_symbols")
CURRENCY_DIMENSION = {code: "currency" for code in CURRENCY_SYMBOLS.values()}
SCALE_SUFFIXES = mapping("quantities.scale_suffixes")
_SUFFIXED_AMOUNT = re.compile(
    r"(?<![\w.])(?:(["
    + "".join(map(re.escape, CURRENCY_SYMBOLS))
    + r"])\s?(\d+(?:[.,]\d+)*)\s?("
    + alternation(ordered("quantities.scale_suffixes"))
    + r")|(\d+(?:[.,]\d+)*)\s?("
    + alternation(ordered("quantities.suffixes_without_currency"))
    + r"))\b(?!-)",
    re.I,
)
SUFFIXES_NEEDING_A_NOUN = words("quantities.suffixes_needing_a_noun")
CURRENCY_PREFIXES = mapping("quantities.currency_prefixes")
_GLUED_PREFIXES = words("quantities.glued_currency_prefixes")
WORD_SCALES = {**SCALE_WORDS, **mapping("quantities.regional_scales")}
# 'HK$38', 'A$2.47bn', 'CHF 2.3bn', 'RM79', 'Rs 500 crore', '₹1.5 trillion'
_PREFIXED_AMOUNT = re.compile(
    r"(?<![\w$])("
    + alternation(sorted(CURRENCY_PREFIXES, key=len, reverse=True))
    + r")(\s?)(\d[\d,]*(?:\.\d+)?)(?:\s?("
    + alternation(ordered("quantities.scale_suffixes"))
    + r")\b(?!-)|\s+("
    + alternation(sorted(WORD_SCALES, key=len, reverse=True))
    + r")\b)?"
)
_SUFFIX_IN = re.compile(r"\d\s?(" + alternation(ordered("quantities.scale_suffixes")) + r")\b", re.I)
VAGUE_UNITS = mapping("quantities.vague_units")
_VAGUE_UNIT_AFTER = re.compile(r"\s*((?:" + alternation(VAGUE_UNITS) + r")s?)\b", re.I)
_ERA_AFTER = re.compile(r"\s*(?:B\.\s?C\.|BC|BCE|A\.\s?D\.|AD)(?!\w)")  # '534 B.C.' is a year
_YEAR_RANGE = re.compile(r"(?:1[89]\d\d|20\d\d)\s*(?:to|and|-|–|—)\s*(?:1[89]\d\d|20\d\d)")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_SERIES_AFTER = re.compile(r"\s?(?:,|[-–—‑‒−]|-?\s+(?:to|and|or)(?:\s+even)?)\s*[$€£¥₽]?\d")  # '12- to 15-minute'
# Words quantulum3 reads as units when they follow a number: 'at' (ampere-turn), 'in' (inch)
_LITTLE_WORDS = words("quantities.little_words")
_NUMBER_WORDS = SPELLED | words("quantities.number_glue_words")
UNIT_RENAMES = mapping("quantities.unit_renames")
PLAIN_UNITS = mapping("quantities.plain_units")
PERCENT_UNIT_NAMES = words("quantities.percent_unit_names")
COUNT_UNIT_NAMES = words("quantities.count_unit_names")
TIME_ENTITIES = words("quantities.time_entities")
TON_MEANS = mapping("quantities.ton_means")
MISREAD_UNITS = words("quantities.misread_units")
# a letter alone after a number is a unit only if it is one of these ('3 to 4 L', '278,000 t'); else a word or an
# abbreviation ('534 B.C.', 'April 12 a holiday')
_LONE_LETTER = re.compile(
    r"\d\s+(?!(?:" + alternation(ordered("quantities.lone_letter_units")) + r")\b(?!\.\w))[A-Za-z]\.?$"
)
COMPOUND_UNIT_ENTITIES = words("quantities.compound_unit_entities")


@lru_cache(maxsize=1)
def _quantulum():
    import warnings

    with warnings.catch_warnings():
        # its unit classifier is off: it needs scikit-learn (1.4 s to import in every worker, and its
        # pickle breaks with scikit-learn 1.9) and 'stemming'; the rules of this module read the units
        warnings.filterwarnings("ignore", message="Classifier dependencies not installed")
        from quantulum3 import classifier, parser
    classifier.USE_CLF = False
    return parser


@lru_cache(maxsize=4096)
def parse_quantities(text: str) -> tuple:
    """quantulum3's quantities of a text whose range separators are hidden (mask_ranges): each end of
    a range is read alone, and assembly decides what the two make."""
    try:
        return tuple(_quantulum().parse(mask_ranges(text)))
    except Exception:  # quantulum3 raises on some odd inputs; a sentence without quantities is the safe answer
        return ()


# 'from 30 to 45 million tonnes', '$15–16 billion', '44 mg to 50 mg', 'between 44 and 50 mg': quantulum3 joins
# the two ends into one range (the first without the scale or currency of the second), and drops a falling
# one ('from 10 to 5 percent') with every other amount of its sentence.  Hidden, each end is read alone.
_RANGE_WORD = re.compile(
    r"(?<=\S)(\s+)("
    + alternation(ordered("quantities.range_words"))
    + r")(\s+)(?=[-−+]?[$€£¥₽]?\d|(?:"
    + alternation(sorted(SPELLED, key=len, reverse=True))
    + r")\b)"
)
_RANGE_DASH = re.compile(r"(?<=[\d%])(?<![×x*^]10)(\s?)([-–—‑‒−])(\s?)(?=[$€£¥₽]?\d)")
_HIDDEN_BEFORE_NUMBER = re.compile(
    r"\b(?:"
    + alternation(ordered("quantities.hidden_before_number"))
    + r")(?=\s+(?:[$€£¥₽]?\d|(?:"
    + alternation(sorted(SPELLED, key=len, reverse=True))
    + r")\b))",
    re.I,
)
_DIGIT_NEXT = re.compile(r"[-−+]?[$€£¥₽]?\d")
_YEAR_BEFORE = re.compile(r"(?<![\d.,])(?:1[89]\d\d|20\d\d)$")
_YEAR_OR_SHORT_AFTER = re.compile(r"(?:\d\d|1[89]\d\d|20\d\d)(?!\d|[.,]\d)")


def mask_ranges(text: str) -> str:
    """The text with the words and dashes between two amounts replaced by ';' (same length): a year
    range ('2013-14', '2017–2018') stays, quantulum3 reads it as one number.  'some' before a number is
    hidden too: quantulum3 reads 'some 60 billion rubles' as 60."""

    def hide(m: re.Match) -> str:
        if m.group(2) == "and" and not _DIGIT_NEXT.match(text, m.end()):
            return m.group(0)  # 'a hundred and two' is one number; only 'to' and the like split spelled ends
        if (
            m.group(2)[0] in "-–—‑‒−"
            and _YEAR_BEFORE.search(text[: m.start()])
            and _YEAR_OR_SHORT_AFTER.match(text, m.end())
        ):
            return m.group(0)
        return m.group(1) + ";" * len(m.group(2)) + m.group(3)

    text = _HIDDEN_BEFORE_NUMBER.sub(lambda m: " " * len(m.group(0)), text)
    return _RANGE_DASH.sub(hide, _RANGE_WORD.sub(hide, text))


def sentence_has_number(sent: Span) -> bool:
    """Cheap test run before quantulum3 and the patterns: does any token look like a number or a
    word an amount pattern needs?"""
    return any(
        t.like_num
        or _NUM_TOKEN.search(t.text)
        or t.lower_ in GATE_WORDS
        or t.text in "$€£"
        or t.lower_.endswith("fold")
        or (t.lower_ in _UNIT_FIRST_WORDS and t.i > sent.start and t.nbor(-1).lower_ in ("a", "an"))  # 'a gallon'
        for t in sent
    )


def quantulum_may_read(sent: Span, *, skip_bare_counts: bool = True) -> bool:
    """The narrower test before quantulum3 itself: a digit, a spelled number or fraction, a currency sign
    or 'a'/'an' before a unit word.  The other words of the gate ('doubled', 'twice', 'dozens', '-fold')
    are read by the surface patterns alone, and quantulum3 is half of the claims stage's time.  A spelled
    'one' and a year count only before a unit quantulum3 knows ('one kilometre', '2019 tonnes'): alone,
    quantulum3 reads them as bare counts, which are never claims ('one of the reasons', 'in 2019':
    quantities.not_one, quantities.not_a_date).  `skip_bare_counts=False` asks quantulum3 about those
    too, so that the rules that drop them are recorded (`explain`)."""

    def counts(t: Token) -> bool:
        return not (skip_bare_counts and _bare_count(t, sent))

    return any(
        (t.like_num and counts(t))
        or (_NUM_TOKEN.search(t.text) and counts(t))
        or (t.lower_ in _QUANTULUM_WORDS and counts(t))
        or t.text in "$€£"
        or (t.lower_ in _UNIT_FIRST_WORDS and t.i > sent.start and t.nbor(-1).lower_ in ("a", "an"))
        for t in sent
    )


# what may stand between a number and its unit for quantulum3 ('one-kilometre', 'one kilometre')
_BETWEEN_NUMBER_AND_UNIT = {"-", "–", "—", "‑"}
# what ends a number's phrase: no unit of quantulum3 starts with these
_NO_UNIT_AFTER = set(",.;:!?()[]{}\"'“”‘’«»…")


def _bare_count(tok: Token, sent: Span) -> bool:
    """Is the token the word 'one' (quantities.one_words) or a year, with no unit of quantulum3 after it
    in the sentence (its units' first words, from its own table), so that quantulum3 can read it only
    as a bare count (which _not_a_count drops)?"""
    if not (tok.lower_ in ONE_WORDS or _YEAR.match(tok.text)):
        return False
    i = tok.i + 1
    while i < sent.end and (tok.doc[i].text in _BETWEEN_NUMBER_AND_UNIT or tok.doc[i].is_space):
        i += 1
    if i >= sent.end:
        return True
    after = tok.doc[i]
    if after.is_alpha:
        return after.lower_ not in _quantulum_unit_words()
    return after.text in _NO_UNIT_AFTER


@lru_cache(maxsize=1)
def _quantulum_unit_words() -> frozenset[str]:
    """The first words of the names and symbols of every unit quantulum3 knows, in lower case (its unit
    pattern ignores case): 'kilometre', 'per' ('per cent'), 'in' (inch), 'day'."""
    units = _quantulum_units()
    return frozenset(re.split(r"[\s\-‑]", k.lower(), maxsplit=1)[0] for k in [*units.surfaces, *units.symbols])


def found(rule: str, start: int, end: int, value: float | None, unit: str, **fields) -> Claim:
    """A new claim, recorded as found by `rule`."""
    claim = Claim(start, end, value, unit, **fields)
    claim.decide("claim", rule, value=value, unit=unit)
    return claim


# -- units --------------------------------------------------------------------------------------
def map_unit(q, *, ton_means: str = "tonne") -> dict:
    """Our unit fields from a quantulum3 quantity: a currency by its code, a percentage, a count, or
    quantulum3's unit with its SI value (units.py); 'A per B' is the unit A at a rate of B unless
    quantulum3 names a quantity of its own (a speed, a pressure: quantities.compound_unit_entities)."""
    name = UNIT_RENAMES.get(q.unit.name, q.unit.name)
    entity = q.unit.entity.name
    rate = None
    if name == "per cent":
        name = "percentage"
    elif name.startswith("per "):  # 'a million a day' is a dimensionless rate; 'half a percent' a percentage
        name, rate = ("percentage", None) if name == "per percentage" else ("dimensionless", name[4:])
    elif " per " in name and not _compound_kept(name, entity):
        # 'joule per square metre per year': a flux at a rate of a year; 'ton per day': tonnes at a rate of a day
        head, _, last = name.rpartition(" per ")
        if " per " in head and last in _RATE_TIMES and unit_info(head) is not None:
            name, rate = head, last
        else:
            name, _, rate = name.partition(" per ")
    currency = q.unit.currency_code or _currency_code(name)
    if currency:  # also '$91 per barrel', whose compound unit has no code of its own
        return {"unit": currency, "dimension": "currency", "rate": rate}
    if name in PERCENT_UNIT_NAMES:
        return {"unit": "percent", "dimension": "ratio", "rate": rate}
    if name == "dimensionless" or (name == "count" and rate):  # 'four times per week': a count at a rate
        return {"unit": "count", "dimension": "count", "rate": rate}
    if name == "ton":
        name = TON_MEANS.get(ton_means, "tonne")
    info = unit_info(name)
    if info is not None:
        return {**info, "rate": rate or _speed_rate(info)}
    return {"unit": name, "dimension": PLAIN_UNITS.get(name, entity), "rate": rate}


_RATE_TIMES = words("quantities.speed_times") | {"day", "week", "month", "year"}


def _speed_rate(info: dict) -> str | None:
    """A speed is an amount per unit of time (ANNOTATION: a rate): 'kilometre per hour' per hour, a knot too."""
    if info["dimension"] != "speed":
        return None
    return info["unit"].split(" per ")[-1] if " per " in info["unit"] else "hour"


def _compound_kept(name: str, entity: str) -> bool:
    """'kilometre per hour' is a speed; 'ton per day', 'dollar per kilogram' are tonnes at a rate and a
    price in dollars."""
    if entity in COMPOUND_UNIT_ENTITIES:
        return True
    top, _, bottom = name.partition(" per ")
    a, b = unit_info(top), unit_info(bottom)
    return a is not None and b is not None and a["dimension"] == "length" and b["dimension"] == "time"


def _accepted_unit(q) -> bool:
    """Units this module maps: counts, percentages, currencies, times (dropped later) and every
    physical unit quantulum3 knows, less the ones it reads from ordinary words ('turn', 'gauss' from
    '5G': quantities.misread_units)."""
    name = UNIT_RENAMES.get(q.unit.name, q.unit.name)
    base = name.split(" per ")[0]
    entity = q.unit.entity.name
    if name in MISREAD_UNITS or base in MISREAD_UNITS:
        return False
    return (
        base in COUNT_UNIT_NAMES
        or name.startswith("per ")
        or unit_info(base) is not None
        or base in PLAIN_UNITS
        or _currency_code(base) is not None
        or entity in TIME_ENTITIES
        or (entity in UNIT_FAMILIES and entity != "dimensionless")
    )


@lru_cache(maxsize=256)
def _currency_code(name: str) -> str | None:
    unit = _quantulum_units().names.get(name)
    return unit.currency_code if unit is not None else None


@lru_cache(maxsize=1)
def _quantulum_units():
    _quantulum()
    from quantulum3 import load

    return load.units("en_US")


# 'in' after a number is a preposition ('5 in 2012', '20 in total'), an inch only where nothing follows it or a
# word of size does ('2 in.', '2 1/2 in thick')
_INCH_AFTER = re.compile(r"\s*(?:[.,;:)!?]|$|(?:" + alternation(ordered("quantities.size_words")) + r")\b)")


_INCH_WORD = re.compile(r"\s+in(?=\s*(?:[.,;:)!?]|$|(?:" + alternation(ordered("quantities.size_words")) + r")\b))")


_SLASH_FRACTION = re.compile(r"\d+\s?/\s?\d+")


def _read_again(sent_text: str, q, cut: int):
    """The quantity starting where q starts, in the text cut before `cut`."""
    return next((r for r in parse_quantities(sent_text[:cut].rstrip()) if r.span[0] == q.span[0]), None)


def _cleaned(sent_text: str, q, depth: int = 0):
    """quantulum3 glues the words after a number into its unit: '3 percent at' (ampere-turn), '9
    percent in real [terms]' (percent x inch x Brazilian real), '15 percent ta[x]', '43 percent
    year[-on-year]', 'three revolutions' (turn), '5G' (gauss). The quantity is read again without
    those words; None when nothing is left (an identifier such as '5G')."""
    start, end = q.span
    surface = sent_text[start:end]
    last_digit = max((i for i, ch in enumerate(surface) if ch.isdigit()), default=0)
    # words after the amount ('3% to 5%' is a range, its 'to' no unit)
    found_words = [m for m in re.finditer(r"[^\W\d_]+", surface) if m.start() > last_digit]
    comma = surface.find(",", last_digit)
    if (
        depth < 3 and comma > last_digit and q.unit.name != "dimensionless"
    ):  # '450 billion, a figure': nothing after the comma is the unit
        again = _read_again(sent_text, q, start + comma)
        return _cleaned(sent_text, again, depth + 1) if again is not None else None
    for m in found_words:
        cut_off = start + m.end() == end and (sent_text[end : end + 1].isalpha() or sent_text[end : end + 1] == "-")
        inch = m.group() == "in" and _INCH_AFTER.match(sent_text, start + m.end())
        if depth < 3 and (m.group().lower() in _LITTLE_WORDS or cut_off) and not inch:
            again = _read_again(sent_text, q, start + m.start())
            return _cleaned(sent_text, again, depth + 1) if again is not None else None
    if _accepted_unit(q) and not _LONE_LETTER.search(surface):
        return q
    unit_word = next((m for m in found_words if m.group().lower() not in _NUMBER_WORDS), None)
    if unit_word is None or surface[unit_word.start() - 1].isdigit():
        return None  # a letter glued to the number: a name ('5G', 'Turksat-4B'), not an amount
    again = _read_again(sent_text, q, start + unit_word.start())
    return again if again is not None and _accepted_unit(again) else None


QUALIFIERS_AFTER = mapping("quantities.qualifiers_after")
_QUALIFIER_AFTER = re.compile(
    r"\s*,?\s+(" + alternation(ordered("quantities.qualifiers_after"), spaces=r"\s+") + r")\b"
    r"(?!\s+(?:" + alternation(ordered("quantities.not_qualifier_after")) + r")\b)",
    re.I,
)
BOUND_VERBS = mapping("quantities.bound_verbs")
_BOUND_FILLERS = words("quantities.bound_verb_fillers")
_NEGATIONS = words("quantities.negations")
_OPPOSITE = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}
_ABOUT_AFTER_SPEECH = re.compile(
    r"\b(?:" + alternation(ordered("quantities.about_speech_verbs")) + r")\s+about\s*$", re.I
)


_AGE_BEFORE = re.compile(
    r"(?:\b(?:aged|ages?\s+of)\s+(?:(?:between|from|under|over|up\s+to)\s+)?"
    r"|\b(?:" + alternation(ordered("quantities.age_people")) + r")\s+(?:over|under|above|below|older\s+than|"
    r"younger\s+than|after)\s+(?:the\s+age\s+of\s+)?)$",
    re.I,
)
_AGE_AFTER = re.compile(
    r"(?:\s*[-–]\s*\d+)?(?:\s*years?[\s-]+old|-year-olds?|\s+years?\s+of\s+age|\s+or\s+(?:younger|older))\b", re.I
)
_PER_BEFORE = re.compile(r"\b(?:per|for\s+every)\s+$", re.I)  # 'per 1,000 births': the denominator of a rate
# '+7 (495) 606 30 63', '8 (800) 200 4040': telephone numbers
_PHONE = re.compile(
    r"(?<![\w,.])(?:\+?\d{1,3}[\s-]?)?\(\d{3,4}\)[\s-]?\d{2,4}(?:[\s-]?\d{2,4}){1,3}|\+\d[\d\s-]{9,16}\d"
)


CONTAINER_UNITS = words("quantities.container_units")
_POUND_WORD = re.compile(r"\bpounds?\b(?!\s+sterling)", re.I)
_OF_AFTER = re.compile(r"\s+of\b", re.I)
_MONEY_WORDS = re.compile(r"\b(?:" + alternation(ordered("quantities.money_words")) + r")\b", re.I)
_WEIGHT_WORDS = re.compile(r"\b(?:" + alternation(ordered("quantities.weight_words")) + r")\b", re.I)
UNIT_WORDS = mapping("quantities.unit_words")
_UNIT_WORD = re.compile(
    r"\s*(" + alternation(sorted(UNIT_WORDS, key=len, reverse=True), spaces=r"\s+") + r")\b(?!-)", re.I
)
_NUMBER_IN = re.compile(
    r"(?:\d(?:[\d,.]*\d)?|\b(?:"
    + alternation(sorted(SPELLED, key=len, reverse=True))
    + r")\b)(?:\s*(?:"
    + alternation(sorted(SCALE_WORDS, key=len, reverse=True))
    + r")\b)?",
    re.I,
)
_SPEED_AFTER = re.compile(r"\s+(?:an?|per)\s+(" + alternation(ordered("quantities.speed_times")) + r")\b", re.I)


def _pound(text: str, end: int, sentence: str, read_as: str) -> dict:
    """'pounds' is a weight or sterling: 'pounds of beef' and a word of weight ('weighs 3.5 pounds') make
    it a weight, a word of money ('sold for 2.7 million pounds') sterling; else quantulum3's reading."""
    if _OF_AFTER.match(text, end) or _WEIGHT_WORDS.search(sentence):
        return unit_info("pound-mass")
    if _MONEY_WORDS.search(sentence) or read_as == "pound sterling":
        return {"unit": "GBP", "dimension": "currency"}
    return unit_info("pound-mass")


def _unit_word_after(text: str, s: int, e: int, surface: str, u: dict) -> tuple[dict, int] | None:
    """'486 hectares', '9 billion shekels', '0.25 percentage point': a unit word quantulum3 does not
    know (quantities.unit_words), right after the number: its unit, and the claim's new end."""
    numbers = list(_NUMBER_IN.finditer(surface))
    if not numbers:
        return None
    m = _UNIT_WORD.match(text, s + numbers[-1].end())
    if m is None or (u["unit"] != "count" and m.end() <= e):
        return None
    name = UNIT_WORDS[re.sub(r"\s+", " ", m.group(1).lower())]
    if re.fullmatch(r"[A-Z]{3}", name):
        return {"unit": name, "dimension": "currency", "rate": u.get("rate")}, m.end()
    if name == "percentage point":
        return {"unit": name, "dimension": "ratio", "rate": u.get("rate")}, m.end()
    info = unit_info(name)
    return ({**info, "rate": u.get("rate")}, m.end()) if info is not None else None


class _Negated:
    """A quantulum3 quantity whose minus sign was a dash."""

    def __init__(self, q):
        self.value, self.uncertainty, self.unit, self.span = -q.value, q.uncertainty, q.unit, q.span


def _unit_text(surface: str) -> str | None:
    m = re.search(r"[A-Za-z%$€£][A-Za-z %$€£.]*$", surface.strip())
    if not m:
        return None
    kept = [w for w in m.group(0).split() if w.lower() not in SCALE_WORDS]
    return " ".join(kept) or None


def number_token(doc: Doc, start: int, end: int) -> Token | None:
    """The token of [start, end) the parse attaches to the counted noun: the last number word
    ('hundred' in 'Two hundred')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    nums = [t for t in span if t.like_num or _NUM_TOKEN.search(t.text) or t.lower_ in SPELLED]
    if not nums:
        return None
    scale = [t for t in nums if t.lower_ in SCALE_WORDS]
    return scale[-1] if scale else nums[-1]


def scale_of(surface: str) -> float:
    """The scale word or suffix of an amount as written ('billion', '2.7m', '$5bn'), else 1."""
    for word, scale in SCALE_WORDS.items():
        if re.search(rf"\b{word}\b", surface, re.I):
            return float(scale)
    m = _SUFFIX_IN.search(surface)
    return float(SCALE_SUFFIXES[m.group(1).lower()]) if m else 1.0


def _is_inside(doc: Doc, start: int, end: int, labels: tuple[str, ...]) -> bool:
    """Does [start, end) begin inside an entity with one of these labels (a DATE, a TIME)?"""
    return any(e.label_ in labels and e.start_char <= start < e.end_char for e in doc_ents(doc))


_DECIMAL = re.compile(r"\d+\.\d+")
_BARE_NUMBER = re.compile(r"\d{1,3}(?:\.\d+)?")
_MONTH_BEFORE = re.compile(r"\b(?:" + alternation(ordered("quantities.month_names")) + r")\.?,?\s*$", re.I)


def _bare_number_as_date(doc: Doc, text: str, base: int, tok: Token) -> bool:
    """The model tags some bare numbers as dates ('over 70?', 'now 25', 'The answer is 42'): a DATE entity that
    is the number alone, below 1000 and after no month name ('November, 20'), is an amount."""
    ent = next((e for e in doc_ents(doc) if e.start_char <= tok.idx < e.end_char), None)
    return (
        ent is not None
        and ent.label_ == "DATE"
        and bool(_BARE_NUMBER.fullmatch(ent.text.strip()))
        and not _MONTH_BEFORE.search(text[max(base, ent.start_char - 12) : ent.start_char])
    )


def _names_a_model(tok: Token) -> bool:
    """'Boeing 747', 'Windows 10', 'Apollo 11': a number right after a name, counting no noun after it."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    counts_a_noun = tok.head.i > tok.i and tok.head.tag_ in ("NNS", "NNPS")
    return (
        prev is not None
        and prev.pos_ == "PROPN"
        and any(ch.isupper() for ch in prev.text)
        and tok.text.isdigit()
        and not counts_a_noun
    )


# -- quantulum3 ---------------------------------------------------------------------------------
def _not_a_count(doc: Doc, text: str, base: int, s: int, e: int, surface: str, number_tok: Token) -> str | None:
    """The rule that drops a plain number (unit count) that is no amount, or None.  A number joined to
    the next amount ('15, 20 and even 25%', 'from 30 to 45') is not asked whether the model thought it
    a date: the model often does."""
    if _AGE_BEFORE.search(text[max(base, s - 25) : s]) or _AGE_AFTER.match(text, e):
        return "quantities.not_an_age"
    if _PER_BEFORE.search(text[max(base, s - 15) : s]):
        return "quantities.rate_denominator"
    if (
        _YEAR.match(surface.strip())
        or _YEAR_RANGE.fullmatch(surface.strip())
        or _ERA_AFTER.match(text[e : e + 8])
        or (
            not _SERIES_AFTER.match(text, e)
            and _is_inside(doc, number_tok.idx, number_tok.idx + len(number_tok), ("DATE", "TIME", "ORDINAL"))
            and not _bare_number_as_date(doc, text, base, number_tok)
        )
    ):
        return "quantities.not_a_date"
    if number_tok.lower_ in ONE_WORDS or surface.strip().lower() in ONE_WORDS:
        return "quantities.not_one"
    identifier = _IDENTIFIER_BEFORE.search(text[max(base, s - 20) : s])
    # 'Channel Five', 'Part Two': a spelled number only after a capitalised word ('building five schools' counts)
    spelled = (
        surface.strip().lower() in SMALL_WORDS_AND_TENS and identifier is not None and identifier.group()[:1].isupper()
    )
    if (
        (identifier and _NUM_TOKEN.match(surface.strip()))
        or spelled
        # '5-year', 'Su-35'; a decimal before a hyphenated word is a measure ('6.0-sigma', '2.5-times')
        or (
            text[e : e + 1] in ("-", "–")
            and text[e + 1 : e + 2].isalpha()
            and not (_DECIMAL.fullmatch(surface.strip()) and not text[e + 1 : e + 5].lower().startswith("fold"))
        )
    ):
        return "quantities.not_an_identifier"
    if _names_a_model(number_tok):
        return "quantities.not_a_model_name"
    if (
        number_tok.dep_ not in ("nummod", "quantmod", "compound")
        and not _NUM_TOKEN.search(surface)
        and SCALE_WORDS.get(number_tok.lower_, 0) < 1000
        and not _compound_number(surface)
        and not _stands_for_a_noun(number_tok)
    ):
        return "quantities.not_counting"  # a spelled-out number not counting a noun ('one day', 'two of them')
    if re.fullmatch(r"(?:half|third|quarter)", surface.strip(), re.I):
        return "quantities.not_counting"  # fractions are read by their own pattern
    return None


# 'pm', 'am' read as picometre, attometre: a time of day when the number is one ('2 pm', '2:40 pm', '10.30 am')
_AM_PM = re.compile(r"\s*[ap]\.?m\.?$", re.I)
_CLOCK_NUMBER = re.compile(r"(?:1[0-2]|0?\d)(?:[.:][0-5]\d)?")
_YEAR_IN = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")


# 'a gallon', 'a kilometre': one of a unit of measure (quantities.article_units), written with an article
ARTICLE_UNITS = words("quantities.article_units")
_ARTICLE_UNIT = re.compile(r"(?:an?)\s+(?:" + alternation(sorted(ARTICLE_UNITS, key=len, reverse=True)) + r")", re.I)
_UNIT_FIRST_WORDS = {u.split()[0].split("-")[0] for u in ARTICLE_UNITS}
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
_AMOUNT_BEFORE = re.compile(r"[\d$€£¥₽]")
_UNIT_OF_A_PRICE_BEFORE = re.compile(r"\b(?:of|per|for|each|every)\s+$", re.I)
_PRICE_WORDS = re.compile(r"\b(?:" + alternation(ordered("quantities.price_words")) + r")\b", re.I)
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|n't|nor)\b(?:\s+\w+){0,2}\s*$", re.I)


def _not_one_unit(text: str, base: int, s: int, sentence: str) -> str | None:
    """'a gallon' is one gallon, a claim, unless the unit is the denominator of a price or a rate ('$20 a
    barrel', '300 rubles a kilo', 'the price of a barrel', 'a gallon of gas costs $4') or an idiom of
    negation ('not yield an inch'): the rule that drops it, or None."""
    before = text[max(base, s - 30) : s]
    if _AMOUNT_BEFORE.search(before) or _UNIT_OF_A_PRICE_BEFORE.search(before) or _PRICE_WORDS.search(sentence):
        return "quantities.unit_of_a_price"
    if _NEGATED_BEFORE.search(before):
        return "quantities.not_one"
    return None


def _clock_time(text: str, base: int, s: int, surface: str) -> bool:
    """'at 2 pm', '2:40 pm', '10.30 am' are times of day; '2.1 pm' (picometres) and '2.123 am' are no clock."""
    m = _AM_PM.search(surface)
    if m is None:
        return False
    number = surface[: m.start()].strip()
    return bool(_CLOCK_NUMBER.fullmatch(number)) or text[max(base, s - 1) : s] in (":", ".")


def _measure_in_a_date(surface: str, u: dict) -> bool:
    """The model tags some measures as dates ('two and a half miles', '4km^2'): a physical unit other than a
    time, on a number that is no year, is a measure whatever the entity says."""
    return (
        u["dimension"] not in ("time", "instance frequency", "currency", "count", "ratio")
        and unit_info(u["unit"]) is not None
        and not _YEAR_IN.search(surface)
    )


_NUMBER_WORD = re.compile(r"\b(?:" + alternation(sorted(SMALL_WORDS_AND_TENS, key=len, reverse=True)) + r")\b", re.I)


_ELIDED_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj"}
_DETERMINERS_BEFORE = words("quantities.determiners_before_a_number")
_PRONOUNS_AFTER_OF = words("quantities.pronouns_after_of")
_ARITHMETIC_VERBS = {"multiply", "divide"}
_PERSONS = {"i", "you", "he", "she", "we", "they"}


def _stands_for_a_noun(tok: Token) -> bool:
    """'two have been contained', 'killed five', 'fallen to nearly zero', 'two of CERN's experiments': a spelled
    number that is itself the subject or object counts a noun the speaker left out or names after 'of'.  Not
    'the two' (the people just named), 'a family of five', nor 'two of them' (quantities.not_counting)."""
    doc = tok.doc
    if (
        tok.dep_ not in _ELIDED_DEPS
        or tok.pos_ == "PROPN"  # 'the Normandy Four'
        or (tok.i > 0 and doc[tok.i - 1].lower_ in _DETERMINERS_BEFORE)
    ):
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if tok.is_sent_start and nxt is not None and nxt.lower_ in (",", ":", "is"):
        return False  # 'Two is when ...', 'Two, ...': the second point of a list
    if tok.dep_ == "pobj" and (tok.head.lower_ == "of" or tok.head.head.lemma_.lower() in _ARITHMETIC_VERBS):
        return False  # 'a family of five', 'multiply by four'
    if tok.dep_ == "attr" and any(c.dep_ == "nsubj" and c.lower_ in _PERSONS for c in tok.head.children):
        return False  # 'She is six now': an age
    after = doc[tok.i + 1 : tok.i + 3]
    return not (len(after) == 2 and after[0].lower_ == "of" and after[1].lower_ in _PRONOUNS_AFTER_OF)


def _compound_number(surface: str) -> bool:
    """'a hundred and two', 'three million, two hundred & forty', 'twenty-five': a number built of several
    number words is an amount as stated, whether or not the parse finds the noun it counts."""
    return len(_NUMBER_WORD.findall(surface)) >= 2


def quantity_claims(doc: Doc, sent: Span, *, ton_means: str = "tonne", rejected: list | None = None) -> list[Claim]:
    """The amounts quantulum3 reads in a sentence, less those that are no claim."""
    text = doc_text(doc)
    base = sent.start_char
    claims: list[Claim] = []
    dropped: list = []  # (rule, start, end) of every amount dropped here
    phones = list(_PHONE.finditer(sent.text))
    # asked for the amounts rules drop (explain), quantulum3 reads the bare counts too, to record the rule
    for raw in parse_quantities(sent.text) if quantulum_may_read(sent, skip_bare_counts=rejected is None) else ():
        q = _cleaned(sent.text, raw)
        if q is None:
            _reject(dropped, "quantities.not_a_unit", base + raw.span[0], base + raw.span[1])
            continue
        s, e = base + q.span[0], base + q.span[1]
        surface = text[s:e]
        if not surface.strip():
            continue
        if any(p.start() <= q.span[0] < p.end() for p in phones):
            _reject(dropped, "quantities.not_a_phone_number", s, e)
            continue
        u = map_unit(q, ton_means=ton_means)
        if u["dimension"] in ("time", "instance frequency") or q.unit.entity.name == "time":
            _reject(dropped, "quantities.not_a_duration", s, e)
            continue
        if re.match(r"\d+(?:st|nd|rd|th)\b", text[s : e + 2]):
            _reject(dropped, "quantities.not_an_ordinal", s, e)
            continue
        parenthesised = q.value < 0 and surface[:1] == "("
        if parenthesised:  # '($2.408 billion)': a restatement, not an accounting loss
            s, e = s + 1, e - (surface.endswith(")"))
            surface = text[s:e]
            q = _Negated(q)
        elif q.value < 0 and surface[:1] in "–—":
            if s > 0 and (text[s - 1].isdigit()):
                _reject(dropped, "quantities.not_a_minus", s, e)
                continue  # '1–21' read as minus 21
            s, surface = s + 1, surface[1:]  # 'many regions –21 regions': the dash is punctuation
            q = _Negated(q)
        number_tok = number_token(doc, s, e)
        one_of_unit = None
        if number_tok is None:
            one_of_unit = _ARTICLE_UNIT.fullmatch(surface)
            if one_of_unit is None or u["dimension"] in ("currency", "count", "time", "ratio"):
                continue
            reason = _not_one_unit(text, base, s, sent.text)
            if reason:
                _reject(dropped, reason, s, e)
                continue
            number_tok = token_at(doc, e - 1)
            if number_tok is None:
                continue
        inch_after = _INCH_WORD.match(text, e) if u["unit"] == "count" and e < base + len(sent.text) else None
        if inch_after is not None and _NUM_TOKEN.search(surface):  # '3 in thick': quantulum3 left 'in' out
            u, e = {**unit_info("inch"), "rate": None}, inch_after.end()
            surface = text[s:e]
        if u["unit"] == "count":
            reason = _not_a_count(doc, text, base, s, e, surface, number_tok)
            if reason:
                _reject(dropped, reason, s, e)
                continue
        elif _clock_time(text, base, s, surface) or (
            _is_inside(doc, number_tok.idx, number_tok.idx + len(number_tok), ("DATE", "TIME"))
            and u["unit"] not in ("percent",)
            and u["dimension"] != "currency"
            and not _measure_in_a_date(surface, u)
        ):
            _reject(dropped, "quantities.not_a_date", s, e)
            continue
        value = float(q.value)
        claim = found("quantities.quantulum3", s, e, value, u["unit"], number_token=number_tok.i)
        if (
            u["unit"] == "count"
            and _SLASH_FRACTION.fullmatch(surface.strip())
            and value < 1
            and _OF_AFTER.match(text, e)
        ):
            u = {"unit": "fraction", "dimension": "ratio", "rate": None}  # 'about 1/40 of the wavelength'
            claim.decide("unit", "quantities.slash_fraction", unit="fraction")
        if u["unit"] == "count" and not _NUM_TOKEN.search(surface) and _stands_for_a_noun(number_tok):
            claim.decide("claim", "quantities.elided_noun", value=value)
        if u["unit"] == "count" and _bare_number_as_date(doc, text, base, number_tok):
            claim.decide("claim", "quantities.bare_number_not_a_date", value=value)
        if u["unit"] == "inch" and surface.endswith(" in"):
            claim.decide("unit", "quantities.inch_symbol", unit="inch")
        if one_of_unit is not None:
            half = _AND_A_HALF.match(text, e)
            if half is not None:  # 'a metre and a half'
                value, e = value * 1.5, half.end()
                surface = text[s:e]
            claim.decide("claim", "quantities.article_unit", value=value, end=e)
        if parenthesised:
            claim.decide("claim", "quantities.parenthesised_amount", value=value)
        minus = re.search(r"\bminus\s+$", text[max(base, s - 8) : s], re.I)
        if minus and value > 0:  # 'minus 30 degrees'
            value, s = -value, max(base, s - 8) + minus.start()
            claim.decide("claim", "quantities.minus_word", value=value, start=s)
        if q.unit.name == "dozen":  # quantulum3 makes 'a dozen' one dozen
            value, u = value * 12, {"unit": "count", "dimension": "count", "rate": None}
            claim.decide("claim", "quantities.dozen", value=value, unit="count")
        if q.unit.name in CONTAINER_UNITS:  # '100 pairs of trains a day': so many trains' worth
            u = {"unit": "count", "dimension": "count", "rate": u.get("rate")}
            claim.decide("unit", "quantities.container_unit", unit="count")
        elif q.unit.name in ("pound sterling", "pound-mass") and _POUND_WORD.search(surface):
            u = {**_pound(text, e, sent.text, q.unit.name), "rate": u.get("rate")}
            claim.decide("unit", "quantities.pound_word", unit=u["unit"])
        word = _unit_word_after(text, s, e, surface, u)
        if word is not None:
            u, e = word
            surface = text[s:e]
            claim.decide("unit", "quantities.unit_word", unit=u["unit"], end=e)
        speed = _SPEED_AFTER.match(text, e) if u["dimension"] == "length" else None
        if speed is not None and unit_info(f"{u['unit']} per {speed.group(1).lower()}") is not None:
            u = {**unit_info(f"{u['unit']} per {speed.group(1).lower()}"), "rate": speed.group(1).lower()}
            e = speed.end()
            surface = text[s:e]
            claim.decide("unit", "quantities.speed_unit", unit=u["unit"], end=e)
        claim.unit_text, claim.dimension = _unit_text(surface), u["dimension"]
        claim.extra["scale"] = scale_of(surface)  # a range or a list shares it ('75–120 billion rubles')
        claim.extra["factor"] = u.get("factor")
        if q.uncertainty:
            claim.decide(
                "qualifier",
                "quantities.uncertainty",
                value_low=value - q.uncertainty,
                value_high=value + q.uncertainty,
                qualifier="range",
            )
            claim.value = None
        if "factor" in u:
            claim.value_si = (claim.value if claim.value is not None else claim.value_low) * u["factor"]
            claim.si_unit = u["si_unit"]
        if u.get("rate"):
            claim.extra["rate"] = u["rate"]  # 'per barrel', 'a day': read by kind.per_unit
        claims.append(claim)
    claims = [c for c in claims if not _partner_dropped(text, c, dropped)]
    if rejected is not None:
        rejected.extend(dropped)
    return claims


def _partner_dropped(text: str, claim: Claim, dropped: list) -> bool:
    """'between three and 16 years old', 'from the age of 16 rather than 18', 'from 2 to 3 pm': a bare
    number joined to a duration, a time, a date or an age goes with it; the drop is recorded."""
    if claim.unit != "count":
        return False
    m = _SERIES_AFTER.match(text, claim.end)
    partner = next((d for d in dropped if m and d[1] <= m.end() - 1 < d[2]), None)
    if partner is None:
        partner = next(
            (d for d in dropped if d[2] <= claim.start and _PARTNER_BETWEEN.fullmatch(text, d[2], claim.start)), None
        )
    # '3- to 5-storey': a suspended hyphen shares the word after the other end, an identifier's too
    suspended = text[claim.end : claim.end + 1] == "-" and partner is not None and partner[1] > claim.end
    if partner is None or (
        partner[0] not in _PARTNER_RULES and not (suspended and partner[0] == "quantities.not_an_identifier")
    ):
        return False
    if partner[0] == "quantities.not_a_date" and _YEAR.fullmatch(text[partner[1] : partner[2]].strip()):
        # a year is no partner of an amount: 'from 178,000 in 2011 to 212,000 in 2012' (bulk 17631; also
        # 'from 68 billion rubles in 2009 to 1,03 trillion in 2019', bulk 63885; a year range's
        # other end is a year, dropped on its own)
        return False
    dropped.append((partner[0], claim.start, claim.end))
    return True


_PARTNER_RULES = ("quantities.not_a_duration", "quantities.not_a_date", "quantities.not_an_age")
_PARTNER_BETWEEN = re.compile(
    r"\s+(?:to|and|or|rather\s+than|instead\s+of)\s+", re.I
)  # not a comma: 'In 2016, 224 firms'


def _reject(rejected: list | None, rule: str, start: int, end: int) -> None:
    if rejected is not None:
        rejected.append((rule, start, end))


# -- surface patterns ---------------------------------------------------------------------------
def pattern_claims(doc: Doc, sent: Span, *, rejected: list | None = None) -> list[Claim]:
    """What quantulum3 misses: vague amounts, fractions, 'doubled', 'N-fold', '£3m', 'one in five'."""
    out: list[Claim] = []
    out += _suffixed_amounts(doc, sent, rejected)
    out += _prefixed_amounts(doc, sent)
    out += _one_in(doc, sent)
    out += _vague_amounts(doc, sent)
    out += _fractions(doc, sent, rejected)
    out += _multiple_verbs(doc, sent)
    out += _multiples(doc, sent, rejected)
    out += _folds(doc, sent, rejected)
    for rule in patterns("quantities", surface=True):
        if rule.id not in _READ_BY_CODE:
            out += claims_of_pattern(doc, rule, surface_matches(doc, rule.id, sent))
    return out


# surface patterns whose matches the functions above read; any other is read by claims_of_pattern
_READ_BY_CODE = (
    "quantities.vague_of",
    "quantities.vague_several",
    "quantities.vague_bare",
    "quantities.multiple_verb",
    "quantities.times_multiple",
    "quantities.twice",
    "quantities.factor_of",
    "quantities.in_half",
)
_DIMENSIONS = {"count": "count", "percent": "ratio", "fraction": "ratio", "ratio": "ratio"}


def claims_of_pattern(doc: Doc, rule: Rule, spans: list[tuple[int, int]]) -> list[Claim]:
    """A claim for each match of a surface pattern, its fields from the rule's `yields`: numbers or
    strings as written, or "$section.name" to look the matched words up in that lexicon mapping;
    `value_low` alone makes a vague amount; `change: up|down` a multiple that is a change."""
    out = []
    for start, end in spans:
        span = doc[start:end]
        matched = " ".join(t.lower_ for t in span)
        fields = {k: mapping(v[1:])[matched] if str(v).startswith("$") else v for k, v in rule.yields.items()}
        value, unit, change = fields.pop("value", None), fields.pop("unit", "count"), fields.pop("change", None)
        qualifier = fields.pop("qualifier", "vague" if value is None else "exact")
        tok = number_token(doc, span.start_char, span.end_char) or span[0]
        claim = found(rule.id, span.start_char, span.end_char, value, unit, number_token=tok.i, **fields)
        claim.dimension = claim.dimension or _DIMENSIONS.get(unit, CURRENCY_DIMENSION.get(unit))
        if qualifier != "exact":
            claim.decide("qualifier", rule.id, qualifier=qualifier)
        claim.extra["preferred"] = True  # a pattern's reading beats quantulum3's over the same words
        if change:
            claim.extra.update(verb_change=True, change=change)
        out.append(claim)
    return out


def _measured_by_quantulum(sent_text: str, start: int, value: float) -> bool:
    """Does quantulum3 read the same amount at `start` with a physical unit ('0.5k miles' = 500 miles)?"""
    return any(
        q.span[0] == start and abs(q.value - value) < 1e-9 * max(1.0, value) and unit_info(q.unit.name) is not None
        for q in parse_quantities(sent_text)
    )


def _suffixed_amounts(doc: Doc, sent: Span, rejected: list | None) -> list[Claim]:
    """'£3m', '$5bn', '3m visitors'."""
    base, out = sent.start_char, []
    for m in _SUFFIXED_AMOUNT.finditer(sent.text):
        number, suffix = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        value = float(number.replace(",", "")) * SCALE_SUFFIXES[suffix.lower()]
        unit = CURRENCY_SYMBOLS[m.group(1)] if m.group(1) else "count"
        tok, last = number_token(doc, base + m.start(), base + m.end()), token_at(doc, base + m.end() - 1)
        after = doc[last.i + 1] if last is not None and last.i + 1 < len(doc) else None
        if (
            unit == "count"
            and suffix.lower() in SUFFIXES_NEEDING_A_NOUN
            and (after is None or after.tag_ not in ("NNS", "NNPS"))
        ):
            _reject(rejected, "quantities.suffix_needs_a_noun", base + m.start(), base + m.end())
            continue  # '3m' alone is three metres; '3m visitors' three million
        if unit == "count" and _measured_by_quantulum(sent.text, m.start(), value):
            continue  # '0.5k miles': quantulum3 reads 500 miles, its unit stands
        claim = found(
            "quantities.scale_suffix",
            base + m.start(),
            base + m.end(),
            value,
            unit,
            dimension="currency" if m.group(1) else "count",
            number_token=tok.i if tok is not None else None,
        )
        claim.extra["preferred"] = True
        claim.extra["scale"] = SCALE_SUFFIXES[suffix.lower()]
        out.append(claim)
    return out


def _prefixed_amounts(doc: Doc, sent: Span) -> list[Claim]:
    """'HK$38', 'A$2.47bn', 'CHF 2.3bn', 'RM79', 'Rs 500 crore': a currency written before the number
    by its code or a composite sign (quantities.currency_prefixes), with the scale after it."""
    base, out = sent.start_char, []
    for m in _PREFIXED_AMOUNT.finditer(sent.text):
        prefix, space, number, suffix, word = m.groups()
        if space and prefix in _GLUED_PREFIXES:
            continue  # 'RM 5' is no ringgit amount without the glue
        scale = float(SCALE_SUFFIXES[suffix.lower()]) if suffix else float(WORD_SCALES[word.lower()]) if word else 1.0
        tok = number_token(doc, base + m.start(3), base + m.end())
        claim = found(
            "quantities.currency_prefix",
            base + m.start(),
            base + m.end(),
            float(number.replace(",", "")) * scale,
            CURRENCY_PREFIXES[prefix],
            dimension="currency",
            number_token=tok.i if tok is not None else None,
        )
        claim.extra.update(preferred=True, scale=scale)
        out.append(claim)
    return out


def _num_word(word: str) -> float:
    return float(word.replace(",", "")) if word[0].isdigit() else float(SMALL_NUMBERS[word.lower()])


def _one_in(doc: Doc, sent: Span) -> list[Claim]:
    """'one in five children', '1 in 10 adults': a fraction."""
    base, out = sent.start_char, []
    for m in _ONE_IN.finditer(sent.text):
        part, whole = (_num_word(g) for g in m.groups())
        if whole > part:
            tok = token_at(doc, base + m.end() - 1)
            claim = found(
                "quantities.one_in",
                base + m.start(),
                base + m.end(),
                part / whole,
                "fraction",
                dimension="ratio",
                number_token=tok.i if tok is not None else None,
            )
            claim.extra["preferred"] = True
            out.append(claim)
    return out


def _vague_amounts(doc: Doc, sent: Span) -> list[Claim]:
    """'hundreds of', 'tens of thousands of', 'several hundred', bare 'dozens' (Matcher patterns
    quantities.vague_*): read left to right, a longer amount before the shorter ones inside it."""
    spans = []
    for rule in ("quantities.vague_of", "quantities.vague_several", "quantities.vague_bare"):
        spans += [(s, e, rule) for s, e in surface_matches(doc, rule, sent)]
    out, taken_to = [], -1
    for s, e, rule in sorted(spans, key=lambda m: (m[0], -(m[1] - m[0]))):
        if s < taken_to:
            continue
        tokens = doc[s:e]
        if rule == "quantities.vague_of":
            if e < len(doc) and doc[e].lower_ in _VAGUE_LARGE:  # 'dozens of thousands of': the thousands count
                continue
            low = VAGUE_SCALES[" ".join(t.lower_ for t in tokens[:-1])]
        elif rule == "quantities.vague_several":
            several, scale = " ".join(t.lower_ for t in tokens[:-1]), tokens[-1].lower_
            low = VAGUE_SEVERAL[several] * SCALE_WORDS[scale]
        else:
            if e < len(doc) and doc[e].lower_ == "of":
                continue
            low = VAGUE_SCALES[" ".join(t.lower_ for t in tokens)]
        taken_to = e
        claim = found(
            rule,
            tokens.start_char,
            tokens.end_char,
            None,
            "count",
            dimension="count",
            value_low=float(low),
            number_token=tokens[0].i,
        )
        claim.decide("qualifier", rule, qualifier="vague")
        claim.extra["vague"] = True
        out.append(claim)
    return out


_VAGUE_LARGE = words("quantities.vague_large_plurals")


# 'two and a half', '1 and a half': the whole of a mixed number, read by quantulum3 (2.5 miles, 2.5 years)
_MIXED_NUMBER_BEFORE = re.compile(
    r"(?:\d|\b(?:"
    + alternation(sorted(SPELLED, key=len, reverse=True))
    + r")|\ban?\s+(?:"
    + alternation(sorted(words("quantities.article_units"), key=len, reverse=True))
    + r"))\s+and\s+$",
    re.I,
)


def _fractions(doc: Doc, sent: Span, rejected: list | None) -> list[Claim]:
    """'half', 'two-thirds', 'a quarter of a percentage point'; not 'half a year' nor 'the second half'."""
    base, stext, out = sent.start_char, sent.text, []
    for m in _FRACTION.finditer(stext):
        s, e = base + m.start(), base + m.end()
        before = stext[max(0, m.start() - 20) : m.start()].lower()
        after = stext[m.end() : m.end() + 30].lower()
        if _MIXED_NUMBER_BEFORE.search(before) and m.group(1).lower() in ("a half", "half"):
            _reject(rejected, "quantities.mixed_number", s, e)  # 'two and a half years': quantulum3 reads 2.5
            continue
        if (
            _FRACTION_ORDINAL_BEFORE.search(before)
            or _FRACTION_OF_TIME.match(after)
            or _FRACTION_IDIOM_AFTER.match(after)
            or re.search(r"\bin\s+$", before)
        ):
            _reject(rejected, "quantities.fraction_of_time", s, e)
            continue
        tok = token_at(doc, e - 1)
        of_percent = _OF_A_PERCENT.match(after)
        if of_percent:  # 'a quarter of a percentage point' is 0.25 percent
            claim = found(
                "quantities.fraction_of_a_percent",
                s,
                e + of_percent.end(),
                FRACTIONS[m.group(1).lower()],
                "percent",
                dimension="ratio",
                number_token=tok.i if tok is not None else None,
            )
            claim.extra["preferred"] = True
            out.append(claim)
            continue
        out.append(
            found(
                "quantities.fraction",
                s,
                e,
                FRACTIONS[m.group(1).lower()],
                "fraction",
                dimension="ratio",
                number_token=tok.i if tok is not None else None,
            )
        )
    return out


def _multiple_verbs(doc: Doc, sent: Span) -> list[Claim]:
    """'doubled', 'doubling', 'halved' (Matcher pattern quantities.multiple_verb, on the lemma): a
    multiple and its direction."""
    out = []
    for s, e in surface_matches(doc, "quantities.multiple_verb", sent):
        tok = doc[s]
        value, unit, direction = MULTIPLE_VERBS[tok.lemma_.lower()]
        claim = found(
            "quantities.multiple_verb",
            doc[s:e].start_char,
            doc[s:e].end_char,
            float(value),
            unit,
            dimension="ratio",
            number_token=tok.i,
        )
        claim.extra.update(verb_change=True, change=direction)  # read by kind.multiple_word
        out.append(claim)
    return out


def _number_value(tok: Token) -> float | None:
    """The value of one number token ('2.4', 'three'), or None."""
    text = tok.text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return float(SMALL_NUMBERS[tok.lower_]) if tok.lower_ in SMALL_NUMBERS else None


def _change_above(tok: Token) -> Token | None:
    """A word of change the token hangs on ('increased 2.4 times', 'reduced ... twofold'), or None."""
    for anc in list(tok.ancestors)[:3]:
        if anc.lemma_.lower() in _CHANGE_WORDS:
            return anc
    return None


def _multiples(doc: Doc, sent: Span, rejected: list | None = None) -> list[Claim]:
    """'three times higher', 'increased 2.4 times', 'twice the target', 'by a factor of 1.5', 'cut in
    half' (Matcher patterns quantities.times_multiple, twice, factor_of, in_half): a multiple, unit
    `ratio` (a half: `fraction`); a change when a word of change governs it.  'three times a week' is a
    frequency and is left to quantulum3."""
    out = []
    for s, e in surface_matches(doc, "quantities.times_multiple", sent):
        number, times = doc[s], doc[e - 1]
        after = doc[e] if e < len(doc) else None
        change = _change_above(times) or _change_above(number)
        compared = after is not None and (after.tag_ in ("JJR", "RBR") or after.lower_ in TIMES_AFTER)
        value = _number_value(number)
        if value is not None and e - s > 2:  # 'one and a half times'
            value += 0.5
        if value is None or not (compared or change is not None):
            continue
        out.append(_multiple("quantities.times_multiple", doc[s:e], value, "ratio", number, change))
    for s, _e in surface_matches(doc, "quantities.twice", sent):
        out.append(_multiple("quantities.twice", doc[s : s + 1], 2.0, "ratio", doc[s], _change_above(doc[s])))
    for s, e in surface_matches(doc, "quantities.factor_of", sent):
        value = _number_value(doc[e - 1])
        if value is not None:
            out.append(_multiple("quantities.factor_of", doc[s:e], value, "ratio", doc[e - 1], _change_above(doc[s])))
    for s, e in surface_matches(doc, "quantities.in_half", sent):
        change = _change_above(doc[s])
        if change is not None and change.lemma_.lower() in _DOWN_WORDS:  # 'cut in half'; not 'time split in half'
            out.append(_multiple("quantities.in_half", doc[s:e], 0.5, "fraction", doc[e - 1], change))
        else:
            _reject(rejected, "quantities.in_half", doc[s:e].start_char, doc[s:e].end_char)
    return out


def _multiple(rule: str, span: Span, value: float, unit: str, tok: Token, change: Token | None) -> Claim:
    claim = found(rule, span.start_char, span.end_char, value, unit, dimension="ratio", number_token=tok.i)
    claim.extra["preferred"] = True  # over quantulum3's '2.4 times' (a count of 'times')
    if change is not None:
        direction = "down" if change.lemma_.lower() in _DOWN_WORDS else "up"
        claim.extra.update(verb_change=True, change=direction)  # read by kind.multiple_word
    return claim


_CHANGE_WORDS = (
    words("shared.up_lemmas")
    | words("shared.down_lemmas")
    | words("kind.change_noun_direction")  # the change nouns an amount modifies
)
_DOWN_WORDS = words("shared.down_lemmas") | {w for w, d in mapping("kind.change_noun_direction").items() if d == "down"}


def _folds(doc: Doc, sent: Span, rejected: list | None) -> list[Claim]:
    """'2.6-fold', 'threefold': a multiple, when a word of change is near ('two-fold in nature' is an idiom)."""
    base, out = sent.start_char, []
    for m in _FOLD.finditer(sent.text):
        tok = token_at(doc, base + m.start())
        window = doc[max(0, tok.i - 4) : tok.i + 5] if tok is not None else []
        change = [t for t in window if t.lemma_ in _CHANGE_WORDS]
        above = _change_above(tok) if tok is not None else None
        if above is not None:  # 'reduced the rate for all small companies twofold'
            change.insert(0, above)
        if not change:
            _reject(rejected, "quantities.fold_idiom", base + m.start(), base + m.end())
            continue
        n = m.group(1).lower()
        value = float(n) if n[0].isdigit() else float(SMALL_NUMBERS[n])
        direction = "down" if change[0].lemma_ in _DOWN_WORDS else "up"
        claim = found(
            "quantities.fold",
            base + m.start(),
            base + m.end(),
            value,
            "ratio",
            dimension="ratio",
            number_token=tok.i,
        )
        claim.extra.update(verb_change=True, change=direction)  # read by kind.multiple_word
        out.append(claim)
    return out


# -- after assembly -----------------------------------------------------------------------------
def vague_unit(doc: Doc, claim: Claim, *, ton_means: str = "tonne") -> None:
    """A vague amount takes its unit from the noun after 'of' ('hundreds of kilos')."""
    text = doc_text(doc)
    m = _VAGUE_UNIT_AFTER.match(text[claim.end : claim.end + 30])
    if not m:
        return
    word = m.group(1).lower().rstrip("s")
    unit = VAGUE_UNITS[word]
    unit = ton_means if unit == "ton" else unit
    claim.decide("unit", "quantities.vague_unit", unit=unit, unit_text=m.group(1))
    phys = unit_info(unit)
    if phys:
        claim.dimension, claim.si_unit, claim.value_si = (
            phys["dimension"],
            phys["si_unit"],
            claim.value_low * phys["factor"],
        )
    claim.end += m.end()
    tok = token_at(doc, claim.end - 1)
    claim.number_token = tok.i if tok is not None else claim.number_token


def qualifier_at(text: str, pos: int) -> tuple[str, int] | None:
    """The qualifier whose words end right before `pos` ('more than', 'about'): its name and where it
    starts; the longest wins ('no less than' over 'less than')."""
    window_start = max(0, pos - 40)
    before = text[window_start:pos]
    found_at = [(m.start(1), name) for name, pattern in _QUALIFIER_BEFORE if (m := pattern.search(before))]
    if not found_at:
        return None
    start, name = min(found_at)
    return name, window_start + start


def qualifier_before(doc: Doc, claim: Claim) -> None:
    """How the amount is bounded or softened, the claim's span grown over the words that say it:
    words before it ('more than', 'about': quantities.qualifier_before), but not 'about' after a verb of
    speech ('we spoke about 27 billion': quantities.about_as_preposition); a verb whose object it is
    ('exceeds $9 billion', 'did not exceed 5%': quantities.bound_verb); words after it ('60 billion
    rubles or so', '30 percent or more': quantities.qualifier_after)."""
    text = doc_text(doc)
    found_at = qualifier_at(text, claim.start)
    if found_at is not None:
        name, start = found_at
        if name == "approx" and _ABOUT_AFTER_SPEECH.search(text[max(0, start - 30) : claim.start]):
            claim.decide("qualifier", "quantities.about_as_preposition", qualifier="exact")
            return
        claim.decide("qualifier", "quantities.qualifier_before", qualifier=name, start=start)
        return
    bound = _bound_verb(doc, claim)
    if bound is not None:
        claim.decide("qualifier", "quantities.bound_verb", qualifier=bound)
        return
    after = _QUALIFIER_AFTER.match(text, claim.end)
    if after is not None:
        name = QUALIFIERS_AFTER[re.sub(r"\s+", " ", after.group(1).lower())]
        claim.decide("qualifier", "quantities.qualifier_after", qualifier=name, end=after.end())


def _bound_verb(doc: Doc, claim: Claim) -> str | None:
    """'exceeds $9 billion', 'topped $1.2tn': the amount is the object of a verb that bounds it from
    below; negated ('should not exceed 30 percent') from above."""
    tok = token_at(doc, claim.start)
    if tok is None:
        return None
    k = tok.i - 1
    while k >= 0 and doc[k].lower_ in _BOUND_FILLERS:
        k -= 1
    if k < 0:
        return None
    verb = doc[k]
    bound = BOUND_VERBS.get(verb.lemma_.lower())
    if bound is None or verb.pos_ != "VERB":
        return None
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        t.lower_ in _NEGATIONS for t in doc[max(0, verb.i - 2) : verb.i]
    )
    return _OPPOSITE[bound] if negated else bound
