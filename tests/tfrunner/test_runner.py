"""The runner for real, offline, with the embedded Terraform on terraform_data stacks:
init, plan to a file, show -json, apply, refresh-only, a config change, and init failing
cleanly on a stack that needs the AWS provider (which cannot be downloaded here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tfrunner.errors import TerraformError
from tfrunner.manifest import ManifestStack, read_manifest
from tfrunner.runner import LOCAL_OVERRIDE, MARKER, StackRunner, prepare_workdir
from tfrunner.terraform import EmbeddedTerraform


def _stacks(synth: Path) -> dict[str, ManifestStack]:
    return {s.name: s for s in read_manifest(synth)}


def test_init_plan_show_for_real(synth_copy: Path, embedded: EmbeddedTerraform,
                                 tmp_path: Path) -> None:
    stacks = _stacks(synth_copy)
    runner = StackRunner(embedded, tmp_path / "plans")
    runner.init(stacks["app"])
    out = runner.plan(stacks["app"])
    assert out.plan_file.is_file() and out.plan_file.stat().st_size > 0
    assert json.loads(out.json_file.read_text()) == out.plan
    changes = {rc["address"]: rc["change"]["actions"] for rc in out.plan["resource_changes"]}
    assert changes == {"terraform_data.database_primary": ["create"],
                       "terraform_data.service": ["create"]}
    assert out.json_file == tmp_path / "plans" / "app" / "app.json"
    # TF_DATA_DIR keeps .terraform out of the synth folder.
    assert (tmp_path / "plans" / "app" / ".terraform").is_dir()
    assert not (stacks["app"].directory / ".terraform").exists()


def test_apply_then_refresh_only_then_config_change(synth_copy: Path, embedded: EmbeddedTerraform,
                                                    tmp_path: Path) -> None:
    stack = _stacks(synth_copy)["app"]
    runner = StackRunner(embedded, tmp_path / "plans")
    runner.init(stack)
    runner.apply(stack, runner.plan(stack).plan_file)
    state = json.loads((stack.directory / "terraform.tfstate").read_text())
    assert sorted(r["name"] for r in state["resources"]) == ["database_primary", "service"]

    refresh = runner.plan(stack, refresh_only=True)
    assert refresh.json_file.name == "app.refresh.json"
    # terraform_data's real object is its state: nothing drifted, and the JSON says so.
    assert not refresh.plan.get("resource_drift")
    prior = refresh.plan["prior_state"]["values"]["root_module"]["resources"]
    assert {r["address"] for r in prior} == {"terraform_data.database_primary",
                                             "terraform_data.service"}

    config = json.loads(stack.config_file.read_text())
    data = config["resource"]["terraform_data"]
    data["database_primary"]["input"]["backup_retention_period"] = 0
    data["service"]["triggers_replace"] = ["image-v2"]
    stack.config_file.write_text(json.dumps(config))
    changed = runner.plan(stack).plan
    by_address = {rc["address"]: rc for rc in changed["resource_changes"]}
    assert by_address["terraform_data.database_primary"]["change"]["actions"] == ["update"]
    service = by_address["terraform_data.service"]
    assert service["change"]["actions"] == ["delete", "create"]
    assert service["action_reason"] == "replace_because_cannot_update"
    assert service["change"]["replace_paths"] == [["triggers_replace"]]


def test_local_state_mode_runs_on_a_copy(synth_copy: Path, embedded: EmbeddedTerraform,
                                         tmp_path: Path) -> None:
    stack = _stacks(synth_copy)["base"]
    runner = StackRunner(embedded, tmp_path / "plans", local_state=True)
    runner.init(stack)
    runner.apply(stack, runner.plan(stack).plan_file)
    assert (tmp_path / "plans" / "base" / "terraform.tfstate").is_file()
    assert (tmp_path / "plans" / "base" / "config" / LOCAL_OVERRIDE).is_file()
    assert not (stack.directory / "terraform.tfstate").exists()
    assert not (stack.directory / LOCAL_OVERRIDE).exists()


def test_init_without_the_aws_provider_fails_in_one_line(synth_copy: Path,
                                                         embedded: EmbeddedTerraform,
                                                         tmp_path: Path) -> None:
    runner = StackRunner(embedded, tmp_path / "plans", local_state=True)
    with pytest.raises(TerraformError) as info:
        runner.init(_stacks(synth_copy)["needs-aws"])
    message = str(info.value)
    assert message.startswith("terraform init failed for stack needs-aws: ")
    assert "hashicorp/aws" in message
    assert "\n" not in message


def test_init_of_the_s3_backend_without_credentials_fails_in_one_line(
        synth_copy: Path, embedded: EmbeddedTerraform, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    runner = StackRunner(embedded, tmp_path / "plans", regions={"needs-aws": "us-east-1"})
    with pytest.raises(TerraformError,
                       match=r"^terraform init failed for stack needs-aws: ") as info:
        runner.init(_stacks(synth_copy)["needs-aws"])
    assert "\n" not in str(info.value)


def test_work_folder_is_never_someone_elses(tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(TerraformError, match="refusing to write into"):
        prepare_workdir(foreign)
    assert (foreign / "notes.txt").read_text() == "keep me"
    ours = tmp_path / "plans"
    prepare_workdir(ours)
    (ours / "x").write_text("")
    prepare_workdir(ours)
    assert (ours / MARKER).is_file()
