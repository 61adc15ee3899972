"""How long the transcript_entities component takes, apart from the rest of the spaCy pass.

    python benchmarks/entity_component_speed.py [--raw DIR] [--docs N]

Annotates the turns of N transcripts with the component disabled, then times the component alone on
those Docs (three rounds, the best one), and prints seconds per 10,000 words for the component and for
the rest of the pipeline.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.io import RawFile
from pipeline.nlp import build_nlp
from pipeline.segment import segment_document


def turn_texts(raw_dir: Path, n_docs: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(raw_dir.rglob("*.txt"))[:n_docs]:
        raw = RawFile(path=path, source_path=path.name, doc_id=path.stem)
        seg = segment_document(raw, path.read_bytes(), max_bytes=None)
        texts += [t.get("speech_text") or t["text"] for t in seg["turns"]]
    return texts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/corpus/dev")
    ap.add_argument("--docs", type=int, default=18)
    a = ap.parse_args()
    texts = turn_texts(a.raw, a.docs)
    nlp = build_nlp()
    component = nlp.get_pipe("transcript_entities")
    start = time.perf_counter()
    with nlp.select_pipes(disable=["transcript_entities"]):
        docs = list(nlp.pipe(texts, batch_size=64))
    rest = time.perf_counter() - start
    best = float("inf")
    for _ in range(3):
        copies = [d.copy() for d in docs]
        start = time.perf_counter()
        for d in copies:
            component(d)
        best = min(best, time.perf_counter() - start)
    words = sum(len(d) for d in docs)
    print(f"{len(texts)} turns, {words:,} tokens")
    print(f"rest of the spaCy pass : {rest / words * 10_000:6.3f} s per 10,000 tokens")
    print(f"transcript_entities    : {best / words * 10_000:6.3f} s per 10,000 tokens ({best / rest:.1%} of the rest)")


if __name__ == "__main__":
    main()
