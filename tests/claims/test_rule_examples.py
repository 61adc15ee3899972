"""Every example of every rule in pipeline/claims/rules/*.yaml, run through the model: the claim has
the fields the example gives and the rule fired for it (or, for a rule that drops amounts, the piece
gives no claim and the rule dropped it).  A model upgrade that moves a parse fails the rule it moved."""

from __future__ import annotations

import math

import pytest

from pipeline.claims.registry import catalog

CASES = [
    pytest.param(rule, example, id=f"{rule.id}-{n}")
    for rule in catalog().values()
    for n, example in enumerate(rule.examples)
]


def _same(got, want) -> bool:
    if want is None:
        return got is None
    if isinstance(want, bool) or isinstance(got, bool):
        return got == want
    if isinstance(want, int | float) and isinstance(got, int | float):
        return math.isclose(got, want, rel_tol=1e-9)
    return str(got) == str(want)


def _overlaps(start: int, end: int, piece: tuple[int, int]) -> bool:
    return start < piece[1] and piece[0] < end


@pytest.mark.model
@pytest.mark.parametrize("rule, example", CASES)
def test_rule_example(claims_of, rule, example):
    found = claims_of(example.text, example.date)
    piece_text = example.not_claim or example.claim
    at = example.text.find(piece_text)
    assert at >= 0, f"{piece_text!r} is not in the example's text"
    piece = (at, at + len(piece_text))
    dropped = [r for r, s, e in found.rejected if _overlaps(s, e, piece)]
    if example.not_claim is not None:
        assert not [row["text"] for row, _ in found if _overlaps(row["char_start"], row["char_end"], piece)]
        assert rule.id in dropped, dropped
        return
    hits = [(row, claim) for row, claim in found if example.claim in row["text"]]
    assert len(hits) == 1, [row["text"] for row, _ in found]
    row, claim = hits[0]
    assert rule.id in claim.fired() or rule.id in dropped, claim.fired()
    if rule.module in ("measured", "kind", "period"):
        assert row[f"{rule.module}_rule"] == rule.id  # the rule decided its field last
    wrong = {f: row[f] for f, want in example.expect.items() if not _same(row[f], want)}
    assert not wrong, f"want {example.expect}"
