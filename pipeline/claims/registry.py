"""The catalogue of claims rules (rules/<module>.yaml) and the spaCy matchers of those that are patterns.

Every rule has an id (`module.name`), a description and example sentences with the field values
they should give; tests/claims/test_rule_examples.py runs every example.  A rule is one of:
- code: a walk of the parse in the module's Python, which records the id when it decides;
- a surface pattern (`surface:`, spaCy `Matcher` token patterns);
- a parse pattern (`dependency:`, spaCy `DependencyMatcher` patterns; `anchor:` names the claim's
  token its first node must be, `yields:` what a match decides).  It is read by a walk from that
  token (dependency_match), checked against spaCy's DependencyMatcher on every example in the tests.
In a pattern, a string "$section.name" stands for that lexicon list (lexicon.yaml).  A list of
alternative patterns is tried in order: the first that matches at the anchor wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pipeline.claims.lexicon import ordered
from pipeline.claims.syntax import memo
from pipeline.yamldata import load_yaml

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
        entries = load_yaml(folder.joinpath(f"{module}.yaml").read_text(encoding="utf-8")) or []
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
            for node in (n for p in _alternatives(raw.get("dependency")) for n in p):
                _check_node(rule_id, node)
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


@cache
def patterns(module: str, *, surface: bool = False) -> tuple[Rule, ...]:
    """The module's parse patterns (or surface patterns), in the order of its rules file."""
    return tuple(r for r in catalog().values() if r.module == module and (r.surface if surface else r.dependency))


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


def _surface_index(sent) -> dict[str, list[tuple[int, int]]]:
    surface, _ = _matchers()
    index: dict[str, list[tuple[int, int]]] = {}
    for match_id, start, end in surface(sent):  # positions in the sentence
        index.setdefault(_id_of(match_id), []).append((sent.start + start, sent.start + end))
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


def surface_matches(doc, rule_id: str, sent) -> list[tuple[int, int]]:
    """Token spans (start, end) of the Doc where a surface pattern matches in the sentence, in order.
    The Matcher runs once per sentence, and only on the sentences a rule asks about."""
    return memo(doc, f"surface_matches:{sent.start}", lambda: _surface_index(sent)).get(rule_id, [])


def spacy_dependency_matches(doclike, rule_id: str) -> dict[int, dict[str, int]]:
    """What spaCy's DependencyMatcher finds for a parse pattern: anchor token -> {node: token}, the
    first alternative that matched.  The reference dependency_match is tested against."""
    _, dependency = _matchers()
    offset = getattr(doclike, "start", 0)
    found: dict[int, tuple[int, dict[str, int]]] = {}
    for match_id, token_ids in dependency(doclike):  # positions in the span
        key, _, alt = _id_of(match_id).rpartition("#")
        if key != rule_id:
            continue
        nodes = {node["RIGHT_ID"]: offset + token_ids[n] for n, node in enumerate(rule(key).dependency[int(alt)])}
        anchor = offset + token_ids[0]
        if anchor not in found or int(alt) < found[anchor][0]:
            found[anchor] = (int(alt), nodes)
    return {a: nodes for a, (_, nodes) in found.items()}


# -- parse patterns, anchored ------------------------------------------------------------------------
# A rule asks whether its pattern matches with the first node on one token: that is a short walk from
# the token, much cheaper than spaCy's DependencyMatcher over the sentence (which copies it into a Doc).
# The walk reads the same patterns: the relations and token attributes below (test_registry.py checks
# it against spaCy's DependencyMatcher on every example).
_ATTRS = {
    "ORTH": "text",
    "TEXT": "text",
    "LOWER": "lower_",
    "LEMMA": "lemma_",
    "NORM": "norm_",
    "POS": "pos_",
    "TAG": "tag_",
    "DEP": "dep_",
    "ENT_TYPE": "ent_type_",
    "SHAPE": "shape_",
    "IS_ALPHA": "is_alpha",
    "IS_DIGIT": "is_digit",
    "IS_PUNCT": "is_punct",
    "IS_TITLE": "is_title",
    "IS_UPPER": "is_upper",
    "IS_LOWER": "is_lower",
    "LIKE_NUM": "like_num",
}
_PREDICATES = ("IN", "NOT_IN", "REGEX")
_RELATIONS = ("<", ">", "<<", ">>", ".", ";")


def _related(tok, op: str):
    """The tokens in relation `op` to tok, as spaCy's DependencyMatcher reads 'tok OP other'."""
    doc = tok.doc
    if op == "<":
        return [tok.head] if tok.head.i != tok.i else []
    if op == ">":
        return list(tok.children)
    if op == "<<":
        return list(tok.ancestors)
    if op == ">>":
        return [t for t in tok.subtree if t.i != tok.i]
    if op == ".":
        return [doc[tok.i + 1]] if tok.i + 1 < len(doc) else []
    if op == ";":
        return [doc[tok.i - 1]] if tok.i > 0 else []
    raise ValueError(f"relation {op!r} is not read (use {' '.join(_RELATIONS)})")


def _check_node(rule_id: str, node: dict) -> None:
    """A clear error, when the rules are loaded, for a relation or attribute the walk does not read."""
    if "REL_OP" in node and node["REL_OP"] not in _RELATIONS:
        raise ValueError(f"{rule_id}: relation {node['REL_OP']!r} is not read (use {' '.join(_RELATIONS)})")
    for attr, want in node.get("RIGHT_ATTRS", {}).items():
        if attr not in _ATTRS:
            raise ValueError(f"{rule_id}: token attribute {attr!r} is not read (use {', '.join(_ATTRS)})")
        if isinstance(want, dict) and set(want) - set(_PREDICATES):
            raise ValueError(f"{rule_id}: {attr}: only {', '.join(_PREDICATES)} are read")


def _fits(tok, attrs: dict) -> bool:
    for attr, want in attrs.items():
        got = getattr(tok, _ATTRS[attr])
        if isinstance(want, dict):
            if "IN" in want and got not in want["IN"]:
                return False
            if "NOT_IN" in want and got in want["NOT_IN"]:
                return False
            if "REGEX" in want and not re.search(want["REGEX"], str(got)):
                return False
        elif got != want:
            return False
    return True


def _bind(pattern: list, n: int, bound: dict[str, object]) -> dict[str, object] | None:
    if n == len(pattern):
        return bound
    node = pattern[n]
    taken = {t.i for t in bound.values()}
    for tok in _related(bound[node["LEFT_ID"]], node["REL_OP"]):
        if tok.i not in taken and _fits(tok, node.get("RIGHT_ATTRS", {})):
            found = _bind(pattern, n + 1, {**bound, node["RIGHT_ID"]: tok})
            if found is not None:
                return found
    return None


def dependency_match(doc, rule_id: str, anchor: int) -> dict[str, int] | None:
    """The nodes of a parse pattern matched with its first node on token `anchor` (the first of its
    alternatives that matches), or None."""
    tok = doc[anchor]
    for pattern in rule(rule_id).dependency:
        first = pattern[0]
        if _fits(tok, first.get("RIGHT_ATTRS", {})):
            bound = _bind(pattern, 1, {first["RIGHT_ID"]: tok})
            if bound is not None:
                return {name: t.i for name, t in bound.items()}
    return None
