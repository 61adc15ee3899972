"""The tables stage: the final tables from the per-document (interim) ones, then the DuckDB file,
the counts (metrics.json) and claims per year (claims_per_year.csv).

The final tables are built by TABLE_STEPS, in order, each a function that takes the frames by
name and what the steps share (TableInputs: the settings and people's corrections) and returns the
frames (changed, or with a table added); every table is validated against the catalog
(pipeline.schemas) when it is written, its key checked over the whole table.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import schemas
from pipeline.config import Settings
from pipeline.corrections import OUTCOMES, SOURCE, Correction, apply_corrections, read_corrections, spoken_texts
from pipeline.database import build_database
from pipeline.io import read_table, remove_stale_temporaries, write_atomic, write_table

log = logging.getLogger("pipeline")
Frames = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class TableInputs:
    """What the table steps take besides the interim tables."""

    settings: Settings = field(default_factory=Settings)
    corrections: tuple[Correction, ...] = ()  # the valid entries of data/corrections.yaml
    correction_problems: tuple[dict, ...] = ()  # an invalid_correction row per entry that is not
    corrections_source: str = SOURCE  # the file's name, in problem messages


def table_inputs(settings: Settings | None = None, corrections_path: Path | None = None) -> TableInputs:
    """TableInputs with the corrections file read (none when no path is given or the file is absent)."""
    entries, problems = read_corrections(Path(corrections_path)) if corrections_path else ([], [])
    return TableInputs(
        settings or Settings(),
        tuple(entries),
        tuple(problems),
        Path(corrections_path).name if corrections_path else SOURCE,
    )


def speakers_table(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker over all documents: the name most often written, every role, counts."""
    speakers: dict[str, dict] = {}
    for t in turns.itertuples(index=False):
        s = speakers.setdefault(
            t.speaker_id, {"names": Counter(), "roles": set(), "docs": set(), "n_turns": 0, "n_words": 0}
        )
        s["names"][t.speaker_name] += 1
        if isinstance(t.speaker_role, str) and t.speaker_role:  # NaN from a Parquet string column
            s["roles"].add(t.speaker_role)
        s["docs"].add(t.doc_id)
        s["n_turns"] += 1
        s["n_words"] += int(t.n_words)
    rows = []
    for sid in sorted(speakers):
        s = speakers[sid]
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
    return pd.DataFrame(rows, columns=schemas.SPEAKERS.names)


def add_speakers(frames: Frames, inputs: TableInputs) -> Frames:
    return {**frames, "speakers": speakers_table(frames["turns"])}


def apply_people_corrections(frames: Frames, inputs: TableInputs) -> Frames:
    """Claims and entities with data/corrections.yaml applied (pipeline.corrections); a problems row
    for every entry that could not be read or applied (stale, unmatched, invalid), never dropped;
    `corrections`: the outcome of each entry, for metrics.json."""
    doc_ids = {c.doc_id for c in inputs.corrections}
    texts = spoken_texts(doc_ids, frames["documents"], frames["turns"], frames["segments"])
    applied = apply_corrections(
        frames["claims"],
        frames["entities"],
        list(inputs.corrections),
        texts,
        frames["turns"],
        source=inputs.corrections_source,
    )
    new = [p for p in (pd.DataFrame(list(inputs.correction_problems)), applied.problems) if len(p)]
    problems = pd.concat([frames["problems"], *new], ignore_index=True) if new else frames["problems"]
    outcomes = ["invalid"] * len(inputs.correction_problems) + applied.outcomes
    return {
        **frames,
        "claims": applied.claims,
        "entities": applied.entities,
        "problems": problems,
        "corrections": pd.DataFrame({"outcome": outcomes}, dtype=object),
    }


def add_series(frames: Frames, inputs: TableInputs) -> Frames:
    """The series table and each claim's series_id (pipeline.series), read with the annotate model;
    without a model (annotate.model: null) there is no parse to read measured phrases with, and no series."""
    from pipeline.series import build_series, series_nlp

    settings, claims = inputs.settings, frames["claims"]
    if settings.model is None:
        log.warning("no spaCy model (annotate.model: null): no series")
        return {**frames, "claims": claims.assign(series_id=None), "series": pd.DataFrame(columns=schemas.SERIES.names)}
    series, ids = build_series(
        claims,
        frames["entities"],
        frames["turns"],
        frames["documents"],
        nlp=series_nlp(settings.model) if len(claims) else None,
        min_documents=settings.min_documents,
        require_period=settings.require_period,
    )
    return {**frames, "claims": claims.assign(series_id=ids), "series": series}


# The steps from the interim tables to the final ones, in order: speakers across documents, people's
# corrections (before the series, so that a corrected measured thing or period counts there), series.
TABLE_STEPS: tuple[Callable[[Frames, TableInputs], Frames], ...] = (add_speakers, apply_people_corrections, add_series)


def build_tables(interim: Frames, inputs: TableInputs | None = None, steps=TABLE_STEPS) -> Frames:
    frames = dict(interim)
    inputs = inputs or TableInputs()
    for step in steps:
        frames = step(frames, inputs)
    return frames


def metrics(frames: Frames) -> dict:
    """Counts for `dvc metrics show`."""
    entities, claims = frames["entities"], frames["claims"]
    outcomes = frames["corrections"]["outcome"] if "corrections" in frames else pd.Series([], dtype=object)
    in_series = claims["series_id"].notna() if len(claims) else pd.Series([], dtype=bool)
    return {
        "documents": len(frames["documents"]),
        "turns": len(frames["turns"]),
        "entities": {str(k): int(v) for k, v in entities["label"].value_counts().sort_index().items()},
        "claims": {str(k): int(v) for k, v in claims["unit"].value_counts().sort_index().items()},
        "claims_total": len(claims),
        "series": len(frames.get("series", ())),
        "claims_in_series": int(in_series.sum()),
        "corrections": {outcome: int((outcomes == outcome).sum()) for outcome in OUTCOMES},
        "problems": len(frames["problems"]),
    }


def claims_per_year(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims counted by the year they refer to (their period, else the document's date): for dvc plots."""
    if not len(claims):
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "claims": pd.Series(dtype="int64")})
    dates = claims.merge(documents[["doc_id", "date"]], on="doc_id", how="left")
    when = pd.to_datetime(dates["period_start"]).fillna(pd.to_datetime(dates["date"]))
    years = when.dt.year.dropna().astype("int64")
    return years.value_counts().sort_index().rename_axis("year").reset_index(name="claims")


def write_json(path: Path, value: dict) -> None:
    write_atomic(Path(path), lambda tmp: Path(tmp).write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8"))


def read_interim(interim_dir: Path) -> Frames:
    return {name: read_table(Path(interim_dir) / f"{name}.parquet") for name in schemas.INTERIM}


def tables_stage(
    interim_dir: Path, processed_dir: Path, settings: Settings | None = None, *, corrections: Path | None = None
) -> dict:
    """Every final table into processed_dir (validated), transcripts.duckdb, metrics.json and
    claims_per_year.csv; `corrections`: the corrections file (data/corrections.yaml).  Returns the metrics."""
    processed_dir = Path(processed_dir)
    remove_stale_temporaries(processed_dir)
    frames = build_tables(read_interim(interim_dir), table_inputs(settings, corrections))
    for name, table in schemas.TABLES.items():
        write_table(frames[name], table, processed_dir / f"{name}.parquet")
    build_database(processed_dir)
    counts = metrics(frames)
    write_json(processed_dir / "metrics.json", counts)
    per_year = claims_per_year(frames["claims"], frames["documents"])
    write_atomic(processed_dir / "claims_per_year.csv", lambda tmp: per_year.to_csv(tmp, index=False))
    return counts
