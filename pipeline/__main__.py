"""Command line: `python -m pipeline run RAW OUT`, and one command per DVC stage.  Thin: parse
the arguments, read params.yaml, call one function of pipeline.stages."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import typer

from pipeline.config import load_params, settings_from_params

app = typer.Typer(add_completion=False, help="transcript-stats: official transcripts in, tidy tables out.")
PARAMS = typer.Option(Path("params.yaml"), "--params", help="params.yaml to read (defaults apply when absent)")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress bars, warnings only")
ENGINE = typer.Option(None, "--engine", help="local (default) or dask")
SCHEDULER = typer.Option(None, "--scheduler", help="dask scheduler address (tcp://host:8786); none: a LocalCluster")
CACHE = typer.Option(None, "--cache-dir", help="per-document cache folder (default: OUT/.cache, or run.cache_dir)")


def _setup(quiet: bool) -> bool:
    """Logging, and whether to show progress bars: not when quiet, not in CI logs, not into a pipe."""
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def _settings(params: Path, **overrides):
    return settings_from_params(load_params(params), **overrides)


@app.command()
def run(
    raw_dir: Path,
    out_dir: Path,
    params: Path = PARAMS,
    strict: bool = typer.Option(False, "--strict", help="exit non-zero when any input had a problem"),
    quiet: bool = QUIET,
    engine: str = ENGINE,
    scheduler: str = SCHEDULER,
    cache_dir: Path = CACHE,
) -> None:
    """Run every stage on RAW_DIR and write the processed tables into OUT_DIR."""
    from pipeline.stages import run_all

    progress = _setup(quiet)
    if not raw_dir.is_dir():
        typer.echo(f"error: raw folder not found: {raw_dir}", err=True)
        raise typer.Exit(2)
    settings = _settings(params, engine=engine, scheduler=scheduler, cache_dir=str(cache_dir) if cache_dir else None)
    m = run_all(raw_dir, out_dir, settings, progress=progress)
    typer.echo(
        f"{m['documents']} documents, {m['turns']} turns, {sum(m['entities'].values())} entities, "
        f"{m['claims_total']} claims, {m['problems']} problems -> {out_dir}"
    )
    if strict and m["problems"]:
        from pipeline.io import read_table

        for p in read_table(out_dir / "problems.parquet").itertuples():
            typer.echo(f"{p.severity}: {p.source_path}: {p.code}: {p.message}", err=True)
        raise typer.Exit(1)


def _stage(name: str, doc: str):
    def command(
        raw_dir: Path,
        out_dir: Path,
        params: Path = PARAMS,
        quiet: bool = QUIET,
        engine: str = ENGINE,
        scheduler: str = SCHEDULER,
    ) -> None:
        from pipeline import stages

        progress = _setup(quiet)
        settings = _settings(params, engine=engine, scheduler=scheduler)
        if settings.cache_dir is None:
            typer.echo("error: set run.cache_dir in params.yaml for the DVC stages", err=True)
            raise typer.Exit(2)
        getattr(stages, f"{name}_stage")(raw_dir, out_dir, settings, progress=progress)

    command.__doc__ = doc
    app.command(name=name)(command)


_stage("segment", "Decode and segment RAW_DIR: documents, turns, segments and problems into OUT_DIR.")
_stage("annotate", "One spaCy pass over every turn into the cache; OUT_DIR/annotations.parquet lists the keys.")
_stage("entities", "Entity rows of every document into OUT_DIR/entities.parquet.")
_stage("claims", "Claim rows of every document into OUT_DIR/claims.parquet.")


@app.command()
def tables(
    interim_dir: Path,
    processed_dir: Path,
    metrics: Path = typer.Option(Path("metrics.json")),
    plots: Path = typer.Option(None, help="CSV of claims per year, for dvc plots"),
    quiet: bool = QUIET,
) -> None:
    """Final tables (documents, speakers, turns, segments, problems), transcripts.duckdb and metrics.json."""
    from pipeline.stages import tables_stage

    _setup(quiet)
    tables_stage(interim_dir, processed_dir, metrics, plots)


@app.command()
def report(
    processed_dir: Path,
    report_dir: Path = typer.Option(None, help="default: PROCESSED_DIR/report"),
    quiet: bool = QUIET,
) -> None:
    """The review site: index.html and one page per document, from the processed tables."""
    from pipeline.report import build_report

    _setup(quiet)
    typer.echo(f"review site: {build_report(processed_dir, report_dir)}")


@app.command()
def evaluate(
    processed_dir: Path, gold_dir: Path, raw_dir: Path, out: Path = typer.Option(Path("eval.json")), quiet: bool = QUIET
) -> None:
    """Score PROCESSED_DIR against the gold annotations in GOLD_DIR (transcripts in RAW_DIR) into eval.json."""
    from pipeline.evaluate import evaluate_stage

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
    from pipeline.claims.explain import explain as run_explain

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
    """Write the data dictionary (every table and column) generated from pipeline/schemas.py."""
    from pipeline.io import write_atomic
    from pipeline.schemas import data_dictionary as generate

    text = generate()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    typer.echo(f"wrote {out}")


if __name__ == "__main__":
    app()
