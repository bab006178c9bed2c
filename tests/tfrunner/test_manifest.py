"""Manifest reading: dependency order, selection, and one-line errors for bad manifests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tfrunner.errors import ManifestError
from tfrunner.manifest import read_manifest, select_stacks


def test_stacks_come_in_dependency_order(synth_copy: Path) -> None:
    stacks = read_manifest(synth_copy)
    assert [s.name for s in stacks] == ["base", "app", "needs-aws"]
    assert stacks[1].dependencies == ("base",)
    assert stacks[0].config_file == (synth_copy / "stacks/base/cdk.tf.json").resolve()


def test_selection_keeps_dependency_order(synth_copy: Path) -> None:
    stacks = read_manifest(synth_copy)
    assert [s.name for s in select_stacks(stacks, ["needs-aws", "base"])] == ["base", "needs-aws"]
    assert len(select_stacks(stacks, [])) == 3


def test_unknown_stack_names_the_known_ones(synth_copy: Path) -> None:
    with pytest.raises(ManifestError, match="unknown stack 'nope'; known stacks: app, base"):
        select_stacks(read_manifest(synth_copy), ["nope"])


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="no manifest.json in"):
        read_manifest(tmp_path)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "is not valid JSON"),
    ('{"stacks": []}', "has no 'stacks' object"),
    ('{"stacks": {"a": {"synthesizedStackPath": "stacks/a/cdk.tf.json"}}}', "is missing"),
    ('{"stacks": {"a": 3}}', "is not an object"),
])
def test_malformed_manifest(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "manifest.json").write_text(content)
    with pytest.raises(ManifestError, match=message):
        read_manifest(tmp_path)


def test_cycle_and_unknown_dependency(synth_copy: Path) -> None:
    path = synth_copy / "manifest.json"
    data = json.loads(path.read_text())
    data["stacks"]["base"]["dependencies"] = ["needs-aws"]
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestError, match="dependency cycle between stacks"):
        read_manifest(synth_copy)
    data["stacks"]["base"]["dependencies"] = ["ghost"]
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestError, match="depends on unknown stack 'ghost'"):
        read_manifest(synth_copy)


def test_a_manifest_cycle_is_one_line_and_exit_2(synth_copy: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    path = synth_copy / "manifest.json"
    data = json.loads(path.read_text())
    data["stacks"]["base"]["dependencies"] = ["needs-aws"]
    path.write_text(json.dumps(data))
    proc = subprocess.run([sys.executable, "-m", "tfrunner", "apply", "--all",
                           "--synth-dir", str(synth_copy)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "dependency cycle between stacks: " in lines[0], proc.stderr
    assert "base" in lines[0] and "needs-aws" in lines[0]
