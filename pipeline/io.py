"""Reading raw files and writing tables: decoding with a record of what went wrong, and atomic
Parquet writes with the schema of pipeline.schemas."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import Table

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


def record_batch(rows: pd.DataFrame | list[dict], table: Table) -> pa.RecordBatch:
    """Rows (dicts or a frame) as an Arrow batch with the table's schema; extra keys are ignored,
    missing columns are an error, dates may come as ISO strings (from the cache)."""
    if isinstance(rows, pd.DataFrame):
        missing = [c for c in table.names if c not in rows.columns]
        columns = {c: rows[c].tolist() for c in table.names if c in rows.columns}
    else:
        missing = [c for c in table.names if rows and c not in rows[0]]
        columns = {c: [r.get(c) for r in rows] for c in table.names}
    if missing:
        raise ValueError(f"{table.name}: missing columns {missing}")
    arrays = []
    for c in table.columns:
        values = columns[c.name]
        if isinstance(rows, pd.DataFrame):  # pandas' own missing values (NA, NaT) become None
            values = [None if _is_missing(v) else v for v in values]
        if c.type == pa.date32():
            values = [date.fromisoformat(v[:10]) if isinstance(v, str) else v for v in values]
        arrays.append(pa.array(values, type=c.type, from_pandas=True))
    return pa.RecordBatch.from_arrays(arrays, schema=table.arrow_schema())


def write_table(rows: pd.DataFrame | list[dict], table: Table, path: Path) -> Path:
    """Write rows with the table's schema to `path` atomically (temporary file, then rename)."""
    batch = record_batch(rows, table)
    write_atomic(path, lambda tmp: pq.write_table(pa.Table.from_batches([batch], schema=batch.schema), tmp))
    return Path(path)


class TableSink:
    """Streams rows of several tables into Parquet files in batches.  Each file is written under a
    temporary name and renamed into place by commit(); until then the previous outputs stay whole."""

    def __init__(self, out_dir: Path, tables: list[Table], *, batch_rows: int = 20_000):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.tables = {t.name: t for t in tables}
        self.batch_rows = batch_rows
        self.buffers: dict[str, list[dict]] = {t.name: [] for t in tables}
        self.temps: dict[str, str] = {}
        self.writers: dict[str, pq.ParquetWriter] = {}
        for t in tables:
            tmp = temporary_path(self.out_dir, f"{t.name}.parquet")
            self.temps[t.name] = tmp
            self.writers[t.name] = pq.ParquetWriter(tmp, t.arrow_schema())

    def add(self, name: str, rows: list[dict]) -> None:
        buf = self.buffers[name]
        buf.extend(rows)
        if len(buf) >= self.batch_rows:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if self.buffers[name]:
            self.writers[name].write_batch(record_batch(self.buffers[name], self.tables[name]))
            self.buffers[name] = []

    def commit(self) -> None:
        for name in self.tables:
            self._flush(name)
            self.writers[name].close()
        for name, tmp in self.temps.items():
            os.replace(tmp, self.out_dir / f"{name}.parquet")
        self.temps.clear()

    def abort(self) -> None:
        for name, tmp in self.temps.items():
            self.writers[name].close()
            if os.path.exists(tmp):
                os.unlink(tmp)
        self.temps.clear()

    def __enter__(self) -> TableSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort() if exc_type else self.commit()


def temporary_path(folder: Path, name: str) -> str:
    """A new hidden file beside the target, with the permissions a plain open() would give."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return tmp


def remove_stale_temporaries(folder: Path) -> int:
    """Temporary files a killed run left behind (`.NAME.*.tmp` for our tables, DuckDB file and
    metrics); returns how many were removed.  Other hidden files are left alone."""
    n = 0
    folder = Path(folder)
    found = (
        [p for suffix in ("parquet", "duckdb", "json") for p in folder.glob(f".*.{suffix}.*.tmp")]
        if folder.is_dir()
        else []
    )
    for p in found:
        p.unlink(missing_ok=True)
        n += 1
    return n


def _is_missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return v is pd.NaT or (not isinstance(v, (list, tuple, str, bytes)) and pd.isna(v) is True)


def write_atomic(path: Path, write) -> None:
    """Call write(tmp_path) then rename tmp_path over path, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(path.parent, path.name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_table(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()
