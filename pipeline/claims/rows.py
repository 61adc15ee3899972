"""The order the claims modules run in, and the claims table's rows.

For each sentence that holds a number: find amounts (quantities), reduce and join them (assembly),
then per claim its unit after a vague amount and its qualifier (quantities), an editor's conversion
(assembly), its kind, its measured thing; then over the turn: a bare amount's currency (assembly),
restatements and elided nouns, the topic and the conversation (discourse); per row, the period.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from pipeline.claims import assembly, discourse, kind, measured, period, quantities
from pipeline.claims.claim import Claim
from pipeline.claims.discourse import Conversation
from pipeline.claims.syntax import doc_text, sentence_ents, sentence_of


def doc_claims(
    doc: Doc,
    *,
    ton_means: str = "tonne",
    conversation: Conversation | None = None,
    rejected: list | None = None,
) -> list[Claim]:
    """Every claim of a Doc, with qualifier, measured thing and kind decided (no period yet);
    `conversation` carries the topic over from the document's earlier turns; `rejected`, when given,
    receives (rule id, start, end) of every amount a rule dropped."""
    text = doc_text(doc)
    claims: list[Claim] = []
    for sent in doc.sents:
        if not quantities.sentence_has_number(sent):
            continue
        found = quantities.quantity_claims(doc, sent, ton_means=ton_means, rejected=rejected)
        found += quantities.pattern_claims(doc, sent, rejected=rejected)
        for c in assembly.merge_ranges(doc, assembly.dedupe(found, rejected=rejected)):
            if c.extra.get("vague"):
                quantities.vague_unit(doc, c, ton_means=ton_means)
            if c.qualifier == "exact":
                quantities.qualifier_before(doc, c)
            assembly.mark_editorial(text, c)
            kind.decide_kind(doc, c)
            measured.decide_measured(doc, c)
            claims.append(c)
    assembly.inherit_currency(doc, claims)
    discourse.inherit_measured(doc, claims)
    discourse.continue_conversation(doc, claims, Conversation() if conversation is None else conversation)
    return claims


def measured_offsets(doc: Doc, claim: Claim) -> tuple[int, int] | None:
    """The measured phrase's Doc offsets when it stands in the claim's own sentence; None when it
    came from another sentence or turn."""
    if claim.measured is None or claim.measured_span is None:
        return None
    sent = sentence_of(doc, claim.start)
    start, end = claim.measured_span
    if sent is None or not (sent.start_char <= start and end <= sent.end_char):
        return None
    return start, end


def claim_rows(doc, *, ton_means: str = "tonne", entities: list[dict] | None = None, conversation=None) -> list[dict]:
    """Claim rows of one annotated turn; `entities` are its entity rows (for the sentence's persons);
    `conversation` carries what the document's earlier turns counted."""
    return [row for row, _ in claims_with_rows(doc, ton_means=ton_means, entities=entities, conversation=conversation)]


def claims_with_rows(
    doc, *, ton_means: str = "tonne", entities: list[dict] | None = None, conversation=None, rejected=None
) -> list[tuple[dict, Claim]]:
    """Each claim of a turn with its row (the claim keeps the record of its rules, for `explain`)."""
    from pipeline.entities import entity_rows

    ctx = doc.user_data
    offset = ctx.get("offset", 0)
    entities = entity_rows(doc) if entities is None else entities
    reference = date.fromisoformat(ctx["date"][:10]) if ctx.get("date") else None
    out = []
    for c in doc_claims(doc, ton_means=ton_means, conversation=conversation, rejected=rejected):
        sent = sentence_of(doc, c.start)
        period.decide_period(doc, c, reference)
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
        span = measured_offsets(doc, c)
        row = {
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
            "period_start": c.period_start,
            "period_end": c.period_end,
            "period_text": c.period_text,
            "entity_ids": ids,
            "editorial": c.editorial,
            "measured_start": offset + span[0] if span else None,
            "measured_end": offset + span[1] if span else None,
            "measured_rule": c.rule_of("measured"),
            "kind_rule": c.rule_of("kind"),
            "period_rule": c.rule_of("period"),
            "series_id": None,
            "corrected": False,
        }
        out.append((row, c))
    return out


def document_claim_rows(docs: list, entities: list[list[dict]], *, ton_means: str = "tonne") -> list[dict]:
    """Claim rows of one document's annotated turns, in order, the topic carried from turn to turn."""
    conversation = Conversation()
    return [
        r
        for d, e in zip(docs, entities, strict=True)
        for r in claim_rows(d, ton_means=ton_means, entities=e, conversation=conversation)
    ]
