"""Property tests: generated transcripts (random labels, stage directions, blank lines, colons inside
sentences, CRLF) never break the segmenter's invariants."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import invariant_violations, segment_text

pytestmark = pytest.mark.slow  # hypothesis generates hundreds of transcripts

NAMES = st.sampled_from(
    ["Vladimir Putin", "Viktor Ivanov", "Ksenia Sokolova", "Arnold Schwarzenegger", "Emomali Rahmon"]
)
ROLES = st.sampled_from(["", "President of Russia ", "Director of the Federal Drug Control Service ", "Moderator "])
WORDS = st.lists(
    st.sampled_from(
        [
            "we",
            "seized",
            "2.5",
            "tons",
            "of",
            "heroin",
            "last",
            "year",
            "Russia",
            "the",
            "programme",
            "100,000",
            "people",
            "(Applause.)",
            "[$320]",
            "–",
            "and",
        ]
    ),
    min_size=1,
    max_size=25,
).map(" ".join)
SENTENCE = st.one_of(
    WORDS.map(lambda w: w.capitalize() + "."),
    st.tuples(WORDS, WORDS).map(lambda p: f"I repeat: {p[0]} {p[1]}."),
    WORDS.map(lambda w: f"We discussed the following issues: {w}."),
)
STAGE = st.sampled_from(["(Applause.)", "(Laughter.)", "<…>", "* * *", "1 of 3", ""])


@st.composite
def paragraphs(draw):
    kind = draw(st.sampled_from(["label", "label", "continuation", "stage", "label_alone", "question"]))
    if kind == "label":
        return f"{draw(ROLES)}{draw(NAMES)}: {draw(SENTENCE)}"
    if kind == "label_alone":
        return f"{draw(NAMES)}:\n{draw(SENTENCE)}"
    if kind == "question":
        return f"Question: {draw(SENTENCE)}"
    if kind == "stage":
        return draw(STAGE)
    return draw(SENTENCE)


@st.composite
def transcripts(draw):
    header = ["Events", "Meeting with " + draw(NAMES), "The sides discussed cooperation.", "March 11, 2013", "12:30"]
    body = draw(st.lists(paragraphs(), min_size=1, max_size=12))
    footer = draw(
        st.sampled_from(
            [[], ["Topics", "Fight against drugs", "Publication status", "Published in sections: News, Transcripts"]]
        )
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(header + body + footer) + draw(st.sampled_from(["", newline]))


@settings(max_examples=300, deadline=None)
@given(transcripts())
def test_generated_transcripts_keep_every_invariant(text):
    seg = segment_text(text)
    assert +invariant_violations(text, seg) == {}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_segments_without_error(text):
    seg = segment_text(text)
    assert +invariant_violations(text, seg) == {}


@settings(max_examples=200, deadline=None)
@given(transcripts())
def test_turn_text_never_holds_a_label_of_the_names(text):
    for turn in segment_text(text).turns:
        for line in turn.text.splitlines()[1:]:
            assert not line.startswith(("Vladimir Putin:", "Viktor Ivanov:", "Question:"))
