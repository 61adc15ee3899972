"""Gazetteers as data: country names (pycountry plus country_aliases.yaml), a knowledge base of state
bodies and international organisations (agencies.yaml), criminal groups (JSONL: id, name, aliases),
demonyms and peoples (demonyms.yaml), the words the corpus writes in lower case (common_words.txt)
and the people who speak in the corpus (people.jsonl).  Loaded once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.yamldata import load_yaml


@dataclass(frozen=True)
class Entry:
    entity_id: str
    canonical_name: str
    label: str
    country: str | None = None  # ISO3 of the state a body belongs to; None for international ones


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
                names[form] = Entry(c.alpha_3, common, "COUNTRY", c.alpha_3)
    aliases = load_yaml(_text("country_aliases.yaml")) or {}
    for code, forms in aliases.items():
        if code in skip or code not in canonical:
            continue
        if "," in canonical[code] and forms:  # 'Congo, The Democratic Republic of the'
            canonical[code] = forms[0]
            for form, e in names.items():
                if e.entity_id == code:
                    names[form] = Entry(code, forms[0], "COUNTRY", code)
        for form in forms or []:
            names[form] = Entry(code, canonical[code], "COUNTRY", code)
    return names


@lru_cache(maxsize=1)
def country_canonical() -> dict[str, str]:
    """ISO3 -> the country's common name."""
    return {e.entity_id: e.canonical_name for e in country_names().values()}


@dataclass(frozen=True)
class AmbiguousCountry:
    """A name two states share ('Congo'): the document decides, by the other names it uses."""

    form: str
    default: str
    cues: dict[str, tuple[str, ...]]  # ISO3 -> words that point to that state


@lru_cache(maxsize=1)
def ambiguous_countries() -> dict[str, AmbiguousCountry]:
    data = load_yaml(_text("ambiguous_countries.yaml")) or {}
    return {
        form: AmbiguousCountry(form, rec["default"], {k: tuple(v) for k, v in rec["cues"].items()})
        for form, rec in data.items()
    }


@dataclass(frozen=True)
class Body:
    """One entry of the knowledge base of state bodies and international organisations."""

    entity_id: str
    name: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...]
    country: str | None
    label: str
    sources: tuple[str, ...]
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (entity id, cue words of the sentence)

    @property
    def entry(self) -> Entry:
        return Entry(self.entity_id, self.name, self.label, self.country)


@lru_cache(maxsize=1)
def bodies() -> tuple[Body, ...]:
    out = []
    for rec in load_yaml(_text("agencies.yaml")):
        out.append(
            Body(
                rec["id"],
                rec["name"],
                tuple(rec.get("aliases") or ()),
                tuple(rec.get("abbreviations") or ()),
                rec.get("country"),
                rec.get("label", "AGENCY"),
                tuple(rec.get("sources") or ()),
                tuple((a["id"], tuple(a["cues"])) for a in rec.get("alternatives") or ()),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def agencies() -> dict[str, Entry]:
    """Surface form (name, alias or abbreviation) -> entry, for every body of agencies.yaml."""
    out: dict[str, Entry] = {}
    for b in bodies():
        for form in (b.name, *b.aliases, *b.abbreviations):
            out[form] = b.entry
    return out


@lru_cache(maxsize=1)
def alternatives() -> dict[str, tuple[tuple[Entry, frozenset[str]], ...]]:
    """Entity id -> the entries the same name means in a sentence with their cue words."""
    by_id = {b.entity_id: b.entry for b in bodies()}
    return {
        b.entity_id: tuple((by_id[i], frozenset(cues)) for i, cues in b.alternatives)
        for b in bodies()
        if b.alternatives
    }


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
def criminal_groups() -> dict[str, Entry]:
    return _jsonl("criminal_groups.jsonl", "CRIMINAL_GROUP")


@lru_cache(maxsize=1)
def demonyms() -> dict[str, frozenset[str]]:
    """Adjective or demonym ('Turkish', 'US') -> the ISO3 codes it may stand for (one, mostly)."""
    data = load_yaml(_text("demonyms.yaml"))
    out: dict[str, set[str]] = {}
    for code, forms in data["demonyms"].items():
        for f in forms:
            out.setdefault(f, set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def peoples() -> frozenset[str]:
    """Names of peoples and ethnic or religious groups ('Mari', 'Chechen'), and their plurals."""
    data = load_yaml(_text("demonyms.yaml"))
    words = set(data["peoples"]) | set(demonyms())
    return frozenset(words | {w + "s" for w in words if not w.endswith("s")})


def _lines(name: str) -> list[str]:
    return [w.strip() for w in _text(name).splitlines() if w.strip() and not w.startswith("#")]


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words the corpus writes in lower case ('coal', 'forum', 'laughter'): a capitalised one is a
    common noun at the start of a sentence or in a heading, not evidence of a name."""
    return frozenset(_lines("common_words.txt"))


@dataclass(frozen=True)
class Person:
    person_id: str  # = speakers.speaker_id of the person in the corpus
    name: str
    n_documents: int


@lru_cache(maxsize=1)
def people() -> tuple[Person, ...]:
    """People who speak in the corpus (their speaker labels), with their speaker ids."""
    out = []
    for line in _text("people.jsonl").splitlines():
        if line.strip():
            rec = json.loads(line)
            out.append(Person(rec["id"], rec["name"], rec.get("n_documents", 1)))
    return tuple(out)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names of the people who speak in the corpus ('Vladimir', 'Theresa')."""
    return frozenset(p.name.split()[0] for p in people() if len(p.name.split()) > 1)
