"""What does the amount count or measure?  Read off the dependency parse of the claim's sentence.

From the number, climb to the noun it quantifies; then, in order (ids and examples in rules/measured.yaml):
- measured.change_after_amount: ', up 43 percent' right after an amount is a change of what it counts;
- measured.worth_before: 'X worth N', read on the words (the parse often hangs 'worth' elsewhere);
- measured.holder_of_amount: the noun whose 'of' takes the amount ('the inflation rate of 7%');
- measured.of_object: the object of 'of' after a unit or a container ('tons of heroin', 'types of drugs');
- measured.change_noun_object: what a change noun is of ('a 60 percent drop in demand');
- the parse patterns of rules/measured.yaml, on the quantified noun, in order
  (measured.people_of_holder: 'a staff of 35,000 people' counts the staff);
- measured.noun_before_bound: 'an interest rate under 5 percent', read on the words;
- measured.quantified_noun: the noun the number counts ('250,000 drug trafficking cases');
- else the amount is bare ('dropped by almost half', 'was 7%'): the verb's object when the verb is
  one of change or the amount hangs on it by a preposition (measured.verb_object), else the clause's
  subject (measured.clause_subject), through a container, a flow noun or 'non-' (measured.subject_of_object,
  measured.subject_about, measured.flow_of, measured.money_noun_for).
A null result has its rule too (measured.no_verb, measured.no_subject, measured.only_a_measure,
measured.unit_as_subject, measured.amount_word).  A bare amount whose clause names nothing is marked
`open` for the discourse rules (discourse.py).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import mapping, words
from pipeline.claims.registry import dependency_match, patterns
from pipeline.claims.syntax import (
    ABOUT_NOUNS,
    ANAPHORIC_PRONOUNS,
    CHANGE_NOUNS,
    EVALUATIVE_NOUNS,
    MEASURE_NOUNS,
    doc_text,
    governing_verb,
    is_place_or_time,
    of_object,
    span_tokens,
    starts_hyphenated_word,
    subject_of,
    whole_word,
)

CONTAINER_NOUNS = words("measured.container_nouns")
RATE_COMPOUNDS = words("measured.rate_compounds")
INDICATOR_RATES = words("measured.indicator_rates")
INDICATOR_CHANGES = words("measured.indicator_changes")
GROWTH_SEEING_LEMMAS = words("measured.growth_seeing_lemmas")
FLOW_NOUNS = words("measured.flow_nouns")
FRAME_OF_NOUNS = CONTAINER_NOUNS | MEASURE_NOUNS | CHANGE_NOUNS | FLOW_NOUNS  # nouns that are of the noun after "of"
NEGATION_PREFIXES = words("measured.negation_prefixes")
TIME_NOUNS = words("shared.time_nouns")
CHANGE_LEMMAS = words("shared.up_lemmas") | words("shared.down_lemmas")
DROPPED_MODIFIERS = words("measured.dropped_modifiers")
SKIPPED_LEADING_WORDS = words("measured.skipped_leading_words")
STATING_LEMMAS = words("measured.stating_lemmas") | words("measured.observing_lemmas")
CONTRACTED_BE = words("measured.contracted_be")
UNIT_WORDS = words("measured.unit_words")
BOUND_PREPOSITIONS = words("measured.bound_prepositions")
DENOMINATOR_NOUNS = words("measured.denominator_nouns")
VAGUE_PURPOSES = words("measured.vague_purposes")
VERB_NOUNS = {
    "measured.money_verb": mapping("measured.money_verbs"),
    "measured.goods_verb": mapping("measured.goods_verbs"),
}
AGENT_LABELS = words("measured.agent_labels")
SCALE_WORDS = words("shared.scale_words")
BACK_PRONOUNS = words("measured.back_pronouns")
MONEY_NOUNS = words("measured.money_nouns")
BACK_DETERMINERS = words("measured.back_determiners")
VAGUE_PLURALS = words("measured.vague_plurals")
AMOUNT_JOINERS = words("measured.amount_joiners")
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
    a measure noun at its end is dropped ('inflation rate' -> 'inflation', but 'unemployment rate'
    stays: measured.indicator_rates); with its Doc offsets."""
    span = _raw_noun_phrase(tok)
    phrase = span.text
    parts = phrase.split()
    if (
        len(parts) > 1
        and parts[-1].lower() in MEASURE_NOUNS
        and parts[-2].lower() not in RATE_COMPOUNDS
        and (parts[-1].lower() not in ("rate", "rates") or parts[-2].lower() in INDICATOR_RATES)
    ):  # 'inflation rate' -> 'inflation', but 'unemployment rate' is the rate of nothing else
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
        and not (c.dep_ == "poss" and c.lower_ in TIME_NOUNS)  # "last year's inflation" is inflation
        and c.lower_ not in DROPPED_MODIFIERS
    ]
    start = min([tok.i] + [c.left_edge.i for c in left])
    first = first_conjunct(tok)
    if first is not tok:  # a coordination is one thing: 'modern weapons and hardware accounted for 16 percent'
        start = min(start, _raw_noun_phrase(first).start)
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


def first_conjunct(tok: Token) -> Token:
    """The first noun of the coordination tok ends ('modern weapons and hardware' -> 'weapons'), if the
    coordination is one group: nothing between them counts or acts (no number, verb or preposition: '5
    tonnes of oil and 3 tonnes of gas'), the later noun has no determiner of its own ('a design capacity'), and
    'and'/'or' join them (not 'but'); else tok.  Bulk: 2017-04-17_working-meeting-with-prime-minister-dmitry-medvedev_54316
    'combine harvesters and tractors was up by 60 percent', 2018-04-18_meeting-with-government-members_57275 'their share
    of emissions and discharge exceeds 60 percent'; dev 2017-12-22_..._56472 'modern weapons and hardware'."""
    first = tok
    while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN") and first.head.i < first.i:
        first = first.head
    if first is tok:
        return tok
    between = tok.doc[first.i : tok.i]
    if any(
        t.like_num
        or t.pos_ in ("VERB", "AUX", "ADP", "SYM", "DET")
        or (t.dep_ == "cc" and t.lower_ not in ("and", "or"))
        for t in between
    ) or any(c.isdigit() for c in _raw_noun_phrase(first).text):
        return tok  # 'the accident and the subsequent spill of 15,000 tonnes', 'not only Russians, but foreigners'
    return first


def _found(rule_id: str, tok: Token) -> Found:
    text, span = noun_phrase(tok)
    return Found(rule_id, text, span)


def only_a_measure(tok: Token) -> bool:
    """'the annual rate', 'this figure': a measure noun with nothing that says what it measures; a rate
    named by its modifier is a thing ('the key rate', 'the benchmark index', tagged adjectives or not)."""
    return tok.lower_ in MEASURE_NOUNS and not any(
        (c.dep_ in ("compound", "nmod", "poss") and c.pos_ in ("NOUN", "PROPN"))
        or (c.dep_ in ("compound", "amod") and c.lower_ in RATE_COMPOUNDS)
        for c in tok.lefts
    )


# -- the rules ----------------------------------------------------------------------------------
def decide_measured(doc: Doc, claim: Claim) -> None:
    """Set claim.measured and claim.measured_span from the parse, recording the rule."""
    found = measured_of(doc, claim)
    text = doc_text(doc)
    found = without_the_amount(found, claim, text)
    claim.decide("measured", found.rule, measured=found.text, measured_span=found.span)
    if claim.measured and claim.measured.split()[-1].lower() in text[claim.start : claim.end].lower().split():
        claim.decide("measured", "measured.amount_word", measured=None, measured_span=None)  # 'millions of dollars'
    if claim.number_token is not None and refers_back(doc[claim.number_token], claim):
        claim.extra["anaphor"] = True  # 'the figure was 8.3%', 'it fell to 5.3%', '9,000 of them': see discourse.py


def without_the_amount(found: Found, claim: Claim, text: str) -> Found:
    """A phrase that begins with words of the amount itself keeps only the words after it ('a 20-fold gap'
    -> 'gap', 'the two-percent advantage' -> 'advantage'): the amount is no name of the thing."""
    if found.span is None or found.text != text[found.span[0] : found.span[1]]:
        return found
    start, end = found.span
    if not (start >= claim.start and start < claim.end < end):
        return found
    cut = claim.end
    while cut < end and not text[cut].isalnum():
        cut += 1
    if cut >= end:
        return Found(found.rule)
    return Found(found.rule, text[cut:end], (cut, end))


def is_denominator(tok: Token) -> bool:
    """A noun that amounts are given as shares of, not counted ('GDP', 'gross domestic product')."""
    return tok.lower_ in DENOMINATOR_NOUNS or (
        tok.lower_ == "product" and tok.i > 0 and tok.nbor(-1).lower_ == "domestic"
    )


def is_anaphoric(tok: Token) -> bool:
    """'it', 'this', 'they', or a measure or container noun that a determiner points back with and
    nothing names ('the figure', 'this indicator', 'their number', 'its share')."""
    if tok.lower_ in ANAPHORIC_PRONOUNS or tok.lower_ in BACK_PRONOUNS:
        return tok.tag_ != "WDT"  # a relative 'that' points to its noun (syntax.subject_of)
    return (
        (tok.lower_ in MEASURE_NOUNS or tok.lower_ in CONTAINER_NOUNS)
        and any(c.dep_ in ("det", "poss") and c.lower_ in BACK_DETERMINERS for c in tok.lefts)
        and all(c.dep_ in ("det", "poss", "punct", "relcl", "acl", "advmod") for c in tok.children)
    )  # 'the total French share', 'its share in exports' name what they measure


def refers_back(tok: Token, claim: Claim) -> bool:
    """The amount's clause names its thing only by pointing back: its subject is anaphoric, or the
    object of its verb ('reduce it to 7.6%'), or it is a part 'of them' ('9,000 of them')."""
    noun = quantified_noun(tok)
    pobj = of_object(noun)
    if pobj is not None and pobj.lower_ in BACK_PRONOUNS:
        return True
    verb = governing_verb(noun)
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return False
    # 'it fell to 5%', 'next year it will receive 4 billion' (a verb's noun alone); not 'they opened a plant'
    says_amount = states_a_value(verb) or verb.lemma_ in CHANGE_LEMMAS or claim.extra.get("weak")
    return (
        verb.dep_ != "relcl"
        and says_amount
        and any(
            (c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "dobj" and c.pos_ == "PRON"))
            and c.i < claim.number_token
            and is_anaphoric(c)
            for c in verb.children
        )
    )


def quantified_noun(tok: Token) -> Token:
    """From the number up to the noun it quantifies (nummod / quantmod / compound chains), never a time noun;
    the second number of a range climbs from the first ('between 13,000 and 16,000 rubles')."""
    noun = tok
    if tok.dep_ == "conj" and tok.head.like_num and tok.head.dep_ in ("nummod", "compound", "quantmod"):
        noun = tok.head  # 'between 13,000 and 16,000 rubles' (but '5,000, or more precisely 5,700 of such systems')
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


def _noun_after_of(of: Token) -> Token | None:
    """The noun 'of' takes: its pobj, else the last noun of the words right after it (the parse
    often hangs an 'of' after a comma elsewhere: 'millions, of direct family ties')."""
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if pobj is not None:
        return pobj if pobj.pos_ in ("NOUN", "PROPN") else None
    noun = None
    for t in of.doc[of.i + 1 : of.sent.end]:
        if t.pos_ in ("NOUN", "PROPN"):
            noun = t
        elif t.pos_ not in ("DET", "ADJ") or noun is not None:
            break
    return noun


def _of_after(tok: Token) -> Token | None:
    """X in 'hundreds of X': the parse's, else the words' ('of' right after the amount)."""
    inner = of_object(tok)
    if inner is None and tok.i + 1 < tok.sent.end and tok.doc[tok.i + 1].lower_ == "of":
        inner = _noun_after_of(tok.doc[tok.i + 1])
    return inner


def _innermost_vague(tok: Token) -> Token:
    """'hundreds of thousands': the last vague plural of an 'of' chain."""
    while (inner := _of_after(tok)) is not None and inner.lower_ in VAGUE_PLURALS:
        tok = inner
    return tok


def joined_vague_thing(tok: Token) -> Token | None:
    """'hundreds or even thousands of families', 'hundreds of thousands, if not millions, of people':
    a vague amount that names nothing itself, joined to a later one that does, counts the same
    thing (the noun after the last 'of' of the chain); 'millions of music fans' the parse left
    without its 'of': the noun after it.  Read on the words, which the parse often attaches anywhere."""
    if tok.lower_ not in VAGUE_PLURALS:
        return None
    if of_object(tok) is not None and of_object(tok).lower_ not in VAGUE_PLURALS:
        return None  # 'thousands of jobs': the parse names it (measured.of_object)
    last = _innermost_vague(tok)
    if (own := _of_after(last)) is not None:
        # 'thousands of them': discourse.antecedent; 'tens of times larger': no thing
        return own if own.pos_ in ("NOUN", "PROPN") and own.lower_ not in UNIT_WORDS else None
    doc, k, joined, end = tok.doc, last.i + 1, False, tok.sent.end
    while k < end:
        t = doc[k]
        if t.lower_ in AMOUNT_JOINERS:
            joined = joined or t.lower_ not in (",", "–", "-")
        elif t.lower_ in VAGUE_PLURALS and joined:
            t = _innermost_vague(t)
            k = t.i
            thing = _of_after(t)
            if thing is not None:
                return thing if thing.pos_ in ("NOUN", "PROPN") and thing.lower_ not in UNIT_WORDS else None
        elif t.lower_ == "of" and joined and doc[k - 1].lower_ in VAGUE_PLURALS | {","}:
            return _noun_after_of(t)
        else:
            return None
        k += 1
    return None


def is_amount_word(tok: Token, in_span: set[int]) -> bool:
    """The token is the amount itself, not a noun it counts: a word of the claim, a number, a
    currency sign or a unit word ('19,788 hectares', '$30 billion')."""
    return tok.i in in_span or tok.pos_ in ("NUM", "SYM") or tok.lower_ in UNIT_WORDS


def measured_of(doc: Doc, claim: Claim) -> Found:
    """The thing counted or measured, read off the dependency parse."""
    if claim.number_token is None:
        return Found("measured.no_clause")  # no number token to walk from
    tok = doc[claim.number_token]
    in_span = span_tokens(doc, claim.start, claim.end)
    joined = joined_vague_thing(tok)
    if joined is not None:
        return _found("measured.joined_vague_amount", joined)
    noun = quantified_noun(tok)
    counted = thing_of_amount_before(doc, in_span, noun)
    if counted is not None:  # '700,000 passengers, up 43 percent': the change of those passengers
        return _found("measured.change_after_amount", counted)
    if noun.pos_ in ("NOUN", "PROPN", "NUM", "SYM"):
        for pattern in patterns("measured"):  # 'worth a total of N' names its thing before 'a total of' does
            if pattern.yields.get("before") == "holder_of_amount":
                nodes = dependency_match(doc, pattern.id, noun.i)
                if nodes is not None and (found := _from_pattern(doc, pattern, nodes, claim, in_span)) is not None:
                    return found
    before = noun_before_amount(doc, in_span, counts_a_noun=not is_amount_word(noun, in_span))
    if before is not None and before[0] == "measured.worth_before":
        return _found(*before)  # read on the words: the parse often hangs 'worth' elsewhere
    found = _holder_of_amount(claim, noun, in_span)
    if found is not None:
        return found
    if noun.pos_ in ("NOUN", "PROPN", "NUM", "SYM"):
        for pattern in patterns("measured"):  # in the order of rules/measured.yaml
            if pattern.yields.get("before") == "holder_of_amount":
                continue
            nodes = dependency_match(doc, pattern.id, noun.i)
            if nodes is not None and (found := _from_pattern(doc, pattern, nodes, claim, in_span)) is not None:
                return found
    if before is not None:  # set against a bound, the noun reads as a subject does ('non-execution of spending at N')
        found = phrase_of_subject(head_of_of_phrase(before[1]), claim, in_span, rule_id=before[0])
        if found.text is not None:
            return found
    if is_amount_word(noun, in_span) or noun.lower_ in CONTAINER_NOUNS:
        # the noun is the unit or a container ('tons of heroin', 'types of drugs', 'percent of targets')
        pobj = of_object(noun)
        if pobj is not None and is_denominator(pobj):
            pobj = None  # '1.5 percent of GDP' measures the deficit the clause names, in GDP
        if pobj is not None and _nominal(pobj) and pobj.i not in in_span and pobj.lower_ not in UNIT_WORDS:
            inner = of_object(pobj) if pobj.lower_ in CONTAINER_NOUNS else None
            return _found("measured.of_object", inner or pobj)
        return _from_clause(claim, tok if noun.i in in_span else noun, in_span)
    if noun.lower_ in CHANGE_NOUNS:
        # 'a 60 percent drop in demand': what dropped; else ask the verb
        inner = of_object(noun)
        if inner is not None:
            return _found("measured.change_noun_object", inner)
        return indicator_growth(_from_clause(claim, noun, in_span), noun, claim)
    if noun.pos_ in ("NOUN", "PROPN"):
        return _found("measured.quantified_noun", noun)
    return _from_clause(claim, noun, in_span)


_CHANGE_AFTER_AMOUNT = re.compile(
    r",\s+(?:which\s+is\s+)?(?:(?:up|down)(?:\s+by)?|an?\s+(?:increase|rise|growth|decrease|decline|drop|fall)\s+of)\s+$",
    re.I,
)
_ARTICLE_AFTER_AMOUNT = re.compile(r",\s+an?\s+$", re.I)  # ', a 24% increase'


def thing_of_amount_before(doc: Doc, in_span: set[int], noun: Token) -> Token | None:
    """', up 43 percent' or ', a 24% increase' right after an amount is the change of what that amount
    counts or is the value of ('carried 700,000 passengers, up 43 percent', 'revenue of 831 million, up
    16%'): the noun the amount before counts, or the noun whose 'of' holds it; else None."""
    first = min(in_span)
    sent = doc[first].sent
    before = doc.text[sent.start_char : doc[first].idx]
    change_noun_after = noun.lower_ in CHANGE_NOUNS and noun.i not in in_span
    if not (_CHANGE_AFTER_AMOUNT.search(before) or (change_noun_after and _ARTICLE_AFTER_AMOUNT.search(before))):
        return None
    comma = next((t for t in reversed(doc[sent.start : first]) if t.text == ","), None)
    if comma is None:
        return None
    number = next((t for t in reversed(doc[max(sent.start, comma.i - 8) : comma.i]) if t.like_num), None)
    if number is None:
        return None
    thing = quantified_noun(number)
    if thing.pos_ == "NOUN" and thing.lower_ not in UNIT_WORDS | TIME_NOUNS | CONTAINER_NOUNS and thing.i < comma.i:
        return thing  # '700,000 passengers, up 43 percent'
    holder = thing.head if thing.dep_ == "pobj" and thing.head.lower_ == "of" else None
    if holder is not None and holder.head.pos_ == "NOUN" and not only_a_measure(holder.head):
        return holder.head  # 'revenue of 831 million euros, up 16%'
    return None


def noun_before_amount(doc: Doc, in_span: set[int], *, counts_a_noun: bool) -> tuple[str, Token] | None:
    """The common noun right before the word that links it to the amount, read on the words:
    - 'worth' (or 'worth a total of'): the thing whose value it is ('new housing worth under six million
      rubles', 'construction projects worth 400 billion rubles'; measured.worth_before);
    - a bound ('at', 'under', 'below', 'above', 'within'; the claim may begin with it as its qualifier):
      the thing set against it ('an interest rate under 5 percent', 'inflation at 4 percent';
      measured.noun_before_bound), when the amount counts no noun of its own ('at 79 storage facilities').
    A name is left to the parse ('plants in Karelia worth $100 million'), and so is a time ('this year at') and
    a bound after a place ('our share on the European market at 35 percent': the share's)."""
    i = min(in_span)
    if doc[i].lower_ in BOUND_PREPOSITIONS and i >= 1 and doc[i - 1].lower_ not in ("worth", "of"):
        link = doc[i]  # the claim's own qualifier: 'an interest rate [under 5 percent]'
    else:
        i -= 1
        if i >= 2 and doc[i].lower_ == "of" and doc[i - 1].lower_ == "total":
            i -= 3 if doc[i - 2].lower_ in ("a", "the") else 2
        if i < 1 or doc[i].lower_ not in BOUND_PREPOSITIONS | {"worth"}:
            return None
        link = doc[i]
    holder = doc[i - 1] if i >= 1 else None
    if (
        holder is None
        or holder.pos_ != "NOUN"
        or (link.lower_ != "worth" and holder.dep_ == "pobj" and holder.head.lower_ not in ("with", "of"))
        or holder.lower_ in UNIT_WORDS | TIME_NOUNS
        or holder.sent.start != link.sent.start
    ):
        return None
    if link.lower_ == "worth":
        return "measured.worth_before", holder
    return None if counts_a_noun else ("measured.noun_before_bound", holder)


def head_of_of_phrase(tok: Token) -> Token:
    """The noun a chain of 'of' phrases hangs from when it is a container, measure, change or flow of
    them ('non-execution of federal spending' from 'spending'), not a frame ('in terms of their rate')."""
    while (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "of"
        and tok.head.head.pos_ in ("NOUN", "PROPN")
        and (tok.head.head.lower_ in FRAME_OF_NOUNS or whole_word(tok.head.head)[0].lower_ in NEGATION_PREFIXES)
    ):
        tok = tok.head.head
    return tok


def _nominal(tok: Token) -> bool:
    """A noun, or a word the tagger took for a verb where only a noun can stand ('pairs of passenger trains')."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ == "pobj" and tok.tag_ in ("NNS", "VBZ"))


def _holder_of_amount(claim: Claim, noun: Token, in_span: set[int]) -> Found | None:
    """'the inflation rate of 7%': the noun whose 'of' takes the amount; a measure, a container or
    a change noun with a relative amount asks the verb instead ('showed growth of 5%')."""
    if (
        noun.i in in_span
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ == "NOUN"
        and of_object(noun) is None
    ):
        holder = noun.head.head
        if holder.i not in in_span and is_amount_word(holder, in_span):  # "43 billion rubles of the total 60 billion"
            return _from_clause(claim, holder, in_span)
        relative = claim.unit in RELATIVE_UNITS  # 'growth of 5%'; but 'a net loss of $200 million'
        if not (
            only_a_measure(holder) or (holder.lower_ in CHANGE_NOUNS and relative) or holder.lower_ in CONTAINER_NOUNS
        ):
            return _found("measured.holder_of_amount", holder)  # 'the inflation rate of 7%'
        # 'it stands at the annual rate of 7%', 'showed growth of 5%', 'a total of $5 billion': ask the verb
        return indicator_growth(_from_clause(claim, holder, in_span), holder, claim)
    return None


def indicator_growth(found: Found, noun: Token, claim: Claim) -> Found:
    """An amount on an indicator noun of change is a level of that growth (ANNOTATION: 'GDP growth
    was 3.7%'): the noun's own phrase when it names what grew ('GDP growth of 5.8 percent'), else
    what the clause's subject saw or had ('agricultural engineering saw a 30 percent growth' ->
    'agricultural engineering growth'; never a person, a time: 'this year has seen 32 percent
    growth'), else the noun alone ('we had 4.3% growth' -> 'growth'), after the topic before when
    the clause names nothing (discourse.topic_before)."""
    if noun.lower_ not in INDICATOR_CHANGES:
        return found
    text, span = noun_phrase(noun)
    if span[0] < claim.end and span[1] > claim.start:  # '38-percent growth': the amount is no name of it
        text, span = noun.text, (noun.idx, noun.idx + len(noun.text))
    if text.lower() != noun.lower_:
        return Found("measured.indicator_growth", text, span)
    verb = governing_verb(noun)
    subj = subject_of(verb) if verb is not None else None
    if (
        subj is not None
        and verb.lemma_.lower() in GROWTH_SEEING_LEMMAS
        and subj.pos_ in ("NOUN", "PROPN")
        and subj.lower_ not in TIME_NOUNS | UNIT_WORDS
        and subj.ent_type_ not in ("PERSON", "DATE", "TIME")
    ):
        return Found("measured.indicator_growth", f"{as_modifier(subj)} {noun.lower_}")
    if found.text is None and claim.extra.get("open"):
        # 'Trade fell, but we have seen 38-percent growth': the topic before grew (discourse.topic_before)
        claim.extra["indicator"] = (text, span)
        return found
    return Found("measured.indicator_growth", text, span)


def _from_pattern(doc: Doc, pattern, nodes: dict[str, int], claim: Claim, in_span: set[int]) -> Found | None:
    """What a parse pattern of rules/measured.yaml yields: the noun phrase of its `measured` node, or
    for a verb of money or goods (`action`) the noun the lexicon gives the verb, after what the
    money is for or who acts (`modifier`)."""
    if "measured" in pattern.yields:
        return _found(pattern.id, doc[nodes[pattern.yields["measured"]]])
    if "phrase_of" in pattern.yields:  # the noun as a clause subject is read ('the share of X at 30%' is X's)
        found = phrase_of_subject(doc[nodes[pattern.yields["phrase_of"]]], claim, in_span, rule_id=pattern.id)
        return found if found.text is not None else None
    if "funding_of" in pattern.yields:  # '4.7 billion rubles for major repairs': money for a purpose
        if claim.dimension != "currency":
            return None
        return Found(pattern.id, f"{as_modifier(doc[nodes[pattern.yields['funding_of']]])} funding")
    if "share_of" in pattern.yields:  # 'X account for 20% of Y': X's share of Y
        subject = subject_of(doc[nodes[pattern.yields["share_of"]]])
        found = phrase_of_subject(subject, claim, in_span, rule_id=pattern.id)
        if found.text is None:
            return None  # 'They account for half of our turnover': what the share is of
        whole = of_object(doc[nodes[pattern.yields["anchor"]]])
        if whole is not None and _nominal(whole) and whole.lower_ not in UNIT_WORDS | CONTAINER_NOUNS:
            return Found(pattern.id, f"{found.text} share of {noun_phrase(whole)[0]}")
        return found
    anchor, verb = doc[nodes[pattern.yields["anchor"]]], doc[nodes[pattern.yields["action"]]]
    if pattern.id == "measured.money_verb":
        money = claim.dimension == "currency" or (anchor.pos_ == "NUM" and anchor.lower_ in SCALE_WORDS)
        if not money:
            return None  # 'allocated 500 apartments' counts apartments
    elif claim.unit in RELATIVE_UNITS or not is_amount_word(anchor, in_span):
        return None  # 'we exported 30%', 'we produced 5,000 cars' (the cars are counted)
    whole = of_object(anchor)
    if whole is not None and _nominal(whole) and not is_amount_word(whole, in_span):
        return None  # '5 billion rubles of budget funds': the object of 'of' names it
    noun = VERB_NOUNS[pattern.id][verb.lemma_.lower()]
    claim.extra["bare"] = True  # the amount counts no noun: a bare 'N billion' may still take a currency
    modifier = next((doc[nodes[k]] for k in ("purpose", "recipient", "agent") if k in nodes), None)
    if modifier is not None and "purpose" in nodes and modifier.lower_ in MONEY_NOUNS:
        return _found(pattern.id, modifier)  # 'allocated 45 billion rubles for incentive payments': the payments
    if modifier is not None and not (modifier.dep_ == "nsubj" and modifier.ent_type_ == "PERSON"):
        return Found(pattern.id, f"{as_modifier(modifier)} {noun}")
    claim.extra["weak"] = True  # the verb's noun alone: a topic the sentence opens with may say more
    return Found(pattern.id, noun)


def as_modifier(tok: Token) -> str:
    """The noun phrase of tok as it stands before another noun: its last noun singular ('regional
    budgets' -> 'regional budget', as in 'regional budget contributions')."""
    words_ = noun_phrase(tok)[0].split()
    if tok.tag_ == "NNS" and tok.lemma_ and words_[-1] == tok.text:
        words_[-1] = tok.lemma_
    return " ".join(words_)


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
    if subj.lower_ in EVALUATIVE_NOUNS and rule_id == "measured.clause_subject" and of_object(subj) is None:
        claim.extra["open"] = True  # 'the positive trend has continued: we expect 7 percent': the talk around says what
        return Found("measured.no_subject")
    if subj.lower_ in CONTAINER_NOUNS or subj.lower_ in MEASURE_NOUNS or subj.lower_ in CHANGE_NOUNS:
        inner = of_object(subj)
        if inner is not None and inner.i not in in_span:
            if is_anaphoric(inner):  # 'the increase in this indicator was 9%'
                claim.extra["anaphor"] = True
                return Found("measured.points_back")
            if inner.lower_ in UNIT_WORDS or inner.like_num:
                return Found("measured.only_a_measure")  # 'we noted growth of 1.3 percent': growth of what, unsaid
            if subj.lower_ in INDICATOR_CHANGES and _nominal(inner):  # 'the growth of real incomes was 4%'
                return Found("measured.indicator_growth", f"{as_modifier(inner)} {subj.lower_}")
            return _found("measured.subject_of_object", inner)  # 'the volume of lending grew by 5%'
        if is_anaphoric(subj):  # 'the figure was 8.3%', 'their amount grew': discourse.antecedent
            claim.extra["anaphor"] = True
            return Found("measured.points_back")
        if only_a_measure(subj):
            return Found("measured.only_a_measure")  # 'the annual rate was 6%'
    if (
        rule_id == "measured.clause_subject"
        and claim.unit == "count"
        and claim.extra.get("bare")
        and subj.ent_type_ in AGENT_LABELS
        and subj.pos_ == "PROPN"
        and subj.head.lemma_ not in CHANGE_LEMMAS | {"be"}  # 'Russia has climbed from 121 to 31' ranks Russia
    ):  # 'United Russia posted 166,782 observers; the CPRF, 83,323': a bare count counts no party
        claim.extra["elided"] = True
        return Found("measured.agent_subject")
    if (
        rule_id == "measured.clause_subject"
        and subj.ent_type_ == "PERSON"
        and subj.dep_ == "nsubj"
        and not states_a_value(subj.head)
    ):
        claim.extra["open"] = True  # 'Mr Ivanov proposed 2 billion': the talk around may say what
        return Found("measured.agent_subject")
    if subj.lower_ in ABOUT_NOUNS and of_object(subj) is not None:
        return _found("measured.subject_about", of_object(subj))  # 'the situation with X'
    first, last = whole_word(subj)
    if (last.lower_ in FLOW_NOUNS or first.lower_ in NEGATION_PREFIXES) and of_object(last) is not None:
        # 'the inflow of investment', 'non-execution of spending': the amount is of the thing
        inner_text, (_, inner_end) = noun_phrase(of_object(last))
        head = subj.doc[first.i : last.i + 1]
        return Found("measured.flow_of", f"{head.text} of {inner_text}", (head.start_char, inner_end))
    purpose = money_purpose(subj)
    if purpose is not None:  # 'Financing for space programmes comes to 181 billion rubles'
        own = " ".join(t.text for t in subj.lefts if t.dep_ == "compound" and t.pos_ == "NOUN")
        head = subj.text if subj.pos_ == "PROPN" else subj.lower_
        return Found("measured.money_noun_for", " ".join(w for w in (as_modifier(purpose), own, head) if w))
    phrase, span = noun_phrase(subj)
    if (claim.unit_text and phrase.lower() == claim.unit_text.lower()) or (
        subj.lower_ in UNIT_WORDS and (subj.i in in_span or any(c.like_num for c in subj.children))
    ):  # '90 percent has been paid', '3,000 kilometres of pipeline (2,700 km) was laid' (but 'the ruble fell by 20%')
        inner = of_object(subj)
        if inner is not None and inner.i not in in_span and _nominal(inner):
            return _found("measured.subject_of_object", inner)
        claim.extra["elided"] = True  # '30 km of railway were repaired and another 50 km will be upgraded'
        return Found("measured.unit_as_subject")
    return Found(rule_id, phrase, span)


def money_purpose(subj: Token) -> Token | None:
    """What a money noun is for, when its own 'for' names it ('payments for housing', 'funding for the
    gasification programme'); not a time, a place, a total or a vague purpose ('allocations for the next
    three years', 'the average wage for the region', 'contracts for a total of')."""
    if subj.lower_ not in MONEY_NOUNS:
        return None
    prep = next((c for c in subj.rights if c.dep_ == "prep" and c.lower_ == "for"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if (
        pobj is None
        or pobj.pos_ != "NOUN"
        or pobj.lower_ in CONTAINER_NOUNS | UNIT_WORDS
        or (pobj.lower_ in VAGUE_PURPOSES and not any(c.dep_ in ("compound", "amod") for c in pobj.lefts))
        or is_place_or_time(pobj)
    ):
        return None
    return pobj


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
