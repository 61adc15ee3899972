"""The rule catalogue and the lexicon: every rule declared once with examples, every id the code
records declared, every word list read somewhere, every pattern's lexicon reference resolved."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.claims import lexicon
from pipeline.claims.registry import MODULES, _check_node, catalog, dependency_match, rule, spacy_dependency_matches
from tests.claims.conftest import parsed

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline" / "claims"
ROOT = PACKAGE.parents[1]
_DOTTED = re.compile(r"[\"']\$?((?:shared|" + "|".join(MODULES) + r")\.[a-z0-9_]+)[\"']")


def _source() -> str:
    # the period recognisers live in pipeline/periods.py, below the package: their ids are recorded too
    files = [*sorted(PACKAGE.glob("*.py")), ROOT / "pipeline" / "periods.py"]
    return "".join(p.read_text(encoding="utf-8") for p in files)


def _rule_files() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted((PACKAGE / "rules").glob("*.yaml")))


def _lexicon_names() -> set[str]:
    return {f"{section}.{name}" for section, lists in lexicon.lexicon().items() for name in lists}


def test_every_rule_id_names_its_module():
    assert all(r.id.split(".")[0] == r.module for r in catalog().values())


def test_every_rule_has_examples_or_names_the_test_that_covers_it():
    import yaml

    tested_by = {
        e["id"]: e.get("tested_by")
        for m in MODULES
        for e in yaml.safe_load((PACKAGE / "rules" / f"{m}.yaml").read_text(encoding="utf-8"))
    }
    missing = [r.id for r in catalog().values() if not r.examples and not tested_by[r.id]]
    assert not missing
    for rule_id, test in tested_by.items():
        if test:
            path, _, name = test.partition("::")
            assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), rule_id


def test_every_rule_id_the_code_records_is_declared_and_every_declared_rule_is_used():
    used = set(_DOTTED.findall(_source())) - _lexicon_names()
    declared = set(catalog())
    assert used - declared == set()
    patterns = {r.id for r in catalog().values() if r.is_pattern}
    assert declared - used - patterns == set()


def test_every_word_list_is_read_by_the_code_or_a_pattern():
    read = set(_DOTTED.findall(_source())) | set(re.findall(r"\$([a-z]+\.[a-z0-9_]+)", _rule_files()))
    assert _lexicon_names() - read == set()


def test_pattern_references_resolve_to_word_lists():
    kind = rule("kind.change_noun_modifier")
    change = kind.dependency[0][1]["RIGHT_ATTRS"]["LOWER"]["IN"]
    assert "drop" in change and "increase" in change


def test_an_unknown_rule_is_named_in_the_error():
    with pytest.raises(KeyError, match=r"kind\.no_such_rule"):
        rule("kind.no_such_rule")


PARSE_EXAMPLES = [
    pytest.param(r, e, id=f"{r.id}-{n}") for r in catalog().values() if r.dependency for n, e in enumerate(r.examples)
]


@pytest.mark.model
@pytest.mark.parametrize("parse_rule, example", PARSE_EXAMPLES)
def test_the_anchored_walk_finds_what_spacys_dependency_matcher_finds(nlp, parse_rule, example):
    doc = nlp(example.text)
    reference = spacy_dependency_matches(doc, parse_rule.id)
    walked = {t.i: m for t in doc if (m := dependency_match(doc, parse_rule.id, t.i)) is not None}
    assert reference and walked == reference


def test_the_anchored_walk_takes_the_shortest_alternative_and_no_token_twice():
    # 'a 5 percent wage increase': the change noun two modifiers up (the second alternative)
    doc = parsed(
        ["a", "5", "percent", "wage", "increase"],
        [4, 2, 3, 4, 4],
        ["det", "nummod", "compound", "compound", "ROOT"],
        ["DET", "NUM", "NOUN", "NOUN", "NOUN"],
    )
    assert dependency_match(doc, "kind.change_noun_modifier", 2) == {"number": 2, "step1": 3, "change": 4}
    assert dependency_match(doc, "kind.change_noun_modifier", 4) is None
    walked = {t.i: m for t in doc if (m := dependency_match(doc, "kind.change_noun_modifier", t.i)) is not None}
    assert walked == spacy_dependency_matches(doc, "kind.change_noun_modifier")


@pytest.mark.parametrize(
    "node, message",
    [
        ({"LEFT_ID": "a", "REL_OP": "$++", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}, "relation"),
        ({"RIGHT_ID": "a", "RIGHT_ATTRS": {"SENT_START": True}}, "SENT_START"),
        ({"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"FUZZY": "drop"}}}, "only IN"),
    ],
)
def test_a_pattern_the_walk_cannot_read_is_refused_with_the_reason(node, message):
    with pytest.raises(ValueError, match=message):
        _check_node("kind.example", node)
