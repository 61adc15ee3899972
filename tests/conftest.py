"""Shared fixtures: the tiny transcripts under tests/data/, and ../shared when it is there.

Markers (pyproject.toml): `model` (runs the spaCy model), `slow` (more than a few seconds), `shared`
(needs ../shared).  Tests that use the `nlp` fixture are marked `model`, those that use `shared_dir`
are marked `shared`, here; the rest carry their marks in their modules."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "layouts"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def read_fixture(name: str) -> str:
    with open(LAYOUTS / name, encoding="utf-8-sig", newline="") as f:
        return f.read()


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared (gold annotations and corpus) is not beside the project")
    return SHARED


FIXTURE_MARKS = {"nlp": "model", "shared_dir": "shared"}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, mark in FIXTURE_MARKS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(mark)
