"""Issue 10.4/10.5: the rehearsal on the real session synth, with the real Terraform, the real
hashicorp/aws plugin from the filesystem mirror and moto on loopback. It runs once per session
(several minutes); each test reads its report.

Expected values are written by hand from the issue's goals and from what an AWS apply needs,
not read from the rehearsal: the stacks the synth has, the 90% apply goal, the three changes
made behind Terraform's back and the policy each one breaks.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from rehearsal.report import summary
from rehearsal.run import Rehearsal, Report, plugin_mirror

STACKS = {"state-us-east-1", "state-eu-west-1", "state-eu-central-1", "global", "app-us-east-1",
          "app-eu-west-1", "standby-us-eu-west-1", "standby-eu-eu-central-1", "edge",
          "state-replication-us-east-1", "state-replication-eu-west-1",
          "state-replication-eu-central-1"}
#: Stacks whose every resource moto emulates: they apply completely and refresh clean.
FULLY_EMULATED = ("state-us-east-1", "state-eu-west-1", "state-eu-central-1", "global")
#: moto 5.2.5's read-back gaps, measured (README "Rehearsal"): resource type -> the attributes
#: a refresh-only plan right after apply may report although nothing changed. Drift on any
#: other type or attribute is a regression in our output (or in the emulator layer).
MOTO_READBACK_GAPS: dict[str, set[str]] = {
    # Measured: the refresh-only apply records no parameters, the next read returns the
    # configured ones (moto's DescribeDBParameters ignores the Source filter the provider
    # reads with; the exact cause in the provider's read is not isolated).
    "aws_db_parameter_group": {"parameter"},
}


@pytest.fixture(scope="session")
def rehearsal(synth_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Report:
    work = tmp_path_factory.mktemp("rehearsal")
    before = {p: p.read_bytes() for p in synth_dir.rglob("*") if p.is_file()}
    report = Rehearsal(synth_dir, work).run()
    after = {p: p.read_bytes() for p in synth_dir.rglob("*") if p.is_file()}
    assert after == before, "the rehearsal must never change the synthesized output"
    return report


@pytest.fixture(scope="session")
def data(rehearsal: Report) -> dict[str, Any]:
    return summary(rehearsal)


def test_every_stack_validates_with_the_real_provider(data: dict[str, Any]) -> None:
    assert set(data["stacks"]) == STACKS
    assert {n: s["phases"].get("validate") for n, s in data["stacks"].items()} == {
        n: "ok" for n in STACKS}


def test_every_stack_plans_and_most_resources_apply(data: dict[str, Any]) -> None:
    # The edge stack included: its ACM validation records (a certificate with SANs) are keyed
    # by the names asked for, not by the computed domain_validation_options (Invalid for_each).
    for name in STACKS:
        assert data["stacks"][name]["phases"].get("plan") == "ok", name
    # Issue 10.4's goal: at least 90% of the planned resources apply on the emulator.
    assert data["planned"] > 300
    assert data["applied"] >= 0.9 * data["planned"], data["not_applied_by_type"]


def test_fully_emulated_stacks_apply_and_refresh_without_drift(data: dict[str, Any]) -> None:
    for name in FULLY_EMULATED:
        stack = data["stacks"][name]
        assert stack["phases"]["apply"] == "ok", stack["failed"]
        assert stack["applied"] == stack["planned"] > 0
        assert stack["phases"]["refresh"] == "ok" and stack["drift_after_apply"] == []


def test_refresh_right_after_apply_shows_no_drift_beyond_moto_gaps(
        data: dict[str, Any]) -> None:
    # A refresh that errors hides drift altogether, so every stack's must succeed.
    assert {n: s["phases"].get("refresh") for n, s in data["stacks"].items()} == {
        n: "ok" for n in STACKS}
    unexpected = {
        address: entry for stack in data["stacks"].values()
        for address, entry in stack["drift_attributes"].items()
        if not set(entry["attributes"]) <= MOTO_READBACK_GAPS.get(entry["type"], set())}
    assert unexpected == {}


def test_changes_behind_terraforms_back_are_flagged_as_policy_breaking(
        data: dict[str, Any]) -> None:
    assert data["drift_checks"] == {
        "bucket versioning suspended": True,
        "database security group opened to the internet": True,
        "backup retention shortened to 1 day": True,
    }


def test_the_provider_rehearsed_is_the_provider_shipped(rehearsal: Report,
                                                        synth_dir: Path) -> None:
    required = {json.loads(p.read_text())["terraform"]["required_providers"]["aws"]["version"]
                for p in synth_dir.glob("stacks/*/cdk.tf.json")}
    assert required == {"5.100.0"}
    state = next(s for s in rehearsal.stacks if s.name == "global")
    assert state.plan_json is not None
    proc = subprocess.run(["terraform", f"-chdir={state.plan_json.parent}", "version",
                           "-json"], capture_output=True, text=True, check=True)
    versions = json.loads(proc.stdout)["provider_selections"]
    assert versions["registry.terraform.io/hashicorp/aws"] in required
    assert (plugin_mirror() / "registry.terraform.io/hashicorp/aws/5.100.0").is_dir()
