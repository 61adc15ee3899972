"""The DuckDB file for dashboards: the processed tables plus views that answer the usual questions.

One file, no server: `duckdb data/processed/transcripts.duckdb` or any tool with a DuckDB
connector (Superset, Metabase, Evidence).  Built in a temporary folder and renamed into place;
the same tables give a byte-identical file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import tempfile
from pathlib import Path

from pipeline.schemas import TABLES as CATALOG

TABLES = tuple(CATALOG)  # every table of the catalog goes into the file

VIEWS = {
    # every claim with who said it, when and where: the table a dashboard filters
    "claims_in_context": """
        SELECT c.*, s.name AS speaker_name, d.date AS document_date, d.title AS document_title,
               year(coalesce(c.period_start, d.date)) AS year
        FROM claims c
        LEFT JOIN speakers s USING (speaker_id)
        LEFT JOIN documents d USING (doc_id)""",
    # how many claims, and how much, per measured thing, unit and period
    "claims_by_measured_period": """
        SELECT lower(measured) AS measured, unit, period_start, period_end, count(*) AS n_claims,
               sum(value) AS total_value, min(value) AS min_value, max(value) AS max_value,
               count(DISTINCT doc_id) AS n_documents
        FROM claims
        WHERE measured IS NOT NULL
        GROUP BY ALL""",
    # one row per claim in a series, ready for a line chart: its period (the meeting date when it
    # states none) and its value in the series' unit (pipeline.series.observations gives the same rows)
    "series_observations": """
        WITH c AS (
            SELECT *, coalesce(value, (value_low + value_high) / 2, value_low) AS shown
            FROM claims WHERE series_id IS NOT NULL)
        SELECT c.series_id, c.doc_id, c.char_start, c.char_end, c.text,
               coalesce(c.period_start, d.date) AS period_start, coalesce(c.period_end, d.date) AS period_end,
               c.period_start IS NOT NULL AS period_stated,
               c.shown * CASE WHEN c.unit = 'fraction' THEN 100
                              WHEN c.value_si IS NOT NULL THEN c.value_si / nullif(coalesce(c.value, c.value_low), 0)
                              ELSE 1 END
                       * CASE WHEN c.kind = 'change' AND c.direction = 'down' THEN -1 ELSE 1 END AS value,
               CASE WHEN c.unit = 'fraction' THEN 'percent' WHEN c.si_unit IS NOT NULL THEN c.si_unit
                    WHEN c.dimension = 'count' THEN 'count' ELSE c.unit END AS unit,
               c.qualifier, c.speaker_id, sp.name AS speaker_name, d.date AS document_date,
               coalesce(c.corrected, false) AS corrected, s.label AS series_label
        FROM c
        LEFT JOIN documents d USING (doc_id)
        LEFT JOIN speakers sp USING (speaker_id)
        LEFT JOIN series s USING (series_id)
        WHERE c.shown IS NOT NULL""",
    "entity_mentions_per_document": """
        SELECT e.doc_id, d.date AS document_date, e.label, e.entity_id, any_value(e.canonical_name) AS name,
               count(*) AS n_mentions
        FROM entities e LEFT JOIN documents d USING (doc_id)
        WHERE e.entity_id IS NOT NULL
        GROUP BY ALL""",
    "entity_mentions_per_speaker": """
        SELECT t.speaker_id, any_value(t.speaker_name) AS speaker_name, e.label, e.entity_id,
               any_value(e.canonical_name) AS name, count(*) AS n_mentions, count(DISTINCT e.doc_id) AS n_documents
        FROM entities e JOIN turns t USING (doc_id, turn_id)
        WHERE e.entity_id IS NOT NULL
        GROUP BY t.speaker_id, e.label, e.entity_id""",
    # pairs of entities named in the same turn (each pair once, a < b)
    "entity_cooccurrence": """
        WITH per_turn AS (
            SELECT DISTINCT doc_id, turn_id, label, entity_id, canonical_name FROM entities
            WHERE entity_id IS NOT NULL AND label IN ('COUNTRY', 'AGENCY', 'CRIMINAL_GROUP', 'PERSON'))
        SELECT a.entity_id AS entity_a, any_value(a.canonical_name) AS name_a, a.label AS label_a,
               b.entity_id AS entity_b, any_value(b.canonical_name) AS name_b, b.label AS label_b,
               count(*) AS n_turns, count(DISTINCT a.doc_id) AS n_documents
        FROM per_turn a JOIN per_turn b ON a.doc_id = b.doc_id AND a.turn_id = b.turn_id AND a.entity_id < b.entity_id
        GROUP BY a.entity_id, a.label, b.entity_id, b.label""",
}


VIEW_DESCRIPTIONS = {
    "claims_in_context": "Every claim with the speaker's name, the document's date and title, and the year it refers to.",
    "claims_by_measured_period": "Claims grouped by measured thing (lower case), unit and period: count, sum, min, max.",
    "series_observations": "One row per claim in a series: period (the meeting date when none is stated), value "
    "in the series' unit (a change down is negative), speaker and document: a line chart per series_id.",
    "entity_mentions_per_document": "Mentions of each linked entity per document.",
    "entity_mentions_per_speaker": "Mentions of each linked entity per speaker (the turn's speaker).",
    "entity_cooccurrence": "Pairs of countries, agencies, criminal groups and persons named in the same turn.",
}


def build_database(processed_dir: Path, path: Path | None = None) -> Path:
    """transcripts.duckdb from the Parquet tables of processed_dir, with the views of VIEWS.

    The same tables give the same bytes, so that DVC records one hash for them: the file is built
    in a private folder under its final name (DuckDB's catalog stores the file's stem), by one
    thread (a parallel insert may lay out row groups in another order), and the random identifier
    DuckDB writes into every new file is replaced by one derived from the content."""
    import duckdb

    processed_dir = Path(processed_dir)
    path = Path(path) if path else processed_dir / "transcripts.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    tmp = workdir / path.name
    try:
        with duckdb.connect(str(tmp), config={"threads": 1}) as con:
            for name in TABLES:
                parquet = (processed_dir / f"{name}.parquet").resolve().as_posix().replace("'", "''")
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{parquet}')")
            for name, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {name} AS {sql}")
            con.execute("CHECKPOINT")
        derive_identifier(tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return path


# DuckDB's main header (storage format of DuckDB 1.x and 2.x): a 4096-byte block that starts with
# the checksum of the rest of the block, then the magic bytes; bytes 124-139 hold the database
# identifier, random for every new file.
_HEADER_SIZE = 4096
_MAGIC = slice(8, 12)
_IDENTIFIER = slice(124, 140)
_MASK = (1 << 64) - 1


def _checksum(block: bytes) -> int:
    """DuckDB's block checksum: 5381 XOR the product of each 64-bit little-endian word with a constant."""
    result = 5381
    for (word,) in struct.iter_unpack("<Q", block):
        result ^= (word * 0xBF58476D1CE4E5B9) & _MASK
    return result


def derive_identifier(path: Path) -> None:
    """Replace the random database identifier in a DuckDB file's header by the first 16 bytes of the
    SHA-256 of everything after the header, and write the header's checksum again.  Refuses (raises)
    when the header is not laid out as expected, rather than write a file DuckDB cannot open."""
    with open(path, "r+b") as f:
        header = bytearray(f.read(_HEADER_SIZE))
        if (
            len(header) != _HEADER_SIZE
            or header[_MAGIC] != b"DUCK"
            or int.from_bytes(header[:8], "little") != _checksum(header[8:])
        ):
            raise RuntimeError(f"{path}: not the DuckDB header layout this code knows; cannot make it reproducible")
        digest = hashlib.sha256()
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
        header[_IDENTIFIER] = digest.digest()[:16]
        header[:8] = _checksum(header[8:]).to_bytes(8, "little")
        f.seek(0)
        f.write(header)
