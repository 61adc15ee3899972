"""Is the amount a level, a change (and which way) or a rate?

Rules in order, the first that decides wins (their ids and examples: rules/kind.yaml):
a unit that is a rate itself (kind.rate_unit); a unit per a time (kind.per_unit) or per something else,
a price (kind.price_per_unit); a multiplying word (kind.multiple_word); 'per year' after it
(kind.rate_after); 'N more X' (kind.additional_amount) or a comparative after it (kind.comparative_after);
the parse patterns of rules/kind.yaml in order (a per-time on the counted noun or the verb, a rate
adjective on the measured noun, an indicator noun, a change noun it modifies); a walk up the parse, in
the amount's own clause, to a verb or noun of change, or to 'to'/'from' after one (kind.end_point,
kind.gathered_money, kind.change_verb, kind.indicator_noun, kind.change_noun_prep); 'in real terms'
(kind.real_terms); a change noun whose size the clause states (kind.change_noun_subject); else a level
(kind.default_level).  The discourse may override it (discourse.conversation).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, mapping, ordered, words
from pipeline.claims.registry import dependency_match, patterns, rule
from pipeline.claims.syntax import doc_text, governing_verb

UP_LEMMAS = words("shared.up_lemmas") | words("kind.more_up_lemmas")
DOWN_LEMMAS = words("shared.down_lemmas") | words("kind.more_down_lemmas")
CHANGE_LEMMAS = UP_LEMMAS | DOWN_LEMMAS
CHANGE_NOUN_DIRECTION = mapping("kind.change_noun_direction")
SUBJECT_CHANGE_NOUNS = mapping("shared.change_nouns")  # word -> direction
COMPARATIVES_AFTER = mapping("kind.comparatives_after")
CHANGE_PREPOSITIONS = words("kind.change_prepositions")
END_POINT_PREPOSITIONS = words("kind.end_point_prepositions")
PER_TIME_UNITS = words("kind.per_time_units")
RATE_DIMENSIONS = words("kind.rate_dimensions")
INDICATOR_NOUNS = words("kind.indicator_nouns")
ADDITIONAL_COMPARATIVES = words("kind.additional_comparatives")
CHANGE_PARTICLES = mapping("kind.change_particles")
PARTICLE_VERBS = words("kind.particle_verbs")
GATHERING_LEMMAS = words("kind.gathering_lemmas")
ALLOCATING_LEMMAS = words("kind.allocating_lemmas")
PERSONAL_PRONOUNS = words("shared.personal_pronouns")
STATING_LEMMAS = words("kind.stating_lemmas")
NOT_RATE_AFTER = words("kind.not_rate_after")
RELATIVE_PRONOUNS = words("shared.relative_pronouns")
CURRENCY_DIMENSION = "currency"
# a walk of the parse stays in the amount's clause: these heads start another ('where dependence is ...')
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "acl", "parataxis", "conj", "csubj"})
_RATE_AFTER = re.compile(
    r"^\s*(?:(?:"
    + alternation(ordered("kind.rate_determiners"))
    + r")\s+(?:single\s+)?("
    + alternation(ordered("kind.rate_times"))
    + r")|("
    + alternation(ordered("kind.rate_adverbs"))
    + r"))\b(?!\s+(?:"
    + alternation(ordered("kind.not_rate_after"))
    + r")\b)",
    re.I,
)  # 'a year earlier' is a time
_REAL_TERMS = re.compile(r"^\s*in\s+(?:" + alternation(ordered("kind.real_terms_words")) + r")\s+terms\b", re.I)
_FELL_BEFORE = re.compile(r"\b(" + alternation(ordered("kind.real_terms_down_verbs")) + r")\b")  # as written


def decide_kind(doc: Doc, claim: Claim) -> None:
    """Set claim.kind and claim.direction, recording the rule that decided them."""
    per = claim.extra.get("rate")
    after = doc_text(doc)[claim.end : claim.end + 25]
    if claim.dimension in RATE_DIMENSIONS:
        claim.decide("kind", "kind.rate_unit", kind="rate", direction=None)  # '10 knots', '120 km an hour'
    elif per and str(per).lower() in PER_TIME_UNITS and not _dated(after):
        claim.decide("kind", "kind.per_unit", kind="rate", direction=None)
    elif claim.extra.get("change"):
        claim.decide("kind", "kind.multiple_word", kind="change", direction=claim.extra["change"])
    elif _RATE_AFTER.match(after):
        # 'per year', 'a day' make a rate, also of a change ('grew about 14% a year', 'lose a million a day')
        claim.decide("kind", "kind.rate_after", kind="rate", direction=None)
    else:
        rule_id, kind, direction = change_of(doc, claim)
        if rule_id == "kind.default_level" and per:
            rule_id = "kind.price_per_unit"  # '$91 per barrel': a price, not a rate
        claim.decide("kind", rule_id, kind=kind, direction=direction)


def _dated(after: str) -> bool:
    """'$61 billion a year earlier': the per-time quantulum3 read (in the claim or after it) is a time of
    comparison."""
    m = re.match(r"\s*(?:(?:a|an|one|per)\s+\w+\s+)?(\w+)", after)
    return bool(m and m.group(1).lower() in NOT_RATE_AFTER)


def change_of(doc: Doc, claim: Claim) -> tuple[str, str, str | None]:
    """(rule id, 'change', 'up'/'down') when the number is the size of a rise or fall, else
    (rule id, 'level', None)."""
    if claim.number_token is None:
        return "kind.default_level", "level", None
    tok = doc[claim.number_token]
    text = doc_text(doc)
    # '12% up', '50 percent less': a comparative right after the amount
    following = re.match(r"\s?(\w+)", text[claim.end : claim.end + 12])
    word = following.group(1).lower() if following else ""
    if (
        word in ADDITIONAL_COMPARATIVES
        and claim.unit == "count"
        and _noun_follows(text, claim.end + len(following.group(0)))
    ):
        return "kind.additional_amount", "level", None  # '700 more apartments': an amount of apartments
    if word in COMPARATIVES_AFTER:
        return "kind.comparative_after", "change", COMPARATIVES_AFTER[word]
    for pattern in patterns("kind"):  # rules/kind.yaml's parse patterns: 'a 60 percent drop', '40,000 cars a day'
        found = _pattern(doc, claim, pattern.id, tok.i)
        if found is not None:
            return found
    real_terms = claim.unit == "percent" and _REAL_TERMS.match(text[claim.end : claim.end + 30])
    walked = _walk_to_change(tok, claim)
    if walked is not None and not (real_terms and walked[0] == "kind.indicator_noun"):
        return walked
    if real_terms:
        # '12% in real terms': a growth rate, adjusted for inflation or not
        fell = _FELL_BEFORE.search(text[max(0, claim.start - 60) : claim.start])
        return "kind.real_terms", "change", "down" if fell else "up"
    subject = _stated_subject(tok)
    if subject is not None and subject.lower_ in INDICATOR_NOUNS:
        return "kind.indicator_noun", "level", None  # 'Industrial growth was 4.7%'
    if subject is not None and subject.lower_ in SUBJECT_CHANGE_NOUNS:
        # 'the strengthening of the ruble, which amounted to 20%'
        return "kind.change_noun_subject", "change", SUBJECT_CHANGE_NOUNS[subject.lower_]
    return "kind.default_level", "level", None


def _noun_follows(text: str, at: int) -> bool:
    """Does a word (not 'than', not punctuation) follow: 'more apartments', not 'more than', 'more.'"""
    m = re.match(r"\s+([A-Za-z][\w-]*)", text[at : at + 30])
    return bool(m) and m.group(1).lower() not in ("than", "and", "or", "in", "on", "at", "to", "by", "of", "for")


def _stated_subject(tok):
    """The subject of the verb that states the amount's size ('The decline amounted to 20%'): the
    written subject, or the noun a relative pronoun stands for; None when the verb does something else
    with the amount ('This increase will concern 465,000 people') or the subject is a pronoun."""
    verb = governing_verb(tok)
    if verb is None or verb.lemma_.lower() not in STATING_LEMMAS:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        subj = verb.head
    if subj is None or subj.pos_ == "PRON" or subj.i > tok.i:
        return None
    return subj


def _pattern(doc: Doc, claim: Claim, rule_id: str, anchor: int) -> tuple[str, str, str | None] | None:
    """A parse pattern of rules/kind.yaml matched at the anchor: what its `yields` says, unless one
    of its vetoes holds (`unless_unit`: the claim's unit is in that lexicon list; `unless_after`: the
    word after a node is in that list, 'a year earlier')."""
    nodes = dependency_match(doc, rule_id, anchor)
    if nodes is None:
        return None
    yields = rule(rule_id).yields
    if "unless_unit" in yields and claim.unit in words(yields["unless_unit"].lstrip("$")):
        return None
    veto = yields.get("unless_after")
    if veto is not None:
        i = nodes[veto["node"]] + 1
        if i < len(doc) and doc[i].lower_ in words(veto["lexicon"].lstrip("$")):
            return None
    values = {}
    for name in ("kind", "direction"):
        spec = yields.get(name)
        if isinstance(spec, dict):  # {node: change, lexicon: kind.change_noun_direction}
            values[name] = mapping(spec["lexicon"])[doc[nodes[spec["node"]]].lower_]
        else:
            values[name] = spec
    return rule_id, values["kind"], values["direction"]


def _direction_of_verb(verb, *, via_by: bool = False) -> str | None:
    """'up'/'down' for a verb of change ('rose', 'slipped') or a verb of being or moving with 'up'/'down'
    ('went down by', 'is up by'; not 'set up 5 companies'), else None."""
    lemma = verb.lemma_.lower() if verb.lemma_ else verb.lower_
    particle = (via_by or lemma in PARTICLE_VERBS) and next(
        (c for c in verb.children if c.lower_ in CHANGE_PARTICLES and c.dep_ in ("prt", "advmod", "prep", "acomp")),
        None,
    )
    if particle:
        return CHANGE_PARTICLES[particle.lower_]
    if lemma == "go":
        return None  # 'go' alone is no change; 'go up'/'go down' have their particle
    if lemma in UP_LEMMAS or verb.lower_ in UP_LEMMAS:
        return "up"
    if lemma in DOWN_LEMMAS or verb.lower_ in DOWN_LEMMAS:
        return "down"
    return None


def _gathers(verb, lemma: str) -> bool:
    """'raised $5bn', 'attracted 40 billion rubles', 'we will add 100 billion rubles': money collected
    or allocated, not an increase ('exports added $5bn' is one)."""
    if lemma in GATHERING_LEMMAS:
        return True
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return lemma in ALLOCATING_LEMMAS and subject is not None and subject.lower_ in PERSONAL_PRONOUNS


def _in_change_noun(noun) -> bool:
    """Is the noun a change noun, or the object of one's preposition ('a drop in demand (of 60%)')?"""
    if noun.lower_ in CHANGE_NOUN_DIRECTION:
        return True
    return noun.dep_ == "pobj" and noun.head.head.lower_ in CHANGE_NOUN_DIRECTION


def _walk_to_change(tok, claim: Claim) -> tuple[str, str, str | None] | None:
    """Up the parse from the number (five steps at most, not out of its clause): 'fell to 3.9 percent'
    ends at a level (kind.end_point); 'raised $5bn' is money collected (kind.gathered_money); 'rose by
    5%', 'cut 10%', 'is up by 22 percent' a change of the verb (kind.change_verb); 'growth of 4%' the
    level of an indicator (kind.indicator_noun); 'an increase of 20%' a change of the noun
    (kind.change_noun_prep).  None when none applies."""
    t = tok
    via_by = False
    for _ in range(5):
        if t.lower_ == "by" and t.dep_ in ("prep", "agent"):
            via_by = True
        if (
            t.lower_ in END_POINT_PREPOSITIONS
            and t.dep_ == "prep"
            and not via_by
            and (_direction_of_verb(t.head) is not None or t.head.lower_ in CHANGE_LEMMAS)
        ):
            return "kind.end_point", "level", None  # 'fell to 3.9 percent', 'down from 4.1 percent'
        head = t.head
        if head.i == t.i or (t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX")):
            break  # the root, or the head of another clause ('reduce imports where dependence is up to 80%')
        lemma = head.lemma_.lower() if head.lemma_ else head.lower_
        if head.pos_ in ("VERB", "AUX", "ADV", "ADJ", "ADP") and (via_by or t.dep_ in ("dobj", "npadvmod", "advmod")):
            if t.dep_ == "dobj" and not via_by and claim.dimension == CURRENCY_DIMENSION and _gathers(head, lemma):
                return "kind.gathered_money", "level", None  # 'raised $5bn'
            direction = _direction_of_verb(head, via_by=via_by)
            if direction is not None:
                return "kind.change_verb", "change", direction
        if head.pos_ == "NOUN" and t.dep_ == "prep" and t.lower_ in CHANGE_PREPOSITIONS:
            if head.lower_ in INDICATOR_NOUNS:
                return "kind.indicator_noun", "level", None  # 'the growth of 4%', 'inflation of 4%'
            if head.lower_ in CHANGE_NOUN_DIRECTION:
                return "kind.change_noun_prep", "change", CHANGE_NOUN_DIRECTION[head.lower_]
        if head.pos_ in ("VERB",):
            break
        if t.lower_ == "of" and head.pos_ in ("NOUN", "PROPN") and not _in_change_noun(head):
            break  # 'cut short the operation of 66 groups': the amount counts the noun's complement
        t = head
    return None
