"""The per-document cache: entries checked against their hash, keys that cannot leave the folder."""

import hashlib
from pathlib import Path

import pytest

from pipeline.cache import Cache, stage_key

KEY = hashlib.sha256(b"a document").hexdigest()


def test_an_entry_reads_back(tmp_path):
    cache = Cache(tmp_path)
    cache.put_json("claims", KEY, [{"value": 2.5}])
    assert cache.get_json("claims", KEY) == [{"value": 2.5}]


@pytest.mark.parametrize("damage", [lambda b: b[:-3], lambda b: b.replace(b"2.5", b"9.9"), lambda b: b"garbage"])
def test_a_damaged_entry_is_not_trusted(tmp_path, damage):
    cache = Cache(tmp_path)
    cache.put_json("claims", KEY, [{"value": 2.5}])
    path = tmp_path / "claims" / KEY[:2] / KEY
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get_json("claims", KEY) is None


@pytest.mark.parametrize("key", ["../../etc/passwd", "/etc/passwd", "ab", KEY[:-1] + "g"])
def test_keys_that_are_not_digests_read_and_write_nothing(tmp_path, key):
    cache = Cache(tmp_path / "cache")
    cache.put("claims", key, b"x")
    assert cache.get("claims", key) is None
    assert not (tmp_path / "cache").exists()


def test_no_folder_means_no_cache():
    cache = Cache(None)
    cache.put("claims", KEY, b"x")
    assert cache.get("claims", KEY) is None


@pytest.mark.parametrize(
    "other",
    [
        ("claims", "up", {"ton_means": "short ton"}),
        ("claims", "changed", {"ton_means": "tonne"}),
        ("entities", "up", {"ton_means": "tonne"}),
    ],
)
def test_keys_change_with_stage_upstream_and_params(other):
    assert stage_key("claims", "up", {"ton_means": "tonne"}) != stage_key(*other)
    assert stage_key("claims", "up", {"ton_means": "tonne"}) == stage_key("claims", "up", {"ton_means": "tonne"})


def _claims_fingerprint(package: Path, monkeypatch) -> str:
    from pipeline import cache

    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_fingerprint.cache_clear()
    try:
        return cache.code_fingerprint("claims")
    finally:
        cache.code_fingerprint.cache_clear()


def test_the_claims_fingerprint_follows_claims_py_into_a_claims_package(tmp_path, monkeypatch):
    (tmp_path / "claims.py").write_text("RULES = 1\n")
    as_module = _claims_fingerprint(tmp_path, monkeypatch)
    (tmp_path / "claims.py").unlink()
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "__init__.py").write_text("RULES = 1\n")
    as_package = _claims_fingerprint(tmp_path, monkeypatch)
    (tmp_path / "claims" / "lexicon.yaml").write_text("percent: [per cent]\n")
    with_lexicon = _claims_fingerprint(tmp_path, monkeypatch)
    assert len({as_module, as_package, with_lexicon}) == 3
