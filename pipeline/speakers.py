"""Speaker labels: is a paragraph opening a label, and which name and role does it carry.

A label is the text before a colon at the start of a paragraph: role words, then a person's name
(`President of Turkey Recep Tayyip Erdogan`, `Direct Line programme host Kirill Kleymenov`), a
name then its role after a comma (`Tatyana Remezova, reporter at VGTRK`), or a role alone
(`Question`, `Panel moderator`).  Role words are an open class, so a label is recognised by its
name and by the absence of prose, not by a list of allowed titles:

- prose words (pronouns, auxiliaries and modals, verbs of saying) or a prose opener (`And`, `As for`,
  `In this case`) before the colon mean a sentence (`I repeat:`, `The message reads, in part:`);
- the words before the colon end in a name with evidence: a person the document itself names (a
  speaker of another label, the footer's `Persons` list, `Mr Tokarev` in the text), or a given name
  followed by a surname (`Nikita Tregubov`, the given names of the `gender-guesser` name list);
- or every lower-case word is a title or function word (`Central Bank chairman Sergei Ignatyev`), as
  the site writes most labels.

Each accepted label records the rule that decided it (`Label.rule`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# Words written in lower case inside labels that do not make them prose.
FUNCTION_WORDS = frozenset("of the and for on in at to de da del der van von bin ibn al el la le du des dos y".split())
# Lower-case pieces of names ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("bin ibn al el de da del der van von la le du dos".split())
# Speakers known by role only (singular; a plural 'Volunteers' counts as its singular).
ROLE_ONLY_LABELS = frozenset(
    "question remark reply answer response comment moderator interpreter host presenter "
    "announcer voice journalist correspondent reporter audience participant chairman chair "
    "translator narrator speaker operator volunteer".split()
)
# Headings that look like labels but introduce documents, not speakers ('Text of the Decree:').
NOT_SPEAKER_HEADS = frozenset(
    "text excerpt excerpts transcript note notes source statement statements message "
    "address appendix attachment agenda subject topic summary one".split()
)
HONORIFICS = frozenset("mr mrs ms miss dr sir madam mister".split())
# Closed-class words that never stand in a title or a name: a head holding one is a sentence
# ('I would like to say to Mr Uyba:', 'The following ambassadors handed in their credentials to President Putin:').
PROSE_WORDS = frozenset(
    """me my we us our you your he him his she her they them their it its this that these those
    who whom whose which what where why how is are was were be been being am has have had do does did
    will would shall should can could may might must not said says say reads read wrote writes told
    tells asked asks added noted stressed replied want wants like let there here very also just only
    even already again once still then now than""".split()
)
# Words that open a sentence, never a label ('And a question for President Putin:', 'As for ...').
PROSE_OPENERS = frozenset(
    """and but or so as if when while because although though then now also here there however
    moreover finally firstly secondly thirdly lastly next in on at during after before about
    regarding concerning following for from with without to by under over into among between
    this that these those it we you i they he she our my your their""".split()
)
# Quotation marks, sentence punctuation or digits before the colon mean prose, not a label
# (apostrophes, straight or curly, belong to names and roles: 'People’s Republic of China').
_PROSE_CHARS = re.compile(r"[?!;\"“”«»…\d]")
_PARENTHETICAL = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*")
# the colon of a label is followed by a space, the end of the line or the speech itself
# ('Transport Minister Maxim Sokolov:Mr President'), never by a digit or a slash ('12:30', 'http://')
_LABEL_HEAD = re.compile(r"^([^:\n]{1,260}?)\s*:(?![\d/])")
_TOKEN_ABBREV = re.compile(r"^(?:[A-Z][a-z]?\.|(?:[A-Z]\.)+)$")
_GLUED_INITIAL = re.compile(r"^((?:[A-Z]\.)+)([A-Z][a-z].*)$")  # 'V.Putin'
_GLUED_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")
_GLUED_FUNCTION = re.compile(r"(?<=[a-z])(of|the|and)(?=[A-Z])")
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ich|ichna)$", re.I)
_ROMAN = re.compile(r"^[IVX]+$")
MAX_LABEL_WORDS = 25
MAX_NAME_WORDS = 4


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Title and institution words (lower case) that belong to a role, never to a name."""
    text = resources.files("pipeline.gazetteers").joinpath("role_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names (lower case) of the name list shipped with `gender-guesser` (some 60,000 names of
    Europe, Russia, the former Soviet states, Asia and the Americas), less title words
    ('General', 'King') that are names too."""
    path = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    names: set[str] = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line[:1] in "#=" or len(line) < 4:
                continue
            parts = line.split()
            if len(parts) > 1:
                names.update(parts[1].lower().replace("+", sep) for sep in ("", "-", " "))
    return frozenset(names - role_words() - FUNCTION_WORDS - PROSE_WORDS)


def is_given_name(word: str) -> bool:
    """'Natalya', 'Recep': a capitalised given name (not an acronym such as 'UN')."""
    return word[:1].isupper() and not (len(word) > 1 and word.isupper()) and word.lower() in given_names()


def _is_title_word(word: str) -> bool:
    """'Minister', 'Secretary-General': a title or institution word (every part of a compound)."""
    roles = role_words()
    low = word.lower().rstrip(",")
    return low in roles or all(p in roles for p in low.split("-"))


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a paragraph."""

    written: str  # as in the text, without the colon
    end: int  # index just past the colon, relative to the paragraph
    core: str  # without parenthetical notes, case normalised, glued words split
    rule: str = "shape"  # which evidence accepted it: role_only, shape, document_name, given_name, surname_shape


@dataclass
class DocumentNames:
    """What a document says about the people in it: evidence for labels and for splitting names.

    `persons` are the footer's entries as token sets ('Erdogan Recep Tayyip'); `label_names` the
    names of labels that are a name alone ('Recep Tayyip Erdogan:'); `surnames` the words the text
    uses as surnames ('Mr Tokarev', the last word of those names, the first of a `Persons` entry);
    `person_words` those and the first names a speaker gives ('my name is Alina')."""

    persons: list[frozenset[str]] = field(default_factory=list)
    label_names: set[tuple[str, ...]] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    person_words: set[str] = field(default_factory=set)

    @classmethod
    def from_text(cls, text: str, persons: Iterable[str] = ()) -> DocumentNames:
        names = cls()
        for entry in persons:
            tokens = entry.split()
            if len(tokens) >= 2 and all(_is_capitalised(t) for t in tokens):
                names.persons.append(frozenset(tokens))
                names.surnames.add(tokens[0])  # the site lists people surname first
        for honorific_surname, given in _NAMED_IN_TEXT.findall(text):
            if honorific_surname:
                names.surnames.add(honorific_surname)
            else:
                names.person_words.add(given)
        names.person_words |= names.surnames
        return names

    def add_label_names(self, cores: Iterable[str]) -> None:
        """Learn from a document's label cores: a bare name ('Recep Tayyip Erdogan') is a known name
        when it has two words, ends another label, or starts with a given name ('Ann Maria Simmons';
        not 'Writer Eduard Bagirov'); its last word is a surname either way."""
        cores = list(cores)
        for c in cores:
            if not is_bare_name(c):
                continue
            tokens = tuple(c.split())
            self.surnames.add(tokens[-1])
            self.person_words.add(tokens[-1])
            if len(tokens) == 2 or is_given_name(tokens[0]) or any(o.endswith(" " + c) for o in cores):
                self.label_names.add(tokens)

    def known_suffix(self, tokens: list[str]) -> int:
        """Length of the longest run ending `tokens` that is a name the document knows, else 0."""
        for k in range(min(len(tokens), MAX_NAME_WORDS + 1), 1, -1):
            tail = tokens[-k:]
            if tuple(tail) in self.label_names or frozenset(tail) in self.persons:
                return k
        return 0


# 'Mr Tokarev', 'Ms Sittel' (a surname), 'my name is Alina' (a given name)
_NAMED_IN_TEXT = re.compile(r"\b(?:Mr|Mrs|Ms|Madam|Dr|Mister)\.? ([A-Z][\w’'-]+)|\b[Mm]y name is ([A-Z][\w’'-]+)")


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


def normalise_case(text: str) -> str:
    """'GOVERNOR OF CALIFORNIA ARNOLD SCHWARZENEGGER' -> 'Governor of California Arnold Schwarzenegger'.

    Text that is not mostly capitals is returned unchanged (acronyms and 'chairman' stay as written)."""
    if not _mostly_capitals(text):
        return text
    words = []
    for i, w in enumerate(text.split(" ")):
        lw = w.lower()
        if i > 0 and lw in FUNCTION_WORDS:
            words.append(lw)
        else:
            words.append("-".join(p[:1].upper() + p[1:] for p in lw.split("-")))
    return " ".join(words)


def strip_notes(label: str) -> str:
    """Drop notes in parentheses or brackets: 'Question (retranslated)' -> 'Question'."""
    return re.sub(r"\s+", " ", _PARENTHETICAL.sub(" ", label)).strip(" ,")


def unglue(core: str) -> str:
    """Words the page ran together, split: 'VladimirPutin' -> 'Vladimir Putin',
    'PresidentofPalestineMahmoudAbbas' -> 'President of Palestine Mahmoud Abbas', 'V.Putin' -> 'V. Putin'.
    Only a head with no space is split, so that 'McDonald' or 'DeLay' inside a label stay whole."""
    if " " in core:
        return core
    m = _GLUED_INITIAL.match(core)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    if not re.search(r"[a-z][A-Z]", core):
        return core
    return _GLUED_WORDS.sub(" ", _GLUED_FUNCTION.sub(r" \1 ", core)).replace("  ", " ").strip()


def label_head(paragraph: str) -> tuple[str, int] | None:
    """The text before a colon that could close a label, and the index just past the colon."""
    m = _LABEL_HEAD.match(paragraph)
    return (m.group(1).strip(), m.end()) if m else None


def _role_only(words: list[str]) -> bool:
    roles = role_words()
    return bool(words) and all(
        (low := w.lower()) in ROLE_ONLY_LABELS
        or low in roles
        or low in FUNCTION_WORDS
        or (low.endswith("s") and (low[:-1] in ROLE_ONLY_LABELS or low[:-1] in roles))
        for w in words
    )


def is_role_only(core: str) -> bool:
    """'Question', 'Moderator', 'Panel moderator', 'Volunteers': a label that names no person."""
    return _role_only(core.replace(",", " ").split())


def _prose(words: list[str]) -> bool:
    """A sentence, not a label: a prose word in lower case, 'I', or a prose opener."""
    if words[0].lower() in PROSE_OPENERS:
        return True
    return any(w == "I" or (w.islower() and w in PROSE_WORDS) for w in words)


def _name_run(words: list[str]) -> int:
    """Length of the run of name-like words ending the label (capitalised, not a title word)."""
    n = 0
    for w in reversed(words):
        low = w.lower()
        if low in NAME_PARTICLES and n:
            n += 1
            continue
        if not _is_capitalised(w) or _is_title_word(w) or low in HONORIFICS or low in FUNCTION_WORDS:
            break
        n += 1
    return n


def match_label(paragraph: str, names: DocumentNames | None = None) -> Label | None:
    """The speaker label opening `paragraph`, or None when the colon is part of a sentence.

    `names` is what the document says about its people (evidence for labels whose role words are
    not titles the site usually writes, and for one-word labels)."""
    head = label_head(paragraph)
    if head is None:
        return None
    written, end = head
    core = unglue(strip_notes(written))
    if not core or _PROSE_CHARS.search(core):
        return None
    tokens = core.replace(",", " , ").split()
    words = [t for t in tokens if t != ","]
    if not words or len(words) > MAX_LABEL_WORDS or not words[0][:1].isalpha():
        return None
    for t in words:
        if "." in t and not _TOKEN_ABBREV.match(t):
            return None
    caps = _mostly_capitals(core)
    norm = normalise_case(core)
    nwords = norm.replace(",", " ").split()
    if nwords[0].lower() in NOT_SPEAKER_HEADS or (len(nwords) == 1 and nwords[0].lower() in FUNCTION_WORDS):
        return None
    if _prose(nwords):
        return None
    if _role_only(nwords) and _is_capitalised(nwords[0]) and (len(nwords) == 1 or _is_capitalised(nwords[-1])):
        return Label(written, end, norm, "role_only")
    if _role_only(nwords[:1]) and len(nwords) > 2 and nwords[1] == "from" and _is_capitalised(nwords[2]):
        return Label(written, end, norm, "role_only")  # 'Question from Perm Territory'
    leading = _leading_name(norm, names)  # 'Alexander Duimamet, welding engineer at ...'
    if leading is not None:
        return Label(written, end, norm, leading)
    if not caps and not _is_capitalised(nwords[-1]):
        return None
    rule = _name_evidence(nwords, names)
    if rule is None and _shape_only(words, caps):
        rule = "shape"
    if rule is None:
        return None
    if len(nwords) == 1 and rule == "shape":
        return None  # a capitalised word alone ('Second:', 'Germany:') is a label only with evidence
    return Label(written, end, norm, rule)


_LEADING_NAME = re.compile(r"^(?P<name>[^,]+?)(?:, | from )(?P<rest>.+)$")


def _leading_name(core: str, names: DocumentNames | None) -> str | None:
    """The rule when a label opens with a person's name and goes on with a comma or 'from'
    ('Tatyana Remezova, reporter at VGTRK', 'Alexander Repin from the Nizhny Novgorod Region'):
    two to four name words, with evidence for the name."""
    m = _LEADING_NAME.match(core)
    if m is None:
        return None
    name = m.group("name").split()
    if not 2 <= len(name) <= MAX_NAME_WORDS or _name_run(name) != len(name):
        return None
    return _name_evidence(name, names)


def _shape_only(words: list[str], caps: bool) -> bool:
    """Every lower-case word is a title or function word, and the label starts with a capital."""
    if caps:
        return True
    if not _is_capitalised(words[0]):
        return False
    roles = role_words()
    for w in words:
        if _is_capitalised(w):
            continue
        low = w.lower()
        if low not in FUNCTION_WORDS and low not in roles and not all(p in roles for p in low.split("-")):
            return False
    return True


def _name_evidence(words: list[str], names: DocumentNames | None) -> str | None:
    """'document_name' when the label ends in a person the document names (a known name, or a
    surname the text uses: 'Mr Tokarev'), or is one word the text uses as a name ('Alina');
    'given_name' when it ends in a given name and a surname ('Pavel Datsuk'); else None."""
    run = _name_run(words)
    if run == 0:
        return None
    name = words[-run:]
    after_of = len(words) > run and words[-run - 1].lower() in ("of", "the")
    if names is not None:
        if names.known_suffix(words):
            return "document_name"
        if len(words) == 1 and words[0] in names.person_words:
            return "document_name"
        if name[-1] in names.surnames and not (run == 1 and after_of):
            return "document_name"
    if run >= 2 and len(name[-1]) > 1 and any(is_given_name(w) for w in name[:-1]):
        return "given_name"
    if run >= 2 and _SURNAME_ENDING.search(name[-1]):
        return "surname_shape"
    return None


# Endings of Russian and other post-Soviet surnames ('Fayziyev', 'Kuznetsova', 'Shevchenko', 'Grigoryan')
_SURNAME_ENDING = re.compile(
    r"[a-z]{2}(?:ov|ev|yev|ova|eva|yeva|in|ina|yn|sky|skiy|skaya|enko|chuk|yuk|yan|ian|dze|shvili|ovich|evich)$"
)


def split_name_role(core: str, names: DocumentNames | None = None) -> tuple[str, str | None]:
    """'President of Russia Vladimir Putin' -> ('Vladimir Putin', 'President of Russia').

    The name is, in order of evidence: a name the document knows that ends the label (another
    label's name, a `Persons` entry: 'President of Turkey Recep Tayyip Erdogan'); the words before a
    comma when they are a name ('Tatyana Remezova, reporter at VGTRK'); else the run of capitalised,
    non-title words at the end: two words, three with a patronymic, an initial, a name particle or a
    given name before them ('Jose Manuel Barroso'); a word right after 'of'/'the' belongs to the role."""
    if is_role_only(core):
        return core, None
    tokens = core.split()
    if len(tokens) > 2 and tokens[1] == "from" and is_role_only(tokens[0]):
        return tokens[0], None  # 'Question from Perm Territory': the label keeps where it came from
    if names is not None:
        bare = [t.rstrip(",") for t in tokens]
        k = names.known_suffix(bare)
        if k:
            return _name_case(" ".join(bare[-k:])), " ".join(tokens[:-k]).strip(" ,") or None
    m = _LEADING_NAME.match(core)
    head, tail = (m.group("name"), m.group("rest")) if m else (core, "")
    head_words = head.split()
    if (
        tail
        and 1 <= len(head_words) <= MAX_NAME_WORDS
        and all(_is_capitalised(w) and w.lower() not in role_words() for w in head_words)
        and (len(head_words) >= 2 or is_given_name(head_words[0]))
    ):
        # 'Tatyana Remezova, reporter at VGTRK'; 'Alexander Repin from Perm' names no role
        return _name_case(head), None if core[len(head) :].startswith(" from ") else tail
    name, role = _split_trailing_name(core)
    return _name_case(name), role


def _name_case(name: str) -> str:
    """Name words left in capitals by a mixed label ('Nokia CEO OLLI-PEKKA KALLASVUO') in normal case."""
    return " ".join(
        normalise_case(w) if w.isupper() and len(w) > 3 and not _ROMAN.match(w) else w for w in name.split()
    )


def _split_trailing_name(core: str) -> tuple[str, str | None]:
    tokens = core.split()
    run: list[str] = []  # capitalised, non-title words (and name particles) ending the label
    i = len(tokens) - 1
    while i >= 0:
        tok = tokens[i]
        bare = tok.rstrip(",")
        if bare != tok and run:  # a comma closes the role: 'NBC host, Megyn Kelly' is rare, stop anyway
            break
        low = bare.lower()
        if low in NAME_PARTICLES and run and i > 0:
            run.insert(0, bare)
            i -= 1
            continue
        if not _is_capitalised(bare) or _is_title_word(bare) or low in HONORIFICS:
            break
        if i > 0 and tokens[i - 1].lower() in FUNCTION_WORDS and tokens[i - 1].lower() not in NAME_PARTICLES:
            break  # a word right after 'of' or 'the' names a place or a body: 'President of Tajikistan'
        run.insert(0, bare)
        i -= 1
    if not run:
        return core, None
    k = _name_start(run)
    name = run[k:]
    role = " ".join(tokens[: i + 1] + run[:k]).strip(" ,") or None
    if role and role.lower() in HONORIFICS:
        role = None
    return " ".join(name), role


def _name_start(run: list[str]) -> int:
    """Where the name starts in a run of name-like words: a surname and the word before it, and a
    third word before a patronymic or initial ('Sergei Viktorovich Lavrov', 'George W. Bush') or a
    given name before given names ('Jose Manuel Barroso', 'Recep Tayyip Erdogan'; not 'Paramedic
    Natalya Osipova'); name particles inside ('Mohammed bin Salman') do not count."""
    k = len(run) - 1
    proper = int(run[k].lower() not in NAME_PARTICLES)
    while k > 0:
        prev, first = run[k - 1], run[k]
        if prev.lower() in NAME_PARTICLES:
            k -= 1
            continue
        if proper < 2:
            k, proper = k - 1, proper + 1
            continue
        middle = _PATRONYMIC.search(first) or len(first.rstrip(".")) == 1
        particle = any(w.lower() in NAME_PARTICLES for w in run[k:])
        given = is_given_name(prev) and is_given_name(first)
        if proper < MAX_NAME_WORDS and (((middle or particle) and proper == 2) or given):
            k, proper = k - 1, proper + 1
            continue
        break
    while k < len(run) - 1 and run[k].lower() in NAME_PARTICLES:
        k += 1
    return k


def speaker_id(name: str) -> str:
    """Stable id from a name: lower case ASCII words joined by hyphens ('vladimir-putin')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or re.sub(r"\s+", "-", name.lower())


def _same_with_initials(short: list[str], full: list[str]) -> bool:
    """'A. Repik' and 'Alexei Repik': the same surname, initials matching the given names."""
    if len(short) != len(full) or short[-1] != full[-1]:
        return False
    return all(a.rstrip(".") == b[: len(a.rstrip("."))] for a, b in zip(short[:-1], full[:-1], strict=True))


def _similar(a: str, b: str) -> bool:
    """Variant spellings of one name ('Sergei Ignatyev', 'Sergey Ignatiev')."""
    m = difflib.SequenceMatcher(None, a.lower(), b.lower())
    return m.real_quick_ratio() >= 0.85 and m.quick_ratio() >= 0.85 and m.ratio() >= 0.85


class SpeakerResolver:
    """Resolves the labels of one document to speakers: a later short or variant label
    ('Vladimir Putin', 'Mr Ivanov', 'V. Putin', 'Sergei Ignatiev') maps to the person named in full earlier."""

    def __init__(self, cores: list[str], names: DocumentNames | None = None):
        self._names = names if names is not None else DocumentNames()
        # a label that is a name alone ('Recep Tayyip Erdogan') tells where the long one's name starts
        self._names.add_label_names(cores)
        self._known: list[str] = []

    def resolve(self, core: str) -> tuple[str, str | None]:
        name, role = split_name_role(core, self._names)
        if is_role_only(name):
            return name, role
        words = name.split()
        if words and words[0].lower().rstrip(".") in HONORIFICS:
            words = words[1:]
        if len(words) == 1:  # surname alone: the person of that surname already speaking here
            for known in self._known:
                if known.split()[-1] == words[0]:
                    return known, role
            name = " ".join(words) or name
        else:
            for known in self._known:
                if (
                    known != name
                    and known[0] == name[0]
                    and (_same_with_initials(words, known.split()) or _similar(known, name))
                ):
                    return known, role
        if name not in self._known:
            self._known.append(name)
        return name, role


def is_bare_name(core: str) -> bool:
    """'Recep Tayyip Erdogan', 'Ursula von der Leyen': a label that is a person's name and nothing else."""
    words = core.split()
    return (
        2 <= len(words) <= MAX_NAME_WORDS + 1
        and "," not in core
        and not is_role_only(core)
        and all(
            (_is_capitalised(w) and not _is_title_word(w) and w.lower() not in HONORIFICS)
            or w.lower() in NAME_PARTICLES
            for w in words
        )
        and not any(_TOKEN_ABBREV.match(w) for w in words)
    )


def is_person_caption(text: str, names: DocumentNames | None = None) -> bool:
    """'President of Turkey Recep Tayyip Erdogan.', 'Rostec CEO Sergei Chemezov.': a paragraph that
    only names a person with a title, as photo captions do.  Stricter than a label: titles and names
    only (no other lower-case word), a title and a full name with evidence, a closing full stop."""
    s = text.strip()
    if not s.endswith(".") or s.endswith(".."):
        return False
    core = strip_notes(s[:-1])
    if not core or _PROSE_CHARS.search(core) or any("." in t and not _TOKEN_ABBREV.match(t) for t in core.split()):
        return False
    words = core.replace(",", " ").split()
    if len(words) < 2 or len(words) > MAX_LABEL_WORDS or _prose(words) or not _shape_only(words, False):
        return False
    # a title before the name: a name alone ('Alexander Branis.') is how a speaker introduces himself
    run = _name_run(words)
    return 2 <= run < len(words) and _name_evidence(words, names) is not None


LABEL_LIKE_MAX_WORDS = 12
_LABEL_LIKE_PROSE = re.compile(r"[.?!;\"“”«»…]|\d")


def looks_like_label(paragraph: str) -> str | None:
    """The head of a paragraph opening that has a label's shape, whatever its words: at most 12
    words before a colon (notes aside), no sentence punctuation or digits (initials aside), the last
    word capitalised.  For review: the label-like openings that do not start a turn are where a real
    label may have been rejected."""
    m = re.match(r"^([^:\n]{1,150}?)\s*:", paragraph)
    if not m:
        return None
    head = m.group(1).strip()
    core = _PARENTHETICAL.sub(" ", head).strip(" ,")
    words = core.split()
    if not 1 <= len(words) <= LABEL_LIKE_MAX_WORDS or not words[-1][:1].isupper():
        return None
    if _LABEL_LIKE_PROSE.search(core.replace("’", "")) and not re.search(r"\b[A-Z]\.", core):
        return None
    return head
