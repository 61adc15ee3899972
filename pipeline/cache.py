"""Per-document cache: one entry per document and stage, keyed by the file's content hash, its
path, the stage's parameters and a fingerprint of the code the stage runs.

Entries are plain bytes (JSON rows, or a spaCy DocBin) prefixed by the SHA-256 of the payload; a
read checks that hash, so a truncated or tampered entry is recomputed, never trusted.  Nothing is
pickled.  Entries are only read from inside the configured cache folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from datetime import date
from functools import cache
from pathlib import Path

from pipeline.io import write_atomic

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent
_DIGEST = re.compile(r"[0-9a-f]{64}")

# the source files each step's output depends on (all of them deps of dvc.yaml's extract stage).  A
# step's key also holds the key of the step before it, so its code is not repeated here: claims are
# keyed on the entities they name, hence on entities.py too.  Claims live in claims.py or in a
# claims/ package, whichever exists: both are fingerprinted.
STAGE_CODE = {
    "segment": ("segment.py", "speakers.py", "decode.py", "html.py", "gazetteers/role_words.txt"),
    "annotate": (
        "nlp.py",
        "components",
        "labels.py",
        "gazetteers/__init__.py",
        "gazetteers/agencies.yaml",
        "gazetteers/ambiguous_countries.yaml",
        "gazetteers/common_words.txt",
        "gazetteers/country_aliases.yaml",
        "gazetteers/criminal_groups.jsonl",
        "gazetteers/demonyms.yaml",
        "gazetteers/non_sovereign.txt",
        "gazetteers/people.jsonl",
        "gazetteers/role_words.txt",
        "speakers.py",
    ),
    "entities": (
        "entities.py",
        "speakers.py",
        "gazetteers/__init__.py",
        "gazetteers/ambiguous_countries.yaml",
        "gazetteers/common_words.txt",
        "gazetteers/country_aliases.yaml",
        "gazetteers/people.jsonl",
    ),
    "claims": ("claims", "periods.py", "entities.py", "gazetteers/units.yaml"),
}


@cache
def code_fingerprint(stage: str) -> str:
    """SHA-256 over the source files a stage runs, so that changed code invalidates its entries."""
    h = hashlib.sha256()
    for name in STAGE_CODE[stage]:
        path = PACKAGE / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc") if path.is_dir() else [path]
        # a path that does not exist counts by its name alone: moving claims.py into claims/ changes the key
        for f in files:
            h.update(f.relative_to(PACKAGE).as_posix().encode())
            h.update(f.read_bytes() if f.exists() else b"")
    return h.hexdigest()


def stage_key(stage: str, upstream: str, params: dict) -> str:
    """The key of a stage's entry for one document: what came before, the stage's params, its code."""
    blob = json.dumps([stage, upstream, params, code_fingerprint(stage)], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class Cache:
    """A folder of entries `<stage>/<key[:2]>/<key>`.  With `folder=None` nothing is stored."""

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder).resolve() if folder else None

    def _path(self, stage: str, key: str) -> str | None:
        if self.folder is None or not _DIGEST.fullmatch(key) or stage not in STAGE_CODE:
            return None  # keys are hex digests and stages are known: nothing can point outside the folder
        return f"{self.folder}/{stage}/{key[:2]}/{key}"

    def has(self, stage: str, key: str) -> bool:
        path = self._path(stage, key)
        return path is not None and os.path.exists(path)

    def get(self, stage: str, key: str) -> bytes | None:
        path = self._path(stage, key)
        if path is None or not os.path.exists(path):
            return None
        with open(path, "rb") as f:
            data = f.read()
        digest, _, payload = data.partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != digest:
            log.warning("cache entry %s/%s fails its hash check; recomputing", stage, key[:12])
            return None
        return payload

    def put(self, stage: str, key: str, payload: bytes) -> None:
        path = self._path(stage, key)
        if path is None:
            return
        digest = hashlib.sha256(payload).hexdigest().encode()
        write_atomic(Path(path), lambda tmp: Path(tmp).write_bytes(digest + b"\n" + payload))

    def get_json(self, stage: str, key: str):
        payload = self.get(stage, key)
        return None if payload is None else json.loads(payload)

    def put_json(self, stage: str, key: str, value) -> None:
        self.put(stage, key, json.dumps(value, default=_json_default, ensure_ascii=False).encode())


def _json_default(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
