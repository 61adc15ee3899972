"""Entity rows and linking with the English model (pipeline.entities_from_text)."""

import pytest

from pipeline import entities_from_text
from pipeline.entities import link_persons

pytestmark = pytest.mark.model


def test_surname_links_to_the_full_name_in_the_same_text():
    df = entities_from_text("We met Veronika Skvortsova yesterday. Later Ms Skvortsova spoke to the press.")
    people = df[df["label"] == "PERSON"]
    assert set(people["entity_id"]) == {"veronika-skvortsova"}
    assert set(people["canonical_name"]) == {"Veronika Skvortsova"}


def test_a_demonym_used_as_an_adjective_is_not_a_person():
    df = entities_from_text("The Tajik side has reaffirmed its commitment.")
    assert df[df["label"] == "PERSON"].empty


def test_countries_carry_iso3_and_canonical_names():
    df = entities_from_text("Talks with the UAE and the Russian Federation.")
    countries = df[df["label"] == "COUNTRY"].set_index("text")
    assert countries.loc["UAE", "entity_id"] == "ARE" and countries.loc["Russian Federation", "entity_id"] == "RUS"
    assert countries.loc["Russian Federation", "canonical_name"] == "Russian Federation"


def test_speaker_names_link_surnames():
    rows = [{"label": "PERSON", "text": "Kudrin", "entity_id": "kudrin", "canonical_name": "Kudrin"}]
    assert link_persons(rows, ["Alexei Kudrin"])[0]["entity_id"] == "alexei-kudrin"
