"""Claims-stage time per 1,000 sentences on transcripts of ../shared/corpus/bulk (or FOLDER).

Annotates a sample of turns once with the full pipeline, then times the claims extraction alone
(quantulum3 runs only on sentences that hold a number) and, in the same run, quantulum3 on every
sentence, so the figures compare as a ratio on a noisy machine.

    python benchmarks/claims_speed.py [FOLDER] [--turns N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.claims import doc_claims
from pipeline.claims.quantities import parse_quantities
from pipeline.io import decode_bytes, list_inputs
from pipeline.nlp import build_nlp
from pipeline.segment import segment_text

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bulk"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--turns", type=int, default=1500)
    a = ap.parse_args()
    if not a.folder.is_dir():
        print(f"skipped: corpus folder not found: {a.folder}")
        return
    texts = []
    for raw in list_inputs(a.folder):
        text = decode_bytes(raw.path.read_bytes(), raw.source_path).text
        if text:
            texts += [t.text for t in segment_text(text).turns]
        if len(texts) >= a.turns:
            break
    nlp = build_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts[: a.turns], batch_size=64))
    t_nlp = time.perf_counter() - t0
    sentences = sum(1 for d in docs for _ in d.sents)
    parse_quantities.cache_clear()
    t0 = time.perf_counter()
    n_claims = sum(len(doc_claims(d)) for d in docs)
    t_claims = time.perf_counter() - t0
    parse_quantities.cache_clear()
    t0 = time.perf_counter()
    for d in docs:
        for s in d.sents:
            parse_quantities(s.text)
    t_all = time.perf_counter() - t0
    per_k = 1000 / sentences
    print(f"turns {len(docs)}, sentences {sentences}, claims {n_claims}")
    print(f"spaCy pass            {t_nlp * per_k:7.2f} s per 1,000 sentences")
    print(f"claims stage          {t_claims * per_k:7.2f} s per 1,000 sentences")
    print(f"quantulum3 everywhere {t_all * per_k:7.2f} s per 1,000 sentences")
    print(f"claims / spaCy ratio  {t_claims / t_nlp:7.2f}; gating saves {1 - t_claims / t_all:.0%} of quantulum3 time")


if __name__ == "__main__":
    main()
