from datetime import date
from itertools import pairwise

import pytest

from pipeline.segment import segment_text
from tests.conftest import read_fixture

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
