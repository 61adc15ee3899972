"""The review site: an index of documents and one page per document with its turns, entities
highlighted by label (displaCy colours) and claims highlighted with their fields on hover.

Static files, no server, no external assets; every piece of transcript text is HTML-escaped.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from itertools import pairwise
from pathlib import Path

import pandas as pd

from pipeline.corrections import correction_yaml
from pipeline.io import read_table, write_atomic
from pipeline.labels import TARGET_LABELS

COLOURS = {
    "COUNTRY": "#feca74",
    "AGENCY": "#7aecec",
    "CRIMINAL_GROUP": "#ff8197",
    "PERSON": "#aa9cfc",
    "CLAIM": "#c7f0a4",
}
OTHER_COLOUR = "#e4e7d2"

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:70em;padding:1em 2em;color:#222}
h1{font-size:1.5em;margin:.3em 0}.meta{color:#555}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}th{background:#f4f4f4}
td:first-child{white-space:nowrap}
.filters{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.5em 0;z-index:2}
.filters label{margin-right:1em;white-space:nowrap}.swatch{display:inline-block;width:.9em;height:.9em;border-radius:3px;vertical-align:-1px}
.turn{margin:1em 0}.speaker{font-weight:600;margin:0}.role{font-weight:400;color:#666}
.text{white-space:pre-wrap;margin:.2em 0 0}
mark{padding:.15em 0;color:inherit;background:none}
mark.ent .tag{font-size:.65em;font-weight:700;margin-left:.3em;text-transform:uppercase;vertical-align:middle;opacity:.8}
mark.claim{border-bottom:2px solid #5a9e2f}
.hidden-turn{display:none}.problems{color:#a00}
mark.claim:target{outline:3px solid #e8590c;background:#ffe8cc}
mark.corrected{border-bottom-style:dashed;border-bottom-color:#7048e8}.corrected-tag{color:#7048e8;font-size:.8em}
details.fix summary{cursor:pointer;color:#555;font-size:.85em}details.fix pre{background:#f6f6f6;padding:.4em;font-size:.8em;white-space:pre-wrap}
svg.chart{background:#fafafa;border:1px solid #ddd}svg.chart a circle:hover{stroke:#e8590c;stroke-width:3}
.flag{background:#fff4e6;border-left:4px solid #e8590c;padding:.4em .8em;margin:.5em 0}
nav a{margin-right:1em}
"""

SCRIPT = """
document.querySelectorAll('input[data-label]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.label, !box.checked);
  });
  document.body.classList.toggle('hide-' + box.dataset.label, !box.checked);
});
document.querySelectorAll('button.copy').forEach(function (b) {
  b.addEventListener('click', function () {
    var text = b.parentNode.querySelector('pre').textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text);
  });
});
var speaker = document.getElementById('speaker');
if (speaker) speaker.addEventListener('change', function () {
  document.querySelectorAll('.turn').forEach(function (turn) {
    turn.classList.toggle('hidden-turn', speaker.value !== '' && turn.dataset.speaker !== speaker.value);
  });
});
"""


def _label_css(labels) -> str:
    rules = []
    for label in labels:
        colour = COLOURS.get(label, OTHER_COLOUR)
        rules.append(
            f'mark[data-label="{label}"]{{background:{colour}}}'
            f'.hide-{label} mark[data-label="{label}"]{{background:none;border:0}}'
            f'.hide-{label} mark[data-label="{label}"] .tag{{display:none}}'
        )
    return "\n".join(rules)


def page_name(doc_id: str) -> str:
    """A file name for any doc_id (slashes, spaces, non-ASCII letters): a slug and a short hash."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip("-")[:80] or "document"
    return f"{slug}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}.html"


def _fmt(value) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return f"{value:,.10g}"
    return str(value)


def claim_title(c: dict) -> str:
    period = f"{_fmt(c.get('period_start'))}..{_fmt(c.get('period_end'))}" if _fmt(c.get("period_start")) else ""
    value = _fmt(c.get("value"))
    if _fmt(c.get("value_high")):
        value = f"{_fmt(c.get('value_low'))}–{_fmt(c.get('value_high'))}"
    parts = [
        ("value", value),
        ("unit", _fmt(c.get("unit"))),
        ("qualifier", _fmt(c.get("qualifier"))),
        ("measured", _fmt(c.get("measured"))),
        ("kind", _fmt(c.get("kind"))),
        ("direction", _fmt(c.get("direction"))),
        ("period", period),
        ("period text", _fmt(c.get("period_text"))),
    ]
    return " · ".join(f"{k}: {v}" for k, v in parts if v)


def claim_anchor(c: dict) -> str:
    """The id of a claim's mark on its document page: its characters, unique in the document."""
    return f"claim-{int(c['char_start'])}-{int(c['char_end'])}"


def claim_link(c: dict, prefix: str = "../documents/") -> str:
    """Where a claim is highlighted: its document page at its anchor."""
    return f"{prefix}{page_name(c['doc_id'])}#{claim_anchor(c)}"


def _is_true(value) -> bool:
    """True for a set boolean flag (Python or NumPy); False for False, null and NaN."""
    try:
        return bool(value) and not pd.isna(value)
    except (TypeError, ValueError):
        return False


def entity_title(e: dict) -> str:
    return " · ".join(p for p in (e["label"], _fmt(e.get("entity_id")), _fmt(e.get("canonical_name"))) if p)


def highlight(text: str, offset: int, entities: list[dict], claims: list[dict]) -> str:
    """The turn's text as HTML: escaped, with <mark> elements for entities and claims.  Spans that
    cross are cut at each other's edges, so the markup always nests."""
    spans = [("claim", c["char_start"] - offset, c["char_end"] - offset, c) for c in claims]
    spans += [("ent", e["char_start"] - offset, e["char_end"] - offset, e) for e in entities]
    spans = [s for s in spans if 0 <= s[1] < s[2] <= len(text)]
    cuts = sorted({0, len(text), *(s[1] for s in spans), *(s[2] for s in spans)})
    out = []
    anchored: set[int] = set()
    for a, b in pairwise(cuts):
        piece = escape(text[a:b])
        for kind, _start, end, row in sorted(
            (s for s in spans if s[1] <= a and b <= s[2]), key=lambda s: s[0] == "claim"
        ):
            if kind == "ent":
                tag = f'<span class="tag">{escape(row["label"])}</span>' if end == b else ""
                corrected = " corrected" if _is_true(row.get("corrected")) else ""
                piece = (
                    f'<mark class="ent{corrected}" data-label="{escape(row["label"])}" title="{escape(entity_title(row))}">'
                    f"{piece}{tag}</mark>"
                )
            else:
                # the first piece of a claim carries its anchor, the target of the series pages' links
                anchor = "" if id(row) in anchored else f' id="{claim_anchor(row)}"'
                anchored.add(id(row))
                corrected = " corrected" if _is_true(row.get("corrected")) else ""
                piece = (
                    f'<mark class="claim{corrected}" data-label="CLAIM"{anchor} title="{escape(claim_title(row))}">'
                    f"{piece}</mark>"
                )
        out.append(piece)
    return "".join(out)


def _page(title: str, body: str, labels=()) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width"><style>{STYLE}{_label_css(labels)}</style></head>\n'
        f"<body>\n{body}\n<script>{SCRIPT}</script></body></html>\n"
    )


def _filters(labels, speakers: list[tuple[str, str]]) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-label="{escape(label)}"{" checked" if label in TARGET_LABELS + ("CLAIM",) else ""}> '
        f'<span class="swatch" style="background:{COLOURS.get(label, OTHER_COLOUR)}"></span> {escape(label)}</label>'
        for label in labels
    )
    options = "".join(f'<option value="{escape(sid)}">{escape(name)}</option>' for sid, name in speakers)
    return (
        f'<div class="filters">{boxes}<label>Speaker <select id="speaker"><option value="">all</option>'
        f"{options}</select></label></div>"
    )


def document_page(
    document: dict,
    turns: list[dict],
    entities: list[dict],
    claims: list[dict],
    problems: list[dict],
    series_labels: dict | None = None,
) -> str:
    labels = [
        label
        for label in ("CLAIM", *TARGET_LABELS)
        if (label == "CLAIM" and claims) or any(e["label"] == label for e in entities)
    ]
    labels += sorted({e["label"] for e in entities} - set(TARGET_LABELS))
    speakers = list(dict.fromkeys((t["speaker_id"], t["speaker_name"]) for t in turns))
    ents_by_turn: dict[int, list] = {}
    for e in entities:
        ents_by_turn.setdefault(e["turn_id"], []).append(e)
    claims_by_turn: dict[int, list] = {}
    for c in claims:
        claims_by_turn.setdefault(c["turn_id"], []).append(c)
    parts = [
        '<nav><a href="../index.html">← All documents</a></nav>',
        f"<h1>{escape(_fmt(document.get('title')) or document['doc_id'])}</h1>",
    ]
    meta = " · ".join(escape(_fmt(document.get(k))) for k in ("date", "time", "place") if _fmt(document.get(k)))
    parts.append(f'<p class="meta">{meta} · <code>{escape(document["doc_id"])}</code></p>')
    if problems:
        parts.append(
            '<ul class="problems">'
            + "".join(
                f"<li>{escape(p['severity'])}: {escape(p['code'])}: {escape(p['message'])}</li>" for p in problems
            )
            + "</ul>"
        )
    parts.append(_filters(labels, speakers))
    for t in turns:
        role = (
            f' <span class="role">{escape(_fmt(t.get("speaker_role")))}</span>' if _fmt(t.get("speaker_role")) else ""
        )
        body = highlight(
            t["text"], t["char_start"], ents_by_turn.get(t["turn_id"], []), claims_by_turn.get(t["turn_id"], [])
        )
        parts.append(
            f'<section class="turn" data-speaker="{escape(t["speaker_id"])}">'
            f'<p class="speaker">{escape(_fmt(t["speaker_name"]))}{role}</p><p class="text">{body}</p></section>'
        )
    if claims:
        names = dict(speakers)
        rows = "".join(_claim_row(c, names, series_labels) for c in sorted(claims, key=lambda c: c["char_start"]))
        parts.append(
            "<h2>Claims</h2><table><tr><th>speaker</th><th>text</th><th>value</th><th>unit</th><th>qualifier</th>"
            f"<th>measured</th><th>kind</th><th>period</th><th>series</th><th>correction</th></tr>{rows}</table>"
        )
    return _page(_fmt(document.get("title")) or document["doc_id"], "\n".join(parts), labels)


def _claim_row(c: dict, names: dict, series_labels: dict | None = None) -> str:
    period = f"{_fmt(c.get('period_start'))}..{_fmt(c.get('period_end'))}" if _fmt(c.get("period_start")) else ""
    sid = _fmt(c.get("series_id"))
    label = (series_labels or {}).get(sid) or sid
    series = f'<a href="../series/{escape(series_file(sid))}" title="{escape(sid)}">{escape(label)}</a>' if sid else ""
    corrected = CORRECTED_TAG if _is_true(c.get("corrected")) else ""
    fix = (
        '<details class="fix"><summary>copy as correction</summary><pre>'
        f'{escape(correction_yaml(c))}</pre><button class="copy" type="button">copy</button></details>'
    )
    return (
        f"<tr><td>{escape(names.get(c.get('speaker_id'), ''))}</td>"
        f'<td><a href="#{claim_anchor(c)}">{escape(c["text"])}</a>{corrected}</td>'
        f"<td>{escape(_fmt(c.get('value')))}</td><td>{escape(_fmt(c.get('unit')))}</td>"
        f"<td>{escape(_fmt(c.get('qualifier')))}</td><td>{escape(_fmt(c.get('measured')))}</td>"
        f"<td>{escape(_fmt(c.get('kind')))}</td><td>{escape(period)}</td><td>{series}</td><td>{fix}</td></tr>"
    )


def index_page(
    documents: pd.DataFrame, turns: pd.DataFrame, entities: pd.DataFrame, claims: pd.DataFrame, problems: pd.DataFrame
) -> str:
    rows = []
    target = entities[entities["label"].isin(TARGET_LABELS)] if len(entities) else entities
    n_ents = target.groupby("doc_id").size() if len(target) else pd.Series(dtype=int)
    n_claims = claims.groupby("doc_id").size() if len(claims) else pd.Series(dtype=int)
    speakers = turns.groupby("doc_id")["speaker_name"].agg(lambda s: list(dict.fromkeys(s))) if len(turns) else {}
    probs = problems.groupby("doc_id")["code"].agg(list) if len(problems) else {}
    for d in documents.sort_values(["date", "doc_id"], na_position="last").to_dict("records"):
        doc_id = d["doc_id"]
        rows.append(
            f"<tr><td>{escape(_fmt(d['date']))}</td>"
            f'<td><a href="documents/{escape(page_name(doc_id))}">{escape(_fmt(d["title"]) or doc_id)}</a></td>'
            f"<td>{escape(', '.join(speakers.get(doc_id, [])))}</td><td>{int(d['n_turns'])}</td>"
            f"<td>{int(n_ents.get(doc_id, 0))}</td><td>{int(n_claims.get(doc_id, 0))}</td>"
            f'<td class="problems">{escape(", ".join(probs.get(doc_id, [])))}</td></tr>'
        )
    body = [
        f'<h1>Transcripts</h1><p class="meta">{len(documents)} documents, {len(turns)} turns, '
        f"{len(target)} entities, {len(claims)} claims, {len(problems)} problems</p>",
        "<table><tr><th>date</th><th>title</th><th>speakers</th><th>turns</th><th>entities</th><th>claims</th>"
        f"<th>problems</th></tr>{''.join(rows)}</table>",
    ]
    unread = problems[~problems["doc_id"].isin(set(documents["doc_id"]))] if len(problems) else problems
    if len(unread):
        body.append(
            "<h2>Files that could not be read</h2><table><tr><th>file</th><th>code</th><th>message</th></tr>"
            + "".join(
                f"<tr><td>{escape(p['source_path'])}</td><td>{escape(p['code'])}</td><td>{escape(p['message'])}</td></tr>"
                for p in unread.to_dict("records")
            )
            + "</table>"
        )
    return _page("Transcripts", "\n".join(body))


# -- series ----------------------------------------------------------------------------------------
def series_file(series_id: str) -> str:
    """The file name of a series' page (series ids are slugs already; the hash keeps odd ones safe)."""
    return page_name(series_id)


def _x(value) -> float:
    return pd.Timestamp(value).timestamp()


def svg_chart(points: list[dict], *, width: int = 640, height: int = 240, small: bool = False) -> str:
    """An inline SVG line chart of a series: one circle per point (x: a date, y: a number), each a
    link to its `href` with its `title` on hover; axes labelled with the first and last dates and the
    lowest and highest values.  `small` draws a sparkline without labels or links.  No script, no
    external asset; every text is escaped."""
    points = sorted((p for p in points if p.get("y") is not None and pd.notna(p.get("x"))), key=lambda p: _x(p["x"]))
    if not points:
        return ""
    pad_l, pad_r, pad_t, pad_b = (4, 4, 4, 4) if small else (70, 16, 12, 28)
    xs, ys = [_x(p["x"]) for p in points], [float(p["y"]) for p in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(min(ys), 0.0), max(max(ys), 0.0)
    x1, y1 = (x1 if x1 > x0 else x0 + 1), (y1 if y1 > y0 else y0 + 1)

    def px(x: float) -> float:
        return round(pad_l + (x - x0) / (x1 - x0) * (width - pad_l - pad_r), 1)

    def py(y: float) -> float:
        return round(height - pad_b - (y - y0) / (y1 - y0) * (height - pad_t - pad_b), 1)

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    line = " ".join(f"{px(x)},{py(y)}" for x, y in zip(xs, ys, strict=True))
    parts.append(f'<polyline points="{line}" fill="none" stroke="#5a9e2f" stroke-width="1.5"/>')
    if y0 < 0 < y1:
        parts.append(f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{py(0)}" y2="{py(0)}" stroke="#bbb"/>')
    radius = 2 if small else 5
    for p, x, y in zip(points, xs, ys, strict=True):
        circle = f'<circle cx="{px(x)}" cy="{py(y)}" r="{radius}" fill="{p.get("colour", "#2b8a3e")}">'
        circle += f"<title>{escape(str(p.get('title', '')))}</title></circle>"
        if not small and p.get("href"):
            circle = f'<a href="{escape(p["href"])}">{circle}</a>'
        parts.append(circle)
    if not small:
        axis = 'font-size="11" fill="#555"'
        parts.append(f'<text x="{pad_l - 6}" y="{py(y1) + 4}" text-anchor="end" {axis}>{escape(_fmt(y1))}</text>')
        parts.append(f'<text x="{pad_l - 6}" y="{py(y0) + 4}" text-anchor="end" {axis}>{escape(_fmt(y0))}</text>')
        first, last = pd.Timestamp(points[0]["x"]).date(), pd.Timestamp(points[-1]["x"]).date()
        parts.append(f'<text x="{pad_l}" y="{height - 8}" {axis}>{escape(str(first))}</text>')
        parts.append(f'<text x="{width - pad_r}" y="{height - 8}" text-anchor="end" {axis}>{escape(str(last))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _middle(start, end):
    if pd.isna(start):
        return None
    if pd.isna(end):
        return pd.Timestamp(start)
    return pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2


def series_points(obs: pd.DataFrame, *, prefix: str = "../documents/") -> list[dict]:
    """Chart points of a series' observations: at the middle of each period, linked to the claim."""
    points = []
    for o in obs.to_dict("records"):
        period = (
            f"{_fmt(o['period_start'])}..{_fmt(o['period_end'])}" if o.get("period_stated") else _fmt(o["period_start"])
        )
        points.append(
            {
                "x": _middle(o["period_start"], o["period_end"]),
                "y": o["value"],
                "href": claim_link(o, prefix),
                "title": f"{o['text']} ({_fmt(o['value'])} {o['unit']}), {period}, {_fmt(o.get('speaker_name'))}",
                "colour": "#7048e8" if _is_true(o.get("corrected")) else "#2b8a3e",
            }
        )
    return points


def _series_name(s: dict) -> str:
    scope = (
        f" ({_fmt(s.get('scope_name')) or _fmt(s.get('scope_entity_id'))})" if _fmt(s.get("scope_entity_id")) else ""
    )
    return f"{_fmt(s['label'])}{scope}"


def series_index_page(series: pd.DataFrame, obs: pd.DataFrame, flags: pd.DataFrame) -> str:
    """series/index.html: every series with a sparkline, its unit, kind, counts and contradiction flags."""
    by_series = dict(tuple(obs.groupby("series_id"))) if len(obs) else {}
    n_flags = flags.groupby("series_id").size().to_dict() if len(flags) else {}
    rows = []
    for s in series.sort_values(["n_claims", "series_id"], ascending=[False, True]).to_dict("records"):
        sid = s["series_id"]
        chart = svg_chart(series_points(by_series.get(sid, obs.iloc[0:0])), width=160, height=40, small=True)
        flag = f'<span class="problems">{n_flags[sid]} ⚑</span>' if sid in n_flags else ""
        rows.append(
            f'<tr><td><a href="{escape(series_file(sid))}">{escape(_series_name(s))}</a></td><td>{chart}</td>'
            f"<td>{escape(_fmt(s['unit']))}</td><td>{escape(_fmt(s['kind']))}</td><td>{int(s['n_claims'])}</td>"
            f"<td>{int(s['n_documents'])}</td><td>{int(s['n_speakers'])}</td>"
            f"<td>{escape(_fmt(s['first_period']))} – {escape(_fmt(s['last_period']))}</td><td>{flag}</td></tr>"
        )
    body = [
        '<nav><a href="../index.html">← All documents</a></nav>',
        f'<h1>Series</h1><p class="meta">{len(series)} series, {int(series["n_claims"].sum()) if len(series) else 0} '
        f"claims: the same statistic stated in several transcripts. Open one to follow its points to the sentences.</p>",
        "<table><tr><th>series</th><th>chart</th><th>unit</th><th>kind</th><th>claims</th><th>documents</th>"
        f"<th>speakers</th><th>periods</th><th>contradictions</th></tr>{''.join(rows)}</table>",
    ]
    return _page("Series", "\n".join(body))


CORRECTED_TAG = ' <span class="corrected-tag">✎ corrected</span>'


def _observation_row(o: dict) -> str:
    period = escape(_fmt(o["period_start"]))
    period += f"..{escape(_fmt(o['period_end']))}" if o["period_stated"] else " (meeting date)"
    corrected = CORRECTED_TAG if _is_true(o.get("corrected")) else ""
    return (
        f"<tr><td>{period}</td><td>{escape(_fmt(o['value']))}</td>"
        f'<td><a href="{escape(claim_link(o))}">{escape(o["text"])}</a>{corrected}</td>'
        f"<td>{escape(_fmt(o.get('speaker_name')))}</td><td>{escape(_fmt(o.get('document_date')))}</td>"
        f"<td><code>{escape(o['doc_id'])}</code></td></tr>"
    )


def series_page_html(s: dict, obs: pd.DataFrame, flags: pd.DataFrame) -> str:
    """series/<id>.html: the chart (each point links to its claim in its transcript), the claims, and
    the pairs of claims about the same period that disagree."""
    obs = obs.sort_values(["period_start", "doc_id", "char_start"], na_position="last")
    rows = "".join(_observation_row(o) for o in obs.to_dict("records"))
    flag_html = "".join(
        f'<div class="flag">⚑ {escape(_fmt(f["period_start"]))}..{escape(_fmt(f["period_end"]))}: '
        f'<a href="{escape(claim_link({"doc_id": f["a_doc_id"], "char_start": f["a_char_start"], "char_end": f["a_char_end"]}))}">'
        f"{escape(f['a_text'])}</a> ({escape(_fmt(f['a_value']))}, {escape(_fmt(f['a_speaker_name']))}) vs "
        f'<a href="{escape(claim_link({"doc_id": f["b_doc_id"], "char_start": f["b_char_start"], "char_end": f["b_char_end"]}))}">'
        f"{escape(f['b_text'])}</a> ({escape(_fmt(f['b_value']))}, {escape(_fmt(f['b_speaker_name']))}): "
        f"{f['relative_difference']:.0%} apart</div>"
        for f in flags.to_dict("records")
    )
    scope = _fmt(s.get("scope_name")) or _fmt(s.get("scope_entity_id"))
    body = [
        '<nav><a href="index.html">← All series</a><a href="../index.html">All documents</a></nav>',
        f"<h1>{escape(_series_name(s))}</h1>",
        f'<p class="meta">{escape(_fmt(s["unit"]))} · {escape(_fmt(s["kind"]))}'
        f"{' · scope ' + escape(scope) if scope else ''} · measured: {escape(_fmt(s['measured_lemmas']))} · "
        f"{int(s['n_claims'])} claims in {int(s['n_documents'])} documents by {int(s['n_speakers'])} speakers · "
        f"<code>{escape(s['series_id'])}</code></p>",
        svg_chart(series_points(obs)),
        '<p class="meta">Each point is a claim at the middle of its period (the meeting date when it states none); '
        "click one to read it highlighted in its transcript.</p>",
    ]
    if flag_html:
        body += ["<h2>Contradictions</h2>", flag_html]
    body.append(
        "<h2>Claims</h2><table><tr><th>period</th><th>value</th><th>claim</th><th>speaker</th><th>meeting</th>"
        f"<th>document</th></tr>{rows}</table>"
    )
    return _page(_series_name(s), "\n".join(body))


def build_series_pages(
    report_dir: Path,
    series: pd.DataFrame,
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    turns: pd.DataFrame,
    *,
    tolerance: float,
) -> None:
    from pipeline.series import contradictions, observations

    (report_dir / "series").mkdir(parents=True, exist_ok=True)
    obs = observations(claims, documents, turns)
    flags = contradictions(obs, claims, tolerance=tolerance)
    by_series = dict(tuple(obs.groupby("series_id"))) if len(obs) else {}
    flags_by = dict(tuple(flags.groupby("series_id"))) if len(flags) else {}
    for s in series.to_dict("records"):
        html = series_page_html(
            s, by_series.get(s["series_id"], obs.iloc[0:0]), flags_by.get(s["series_id"], flags.iloc[0:0])
        )
        write_atomic(
            report_dir / "series" / series_file(s["series_id"]),
            lambda tmp, html=html: Path(tmp).write_text(html, encoding="utf-8"),
        )
    index = series_index_page(series, obs, flags)
    write_atomic(report_dir / "series" / "index.html", lambda tmp: Path(tmp).write_text(index, encoding="utf-8"))


def build_report(processed_dir: Path, report_dir: Path | None = None, *, tolerance: float | None = None) -> Path:
    """index.html, documents/*.html and (when series.parquet is there) series/*.html from the
    processed tables; returns the index's path.  `tolerance`: how far apart two claims of a series
    about the same period may be before they are flagged (pipeline.series.DEFAULT_TOLERANCE)."""
    from pipeline.schemas import SERIES
    from pipeline.series import DEFAULT_TOLERANCE

    processed_dir = Path(processed_dir)
    report_dir = Path(report_dir) if report_dir else processed_dir / "report"
    tables = {
        n: read_table(processed_dir / f"{n}.parquet") for n in ("documents", "turns", "entities", "claims", "problems")
    }
    by_doc = {n: dict(tuple(f.groupby("doc_id"))) if len(f) else {} for n, f in tables.items()}
    series_path = processed_dir / "series.parquet"
    series = read_table(series_path) if series_path.exists() else pd.DataFrame(columns=SERIES.names)
    series_labels = {s["series_id"]: _series_name(s) for s in series.to_dict("records")}
    (report_dir / "documents").mkdir(parents=True, exist_ok=True)
    for document in tables["documents"].to_dict("records"):
        doc_id = document["doc_id"]
        rows = {n: (by_doc[n][doc_id].to_dict("records") if doc_id in by_doc[n] else []) for n in by_doc}
        html = document_page(
            document,
            sorted(rows["turns"], key=lambda t: t["turn_id"]),
            rows["entities"],
            rows["claims"],
            rows["problems"],
            series_labels,
        )
        write_atomic(
            report_dir / "documents" / page_name(doc_id),
            lambda tmp, html=html: Path(tmp).write_text(html, encoding="utf-8"),
        )
    if len(series):
        build_series_pages(
            report_dir,
            series,
            tables["claims"],
            tables["documents"],
            tables["turns"],
            tolerance=DEFAULT_TOLERANCE if tolerance is None else tolerance,
        )
    index = index_page(tables["documents"], tables["turns"], tables["entities"], tables["claims"], tables["problems"])
    if len(series):
        index = index.replace(
            "<h1>Transcripts</h1>",
            f'<nav><a href="series/index.html">Series ({len(series)})</a></nav><h1>Transcripts</h1>',
            1,
        )
    write_atomic(report_dir / "index.html", lambda tmp: Path(tmp).write_text(index, encoding="utf-8"))
    return report_dir / "index.html"
