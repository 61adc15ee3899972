"""The `transcript_entities` component: typed, linked COUNTRY / AGENCY / CRIMINAL_GROUP / PERSON.

Combines the model's NER (when the pipeline has one) with gazetteers and token patterns, and
corrects the model where they disagree: a ministry the model calls ORG becomes AGENCY, 'Los Zetas'
becomes CRIMINAL_GROUP, 'UAE' becomes COUNTRY.  Each entity's `kb_id_` holds its entity_id and its
`id_` what found it (model, rule, gazetteer); `doc.user_data["entity_info"]` maps (start, end) to the
entity's canonical name, country and the id of the rule that decided it.

Evidence, not lists of exceptions:
- a body is looked up in the knowledge base (gazetteers/agencies.yaml) by any of its names, or found
  by the shape of its name ('X Ministry', 'Federal X Service', 'Ros...nadzor', coordinated names); the
  country named with it ('Turkish', 'of Turkey', 'US ') decides whose body it is;
- a country inside a longer proper name ('United Russia', 'Latin America', 'Russia Day') is no mention;
- a person is the model's PERSON, or a name after an honorific, unless the words are common words of
  the corpus ('Coal', 'Far East'), months, peoples ('Mari') or a stage direction ('(Laughter.)').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import ensure_path

from pipeline.gazetteers import (
    Entry,
    agencies,
    alternatives,
    ambiguous_countries,
    common_words,
    country_canonical,
    country_names,
    criminal_groups,
    demonyms,
    given_names,
    peoples,
)
from pipeline.labels import TARGET_LABELS
from pipeline.speakers import HONORIFICS, NAME_PARTICLES, role_words

DEFAULT_COUNTRY = "RUS"  # a body named without a country, in kremlin.ru transcripts, is Russian
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
# Legislatures named only with their country ('French Senate', 'US Congress'); alone they are often
# something else ('World Energy Congress', 'the 20th Party Congress').
QUALIFIED_HEADS = ["Congress", "Senate", "Parliament"]
# Coordinated names with a plural head are one body per conjunct ('the Health and Education ministries').
PLURAL_HEADS = {"ministries": "Ministry", "courts": "Court"}
# State centres: 'National Defence Control Centre', 'National Crisis Management Centre'; research,
# sport or business centres ('National Research Centre', 'Russian Export Centre') are not bodies.
CENTRE_FUNCTIONS = {"Control", "Coordinating", "Coordination", "Management", "Monitoring", "Crisis", "Situation"}
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
MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
# Closed-class words that titles capitalise ('Talks Between Russia and China'): never part of a name.
_FUNCTION = set(_DETERMINERS) | {
    "and",
    "or",
    "but",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "with",
    "by",
    "between",
    "around",
    "after",
    "before",
    "during",
    "since",
    "until",
    "if",
    "when",
    "as",
    "like",
    "than",
    "i",
    "we",
    "you",
    "he",
    "she",
    "it",
    "they",
    "mr",
    "ms",
    "mrs",
    "dr",
    "here",
    "there",
    "now",
    "then",
    "today",
    "yesterday",
    "tomorrow",
    "yes",
    "so",
    "also",
    "both",
    "even",
    "only",
}
# Nouns a person's name modifies ('the Skripal case', 'the Trump administration'); other nouns after
# 'the X' make X a place or a thing ('the Volga region', 'the Goshadash field').
EPONYM_HEADS = {
    "case",
    "affair",
    "family",
    "administration",
    "government",
    "cabinet",
    "team",
    "era",
    "presidency",
    "doctrine",
    "plan",
    "report",
    "poisoning",
    "murder",
    "trial",
    "proposal",
    "initiative",
    "statement",
    "visit",
    "speech",
}
# Bodies whose name opens with these words are international: ORG, no country ('European Space
# Agency', 'World Petroleum Council'); 'International Affairs Committee' is a committee on a topic.
INTERNATIONAL_SCOPE = {"International", "World", "European", "Eurasian", "Global", "Interstate", "UN", "CIS", "BRICS"}
_TOPIC_AFTER_SCOPE = {"Affairs", "Relations", "Cooperation", "Law", "Security", "Trade", "Development"}
_ROS_SERVICE = re.compile(r"^Ros[a-z]{3,}na[dt]zor$")
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z’'.]*$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|O’|O'|D’|D'|Di|De|Da|La|Le|Van|Von|Du|Al|El)[A-Z][a-z]")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    entity_id: str | None
    canonical: str | None
    source: str
    priority: int  # higher wins an overlap; then the longer span
    rule: str = ""
    country: str | None = None


def _title(extra: dict | None = None) -> dict:
    tok = {"IS_TITLE": True, "LOWER": {"NOT_IN": _DETERMINERS}}
    if extra:
        tok.update(extra)
    return tok


def _upper_or_title() -> dict:
    return {"TEXT": {"REGEX": r"^[A-Z][A-Za-z’'.]*$"}, "LOWER": {"NOT_IN": _DETERMINERS}}


# words the model tags as (part of) a DATE, TIME or ORDINAL, in a sentence without capitals or digits
TIME_WORDS = frozenset(
    "today yesterday tomorrow tonight overnight now ago recently lately annually daily weekly monthly yearly "
    "year years month months week weeks weekend day days decade decades century centuries age ages era period "
    "season seasons summer winter autumn spring fall morning mornings afternoon evening evenings night nights "
    "millennium hour hours minute minutes second seconds moment quarter first third fourth fifth sixth seventh eighth ninth "
    "tenth last next past previous".split()
)


def needs_ner(sent: Span) -> bool:
    """Can the model find an entity in the sentence?  Names are written with capitals (the first
    word counts unless the corpus writes it in lower case: 'Thank you.'), amounts with digits or
    number words, dates, times and ordinals with `TIME_WORDS`.  A selective annotate pass
    (pipeline.nlp) runs the NER on these sentences and on those the claims read, not on others."""
    for i, t in enumerate(sent):
        if t.is_alpha and (t.is_title or t.is_upper) and t.text != "I" and (i > 0 or t.lower_ not in common_words()):
            return True
        if t.like_num or t.lower_ in TIME_WORDS or any(c.isdigit() for c in t.text):
            return True
    return False


def needs_tags(sent: Span) -> bool:
    """Does the sentence hold a name the model calls a person right before a lower-case word?
    `person_evidence` reads the tags around such a name ('the Volga region': a place used as a
    modifier), so a selective parse (pipeline.nlp) parses its sentence."""
    doc = sent.doc
    for ent in sent.ents:
        end = ent.end
        while end > ent.start and (doc[end - 1].text in ("’s", "'s", "’", "'", "-") or doc[end - 1].is_punct):
            end -= 1
        if ent.label_ == "PERSON" and end < len(doc) and doc[end].is_lower and doc[end].is_alpha:
            return True
    return False


def agency_slug(name: str) -> str:
    """One id for both spellings of a body: 'Ministry of Finance' and 'Finance Ministry' -> finance-ministry."""
    n = re.sub(r"^(?:the|The)\s+", "", name.strip())
    n = re.sub(r"[’']s\b", "s", n)
    m = re.match(r"^(Ministry|Department|Committee|Commission|Agency|Service)\s+(?:of|for)\s+(?:the\s+)?(.+)$", n)
    if m:
        n = f"{m.group(2)} {m.group(1)}"
    n = re.sub(r"\band\b", " ", n, flags=re.I)
    return re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-")


def _is_name_word(t: Token) -> bool:
    return bool(_NAME_WORD.match(t.text)) and t.lower_ not in _FUNCTION and t.text not in MONTHS


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
        default_country: str | None = DEFAULT_COUNTRY,
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
            "default_country": default_country,
        }
        self._build()

    def _build(self) -> None:
        cfg = self.cfg
        self.default_country = cfg.get("default_country", DEFAULT_COUNTRY)
        countries = dict(country_names())
        for code, forms in cfg["extra_countries"].items():
            base = next((e for e in countries.values() if e.entity_id == code), Entry(code, forms[0], "COUNTRY", code))
            for f in forms:
                countries[f] = base
        self.countries = countries
        self.ambiguous = ambiguous_countries()
        self.demonyms = demonyms()
        self.peoples = peoples()
        self.common = common_words()
        self.given = given_names()
        self.roles = role_words()
        table: dict[str, Entry] = {**agencies(), **criminal_groups()}
        for label, extra in (("AGENCY", cfg["extra_agencies"]), ("CRIMINAL_GROUP", cfg["extra_groups"])):
            for ident, forms in extra.items():
                for f in forms:
                    table[f] = Entry(ident, forms[0], label, self.default_country if label == "AGENCY" else None)
        self.named = table
        self.alternatives = alternatives()
        self._lower_cache: tuple[Doc | None, set[str]] = (None, set())
        # a body found by the shape of its name is looked up by its slug ('Ministry of Health' -> the
        # knowledge base's 'Healthcare Ministry')
        self.by_slug = {agency_slug(form): e for form, e in table.items() if e.label in ("AGENCY", "ORG")}
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
        # patterns whose key word is rare run only on texts that contain it (the component runs on every turn)
        self.rare: list[tuple[tuple[str, ...], Matcher]] = []
        ros, centre, legislature, bracket = (Matcher(self.vocab) for _ in range(4))
        ros.add("ROS_SERVICE", [[{"TEXT": {"REGEX": _ROS_SERVICE.pattern}}]])
        self.rare.append((("nadzor", "natzor"), ros))
        centre.add(
            "STATE_CENTRE",
            [
                [
                    {"ORTH": {"IN": ["National", "Federal", "State", "Main", "Unified"]}},
                    _title({"OP": "*"}),
                    {"ORTH": {"IN": ["Centre", "Center"]}},
                    {"LOWER": {"IN": ["for", "of", "on"]}, "OP": "?"},
                    _title({"OP": "*"}),
                ]
            ],
            greedy="LONGEST",
        )
        self.rare.append((("Centre", "Center"), centre))
        legislature.add(
            "QUALIFIED_LEGISLATURE",
            [[{"ORTH": {"IN": sorted(set(self.demonyms) | {"US", "U.S.", "UK"})}}, {"ORTH": {"IN": QUALIFIED_HEADS}}]],
        )
        self.rare.append((tuple(QUALIFIED_HEADS), legislature))
        group_name = [_title({"OP": "+", "ORTH": {"NOT_IN": sorted(self.demonyms)}})]
        self.matcher.add(
            "CRIMINAL_GROUP",
            [
                group_name + [{"LOWER": {"IN": ["criminal", "crime"]}}, {"LOWER": {"IN": GROUP_HEADS_AFTER_CRIMINAL}}],
                group_name + [{"LOWER": "drug", "OP": "?"}, {"ORTH": {"IN": GROUP_HEADS}}],
            ],
            greedy="LONGEST",
        )
        name_tokens = {"TEXT": {"REGEX": _NAME_WORD.pattern}, "LOWER": {"NOT_IN": sorted(self.roles)}, "OP": "+"}
        # 'Ms Skvortsova'; '[President of South Ossetia] Tibilov' (an editor's note naming the role)
        self.matcher.add("HONORIFIC", [[{"ORTH": {"IN": HONORIFIC_FORMS}}, name_tokens]], greedy="LONGEST")
        bracket.add("BRACKET_NOTE", [[{"ORTH": "]"}, name_tokens]], greedy="LONGEST")
        self.rare.append((("]",), bracket))

    # -- countries ----------------------------------------------------------------------------------
    def _country_ok(self, doc: Doc, start: int, end: int) -> str:
        """'' when doc[start:end] is a country mention, else the id of the rule that says it is not."""
        if start > 0 and doc[start - 1].text in {"New", "Nueva", "Nouvelle"} and not doc[start - 1].is_sent_start:
            return "new_x"
        if end < len(doc) and doc[end].text == "City":  # 'Mexico City', 'Kuwait City'
            return "x_city"
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
                    return "hyphenated_name"
                if i == end and not doc[end - 1].whitespace_:
                    return "hyphenated_name"
        return self._inside_longer_name(doc, start, end)

    @staticmethod
    def _starts_sentence(tok: Token) -> bool:
        """A sentence start by the parser, or after a line break or punctuation ('“The ...')."""
        if tok.i == 0 or tok.is_sent_start:
            return True
        before = tok.doc[tok.i - 1]
        return before.is_space or "\n" in before.whitespace_ or before.is_punct or before.is_quote

    def _inside_longer_name(self, doc: Doc, start: int, end: int, *, after: bool = True) -> str:
        """'United Russia', 'Latin America', 'A Just Russia': a name word right before the country;
        'Russia Day', 'Russia Calling': a name word right after it (not a person's name, a role or a
        body, which the country qualifies: 'Russia Vladimir Putin', 'US President', 'US Congress'; an
        abbreviation before a noun is an attribute: 'US Embassy')."""
        if start > 0:
            prev = doc[start - 1]
            if (
                prev.whitespace_
                and prev.is_alpha
                and prev.text[:1].isupper()
                and prev.text not in MONTHS
                and _is_name_word(prev)
                # at the start of a sentence or paragraph only a word that is no common word counts
                # ('Latin America', not 'Ensuring Russia’s defence')
                and not (self._starts_sentence(prev) and prev.lower_ in self.common)
                and prev.text not in self.countries
                and prev.text not in self.demonyms
            ):
                return "name_word_before"
        after_of = start > 0 and doc[start - 1].lower_ == "of"  # 'President of Tajikistan Emomali Rahmon'
        if after and end < len(doc) and doc[end - 1].whitespace_ and not doc[start:end].text.isupper() and not after_of:
            nxt = doc[end]
            if (
                _is_name_word(nxt)
                and nxt.text not in self.countries
                and nxt.text not in self.demonyms
                and nxt.lower_ not in self.roles
                and nxt.text not in self.given
                and nxt.ent_type_ != "PERSON"
                and nxt.text not in AGENCY_HEADS + QUALIFIED_HEADS
                and nxt.lower_ not in ("government", "president", "prime", "parliament", "armed")
            ):
                return "name_word_after"
        return ""

    # -- bodies -------------------------------------------------------------------------------------
    def _country_at(self, doc: Doc, start: int) -> tuple[int, str] | None:
        """A country name starting at token `start`: (its end, ISO3)."""
        for n in (4, 3, 2, 1):
            text = doc[start : start + n].text if start + n <= len(doc) else None
            if text and text in self.countries:
                return start + n, self.countries[text].entity_id
        return None

    def _country_ending_at(self, doc: Doc, end: int) -> tuple[int, str] | None:
        for n in (4, 3, 2, 1):
            if end - n >= 0:
                text = doc[end - n : end].text
                if text in self.countries:
                    return end - n, self.countries[text].entity_id
        return None

    def _qualify(self, doc: Doc, start: int, end: int) -> tuple[int, int, set[str], str, str]:
        """The span of a body with the country words around it: a country name right before it joins
        the span ('US Congress'), 'of (the) <country>' right after it too ('Prosecutor General's Office
        of the Russian Federation'); demonyms ('Turkish Interior Ministry') and possessives ('Ukraine's
        Interior Ministry') name the country and stay out.  Returns start, end, countries, rule id and
        the words of the name without the country words."""
        codes: set[str] = set()
        rules = []
        # 'Russian-' before 'Turkish Cooperation Council': the joint name starts there
        if start > 1 and doc[start - 1].text in ("-", "–") and not doc[start - 2].whitespace_:
            first = doc[start - 2].text
            if first in self.demonyms or first in self.countries:
                start -= 2
        # country names and demonyms at the start of the span ('Russian Interior Ministry')
        while start < end - 1:
            hit = self._country_at(doc, start)
            if hit and hit[0] < end:
                codes.add(hit[1])
                rules.append("country_in_name")
                break
            tok = doc[start]
            if tok.text in self.demonyms and not tok.whitespace_ and start + 2 < end and doc[start + 1].text == "-":
                # 'Russian-US commission', 'Russian-Tajikistani Intergovernmental Commission': a joint body
                for part in doc[start:end]:
                    codes |= self.demonyms.get(part.text, frozenset())
                rules.append("joint")
                break
            if tok.text in self.demonyms:
                codes |= self.demonyms[tok.text]
                start += 1
                rules.append("demonym")
                if start < end - 1 and doc[start].text in ("-", "–", "and"):
                    start += 1
                continue
            break
        core_start, core_end = start, end
        # inside the span ('Central Bank of Turkey' from the shape 'Bank of Title+')
        i = start + 1
        while i < end:
            hit = self._country_at(doc, i)
            if hit and hit[0] <= end and doc[i - 1].lower_ in ("of", "the"):
                codes.add(hit[1])
                rules.append("of_country")
                break
            i += 1
        # before the span
        if start > 0:
            prev = doc[start - 1]
            if prev.text in ("’s", "'s") and start > 1:
                hit = self._country_ending_at(doc, start - 1)
                if hit:
                    codes.add(hit[1])
                    rules.append("possessive_country")
            elif prev.text in self.demonyms and prev.text not in self.countries:
                codes |= self.demonyms[prev.text]
                rules.append("demonym")
            elif prev.whitespace_:
                hit = self._country_ending_at(doc, start)
                if hit:
                    start = hit[0]
                    codes.add(hit[1])
                    rules.append("country_before")
        # 'of (the) <country>' after the span
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            k = end + 1 + (doc[end + 1].lower_ == "the")
            hit = self._country_at(doc, k) if k < len(doc) else None
            if hit:
                end = hit[0]
                codes.add(hit[1])
                rules.append("of_country")
        return start, end, codes, "+".join(rules), doc[core_start:core_end].text

    def _body(
        self, doc: Doc, start: int, end: int, entry: Entry | None, source: str, rule: str, priority: int
    ) -> Candidate | None:
        """A state body or an international organisation at doc[start:end], with its country and id."""
        before = (start, end)
        start, end, codes, qrule, core_name = self._qualify(doc, start, end)
        if start >= end:
            return None
        if (start < before[0] or end > before[1]) and priority < 3:
            priority = 3  # the body takes the country named with it: 'Ministry of Agriculture of Kazakhstan
        # the name without the country words: 'Ministry of Agriculture of the Russian Federation' is the
        # Ministry of Agriculture
        core_wo = re.sub(r"^(?:the|The)\s+", "", core_name)
        m = re.match(r"^(.+?) of (?:the )?(.+)$", core_wo)
        if m and m.group(2) in self.countries:
            core_wo = m.group(1)
        if entry is None:
            entry = self.named.get(core_wo) or self.by_slug.get(agency_slug(core_wo))
        if entry is not None and entry.label == "CRIMINAL_GROUP":
            return Candidate(start, end, entry.label, entry.entity_id, entry.canonical_name, source, priority, rule)
        label = entry.label if entry else "AGENCY"
        own = entry.country if entry else self.default_country
        words = core_wo.split()
        if not words:
            return None
        if entry is None and words[0] in INTERNATIONAL_SCOPE and (len(words) < 2 or words[1] not in _TOPIC_AFTER_SCOPE):
            label, own, rule = "ORG", None, f"{rule}+international_scope"
        entity_id = entry.entity_id if entry else agency_slug(core_wo)
        canonical = entry.canonical_name if entry else core_wo
        country = own
        named = codes - {own} if own else codes
        # a Russian (or unnamed-country) body named with another state is that state's body; a foreign
        # or international one keeps its entry
        if (entry is None or own == self.default_country) and label == "AGENCY" and named:
            if len(codes) == 1:
                country = next(iter(codes))
                entity_id = f"{country.lower()}-{agency_slug(core_wo)}"
                canonical = f"{core_wo} ({country_canonical().get(country, country)})"
            else:  # 'Russian-US commission': a body of two states
                country = None
            rule = f"{rule}+{qrule}" if qrule else rule
        return Candidate(start, end, label, entity_id, canonical, source, priority, rule, country)

    def _before_second_body(self, doc: Doc, start: int, end: int) -> int:
        """'the Ministry of Economic Development and Rospotrebnadzor' is two bodies: a name after 'and'
        that is a body or a country itself, or ends in a head of its own, is cut off."""
        ands = [t.i for t in doc[start:end] if t.lower_ in ("and", "&")]
        if not ands:
            return end
        second = doc[ands[-1] + 1 : end]
        if (
            second.text in self.named
            or second.text in self.countries
            or any(t.text in AGENCY_HEADS for t in second[:-1])
            or (second[-1].text in AGENCY_HEADS and any(t.text in AGENCY_HEADS for t in doc[start : ands[-1]]))
        ):
            return ands[-1]
        return end

    def _coordinated(self, doc: Doc, text: str) -> list[Candidate]:
        """'the Health and Education ministries', 'the Constitutional, Supreme and Supreme Arbitration
        courts', 'Ministries of Defence and Finance': one body per conjunct, each pointing at its words
        (the last one with the head)."""
        out: list[Candidate] = []
        if "inistries" not in text and "ourts" not in text:
            return out
        for tok in doc:
            head = PLURAL_HEADS.get(tok.lower_)
            if head is None:
                continue
            if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in ("of", "for") and tok.text[0].isupper():
                conj = self._conjuncts(doc, tok.i + 2, forward=True)
                spans = [(a, b) for a, b in conj]
                texts = [f"{head} of {doc[a:b].text}" for a, b in conj]
            else:
                conj = self._conjuncts(doc, tok.i, forward=False)
                spans = [(a, b) for a, b in conj]
                if spans:
                    spans[-1] = (spans[-1][0], tok.i + 1)
                texts = [f"{doc[a:b].text} {head}" for a, b in conj]
            if len(spans) < 2 or all(doc[a:b].text in self.demonyms for a, b in conj):
                continue
            for (a, b), text in zip(spans, texts, strict=True):
                c = self._body_from_text(doc, a, b, text)
                if c:
                    out.append(c)
        return out

    def _body_from_text(self, doc: Doc, start: int, end: int, text: str) -> Candidate | None:
        entry = self.named.get(text) or self.by_slug.get(agency_slug(text))
        if entry is None:
            return Candidate(
                start, end, "AGENCY", agency_slug(text), text, "rule", 2, "coordinated", self.default_country
            )
        return Candidate(
            start, end, entry.label, entry.entity_id, entry.canonical_name, "rule", 2, "coordinated", entry.country
        )

    def _conjuncts(self, doc: Doc, i: int, *, forward: bool) -> list[tuple[int, int]]:
        """Runs of title-case words separated by ',' and 'and', read from token i (backwards from a
        head, or forwards after 'of')."""
        groups: list[list[int]] = [[]]
        step = 1 if forward else -1
        j = i + step if not forward else i
        while 0 <= j < len(doc):
            t = doc[j]
            if t.is_title and t.lower_ not in _DETERMINERS and t.lower_ != "and":
                groups[-1].append(j)
            elif t.text == "," or t.lower_ in ("and", "&"):
                if groups[-1]:
                    groups.append([])
            else:
                break
            j += step
        groups = [sorted(g) for g in groups if g]
        if not forward:
            groups.reverse()
        return [(g[0], g[-1] + 1) for g in groups]

    # -- people -------------------------------------------------------------------------------------
    def _person_span(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Without honorifics before and a possessive after."""
        while start < end and doc[start].text.rstrip(".").lower() in HONORIFICS:
            start += 1
        while end > start and (doc[end - 1].text in ("’s", "'s", "’", "'", "-") or doc[end - 1].is_punct):
            end -= 1
        return start, end

    def _name_parts(self, span: Span) -> list[str] | None:
        """The words of a name, hyphenated parts joined ('Kim Jong-un' -> Kim, Jong-un); None when a
        word cannot be part of a name (a lower-case word that is no particle, a digit)."""
        words: list[str] = []
        glue = False
        for t in span:
            if t.text in ("-", "‑", "–") and not t.whitespace_ and words:
                words[-1] += t.text
                glue = True
                continue
            if glue:
                words[-1] += t.text
                glue = False
                continue
            if any(ch.isdigit() for ch in t.text):
                return None  # 'COVID-19', 'Order No. 204'
            if t.text[:1].isupper() or t.lower_ in NAME_PARTICLES or t.text.startswith(("al-", "el-")):
                words.append(t.text)
            elif t.is_punct and t.text in (".", "’", "'"):
                continue
            else:
                return None
        return words

    def _lower_words(self, doc: Doc) -> set[str]:
        """The words this text itself writes in lower case (computed once per Doc)."""
        if self._lower_cache[0] is not doc:
            self._lower_cache = (doc, {t.text for t in doc if t.is_lower})
        return self._lower_cache[1]

    def person_evidence(self, doc: Doc, start: int, end: int, source: str) -> str:
        """'' when doc[start:end] is not a person's name, else the id of the evidence.  The model's
        label or an honorific is evidence unless the words say otherwise: common words of the corpus
        (all of them, or the last one without a known first name: 'Far East', 'Olympic Games'),
        months, peoples ('Mari'), role words, or a stage direction alone in parentheses."""
        span = doc[start:end]
        words = self._name_parts(span)
        if not words:
            return ""
        core = [w for w in words if w.lower() not in NAME_PARTICLES]  # 'al-Assad' is a surname, 'al' no word
        if not core:
            return ""
        if end < len(doc) and doc[end].text in ("-", "‑") and not doc[end - 1].whitespace_:
            return ""  # part of a hyphenated word: 'Rostov-on-Don', 'Tajik-Afghan border'
        if any(_CAMEL.search(w) and not _NAME_PREFIX.match(w) for w in core):
            return ""  # 'MegaFon', 'PhosAgro': brands; 'McCain', 'DiCaprio' are names
        if span.text in self.countries or span.text in self.named or span.text in self.peoples:
            return ""
        if all(w in self.peoples or w in self.demonyms for w in core):
            return ""
        if len(core) == 1 and core[0] in MONTHS:
            return ""
        if all(w.lower() in self.roles for w in core):
            return ""
        lowered = [w.lower() for w in core]
        common = [w in self.common for w in lowered]
        in_doc_lower = self._lower_words(doc)
        common = [c or w in in_doc_lower for c, w in zip(common, lowered, strict=True)]
        honorific = source == "honorific"
        if all(common) and not honorific:
            return ""
        if len(core) > 1 and common[-1] and core[0] not in self.given and not honorific:
            return ""
        if (
            source == "model"
            and len(core) == 1
            and start > 0
            and end < len(doc)
            and (doc[start - 1].lower_ in ("the", "a", "an", "this", "that") or doc[start - 1].pos_ == "ADJ")
            and doc[end].is_lower
            and doc[end].is_alpha
            and doc[end].lower_ in self.common
            and doc[end].pos_ in ("NOUN", "")
            and doc[end].lower_ not in EPONYM_HEADS
        ):
            return ""  # 'the Volga region', 'the Kuchino landfill': a place used as a modifier
        if (
            start > 0
            and end < len(doc)
            and doc[start - 1].text in ("(", "[")
            and all(t.is_punct for t in doc[end : min(end + 2, len(doc))])
        ):
            return ""  # '(Laughter.)', '(Applause)'
        return source

    # -- candidates ---------------------------------------------------------------------------------
    def candidates(self, doc: Doc) -> list[Candidate]:
        out: list[Candidate] = []
        for match_id, start, end in self.phrases(doc):
            kind, form = self.vocab.strings[match_id].split("\t", 1)
            if kind == "COUNTRY":
                if not self._country_ok(doc, start, end):
                    e = self.countries[form]
                    code = self.ambiguous[form].default if form in self.ambiguous else e.entity_id
                    rule = "ambiguous_default" if form in self.ambiguous else "country_gazetteer"
                    name = country_canonical().get(code, e.canonical_name)
                    out.append(Candidate(start, end, "COUNTRY", code, name, "gazetteer", 3, rule, code))
                continue
            e = self.named[form]
            if e.label != "CRIMINAL_GROUP" and self._inside_longer_name(doc, start, end, after=end - start == 1):
                continue  # 'Moscow City Duma', 'Supreme State Council': a name inside a longer one
            rule = "knowledge_base"
            if e.entity_id in self.alternatives:
                sentence = (
                    {t.text for t in doc[start].sent} if doc.has_annotation("SENT_START") else {t.text for t in doc}
                )
                for alt, cues in self.alternatives[e.entity_id]:
                    if sentence & cues:
                        e, rule = alt, "knowledge_base+sentence_cue"
                        break
            c = self._body(doc, start, end, e, "gazetteer", rule, 3)
            if c:
                out.append(c)
        matches = list(self.matcher(doc))
        text = doc.text
        for triggers, matcher in self.rare:
            if any(t in text for t in triggers):
                matches += matcher(doc)
        for match_id, start, end in matches:
            rule = self.vocab.strings[match_id]
            if rule in ("HONORIFIC", "BRACKET_NOTE"):
                s, e = self._person_span(doc, start + 1, end)
                evidence = self.person_evidence(doc, s, e, rule.lower())
                if evidence and s < e:
                    out.append(Candidate(s, e, "PERSON", None, None, "rule", 2, evidence))
                continue
            if rule == "CRIMINAL_GROUP":
                text = doc[start:end].text
                out.append(Candidate(start, end, rule, agency_slug(text), text, "rule", 2, "group_pattern"))
                continue
            if rule == "STATE_CENTRE" and not any(t.text in CENTRE_FUNCTIONS for t in doc[start:end]):
                continue
            end = self._before_second_body(doc, start, end)
            c = self._body(doc, start, end, None, "rule", rule.lower(), 2)
            if c:
                out.append(c)
        out.extend(self._coordinated(doc, text))
        for ent in doc.ents:
            c = self._from_model(ent)
            if c is not None:
                out.append(c)
        return out

    def _from_model(self, ent: Span) -> Candidate | None:
        doc = ent.doc
        start = ent.start
        if ent[0].lower_ in _DETERMINERS and len(ent) > 1:
            start += 1
        text = doc[start : ent.end].text
        if ent.label_ in ("GPE", "ORG", "NORP", "LOC") and text in self.countries:
            if self._country_ok(doc, start, ent.end):
                return None
            e = self.countries[text]
            code = self.ambiguous[text].default if text in self.ambiguous else e.entity_id
            return Candidate(start, ent.end, "COUNTRY", code, e.canonical_name, "model", 0, "model_country", code)
        if ent.label_ == "PERSON":
            s, e = self._person_span(doc, start, ent.end)
            evidence = self.person_evidence(doc, s, e, "model")
            if not evidence:
                return None
            return Candidate(s, e, "PERSON", None, None, "model", 0, evidence)
        if ent.label_ == "ORG" and doc[ent.end - 1].text in AGENCY_HEADS:
            return self._body(doc, start, ent.end, None, "model", "model_org_head", 0)
        if ent.label_ in TARGET_LABELS:
            return None
        if self.keep_model_labels:
            return Candidate(start, ent.end, ent.label_, None, None, "model", -1, "model")
        return None

    # -- resolution ---------------------------------------------------------------------------------
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
                    c = Candidate(start, c.end, c.label, c.entity_id, c.canonical, c.source, c.priority, c.rule)
            if c.start >= c.end or any(i in taken for i in range(c.start, c.end)):
                continue
            chosen.append(c)
            taken.update(range(c.start, c.end))
        spans = []
        info = {}
        for c in sorted(chosen, key=lambda c: c.start):
            span = Span(doc, c.start, c.end, label=c.label, kb_id=c.entity_id or "", span_id=c.source)
            spans.append(span)
            if c.canonical:
                doc.user_data.setdefault("canonical_names", {})[c.entity_id] = c.canonical
            info[f"{span.start_char}:{span.end_char}"] = {
                "canonical": c.canonical,
                "country": c.country,
                "rule": c.rule,
            }
        doc.user_data["entity_info"] = info
        doc.set_ents(spans, default="outside")
        return doc

    # -- serialisation ------------------------------------------------------------------------------
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


_STOP = ["the", "and", "of", "a", "an", "to", "in", "for", "with", "on", "or", "as", "by", "at", "is", "are", "was"]


@Language.factory(
    "transcript_entities",
    default_config={
        "extra_countries": {},
        "extra_agencies": {},
        "extra_groups": {},
        "keep_model_labels": True,
        "default_country": DEFAULT_COUNTRY,
    },
)
def make_transcript_entities(
    nlp: Language,
    name: str,
    *,
    extra_countries: dict[str, list[str]],
    extra_agencies: dict[str, list[str]],
    extra_groups: dict[str, list[str]],
    keep_model_labels: bool,
    default_country: str | None,
) -> TranscriptEntities:
    return TranscriptEntities(
        nlp,
        name,
        extra_countries=extra_countries,
        extra_agencies=extra_agencies,
        extra_groups=extra_groups,
        keep_model_labels=keep_model_labels,
        default_country=default_country,
    )
