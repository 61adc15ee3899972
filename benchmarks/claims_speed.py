"""Claims-stage time per 1,000 sentences on transcripts of ../shared/corpus/bulk (or FOLDER).

Annotates a sample of turns once with the pipeline's spaCy pass (selective parse, the default; with
`--full` also the full parse, for the ratio against it), then times the claims extraction alone
(quantulum3 runs only on sentences that hold a number) and, in the same run, quantulum3 on every
sentence, so the figures compare as a ratio on a noisy machine (CPU seconds of this process, which other
processes on a shared machine disturb less than the clock).  The rules and quantulum3's regexes are
loaded before the clock starts (once per worker in a run).

    python benchmarks/claims_speed.py [FOLDER] [--turns N] [--full]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bulk_turns import BULK, bulk_turns

from pipeline.claims import doc_claims
from pipeline.claims.quantities import parse_quantities
from pipeline.nlp import build_nlp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", type=Path, default=BULK)
    ap.add_argument("--turns", type=int, default=1500)
    ap.add_argument("--full", action="store_true", help="also time the full parse (annotate.parse: full)")
    a = ap.parse_args()
    if not a.folder.is_dir():
        print(f"skipped: corpus folder not found: {a.folder}")
        return
    texts = [text for text, _ in bulk_turns(a.folder, a.turns)]
    nlp = build_nlp()
    doc_claims(
        nlp("Exports grew by 9% to 2.5 million tonnes last year.")
    )  # load the rules, compile quantulum3's regexes
    t0 = time.process_time()
    docs = list(nlp.pipe(texts[: a.turns], batch_size=64))
    t_nlp = time.process_time() - t0
    full = build_nlp(parse="full") if a.full else None
    if full is not None:
        t0 = time.process_time()
        list(full.pipe(texts[: a.turns], batch_size=64))
        t_full = time.process_time() - t0
    sentences = sum(1 for d in docs for _ in d.sents)
    parse_quantities.cache_clear()
    t0 = time.process_time()
    n_claims = sum(len(doc_claims(d)) for d in docs)
    t_claims = time.process_time() - t0
    parse_quantities.cache_clear()
    t0 = time.process_time()
    for d in docs:
        for s in d.sents:
            parse_quantities(s.text)
    t_all = time.process_time() - t0
    per_k = 1000 / sentences
    print(f"turns {len(docs)}, sentences {sentences}, claims {n_claims}")
    print(f"spaCy pass            {t_nlp * per_k:7.2f} s per 1,000 sentences")
    print(f"claims stage          {t_claims * per_k:7.2f} s per 1,000 sentences")
    print(f"quantulum3 everywhere {t_all * per_k:7.2f} s per 1,000 sentences")
    print(f"claims / spaCy ratio  {t_claims / t_nlp:7.2f}; gating saves {1 - t_claims / t_all:.0%} of quantulum3 time")
    if full is not None:
        print(f"full spaCy pass       {t_full * per_k:7.2f} s per 1,000 sentences (annotate.parse: full)")
        print(f"claims / full pass    {t_claims / t_full:7.2f}")


if __name__ == "__main__":
    main()
