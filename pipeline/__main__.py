"""Command line: `python -m pipeline run RAW OUT`, and one command per DVC stage.  Thin: parse
the arguments, read params.yaml, call one function of pipeline.stages."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from pipeline.config import load_params, run_kwargs

app = typer.Typer(add_completion=False, help="transcript-stats: official transcripts in, tidy tables out.")
PARAMS = typer.Option(Path("params.yaml"), "--params", help="params.yaml to read (defaults apply when absent)")
QUIET = typer.Option(False, "--quiet", "-q", help="no progress bars")


def _setup(quiet: bool) -> bool:
    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return not quiet and sys.stderr.isatty()


@app.command()
def run(raw_dir: Path, out_dir: Path, params: Path = PARAMS, strict: bool = typer.Option(
        False, "--strict", help="exit non-zero when any input had a problem"), quiet: bool = QUIET) -> None:
    """Run every stage on RAW_DIR and write the processed tables into OUT_DIR."""
    from pipeline.stages import run_all

    progress = _setup(quiet)
    if not raw_dir.is_dir():
        typer.echo(f"error: raw folder not found: {raw_dir}", err=True)
        raise typer.Exit(2)
    m = run_all(raw_dir, out_dir, progress=progress, **run_kwargs(load_params(params)))
    typer.echo(f"{m['documents']} documents, {m['turns']} turns, {sum(m['entities'].values())} entities, "
               f"{m['claims_total']} claims, {m['problems']} problems -> {out_dir}")
    if strict and m["problems"]:
        from pipeline.io import read_table

        for p in read_table(out_dir / "problems.parquet").itertuples():
            typer.echo(f"{p.severity}: {p.source_path}: {p.code}: {p.message}", err=True)
        raise typer.Exit(1)


@app.command()
def segment(raw_dir: Path, interim_dir: Path, params: Path = PARAMS, quiet: bool = QUIET) -> None:
    """Decode and segment RAW_DIR into documents, turns, segments and problems (INTERIM_DIR)."""
    from pipeline.stages import segment_stage

    segment_stage(raw_dir, interim_dir, progress=_setup(quiet), **load_params(params)["segment"])


@app.command()
def annotate(interim_dir: Path, params: Path = PARAMS, quiet: bool = QUIET) -> None:
    """One spaCy pass over every turn, saved as INTERIM_DIR/docs.spacy."""
    from pipeline.stages import annotate_stage

    annotate_stage(interim_dir, progress=_setup(quiet), **load_params(params)["annotate"])


@app.command()
def entities(interim_dir: Path, processed_dir: Path, params: Path = PARAMS, quiet: bool = QUIET) -> None:
    """Entity rows from the annotated turns."""
    from pipeline.stages import entities_stage

    _setup(quiet)
    entities_stage(interim_dir, processed_dir, model=load_params(params)["annotate"]["model"])


@app.command()
def claims(interim_dir: Path, processed_dir: Path, params: Path = PARAMS, quiet: bool = QUIET) -> None:
    """Claim rows from the annotated turns."""
    from pipeline.stages import claims_stage

    _setup(quiet)
    p = load_params(params)
    claims_stage(interim_dir, processed_dir, model=p["annotate"]["model"], **p["claims"])


@app.command()
def tables(interim_dir: Path, processed_dir: Path, metrics: Path = typer.Option(Path("metrics.json")),
           quiet: bool = QUIET) -> None:
    """Final tables (documents, speakers, turns, segments, problems) and metrics.json."""
    from pipeline.stages import tables_stage

    _setup(quiet)
    tables_stage(interim_dir, processed_dir, metrics)


if __name__ == "__main__":
    app()
