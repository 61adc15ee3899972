"""Helpers of the claims tests: claims of a sentence through the model, and Docs built by hand
(words, heads, deps, POS) so that a parse walk is tested without the model."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

REF = "2013-03-11"
_VOCAB = spacy.blank("en").vocab


def parsed(words, heads, deps, pos, *, tags=None, lemmas=None, ents=None, spaces=None) -> Doc:
    """A Doc with the parse given: heads are token indices (a root is its own head)."""
    return Doc(
        _VOCAB,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags or [""] * len(words),
        lemmas=lemmas or [w.lower() for w in words],
        ents=ents,
    )


@pytest.fixture(scope="session")
def claims_of(nlp):
    """(row, claim) pairs of a text, as the pipeline makes them, with the rules each claim went
    through; rejected amounts in .rejected of the returned list."""
    from pipeline.claims.rows import claims_with_rows

    class Found(list):
        rejected: list

    def run(text: str, date: str | None = REF) -> Found:
        doc = nlp(text)
        doc.user_data.update({"doc_id": None, "turn_id": None, "offset": 0, "speaker_id": None})
        if date:
            doc.user_data["date"] = date
        rejected: list = []
        found = Found(claims_with_rows(doc, rejected=rejected))
        found.rejected = rejected
        return found

    return run


def one(found, surface: str):
    """The one (row, claim) whose text holds `surface`."""
    hits = [(row, claim) for row, claim in found if surface in row["text"]]
    assert len(hits) == 1, [row["text"] for row, _ in found]
    return hits[0]
