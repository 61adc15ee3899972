"""Scores of the processed tables against gold annotations (the format of ANNOTATION.md).

Turns match by where they start; an entity mention is found when a prediction of the same label
overlaps it; a claim matches when the spans overlap and the values agree.  Field accuracies are
measured on matched pairs.  Only what lies inside the gold turns is scored.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.io import read_table

SCORED_LABELS = ("COUNTRY", "AGENCY", "CRIMINAL_GROUP", "PERSON")
UNIT_NAMES = {
    "ton": "tonne",
    "tonnes": "tonne",
    "tons": "tonne",
    "kg": "kilogram",
    "%": "percent",
    "per cent": "percent",
    "percentage": "percent",
    "rub": "RUB",
    "usd": "USD",
    "eur": "EUR",
}
CLAIM_FIELDS = ("unit", "qualifier", "measured", "value_si", "period", "kind")


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT


def _text(v) -> str:
    return "" if _missing(v) else re.sub(r"\s+", " ", str(v)).strip()


def _unit(v) -> str:
    u = _text(v)
    return UNIT_NAMES.get(u.lower(), u if u.isupper() else u.lower())


def head_word(phrase) -> str:
    """The head of a noun phrase, singular: 'drug trafficking cases' -> 'case'."""
    words = re.findall(r"[a-z]+", _text(phrase).lower())
    if not words:
        return ""
    return words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 3 else words[-1]


def _same_number(a, b) -> bool:
    if _missing(a) or _missing(b):
        return False
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def occurrences(text: str, needle: str, area: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Whole-word occurrences of needle inside the area."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(needle) + r"(?!\w)")
    return [
        (m.start(), m.end()) for m in pattern.finditer(text) if any(_overlap((m.start(), m.end()), a) for a in area)
    ]


def gold_turn_spans(raw: str, turns: list[dict]) -> list[tuple[int, int]]:
    """Each gold turn from its first words to the line before the next turn (or its last words)."""
    starts, pos = [], 0
    for t in turns:
        i = raw.find(t["starts"], pos)
        if i < 0:
            raise ValueError(f"gold turn start not found in the transcript: {t['starts']!r}")
        starts.append(i)
        pos = i + 1
    spans = []
    for k, s in enumerate(starts):
        if k + 1 < len(starts):
            end = raw.rfind("\n", s, starts[k + 1])
            spans.append((s, starts[k + 1] if end < 0 else end))
        else:
            ends = turns[k].get("ends") or ""
            i = raw.find(ends, s) if ends else -1
            spans.append((s, i + len(ends) if i >= 0 else len(raw)))
    return spans


class Scores:
    def __init__(self):
        self.n = Counter()

    def prf(self, key: str) -> dict:
        gold, pred, found, right = (
            self.n[f"{key}.gold"],
            self.n[f"{key}.pred"],
            self.n[f"{key}.found"],
            self.n[f"{key}.right"],
        )
        p = right / pred if pred else None
        r = found / gold if gold else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if gold or pred else None)
        return {"precision": p, "recall": r, "f1": f, "gold": gold, "pred": pred}

    def accuracy(self, key: str) -> dict:
        n = self.n[f"{key}.n"]
        return {"accuracy": self.n[f"{key}.ok"] / n if n else None, "n": n}

    def check(self, key: str, ok: bool) -> None:
        self.n[f"{key}.n"] += 1
        self.n[f"{key}.ok"] += bool(ok)


def _score_document(gold: dict, raw: str, doc_id: str, pred: dict[str, pd.DataFrame], s: Scores) -> None:
    documents = pred["documents"][pred["documents"]["doc_id"] == doc_id].to_dict("records")
    document = documents[0] if documents else {}
    for key, want in gold.get("document", {}).items():
        got = document.get(key)
        got = [str(x) for x in got] if isinstance(want, list) and got is not None and not _missing(got) else _text(got)
        s.check("document_fields", got == (want if isinstance(want, list) else _text(want)))

    spans = gold_turn_spans(raw, gold["turns"])
    turns = pred["turns"][pred["turns"]["doc_id"] == doc_id].to_dict("records")
    # as the reference scorer: a turn counts when it starts inside the gold window or up to 200
    # characters before it (anywhere before it when the gold covers the whole spoken part)
    lo, hi = spans[0][0], spans[-1][1]
    first = -1 if gold.get("window") == "whole" else lo - 200
    in_window = [t for t in turns if first <= t["char_start"] < hi]
    by_start = {t["char_start"]: t for t in in_window}
    s.n["turns.gold"] += len(spans)
    s.n["turns.pred"] += len(in_window)
    for g, (start, _) in zip(gold["turns"], spans, strict=True):
        t = by_start.get(start)
        if t is None:
            continue
        s.n["turns.found"] += 1
        s.n["turns.right"] += 1
        s.check("speaker", _text(t["speaker_name"]) == _text(g["speaker"]))
        if "role" in g:
            s.check("role", _text(t["speaker_role"]) == _text(g["role"]))
        if "ends" in g:
            s.check("turn_end", _text(t["text"]).endswith(_text(g["ends"])))
    # mentions and claims are scored inside the turns' text (labels excluded)
    _score_entities(gold, raw, spans, pred["entities"][pred["entities"]["doc_id"] == doc_id], s)
    _score_claims(gold, raw, spans, pred["claims"][pred["claims"]["doc_id"] == doc_id], s)


def _mentions(raw: str, annotations: list[dict], optional: list[dict], area) -> tuple[list, list]:
    """Gold mentions and optional spans inside the area.  'Russia' inside an annotated 'Bank of
    Russia' (required or optional) is not a mention of its own."""
    found = [(span, a) for a in annotations for span in occurrences(raw, a["text"], area)]
    maybe = [span for a in optional for span in occurrences(raw, a["text"], area)]
    spans = [sp for sp, _ in found] + maybe
    found = [(sp, a) for sp, a in found if not any(o[0] <= sp[0] and sp[1] <= o[1] and o != sp for o in spans)]
    return found, maybe


def _score_entities(gold: dict, raw: str, area, entities: pd.DataFrame, s: Scores) -> None:
    mentions, optional = _mentions(raw, gold.get("entities", []), gold.get("entities_optional", []), area)
    preds = [
        e
        for e in entities.to_dict("records")
        if e["label"] in SCORED_LABELS and any(_overlap((e["char_start"], e["char_end"]), a) for a in area)
    ]
    for label in SCORED_LABELS + ("all",):
        want = [(sp, a) for sp, a in mentions if label in ("all", a["label"])]
        s.n[f"entities.{label}.gold"] += len(want)
        for sp, a in want:
            hits = [e for e in preds if e["label"] == a["label"] and _overlap((e["char_start"], e["char_end"]), sp)]
            s.n[f"entities.{label}.found"] += bool(hits)
            if hits and label == "all":
                s.check("entity_exact_span", any((e["char_start"], e["char_end"]) == sp for e in hits))
                if a.get("id"):
                    s.check("entity_link", any(_text(e["entity_id"]) == a["id"] for e in hits))
        for e in preds:
            if label not in ("all", e["label"]):
                continue
            span = (e["char_start"], e["char_end"])
            right = any(a["label"] == e["label"] and _overlap(span, sp) for sp, a in want)
            if not right and any(_overlap(span, o) for o in optional):
                continue  # an optional mention: neither rewarded nor penalised
            s.n[f"entities.{label}.pred"] += 1
            s.n[f"entities.{label}.right"] += right


def _locate(raw: str, claim: dict) -> tuple[int, int] | None:
    pos = -1
    for _ in range(int(claim.get("occurrence", 0)) + 1):
        pos = raw.find(claim["text"], pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(claim["text"])


def _value_agrees(c: dict, g: dict) -> bool:
    want = g.get("value", g.get("value_low"))
    return any(_same_number(c.get(k), want) for k in ("value", "value_low", "value_high"))


def _period_agrees(c: dict, period: str) -> bool:
    """'2012' is the whole year; '2010..2012' an interval; compared at the precision written."""
    start, _, end = period.partition("..")
    end = end or start
    return _text(c.get("period_start")).startswith(start) and _text(c.get("period_end")).startswith(end)


def _score_claims(gold: dict, raw: str, area, claims: pd.DataFrame, s: Scores) -> None:
    want = [(sp, g) for g in gold.get("claims", []) if (sp := _locate(raw, g))]
    optional = [sp for g in gold.get("claims_optional", []) if (sp := _locate(raw, g))]
    preds = [
        c
        for c in claims.to_dict("records")
        if any(_overlap((c["char_start"], c["char_end"]), a) for a in area)
        and not any(_overlap((c["char_start"], c["char_end"]), o) for o in optional)
    ]
    s.n["claims.gold"] += len(want)
    s.n["claims.pred"] += len(preds)
    matched_preds = set()
    for sp, g in want:
        match = next(
            (i for i, c in enumerate(preds) if _overlap((c["char_start"], c["char_end"]), sp) and _value_agrees(c, g)),
            None,
        )
        if match is None:
            continue
        matched_preds.add(match)
        s.n["claims.found"] += 1
        c = preds[match]
        if "unit" in g:
            s.check("claim_unit", _unit(c["unit"]) == _unit(g["unit"]))
        s.check("claim_qualifier", _text(c["qualifier"]) == g.get("qualifier", "exact"))
        if "measured" in g:
            s.check(
                "claim_measured",
                bool(head_word(c["measured"])) and head_word(c["measured"]) == head_word(g["measured"]),
            )
        if "value_si" in g:
            s.check("claim_value_si", _same_number(c["value_si"], g["value_si"]))
        if "period" in g:
            s.check("claim_period", _period_agrees(c, g["period"]))
        if "kind" in g:
            s.check("claim_kind", _text(c["kind"]) == g["kind"])
    s.n["claims.right"] += len(matched_preds)


def evaluate(processed_dir: Path, gold_dir: Path, raw_dir: Path) -> dict:
    """Scores of processed_dir against every gold file in gold_dir (transcripts read from raw_dir)."""
    pred = {n: read_table(Path(processed_dir) / f"{n}.parquet") for n in ("documents", "turns", "entities", "claims")}
    s = Scores()
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = Path(gold["source"]).name
        with open(Path(raw_dir) / source, encoding="utf-8-sig", newline="") as f:
            raw = f.read()
        _score_document(gold, raw, Path(source).with_suffix("").as_posix(), pred, s)
    result = {
        "documents_scored": len(gold_files),
        "document_fields": s.accuracy("document_fields"),
        "turns": s.prf("turns"),
        "speaker": s.accuracy("speaker"),
        "role": s.accuracy("role"),
        "turn_end": s.accuracy("turn_end"),
        "entities": {label: s.prf(f"entities.{label}") for label in SCORED_LABELS + ("all",)},
        "entity_exact_span": s.accuracy("entity_exact_span"),
        "entity_link": s.accuracy("entity_link"),
        "claims": s.prf("claims"),
        "claim_fields": {f: s.accuracy(f"claim_{f}") for f in CLAIM_FIELDS},
    }
    return _rounded(result)


def _rounded(value):
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return round(value, 4) if isinstance(value, float) else value


def evaluate_stage(processed_dir: Path, gold_dir: Path, raw_dir: Path, out_path: Path) -> dict:
    from pipeline.stages import write_metrics

    result = evaluate(processed_dir, gold_dir, raw_dir)
    write_metrics(out_path, result)
    return result
