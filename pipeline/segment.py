"""Transcript text -> header fields, speaker turns, non-speech segments and footer fields.

Pure functions, no spaCy.  All offsets index the decoded text as it is (line endings kept), so
that `text[turn.char_start:turn.char_end] == turn.text` always holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from pipeline.speakers import Label, SpeakerResolver, is_role_only, match_label, speaker_id

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
# Lines of "See also" box contents looked at before giving up on finding its closing date.
_SEE_ALSO_MAX_LINES = 6


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
    """A header date line ('March 11, 2013') as a date, via dateparser."""
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


def _footer_start(lines: list[Line], body_start: int) -> int:
    """Index of the first footer line (Geography, Topics, Persons, Publication status...)."""
    return next((j for j in range(body_start, len(lines)) if _is_footer_line(lines[j].text)), len(lines))


def _see_also_end(lines: list[Line], j: int, stop: int) -> int:
    """Index past the last line of the 'See also' box opening at line j (its closing date line)."""
    last = j
    for k in range(j + 1, min(j + 1 + _SEE_ALSO_MAX_LINES, stop)):
        s = lines[k].text.strip()
        if _DATE_RANGE_LINE.match(s) or _is_date_line(s):
            last = k
            # a box may list several items, each a title and a date
            if k + 2 < stop and lines[k + 1].text.strip() and _DATE_RANGE_LINE.match(lines[k + 2].text.strip()):
                continue
            break
    return last + 1


def _classify_body(lines: list[Line], start: int, stop: int) -> list[tuple[str, int, int, Label | None]]:
    """(kind, first line, past last line, label) for each paragraph group between start and stop.

    kind is 'speech', 'label' (speech with a label), or a non-speech kind."""
    out: list[tuple[str, int, int, Label | None]] = []
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
                if j + 1 < stop and lines[j + 1].text.strip() and match_label(lines[j + 1].text.strip()) is None
                else j + 1
            )
            out.append(("caption", j, end, None))
            j = end
            continue
        elif _STAGE_DIRECTION.match(s):
            out.append(("stage_direction", j, j + 1, None))
        else:
            label = match_label(lines[j].text.lstrip())
            out.append(("label" if label else "speech", j, j + 1, label))
        j += 1
    return out


def segment_text(text: str) -> Segmentation:
    """Split a transcript into header fields, turns, non-speech segments and footer fields."""
    seg = Segmentation()
    lines = split_lines(text)
    body_start = _parse_header(lines, seg)
    footer = _footer_start(lines, body_start)
    _parse_footer(lines, footer, seg)
    groups = _classify_body(lines, body_start, footer)
    # Only labels of known people or roles open turns once the speech has begun: a single capitalised
    # word before a colon ("Note:") is a label only if it is a role word or a surname seen in a label.
    labelled = [g for g in groups if g[0] == "label"]
    full_names = {g[3].core.split()[-1] for g in labelled if len(g[3].core.split()) > 1}
    groups = [
        ("speech", a, b, None)
        if k == "label" and len(lab.core.split()) == 1 and not is_role_only(lab.core) and lab.core not in full_names
        else (k, a, b, lab)
        for k, a, b, lab in groups
    ]
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
    resolver = SpeakerResolver([g[3].core for g in groups if g[0] == "label"])
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
