"""Series: claims about the same statistic, linked across documents.

A claim joins a series by its key: what is measured (the lemmas that name the thing, read off a
spaCy parse of the measured phrase), the unit it can be converted to (SI base unit, one currency,
percent, count), its kind (level, change, rate) and its scope (the countries, agencies, places or
organisations its phrase or sentence names, else its document's subject when that decides).  A key
held by claims that state their period in at least `min_documents` documents is a series; every
other claim stands alone (null series_id).  See the README's "Series" section.

Pure functions of the tables: build_series(claims, entities, turns, documents) -> (series, series_id
per claim); observations(...) for charts; contradictions(...) for claims of one series and period
that disagree.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from pipeline.config import DEFAULT_MODEL, FIELDS
from pipeline.schemas import SERIES
from pipeline.units import physical_units
from pipeline.yamldata import load_yaml

# the defaults of the `series` section of params.yaml, written once in pipeline.config
DEFAULT_MIN_DOCUMENTS: int = FIELDS["min_documents"].default
DEFAULT_TOLERANCE: float = FIELDS["tolerance"].default
# the parts of the model a phrase's lemmas and heads need; NER and the project's components are not run
PHRASE_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str] | tuple[str, ...]]:
    data = load_yaml(resources.files("pipeline.gazetteers").joinpath("series.yaml").read_text(encoding="utf-8"))
    return {
        "wrappers": frozenset(data["wrappers"]),
        "neutral": frozenset(data["neutral_modifiers"]),
        "generic": frozenset(data["generic_heads"]),
        "suffixes": tuple(sorted(data["nominal_suffixes"], key=len, reverse=True)),
        "relational": frozenset(data["relational_modifiers"]),
        "owned": frozenset(data["owned_things"]),
        "time": frozenset(data["time_words"]),
        "demonyms": data["irregular_demonyms"],
        "local_places": frozenset(data["local_places"]),
        "whole_places": frozenset(data["whole_places"]),
        "economy_parts": frozenset(data["economy_parts"]),
    }


# -- what is measured ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Thing:
    """A measured phrase read for grouping: the lemmas that say what is measured (sorted, so that
    'heroin seizures' and 'seizures of heroin' are one thing), the proper name set aside as its scope
    ('Russia' in "Russia's GDP"), and the lemmas that came from verbs ('seize' in 'seized heroin')."""

    lemmas: tuple[str, ...]
    scope_text: str | None = None
    verbs: tuple[str, ...] = ()
    rule: str = "parse"
    plural: bool = False  # the head is a plural noun: 'beds', 'passengers' (counted one by one)
    relational: bool = False  # it said the thing is between two sides: 'bilateral trade', 'mutual investment'

    @property
    def specific(self) -> bool:
        """False for phrases that name nothing more than a person, place, time or unit ('people')."""
        generic = lexicon()["generic"] | lexicon()["neutral"]
        return any(lemma not in generic and len(lemma) > 1 and lemma[0].isalpha() for lemma in self.lemmas)


@lru_cache(maxsize=2)
def series_nlp(model: str | None = None):
    """The English model without the project's components, loaded once: measured phrases are read
    with its tagger, parser and lemmatizer, document titles with its NER (select_pipes)."""
    import spacy

    return spacy.load(model or DEFAULT_MODEL)


def _only(nlp, names: Iterable[str]):
    """A context in which nlp runs only `names` (those it has)."""
    return nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in set(names)])


def _words(doc) -> list[list]:
    """Tokens grouped into words: a hyphenated word ('non-oil', 'drug-related') is one word."""
    words: list[list] = []
    for tok in doc:
        if words and (words[-1][-1].whitespace_ == "" and (tok.text == "-" or words[-1][-1].text == "-")):
            words[-1].append(tok)
        else:
            words.append([tok])
    return words


def _word_lemma(word: list) -> str:
    if len(word) == 1:
        return word[0].lemma_.lower()
    return "".join(t.text for t in word[:-1]).lower() + word[-1].lemma_.lower()


def _inner(tok, wrappers: frozenset[str]):
    """Down from a wrapper noun to what it measures: 'the number of [addicts]', 'the share of [imports]'."""
    seen = 0
    while tok.lemma_.lower() in wrappers and seen < 4:
        obj = next(
            (g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
            None,
        )
        if obj is None:
            break
        tok, seen = obj, seen + 1
    return tok


_CONTENT_POS = {"NOUN", "PROPN", "ADJ", "VERB", "X"}
_SCOPE_DEPS = {"poss", "agent"}


def thing_of(doc) -> Thing | None:
    """The Thing of a parsed measured phrase, or None when it names nothing (a pronoun, a number)."""
    lex = lexicon()
    roots = [t for t in doc if t.head.i == t.i]
    if not roots:
        return None
    head = _inner(roots[0], lex["wrappers"])
    if head.pos_ == "PRON" or head.like_num:
        return None
    # the head's phrase: its subtree, minus a relative clause or a second clause the parse attached
    keep = [t for t in head.subtree if t.dep_ not in ("relcl", "advcl", "conj", "cc", "appos", "punct")]
    keep_ids = {t.i for t in keep}
    scope_ids: set[int] = set()
    for t in keep:
        # "Russia's exports", 'heroin seized by the Federal Drug Control Service': the owner or agent
        # that is a proper name is the scope, not part of what is measured
        owner = t if t.dep_ == "poss" else next((c for c in t.children if c.dep_ == "pobj"), None)
        if (t.dep_ in _SCOPE_DEPS) and owner is not None and owner.pos_ == "PROPN":
            scope_ids |= {s.i for s in owner.subtree if s.pos_ in ("PROPN", "ADP", "DET", "PART")}
    words = [w for w in _words(doc) if any(t.i in keep_ids for t in w)]
    lemmas, scope, verbs, proper = [], [], [], []
    for word in words:
        last = word[-1]
        written = "".join(t.text_with_ws for t in word).strip()
        if any(t.i in scope_ids for t in word):
            if last.pos_ == "PROPN":
                scope.append(written)
            continue
        if written in demonyms() or written in country_names():  # 'Austrian exports', 'exports of Austria'
            scope.append(written)
            continue
        if last.pos_ not in _CONTENT_POS or (last.is_stop and last.pos_ != "NOUN") or last.tag_ in ("JJR", "JJS"):
            continue
        lemma = _word_lemma(word)
        if last.pos_ == "VERB" and len(word) == 1:
            verbs.append(lemma)
        proper.append(last.pos_ == "PROPN")
        lemmas.append(lemma)
    if lemmas and all(proper):
        return None  # a name ('Mr Dvorkovich', 'Gazprom') is who or what, not a measure
    # 'bilateral trade' is trade (with the country the scope names): the modifier is kept as a flag
    relational = bool(lex["relational"] & set(lemmas))
    meaningful = [
        lemma
        for lemma in lemmas
        if lemma not in lex["neutral"]
        and lemma not in lex["time"]
        and lemma not in lex["relational"]
        and not (lemma in lex["wrappers"] and len(lemmas) > 1)
    ]
    if not meaningful:
        meaningful = [lemma for lemma in lemmas if lemma not in lex["time"]]
    if not meaningful:
        return None
    kept = tuple(sorted(set(meaningful)))
    verbs = tuple(v for v in verbs if v in kept)
    return Thing(kept, " ".join(scope) or None, verbs, plural=head.tag_ in ("NNS", "NNPS"), relational=relational)


def nominalisations(verbs: Iterable[str], nouns: Iterable[str]) -> dict[str, list[str]]:
    """The nouns among `nouns` that each verb lemma may stand for: the verb itself ('export') or the
    verb (less a final e) plus a nominal suffix of the lexicon ('seize' -> 'seizure', 'produce' ->
    'production'), most used first."""
    counts = Counter(nouns)
    suffixes = lexicon()["suffixes"]
    out = {}
    for verb in sorted(set(verbs)):
        stem = verb[:-1] if verb.endswith("e") else verb
        candidates = [
            n for n in counts if n == verb or (len(stem) >= 3 and n.startswith(stem) and n[len(stem) :] in suffixes)
        ]
        if candidates:
            out[verb] = sorted(candidates, key=lambda n: (-counts[n], n))
    return out


def measured_things(phrases: Iterable[str], nlp=None, *, batch_size: int = 512) -> dict[str, Thing | None]:
    """The Thing of each distinct measured phrase: one spaCy pass over the distinct strings.  A
    participle is read as its noun ('seized heroin' as 'heroin seizures') when another phrase of the
    same strings says it with that noun: the corpus, not a guess, decides that the two are one thing."""
    distinct = sorted({p.strip() for p in phrases if isinstance(p, str) and p.strip()})
    if not distinct:
        return {}
    nlp = nlp or series_nlp()
    with _only(nlp, PHRASE_COMPONENTS):
        docs = list(nlp.pipe(distinct, batch_size=batch_size))
    things = {p: thing_of(d) for p, d in zip(distinct, docs, strict=True)}
    nominal = {t.lemmas for t in things.values() if t is not None and not t.verbs}
    nouns = [lemma for lemmas in nominal for lemma in lemmas]
    verbs = [v for t in things.values() if t is not None for v in t.verbs]
    nominalise = nominalisations(verbs, nouns)
    for p, t in things.items():
        if t is None or not t.verbs:
            continue
        for verb in t.verbs:
            for noun in nominalise.get(verb, ()):
                lemmas = tuple(sorted({noun if lemma == verb else lemma for lemma in t.lemmas}))
                if lemmas in nominal:
                    things[p] = t = Thing(
                        lemmas,
                        t.scope_text,
                        tuple(v for v in t.verbs if v != verb),
                        "participle_as_noun",
                        t.plural,
                        t.relational,
                    )
                    break
    return things


# -- units --------------------------------------------------------------------------------------
def base_unit(unit, dimension=None) -> tuple[str, float] | None:
    """The unit claims are compared in, and the factor to it: SI base for physical units (tonne ->
    kilogram x 1000), percent for percent and fractions (x 100), the currency itself, count."""
    if not isinstance(unit, str) or not unit:
        return None
    if unit == "fraction":
        return "percent", 100.0
    if unit in physical_units():
        u = physical_units()[unit]
        return u["si_unit"], float(u["factor"])
    if dimension == "count" or unit == "count":
        return "count", 1.0
    return unit, 1.0


def claim_value(row) -> float | None:
    """The value a chart shows for a claim: the stated value, the middle of a range, or the low
    end of a vague amount."""
    value, low, high = row.get("value"), row.get("value_low"), row.get("value_high")
    if _finite(value):
        return float(value)
    if _finite(low) and _finite(high):
        return (float(low) + float(high)) / 2
    if _finite(low):
        return float(low)
    return None


def _finite(v) -> bool:
    return v is not None and isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


# -- scope ---------------------------------------------------------------------------------------
# what a claim's sentence may name that makes it another statistic: 'trade with China', 'inflation in
# Ukraine', 'the population of Bataisk', 'Gazprom's profit', 'according to the WTO, trade will grow'
SCOPE_LABELS = ("COUNTRY", "AGENCY", "GPE", "LOC", "ORG", "FAC", "NORP")


def home_country(entities: pd.DataFrame) -> tuple[str | None, str | None]:
    """The country the corpus names most and its most used adjective (the commonest NORP): the ones
    its speakers mean when they name none ('inflation is 4%' in a Kremlin transcript is Russia's), so
    naming them does not make another statistic."""
    if not len(entities):
        return None, None

    def commonest(values: pd.Series) -> str | None:
        counts = values.dropna().value_counts()
        return min(counts.index[counts == counts.iloc[0]]) if len(counts) else None

    return (
        commonest(entities.loc[entities["label"] == "COUNTRY", "entity_id"]),
        commonest(entities.loc[entities["label"] == "NORP", "text"]),
    )


AMBIGUOUS = "?"  # a scope that cannot be told: the claim stays out of series
HOME = "@home"  # the sentence names the home country: the key's scope is empty, as for a claim naming nothing

# English demonym endings: 'Austria' + n, 'Syria' + n, 'Egypt' + ian, 'Chin(a)' + ese, 'Turk(ey)' + ish,
# 'Pakistan' + i, 'German(y)'; what they make of a name is only ever looked up, never matched in text
_DEMONYM_SUFFIXES = ("", "n", "an", "ian", "ese", "ish", "i")


def _demonym_forms(name: str) -> set[str]:
    """Candidate adjectives of a country name, made on its last word ('South Korea' -> 'South Korean')."""
    *first, last = name.split()
    stems = {last, last[:-1], last[:-2]} if len(last) > 4 else {last}
    if last.endswith("stan"):  # 'Afghanistan' -> 'Afghan', 'Kazakhstan' -> 'Kazakh'
        stems |= {last[: -len("istan")] if last.endswith("istan") else last[: -len("stan")]}
    prefix = " ".join(first) + " " if first else ""
    return {prefix + stem + suffix for stem in stems if len(stem) >= 3 for suffix in _DEMONYM_SUFFIXES} - {name}


@lru_cache(maxsize=1)
def country_names() -> dict[str, set[str]]:
    """Country name or alias -> ISO 3166-1 alpha-3 ids: pycountry's names and the project's aliases."""
    import pycountry

    names: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:  # 'Korea, Republic of' is left to the aliases ('South Korea')
        for name in {c.name, getattr(c, "common_name", None)} - {None}:
            if "," not in name:
                names[name].add(c.alpha_3)
    aliases = load_yaml(
        resources.files("pipeline.gazetteers").joinpath("country_aliases.yaml").read_text(encoding="utf-8")
    )
    for iso, forms in aliases.items():
        for form in forms or ():
            names[form].add(iso)
    return dict(names)


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Adjective or people's name -> ISO 3166-1 alpha-3 ('Austrian', 'Austrians' -> AUT): made from
    pycountry's names and the project's country aliases by the English endings above, a form that two
    countries would share left out ('Nigerian': Niger or Nigeria), plus the irregular forms of the
    lexicon ('French', 'Dutch', 'Swiss')."""
    names = country_names()
    made: dict[str, set[str]] = defaultdict(set)
    for name, ids in names.items():
        for form in _demonym_forms(name):
            made[form] |= ids
    out = {form: next(iter(ids)) for form, ids in made.items() if len(ids) == 1 and form not in names}
    for iso, forms in lexicon()["demonyms"].items():
        out.update(dict.fromkeys(forms, iso))
    return out | {f"{form}s": iso for form, iso in out.items() if not form.endswith(("s", "sh", "ch", "ese"))}


def _country_ids() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


COUNTRY_IDS = _country_ids()


def entity_keys(entity_id, text) -> set[str]:
    """An entity as scopes: its id when it is linked; else the countries its words are the adjective or
    people of, or the country it names ('Austrian', 'Austria' -> AUT; 'Russian-Chinese' -> RUS and CHN);
    else its text in lower case."""
    if isinstance(entity_id, str) and entity_id:
        return {entity_id}
    text = re.sub(r"^the\s+", "", str(text).strip())
    if len(country_names().get(text, ())) == 1:
        return set(country_names()[text])
    countries = [demonyms().get(part) for part in text.split("-")]
    if all(countries):
        return set(countries)
    return {text.lower()}


def subject_key(text: str) -> str:
    """A document's subject as a scope: entity_key, or the one country whose name or adjective is a
    word of it (the title's NER may run a name on: 'Tajikistan Emomali Rahmon')."""
    key = entity_key(None, text)
    if key != re.sub(r"^the\s+", "", str(text).strip()).lower() or text == AMBIGUOUS:
        return key
    words = re.findall(r"[\w’'.-]+", text)
    found = {
        iso
        for n in range(1, 4)
        for i in range(len(words) - n + 1)
        for phrase in [" ".join(words[i : i + n])]
        for iso in (country_names().get(phrase) or {demonyms().get(phrase)} - {None})
    }
    return next(iter(found)) if len(found) == 1 else key


def entity_key(entity_id, text) -> str:
    """entity_keys as one key (several joined by '+')."""
    return "+".join(sorted(entity_keys(entity_id, text)))


def _sentence_span(char_start: int, text: str, sentence) -> tuple[int, int]:
    """Where the claim's sentence lies in the transcript (the sentence holds the claim's text)."""
    if not isinstance(sentence, str) or text not in sentence:
        return char_start, char_start + len(text)
    start = char_start - sentence.index(text)
    return start, start + len(sentence)


DEFAULT_FOREIGN_SHARE = 0.05
FREQUENT_BODY_SHARE = 0.005  # a body named in more than 0.5% of the titles is a setting, not a subject
BODY_LABELS = ("ORG", "AGENCY", "FAC")


def claim_scopes(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    things: dict[str, Thing | None],
    *,
    documents: pd.DataFrame | None = None,
    title_nlp=None,
    home=None,
    foreign_share: float = DEFAULT_FOREIGN_SHARE,
) -> list[str | None]:
    """Each claim's scope: what its measured phrase or its sentence names (countries, agencies,
    places, organisations; the home country and its adjective apart: a sentence that names only
    them is about home).  When the sentence names nothing, the document's subject decides
    (document_subjects): a thing the corpus also reports for foreign countries
    (international_things: 'our trade grew by 20%' at talks with one country) takes the one foreign
    country or place the document is about; any other ('inflation is 4%', 'industrial production
    grew by 3%') has no scope in a document about nothing in particular, and is left out (AMBIGUOUS)
    in one about a region, a company or another country, where it may be theirs."""
    home_id, home_adjective = home if home is not None else home_country(entities)
    # the commonest adjective stands for home when it names no country by itself ('Russian' does: RUS)
    home_words = (
        {home_adjective, f"{home_adjective}s"} if home_adjective and home_adjective not in demonyms() else set()
    )
    scoped = entities[entities["label"].isin(SCOPE_LABELS)] if len(entities) else entities
    names: dict[str, str] = {}
    per_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    homes: dict[str, list[tuple[int, int]]] = defaultdict(list)
    countries: set[str] = set()
    doc_names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for doc_id, start, end, label, eid, text, canon in (
        scoped[["doc_id", "char_start", "char_end", "label", "entity_id", "text", "canonical_name"]].itertuples(
            index=False
        )
        if len(scoped)
        else ()
    ):
        keys = entity_keys(eid, text)
        if text in home_words:
            keys = {home_id}
        if home_id in keys:  # 'Russia', 'Russian'; 'Russian-Chinese' is about China
            homes[doc_id].append((start, end))
            keys.discard(home_id)
            if not keys:
                names.setdefault(text, home_id)
                continue
        key = "+".join(sorted(keys))
        per_doc[doc_id].append((start, end, key))
        if len(text) > 2:
            doc_names[doc_id].add((text, label))
        names.setdefault(text, key)
        if isinstance(canon, str):
            names.setdefault(canon, key)
        if label == "COUNTRY" or keys <= COUNTRY_IDS:
            countries.add(key)
    sentence_scopes, lemmas, at_home = [], [], []
    columns = ["doc_id", "char_start", "text", "sentence", "measured"]
    for doc_id, char_start, text, sentence, measured in claims[columns].itertuples(index=False):
        thing = things.get(measured.strip()) if isinstance(measured, str) else None
        lemmas.append(thing.lemmas if thing is not None else None)
        named = set()
        owner_at_home = False
        if thing is not None and thing.scope_text:
            owner = names.get(thing.scope_text) or names.get(re.sub(r"^the\s+", "", thing.scope_text))
            if not owner and entity_keys(None, thing.scope_text) <= COUNTRY_IDS:  # 'Austrian' with no entity
                owner = entity_key(None, thing.scope_text)
            if owner == home_id:  # "Russia's GDP" is the GDP
                owner_at_home = True
            elif owner:
                named.add(owner)
        start, end = _sentence_span(int(char_start), text, sentence)
        named |= {key for s, e, key in per_doc.get(doc_id, ()) if start <= s and e <= end}
        sentence_scopes.append(named)
        at_home.append(owner_at_home or any(start <= s and e <= end for s, e in homes.get(doc_id, ())))
    # things the corpus also reports for foreign countries ('trade with China', 'gas exports to Europe')
    relational = {t.lemmas for t in things.values() if t is not None and t.relational}
    foreign_things = international_things(lemmas, sentence_scopes, countries, min_share=foreign_share) | relational
    # the titles of the documents where a sentence names nothing: one NER pass over those titles only
    unnamed = {d for d, named, t in zip(claims["doc_id"], sentence_scopes, lemmas, strict=True) if t and not named}
    titles = {}
    if documents is not None and len(documents):
        titles = {d: t for d, t in documents.set_index("doc_id")["title"].items() if d in unnamed}
    in_titles = title_entities(titles, title_nlp)
    for doc_id, title in titles.items():
        if isinstance(title, str):  # names its turns use that the title repeats ('Daghestan' in 'Daghestani')
            in_titles.setdefault(doc_id, []).extend((t, lab) for t, lab in doc_names.get(doc_id, ()) if t in title)
    found_subjects = document_subjects(
        in_titles,
        home_words | {text for text, key in names.items() if key == home_id},
        all_titles=documents["title"].dropna().tolist() if documents is not None and len(documents) else [],
    )
    subjects = {doc_id: names.get(subject) or subject_key(subject) for doc_id, subject in found_subjects.items()}
    subjects = {doc_id: key for doc_id, key in subjects.items() if key != home_id}  # 'Russian Railways' board
    out = []
    for doc_id, named, home_named, thing_lemmas in zip(claims["doc_id"], sentence_scopes, at_home, lemmas, strict=True):
        named -= set(thing_lemmas or ())  # 'VAT' tagged as an organisation is what is measured, not a scope
        if named:
            out.append("+".join(sorted(named)))
        else:
            about = subjects.get(doc_id)
            if home_named and about is None:  # 'inflation in Russia', 'Russian exports': the home country's
                out.append(HOME)
                continue
            if thing_lemmas in foreign_things:
                out.append(about)
            else:  # 'inflation is 4%' in a meeting about one region, company or country may be theirs
                out.append(AMBIGUOUS if about is not None else None)
    return out


TITLE_LABELS = ("GPE", "LOC", "ORG", "NORP", "FAC")


def title_entities(titles: dict[str, str], nlp=None) -> dict[str, list[tuple[str, str]]]:
    """The places and bodies each title names, by the model's NER (one pass over the titles)."""
    items = [(doc_id, t) for doc_id, t in sorted(titles.items()) if isinstance(t, str) and t.strip()]
    if not items:
        return {}
    nlp = nlp or series_nlp()
    with _only(nlp, ("tok2vec", "ner")):
        docs = list(nlp.pipe((t for _, t in items), batch_size=256))
    return {
        doc_id: [(e.text, e.label_) for e in doc.ents if e.label_ in TITLE_LABELS]
        for (doc_id, _), doc in zip(items, docs, strict=True)
    }


def document_subjects(
    titles: dict[str, list[tuple[str, str]]],
    home_words: set[str],
    *,
    all_titles: list[str] = (),
    frequent_share: float = FREQUENT_BODY_SHARE,
) -> dict[str, str]:
    """What each document is about, when its title names one place or body ('Meeting with Acting
    Governor of Samara Region', 'Talks with Federal Chancellor of Austria', 'Meeting with Rostec CEO');
    bodies named in many titles ('Meeting with Government members', 'Security Council meeting': in
    more than `frequent_share` of `all_titles`) are settings, not subjects; AMBIGUOUS when the title
    names several."""
    bodies = {name for names in titles.values() for name, label in names if label in BODY_LABELS}
    limit = frequent_share * max(len(all_titles), len(titles), 1)
    frequent = {name for name in bodies if sum(name in t for t in all_titles) > limit}
    out = {}
    for doc_id, names in titles.items():
        found = {n for n, _ in names if n not in frequent and n not in home_words}
        # 'Samara' and 'Samara Region' are one subject: the longer name stands for both
        subjects = {n for n in found if not any(n != m and n in m for m in found)}
        if subjects:
            out[doc_id] = next(iter(subjects)) if len(subjects) == 1 else AMBIGUOUS
    return out


def international_things(
    lemmas: list, sentence_scopes: list[set[str]], countries: set[str], *, min_share: float
) -> set[tuple]:
    """Things whose sentences name a foreign country in at least `min_share` of their claims."""
    total, foreign = Counter(), Counter()
    for thing, named in zip(lemmas, sentence_scopes, strict=True):
        if thing is None:
            continue
        total[thing] += 1
        foreign[thing] += bool(named & countries)
    return {t for t in total if foreign[t] and foreign[t] >= min_share * total[t]}


# -- grouping ------------------------------------------------------------------------------------
def series_key(thing: Thing, unit: str, kind: str, scope: str | None) -> str:
    return "|".join(("+".join(thing.lemmas), unit, kind, "" if scope in (None, HOME) else scope))


def series_id_of(key: str) -> str:
    """A readable id derived from the key alone, so that it is the same in every run."""
    lemmas, unit, kind, scope = key.split("|")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{lemmas} {scope} {unit} {kind}".lower()).strip("-")[:60].strip("-")
    return f"{slug}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


SERIES_COLUMNS = SERIES.names


# 'a town with a population of 1,500', 'units with a capacity of 78 megawatts', 'loans with an
# interest rate of 2 percent': the amount describes the thing before 'with', not a statistic; 'our
# budget is based on an oil price of $42 per barrel', 'planning all our finances based on an inflation
# index of minus 0.1 percent': an assumption, not a figure of what happened
_ATTRIBUTE_BEFORE = re.compile(
    r"\b(?:with|based\s+on)\s+an?\s+(?:[\w-]+\s+){0,3}?of\s+(?:(?:about|around|approximately|almost|nearly|some|over|more than|"
    r"less than|under|up to|just over|no more than)\s+)?[$€£]?\s*$",
    re.IGNORECASE,
)


def describes_another_thing(text: str, sentence) -> bool:
    """True for an amount that is an attribute or an assumption: 'with a NOUN of AMOUNT', 'based on a NOUN of AMOUNT'."""
    if not isinstance(sentence, str) or text not in sentence:
        return False
    return bool(_ATTRIBUTE_BEFORE.search(sentence[: sentence.index(text)]))


_PARTITIVE_AFTER = re.compile(r"^\s+of\b")


def share_of_a_whole(text: str, sentence) -> bool:
    """True for 'N percent of X': X is the whole the share is taken of ('40 percent of the population',
    '41.5 percent of the roads meet the norms'), and what the share counts is said elsewhere."""
    if not isinstance(sentence, str) or text not in sentence:
        return False
    return bool(_PARTITIVE_AFTER.match(sentence[sentence.index(text) + len(text) :]))


def measured_from_discourse(claim: dict) -> bool:
    """True when the claim's measured thing was carried over from another sentence or turn ('It
    stood at 5.5 percent last year'): such a topic is often right, but a wrong one would put a figure
    about something else into a series, so these claims stand alone.  Told by measured_start (null
    for a measured thing from the discourse) when the claims stage fills it, else by whether the
    measured phrase is in the claim's sentence."""
    start = claim.get("measured_start")
    if start is not None and not (isinstance(start, float) and math.isnan(start)):
        return False
    if claim.get("measured_rule") is not None and isinstance(claim.get("measured_rule"), str):
        return True  # the claims stage records its rules, and left measured_start null
    measured, sentence = claim.get("measured"), claim.get("sentence")
    if not isinstance(measured, str) or not isinstance(sentence, str):
        return True
    # every word of the phrase in the sentence: 'seized cocaine' from 'seized 3,900 kilograms of cocaine'
    words = set(re.findall(r"\w+", sentence.lower()))
    return not all(w in words for w in re.findall(r"\w+", measured.lower()))


# 'the goal of raising trade to $100 billion', '$100 billion of trade as a target for 2015': an aim,
# not a figure of what happened
_TARGET_BEFORE = re.compile(r"\b(?:goals?|targets?|objectives?|aims?)\b[^.;:!?]{0,100}$", re.IGNORECASE)
_TARGET_AFTER = re.compile(r"^[^.;:!?,]{0,30}\b(?:as\s+a\s+)?(?:goal|target|objective)\b", re.IGNORECASE)


def states_a_target(text: str, sentence) -> bool:
    """True for an amount set as a goal: a goal word shortly before it in its clause, or 'as a target' after."""
    if not isinstance(sentence, str) or text not in sentence:
        return False
    at = sentence.index(text)
    return bool(_TARGET_BEFORE.search(sentence[:at]) or _TARGET_AFTER.search(sentence[at + len(text) :]))


# an amount without a period in a sentence of the future or of a condition is a forecast, a target or a
# hypothesis, not a figure that can be placed in time: 'if cooperation takes its place ... it will mean a
# 30 percent GDP growth' (bulk 55830), 'AI will lead to an annual GDP growth of 1.2 percent' (60630),
# 'the inflation rate should decrease to 4 percent' (bulk: 4 of the 22 unperioded claims in series, all four such)
_MODAL = re.compile(r"\b(?:will|would|could|might|should|shall|going\s+to)\b|[’']ll\b", re.IGNORECASE)


def forecasts_without_a_period(claim: dict) -> bool:
    """True for a claim without a period whose sentence speaks of the future or of a condition."""
    sentence = claim.get("sentence")
    return pd.isna(claim.get("period_start")) and isinstance(sentence, str) and _MODAL.search(sentence) is not None


# a bare substance in tonnes or cubic metres says nothing of what happened to it ('470 billion cubic
# metres of gas' produced, '192 billion cubic metres of gas' exported): it needs a second word
PHYSICAL_BASES = {"kilogram", "cubic metre", "metre", "square metre", "joule", "watt"}


def claim_keys(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    things: dict[str, Thing | None],
    documents: pd.DataFrame | None = None,
    *,
    nlp=None,
) -> list[str | None]:
    """Each claim's series key, or None when it cannot be in a series: no measured thing, a thing
    too general to be one statistic, a count of plural things ('500 beds', '40 passengers': counts of
    what is at hand, not a statistic across meetings), an attribute of something else ('a town with a
    population of 1,500'), a share of a whole ('40 percent of the population'), a thing that belongs
    to someone with nobody named ('revenue', 'investment'), a scope that cannot be told, no value, no unit, an editor's conversion,
    or a forecast without a period."""
    scopes = claim_scopes(claims, entities, things, documents=documents, title_nlp=nlp)
    keys = []
    for c, scope in zip(claims.to_dict("records"), scopes, strict=True):
        thing = things.get(c["measured"].strip()) if isinstance(c.get("measured"), str) else None
        base = base_unit(c.get("unit"), c.get("dimension"))
        if (
            thing is None
            or not thing.specific
            or base is None
            or claim_value(c) is None
            or c.get("editorial") is True
            or not isinstance(c.get("kind"), str)
            or (base[0] == "count" and thing.plural)
            or scope == AMBIGUOUS
            or (scope is None and lexicon()["owned"] & set(thing.lemmas))
            or (len(thing.lemmas) == 1 and base[0] in PHYSICAL_BASES)
            or (c["kind"] == "level" and describes_another_thing(c["text"], c.get("sentence")))
            or (base[0] == "percent" and share_of_a_whole(c["text"], c.get("sentence")))
            or measured_from_discourse(c)
            or states_a_target(c["text"], c.get("sentence"))
            or forecasts_without_a_period(c)
        ):
            keys.append(None)
            continue
        keys.append(series_key(thing, base[0], c["kind"], scope))
    return keys


def build_series(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    turns: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    nlp=None,
    min_documents: int = DEFAULT_MIN_DOCUMENTS,
    require_period: bool = FIELDS["require_period"].default,
    things: dict[str, Thing | None] | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """The series table, and the series_id of each claim (aligned with claims' index; null for a
    claim that stands alone).  A key becomes a series when claims that state their period, in at
    least `min_documents` documents, share it: one document's repeated figure is not yet a statistic
    across transcripts, and a statistic is reported for a time ('inflation was 12.9% in 2015'), where
    an amount said of a case ('a fish of 20 kilograms') is not.  Once a series exists, the claims of
    its key without a period join it too (shown at their meeting's date).  `require_period=False`
    counts every document instead."""
    if things is None:
        things = measured_things(claims["measured"], nlp) if len(claims) else {}
    keys = pd.Series(claim_keys(claims, entities, things, documents, nlp=nlp), index=claims.index, dtype=object)
    # the claims of keys that may make a series are read once more, in their sentence's parse
    candidates = keys.isin(_series_keys(claims, keys, min_documents, require_period))
    if candidates.any():
        narrowed = sentence_qualifiers(claims[candidates], nlp)
        keys[candidates] = [_narrow(k, q) for k, q in zip(keys[candidates], narrowed, strict=True)]
    keys[~keys.isin(_series_keys(claims, keys, min_documents, require_period))] = None
    keys[magnitude_outliers(claims, keys)] = None
    keys[~keys.isin(_series_keys(claims, keys, min_documents, require_period))] = None
    ids = pd.Series(None, index=claims.index, dtype=object, name="series_id")
    ids[keys.notna()] = [series_id_of(k) for k in keys[keys.notna()]]
    return series_table(claims, ids, keys, entities, documents), ids


def _series_keys(claims: pd.DataFrame, keys: pd.Series, min_documents: int, require_period: bool) -> set[str]:
    """The keys held by claims (that state their period, with require_period) in min_documents documents."""
    dated = keys.notna() & (claims["period_start"].notna() if require_period else True)
    if not dated.any():
        return set()
    docs_per_key = claims[dated].groupby(keys[dated])["doc_id"].nunique()
    return set(docs_per_key[docs_per_key >= min_documents].index)


def _narrow(key: str, qualifier: str | None) -> str | None:
    """A key with what the sentence adds to its scope: AMBIGUOUS (some places) takes the claim out."""
    if qualifier is None:
        return key
    if qualifier == AMBIGUOUS:
        return None
    lemmas, unit, kind, scope = key.split("|")
    return "|".join((lemmas, unit, kind, "+".join(sorted(filter(None, (*scope.split("+"), qualifier))))))


# words after the measured thing that say for what or where it is taken: 'VAT on fruit', 'the VAT
# rate for these products', 'unemployment in the region', 'in 56 of 85 regions the infant mortality rate'
QUALIFYING_PREPOSITIONS = {"on", "for", "in", "into", "among", "at"}
# 'your agriculture', 'their exports': an owner named by a pronoun is someone the sentence does not
# name ('our' is the speaker's side: the home country, or both sides at talks)
OTHER_OWNERS = {"your", "their", "his", "her", "its"}
DEMONSTRATIVES = {"this", "that", "these", "those"}
WHOLE = {"all", "every", "each", "entire", "whole"}


def sentence_qualifiers(claims: pd.DataFrame, nlp=None) -> list[str | None]:
    """What each claim's sentence says of its measured thing beyond the phrase, from one parse of the
    distinct sentences: AMBIGUOUS when the thing or its clause is taken in some places (a local place
    noun of the lexicon with a number or a determiner other than 'all': 'in 56 of 85 regions', 'in
    the region', 'in some cities') or belongs to an owner named by a pronoun ('your agriculture'); the lemma of a noun the thing is taken for or on ('VAT on fruit' ->
    fruit, 'the VAT rate for these products' -> product); else None.  Time words, numbers, proper
    names (entities, read as scope already) and the whole country ('in the country') add nothing."""
    sentences = claims["sentence"].where(claims["sentence"].map(lambda v: isinstance(v, str)), "")
    distinct = sorted(set(sentences))
    nlp = nlp or series_nlp()
    with _only(nlp, PHRASE_COMPONENTS):
        parsed = dict(zip(distinct, nlp.pipe(distinct, batch_size=256), strict=True))
    return [
        _qualifier(parsed[sentence], measured, text)
        for sentence, measured, text in zip(sentences, claims["measured"], claims["text"], strict=True)
    ]


def _qualifier(doc, measured, text) -> str | None:
    lex = lexicon()
    sentence = doc.text
    if not isinstance(measured, str) or measured.lower() not in sentence.lower():
        return None
    at = sentence.find(text) if isinstance(text, str) else -1
    starts = [m.start() for m in re.finditer(re.escape(measured.lower()), sentence.lower())]
    start = min(starts, key=lambda s: abs(s - at)) if at >= 0 else starts[0]
    span = doc.char_span(start, start + len(measured), alignment_mode="expand")
    if span is None:
        return None
    # the noun the phrase sits in ('VAT' in 'the VAT rate for these products') is still the thing,
    # and the amount's own words may say for what ('a VAT of 10 percent on fruit')
    nouns = [span.root]
    while nouns[-1].dep_ in ("compound", "amod", "nmod", "poss") and nouns[-1].head.i != nouns[-1].i:
        nouns.append(nouns[-1].head)
    amount = doc.char_span(at, at + len(text), alignment_mode="expand") if at >= 0 else None
    own_words = nouns + ([amount.root] if amount is not None else [])
    if any(c.dep_ == "poss" and c.lower_ in OTHER_OWNERS for n in nouns for c in n.children):
        return AMBIGUOUS
    # 'the federal programme for developing this sector ... labour productivity rose by 7.2 percent':
    # a sentence about one part of the economy, pointed at, is about that part
    if any(
        t.lemma_.lower() in lex["economy_parts"] and any(c.lower_ in DEMONSTRATIVES for c in t.children) for t in doc
    ):
        return AMBIGUOUS
    clauses = [a for a in nouns[-1].ancestors if a.pos_ in ("VERB", "AUX")]
    found = None
    for tok, own in [*((n, True) for n in own_words), *((a, False) for a in clauses)]:
        for prep in tok.children:
            if (
                prep.dep_ != "prep"
                or prep.lower_ not in QUALIFYING_PREPOSITIONS
                or prep.i in range(span.start, span.end)
            ):
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is None or obj.pos_ != "NOUN" or obj.like_num:
                continue
            lemma = obj.lemma_.lower()
            if lemma in lex["local_places"]:
                marks = {c.lower_ for c in obj.subtree if c.i < obj.i}
                if not marks & WHOLE:
                    return AMBIGUOUS
            elif own and lemma not in lex["time"] and lemma not in lex["whole_places"] and found is None:
                found = lemma
    return found


def _base_value(claim: dict) -> float | None:
    """claim_value in the series' base unit (4 tonnes -> 4000 kilograms)."""
    base, value = base_unit(claim.get("unit"), claim.get("dimension")), claim_value(claim)
    return value * base[1] if base is not None and value is not None else None


def magnitude_outliers(claims: pd.DataFrame, keys: pd.Series, *, factor: float = 10.0) -> pd.Series:
    """Claims of a level series in a currency, physical unit or count whose value is more than `factor`
    times off the series' median: "our trade topped 400 billion dollars" among $4-6 billion of trade
    with one country is another statistic (or a scale word lost: '$35.5' among billions)."""
    out = pd.Series(False, index=claims.index)
    for key, group in claims[keys.notna()].groupby(keys[keys.notna()]):
        _, unit, kind, _ = key.split("|")
        if kind != "level" or unit == "percent":
            continue
        values = pd.Series([_base_value(r) for r in group.to_dict("records")], index=group.index, dtype=float).abs()
        median = values.median()
        if not median or not math.isfinite(median):
            continue
        out[group.index] = (values > factor * median) | (values < median / factor)
    return out


def _observation_dates(claims: pd.DataFrame, documents: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    dates = claims[["doc_id"]].merge(documents[["doc_id", "date"]], on="doc_id", how="left")["date"]
    dates.index = claims.index
    start = pd.to_datetime(claims["period_start"]).fillna(pd.to_datetime(dates))
    end = pd.to_datetime(claims["period_end"]).fillna(pd.to_datetime(dates))
    return start, end


def series_table(
    claims: pd.DataFrame, series_ids: pd.Series, keys: pd.Series, entities: pd.DataFrame, documents: pd.DataFrame
) -> pd.DataFrame:
    if not series_ids.notna().any():
        return pd.DataFrame(columns=SERIES_COLUMNS)
    names = {}
    if len(entities):
        linked = entities[entities["entity_id"].notna()]
        for eid, group in linked.groupby("entity_id"):
            canon = group["canonical_name"].dropna()
            names[eid] = canon.mode().iloc[0] if len(canon) else group["text"].mode().iloc[0]
    start, end = _observation_dates(claims, documents)
    frame = claims.assign(series_id=series_ids, key=keys, obs_start=start, obs_end=end)
    frame = frame[frame["series_id"].notna()]
    rows = []
    for sid, group in frame.groupby("series_id", sort=True):
        lemmas, unit, kind, scope = group["key"].iloc[0].split("|")
        phrases = group["measured"].str.strip().str.lower().value_counts()
        label = min(phrases.index, key=lambda p: (-phrases[p], len(p), p))
        rows.append(
            {
                "series_id": sid,
                "label": label,
                "measured_lemmas": lemmas.replace("+", " "),
                "unit": unit,
                "kind": kind,
                "scope_entity_id": scope or None,
                "scope_name": ", ".join(names.get(part, part) for part in scope.split("+")) if scope else None,
                "n_claims": len(group),
                "n_documents": group["doc_id"].nunique(),
                "n_speakers": group["speaker_id"].nunique(),
                "first_period": group["obs_start"].min().date() if group["obs_start"].notna().any() else None,
                "last_period": group["obs_end"].max().date() if group["obs_end"].notna().any() else None,
            }
        )
    return pd.DataFrame(rows, columns=SERIES_COLUMNS)


# -- observations and contradictions ----------------------------------------------------------------
OBSERVATION_COLUMNS = [
    "series_id",
    "doc_id",
    "char_start",
    "char_end",
    "text",
    "period_start",
    "period_end",
    "period_stated",
    "value",
    "unit",
    "qualifier",
    "speaker_id",
    "speaker_name",
    "document_date",
    "corrected",
]


def observations(claims: pd.DataFrame, documents: pd.DataFrame, turns: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim in a series: its period (the meeting date when it states none), its value in
    the series' base unit (a change down is negative), the speaker and the document.  The DuckDB view
    `series_observations` gives the same rows."""
    in_series = claims[claims["series_id"].notna()] if len(claims) else claims
    if not len(in_series):
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    start, end = _observation_dates(in_series, documents)
    rows = []
    speaker_names = {}
    if turns is not None and len(turns):
        speaker_names = turns.drop_duplicates("speaker_id").set_index("speaker_id")["speaker_name"].to_dict()
    dates = documents.set_index("doc_id")["date"].to_dict()
    for (_, c), s, e in zip(in_series.iterrows(), start, end, strict=True):
        base = base_unit(c.get("unit"), c.get("dimension"))
        value = claim_value(c)
        if base is None or value is None:
            continue
        value *= base[1]
        if c.get("kind") == "change" and c.get("direction") == "down":
            value = -value
        rows.append(
            {
                "series_id": c["series_id"],
                "doc_id": c["doc_id"],
                "char_start": int(c["char_start"]),
                "char_end": int(c["char_end"]),
                "text": c["text"],
                "period_start": s.date() if pd.notna(s) else None,
                "period_end": e.date() if pd.notna(e) else None,
                "period_stated": pd.notna(c.get("period_start")),
                "value": value,
                "unit": base[0],
                "qualifier": c.get("qualifier"),
                "speaker_id": c.get("speaker_id"),
                "speaker_name": speaker_names.get(c.get("speaker_id")),
                "document_date": dates.get(c["doc_id"]),
                "corrected": bool(c.get("corrected")) if pd.notna(c.get("corrected")) else False,
            }
        )
    return pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)


def value_interval(value: float, qualifier) -> tuple[float, float]:
    """What a claim allows: 'more than 100' any value from 100 up, 'up to 100' any value to 100."""
    if qualifier == "lower_bound" or qualifier == "vague":
        return (value, math.inf) if value >= 0 else (-math.inf, value)
    if qualifier == "upper_bound":
        return (-math.inf, value) if value >= 0 else (value, math.inf)
    return value, value


CONTRADICTION_COLUMNS = [
    "series_id",
    "period_start",
    "period_end",
    "relative_difference",
    *[
        f"{side}_{c}"
        for side in ("a", "b")
        for c in ("doc_id", "char_start", "char_end", "text", "value", "speaker_name")
    ],
]


def contradictions(obs: pd.DataFrame, claims: pd.DataFrame, *, tolerance: float = DEFAULT_TOLERANCE) -> pd.DataFrame:
    """Pairs of claims of one series about the same stated period whose values disagree by more than
    `tolerance` of the larger one (0.1: 10 %).  Ranges and bounds disagree only when no value fits
    both; periods that are only the meeting date are not compared (a forecast and a current figure
    said the same day are not a contradiction)."""
    if not len(obs):
        return pd.DataFrame(columns=CONTRADICTION_COLUMNS)
    ranges = claims.set_index(["doc_id", "char_start", "char_end"])[["value_low", "value_high"]]
    rows = []
    stated = obs[obs["period_stated"]]
    for (sid, ps, pe), group in stated.groupby(["series_id", "period_start", "period_end"], sort=True):
        items = group.to_dict("records")
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                diff = _disagreement(a, b, ranges)
                if diff is not None and diff > tolerance:
                    row = {"series_id": sid, "period_start": ps, "period_end": pe, "relative_difference": diff}
                    for side, c in (("a", a), ("b", b)):
                        for col in ("doc_id", "char_start", "char_end", "text", "value", "speaker_name"):
                            row[f"{side}_{col}"] = c[col]
                    rows.append(row)
    return pd.DataFrame(rows, columns=CONTRADICTION_COLUMNS)


def _interval(o: dict, ranges: pd.DataFrame) -> tuple[float, float]:
    if o["qualifier"] == "range":
        key = (o["doc_id"], o["char_start"], o["char_end"])
        if key in ranges.index:
            low, high = ranges.loc[key].iloc[0] if isinstance(ranges.loc[key], pd.DataFrame) else ranges.loc[key]
            if _finite(low) and _finite(high) and o["value"] and claim_value({"value_low": low, "value_high": high}):
                factor = o["value"] / ((low + high) / 2)
                return tuple(sorted((low * factor, high * factor)))
    return value_interval(o["value"], o["qualifier"])


def _disagreement(a: dict, b: dict, ranges: pd.DataFrame) -> float | None:
    """The gap between what two claims allow, relative to the larger value; 0 when they agree."""
    (lo_a, hi_a), (lo_b, hi_b) = _interval(a, ranges), _interval(b, ranges)
    gap = max(lo_a, lo_b) - min(hi_a, hi_b)
    scale = max(abs(a["value"]), abs(b["value"]))
    if scale == 0:
        return None
    return max(gap, 0.0) / scale
