"""transcript-stats: official transcripts in, tidy tables out.

Public API (see DESIGN.md): run(), claims_from_text(), entities_from_text().  Imports are lazy so
that `python -m pipeline --help` starts fast and the model loads only when text needs it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.config import DEFAULT_MODEL

__all__ = ["claims_from_text", "entities_from_text", "run"]


def run(raw_dir: str | Path, out_dir: str | Path, **params) -> dict:
    """The whole pipeline on raw_dir, its outputs written into out_dir (as `python -m pipeline run`).
    `params`: fields of pipeline.config.Settings (model, ton_means, cache_dir, min_documents...),
    report=False to skip the review site, corrections=PATH to apply a corrections file.  Returns the counts of metrics.json."""
    from pipeline.stages import run_all

    return run_all(Path(raw_dir), Path(out_dir), **params)


def _annotate(text: str, model: str | None):
    from pipeline.nlp import build_nlp

    doc = build_nlp(model)(text)
    doc.user_data.update({"doc_id": None, "turn_id": None, "offset": 0, "speaker_id": None})
    return doc


def claims_from_text(
    text: str,
    *,
    reference_date: date | str | None = None,
    model: str | None = DEFAULT_MODEL,
    ton_means: str = "tonne",
):
    """Claims of any English text, as a DataFrame with the claims table's columns (ids null)."""
    import pandas as pd

    from pipeline.claims import claim_rows
    from pipeline.schemas import CLAIMS

    doc = _annotate(text, model)
    if reference_date is not None:
        doc.user_data["date"] = str(reference_date)[:10]
    rows = claim_rows(doc, ton_means=ton_means)
    return pd.DataFrame(rows, columns=CLAIMS.names)


def entities_from_text(text: str, *, model: str | None = DEFAULT_MODEL):
    """Entities of any English text, as a DataFrame with the entities table's columns (ids null)."""
    import pandas as pd

    from pipeline.entities import text_entity_rows
    from pipeline.schemas import ENTITIES

    rows = text_entity_rows(_annotate(text, model))
    return pd.DataFrame(rows, columns=ENTITIES.names)
