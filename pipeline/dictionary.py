"""docs/data-dictionary.md, generated from the catalog (pipeline.schemas) and the DuckDB views
(pipeline.database): every table with its file, key and columns, every vocabulary, every view."""

from __future__ import annotations

from pipeline.database import VIEW_DESCRIPTIONS
from pipeline.schemas import TABLES

HEADER = """# Data dictionary

Generated from the catalog in `pipeline/schemas.py` by `python -m pipeline data-dictionary`; do not edit by hand.
Every table is validated against it when it is written (types, nulls, allowed values, minimums, spans, the key).
The Parquet files carry the same descriptions in their schema metadata, and `transcripts.duckdb` holds the same tables.
The per-document tables (documents, turns, segments, entities, claims, problems) are first written to the interim
folder (`data/interim/`) by the extract stage; the tables stage writes every final table into `data/processed/`.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def data_dictionary() -> str:
    lines = [HEADER]
    for table in TABLES.values():
        lines += [
            f"## {table.name}",
            "",
            f"`data/processed/{table.name}.parquet`: {table.description}",
            "",
            f"Key: {', '.join(f'`{k}`' for k in table.key)} (one row per value of the key).",
            "",
            "| column | type | nullable | allowed values | description |",
            "| --- | --- | --- | --- | --- |",
        ]
        for c in table.columns:
            allowed = ", ".join(f"`{v}`" for v in c.values) if c.values else ""
            if c.minimum is not None:
                allowed = f">= {c.minimum}"
            lines.append(
                f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {_cell(allowed)} | {_cell(c.description)} |"
            )
        lines.append("")
    lines += ["## Views in transcripts.duckdb", "", "| view | what it gives |", "| --- | --- |"]
    lines += [f"| `{name}` | {_cell(text)} |" for name, text in VIEW_DESCRIPTIONS.items()]
    return "\n".join(lines) + "\n"
