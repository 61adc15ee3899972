"""Entity rows and what the whole document decides (pipeline.entities), with the English model where
a test goes through pipeline.entities_from_text."""

import pytest

from pipeline import entities_from_text
from pipeline.entities import (
    abbreviation_mentions,
    family_name,
    link_persons,
    resolve_ambiguous_countries,
    surname_mentions,
)

pytestmark = pytest.mark.model


def rows_of(df, label):
    return df[df["label"] == label]


# -- people ---------------------------------------------------------------------------------------------
def test_surname_links_to_the_full_name_in_the_same_text():
    df = entities_from_text("We met Veronika Skvortsova yesterday. Later Ms Skvortsova spoke to the press.")
    people = rows_of(df, "PERSON")
    assert set(people["entity_id"]) == {"veronika-skvortsova"}
    assert set(people["canonical_name"]) == {"Veronika Skvortsova"}


def test_a_demonym_used_as_an_adjective_is_not_a_person():
    df = entities_from_text("The Tajik side has reaffirmed its commitment.")
    assert rows_of(df, "PERSON").empty


def test_a_persons_id_is_the_speaker_id_of_the_same_name():
    df = entities_from_text("Yesterday I called Vladimir Putin about the harvest.")
    assert rows_of(df, "PERSON")["entity_id"].tolist() == ["vladimir-putin"]


def test_a_surname_alone_links_to_the_person_who_speaks_in_the_corpus():
    df = entities_from_text("Medvedev signed the decree on Friday.")
    assert rows_of(df, "PERSON")[["text", "entity_id"]].values.tolist() == [["Medvedev", "dmitry-medvedev"]]


def test_a_surname_of_a_corpus_speaker_is_a_person_where_the_model_says_org():
    df = entities_from_text("Kudrin believes the budget rule must stay.")
    assert ("Kudrin", "alexei-kudrin") in [tuple(x) for x in rows_of(df, "PERSON")[["text", "entity_id"]].values]


def test_speaker_names_link_surnames():
    rows = [{"label": "PERSON", "text": "Kudrin", "entity_id": "kudrin", "canonical_name": "Kudrin"}]
    assert link_persons(rows, ["Alexei Kudrin"])[0]["entity_id"] == "alexei-kudrin"


def test_a_surname_shared_by_two_people_of_the_document_is_not_linked():
    rows = [{"label": "PERSON", "text": "Ivanov", "entity_id": "ivanov", "canonical_name": "Ivanov"}]
    assert link_persons(rows, ["Sergei Ivanov", "Viktor Ivanov"])[0]["entity_id"] == "ivanov"


def test_a_family_name_keeps_its_particles():
    assert family_name("Ursula von der Leyen") == "von der Leyen"


def turn(text, start=0):
    return {"doc_id": "d", "turn_id": 0, "char_start": start, "text": text}


def test_a_speakers_surname_becomes_a_mention():
    text = "I agree with Gref on this."
    added = surname_mentions([turn(text)], [], ["German Gref"])
    assert [(a["text"], a["entity_id"]) for a in added] == [("Gref", "german-gref")]


def test_a_speaker_name_made_of_role_words_gives_no_mentions():
    added = surname_mentions([turn("The Governor said it.")], [], ["Tula Region Governor"])
    assert added == []


def test_a_speaker_name_with_a_country_in_it_gives_no_mentions():
    added = surname_mentions([turn("Thank you, Kirill.")], [], ["Russia Kirill"])
    assert added == []


def test_a_surname_after_another_first_name_is_someone_else():
    added = surname_mentions([turn("We thank Oleg Gref for this.")], [], ["German Gref"])
    assert added == []


def test_a_surname_two_named_people_share_alone_names_neither():
    # two people of one surname: 'Sokolova' alone is left to the model, whatever the order of the names
    for names in (["Irina Sokolova", "Maria Sokolova"], ["Maria Sokolova", "Irina Sokolova"]):
        added = surname_mentions([turn("Then Sokolova spoke.")], [], names)
        assert added == []


def test_a_common_word_surname_alone_is_not_taken_from_a_speaker_name():
    added = surname_mentions([turn("We may go in May.")], [], ["Theresa May"])
    assert added == []


# -- agencies -------------------------------------------------------------------------------------------
def agency_row(text, start, entity_id, canonical):
    return {
        "doc_id": "d",
        "turn_id": 0,
        "char_start": start,
        "char_end": start + len(text),
        "text": text,
        "label": "AGENCY",
        "entity_id": entity_id,
        "canonical_name": canonical,
        "entity_country": "RUS",
    }


def test_a_short_name_in_parentheses_names_the_same_body_later():
    text = "The Federal Tariff Board (Rostarif) agreed. Rostarif will publish it."
    rows = [agency_row("Federal Tariff Board", 4, "federal-tariff-board", "Federal Tariff Board")]
    added = abbreviation_mentions([turn(text)], rows)
    assert [(a["text"], a["char_start"], a["entity_id"]) for a in added] == [
        ("Rostarif", 26, "federal-tariff-board"),
        ("Rostarif", 44, "federal-tariff-board"),
    ]


def test_the_initials_of_a_body_named_in_the_document_name_it():
    text = "The Federal Forestry Inspectorate checked. Then the FFI fined them."
    rows = [agency_row("Federal Forestry Inspectorate", 4, "ffi-id", "Federal Forestry Inspectorate")]
    added = abbreviation_mentions([turn(text)], rows)
    assert [(a["text"], a["entity_id"], a["entity_country"]) for a in added] == [("FFI", "ffi-id", "RUS")]


def test_agencies_carry_their_country():
    df = entities_from_text("The Turkish Interior Ministry and the Federal Customs Service met.")
    agencies = rows_of(df, "AGENCY").set_index("text")
    assert agencies.loc["Interior Ministry", "entity_country"] == "TUR"
    assert agencies.loc["Federal Customs Service", "entity_country"] == "RUS"


def test_international_bodies_have_no_country():
    df = entities_from_text("The UN Security Council adopted a resolution.")
    row = df[df["text"] == "UN Security Council"].iloc[0]
    assert (row["label"], row["entity_id"], row["entity_country"]) == ("ORG", "un-security-council", None)


# -- countries ------------------------------------------------------------------------------------------
def test_countries_carry_iso3_and_canonical_names():
    df = entities_from_text("Talks with the UAE and the Russian Federation.")
    countries = rows_of(df, "COUNTRY").set_index("text")
    assert countries.loc["UAE", "entity_id"] == "ARE" and countries.loc["Russian Federation", "entity_id"] == "RUS"
    assert countries.loc["Russian Federation", "canonical_name"] == "Russian Federation"


def congo_row(start):
    return {
        "doc_id": "d",
        "turn_id": 0,
        "char_start": start,
        "char_end": start + 5,
        "text": "Congo",
        "label": "COUNTRY",
        "entity_id": "COD",
        "canonical_name": "Democratic Republic of the Congo",
    }


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("Our engineers went to Congo. The Brazzaville refinery needs them.", "COG"),
        ("Our engineers went to Congo. The Kinshasa grid needs them.", "COD"),
        ("Our engineers went to Congo. The Democratic Republic of the Congo needs them.", "COD"),
        ("Our engineers went to Congo. The Republic of the Congo needs them.", "COG"),
        ("Our engineers went to Congo last year.", "COD"),
    ],
)
def test_congo_is_the_state_the_document_points_to(text, iso3):
    rows = resolve_ambiguous_countries([congo_row(22)], [turn(text)])
    assert rows[0]["entity_id"] == iso3


def test_congo_resolution_reaches_entities_from_text():
    df = entities_from_text("Our engineers went to Congo. The Brazzaville refinery needs them.")
    assert rows_of(df, "COUNTRY")[["text", "entity_id"]].values.tolist() == [["Congo", "COG"]]
