"""The claims API on news-style sentences: recall, unit, qualifier, measured, kind and period (issue 16).

    python benchmarks/news_probe.py [--data FILE] [--only CASE] [--half 1|2] [--quiet]

`--half 1` scores the first half of the sentences (in file order), `--half 2` the second: the misses of the
first half are where to look for classes of error, the second half is kept as held-out text.

`benchmarks/data/news_sentences.jsonl` holds sentences written for this probe in the style of wire copy
(specifications, prices, markets, economy, public health, sport, energy), one JSON object a line:
`id`, `domain`, `date` (the reference date the periods resolve against), `text`, `cases` (the hard cases
of issue 16 it exercises), `claims` (annotated by ../shared/ANNOTATION.md, fields as in the gold files),
`not_claims` (spans where a claim is an error: dates, durations, ordinals, names) and `optional` (spans
where a claim is neither rewarded nor penalised). A field left out of a gold claim is not scored there
(used where ANNOTATION.md leaves the answer open); `"period": null` means the sentence gives no period
('now', 'today') and a predicted one is an error, counted apart from score.py's period figure.

Scoring follows ../shared/tools/score.py, whose functions it imports: a predicted claim matches a gold
claim when their characters overlap and the values agree (value, or value_low); unit by canon_unit
(fraction and ratio alike), measured strictly (same last word) and leniently (measured_partial), period at
the precision written. Two unit synonyms are added for quantulum3's names: cubic centimetre = millilitre,
pound-mass = pound. A gold unit given as a list accepts any of its members (index points: point or count).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "news_sentences.jsonl"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
UNIT_SYNONYMS = {"cubic centimetre": "millilitre", "pound-mass": "pound", "metric ton": "tonne"}
FIELDS = ("unit", "qualifier", "measured", "measured_partial", "kind", "direction", "period")


def load_scorer():
    if not SCORER.exists():
        sys.exit(f"score.py not found at {SCORER}: the probe scores with the project's scorer")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


S = load_scorer()


def find_span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    spans = S.find_all(text, needle, 0, len(text)) or [
        (i, i + len(needle)) for i in range(len(text)) if text.startswith(needle, i)
    ]
    if len(spans) <= occurrence:
        raise ValueError(f"{needle!r} not found in {text!r}")
    return spans[occurrence]


def unit_matches(pred, gold) -> bool:
    wanted = gold if isinstance(gold, list) else [gold]
    got = S.canon_unit(UNIT_SYNONYMS.get(str(pred), pred))
    return any(got == S.canon_unit(UNIT_SYNONYMS.get(w, w)) for w in wanted)


def is_null(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def period_matches(pred: dict, want: str) -> bool:
    ps, pe = str(pred.get("period_start")), str(pred.get("period_end"))
    gs, _, ge = want.partition("..")
    ge = ge or gs
    return ps[: len(gs)] == gs and pe[: len(ge)] == ge


def field_checks(pred: dict, gold: dict) -> dict[str, bool]:
    checks = {
        "unit": unit_matches(pred["unit"], gold["unit"]),
        "qualifier": S.norm(pred["qualifier"]) == S.norm(gold["qualifier"]),
    }
    if "measured" in gold:
        got = pred["measured"] if isinstance(pred["measured"], str) else ""
        checks["measured"] = S.head(got) == S.head(gold["measured"])
        checks["measured_partial"] = S.measured_partial(got, gold["measured"])
    if gold.get("kind") is not None:
        checks["kind"] = S.norm(pred["kind"]) == S.norm(gold["kind"])
        if gold["kind"] == "change" and gold.get("direction"):
            checks["direction"] = S.norm(pred["direction"]) == S.norm(gold["direction"])
    if "period" in gold:
        if gold["period"] is None:
            checks["period_none"] = is_null(pred.get("period_start")) and is_null(pred.get("period_end"))
        else:
            checks["period"] = period_matches(pred, gold["period"])
    return checks


def describe(pred: dict, field: str) -> str:
    if field in ("measured", "measured_partial"):
        return repr(pred["measured"])
    if field in ("period", "period_none"):
        return f"{pred.get('period_start')}..{pred.get('period_end')} ({pred.get('period_text')!r})"
    return repr(pred[field])


def predict(entry: dict) -> list[dict]:
    import pipeline

    df = pipeline.claims_from_text(entry["text"], reference_date=entry["date"])
    rows = df.to_dict("records")
    for r in rows:
        for k in ("period_start", "period_end"):
            r[k] = None if is_null(r.get(k)) else str(r[k])[:10]
    return rows


def score_entry(entry: dict, preds: list[dict], tally: Counter, errors: dict, by_case: dict) -> None:
    text = entry["text"]
    gold = [(find_span(text, g["text"], g.get("occurrence", 0)), g) for g in entry["claims"]]
    optional = [find_span(text, t) for t in entry.get("optional", [])]
    traps = [find_span(text, t) for t in entry.get("not_claims", [])]
    used = set()
    for span, g in gold:
        tally["gold"] += 1
        cand = [
            (i, p)
            for i, p in enumerate(preds)
            if S.overlaps((p["char_start"], p["char_end"]), span)
            and (
                S.close(p["value"], g.get("value"))
                or S.close(p["value_low"], g.get("value_low"))
                or S.close(p["value_low"], g.get("value"))
            )
        ]
        for case in entry["cases"] or ["(none)"]:
            by_case[case]["gold"] += 1
        if not cand:
            near = [
                f"{p['text']!r}={p['value'] if not is_null(p['value']) else p['value_low']}"
                for p in preds
                if S.overlaps((p["char_start"], p["char_end"]), span)
            ]
            errors["missed"].append(
                f"{entry['id']} {g['text']!r} (want {g.get('value', g.get('value_low'))} "
                f"{g['unit']}; overlapping: {near})  | {text}"
            )
            continue
        i, p = cand[0]
        used.add(i)
        tally["found"] += 1
        for case in entry["cases"] or ["(none)"]:
            by_case[case]["found"] += 1
        for field, ok in field_checks(p, g).items():
            tally[f"{field}.n"] += 1
            tally[f"{field}.ok"] += ok
            if field == "unit":
                for case in entry["cases"] or ["(none)"]:
                    by_case[case]["unit"] += ok
            if not ok:
                want = g.get("measured") if field == "measured_partial" else g.get(field, g.get("period"))
                errors[field].append(f"{entry['id']} {g['text']!r}: {describe(p, field)}, want {want!r}  | {text}")
    for i, p in enumerate(preds):
        sp = (p["char_start"], p["char_end"])
        if any(S.overlaps(sp, t) for t in traps):
            tally["trap"] += 1
            errors["not_claim"].append(f"{entry['id']} {p['text']!r}={p['value']}  | {text}")
        if i in used or any(S.overlaps(sp, g[0]) for g in gold):
            tally["pred_ok"] += 1
        elif any(S.overlaps(sp, o) for o in optional):
            continue
        else:
            errors["spurious"].append(f"{entry['id']} {p['text']!r}={p['value']} {p['unit']}  | {text}")
        tally["pred"] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--only", help="score only the sentences with this case tag")
    ap.add_argument("--quiet", action="store_true", help="figures only, no lists of misses")
    ap.add_argument("--half", type=int, choices=(1, 2), help="score only the first or the second half of the sentences")
    a = ap.parse_args()
    entries = [json.loads(line) for line in a.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    if a.half:
        middle = (len(entries) + 1) // 2
        entries = entries[:middle] if a.half == 1 else entries[middle:]
    if a.only:
        entries = [e for e in entries if a.only in e["cases"]]
    tally: Counter = Counter()
    errors: dict[str, list[str]] = defaultdict(list)
    by_case: dict[str, Counter] = defaultdict(Counter)
    for e in entries:
        score_entry(e, predict(e), tally, errors, by_case)

    def ratio(k: str, n: str) -> str:
        return f"{tally[k] / tally[n]:.3f}  (n={tally[n]})" if tally[n] else "  -  (n=0)"

    recall = tally["found"] / tally["gold"] if tally["gold"] else 0.0
    precision = tally["pred_ok"] / tally["pred"] if tally["pred"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{len(entries)} sentences, {tally['gold']} gold claims, {tally['pred']} predicted (optional spans aside)")
    print(f"claims     P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    print(f"value+unit (found with the right unit, share of gold claims) {tally['unit.ok'] / tally['gold']:.3f}")
    print(f"not-claim spans read as claims: {tally['trap']}")
    for field in FIELDS:
        print(f"{field:17} acc {ratio(f'{field}.ok', f'{field}.n')}")
    print(f"{'period (none)':17} acc {ratio('period_none.ok', 'period_none.n')}  (no period expected, none given)")
    print("\nby case (recall; unit accuracy over the gold claims)")
    for case, c in sorted(by_case.items(), key=lambda kv: -kv[1]["gold"]):
        print(f"   {case:28} recall {c['found']:>3}/{c['gold']:<3}  unit {c['unit']:>3}/{c['gold']}")
    if a.quiet:
        return
    for key in ("missed", "spurious", "not_claim", *FIELDS, "period_none"):
        if errors[key]:
            print(f"\n-- {key}: {len(errors[key])}")
            for line in errors[key]:
                print(f"   {line}")


if __name__ == "__main__":
    main()
