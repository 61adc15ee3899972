"""The tables stage: the final tables from the per-document (interim) ones, then the DuckDB file,
the counts (metrics.json) and claims per year (claims_per_year.csv).

The final tables are built by TABLE_STEPS, in order, each a function that takes the frames by
name and returns them (changed, or with a table added); every table is validated against the
catalog (pipeline.schemas) when it is written, its key checked over the whole table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline import schemas
from pipeline.database import build_database
from pipeline.io import read_table, remove_stale_temporaries, write_atomic, write_table

Frames = dict[str, pd.DataFrame]


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


def add_speakers(frames: Frames) -> Frames:
    return {**frames, "speakers": speakers_table(frames["turns"])}


# The steps from the interim tables to the final ones.  People's corrections (data/corrections.yaml:
# entities and claims changed, problem rows for corrections that no longer match) and the series
# table (claims about the same statistic across documents, claims.series_id) are steps of this list.
TABLE_STEPS: tuple[Callable[[Frames], Frames], ...] = (add_speakers,)


def build_tables(interim: Frames, steps=TABLE_STEPS) -> Frames:
    frames = dict(interim)
    for step in steps:
        frames = step(frames)
    return frames


def metrics(frames: Frames) -> dict:
    """Counts for `dvc metrics show`."""
    entities, claims = frames["entities"], frames["claims"]
    return {
        "documents": len(frames["documents"]),
        "turns": len(frames["turns"]),
        "entities": {str(k): int(v) for k, v in entities["label"].value_counts().sort_index().items()},
        "claims": {str(k): int(v) for k, v in claims["unit"].value_counts().sort_index().items()},
        "claims_total": len(claims),
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


def tables_stage(interim_dir: Path, processed_dir: Path) -> dict:
    """Every final table into processed_dir (validated), transcripts.duckdb, metrics.json and
    claims_per_year.csv.  Returns the metrics."""
    processed_dir = Path(processed_dir)
    remove_stale_temporaries(processed_dir)
    frames = build_tables(read_interim(interim_dir))
    for name, table in schemas.TABLES.items():
        write_table(frames[name], table, processed_dir / f"{name}.parquet")
    build_database(processed_dir)
    counts = metrics(frames)
    write_json(processed_dir / "metrics.json", counts)
    per_year = claims_per_year(frames["claims"], frames["documents"])
    write_atomic(processed_dir / "claims_per_year.csv", lambda tmp: per_year.to_csv(tmp, index=False))
    return counts
