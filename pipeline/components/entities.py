"""The `transcript_entities` component: typed, linked COUNTRY / AGENCY / CRIMINAL_GROUP / PERSON.

Combines the model's NER (when the pipeline has one) with gazetteers and token patterns, and
corrects the model where they disagree: a ministry the model calls ORG becomes AGENCY, 'Los Zetas'
becomes CRIMINAL_GROUP, 'UAE' becomes COUNTRY.  Each entity's `kb_id_` holds its entity_id and its
`id_` what found it (model, rule, gazetteer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from pipeline.gazetteers import Entry, agencies, country_names, criminal_groups
from pipeline.labels import TARGET_LABELS
from pipeline.speakers import HONORIFICS, role_words

_DETERMINERS = [
    "the",
    "a",
    "an",
    "our",
    "this",
    "that",
    "their",
    "its",
    "his",
    "her",
    "every",
    "each",
    "all",
    "these",
    "those",
    "your",
    "my",
    "some",
    "any",
    "no",
]
# Demonyms and other adjectives ending like 'Mexican', 'Chinese', 'Turkish' do not open a group's name.
_DEMONYM = r"^(?!.*(?:ian|an|ese|ish|i)$)"
AGENCY_HEADS = [
    "Ministry",
    "Service",
    "Agency",
    "Committee",
    "Commission",
    "Council",
    "Court",
    "Police",
    "Guard",
    "Chamber",
    "Duma",
    "Office",
    "Inspectorate",
    "Directorate",
    "Department",
    "Bureau",
    "Administration",
    "Procuracy",
    "Prosecutor",
    "Troops",
    "Assembly",
    "Parliament",
]
AGENCY_LOWER_HEADS = ["commission", "committee", "council"]
GROUP_HEADS_AFTER_CRIMINAL = [
    "group",
    "gang",
    "community",
    "organisation",
    "organization",
    "network",
    "ring",
    "syndicate",
    "groups",
    "gangs",
]
GROUP_HEADS = ["cartel", "gang", "mafia", "syndicate", "clan", "Cartel", "Gang", "Mafia"]
HONORIFIC_FORMS = sorted(
    {h for h in HONORIFICS}
    | {h + "." for h in HONORIFICS}
    | {h.capitalize() for h in HONORIFICS}
    | {h.capitalize() + "." for h in HONORIFICS}
)
NOT_NAME_WORDS = {"No", "No.", "Order", "Decree", "Article", "Law", "Resolution", "Paragraph"}
_STOP = ["the", "and", "of", "a", "an", "to", "in", "for", "with", "on", "or", "as", "by", "at", "is", "are", "was"]


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    entity_id: str | None
    canonical: str | None
    source: str
    priority: int  # higher wins an overlap; then the longer span


def _title(extra: dict | None = None) -> dict:
    tok = {"IS_TITLE": True, "LOWER": {"NOT_IN": _DETERMINERS}}
    if extra:
        tok.update(extra)
    return tok


def _upper_or_title() -> dict:
    return {"TEXT": {"REGEX": r"^[A-Z][A-Za-z’'.]*$"}, "LOWER": {"NOT_IN": _DETERMINERS}}


def agency_slug(name: str) -> str:
    """One id for both spellings of a body: 'Ministry of Finance' and 'Finance Ministry' -> finance-ministry."""
    n = re.sub(r"^(?:the|The)\s+", "", name.strip())
    n = re.sub(r"[’']s\b", "s", n)
    m = re.match(r"^(Ministry|Department|Committee|Commission|Agency|Service)\s+(?:of|for)\s+(?:the\s+)?(.+)$", n)
    if m:
        n = f"{m.group(2)} {m.group(1)}"
    n = re.sub(r"\band\b", " ", n, flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-")


class TranscriptEntities:
    """Gazetteer and pattern entities merged with (and correcting) the model's entities."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        extra_countries: dict[str, list[str]],
        extra_agencies: dict[str, list[str]],
        extra_groups: dict[str, list[str]],
        keep_model_labels: bool,
    ):
        self.name = name
        self.vocab = nlp.vocab
        self._tokenizer = nlp.tokenizer
        self.keep_model_labels = keep_model_labels
        self.cfg = {
            "extra_countries": extra_countries,
            "extra_agencies": extra_agencies,
            "extra_groups": extra_groups,
            "keep_model_labels": keep_model_labels,
        }
        self._build()

    def _build(self) -> None:
        cfg = self.cfg
        self.entries: dict[str, Entry] = {}
        countries = dict(country_names())
        for code, forms in cfg["extra_countries"].items():
            base = next((e for e in countries.values() if e.entity_id == code), Entry(code, forms[0], "COUNTRY"))
            for f in forms:
                countries[f] = base
        self.countries = countries
        table = {**{k: v for k, v in agencies().items()}, **{k: v for k, v in criminal_groups().items()}}
        for label, extra in (("AGENCY", cfg["extra_agencies"]), ("CRIMINAL_GROUP", cfg["extra_groups"])):
            for ident, forms in extra.items():
                for f in forms:
                    table[f] = Entry(ident, forms[0], label)
        self.named = table
        self.phrases = PhraseMatcher(self.vocab, attr="ORTH")
        for form in countries:
            self.phrases.add("COUNTRY\t" + form, [self._tokenizer(form)])
        for form in table:
            self.phrases.add("NAMED\t" + form, [self._tokenizer(form)])
        self.matcher = Matcher(self.vocab)
        title_run = [_title({"OP": "+"})]
        and_run = [_title({"OP": "+"}), {"LOWER": {"IN": ["and", "&"]}}, _title({"OP": "+"})]
        head = {"ORTH": {"IN": AGENCY_HEADS}}
        self.matcher.add(
            "AGENCY",
            [
                title_run + [head],
                and_run + [head],
                [
                    _title({"ORTH": {"IN": ["Central", "National", "Reserve", "People’s", "People's"]}}),
                    {"ORTH": "Bank"},
                ],
                [
                    {"ORTH": {"IN": AGENCY_HEADS + ["Bank"]}},
                    {"LOWER": {"IN": ["of", "for", "on"]}},
                    {"LOWER": "the", "OP": "?"},
                    _title({"OP": "+"}),
                ],
                [{"ORTH": {"IN": AGENCY_HEADS}}, {"LOWER": {"IN": ["of", "for", "on"]}}, {"LOWER": "the", "OP": "?"}]
                + and_run,
                [
                    _upper_or_title(),
                    {"ORTH": "-"},
                    _upper_or_title(),
                    {"TEXT": {"REGEX": r"^(?:[a-z][a-z]*|-)$"}, "LOWER": {"NOT_IN": _STOP}, "OP": "{0,5}"},
                    {"LOWER": {"IN": AGENCY_LOWER_HEADS}},
                ],
            ],
            greedy="LONGEST",
        )
        group_name = [_title({"OP": "+", "TEXT": {"REGEX": _DEMONYM}})]
        self.matcher.add(
            "CRIMINAL_GROUP",
            [
                group_name + [{"LOWER": {"IN": ["criminal", "crime"]}}, {"LOWER": {"IN": GROUP_HEADS_AFTER_CRIMINAL}}],
                group_name + [{"LOWER": "drug", "OP": "?"}, {"ORTH": {"IN": GROUP_HEADS}}],
            ],
            greedy="LONGEST",
        )
        name_tokens = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(role_words())}, "OP": "+"}
        # 'Ms Skvortsova'; '[President of South Ossetia] Tibilov' (an editor's note naming the role)
        self.matcher.add(
            "PERSON", [[{"ORTH": {"IN": HONORIFIC_FORMS}}, name_tokens], [{"ORTH": "]"}, name_tokens]], greedy="LONGEST"
        )

    # -- candidates -------------------------------------------------------------------------
    def _country_ok(self, doc: Doc, start: int, end: int) -> bool:
        """Whole-word countries only: not 'Mexico' in 'New Mexico' or 'Mexico City'."""
        if start > 0 and doc[start - 1].text in {"New", "Nueva", "Nouvelle"} and not doc[start - 1].is_sent_start:
            return False
        if end < len(doc) and doc[end].text in {"City", "Today", "Times", "Airlines"}:
            return False
        for i, j in ((start - 1, start - 2), (end, end + 1)):  # joined by a hyphen to another proper word
            if (
                0 <= j < len(doc)
                and 0 <= i < len(doc)
                and doc[i].text == "-"
                and not doc[i].whitespace_
                and doc[j].is_title
                and doc[j].text not in self.countries
            ):
                if i == start - 1 and not doc[j].whitespace_:
                    return False
                if i == end and not doc[end - 1].whitespace_:
                    return False
        return True

    def candidates(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        for match_id, start, end in self.phrases(doc):
            kind, form = self.vocab.strings[match_id].split("\t", 1)
            if kind == "COUNTRY":
                if self._country_ok(doc, start, end):
                    e = self.countries[form]
                    out.append(Candidate(start, end, "COUNTRY", e.entity_id, e.canonical_name, "gazetteer", 3))
            else:
                e = self.named[form]
                out.append(Candidate(start, end, e.label, e.entity_id, e.canonical_name, "gazetteer", 3))
        for match_id, start, end in self.matcher(doc):
            label = self.vocab.strings[match_id]
            if label == "PERSON":
                start += 1  # the honorific or bracket is not part of the name
                name = doc[start:end].text
                if name in self.countries:
                    continue
                out.append(Candidate(start, end, "PERSON", None, None, "rule", 1))
                continue
            text = doc[start:end].text
            slug = agency_slug(text)
            out.append(Candidate(start, end, label, slug, re.sub(r"^(?:the|The)\s+", "", text), "rule", 2))
        for ent in doc.ents:
            c = self._from_model(ent)
            if c is not None:
                out.append(c)
        return out

    def _from_model(self, ent: Span) -> Candidate | None:
        text = ent.text
        start = ent.start
        if ent[0].lower_ in _DETERMINERS and len(ent) > 1:
            start += 1
            text = ent.doc[start : ent.end].text
        if (
            ent.label_ in ("GPE", "ORG", "NORP", "LOC")
            and text in self.countries
            and self._country_ok(ent.doc, start, ent.end)
        ):
            e = self.countries[text]
            return Candidate(start, ent.end, "COUNTRY", e.entity_id, e.canonical_name, "model", 0)
        if ent.label_ == "PERSON":
            while start < ent.end and ent.doc[start].text.rstrip(".").lower() in HONORIFICS:
                start += 1
            span = ent.doc[start : ent.end]
            nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
            if nxt is not None and nxt.text in ("-", "–") and not ent.doc[ent.end - 1].whitespace_:
                return None  # 'Tajik-Afghan border': an adjective, not a person
            prev = ent.doc[start - 1] if start > 0 else None
            if (
                ent.end - start == 1
                and nxt is not None
                and nxt.pos_ == "NOUN"
                and prev is not None
                and prev.pos_ in ("DET", "ADJ", "ADV")
            ):
                return None  # 'the Tajik side', 'friendly Tajik vegetables': used as an adjective
            if (
                not len(span)
                or any(t.text in NOT_NAME_WORDS for t in span)
                or any(
                    not t.is_title and not t.is_punct and t.text not in ("-", "bin", "al", "de", "van", "von")
                    for t in span
                )
                or span.text in self.countries
                or all(t.lower_ in role_words() for t in span)
                or span[-1].text in ("’s", "'s")
            ):
                return None
            return Candidate(start, ent.end, "PERSON", None, None, "model", 0)
        if ent.label_ == "ORG" and ent.doc[ent.end - 1].text in AGENCY_HEADS:
            return Candidate(start, ent.end, "AGENCY", agency_slug(text), text, "model", 0)
        if ent.label_ in TARGET_LABELS:
            return None
        if self.keep_model_labels:
            return Candidate(start, ent.end, ent.label_, None, None, "model", -1)
        return None

    # -- resolution -------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        chosen: list[Candidate] = []
        taken = set()
        for c in sorted(self.candidates(doc), key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
            if c.label == "PERSON" and c.start < c.end and c.start in taken:
                # 'Tajikistan Emomali Rahmon' from the model: the country is taken, the name remains
                start = c.start
                while start < c.end and start in taken:
                    start += 1
                if start < c.end and doc[start].is_title:
                    c = Candidate(start, c.end, c.label, c.entity_id, c.canonical, c.source, c.priority)
            if c.start >= c.end or any(i in taken for i in range(c.start, c.end)):
                continue
            chosen.append(c)
            taken.update(range(c.start, c.end))
        spans = []
        for c in sorted(chosen, key=lambda c: c.start):
            span = Span(doc, c.start, c.end, label=c.label, kb_id=c.entity_id or "", span_id=c.source)
            spans.append(span)
            if c.canonical:
                doc.user_data.setdefault("canonical_names", {})[c.entity_id] = c.canonical
        doc.set_ents(spans, default="outside")
        return doc

    # -- serialisation ----------------------------------------------------------------------
    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.json_dumps(self.cfg).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> TranscriptEntities:
        self.cfg = srsly.json_loads(data.decode("utf-8"))
        self.keep_model_labels = self.cfg["keep_model_labels"]
        self._build()
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self.cfg)

    def from_disk(self, path, *, exclude=tuple()) -> TranscriptEntities:
        return self.from_bytes(srsly.json_dumps(srsly.read_json(ensure_path(path) / "cfg.json")).encode("utf-8"))


@Language.factory(
    "transcript_entities",
    default_config={"extra_countries": {}, "extra_agencies": {}, "extra_groups": {}, "keep_model_labels": True},
)
def make_transcript_entities(
    nlp: Language,
    name: str,
    *,
    extra_countries: dict[str, list[str]],
    extra_agencies: dict[str, list[str]],
    extra_groups: dict[str, list[str]],
    keep_model_labels: bool,
) -> TranscriptEntities:
    return TranscriptEntities(
        nlp,
        name,
        extra_countries=extra_countries,
        extra_agencies=extra_agencies,
        extra_groups=extra_groups,
        keep_model_labels=keep_model_labels,
    )
