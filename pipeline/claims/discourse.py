"""What the talk around an amount says about it: the measured thing of an amount that restates the
one before it or stands for the same noun (discourse.restatement, discourse.elided_noun), and of an
amount whose clause names nothing, from the topic before it in the turn (discourse.topic_before) or
from what the document's earlier turns counted (discourse.conversation), which also carries a change
over to an answer that names none ('And in the US?' 'From 3% to 5%.')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, ordered, words
from pipeline.claims.measured import phrase_of_subject
from pipeline.claims.syntax import doc_text, sentence_of, span_tokens, topic_before

UNIT_WORDS = words("discourse.unit_words")
_ELABORATION_BEFORE = re.compile(r"(?:" + alternation(ordered("discourse.elaboration_words")) + r")[,:]?\s*$", re.I)
_NOMINAL_DEPS = ("nsubj", "nsubjpass", "pobj", "dobj", "attr", "conj", "appos")


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


def inherit_measured(doc: Doc, claims: list[Claim]) -> None:
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
            c.decide(
                "measured",
                "discourse.restatement" if restated else "discourse.elided_noun",
                measured=before.measured,
                measured_span=before.measured_span,
            )


def continue_conversation(doc: Doc, claims: list[Claim], conversation: Conversation) -> None:
    """An amount whose clause names nothing (marked `open` by measured.py) continues the topic of
    the sentences before in the turn, else what the last turns counted in the same unit."""
    offset = doc.user_data.get("offset", 0)
    for c in claims:
        if c.measured is None and c.extra.get("open") and c.unit != "count":
            topic = topic_before(doc, c.number_token)
            topic = None if topic is None or topic.lower_ in UNIT_WORDS else topic  # '150 billion [rubles]'
            found = phrase_of_subject(topic, c, span_tokens(doc, c.start, c.end), rule_id="discourse.topic_before")
            if found.text is not None:
                note = None if found.rule == "discourse.topic_before" else f"via {found.rule}"
                c.decide("measured", "discourse.topic_before", note=note, measured=found.text, measured_span=found.span)
            earlier = conversation.recall(c.unit, offset + c.start) if c.measured is None else None
            if earlier is not None:
                c.decide("measured", "discourse.conversation", measured=earlier.measured, measured_span=None)
                if c.kind == "level" and earlier.kind == "change":  # 'And in the US?' 'From 3% to 5%.'
                    c.decide("kind", "discourse.conversation", kind=earlier.kind, direction=earlier.direction)
            elif c.measured is None:
                c.decide("measured", "discourse.no_topic", measured=None, measured_span=None)
        if c.measured is not None and not c.editorial:
            conversation.note(c, offset + c.end)
