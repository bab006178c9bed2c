"""Issue 8.5: provisioner blocks reach the model in every input form and HAP_DNG_004 blocks
``local-exec``/``remote-exec`` by default, with a waiver allowing one resource.

Forms: HCL, synth JSON and plan JSON (the generic fixture test, ``hap_dng_004``); here the
``.tf.json`` object and list-of-bodies forms, an override file adding a provisioner, a plan
made by the real Terraform CLI, and the gate with a waiver.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from policies.catalog import get
from policies.engine import evaluate
from policies.findings import Outcome
from policies.gate import run_gate
from policies.loaders import load

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "issue8" / "provisioners"
POLICY = get("HAP_DNG_004")


def _outcomes(path: Path) -> dict[str, Outcome]:
    return {r.resource: r.outcome for r in evaluate(load(path), policies=(POLICY,))}


def test_tf_json_object_and_list_forms_are_read_in_order() -> None:
    model = load(HERE / "tfjson" / "main.tf.json")
    by = {r.name: r for r in model.resources()}
    assert by["object_form"].values["provisioner"] == [{"local-exec": {"command": "./deploy.sh"}}]
    assert [next(iter(p)) for p in by["list_of_bodies"].values["provisioner"]] == \
        ["file", "file", "remote-exec"]
    assert "provisioner" not in by["none"].values
    assert _outcomes(HERE / "tfjson" / "main.tf.json") == {
        "terraform_data.object_form": Outcome.FAILED,
        "terraform_data.list_of_bodies": Outcome.FAILED,
        "terraform_data.copies_only": Outcome.PASSED,
    }


def test_provisioner_added_by_an_override_file_is_gated() -> None:
    assert _outcomes(HERE / "override") == {"terraform_data.looks_clean": Outcome.FAILED}


@pytest.mark.skipif(shutil.which("terraform") is None, reason="needs the Terraform CLI")
def test_plan_from_the_real_terraform_cli_keeps_provisioners(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(HERE / "plan_src", work)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path),
           "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    for args in (["init", "-input=false", "-backend=false"],
                 ["plan", "-input=false", "-out=tfplan"]):
        subprocess.run(["terraform", *args], cwd=work, env=env, check=True,
                       capture_output=True, timeout=120)
    shown = subprocess.run(["terraform", "show", "-json", "tfplan"], cwd=work, env=env,
                           check=True, capture_output=True, text=True, timeout=60).stdout
    plan = tmp_path / "runs.json"
    plan.write_text(shown)
    config = json.loads(shown)["configuration"]["root_module"]["resources"]
    assert [p["type"] for r in config for p in r.get("provisioners", [])] == ["local-exec"]
    assert _outcomes(plan) == {"terraform_data.runs_script": Outcome.FAILED}


def test_gate_blocks_by_default_and_a_waiver_allows_one_resource(tmp_path: Path) -> None:
    target = HERE / "tfjson" / "main.tf.json"
    blocked = run_gate([target], waivers=None, checkov=False)
    assert blocked.exit_code == 1
    assert {f.resource for f in blocked.blocking if f.policy_id == "HAP_DNG_004"} == {
        "terraform_data.object_form", "terraform_data.list_of_bodies"}
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        '[[waiver]]\npolicy_id = "HAP_DNG_004"\nresource = "terraform_data.object_form"\n'
        'reason = "reviewed deploy hook, runs a pinned script"\nowner = "platform-team"\n'
        "expires = 2027-01-15\n")
    result = run_gate([target], waivers=waivers, checkov=False, today=date(2026, 12, 1))
    by = {f.resource: f for f in result.findings if f.policy_id == "HAP_DNG_004"}
    assert by["terraform_data.object_form"].waived
    assert by["terraform_data.list_of_bodies"].blocks
    assert result.exit_code == 1


def test_provisioner_inside_a_local_module_is_gated_per_instance() -> None:
    assert _outcomes(HERE / "module") == {
        "module.hook[0].terraform_data.deploy": Outcome.FAILED,
        "module.hook[1].terraform_data.deploy": Outcome.FAILED,
    }
