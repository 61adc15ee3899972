"""Doc -> claim rows: quantulum3 finds numbers and units, the spaCy parse finds the rest
(qualifier, the thing measured, change or rate, the period the sentence names).

quantulum3 runs only on sentences whose tokens hold a number; its unit classifier is off (the
bundled pickle needs packages that are not installed), so ambiguous units are resolved by its
rule-based fallback and by the rules here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import yaml
from spacy.tokens import Doc, Span, Token

from pipeline.periods import resolve_period

QUALIFIERS = [  # longest first: 'no more than' before 'more than'
    (
        "upper_bound",
        r"no more than|not more than|less than|fewer than|up to|at most|under|below|within|just under|no higher than",
    ),
    (
        "lower_bound",
        r"no less than|not less than|more than|over|at least|above|exceeding|in excess of|upwards of|"
        r"well over|just over|nearly over|as many as|as much as",
    ),
    (
        "approx",
        r"around|about|almost|nearly|some|roughly|approximately|approx\.|close to|an estimated|estimated|"
        r"circa|or so|practically|virtually|maybe|perhaps",
    ),
]
_QUALIFIER_BEFORE = [
    (name, re.compile(rf"(?:^|\W)((?:{words}))\s+(?:even\s+|only\s+|another\s+|the\s+)?$", re.I))
    for name, words in QUALIFIERS
]
VAGUE_SCALES = {
    "dozens": 24,
    "tens": 20,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
    "hundreds of thousands": 200000,
    "millions": 2_000_000,
    "billions": 2_000_000_000,
    "tens of millions": 20_000_000,
    "hundreds of millions": 200_000_000,
    "tens of billions": 20_000_000_000,
    "hundreds of billions": 200_000_000_000,
}
_VAGUE = re.compile(
    r"\b((?:tens|hundreds) of (?:thousands|millions|billions)|dozens|tens|scores|hundreds|thousands|millions|billions)"
    r"\s+of\b(?!\s+(?:thousands|millions|billions)\b)"
    r"|\b(several|a few)\s+(hundred|thousand|million|billion|dozen)\b"
    # bare, as a noun: 'dozens were injured', 'thousands fled'
    r"|\b((?:tens|hundreds) of (?:thousands|millions|billions)|dozens|hundreds|thousands|millions)\b(?!\s+of\b)",
    re.I,
)
SCALE_WORDS = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "one-third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "one-quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "one-fifth": 0.2,
    "a tenth": 0.1,
    "one tenth": 0.1,
    "one-tenth": 0.1,
}
_FRACTION = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in FRACTIONS), key=len, reverse=True)) + r")\b", re.I
)
# 'half a year', 'a quarter of a century', 'the first half of 2012': durations and periods, not amounts
_FRACTION_OF_TIME = re.compile(
    r"\s+(?:of\s+(?:the\s+|a\s+|an\s+)?(?:years?|\d{4}|this|last|next|months?|century|decade)"
    r"|(?:a|an)\s+(?:year|month|century|decade|hour|day|week|minute))\b",
    re.I,
)
_FOLD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)[- ]?fold\b", re.I)
_DOUBLED = re.compile(r"\b(doubled|tripled|quadrupled|halved)\b", re.I)
UP_LEMMAS = {
    "rise",
    "grow",
    "increase",
    "add",
    "climb",
    "gain",
    "expand",
    "jump",
    "surge",
    "accelerate",
    "go",
    "strengthen",
    "improve",
    "raise",
    "boost",
    "double",
    "triple",
    "soar",
    "up",
    "higher",
    "more",
}
DOWN_LEMMAS = {
    "fall",
    "drop",
    "decrease",
    "decline",
    "shrink",
    "reduce",
    "cut",
    "lose",
    "slow",
    "contract",
    "plunge",
    "weaken",
    "lower",
    "diminish",
    "halve",
    "down",
    "less",
    "fewer",
    "slash",
    "sink",
}
CHANGE_NOUNS_UP = {"increase", "growth", "rise", "gain", "jump", "surge"}
CHANGE_NOUNS_DOWN = {"decrease", "drop", "decline", "fall", "reduction", "cut", "contraction", "slowdown"}
_RATE_AFTER = re.compile(
    r"^\s*(?:(?:per|a|an|each|every)\s+(?:single\s+)?(year|month|week|day|hour|annum)|(annually|yearly|monthly|weekly|daily))\b"
    r"(?!\s+(?:earlier|ago|later|before|after|previously)\b)",
    re.I,
)  # 'a year earlier' is a time
# Words that, written right before a number, make it an identifier and not a quantity.
_IDENTIFIER_BEFORE = re.compile(
    r"(?:No\.|Nos\.|number|Number|[Uu]nits?|[Rr]eactors?|Article|article|Part|part|Resolution|Decree|Order|page|Paragraph|"
    r"clause|Section|section|Chapter|chapter|Item|item|Form|form|Flight|flight|Su|Tu|Il|An|MiG|"
    r"S|T|A|G|Channel|channel|Route|route|bus|room|Room|Building|building|Hall|hall|"
    r"version|Version|level|Level|code|Code)\s*[-–]?\s*$"
)
CONTAINER_NOUNS = {
    "type",
    "types",
    "kind",
    "kinds",
    "number",
    "amount",
    "share",
    "part",
    "volume",
    "level",
    "total",
    "percent",
    "percentage",
    "proportion",
    "majority",
    "sort",
    "sorts",
    "group",
    "lot",
    "lots",
    "series",
    "range",
    "set",
    "sum",
    "quantity",
    "portion",
    "fraction",
    "bulk",
    "rest",
    "half",
    "third",
    "quarter",
    "piece",
    "pieces",
    "item",
    "items",
    "unit",
    "units",
}
# Nouns naming the measure rather than the thing: 'inflation rate' measures inflation.
# a rate that is the thing itself, not the rate of a thing: 'interest rates' stay whole
RATE_COMPOUNDS = {
    "interest",
    "exchange",
    "mortgage",
    "tax",
    "key",
    "refinancing",
    "discount",
    "policy",
    "lending",
    "deposit",
    "loan",
    "base",
}
MEASURE_NOUNS = {
    "rate",
    "rates",
    "level",
    "levels",
    "figure",
    "figures",
    "index",
    "indicator",
    "indicators",
    "ratio",
    "average",
    "maximum",
    "minimum",
    "peak",
    "record",
}
CHANGE_NOUNS = {
    "growth",
    "increase",
    "rise",
    "drop",
    "decline",
    "fall",
    "decrease",
    "reduction",
    "strengthening",
    "weakening",
    "gain",
    "loss",
    "contraction",
    "expansion",
}
# Nouns of movement: 'the inflow of investment' is an amount of investment
FLOW_NOUNS = {"inflow", "outflow", "influx", "inflows", "outflows"}
UNIT_WORDS = {
    "ruble",
    "rubles",
    "rouble",
    "roubles",
    "dollar",
    "dollars",
    "euro",
    "euros",
    "percent",
    "%",
    "cent",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "kilogram",
    "kilograms",
    "metre",
    "metres",
    "kilometre",
    "kilometres",
    "thousand",
    "million",
    "billion",
    "trillion",
    "percentage",
    "point",
    "points",
}
TIME_NOUNS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "quarter", "time", "period"}
PEOPLE_NOUNS = {
    "people",
    "persons",
    "person",
    "individuals",
    "employees",
    "men",
    "women",
    "staff",
    "personnel",
    "workers",
}
_DASHED_RANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*[–—-]\s*(\d[\d,]*(?:\.\d+)?)")
_ERA_AFTER = re.compile(r"\s*(?:B\.\s?C\.|BC|BCE|A\.\s?D\.|AD)(?!\w)")  # '534 B.C.' is a year
_YEAR_RANGE = re.compile(r"(?:1[89]\d\d|20\d\d)\s*(?:to|and|-|–|—)\s*(?:1[89]\d\d|20\d\d)")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_TIME_EXPRESSION = re.compile(
    r"\b(?:(?:between|from)\s+(?:1[89]\d\d|20\d\d)\s+(?:and|to|until|till)\s+(?:1[89]\d\d|20\d\d)"
    r"|(?:in|of|for|since|during)\s+(?:the\s+)?(?:1[89]\d\d|20\d\d)"
    r"|(?:this|last|next|current|previous)\s+(?:year|month|quarter|decade))\b",
    re.I,
)
_REAL_TERMS = re.compile(r"^\s*in\s+(?:real|nominal)\s+terms\b", re.I)
CHANGE_PREPOSITIONS = {"of", "by", "around", "about", "at", "to", "near", "over", "in"}
CUMULATIVE_LEMMAS = {"reach", "total", "amount", "accumulate", "exceed", "top", "hit"}
_NUM_TOKEN = re.compile(r"\d")
SPELLED = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "half",
    "third",
    "quarter",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "doubled",
    "tripled",
    "halved",
    "percent",
    "fold",
}


@dataclass
class Claim:
    start: int  # offsets in the Doc's text
    end: int
    value: float | None
    unit: str
    unit_text: str | None = None
    dimension: str | None = None
    value_low: float | None = None
    value_high: float | None = None
    qualifier: str = "exact"
    value_si: float | None = None
    si_unit: str | None = None
    measured: str | None = None
    kind: str = "level"
    direction: str | None = None
    editorial: bool = False
    number_token: int | None = None
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def physical_units() -> dict:
    text = resources.files("pipeline.gazetteers").joinpath("units.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


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
def _parse_quantities(text: str) -> tuple:
    try:
        return tuple(_quantulum().parse(text))
    except Exception:  # quantulum3 raises on some odd inputs; a sentence without quantities is the safe answer
        return ()


def sentence_has_number(sent: Span) -> bool:
    """Cheap test run before quantulum3: does any token look like a number or a quantity word?"""
    return any(
        t.like_num or _NUM_TOKEN.search(t.text) or t.lower_ in SPELLED or t.text in "$€£" or t.lower_.endswith("fold")
        for t in sent
    )


# -- units --------------------------------------------------------------------------------------
# quantulum3 units kept by name, without an SI value
PLAIN_UNITS = {"degree Celsius": "temperature", "degree fahrenheit": "temperature", "degree": "degree", "pair": "count"}


def map_unit(q, *, ton_means: str = "tonne") -> dict:
    """Our unit fields from a quantulum3 quantity."""
    name = UNIT_RENAMES.get(q.unit.name, q.unit.name)
    entity = q.unit.entity.name
    rate = None
    if name == "per cent":
        name = "percentage"
    elif name.startswith("per "):  # 'a million a day' is a dimensionless rate; 'half a percent' a percentage
        name, rate = ("percentage", None) if name == "per percentage" else ("dimensionless", name[4:])
    elif " per " in name:
        name, rate = name.split(" per ", 1)
    currency = q.unit.currency_code or _currency_code(name)
    if currency:  # also '$91 per barrel', whose compound unit has no code of its own
        return {"unit": currency, "dimension": "currency", "rate": rate}
    if name in ("percentage", "percent", "percentage point", "per cent"):
        return {"unit": "percent", "dimension": "ratio", "rate": rate}
    if name == "dimensionless":
        return {"unit": "count", "dimension": "count", "rate": rate}
    if name == "ton":
        name = {"tonne": "tonne", "short ton": "short ton", "long ton": "long ton"}.get(ton_means, "tonne")
    phys = physical_units().get(name)
    if phys:
        return {
            "unit": phys["unit"],
            "dimension": phys["dimension"],
            "si_unit": phys["si_unit"],
            "factor": phys["factor"],
            "rate": rate,
        }
    return {"unit": name, "dimension": PLAIN_UNITS.get(name, entity), "rate": rate}


# -- parse helpers ------------------------------------------------------------------------------
_MEMO: dict = {"doc": None}


def _memo(doc: Doc, name: str, compute):
    """One value per Doc, for the Doc being read: spaCy rebuilds doc.text and doc.ents from every
    token on each access, which made claim extraction quadratic in the length of a turn."""
    if _MEMO["doc"] is not doc:
        _MEMO.clear()
        _MEMO["doc"] = doc
    if name not in _MEMO:
        _MEMO[name] = compute()
    return _MEMO[name]


def doc_ents(doc: Doc) -> tuple:
    return _memo(doc, "ents", lambda: doc.ents)


def doc_text(doc: Doc) -> str:
    return _memo(doc, "text", lambda: doc.text)


def sentence_ents(doc: Doc, sent: Span) -> list[Span]:
    return [e for e in doc_ents(doc) if sent.start_char <= e.start_char < sent.end_char]


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _noun_phrase(tok: Token) -> str:
    """The noun phrase headed by tok, without determiners, numbers, qualifiers or trailing clauses;
    a measure noun at its end is dropped ('inflation rate' -> 'inflation')."""
    phrase = _raw_noun_phrase(tok)
    words = phrase.split()
    if len(words) > 1 and words[-1].lower() in MEASURE_NOUNS and words[-2].lower() not in RATE_COMPOUNDS:
        return " ".join(words[:-1])
    return phrase


def _only_a_measure(tok: Token) -> bool:
    """'the annual rate', 'this figure': a measure noun with nothing that says what it measures."""
    return tok.lower_ in MEASURE_NOUNS and not any(
        c.dep_ in ("compound", "nmod", "poss") and c.pos_ in ("NOUN", "PROPN") for c in tok.lefts
    )


def _starts_hyphenated_word(tok: Token) -> bool:
    doc = tok.doc
    return (
        tok.i + 2 < len(doc) and not tok.whitespace_ and doc[tok.i + 1].text == "-" and not doc[tok.i + 1].whitespace_
    )


def _raw_noun_phrase(tok: Token) -> str:
    left = [
        c
        for c in tok.lefts
        if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod")
        and not c.like_num
        and not (c.dep_ == "poss" and c.pos_ == "PRON")  # 'our economy' is the economy
        and c.lower_ not in ("new", "other", "such", "more", "last", "next", "only", "another", "some", "about")
    ]
    start = min([tok.i] + [c.left_edge.i for c in left])
    # skip leading determiners, numbers and qualifier words kept by left_edge
    doc = tok.doc
    while (
        start < tok.i
        and not _starts_hyphenated_word(doc[start])
        and (
            doc[start].pos_ in ("DET", "NUM", "ADV", "PUNCT", "ADP", "CCONJ")
            or doc[start].like_num
            or doc[start].lower_
            in ("new", "other", "such", "more", "than", "about", "around", "another", "percent", "%", "per", "cent")
        )
    ):
        start += 1
    end = tok.i + 1
    # a mis-parsed compound continues to the right ('drug dens' parsed as 'drug' + appos 'dens')
    while (
        end < len(doc)
        and doc[end].pos_ in ("NOUN", "PROPN")
        and doc[end].dep_ in ("appos", "compound")
        and doc[end].head.i in (tok.i, tok.head.i, tok.head.head.i)
        and not doc[end - 1].is_punct
    ):
        end += 1
    return doc[start:end].text


def _whole_word(tok: Token) -> tuple[Token, Token]:
    """First and last token of a hyphenated word the tokenizer split ('non-execution')."""
    doc, first, last = tok.doc, tok, tok
    while (
        first.i >= 2
        and doc[first.i - 1].text == "-"
        and not doc[first.i - 1].whitespace_
        and not doc[first.i - 2].whitespace_
        and doc[first.i - 2].is_alpha
    ):
        first = doc[first.i - 2]
    while (
        last.i + 2 < len(doc)
        and not last.whitespace_
        and doc[last.i + 1].text == "-"
        and not doc[last.i + 1].whitespace_
        and doc[last.i + 2].is_alpha
    ):
        last = doc[last.i + 2]
    return first, last


def _of_object(tok: Token) -> Token | None:
    """X in 'N of X' (and in 'the situation with X', which talks about X)."""
    preps = (
        ("of", "with")
        if tok.lower_ in ("situation", "state", "position")
        else ("of", "in")
        if tok.lower_ in CHANGE_NOUNS
        else ("of",)
    )  # 'a drop in demand'
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _governing_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        if t.head is t:
            return None
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


def _coordinated_subject(verb: Token) -> Token | None:
    """'X is 20%, and lending to enterprises, that is, ..., has increased by 14%': a finite verb the
    parse left without a subject, whose subject is the word right after the 'and' before it."""
    if not any(c.dep_ == "aux" for c in verb.children) and verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        t = verb.doc[i]
        if t.pos_ == "CCONJ":
            after = verb.doc[i + 1]
            if (
                after.i != verb.i
                and (after.pos_ in ("NOUN", "PROPN") or after.tag_ == "VBG")
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in after.children)
            ):
                return after
            return None
        if t.pos_ == "VERB" and t.tag_ != "VBG":
            return None  # another clause's verb comes first
    return None


def _subject_of(verb: Token, depth: int = 0) -> Token | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and (coordinated := _coordinated_subject(verb)) is not None:
        return coordinated
    if depth > 4:
        return None
    if subj is None and verb.dep_ in ("xcomp", "ccomp", "conj", "advcl") and verb.head is not verb:
        return _subject_of(verb.head, depth + 1)
    if subj is None and verb.dep_ == "acl" and verb.head.pos_ in ("NUM", "NOUN", "SYM") and verb.head.i != verb.i:
        # 'grew by 9 percent exceeding $1 billion': what exceeded is what grew
        above = _governing_verb(verb.head)
        return _subject_of(above, depth + 1) if above is not None and above.i != verb.i else None
    if subj is not None and subj.lower_ in ("which", "that", "who") and verb.dep_ == "relcl":
        return verb.head  # 'the strengthening of the ruble, which amounted to 20%'
    if subj is not None and subj.lower_ in ("it", "this", "that"):
        return _antecedent(subj)
    if subj is not None and subj.pos_ == "PRON":
        return None
    if subj is not None and subj.pos_ == "VERB" and any(c.dep_ in ("nsubj", "dobj") for c in subj.children):
        return None  # a clause as subject, not a mis-tagged noun ('progress ... reached 89 percent')
    return subj


PERSONAL_PRONOUNS = {"i", "we", "you", "they"}
STATING_LEMMAS = {
    "be",
    "expect",
    "forecast",
    "predict",
    "project",
    "estimate",
    "anticipate",
    "target",
    "assume",
    "stand",
    "remain",
    "amount",
    "total",
    "reach",
    "come",
}


def _names_no_subject(verb: Token) -> bool:
    """No clause up from the verb has a noun subject: none in the parse, or a pronoun ('we', 'it')."""
    t = verb
    for _ in range(6):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj.pos_ == "PRON"
        if t.head is t:
            return True
        t = t.head
    return True


def _states_a_value(verb: Token) -> bool:
    """'it was 770 billion', 'we expect 5%': the verb (or one it depends on) states or expects a
    value, rather than acting on the amount ('we seized 6 billion rubles', 'I climbed 5,700 metres')."""
    t = verb
    for _ in range(4):
        if t.lemma_.lower() in STATING_LEMMAS or t.lower_.replace("’", "'") in ("'s", "'re", "'m"):
            return True  # the model leaves "’s" (curly apostrophe) unlemmatised
        if t.head is t:
            return False
        t = t.head
    return False


def _antecedent(pronoun: Token) -> Token | None:
    """What 'it' stands for: the topic before it in the turn ('Inflation is decreasing (it now
    stands at 7%)')."""
    return _topic_before(pronoun.doc, pronoun.i)


def _topic_before(doc: Doc, i: int) -> Token | None:
    """The nearest topic before token i, in its sentence or the one before: a noun subject, or the
    object of a clause whose subject is a person ('we have had the highest inflow of investment. It was ...')."""
    sent_start = doc[i].sent.start
    floor = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    for k in range(i - 1, floor - 1, -1):
        t = doc[k]
        if t.pos_ not in ("NOUN", "PROPN") or t.lower_ in MEASURE_NOUNS:
            continue
        if t.dep_ in ("nsubj", "nsubjpass"):
            return t
        if t.dep_ in ("dobj", "attr") and any(
            (c.dep_ == "nsubj" and c.lower_ in PERSONAL_PRONOUNS) or c.dep_ == "expl" for c in t.head.children
        ):
            return t  # 'we had X', 'there were X'
    return None


def measured_of(doc: Doc, claim: Claim) -> str | None:
    """The thing counted or measured, read off the dependency parse."""
    tok = doc[claim.number_token] if claim.number_token is not None else None
    if tok is None:
        return None
    span_tokens = _claim_tokens(doc, claim)
    noun = tok
    # climb from the number to the noun it quantifies (nummod / quantmod / compound chains)
    for _ in range(3):
        if (
            noun.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod")
            and noun.head.i != noun.i
            and noun.head.pos_ in ("NOUN", "PROPN", "NUM", "SYM", "ADJ")
            and noun.head.lower_ not in TIME_NOUNS
        ):
            noun = noun.head
        else:
            break
    bare = False
    if (
        noun.i in span_tokens
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ == "NOUN"
        and _of_object(noun) is None
    ):
        holder = noun.head.head
        relative = claim.unit in ("percent", "ratio", "fraction")  # 'growth of 5%'; but 'a net loss of $200 million'
        if not (
            _only_a_measure(holder) or (holder.lower_ in CHANGE_NOUNS and relative) or holder.lower_ in CONTAINER_NOUNS
        ):
            return _noun_phrase(holder)  # 'the inflation rate of 7%', 'a net loss of $200 million'
        # 'it stands at the annual rate of 7%', 'showed growth of 5%', 'a total of $5 billion': ask the verb
        noun, bare = holder, True
    if bare:
        pass
    elif noun.i in span_tokens or noun.pos_ == "NUM" or noun.lower_ in CONTAINER_NOUNS:
        # the noun is the unit or a container ('tons of heroin', 'types of drugs', 'percent of targets')
        pobj = _of_object(noun)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.i not in span_tokens:
            inner = _of_object(pobj) if pobj.lower_ in CONTAINER_NOUNS else None
            return _noun_phrase(inner or pobj)
        if noun.i not in span_tokens and noun.pos_ in ("NOUN", "PROPN") and noun.lower_ not in CONTAINER_NOUNS:
            return _noun_phrase(noun)
        noun = tok if noun.i in span_tokens else noun
    elif noun.lower_ in CHANGE_NOUNS:
        # 'a 60 percent drop in demand': what dropped; else ask the verb
        inner = _of_object(noun)
        if inner is not None:
            return _noun_phrase(inner)
    elif noun.pos_ in ("NOUN", "PROPN"):
        # 'a staff of 35,000 people': the people are the staff
        if (
            noun.lower_ in PEOPLE_NOUNS
            and noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and noun.head.head.pos_ == "NOUN"
        ):
            return _noun_phrase(noun.head.head)
        return _noun_phrase(noun)
    # a bare amount ('dropped by almost half', 'was 7%'): the subject of the verb
    top = below = noun
    while top.head.i != top.i and top.dep_ in (
        "pobj",
        "prep",
        "nummod",
        "quantmod",
        "npadvmod",
        "advmod",
        "attr",
        "dobj",
        "acomp",
        "pcomp",
    ):
        top, below = top.head, top
        if top.pos_ in ("VERB", "AUX"):
            break
    verb = top if top.pos_ in ("VERB", "AUX") else _governing_verb(top)
    claim.extra["bare"] = True
    if verb is None or verb.pos_ not in ("VERB", "AUX") or (_names_no_subject(verb) and _states_a_value(verb)):
        # a fragment ('Approximately 12%.') or a pronoun stating a value ('we expect 5%'): continues the topic
        claim.extra["open"] = True
    if verb is None:
        return None
    # 'increased exports of food by 40 percent', 'keeping the budget deficit within 3 percent': the
    # object of the verb the amount hangs on is what is measured
    via_preposition = below.dep_ == "prep" and below.head.i == verb.i
    subj = (
        next(
            (
                c
                for c in verb.children
                if c.dep_ == "dobj"
                and c.i not in span_tokens
                and c.pos_ in ("NOUN", "PROPN")
                and c.lower_ not in TIME_NOUNS
            ),
            None,
        )
        if verb.lemma_ in UP_LEMMAS | DOWN_LEMMAS or via_preposition
        else None
    )
    return _phrase_of_subject(subj or _subject_of(verb), claim, span_tokens)


def _claim_tokens(doc: Doc, claim: Claim) -> set[int]:
    return {t.i for t in doc.char_span(claim.start, claim.end, alignment_mode="expand") or []}


def _phrase_of_subject(subj: Token | None, claim: Claim, span_tokens: set[int]) -> str | None:
    """The measured thing named by the subject (or object) of the amount's clause."""
    if subj is None or subj.pos_ not in ("NOUN", "PROPN", "VERB"):
        return None
    if subj.lower_ in CONTAINER_NOUNS or subj.lower_ in MEASURE_NOUNS or subj.lower_ in CHANGE_NOUNS:
        inner = _of_object(subj)
        if inner is not None and inner.i not in span_tokens:
            return _noun_phrase(inner)
        if _only_a_measure(subj):
            return None
    if subj.lower_ in ("situation", "state", "position") and _of_object(subj) is not None:
        return _noun_phrase(_of_object(subj))
    first, last = _whole_word(subj)
    if (last.lower_ in FLOW_NOUNS or first.lower_ == "non") and _of_object(last) is not None:
        # 'the inflow of investment', 'non-execution of spending': the amount is of the thing
        return f"{subj.doc[first.i : last.i + 1].text} of {_noun_phrase(_of_object(last))}"
    phrase = _noun_phrase(subj)
    return None if claim.unit_text and phrase.lower() == claim.unit_text.lower() else phrase


def change_of(doc: Doc, claim: Claim) -> tuple[str, str | None]:
    """('change', 'up'/'down') when the number is the size of a rise or fall, else ('level', None)."""
    if claim.number_token is None:
        return "level", None
    tok = doc[claim.number_token]
    # '12% up', '50 percent less': a comparative right after the amount
    following = re.match(r"\s?(\w+)", doc_text(doc)[claim.end : claim.end + 12])
    word = following.group(1).lower() if following else ""
    if word in ("up", "higher", "more"):
        return "change", "up"
    if word in ("down", "lower", "less", "fewer"):
        return "change", "down"
    modified = tok
    while modified.dep_ in ("nummod", "quantmod", "compound", "amod") and modified.head.i != modified.i:
        modified = modified.head
        if modified.lower_ in CHANGE_NOUNS_UP | CHANGE_NOUNS_DOWN:  # 'a 60 percent drop', 'a 5% increase'
            return "change", "up" if modified.lower_ in CHANGE_NOUNS_UP else "down"
    t = tok
    via_by = False
    for _ in range(5):
        if t.lower_ == "by" and t.dep_ in ("prep", "agent"):
            via_by = True
        if (
            t.lower_ in ("from", "to")
            and t.dep_ == "prep"
            and not via_by
            and (t.head.lemma_.lower() in UP_LEMMAS | DOWN_LEMMAS or t.head.lower_ in UP_LEMMAS | DOWN_LEMMAS)
        ):
            return "level", None  # 'fell to 3.9 percent', 'down from 4.1 percent': where it ended or began
        head = t.head
        if head.i == t.i:
            break
        lemma = head.lemma_.lower() if head.lemma_ else head.lower_
        if head.pos_ in ("VERB", "AUX", "ADV", "ADJ", "ADP") and (via_by or t.dep_ in ("dobj", "npadvmod", "advmod")):
            if lemma in UP_LEMMAS or head.lower_ in UP_LEMMAS:
                if lemma == "go" and not any(c.lower_ == "up" for c in head.children):
                    break
                return "change", "up"
            if lemma in DOWN_LEMMAS or head.lower_ in DOWN_LEMMAS:
                return "change", "down"
        # 'growth of 20%', 'growth around 15–20%', 'a decline by 5%'
        if head.pos_ == "NOUN" and t.dep_ == "prep" and t.lower_ in CHANGE_PREPOSITIONS:
            if head.lower_ in CHANGE_NOUNS_UP:
                return "change", "up"
            if head.lower_ in CHANGE_NOUNS_DOWN:
                return "change", "down"
        if head.pos_ in ("VERB",):
            break
        t = head
    if claim.unit == "percent" and _REAL_TERMS.match(doc_text(doc)[claim.end : claim.end + 30]):
        # '12% in real terms': a growth rate, adjusted for inflation or not
        return "change", "down" if re.search(
            r"\b(fell|dropped|declined|decreased|shrank)\b", doc_text(doc)[max(0, claim.start - 60) : claim.start]
        ) else "up"
    verb = _governing_verb(tok)
    subj = _subject_of(verb) if verb is not None else None
    if subj is not None and subj.lower_ in CHANGE_NOUNS and tok.i > subj.i:
        # 'the strengthening of the ruble, which amounted to 20%'
        down = subj.lower_ in {"drop", "decline", "fall", "decrease", "reduction", "weakening", "loss", "contraction"}
        return "change", "down" if down else "up"
    return "level", None


def _qualifier_before(text: str, start: int) -> tuple[str, int] | None:
    """(qualifier, start of its words) when words right before `start` qualify the number."""
    window_start = max(0, start - 40)
    before = text[window_start:start]
    for name, pattern in _QUALIFIER_BEFORE:
        m = pattern.search(before)
        if m:
            return name, window_start + m.start(1)
    return None


# -- extraction ---------------------------------------------------------------------------------
def _is_inside(doc: Doc, start: int, end: int, labels: tuple[str, ...]) -> bool:
    """Does [start, end) begin inside an entity with one of these labels (a DATE, a TIME)?"""
    return any(e.label_ in labels and e.start_char <= start < e.end_char for e in doc_ents(doc))


def _editorial(text: str, start: int, end: int) -> bool:
    """An editor's conversion in square brackets: '10,000 rubles [$320]'."""
    open_b = text.rfind("[", 0, start)
    return open_b >= 0 and text.find("]", open_b) >= end and "]" not in text[open_b:start]


def quantity_claims(doc: Doc, sent: Span, *, ton_means: str = "tonne") -> list[Claim]:
    text = doc_text(doc)
    base = sent.start_char
    claims: list[Claim] = []
    quantities = [_cleaned(sent.text, q) for q in _parse_quantities(sent.text)]
    for q in filter(None, quantities):
        s, e = base + q.span[0], base + q.span[1]
        surface = text[s:e]
        if not surface.strip():
            continue
        u = map_unit(q, ton_means=ton_means)
        if u["dimension"] in ("time", "instance frequency") or q.unit.entity.name == "time":
            continue  # durations ('six years') and bare times are not claims
        if re.match(r"\d+(?:st|nd|rd|th)\b", text[s : e + 2]):
            continue  # ordinals ('13th')
        if q.value < 0 and surface[:1] in "–—":
            if s > 0 and (text[s - 1].isdigit()):
                continue  # '1–21' read as minus 21
            s, surface = s + 1, surface[1:]  # 'many regions –21 regions': the dash is punctuation
            q = _Negated(q)
        number_tok = _number_token(doc, s, e)
        if number_tok is None:
            continue
        if u["unit"] == "count":
            if (
                _YEAR.match(surface.strip())
                or _YEAR_RANGE.fullmatch(surface.strip())
                or _ERA_AFTER.match(text[e : e + 8])
                or _is_inside(doc, number_tok.idx, number_tok.idx + len(number_tok), ("DATE", "TIME", "ORDINAL"))
            ):
                continue
            if number_tok.lower_ in ("one", "a", "an") or surface.strip().lower() in ("one", "a", "an"):
                continue
            if _IDENTIFIER_BEFORE.search(text[max(base, s - 20) : s]) or (
                text[e : e + 1] in ("-", "–") and text[e + 1 : e + 2].isalpha()
            ):
                continue
            if _names_a_model(number_tok):
                continue
            if (
                number_tok.dep_ not in ("nummod", "quantmod", "compound")
                and not _NUM_TOKEN.search(surface)
                and SCALE_WORDS.get(number_tok.lower_, 0) < 1000
            ):
                continue  # a spelled-out number not counting a noun ('one day', 'two of them'); 'a million' counts
            if re.fullmatch(r"(?:half|third|quarter)", surface.strip(), re.I):
                continue  # fractions are handled below
        elif (
            _is_inside(doc, number_tok.idx, number_tok.idx + len(number_tok), ("DATE", "TIME"))
            and u["unit"] not in ("percent",)
            and u["dimension"] != "currency"
        ):
            continue
        value = float(q.value)
        minus = re.search(r"\bminus\s+$", text[max(base, s - 8) : s], re.I)
        if minus and value > 0:  # 'minus 30 degrees'
            value, s = -value, max(base, s - 8) + minus.start()
        if q.unit.name == "dozen":  # quantulum3 makes 'a dozen' one dozen
            value, u = value * 12, {"unit": "count", "dimension": "count", "rate": None}
        claim = Claim(
            s, e, value, u["unit"], unit_text=_unit_text(surface), dimension=u["dimension"], number_token=number_tok.i
        )
        dashed = _DASHED_RANGE.search(surface)
        if dashed:  # quantulum3 adds up '$15–16 billion'; read both ends ourselves
            scale = _scale_of(surface)
            low, high = (float(x.replace(",", "")) * scale for x in dashed.groups())
            claim.value_low, claim.value_high, claim.qualifier, claim.value = low, high, "range", None
        elif q.uncertainty:
            claim.value_low, claim.value_high, claim.qualifier = value - q.uncertainty, value + q.uncertainty, "range"
            claim.value = None
        if "factor" in u:
            claim.value_si = (claim.value if claim.value is not None else claim.value_low) * u["factor"]
            claim.si_unit = u["si_unit"]
        if u.get("rate"):
            claim.kind = "rate"
            claim.extra["rate"] = u["rate"]
        claims.append(claim)
    return claims


# Words quantulum3 reads as units when they follow a number: 'at' (ampere-turn), 'in' (inch)
_LITTLE_WORDS = {"in", "at", "on", "of", "to", "for", "by", "with", "from", "as", "than", "into"}
_NUMBER_WORDS = SPELLED | {"a", "an", "and", "point", "minus", "plus"}
# quantulum3 units read as something else in speech: a bare 'C' after a number is a temperature
UNIT_RENAMES = {"coulomb": "degree Celsius", "degree angle": "degree"}


def _accepted_unit(q) -> bool:
    """Units this module maps: counts, percentages, currencies, time (dropped later) and the
    physical units of the gazetteer; quantulum3's other guesses ('turn', 'gauss') are words misread."""
    name = UNIT_RENAMES.get(q.unit.name, q.unit.name)
    base = name.split(" per ")[0]
    return (
        base in ("", "dimensionless", "percentage", "percent", "percentage point", "per cent", "dozen", "ton")
        or name.startswith("per ")
        or base in physical_units()
        or base in PLAIN_UNITS
        or _currency_code(base) is not None
        or q.unit.entity.name in ("time", "instance frequency")
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


def _read_again(sent_text: str, q, cut: int):
    """The quantity starting where q starts, in the text cut before `cut`."""
    return next((r for r in _parse_quantities(sent_text[:cut].rstrip()) if r.span[0] == q.span[0]), None)


def _cleaned(sent_text: str, q, depth: int = 0):
    """quantulum3 glues the words after a number into its unit: '3 percent at' (ampere-turn), '9
    percent in real [terms]' (percent x inch x Brazilian real), '15 percent ta[x]', '43 percent
    year[-on-year]', 'three revolutions' (turn), '5G' (gauss). The quantity is read again without
    those words; None when nothing is left (an identifier such as '5G')."""
    start, end = q.span
    surface = sent_text[start:end]
    last_digit = max((i for i, ch in enumerate(surface) if ch.isdigit()), default=0)
    # words after the amount ('3% to 5%' is a range, its 'to' no unit)
    words = [m for m in re.finditer(r"[^\W\d_]+", surface) if m.start() > last_digit]
    for m in words:
        cut_off = start + m.end() == end and (sent_text[end : end + 1].isalpha() or sent_text[end : end + 1] == "-")
        if depth < 3 and (m.group().lower() in _LITTLE_WORDS or cut_off):
            again = _read_again(sent_text, q, start + m.start())
            return _cleaned(sent_text, again, depth + 1) if again is not None else None
    if _accepted_unit(q):
        return q
    unit_word = next((m for m in words if m.group().lower() not in _NUMBER_WORDS), None)
    if unit_word is None or surface[unit_word.start() - 1].isdigit():
        return None  # a letter glued to the number: a name ('5G', 'Turksat-4B'), not an amount
    again = _read_again(sent_text, q, start + unit_word.start())
    return again if again is not None and _accepted_unit(again) else None


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


class _Negated:
    """A quantulum3 quantity whose minus sign was a dash."""

    def __init__(self, q):
        self.value, self.uncertainty, self.unit, self.span = -q.value, q.uncertainty, q.unit, q.span


def _unit_text(surface: str) -> str | None:
    m = re.search(r"[A-Za-z%$€£][A-Za-z %$€£.]*$", surface.strip())
    if not m:
        return None
    words = [w for w in m.group(0).split() if w.lower() not in SCALE_WORDS]
    return " ".join(words) or None


def _number_token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    nums = [t for t in span if t.like_num or _NUM_TOKEN.search(t.text) or t.lower_ in SPELLED]
    if not nums:
        return None
    # the last number word ('hundred' in 'Two hundred') is the one the parse attaches to the noun
    scale = [t for t in nums if t.lower_ in SCALE_WORDS]
    return scale[-1] if scale else nums[-1]


CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB"}
SCALE_SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12}
# money with a scale suffix ('£3m', '$5bn', '€2.5bn'); without a currency sign only the unambiguous suffixes ('5bn')
_SUFFIXED_AMOUNT = re.compile(
    r"(?<![\w.])(?:([$€£¥₽])\s?(\d+(?:[.,]\d+)*)\s?(k|mn|mln|m|bn|bln|b|tn|trn)"
    r"|(\d+(?:[.,]\d+)*)\s?(bn|bln|tn|trn|mn|mln|m|k))\b(?!-)",
    re.I,
)
_OF_A_PERCENT = re.compile(r"\s+(?:of\s+)?an?\s+(?:percentage\s+points?|percent|per\s+cent)\b", re.I)
# 'one in five adults', '1 in 10 children'
_ONE_IN = re.compile(
    r"\b(one|\d+)\s+(?:in|out of)\s+(?:every\s+)?(two|three|four|five|six|seven|eight|nine|ten|\d+)\b", re.I
)


def pattern_claims(doc: Doc, sent: Span) -> list[Claim]:
    """What quantulum3 misses: vague amounts, fractions, 'doubled', 'N-fold', '£3m', 'one in five'."""
    base = sent.start_char
    stext = sent.text
    out: list[Claim] = []
    for m in _SUFFIXED_AMOUNT.finditer(stext):
        number, suffix = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        value = float(number.replace(",", "")) * SCALE_SUFFIXES[suffix.lower()]
        unit = CURRENCY_SYMBOLS[m.group(1)] if m.group(1) else "count"
        tok, last = _number_token(doc, base + m.start(), base + m.end()), _token_at(doc, base + m.end() - 1)
        after = doc[last.i + 1] if last is not None and last.i + 1 < len(doc) else None
        if (
            unit == "count"
            and suffix.lower() in ("m", "k", "mn", "mln")
            and (after is None or after.tag_ not in ("NNS", "NNPS"))
        ):
            continue  # '3m' alone is three metres; '3m visitors' three million
        out.append(
            Claim(
                base + m.start(),
                base + m.end(),
                value,
                unit,
                dimension="currency" if m.group(1) else "count",
                number_token=tok.i if tok is not None else None,
                extra={"preferred": True},
            )
        )
    for m in _ONE_IN.finditer(stext):
        part, whole = (float(_num_word(g)) for g in m.groups())
        if whole > part:
            tok = _token_at(doc, base + m.end() - 1)
            out.append(
                Claim(
                    base + m.start(),
                    base + m.end(),
                    part / whole,
                    "fraction",
                    dimension="ratio",
                    number_token=tok.i if tok is not None else None,
                    extra={"preferred": True},
                )
            )
    for m in _VAGUE.finditer(stext):
        s, e = base + m.start(), base + m.end()
        if m.group(4):
            tok = _token_at(doc, base + m.start())
            if tok is None or tok.pos_ not in ("NOUN", "NUM") or tok.dep_ in ("compound", "amod"):
                continue
            low = VAGUE_SCALES[m.group(4).lower()]
        elif m.group(1):
            low = VAGUE_SCALES[m.group(1).lower()]
        else:
            low = (2 if m.group(2).lower() == "a few" else 3) * SCALE_WORDS[m.group(3).lower()]
        tok = _token_at(doc, base + m.start())
        out.append(
            Claim(
                s,
                e,
                None,
                "count",
                dimension="count",
                value_low=float(low),
                qualifier="vague",
                number_token=tok.i if tok is not None else None,
                extra={"vague": True},
            )
        )
    for m in _FRACTION.finditer(stext):
        s, e = base + m.start(), base + m.end()
        before = stext[max(0, m.start() - 20) : m.start()].lower()
        after = stext[m.end() : m.end() + 30].lower()
        if (
            re.search(
                r"(first|second|other|latter|last)\s+$|(?:year|month|week|day|hour|decade|century)s?\s+and\s+$", before
            )
            or _FRACTION_OF_TIME.match(after)
            or re.match(r"[- ](?:time|hour|day|year|century|way|hearted|truth|measures?)\b", after)
            or re.search(r"\bin\s+$", before)
        ):
            continue
        tok = _token_at(doc, e - 1)
        of_percent = _OF_A_PERCENT.match(after)
        if of_percent:  # 'a quarter of a percentage point' is 0.25 percent
            out.append(
                Claim(
                    s,
                    e + of_percent.end(),
                    FRACTIONS[m.group(1).lower()],
                    "percent",
                    dimension="ratio",
                    number_token=tok.i if tok is not None else None,
                    extra={"preferred": True},
                )
            )
            continue
        out.append(
            Claim(
                s,
                e,
                FRACTIONS[m.group(1).lower()],
                "fraction",
                dimension="ratio",
                number_token=tok.i if tok is not None else None,
            )
        )
    for m in _DOUBLED.finditer(stext):
        s, e = base + m.start(), base + m.end()
        word = m.group(1).lower()
        value, unit, direction = {
            "doubled": (2.0, "ratio", "up"),
            "tripled": (3.0, "ratio", "up"),
            "quadrupled": (4.0, "ratio", "up"),
            "halved": (0.5, "fraction", "down"),
        }[word]
        tok = _token_at(doc, s)
        out.append(
            Claim(
                s,
                e,
                value,
                unit,
                dimension="ratio",
                kind="change",
                direction=direction,
                number_token=tok.i if tok is not None else None,
                extra={"verb_change": True},
            )
        )
    for m in _FOLD.finditer(stext):
        tok = _token_at(doc, base + m.start())
        window = doc[max(0, tok.i - 4) : tok.i + 5] if tok is not None else []
        change = [t for t in window if t.lemma_ in UP_LEMMAS | DOWN_LEMMAS | CHANGE_NOUNS_UP | CHANGE_NOUNS_DOWN]
        if not change:
            continue  # 'two-fold in nature' is an idiom, not a ratio
        n = m.group(1).lower()
        value = float(n) if n[0].isdigit() else float(SPELLED_VALUES[n])
        direction = "down" if any(t.lemma_ in DOWN_LEMMAS | CHANGE_NOUNS_DOWN for t in change) else "up"
        out.append(
            Claim(
                base + m.start(),
                base + m.end(),
                value,
                "ratio",
                dimension="ratio",
                kind="change",
                direction=direction,
                number_token=tok.i,
                extra={"verb_change": True},
            )
        )
    return out


SPELLED_VALUES = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _num_word(word: str) -> float:
    return float(word) if word[0].isdigit() else float({"one": 1, **SPELLED_VALUES}[word.lower()])


def _merge_ranges(text: str, claims: list[Claim]) -> list[Claim]:
    """'from 3% to 5%', 'between 5% and 6%', '$15–16 billion' -> one claim with value_low/value_high."""
    claims = sorted(claims, key=lambda c: c.start)
    out: list[Claim] = []
    i = 0
    while i < len(claims):
        c = claims[i]
        if i + 1 < len(claims) and c.value is not None and claims[i + 1].value is not None:
            nxt = claims[i + 1]
            between = text[c.end : nxt.start]
            if re.fullmatch(r"\s*(?:to|and|–|-|—|or|or even)\s*", between) and (
                c.unit == nxt.unit or c.unit == "count"
            ):
                before = text[max(0, c.start - 10) : c.start]
                lo, hi = c.value, nxt.value
                if (
                    c.unit == "count"
                    and nxt.unit != "count"
                    and lo < hi
                    and hi / max(lo, 1e-9) > 100
                    and not _scale_of(text[c.start : c.end]) > 1
                ):
                    lo = lo * _scale_of(text[nxt.start : nxt.end])  # '$15–16 billion': the scale applies to both
                joined = re.search(r"(?:from|between)\s+$", before, re.I)
                alternatives = between.strip().startswith("or")  # 'up to 1.5 or even 2 trillion rubles'
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
                if nxt.si_unit and nxt.value:
                    merged.value_si, merged.si_unit = lo * nxt.value_si / nxt.value, nxt.si_unit
                out.append(merged)
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _scale_of(surface: str) -> float:
    for word, scale in SCALE_WORDS.items():
        if re.search(rf"\b{word}\b", surface, re.I):
            return float(scale)
    return 1.0


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """Overlapping finds: keep the one with a unit over a bare count, then the longer one."""

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
    return sorted(kept, key=lambda c: c.start)


@dataclass
class Conversation:
    """What a document was last counting, per unit, carried from turn to turn: an amount whose
    clause names nothing ('That's right, approximately 12% in real terms.', 'Last year, it was 770
    billion.') continues it, the thing measured and whether it was a change, if it was said within
    `window` characters."""

    window: int = 1000
    last: dict[str, tuple[Claim, int]] = field(default_factory=dict)  # unit -> (claim, its end offset)

    def recall(self, unit: str, at: int) -> Claim | None:
        claim, end = self.last.get(unit, (None, -self.window))
        return claim if at - end <= self.window else None

    def note(self, claim: Claim, end: int) -> None:
        self.last[claim.unit] = (claim, end)


def doc_claims(doc: Doc, *, ton_means: str = "tonne", conversation: Conversation | None = None) -> list[Claim]:
    """Every claim of a Doc, with qualifier, measured thing and kind filled in (no period yet);
    `conversation` carries the topic over from the document's earlier turns."""
    text = doc_text(doc)
    claims: list[Claim] = []
    for sent in doc.sents:
        if not sentence_has_number(sent):
            continue
        found = quantity_claims(doc, sent, ton_means=ton_means) + pattern_claims(doc, sent)
        found = _merge_ranges(text, _dedupe(found))
        for c in found:
            # vague amounts take their unit from the noun after 'of' ('hundreds of kilos')
            if c.extra.get("vague"):
                after = text[c.end : c.end + 30]
                m = re.match(
                    r"\s*(kilos?|kilograms?|tons?|tonnes?|litres?|liters?|metres?|kilometres?|rubles?|roubles?|dollars?)\b",
                    after,
                    re.I,
                )
                if m:
                    word = m.group(1).lower().rstrip("s")
                    unit = {
                        "kilo": "kilogram",
                        "kilogram": "kilogram",
                        "ton": ton_means,
                        "tonne": "tonne",
                        "litre": "litre",
                        "liter": "litre",
                        "metre": "metre",
                        "kilometre": "kilometre",
                        "ruble": "RUB",
                        "rouble": "RUB",
                        "dollar": "USD",
                    }[word]
                    c.unit, c.unit_text = unit, m.group(1)
                    phys = next((p for p in physical_units().values() if p["unit"] == unit), None)
                    if phys:
                        c.dimension, c.si_unit, c.value_si = (
                            phys["dimension"],
                            phys["si_unit"],
                            c.value_low * phys["factor"],
                        )
                    c.end += m.end()
                    tok = _token_at(doc, c.end - 1)
                    c.number_token = tok.i if tok is not None else c.number_token
            if c.qualifier == "exact":
                q = _qualifier_before(text, c.start)
                if q:
                    c.qualifier, c.start = q
            c.editorial = _editorial(text, c.start, c.end)
            # 'per year', 'a day' make a rate, also of a change ('grew about 14% a year', 'lose a million a day')
            if c.kind == "level" and _RATE_AFTER.match(text[c.end : c.end + 25]):
                c.kind = "rate"
            elif c.kind == "level":
                c.kind, c.direction = change_of(doc, c)
            c.measured = measured_of(doc, c)
            if c.measured and c.measured.split()[-1].lower() in text[c.start : c.end].lower().split():
                c.measured = None  # the amount's own word ('millions of dollars'), not a thing
            claims.append(c)
    _inherit_currency(text, claims)
    _inherit_measured(doc, claims)
    _continue_conversation(doc, claims, Conversation() if conversation is None else conversation)
    return claims


def _continue_conversation(doc: Doc, claims: list[Claim], conversation: Conversation) -> None:
    offset = doc.user_data.get("offset", 0)
    for c in claims:
        if c.measured is None and c.extra.get("open") and c.unit != "count":
            # the topic of the sentences before in the turn, else what the last turns counted
            topic = _topic_before(doc, c.number_token)
            topic = None if topic is None or topic.lower_ in UNIT_WORDS else topic  # '150 billion [rubles]'
            c.measured = _phrase_of_subject(topic, c, _claim_tokens(doc, c))
            earlier = conversation.recall(c.unit, offset + c.start) if c.measured is None else None
            if earlier is not None:
                c.measured = earlier.measured
                if c.kind == "level" and earlier.kind == "change":  # 'And in the US?' 'From 3% to 5%.'
                    c.kind, c.direction = earlier.kind, earlier.direction
        if c.measured is not None and not c.editorial:
            conversation.note(c, offset + c.end)


_ELABORATION_BEFORE = re.compile(r"(?:specifically|namely|that is|i\.e\.|in other words)[,:]?\s*$", re.I)
_NOMINAL_DEPS = ("nsubj", "nsubjpass", "pobj", "dobj", "attr", "conj", "appos")


def _inherit_measured(doc: Doc, claims: list[Claim]) -> None:
    """An amount that names nothing takes the measured thing of the amount before it in the
    sentence when it restates it ('one-third of foreign investment, specifically, $1.6 billion') or
    stands for the same noun ('29 regions ..., but only 16 are participating')."""
    text = doc_text(doc)
    for before, c in pairwise(claims):
        if before.measured is None or c.number_token is None:
            continue
        sent = sentence_of(doc, c.start)
        if sent is None or before.start < sent.start_char:
            continue
        between = text[before.end : c.start]
        # a restatement wins over what the parse said ('..., specifically, $1.6 billion')
        restated = (
            (len(between) < 80 and _ELABORATION_BEFORE.search(between))
            or (c.unit != before.unit and re.fullmatch(r"\s*,?\s*or\s*", between))
        ) and not re.match(r"\s+of\b", text[c.end : c.end + 5])  # '2.8 percent of GDP, or $46 billion'
        tok = doc[c.number_token]
        elided = (
            c.measured is None
            and c.unit == before.unit
            and (
                (c.unit == "count" and tok.pos_ == "NUM" and tok.dep_ in _NOMINAL_DEPS)
                # '67.2 percent nationwide, 70.9 percent in cities': a list of amounts of one thing
                or (
                    c.unit != "count"
                    and not any(t.pos_ in ("VERB", "AUX") for t in doc[doc[before.number_token].i : tok.i])
                )
            )
        )
        if restated or elided:
            c.measured = before.measured


def _inherit_currency(text: str, claims: list[Claim]) -> None:
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
            and _scale_of(text[c.start : c.end]) >= 1_000_000
            and c.start - last_currency.end < 400
        ):
            c.unit, c.dimension, c.unit_text = last_currency.unit, "currency", None


def sentence_of(doc: Doc, char: int) -> Span | None:
    """The sentence around a character; walks from its token, not over the whole Doc (doc.sents
    rebuilds every sentence on each call, which made long turns quadratic)."""
    tok = _token_at(doc, char)
    return tok.sent if tok is not None else None


def period_of(doc: Doc, claim: Claim, reference: date | None) -> tuple[date | None, date | None, str | None]:
    """The period the claim's sentence names, resolved against the reference date."""
    sent = sentence_of(doc, claim.start)
    if sent is None:
        return None, None, None
    # model entities that run into the claim ('this year – $4 million') are left to the expressions below
    candidates = [
        e
        for e in doc_ents(doc)
        if e.label_ == "DATE"
        and sent.start_char <= e.start_char < sent.end_char
        and (e.end_char <= claim.start or e.start_char >= claim.end)
    ]
    # the model sometimes misses a bare year after 'in' or a relative expression ('this year'): add those
    for m in _TIME_EXPRESSION.finditer(sent.text):
        s, e_ = sent.start_char + m.start(), sent.start_char + m.end()
        # unless a model entity as long covers it ('the 2018–2019 school year'); 'this year' beats the model's 'year'
        if not (claim.start <= s < claim.end) and not any(
            e.start_char < e_ and s < e.end_char and e.end_char - e.start_char >= e_ - s for e in candidates
        ):
            candidates.append(doc.char_span(s, e_, alignment_mode="expand"))
    candidates = [c for c in candidates if c is not None]

    def distance(e: Span) -> int:
        # from the nearer edge: a longer entity ending where a shorter one ends is as near
        d = claim.start - e.end_char if e.end_char <= claim.start else abs(e.start_char - claim.end)
        text = doc_text(doc)
        between = text[claim.end : e.start_char] if e.start_char >= claim.end else text[e.end_char : claim.start]
        if re.search(r"[;:]|,\s*(?:and|but|while|whereas)\b|\bthan\b", between) and e.start_char >= claim.end:
            d += 10_000  # a period after the next clause belongs to that clause, after 'than' to the comparison
        return d

    candidates.sort(key=distance)
    for ent in candidates:
        expr = _with_preposition(doc, ent)
        interval = resolve_period(expr, reference)
        if interval is not None:
            if interval[0] == interval[1] and _is_cumulative(doc, claim):
                # 'progress reached 89 percent on November 1': the year up to that day
                interval = date(interval[1].year, 1, 1), interval[1]
            return interval[0], interval[1], ent.text
    return None, None, None


def _is_cumulative(doc: Doc, claim: Claim) -> bool:
    """A total reached by a day ('reached', 'totalled', 'amounted to'), not an event of that day."""
    if claim.number_token is None:
        return False
    verb = _governing_verb(doc[claim.number_token])
    return verb is not None and verb.lemma_.lower() in CUMULATIVE_LEMMAS


def _with_preposition(doc: Doc, ent: Span) -> str:
    """'since 2000' needs its preposition: the model's DATE entity is only '2000'."""
    if ent.start > 1 and doc[ent.start - 2 : ent.start].text.lower() in ("as of", "as at"):
        return doc[ent.start - 2 : ent.end].text
    if ent.start > 0 and doc[ent.start - 1].lower_ in ("since", "over", "in", "during", "for", "by"):
        return doc[ent.start - 1 : ent.end].text
    return ent.text


# -- rows -------------------------------------------------------------------------------------
def claim_rows(doc, *, ton_means: str = "tonne", entities: list[dict] | None = None, conversation=None) -> list[dict]:
    """Claim rows of one annotated turn; `entities` are its entity rows (for the sentence's persons);
    `conversation`  carries what the document's earlier turns counted."""
    from pipeline.entities import entity_rows

    ctx = doc.user_data
    offset = ctx.get("offset", 0)
    entities = entity_rows(doc) if entities is None else entities
    reference = date.fromisoformat(ctx["date"][:10]) if ctx.get("date") else None
    rows = []
    for c in doc_claims(doc, ton_means=ton_means, conversation=conversation):
        sent = sentence_of(doc, c.start)
        start, end, period_text = period_of(doc, c, reference)
        ids = sorted({e.kb_id_ for e in sentence_ents(doc, sent) if e.kb_id_}) if sent is not None else []
        ids += sorted(
            {
                e["entity_id"]
                for e in entities
                if e["label"] == "PERSON"
                and sent is not None
                and sent.start_char <= e["char_start"] - offset < sent.end_char
                and e["entity_id"]
            }
            - set(ids)
        )
        rows.append(
            {
                "doc_id": ctx.get("doc_id"),
                "turn_id": ctx.get("turn_id"),
                "speaker_id": ctx.get("speaker_id"),
                "char_start": offset + c.start,
                "char_end": offset + c.end,
                "text": doc_text(doc)[c.start : c.end],
                "sentence": sent.text.strip() if sent is not None else None,
                "value": c.value,
                "value_low": c.value_low,
                "value_high": c.value_high,
                "qualifier": c.qualifier,
                "unit": c.unit,
                "unit_text": c.unit_text,
                "dimension": c.dimension,
                "value_si": c.value_si,
                "si_unit": c.si_unit,
                "measured": c.measured,
                "kind": c.kind,
                "direction": c.direction,
                "period_start": start,
                "period_end": end,
                "period_text": period_text,
                "entity_ids": ids,
                "editorial": c.editorial,
                "measured_start": None,
                "measured_end": None,
                "measured_rule": None,
                "kind_rule": None,
                "period_rule": None,
                "series_id": None,
                "corrected": False,
            }
        )
    return rows


def document_claim_rows(docs: list, entities: list[list[dict]], *, ton_means: str = "tonne") -> list[dict]:
    """Claim rows of one document's annotated turns, in order, the topic carried from turn to turn."""
    conversation = Conversation()
    return [
        r
        for d, e in zip(docs, entities, strict=True)
        for r in claim_rows(d, ton_means=ton_means, entities=e, conversation=conversation)
    ]
