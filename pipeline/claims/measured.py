"""What does the amount count or measure?  Read off the dependency parse of the claim's sentence.

From the number, climb to the noun it quantifies; then, in order (ids and examples in rules/measured.yaml):
- measured.holder_of_amount: the noun whose 'of' takes the amount ('the inflation rate of 7%');
- measured.of_object: the object of 'of' after a unit or a container ('tons of heroin', 'types of drugs');
- measured.change_noun_object: what a change noun is of ('a 60 percent drop in demand');
- the parse patterns of rules/measured.yaml, on the quantified noun, in order
  (measured.people_of_holder: 'a staff of 35,000 people' counts the staff);
- measured.quantified_noun: the noun the number counts ('250,000 drug trafficking cases');
- else the amount is bare ('dropped by almost half', 'was 7%'): the verb's object when the verb is
  one of change or the amount hangs on it by a preposition (measured.verb_object), else the clause's
  subject (measured.clause_subject), through a container, a flow noun or 'non-' (measured.subject_of_object,
  measured.subject_about, measured.flow_of).
A null result has its rule too (measured.no_verb, measured.no_subject, measured.only_a_measure,
measured.unit_as_subject, measured.amount_word).  A bare amount whose clause names nothing is marked
`open` for the discourse rules (discourse.py).
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import words
from pipeline.claims.registry import dependency_match, patterns
from pipeline.claims.syntax import (
    ABOUT_NOUNS,
    CHANGE_NOUNS,
    MEASURE_NOUNS,
    doc_text,
    governing_verb,
    of_object,
    span_tokens,
    starts_hyphenated_word,
    subject_of,
    whole_word,
)

CONTAINER_NOUNS = words("measured.container_nouns")
RATE_COMPOUNDS = words("measured.rate_compounds")
FLOW_NOUNS = words("measured.flow_nouns")
NEGATION_PREFIXES = words("measured.negation_prefixes")
TIME_NOUNS = words("shared.time_nouns")
CHANGE_LEMMAS = words("shared.up_lemmas") | words("shared.down_lemmas")
DROPPED_MODIFIERS = words("measured.dropped_modifiers")
SKIPPED_LEADING_WORDS = words("measured.skipped_leading_words")
STATING_LEMMAS = words("measured.stating_lemmas")
CONTRACTED_BE = words("measured.contracted_be")
RELATIVE_UNITS = ("percent", "ratio", "fraction")


class Found(NamedTuple):
    """A rule's answer: the measured text (None: nothing measured) and the Doc offsets of the
    phrase it was read from."""

    rule: str
    text: str | None = None
    span: tuple[int, int] | None = None


# -- noun phrases -------------------------------------------------------------------------------
def noun_phrase(tok: Token) -> tuple[str, tuple[int, int]]:
    """The noun phrase headed by tok, without determiners, numbers, qualifiers or trailing clauses;
    a measure noun at its end is dropped ('inflation rate' -> 'inflation'); with its Doc offsets."""
    span = _raw_noun_phrase(tok)
    phrase = span.text
    parts = phrase.split()
    if len(parts) > 1 and parts[-1].lower() in MEASURE_NOUNS and parts[-2].lower() not in RATE_COMPOUNDS:
        kept = span[:-1]  # the measure noun is the last token (a word of letters after a space)
        return " ".join(parts[:-1]), (kept.start_char, kept.end_char)
    return phrase, (span.start_char, span.end_char)


def _raw_noun_phrase(tok: Token) -> Span:
    left = [
        c
        for c in tok.lefts
        if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod")
        and not c.like_num
        and not (c.dep_ == "poss" and c.pos_ == "PRON")  # 'our economy' is the economy
        and c.lower_ not in DROPPED_MODIFIERS
    ]
    start = min([tok.i] + [c.left_edge.i for c in left])
    # skip leading determiners, numbers and qualifier words kept by left_edge
    doc = tok.doc
    while (
        start < tok.i
        and not starts_hyphenated_word(doc[start])
        and (
            doc[start].pos_ in ("DET", "NUM", "ADV", "PUNCT", "ADP", "CCONJ")
            or doc[start].like_num
            or doc[start].lower_ in SKIPPED_LEADING_WORDS
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
    return doc[start:end]


def _found(rule_id: str, tok: Token) -> Found:
    text, span = noun_phrase(tok)
    return Found(rule_id, text, span)


def only_a_measure(tok: Token) -> bool:
    """'the annual rate', 'this figure': a measure noun with nothing that says what it measures."""
    return tok.lower_ in MEASURE_NOUNS and not any(
        c.dep_ in ("compound", "nmod", "poss") and c.pos_ in ("NOUN", "PROPN") for c in tok.lefts
    )


# -- the rules ----------------------------------------------------------------------------------
def decide_measured(doc: Doc, claim: Claim) -> None:
    """Set claim.measured and claim.measured_span from the parse, recording the rule."""
    found = measured_of(doc, claim)
    claim.decide("measured", found.rule, measured=found.text, measured_span=found.span)
    text = doc_text(doc)
    if claim.measured and claim.measured.split()[-1].lower() in text[claim.start : claim.end].lower().split():
        claim.decide("measured", "measured.amount_word", measured=None, measured_span=None)  # 'millions of dollars'


def quantified_noun(tok: Token) -> Token:
    """From the number up to the noun it quantifies (nummod / quantmod / compound chains), never a time noun."""
    noun = tok
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
    return noun


def measured_of(doc: Doc, claim: Claim) -> Found:
    """The thing counted or measured, read off the dependency parse."""
    if claim.number_token is None:
        return Found("measured.no_clause")  # no number token to walk from
    tok = doc[claim.number_token]
    in_span = span_tokens(doc, claim.start, claim.end)
    noun = quantified_noun(tok)
    if (
        noun.i in in_span
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ == "NOUN"
        and of_object(noun) is None
    ):
        holder = noun.head.head
        relative = claim.unit in RELATIVE_UNITS  # 'growth of 5%'; but 'a net loss of $200 million'
        if not (
            only_a_measure(holder) or (holder.lower_ in CHANGE_NOUNS and relative) or holder.lower_ in CONTAINER_NOUNS
        ):
            return _found("measured.holder_of_amount", holder)  # 'the inflation rate of 7%'
        # 'it stands at the annual rate of 7%', 'showed growth of 5%', 'a total of $5 billion': ask the verb
        return _from_clause(claim, holder, in_span)
    if noun.i in in_span or noun.pos_ == "NUM" or noun.lower_ in CONTAINER_NOUNS:
        # the noun is the unit or a container ('tons of heroin', 'types of drugs', 'percent of targets')
        pobj = of_object(noun)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.i not in in_span:
            inner = of_object(pobj) if pobj.lower_ in CONTAINER_NOUNS else None
            return _found("measured.of_object", inner or pobj)
        return _from_clause(claim, tok if noun.i in in_span else noun, in_span)
    if noun.lower_ in CHANGE_NOUNS:
        # 'a 60 percent drop in demand': what dropped; else ask the verb
        inner = of_object(noun)
        if inner is not None:
            return _found("measured.change_noun_object", inner)
        return _from_clause(claim, noun, in_span)
    if noun.pos_ in ("NOUN", "PROPN"):
        for pattern in patterns("measured"):  # 'a staff of 35,000 people': the people are the staff
            nodes = dependency_match(doc, pattern.id, noun.i)
            if nodes is not None:
                return _found(pattern.id, doc[nodes[pattern.yields["measured"]]])
        return _found("measured.quantified_noun", noun)
    return _from_clause(claim, noun, in_span)


def _from_clause(claim: Claim, noun: Token, in_span: set[int]) -> Found:
    """A bare amount ('dropped by almost half', 'was 7%'): the object of a verb of change, or of the
    verb the amount hangs on by a preposition, else the subject of its clause."""
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
    verb = top if top.pos_ in ("VERB", "AUX") else governing_verb(top)
    claim.extra["bare"] = True
    if verb is None or verb.pos_ not in ("VERB", "AUX") or (names_no_subject(verb) and states_a_value(verb)):
        # a fragment ('Approximately 12%.') or a pronoun stating a value ('we expect 5%'): continues the topic
        claim.extra["open"] = True
    if verb is None:
        return Found("measured.no_clause")
    # 'increased exports of food by 40 percent', 'keeping the budget deficit within 3 percent': the
    # object of the verb the amount hangs on is what is measured
    via_preposition = below.dep_ == "prep" and below.head.i == verb.i
    obj = (
        next(
            (
                c
                for c in verb.children
                if c.dep_ == "dobj"
                and c.i not in in_span
                and c.pos_ in ("NOUN", "PROPN")
                and c.lower_ not in TIME_NOUNS
            ),
            None,
        )
        if verb.lemma_ in CHANGE_LEMMAS or via_preposition
        else None
    )
    if obj is not None:
        return phrase_of_subject(obj, claim, in_span, rule_id="measured.verb_object")
    return phrase_of_subject(subject_of(verb), claim, in_span, rule_id="measured.clause_subject")


def phrase_of_subject(subj: Token | None, claim: Claim, in_span: set[int], *, rule_id: str) -> Found:
    """The measured thing a subject (or object) names: the thing after 'of' when it is a container,
    a measure or a change; 'X of Y' for a flow noun or a 'non-' act; else its noun phrase (`rule_id`)."""
    if subj is None or subj.pos_ not in ("NOUN", "PROPN", "VERB"):
        return Found("measured.no_subject")
    if subj.lower_ in CONTAINER_NOUNS or subj.lower_ in MEASURE_NOUNS or subj.lower_ in CHANGE_NOUNS:
        inner = of_object(subj)
        if inner is not None and inner.i not in in_span:
            return _found("measured.subject_of_object", inner)  # 'the volume of lending grew by 5%'
        if only_a_measure(subj):
            return Found("measured.only_a_measure")
    if subj.lower_ in ABOUT_NOUNS and of_object(subj) is not None:
        return _found("measured.subject_about", of_object(subj))  # 'the situation with X'
    first, last = whole_word(subj)
    if (last.lower_ in FLOW_NOUNS or first.lower_ in NEGATION_PREFIXES) and of_object(last) is not None:
        # 'the inflow of investment', 'non-execution of spending': the amount is of the thing
        inner_text, (_, inner_end) = noun_phrase(of_object(last))
        head = subj.doc[first.i : last.i + 1]
        return Found("measured.flow_of", f"{head.text} of {inner_text}", (head.start_char, inner_end))
    phrase, span = noun_phrase(subj)
    if claim.unit_text and phrase.lower() == claim.unit_text.lower():
        return Found("measured.unit_as_subject")
    return Found(rule_id, phrase, span)


def names_no_subject(verb: Token) -> bool:
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


def states_a_value(verb: Token) -> bool:
    """'it was 770 billion', 'we expect 5%': the verb (or one it depends on) states or expects a
    value, rather than acting on the amount ('we seized 6 billion rubles', 'I climbed 5,700 metres')."""
    t = verb
    for _ in range(4):
        if t.lemma_.lower() in STATING_LEMMAS or t.lower_.replace("’", "'") in CONTRACTED_BE:
            return True  # the model leaves "’s" (curly apostrophe) unlemmatised
        if t.head is t:
            return False
        t = t.head
    return False
