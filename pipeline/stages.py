"""The stages: documents stream through process_batch (pipeline.process) on an engine
(pipeline.engines) and their rows stream into Parquet files (io.TableSink).

`python -m pipeline run` calls run_all(); each DVC stage calls one *_stage function.  Both use the
same per-document cache, so either reuses what the other computed.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pipeline import schemas
from pipeline.cache import Cache
from pipeline.database import build_database
from pipeline.engines import InProcess, Task, make_engine, ordered_results
from pipeline.io import TableSink, list_inputs, read_table, remove_stale_temporaries, write_atomic, write_table
from pipeline.process import DocumentOutput, Settings, is_cached, make_job, process_batch, spacy_version

log = logging.getLogger("pipeline")


# -- streaming documents through the engine -------------------------------------------------------
def corpus_outputs(
    raw_dir: Path, settings: Settings, parts: tuple[str, ...], *, progress: bool = False, stats: Counter | None = None
) -> Iterator[DocumentOutput]:
    """Every file under raw_dir as a DocumentOutput with `parts`, in file order.  Documents whose
    parts are all cached are read here; the rest go to the engine in tasks of a few documents.
    `stats` (if given) collects what was computed and the seconds per stage, summed over workers."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    files = list_inputs(raw_dir)
    cache, spacy_ver = Cache(settings.cache_dir), spacy_version()
    # a first pass over the bytes finds what the cache lacks, so that a few new documents are done
    # here, without starting worker processes that each load the model
    jobs = [make_job(raw, settings, spacy_ver) for raw in files]
    to_compute = set()
    for job in jobs:
        if not is_cached(job, cache, parts):
            to_compute.add(job.raw.doc_id)
        if job.data is not None:
            job.data = b""  # bytes are read again when a task needs them: memory stays bounded
    few = len(to_compute) <= settings.docs_per_task and settings.engine == "local"
    engine = (
        make_engine(settings.engine, workers=max(1, settings.n_process), scheduler=settings.scheduler)
        if to_compute and not few
        else InProcess()
    )

    def tasks():
        batch = []
        for job in jobs:
            raw = job.raw
            if raw.doc_id in to_compute:
                job = make_job(raw, settings, spacy_ver)
            if raw.doc_id not in to_compute:
                if batch:
                    yield Task(process_batch, batch, settings, parts)
                    batch = []
                yield process_batch([job], settings, parts)  # cache reads only: no model, no engine
                continue
            batch.append(job)
            if len(batch) >= settings.docs_per_task:
                yield Task(process_batch, batch, settings, parts)
                batch = []
        if batch:
            yield Task(process_batch, batch, settings, parts)

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


def settings_for(out_dir: Path, settings: Settings | None = None, **kwargs) -> Settings:
    settings = replace(settings or Settings(), **kwargs)
    if settings.cache_dir is None:
        settings = replace(settings, cache_dir=str(Path(out_dir) / ".cache"))
    # absolute, so that workers started elsewhere (a Dask cluster) find the same folder
    settings = replace(settings, cache_dir=str(Path(settings.cache_dir).resolve()))
    return settings


# -- tallies over the stream ----------------------------------------------------------------------
class Tally:
    """Speakers and counts, accumulated document by document (memory grows with speakers, not text)."""

    def __init__(self):
        self.counts = Counter()
        self.entity_labels: Counter = Counter()
        self.claim_units: Counter = Counter()
        self.speakers: dict[str, dict] = {}

    def add(self, out: DocumentOutput) -> None:
        self.counts.update(
            documents=int(out.document is not None),
            turns=len(out.turns),
            problems=len(out.problems),
            claims=len(out.claims),
        )
        self.entity_labels.update(r["label"] for r in out.entities)
        self.claim_units.update(r["unit"] for r in out.claims if r["unit"])
        self.add_turns(out.turns)

    def add_turns(self, turns) -> None:
        for t in turns:
            s = self.speakers.setdefault(
                t["speaker_id"], {"names": Counter(), "roles": set(), "docs": set(), "n_turns": 0, "n_words": 0}
            )
            s["names"][t["speaker_name"]] += 1
            if isinstance(t["speaker_role"], str) and t["speaker_role"]:  # NaN from a Parquet string column
                s["roles"].add(t["speaker_role"])
            s["docs"].add(t["doc_id"])
            s["n_turns"] += 1
            s["n_words"] += int(t["n_words"])

    def speaker_rows(self) -> list[dict]:
        rows = []
        for sid in sorted(self.speakers):
            s = self.speakers[sid]
            top = max(s["names"].values())
            rows.append(
                {
                    "speaker_id": sid,
                    "name": min(n for n, c in s["names"].items() if c == top),
                    "roles": sorted(s["roles"]),
                    "n_documents": len(s["docs"]),
                    "n_turns": s["n_turns"],
                    "n_words": s["n_words"],
                }
            )
        return rows

    def metrics(self) -> dict:
        return {
            "documents": self.counts["documents"],
            "turns": self.counts["turns"],
            "entities": dict(sorted(self.entity_labels.items())),
            "claims": dict(sorted(self.claim_units.items())),
            "claims_total": self.counts["claims"],
            "problems": self.counts["problems"],
        }


def speakers_table(turns: pd.DataFrame) -> pd.DataFrame:
    tally = Tally()
    tally.add_turns(turns.to_dict("records"))
    return pd.DataFrame(tally.speaker_rows(), columns=schemas.SPEAKERS.names)


def write_metrics(path: Path, m: dict) -> None:
    write_atomic(Path(path), lambda tmp: Path(tmp).write_text(json.dumps(m, indent=2) + "\n"))


def _add(sink: TableSink, out: DocumentOutput, names: tuple[str, ...]) -> None:
    for name in names:
        if name == "documents":
            sink.add(name, [out.document] if out.document else [])
        else:
            sink.add(name, getattr(out, name))


# -- whole runs --------------------------------------------------------------------------------
FINAL = ("documents", "turns", "segments", "entities", "claims", "problems")


def run_all(
    raw_dir: Path, out_dir: Path, settings: Settings | None = None, *, progress: bool = False, **kwargs
) -> dict:
    """Every stage on raw_dir, the processed tables written into out_dir.  Returns the metrics."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    settings = settings_for(out_dir, settings, **kwargs)
    remove_stale_temporaries(out_dir)
    tally, stats = Tally(), Counter()
    with TableSink(out_dir, [schemas.TABLES[n] for n in FINAL]) as sink:
        for out in corpus_outputs(raw_dir, settings, ("segment", "entities", "claims"), progress=progress, stats=stats):
            _add(sink, out, FINAL)
            tally.add(out)
    write_table(tally.speaker_rows(), schemas.SPEAKERS, out_dir / "speakers.parquet")
    build_database(out_dir)
    m = tally.metrics()
    write_metrics(out_dir / "metrics.json", m)
    # what this run did (not a metric: it changes from run to run)
    run_info = {
        "seconds": round(time.perf_counter() - started, 3),
        **{k: round(v, 3) for k, v in sorted(stats.items())},
    }
    write_atomic(out_dir / "run.json", lambda tmp: Path(tmp).write_text(json.dumps(run_info, indent=2) + "\n"))
    log.info(
        "%d documents, %d turns, %d entities, %d claims, %d problems",
        m["documents"],
        m["turns"],
        sum(m["entities"].values()),
        m["claims_total"],
        m["problems"],
    )
    return m


# -- the DVC stages ------------------------------------------------------------------------------
def _stream_stage(
    raw_dir: Path, out_dir: Path, settings: Settings, parts: tuple[str, ...], tables: tuple[str, ...], progress: bool
) -> None:
    remove_stale_temporaries(out_dir)
    with TableSink(out_dir, [schemas.ALL_TABLES[n] for n in tables]) as sink:
        for out in corpus_outputs(raw_dir, settings, parts, progress=progress):
            if "annotations" in tables:
                sink.add(
                    "annotations",
                    [{"doc_id": out.doc_id, "annotation_key": out.annotation_key, "n_turns": len(out.turns)}]
                    if out.annotation_key
                    else [],
                )
            _add(sink, out, tuple(t for t in tables if t != "annotations"))


def segment_stage(raw_dir: Path, interim_dir: Path, settings: Settings, *, progress: bool = False) -> None:
    """documents, turns, segments and problems of every file (interim)."""
    _stream_stage(
        raw_dir, interim_dir, settings, ("segment",), ("documents", "turns", "segments", "problems"), progress
    )


def annotate_stage(raw_dir: Path, interim_dir: Path, settings: Settings, *, progress: bool = False) -> None:
    """Every document with turns annotated (spaCy) into the cache; the manifest lists their keys."""
    _stream_stage(raw_dir, interim_dir, settings, ("segment", "annotate"), ("annotations",), progress)


def entities_stage(raw_dir: Path, processed_dir: Path, settings: Settings, *, progress: bool = False) -> None:
    _stream_stage(raw_dir, processed_dir, settings, ("segment", "entities"), ("entities",), progress)


def claims_stage(raw_dir: Path, processed_dir: Path, settings: Settings, *, progress: bool = False) -> None:
    _stream_stage(raw_dir, processed_dir, settings, ("segment", "claims"), ("claims",), progress)


def claims_per_year(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims counted by the year they refer to (their period, else the document's date): for dvc plots."""
    if not len(claims):
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "claims": pd.Series(dtype="int64")})
    dates = claims.merge(documents[["doc_id", "date"]], on="doc_id", how="left")
    when = pd.to_datetime(dates["period_start"]).fillna(pd.to_datetime(dates["date"]))
    years = when.dt.year.dropna().astype("int64")
    return years.value_counts().sort_index().rename_axis("year").reset_index(name="claims")


def tables_stage(interim_dir: Path, processed_dir: Path, metrics_path: Path, plots_path: Path | None = None) -> dict:
    """Final tables (documents, speakers, turns, segments, problems), the DuckDB file and metrics.json."""
    interim_dir, processed_dir = Path(interim_dir), Path(processed_dir)
    frames = {
        name: read_table(interim_dir / f"{name}.parquet") for name in ("documents", "turns", "segments", "problems")
    }
    frames["speakers"] = speakers_table(frames["turns"])
    for name, frame in frames.items():
        write_table(frame, schemas.TABLES[name], processed_dir / f"{name}.parquet")
    build_database(processed_dir)
    entities = read_table(processed_dir / "entities.parquet")
    claims = read_table(processed_dir / "claims.parquet")
    m = {
        "documents": len(frames["documents"]),
        "turns": len(frames["turns"]),
        "entities": {str(k): int(v) for k, v in entities["label"].value_counts().sort_index().items()},
        "claims": {str(k): int(v) for k, v in claims["unit"].value_counts().sort_index().items()},
        "claims_total": len(claims),
        "problems": len(frames["problems"]),
    }
    write_metrics(metrics_path, m)
    if plots_path:
        per_year = claims_per_year(claims, frames["documents"])
        write_atomic(Path(plots_path), lambda tmp: per_year.to_csv(tmp, index=False))
    return m
