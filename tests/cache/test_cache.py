"""The content-addressed caches: same inputs hit, any changed input misses, output unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cache import keys, store
from tests.conftest import REPO


@pytest.fixture
def cache_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.delenv("HAP_NO_CACHE", raising=False)
    monkeypatch.setenv("HAP_CACHE_DIR", str(folder))
    return folder


def _repo_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in (*keys.SYNTH_SOURCES, *keys.SYNTH_LOCKS):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, copy / name)
    return copy


def test_synth_key_is_stable_and_changes_with_every_input(tmp_path: Path) -> None:
    repo = _repo_copy(tmp_path)
    base = keys.synth_key("config-a", repo)
    assert keys.synth_key("config-a", repo) == base
    assert keys.synth_key("config-b", repo) != base
    construct = repo / "modules" / "data" / "postgres.py"
    construct.write_text(construct.read_text() + "\n# a changed construct\n")
    changed_source = keys.synth_key("config-a", repo)
    assert changed_source != base
    lock = repo / "requirements.txt"
    lock.write_text(lock.read_text().replace("jsii==", "jsii==0.0.0  # was "))
    assert keys.synth_key("config-a", repo) not in (base, changed_source)
    (repo / "regions" / "extra.toml").write_text("x = 1\n")  # a new file counts too
    assert keys.synth_key("config-a", repo) != base


def test_a_cached_synth_gives_the_same_bytes_without_synthesizing(
        cache_on: Path, tmp_path: Path, synth_dir: Path) -> None:
    from regions import load_config
    from stacks.synth import synthesize

    config = load_config()
    key = keys.synth_key(repr(config))
    store.store_tree("synth", key, synth_dir)
    out = tmp_path / "out"
    said: list[str] = []
    names = synthesize(config, out, said.append)
    assert any("from the cache" in line for line in said), said
    assert not any("loading cdktf" in line for line in said)
    assert names == sorted(p.name for p in (synth_dir / "stacks").iterdir())
    original = sorted(p.relative_to(synth_dir) for p in synth_dir.rglob("*") if p.is_file())
    copied = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert copied == original
    for rel in original:
        assert (out / rel).read_bytes() == (synth_dir / rel).read_bytes()


def test_an_incomplete_cache_entry_is_a_miss(cache_on: Path, tmp_path: Path) -> None:
    (cache_on / "synth" / "k").mkdir(parents=True)
    (cache_on / "synth" / "k" / "manifest.json").write_text("{}")  # no .complete marker
    assert not store.load_tree("synth", "k", tmp_path)


def test_checkov_results_are_cached_per_staged_input(cache_on: Path) -> None:
    from policies.checkov.scan import scan
    from policies.loaders import load_many

    fixture = REPO / "tests" / "fixtures" / "policies" / "hcl" / "hap_enc_001"
    first = scan(load_many([fixture]))
    entries = list((cache_on / "checkov").glob("*.json"))
    assert len(entries) == 1
    again = scan(load_many([fixture]))
    assert again == first and list((cache_on / "checkov").glob("*.json")) == entries
    other = REPO / "tests" / "fixtures" / "policies" / "hcl" / "hap_enc_002"
    scan(load_many([other]))  # another input: another key, Checkov runs again
    assert len(list((cache_on / "checkov").glob("*.json"))) == 2


def test_a_corrupt_checkov_entry_is_ignored_and_replaced(cache_on: Path) -> None:
    from policies.checkov.scan import scan
    from policies.loaders import load_many

    fixture = REPO / "tests" / "fixtures" / "policies" / "hcl" / "hap_enc_001"
    first = scan(load_many([fixture]))
    (entry,) = (cache_on / "checkov").glob("*.json")
    entry.write_text("{not json")
    assert scan(load_many([fixture])) == first
    assert entry.read_text().startswith("{\"reports\"")


def test_no_cache_means_nothing_is_written(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAP_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("HAP_NO_CACHE", "1")
    store.store_json("checkov", "k", {"a": 1})
    assert store.load_json("checkov", "k") is None and not (tmp_path / "c").exists()
