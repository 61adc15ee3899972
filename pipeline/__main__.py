"""Command line: `python -m pipeline run RAW OUT`, and one command per DVC stage (extract, tables,
report, evaluate).  Thin: parse the arguments, read params.yaml, call one function of
pipeline.stages.  Every refusal (a bad option, a bad setting, an output folder another run holds)
is one line on stderr and a non-zero exit, before anything is written."""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer

from pipeline.config import ENGINES, SettingsError, load_settings

app = typer.Typer(
    add_completion=False,
    help="transcript-stats: official transcripts in, tidy tables out.",
    pretty_exceptions_enable=False,
)
EngineName = Enum("EngineName", {name: name for name in ENGINES}, type=str)  # the choices of Settings.engine
PARAMS = typer.Option(Path("params.yaml"), "--params", help="params.yaml to read (defaults apply when absent)")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress bars, warnings only")
ENGINE = typer.Option(None, "--engine", help="where the work runs (default: run.engine)")
SCHEDULER = typer.Option(None, "--scheduler", help="dask scheduler address (tcp://host:8786); none: a LocalCluster")
CACHE = typer.Option(None, "--cache-dir", help="per-document cache folder (default: run.cache_dir, else OUT/.cache)")
CORRECTIONS = typer.Option(
    None, "--corrections", help="people's corrections to apply (data/corrections.yaml); none: no corrections"
)
STRICT = typer.Option(False, "--strict", help="exit non-zero when any input or correction had a problem")


class Refused(typer.TyperException):
    """A refusal the user can act on: printed as one line, exit code 2."""

    exit_code = 2

    def format_message(self) -> str:
        return str(self)


def _setup(quiet: bool) -> bool:
    """Logging, and whether to show progress bars: not when quiet, not in CI logs, not into a pipe."""
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def _settings(params: Path, **overrides):
    try:
        return load_settings(params, **overrides)
    except SettingsError as e:
        raise Refused(str(e)) from None


def _run_options(engine, scheduler: str | None, cache_dir: Path | None) -> dict:
    return {
        "engine": engine.value if engine else None,
        "scheduler": scheduler,
        "cache_dir": cache_dir and str(cache_dir),
    }


def _need_folder(path: Path, what: str) -> None:
    if not path.is_dir():
        raise Refused(f"{what} not found: {path}")


@contextmanager
def _locked(folder: Path):
    """Hold an output folder for this command; another run holding it is a refusal, before any write."""
    from pipeline.io import OutputLocked, output_lock

    try:
        with output_lock(folder):
            yield
    except OutputLocked as e:
        raise Refused(str(e)) from None


@app.command()
def run(
    raw_dir: Path,
    out_dir: Path,
    params: Path = PARAMS,
    strict: bool = STRICT,
    corrections: Path = CORRECTIONS,
    report: bool = typer.Option(True, "--report/--no-report", help="write the review site into OUT/report"),
    gold: Path = typer.Option(None, "--gold", help="gold annotations to score the tables against (OUT/eval.json)"),
    quiet: bool = QUIET,
    engine: EngineName = ENGINE,
    scheduler: str = SCHEDULER,
    cache_dir: Path = CACHE,
) -> None:
    """Every stage on RAW_DIR: the tables, the DuckDB file and the review site into OUT_DIR."""
    from pipeline.io import OutputLocked
    from pipeline.stages import run_all

    settings = _settings(params, **_run_options(engine, scheduler, cache_dir))
    _need_folder(raw_dir, "raw folder")
    if gold is not None:
        _need_folder(gold, "gold folder")
    progress = _setup(quiet)
    try:
        m = run_all(
            raw_dir, out_dir, settings, progress=progress, report=report, gold_dir=gold, corrections=corrections
        )
    except OutputLocked as e:
        raise Refused(str(e)) from None
    typer.echo(
        f"{m['documents']} documents, {m['turns']} turns, {sum(m['entities'].values())} entities, "
        f"{m['claims_total']} claims ({m['claims_in_series']} in {m['series']} series), "
        f"{m['problems']} problems -> {out_dir}"
    )
    if strict:
        _fail_on_problems(out_dir, m)


def _fail_on_problems(processed_dir: Path, m: dict) -> None:
    """--strict: every problem on stderr, and exit code 1, when there is any."""
    from pipeline.io import read_table

    if m["problems"]:
        for p in read_table(processed_dir / "problems.parquet").itertuples():
            typer.echo(f"{p.severity}: {p.source_path}: {p.code}: {p.message}", err=True)
        raise typer.Exit(1)


@app.command()
def extract(
    raw_dir: Path,
    interim_dir: Path,
    params: Path = PARAMS,
    quiet: bool = QUIET,
    engine: EngineName = ENGINE,
    scheduler: str = SCHEDULER,
    cache_dir: Path = CACHE,
) -> None:
    """Every file of RAW_DIR through segment, annotate, entities and claims (cached) into INTERIM_DIR."""
    from pipeline.stages import run_extract

    settings = _settings(params, **_run_options(engine, scheduler, cache_dir))
    _need_folder(raw_dir, "raw folder")
    progress = _setup(quiet)
    with _locked(interim_dir):
        run_extract(raw_dir, interim_dir, settings, progress=progress)


@app.command()
def tables(
    interim_dir: Path,
    processed_dir: Path,
    params: Path = PARAMS,
    corrections: Path = CORRECTIONS,
    strict: bool = STRICT,
    quiet: bool = QUIET,
) -> None:
    """The final tables (people's corrections applied, series), transcripts.duckdb, metrics.json and
    claims_per_year.csv into PROCESSED_DIR."""
    from pipeline.tables import tables_stage

    settings = _settings(params)
    _need_folder(interim_dir, "interim folder")
    _setup(quiet)
    with _locked(processed_dir):
        m = tables_stage(interim_dir, processed_dir, settings, corrections=corrections)
    if strict:
        _fail_on_problems(processed_dir, m)


@app.command()
def report(
    processed_dir: Path,
    report_dir: Path = typer.Option(None, help="default: PROCESSED_DIR/report"),
    params: Path = PARAMS,
    quiet: bool = QUIET,
) -> None:
    """The review site: index.html, a page per document and per series, from the processed tables."""
    from pipeline.io import remove_stale_temporaries
    from pipeline.report import build_report

    settings = _settings(params)
    _need_folder(processed_dir, "processed folder")
    _setup(quiet)
    with _locked(processed_dir):
        remove_stale_temporaries(report_dir or processed_dir / "report")
        typer.echo(f"review site: {build_report(processed_dir, report_dir, tolerance=settings.tolerance)}")


@app.command()
def evaluate(
    processed_dir: Path, gold_dir: Path, raw_dir: Path, out: Path = typer.Option(Path("eval.json")), quiet: bool = QUIET
) -> None:
    """Score PROCESSED_DIR against the gold annotations in GOLD_DIR (transcripts in RAW_DIR) into eval.json."""
    from pipeline.evaluate import evaluate_stage

    for folder, what in ((processed_dir, "processed folder"), (gold_dir, "gold folder"), (raw_dir, "raw folder")):
        _need_folder(folder, what)
    _setup(quiet)
    result = evaluate_stage(processed_dir, gold_dir, raw_dir, out)
    typer.echo(
        f"turns F1 {result['turns']['f1']}, entities F1 {result['entities']['all']['f1']}, "
        f"claims F1 {result['claims']['f1']} -> {out}"
    )


@app.command()
def explain(
    text: str = typer.Argument(None, help="text to read (or use --raw and --doc)"),
    date: str = typer.Option(None, "--date", help="the meeting date, YYYY-MM-DD: relative periods resolve against it"),
    raw: Path = typer.Option(None, "--raw", help="raw folder of a processed document"),
    doc: str = typer.Option(None, "--doc", help="doc_id of the document (as in the tables)"),
    at: int = typer.Option(
        None, "--at", help="transcript offset inside the claim (its char_start); default: every claim"
    ),
    params: Path = PARAMS,
) -> None:
    """Each claim of TEXT, or of a processed document, with its fields and the rules that decided them."""
    from pipeline.explain import explain as run_explain

    settings = _settings(params)
    try:
        typer.echo(
            run_explain(
                text, date=date, raw_dir=raw, doc_id=doc, at=at, model=settings.model, ton_means=settings.ton_means
            )
        )
    except ValueError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None


@app.command(name="data-dictionary")
def data_dictionary(out: Path = typer.Argument(Path("docs/data-dictionary.md"))) -> None:
    """Write the data dictionary (every table, column, vocabulary and key) generated from the catalog."""
    from pipeline.dictionary import data_dictionary as generate
    from pipeline.io import write_atomic

    text = generate()
    write_atomic(out, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    typer.echo(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a usage error or a refusal is one line on stderr (not a usage block)."""
    try:
        code = app(args=argv, prog_name="python -m pipeline", standalone_mode=False)
    except typer.TyperException as e:  # click's usage errors (typer vendors click) and Refused
        typer.echo(f"error: {e.format_message() if hasattr(e, 'format_message') else e}", err=True)
        return getattr(e, "exit_code", 2)
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
