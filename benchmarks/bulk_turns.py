"""The turns of the transcripts in a folder (../shared/corpus/bulk by default), read as the pipeline
reads them, for the benchmarks that time or count the claims rules on real speech."""

from __future__ import annotations

from pathlib import Path

from pipeline.io import decode_bytes, list_inputs
from pipeline.segment import segment_text, transcript_text

BULK = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bulk"


def bulk_turns(folder: Path, limit: int) -> list[tuple[str, dict]]:
    """(turn text, {doc_id, date}) of the first transcripts in the folder, up to `limit` turns."""
    items: list[tuple[str, dict]] = []
    for raw in list_inputs(folder):
        decoded = decode_bytes(raw.path.read_bytes(), raw.source_path)
        if decoded.text:
            seg = segment_text(transcript_text(decoded.text, raw.path.suffix))
            ctx = {"doc_id": raw.doc_id, "date": seg.date.isoformat() if seg.date else None}
            items += [(t.text, ctx) for t in seg.turns]
        if len(items) >= limit:
            break
    return items[:limit]
