"""Series: which claims are one statistic, what a chart shows of them, and where they disagree."""

from datetime import date

import duckdb
import pandas as pd
import pytest

from pipeline.database import build_database
from pipeline.io import write_table
from pipeline.schemas import CLAIMS, DOCUMENTS, ENTITIES, SPEAKERS, TABLES, TURNS
from pipeline.series import (
    build_series,
    contradictions,
    demonyms,
    entity_keys,
    measured_things,
    observations,
    series_id_of,
    series_nlp,
)


@pytest.fixture(scope="module")
def nlp():
    return series_nlp()


def lemmas(nlp, *phrases: str) -> list:
    things = measured_things(phrases, nlp)
    return [things[p].lemmas if things[p] else None for p in phrases]


# -- what is measured ----------------------------------------------------------------------------
def test_the_same_thing_in_different_words_is_one_thing(nlp):
    found = lemmas(
        nlp, "cocaine seizures", "the seizures of cocaine", "seized cocaine", "the number of seizures of cocaine"
    )
    assert len(set(found)) == 1 and found[0] == ("cocaine", "seizure")


def test_a_participle_is_read_as_its_noun_only_when_the_corpus_uses_the_noun(nlp):
    alone = lemmas(nlp, "seized cocaine")[0]
    assert alone == ("cocaine", "seize")  # no 'cocaine seizures' among the phrases: kept as written


def test_different_things_with_the_same_head_stay_apart(nlp):
    found = lemmas(nlp, "wheat exports", "timber exports", "wheat production", "wheat products")
    assert len(set(found)) == 4


def test_measure_nouns_and_words_of_time_are_read_through(nlp):
    assert lemmas(nlp, "the unemployment rate", "the level of unemployment", "unemployment") == [("unemployment",)] * 3
    assert (
        lemmas(nlp, "the volume of timber exports", "last year's timber exports", "timber exports")
        == [("export", "timber")] * 3
    )


def test_an_owner_named_in_the_phrase_is_its_scope_not_its_thing(nlp):
    thing = measured_things(["Norway's fish exports"], nlp)["Norway's fish exports"]
    assert thing.lemmas == ("export", "fish") and thing.scope_text == "Norway"


# -- grouping ------------------------------------------------------------------------------------
def _doc(doc_id: str, day: date, title: str = "Meeting on economic issues") -> dict:
    row = dict.fromkeys(DOCUMENTS.names)
    row.update(doc_id=doc_id, source_path=f"{doc_id}.txt", sha256="x", title=title, date=day, n_turns=1, n_words=50)
    return row


def _claim(doc_id: str, sentence: str, text: str, value: float, unit: str, measured: str, **fields) -> dict:
    start = 100 + sentence.index(text)
    row = dict.fromkeys(CLAIMS.names)
    row.update(
        doc_id=doc_id,
        turn_id=0,
        speaker_id=fields.pop("speaker_id", "anna-petrova"),
        char_start=start,
        char_end=start + len(text),
        text=text,
        sentence=sentence,
        value=value,
        qualifier="exact",
        unit=unit,
        dimension={"tonne": "mass", "kilogram": "mass", "percent": "ratio", "count": "count"}.get(unit, "currency"),
        si_unit="kilogram" if unit in ("tonne", "kilogram") else None,
        value_si=value * (1000 if unit == "tonne" else 1) if unit in ("tonne", "kilogram") else None,
        measured=measured,
        kind="level",
        period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31),
        entity_ids=[],
        editorial=False,
        corrected=False,
    )
    row.update(fields)
    return row


DOCS = pd.DataFrame(
    [_doc("a", date(2020, 2, 1)), _doc("b", date(2020, 6, 1)), _doc("c", date(2021, 3, 1))], columns=DOCUMENTS.names
)
NO_ENTITIES = pd.DataFrame(columns=ENTITIES.names)
NO_TURNS = pd.DataFrame(columns=TURNS.names)


def _series(nlp, rows, entities=NO_ENTITIES, documents=DOCS):
    claims = pd.DataFrame(rows, columns=CLAIMS.names)
    return build_series(claims, entities, NO_TURNS, documents, nlp=nlp)


def test_claims_of_one_statistic_in_two_documents_form_a_series(nlp):
    rows = [
        _claim("a", "Cocaine seizures reached 4 tonnes last year.", "4 tonnes", 4, "tonne", "Cocaine seizures"),
        _claim(
            "b", "Officers seized 3,900 kilograms of cocaine.", "3,900 kilograms", 3900, "kilogram", "seized cocaine"
        ),
    ]
    series, ids = _series(nlp, rows)
    assert ids.notna().all() and ids.nunique() == 1
    row = series.iloc[0]
    assert (row["unit"], row["kind"], row["n_claims"], row["n_documents"]) == ("kilogram", "level", 2, 2)


def test_incompatible_units_make_different_statistics(nlp):
    rows = [
        _claim("a", "Timber exports were 2 million tonnes.", "2 million tonnes", 2e6, "tonne", "timber exports"),
        _claim("b", "Timber exports were $900 million.", "$900 million", 9e8, "USD", "timber exports"),
    ]
    series, ids = _series(nlp, rows)
    assert ids.isna().all() and series.empty  # one claim per unit: neither stands in two documents


def test_the_same_figure_repeated_in_one_document_is_not_a_series(nlp):
    sentence = "The unemployment rate was 5 percent."
    rows = [_claim("a", sentence, "5 percent", 5, "percent", "unemployment rate")] * 2
    assert _series(nlp, rows)[1].isna().all()


def test_a_count_of_people_is_not_a_statistic_across_meetings(nlp):
    rows = [
        _claim("a", "Some 300 people came to the hall in 2019.", "300", 300, "count", "people"),
        _claim("b", "We employed 300 people in 2019.", "300", 300, "count", "people"),
    ]
    assert _series(nlp, rows)[1].isna().all()


def test_a_share_of_a_whole_and_an_attribute_of_something_else_are_left_out(nlp):
    rows = [
        _claim("a", "In 2019, 40 percent of the population took part.", "40 percent", 40, "percent", "population"),
        _claim("b", "In 2019, 40 percent of the population voted.", "40 percent", 40, "percent", "population"),
        _claim("a", "A plant with a capacity of 5 tonnes opened in 2019.", "5 tonnes", 5, "tonne", "plant capacity"),
        _claim("b", "A plant with a capacity of 5 tonnes closed in 2019.", "5 tonnes", 5, "tonne", "plant capacity"),
    ]
    assert _series(nlp, rows)[1].isna().all()


def _country(doc_id: str, sentence: str, name: str, iso: str) -> dict:
    start = 100 + sentence.index(name)
    row = dict.fromkeys(ENTITIES.names)
    row.update(doc_id=doc_id, turn_id=0, char_start=start, char_end=start + len(name), text=name)
    row.update(label="COUNTRY", entity_id=iso, canonical_name=name, source="gazetteer")
    return row


def test_a_country_named_in_the_sentence_makes_another_statistic(nlp):
    s_a, s_b = "Trade with Chile grew by 10 percent in 2019.", "Trade with Peru grew by 12 percent in 2019."
    s_c = "Trade with Chile grew by 11 percent in 2019, Chile says."
    rows = [
        _claim(d, s, t, v, "percent", "Trade", kind="change", direction="up")
        for d, s, t, v in (("a", s_a, "10 percent", 10), ("b", s_b, "12 percent", 12), ("c", s_c, "11 percent", 11))
    ]
    home = "Norway is at home. Norway, Norway."  # the country the corpus names most: the speakers' own
    entities = pd.DataFrame(
        [_country("a", s_a, "Chile", "CHL"), _country("b", s_b, "Peru", "PER"), _country("c", s_c, "Chile", "CHL")]
        + [{**_country("b", home, "Norway", "NOR"), "char_start": 900 + i, "char_end": 906 + i} for i in range(3)],
        columns=ENTITIES.names,
    )
    series, ids = _series(nlp, rows, entities)
    assert list(ids.notna()) == [True, False, True] and series.iloc[0]["scope_entity_id"] == "CHL"


def test_series_ids_come_from_the_key_not_from_the_order_of_rows(nlp):
    rows = [
        _claim("a", "The unemployment rate was 5 percent in 2019.", "5 percent", 5, "percent", "unemployment rate"),
        _claim("b", "In 2019 unemployment was 5.2 percent.", "5.2 percent", 5.2, "percent", "unemployment"),
        _claim("c", "Timber exports were 2 million tonnes.", "2 million tonnes", 2e6, "tonne", "timber exports"),
    ]
    _, forward = _series(nlp, rows)
    _, backward = _series(nlp, rows[::-1])
    assert list(forward) == list(backward[::-1]) and forward.iloc[0] == series_id_of("unemployment|percent|level|")


# -- observations and contradictions ---------------------------------------------------------------
def _in_series(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{**r, "series_id": "cocaine"} for r in rows], columns=CLAIMS.names)


def test_observations_give_base_units_signed_changes_and_the_meeting_date_without_a_period():
    claims = _in_series(
        [
            _claim("a", "Seizures were 4 tonnes.", "4 tonnes", 4, "tonne", "seizures"),
            _claim(
                "b", "Seizures fell by 2 tonnes.", "2 tonnes", 2, "tonne", "seizures", kind="change", direction="down"
            ),
            _claim(
                "c", "Seizures are 3 tonnes.", "3 tonnes", 3, "tonne", "seizures", period_start=None, period_end=None
            ),
        ]
    )
    obs = observations(claims, DOCS).set_index("doc_id")
    assert list(obs["value"]) == [4000, -2000, 3000] and set(obs["unit"]) == {"kilogram"}
    assert (obs.loc["c", "period_start"], bool(obs.loc["c", "period_stated"])) == (date(2021, 3, 1), False)


def test_claims_of_the_same_period_far_apart_are_flagged_and_bounds_that_fit_are_not():
    claims = _in_series(
        [
            _claim("a", "Seizures were 4 tonnes.", "4 tonnes", 4, "tonne", "seizures"),
            _claim("b", "Seizures were 6 tonnes.", "6 tonnes", 6, "tonne", "seizures"),
            _claim(
                "c", "Seizures were over 5 tonnes.", "over 5 tonnes", 5, "tonne", "seizures", qualifier="lower_bound"
            ),
        ]
    )
    flags = contradictions(observations(claims, DOCS), claims, tolerance=0.1)
    assert [(f["a_doc_id"], f["b_doc_id"]) for f in flags.to_dict("records")] == [("a", "b"), ("a", "c")]
    assert flags.iloc[0]["relative_difference"] == pytest.approx(2 / 6)


def test_the_duckdb_view_gives_the_same_observations(tmp_path):
    claims = _in_series(
        [
            _claim("a", "Seizures were 4 tonnes.", "4 tonnes", 4, "tonne", "seizures"),
            _claim("b", "Seizures fell by half.", "half", 0.5, "fraction", "seizures", kind="change", direction="down"),
        ]
    )
    for name, frame in {"claims": claims, "documents": DOCS}.items():
        write_table(frame, TABLES[name], tmp_path / f"{name}.parquet")
    for table in (TURNS, ENTITIES, SPEAKERS, TABLES["segments"], TABLES["series"], TABLES["problems"]):
        write_table([], table, tmp_path / f"{table.name}.parquet")
    with duckdb.connect(str(build_database(tmp_path)), read_only=True) as con:
        view = con.execute(
            "SELECT doc_id, value, unit, period_start FROM series_observations ORDER BY doc_id"
        ).fetchall()
    expected = observations(claims, DOCS)[["doc_id", "value", "unit", "period_start"]]
    assert (
        view
        == [tuple(r) for r in expected.itertuples(index=False)]
        == [
            ("a", 4000.0, "kilogram", date(2019, 1, 1)),
            ("b", -50.0, "percent", date(2019, 1, 1)),
        ]
    )


def test_a_claim_that_names_no_place_takes_the_country_its_document_is_about(nlp):
    docs = pd.DataFrame(
        [
            _doc("a", date(2018, 3, 1), "Talks with Federal Chancellor of Austria"),
            _doc("b", date(2019, 5, 1), "News conference following talks with the President of Austria"),
            _doc("c", date(2019, 6, 1), "Talks with the President of Chile"),
        ],
        columns=DOCUMENTS.names,
    )
    sentence = "Last year our trade grew by {} percent."
    rows = [
        _claim(d, sentence.format(v), f"{v} percent", v, "percent", "trade", kind="change", direction="up")
        for d, v in (("a", 40), ("b", 42), ("c", 12))
    ]
    # the corpus reports trade for foreign countries too, which makes it a thing a document's country owns
    chile = "Trade with Chile grew by 10 percent in 2019."
    rows.append(_claim("c", chile, "10 percent", 10, "percent", "trade", kind="change", direction="up"))
    home = "Norway is at home. Norway, Norway."
    entities = pd.DataFrame(
        [_country("c", chile, "Chile", "CHL")]
        + [{**_country("b", home, "Norway", "NOR"), "char_start": 900 + i, "char_end": 906 + i} for i in range(3)],
        columns=ENTITIES.names,
    )
    series, ids = _series(nlp, rows, entities, documents=docs)
    assert list(ids.notna()) == [True, True, False, False] and series.iloc[0]["scope_entity_id"] == "AUT"


def test_a_national_figure_is_not_read_from_a_meeting_about_one_region(nlp):
    docs = pd.DataFrame(
        [
            _doc("a", date(2018, 3, 1), "Meeting on economic issues"),
            _doc("b", date(2019, 5, 1), "Meeting with Government members"),
            _doc("c", date(2019, 6, 1), "Meeting on the development of Samara Region"),
        ],
        columns=DOCUMENTS.names,
    )
    sentence = "In 2019 industrial production grew by {} percent."
    rows = [
        _claim(d, sentence.format(v), f"{v} percent", v, "percent", "industrial production", kind="change")
        for d, v in (("a", 3), ("b", 2), ("c", 16))
    ]
    _, ids = _series(nlp, rows, documents=docs)
    assert list(ids.notna()) == [True, True, False]  # the region's 16 percent may be its own


# -- scope: adjectives, regions, products, owners; what is not a figure of the statistic -------------
def test_a_country_s_adjective_and_its_name_are_one_scope():
    assert demonyms()["Austrian"] == demonyms()["Austrians"] == "AUT"
    assert (demonyms()["Chinese"], demonyms()["Turkish"], demonyms()["French"]) == ("CHN", "TUR", "FRA")
    assert entity_keys(None, "Russian-Chinese") == {"RUS", "CHN"} and entity_keys(None, "Rostec") == {"rostec"}


def test_a_form_two_countries_would_share_is_not_guessed():
    assert "Congolese" not in demonyms()  # the Congo or the Democratic Republic of the Congo


def _norp(doc_id: str, sentence: str, text: str) -> dict:
    return {**_country(doc_id, sentence, text, None), "label": "NORP", "entity_id": None, "source": "model"}


def test_exports_named_by_the_adjective_join_those_named_by_the_country(nlp):
    s_a, s_b = "Austrian exports to Peru grew by 10 percent in 2019.", "Exports of Austria grew by 12 percent in 2018."
    rows = [
        _claim("a", s_a, "10 percent", 10, "percent", "Austrian exports", kind="change"),
        _claim("b", s_b, "12 percent", 12, "percent", "Exports of Austria", kind="change"),
    ]
    home = "Norway is at home. Norway, Norway."  # the country the corpus names most: the speakers' own
    entities = pd.DataFrame(
        [_norp("a", s_a, "Austrian"), _country("b", s_b, "Austria", "AUT")]
        + [{**_country("b", home, "Norway", "NOR"), "char_start": 900 + i, "char_end": 906 + i} for i in range(3)],
        columns=ENTITIES.names,
    )
    series, ids = _series(nlp, rows, entities)
    assert ids.notna().all() and series.iloc[0]["scope_entity_id"] == "AUT"


def test_bilateral_trade_is_trade_with_the_country_named(nlp):
    s_a, s_b = (
        "Our bilateral trade with Chile grew by 10 percent in 2019.",
        "Trade with Chile grew by 8 percent in 2018.",
    )
    rows = [
        _claim("a", s_a, "10 percent", 10, "percent", "bilateral trade", kind="change"),
        _claim("b", s_b, "8 percent", 8, "percent", "Trade", kind="change"),
    ]
    entities = pd.DataFrame(
        [_country("a", s_a, "Chile", "CHL"), _country("b", s_b, "Chile", "CHL")], columns=ENTITIES.names
    )
    assert _series(nlp, rows, entities)[1].nunique() == 1


NATIONAL = [
    ("a", "In 2019 the VAT rate was 20 percent.", "20 percent", 20, "VAT rate"),
    ("b", "In 2018 the VAT rate stood at 18 percent.", "18 percent", 18, "VAT rate"),
]


@pytest.mark.parametrize(
    "sentence, text, why",
    [
        ("In 2019 the VAT rate for these products fell to 10 percent.", "10 percent", "a product's rate"),
        ("In 2019 a VAT of 10 percent on fruit was enacted.", "10 percent", "a product's rate"),
        ("In 2019, in 56 of 85 regions the VAT rate was 10 percent.", "10 percent", "some regions"),
        ("In 2019 your VAT rate was 10 percent.", "10 percent", "an owner named by a pronoun"),
        ("As we support this industry, in 2019 the VAT rate was 10 percent.", "10 percent", "one industry"),
    ],
)
def test_a_figure_for_a_product_some_places_or_an_unnamed_owner_stays_out_of_the_national_series(
    nlp, sentence, text, why
):
    measured = "VAT" if "VAT of" in sentence else "VAT rate"
    rows = [_claim(d, s, t, v, "percent", m) for d, s, t, v, m in NATIONAL]
    rows.append(_claim("c", sentence, text, 10, "percent", measured))
    assert list(_series(nlp, rows)[1].notna()) == [True, True, False], why


def test_a_goal_and_a_topic_from_another_sentence_are_not_figures_of_the_series(nlp):
    rows = [_claim(d, s, t, v, "percent", m) for d, s, t, v, m in NATIONAL]
    rows.append(
        _claim("c", "We set the goal of a VAT rate of 15 percent by 2024.", "15 percent", 15, "percent", "VAT rate")
    )
    rows.append(_claim("c", "It was 19 percent in 2017.", "19 percent", 19, "percent", "VAT rate"))
    assert list(_series(nlp, rows)[1].notna()) == [True, True, False, False]


def test_an_amount_ten_times_off_the_series_is_another_statistic(nlp):
    sentence = "In {} our trade with Chile reached {}."
    rows = [
        _claim(d, sentence.format(y, t), t, v, "USD", "trade", period_start=date(y, 1, 1), period_end=date(y, 12, 31))
        for d, y, t, v in (
            ("a", 2017, "$4 billion", 4e9),
            ("b", 2018, "$5 billion", 5e9),
            ("c", 2019, "$400 billion", 4e11),
        )
    ]
    entities = pd.DataFrame(
        [_country(r["doc_id"], r["sentence"], "Chile", "CHL") for r in rows], columns=ENTITIES.names
    )
    assert list(_series(nlp, rows, entities)[1].notna()) == [True, True, False]


def test_a_forecast_without_a_period_is_no_figure_of_the_series_and_a_dated_one_stays(nlp):
    rows = [_claim(d, s, t, v, "percent", m) for d, s, t, v, m in NATIONAL]
    rows.append(
        _claim(
            "c",
            "If reforms succeed, the VAT rate will fall to 15 percent.",
            "15 percent",
            15,
            "percent",
            "VAT rate",
            period_start=None,
            period_end=None,
        )
    )
    rows.append(_claim("c", "The VAT rate will be 19 percent in 2017.", "19 percent", 19, "percent", "VAT rate"))
    assert list(_series(nlp, rows)[1].notna()) == [True, True, False, True]
