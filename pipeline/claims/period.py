"""Which time does the claim refer to?  The nearest time expression of its sentence that
pipeline.periods resolves against the meeting date (rules/period.yaml):
- period.date_entity: a DATE entity of the model ('last year', 'in 2012'), with its preposition;
- period.time_expression: an expression the model missed ('in 2012', 'this year', 'between 2000 and 2010');
- period.cumulative_to_date: a total reached by a day ('reached 89 percent on November 1') covers
  the year up to that day;
- period.none / period.unresolved: the sentence names no time / none that resolves.
Nearest is measured from the nearer edge; an expression after the next clause (';', ', and',
'than') belongs to that clause and comes last.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, ordered, words
from pipeline.claims.syntax import doc_ents, doc_text, governing_verb, sentence_of
from pipeline.periods import resolve_period

_YEAR = r"(?:1[89]\d\d|20\d\d)"
_TIME_EXPRESSION = re.compile(
    rf"\b(?:(?:{alternation(ordered('period.year_span_openers'))})\s+{_YEAR}\s+"
    rf"(?:{alternation(ordered('period.year_span_joiners'))})\s+{_YEAR}"
    rf"|(?:{alternation(ordered('period.year_prepositions'))})\s+(?:the\s+)?{_YEAR}"
    rf"|(?:{alternation(ordered('period.relative_determiners'))})\s+(?:{alternation(ordered('period.relative_units'))}))\b",
    re.I,
)
_NEXT_CLAUSE = re.compile(r"[;:]|,\s*(?:" + alternation(ordered("period.clause_conjunctions")) + r")\b|\bthan\b")
ENTITY_PREPOSITIONS = words("period.entity_prepositions")
AS_OF = words("period.as_of_words")
CUMULATIVE_LEMMAS = words("period.cumulative_lemmas")


def decide_period(doc: Doc, claim: Claim, reference: date | None) -> None:
    """Set the claim's period (start, end, text), recording the rule that decided it."""
    sent = sentence_of(doc, claim.start)
    if sent is None:
        claim.decide("period", "period.none", period_start=None, period_end=None, period_text=None)
        return
    candidates = _candidates(doc, claim, sent)
    candidates.sort(key=lambda c: _distance(doc, claim, c[0]))
    for ent, rule_id in candidates:
        interval = resolve_period(_with_preposition(doc, ent), reference)
        if interval is not None:
            claim.decide("period", rule_id, period_start=interval[0], period_end=interval[1], period_text=ent.text)
            if interval[0] == interval[1] and _is_cumulative(doc, claim):
                # 'progress reached 89 percent on November 1': the year up to that day
                claim.decide("period", "period.cumulative_to_date", period_start=date(interval[1].year, 1, 1))
            return
    rule_id = "period.unresolved" if candidates else "period.none"
    claim.decide("period", rule_id, period_start=None, period_end=None, period_text=None)


def _candidates(doc: Doc, claim: Claim, sent: Span) -> list[tuple[Span, str]]:
    """The sentence's time expressions outside the claim: the model's DATE entities, and those the
    model missed."""
    # model entities that run into the claim ('this year – $4 million') are left to the expressions below
    entities = [
        e
        for e in doc_ents(doc)
        if e.label_ == "DATE"
        and sent.start_char <= e.start_char < sent.end_char
        and (e.end_char <= claim.start or e.start_char >= claim.end)
    ]
    candidates = [(e, "period.date_entity") for e in entities]
    # the model sometimes misses a bare year after 'in' or a relative expression ('this year'): add those
    for m in _TIME_EXPRESSION.finditer(sent.text):
        s, e_ = sent.start_char + m.start(), sent.start_char + m.end()
        # unless a model entity as long covers it ('the 2018–2019 school year'); 'this year' beats the model's 'year'
        if not (claim.start <= s < claim.end) and not any(
            e.start_char < e_ and s < e.end_char and e.end_char - e.start_char >= e_ - s for e in entities
        ):
            span = doc.char_span(s, e_, alignment_mode="expand")
            if span is not None:
                candidates.append((span, "period.time_expression"))
                entities.append(span)  # a later expression is weighed against this one too
    return candidates


def _distance(doc: Doc, claim: Claim, e: Span) -> int:
    """From the nearer edge: a longer entity ending where a shorter one ends is as near."""
    d = claim.start - e.end_char if e.end_char <= claim.start else abs(e.start_char - claim.end)
    text = doc_text(doc)
    between = text[claim.end : e.start_char] if e.start_char >= claim.end else text[e.end_char : claim.start]
    if _NEXT_CLAUSE.search(between) and e.start_char >= claim.end:
        d += 10_000  # a period after the next clause belongs to that clause, after 'than' to the comparison
    return d


def _is_cumulative(doc: Doc, claim: Claim) -> bool:
    """A total reached by a day ('reached', 'totalled', 'amounted to'), not an event of that day."""
    if claim.number_token is None:
        return False
    verb = governing_verb(doc[claim.number_token])
    return verb is not None and verb.lemma_.lower() in CUMULATIVE_LEMMAS


def _with_preposition(doc: Doc, ent: Span) -> str:
    """'since 2000' needs its preposition: the model's DATE entity is only '2000'."""
    if ent.start > 1 and doc[ent.start - 2 : ent.start].text.lower() in AS_OF:
        return doc[ent.start - 2 : ent.end].text
    if ent.start > 0 and doc[ent.start - 1].lower_ in ENTITY_PREPOSITIONS:
        return doc[ent.start - 1 : ent.end].text
    return ent.text
