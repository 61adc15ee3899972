"""Series over a run's tables: the counts, and a sample of series with all their claims, for a person
to check that no claim sits in the wrong series.

    python benchmarks/series_sample.py OUT [--n 30] [--seed 15] [--contradictions] [--any-period] [--min-documents N]

OUT is the output folder of `python -m pipeline run` (claims, entities, turns, documents).  The series
are computed here from those tables (pipeline.series.build_series), so any run's folder will do.
Each claim is printed with its document date, doc_id, the amount as written, its value, its period,
the measured phrase and its sentence.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline.io import read_table
from pipeline.series import (
    DEFAULT_MIN_DOCUMENTS,
    DEFAULT_TOLERANCE,
    build_series,
    contradictions,
    measured_things,
    observations,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=30, help="series in the sample")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--contradictions", action="store_true", help="also list the contradiction flags")
    parser.add_argument("--any-period", action="store_true", help="series.require_period: false")
    parser.add_argument("--min-documents", type=int, default=DEFAULT_MIN_DOCUMENTS)
    args = parser.parse_args()
    tables = {n: read_table(args.out / f"{n}.parquet") for n in ("claims", "entities", "turns", "documents")}
    claims = tables["claims"]

    started = time.perf_counter()
    things = measured_things(claims["measured"])
    phrases_seconds = time.perf_counter() - started
    series, ids = build_series(
        claims,
        tables["entities"],
        tables["turns"],
        tables["documents"],
        things=things,
        min_documents=args.min_documents,
        require_period=not args.any_period,
    )
    seconds = time.perf_counter() - started
    claims = claims.assign(series_id=ids)
    obs = observations(claims, tables["documents"], tables["turns"])
    flags = contradictions(obs, claims, tolerance=DEFAULT_TOLERANCE)

    in_series = int(ids.notna().sum())
    print(f"claims: {len(claims):,}; distinct measured phrases: {len(things):,}")
    print(f"series: {len(series):,}; claims in series: {in_series:,} ({in_series / max(len(claims), 1):.1%})")
    print(f"contradiction flags (tolerance {DEFAULT_TOLERANCE:.0%}): {len(flags):,}")
    print(f"seconds: {seconds:.1f} (of which the spaCy pass over the phrases {phrases_seconds:.1f})")
    print(f"series by size: {series['n_claims'].value_counts().sort_index().to_dict()}")

    dates = tables["documents"].set_index("doc_id")["date"].to_dict()
    chosen = sorted(random.Random(args.seed).sample(list(series["series_id"]), min(args.n, len(series))))
    for sid in chosen:
        s = series[series["series_id"] == sid].iloc[0]
        scope = f", scope {s['scope_name'] or s['scope_entity_id']}" if isinstance(s["scope_entity_id"], str) else ""
        print(f"\n== {sid}: {s['label']!r} [{s['measured_lemmas']}] {s['unit']} {s['kind']}{scope}")
        members = claims[claims["series_id"] == sid].sort_values(["doc_id", "char_start"])
        for c in members.to_dict("records"):
            period = f"{c['period_start']}..{c['period_end']}" if pd.notna(c["period_start"]) else "-"
            sentence = " ".join(str(c["sentence"]).split())
            print(
                f"  {dates.get(c['doc_id'])} {c['doc_id']} | {c['text']!r} = {c['value']} | period {period} | "
                f"{c['measured']!r} | {sentence[:220]}"
            )
    if args.contradictions:
        print("\n== contradictions")
        for f in flags.to_dict("records"):
            print(
                f"  {f['series_id']} {f['period_start']}..{f['period_end']}: {f['a_text']!r} ({f['a_doc_id']}) vs "
                f"{f['b_text']!r} ({f['b_doc_id']}), {f['relative_difference']:.0%} apart"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
