"""Invariants over a corpus folder (default ../shared/corpus/bulk); prints counts.

For every file: turn offsets index the text, no empty turns, turn_id runs 0..n-1, turns and
non-speech segments never overlap, and every non-blank character of the spoken part belongs to a
turn or to a recorded non-speech segment.  With --tables OUT (the output of `python -m pipeline run
FOLDER OUT`), also raw[char_start:char_end] == text for every turn, entity and claim of the tables.

Also counts the label-like paragraph openings of the spoken parts that did not start a turn
(`segment.rejected_label_openings`); --rejected FILE writes them (document, offset, head) for review.

    python benchmarks/invariants.py [FOLDER] [--tables OUT] [--rejected FILE]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.io import decode_bytes, list_inputs
from pipeline.segment import invariant_violations, rejected_label_openings, segment_text, transcript_text

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bulk"


def table_offsets(texts: dict[str, str], tables: Path) -> Counter:
    """Rows of turns, entities and claims whose offsets do not give back their text."""
    counts: Counter = Counter()
    for name in ("turns", "entities", "claims"):
        columns = pq.read_table(
            tables / f"{name}.parquet", columns=["doc_id", "char_start", "char_end", "text"]
        ).to_pydict()
        for doc_id, start, end, text in zip(*columns.values(), strict=True):
            counts[f"{name}_rows"] += 1
            counts[f"{name}_offset"] += texts.get(doc_id, "")[start:end] != text
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--tables", type=Path, help="output folder of `python -m pipeline run FOLDER OUT`")
    ap.add_argument("--rejected", type=Path, help="write the rejected label-like openings here (TSV)")
    args = ap.parse_args()
    if not args.folder.is_dir():
        print(f"skipped: corpus folder not found: {args.folder}")
        return 0
    t0 = time.perf_counter()
    totals, files, turns, unreadable, texts, rejected = Counter(), 0, 0, 0, {}, []
    for raw in list_inputs(args.folder):
        decoded = decode_bytes(raw.path.read_bytes(), raw.source_path)
        if decoded.text is None:
            unreadable += 1
            continue
        files += 1
        text = transcript_text(decoded.text, raw.path.suffix)
        seg = segment_text(text)
        totals.update(invariant_violations(text, seg))
        turns += len(seg.turns)
        rejected += [(raw.doc_id, offset, head) for offset, head in rejected_label_openings(text, seg)]
        if args.tables:
            texts[raw.doc_id] = text
    print(f"files {files}, unreadable {unreadable}, turns {turns}, seconds {time.perf_counter() - t0:.1f}")
    in_docs = len({doc for doc, _, _ in rejected})
    print(f"label-like openings that start no turn: {len(rejected)} in {in_docs} documents")
    if args.rejected:
        args.rejected.write_text("".join(f"{d}\t{o}\t{h}\n" for d, o, h in rejected), encoding="utf-8")
    keys = ["offset", "empty_turn", "turn_id", "turn_overlap", "label_inside_turn", "uncovered_char"]
    if args.tables:
        counts = table_offsets(texts, args.tables)
        print(
            "rows checked in the tables: "
            + ", ".join(f"{n} {counts[n + '_rows']:,}" for n in ("turns", "entities", "claims"))
        )
        totals.update({k: v for k, v in counts.items() if k.endswith("_offset")})
        keys += ["turns_offset", "entities_offset", "claims_offset"]
    for key in keys:
        print(f"violations {key:<18} {totals[key]}")
    return 1 if any(totals[k] for k in keys) else 0


if __name__ == "__main__":
    sys.exit(main())
