"""Tables out: Parquet files written atomically with the catalog's schema (pipeline.schemas), every
batch validated before it is written; one run at a time per output folder (a lock).

Reading raw transcripts lives in pipeline.decode; its names are importable from here too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.decode import INPUT_SUFFIXES, Decoded, Problem, RawFile, decode_bytes, list_inputs
from pipeline.schemas import Table, TableError

__all__ = [
    "INPUT_SUFFIXES",
    "Decoded",
    "OutputLocked",
    "Problem",
    "RawFile",
    "TableSink",
    "decode_bytes",
    "list_inputs",
    "output_lock",
    "read_table",
    "record_batch",
    "remove_stale_temporaries",
    "temporary_path",
    "write_atomic",
    "write_table",
]
LOCK_NAME = ".transcript-stats.lock"


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
        elif c.type == pa.int64() and any(isinstance(v, float) and v == v and not v.is_integer() for v in values):
            # Arrow would truncate 2.5 to 2 without a word
            raise TableError(f"{table.name}: column {c.name!r} holds a fraction where an integer belongs")
        arrays.append(pa.array(values, type=c.type, from_pandas=True))
    return pa.RecordBatch.from_arrays(arrays, schema=table.arrow_schema())


def write_table(rows: pd.DataFrame | list[dict], table: Table, path: Path) -> Path:
    """Validate rows against the catalog and write them with the table's schema to `path`
    atomically (temporary file, then rename)."""
    batch = record_batch(rows, table)
    table.validate(batch)
    write_atomic(path, lambda tmp: pq.write_table(pa.Table.from_batches([batch], schema=batch.schema), tmp))
    return Path(path)


class TableSink:
    """Streams rows of several tables into Parquet files in batches, each batch validated (its key
    across the whole file is checked by the tables stage, which reads it whole).  Each file is
    written under a temporary name and renamed into place by commit(); until then the previous
    outputs stay whole."""

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
            batch = record_batch(self.buffers[name], self.tables[name])
            self.tables[name].validate(batch, check_key=False)
            self.writers[name].write_batch(batch)
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
        if exc_type:
            self.abort()
            return
        try:
            self.commit()  # every table is flushed and validated before any file is renamed into place
        except BaseException:
            self.abort()
            raise


def temporary_path(folder: Path, name: str) -> str:
    """A new hidden file beside the target, with the permissions a plain open() would give."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    return tmp


def remove_stale_temporaries(folder: Path) -> int:
    """Temporary files (and folders) a killed run left behind (`.NAME.*.tmp` for our tables, the
    DuckDB file, JSON, CSV and HTML outputs); returns how many were removed.  Other hidden files are left alone."""
    n = 0
    folder = Path(folder)
    suffixes = ("parquet", "duckdb", "json", "csv", "html")
    found = [p for suffix in suffixes for p in folder.glob(f".*.{suffix}.*.tmp")] if folder.is_dir() else []
    for p in found:
        shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
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


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


@contextmanager
def output_lock(folder: Path):
    """Hold the output folder for one run: a second run on the same folder raises OutputLocked at
    once (before it writes anything) instead of interleaving its writes.  An OS-level lock
    (filelock), released when the process ends, even when it is killed."""
    from filelock import FileLock, Timeout

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputLocked(f"{folder} is being written by another run; try again when it has finished") from None
    try:
        yield
    finally:
        lock.release()
