"""Doc -> entity rows, with linking: ISO3 for countries, slugs for bodies and groups, persons by
their full name (a surname alone is linked to the full name when the document has it)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

from pipeline.components.entities import TARGET_LABELS
from pipeline.speakers import speaker_id


def doc_entity_rows(doc: Doc, *, doc_id: str | None = None, turn_id: int | None = None, offset: int = 0) -> list[dict]:
    """One row per entity of `doc`; offsets shifted by `offset` (the turn's start in the transcript)."""
    names = doc.user_data.get("canonical_names", {})
    rows = []
    for ent in doc.ents:
        text = ent.text
        if not text.strip():
            continue
        entity_id = ent.kb_id_ or None
        canonical = names.get(entity_id) if entity_id else None
        if ent.label_ == "PERSON":
            canonical = text
            entity_id = speaker_id(text)
        rows.append(
            {
                "doc_id": doc_id,
                "turn_id": turn_id,
                "char_start": offset + ent.start_char,
                "char_end": offset + ent.end_char,
                "text": text,
                "label": ent.label_,
                "entity_id": entity_id,
                "canonical_name": canonical or (text if entity_id else None),
                "source": ent.id_ or "model",
                "entity_country": None,
                "corrected": False,
            }
        )
    return rows


def link_persons(rows: list[dict], known_names: Iterable[str] = ()) -> list[dict]:
    """Link 'Skvortsova' to 'Veronika Skvortsova' when the same document names her in full
    (in its text or as a speaker).  `rows` are one document's entity rows; changed in place."""
    full = [n for n in known_names if len(n.split()) > 1]
    full += [r["text"] for r in rows if r["label"] == "PERSON" and len(r["text"].split()) > 1]
    by_surname: dict[str, set[str]] = {}
    for name in full:
        by_surname.setdefault(name.split()[-1], set()).add(name)
    for r in rows:
        if r["label"] != "PERSON" or len(r["text"].split()) != 1:
            continue
        matches = by_surname.get(r["text"].rstrip("’'s"), set()) or by_surname.get(r["text"], set())
        if len(matches) == 1:
            name = next(iter(matches))
            r["entity_id"], r["canonical_name"] = speaker_id(name), name
    return rows


def surname_mentions(turns: Iterable[dict], rows: list[dict], known_names: Iterable[str]) -> list[dict]:
    """PERSON rows for the names and surnames of people the document names in full ('Kudrin' after
    'Alexei Kudrin'), where the model missed them.  `turns` carry doc_id, turn_id, char_start and the
    text the NLP saw (speech_text)."""
    full = {n for n in known_names if len(n.split()) > 1}
    full |= {r["text"] for r in rows if r["label"] == "PERSON" and len(r["text"].split()) > 1}
    forms: dict[str, str] = {}
    for name in full:
        forms[name] = name
        surname = name.split()[-1]
        if len(surname) > 2 and surname[0].isupper():
            forms.setdefault(surname, name)
    if not forms:
        return []
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")(?![\w-])"
    )
    taken = [(r["char_start"], r["char_end"]) for r in rows if r["label"] in TARGET_LABELS]
    added = []
    for t in turns:
        text, offset = t.get("speech_text") or t["text"], int(t["char_start"])
        for m in pattern.finditer(text):
            start, end = offset + m.start(), offset + m.end()
            if any(a < end and start < b for a, b in taken):
                continue
            name = forms[m.group(1)]
            added.append(
                {
                    "doc_id": t["doc_id"],
                    "turn_id": int(t["turn_id"]),
                    "char_start": start,
                    "char_end": end,
                    "text": m.group(1),
                    "label": "PERSON",
                    "entity_id": speaker_id(name),
                    "canonical_name": name,
                    "source": "rule",
                    "entity_country": None,
                    "corrected": False,
                }
            )
            taken.append((start, end))
    # a model entity of another label under a found name ('Kudrin’s programme' as WORK_OF_ART) gives way
    rows[:] = [
        r
        for r in rows
        if r["label"] in TARGET_LABELS
        or not any(a["char_start"] < r["char_end"] and r["char_start"] < a["char_end"] for a in added)
    ]
    return added


def entity_rows(doc) -> list[dict]:
    """Entity rows of one annotated turn, its ids and offset taken from doc.user_data."""
    ctx = doc.user_data
    return doc_entity_rows(doc, doc_id=ctx.get("doc_id"), turn_id=ctx.get("turn_id"), offset=ctx.get("offset", 0))


def link_document_persons(rows: list[dict], turns: list[dict]) -> list[dict]:
    """One document's entity rows: surnames linked to full names, and mentions of named people the
    model missed added."""
    from pipeline.speakers import is_role_only

    names = sorted({t["speaker_name"] for t in turns if not is_role_only(t["speaker_name"])})
    rows = rows + surname_mentions(turns, rows, names)  # also drops model entities under the names
    return sorted(link_persons(rows, names), key=lambda r: (r["turn_id"], r["char_start"]))
