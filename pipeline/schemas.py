"""The catalog of tables: every column written once, with its type, its description and, where it
has a vocabulary, its allowed values; every table with its key.

From here come the pyarrow schemas the Parquet files are written with (descriptions included as
field metadata), the pandera schemas every table is validated with when it is written
(`Table.validate`), and docs/data-dictionary.md (pipeline.dictionary).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow as pa

from pipeline.labels import MODEL_LABELS, TARGET_LABELS
from pipeline.yamldata import load_yaml

STR = pa.string()
INT = pa.int64()
FLOAT = pa.float64()
DATE = pa.date32()
BOOL = pa.bool_()
STR_LIST = pa.list_(pa.string())

# -- vocabularies -----------------------------------------------------------------------------------
QUALIFIERS = ("exact", "approx", "lower_bound", "upper_bound", "range", "vague")
KINDS = ("level", "change", "rate")
DIRECTIONS = ("up", "down")
SEGMENT_KINDS = (
    "label",
    "empty_label",
    "stage_direction",
    "preamble",
    "caption",
    "pull_quote",
    "see_also",
    "pull_quote",
    "elision",
    "separator",
)
SEVERITIES = ("error", "warning")
PROBLEM_STAGES = ("segment", "annotate", "entities", "claims", "tables", "corrections")
PROBLEM_CODES = (
    "empty_file",
    "binary_file",
    "undecodable",
    "file_too_large",
    "unreadable",
    "empty_html",
    "legacy_encoding",
    "no_speaker_labels",
    "invalid_correction",
    "stale_correction",
    "unmatched_correction",
)
ENCODINGS = ("utf-8", "utf-16", "cp1252")
ENTITY_SOURCES = ("model", "rule", "gazetteer", "correction")  # correction: added by a person
OWN_DIMENSIONS = ("count", "ratio", "currency", "temperature", "degree")


def _unit_families() -> tuple[str, ...]:
    """What a claim's unit measures: the project's own families, those of pipeline/gazetteers/units.yaml
    and quantulum3's entity names (read from its data, without importing it)."""
    names = set(OWN_DIMENSIONS)
    units = load_yaml((Path(__file__).parent / "gazetteers" / "units.yaml").read_text(encoding="utf-8"))
    names |= {u["dimension"] for u in units.values()}
    spec = importlib.util.find_spec("quantulum3")
    if spec is not None and spec.submodule_search_locations:
        entities = Path(next(iter(spec.submodule_search_locations))) / "entities.json"
        if entities.exists():
            names |= set(json.loads(entities.read_text(encoding="utf-8")))
    return tuple(sorted(names))


UNIT_FAMILIES = _unit_families()


# -- columns and tables -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True
    values: tuple[str, ...] | None = None  # the vocabulary, when the column has one
    minimum: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns that identify a row

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def arrow_schema(self) -> pa.Schema:
        fields = [
            pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description}) for c in self.columns
        ]
        return pa.schema(fields, metadata={"table": self.name, "description": self.description})

    def validate(self, batch: pa.RecordBatch | pa.Table, *, check_key: bool = True) -> None:
        """Check rows against the catalog (types, nulls, vocabularies, minimums, spans, the key);
        raise TableError naming every broken rule.  `check_key=False` for a part of a table."""
        import pandas as pd

        frame = batch.to_pandas(types_mapper=pd.ArrowDtype)
        schema = _pandera_schema(self, check_key)
        try:
            schema.validate(frame, lazy=True)
        except Exception as e:  # pandera's SchemaErrors: summarised, one clause per broken rule
            cases = getattr(e, "failure_cases", None)
            raise TableError(f"{self.name}: {_summary(cases) if cases is not None else e}") from e


class TableError(ValueError):
    """Rows that break the catalog: a bug in the code that made them."""


def _c(name, type_, description, nullable=True, values=None, minimum=None) -> Column:
    return Column(name, type_, description, nullable, values, minimum)


def _spans(*pairs: tuple[str, str]):
    """pandera checks: each start <= its end (where both are set)."""
    import pandera.pandas as pa_

    def check(start, end):
        return pa_.Check(
            lambda f: f[start].isna() | f[end].isna() | (f[start] <= f[end]), name=f"{start} <= {end}", ignore_na=False
        )

    return [check(s, e) for s, e in pairs]


@cache
def _pandera_schema(table: Table, check_key: bool):
    import pandas as pd
    import pandera.pandas as pa_

    columns = {}
    for c in table.columns:
        checks = []
        if c.values is not None:
            checks.append(pa_.Check.isin(list(c.values)))
        if c.minimum is not None:
            checks.append(pa_.Check.ge(c.minimum))
        columns[c.name] = pa_.Column(pd.ArrowDtype(c.type), checks, nullable=c.nullable)
    names = set(table.names)
    pairs = [(s, e) for s, e in (("char_start", "char_end"), ("measured_start", "measured_end")) if {s, e} <= names]
    return pa_.DataFrameSchema(
        columns,
        checks=_spans(*pairs),
        unique=list(table.key) if check_key else None,
        strict=True,
        ordered=True,
        name=table.name,
    )


def _summary(cases) -> str:
    clauses = []
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        values = [repr(v) for v in group["failure_case"].head(3)]
        more = f" and {len(group) - 3} more" if len(group) > 3 else ""
        where = f"column {column!r}" if isinstance(column, str) else "rows"
        clauses.append(f"{where} fails {check}: {', '.join(values)}{more}")
    return "; ".join(clauses)


DOC_ID = _c("doc_id", STR, "The file's path under the raw folder, without its extension.", False)
TURN_ID = _c("turn_id", INT, "0-based order of the turn in its document.", False, minimum=0)
CHAR_START = _c("char_start", INT, "Offset of the first character in the decoded transcript.", False, minimum=0)
CHAR_END = _c("char_end", INT, "Offset just past the last character: raw[char_start:char_end] == text.", False)
SOURCE_PATH = _c("source_path", STR, "Path of the input file, relative to the raw folder.", False)
SPEAKER_ID = _c("speaker_id", STR, "Id of the speaker (speakers.speaker_id): the normalised name.", False)
COUNT = "Number of {}."


def _count(name: str, what: str) -> Column:
    return _c(name, INT, COUNT.format(what), False, minimum=0)


DOCUMENTS = Table(
    "documents",
    "One row per input transcript that could be read.",
    (
        DOC_ID,
        SOURCE_PATH,
        _c("sha256", STR, "SHA-256 of the file's bytes.", False),
        _c("title", STR, "Title line of the header."),
        _c("summary", STR, "Lead paragraph(s) between the title and the date."),
        _c("date", DATE, "Date of the event, from the header (dateparser)."),
        _c("time", STR, "Time of the event as HH:MM, or null."),
        _c("place", STR, "Place line of the header, or null."),
        _c("topics", STR_LIST, "Topics listed in the footer."),
        _c("sections", STR_LIST, "Sections the page was published in (footer)."),
        _count("n_turns", "speaker turns"),
        _count("n_words", "words in the spoken part (all turns, or the body of a news item)"),
        _c("spoken_start", INT, "Offset where the spoken part begins."),
        _c("spoken_end", INT, "Offset where the spoken part ends (the footer begins after it)."),
        _c("encoding", STR, "Encoding the file was decoded with.", values=ENCODINGS),
    ),
    key=("doc_id",),
)

SPEAKERS = Table(
    "speakers",
    "One row per speaker across all documents.",
    (
        _c("speaker_id", STR, "Stable id: the normalised name ('vladimir-putin').", False),
        _c("name", STR, "Name as a person would write it ('Vladimir Putin'), or the role word ('Question')."),
        _c("roles", STR_LIST, "Every role the labels gave this speaker ('President of Russia')."),
        _count("n_documents", "documents in which the speaker has a turn"),
        _count("n_turns", "turns of the speaker"),
        _count("n_words", "words spoken"),
    ),
    key=("speaker_id",),
)

TURNS = Table(
    "turns",
    "One row per speaker turn, in document order.",
    (
        DOC_ID,
        TURN_ID,
        SPEAKER_ID,
        _c("speaker_name", STR, "Name of the speaker."),
        _c("speaker_role", STR, "Role written in this turn's label, or null when the label has none."),
        _c("speaker_label", STR, "The label as written, without its colon."),
        _c("text", STR, "Text of the turn without its label; may include stage directions between paragraphs."),
        CHAR_START,
        CHAR_END,
        _count("n_words", "words in the turn"),
    ),
    key=("doc_id", "turn_id"),
)

SEGMENTS = Table(
    "segments",
    "Stretches of the spoken part that are not speech: labels, stage directions, "
    "captions, 'See also' boxes, elisions, separators and preambles.",
    (
        DOC_ID,
        _c("kind", STR, "What the stretch is.", False, values=SEGMENT_KINDS),
        CHAR_START,
        CHAR_END,
        _c("text", STR, "The characters of the segment."),
    ),
    key=("doc_id", "char_start", "kind"),
)

ENTITIES = Table(
    "entities",
    "One row per entity mention inside a turn.",
    (
        DOC_ID,
        TURN_ID,
        CHAR_START,
        CHAR_END,
        _c("text", STR, "The mention as written.", False),
        _c(
            "label",
            STR,
            "The project's labels (COUNTRY, AGENCY, CRIMINAL_GROUP, PERSON) or another label of the model.",
            False,
            values=TARGET_LABELS + tuple(x for x in MODEL_LABELS if x not in TARGET_LABELS),
        ),
        _c("entity_id", STR, "ISO 3166-1 alpha-3 for countries; a stable slug for the rest."),
        _c("canonical_name", STR, "The entity's name in one spelling for all its aliases."),
        _c("source", STR, "What found it.", values=ENTITY_SOURCES),
        _c(
            "entity_country",
            STR,
            "ISO 3166-1 alpha-3 of the country an agency belongs to; null for international "
            "bodies and for other labels.",
        ),
        _c("corrected", BOOL, "True when a person's correction (data/corrections.yaml) added or changed the row."),
    ),
    key=("doc_id", "char_start", "char_end"),
)

CLAIMS = Table(
    "claims",
    "One row per quantitative statement.",
    (
        DOC_ID,
        TURN_ID,
        _c("speaker_id", STR, "Speaker of the turn (null outside transcripts)."),
        CHAR_START,
        CHAR_END,
        _c("text", STR, "The quantity as written, with its qualifier and unit.", False),
        _c("sentence", STR, "The sentence the claim is in."),
        _c("value", FLOAT, "The number as stated, scale words applied (2.5 for '2.5 tons'; 7.7e11 for '770 billion')."),
        _c("value_low", FLOAT, "Low end of a range or a vague amount ('hundreds of' -> 200)."),
        _c("value_high", FLOAT, "High end of a range."),
        _c("qualifier", STR, "How the number is stated.", values=QUALIFIERS),
        _c("unit", STR, "count, percent, fraction, an ISO 4217 code, or a physical unit by name (tonne)."),
        _c("unit_text", STR, "The unit as written."),
        _c("dimension", STR, "The unit's family: what it measures.", values=UNIT_FAMILIES),
        _c("value_si", FLOAT, "The value in the SI base unit, for physical units."),
        _c("si_unit", STR, "The SI base unit of value_si (kilogram, metre...)."),
        _c(
            "measured",
            STR,
            "The noun phrase counted or measured ('heroin', 'drug trafficking cases'), from the "
            "parse; for an amount whose clause names nothing ('Approximately 12%.', 'it was 770 "
            "billion') the topic of the sentence before or of the previous turn's claim; null when unknown.",
        ),
        _c("kind", STR, "What the number says: a level, a change or a rate.", values=KINDS),
        _c("direction", STR, "Which way a change goes.", values=DIRECTIONS),
        _c("period_start", DATE, "First day of the period the claim refers to."),
        _c("period_end", DATE, "Last day of the period the claim refers to."),
        _c("period_text", STR, "The time expression the period comes from."),
        _c("entity_ids", STR_LIST, "Entity ids of the claim's sentence (the document's linked entities)."),
        _c("editorial", BOOL, "True for an editor's conversion in square brackets ('[$320]')."),
        _c(
            "measured_start",
            INT,
            "Offset of the first character of the phrase `measured` was read from, in the transcript; "
            "null when `measured` is null or came from the discourse (another sentence or turn).",
        ),
        _c(
            "measured_end",
            INT,
            "Offset just past that phrase. raw[measured_start:measured_end] is the smallest stretch of the "
            "transcript that holds every word of `measured`, first and last included; it may hold words "
            "`measured` leaves out ('outflow of the capital' for 'outflow of capital').",
        ),
        _c(
            "measured_rule",
            STR,
            "Id of the rule that decided `measured`, also when it is null (`measured.no_subject`); "
            "pipeline/claims/rules/*.yaml describes each.",
        ),
        _c("kind_rule", STR, "Id of the rule that decided `kind` and `direction` (`kind.default_level` for a level)."),
        _c("period_rule", STR, "Id of the rule that decided the period, also when there is none (`period.none`)."),
        _c("series_id", STR, "The series (series.series_id) the claim belongs to; null when it stands alone."),
        _c("corrected", BOOL, "True when a person's correction (data/corrections.yaml) changed or added the row."),
    ),
    key=("doc_id", "char_start", "char_end"),
)

SERIES = Table(
    "series",
    "One row per series: claims about the same statistic (measured thing, unit, kind and scope) "
    "in at least two documents.",
    (
        _c("series_id", STR, "Stable id, derived from the series' key (not a counter): the same in every run.", False),
        _c("label", STR, "The measured phrase its claims use most often, in lower case.", False),
        _c(
            "measured_lemmas",
            STR,
            "The lemmas that name what is measured, sorted: the series' key with unit, kind, scope.",
        ),
        _c("unit", STR, "The unit its values are compared in: an SI base unit, a currency, percent or count.", False),
        _c("kind", STR, "What its claims say: a level, a change or a rate.", False, values=KINDS),
        _c(
            "scope_entity_id",
            STR,
            "The country (ISO 3166-1 alpha-3) or agency the claims are about; null when none is named.",
        ),
        _c("scope_name", STR, "The scope entity's canonical name."),
        _c("n_claims", INT, "Claims in the series.", False, minimum=1),
        _c("n_documents", INT, "Documents with a claim of the series.", False, minimum=1),
        _c("n_speakers", INT, "Speakers who made a claim of the series.", False, minimum=0),
        _c(
            "first_period",
            DATE,
            "Start of the earliest period a claim refers to (the meeting date when it states none).",
        ),
        _c("last_period", DATE, "End of the latest period a claim refers to (the meeting date when it states none)."),
    ),
    key=("series_id",),
)

PROBLEMS = Table(
    "problems",
    "Every input that could not be read fully, and why.",
    (
        SOURCE_PATH,
        _c("doc_id", STR, "Document id, when the file got one."),
        _c("stage", STR, "Stage that met the problem.", False, values=PROBLEM_STAGES),
        _c(
            "severity",
            STR,
            "error (the file, or the correction, was skipped) or warning (read, with a caveat).",
            False,
            values=SEVERITIES,
        ),
        _c("code", STR, "Stable code of the problem.", False, values=PROBLEM_CODES),
        _c("message", STR, "What happened, for a person.", False),
    ),
    key=("source_path", "stage", "code", "message"),
)

# every table a run writes, in the order of the data dictionary
TABLES: dict[str, Table] = {
    t.name: t for t in (DOCUMENTS, SPEAKERS, TURNS, SEGMENTS, ENTITIES, CLAIMS, SERIES, PROBLEMS)
}
# the tables the extract stage writes per document (data/interim), from which the tables stage builds the rest
INTERIM = ("documents", "turns", "segments", "entities", "claims", "problems")
