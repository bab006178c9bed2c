"""A first deployment: a stack reading an upstream stack's state (terraform_remote_state)
before that stack was ever applied is `waiting-for-upstream`, not a failed run; planning and
applying stack by stack in manifest order (what the apply workflow's first_deployment mode
runs) deploys both in one run. Real embedded Terraform, real gate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli import main
from tfrunner.__main__ import main as tfrunner_main
from tfrunner.manifest import read_manifest

CHAIN = Path(__file__).resolve().parent.parent / "fixtures" / "tfdata" / "chain"


@pytest.fixture
def synth(tmp_path: Path) -> Path:
    target = tmp_path / "synth"
    shutil.copytree(CHAIN, target)
    return target


def _args(synth: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["--synth-dir", str(synth), "--terraform", "embedded", "--output",
            str(tmp_path / "plans"), "--quiet", *extra]


def test_downstream_of_an_unapplied_stack_waits_and_the_run_passes(
        synth: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", *_args(synth, tmp_path, "--format", "json")]) == 0
    plans = {p["stack"]: p for p in json.loads(capsys.readouterr().out)["plans"]}
    assert plans["network"]["status"] == "planned" and plans["network"]["add"] == 1
    assert plans["service"] == {
        "stack": "service", "status": "waiting-for-upstream",
        "reason": "service waits for upstream state: a stack it reads (network) has not been "
                  "applied yet"}
    summary = (tmp_path / "plans" / "service" / "summary.md").read_text()
    assert summary.startswith("<!-- plan-summary:service -->\n### Plan for `service`: "
                              "waiting-for-upstream")
    # No plan, so nothing that apply could run for it.
    assert not (tmp_path / "plans" / "service" / "service.tfplan").exists()


def test_stack_by_stack_in_manifest_order_deploys_everything_in_one_run(
        synth: Path, tmp_path: Path) -> None:
    order = [s.name for s in read_manifest(synth)]
    assert order == ["network", "service"]  # manifest lists service first
    for name in order:
        assert main(["plan", *_args(synth, tmp_path, "--stack", name)]) == 0
        assert tfrunner_main(["apply", *_args(synth, tmp_path, "--stack", name)]) == 0
    state = json.loads((synth / "stacks" / "service" / "terraform.tfstate").read_text())
    svc = next(r for r in state["resources"]
               if r["type"] == "terraform_data")["instances"][0]["attributes"]
    assert svc["output"]["value"] == "vpc-123"  # read from network's state
