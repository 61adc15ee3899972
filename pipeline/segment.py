"""Transcript text -> header fields, speaker turns, non-speech segments and footer fields.

Pure functions, no spaCy.  All offsets index the decoded text as it is (line endings kept), so
that `text[turn.char_start:turn.char_end] == turn.text` always holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING

from pipeline.speakers import (
    PROSE_WORDS,
    DocumentNames,
    Label,
    SpeakerResolver,
    is_person_caption,
    looks_like_label,
    match_label,
    speaker_id,
)

if TYPE_CHECKING:
    from pipeline.io import RawFile

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_LINE = re.compile(rf"^(?:{MONTHS}) \d{{1,2}}, \d{{4}}$")
_DATE_RANGE_LINE = re.compile(rf"^(?:{MONTHS}) \d{{1,2}}(?:\s*[-–−]\s*(?:(?:{MONTHS}) )?\d{{1,2}})?, \d{{4}}$")
_TIME_LINE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_PHOTO_COUNTER = re.compile(r"^\d+ of \d+$")
_SEPARATOR = re.compile(r"^\*(?:\s*\*)+$")
_ELISION = re.compile(r"^(?:<\s*(?:…|\.\.\.)\s*>|\[\s*(?:…|\.\.\.)\s*\])$")
_STAGE_DIRECTION = re.compile(r"^\([^()]*(?:\([^()]*\)[^()]*)*\)\.?$")
FOOTER_HEADS = ("Geography", "Topics", "Persons", "Organisations", "Publication status")
_FOOTER_LINE = re.compile(r"^(?:Published in sections?:|Publication date:|Text version$)")
SEE_ALSO = "See also"
# Lines of one "See also" item (a heading such as 'Additional', a title, its date) looked at for its date.
_SEE_ALSO_ITEM_LINES = 3


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # past the last character, before "\r\n" / "\n"
    text: str


@dataclass
class Segment:
    """A stretch of the spoken part that is not speech (stage direction, caption, box...)."""

    kind: str
    char_start: int
    char_end: int


@dataclass
class Turn:
    turn_id: int
    speaker_id: str
    speaker_name: str
    speaker_role: str | None
    speaker_label: str
    char_start: int
    char_end: int
    text: str


@dataclass
class Segmentation:
    title: str | None = None
    summary: str | None = None
    date: date | None = None
    time: str | None = None
    place: str | None = None
    topics: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)  # the footer's Persons entries ('Erdogan Recep Tayyip')
    spoken_start: int = 0
    spoken_end: int = 0
    turns: list[Turn] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


def split_lines(text: str) -> list[Line]:
    """Every line with its offsets; '\r' before '\n' is not part of the line."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped_end = end - 1 if raw.endswith("\r") else end
        lines.append(Line(pos, stripped_end, text[pos:stripped_end]))
        pos = end + 1
    return lines


def parse_date(line: str) -> date | None:
    """A header date line ('March 11, 2013') as a date: the usual form read directly, any other
    via dateparser (3.5 ms a call)."""
    if _DATE_LINE.match(line):
        try:
            return datetime.strptime(line, "%B %d, %Y").date()
        except ValueError:  # 'February 30, 2013': dateparser says what it makes of it
            pass
    import dateparser  # imported lazily: it costs about a second to import

    parsed = dateparser.parse(line, languages=["en"], settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text.strip()))


def _looks_like_place(text: str) -> bool:
    s = text.strip()
    return (
        0 < len(s) <= 80
        and s[-1] not in '.!?:;,"”'
        and not _PHOTO_COUNTER.match(s)
        and not _SEPARATOR.match(s)
        and match_label(s) is None
        and s[:1].isupper()
    )


def _parse_header(lines: list[Line], seg: Segmentation) -> int:
    """Fill title, summary, date, time and place; return the index of the first body line."""
    i = 0
    n = len(lines)
    while i < n and not lines[i].text.strip():
        i += 1
    if i < n and lines[i].text.strip() == "Events":
        i += 1
    if i < n:
        seg.title = lines[i].text.strip() or None
        i += 1
    date_at = next((k for k in range(i, min(i + 4, n)) if _is_date_line(lines[k].text)), None)
    if date_at is None:
        return i
    summary = " ".join(line.text.strip() for line in lines[i:date_at] if line.text.strip())
    seg.summary = summary or None
    seg.date = parse_date(lines[date_at].text.strip())
    i = date_at + 1
    if i < n and _TIME_LINE.match(lines[i].text.strip()):
        hh, mm = _TIME_LINE.match(lines[i].text.strip()).groups()
        seg.time = f"{int(hh):02d}:{mm}"
        i += 1
    if i < n and _looks_like_place(lines[i].text) and not _is_footer_line(lines[i].text):
        seg.place = lines[i].text.strip()
        i += 1
    return i


def _is_footer_line(text: str) -> bool:
    s = text.strip()
    return s in FOOTER_HEADS or bool(_FOOTER_LINE.match(s))


def _parse_footer(lines: list[Line], start: int, seg: Segmentation) -> None:
    block = None
    for line in lines[start:]:
        s = line.text.strip()
        if not s:
            continue
        if s in FOOTER_HEADS:
            block = s
            continue
        m = re.match(r"^Published in sections?:\s*(.*)$", s)
        if m:
            seg.sections = [x.strip() for x in m.group(1).split(",") if x.strip()]
            block = None
        elif _FOOTER_LINE.match(s):
            block = None
        elif block == "Topics":
            seg.topics.append(s)
        elif block == "Persons":
            seg.persons.append(s)


def _footer_start(lines: list[Line], body_start: int) -> int:
    """Index of the first footer line (Geography, Topics, Persons, Publication status...)."""
    return next((j for j in range(body_start, len(lines)) if _is_footer_line(lines[j].text)), len(lines))


def _see_also_end(lines: list[Line], j: int, stop: int) -> int:
    """Index past the last line of the 'See also' box opening at line j: its items are a title (after
    an optional heading such as 'Additional') and a date each; a last title without a date may stand
    right before the footer."""
    last, k = j, j + 1
    while k < stop:
        date_at = next(
            (x for x in range(k, min(k + _SEE_ALSO_ITEM_LINES, stop)) if _is_date_or_range(lines[x].text.strip())),
            None,
        )
        if date_at is None:
            break
        last, k = date_at, date_at + 1
    if last == j and j + 2 == stop and lines[j + 1].text.strip():
        last = j + 1  # 'See also' and one title, then the footer
    return last + 1


def _is_date_or_range(s: str) -> bool:
    return bool(_DATE_RANGE_LINE.match(s) or _DATE_LINE.match(s))


# Photo captions name who stands where, or the photographer ('Georgy Poltavchenko (right) and
# Alexander Beglov.', '... Photo: TASS', 'From left to right: ...').
_PHOTO_MARK = re.compile(
    r"\((?:left|right|centre|center|second (?:from )?(?:left|right)|foreground|background)\)"
    r"|\bPhoto(?:s|graph)?(?: by)?:\s|\b[Ll]eft to right:"
)
# 'At the meeting with Government members.': a caption is the event's title, after a preposition
_CAPTION_OPENER = re.compile(r"^(?:at|during|before|after|following|with)\s+(?:(?:the|a|an)\s+)?", re.I)
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_STOP_WORDS = frozenset("a an the of on in at to for with and by from during before after following".split())
# A paragraph wholly between typographic quotes (either way round: the site prints both “…” and ”…“).
_QUOTED_PARAGRAPH = re.compile(r"^[“”«\"](?P<inner>[^“”«»\"]+)[”“»\"]\.?$")
PULL_QUOTE_MIN_WORDS = 8  # a quoted paragraph this long that repeats the speech is a pull quote
REPEAT_MIN_WORDS = 12  # an unquoted paragraph this long repeated from another is one too
QUOTE_CONTAINMENT = 0.8  # share of a pull quote's word 4-grams found in one other paragraph
REPEAT_CONTAINMENT = 0.9
CAPTION_MAX_WORDS = 60


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _STOP_WORDS]


def is_title_caption(paragraph: str, title: str | None) -> bool:
    """'Vladimir Putin’s annual news conference.', 'At the Tver Carriage Works.': a photo caption that
    repeats the event's title (its first sentence; a second may name people or the photographer).
    Every content word of that sentence is a word of the title, at least two of them."""
    s = paragraph.strip()
    if not title or not s[:1].isupper() or s[-1:] in "!?,:;" or len(s.split()) > CAPTION_MAX_WORDS:
        return False
    first = _CAPTION_OPENER.sub("", s.split(". ")[0].rstrip("."))
    if any(w in PROSE_WORDS for w in first.split()):
        return False
    words = _content_words(first)
    return len(words) >= 2 and set(words) <= set(_content_words(title))


def _ngrams(words: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def pull_quotes(paragraphs: list[str]) -> set[int]:
    """Indices of paragraphs that repeat another paragraph of the document as a pull quote: one wholly
    in typographic quotes whose words are (80% of its 4-grams) in another paragraph, or an unquoted one
    of 12 words or more found nearly whole (90%) in a longer one, or the first of two that are the same.
    A run of repeated paragraphs (a page that prints a passage twice) is not a pull quote."""
    grams = []
    for p in paragraphs:
        m = _QUOTED_PARAGRAPH.match(p.strip())
        words = _WORD.findall((m.group("inner") if m else p).lower().replace("’", "'"))
        grams.append((bool(m), len(words), _ngrams(words)))
    index: dict[tuple[str, ...], set[int]] = {}
    for i, (_, _, g) in enumerate(grams):
        for gram in g:
            index.setdefault(gram, set()).add(i)
    nonblank = [i for i, p in enumerate(paragraphs) if p.strip()]
    position = {i: n for n, i in enumerate(nonblank)}
    repeats: dict[int, int] = {}  # paragraph -> the one it repeats
    for i, (quoted, n_words, g) in enumerate(grams):
        if n_words < (PULL_QUOTE_MIN_WORDS if quoted else REPEAT_MIN_WORDS) or not g:
            continue
        shared: dict[int, int] = {}
        for gram in g:
            for k in index[gram]:
                if k != i:
                    shared[k] = shared.get(k, 0) + 1
        for k, n in sorted(shared.items()):
            if grams[k][0]:
                continue
            share = n / len(g)
            longer_or_first = grams[k][1] > n_words or (grams[k][1] == n_words and i < k and repeats.get(k) != i)
            if (quoted and share >= QUOTE_CONTAINMENT) or (share >= REPEAT_CONTAINMENT and longer_or_first):
                repeats[i] = k

    def neighbour(i: int, step: int) -> int | None:
        n = position[i] + step
        return nonblank[n] if 0 <= n < len(nonblank) else None

    def in_run(i: int, k: int) -> bool:
        for step in (-1, 1):
            a, b = neighbour(i, step), neighbour(k, step)
            if (
                a is not None
                and b is not None
                and a != k
                and b != i
                and (repeats.get(a) == b or repeats.get(b) == a or paragraphs[a].strip() == paragraphs[b].strip())
            ):
                return True
        return False

    return {i for i, k in repeats.items() if not in_run(i, k)}


def furniture_kind(paragraph: str, title: str | None, names: DocumentNames | None) -> str | None:
    """'caption' for a photo caption between paragraphs (a title, people and their places, a
    photographer, a person's title and name alone), else None."""
    s = paragraph.strip()
    if len(s.split()) <= CAPTION_MAX_WORDS and _PHOTO_MARK.search(s):
        return "caption"
    if is_title_caption(s, title) or is_person_caption(s, names):
        return "caption"
    return None


def document_names(lines: list[Line], start: int, stop: int, text: str, persons: list[str]) -> DocumentNames:
    """The people a document names (footer Persons, 'Mr X' in the text), with the names of its
    labels that are a name alone ('Recep Tayyip Erdogan:'), which later labels and splits rely on."""
    names = DocumentNames.from_text(text, persons)
    cores = [label.core for j in range(start, stop) if (label := match_label(lines[j].text.lstrip(), names))]
    names.add_label_names(cores)  # a name found in a label is evidence for the others
    return names


def _classify_body(
    lines: list[Line], start: int, stop: int, title: str | None = None, names: DocumentNames | None = None
) -> list[tuple[str, int, int, Label | None]]:
    """(kind, first line, past last line, label) for each paragraph group between start and stop.

    kind is 'speech', 'label' (speech with a label), or a non-speech kind."""
    out: list[tuple[str, int, int, Label | None]] = []
    texts = [lines[j].text.strip() for j in range(start, stop)]
    quoted = {start + i for i in pull_quotes(texts)}
    j = start
    while j < stop:
        s = lines[j].text.strip()
        if not s:
            j += 1
            continue
        if _SEPARATOR.match(s):
            out.append(("separator", j, j + 1, None))
        elif _ELISION.match(s):
            out.append(("elision", j, j + 1, None))
        elif s == SEE_ALSO:
            end = _see_also_end(lines, j, stop)
            out.append(("see_also", j, end, None))
            j = end
            continue
        elif _PHOTO_COUNTER.match(s):
            end = (
                j + 2
                if j + 1 < stop and lines[j + 1].text.strip() and match_label(lines[j + 1].text.strip(), names) is None
                else j + 1
            )
            out.append(("caption", j, end, None))
            j = end
            continue
        elif _STAGE_DIRECTION.match(s):
            out.append(("stage_direction", j, j + 1, None))
        elif (label := match_label(lines[j].text.lstrip(), names)) is not None:
            out.append(("label", j, j + 1, label))
        else:
            kind = furniture_kind(s, title, names) or ("pull_quote" if j in quoted else "speech")
            out.append((kind, j, j + 1, None))
        j += 1
    return out


def segment_text(text: str) -> Segmentation:
    """Split a transcript into header fields, turns, non-speech segments and footer fields."""
    seg = Segmentation()
    lines = split_lines(text)
    body_start = _parse_header(lines, seg)
    footer = _footer_start(lines, body_start)
    _parse_footer(lines, footer, seg)
    names = document_names(lines, body_start, footer, text, seg.persons)
    groups = _classify_body(lines, body_start, footer, seg.title, names)
    first_label = next((n for n, g in enumerate(groups) if g[0] == "label"), None)
    first_sep = next((n for n, g in enumerate(groups) if g[0] == "separator"), None)
    if first_sep is not None and (first_label is None or first_sep < first_label):
        spoken_from = first_sep
    elif first_label is not None:
        spoken_from = first_label
    else:
        spoken_from = len(groups)
    seg.spoken_start = (
        lines[groups[spoken_from][1]].start
        if spoken_from < len(groups)
        else (lines[body_start].start if body_start < len(lines) else len(text))
    )
    seg.spoken_end = max(seg.spoken_start, lines[footer - 1].end if footer > 0 and footer <= len(lines) else len(text))
    if footer < len(lines) and footer > body_start:
        seg.spoken_end = lines[footer - 1].end
    # Everything before the first label in the spoken part is a preamble ("Excerpts from ...").
    resolver = SpeakerResolver([g[3].core for g in groups if g[0] == "label"], names)
    current: dict | None = None
    turns: list[dict] = []

    def close() -> None:
        if current is not None and current["speech"]:
            turns.append(current)
        elif current is not None:
            seg.segments.append(Segment("empty_label", current["label_start"], current["label_end"]))

    for kind, a, b, label in groups[spoken_from:]:
        first, last = lines[a], lines[b - 1]
        if kind == "label":
            close()
            indent = len(first.text) - len(first.text.lstrip())
            label_start = first.start + indent
            label_end = label_start + label.end
            name, role = resolver.resolve(label.core)
            current = {
                "label": label,
                "name": name,
                "role": role,
                "speech": [],
                "label_start": label_start,
                "label_end": label_end,
            }
            seg.segments.append(Segment("label", label_start, label_end))
            rest = text[label_end : first.end]
            if rest.strip():
                rest_start = label_end + len(rest) - len(rest.lstrip())
                rest_end = first.end - (len(rest) - len(rest.rstrip()))
                if _STAGE_DIRECTION.match(rest.strip()):
                    seg.segments.append(Segment("stage_direction", rest_start, rest_end))
                else:
                    current["speech"].append((rest_start, rest_end))
        elif kind == "speech":
            start = first.start + len(first.text) - len(first.text.lstrip())
            end = first.end - (len(first.text) - len(first.text.rstrip()))
            if current is None:
                seg.segments.append(Segment("preamble", start, end))
            else:
                current["speech"].append((start, end))
        else:
            seg.segments.append(Segment(kind, first.start, last.end))
    close()
    for n, t in enumerate(turns):
        start, end = t["speech"][0][0], t["speech"][-1][1]
        seg.turns.append(
            Turn(
                turn_id=n,
                speaker_id=speaker_id(t["name"]),
                speaker_name=t["name"],
                speaker_role=t["role"],
                speaker_label=t["label"].written,
                char_start=start,
                char_end=end,
                text=text[start:end],
            )
        )
    if not seg.turns and seg.spoken_end > seg.spoken_start and text[seg.spoken_start : seg.spoken_end].strip():
        seg.warnings.append(("no_speaker_labels", "no speaker labels in the text: kept as a document without turns"))
    return seg


def non_speech_in(seg: Segmentation, start: int, end: int) -> list[Segment]:
    """The non-speech segments lying inside [start, end) (captions or stage directions inside a turn)."""
    return [s for s in seg.segments if s.char_start >= start and s.char_end <= end and s.kind != "label"]


def mask_non_speech(text: str, offset: int, segments: list[Segment]) -> str:
    """`text` (starting at `offset` in the document) with non-speech stretches blanked out by
    spaces, so that nothing is extracted from them while every offset stays the same."""
    chars = list(text)
    for s in segments:
        for k in range(max(s.char_start - offset, 0), min(s.char_end - offset, len(chars))):
            if chars[k] not in "\r\n":
                chars[k] = " "
    return "".join(chars)


def invariant_violations(text: str, seg: Segmentation) -> Counter:
    """What must hold for every segmentation, counted where it does not: offsets index the text,
    no empty turns, turn_id runs 0..n-1, turns never overlap, no label inside a turn, and every
    non-blank character of the spoken part lies in a turn or a recorded non-speech segment."""
    v: Counter = Counter()
    for n, t in enumerate(seg.turns):
        v["offset"] += text[t.char_start : t.char_end] != t.text
        v["empty_turn"] += not t.text.strip()
        v["turn_id"] += t.turn_id != n
    covered = bytearray(len(text))
    for lo, hi in [(t.char_start, t.char_end) for t in seg.turns] + [(s.char_start, s.char_end) for s in seg.segments]:
        covered[lo:hi] = b"\x01" * (hi - lo)
    spans = sorted((t.char_start, t.char_end) for t in seg.turns)
    v["turn_overlap"] += sum(a[1] > b[0] for a, b in pairwise(spans))
    v["label_inside_turn"] += sum(
        1
        for s in seg.segments
        if s.kind == "label"
        for t in seg.turns
        if t.char_start < s.char_end and s.char_start < t.char_end
    )
    if seg.turns:
        v["uncovered_char"] += sum(
            1 for i in range(seg.spoken_start, seg.spoken_end) if not covered[i] and not text[i].isspace()
        )
    return v


def rejected_label_openings(text: str, seg: Segmentation) -> list[tuple[int, str]]:
    """(offset, head) of each paragraph of the spoken part that opens like a label
    (`speakers.looks_like_label`) but does not start a turn: the list a person reviews for real
    labels the segmenter rejected."""
    starts = {s.char_start for s in seg.segments if s.kind == "label"}
    out = []
    for line in split_lines(text):
        if not seg.spoken_start <= line.start < seg.spoken_end:
            continue
        stripped = line.text.lstrip()
        offset = line.start + len(line.text) - len(stripped)
        head = looks_like_label(stripped)
        if head is not None and offset not in starts:
            out.append((offset, head))
    return out


# -- a file's bytes -> rows ----------------------------------------------------------------------
def transcript_text(decoded: str, suffix: str = ".txt") -> str:
    """The text every offset indexes: the decoded file, or for an HTML page the text a reader sees."""
    from pipeline.html import html_to_text, looks_like_html  # selectolax only for HTML pages

    if suffix.lower() in (".html", ".htm") or looks_like_html(decoded):
        return html_to_text(decoded)
    return decoded


def segment_document(raw: RawFile, data: bytes, *, max_bytes: int | None = None) -> dict:
    """Decode and segment one file's bytes into the rows of the documents, turns, segments and
    problems tables.  Never raises for bad input: problems are returned."""
    from pipeline.io import Problem, decode_bytes

    decoded = decode_bytes(data, raw.source_path, max_bytes=max_bytes)
    problems = [replace(p, doc_id=raw.doc_id) for p in decoded.problems]
    result = {"document": None, "turns": [], "segments": [], "problems": [asdict(p) for p in problems]}
    if decoded.text is None:
        return result
    text = transcript_text(decoded.text, raw.path.suffix)
    if text != decoded.text and not text.strip():
        result["problems"].append(
            asdict(
                Problem(
                    raw.source_path, "segment", "error", "empty_html", "the HTML page has no visible text", raw.doc_id
                )
            )
        )
        return result
    seg = segment_text(text)
    result["problems"] += [
        asdict(Problem(raw.source_path, "segment", "warning", code, msg, raw.doc_id)) for code, msg in seg.warnings
    ]
    turns = [
        {
            "doc_id": raw.doc_id,
            "turn_id": t.turn_id,
            "speaker_id": t.speaker_id,
            "speaker_name": t.speaker_name,
            "speaker_role": t.speaker_role,
            "speaker_label": t.speaker_label,
            "text": t.text,
            "char_start": t.char_start,
            "char_end": t.char_end,
            "n_words": len(t.text.split()),
        }
        for t in seg.turns
    ]
    for t in turns:  # the text the NLP sees: captions and stage directions inside a turn blanked out
        inner = non_speech_in(seg, t["char_start"], t["char_end"])
        t["speech_text"] = mask_non_speech(t["text"], t["char_start"], inner) if inner else t["text"]
    spoken = text[seg.spoken_start : seg.spoken_end]
    result["turns"] = turns
    result["segments"] = [
        {
            "doc_id": raw.doc_id,
            "kind": s.kind,
            "char_start": s.char_start,
            "char_end": s.char_end,
            "text": text[s.char_start : s.char_end],
        }
        for s in seg.segments
    ]
    result["document"] = {
        "doc_id": raw.doc_id,
        "source_path": raw.source_path,
        "sha256": decoded.sha256,
        "title": seg.title,
        "summary": seg.summary,
        "date": seg.date.isoformat() if seg.date else None,
        "time": seg.time,
        "place": seg.place,
        "topics": seg.topics,
        "sections": seg.sections,
        "n_turns": len(turns),
        "n_words": sum(t["n_words"] for t in turns) if turns else len(spoken.split()),
        "spoken_start": seg.spoken_start,
        "spoken_end": seg.spoken_end,
        "encoding": decoded.encoding,
    }
    return result
