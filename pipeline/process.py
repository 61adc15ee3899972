"""One plan per document: segment, annotate, entities, claims, in that order, each looked up in the
cache first and computed only when missing.

`plan_document` reads a file's bytes (once) and makes the cache key of every step; `process_batch`,
the unit of work of every engine (in-process, a process pool, a Dask cluster), carries out the plans
of a few documents and returns their rows.  The keys form a chain: each step's key is made of the
key of the step before it, the step's parameters and a fingerprint of its code, so a change
anywhere redoes that step and the steps after it, nothing before.

    segment <- the file's path and content hash, segment params
    annotate <- segment, the model and spaCy versions, parse (spaCy DocBins, kept when keep_annotations)
    entities <- annotate                                  (rows linked over the whole document)
    claims <- entities, claims params                     (claims name the entities of their sentence)
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

from pipeline.cache import Cache, stage_key
from pipeline.config import Settings
from pipeline.io import Problem, RawFile

log = logging.getLogger("pipeline")
STEPS = ("segment", "annotate", "entities", "claims")
OUTPUT_STEPS = ("segment", "entities", "claims")  # the steps whose entries hold rows


@dataclass
class Job:
    """One document's plan, as sent to a worker: its bytes travel with it, so workers need no shared disk."""

    raw: RawFile
    data: bytes | None  # None when the file could not be read, or when every step is in the cache
    sha256: str
    keys: dict[str, str]
    problem: Problem | None = None
    cached: bool = False  # every output step was in the cache when planned


@dataclass
class DocumentOutput:
    doc_id: str
    document: dict | None = None
    turns: list[dict] = field(default_factory=list)
    segments: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    computed: tuple[str, ...] = ()  # the steps that were not in the cache
    seconds: dict[str, float] = field(default_factory=dict)  # time per step (of the whole task, on its first document)


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


@lru_cache(maxsize=1)
def spacy_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("spacy")  # without importing spaCy: cached runs start fast


ANNOTATION_FORMAT = 2  # the layout of an annotate entry (_docbin_bytes): part of its key


def annotate_params(settings: Settings) -> dict:
    """What the spaCy pass depends on besides its code: the model, spaCy, and how it parses (in
    selective mode, also the claims' choice of the sentences to parse: pipeline.claims.needs)."""
    params = {
        "model": model_version(settings.model),
        "spacy": spacy_version(),
        "parse": settings.parse,
        "format": ANNOTATION_FORMAT,
    }
    if settings.parse == "selective":
        params["needs"] = needs_fingerprint()
    return params


@lru_cache(maxsize=1)
def needs_fingerprint() -> str:
    from pipeline.claims.needs import fingerprint

    return fingerprint()


def segment_key(source_path: str, sha256: str, settings: Settings) -> str:
    return stage_key("segment", f"{source_path}\0{sha256}", {"max_bytes": settings.max_bytes})


def document_keys(source_path: str, sha256: str, settings: Settings) -> dict[str, str]:
    segment = segment_key(source_path, sha256, settings)
    annotate = stage_key("annotate", segment, annotate_params(settings))
    entities = stage_key("entities", annotate, {})
    claims = stage_key("claims", entities, {"ton_means": settings.ton_means})
    return {"segment": segment, "annotate": annotate, "entities": entities, "claims": claims}


def plan_document(raw: RawFile, settings: Settings, cache: Cache) -> Job:
    """Read a file's bytes and make its cache keys.  The bytes are kept only when some step is
    missing from the cache; a file too large or unreadable gets its problem instead.  A file whose
    segmentation is not in the cache is planned as missing without the other keys (each holds the
    one before it, and the annotate key the claims code's `needs_fingerprint`): the worker makes them
    (`full_keys`), so that a cold run does not import the claims code before its workers start."""
    try:
        size = raw.path.stat().st_size
        if settings.max_bytes is not None and size > settings.max_bytes:
            message = f"file is {size:,} bytes, over the limit of {settings.max_bytes:,} (segment.max_bytes)"
            problem = Problem(raw.source_path, "segment", "error", "file_too_large", message, raw.doc_id)
            return Job(raw, None, "", {}, problem)
        data = raw.path.read_bytes()
    except OSError as e:
        message = f"could not read the file: {e.strerror or e}"
        return Job(raw, None, "", {}, Problem(raw.source_path, "segment", "error", "unreadable", message, raw.doc_id))
    sha = hashlib.sha256(data).hexdigest()
    segment = segment_key(raw.source_path, sha, settings)
    if not cache.has("segment", segment):
        return Job(raw, data, sha, {"segment": segment})
    keys = document_keys(raw.source_path, sha, settings)
    cached = all(cache.has(step, keys[step]) for step in OUTPUT_STEPS)
    return Job(raw, None if cached else data, sha, keys, cached=cached)


def full_keys(job: Job, settings: Settings) -> dict[str, str]:
    """Every step's key of a planned job (a plan may carry the segment key alone)."""
    if all(step in job.keys for step in STEPS):
        return job.keys
    return document_keys(job.raw.source_path, job.sha256, settings)


# -- annotate -------------------------------------------------------------------------------------
def turn_context(turn: dict, document: dict) -> dict:
    return {
        "doc_id": turn["doc_id"],
        "turn_id": int(turn["turn_id"]),
        "offset": int(turn["char_start"]),
        "speaker_id": turn["speaker_id"],
        "date": document.get("date"),
    }


def annotate(nlp, items, *, n_process: int = 1, batch_size: int = 64):
    """One spaCy pass: yields Docs with their context in doc.user_data."""
    for doc, ctx in nlp.pipe(items, as_tuples=True, n_process=n_process, batch_size=batch_size):
        doc.user_data.update(ctx)
        yield doc


def _docbin_bytes(docs) -> bytes:
    """A document's annotated turns as one cache entry: a DocBin, and the Docs' user data in one
    msgpack list beside it (a DocBin packs each Doc's user data on its own, and srsly looks up its
    msgpack extensions among the installed packages' entry points at every call: 0.6 ms a turn)."""
    import srsly
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=False)
    for d in docs:
        docbin.add(d)
    return srsly.msgpack_dumps({"docbin": docbin.to_bytes(), "user_data": [d.user_data for d in docs]})


@lru_cache(maxsize=1)
def _blank_vocab():
    """The vocab cached annotations are read with: a DocBin carries its own strings, so a blank
    English one reads it and no model is loaded.  One per process: spacy.blank takes 0.6 s."""
    import spacy

    return spacy.blank("en").vocab


def _docs_from_bytes(payload: bytes) -> list:
    import srsly
    from spacy.tokens import DocBin

    from pipeline.nlp import restore_sentence_starts

    entry = srsly.msgpack_loads(payload, use_list=False)  # sequences as tuples, as a DocBin gives them
    docs = list(DocBin().from_bytes(entry["docbin"]).get_docs(_blank_vocab()))
    for doc, user_data in zip(docs, entry["user_data"], strict=True):
        doc.user_data.update(user_data)
    return [restore_sentence_starts(d) for d in docs]


# -- the unit of work -----------------------------------------------------------------------------
@contextmanager
def _timed(seconds: dict[str, float], step: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - start


def process_batch(jobs: list[Job], settings: Settings) -> list[DocumentOutput]:
    """Carry out the plans of a few documents, using and filling the cache: segment each; then, for
    the documents whose entities or claims are missing, their annotated turns (from the cache, or
    one spaCy pass over all of them); then entities, then claims, which name the final entities."""
    cache = Cache(settings.cache_dir)
    seconds: dict[str, float] = {}
    jobs = [replace(job, keys=full_keys(job, settings)) if job.keys else job for job in jobs]
    outputs = [DocumentOutput(job.raw.doc_id) for job in jobs]
    readable = [(j, o) for j, o in zip(jobs, outputs, strict=True) if _segment(j, o, settings, cache, seconds)]

    lacking = []  # documents whose entities or claims are not (validly) in the cache
    for job, out in readable:
        if not out.turns:  # nothing to annotate: empty entries, so that the document counts as cached
            for step in ("entities", "claims"):
                if not cache.has(step, job.keys[step]):
                    cache.put_json(step, job.keys[step], [])
            continue
        with _timed(seconds, "cache"):
            entities = cache.get_json("entities", job.keys["entities"])
            claims = cache.get_json("claims", job.keys["claims"])
        out.entities, out.claims = entities or [], claims or []
        if entities is None or claims is None:
            lacking.append((job, out, entities is None, claims is None))
    if lacking:
        from pipeline.claims import document_claim_rows  # spaCy is imported only when something is computed
        from pipeline.entities import entity_rows, link_document_persons

        annotated = _annotated([(job, out) for job, out, *_ in lacking], cache, settings, seconds)
        for job, out, entities_missing, claims_missing in lacking:
            docs = annotated[job.raw.doc_id]
            if entities_missing:
                with _timed(seconds, "entities"):
                    out.entities = link_document_persons([r for d in docs for r in entity_rows(d)], out.turns)
                    cache.put_json("entities", job.keys["entities"], out.entities)
                out.computed += ("entities",)
            if claims_missing:
                with _timed(seconds, "claims"):
                    per_turn = entities_per_turn(out.entities, docs)
                    out.claims = document_claim_rows(docs, per_turn, ton_means=settings.ton_means)
                    cache.put_json("claims", job.keys["claims"], out.claims)
                out.computed += ("claims",)
    if outputs:
        outputs[0].seconds = seconds
    return outputs


def entities_per_turn(entities: list[dict], docs: list) -> list[list[dict]]:
    """A document's final entity rows (linked over the whole document) grouped by the annotated
    turns they belong to, in the order of `docs`: what the claims of each turn may name."""
    by_turn: dict[int, list[dict]] = {}
    for row in entities:
        by_turn.setdefault(int(row["turn_id"]), []).append(row)
    return [by_turn.get(int(d.user_data["turn_id"]), []) for d in docs]


def _segment(job: Job, out: DocumentOutput, settings: Settings, cache: Cache, seconds: dict[str, float]) -> bool:
    """The document's segmentation into `out`, from the cache or computed; False when the file
    could not be read at all."""
    from pipeline.segment import segment_document

    if not job.keys:  # unreadable or too large
        out.problems = [asdict(job.problem)] if job.problem else []
        return False
    with _timed(seconds, "cache"):
        seg = cache.get_json("segment", job.keys["segment"])
    if seg is None:
        data = job.data
        if data is None:  # planned as cached, but the entry is gone or failed its hash check
            log.info("%s: segment entry unreadable; reading the file again", job.raw.source_path)
            data = job.raw.path.read_bytes()
        with _timed(seconds, "segment"):
            seg = segment_document(job.raw, data, max_bytes=settings.max_bytes)
        cache.put_json("segment", job.keys["segment"], seg)
        out.computed += ("segment",)
    out.document, out.turns, out.segments, out.problems = (
        seg["document"],
        seg["turns"],
        seg["segments"],
        seg["problems"],
    )
    return True


def _annotated(pending: list[tuple[Job, DocumentOutput]], cache: Cache, settings: Settings, seconds) -> dict[str, list]:
    """Each pending document's annotated turns: from the cache, else one spaCy pass over all of them."""
    result: dict[str, list] = {}
    to_annotate = []
    for job, out in pending:
        with _timed(seconds, "cache"):
            payload = cache.get("annotate", job.keys["annotate"])
            if payload is not None:
                result[job.raw.doc_id] = _docs_from_bytes(payload)
        if payload is None:
            to_annotate.append((job, out))
    if to_annotate:
        from pipeline.nlp import build_nlp

        with _timed(seconds, "model_load"):
            nlp = build_nlp(settings.model, parse=settings.parse)
        items = ((t["speech_text"], turn_context(t, out.document)) for _, out in to_annotate for t in out.turns)
        with _timed(seconds, "annotate"):
            for doc in annotate(nlp, items, batch_size=settings.batch_size):
                result.setdefault(doc.user_data["doc_id"], []).append(doc)
        for job, out in to_annotate:
            out.computed += ("annotate",)
            if settings.keep_annotations:
                with _timed(seconds, "cache_annotations"):
                    cache.put("annotate", job.keys["annotate"], _docbin_bytes(result[job.raw.doc_id]))
    return result
