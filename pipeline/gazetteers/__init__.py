"""Gazetteers as data: country names (pycountry plus country_aliases.yaml), agencies and criminal
groups (JSONL: id, name, aliases).  Loaded once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Entry:
    entity_id: str
    canonical_name: str
    label: str


def _text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def non_sovereign_codes() -> frozenset[str]:
    return frozenset(
        w for line in _text("non_sovereign.txt").splitlines() if not line.startswith("#") for w in line.split()
    )


@lru_cache(maxsize=1)
def country_names() -> dict[str, Entry]:
    """Surface form (case-sensitive) -> country entry, for every sovereign state in ISO 3166-1."""
    import pycountry

    skip = non_sovereign_codes()
    names: dict[str, Entry] = {}
    canonical: dict[str, str] = {}
    for c in pycountry.countries:
        if c.alpha_3 in skip:
            continue
        common = getattr(c, "common_name", None) or c.name
        canonical[c.alpha_3] = common
        for form in (c.name, common, getattr(c, "official_name", None)):
            if form and "," not in form:  # 'Korea, Republic of' is a catalogue form, not a way of speaking
                names[form] = Entry(c.alpha_3, common, "COUNTRY")
    aliases = yaml.safe_load(_text("country_aliases.yaml")) or {}
    for code, forms in aliases.items():
        if code in skip or code not in canonical:
            continue
        for form in forms or []:
            names[form] = Entry(code, canonical[code], "COUNTRY")
    return names


def _jsonl(name: str, label: str) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for line in _text(name).splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        entry = Entry(rec["id"], rec["name"], label)
        for form in [rec["name"], *rec.get("aliases", [])]:
            out[form] = entry
    return out


@lru_cache(maxsize=1)
def agencies() -> dict[str, Entry]:
    return _jsonl("agencies.jsonl", "AGENCY")


@lru_cache(maxsize=1)
def criminal_groups() -> dict[str, Entry]:
    return _jsonl("criminal_groups.jsonl", "CRIMINAL_GROUP")
