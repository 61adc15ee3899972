"""HTML pages read with a real parser give the documents and turns of their text version."""

from pathlib import Path

import pytest

from pipeline.html import html_to_text, looks_like_html
from pipeline.io import RawFile
from pipeline.segment import segment_document
from tests.conftest import DATA

HTML = DATA / "html" / "meeting.html"
TEXT = DATA / "html" / "meeting.txt"


def _segment(path: Path) -> dict:
    return segment_document(RawFile(path, path.name, path.stem), path.read_bytes())


def test_visible_article_text_one_line_per_block():
    assert html_to_text(HTML.read_text(encoding="utf-8")) == TEXT.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", ["title", "summary", "date", "time", "place", "topics", "sections", "n_turns"])
def test_html_page_gives_the_document_of_its_text_version(key):
    assert _segment(HTML)["document"][key] == _segment(TEXT)["document"][key]


@pytest.mark.parametrize("key", ["speaker_id", "speaker_role", "text", "char_start", "char_end"])
def test_html_page_gives_the_turns_of_its_text_version(key):
    assert [t[key] for t in _segment(HTML)["turns"]] == [t[key] for t in _segment(TEXT)["turns"]]


@pytest.mark.parametrize("unseen", ["tracking", "color:red", "Site footer", "Putin Vladimir, President"])
def test_scripts_navigation_and_hidden_tooltips_are_not_read(unseen):
    assert unseen not in html_to_text(HTML.read_text(encoding="utf-8"))


def test_escaped_markup_in_the_page_is_text():
    assert "<script>alert(1)</script>" in html_to_text(HTML.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "head,expected", [("<!DOCTYPE html><html>", True), ("  <html lang=en>", True), ("Events\nTalks <b>", False)]
)
def test_looks_like_html(head, expected):
    assert looks_like_html(head) is expected


def test_seed_html_page_matches_its_text_version(shared_dir):
    html = _segment(shared_dir / "corpus" / "html" / "17650.html")
    text = _segment(shared_dir / "corpus" / "dev" / "2013-03-11-working-meeting-ivanov.txt")
    # the text version keeps trailing spaces the page does not show
    assert [(t["speaker_id"], " ".join(t["text"].split())) for t in html["turns"]] == [
        (t["speaker_id"], " ".join(t["text"].split())) for t in text["turns"]
    ]
    assert html["document"]["title"] == text["document"]["title"]
    assert html["document"]["date"] == text["document"]["date"]
