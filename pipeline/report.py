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
"""

SCRIPT = """
document.querySelectorAll('input[data-label]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.label, !box.checked);
  });
  document.body.classList.toggle('hide-' + box.dataset.label, !box.checked);
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
    for a, b in pairwise(cuts):
        piece = escape(text[a:b])
        for kind, _start, end, row in sorted(
            (s for s in spans if s[1] <= a and b <= s[2]), key=lambda s: s[0] == "claim"
        ):
            if kind == "ent":
                tag = f'<span class="tag">{escape(row["label"])}</span>' if end == b else ""
                piece = (
                    f'<mark class="ent" data-label="{escape(row["label"])}" title="{escape(entity_title(row))}">'
                    f"{piece}{tag}</mark>"
                )
            else:
                piece = f'<mark class="claim" data-label="CLAIM" title="{escape(claim_title(row))}">{piece}</mark>'
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
    document: dict, turns: list[dict], entities: list[dict], claims: list[dict], problems: list[dict]
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
        rows = "".join(
            f"<tr><td>{escape(names.get(c['speaker_id'], ''))}</td><td>{escape(c['text'])}</td>"
            f"<td>{escape(_fmt(c['value']))}</td><td>{escape(_fmt(c['unit']))}</td><td>{escape(_fmt(c['qualifier']))}</td>"
            f"<td>{escape(_fmt(c['measured']))}</td><td>{escape(_fmt(c['kind']))}</td>"
            f"<td>{escape(_fmt(c['period_start']))}{'..' if _fmt(c['period_start']) else ''}{escape(_fmt(c['period_end']))}</td></tr>"
            for c in claims
        )
        parts.append(
            "<h2>Claims</h2><table><tr><th>speaker</th><th>text</th><th>value</th><th>unit</th><th>qualifier</th>"
            f"<th>measured</th><th>kind</th><th>period</th></tr>{rows}</table>"
        )
    return _page(_fmt(document.get("title")) or document["doc_id"], "\n".join(parts), labels)


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


def build_report(processed_dir: Path, report_dir: Path | None = None) -> Path:
    """index.html and documents/*.html from the processed tables; returns the index's path."""
    processed_dir = Path(processed_dir)
    report_dir = Path(report_dir) if report_dir else processed_dir / "report"
    tables = {
        n: read_table(processed_dir / f"{n}.parquet") for n in ("documents", "turns", "entities", "claims", "problems")
    }
    by_doc = {n: dict(tuple(f.groupby("doc_id"))) if len(f) else {} for n, f in tables.items()}
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
        )
        write_atomic(
            report_dir / "documents" / page_name(doc_id),
            lambda tmp, html=html: Path(tmp).write_text(html, encoding="utf-8"),
        )
    index = index_page(tables["documents"], tables["turns"], tables["entities"], tables["claims"], tables["problems"])
    write_atomic(report_dir / "index.html", lambda tmp: Path(tmp).write_text(index, encoding="utf-8"))
    return report_dir / "index.html"
