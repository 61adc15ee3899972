"""The transcript_entities component on a blank pipeline (no statistical model): one behaviour a test."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

import pipeline.components  # noqa: F401


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("transcript_entities")
    return nlp


def ents(nlp, text):
    return [
        (e.text, e.label_, e.kb_id_)
        for e in nlp(text).ents
        if e.label_ in ("COUNTRY", "AGENCY", "CRIMINAL_GROUP", "PERSON")
    ]


@pytest.mark.parametrize(
    "text, mention, iso3",
    [
        ("Talks with the UAE went well.", "UAE", "ARE"),
        ("The USA and Russia agreed.", "USA", "USA"),
        ("The US and Russia agreed.", "US", "USA"),
        ("America will decide.", "America", "USA"),
        ("Britain left.", "Britain", "GBR"),
        ("The UK left.", "UK", "GBR"),
        ("The Russian Federation signed.", "Russian Federation", "RUS"),
        ("Trade with the Netherlands grew.", "Netherlands", "NLD"),
        ("Ivory Coast exports cocoa.", "Ivory Coast", "CIV"),
        ("The United Arab Emirates hosted it.", "United Arab Emirates", "ARE"),
        ("Guinea-Bissau voted.", "Guinea-Bissau", "GNB"),
    ],
)
def test_country_aliases_link_to_iso3(blank, text, mention, iso3):
    found = ents(blank, text)
    assert any(m == mention or mention in m for m, label, code in found if label == "COUNTRY" and code == iso3), found


@pytest.mark.parametrize(
    "text, not_country",
    [
        ("He flew to New Mexico.", "Mexico"),
        ("He flew to Mexico City.", "Mexico"),
        ("Guinea-Bissau voted.", "Guinea"),
        ("The Russian side agreed.", "Russian"),
        ("Afghan and Nicaraguan officials met.", "Afghan"),
    ],
)
def test_word_boundary_traps(blank, text, not_country):
    assert not [e for e in ents(blank, text) if e[0] == not_country and e[1] == "COUNTRY"]


def test_puerto_rico_is_not_a_sovereign_state(blank):
    assert not [e for e in ents(blank, "Puerto Rico is an island.") if e[1] == "COUNTRY"]


@pytest.mark.parametrize(
    "first, second",
    [
        ("Ministry of Finance", "Finance Ministry"),
        ("Ministry of Healthcare", "Healthcare Ministry"),
        ("Ministry of Internal Affairs", "Interior Ministry"),
    ],
)
def test_both_ministry_spellings_get_one_id(blank, first, second):
    a = [e for e in ents(blank, f"The {first} agreed.") if e[1] == "AGENCY"]
    b = [e for e in ents(blank, f"The {second} agreed.") if e[1] == "AGENCY"]
    assert a and b and a[0][2] == b[0][2]


@pytest.mark.parametrize(
    "text, mention, label",
    [
        ("The Labour and Social Protection Ministry helps.", "Labour and Social Protection Ministry", "AGENCY"),
        ("The Federal Drug Control Service reported.", "Federal Drug Control Service", "AGENCY"),
        ("The FBI and the DEA helped.", "FBI", "AGENCY"),
        (
            "the Russian-US presidential anti-drug commission met",
            "Russian-US presidential anti-drug commission",
            "AGENCY",
        ),
        ("We convicted the Mikhailov criminal group.", "Mikhailov criminal group", "CRIMINAL_GROUP"),
        ("He worked for the drug cartel Los Zetas.", "Los Zetas", "CRIMINAL_GROUP"),
        ("The Sinaloa cartel is large.", "Sinaloa cartel", "CRIMINAL_GROUP"),
        ("It was agreed with Ms Skvortsova.", "Skvortsova", "PERSON"),
    ],
)
def test_agencies_groups_and_people(blank, text, mention, label):
    assert (mention, label) in [(m, lab) for m, lab, _ in ents(blank, text)]


def test_demonym_does_not_open_a_group_name(blank):
    assert ("Mexican drug cartel", "CRIMINAL_GROUP") not in [
        (m, lab) for m, lab, _ in ents(blank, "a Mexican drug cartel")
    ]


@Language.component("fake_model_ner")
def fake_model_ner(doc):
    """Stands in for the statistical model and makes its usual mistakes."""
    spans = []
    for label, word in (("ORG", "UAE"), ("GPE", "Zetas"), ("ORG", "Ministry")):
        for t in doc:
            if t.text == word:
                start = t.i - 1 if word in ("Zetas", "Ministry") else t.i
                spans.append(Span(doc, start, t.i + 1, label=label))
    doc.ents = spacy.util.filter_spans(spans)
    return doc


@pytest.mark.parametrize(
    "text, mention, label",
    [
        ("We met the UAE delegation.", "UAE", "COUNTRY"),
        ("Los Zetas operate there.", "Los Zetas", "CRIMINAL_GROUP"),
        ("The Interior Ministry acted.", "Interior Ministry", "AGENCY"),
    ],
)
def test_model_mistakes_are_corrected(text, mention, label):
    nlp = spacy.blank("en")
    nlp.add_pipe("fake_model_ner")
    nlp.add_pipe("transcript_entities")
    assert (mention, label) in [(e.text, e.label_) for e in nlp(text).ents]


def test_save_and_load(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("transcript_entities", config={"extra_groups": {"test-gang": ["Blue Lotus"]}})
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert [(e.text, e.label_, e.kb_id_) for e in loaded("Blue Lotus and Kenya.").ents] == [
        ("Blue Lotus", "CRIMINAL_GROUP", "test-gang"),
        ("Kenya", "COUNTRY", "KEN"),
    ]
