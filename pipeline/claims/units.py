"""Our name, dimension and SI value of a unit quantulum3 names.

pipeline/gazetteers/units.yaml lists units by quantulum3's name with our name, the SI (or base) unit and
the factor to it.  quantulum3 builds more units than any list holds: with an SI prefix ('kilovolt',
'gigabyte', 'nanometre'), 'square'/'cubic' ('square mile', 'cubic kilometre') and 'A per B' ('kilometre
per hour'); their factors are composed here from the listed ones.  A unit nothing composes keeps
quantulum3's name and entity, without an SI value.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pipeline.yamldata import load_yaml

# SI and binary prefixes as quantulum3 spells them in the names of prefixed units (load.METRIC_PREFIXES)
PREFIXES = {
    "yotta": 1e24,
    "zetta": 1e21,
    "exa": 1e18,
    "peta": 1e15,
    "tera": 1e12,
    "giga": 1e9,
    "mega": 1e6,
    "kilo": 1e3,
    "hecto": 1e2,
    "deca": 1e1,
    "deci": 1e-1,
    "centi": 1e-2,
    "milli": 1e-3,
    "micro": 1e-6,
    "nano": 1e-9,
    "pico": 1e-12,
    "femto": 1e-15,
    "atto": 1e-18,
    "zepto": 1e-21,
    "yocto": 1e-24,
    "kibi": 2.0**10,
    "mebi": 2.0**20,
    "mibi": 2.0**20,  # quantulum3's spelling of 'mibibyte'
    "gibi": 2.0**30,
    "tebi": 2.0**40,
    "pebi": 2.0**50,
    "exbi": 2.0**60,
    "zebi": 2.0**70,
    "yobi": 2.0**80,
}
POWERS = {"square": (2, "area"), "cubic": (3, "volume")}


@cache
def listed_units() -> dict[str, dict]:
    text = resources.files("pipeline.gazetteers").joinpath("units.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


@cache
def unit_info(name: str) -> dict | None:
    """{unit, dimension, si_unit, factor} of a quantulum3 unit name, listed or composed; None when
    neither (the caller keeps quantulum3's name and entity)."""
    listed = listed_units().get(name)
    if listed is not None:
        return dict(listed)
    first, _, rest = name.partition(" ")
    if first in POWERS and rest:
        base = unit_info(rest)
        power, dimension = POWERS[first]
        if base is not None and base["dimension"] == "length":
            return {
                "unit": name,
                "dimension": dimension,
                "si_unit": f"{first} {base['si_unit']}",
                "factor": base["factor"] ** power,
            }
        return None
    if " per " in name:
        top, _, bottom = name.partition(" per ")
        a, b = unit_info(top), unit_info(bottom)
        if a is None or b is None:
            return None
        return {
            "unit": name,
            "dimension": a["dimension"] if b["dimension"] != "time" or a["dimension"] != "length" else "speed",
            "si_unit": f"{a['si_unit']} per {b['si_unit']}",
            "factor": a["factor"] / b["factor"],
        }
    for prefix in sorted(PREFIXES, key=len, reverse=True):
        if name.startswith(prefix) and len(name) > len(prefix):
            base = unit_info(name[len(prefix) :])
            if base is not None and base.get("factor") is not None:
                return {
                    "unit": name,
                    "dimension": base["dimension"],
                    "si_unit": base["si_unit"],
                    "factor": PREFIXES[prefix] * base["factor"],
                }
    return None
