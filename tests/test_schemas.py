"""The catalog: each table's schema written once, and rows that break it refused loudly."""

import pyarrow.parquet as pq
import pytest

from pipeline.io import record_batch, write_table
from pipeline.schemas import TABLES, TableError

CLAIM = {
    "doc_id": "d",
    "turn_id": 0,
    "char_start": 10,
    "char_end": 19,
    "text": "2.5 tons",
    "value": 2.5,
    "qualifier": "exact",
    "unit": "tonne",
    "dimension": "mass",
    "kind": "level",
    "entity_ids": [],
    "editorial": False,
    "corrected": False,
}


def _claims(*changes: dict) -> list[dict]:
    base = {c: None for c in TABLES["claims"].names} | CLAIM
    return [base | change for change in changes]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_column_has_a_description(name):
    assert all(len(c.description) > 10 for c in TABLES[name].columns)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_declares_a_key_of_its_own_non_null_columns(name):
    table = TABLES[name]
    assert table.key and all(not table.column(k).nullable for k in table.key)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_parquet_files_carry_the_descriptions(name, tmp_path):
    table = TABLES[name]
    schema = pq.read_schema(write_table([], table, tmp_path / f"{name}.parquet"))
    assert schema.metadata[b"description"].decode() == table.description
    assert [schema.field(c.name).metadata[b"description"].decode() for c in table.columns] == [
        c.description for c in table.columns
    ]


def test_rows_that_keep_the_catalog_pass():
    TABLES["claims"].validate(
        record_batch(_claims({}, {"char_start": 30, "char_end": 35, "kind": "change"}), TABLES["claims"])
    )


@pytest.mark.parametrize(
    "change, broken",
    [
        ({"kind": "levle"}, "column 'kind' fails isin"),
        ({"qualifier": "about"}, "column 'qualifier' fails isin"),
        ({"direction": "sideways"}, "column 'direction' fails isin"),
        ({"dimension": "vibes"}, "column 'dimension' fails isin"),
        ({"text": None}, "column 'text' fails not_nullable"),
        ({"char_start": -1}, "column 'char_start' fails greater_than_or_equal_to(0)"),
        ({"char_start": 25}, "char_start <= char_end"),
        ({"measured_start": 8, "measured_end": 3}, "measured_start <= measured_end"),
    ],
)
def test_a_row_that_breaks_the_catalog_is_refused(change, broken):
    with pytest.raises(TableError, match=r"^claims: .*" + broken.replace("(", r"\(").replace(")", r"\)")):
        TABLES["claims"].validate(record_batch(_claims(change), TABLES["claims"]))


def test_two_rows_with_the_same_key_are_refused(tmp_path):
    with pytest.raises(TableError, match="multiple_fields_uniqueness"):
        write_table(_claims({}, {"value": 3.0}), TABLES["claims"], tmp_path / "claims.parquet")
    assert not (tmp_path / "claims.parquet").exists()


def test_a_part_of_a_table_is_checked_without_its_key():
    TABLES["claims"].validate(record_batch(_claims({}, {"value": 3.0}), TABLES["claims"]), check_key=False)


def test_a_fraction_in_an_integer_column_is_refused():
    with pytest.raises(TableError, match="'char_start' holds a fraction"):
        record_batch(_claims({"char_start": 10.5}), TABLES["claims"])


def test_the_entity_labels_are_the_projects_and_the_models():
    labels = TABLES["entities"].column("label").values
    assert labels[:4] == ("COUNTRY", "AGENCY", "CRIMINAL_GROUP", "PERSON") and "GPE" in labels
    assert len(set(labels)) == len(labels)
