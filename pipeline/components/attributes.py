"""The matches of the model's attribute ruler, found by lookups instead of its `Matcher`.

The attribute ruler of the English models (tag -> POS and morphology, and some 70 exceptions) tries
each of its ~180 patterns at every token with spaCy's generic `Matcher`, which made it the most
expensive component after the NER (benchmarks/spacy_components.py). Its patterns are one or two
tokens on TAG, LOWER, DEP and IS_SPACE, so `RulerIndex.match` finds the same matches (a test
compares them) by a dictionary lookup per token and pattern shape, and by checking the few other
patterns only where one of their fixed values occurs; `apply` then lets the ruler set its attributes
as it does itself.  A ruler with a pattern of another kind raises UnsupportedPattern when indexed:
the caller runs the ruler as it is.
"""

from __future__ import annotations

import re
from itertools import product

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.tokens import Doc

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


class UnsupportedPattern(ValueError):
    """A pattern this index cannot read (another attribute or operator)."""


def _constraint(strings, attr: str, value) -> tuple[str, object]:
    """(kind, accepted) of one token attribute: ('in', a set of hashes), ('not_in', a set), ('regex', a pattern)."""
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise UnsupportedPattern(f"IS_SPACE: {value!r}")
        return "in", {int(value)}
    if isinstance(value, str):
        return "in", {strings.add(value)}
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN"):
            return op.lower(), {strings.add(v) for v in arg}
        if op == "REGEX":
            return "regex", re.compile(arg)
    raise UnsupportedPattern(f"{attr}: {value!r}")


class RulerIndex:
    def __init__(self, ruler):
        self.ruler = ruler
        strings = ruler.vocab.strings
        self.single: dict[tuple, dict[tuple, list[int]]] = {}  # one token, fixed values: columns -> values -> ids
        self.checked: list[tuple[int, list, tuple | None]] = []  # the others, with a fixed value to look for
        self.match_ids = {}
        for attr_id, entry in enumerate(ruler.patterns):
            self.match_ids[attr_id] = strings.add(str(attr_id))
            for pattern in entry["patterns"]:
                tokens = []
                for tok in pattern:
                    if any(k not in _COLUMNS for k in tok):
                        raise UnsupportedPattern(str(tok))
                    tokens.append([(_COLUMNS[k], *_constraint(strings, k, v)) for k, v in tok.items()])
                if len(tokens) == 1 and all(kind == "in" for _, kind, _ in tokens[0]):
                    accepted = {col: values for col, _, values in tokens[0]}
                    cols = tuple(sorted(accepted))
                    for values in product(*(sorted(accepted[c]) for c in cols)):
                        self.single.setdefault(cols, {}).setdefault(values, []).append(attr_id)
                    continue
                anchor = next(((k, c, v) for k, tok in enumerate(tokens) for c, kind, v in tok if kind == "in"), None)
                if anchor is not None:
                    anchor = (anchor[0], anchor[1], numpy.array(sorted(anchor[2]), dtype="uint64"))
                self.checked.append((attr_id, tokens, anchor))
        self.first = {cols: numpy.array(sorted({v[0] for v in t}), dtype="uint64") for cols, t in self.single.items()}

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(attr_id, match_id, start, end) of every match, sorted: what AttributeRuler.match returns."""
        strings = self.ruler.vocab.strings
        found = set()
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        for cols, table in self.single.items():
            hits = numpy.flatnonzero(numpy.isin(rows[:, cols[0]], self.first[cols]))
            for i, values in zip(hits.tolist(), rows[hits][:, cols].tolist(), strict=True):
                for attr_id in table.get(tuple(values), ()):
                    found.add((attr_id, i, i + 1))
        for attr_id, tokens, anchor in self.checked:
            if anchor is None:
                starts = range(len(rows))
            else:
                offset, col, values = anchor
                starts = (at - offset for at in numpy.flatnonzero(numpy.isin(rows[:, col], values)).tolist())
            for i in starts:
                if 0 <= i <= len(rows) - len(tokens) and all(
                    _accepts(strings, rows[i + k], tok) for k, tok in enumerate(tokens)
                ):
                    found.add((attr_id, i, i + len(tokens)))
        return sorted((a, self.match_ids[a], s, e) for a, s, e in found)

    def apply(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


def _accepts(strings, row, constraints) -> bool:
    for col, kind, accepted in constraints:
        value = int(row[col])
        if kind == "in" and value not in accepted:
            return False
        if kind == "not_in" and value in accepted:
            return False
        if kind == "regex" and (col == _COLUMNS["IS_SPACE"] or not accepted.search(strings[value])):
            return False
    return True
