"""Which sentences of a turn the claims rules read the parse of, decided from their words alone, so
that the annotate step can run the tagger and the parser on those only (`annotate.parse: selective`).

- Every sentence the claims run on: the ones that pass the gate (`quantities.sentence_has_number`,
  a number, a number word or a word an amount pattern needs). The others are never read for claims.
- The one sentence before each of them, in the same turn: the topic rules read its subject or
  object ('Unemployment is falling. It now stands at 5 percent.': `syntax.topic_before`, used by
  `syntax.subject_of` and by `discourse.continue_conversation`). Never more than one sentence back
  (/work/notes/measured-parse-needs.md lists what the measured and discourse rules read).
- Sentence boundaries, not parses, of earlier sentences (discourse antecedents, assembly's
  currency_before): the annotate step keeps every sentence's boundary, parsed or not.

Sentences are token sequences (a spaCy Span or Doc; only the tokens' text is read).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import sys
from collections.abc import Sequence

from pipeline.claims import quantities

CONTEXT_BEFORE = 1  # sentences before a gated one whose parse the rules read (syntax.topic_before)


def needs_parse(sentence) -> bool:
    """Can the sentence hold a claim? (The gate the claims run on, so the two cannot disagree.)"""
    return quantities.sentence_has_number(sentence)


def parse_plan(sentences: Sequence) -> list[bool]:
    """For each sentence of a turn, in order: is its parse read by the claims rules?"""
    gated = [needs_parse(s) for s in sentences]
    return [any(gated[i : i + CONTEXT_BEFORE + 1]) for i in range(len(gated))]


def fingerprint() -> str:
    """A digest of everything that decides `parse_plan`: the gate's code and words, this module.
    It is part of the annotate step's cache key in selective mode, so a change to the gate redoes
    the spaCy pass, and other changes to the claims code do not."""
    parts = {
        "gate": inspect.getsource(quantities.sentence_has_number),
        "gate_words": sorted(quantities.GATE_WORDS),
        "number_token": quantities._NUM_TOKEN.pattern,
        "needs": inspect.getsource(sys.modules[__name__]),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
