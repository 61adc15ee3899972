"""The word lists of lexicon.yaml, loaded once, and the small helpers that turn them into regular
expressions.  Modules read their lists at import: `words("kind.rate_times")`."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from pipeline.yamldata import load_yaml


@cache
def lexicon() -> dict:
    text = resources.files("pipeline.claims").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def entry(name: str):
    """A list or mapping by its dotted name ('quantities.fractions'), as written in the file."""
    section, _, key = name.partition(".")
    try:
        return lexicon()[section][key]
    except KeyError:
        raise KeyError(f"no word list {name!r} in pipeline/claims/lexicon.yaml") from None


def words(name: str) -> frozenset[str]:
    """The words of a list (the keys of a mapping)."""
    return frozenset(entry(name))


def ordered(name: str) -> list[str]:
    """The words of a list (the keys of a mapping) in the file's order."""
    return list(entry(name))


def mapping(name: str) -> dict:
    value = entry(name)
    if not isinstance(value, dict):
        raise TypeError(f"lexicon entry {name!r} is a list, not a mapping")
    return dict(value)


def alternation(items, *, spaces: str | None = None) -> str:
    """A regex alternation of the words, escaped, in the order given; `spaces` replaces the spaces
    inside a phrase (r'\\s+' lets a phrase run over any whitespace)."""
    escaped = (re.escape(w) for w in items)
    if spaces is not None:
        escaped = (e.replace(r"\ ", spaces) for e in escaped)
    return "|".join(escaped)
