"""Is the amount a level, a change (and which way) or a rate?

Rules in order, the first that decides wins (their ids and examples: rules/kind.yaml):
the unit is per something (kind.per_unit); the amount is a multiplying word (kind.multiple_word);
'per year' after it (kind.rate_after); a comparative after it (kind.comparative_after); a change
noun it modifies (kind.change_noun_modifier; every parse pattern of rules/kind.yaml is tried here, in order); a walk up the parse to a verb or noun
of change, or to 'to'/'from' after one (kind.end_point, kind.change_verb, kind.change_noun_prep);
'in real terms' (kind.real_terms); a change noun as the clause's subject (kind.change_noun_subject);
else a level (kind.default_level).  The discourse may override it (discourse.conversation).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, mapping, ordered, words
from pipeline.claims.registry import dependency_match, patterns, rule
from pipeline.claims.syntax import doc_text, governing_verb, subject_of

UP_LEMMAS = words("shared.up_lemmas")
DOWN_LEMMAS = words("shared.down_lemmas")
CHANGE_LEMMAS = UP_LEMMAS | DOWN_LEMMAS
CHANGE_NOUN_DIRECTION = mapping("kind.change_noun_direction")
SUBJECT_CHANGE_NOUNS = mapping("shared.change_nouns")  # word -> direction
COMPARATIVES_AFTER = mapping("kind.comparatives_after")
CHANGE_PREPOSITIONS = words("kind.change_prepositions")
END_POINT_PREPOSITIONS = words("kind.end_point_prepositions")
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
    if claim.extra.get("rate"):
        claim.decide("kind", "kind.per_unit", kind="rate", direction=None)
    elif claim.extra.get("change"):
        claim.decide("kind", "kind.multiple_word", kind="change", direction=claim.extra["change"])
    elif _RATE_AFTER.match(doc_text(doc)[claim.end : claim.end + 25]):
        # 'per year', 'a day' make a rate, also of a change ('grew about 14% a year', 'lose a million a day')
        claim.decide("kind", "kind.rate_after", kind="rate", direction=None)
    else:
        rule_id, kind, direction = change_of(doc, claim)
        claim.decide("kind", rule_id, kind=kind, direction=direction)


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
    if word in COMPARATIVES_AFTER:
        return "kind.comparative_after", "change", COMPARATIVES_AFTER[word]
    for pattern in patterns("kind"):  # rules/kind.yaml's parse patterns: 'a 60 percent drop', 'a 5% increase'
        found = _pattern(doc, pattern.id, tok.i)
        if found is not None:
            return found
    walked = _walk_to_change(tok)
    if walked is not None:
        return walked
    if claim.unit == "percent" and _REAL_TERMS.match(text[claim.end : claim.end + 30]):
        # '12% in real terms': a growth rate, adjusted for inflation or not
        fell = _FELL_BEFORE.search(text[max(0, claim.start - 60) : claim.start])
        return "kind.real_terms", "change", "down" if fell else "up"
    verb = governing_verb(tok)
    subj = subject_of(verb) if verb is not None else None
    if subj is not None and subj.lower_ in SUBJECT_CHANGE_NOUNS and tok.i > subj.i:
        # 'the strengthening of the ruble, which amounted to 20%'
        return "kind.change_noun_subject", "change", SUBJECT_CHANGE_NOUNS[subj.lower_]
    return "kind.default_level", "level", None


def _pattern(doc: Doc, rule_id: str, anchor: int) -> tuple[str, str, str | None] | None:
    """A parse pattern of rules/kind.yaml matched at the anchor: what its `yields` says."""
    nodes = dependency_match(doc, rule_id, anchor)
    if nodes is None:
        return None
    yields = rule(rule_id).yields
    values = {}
    for name in ("kind", "direction"):
        spec = yields.get(name)
        if isinstance(spec, dict):  # {node: change, lexicon: kind.change_noun_direction}
            values[name] = mapping(spec["lexicon"])[doc[nodes[spec["node"]]].lower_]
        else:
            values[name] = spec
    return rule_id, values["kind"], values["direction"]


def _walk_to_change(tok) -> tuple[str, str, str | None] | None:
    """Up the parse from the number (five steps at most): 'fell to 3.9 percent' ends at a level
    (kind.end_point); 'rose by 5%', 'cut 10%' is a change of the verb (kind.change_verb); 'growth of
    20%', 'a decline by 5%' a change of the noun (kind.change_noun_prep).  None when none applies."""
    t = tok
    via_by = False
    for _ in range(5):
        if t.lower_ == "by" and t.dep_ in ("prep", "agent"):
            via_by = True
        if (
            t.lower_ in END_POINT_PREPOSITIONS
            and t.dep_ == "prep"
            and not via_by
            and (t.head.lemma_.lower() in CHANGE_LEMMAS or t.head.lower_ in CHANGE_LEMMAS)
        ):
            return "kind.end_point", "level", None  # 'fell to 3.9 percent', 'down from 4.1 percent'
        head = t.head
        if head.i == t.i:
            break
        lemma = head.lemma_.lower() if head.lemma_ else head.lower_
        if head.pos_ in ("VERB", "AUX", "ADV", "ADJ", "ADP") and (via_by or t.dep_ in ("dobj", "npadvmod", "advmod")):
            if lemma in UP_LEMMAS or head.lower_ in UP_LEMMAS:
                if lemma == "go" and not any(c.lower_ == "up" for c in head.children):
                    break
                return "kind.change_verb", "change", "up"
            if lemma in DOWN_LEMMAS or head.lower_ in DOWN_LEMMAS:
                return "kind.change_verb", "change", "down"
        if (
            head.pos_ == "NOUN"
            and t.dep_ == "prep"
            and t.lower_ in CHANGE_PREPOSITIONS
            and head.lower_ in CHANGE_NOUN_DIRECTION
        ):
            return "kind.change_noun_prep", "change", CHANGE_NOUN_DIRECTION[head.lower_]
        if head.pos_ in ("VERB",):
            break
        t = head
    return None
