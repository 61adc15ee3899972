"""Each table's schema, written once: the data dictionary and the Parquet metadata come from it."""

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.database import VIEW_DESCRIPTIONS, VIEWS
from pipeline.io import write_table
from pipeline.schemas import TABLES, data_dictionary

ROOT = Path(__file__).resolve().parents[1]


def test_data_dictionary_is_up_to_date():
    written = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert written == data_dictionary(), "run: python -m pipeline data-dictionary"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_column_has_a_description(name):
    assert all(len(c.description) > 10 for c in TABLES[name].columns)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_parquet_files_carry_the_descriptions(name, tmp_path):
    table = TABLES[name]
    schema = pq.read_schema(write_table([], table, tmp_path / f"{name}.parquet"))
    assert schema.metadata[b"description"].decode() == table.description
    assert [schema.field(c.name).metadata[b"description"].decode() for c in table.columns] == [
        c.description for c in table.columns
    ]


def test_every_view_is_described():
    assert VIEWS.keys() == VIEW_DESCRIPTIONS.keys()
