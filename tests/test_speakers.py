import pytest

from pipeline.speakers import SpeakerResolver, match_label, normalise_case, speaker_id, split_name_role


@pytest.mark.parametrize(
    "paragraph, core",
    [
        ("President of Russia Vladimir Putin: Good afternoon.", "President of Russia Vladimir Putin"),
        ("Vladimir Putin:", "Vladimir Putin"),
        ("Question (retranslated): What next?", "Question"),
        ("Central Bank chairman Sergei Ignatyev: Yes.", "Central Bank chairman Sergei Ignatyev"),
        ("Panel moderator, NBC host Megyn Kelly: Hello.", "Panel moderator, NBC host Megyn Kelly"),
        ("GOVERNOR OF CALIFORNIA ARNOLD SCHWARZENEGGER: Thank you.", "Governor of California Arnold Schwarzenegger"),
        ("Remark: But that is a lot.", "Remark"),
    ],
)
def test_labels_are_found(paragraph, core):
    label = match_label(paragraph)
    assert label is not None and label.core == core


@pytest.mark.parametrize(
    "paragraph",
    [
        "I repeat: the party is over.",
        "Statements following the meeting:",
        "Colleagues, we will discuss the following issues:",
        "The decree says:",
        "12:30",
        "The message reads, in part:",
        "He said: “We will come.”",
    ],
)
def test_colons_in_prose_are_not_labels(paragraph):
    assert match_label(paragraph) is None


@pytest.mark.parametrize(
    "core, name, role",
    [
        ("President of Russia Vladimir Putin", "Vladimir Putin", "President of Russia"),
        (
            "Director of the Federal Drug Control Service Viktor Ivanov",
            "Viktor Ivanov",
            "Director of the Federal Drug Control Service",
        ),
        (
            "President of the Republic of Tajikistan Emomali Rahmon",
            "Emomali Rahmon",
            "President of the Republic of Tajikistan",
        ),
        ("Accounts Chamber Chairman Alexei Kudrin", "Alexei Kudrin", "Accounts Chamber Chairman"),
        ("Foreign Minister Sergei Viktorovich Lavrov", "Sergei Viktorovich Lavrov", "Foreign Minister"),
        ("Question", "Question", None),
        ("Vladimir Putin", "Vladimir Putin", None),
    ],
)
def test_name_and_role_are_split(core, name, role):
    assert split_name_role(core) == (name, role)


def test_capitals_are_given_in_normal_case():
    assert normalise_case("PRESIDENT OF RUSSIA DMITRY MEDVEDEV") == "President of Russia Dmitry Medvedev"
    assert normalise_case("Central Bank chairman") == "Central Bank chairman"


@pytest.mark.parametrize(
    "later, expected",
    [
        ("Vladimir Putin", "Vladimir Putin"),
        ("Mr Putin", "Vladimir Putin"),
        ("Vladimir Putn", "Vladimir Putin"),  # a variant spelling of the same person
    ],
)
def test_later_labels_resolve_to_the_first_full_name(later, expected):
    resolver = SpeakerResolver(["President of Russia Vladimir Putin", later])
    assert resolver.resolve("President of Russia Vladimir Putin") == ("Vladimir Putin", "President of Russia")
    assert resolver.resolve(later)[0] == expected


def test_speaker_id_is_the_normalised_name():
    assert speaker_id("Vladimir Putin") == "vladimir-putin"
    assert speaker_id("Emomali Rahmon") == speaker_id("EMOMALI  RAHMON".title())


# -- labels from the document's evidence, not from a closed list of role words ----------------------
from pipeline.speakers import DocumentNames, is_person_caption, looks_like_label  # noqa: E402


def test_curly_apostrophe_in_a_role_keeps_the_label():
    label = match_label("President of the People’s Republic of Freedonia Li Wenhua (retranslated): Thank you.")
    assert label is not None and label.core == "President of the People’s Republic of Freedonia Li Wenhua"


def test_role_words_outside_the_title_list_do_not_reject_a_label_with_a_given_name():
    label = match_label("Evening programme co-presenter Darya Belkina: We have a call.")
    assert label is not None and label.rule == "given_name"


def test_an_unknown_name_is_a_label_when_the_document_names_that_person():
    paragraph = "Harbour dredge skipper Xqor Vlamt: The channel is deep enough."
    assert match_label(paragraph) is None
    names = DocumentNames.from_text("Mr Vlamt, what about the channel?")
    assert match_label(paragraph, names).rule == "document_name"


def test_a_persons_entry_is_evidence_for_a_label():
    names = DocumentNames.from_text("", persons=["Vlamt Xqor"])
    assert match_label("Harbour dredge skipper Xqor Vlamt: Yes.", names) is not None


def test_a_surname_ending_is_evidence_for_a_name():
    label = match_label("Producer of the documentary Riverside Dzhamal Kurbanov: Thank you.")
    assert label is not None and label.rule == "surname_shape"


def test_a_label_may_start_with_a_lower_case_title_when_the_person_is_known():
    names = DocumentNames.from_text("Mr Vlamt, please begin.")
    paragraph = "chairman of the Supervisory Board of Gidrostroi Xqor Vlamt: We built 14 berths."
    assert match_label(paragraph) is None
    assert match_label(paragraph, names) is not None


def test_a_label_without_a_space_after_its_colon():
    label = match_label("Transport Minister Igor Volkov:Colleagues, good afternoon.")
    assert (
        label is not None
        and label.core == "Transport Minister Igor Volkov"
        and label.end == len("Transport Minister Igor Volkov:")
    )


def test_words_the_page_ran_together_are_split():
    assert match_label("VladimirPutin: Good.").core == "Vladimir Putin"
    assert match_label("MinisterofTransportIgorVolkov: Yes.").core == "Minister of Transport Igor Volkov"


def test_a_name_then_its_role_after_a_comma():
    label = match_label("Yury Kulikov, crane operator at the river port: We load 400 containers a day.")
    assert label is not None
    assert split_name_role(label.core) == ("Yury Kulikov", "crane operator at the river port")


def test_a_role_word_alone_is_a_label():
    assert match_label("Operator: The lock gates are open.").rule == "role_only"
    assert match_label("Volunteers: Good afternoon.").rule == "role_only"


def test_a_question_from_a_place_keeps_question_as_the_speaker():
    label = match_label("Question from Kostroma Region: Hello.")
    assert label is not None and split_name_role(label.core) == ("Question", None)


def test_a_capitalised_word_alone_needs_evidence_of_a_person():
    assert match_label("Second: we must repair the locks.") is None
    assert match_label("Germany: “This is a matter of law.”") is None
    names = DocumentNames.from_text("Hello. My name is Alina.")
    assert match_label("Alina: Thank you.", names) is not None


@pytest.mark.parametrize(
    "paragraph",
    [
        "I would like to say to Mr Tarasenko and Ms Belkina:",
        "And a question for President Volkov: when?",
        "The telegram reads, in part:",
        "In this case, I would like to ask Ms Belkina: how?",
        "The following ambassadors handed in their credentials to President Volkov:",
        "As for Kostroma and Yaroslavl: the ferries run.",
    ],
)
def test_prose_ending_in_a_name_is_not_a_label(paragraph):
    names = DocumentNames.from_text("Mr Tarasenko, Ms Belkina and President Volkov spoke.", persons=["Volkov Igor"])
    assert match_label(paragraph, names) is None


@pytest.mark.parametrize(
    "core, name, role",
    [
        ("Prime Minister of Ruritania Jose Maria Alvarado", "Jose Maria Alvarado", "Prime Minister of Ruritania"),
        ("Emir of Freedonia Khalid bin Hamad Al Nuri", "Khalid bin Hamad Al Nuri", "Emir of Freedonia"),
        ("Ship paramedic Natalya Orlova", "Natalya Orlova", "Ship paramedic"),
        ("Deputy Secretary-General Anna Petrova", "Anna Petrova", "Deputy Secretary-General"),
    ],
)
def test_given_names_and_particles_tell_where_a_name_starts(core, name, role):
    assert split_name_role(core) == (name, role)


def test_a_persons_entry_keeps_a_long_name_whole():
    names = DocumentNames.from_text("", persons=["Demir Kemal Ozan"])
    assert split_name_role("Head of the Chamber Kemal Ozan Demir", names) == ("Kemal Ozan Demir", "Head of the Chamber")


def test_a_later_bare_name_label_keeps_the_long_label_name_whole():
    resolver = SpeakerResolver(["President of Ruritania Xamo Beryl Qod", "Xamo Beryl Qod"])
    assert resolver.resolve("President of Ruritania Xamo Beryl Qod") == ("Xamo Beryl Qod", "President of Ruritania")


def test_an_initial_resolves_to_the_full_name_of_the_document():
    resolver = SpeakerResolver(["Alexei Repik", "A. Repik"])
    resolver.resolve("Alexei Repik")
    assert resolver.resolve("A. Repik")[0] == "Alexei Repik"


def test_a_title_and_name_alone_is_a_person_caption():
    assert is_person_caption("Minister of Transport of Ruritania Jose Maria Alvarado.")
    assert not is_person_caption("Jose Maria Alvarado.")  # a speaker introducing himself
    assert not is_person_caption("Good afternoon Vladimir Vladimirovich.")


def test_label_like_openings_for_review():
    assert (
        looks_like_label("The art exhibition Modern Ruritania: opened today.") == "The art exhibition Modern Ruritania"
    )
    assert looks_like_label("The telegram reads, in part: thank you.") is None
    assert looks_like_label("At 12:30 we start.") is None
