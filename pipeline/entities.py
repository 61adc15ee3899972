"""Doc -> entity rows, and what only the whole document can decide: persons linked to the full name
the document gives (or to the person of that name who speaks in the corpus), abbreviations the
document defines ('Federal Customs Service ... the FCS'), and names two states share ('Congo')."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.components.entities import MONTHS, TARGET_LABELS
from pipeline.speakers import speaker_id

_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_ABBREVIATION = re.compile(r"\s*\(([A-Z][A-Za-z]{1,30}|[A-Z]{2,8})\)")
_INITIALS_SKIP = {"of", "for", "the", "and", "on", "in"}


def doc_entity_rows(doc: Doc, *, doc_id: str | None = None, turn_id: int | None = None, offset: int = 0) -> list[dict]:
    """One row per entity of `doc`; offsets shifted by `offset` (the turn's start in the transcript)."""
    names = doc.user_data.get("canonical_names", {})
    info = doc.user_data.get("entity_info", {})
    rows = []
    for ent in doc.ents:
        text = ent.text
        if not text.strip():
            continue
        extra = info.get(f"{ent.start_char}:{ent.end_char}", {})
        entity_id = ent.kb_id_ or None
        canonical = extra.get("canonical") or (names.get(entity_id) if entity_id else None)
        if ent.label_ == "PERSON":
            canonical = _POSSESSIVE.sub("", text)
            entity_id = speaker_id(canonical)
        rows.append(
            {
                "doc_id": doc_id,
                "turn_id": turn_id,
                "char_start": offset + ent.start_char,
                "char_end": offset + ent.end_char,
                "text": text,
                "label": ent.label_,
                "entity_id": entity_id,
                "canonical_name": canonical or (text if entity_id else None),
                "source": ent.id_ or "model",
                "entity_country": extra.get("country") if ent.label_ in ("AGENCY", "ORG") else None,
                "corrected": False,
            }
        )
    return rows


# -- people -----------------------------------------------------------------------------------------
DOMINANT_SHARE = 0.9  # a surname alone names the person who has this share of its speakers' documents


@lru_cache(maxsize=1)
def _corpus_people() -> tuple[dict[str, str], dict[str, str]]:
    """The people who speak in the corpus: full name -> speaker id, and surname -> the speaker id of
    the person that surname names in the corpus ('Medvedev': Dmitry Medvedev speaks in 50 documents,
    two others in one each).  Surnames that are common words, countries, peoples or months are left
    out, so 'May' alone is never linked."""
    from pipeline.gazetteers import common_words, country_names, people, peoples

    full: dict[str, str] = {}
    docs_by_surname: dict[str, Counter] = {}
    common, countries, groups = common_words(), country_names(), peoples()
    for p in people():
        full[p.name] = p.person_id
        surname = family_name(p.name)
        if (
            len(surname) > 3
            and surname[0].isupper()
            and surname.lower() not in common
            and surname not in countries
            and surname not in groups
            and surname not in MONTHS
        ):
            docs_by_surname.setdefault(surname, Counter())[p.person_id] += p.n_documents
    by_surname = {}
    for surname, docs in docs_by_surname.items():
        person_id, n = docs.most_common(1)[0]
        if n >= DOMINANT_SHARE * sum(docs.values()):
            by_surname[surname] = person_id
    return full, by_surname


def family_name(name: str) -> str:
    """'Vladimir Putin' -> 'Putin'; 'Alexander Van der Bellen' -> 'Van der Bellen' (from the first
    particle on)."""
    from pipeline.speakers import NAME_PARTICLES

    words = name.split()
    for i, w in enumerate(words[1:-1], start=1):
        if w.lower() in NAME_PARTICLES:
            return " ".join(words[i:])
    return words[-1]


def _usable_name(name: str) -> bool:
    """A speaker's name that can stand for a person in the text: no role words ('Tula Region
    Governor') or country words ('Russia Kirill', a label cut in the wrong place), and not made of
    common words only ('Far East')."""
    from pipeline.gazetteers import common_words, country_names
    from pipeline.speakers import NAME_PARTICLES, role_words

    words = [w for w in name.replace("-", " ").split() if w.lower() not in NAME_PARTICLES]
    roles, common, countries = role_words(), common_words(), country_names()
    return (
        len(words) > 1
        and not any(w.lower() in roles or w in countries for w in words)  # 'Russia Kirill'
        and not all(w.lower() in common for w in words)
    )


def link_persons(rows: list[dict], known_names: Iterable[str] = ()) -> list[dict]:
    """Link 'Skvortsova' to 'Veronika Skvortsova' when the same document names her in full (in its
    text or as a speaker), else to the one person of that surname who speaks in the corpus.  `rows`
    are one document's entity rows; changed in place."""
    full = [n for n in known_names if _usable_name(n)]
    full += [r["canonical_name"] or r["text"] for r in rows if r["label"] == "PERSON" and len(r["text"].split()) > 1]
    by_surname: dict[str, set[str]] = {}
    for name in full:
        by_surname.setdefault(family_name(name), set()).add(name)
    corpus_full, corpus_surnames = _corpus_people()
    for r in rows:
        if r["label"] != "PERSON":
            continue
        name = _POSSESSIVE.sub("", r["text"])
        if name in corpus_full:
            r["entity_id"], r["canonical_name"] = corpus_full[name], name
            continue
        matches = by_surname.get(name, set()) - {name}
        if len(matches) == 1:
            full_name = next(iter(matches))
            r["entity_id"], r["canonical_name"] = speaker_id(full_name), full_name
        elif not matches and name in corpus_surnames:
            person_id = corpus_surnames[name]
            r["entity_id"] = person_id
            r["canonical_name"] = next((n for n, i in corpus_full.items() if i == person_id), name)
    return rows


def _mentions(
    turns: Iterable[dict], forms: dict[str, dict], rows: list[dict], *, over_model: bool = True
) -> list[dict]:
    """Rows for every whole-word occurrence of `forms` (text -> row fields) in the turns that no
    entity of a target label covers yet; with `over_model`, a model entity of another label under
    one gives way, else only one of exactly the same span.  A one-word form right after another capitalised word is part of
    another name ('Magomedali Magomedov' is not 'Magomed Magomedov')."""
    if not forms:
        return []
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")(?![\w-])"
    )
    taken = [(r["char_start"], r["char_end"]) for r in rows if r["label"] in TARGET_LABELS]
    # without `over_model`, a model entity stays unless it is exactly the name ('Kudrin' as ORG);
    # 'Trebs and Titov' (deposits) keeps its longer entity
    model_spans = (
        [] if over_model else [(r["char_start"], r["char_end"]) for r in rows if r["label"] not in TARGET_LABELS]
    )
    added = []
    for t in turns:
        text, offset = t.get("speech_text") or t["text"], int(t["char_start"])
        for m in pattern.finditer(text):
            start, end = offset + m.start(), offset + m.end()
            if any(a < end and start < b for a, b in taken):
                continue
            if any(a < end and start < b and (a, b) != (start, end) for a, b in model_spans):
                continue
            if (
                forms[m.group(1)]["label"] == "PERSON"
                and " " not in m.group(1)
                and _after_another_name(text, m.start())
            ):
                continue
            added.append(
                {
                    "doc_id": t["doc_id"],
                    "turn_id": None if t.get("turn_id") is None else int(t["turn_id"]),
                    "char_start": start,
                    "char_end": end,
                    "text": m.group(1),
                    "source": "rule",
                    "corrected": False,
                    **forms[m.group(1)],
                }
            )
            taken.append((start, end))
    # a model entity of another label under a found name ('Kudrin’s programme' as WORK_OF_ART) gives way
    rows[:] = [
        r
        for r in rows
        if r["label"] in TARGET_LABELS
        or not any(a["char_start"] < r["char_end"] and r["char_start"] < a["char_end"] for a in added)
    ]
    return added


_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ich|ichna)$")
_PREVIOUS_WORD = re.compile(r"([A-Z][\w’'-]*)\s+$")


def _after_another_name(text: str, start: int) -> bool:
    from pipeline.speakers import HONORIFICS, role_words

    m = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    return (
        word not in HONORIFICS
        and word not in role_words()
        and word not in _FUNCTION_WORDS
        and not _PATRONYMIC.search(word)  # 'Dmitry Anatolyevich Medvedev'
    )


_FUNCTION_WORDS = {
    "the",
    "and",
    "but",
    "as",
    "with",
    "for",
    "to",
    "of",
    "by",
    "at",
    "in",
    "on",
    "then",
    "so",
    "i",
    "we",
}


def surname_mentions(turns: Iterable[dict], rows: list[dict], known_names: Iterable[str]) -> list[dict]:
    """PERSON rows for the names and surnames of people the document names in full ('Kudrin' after
    'Alexei Kudrin'), where the model missed them.  `turns` carry doc_id, turn_id, char_start and the
    text the NLP saw (speech_text)."""
    from pipeline.gazetteers import common_words

    full = {n for n in known_names if _usable_name(n)}
    full |= {r["text"] for r in rows if r["label"] == "PERSON" and len(r["text"].split()) > 1}
    forms: dict[str, dict] = {}
    names_of = Counter(family_name(name) for name in full)
    for name in sorted(full):
        fields = {"label": "PERSON", "entity_id": speaker_id(name), "canonical_name": name, "entity_country": None}
        forms[name] = fields
        surname = family_name(name)
        if (
            len(surname) > 2
            and surname[0].isupper()
            and surname.lower() not in common_words()  # 'May' alone is a month or a verb far more often
            and names_of[surname] == 1  # two people of one surname: the surname alone names neither
        ):
            forms.setdefault(surname, fields)
    return _mentions(turns, forms, rows)


def corpus_person_mentions(turns: Iterable[dict], rows: list[dict]) -> list[dict]:
    """PERSON rows for the people who speak in the corpus, named in full or by a surname only one of
    them has ('Kudrin', 'Medvedev'), where the model missed them."""
    full, by_surname = _corpus_people()
    names = {n: i for n, i in full.items()}
    forms = {
        n: {"label": "PERSON", "entity_id": i, "canonical_name": n, "entity_country": None} for n, i in names.items()
    }
    by_id = {i: n for n, i in names.items()}
    for surname, i in by_surname.items():
        forms.setdefault(
            surname, {"label": "PERSON", "entity_id": i, "canonical_name": by_id[i], "entity_country": None}
        )
    return _mentions(turns, _present(forms, turns), rows, over_model=False)


def _present(forms: dict[str, dict], turns: Iterable[dict]) -> dict[str, dict]:
    """The forms that occur in the turns at all (a cheap filter before one large regular expression)."""
    text = "\n".join(t.get("speech_text") or t["text"] for t in turns)
    words = set(re.findall(r"[A-Z][\w’'-]+", text))
    return {f: v for f, v in forms.items() if f.split()[0] in words}


# -- agencies ---------------------------------------------------------------------------------------
def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _INITIALS_SKIP).upper()


def abbreviation_mentions(turns: list[dict], rows: list[dict]) -> list[dict]:
    """AGENCY rows for the short names a document gives its bodies: one in parentheses right after the
    name ('Federal Service for Veterinary and Phytosanitary Supervision (Rosselkhoznadzor)'), or the
    initials of a body it names ('Federal Customs Service' ... 'the FCS')."""
    texts = {int(t["turn_id"]) if t.get("turn_id") is not None else None: t for t in turns}
    forms: dict[str, dict] = {}
    agencies = [r for r in rows if r["label"] == "AGENCY"]
    for r in agencies:
        fields = {
            "label": "AGENCY",
            "entity_id": r["entity_id"],
            "canonical_name": r["canonical_name"],
            "entity_country": r["entity_country"],
        }
        t = texts.get(r["turn_id"])
        if t is not None:
            text = t.get("speech_text") or t["text"]
            m = _ABBREVIATION.match(text, r["char_end"] - int(t["char_start"]))
            if m:
                forms.setdefault(m.group(1), fields)
        initials = _initials(r["canonical_name"] or r["text"])
        if len(initials) >= 3:
            forms.setdefault(initials, fields)
    present = set()
    for t in turns:
        present |= set(re.findall(r"\b[A-Z][A-Za-z]+\b", t.get("speech_text") or t["text"]))
    return _mentions(turns, {f: v for f, v in forms.items() if f in present}, rows)


# -- countries --------------------------------------------------------------------------------------
def resolve_ambiguous_countries(rows: list[dict], turns: Iterable[dict]) -> list[dict]:
    """'Congo' is the DRC or the Republic of the Congo as the document's other words say (its full
    names, capital, leaders); without any, the default of ambiguous_countries.yaml.  In place."""
    from pipeline.gazetteers import ambiguous_countries, country_canonical

    table = ambiguous_countries()
    bare = [r for r in rows if r["label"] == "COUNTRY" and r["text"] in table]
    if not bare:
        return rows
    text = "\n".join(t.get("speech_text") or t["text"] for t in turns)
    for form in {r["text"] for r in bare}:
        amb = table[form]
        votes = Counter()
        for code, cues in amb.cues.items():
            for cue in cues:
                # 'Republic of the Congo' inside 'Democratic Republic of the Congo' is no cue for COG
                votes[code] += len(re.findall(r"(?<!Democratic )(?<![\w-])" + re.escape(cue) + r"(?![\w-])", text))
        ranked = votes.most_common()
        code = ranked[0][0] if ranked and ranked[0][1] and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
        for r in bare:
            if r["text"] == form:
                r["entity_id"] = code or amb.default
                r["canonical_name"] = country_canonical().get(r["entity_id"], form)
    return rows


# -- per turn and per document ------------------------------------------------------------------------
def entity_rows(doc) -> list[dict]:
    """Entity rows of one annotated turn, its ids and offset taken from doc.user_data."""
    ctx = doc.user_data
    return doc_entity_rows(doc, doc_id=ctx.get("doc_id"), turn_id=ctx.get("turn_id"), offset=ctx.get("offset", 0))


def resolve_document(rows: list[dict], turns: list[dict], speaker_names: Iterable[str] = ()) -> list[dict]:
    """One document's entity rows with what the whole document decides: abbreviations it defines,
    mentions of the people it names in full or who speak in the corpus, persons linked to full names,
    and names two states share."""
    names = sorted(set(speaker_names))
    rows = list(rows)
    rows = rows + abbreviation_mentions(turns, rows)
    rows = rows + surname_mentions(turns, rows, names)  # also drops model entities under the names
    rows = rows + corpus_person_mentions(turns, rows)
    rows = resolve_ambiguous_countries(link_persons(rows, names), turns)
    return sorted(rows, key=lambda r: (r["turn_id"] if r["turn_id"] is not None else -1, r["char_start"]))


def link_document_persons(rows: list[dict], turns: list[dict]) -> list[dict]:
    """One document's entity rows, resolved as a whole (resolve_document), the document's speakers
    taken from its turns."""
    from pipeline.speakers import is_role_only

    names = [t["speaker_name"] for t in turns if not is_role_only(t["speaker_name"])]
    return resolve_document(rows, turns, names)


def text_entity_rows(doc: Doc) -> list[dict]:
    """Entity rows of a piece of text annotated as one Doc, resolved as one document."""
    turn = {"doc_id": None, "turn_id": None, "char_start": 0, "text": doc.text}
    return resolve_document(entity_rows(doc), [turn])
