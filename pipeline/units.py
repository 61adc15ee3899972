"""The physical units of pipeline/gazetteers/units.yaml, by the unit names claims carry ('tonne',
'cubic metre'): their SI unit, factor and dimension.  For the steps after the claims stage (series,
corrections), which compare and set units without loading the claims code."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pipeline.yamldata import load_yaml


@lru_cache(maxsize=1)
def physical_units() -> dict[str, dict]:
    """unit name -> {unit, si_unit, factor, dimension}; the file's other spellings of a unit
    ('metric ton' for tonne) are the claims stage's business."""
    text = resources.files("pipeline.gazetteers").joinpath("units.yaml").read_text(encoding="utf-8")
    return {u["unit"]: u for u in load_yaml(text).values()}
