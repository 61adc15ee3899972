"""What the talk around an amount says about it: the measured thing of an amount that restates the
one before it, stands for the same noun or is a part of it (discourse.restatement,
discourse.elided_noun, discourse.part_of); of an amount that points back (discourse.antecedent, else
discourse.antecedent_phrase); of an amount that answers a question before it (discourse.question);
and of an amount whose clause names nothing, from the topic before it in the turn
(discourse.topic_before) or from what the document's earlier turns counted (discourse.conversation),
which also carries a change over to an answer that names none ('And in the US?' 'From 3% to 5%.')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Token

from pipeline.claims.claim import Claim
from pipeline.claims.lexicon import alternation, mapping, ordered, words
from pipeline.claims.measured import (
    AGENT_LABELS,
    BACK_PRONOUNS,
    CHANGE_LEMMAS,
    CONTAINER_NOUNS,
    UNIT_WORDS,
    Found,
    as_modifier,
    is_anaphoric,
    noun_phrase,
    phrase_of_subject,
    quantified_noun,
)
from pipeline.claims.syntax import (
    CHANGE_NOUNS,
    MEASURE_NOUNS,
    doc_text,
    governing_verb,
    of_object,
    sentence_of,
    span_tokens,
    subject_of,
    topic_before,
)

TIME_NOUNS = words("shared.time_nouns")
_ELABORATION_BEFORE = re.compile(r"(?:" + alternation(ordered("discourse.elaboration_words")) + r")[,:]?\s*$", re.I)
# ', which is almost $1 billion', ', which was up 15 percent on 2014': the relative clause restates the amount before
_RESTATING_CLAUSE = re.compile(
    r"^\s*,?\s*(?:" + alternation(ordered("discourse.restating_clauses"), spaces=r"\s+") + r")\s+(?:\w+\s+){0,2}$", re.I
)
# '480,000 citizens came to Russia for work, which is 50 percent less than ...': the clause restates the amount
_RESTATING_AFTER_CLAUSE = re.compile(
    r",\s*(?:" + alternation(ordered("discourse.restating_clauses"), spaces=r"\s+") + r")\s+(?:\w+\s+){0,2}$", re.I
)
# 'compared to 109,000 tonnes', 'instead of 500,000 rubles': the partner of a comparison measures the same thing
_COMPARISON_BEFORE = re.compile(
    r"\b(?:" + alternation(ordered("discourse.comparison_words"), spaces=r"\s+") + r")\s+(?:the\s+|a\s+)?$", re.I
)
# ', including 9,000 in Eastern Siberia', ', of which 5 billion': a part of the amount before
_PART_BEFORE = re.compile(
    r"\s*,?\s*(?:" + alternation(ordered("discourse.part_words"), spaces=r"\s+") + r")\s+(?:\w+\s+){0,2}", re.I
)
_OR_RESTATING = re.compile(
    r"\s*,\s*or\s*(?:(?:" + alternation(ordered("discourse.precise_words"), spaces=r"\s+") + r")[\s,]*)?", re.I
)
_FRAMES = [tuple(f.split()) for f in ordered("discourse.topic_frames")]
FRAME_LEAD_WORDS = words("discourse.frame_lead_words")
FRAME_CLOSERS = words("discourse.frame_closers")
QUESTION_WORDS = words("discourse.question_words")
_LABEL_MARKS = ("–", "—", "-", ":")
_LABEL_DEPS = ("dobj", "nsubj", "nsubjpass", "attr", "appos", "conj", "ROOT")  # a clause's noun, not a preposition's
_HOW_MANY = re.compile(r"how\s+(?:" + alternation(sorted(QUESTION_WORDS)) + r")\s+", re.I)
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
    sentence when it restates it ('one-third of foreign investment, specifically, $1.6 billion'),
    stands for the same noun ('29 regions ..., but only 16 are participating') or is a part of it
    ('financing of 11.5 billion rubles, including 5 billion rubles from the federal budget')."""
    open_with_topics(doc, claims)
    for before, c in pairwise(claims):
        take_from_partner(doc, before, c)
    refer_back(doc, claims)


def _bracketed_alone(text: str, before: Claim, c: Claim) -> bool:
    """c stands alone in brackets right after `before` ('net income of 1.9 billion euros ($2.06 billion)'):
    the same amount restated, whatever the clause around the brackets names; unless c names its own
    thing inside them ('(14 people)')."""
    if text[before.end : c.start].strip() != "(" or not text[c.end : c.end + 3].lstrip().startswith(")"):
        return False
    span = c.measured_span
    return span is None or not (before.end < span[0] < c.end + 3)


def take_from_partner(doc: Doc, before: Claim, c: Claim) -> bool:
    """c restates, stands for the noun of, or is a part of `before`, the amount before it in its
    sentence: c takes before's measured thing (or, for an 'or' restatement that names it, gives it).
    True when a measured thing moved."""
    if c.number_token is None:
        return False
    text = doc_text(doc)
    sent = sentence_of(doc, c.start)
    if sent is None or before.start < sent.start_char:
        return False
    between = text[before.end : c.start]
    if before.measured is None:
        if (
            c.measured is not None
            and _OR_RESTATING.fullmatch(between)
            and c.rule_of("measured").startswith("measured.")
        ):
            # 'about 5,000, or more precisely 5,700 of such systems': the restatement names it
            before.decide("measured", "discourse.restatement", measured=c.measured, measured_span=c.measured_span)
            return True
        return False
    # a restatement wins over what the parse said ('..., specifically, $1.6 billion')
    restated = (
        (
            (len(between) < 80 and _ELABORATION_BEFORE.search(between))
            or (c.unit != before.unit and re.fullmatch(r"\s*,?\s*or\s*", between))
            or _OR_RESTATING.fullmatch(between)
            or (
                len(between) < 40 and between.rstrip().endswith("(") and c.measured is None
            )  # '... pipeline (2,700 km)'
            or _bracketed_alone(text, before, c)  # '9 billion shekels ($2.4 billion) of foreign currency'
            # but '7 buildings (14 people lived there)' counts its own thing
            or _RESTATING_CLAUSE.match(between)
            or (len(between) < 150 and _RESTATING_AFTER_CLAUSE.search(between) and c.extra.get("bare"))
            or (len(between) < 60 and _COMPARISON_BEFORE.search(between))
        )
        and not re.match(r"\s+of\b", text[c.end : c.end + 5])
    )  # '2.8 percent of GDP, or $46 billion'
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
    # '13,500 jobs, including 9,000 in Eastern Siberia': a part that names nothing counts the whole's thing
    part = c.measured is None and c.unit == before.unit and bool(_PART_BEFORE.fullmatch(between))
    if not (restated or elided or part):
        return False
    rule = "discourse.restatement" if restated else "discourse.elided_noun" if elided else "discourse.part_of"
    c.decide("measured", rule, measured=before.measured, measured_span=before.measured_span)
    c.extra.pop("anaphor", None)
    return True


def topic_frame(sent) -> Token | None:
    """The topic a sentence opens with ('As far as freight traffic goes, ...', 'As for inflation,
    ...', 'Regarding the new terminal, ...'): the head noun of the frame's phrase; None for no frame,
    a time or a person ('As for the first quarter', 'As far as I know')."""
    toks = list(sent)
    k = 0
    while k < len(toks) and (toks[k].is_punct or toks[k].lower_ in FRAME_LEAD_WORDS):
        k += 1
    words_ = [t.lower_ for t in toks[k : k + 5]]
    frame = next((f for f in _FRAMES if tuple(words_[: len(f)]) == f), None)
    if frame is None:
        return None
    rest = toks[k + len(frame) :]
    end = next((j for j, t in enumerate(rest) if t.is_punct or t.lower_ in FRAME_CLOSERS), len(rest))
    phrase = rest[:end]
    inside = {t.i for t in phrase}
    roots = [t for t in phrase if t.pos_ in ("NOUN", "PROPN") and t.head.i not in inside]
    if len(phrase) > 10 or len(roots) != 1:
        return None
    root = roots[0]
    if root.lower_ in TIME_NOUNS or root.ent_type_ in ("DATE", "TIME", "PERSON") or root.lower_ in UNIT_WORDS:
        return None
    return root


def _antecedent(doc: Doc, earlier: list[Claim], c: Claim, sentences: int, *, any_unit: bool = False) -> Claim | None:
    """The nearest claim before c in the turn with c's unit (any unit for a multiple: 'they are
    three times higher', or when `any_unit`) and a measured thing, at most `sentences` sentences back."""
    sent = doc[c.number_token].sent
    for _ in range(sentences):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    any_unit = any_unit or c.unit in ("ratio", "fraction")
    return next(
        (
            a
            for a in reversed(earlier)
            if (any_unit or a.unit == c.unit) and a.measured is not None and a.start >= sent.start_char
        ),
        None,
    )


def counts_a_noun(doc: Doc, c: Claim) -> bool:
    """'These are the two points I wanted to make': the amount counts a noun of its own, outside its text."""
    noun = quantified_noun(doc[c.number_token])
    return noun.pos_ in ("NOUN", "PROPN") and noun.i not in span_tokens(doc, c.start, c.end)


def pointer_of(doc: Doc, c: Claim) -> Token | None:
    """The word c's clause points back with: its subject or object ('the figure was 8.3%', 'this
    share exceeds 90 percent', 'reduce it to 5%'), what a change of it is in ('the increase in this
    indicator'), or the whole it is a part of ('95 percent of them'); not a pronoun that a clause
    describes ('62 percent of those who have called', 'those killed in road accidents')."""
    pointer = _pointer_word(doc, c)
    if pointer is not None and any(d.dep_ in ("relcl", "acl") for d in pointer.children):
        return None
    return pointer


def _pointer_word(doc: Doc, c: Claim) -> Token | None:
    noun = quantified_noun(doc[c.number_token])
    inner = of_object(noun)
    if inner is not None and is_anaphoric(inner):
        return inner
    verb = governing_verb(noun)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or child.i > c.number_token:
            continue
        if is_anaphoric(child):
            return child
        inner = of_object(child)
        if inner is not None and is_anaphoric(inner):
            return inner
    return None


def phrase_pointed_at(doc: Doc, c: Claim, pointer: Token) -> Found:
    """No amount before names what c points back to: the pointer's own noun said before in its
    sentence or the one before, with what it is of ('... up to the level of the price of a barrel
    of oil. For 2013, this level is $91 per barrel'), else the topic before the pointer: for a
    plural pointer a plural noun ('children's camps are being transferred ... Half of them'), for a
    singular one ('the figure', 'it') a subject that was said to change ('investment in fixed assets
    has not fallen ... Last year the figure was 8.3%'); never a person, an organisation or a place."""
    sent_start = pointer.sent.start
    floor = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    if pointer.pos_ == "NOUN":
        for k in range(pointer.i - 1, floor - 1, -1):
            said = doc[k]
            inner = of_object(said) if said.lemma_ == pointer.lemma_ and said.pos_ == "NOUN" else None
            if (
                inner is not None
                and inner.pos_ in ("NOUN", "PROPN")
                and not is_anaphoric(inner)
                and inner.lower_ not in UNIT_WORDS
            ):
                text, span = noun_phrase(inner)
                return Found("discourse.antecedent_phrase", text, span)
    topic = topic_before(doc, min(pointer.i, c.number_token))
    if topic is None or topic.ent_type_ in AGENT_LABELS or topic.lower_ in UNIT_WORDS | TIME_NOUNS:
        return Found("discourse.no_topic")
    plural = pointer.lower_ in BACK_PRONOUNS or any(
        d.dep_ == "poss" and d.lower_ in BACK_PRONOUNS | {"their"} for d in pointer.children
    )
    if plural and topic.tag_ not in ("NNS", "NNPS"):
        return Found("discourse.no_topic")  # '... a single platform has connected the offices. Their number ...'
    if not plural and topic.head.lemma_ not in CHANGE_LEMMAS:
        return Found("discourse.no_topic")  # 'The region was behind the average. The ratio was 14.7'
    return phrase_of_subject(topic, c, span_tokens(doc, c.start, c.end), rule_id="discourse.antecedent_phrase")


def asked_about(doc: Doc, c: Claim) -> Found:
    """The thing a question before c in its sentence or the one before asks the amount of: 'How
    many workers do you have? Nearly 500', 'It is hard to say how much of the allocations will be
    pending. Maybe 100 billion rubles will be unused', 'How much have revenues increased? 26
    percent'; the nearest question wins, a time or a unit is none ('How many years ...?')."""
    sent = doc[c.number_token].sent
    floor = doc[sent.start - 1].sent.start if sent.start > 0 else 0
    for k in range(c.number_token - 1, floor - 1, -1):
        word = doc[k]
        if word.lower_ not in QUESTION_WORDS or not any(t.lower_ == "how" for t in word.lefts):
            continue
        if word.dep_ == "amod" and word.head.pos_ in ("NOUN", "PROPN"):
            asked = word.head  # 'how many workers'
        elif (inner := of_object(word)) is not None:
            asked = inner  # 'how much of the allocations'
        elif word.dep_ == "advmod" and word.head.pos_ in ("VERB", "AUX"):
            asked = subject_of(word.head)  # 'how much have revenues increased'
        else:
            asked = None
        if asked is None or asked.lower_ in TIME_NOUNS | UNIT_WORDS or asked.ent_type_ in AGENT_LABELS:
            return Found("discourse.no_topic")
        found = phrase_of_subject(asked, c, span_tokens(doc, c.start, c.end), rule_id="discourse.question")
        asking = _HOW_MANY.match(found.text or "")
        if asking and found.span is not None:  # 'How many workers' -> 'workers'
            found = found._replace(text=found.text[asking.end() :], span=(found.span[0] + asking.end(), found.span[1]))
        return found
    return Found("discourse.no_topic")


def labelled_by(doc: Doc, c: Claim) -> Found:
    """The noun an amount is given for after a dash or a colon in its sentence ('we have allocated
    significant funds – almost 3 trillion rubles', 'the largest harvest in 25 years: between 110 and
    115 million tonnes', 'several items: sugar beet – 53 million tonnes'); a parenthesis after the
    noun is skipped. Only a common noun of a clause: not a name ('LDPR – minus 600,000'), a time or
    a unit, nor the object of a preposition ('costs at the most competitive level in the industry:
    around $3.10 per barrel', 'you can see the figures in the presentation: 6.7 billion')."""
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 1].text not in _LABEL_MARKS:
        return Found("discourse.no_topic")
    noun = doc[span.start - 2]
    if noun.text == ")":  # 'the growth of GDP (gross domestic product) – 3.7%'
        opening = next((t for t in reversed(doc[noun.sent.start : noun.i]) if t.text == "("), None)
        noun = doc[opening.i - 1] if opening is not None and opening.i > noun.sent.start else noun
    if (
        noun.pos_ != "NOUN"
        or noun.dep_ not in _LABEL_DEPS  # 'the most competitive level in the industry: $3.10 per barrel'
        or noun.sent.start != span.sent.start
        or noun.lower_ in TIME_NOUNS | UNIT_WORDS
        or noun.ent_type_ in AGENT_LABELS | {"DATE", "TIME", "GPE", "LOC"}
        or (
            noun.lower_ in CONTAINER_NOUNS | MEASURE_NOUNS and of_object(noun) is None
        )  # 'a record volume: 250,000 tonnes'
    ):
        return Found("discourse.no_topic")
    return phrase_of_subject(noun, c, span_tokens(doc, c.start, c.end), rule_id="discourse.label")


def open_with_topics(doc: Doc, claims: list[Claim]) -> None:
    """An amount whose clause names nothing, or names it only by pointing back or by a verb's noun
    alone, in a sentence that opens with its topic ('As far as freight traffic goes, 75 million
    tonnes were delivered'): the topic (discourse.topic_frame); a place or an agent it names is a
    modifier of the verb's noun ('Regarding the Volgograd Region, we allocated ...')."""
    frames: dict[int, Token | None] = {}
    for c in claims:
        if c.number_token is None or not (c.extra.get("anaphor") or c.measured is None or c.extra.get("weak")):
            continue
        sent = doc[c.number_token].sent
        if sent.start not in frames:
            frames[sent.start] = topic_frame(sent)
        topic = frames[sent.start]
        if topic is None:
            continue
        if topic.ent_type_ in AGENT_LABELS:
            if c.extra.get("weak") and c.measured is not None:
                c.decide("measured", "discourse.topic_frame", measured=f"{as_modifier(topic)} {c.measured}")
                c.extra.pop("weak")
            continue
        found = phrase_of_subject(topic, c, span_tokens(doc, c.start, c.end), rule_id="discourse.topic_frame")
        if found.text is not None:
            c.decide("measured", "discourse.topic_frame", measured=found.text, measured_span=found.span)
            c.extra.pop("weak", None)
            c.extra.pop("anaphor", None)


def refer_back(doc: Doc, claims: list[Claim]) -> None:
    """Amounts whose clause names their thing only by pointing back: the topic their sentence opens
    with ('As for inflation, it was 4.3 percent': discourse.topic_frame), else the thing of the
    nearest amount before in the same unit ('Last year the figure was 8.3%', 'it fell to 5.3%',
    '9,000 of them': discourse.antecedent; 'Currently, nearly 2,500 have been installed':
    discourse.elided_noun).  A verb's noun alone ('deliveries', measured `weak`) gives way to a
    frame's topic, or takes a place or an agent it names as a modifier ('Volgograd Region funding')."""
    for i, c in enumerate(claims):
        if c.number_token is None or c.rule_of("measured") == "discourse.topic_frame":
            continue
        anaphor, weak = c.extra.get("anaphor"), c.measured is None or c.extra.get("weak")
        tok = doc[c.number_token]
        elided = c.measured is None and (
            c.extra.get("elided") or (c.unit == "count" and tok.pos_ == "NUM" and tok.dep_ in ("nsubj", "nsubjpass"))
        )
        if anaphor or elided:
            pointer = pointer_of(doc, c) if anaphor else None
            # '210,000 cases were detected, and 95 percent of them ...': a part of a count
            part = pointer is not None and pointer.dep_ == "pobj" and c.unit == "percent"
            before = _antecedent(doc, claims[:i], c, 2 if anaphor else 1, any_unit=part)
            if before is None and pointer is not None and c.measured is None and not counts_a_noun(doc, c):
                found = phrase_pointed_at(doc, c, pointer)
                if found.text is not None:
                    c.decide("measured", found.rule, measured=found.text, measured_span=found.span)
                    c.extra.pop("weak", None)
                continue
            if before is None:
                continue
            nearer = c.measured_span is not None and c.measured_span[0] > before.start  # 'it' of a later topic
            if c.measured is None or weak or not nearer:
                rule = "discourse.antecedent" if anaphor else "discourse.elided_noun"
                c.decide("measured", rule, measured=before.measured, measured_span=before.measured_span)
                c.extra.pop("weak", None)


DIMENSION_NOUNS = {dimension: frozenset(nouns) for dimension, nouns in mapping("discourse.dimension_nouns").items()}


def dimension_noun(doc: Doc, c: Claim) -> Token | None:
    """The nearest noun before the amount, in its sentence or the one before, that an amount of its
    dimension measures ('capacity' for megawatts, 'freight' for tonnes, 'roads' for kilometres); not one
    that another amount of the sentence counts."""
    sent = doc[c.number_token].sent
    floor = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    nouns = DIMENSION_NOUNS[c.dimension]
    own = span_tokens(doc, c.start, c.end)
    for t in reversed(doc[floor : doc[c.number_token].i]):
        if t.pos_ == "NOUN" and t.lower_ in nouns and t.i not in own:
            counted = t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in UNIT_WORDS
            if counted or any(ch.like_num for ch in t.children):
                return None  # '5,000 kilometres of pipeline', '20 roads': that amount's thing
            return t
    return None


def continue_conversation(doc: Doc, claims: list[Claim], conversation: Conversation) -> None:
    """An amount whose clause names nothing (marked `open` by measured.py) continues the topic of
    the sentences before in the turn, else what the last turns counted in the same unit; an amount
    that restates or is a part of one that got its thing here takes it too."""
    offset = doc.user_data.get("offset", 0)
    for i, c in enumerate(claims):
        if c.measured is None and i > 0:
            # the amount before got its thing from the topic only now ('231,000 tonnes compared to 109,000 tonnes')
            take_from_partner(doc, claims[i - 1], c)
        if c.measured is None and not counts_a_noun(doc, c):
            label = labelled_by(doc, c)  # 'we have allocated significant funds – almost 3 trillion rubles'
            if label.text is not None:
                c.decide("measured", "discourse.label", measured=label.text, measured_span=label.span)
        if c.measured is None and not counts_a_noun(doc, c):
            asked = asked_about(doc, c)  # 'How many workers do you have? Nearly 500.'
            if asked.text is not None:
                c.decide("measured", "discourse.question", measured=asked.text, measured_span=asked.span)
        if c.measured is None and c.dimension in DIMENSION_NOUNS:
            named = dimension_noun(doc, c)  # 'will require additional energy capacity. We will need 130 megawatts'
            if named is not None:
                text, span = noun_phrase(named)
                c.decide("measured", "discourse.dimension_noun", measured=text, measured_span=span)
        if c.measured is None and c.extra.get("open") and c.unit != "count":
            topic = topic_before(doc, c.number_token)
            if topic is not None and (topic.lower_ in UNIT_WORDS or topic.ent_type_ == "PERSON"):
                topic = None  # '150 billion [rubles]'; 'Mr Ivanov proposed 2 billion': a person is no topic
            found = phrase_of_subject(topic, c, span_tokens(doc, c.start, c.end), rule_id="discourse.topic_before")
            indicator = c.extra.get("indicator")  # 'we have seen 38-percent growth': the topic's growth
            if found.text is not None and indicator is not None and found.text.split()[-1].lower() in CHANGE_NOUNS:
                found = found._replace(text=None)  # 'we can see an increase: over 20 percent growth'
            if found.text is not None and indicator is not None:
                grown = f"{found.text} {indicator[0].split()[-1]}"
                c.decide(
                    "measured", "discourse.topic_before", note="an indicator's", measured=grown, measured_span=None
                )
            elif found.text is not None:
                note = None if found.rule == "discourse.topic_before" else f"via {found.rule}"
                c.decide("measured", "discourse.topic_before", note=note, measured=found.text, measured_span=found.span)
            elif indicator is not None:
                c.decide("measured", "measured.indicator_growth", measured=indicator[0], measured_span=indicator[1])
            earlier = conversation.recall(c.unit, offset + c.start) if c.measured is None else None
            if earlier is not None:
                c.decide("measured", "discourse.conversation", measured=earlier.measured, measured_span=None)
                if c.kind == "level" and earlier.kind == "change":  # 'And in the US?' 'From 3% to 5%.'
                    c.decide("kind", "discourse.conversation", kind=earlier.kind, direction=earlier.direction)
            elif c.measured is None:
                c.decide("measured", "discourse.no_topic", measured=None, measured_span=None)
        elif c.measured is None and c.rule_of("measured") == "measured.no_subject" and c.unit != "count":
            # 'the unemployment rate was 6.6%. In fact, we started the year with 6.6 %': an amount a pronoun acts
            # on, in the unit of an amount of the sentence before, continues it
            earlier = conversation.recall(c.unit, offset + c.start)
            sent = doc[c.number_token].sent
            floor = doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
            if earlier is not None and offset + floor <= conversation.last[c.unit][1] and not counts_a_noun(doc, c):
                c.decide("measured", "discourse.conversation", note="the sentence before", measured=earlier.measured)
        if c.measured is not None and not c.editorial:
            conversation.note(c, offset + c.end)
