"""Doc -> entity rows, with linking: ISO3 for countries, slugs for bodies and groups, persons by
their full name (a surname alone is linked to the full name when the document has it)."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

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
        rows.append({"doc_id": doc_id, "turn_id": turn_id, "char_start": offset + ent.start_char,
                     "char_end": offset + ent.end_char, "text": text, "label": ent.label_,
                     "entity_id": entity_id, "canonical_name": canonical or (text if entity_id else None),
                     "source": ent.id_ or "model"})
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
