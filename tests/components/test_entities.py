"""The transcript_entities component on a blank pipeline (no statistical model): one behaviour a test."""

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

import pipeline.components  # noqa: F401


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("transcript_entities")
    return nlp


def ents(nlp, text):
    return [
        (e.text, e.label_, e.kb_id_)
        for e in nlp(text).ents
        if e.label_ in ("COUNTRY", "AGENCY", "CRIMINAL_GROUP", "PERSON", "ORG")
    ]


def info(nlp, text, mention):
    doc = nlp(text)
    ent = next(e for e in doc.ents if e.text == mention)
    return ent, doc.user_data["entity_info"][f"{ent.start_char}:{ent.end_char}"]


# -- countries ------------------------------------------------------------------------------------------
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
    "text",
    [
        "Deputies from United Russia voted for the bill.",  # a party
        "The leader of A Just Russia spoke next.",  # a party
        "Exports to Latin America doubled.",  # a region
        "She works for Russia Today in Berlin.",  # a broadcaster
        "The Bank of Russia cut its key rate.",  # a body
        "We celebrate Russia Day every June.",  # a holiday
        "Trade with Southern Russia grew.",  # a region
    ],
)
def test_a_country_inside_a_longer_name_is_no_country_mention(blank, text):
    assert not [e for e in ents(blank, text) if e[1] == "COUNTRY"], ents(blank, text)


@pytest.mark.parametrize(
    "text, mention",
    [
        ("The US Embassy issued visas.", "US"),  # an abbreviation used as an attribute
        ("In May Russia hosted the talks.", "Russia"),  # a month is no part of a name
        ("Yesterday Russia signed it.", "Russia"),  # a sentence-initial common word neither
        ("I met the President of Tajikistan Emomali Rahmon.", "Tajikistan"),  # a title with a name after it
        ("He said: “The Russian Federation leads.”", "Russian Federation"),  # a determiner is no name word
        ("Dear friends,\nEnsuring Russia’s defence comes first.", "Russia"),  # a paragraph starts
        ("Nazi Germany attacked in 1941.", "Nazi Germany"),  # a state by its period name
    ],
)
def test_a_country_next_to_other_capitalised_words_is_still_a_country(blank, text, mention):
    assert (mention, "COUNTRY") in [(m, lab) for m, lab, _ in ents(blank, text)]


def test_bare_congo_gets_the_default_state_in_one_turn(blank):
    assert ("Congo", "COUNTRY", "COD") in ents(blank, "Our doctors worked in Congo.")


# -- agencies -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "first, second",
    [
        ("Ministry of Finance", "Finance Ministry"),
        ("Ministry of Healthcare", "Healthcare Ministry"),
        ("Ministry of Internal Affairs", "Interior Ministry"),
        ("Ministry of Transport", "Transport Ministry"),
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


@pytest.mark.parametrize(
    "text, mention, entity_id",
    [
        ("Rospotrebnadzor closed two shops.", "Rospotrebnadzor", "federal-consumer-rights-service"),
        ("Inspectors from Roszdravnadzor came.", "Roszdravnadzor", "federal-healthcare-supervision-service"),
        ("Rosfinmonitoring traced the money.", "Rosfinmonitoring", "federal-financial-monitoring-service"),
        ("Officers of Rosgvardia guarded it.", "Rosgvardia", "national-guard"),
        ("According to Rosstat, prices rose.", "Rosstat", "federal-statistics-service"),
    ],
)
def test_one_word_russian_services_are_agencies(blank, text, mention, entity_id):
    assert (mention, "AGENCY", entity_id) in ents(blank, text)


def test_a_ros_nadzor_word_missing_from_the_knowledge_base_is_a_supervision_service(blank):
    assert ("Rosleskhoznadzor", "AGENCY", "rosleskhoznadzor") in ents(blank, "Rosleskhoznadzor fined the mill.")


@pytest.mark.parametrize("company", ["Rosneft", "Rostec", "Rosatom", "Rostelecom"])
def test_ros_companies_are_not_agencies(blank, company):
    assert not [e for e in ents(blank, f"We discussed it with {company} yesterday.") if e[1] == "AGENCY"]


@pytest.mark.parametrize(
    "text, mention, entity_id",
    [
        ("The Duma passed the law.", "Duma", "state-duma"),
        ("The Pentagon asked for money.", "Pentagon", "us-department-of-defense"),
        ("We met the FCS yesterday.", "FCS", "federal-customs-service"),
        ("The Treasury paid the regions.", "Treasury", "federal-treasury"),
        ("Data from the National Defence Control Centre arrived.", "National Defence Control Centre", None),
    ],
)
def test_other_state_bodies(blank, text, mention, entity_id):
    found = [(m, e) for m, lab, e in ents(blank, text) if lab == "AGENCY"]
    assert any(m == mention and (entity_id is None or e == entity_id) for m, e in found), found


def test_a_one_word_body_name_inside_a_longer_name_is_the_longer_body(blank):
    assert ("Tver City Duma", "AGENCY", "tver-city-duma") in ents(blank, "The Tver City Duma met.")


def test_a_two_word_body_name_inside_a_longer_name_is_the_longer_body(blank):
    assert ("Supreme State Council", "AGENCY", "supreme-state-council") in ents(
        blank, "We are ready for the Supreme State Council."
    )


def test_a_body_name_before_another_word_is_still_the_body(blank):
    assert ("Defence Ministry", "AGENCY", "defence-ministry") in ents(blank, "The Defence Ministry Board met.")


def test_a_crisis_management_centre_is_a_body_and_a_research_centre_is_not(blank):
    found = ents(blank, "The National Crisis Management Centre and the National Research Centre replied.")
    assert [m for m, lab, _ in found if lab == "AGENCY"] == ["National Crisis Management Centre"]


def test_coordinated_ministries_are_one_agency_each_pointing_at_their_words(blank):
    text = "We asked the Sport, Culture and Education ministries."
    found = [(m, e) for m, lab, e in ents(blank, text) if lab == "AGENCY"]
    assert found == [
        ("Sport", "sport-ministry"),
        ("Culture", "culture-ministry"),
        ("Education ministries", "education-ministry"),
    ]


def test_ministries_of_a_list_are_one_agency_each(blank):
    found = [m for m, lab, _ in ents(blank, "Ministries of Energy and Agriculture signed.") if lab == "AGENCY"]
    assert found == ["Energy", "Agriculture"]


def test_coordinated_courts_link_to_the_knowledge_base(blank):
    found = [e for _, lab, e in ents(blank, "Judges of the Constitutional and Supreme courts came.") if lab == "AGENCY"]
    assert found == ["constitutional-court", "supreme-court"]


def test_a_singular_head_after_and_is_one_body(blank):
    found = [m for m, lab, _ in ents(blank, "The Labour and Social Protection Ministry agreed.") if lab == "AGENCY"]
    assert found == ["Labour and Social Protection Ministry"]


def test_a_second_body_after_and_is_cut_off(blank):
    found = [m for m, lab, _ in ents(blank, "It awaits the Ministry of Energy and Rosreestr.") if lab == "AGENCY"]
    assert found == ["Ministry of Energy", "Rosreestr"]


# -- whose body ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, mention, entity_id",
    [
        ("The UN Security Council met.", "UN Security Council", "un-security-council"),
        ("The European Central Bank kept rates.", "European Central Bank", "european-central-bank"),
        ("The International Olympic Committee decided.", "International Olympic Committee", "ioc"),
        ("The UN Office on Drugs and Crime reported.", "UN Office on Drugs and Crime", "unodc"),
    ],
)
def test_international_bodies_are_orgs_without_a_country(blank, text, mention, entity_id):
    ent, extra = info(blank, text, mention)
    assert (ent.label_, ent.kb_id_, extra["country"]) == ("ORG", entity_id, None)


def test_a_bare_security_council_in_a_sentence_about_the_un_is_the_uns(blank):
    ent, extra = info(blank, "Only the Security Council can adopt a resolution on this.", "Security Council")
    assert (ent.label_, ent.kb_id_, extra["country"]) == ("ORG", "un-security-council", None)


def test_a_bare_security_council_elsewhere_is_russias(blank):
    ent, extra = info(blank, "The Security Council will meet on Friday.", "Security Council")
    assert (ent.label_, ent.kb_id_, extra["country"]) == ("AGENCY", "security-council", "RUS")


def test_a_foreign_legislature_keeps_its_country(blank):
    ent, extra = info(blank, "The US Congress passed sanctions.", "US Congress")
    assert (ent.label_, ent.kb_id_, extra["country"]) == ("AGENCY", "us-congress", "USA")


@pytest.mark.parametrize(
    "text, mention, entity_id, country",
    [
        ("The Turkish Interior Ministry confirmed it.", "Interior Ministry", "tur-interior-ministry", "TUR"),
        ("Ukraine’s Interior Ministry confirmed it.", "Interior Ministry", "ukr-interior-ministry", "UKR"),
        (
            "The Interior Ministry of Kazakhstan replied.",
            "Interior Ministry of Kazakhstan",
            "kaz-interior-ministry",
            "KAZ",
        ),
        ("The French Senate voted.", "Senate", "fra-senate", "FRA"),
        ("The Central Bank of Turkey raised rates.", "Central Bank of Turkey", "tur-central-bank", "TUR"),
        ("The Ministry of Sport of Belarus agreed.", "Ministry of Sport of Belarus", "blr-sport-ministry", "BLR"),
    ],
)
def test_a_body_named_with_another_state_is_that_states(blank, text, mention, entity_id, country):
    ent, extra = info(blank, text, mention)
    assert (ent.kb_id_, extra["country"]) == (entity_id, country)


@pytest.mark.parametrize(
    "text, mention, entity_id",
    [
        ("The Interior Ministry confirmed it.", "Interior Ministry", "interior-ministry"),
        ("The Russian Interior Ministry confirmed it.", "Interior Ministry", "interior-ministry"),
        ("The Ministry of Sport agreed.", "Ministry of Sport", "sport-ministry"),
    ],
)
def test_a_body_named_without_another_state_is_russian(blank, text, mention, entity_id):
    ent, extra = info(blank, text, mention)
    assert (ent.kb_id_, extra["country"]) == (entity_id, "RUS")


def test_the_default_country_is_a_setting():
    nlp = spacy.blank("en")
    nlp.add_pipe("transcript_entities", config={"default_country": None})
    doc = nlp("The Ministry of Sport agreed.")
    assert doc.user_data["entity_info"]["4:21"]["country"] is None


def test_the_us_in_a_us_body_belongs_to_the_body(blank):
    assert ents(blank, "The US Department of Justice wrote.") == [
        ("US Department of Justice", "AGENCY", "us-department-of-justice")
    ]


# -- people ---------------------------------------------------------------------------------------------
@Language.component("fake_person_ner")
def fake_person_ner(doc):
    """Stands in for the statistical model: every capitalised word, or hyphenated run, is a PERSON."""
    spans, i = [], 0
    while i < len(doc):
        if doc[i].text[:1].isupper() and doc[i].text not in ("The", "We", "I", "It"):
            j = i + 1
            while j < len(doc) and (doc[j].text[:1].isupper() or doc[j].text in ("-", "al", "el", "un")):
                j += 1
            spans.append(Span(doc, i, j, label="PERSON"))
            i = j
        else:
            i += 1
    doc.ents = spans
    return doc


@pytest.fixture(scope="module")
def fake_model():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("fake_person_ner")
    nlp.add_pipe("transcript_entities")
    return nlp


def people(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "PERSON"]


@pytest.mark.parametrize(
    "text",
    [
        "Coal is what we sell.",  # a common noun at a sentence start
        "It opens in May this year.",  # a month
        "We met at the Forum again.",  # a common noun in a name of an event
        "The Portal works well.",
        "Demography matters most.",
        "It was funny. (Laughter.)",  # a stage direction
        "We back the Olympic Games bid.",  # an event: its last word is a common noun
        "The Mari, Chechen, Yakut peoples live here.",  # peoples
        "We toured the Far East by train.",
    ],
)
def test_the_models_person_is_dropped_when_the_words_say_otherwise(fake_model, text):
    assert people(fake_model, text) == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("We spoke to Kim Jong-un twice.", "Kim Jong-un"),
        ("We spoke to Bashar al-Assad twice.", "Bashar al-Assad"),
        ("We spoke to Abdel Fattah el-Sisi twice.", "Abdel Fattah el-Sisi"),
        ("We asked Skripal twice.", "Skripal"),
        ("We spoke to Theresa May twice.", "Theresa May"),  # a common last word after a known first name
    ],
)
def test_the_models_person_is_kept_for_names(fake_model, text, name):
    assert people(fake_model, text) == [name]


def test_a_surname_with_its_particle_alone_is_a_name(blank):
    doc = blank("We asked al-Assad twice.")
    assert blank.get_pipe("transcript_entities").person_evidence(doc, 2, 5, "model") == "model"


def test_a_possessive_is_not_part_of_the_name(fake_model):
    assert people(fake_model, "We read Kudrin’s report.") == ["Kudrin"]


def test_an_honorific_is_evidence_even_for_a_common_word(blank):
    assert ("Rose", "PERSON") in [(m, lab) for m, lab, _ in ents(blank, "We thank Mr Rose for this.")]


def test_an_editors_note_before_a_name_is_no_evidence_for_common_words(blank):
    assert not [e for e in ents(blank, "We develop the [Russian] Far East quickly.") if e[1] == "PERSON"]


def test_a_place_before_criminal_group_is_the_groups_name(fake_model):
    found = [(e.text, e.label_) for e in fake_model("We broke up the Kutaisi criminal group.").ents]
    assert ("Kutaisi criminal group", "CRIMINAL_GROUP") in found and ("Kutaisi", "PERSON") not in found


def test_a_demonym_does_not_open_a_group_name(blank):
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


# -- which sentences a selective annotate pass gives the NER and the tagger (pipeline.nlp) ------------
@pytest.mark.parametrize(
    "sentence",
    ["We spoke with Mr Lavrov.", "Prices rose by 4%.", "That was a week ago.", "Moscow agreed."],
)
def test_a_sentence_with_a_name_an_amount_or_a_time_goes_to_the_ner(sentence):
    from pipeline.components.entities import needs_ner

    assert needs_ner(spacy.blank("en")(sentence))


@pytest.mark.parametrize("sentence", ["Thank you very much.", "I fully agree with what was said here."])
def test_a_sentence_of_common_words_goes_without_the_ner(sentence):
    from pipeline.components.entities import needs_ner

    assert not needs_ner(spacy.blank("en")(sentence))


def test_a_persons_name_before_a_lower_case_word_needs_the_tags_around_it():
    from pipeline.components.entities import needs_tags

    doc = spacy.blank("en")("They drove along the Kama road and met Ivanov.")
    doc.ents = [Span(doc, 4, 5, label="PERSON"), Span(doc, 8, 9, label="PERSON")]
    assert needs_tags(doc[:]) and not needs_tags(doc[7:10])
