"""Issue 8.1/8.7/9.1/9.4: what the gate reads. Each fixture under tests/fixtures/loaders/
was wrong on the previous loader (an ignored file, override, module or dynamic block, a
duplicate key kept silently, a FIFO read forever, an empty input passed). Expected values
are written by hand from Terraform's documented rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cli.check import waivers_path
from policies.loaders import LoadError, load, load_many
from policies.model import Unknown

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "loaders"
REPO = Path(__file__).resolve().parents[2]


def _values(path: Path) -> dict[str, dict[str, Any]]:
    return {r.address: dict(r.values) for r in load(path).stacks[0].resources}


def test_stack_folder_is_a_working_directory() -> None:
    got = _values(FIX / "stack_extra")
    assert set(got) == {"aws_s3_bucket.data", "aws_db_instance.sneaky", "aws_security_group.open"}
    assert got["aws_s3_bucket.data"]["force_destroy"] is True  # cdk_override.tf.json wins
    assert got["aws_db_instance.sneaky"]["publicly_accessible"] is True
    assert got["aws_security_group.open"]["ingress"][0]["cidr_blocks"] == ["0.0.0.0/0"]


def test_override_without_primary_block_is_refused(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "a" {}\n')
    (tmp_path / "override.tf").write_text('resource "aws_s3_bucket" "b" { bucket = "x" }\n')
    with pytest.raises(LoadError, match="override of resource aws_s3_bucket.b"):
        load(tmp_path)


def test_override_replaces_nested_blocks(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_security_group" "s" {\n  name = "a"\n'
        '  ingress {\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n')
    (tmp_path / "x_override.tf").write_text(
        'resource "aws_security_group" "s" {\n  ingress {\n    cidr_blocks = ["0.0.0.0/0"]\n'
        '  }\n}\n')
    got = _values(tmp_path)["aws_security_group.s"]
    assert got == {"name": "a", "ingress": [{"cidr_blocks": ["0.0.0.0/0"]}]}


@pytest.mark.parametrize("name", ["cdk.tf.json", "extra.tf.json", "plan.json"])
def test_duplicate_json_keys_are_refused(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    text = '{"resource": {"aws_s3_bucket": {"a": {"acl": "private", "acl": "public-read"}}}}'
    if name == "plan.json":
        text = '{"format_version": "1.2", "format_version": "1.2", "planned_values": {}}'
    (folder / name).write_text(text)
    target = folder / name if name == "plan.json" else folder
    with pytest.raises(LoadError) as exc:
        load(target)
    message = str(exc.value)
    assert "\n" not in message and name in message and "duplicate JSON object key" in message


def test_manifest_stack_outside_its_working_directory_is_refused() -> None:
    with pytest.raises(LoadError, match="lies outside its workingDirectory"):
        load(FIX / "synth_outside")


def test_manifest_working_directory_outside_synth_folder(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"stacks": {"a": {
        "synthesizedStackPath": "../x/cdk.tf.json", "workingDirectory": "../x"}}}))
    with pytest.raises(LoadError, match="outside the synth folder"):
        load(tmp_path)


@pytest.mark.parametrize("manifest", [{"stacks": {}}])
def test_nothing_to_check_is_an_error(tmp_path: Path, manifest: dict[str, object]) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(LoadError, match="nothing to check"):
        load_many([tmp_path])
    empty = tmp_path / "vars"
    empty.mkdir()
    (empty / "variables.tf").write_text('variable "x" {}\n')
    with pytest.raises(LoadError, match="no resources to check"):
        load_many([empty])


def test_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.tf.json"
    deep.write_text('{"resource": ' + "[" * 100000 + "]" * 100000 + "}")
    with pytest.raises(LoadError, match="nested too deeply"):
        load(deep)


def test_fifo_input_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="is a FIFO"):
        load(fifo)
    (tmp_path / "d").mkdir()
    os.mkfifo(tmp_path / "d" / "main.tf")
    with pytest.raises(LoadError, match="is a FIFO"):
        load(tmp_path / "d")


def test_fifo_and_deep_toml_through_the_cli(tmp_path: Path) -> None:
    deep = tmp_path / "w.toml"
    deep.write_text("x = " + "[" * 100000 + "]" * 100000 + "\n")
    run = subprocess.run(
        [sys.executable, "main.py", "check", "-q", "-i", str(FIX / "stack_extra"),
         "--waivers", str(deep)], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"})
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_local_modules_count_for_each_and_unread_registry_module() -> None:
    stack = load(FIX / "tf_modules").stacks[0]
    got = {r.address: r for r in stack.resources}
    assert set(got) == {
        "aws_s3_bucket.logs",  # extra.tf.json, block bodies written as arrays
        *(f"module.db[{i}].{t}" for i in (0, 1)
          for t in ("aws_kms_key.db", "aws_db_instance.this")),
        *(f'module.cache["{k}"].{t}' for k in ("blue", "green")
          for t in ("aws_kms_key.db", "aws_db_instance.this")),
    }
    db = got["module.db[1].aws_db_instance.this"]
    # terraform.tfvars (encrypt = false) beats the default; the local passes "postgres".
    assert db.values["storage_encrypted"] is False and db.values["engine"] == "postgres"
    assert db.references == ("module.db[1].aws_kms_key.db",)  # resolved inside the child
    assert db.region == "eu-central-1"
    assert db.values["description"] == "heredoc closed with trailing blanks"
    cache = got['module.cache["green"].aws_db_instance.this']
    assert cache.values["storage_encrypted"] is True and cache.values["engine"] == "mysql"
    assert len(stack.unread) == 1 and stack.unread[0].startswith("module.vpc:")


def test_dynamic_blocks_expand_or_stay_unknown() -> None:
    got = _values(FIX / "tf_dynamic")
    assert got["aws_security_group.literal"]["ingress"] == [
        {"from_port": p, "to_port": p, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
        for p in (22, 3389)]
    assert got["aws_security_group.iterated"]["ingress"] == [
        {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]
    opaque = got["aws_security_group.opaque"]["ingress"]
    assert len(opaque) == 1 and isinstance(opaque[0]["cidr_blocks"][0], Unknown)


def test_repo_waivers_only_for_our_own_synth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) \
        -> None:
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "own"))
    assert waivers_path(None, [FIX / "stack_extra"]) is None
    assert waivers_path(None, []) == REPO / "waivers.toml"
    assert waivers_path(None, [tmp_path / "own"]) == REPO / "waivers.toml"
    assert waivers_path(REPO / "waivers.toml", [FIX / "stack_extra"]) == REPO / "waivers.toml"


def test_gate_judges_the_extra_files_with_real_checkov() -> None:
    from policies.gate import run_gate

    result = run_gate([FIX / "stack_extra"], waivers=None)
    assert result.exit_code == 1 and not result.errors
    blocking = {(f.policy_id, f.resource) for f in result.blocking}
    assert ("HAP_NET_003", "aws_db_instance.sneaky") in blocking
    assert ("CKV_AWS_16", "aws_db_instance.sneaky") in blocking  # Checkov saw extra.tf.json


def test_coverage_matches_checkovs_reporting() -> None:
    from policies.checkov.coverage import TYPES_FILE, coverage_errors, coverage_notes
    from policies.checkov.results import CheckResult
    from policies.model import Model, Resource, Stack

    def res(address: str) -> Resource:
        rtype = address.split(".")[-2]
        return Resource(address=address, type=rtype, name=address.split(".")[-1], stack="s",
                        region="eu-west-1", provider="aws", values={})

    def seen(*addresses: str) -> list[CheckResult]:
        return [CheckResult("CKV_X", "x", True, "s", a, None, None, False) for a in addresses]

    stack = Stack(name="s", region="eu-west-1", residency=None, backend=None,
                  resources=(res("aws_s3_bucket.b[0]"), res('aws_kms_key.k["a"]'),
                             res("null_resource.n"), res("random_password.p"),
                             res("aws_s3_object.o"), res("aws_widget_thing.w")),
                  data_sources=(res("data.aws_iam_policy_document.d"),),
                  document={"module": {"vpc": {"source": "x"}}})
    model = Model(stacks=(stack,), input_form="hcl")
    # Checkov names HCL resources without instance keys, data sources without "data.",
    # module blocks by their name; table-listed types are never reported.
    results = seen("aws_s3_bucket.b", "aws_kms_key.k", "aws_iam_policy_document.d", "vpc")
    assert coverage_errors(model, results) == []
    assert coverage_notes(model, results) == [
        f"resource type aws_widget_thing is not in {TYPES_FILE.name} and Checkov checked none "
        "of it; it holds no policy-relevant setting"]
    errors = coverage_errors(model, seen("aws_kms_key.k"))
    assert len(errors) == 1 and "aws_s3_bucket.b[0]" in errors[0]
    assert "type aws_s3_bucket" in errors[0] and str(TYPES_FILE) in errors[0]


def _plan(resources: list[Any], config: list[Any], changes: list[Any] | None = None,
          drift: list[Any] | None = None) -> dict[str, Any]:
    return {"format_version": "1.2",
            "planned_values": {"root_module": {"resources": resources}},
            "resource_changes": changes or [], "resource_drift": drift or [],
            "configuration": {"root_module": {"resources": config}}}


def test_plan_new_bucket_leaves_computed_inline_encryption_to_the_separate_resource() -> None:
    from policies.loaders import model_from_plan

    bucket: dict[str, Any] = {
        "address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
        "values": {"bucket": "b", "force_destroy": False}}
    unknown = {"server_side_encryption_configuration": True, "versioning": True, "arn": True,
               "tags": {}}
    plan = _plan([bucket], [{"address": "aws_s3_bucket.b", "mode": "managed",
                             "type": "aws_s3_bucket", "name": "b",
                             "expressions": {"bucket": {"constant_value": "b"}}}],
                 changes=[{"address": "aws_s3_bucket.b", "change": {
                     "actions": ["create"], "after": bucket["values"],
                     "after_unknown": unknown}}])
    (res,) = model_from_plan(plan, "p").stacks[0].resources
    assert "server_side_encryption_configuration" not in res.values
    assert "versioning" not in res.values
    # arn is computed by the provider and set by no configuration: left out, as in synth
    assert "arn" not in res.values


def test_plan_inline_route_keeps_its_gateway_reference() -> None:
    from policies.loaders import model_from_plan

    rt = {"address": "aws_route_table.public", "mode": "managed", "type": "aws_route_table",
          "name": "public", "values": {"vpc_id": None}}
    plan = _plan([rt], [{"address": "aws_route_table.public", "mode": "managed",
                         "type": "aws_route_table", "name": "public", "expressions": {
                             "route": [{"cidr_block": {"constant_value": "0.0.0.0/0"},
                                        "gateway_id": {"references": [
                                            "aws_internet_gateway.igw.id",
                                            "aws_internet_gateway.igw"]}}]}}],
                 changes=[{"address": "aws_route_table.public", "change": {
                     "actions": ["create"], "after": {}, "after_unknown": {"route": True}}}])
    (res,) = model_from_plan(plan, "p").stacks[0].resources
    (route,) = res.values["route"]
    assert route["cidr_block"] == "0.0.0.0/0"
    assert isinstance(route["gateway_id"], Unknown)
    assert "aws_internet_gateway.igw" in (route["gateway_id"].expression or "")


def test_refresh_only_plan_is_judged_on_refreshed_values() -> None:
    from policies.loaders import model_from_plan

    db: dict[str, Any] = {
        "address": "aws_db_instance.d", "mode": "managed", "type": "aws_db_instance", "name": "d",
        "values": {"storage_encrypted": True, "publicly_accessible": False}}
    drifted = {"storage_encrypted": True, "publicly_accessible": True}
    plan = _plan([db], [], changes=[{"address": "aws_db_instance.d", "change": {
        "actions": ["no-op"], "after": db["values"], "after_unknown": {}}}],
        drift=[{"address": "aws_db_instance.d", "mode": "managed", "type": "aws_db_instance",
                "change": {"actions": ["update"], "after": drifted}}])
    (res,) = model_from_plan(plan, "p").stacks[0].resources
    assert res.values["publicly_accessible"] is True
    # A normal plan (a real change) keeps the planned values: applying it fixes the drift.
    plan["resource_changes"][0]["change"]["actions"] = ["update"]
    (res,) = model_from_plan(plan, "p").stacks[0].resources
    assert res.values["publicly_accessible"] is False


def test_gate_on_modules_reaches_a_verdict_with_real_checkov() -> None:
    from policies.gate import run_gate

    result = run_gate([FIX / "tf_modules"], waivers=None)
    assert result.exit_code == 1 and not result.errors, result.errors
    blocking = {(f.policy_id, f.resource) for f in result.blocking}
    assert ("HAP_GATE_UNREAD", "module.vpc") in blocking  # registry module: never a pass
    assert ("HAP_ENC_001", "module.db[0].aws_db_instance.this") in blocking  # tfvars false
    assert ("HAP_ENC_001", 'module.cache["blue"].aws_db_instance.this') not in blocking
