"""Scores of the processed tables against gold annotations (the format of ANNOTATION.md), computed as
the reference scorer (../shared/tools/score.py) computes them, figure for figure; a test holds the
two together on the development gold.

- turns: a gold turn is found by the first predicted turn (in its window) whose text starts with
  the gold turn's first words; speaker, role and the turn's last words are checked on found turns;
- entities: a gold mention (every whole-word occurrence of its text inside the gold turns) is found
  by a prediction of the same label that overlaps it; a prediction over an optional mention counts
  neither way; exact spans and links are checked on found mentions;
- claims: a gold claim is found by a prediction that overlaps it and agrees on the value; its
  fields (unit, qualifier, measured thing strict and lenient, SI value, period, kind) are checked
  on the first such prediction.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.io import read_table, write_atomic
from pipeline.labels import TARGET_LABELS

UNIT_ALIASES = {
    "count": {"count", "dimensionless", "", "none", "unit", "units", "item", "items"},
    "tonne": {"tonne", "tonnes", "metric ton", "metric tonne", "ton", "tons", "t"},
    "kilogram": {"kilogram", "kilograms", "kg", "kilo", "kilos"},
    "fraction": {"fraction", "ratio", "proportion", "share"},
    "percent": {"percent", "percentage", "%", "per cent"},
}
# words that say nothing about what is measured: left out of the lenient comparison
GENERIC_WORDS = frozenset(
    "the a an of and in on for to with by at from its their our this that these those total number amount "
    "level share volume rate figure year month day percent per cent part value size growth increase decrease".split()
)
CLAIM_FIELDS = ("unit", "qualifier", "measured", "measured_partial", "value_si", "period", "kind")


# -- comparing values -------------------------------------------------------------------------------
def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def norm(v) -> str:
    """Whitespace folded, lower case."""
    return "" if _missing(v) else re.sub(r"\s+", " ", str(v)).strip().lower()


def folded(v) -> str:
    """Whitespace folded, case kept: names and roles must be written as a person would."""
    return "" if _missing(v) else re.sub(r"\s+", " ", str(v)).strip()


def canon_unit(unit) -> str:
    u = norm(unit)
    return next((name for name, aliases in UNIT_ALIASES.items() if u in aliases), u)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def head_word(phrase) -> str:
    """The head of a noun phrase, singular: 'drug trafficking cases' -> 'case'."""
    words = re.findall(r"[a-z]+", norm(phrase))
    return _singular(words[-1]) if words else ""


def content_words(phrase) -> set[str]:
    return {
        _singular(w) for w in re.findall(r"[a-z]+", norm(phrase if isinstance(phrase, str) else ""))
    } - GENERIC_WORDS


def measured_partial(pred, gold) -> bool:
    """Lenient match of the measured thing: the same head, or a content word in common."""
    if not isinstance(pred, str) or not pred.strip():
        return False
    return head_word(pred) == head_word(gold) or bool(content_words(pred) & content_words(gold))


def close(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


# -- where the gold annotations are ------------------------------------------------------------------
def find_all(text: str, needle: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Whole-word occurrences of needle in text[lo:hi]."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(needle) + r"(?![\w])")
    return [(m.start(), m.end()) for m in pattern.finditer(text, lo, hi)]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def in_area(span: tuple[int, int], area: list[tuple[int, int]]) -> bool:
    return any(overlaps(span, a) for a in area)


def gold_turn_spans(raw: str, turns: list[dict]) -> list[tuple[int, int]]:
    """Each gold turn from its first words to the end of the line before the next turn (a label
    alone on its line excluded), the last one to its 'ends' words."""
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
            nxt = starts[k + 1]
            e = raw.rfind("\n", s, nxt)
            e = nxt if e < 0 else e
            if e + 1 == nxt and raw[:e].rstrip().endswith(":"):  # a label alone on its own line
                e = max(raw.rfind("\n", s, e), s)
        else:
            ends = turns[k].get("ends")
            if not ends:
                raise ValueError("the last gold turn needs an 'ends' string")
            e = raw.find(ends, s) + len(ends)
        spans.append((s, e))
    return spans


# -- counting ---------------------------------------------------------------------------------------
class Scores:
    def __init__(self):
        self.n = Counter()

    def prf(self, key: str) -> dict:
        found, gold = self.n[f"{key}.found"], self.n[f"{key}.gold"]
        right, pred = self.n[f"{key}.right"], self.n[f"{key}.pred"]
        r = found / gold if gold else None
        p = right / pred if pred else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if gold or pred else None)
        return {"precision": p, "recall": r, "f1": f, "gold": gold, "pred": pred}

    def accuracy(self, key: str) -> dict:
        n = self.n[f"{key}.n"]
        return {"accuracy": self.n[f"{key}.ok"] / n if n else None, "n": n}

    def check(self, key: str, ok: bool) -> None:
        self.n[f"{key}.n"] += 1
        self.n[f"{key}.ok"] += bool(ok)


def _score_document_fields(gold: dict, documents: pd.DataFrame, s: Scores) -> None:
    for name, want in gold.get("document", {}).items():
        got = documents.iloc[0][name] if len(documents) and name in documents.columns else None
        if isinstance(want, list):
            ok = got is not None and sorted(map(norm, list(got))) == sorted(map(norm, want))
        else:
            ok = norm(str(got)[:10] if name == "date" and got is not None else got) == norm(want)
        s.check("document_fields", ok)


def _score_turns(gold: dict, area, turns: pd.DataFrame, s: Scores) -> None:
    lo, hi = area[0][0], area[-1][1]
    first = -1 if gold.get("window") == "whole" else lo - 200  # the whole spoken part: header turns count too
    rows = turns.sort_values("char_start").itertuples() if len(turns) else ()
    predicted = [
        (norm(r.text), folded(r.speaker_name), folded(getattr(r, "speaker_role", "")))
        for r in rows
        if first <= int(r.char_start) < hi
    ]
    s.n["turns.gold"] += len(gold["turns"])
    s.n["turns.pred"] += len(predicted)
    used: set[int] = set()
    for g in gold["turns"]:
        start = norm(g["starts"])
        hit = next((i for i, (text, *_) in enumerate(predicted) if i not in used and text.startswith(start)), None)
        if hit is None:
            continue
        used.add(hit)
        s.n["turns.found"] += 1
        s.n["turns.right"] += 1
        text, speaker, role = predicted[hit]
        s.check("speaker", speaker == folded(g["speaker"]))
        if "role" in g:
            s.check("role", role == folded(g["role"]))
        if "ends" in g:
            s.check("turn_end", text.endswith(norm(g["ends"])))


def _score_entities(gold: dict, raw: str, area, entities: pd.DataFrame, s: Scores) -> None:
    lo, hi = area[0][0], area[-1][1]
    mentions = [
        (span, e["label"], e.get("id"))
        for e in gold.get("entities", [])
        for span in find_all(raw, e["text"], lo, hi)
        if in_area(span, area)
    ]
    optional = [span for e in gold.get("entities_optional", []) for span in find_all(raw, e["text"], lo, hi)]
    # a mention inside a longer annotated one ('Russia' in 'Bank of Russia') is not expected on its own
    spans = [m[0] for m in mentions] + optional
    mentions = [m for m in mentions if not any(a <= m[0][0] and m[0][1] <= b and (a, b) != m[0] for a, b in spans)]
    predicted = [
        ((int(r.char_start), int(r.char_end)), str(r.label), r.entity_id)
        for r in entities.itertuples()
        if str(r.label) in TARGET_LABELS and in_area((int(r.char_start), int(r.char_end)), area)
    ]
    for span, label, entity_id in mentions:
        for key in (label, "all"):
            s.n[f"entities.{key}.gold"] += 1
        hits = [p for p in predicted if p[1] == label and overlaps(p[0], span)]
        if not hits:
            continue
        for key in (label, "all"):
            s.n[f"entities.{key}.found"] += 1
        s.check("entity_exact_span", any(p[0] == span for p in hits))
        if entity_id:
            s.check("entity_link", any(str(p[2]) == entity_id for p in hits))
    for span, label, _ in predicted:
        if any(overlaps(span, m[0]) and m[1] == label for m in mentions):
            for key in (label, "all"):
                s.n[f"entities.{key}.right"] += 1
        elif any(overlaps(span, o) for o in optional):
            continue  # an optional mention: neither rewarded nor penalised
        for key in (label, "all"):
            s.n[f"entities.{key}.pred"] += 1


def _locate(raw: str, claim: dict, source: str) -> tuple[int, int]:
    found = find_all(raw, claim["text"], 0, len(raw))
    k = claim.get("occurrence", 0)
    if len(found) <= k:
        raise ValueError(f"{source}: claim text not found: {claim['text']!r}")
    return found[k]


def _claim_checks(r, g: dict) -> dict[str, bool]:
    checks = {
        "unit": canon_unit(r.unit) == canon_unit(g["unit"]),
        "qualifier": norm(getattr(r, "qualifier", "")) == norm(g.get("qualifier", "exact")),
        "measured": bool(g.get("measured")) and head_word(getattr(r, "measured", "")) == head_word(g["measured"]),
    }
    if g.get("measured"):
        checks["measured_partial"] = measured_partial(getattr(r, "measured", None), g["measured"])
    if "value_si" in g:
        checks["value_si"] = close(getattr(r, "value_si", None), g["value_si"])
    if "period" in g:
        start, end = str(getattr(r, "period_start", None)), str(getattr(r, "period_end", None))
        want_start, _, want_end = g["period"].partition("..")
        want_end = want_end or want_start  # '2012' is the whole year; '2012-01-01..2012-07-31' an interval
        checks["period"] = start[: len(want_start)] == want_start and end[: len(want_end)] == want_end
    if "kind" in g:
        checks["kind"] = norm(getattr(r, "kind", "")) == norm(g["kind"])
    return checks


def _score_claims(gold: dict, raw: str, area, claims: pd.DataFrame, s: Scores, source: str) -> None:
    wanted = [(_locate(raw, g, source), g) for g in gold.get("claims", [])]
    optional = [_locate(raw, g, source) for g in gold.get("claims_optional", [])]
    predicted = [r for r in claims.itertuples() if in_area((int(r.char_start), int(r.char_end)), area)]
    matched: set[int] = set()
    for span, g in wanted:
        s.n["claims.gold"] += 1
        candidates = [
            r
            for r in predicted
            if overlaps((int(r.char_start), int(r.char_end)), span)
            and (
                close(r.value, g.get("value"))
                or close(getattr(r, "value_low", None), g.get("value_low"))
                or close(getattr(r, "value_low", None), g.get("value"))
            )
        ]
        if not candidates:
            continue
        matched.update(id(r) for r in candidates)
        s.n["claims.found"] += 1
        for name, ok in _claim_checks(candidates[0], g).items():
            s.check(f"claim_{name}", ok)
    for r in predicted:
        if id(r) in matched:
            s.n["claims.right"] += 1
        elif any(overlaps((int(r.char_start), int(r.char_end)), o) for o in optional):
            continue
        s.n["claims.pred"] += 1


def _read_raw(path: Path) -> str:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def evaluate(processed_dir: Path, gold_dir: Path, raw_dir: Path) -> dict:
    """Scores of processed_dir against every gold file in gold_dir (transcripts read from raw_dir)."""
    pred = {n: read_table(Path(processed_dir) / f"{n}.parquet") for n in ("documents", "turns", "entities", "claims")}
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise FileNotFoundError(f"no gold files in {gold_dir}")
    s = Scores()
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw_path = Path(raw_dir) / Path(gold["source"]).name
        raw = _read_raw(raw_path)
        by = {name: frame[frame["doc_id"].astype(str) == raw_path.stem] for name, frame in pred.items()}
        _score_document_fields(gold, by["documents"], s)
        area = gold_turn_spans(raw, gold["turns"])
        _score_turns(gold, area, by["turns"], s)
        _score_entities(gold, raw, area, by["entities"], s)
        _score_claims(gold, raw, area, by["claims"], s, path.name)
    result = {
        "documents": len(gold_files),
        "document_fields": s.accuracy("document_fields"),
        "turns": s.prf("turns"),
        "speaker": s.accuracy("speaker"),
        "role": s.accuracy("role"),
        "turn_end": s.accuracy("turn_end"),
        "entities": {label: s.prf(f"entities.{label}") for label in (*TARGET_LABELS, "all")},
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
    result = evaluate(processed_dir, gold_dir, raw_dir)
    text = json.dumps(result, indent=2) + "\n"
    write_atomic(Path(out_path), lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    return result
