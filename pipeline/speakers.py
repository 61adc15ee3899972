"""Speaker labels: is a paragraph opening a label, and which name and role does it carry.

A label is the text before a colon at the start of a paragraph, made of name-like words:
capitalised words, a few function words ("of", "the") and role nouns that the site writes in
lower case ("Central Bank chairman", "Panel moderator, NBC host Megyn Kelly").  Anything with
a verb or ordinary lower-case word before the colon ("I repeat:", "The decree says:") is prose.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Words written in lower case inside labels that do not make them prose.
FUNCTION_WORDS = frozenset("of the and for on in at to de da del der van von bin ibn al el la le du des dos y".split())
# Lower-case pieces of names ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("bin ibn al el de da del der van von la le du dos".split())
# Speakers known by role only.
ROLE_ONLY_LABELS = frozenset(
    "question remark reply answer response comment moderator interpreter host presenter "
    "announcer voice journalist correspondent reporter audience participant chairman chair "
    "translator narrator speaker".split()
)
# Headings that look like labels but introduce documents, not speakers ('Text of the Decree:').
NOT_SPEAKER_HEADS = frozenset(
    "text excerpt excerpts transcript note notes source statement statements message "
    "address appendix attachment agenda subject topic summary one".split()
)
HONORIFICS = frozenset("mr mrs ms miss dr sir madam mister".split())
# Quotation marks, sentence punctuation or digits before the colon mean prose, not a label.
_PROSE_CHARS = re.compile(r"[?!;\"“”«»‘’…\d]")
_PARENTHETICAL = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*")
_LABEL_HEAD = re.compile(r"^([^:\n]{1,260}?)\s*:(?=\s|$)")
_TOKEN_ABBREV = re.compile(r"^(?:[A-Z][a-z]?\.|(?:[A-Z]\.)+)$")
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ich|ichna)$", re.I)
MAX_LABEL_WORDS = 25


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Title and institution words (lower case) that belong to a role, never to a name."""
    text = resources.files("pipeline.gazetteers").joinpath("role_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a paragraph."""

    written: str  # as in the text, without the colon
    end: int  # index just past the colon, relative to the paragraph
    core: str  # without parenthetical notes, case normalised


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


def match_label(paragraph: str) -> Label | None:
    """The speaker label opening `paragraph`, or None when the colon is part of a sentence."""
    m = _LABEL_HEAD.match(paragraph)
    if not m:
        return None
    written = m.group(1).strip()
    if not written[:1].isupper():
        return None
    core = strip_notes(written)
    if not core or _PROSE_CHARS.search(core):
        return None
    tokens = core.replace(",", " , ").split()
    words = [t for t in tokens if t != ","]
    if not words or len(words) > MAX_LABEL_WORDS:
        return None
    caps = _mostly_capitals(core)
    roles = role_words()
    for t in words:
        if "." in t and not _TOKEN_ABBREV.match(t):
            return None
        if caps or _is_capitalised(t):
            continue
        low = t.lower()
        if low not in FUNCTION_WORDS and low not in roles and not all(p in roles for p in low.split("-")):
            return None
    if not caps and not _is_capitalised(words[-1]):
        return None
    if (len(words) == 1 and words[0].lower() in FUNCTION_WORDS) or words[0].lower() in NOT_SPEAKER_HEADS:
        return None
    return Label(written=written, end=m.end(), core=normalise_case(core))


def is_role_only(core: str) -> bool:
    """'Question', 'Moderator', 'Panel moderator': a label that names no person."""
    words = core.lower().replace(",", " ").split()
    roles = role_words()
    return bool(words) and all(w in ROLE_ONLY_LABELS or w in roles or w in FUNCTION_WORDS for w in words)


def split_name_role(core: str) -> tuple[str, str | None]:
    """'President of Russia Vladimir Putin' -> ('Vladimir Putin', 'President of Russia').

    The name is the run of capitalised, non-title words at the end of the label: at most two
    words, or three with a patronymic or a name particle; a word right after 'of'/'the' belongs
    to the role ('President of Tajikistan Emomali Rahmon')."""
    if is_role_only(core):
        return core, None
    head, _, tail = core.partition(", ")
    head_words = head.split()
    if (
        tail
        and 2 <= len(head_words) <= 4
        and all(_is_capitalised(w) and w.lower() not in role_words() for w in head_words)
    ):
        return _name_case(head), tail  # 'Tatyana Remezova, reporter at VGTRK'
    name, role = _split_trailing_name(core)
    return _name_case(name), role


def _name_case(name: str) -> str:
    """Names left in capitals by a mixed label ('Nokia CEO OLLI-PEKKA KALLASVUO') in normal case."""
    return normalise_case(name) if name.isupper() and len(name) > 3 else name


def _split_trailing_name(core: str) -> tuple[str, str | None]:
    tokens = core.split()
    roles = role_words()
    name: list[str] = []
    i = len(tokens) - 1
    while i >= 0:
        tok = tokens[i]
        bare = tok.rstrip(",")
        if bare != tok and name:  # a comma closes the role: 'NBC host, Megyn Kelly' is rare, stop anyway
            break
        low = bare.lower()
        if low in NAME_PARTICLES and name and i > 0:
            name.insert(0, bare)
            i -= 1
            continue
        if not _is_capitalised(bare) or low in roles or low in HONORIFICS:
            break
        if i > 0 and tokens[i - 1].lower() in FUNCTION_WORDS and tokens[i - 1].lower() not in NAME_PARTICLES:
            break
        proper = [w for w in name if w.lower() not in NAME_PARTICLES]
        has_particle = len(proper) < len(name)
        has_middle = bool(name) and (_PATRONYMIC.search(name[0]) or len(name[0].rstrip(".")) == 1)
        if len(proper) >= (3 if has_particle or has_middle else 2):
            break
        name.insert(0, bare)
        i -= 1
    if not name:
        return core, None
    role = " ".join(tokens[: i + 1]).strip(" ,") or None
    if role and role.lower() in HONORIFICS:
        role = None
    return " ".join(name), role


def speaker_id(name: str) -> str:
    """Stable id from a name: lower case ASCII words joined by hyphens ('vladimir-putin')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or re.sub(r"\s+", "-", name.lower())


class SpeakerResolver:
    """Resolves the labels of one document to speakers: a later short or variant label
    ('Vladimir Putin', 'Mr Ivanov', 'Sergey Ignatiev') maps to the person named in full earlier."""

    def __init__(self, cores: list[str]):
        self._suffix_names = {c for c in cores if not is_role_only(c) and split_name_role(c)[1] is None and " " in c}
        self._known: list[str] = []

    def _name_of(self, core: str) -> tuple[str, str | None]:
        # A short label of the same document ('Vladimir Putin') that ends the long one fixes the name.
        for short in sorted(self._suffix_names, key=len, reverse=True):
            if core != short and core.endswith(" " + short):
                return short, core[: -len(short)].strip(" ,") or None
        return split_name_role(core)

    def resolve(self, core: str) -> tuple[str, str | None]:
        name, role = self._name_of(core)
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
                    and difflib.SequenceMatcher(None, known.lower(), name.lower()).ratio() >= 0.85
                    and known[0] == name[0]
                ):
                    return known, role
        if name not in self._known:
            self._known.append(name)
        return name, role
