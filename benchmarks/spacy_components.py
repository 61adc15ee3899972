"""Where the spaCy time goes, per component, on turns of bulk transcripts, with the full parse and
with the selective one (`annotate.parse`); and which share of the sentences and tokens is parsed.

    python benchmarks/spacy_components.py [--raw DIR] [--words 50000] [--rounds 2]

Takes transcripts spread over the folder (every 7th file with turns) until their turns hold the
word budget, then runs each component of each pipeline (pipeline.nlp.build_nlp) on all of the turns
in turn (one process, batches of 64), so that the seconds add up to one `nlp.pipe`. Seconds are CPU
seconds of this process, the least of `--rounds` rounds: less disturbed by the other processes of
a shared machine than the clock. Read the shares and the ratio, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.io import list_inputs  # noqa: E402
from pipeline.segment import segment_document  # noqa: E402

BULK = ROOT.parent / "shared" / "corpus" / "bulk"


def spread_texts(raw: Path, words: int, every: int = 7) -> tuple[list[str], int]:
    """Turn texts of every `every`-th transcript (files with turns) until `words` words."""
    texts, total, n_files = [], 0, 0
    for f in list_inputs(raw)[::every]:
        turns = segment_document(f, f.path.read_bytes())["turns"]
        if not turns:
            continue
        n_files += 1
        texts += [t["speech_text"] for t in turns]
        total += sum(t["n_words"] for t in turns)
        if total >= words:
            break
    return texts, n_files


def timed_components(nlp, texts: list[str], batch_size: int = 64, rounds: int = 2) -> tuple[list, dict[str, float]]:
    """The Docs, and the CPU seconds of the tokenizer and of each enabled component."""
    seconds: dict[str, float] = {}
    for _ in range(rounds):
        start = time.process_time()
        docs = [nlp.make_doc(t) for t in texts]
        seconds["tokenizer"] = min(seconds.get("tokenizer", 1e9), time.process_time() - start)
        for name, proc in nlp.pipeline:
            start = time.process_time()
            docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            seconds[name] = min(seconds.get(name, 1e9), time.process_time() - start)
    return docs, seconds


def print_seconds(title: str, seconds: dict[str, float], n_words: int, full_total: float | None = None) -> float:
    total = sum(seconds.values())
    than_full = f", {total / full_total:.2f} of the full parse's" if full_total else ""
    print(f"\n{title}: {total:.1f} CPU s, {n_words / total:,.0f} words/s{than_full}")
    for name, s in seconds.items():
        print(f"  {name:20s} {s:7.2f} s  {s / total:6.1%}")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", type=Path, default=BULK)
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not args.raw.is_dir():
        print(f"skipped: {args.raw} not found (the bulk corpus lives in ../shared)")
        return
    from pipeline.claims.needs import needs_parse
    from pipeline.nlp import PARSED, build_nlp

    texts, n_files = spread_texts(args.raw, args.words)
    n_words = sum(len(t.split()) for t in texts)
    print(f"{n_files} transcripts, {len(texts)} turns, {n_words:,} words in turns")
    full_docs, full = timed_components(build_nlp(parse="full"), texts, rounds=args.rounds)
    full_total = print_seconds("full parse, component by component", full, n_words)
    selective_nlp = build_nlp(parse="selective")
    docs, selective = timed_components(selective_nlp, texts, rounds=args.rounds)
    print_seconds("selective parse, component by component", selective, n_words, full_total)
    inner = selective_nlp.get_pipe("parse_claims").components
    print("  (parse_claims and parse_names run " + ", ".join(name for name, _ in inner) + " on their sentences)")

    sents = [s for d in full_docs for s in d.sents]
    gated = [s for s in sents if needs_parse(s)]
    tokens = sum(len(d) for d in docs)
    parsed = sum(end - start for d in docs for start, end in d.user_data.get(PARSED, []))
    print(f"\nsentences (full parse): {len(sents):,}; can hold a claim: {len(gated):,} = {len(gated) / len(sents):.1%}")
    print(f"tokens in those sentences: {sum(len(s) for s in gated) / tokens:.1%}")
    print(
        f"tokens the selective parse parses (those, the sentence before, names, the sentence after): {parsed / tokens:.1%}"
    )
    same = sum(
        [t.is_sent_start for t in f] == [t.is_sent_start for t in s] for f, s in zip(full_docs, docs, strict=True)
    )
    print(f"turns whose sentence boundaries are the same in both: {same / len(docs):.1%}")


if __name__ == "__main__":
    main()
