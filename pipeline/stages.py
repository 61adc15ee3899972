"""The stages of a run: extract (every document through its plan, with the per-document cache),
tables, report and evaluate.  `dvc repro` runs each as its own command (dvc.yaml); run_all(), for
`python -m pipeline run RAW OUT`, runs them in order and writes the same files:

    OUT/interim/   documents, turns, segments, entities, claims, problems (.parquet), run.json
                   (extract; DVC: data/interim/)
    OUT/           the eight tables (.parquet, series among them), transcripts.duckdb, metrics.json,
                   claims_per_year.csv (tables, with people's corrections applied; DVC: data/processed/)
    OUT/report/    the review site (report; skipped with --no-report)
    OUT/eval.json  scores against gold annotations (evaluate; `run --gold DIR`; DVC: data/gold)
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pipeline import schemas
from pipeline.cache import Cache
from pipeline.config import Settings, for_output
from pipeline.engines import InProcess, Task, make_engine, ordered_results
from pipeline.io import TableSink, list_inputs, output_lock, remove_stale_temporaries, write_atomic
from pipeline.process import DocumentOutput, plan_document, process_batch

log = logging.getLogger("pipeline")


# -- extract: documents streamed through the engine -------------------------------------------------
def corpus_outputs(
    raw_dir: Path, settings: Settings, *, progress: bool = False, stats: Counter | None = None
) -> Iterator[DocumentOutput]:
    """Every file under raw_dir as a DocumentOutput, in file order.  Each file is read once, when
    it is planned; documents whose steps are all cached are read from the cache here, the rest go to
    the engine in tasks of a few documents.  `stats` (if given) collects what was computed and the
    seconds per step, summed over workers."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    files = list_inputs(raw_dir)
    cache = Cache(settings.cache_dir)
    plans = (plan_document(raw, settings, cache) for raw in files)
    # plan ahead until it is clear whether the work is worth worker processes (each loads the
    # model): not for a few new documents.  Plans of cached documents hold no bytes, so this look
    # ahead holds at most one task's worth of files.
    ahead, n_new = [], 0
    for job in plans:
        ahead.append(job)
        n_new += not job.cached
        if n_new > settings.docs_per_task:
            break
    few = n_new <= settings.docs_per_task and settings.engine == "local"
    engine = (
        InProcess()
        if n_new == 0 or few
        else make_engine(settings.engine, workers=settings.n_process, scheduler=settings.scheduler)
    )

    def tasks():
        batch = []
        for job in itertools.chain(ahead, plans):
            if job.cached:
                yield process_batch([job], settings)  # cache reads only: no model, no engine
                continue
            batch.append(job)
            if len(batch) >= settings.docs_per_task:
                yield Task(process_batch, batch, settings)
                batch = []
        if batch:
            yield Task(process_batch, batch, settings)

    outputs = (out for batch in ordered_results(engine, tasks(), window=2 * engine.workers + 1) for out in batch)
    if progress:
        from tqdm import tqdm

        outputs = tqdm(outputs, total=len(files), desc="documents", unit="doc")
    computed: Counter = Counter()
    stats = Counter() if stats is None else stats
    try:
        for out in outputs:
            computed.update(out.computed)
            stats.update({f"seconds_{k}": v for k, v in out.seconds.items()})
            yield out
    finally:
        engine.close()
    stats.update({f"computed_{k}": v for k, v in computed.items()}, files=len(files))
    log.info(
        "%d files; computed: %s; the rest from the cache",
        len(files),
        ", ".join(f"{k} {v}" for k, v in sorted(computed.items())) or "nothing",
    )


def run_extract(raw_dir: Path, interim_dir: Path, settings: Settings, *, progress: bool = False) -> dict:
    """The interim tables of every file under raw_dir, streamed into interim_dir, and run.json (what
    this run computed and the seconds per step: a log, different on every run)."""
    started = time.perf_counter()
    interim_dir = Path(interim_dir)
    settings = for_output(settings, interim_dir)  # the cache: run.cache_dir, else INTERIM/.cache
    remove_stale_temporaries(interim_dir)
    stats: Counter = Counter()
    with TableSink(interim_dir, [schemas.TABLES[n] for n in schemas.INTERIM]) as sink:
        for out in corpus_outputs(raw_dir, settings, progress=progress, stats=stats):
            sink.add("documents", [out.document] if out.document else [])
            for name in ("turns", "segments", "entities", "claims", "problems"):
                sink.add(name, getattr(out, name))
    run_info = {
        "seconds": round(time.perf_counter() - started, 3),
        **{k: round(v, 3) for k, v in sorted(stats.items())},
    }
    write_atomic(interim_dir / "run.json", lambda tmp: Path(tmp).write_text(json.dumps(run_info, indent=2) + "\n"))
    return run_info


# -- whole runs --------------------------------------------------------------------------------
def run_all(
    raw_dir: Path,
    out_dir: Path,
    settings: Settings | None = None,
    *,
    progress: bool = False,
    report: bool = True,
    gold_dir: Path | None = None,
    corrections: Path | None = None,
    **params,
) -> dict:
    """Every stage on raw_dir into out_dir (layout above); `params` are fields of Settings;
    `corrections`: a corrections file (data/corrections.yaml) applied when the tables are built.
    Returns the metrics.  Raises OutputLocked, before writing anything, when another run holds out_dir."""
    from pipeline.tables import tables_stage

    out_dir = Path(out_dir)
    settings = for_output(dataclasses.replace(settings or Settings(), **params), out_dir)
    with output_lock(out_dir):
        remove_stale_temporaries(out_dir)
        run_extract(raw_dir, out_dir / "interim", settings, progress=progress)
        m = tables_stage(out_dir / "interim", out_dir, settings, corrections=corrections)
        if report:
            from pipeline.report import build_report

            build_report(out_dir, tolerance=settings.tolerance)
        if gold_dir is not None:
            from pipeline.evaluate import evaluate_stage

            evaluate_stage(out_dir, gold_dir, raw_dir, out_dir / "eval.json")
    log.info(
        "%d documents, %d turns, %d entities, %d claims (%d in %d series), %d problems",
        m["documents"],
        m["turns"],
        sum(m["entities"].values()),
        m["claims_total"],
        m["claims_in_series"],
        m["series"],
        m["problems"],
    )
    return m
