"""How often each claims rule fires on transcripts of ../shared/corpus/bulk (or FOLDER), with example
sentences from different transcripts: the evidence a rule change should be weighed against.

Annotates a sample of turns with the full pipeline (periods against each transcript's date) and runs
the claims rules with their record: a rule counts once per claim it fired for, also when a later rule
overrode it; `dropped` examples are candidates a rule rejected.

    python benchmarks/claims_rules.py [FOLDER] [--turns N] [--examples K] [--rule PREFIX]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from bulk_turns import BULK, bulk_turns

from pipeline.claims.registry import catalog
from pipeline.claims.rows import claims_with_rows
from pipeline.claims.syntax import sentence_of
from pipeline.nlp import build_nlp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", type=Path, default=BULK)
    ap.add_argument("--turns", type=int, default=1500)
    ap.add_argument("--examples", type=int, default=2, help="example sentences per rule, from different transcripts")
    ap.add_argument("--rule", default="", help="only rules whose id starts with this")
    a = ap.parse_args()
    if not a.folder.is_dir():
        print(f"skipped: corpus folder not found: {a.folder}")
        return
    items = bulk_turns(a.folder, a.turns)
    counts: Counter = Counter()
    examples: dict[str, dict[str, str]] = defaultdict(dict)  # rule -> doc_id -> sentence
    nlp = build_nlp()
    for doc, ctx in nlp.pipe(items[: a.turns], as_tuples=True, batch_size=64):
        doc.user_data.update(ctx)
        doc_id, rejected = ctx["doc_id"], []
        for _, claim in claims_with_rows(doc, entities=[], rejected=rejected):
            sent = sentence_of(doc, claim.start)
            for rule_id in dict.fromkeys(claim.fired()):
                counts[rule_id] += 1
                if sent is not None and len(examples[rule_id]) < a.examples:
                    examples[rule_id].setdefault(doc_id, f"[{doc.text[claim.start : claim.end]}] {sent.text.strip()}")
        for rule_id, start, end in rejected:
            counts[rule_id] += 1
            sent = sentence_of(doc, start)
            if sent is not None and len(examples[rule_id]) < a.examples:
                examples[rule_id].setdefault(doc_id, f"dropped [{doc.text[start:end]}] {sent.text.strip()}")
    print(f"turns {min(a.turns, len(items))} from {a.folder}")
    for rule_id in catalog():
        if not rule_id.startswith(a.rule):
            continue
        print(f"{counts[rule_id]:6d}  {rule_id}")
        for doc_id, sentence in examples[rule_id].items():
            print(f"          {doc_id}: {sentence[:220]}")


if __name__ == "__main__":
    main()
