"""Which time does the claim refer to?  The time expression of its sentence that governs it in the
parse, resolved against the meeting date by pipeline.periods (rules/period.yaml).

The expressions are the model's DATE entities and the expressions it missed, each with the words before
it that change its meaning ('since', 'as of', 'through to', 'in late', 'just').  For each claim:
- left out: a comparison base ('up 15% on 2014', 'than in 2010', 'compared with 2007', 'from a year
  earlier' after a verb of change) and the own time of another amount ('compared to 36 in 2018' is not
  the time of the amount compared; 'from 8 in 2018 to 4 in 2019': each end has its own), also the time
  of a clause that does not govern the claim ('..., and in 2025 we will ...');
- a claim inside a 'from'/'compared to'/'than' phrase (the before end of a pair, a base) takes only a
  time of that phrase;
- of the others, the first of: the amount's own time ('2.7% this year'), one of the claim's clause, of a
  clause above it, of a clause on the claim's noun; the nearer in the text on a tie, 'now' last.
The recogniser that resolved the chosen expression decides `period_rule` (period.as_of, period.year, ...);
'now', 'today' give no period (period.present); 'a year earlier' is placed against the sentence's other
time (period.relative).  A claim in a clause in the future tense reads 'in July' as the next July.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, ordered, words
from pipeline.claims.syntax import doc_ents, doc_text, governing_verb, sentence_of
from pipeline.periods import is_present, relative_shift, resolve, shift

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WS = r"\s+"  # a phrase of the lexicon may run over any whitespace
_TIME_EXPRESSION = re.compile(
    rf"\b(?:(?:{alternation(ordered('period.year_span_openers'))})\s+{_YEAR}\s+"
    rf"(?:{alternation(ordered('period.year_span_joiners'))})\s+{_YEAR}"
    rf"|(?:(?:{alternation(ordered('period.year_prepositions'))})\s+(?:the\s+)?)?{_YEAR}\s*[–—-]\s*{_YEAR}"
    rf"|(?:{alternation(ordered('period.year_prepositions'))})\s+(?:the\s+)?{_YEAR}"
    rf"|(?:{alternation(ordered('period.relative_determiners'))})\s+(?:{alternation(ordered('period.relative_units'))})"
    rf"|(?:{alternation(ordered('period.present_words'), spaces=_WS)}))\b",
    re.I,
)
# the words before an expression that belong to it: 'just', 'as of', 'in late', 'at the end of'
_PREFIX = re.compile(
    rf"(?:\b(?:{alternation(ordered('period.focus_words'), spaces=_WS)})\s+)?"
    rf"(?:\b(?P<prep>{alternation(ordered('period.entity_prepositions'), spaces=_WS)})\s+)?"
    rf"(?:\b(?:{alternation(ordered('period.expression_openers'), spaces=_WS)})\s+)*$",
    re.I,
)
_LEADING_PREPOSITION = re.compile(
    rf"(?:(?:{alternation(ordered('period.focus_words'), spaces=_WS)})\s+)?"
    rf"(?P<prep>{alternation(ordered('period.entity_prepositions'), spaces=_WS)})\s+",
    re.I,
)
_SUFFIX = re.compile(rf"^\s+(?:{alternation(ordered('period.focus_suffixes'))})\b", re.I)
# a record before 'in N years' (period.record_span): 'the first time in', 'the lowest level in the last'
_RECORD_BEFORE = re.compile(
    rf"\b(?:{alternation(ordered('period.record_words'), spaces=_WS)})(?:\s+[\w-]+){{0,2}}"
    r"(?:\s+in(?:\s+the)?(?:\s+(?:past|last))?)?\s+$",
    re.I,
)
_DURATION = re.compile(r"(?:in\s+)?(?:the\s+)?(?:(?:past|last)\s+)?(?:[\w-]+\s+){0,2}(?:years|decades|months)$", re.I)
COMPARISON_PREPOSITIONS = words("period.comparison_prepositions")
POINT_COMPARISON_PREPOSITIONS = words("period.comparison_unless_a_day")
SCOPE_WORDS = words("period.scope_words")
AMOUNT_SCOPE_WORDS = words("period.amount_scope_words")
CUMULATIVE_ADVERBS = words("period.cumulative_adverbs")
BASE_NOUNS = words("period.base_nouns")
CHANGE_WORDS = words("shared.up_lemmas") | words("shared.down_lemmas") | words("period.change_lemmas")
FUTURE_AUXILIARIES = words("period.future_auxiliaries")
FUTURE_LEMMAS = words("period.future_lemmas")
FUTURE_VERBS = words("period.future_verbs")
CUMULATIVE_LEMMAS = words("period.cumulative_lemmas")
# what a bare time resolves by when it is a base of comparison after "on"/"over" (not a day, not a span)
POINT_RULES = frozenset({"period.year", "period.month", "period.quarter", "period.relative_month"})
# recognisers of a single day, which a year or a total reached may extend back
DAY_RULES = frozenset({"period.as_of", "period.day", "period.dateparser"})
CLAUSE_DEPS = frozenset({"ROOT", "conj", "advcl", "ccomp", "relcl", "acl", "parataxis", "csubj", "xcomp"})
# how a time expression stands to the claim, best first (recorded in the decision's note)
OWN, SAME_CLAUSE, CLAUSE_ABOVE, CLAUSE_ON_NOUN, CLAUSE_BELOW, CLAUSE_BEFORE = range(6)
RELATIONS = (
    "the amount's own",
    "the claim's clause",
    "a clause above",
    "a clause on the claim's noun",
    "a clause below",
    "an earlier clause",
)
# a time after the next clause's opening ('and', 'but', ';') is that clause's more likely than the claim's
_NEXT_CLAUSE = re.compile(r"[;:]|,?\s+(?:" + alternation(ordered("period.clause_conjunctions")) + r")\s")


@dataclass(frozen=True)
class TimeExpression:
    start: int  # characters of the expression with its leading words
    end: int
    text: str
    root: Token  # the token the expression hangs from in the parse
    preposition: str | None  # 'since', 'as of', 'than', ... (lower case)
    tokens: frozenset[int]


def decide_period(doc: Doc, claim: Claim, reference: date | None) -> None:
    """Set the claim's period (start, end, text), recording the rule that decided it."""
    sent = sentence_of(doc, claim.start)
    if sent is None:
        claim.decide("period", "period.none", period_start=None, period_end=None, period_text=None)
        return
    expressions = time_expressions(doc, sent, claim)
    record_span = claim.extra.pop("record_span", False)
    if not expressions:
        rule_id = "period.record_span" if record_span else "period.none"
        claim.decide("period", rule_id, period_start=None, period_end=None, period_text=None)
        return
    anchor = _anchor(doc, claim)
    future = is_future(anchor)
    ranked, left_out = rank(doc, anchor, expressions, claim_span=(claim.start, claim.end))
    for relation, expr in ranked:
        note = f"{RELATIONS[relation]} ({expr.text!r})"
        if is_present(expr.text):
            claim.decide("period", "period.present", note=note, period_start=None, period_end=None, period_text=None)
            return
        moved = relative_shift(expr.text)
        if moved is not None:
            base = _anchor_period(doc, anchor, expressions, expr, reference, future)
            if base is not None:
                start, end = shift(base, *moved)
                claim.decide(
                    "period", "period.relative", note=note, period_start=start, period_end=end, period_text=expr.text
                )
                return
        found = resolve(expr.text, reference, future=future)
        if found is None:
            continue
        claim.decide(
            "period", found.rule, note=note, period_start=found.start, period_end=found.end, period_text=expr.text
        )
        if found.start == found.end and found.rule in DAY_RULES:
            _to_date(doc, claim, anchor, expr, ranked, reference, future)
        return
    # none resolved: say why the times that would have were left out, else that none resolves
    resolvable = [why for why in left_out if why != "period.other_clause" or not ranked]
    rule_id = resolvable[0] if resolvable else "period.unresolved"
    claim.decide("period", rule_id, period_start=None, period_end=None, period_text=None)


def _to_date(doc, claim, anchor, day_expr, ranked, reference, future) -> None:
    """A day that ends a longer span: 'This year (as of December 17), inflation was 6.3%' runs from the
    year's start (period.year_to_date); so does a total reached by a day ('reached 89 percent on November
    1', 'Cumulatively, ... 67 percent as of November 1': period.cumulative_to_date)."""
    day = claim.period_end
    for _, other in ranked:
        if other is day_expr or relative_shift(other.text) is not None:
            continue
        found = resolve(other.text, reference, future=future)
        if found is not None and found.start < day <= found.end and found.rule in ("period.year", "period.since"):
            claim.decide("period", "period.year_to_date", note=f"with {other.text!r}", period_start=found.start)
            return
    clause = clause_of(_attachment(day_expr))
    if (
        clause.lemma_.lower() in CUMULATIVE_LEMMAS
        or _cumulative_verb(doc, claim)
        or any(c.lower_ in CUMULATIVE_ADVERBS for t in (clause, clause_of(anchor)) for c in t.children)
    ):
        claim.decide("period", "period.cumulative_to_date", period_start=date(day.year, 1, 1))


# -- the expressions -------------------------------------------------------------------------------
def time_expressions(doc: Doc, sent: Span, claim: Claim | None = None) -> list[TimeExpression]:
    """The sentence's time expressions outside the claim: the model's DATE entities and those the model
    missed ('in 2012', 'this year', 'now'), each with the words before it that belong to it."""
    text = doc_text(doc)
    inside = (lambda s, e: claim.start < e and s < claim.end) if claim is not None else (lambda s, e: False)
    spans = [
        (e.start_char, e.end_char)
        for e in doc_ents(doc)
        if e.label_ == "DATE"
        and sent.start_char <= e.start_char < sent.end_char
        and not inside(e.start_char, e.end_char)
    ]
    # the model sometimes misses a bare year after 'in' or a relative expression: add those, unless an
    # entity as long covers them ('the 2018–2019 school year'); 'this year' beats the model's 'year'
    for m in _TIME_EXPRESSION.finditer(sent.text):
        s, e = sent.start_char + m.start(), sent.start_char + m.end()
        if inside(s, e):
            continue
        overlapping = [(a, b) for a, b in spans if a < e and s < b]  # 'This year' and the model's 'year alone'
        s, e = min([s] + [a for a, _ in overlapping]), max([e] + [b for _, b in overlapping])
        spans = [(a, b) for a, b in spans if (a, b) not in overlapping] + [(s, e)]
    out = []
    for s, e in sorted(spans):
        if _RECORD_BEFORE.search(text[max(sent.start_char, s - 40) : s]) and _DURATION.match(text[s:e].strip()):
            if claim is not None:
                claim.extra["record_span"] = True
            continue  # 'for the first time in seven years': how long a record stood, not the amount's time
        pre = _PREFIX.search(text[max(sent.start_char, s - 40) : s])
        start = s - len(pre.group(0)) if pre and pre.group(0) else s
        suffix = _SUFFIX.match(text[e : e + 12])
        end = e + len(suffix.group(0)) if suffix else e
        if inside(start, end):
            start = s
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or not len(span):
            continue
        lead = _LEADING_PREPOSITION.match(text[start:end])
        prep = " ".join(lead.group("prep").lower().split()) if lead else None
        out.append(
            TimeExpression(start, end, " ".join(text[start:end].split()), span.root, prep, frozenset(t.i for t in span))
        )
    return out


# -- which one governs the claim ---------------------------------------------------------------------
def rank(
    doc: Doc, anchor: Token, expressions: list[TimeExpression], claim_span: tuple[int, int] | None = None
) -> tuple[list, list[str]]:
    """The expressions that may give the claim its period, best first, as (relation, expression); and
    the ids of the rules that left the others out."""
    ranked, left_out = [], []
    text = doc_text(doc)
    if claim_span is not None:  # a time in brackets is of the words in them ('reached $1 billion (in 2011, it was...)')
        ends = {e.end for e in expressions}  # 'This year (as of December 17)': brackets that say more of a time stay
        kept = [e for e in expressions if not in_other_brackets(text, e, claim_span, after_times=ends)]
        left_out += ["period.bracketed"] * (len(expressions) - len(kept))
        expressions = kept
    contrast = len(expressions) > 1
    claim_scope = _scope_of(anchor, frozenset())
    # amounts each followed by their own time ('from 178,000 in 2011 to 212,000 in 2012'): the others' are left out
    in_order = any(_follows_in_order(anchor, e) is True for e in expressions)
    for expr in expressions:
        # 'last year, when we had 4.3% growth'; '212,000 in 2012' where the parse hangs 'in 2012' on the verb
        relation = OWN if _hangs_on(anchor, expr) or _follows_in_order(anchor, expr) is True else None
        if relation is None:
            why = _left_out(anchor, expr, claim_scope, contrast, in_order)
            if why is not None:
                left_out.append(why)
                continue
            relation = _relation(anchor, expr)
        if relation is None:
            left_out.append("period.other_clause")
            continue
        after = expr.start >= anchor.idx
        distance = expr.start - anchor.idx if after else anchor.idx - expr.end
        next_clause = after and _NEXT_CLAUSE.search(doc_text(doc)[anchor.idx : expr.start]) is not None
        ranked.append(((relation, is_present(expr.text), next_clause, abs(distance)), expr))
    ranked.sort(key=lambda r: r[0])
    return [(key[0], expr) for key, expr in ranked], left_out


def in_other_brackets(
    text: str, expr: TimeExpression, claim_span: tuple[int, int], after_times: set[int] = frozenset()
) -> bool:
    """The expression is inside brackets that the claim is outside of, unless the brackets hold only the
    time and open right after the claim ('from 7.2 percent (in 2015) to 5.5 percent' dates the 7.2 percent;
    'reached $1 billion (in 2011, it was half that)' does not)."""
    opening = text.rfind("(", max(0, expr.start - 200), expr.start)
    if opening < 0 or text.rfind(")", opening, expr.start) >= 0:
        return False
    closing = text.find(")", expr.end)
    if closing < 0 or text.find("\n", opening, closing) >= 0:
        return False
    start, end = claim_span
    if opening < start < closing:
        return False  # the claim is in the same brackets
    if len(text[:opening].rstrip()) in after_times:
        return False  # the brackets say more of the time before them
    only_the_time = not text[opening + 1 : expr.start].strip() and not text[expr.end : closing].strip(" .,;")
    return not (only_the_time and end <= opening and not text[end:opening].strip())


def _left_out(anchor: Token, expr: TimeExpression, claim_scope, contrast: bool, in_order: bool) -> str | None:
    """The id of the rule that leaves the expression out for this claim, or None."""
    if _is_comparison_base(expr):
        return "period.comparison_base"
    scope = _scope_of(expr.root, expr.tokens)
    if scope is not None and anchor.i not in _subtree(scope):
        return "period.other_amount"  # 'compared to 36 in 2018', 'from 8 in 2018 (to 4)'
    if claim_scope is not None and expr.root.i not in _subtree(claim_scope):
        return "period.other_amount"  # the claim is a base or a before end: only its own time counts
    if in_order and _follows_in_order(anchor, expr) is False:
        return "period.other_amount"  # '(from 178,000 in 2011) to 212,000 in 2012': the other end's time
    owner = _owner(expr)
    if owner is not None and _is_base_noun(owner):
        return None if _under_of(anchor, owner) else "period.comparison_base"  # 'three times the 2018 level'
    if owner is not None and contrast and _amount_of(anchor) != owner:
        return "period.other_amount"  # 'Growth was 4.7% last year and 2.7% this year'
    return None


def _relation(anchor: Token, expr: TimeExpression) -> int | None:
    owner = _owner(expr)
    if owner is not None and _amount_of(anchor) == owner:
        return OWN
    claim_clause, expr_clause = clause_of(anchor), clause_of(_attachment(expr))
    if claim_clause == expr_clause:
        return SAME_CLAUSE
    if expr_clause in claim_clause.ancestors:
        return CLAUSE_ABOVE
    noun_phrase = {t.i for t in _path_up(anchor, claim_clause)} | _subtree(_amount_of(anchor))
    if expr_clause.dep_ in ("relcl", "acl") and expr_clause.head.i in noun_phrase:
        return CLAUSE_ON_NOUN  # 'the 5 billion rubles allocated in 2012'
    if expr_clause.dep_ == "advcl" and claim_clause in expr_clause.ancestors:
        return CLAUSE_BELOW  # 'since it is to be introduced in 2020, the cost will be 16.5 billion'
    if expr.end <= anchor.idx:
        return CLAUSE_BEFORE  # a time earlier in the sentence, where the parse links none to the claim
    return None  # a later clause's time ('..., but they have failed to build it over the past five years')


def _hangs_on(anchor: Token, expr: TimeExpression) -> bool:
    """Is the claim inside a clause or phrase that hangs on the time expression itself?"""
    return any(
        anchor.i in _subtree(child)
        for i in expr.tokens
        for child in anchor.doc[i].children
        if child.i not in expr.tokens
    )


def _attachment(expr: TimeExpression) -> Token:
    """The word the expression hangs on: 'grew' for 'grew ... in 2012', '36' for '36 in 2018'."""
    t = expr.root
    for _ in range(6):
        if t.i not in expr.tokens and t.pos_ != "ADP":
            return t
        if t.head.i == t.i:
            return t
        t = t.head
    return t


def _owner(expr: TimeExpression) -> Token | None:
    """The amount (or base noun) the expression is attached to, if it hangs on one."""
    t = _attachment(expr)
    if _is_amount(t) or _is_base_noun(t):
        return t
    return None


def _follows_in_order(anchor: Token, expr: TimeExpression) -> bool | None:
    """Where the parse hangs the time on no amount, does it follow the claim's amount in the text (True),
    another amount's (False), or none (None)?  A comparison base ('than in 2015', 'on 2014') is no
    amount's own time."""
    if _owner(expr) is not None or _is_comparison_base(expr):
        return None
    amount = _follows_amount(expr)
    if amount is None:
        return None
    return _same_amount(anchor, amount)


def _same_amount(anchor: Token, amount: Token) -> bool:
    """Is the amount word the one the claim's number makes ('5 %', '113 million tonnes')?"""
    if amount == _amount_of(anchor) or amount.i == anchor.i:
        return True
    between = anchor.doc[anchor.i + 1 : amount.i + 1]
    return 0 < len(between) <= 3 and all(t.like_num or t.pos_ in ("NUM", "SYM") or t.text == "%" for t in between)


def _follows_amount(expr: TimeExpression) -> Token | None:
    """The amount the expression follows in the text with nothing but its noun phrase between
    ('from 178,000 in 2011 to 212,000 in 2012', bulk 17631; '113.3 million tonnes of grain in 2018 and
    over 135 million tonnes in 2017', bulk 62418; 'from nine in 2018 to four in 2019', dev 62834): the parse hangs every 'in YEAR' of such a sentence on the verb, the words'
    order pairs each amount with its time.  None when a verb, a comma or a conjunction comes between."""
    doc = expr.root.doc
    i = min(expr.tokens) - 1
    while i >= 0 and doc[i].idx >= expr.start:  # the expression's own leading words ('in', 'as of')
        i -= 1
    for _ in range(_FOLLOWS_AMOUNT_WINDOW):
        if i < 0:
            return None
        t = doc[i]
        if _is_amount(t) and not (t.ent_type_ == "DATE" and _YEAR_TOKEN.fullmatch(t.text)):
            return t
        if (t.pos_ not in _NOUN_PHRASE_POS and t.lower_ != "of") or t.tag_ in ("JJR", "RBR"):
            return None  # a verb, a comma, a conjunction; a comparative ('16 percent more than in 2015')
        i -= 1
    return None


_FOLLOWS_AMOUNT_WINDOW = 6  # tokens back: 'tonnes of crude oil in 2018'
_NOUN_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "SYM"})
_YEAR_TOKEN = re.compile(_YEAR)


def _is_amount(t: Token) -> bool:
    return (
        t.like_num
        or t.pos_ == "NUM"
        or t.text in ("%",)
        or any(c.dep_ in ("nummod", "quantmod") and (c.like_num or c.pos_ == "NUM") for c in t.children)
    )


def _is_base_noun(t: Token) -> bool:
    return t.lower_ in BASE_NOUNS


def _amount_of(anchor: Token) -> Token:
    """The amount word a claim's number makes: 'rubles' in '23,369 rubles', '%' in '2.7%'."""
    t = anchor
    for _ in range(3):
        if t.dep_ in ("nummod", "quantmod", "compound") and t.head.i != t.i and _is_amount(t.head):
            t = t.head
        else:
            break
    return t


def _under_of(anchor: Token, noun: Token) -> bool:
    """Is the claim inside the noun's 'of' phrase ('the 2018 level of 21 million people')?"""
    return any(c.dep_ == "prep" and c.lower_ == "of" and anchor.i in _subtree(c) for c in noun.children)


def _scope_of(tok: Token, own: frozenset[int]) -> Token | None:
    """The 'from', 'compared', 'than' phrase around the token that holds an amount (the before end of
    a pair, a base of comparison): a time inside it is that amount's, an amount inside it takes only
    its time.  None when the token stands in no such phrase, or when the word only introduces a time
    ('from 2014')."""
    t = tok
    for _ in range(6):
        if t.lower_ in SCOPE_WORDS and t.i not in own:
            if t.lower_ not in AMOUNT_SCOPE_WORDS:
                return t  # 'than the peak in the first years of this decade'
            doc = tok.doc
            objects = [i for i in _subtree(t) if i != t.i and i not in own]
            if any(_is_amount(doc[i]) and doc[i].ent_type_ not in ("DATE", "TIME") for i in objects):
                return t  # 'from $498.6 billion last year'
            return None  # 'from 2014 there will be ...'
        if t.head.i == t.i or (t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX")):
            return None
        t = t.head
    return None


def _is_comparison_base(expr: TimeExpression) -> bool:
    """'than in 2010', 'compared with 2007', 'up 15% on 2014', 'rose 2% from a year earlier': the
    time of the amount compared with, not of the claim."""
    prep = expr.preposition
    if prep is None:
        return False
    if prep in COMPARISON_PREPOSITIONS:
        return True
    bare = expr.text[len(prep) :].strip() if expr.text.lower().startswith(prep) else expr.text
    if prep in POINT_COMPARISON_PREPOSITIONS:
        # 'on 2014', 'on the same period of 2022', 'over last year'; not 'on March 5', 'over the past 5 years'
        if prep == "on" and re.search(r"\bsame\s+(?:period|time|month|quarter)\b", bare, re.I):
            return True
        found = resolve(bare, date(2000, 1, 1))
        return found is not None and found.rule in POINT_RULES
    if prep == "from":
        if re.search(r"\s(?:to|through|till|until|and)\s|[–—-]", bare):
            return False  # 'from January to November 2017': a span
        head = _attachment(expr)
        changes = head.lemma_.lower() in CHANGE_WORDS or head.lower_ in CHANGE_WORDS
        return changes and (relative_shift(bare) is not None or not re.search(r"\b\d{1,2}\b", bare))
    return False


def clause_of(tok: Token) -> Token:
    """The head of the clause a token stands in (a verb, or the root)."""
    t = tok
    for _ in range(40):
        if t.head.i == t.i or (t.dep_ in CLAUSE_DEPS and t.dep_ != "xcomp" and t.pos_ in ("VERB", "AUX")):
            return t
        t = t.head
    return t


def is_future(tok: Token) -> bool:
    """Is the token's clause in the future tense ('will be paid', 'we need to pay', 'plan to build')?"""
    clause = clause_of(tok)
    path = _path_up(tok, clause)
    for t in path:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUXILIARIES for c in t.children):
            return True
        if t.dep_ == "xcomp" and (t.head.lemma_.lower() in FUTURE_LEMMAS or t.head.lower_ in FUTURE_LEMMAS):
            return True  # 'we need to pay', 'we are going to build'
    return clause.i != tok.i and clause.lemma_.lower() in FUTURE_VERBS  # 'we plan 15 trains a day in July'


def _anchor(doc: Doc, claim: Claim) -> Token:
    if claim.number_token is not None:
        return doc[claim.number_token]
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else doc[0]


def _anchor_period(doc, anchor, expressions, relative, reference, future):
    """The time a relative expression ('a year earlier') is placed against: the sentence's other time
    that governs the claim's clause (comparison bases aside)."""
    others = [e for e in expressions if e is not relative and not _is_comparison_base(e)]
    others.sort(key=lambda e: (_relation(anchor, e) is None, abs(e.start - anchor.idx)))
    for other in others:
        if relative_shift(other.text) is None and not is_present(other.text):
            found = resolve(other.text, reference, future=future)
            if found is not None:
                return found.interval
    return None


def _path_up(tok: Token, stop: Token) -> list[Token]:
    out, t = [tok], tok
    while t.i != stop.i and t.head.i != t.i and len(out) < 40:
        t = t.head
        out.append(t)
    return out


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _cumulative_verb(doc: Doc, claim: Claim) -> bool:
    """A total reached by a day ('reached', 'totalled', 'amounted to'), not an event of that day."""
    if claim.number_token is None:
        return False
    verb = governing_verb(doc[claim.number_token])
    return verb is not None and verb.lemma_.lower() in CUMULATIVE_LEMMAS
