"""Settings: every default in one place, and params.yaml refused with one line when it is wrong."""

import dataclasses
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from pipeline.config import FIELDS, SECTIONS, Settings, SettingsError, for_output, load_settings, settings_from_params

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_are_the_settings_of_an_empty_params_file():
    assert settings_from_params({}) == Settings() == settings_from_params({"entities": {}, "tables": None})


def test_the_project_params_file_is_valid_and_names_only_known_keys():
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    assert set(params) <= set(SECTIONS)
    assert load_settings(ROOT / "params.yaml").ton_means == params["claims"]["ton_means"]


def test_every_setting_belongs_to_a_section_and_says_what_it_does():
    assert all(f.metadata["section"] in SECTIONS and f.metadata["help"] for f in FIELDS.values())


def test_a_misspelled_key_is_named_with_the_known_ones():
    with pytest.raises(SettingsError) as e:
        settings_from_params({"claims": {"ton_mean": "short ton"}})
    assert str(e.value) == "params.yaml: unknown key 'claims.ton_mean'; the keys of claims are: claims.ton_means"


def test_an_unknown_section_is_named_with_the_known_ones():
    with pytest.raises(SettingsError, match=r"unknown section 'claim'; the sections are: segment, annotate"):
        settings_from_params({"claim": {"ton_means": "tonne"}})


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"annotate": {"n_process": "two"}}, "params.yaml: annotate.n_process: Input should be a valid integer"),
        ({"annotate": {"n_process": 0}}, "annotate.n_process: Input should be greater than 0"),
        ({"run": {"engine": "dask2"}}, "run.engine: Input should be 'local' or 'dask' (got 'dask2')"),
        ({"claims": {"ton_means": "ton"}}, "claims.ton_means: Input should be 'tonne', 'short ton' or 'long ton'"),
        ({"annotate": {"parse": "partial"}}, "annotate.parse: Input should be 'selective' or 'full' (got 'partial')"),
        ({"run": {"keep_annotations": "no"}}, "run.keep_annotations: Input should be a valid boolean"),
        ({"segment": []}, "section 'segment' must be a mapping"),
    ],
)
def test_a_wrong_value_is_one_line_naming_the_key(params, fragment):
    with pytest.raises(SettingsError) as e:
        settings_from_params(params)
    assert fragment in str(e.value) and "\n" not in str(e.value)


def test_a_command_line_override_wins_and_is_named_when_wrong():
    assert settings_from_params({"run": {"engine": "dask"}}, engine="local").engine == "local"
    with pytest.raises(SettingsError, match=r"^--docs-per-task: "):
        settings_from_params({}, docs_per_task=-1)


def test_settings_refuse_a_wrong_value_also_when_replaced():
    with pytest.raises(ValidationError):
        dataclasses.replace(Settings(), engine="dask2")


def test_invalid_yaml_is_one_line(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("claims:\n  ton_means: [tonne\n")
    with pytest.raises(SettingsError, match=r"params.yaml: not valid YAML at line \d+$"):
        load_settings(path)


def test_no_params_file_means_the_defaults(tmp_path):
    assert load_settings(tmp_path / "absent.yaml") == Settings()


def test_the_cache_folder_is_made_absolute_and_defaults_into_the_output(tmp_path):
    assert for_output(Settings(), tmp_path / "out").cache_dir == str((tmp_path / "out" / ".cache").resolve())
    assert Path(for_output(Settings(cache_dir="c"), tmp_path).cache_dir).is_absolute()
