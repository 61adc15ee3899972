"""The review site: escaped text, nested highlights, and what a person sees in a real browser."""

import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.report import build_report, claim_title, highlight, page_name
from pipeline.stages import run_all
from tests.conftest import DATA

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ENT = {"char_start": 10, "char_end": 16, "label": "COUNTRY", "entity_id": "RUS", "canonical_name": "Russia"}
CLAIM = {
    "char_start": 0,
    "char_end": 13,
    "value": 2.5,
    "unit": "tonne",
    "qualifier": "exact",
    "measured": "heroin",
    "period_start": "2012-01-01",
    "period_end": "2012-12-31",
}


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "a & b < c"])
def test_transcript_text_is_escaped(text):
    html = highlight(text, 0, [], [])
    assert "<" not in html and ">" not in html and unescape(html) == text


class _Nesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ok, self.text = [], True, ""

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data):
        self.text += data


def test_crossing_entity_and_claim_marks_nest_and_keep_the_text():
    html = highlight("2.5 tons, Russia said", 0, [ENT], [CLAIM])
    parser = _Nesting()
    parser.feed(html)
    assert parser.ok and not parser.stack
    assert parser.text.replace("COUNTRY", "") == "2.5 tons, Russia said"
    assert html.count('data-label="CLAIM"') == 2 and html.count('data-label="COUNTRY"') == 2  # cut at the claim's end


def test_claim_hover_shows_its_fields():
    assert claim_title(CLAIM) == (
        "value: 2.5 · unit: tonne · qualifier: exact · measured: heroin · period: 2012-01-01..2012-12-31"
    )


@pytest.mark.parametrize("doc_id", ["a/b c", "../../etc/passwd", "Ünïcode name", "x" * 300])
def test_page_names_are_safe_file_names(doc_id):
    name = page_name(doc_id)
    assert "/" not in name and name.endswith(".html") and len(name) < 100 and name.isascii()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(DATA / "hostile" / "script_in_turn.txt", raw)
    out = tmp_path_factory.mktemp("out")
    run_all(raw, out, Settings(cache_dir=str(out / ".cache")))
    return build_report(out)


@pytest.mark.slow
@pytest.mark.model
def test_index_lists_each_document_with_a_link(report):
    html = report.read_text(encoding="utf-8")
    assert html.count('href="documents/') == 1 and "Meeting on &lt;b&gt;security&lt;/b&gt;" in html


def _chromium(*args: str) -> subprocess.CompletedProcess:
    if not CHROMIUM:
        pytest.skip("chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,800", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _page(report: Path) -> Path:
    return next((report.parent / "documents").glob("*.html"))


@pytest.mark.slow
@pytest.mark.model
def test_browser_shows_markup_in_the_transcript_as_text(report):
    dom = _chromium("--dump-dom", _page(report).as_uri()).stdout
    assert "<title>Meeting on &lt;b&gt;security&lt;/b&gt;</title>" in dom  # no script ran and renamed the page
    assert "pwned" not in dom.split("<title>")[1].split("</title>")[0]
    assert "&lt;script&gt;document.title" in dom and "<img src" not in dom


@pytest.mark.slow
@pytest.mark.model
def test_browser_renders_entities_and_claims_highlighted(report, tmp_path):
    image = pytest.importorskip("matplotlib.image")
    shot = tmp_path / "page.png"
    _chromium(f"--screenshot={shot}", _page(report).as_uri())
    pixels = {tuple(round(c * 255) for c in px[:3]) for row in image.imread(shot) for px in row[::2]}
    for colour in ("#feca74", "#c7f0a4"):  # COUNTRY and CLAIM backgrounds
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in pixels, f"no pixel of {colour} on the page"
