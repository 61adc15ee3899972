"""Segmentation invariants over a corpus folder (default ../shared/corpus/bulk); prints counts.

For every file: turn offsets index the text, no empty turns, turn_id runs 0..n-1, turns and
non-speech segments never overlap, and every non-blank character of the spoken part belongs to a
turn or to a recorded non-speech segment.

    python benchmarks/invariants.py [FOLDER]
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from pipeline.io import decode_bytes, list_inputs
from pipeline.segment import invariant_violations, segment_text

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bulk"


def main(folder: Path) -> int:
    if not folder.is_dir():
        print(f"skipped: corpus folder not found: {folder}")
        return 0
    t0 = time.perf_counter()
    totals, files, turns, unreadable = Counter(), 0, 0, 0
    for raw in list_inputs(folder):
        decoded = decode_bytes(raw.path.read_bytes(), raw.source_path)
        if decoded.text is None:
            unreadable += 1
            continue
        files += 1
        seg = segment_text(decoded.text)
        totals.update(invariant_violations(decoded.text, seg))
        turns += len(seg.turns)
    print(f"files {files}, unreadable {unreadable}, turns {turns}, seconds {time.perf_counter() - t0:.1f}")
    for key in ("offset", "empty_turn", "turn_id", "turn_overlap", "label_inside_turn", "uncovered_char"):
        print(f"violations {key:<18} {totals[key]}")
    return 1 if sum(totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
