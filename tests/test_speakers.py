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
