"""Every table's columns, types and descriptions, written once.

Used to build the pyarrow schemas the Parquet files are written with (descriptions included as
field metadata), to validate frames before writing, and to generate docs/data-dictionary.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

STR = pa.string()
INT = pa.int64()
FLOAT = pa.float64()
DATE = pa.date32()
BOOL = pa.bool_()
STR_LIST = pa.list_(pa.string())


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self) -> pa.Schema:
        fields = [
            pa.field(c.name, c.type, nullable=c.nullable, metadata={"description": c.description}) for c in self.columns
        ]
        return pa.schema(fields, metadata={"table": self.name, "description": self.description})


def _c(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> Column:
    return Column(name, type_, description, nullable)


DOC_ID = _c("doc_id", STR, "The file's path under the raw folder, without its extension.", False)
TURN_ID = _c("turn_id", INT, "0-based order of the turn in its document.")
CHAR_START = _c("char_start", INT, "Offset of the first character in the decoded transcript.", False)
CHAR_END = _c("char_end", INT, "Offset just past the last character: raw[char_start:char_end] == text.", False)
SOURCE_PATH = _c("source_path", STR, "Path of the input file, relative to the raw folder.", False)

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
        _c("n_turns", INT, "Number of speaker turns.", False),
        _c("n_words", INT, "Number of words in the spoken part (all turns, or the body of a news item).", False),
        _c("spoken_start", INT, "Offset where the spoken part begins."),
        _c("spoken_end", INT, "Offset where the spoken part ends (the footer begins after it)."),
        _c("encoding", STR, "Encoding the file was decoded with."),
    ),
)

SPEAKERS = Table(
    "speakers",
    "One row per speaker across all documents.",
    (
        _c("speaker_id", STR, "Stable id: the normalised name ('vladimir-putin').", False),
        _c("name", STR, "Name as a person would write it ('Vladimir Putin'), or the role word ('Question')."),
        _c("roles", STR_LIST, "Every role the labels gave this speaker ('President of Russia')."),
        _c("n_documents", INT, "Documents in which the speaker has a turn.", False),
        _c("n_turns", INT, "Turns of the speaker.", False),
        _c("n_words", INT, "Words spoken.", False),
    ),
)

TURNS = Table(
    "turns",
    "One row per speaker turn, in document order.",
    (
        DOC_ID,
        _c("turn_id", INT, "0-based order of the turn in its document.", False),
        _c("speaker_id", STR, "Id of the speaker (speakers.speaker_id).", False),
        _c("speaker_name", STR, "Name of the speaker."),
        _c("speaker_role", STR, "Role written in this turn's label, or null when the label has none."),
        _c("speaker_label", STR, "The label as written, without its colon."),
        _c("text", STR, "Text of the turn without its label; may include stage directions between paragraphs."),
        CHAR_START,
        CHAR_END,
        _c("n_words", INT, "Number of words in the turn.", False),
    ),
)

SEGMENTS = Table(
    "segments",
    "Stretches of the spoken part that are not speech: labels, stage directions, "
    "captions, 'See also' boxes, elisions, separators and preambles.",
    (
        DOC_ID,
        _c(
            "kind",
            STR,
            "label, stage_direction, caption, see_also, elision, separator, preamble or empty_label.",
            False,
        ),
        CHAR_START,
        CHAR_END,
        _c("text", STR, "The characters of the segment."),
    ),
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
        _c("label", STR, "COUNTRY, AGENCY, CRIMINAL_GROUP, PERSON, or another label of the model.", False),
        _c("entity_id", STR, "ISO 3166-1 alpha-3 for countries; a stable slug for the rest."),
        _c("canonical_name", STR, "The entity's name in one spelling for all its aliases."),
        _c("source", STR, "What found it: model, rule or gazetteer."),
        _c(
            "entity_country",
            STR,
            "ISO 3166-1 alpha-3 of the country an agency belongs to; null for international "
            "bodies and for other labels.",
        ),
        _c("corrected", BOOL, "True when a person's correction (data/corrections.yaml) added or changed the row."),
    ),
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
        _c("qualifier", STR, "exact, approx, lower_bound, upper_bound, range or vague."),
        _c("unit", STR, "count, percent, fraction, an ISO 4217 code, or a physical unit by name (tonne)."),
        _c("unit_text", STR, "The unit as written."),
        _c("dimension", STR, "What the unit measures: count, ratio, currency, mass, length, area..."),
        _c("value_si", FLOAT, "The value in the SI base unit, for physical units."),
        _c("si_unit", STR, "The SI base unit of value_si (kilogram, metre...)."),
        _c(
            "measured",
            STR,
            "The noun phrase counted or measured ('heroin', 'drug trafficking cases'), from the "
            "parse; for an amount whose clause names nothing ('Approximately 12%.', 'it was 770 "
            "billion') the topic of the sentence before or of the previous turn's claim; null when unknown.",
        ),
        _c("kind", STR, "level, change or rate."),
        _c("direction", STR, "up or down, for changes."),
        _c("period_start", DATE, "First day of the period the claim refers to."),
        _c("period_end", DATE, "Last day of the period the claim refers to."),
        _c("period_text", STR, "The time expression the period comes from."),
        _c("entity_ids", STR_LIST, "Entity ids of the claim's sentence."),
        _c("editorial", BOOL, "True for an editor's conversion in square brackets ('[$320]')."),
        _c(
            "measured_start",
            INT,
            "Offset of the first character of the measured phrase in the transcript; null when "
            "the measured thing came from the discourse (another sentence or turn).",
        ),
        _c(
            "measured_end", INT, "Offset just past the measured phrase: raw[measured_start:measured_end] is the phrase."
        ),
        _c("measured_rule", STR, "Id of the rule that decided `measured`."),
        _c("kind_rule", STR, "Id of the rule that decided `kind` (and `direction`)."),
        _c("period_rule", STR, "Id of the rule that decided the period."),
        _c("series_id", STR, "The series (series.series_id) the claim belongs to; null when it stands alone."),
        _c("corrected", BOOL, "True when a person's correction (data/corrections.yaml) changed or added the row."),
    ),
)

SERIES = Table(
    "series",
    "One row per series: claims about the same statistic (measured thing, unit, kind and scope) "
    "in at least two documents.",
    (
        _c("series_id", STR, "Stable id, derived from the series' key (not a counter): the same in every run.", False),
        _c("label", STR, "The measured phrase its claims use most often, in lower case."),
        _c(
            "measured_lemmas",
            STR,
            "The lemmas that name what is measured, sorted: the series' key with unit, kind, scope.",
        ),
        _c("unit", STR, "The unit its values are compared in: an SI base unit, a currency, percent or count."),
        _c("kind", STR, "level, change or rate."),
        _c(
            "scope_entity_id",
            STR,
            "The country (ISO 3166-1 alpha-3) or agency the claims are about; null when none is named.",
        ),
        _c("scope_name", STR, "The scope entity's canonical name."),
        _c("n_claims", INT, "Claims in the series.", False),
        _c("n_documents", INT, "Documents with a claim of the series.", False),
        _c("n_speakers", INT, "Speakers who made a claim of the series.", False),
        _c(
            "first_period",
            DATE,
            "Start of the earliest period a claim refers to (the meeting date when it states none).",
        ),
        _c("last_period", DATE, "End of the latest period a claim refers to (the meeting date when it states none)."),
    ),
)

PROBLEMS = Table(
    "problems",
    "Every input that could not be read fully, and why.",
    (
        SOURCE_PATH,
        _c("doc_id", STR, "Document id, when the file got one."),
        _c("stage", STR, "Stage that met the problem.", False),
        _c("severity", STR, "error (the file was skipped) or warning (read, with a caveat).", False),
        _c("code", STR, "Stable code of the problem (empty_file, binary_file, no_speaker_labels...).", False),
        _c("message", STR, "What happened, for a person.", False),
    ),
)

ANNOTATIONS = Table(
    "annotations",
    "Interim manifest of the annotate stage: the cache key of each document's "
    "annotated turns (spaCy DocBin in the cache folder).",
    (
        DOC_ID,
        _c("annotation_key", STR, "Cache key of the document's DocBin.", False),
        _c("n_turns", INT, "Number of annotated turns.", False),
    ),
)

# the processed tables users read; ANNOTATIONS is interim
TABLES: dict[str, Table] = {t.name: t for t in (DOCUMENTS, SPEAKERS, TURNS, SEGMENTS, ENTITIES, CLAIMS, PROBLEMS)}
# series.parquet is written by the series step (pipeline.series) once it is wired into the stages
ALL_TABLES: dict[str, Table] = {**TABLES, SERIES.name: SERIES, ANNOTATIONS.name: ANNOTATIONS}


def data_dictionary() -> str:
    """docs/data-dictionary.md: every table and column with its type and description."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `pipeline/schemas.py` by `python -m pipeline data-dictionary`; do not edit by hand.",
        "The Parquet files in `data/processed/` carry the same descriptions in their schema metadata, and",
        "`data/processed/transcripts.duckdb` holds the same tables.",
        "",
    ]
    for table in (*TABLES.values(), SERIES, ANNOTATIONS):
        where = "data/interim" if table is ANNOTATIONS else "data/processed"
        lines += [
            f"## {table.name}",
            "",
            f"`{where}/{table.name}.parquet`: {table.description}",
            "",
            "| column | type | nullable | description |",
            "| --- | --- | --- | --- |",
        ]
        for c in table.columns:
            description = c.description.replace("|", "\\|")
            lines.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {description} |")
        lines.append("")
    from pipeline.database import VIEW_DESCRIPTIONS

    lines += ["## Views in transcripts.duckdb", "", "| view | what it gives |", "| --- | --- |"]
    lines += [f"| `{name}` | {text} |" for name, text in VIEW_DESCRIPTIONS.items()]
    return "\n".join(lines) + "\n"
