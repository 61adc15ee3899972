"""discourse.py: restatements, elided nouns, the topic before and the conversation across turns."""

from __future__ import annotations

import pytest

from pipeline import claims_from_text
from pipeline.claims import Conversation, doc_claims
from pipeline.claims.claim import Claim
from pipeline.claims.discourse import topic_frame
from tests.claims.conftest import REF, parsed


def test_the_conversation_recalls_the_last_claim_of_a_unit_within_its_window():
    conversation = Conversation(window=100)
    exports = Claim(0, 5, 9.0, "percent", measured="exports")
    conversation.note(exports, 50)
    assert conversation.recall("percent", 150) is exports
    assert conversation.recall("percent", 151) is None
    assert conversation.recall("RUB", 60) is None


def test_a_later_claim_of_the_same_unit_replaces_the_earlier():
    conversation = Conversation()
    conversation.note(Claim(0, 5, 9.0, "percent", measured="exports"), 5)
    imports = Claim(10, 15, 3.0, "percent", measured="imports")
    conversation.note(imports, 15)
    assert conversation.recall("percent", 20) is imports


def measured_of(text: str, surface: str):
    df = claims_from_text(text, reference_date=REF)
    rows = df[df["text"].str.contains(surface, regex=False)]
    assert len(rows) == 1, df[["text", "measured"]].to_dict("records")
    return rows.iloc[0]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface, measured, rule",
    [
        (
            "Unemployment is falling. It now stands at 5 percent.",
            "5 percent",
            "Unemployment",
            "measured.clause_subject",
        ),
        ("We spent a third of the budget, namely 2 billion rubles.", "2 billion", "budget", "discourse.restatement"),
        ("We opened 12 schools, and 5 are already working.", "5", "schools", "discourse.elided_noun"),
        (
            "Gas supply reached 67.2 percent nationwide and 70.9 percent in cities.",
            "70.9 percent",
            "Gas supply",
            "measured.clause_subject",
        ),
        (
            "Unemployment remains low. We expect between 4% and 5% next year.",
            "4% and 5%",
            "Unemployment",
            "discourse.topic_before",
        ),
        (
            "This spring we saw a sharp outflow of capital. It reached $20 billion.",
            "$20 billion",
            "outflow of capital",
            "measured.flow_of",
        ),
    ],
)
def test_measured_from_the_talk_around_the_amount(text, surface, measured, rule):
    row = measured_of(text, surface)
    assert (row["measured"], row["measured_rule"]) == (measured, rule)


@pytest.mark.model
def test_an_action_on_an_amount_does_not_continue_the_topic():
    # 'I climbed 5,700 metres' measures no topic of the sentence before
    df = claims_from_text("The expedition was a success. Last year, I climbed to 5,700 metres.", reference_date=REF)
    assert df["measured"].isna().all()


@pytest.mark.model
def test_an_answer_continues_what_the_question_counted(nlp):
    question = nlp("Exports of grain rose by 9% last year. Is that right?")
    answer = nlp("Yes, roughly 9% in real terms.")
    answer.user_data["offset"] = len(question.text) + 1
    conversation = Conversation()
    doc_claims(question, conversation=conversation)
    [claim] = doc_claims(answer, conversation=conversation)
    assert (claim.measured, claim.rule_of("measured"), claim.measured_span) == (
        "Exports",
        "discourse.conversation",
        None,
    )


@pytest.mark.model
def test_a_topic_said_long_before_is_not_continued(nlp):
    question = nlp("Exports of grain rose by 9% last year.")
    answer = nlp("Yes, roughly 9% in real terms.")
    answer.user_data["offset"] = 5000
    conversation = Conversation(window=1000)
    doc_claims(question, conversation=conversation)
    [claim] = doc_claims(answer, conversation=conversation)
    assert (claim.measured, claim.rule_of("measured")) == (None, "discourse.no_topic")


@pytest.mark.model
def test_an_answer_without_a_verb_continues_a_change(nlp):
    question = nlp("Our loan portfolio grew by 12% last year. And in the United States?")
    answer = nlp("From 3% to 5% over the past three years.")
    answer.user_data["offset"] = len(question.text) + 1
    conversation = Conversation()
    doc_claims(question, conversation=conversation)
    [claim] = doc_claims(answer, conversation=conversation)
    assert (claim.measured, claim.kind, claim.direction, claim.rule_of("kind")) == (
        "loan portfolio",
        "change",
        "up",
        "discourse.conversation",
    )


def test_a_sentence_that_opens_with_as_for_names_its_topic():
    # 'As for grain exports, they reached 40 million tonnes'
    doc = parsed(
        ["As", "for", "grain", "exports", ",", "they", "reached", "40", "million", "tonnes"],
        [6, 0, 3, 1, 6, 6, 6, 8, 9, 6],
        ["prep", "prep", "compound", "pobj", "punct", "nsubj", "ROOT", "compound", "nummod", "dobj"],
        ["ADP", "ADP", "NOUN", "NOUN", "PUNCT", "PRON", "VERB", "NUM", "NUM", "NOUN"],
    )
    assert topic_frame(doc[:]).text == "exports"


def test_a_frame_that_names_a_time_is_no_topic():
    # 'As for the first quarter, exports reached 40 million tonnes'
    doc = parsed(
        ["As", "for", "the", "first", "quarter", ",", "exports", "reached", "40", "million", "tonnes"],
        [7, 0, 4, 4, 1, 7, 7, 7, 9, 10, 7],
        ["prep", "prep", "det", "amod", "pobj", "punct", "nsubj", "ROOT", "compound", "nummod", "dobj"],
        ["ADP", "ADP", "DET", "ADJ", "NOUN", "PUNCT", "NOUN", "VERB", "NUM", "NUM", "NOUN"],
    )
    assert topic_frame(doc[:]) is None


@pytest.mark.model
def test_a_change_of_an_amount_before_is_no_topic():
    # 'we noted growth of 1.3 percent': 'percent' is no thing the growth is of
    df = claims_from_text(
        "In March, we noted growth of almost 2 percent. We then saw that we had growth of 9 percent.",
        reference_date=REF,
    )
    assert not df["measured"].isin(["percent"]).any()


@pytest.mark.model
def test_an_amount_in_parentheses_that_counts_its_own_noun_is_no_restatement():
    df = claims_from_text("The storm damaged nine houses (31 people lived there).", reference_date=REF)
    assert df.set_index("text").loc["31", "measured"] == "people"


@pytest.mark.model
def test_a_part_that_names_its_own_thing_keeps_it():
    # 'including 25 children' counts children, not the people of the whole
    df = claims_from_text("The fire injured 29 people, including 25 children.", reference_date=REF)
    assert df.set_index("text").loc["25", "measured"] == "children"


@pytest.mark.model
def test_a_part_in_another_unit_takes_nothing_from_the_whole():
    # 'including 40 percent from the federal budget' is no count of the people
    df = claims_from_text(
        "The programme helped 2.5 million people, including 40 percent from rural areas.", reference_date=REF
    )
    assert df.set_index("text").loc["40 percent", "measured_rule"] != "discourse.part_of"


@pytest.mark.model
def test_a_figure_does_not_point_back_to_a_subject_that_did_not_change():
    # 'The ratio' is no measure of the region: nothing said the region changed
    df = claims_from_text(
        "The region was far behind the national average. The ratio was 14.7 in 2012.", reference_date=REF
    )
    assert df.set_index("text").loc["14.7", "measured"] is None


@pytest.mark.model
def test_a_plural_pointer_does_not_point_back_to_a_singular_noun():
    df = claims_from_text(
        "The old school in the village was being repaired. Half of them were built in 1950.", reference_date=REF
    )
    assert df.set_index("text").loc["Half", "measured"] is None


@pytest.mark.model
def test_an_amount_before_in_the_unit_wins_over_a_phrase():
    # the antecedent amount names the thing: no phrase is looked for
    df = claims_from_text(
        "Exports of timber have not fallen. Imports of machinery reached 7.2% of GDP. Last year the figure was 6.9%.",
        reference_date=REF,
    )
    assert df.set_index("text").loc["6.9%", "measured_rule"] == "discourse.antecedent"


@pytest.mark.model
def test_a_question_about_a_time_names_no_thing():
    df = claims_from_text("How many years has the bridge stood there? Maybe 250 or 300.", reference_date=REF)
    assert df["measured_rule"].ne("discourse.question").all()


@pytest.mark.model
def test_an_answer_that_counts_its_own_noun_keeps_it():
    df = claims_from_text("How many engineers does the plant employ? It has 40 workshops.", reference_date=REF)
    assert df.set_index("text").loc["40", "measured"] == "workshops"


@pytest.mark.model
def test_an_amount_a_pronoun_acts_on_does_not_continue_an_amount_two_sentences_back():
    df = claims_from_text(
        "Grain exports reached 38 million tonnes last year. The harvest was late. We lost 3 million tonnes in storage.",
        reference_date=REF,
    )
    assert df.set_index("text").loc["3 million tonnes", "measured_rule"] != "discourse.conversation"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, surface",
    [
        ("In Tula – 12.5 percent.", "12.5 percent"),  # a place is no label
        ("We kept costs at the lowest level in the region: about $2 per litre.", "$2"),  # a preposition's object
        ("Last year we exported a record volume: 250,000 tonnes.", "250,000"),  # a bare measure noun
    ],
)
def test_a_noun_before_a_dash_that_is_no_label(text, surface):
    assert measured_of(text, surface)["measured_rule"] != "discourse.label"


@pytest.mark.model
def test_those_that_a_clause_describes_point_back_to_nothing():
    # 'of those who have called' names its own people; 'women' before is no antecedent
    row = measured_of(
        "Our statistics show that women are more active: 62 percent of those who have called are women.", "62 percent"
    )
    assert row["measured_rule"] != "discourse.antecedent_phrase"
