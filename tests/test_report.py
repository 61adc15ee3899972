"""The review site: escaped text, nested highlights, and what a person sees in a real browser."""

import shutil
import subprocess
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.io import write_table
from pipeline.report import build_report, claim_title, highlight, page_name, series_file, svg_chart
from pipeline.schemas import TABLES as SCHEMAS
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


# -- series ----------------------------------------------------------------------------------------
POINTS = [
    {"x": "2019-07-02", "y": 4000.0, "href": "../documents/a.html#claim-10-18", "title": "4 tonnes <b>"},
    {"x": "2020-07-01", "y": 6000.0, "href": "../documents/b.html#claim-5-13", "title": "6 tonnes"},
]


def test_chart_draws_one_linked_circle_per_point_with_its_title_escaped():
    svg = svg_chart(POINTS)
    assert svg.startswith("<svg") and svg.count("<circle") == 2 and svg.count("<a href=") == 2
    assert 'href="../documents/a.html#claim-10-18"' in svg and "4 tonnes &lt;b&gt;" in svg and "<b>" not in svg
    assert "2019-07-02" in svg and "2020-07-01" in svg  # the first and last dates on the axis


def test_the_later_and_higher_point_is_drawn_right_of_and_above_the_other():
    svg = svg_chart(POINTS)
    (x1, y1), (x2, y2) = [tuple(float(v) for v in p.split(",")) for p in svg.split('points="')[1].split('"')[0].split()]
    assert x2 > x1 and y2 < y1  # SVG y grows downwards


def test_a_sparkline_has_neither_links_nor_labels():
    svg = svg_chart(POINTS, width=160, height=40, small=True)
    assert svg.count("<circle") == 2 and "<a " not in svg and "<text" not in svg


SERIES_TEXT = "Anna Petrova: Customs seized 4 tonnes of cocaine in 2019.\n"


def _tables(doc_id: str, value: float, text: str, corrected: bool) -> dict:
    start = SERIES_TEXT.index(text)
    document = dict.fromkeys(SCHEMAS["documents"].names)
    document.update(
        doc_id=doc_id, source_path=f"{doc_id}.txt", sha256="x", title=f"Meeting {doc_id}", n_turns=1, n_words=9
    )
    document["date"] = date(2020, 1, 15)
    turn = {
        "doc_id": doc_id,
        "turn_id": 0,
        "speaker_id": "anna-petrova",
        "speaker_name": "Anna Petrova",
        "speaker_role": None,
        "speaker_label": "Anna Petrova",
        "text": SERIES_TEXT[13:-1],
        "char_start": 13,
        "char_end": len(SERIES_TEXT) - 1,
        "n_words": 9,
    }
    claim = dict.fromkeys(SCHEMAS["claims"].names)
    claim.update(
        doc_id=doc_id, turn_id=0, speaker_id="anna-petrova", char_start=start, char_end=start + len(text), text=text
    )
    claim.update(value=value, unit="tonne", dimension="mass", si_unit="kilogram", value_si=value * 1000)
    claim.update(qualifier="exact", measured="cocaine seizures", kind="level", entity_ids=[], editorial=False)
    claim.update(
        period_start=date(2019, 1, 1), period_end=date(2019, 12, 31), series_id="cocaine-seizure-kilogram-level-1"
    )
    claim["corrected"] = corrected
    return {"documents": document, "turns": turn, "claims": claim}


@pytest.fixture(scope="module")
def series_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("processed")
    rows = [_tables("port/a", 4, "4 tonnes", False), _tables("port/b", 4, "4 tonnes", True)]
    rows[1]["claims"]["value"], rows[1]["claims"]["value_si"] = 6.0, 6000.0  # a person corrected it to 6
    for name in ("documents", "turns", "claims"):
        write_table([r[name] for r in rows], SCHEMAS[name], folder / f"{name}.parquet")
    for name in ("entities", "problems"):
        write_table([], SCHEMAS[name], folder / f"{name}.parquet")
    series = {
        "series_id": "cocaine-seizure-kilogram-level-1",
        "label": "cocaine seizures",
        "measured_lemmas": "cocaine seizure",
        "scope_entity_id": None,
        "scope_name": None,
        "unit": "kilogram",
        "kind": "level",
        "n_claims": 2,
        "n_documents": 2,
        "n_speakers": 1,
        "first_period": date(2019, 1, 1),
        "last_period": date(2019, 12, 31),
    }
    write_table([series], SCHEMAS["series"], folder / "series.parquet")
    return build_report(folder, tolerance=0.1).parent


def test_the_index_links_to_the_series_and_the_series_index_draws_each_one(series_report):
    assert 'href="series/index.html"' in (series_report / "index.html").read_text(encoding="utf-8")
    index = (series_report / "series" / "index.html").read_text(encoding="utf-8")
    assert (
        "cocaine seizures" in index
        and index.count("<svg") == 1
        and series_file("cocaine-seizure-kilogram-level-1") in index
    )


def test_a_point_of_a_series_links_to_its_claim_highlighted_in_its_transcript(series_report):
    page = (series_report / "series" / series_file("cocaine-seizure-kilogram-level-1")).read_text(encoding="utf-8")
    start = SERIES_TEXT.index("4 tonnes")
    target = f"../documents/{page_name('port/a')}#claim-{start}-{start + 8}"
    assert f'<a href="{target}"><circle' in page
    document = (series_report / "documents" / page_name("port/a")).read_text(encoding="utf-8")
    assert f'id="claim-{start}-{start + 8}"' in document and "mark.claim:target" in document


def test_two_claims_about_the_same_period_that_disagree_are_shown_together(series_report):
    page = (series_report / "series" / series_file("cocaine-seizure-kilogram-level-1")).read_text(encoding="utf-8")
    flag = page.split('<div class="flag">')[1].split("</div>")[0]
    assert (
        "2019-01-01..2019-12-31" in flag
        and flag.count("4 tonnes") == 2
        and "(4,000," in flag
        and "(6,000," in flag
        and "33% apart" in flag
    )


def test_a_corrected_claim_is_marked_and_every_claim_has_its_correction_block(series_report):
    document = (series_report / "documents" / page_name("port/b")).read_text(encoding="utf-8")
    assert 'class="claim corrected"' in document and "✎ corrected" in document
    block = unescape(document.split("<pre>")[1].split("</pre>")[0])
    assert "doc_id: port/b" in block and "value: 6" in block and "period: '2019'" in block
