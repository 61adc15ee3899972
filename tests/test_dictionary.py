"""docs/data-dictionary.md is generated from the catalog and kept fresh."""

from pathlib import Path

from pipeline.database import VIEW_DESCRIPTIONS, VIEWS
from pipeline.dictionary import data_dictionary
from pipeline.schemas import TABLES

ROOT = Path(__file__).resolve().parents[1]


def test_data_dictionary_is_up_to_date():
    written = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert written == data_dictionary(), "run: python -m pipeline data-dictionary"


def test_the_dictionary_shows_keys_and_vocabularies():
    text = data_dictionary()
    assert "Key: `doc_id`, `turn_id`" in text
    assert "`lower_bound`" in text and "`stage_direction`" in text and "`CRIMINAL_GROUP`" in text
    assert all(f"## {name}" in text for name in TABLES)


def test_every_view_is_described():
    assert VIEWS.keys() == VIEW_DESCRIPTIONS.keys()
