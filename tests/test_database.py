"""The DuckDB file: the tables as written, and views that answer a dashboard's questions."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.database import TABLES, build_database
from pipeline.io import write_table
from pipeline.schemas import TABLES as SCHEMAS

DOC = {
    "doc_id": "d1",
    "source_path": "d1.txt",
    "sha256": "x",
    "title": "Meeting",
    "summary": None,
    "date": date(2013, 3, 11),
    "time": "12:30",
    "place": None,
    "topics": [],
    "sections": [],
    "n_turns": 2,
    "n_words": 10,
    "spoken_start": 0,
    "spoken_end": 100,
    "encoding": "utf-8",
}
TURNS = [
    {
        "doc_id": "d1",
        "turn_id": i,
        "speaker_id": s,
        "speaker_name": n,
        "speaker_role": None,
        "speaker_label": n,
        "text": "t",
        "char_start": i * 50,
        "char_end": i * 50 + 40,
        "n_words": 5,
    }
    for i, (s, n) in enumerate([("vladimir-putin", "Vladimir Putin"), ("viktor-ivanov", "Viktor Ivanov")])
]


def _entity(turn, start, label, entity_id, name):
    return {
        "doc_id": "d1",
        "turn_id": turn,
        "char_start": start,
        "char_end": start + 3,
        "text": name,
        "label": label,
        "entity_id": entity_id,
        "canonical_name": name,
        "source": "rule",
        "entity_country": None,
        "corrected": False,
    }


ENTITIES = [
    _entity(1, 51, "COUNTRY", "RUS", "Russia"),
    _entity(1, 60, "COUNTRY", "TJK", "Tajikistan"),
    _entity(1, 70, "COUNTRY", "RUS", "Russia"),
    _entity(0, 5, "COUNTRY", "RUS", "Russia"),
]


def _claim(start, value, measured, period_start=None):
    row = {c: None for c in SCHEMAS["claims"].names}
    row.update(
        {
            "doc_id": "d1",
            "turn_id": 1,
            "speaker_id": "viktor-ivanov",
            "char_start": start,
            "char_end": start + 4,
            "text": "x",
            "value": value,
            "unit": "tonne",
            "measured": measured,
            "kind": "level",
            "period_start": period_start,
            "period_end": None,
            "entity_ids": [],
            "editorial": False,
        }
    )
    return row


CLAIMS = [_claim(52, 2.5, "heroin", date(2012, 1, 1)), _claim(80, 1.5, "Heroin", date(2012, 1, 1)), _claim(90, 7, None)]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("processed")
    speakers = [
        {
            "speaker_id": t["speaker_id"],
            "name": t["speaker_name"],
            "roles": [],
            "n_documents": 1,
            "n_turns": 1,
            "n_words": 5,
        }
        for t in TURNS
    ]
    rows = {"documents": [DOC], "turns": TURNS, "entities": ENTITIES, "claims": CLAIMS, "speakers": speakers}
    for name in TABLES:
        write_table(rows.get(name, []), SCHEMAS[name], folder / f"{name}.parquet")
    path = build_database(folder)
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


def test_tables_are_in_the_file(db):
    assert {
        r[0]
        for r in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
        ).fetchall()
    } == set(TABLES)


def test_claims_carry_speaker_and_document_date(db):
    rows = db.execute("SELECT speaker_name, document_date, year FROM claims_in_context ORDER BY char_start").fetchall()
    assert rows == [
        ("Viktor Ivanov", date(2013, 3, 11), 2012),
        ("Viktor Ivanov", date(2013, 3, 11), 2012),
        ("Viktor Ivanov", date(2013, 3, 11), 2013),
    ]


def test_claims_are_summed_by_measured_thing_and_period(db):
    assert db.execute("SELECT measured, n_claims, total_value FROM claims_by_measured_period").fetchall() == [
        ("heroin", 2, 4.0)
    ]


def test_entity_mentions_per_speaker(db):
    rows = db.execute(
        "SELECT speaker_id, entity_id, n_mentions FROM entity_mentions_per_speaker ORDER BY 1, 2"
    ).fetchall()
    assert rows == [("viktor-ivanov", "RUS", 2), ("viktor-ivanov", "TJK", 1), ("vladimir-putin", "RUS", 1)]


def test_entity_mentions_per_document(db):
    assert db.execute("SELECT entity_id, n_mentions FROM entity_mentions_per_document ORDER BY 1").fetchall() == [
        ("RUS", 3),
        ("TJK", 1),
    ]


def test_cooccurrence_counts_each_pair_once_per_turn(db):
    assert db.execute("SELECT entity_a, entity_b, n_turns FROM entity_cooccurrence").fetchall() == [("RUS", "TJK", 1)]


def test_the_same_tables_give_the_same_bytes(db, tmp_path):
    folder = next(
        iter(db.execute("SELECT path FROM duckdb_databases() WHERE database_name = 'transcripts'").fetchone())
    )
    processed = Path(folder).parent
    first = build_database(processed, tmp_path / "a" / "transcripts.duckdb").read_bytes()
    second = build_database(processed, tmp_path / "b" / "transcripts.duckdb").read_bytes()
    assert first == second


def test_a_file_that_is_not_a_duckdb_database_is_refused(tmp_path):
    from pipeline.database import derive_identifier

    path = tmp_path / "x.duckdb"
    path.write_bytes(b"\0" * 8192)
    with pytest.raises(RuntimeError, match="not the DuckDB header layout"):
        derive_identifier(path)
    assert path.read_bytes() == b"\0" * 8192
