"""Walks of the dependency parse that several rules share: the sentence and token at a character,
the verb an amount hangs on, a clause's subject, the object of 'of', the topic before a token.
They decide no field themselves; a change here moves measured and kind alike (run tests/claims/)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.claims.lexicon import words

MEASURE_NOUNS = words("shared.measure_nouns")
CHANGE_NOUNS = words("shared.change_nouns")
RELATIVE_PRONOUNS = words("shared.relative_pronouns")
ANAPHORIC_PRONOUNS = words("shared.anaphoric_pronouns")
PERSONAL_PRONOUNS = words("shared.personal_pronouns")
ABOUT_NOUNS = words("shared.about_nouns")
TIME_NOUNS = words("shared.time_nouns")
PLACE_NOUNS = words("shared.place_nouns")
EVALUATIVE_NOUNS = words("shared.evaluative_nouns")

_MEMO: dict = {"doc": None}


def memo(doc: Doc, name: str, compute):
    """One value per Doc, for the Doc being read: spaCy rebuilds doc.text and doc.ents from every
    token on each access, which made claim extraction quadratic in the length of a turn."""
    if _MEMO["doc"] is not doc:
        _MEMO.clear()
        _MEMO["doc"] = doc
    if name not in _MEMO:
        _MEMO[name] = compute()
    return _MEMO[name]


def doc_ents(doc: Doc) -> tuple:
    return memo(doc, "ents", lambda: doc.ents)


def doc_text(doc: Doc) -> str:
    return memo(doc, "text", lambda: doc.text)


def sentence_ents(doc: Doc, sent: Span) -> list[Span]:
    return [e for e in doc_ents(doc) if sent.start_char <= e.start_char < sent.end_char]


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def sentence_of(doc: Doc, char: int) -> Span | None:
    """The sentence around a character; walks from its token, not over the whole Doc (doc.sents
    rebuilds every sentence on each call, which made long turns quadratic)."""
    tok = token_at(doc, char)
    return tok.sent if tok is not None else None


def span_tokens(doc: Doc, start: int, end: int) -> set[int]:
    """Indices of the tokens over characters [start, end)."""
    return {t.i for t in doc.char_span(start, end, alignment_mode="expand") or []}


def of_object(tok: Token) -> Token | None:
    """X in 'N of X' (and in 'the situation with X', which talks about X; 'a drop in X', but not a
    place or a time: 'growth in Russia', 'growth in the first half year' are growth there, then)."""
    preps = ("of", "with") if tok.lower_ in ABOUT_NOUNS else ("of", "in") if tok.lower_ in CHANGE_NOUNS else ("of",)
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and not (child.lower_ == "in" and is_place_or_time(pobj)):
                return pobj
    return None


def is_place_or_time(tok: Token) -> bool:
    """A country, region or city, or a time ('Russia', 'the region', 'the first half year')."""
    return tok.ent_type_ in ("GPE", "LOC", "COUNTRY", "DATE", "TIME") or tok.lower_ in TIME_NOUNS | PLACE_NOUNS


def whole_word(tok: Token) -> tuple[Token, Token]:
    """First and last token of a hyphenated word the tokenizer split ('non-execution')."""
    doc, first, last = tok.doc, tok, tok
    while (
        first.i >= 2
        and doc[first.i - 1].text == "-"
        and not doc[first.i - 1].whitespace_
        and not doc[first.i - 2].whitespace_
        and doc[first.i - 2].is_alpha
    ):
        first = doc[first.i - 2]
    while (
        last.i + 2 < len(doc)
        and not last.whitespace_
        and doc[last.i + 1].text == "-"
        and not doc[last.i + 1].whitespace_
        and doc[last.i + 2].is_alpha
    ):
        last = doc[last.i + 2]
    return first, last


def starts_hyphenated_word(tok: Token) -> bool:
    doc = tok.doc
    return (
        tok.i + 2 < len(doc) and not tok.whitespace_ and doc[tok.i + 1].text == "-" and not doc[tok.i + 1].whitespace_
    )


def governing_verb(tok: Token) -> Token | None:
    """The verb (or the root) at most four heads up from tok."""
    t = tok
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        if t.head is t:
            return None
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


def coordinated_subject(verb: Token) -> Token | None:
    """'X is 20%, and lending to enterprises, that is, ..., has increased by 14%': a finite verb the
    parse left without a subject, whose subject is the word right after the 'and' before it."""
    if not any(c.dep_ == "aux" for c in verb.children) and verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        t = verb.doc[i]
        if t.pos_ == "CCONJ":
            after = verb.doc[i + 1]
            if (
                after.i != verb.i
                and (after.pos_ in ("NOUN", "PROPN") or after.tag_ == "VBG")
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in after.children)
            ):
                return after
            return None
        if t.pos_ == "VERB" and t.tag_ != "VBG":
            return None  # another clause's verb comes first
    return None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The noun subject of the verb's clause: climbing through clauses that have none, the noun a
    relative pronoun attaches to, the topic 'it' stands for; None for a personal pronoun or a clause."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and (coordinated := coordinated_subject(verb)) is not None:
        return coordinated
    if depth > 4:
        return None
    if subj is None and verb.dep_ in ("xcomp", "ccomp", "conj", "advcl") and verb.head is not verb:
        return subject_of(verb.head, depth + 1)
    if subj is None and verb.dep_ == "acl" and verb.head.pos_ in ("NUM", "NOUN", "SYM") and verb.head.i != verb.i:
        head = verb.head
        if head.pos_ == "NOUN" and verb.tag_ in ("VBG", "VBN") and not any(c.like_num for c in head.children):
            return head  # 'with passenger trains travelling at 80 km an hour' (not 'the need to reach $100 billion')
        # 'grew by 9 percent exceeding $1 billion': what exceeded is what grew
        above = governing_verb(head)
        return subject_of(above, depth + 1) if above is not None and above.i != verb.i else None
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head  # 'the strengthening of the ruble, which amounted to 20%'
    if subj is not None and subj.lower_ in ANAPHORIC_PRONOUNS:
        return topic_before(subj.doc, subj.i)  # 'Inflation is decreasing (it now stands at 7%)'
    if subj is not None and subj.pos_ == "PRON":
        return None
    if subj is not None and subj.pos_ == "VERB" and any(c.dep_ in ("nsubj", "dobj") for c in subj.children):
        return None  # a clause as subject, not a mis-tagged noun ('progress ... reached 89 percent')
    return subj


def topic_before(doc: Doc, i: int) -> Token | None:
    """The nearest topic before token i, in its sentence or the one before: a noun subject, or the
    object of a clause whose subject is a person ('we have had the highest inflow of investment. It was ...')."""
    sent_start = doc[i].sent.start
    floor = doc[sent_start - 1].sent.start if sent_start > 0 else 0
    # 'we have seen an increase of 34 percent': the noun that holds the amount is no topic (but 'an
    # increase in trade - by 23 percent' is about trade)
    own = {
        t.i for t in doc[i].ancestors if (inner := of_object(t)) is None or inner.left_edge.i <= i <= inner.right_edge.i
    }
    for k in range(i - 1, floor - 1, -1):
        t = doc[k]
        if t.pos_ not in ("NOUN", "PROPN") or t.lower_ in MEASURE_NOUNS | TIME_NOUNS | EVALUATIVE_NOUNS or k in own:
            continue  # 'we started the year with 6.6%': a time is no topic, nor 'this event', 'the trend'
        if t.dep_ in ("nsubj", "nsubjpass"):
            return t
        if t.dep_ in ("dobj", "attr") and any(
            (c.dep_ == "nsubj" and c.lower_ in PERSONAL_PRONOUNS) or c.dep_ == "expl" for c in t.head.children
        ):
            return t  # 'we had X', 'there were X'
    return None
