"""load_yaml (pipeline.yamldata): the package's YAML files read as yaml.safe_load reads them, faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.yamldata import load_yaml

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_data_file_reads_as_safe_load_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_scalars_are_resolved_as_safe_load_resolves_them():
    text = "a: 2013-03-11\nb: yes\nc: 1e3\nd: '007'\ne: ~\nf: [x, &y 1, *y]\n"
    assert load_yaml(text) == yaml.safe_load(text) and load_yaml(text)["d"] == "007"


def test_python_objects_are_refused():
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml("!!python/object/apply:os.system ['true']")
