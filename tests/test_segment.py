from datetime import date
from itertools import pairwise

import pytest

from pipeline.segment import segment_document, segment_text
from tests.conftest import LAYOUTS, read_fixture

CASES = {
    "long_then_short.txt": [
        ("Vladimir Putin", "President of Russia"),
        ("Ivan Petrov", "Director of the Federal Customs Service"),
        ("Vladimir Putin", None),
        ("Ivan Petrov", None),
    ],
    "label_alone.txt": [
        ("Vladimir Putin", "President of Russia"),
        ("Anna Smirnova", "Student"),
        ("Vladimir Putin", None),
    ],
    "notes_and_roles.txt": [
        ("Question", None),
        ("Vladimir Putin", "President of Russia"),
        ("Remark", None),
        ("Vladimir Putin", None),
        ("Reply", None),
        ("Megyn Kelly", "Panel moderator, NBC host"),
        ("Emmanuel Macron", "President of France"),
    ],
    "capitals.txt": [
        ("Dmitry Medvedev", "President of Russia"),
        ("Arnold Schwarzenegger", "Governor of California"),
        ("Dmitry Medvedev", None),
    ],
    "directions_and_colons.txt": [
        ("Vladimir Putin", "President of Russia"),
        ("Vladimir Medinsky", "Minister of Culture"),
        ("Vladimir Putin", None),
    ],
    "furniture.txt": [
        ("Vladimir Putin", "President of Russia"),
        ("Dmitry Medvedev", "Prime Minister"),
        ("Vladimir Putin", None),
        ("Vladimir Putin", None),
    ],
    "crlf.txt": [
        ("Vladimir Putin", "President of Russia"),
        ("Emomali Rahmon", "President of the Republic of Tajikistan"),
    ],
    "news_item.txt": [],
    "announcement.txt": [],
}


@pytest.mark.parametrize("name, speakers", CASES.items())
def test_turns_and_speakers_per_layout(name, speakers):
    seg = segment_text(read_fixture(name))
    assert [(t.speaker_name, t.speaker_role) for t in seg.turns] == speakers


@pytest.mark.parametrize("name", CASES)
def test_offsets_index_the_text(name):
    text = read_fixture(name)
    seg = segment_text(text)
    assert [t.turn_id for t in seg.turns] == list(range(len(seg.turns)))
    for t in seg.turns:
        assert text[t.char_start : t.char_end] == t.text and t.text.strip() == t.text and t.text


@pytest.mark.parametrize("name", CASES)
def test_turns_and_non_speech_do_not_overlap(name):
    seg = segment_text(read_fixture(name))
    spans = sorted([(t.char_start, t.char_end) for t in seg.turns])
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    for s in seg.segments:
        if s.kind == "label":
            assert not any(t.char_start < s.char_end and s.char_start < t.char_end for t in seg.turns)


def test_header_fields():
    seg = segment_text(read_fixture("long_then_short.txt"))
    assert seg.title == "Working meeting with Director of the Federal Customs Service Ivan Petrov"
    assert seg.summary == "Mr Petrov reported on the Service's work."
    assert (seg.date, seg.time, seg.place) == (date(2015, 5, 5), "11:00", "The Kremlin, Moscow")
    assert seg.topics == ["Customs"] and seg.sections == ["News", "Transcripts"]


def test_furniture_is_not_speech():
    text = read_fixture("furniture.txt")
    seg = segment_text(text)
    kinds = {s.kind for s in seg.segments}
    assert {"see_also", "caption", "elision", "separator"} <= kinds
    medvedev = seg.turns[1]
    assert medvedev.text.endswith("15 percent of the reserve.")  # the caption after it is not part of the turn
    assert "Geography" not in seg.turns[-1].text and seg.turns[-1].text == "Thank you."


def test_stage_directions_neither_start_nor_end_a_turn():
    seg = segment_text(read_fixture("directions_and_colons.txt"))
    for t in seg.turns:
        assert not t.text.startswith("(") and not t.text.endswith(")")
    assert "(Laughter.)" in seg.turns[1].text  # inline ones stay
    assert "I repeat: the party is over." in seg.turns[0].text


def test_a_text_without_labels_is_kept_with_a_warning():
    seg = segment_text(read_fixture("news_item.txt"))
    assert seg.turns == [] and seg.title.startswith("Vladimir Putin sent greetings")
    assert [code for code, _ in seg.warnings] == ["no_speaker_labels"]


# -- evidence for labels, and page furniture between paragraphs ------------------------------------
EVIDENCE = "evidence_and_captions.txt"


def _kinds(text, seg, kind):
    return [text[s.char_start : s.char_end] for s in seg.segments if s.kind == kind]


def test_labels_from_the_document_evidence():
    seg = segment_text(read_fixture(EVIDENCE))
    assert [(t.speaker_name, t.speaker_role) for t in seg.turns][:8] == [
        ("Vladimir Putin", "President of Russia"),
        ("Oleg Tarasenko", "chairman of the Supervisory Board of Gidrostroi"),
        ("Vladimir Putin", None),
        ("Darya Belkina", "Evening programme co-presenter"),
        ("Question", None),
        ("Vladimir Putin", None),
        ("Alina", None),
        ("Jose Maria Alvarado", "Minister of Transport of Ruritania"),
    ]


def test_colons_in_prose_stay_inside_the_turn():
    seg = segment_text(read_fixture(EVIDENCE))
    kulikov = next(t for t in seg.turns if t.speaker_name == "Yury Kulikov")
    assert kulikov.text.endswith("I would like to say to Mr Tarasenko and Ms Belkina:")
    assert "Second: we must repair the locks before winter." in seg.turns[-2].text


def test_a_caption_repeating_the_title_is_furniture_and_ends_no_turn():
    text = read_fixture(EVIDENCE)
    seg = segment_text(text)
    assert "At the meeting on river transport." in _kinds(text, seg, "caption")
    assert seg.turns[1].text.endswith("Our fleet carried 12 million tonnes of cargo.")


def test_a_person_caption_and_a_photo_caption_are_furniture():
    text = read_fixture(EVIDENCE)
    captions = _kinds(text, segment_text(text), "caption")
    assert "Minister of Transport of Ruritania Jose Maria Alvarado." in captions
    assert "Oleg Tarasenko (left) and Darya Belkina at the meeting." in captions


def test_a_quoted_paragraph_repeating_the_speech_is_a_pull_quote():
    text = read_fixture(EVIDENCE)
    seg = segment_text(text)
    assert _kinds(text, seg, "pull_quote") == ["“Our shipyards are ready to help, and we have 3 dry docks free.”"]


def test_furniture_inside_a_turn_is_blanked_for_extraction_but_kept_in_the_span():
    from pipeline.io import RawFile

    data = (LAYOUTS / EVIDENCE).read_bytes()
    rows = segment_document(RawFile(LAYOUTS / EVIDENCE, EVIDENCE, "evidence"), data)
    alvarado = next(t for t in rows["turns"] if t["speaker_name"] == "Jose Maria Alvarado")
    assert "dry docks free.”" in alvarado["text"]
    assert "3 dry docks free.”" not in alvarado["speech_text"] and len(alvarado["speech_text"]) == len(alvarado["text"])


def test_a_see_also_box_with_a_heading_and_several_items_is_one_segment():
    text = read_fixture(EVIDENCE)
    (box,) = _kinds(text, segment_text(text), "see_also")
    assert box.startswith("See also\nAdditional") and box.endswith("Trip to Nizhny Novgorod\nSeptember 3, 2019")


def test_a_passage_printed_twice_is_not_a_pull_quote():
    from pipeline.segment import pull_quotes

    first = "The river fleet carried twelve million tonnes of cargo this year across the whole Volga basin."
    second = "We also opened fourteen new berths in the ports of the upper Volga and the Kama river this season."
    assert pull_quotes([first, second, "Thank you.", first, second]) == set()


def test_an_unquoted_excerpt_of_a_longer_paragraph_is_a_pull_quote():
    from pipeline.segment import pull_quotes

    speech = "Prices rose in spring. The river fleet carried twelve million tonnes of cargo this year across the whole Volga basin, a record."
    excerpt = "The river fleet carried twelve million tonnes of cargo this year across the whole Volga basin."
    assert pull_quotes([speech, "Thank you.", excerpt]) == {2}


def test_rejected_label_openings_list_prose_not_labels():
    from pipeline.segment import rejected_label_openings

    text = read_fixture(EVIDENCE)
    heads = [h for _, h in rejected_label_openings(text, segment_text(text))]
    assert heads == ["I would like to say to Mr Tarasenko and Ms Belkina", "Second"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 11, 2013", date(2013, 3, 11)),  # the usual header form, read directly
        ("December 1, 2026", date(2026, 12, 1)),
        ("February 30, 2013", None),  # no such day: dateparser reads it, and finds no date
        ("11 March 2013", date(2013, 3, 11)),  # another form: dateparser
    ],
)
def test_a_header_date_line_is_read_as_its_date(line, expected):
    from pipeline.segment import parse_date

    assert parse_date(line) == expected
