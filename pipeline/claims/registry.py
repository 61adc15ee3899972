"""The catalogue of claims rules (rules/<module>.yaml) and the spaCy matchers of those that are patterns.

Every rule has an id (`module.name`), a description and example sentences with the field values
they should give; tests/claims/test_rule_examples.py runs every example.  A rule is one of:
- code: a walk of the parse in the module's Python, which records the id when it decides;
- a surface pattern (`surface:`, spaCy `Matcher` token patterns);
- a parse pattern (`dependency:`, spaCy `DependencyMatcher` patterns; `anchor:` names the claim's
  token its first node must be, `yields:` what a match decides).
In a pattern, a string "$section.name" stands for that lexicon list (lexicon.yaml).  A list of
alternative patterns is tried in order: the first that matches at the anchor wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from pipeline.claims.lexicon import ordered
from pipeline.claims.syntax import memo

MODULES = ("quantities", "assembly", "measured", "kind", "period", "discourse")
# where a module runs patterns: surface patterns find amounts; a parse pattern's first node is matched
# on this token of the claim (kind: the number token; measured: the noun the number quantifies)
SURFACE_MODULES = ("quantities",)
ANCHORS = {"kind": "number", "measured": "noun"}
# keys of an example that are not expected field values
EXAMPLE_KEYS = ("text", "claim", "date", "not_claim")


@dataclass(frozen=True)
class Example:
    text: str
    claim: str | None  # the claim's text (or a part of it that only this claim has)
    expect: dict  # field -> value the claim should have
    date: str | None = None
    not_claim: str | None = None  # or: a piece of the text that should give no claim


@dataclass(frozen=True)
class Rule:
    id: str
    module: str
    description: str
    examples: tuple[Example, ...]
    surface: tuple = ()  # Matcher patterns (alternatives)
    dependency: tuple = ()  # DependencyMatcher patterns (alternatives)
    anchor: str | None = None
    yields: dict = field(default_factory=dict)

    @property
    def is_pattern(self) -> bool:
        return bool(self.surface or self.dependency)


def _resolve(value):
    """Replace "$section.name" by the lexicon list, recursively."""
    if isinstance(value, str) and value.startswith("$"):
        return ordered(value[1:])
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v) for v in value]
    return value


def _alternatives(patterns) -> tuple:
    """A pattern is a list of token (or node) dicts; a list of such lists is alternatives."""
    if not patterns:
        return ()
    patterns = _resolve(patterns)
    return tuple(patterns) if isinstance(patterns[0], list) else (patterns,)


def _example(raw: dict) -> Example:
    expect = {k: v for k, v in raw.items() if k not in EXAMPLE_KEYS}
    date = raw.get("date")
    return Example(raw["text"], raw.get("claim"), expect, str(date) if date is not None else None, raw.get("not_claim"))


@cache
def catalog() -> dict[str, Rule]:
    """Every rule of rules/*.yaml by id, modules in pipeline order, each file in its own order."""
    rules: dict[str, Rule] = {}
    folder = resources.files("pipeline.claims").joinpath("rules")
    for module in MODULES:
        entries = yaml.safe_load(folder.joinpath(f"{module}.yaml").read_text(encoding="utf-8")) or []
        for raw in entries:
            rule_id = raw["id"]
            if rule_id in rules:
                raise ValueError(f"rules/{module}.yaml: rule id {rule_id!r} is declared twice")
            if not rule_id.startswith(f"{module}."):
                raise ValueError(f"rules/{module}.yaml: rule id {rule_id!r} does not start with {module!r}")
            if raw.get("surface") and module not in SURFACE_MODULES:
                raise ValueError(f"rules/{module}.yaml: {rule_id}: surface patterns run in {SURFACE_MODULES} only")
            if raw.get("dependency") and raw.get("anchor") != ANCHORS.get(module):
                raise ValueError(
                    f"rules/{module}.yaml: {rule_id}: a parse pattern of {module} needs anchor: {ANCHORS.get(module)}"
                )
            rules[rule_id] = Rule(
                id=rule_id,
                module=module,
                description=" ".join(str(raw.get("description", "")).split()),
                examples=tuple(_example(e) for e in raw.get("examples", [])),
                surface=_alternatives(raw.get("surface")),
                dependency=_alternatives(raw.get("dependency")),
                anchor=raw.get("anchor"),
                yields=dict(raw.get("yields") or {}),
            )
    return rules


def patterns(module: str, *, surface: bool = False) -> list[Rule]:
    """The module's parse patterns (or surface patterns), in the order of its rules file."""
    return [r for r in catalog().values() if r.module == module and (r.surface if surface else r.dependency)]


def rule(rule_id: str) -> Rule:
    try:
        return catalog()[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r} in pipeline/claims/rules/*.yaml") from None


# -- matchers -------------------------------------------------------------------------------------
@cache
def _matchers():
    """One Matcher and one DependencyMatcher for every pattern rule.  Patterns hold string hashes,
    which do not depend on the vocab, so Docs read from the cache (a blank vocab each) match too."""
    from spacy.matcher import DependencyMatcher, Matcher
    from spacy.vocab import Vocab

    vocab = Vocab()
    surface, dependency = Matcher(vocab), DependencyMatcher(vocab)
    for r in catalog().values():
        if r.surface:
            surface.add(r.id, [list(p) for p in r.surface])
        for k, p in enumerate(r.dependency):
            dependency.add(f"{r.id}#{k}", [list(p)])
    return surface, dependency


def _surface_index(doc) -> dict[str, list[tuple[int, int]]]:
    surface, _ = _matchers()
    index: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in surface(doc):
        index.setdefault(_id_of(match_id), []).append((start, end))
    for spans in index.values():
        spans.sort()
    return index


@cache
def _ids_by_hash() -> dict[int, str]:
    from spacy.strings import hash_string

    ids = {hash_string(r.id): r.id for r in catalog().values()}
    ids.update(
        {hash_string(f"{r.id}#{k}"): f"{r.id}#{k}" for r in catalog().values() for k in range(len(r.dependency))}
    )
    return ids


def _id_of(match_id: int) -> str:
    return _ids_by_hash()[match_id]


def _dependency_index(doc) -> dict[str, dict[int, dict[str, int]]]:
    """rule id -> anchor token -> {node name: token index}, the first alternative that matched."""
    _, dependency = _matchers()
    found: dict[str, dict[int, tuple[int, dict[str, int]]]] = {}
    for match_id, token_ids in dependency(doc):
        rule_id, _, alt = _id_of(match_id).rpartition("#")
        pattern = rule(rule_id).dependency[int(alt)]
        nodes = {node["RIGHT_ID"]: token_ids[n] for n, node in enumerate(pattern)}
        anchor = token_ids[0]
        best = found.setdefault(rule_id, {})
        if anchor not in best or int(alt) < best[anchor][0]:
            best[anchor] = (int(alt), nodes)
    return {rule_id: {a: nodes for a, (_, nodes) in by_anchor.items()} for rule_id, by_anchor in found.items()}


def surface_matches(doc, rule_id: str) -> list[tuple[int, int]]:
    """Token spans (start, end) where a surface pattern matches in the Doc, in order."""
    return memo(doc, "surface_matches", lambda: _surface_index(doc)).get(rule_id, [])


def dependency_match(doc, rule_id: str, anchor: int) -> dict[str, int] | None:
    """The nodes of a parse pattern matched with its first node on token `anchor`, or None."""
    return memo(doc, "dependency_matches", lambda: _dependency_index(doc)).get(rule_id, {}).get(anchor)
