"""Raw files in: listing the transcripts of a folder and decoding their bytes, with a record of
what went wrong.  Kept apart from the writing of tables (pipeline.io) because the segment step's
cache key fingerprints this file: editing how tables are written must not redo every document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

INPUT_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Problem:
    source_path: str
    stage: str
    severity: str
    code: str
    message: str
    doc_id: str | None = None


@dataclass
class RawFile:
    path: Path
    source_path: str  # relative to the raw folder
    doc_id: str


@dataclass
class Decoded:
    text: str | None
    encoding: str | None
    sha256: str
    problems: list[Problem]


def list_inputs(raw_dir: Path) -> list[RawFile]:
    """Transcript files under raw_dir, sorted; doc_id is the relative path without its extension,
    so files of the same name in different subfolders both survive."""
    raw_dir = Path(raw_dir)
    files = []
    for p in sorted(raw_dir.rglob("*")):
        if (
            p.is_file()
            and p.suffix.lower() in INPUT_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
        ):
            rel = p.relative_to(raw_dir)
            files.append(RawFile(p, rel.as_posix(), rel.with_suffix("").as_posix()))
    return files


def decode_bytes(data: bytes, source_path: str, *, max_bytes: int | None = None) -> Decoded:
    """Decode a transcript's bytes: UTF-8 (BOM dropped), UTF-16 with BOM, else cp1252 with a warning.

    Line endings are kept as they are, so offsets index the text exactly as decoded."""
    sha = hashlib.sha256(data).hexdigest()

    def fail(code: str, message: str) -> Decoded:
        return Decoded(None, None, sha, [Problem(source_path, "segment", "error", code, message)])

    if max_bytes is not None and len(data) > max_bytes:
        return fail(
            "file_too_large", f"file is {len(data):,} bytes, over the limit of {max_bytes:,} (segment.max_bytes)"
        )
    if not data.strip():
        return fail("empty_file", "file is empty or holds only whitespace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", sha, [])
        except UnicodeDecodeError as e:
            return fail("undecodable", f"UTF-16 byte order mark but the bytes do not decode: {e.reason}")
    if data.startswith(b"%PDF") or b"\x00" in data[:4096]:
        return fail("binary_file", "file looks binary (PDF or NUL bytes), not a text transcript")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8", sha, [])
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    problems = []
    if "\ufffd" in text:
        return fail("undecodable", "bytes are neither UTF-8 nor cp1252; the file was not read")
    problems.append(
        Problem(
            source_path,
            "segment",
            "warning",
            "legacy_encoding",
            "file is not UTF-8; decoded as cp1252 (Windows Latin-1)",
        )
    )
    if text.strip() == "":
        return fail("empty_file", "file holds only whitespace")
    return Decoded(text, "cp1252", sha, problems)
