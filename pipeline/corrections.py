"""People's corrections (`data/corrections.yaml`), applied every time the tables are built.

A correction anchors to a row by `doc_id`, `char_start` and `char_end`, with the row's `text` as a
check.  It can change fields of a claim or an entity, drop the row, or add a row the pipeline missed:

    corrections:
    - doc_id: 2013/17695
      char_start: 1203
      char_end: 1213
      text: 2.5 tonnes
      set: {value: 2.5, unit: tonne, measured: seized heroin, period: "2012"}
    - {doc_id: 2013/17695, char_start: 1490, char_end: 1495, text: three, drop: true}
    - {doc_id: 2013/17695, table: entities, char_start: 220, char_end: 229, text: Tajikstan,
       add: {label: COUNTRY, entity_id: TJK, canonical_name: Tajikistan}}

An anchor whose characters are no longer `text` (the transcript changed) makes the correction
stale: it is not applied and becomes a problems row (code `stale_correction`), never silently lost.
Everything here is a pure function of the file's text, the tables and the raw texts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from pipeline.schemas import CLAIMS, DIRECTIONS, ENTITIES, KINDS, QUALIFIERS
from pipeline.units import physical_units

SOURCE = "corrections.yaml"
STAGE = "corrections"
ACTIONS = ("set", "drop", "add")
# the fields a person may set, per table, and the type each takes
CLAIM_FIELDS = {
    "value": "number",
    "value_low": "number",
    "value_high": "number",
    "qualifier": QUALIFIERS,
    "unit": "unit",
    "measured": "text",
    "kind": KINDS,
    "direction": DIRECTIONS,
    "period": "period",
}
ENTITY_FIELDS = {"label": "text", "entity_id": "text", "canonical_name": "text", "entity_country": "text"}
FIELDS = {"claims": CLAIM_FIELDS, "entities": ENTITY_FIELDS}
REQUIRED_TO_ADD = {"claims": ("value",), "entities": ("label",)}
PLAIN_UNITS = {"count": "count", "percent": "ratio", "fraction": "ratio", "ratio": "ratio"}
ENTRY_KEYS = {"doc_id", "char_start", "char_end", "text", "table", "note", *ACTIONS}


class CorrectionsError(ValueError):
    """A corrections file or entry that cannot be read; the message names the entry."""


@dataclass(frozen=True)
class Correction:
    index: int  # 1-based position in the file, for messages
    doc_id: str
    char_start: int
    char_end: int
    text: str
    table: str  # claims or entities
    action: str  # set, drop or add
    values: dict = field(default_factory=dict)
    note: str | None = None

    @property
    def where(self) -> str:
        return f"entry {self.index} ({self.doc_id} {self.char_start}-{self.char_end} {self.text!r})"


# -- reading the file ----------------------------------------------------------------------------
def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def known_units() -> set[str]:
    """Unit names a correction may give: the plain ones, ISO 4217 codes, the physical units' names."""
    import pycountry

    return {*PLAIN_UNITS, *(c.alpha_3 for c in pycountry.currencies), *physical_units()}


_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_period(text) -> tuple[date | None, date | None]:
    """'2012' -> the year; '2012-03' -> the month; '2012-03-01' -> the day; 'A..B' -> from the start of
    A to the end of B ('2010..2012', '2000-01-01..2013-03-11'); null -> no period."""
    if text is None:
        return None, None
    text = str(text).strip()
    if ".." in text:
        a, b = text.split("..", 1)
        start, _ = parse_period(a)
        _, end = parse_period(b)
        if start > end:
            raise ValueError(f"period {text!r} ends before it starts")
        return start, end
    if _YEAR.match(text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    if _MONTH.match(text):
        start = pd.Timestamp(text + "-01")
        return start.date(), (start + pd.offsets.MonthEnd(0)).date()
    if _DAY.match(text):
        day = date.fromisoformat(text)
        return day, day
    raise ValueError(f"period {text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or two of them joined by '..'")


def format_period(start, end) -> str | None:
    """The shortest text parse_period reads back as start..end."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    if start == end:
        return start.isoformat()
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}..{end.year}"
    if start.day == 1 and (pd.Timestamp(end) + pd.Timedelta(days=1)).day == 1:
        a, b = f"{start:%Y-%m}", f"{end:%Y-%m}"
        return a if a == b else f"{a}..{b}"
    return f"{start.isoformat()}..{end.isoformat()}"


def _check_value(name: str, kind, value, units: set[str]) -> str | None:
    """What is wrong with one field's value, or None."""
    if value is None:
        return None if name not in ("label",) else "may not be null"
    if kind == "number":
        return None if _is_number(value) else f"must be a number, not {value!r}"
    if kind == "text":
        return None if isinstance(value, str) and value.strip() else f"must be a non-empty string, not {value!r}"
    if kind == "unit":
        return (
            None
            if value in units
            else f"unknown unit {value!r} (count, percent, fraction, ratio, an ISO 4217 code, or a unit of units.yaml)"
        )
    if kind == "period":
        try:
            parse_period(value)
        except ValueError as e:
            return str(e)
        return None
    return None if value in kind else f"must be one of {', '.join(kind)}, not {value!r}"


def validate_entry(raw, index: int, units: set[str]) -> Correction:
    """One entry of the file as a Correction; CorrectionsError naming the entry when it is wrong."""
    if not isinstance(raw, dict):
        raise CorrectionsError(
            f"entry {index}: expected a mapping with doc_id, char_start, char_end, text; got {raw!r}"
        )
    where = f"entry {index}"
    if isinstance(raw.get("doc_id"), str):
        where += f" ({raw['doc_id']} {raw.get('char_start')}-{raw.get('char_end')})"

    def fail(message: str):
        raise CorrectionsError(f"{where}: {message}")

    unknown = sorted(set(raw) - ENTRY_KEYS, key=str)
    if unknown:
        fail(f"unknown key {unknown[0]!r}; an entry has {', '.join(sorted(ENTRY_KEYS))}")
    for key in ("doc_id", "text"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            fail(f"{key!r} must be a non-empty string")
    start, end = raw.get("char_start"), raw.get("char_end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end:
        fail(f"char_start and char_end must be integers with 0 <= char_start < char_end, not {start!r}, {end!r}")
    if end - start != len(raw["text"]):
        fail(f"text {raw['text']!r} has {len(raw['text'])} characters but the anchor spans {end - start}")
    table = raw.get("table", "claims")
    if table not in FIELDS:
        fail(f"table must be claims or entities, not {table!r}")
    actions = [a for a in ACTIONS if a in raw]
    if len(actions) != 1:
        fail("give exactly one of 'set' (change fields), 'drop: true' or 'add' (a missing row)")
    action = actions[0]
    values: dict = {}
    if action == "drop":
        if raw["drop"] is not True:
            fail(f"'drop' must be true, not {raw['drop']!r}")
    else:
        values = raw[action]
        if not isinstance(values, dict) or (action == "set" and not values):
            fail(f"'{action}' must be a mapping of fields to values")
        allowed = FIELDS[table]
        for name, value in values.items():
            if name not in allowed:
                fail(f"{table} have no field {name!r} a correction can set; allowed: {', '.join(allowed)}")
            problem = _check_value(name, allowed[name], value, units)
            if problem:
                fail(f"{name}: {problem}")
        if action == "add":
            missing = [n for n in REQUIRED_TO_ADD[table] if values.get(n) is None]
            if missing and not (table == "claims" and values.get("value_low") is not None):
                fail(f"an added {table[:-1]} needs {', '.join(missing)}")
    note = raw.get("note")
    return Correction(index, raw["doc_id"], start, end, raw["text"], table, action, dict(values), note)


def parse_corrections(text: str, *, source: str = SOURCE) -> list[Correction]:
    """Every entry of a corrections file; CorrectionsError (naming the entry) at the first bad one."""
    corrections, problems = read_corrections_text(text, source=source)
    if problems:
        raise CorrectionsError(problems[0]["message"])
    return corrections


def read_corrections_text(text: str, *, source: str = SOURCE) -> tuple[list[Correction], list[dict]]:
    """The valid entries of a corrections file, and a problems row (code invalid_correction) for each
    entry that is not: one bad entry does not stop the others, nor the run."""
    try:
        data = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as e:
        return [], [_problem(source, None, "error", "invalid_correction", f"{source} is not valid YAML: {e}")]
    if data is None:
        return [], []
    if not isinstance(data, dict) or set(data) != {"corrections"} or not isinstance(data["corrections"], list | None):
        return [], [
            _problem(source, None, "error", "invalid_correction", f"{source} must hold one key, 'corrections', a list")
        ]
    units = known_units()
    corrections, problems = [], []
    for index, raw in enumerate(data["corrections"] or [], start=1):
        try:
            corrections.append(validate_entry(raw, index, units))
        except CorrectionsError as e:
            doc_id = raw.get("doc_id") if isinstance(raw, dict) and isinstance(raw.get("doc_id"), str) else None
            problems.append(_problem(source, doc_id, "error", "invalid_correction", f"{source} {e}"))
    return corrections, problems


def read_corrections(path: Path) -> tuple[list[Correction], list[dict]]:
    """read_corrections_text of a file; a missing file holds no corrections."""
    path = Path(path)
    if not path.exists():
        return [], []
    return read_corrections_text(path.read_text(encoding="utf-8"), source=path.name)


# -- applying ------------------------------------------------------------------------------------
def _problem(source: str, doc_id, severity: str, code: str, message: str) -> dict:
    return {
        "source_path": source,
        "doc_id": doc_id,
        "stage": STAGE,
        "severity": severity,
        "code": code,
        "message": message,
    }


def anchor_problem(c: Correction, texts: Mapping[str, str], *, source: str = SOURCE) -> dict | None:
    """A stale_correction problem when the anchor's characters are no longer the correction's text."""
    raw = texts.get(c.doc_id)
    if raw is None:
        message = f"{source} {c.where}: document {c.doc_id!r} is no longer in the corpus; not applied"
    elif raw[c.char_start : c.char_end] == c.text:
        return None
    else:
        found = [m.start() for m in re.finditer(re.escape(c.text), raw)]
        now = raw[c.char_start : c.char_end]
        message = f"{source} {c.where}: the transcript now has {now!r} there; not applied"
        if len(found) == 1:
            message += f" (the text is now at char_start {found[0]}, char_end {found[0] + len(c.text)})"
        elif found:
            message += f" (the text occurs {len(found)} times elsewhere; check which one is meant)"
    return _problem(source, c.doc_id, "error", "stale_correction", message)


def unit_fields(unit: str, value) -> dict:
    """dimension, si_unit and value_si that go with a unit a person gave."""
    if unit in PLAIN_UNITS:
        return {"dimension": PLAIN_UNITS[unit], "si_unit": None, "value_si": None}
    phys = physical_units().get(unit)
    if phys:
        si = value * phys["factor"] if _is_number(value) else None
        return {"dimension": phys["dimension"], "si_unit": phys["si_unit"], "value_si": si}
    return {"dimension": "currency", "si_unit": None, "value_si": None}


def _claim_update(row: dict, values: dict) -> dict:
    """The claim row with a correction's fields set, and the fields that follow from them."""
    row = dict(row)
    for name, value in values.items():
        if name == "period":
            row["period_start"], row["period_end"] = parse_period(value)
            row["period_rule"] = "correction"
            row["period_text"] = None
        else:
            row[name] = value
    if "measured" in values:
        row["measured_rule"] = "correction"
        row["measured_start"] = row["measured_end"] = None
    if "kind" in values or "direction" in values:
        row["kind_rule"] = "correction"
        if row.get("kind") != "change":
            row["direction"] = None
    if {"unit", "value", "value_low"} & set(values) and row.get("unit"):
        value = row.get("value")
        if not _is_number(value):
            value = row.get("value_low")
        row.update(unit_fields(row["unit"], value))
    row["corrected"] = True
    return row


def _turn_of(turns: pd.DataFrame, doc_id: str, start: int, end: int) -> dict | None:
    if turns is None or not len(turns):
        return None
    t = turns[(turns["doc_id"] == doc_id) & (turns["char_start"] <= start) & (turns["char_end"] >= end)]
    return t.iloc[0].to_dict() if len(t) else None


def _new_row(c: Correction, table, turn: dict, raw: str) -> dict:
    row = {name: None for name in table.names}
    row.update(doc_id=c.doc_id, turn_id=int(turn["turn_id"]), char_start=c.char_start, char_end=c.char_end)
    row["text"] = c.text
    if table is ENTITIES:
        row.update(source="correction", corrected=True, **c.values)
        return row
    row.update(
        speaker_id=turn.get("speaker_id"),
        sentence=_sentence_around(raw, c.char_start, c.char_end, int(turn["char_start"]), int(turn["char_end"])),
        qualifier="exact",
        kind="level",
        entity_ids=[],
        editorial=False,
        measured_rule="correction",
        kind_rule="correction",
        period_rule="correction",
        unit="count",
    )
    return _claim_update(row, c.values)


_SENTENCE_END = re.compile(r"[.!?…]\s+|\n")


def _sentence_around(raw: str, start: int, end: int, turn_start: int, turn_end: int) -> str:
    """The sentence of an added claim: from the last sentence end before it to the next one after."""
    before = [m.end() for m in _SENTENCE_END.finditer(raw, turn_start, start)]
    after = _SENTENCE_END.search(raw, end, turn_end)
    return raw[before[-1] if before else turn_start : after.start() + 1 if after else turn_end].strip()


def _target(rows: list[dict], c: Correction) -> list[int]:
    """Positions of the row a correction means: the one with its exact span, else the only row of
    the document that overlaps the anchor (the pipeline may now read a slightly longer span)."""
    in_doc = [i for i, r in enumerate(rows) if r["doc_id"] == c.doc_id]
    exact = [i for i in in_doc if (rows[i]["char_start"], rows[i]["char_end"]) == (c.char_start, c.char_end)]
    if exact:
        return exact[:1]
    overlap = [i for i in in_doc if rows[i]["char_start"] < c.char_end and rows[i]["char_end"] > c.char_start]
    return overlap if len(overlap) == 1 else []


OUTCOMES = ("applied", "stale", "unmatched", "invalid")


@dataclass
class Applied:
    claims: pd.DataFrame
    entities: pd.DataFrame
    problems: pd.DataFrame
    outcomes: list[str] = field(default_factory=list)  # one of OUTCOMES per correction, in file order

    @property
    def n_applied(self) -> int:
        return self.outcomes.count("applied")

    @property
    def n_stale(self) -> int:
        return self.outcomes.count("stale")


PROBLEM_COLUMNS = ["source_path", "doc_id", "stage", "severity", "code", "message"]


def apply_corrections(
    claims: pd.DataFrame,
    entities: pd.DataFrame,
    corrections: list[Correction],
    texts: Mapping[str, str],
    turns: pd.DataFrame | None = None,
    *,
    source: str = SOURCE,
) -> Applied:
    """The claims and entities tables with the corrections applied in file order (changed and added
    rows carry corrected = True), and a problems row for each correction that could not be applied:
    stale_correction when its anchor no longer matches the transcript in `texts` (doc_id -> decoded
    text), unmatched_correction when no row sits at a still-valid anchor for a change or a drop.
    `turns` gives an added row its turn and speaker."""
    schema = {"claims": CLAIMS, "entities": ENTITIES}
    columns = {"claims": list(claims.columns), "entities": list(entities.columns)}
    rows = {"claims": claims.to_dict("records"), "entities": entities.to_dict("records")}
    for name in rows:
        columns[name] += [c for c in schema[name].names if c not in columns[name]]
        for r in rows[name]:
            r["corrected"] = bool(r.get("corrected")) if not pd.isna(r.get("corrected", False)) else False
    problems, outcomes = [], []
    for c in corrections:
        stale = anchor_problem(c, texts, source=source)
        if stale:
            problems.append(stale)
            outcomes.append("stale")
            continue
        table = rows[c.table]
        target = _target(table, c)
        if c.action == "add":
            turn = _turn_of(turns, c.doc_id, c.char_start, c.char_end)
            if turn is None:
                message = f"{source} {c.where}: no turn holds the anchor; not applied"
                problems.append(_problem(source, c.doc_id, "error", "invalid_correction", message))
                outcomes.append("invalid")
                continue
            if target:  # the pipeline now finds the row itself: the person's fields win
                del table[target[0]]
            table.append(_new_row(c, schema[c.table], turn, texts[c.doc_id]))
        elif not target:
            message = (
                f"{source} {c.where}: the transcript still reads so, but no {c.table[:-1]} is there any more; "
                "not applied (remove the entry, or make it an 'add')"
            )
            problems.append(_problem(source, c.doc_id, "warning", "unmatched_correction", message))
            outcomes.append("unmatched")
            continue
        elif c.action == "drop":
            del table[target[0]]
        elif c.table == "claims":
            table[target[0]] = _claim_update(table[target[0]], c.values)
        else:
            table[target[0]] = {**table[target[0]], **c.values, "corrected": True}
        outcomes.append("applied")
    frames = {}
    for name, table in rows.items():
        table.sort(key=lambda r: (r["doc_id"], r["char_start"], r["char_end"]))
        frames[name] = pd.DataFrame(table, columns=columns[name])
    return Applied(frames["claims"], frames["entities"], pd.DataFrame(problems, columns=PROBLEM_COLUMNS), outcomes)


def spoken_texts(doc_ids, documents: pd.DataFrame, *stretches: pd.DataFrame, filler: str = " ") -> dict[str, str]:
    """The transcripts of `doc_ids` as far as the tables hold them, for checking anchors without
    the raw files: each document's turns and segments (rows with doc_id, char_start, char_end, text)
    laid at their offsets, `filler` between them (the header and footer, which hold no claim or
    entity).  A document no longer in `documents` is left out: its corrections are stale."""
    wanted = set(doc_ids) & set(documents["doc_id"]) if len(documents) else set()
    pieces: dict[str, list[tuple[int, str]]] = {d: [] for d in wanted}
    for frame in stretches:
        if not len(frame):
            continue
        rows = frame[frame["doc_id"].isin(wanted)]
        for doc_id, start, text in rows[["doc_id", "char_start", "text"]].itertuples(index=False):
            if isinstance(text, str):
                pieces[doc_id].append((int(start), text))
    texts = {}
    for doc_id, parts in pieces.items():
        end = max((start + len(text) for start, text in parts), default=0)
        chars = [filler] * end
        for start, text in parts:
            chars[start : start + len(text)] = text
        texts[doc_id] = "".join(chars)
    return texts


# -- the block a person copies -------------------------------------------------------------------
def _plain(value):
    """A table value as YAML writes it: floats that are whole numbers as integers, NaN as null."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def correction_entry(row: Mapping, table: str = "claims") -> dict:
    """The corrections.yaml entry that sets a row's fields to what they are now: a person edits the
    values (or writes `drop: true` instead of `set`) and pastes it under `corrections:`."""
    entry = {
        "doc_id": row["doc_id"],
        "char_start": int(row["char_start"]),
        "char_end": int(row["char_end"]),
        "text": row["text"],
    }
    if table != "claims":
        entry["table"] = table
    fields = {}
    for name in FIELDS[table]:
        if name == "period":
            fields["period"] = format_period(row.get("period_start"), row.get("period_end"))
        elif (name in ("value_low", "value_high") and _plain(row.get(name)) is None) or (
            name == "direction" and row.get("kind") != "change"
        ):
            continue
        else:
            fields[name] = _plain(row.get(name))
    entry["set"] = fields
    return entry


def correction_yaml(row: Mapping, table: str = "claims") -> str:
    """correction_entry as the YAML list item to paste (any text quoted safely)."""
    return yaml.safe_dump([correction_entry(row, table)], sort_keys=False, allow_unicode=True, width=1000)
