"""dvc.yaml tells the truth: each stage's command reads exactly the deps it declares.

Each command is run on a copy of the sample (data/raw, data/gold) with a record of the project files
it opened for reading (Python's audit hook; Parquet files through pyarrow) and of the modules of
pipeline/ it imported; both are compared with the stage's deps in dvc.yaml."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DVC = yaml.safe_load((ROOT / "dvc.yaml").read_text(encoding="utf-8"))["stages"]

RECORDER = r"""
import json, os, runpy, sys
import pyarrow.parquet as pq

read = set()

def hook(event, args):
    if event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    mode, flags = args[1], args[2]
    writes = ("+" in mode or "w" in mode or "a" in mode or "x" in mode) if isinstance(mode, str) else bool(
        flags & (os.O_WRONLY | os.O_RDWR))
    if not writes:
        read.add(os.path.realpath(os.fsdecode(args[0])))

_read_table = pq.read_table
def read_table(source, *args, **kwargs):
    read.add(os.path.realpath(os.fspath(source)))
    return _read_table(source, *args, **kwargs)
pq.read_table = read_table

record = sys.argv.pop(1)
sys.argv[0] = "pipeline"
sys.addaudithook(hook)
code = 0
try:
    runpy.run_module("pipeline", run_name="__main__")
except SystemExit as e:
    code = e.code or 0
modules = [os.path.realpath(m.__file__) for m in list(sys.modules.values()) if getattr(m, "__file__", None)]
with open(record, "w") as f:
    json.dump({"code": code, "read": sorted(read), "modules": sorted(modules)}, f)
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, set[str]]:
    """For each stage, the project paths (as dvc.yaml writes them) its command read."""
    work = tmp_path_factory.mktemp("dvc")
    shutil.copytree(ROOT / "data" / "raw", work / "data" / "raw")
    shutil.copytree(ROOT / "data" / "gold", work / "data" / "gold")
    shutil.copy(ROOT / "data" / "corrections.yaml", work / "data" / "corrections.yaml")
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["run"]["cache_dir"] = str(work / "cache")
    (work / "params.yaml").write_text(yaml.safe_dump(params))
    recorder = work / "recorder.py"
    recorder.write_text(RECORDER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = {}
    for stage, spec in DVC.items():  # in the order of the graph
        argv = spec["cmd"].split()[3:]  # after `python -m pipeline`
        record = work / f"{stage}.json"
        done = subprocess.run(
            [sys.executable, str(recorder), str(record), *argv], cwd=work, env=env, capture_output=True, text=True
        )
        seen = json.loads(record.read_text())
        assert done.returncode == 0 and seen["code"] == 0, done.stderr
        paths = set()
        for path in map(Path, seen["read"] + seen["modules"]):
            for base in (ROOT, work):
                if path.is_relative_to(base) and path.suffix != ".pyc" and not _temporary(path):
                    paths.add(path.relative_to(base).as_posix())
        paths.add("pipeline/__main__.py")  # the command itself (run as __main__, so not in sys.modules)
        result[stage] = paths - {"params.yaml", "recorder.py"}
    return result


def _temporary(path: Path) -> bool:
    """A command's own output in the making (`.NAME.*.tmp`, as pipeline.io names them)."""
    return any(part.startswith(".") and part.endswith(".tmp") for part in path.parts)


def _covered(path: str, deps: list[str]) -> bool:
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in deps)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("stage", list(DVC))
def test_every_file_a_command_reads_is_a_dep(records, stage):
    deps = DVC[stage]["deps"]
    project = {p for p in records[stage] if p.startswith(("pipeline/", "data/"))}
    assert sorted(p for p in project if not _covered(p, deps)) == []


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("stage", list(DVC))
def test_every_dep_is_read_by_its_command(records, stage):
    assert [d for d in DVC[stage]["deps"] if not any(_covered(p, [d]) for p in records[stage])] == []


def _outputs() -> set[str]:
    named = [o for spec in DVC.values() for key in ("outs", "metrics", "plots") for o in spec.get(key, [])]
    return {o if isinstance(o, str) else next(iter(o)) for o in named}


@pytest.mark.parametrize("stage", list(DVC))
def test_every_dep_exists_or_is_made_by_a_stage(stage):
    made = _outputs()
    assert [d for d in DVC[stage]["deps"] if d not in made and not (ROOT / d).exists()] == []


def test_the_cache_fingerprints_are_within_the_extract_deps():
    """The cache invalidates on files `dvc repro` also watches (an existing claims.py or claims/)."""
    from pipeline.cache import STAGE_CODE

    deps = DVC["extract"]["deps"]
    missing = {f"pipeline/{f}" for files in STAGE_CODE.values() for f in files if (ROOT / "pipeline" / f).exists()}
    assert sorted(p for p in missing if not _covered(p, deps)) == []


def test_the_declared_params_are_sections_of_params_yaml():
    from pipeline.config import SECTIONS

    declared = {p for spec in DVC.values() for p in spec.get("params", [])}
    assert declared <= set(SECTIONS)


def test_the_lock_holds_the_stages_of_the_graph_and_no_others():
    """`dvc repro` keeps the lock entries of removed stages: write the lock afresh after removing one."""
    lock = yaml.safe_load((ROOT / "dvc.lock").read_text(encoding="utf-8"))["stages"]
    assert list(lock) == list(DVC)


@pytest.mark.slow
@pytest.mark.model
def test_corrections_survive_two_dvc_repro_runs(tmp_path):
    """The project's corrections are applied by `dvc repro`, and again by the next `dvc repro` after a
    transcript was added (extract and tables run again from the transcripts)."""
    work = tmp_path / "project"
    shutil.copytree(ROOT / "pipeline", work / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("data/raw", "data/gold"):
        shutil.copytree(ROOT / name, work / name)
    for name in ("dvc.yaml", "data/corrections.yaml"):
        shutil.copy(ROOT / name, work / name)
    params = yaml.safe_load((ROOT / "params.yaml").read_text(encoding="utf-8"))
    params["run"]["cache_dir"] = str(tmp_path / "cache")
    (work / "params.yaml").write_text(yaml.safe_dump(params))
    corrections = yaml.safe_load((work / "data" / "corrections.yaml").read_text(encoding="utf-8"))["corrections"]
    assert corrections, "data/corrections.yaml holds no entry to follow"
    expected = {(c["doc_id"], c["char_start"], c["char_end"]): c["set"] for c in corrections}
    dvc = [sys.executable, "-m", "dvc"]
    # the stage commands' `python` is this interpreter (its environment holds the dependencies)
    path = os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", "")))
    env = {**os.environ, "PATH": path, "PYTHONPATH": str(work), "DVC_NO_ANALYTICS": "1"}

    def repro() -> pd.DataFrame:
        done = subprocess.run([*dvc, "repro", "--quiet", "tables"], cwd=work, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        claims = pd.read_parquet(work / "data" / "processed" / "claims.parquet")
        return claims[claims["corrected"]].set_index(["doc_id", "char_start", "char_end"])

    subprocess.run([*dvc, "init", "--no-scm", "--quiet"], cwd=work, env=env, check=True)
    for run in (1, 2):
        if run == 2:  # a new transcript: the next repro builds the tables again
            shutil.copy(ROOT / "tests" / "data" / "tables" / "labour-2015.txt", work / "data" / "raw")
        corrected = repro()
        assert {k: {f: corrected.loc[k, f] for f in fields} for k, fields in expected.items()} == expected
        assert len(corrected) == len(expected)
    assert "labour-2015" in set(pd.read_parquet(work / "data" / "processed" / "documents.parquet")["doc_id"])
