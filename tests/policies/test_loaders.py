"""Loaders: each input form into one model, and one-line LoadErrors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policies.loaders import LoadError, load, load_many, model_from_plan, resources_from_changes
from policies.model import Model, Resource, Unknown
from tests.policies.conftest import FIXTURES, load_case

CASE = "hap_res_002"  # two stacks, aliased providers, remote state, outputs


def _res(model: Model, stack: str, address: str) -> Resource:
    found = [r for r in model.stacks if r.name == stack][0].resources
    return next(r for r in found if r.address == address)


@pytest.mark.parametrize("form", ["hcl", "synth", "plan"])
def test_each_form_loads_the_same_resources(form: str) -> None:
    model = load_case(form, CASE)
    assert model.input_form == form
    assert [s.name for s in model.stacks] == ["eu", "us"]
    hcl = load_case("hcl", CASE)
    assert {(r.stack, r.address) for r in model.resources()} == \
        {(r.stack, r.address) for r in hcl.resources()}


@pytest.mark.parametrize("form", ["hcl", "synth", "plan"])
def test_region_follows_the_aliased_provider(form: str) -> None:
    model = load_case(form, CASE)
    replica = _res(model, "eu", "aws_db_instance.pass_eu_replica")
    assert (replica.provider, replica.region) == ("aws.dr", "eu-central-1")
    assert _res(model, "eu", "aws_db_instance.eu_db").region == "eu-west-1"
    assert _res(model, "eu", "aws_s3_bucket.uploads_us_copy").region == "us-east-1"
    assert model.stacks[0].residency == "eu"


@pytest.mark.parametrize("form", ["hcl", "synth", "plan"])
def test_tags_merge_provider_default_tags(form: str) -> None:
    model = load_case(form, "hap_bak_005")
    access = _res(model, "hap_bak_005", "aws_s3_bucket.access")
    assert access.tags == {"DataResidency": "us", "Owner": "platform-team",
                           "DataClass": "logs"}
    assert access.residency == "us"


@pytest.mark.parametrize("form", ["hcl", "synth", "plan"])
def test_interpolations_are_unknown_with_references(form: str) -> None:
    model = load_case(form, CASE)
    replication = _res(model, "eu", "aws_s3_bucket_replication_configuration.fail_to_us")
    bucket = replication.values["bucket"]
    assert isinstance(bucket, Unknown)
    assert "aws_s3_bucket.eu_uploads" in (bucket.expression or "")
    assert "aws_s3_bucket.eu_uploads" in replication.references
    remote = _res(model, "eu", "aws_db_instance.pass_us_replica").values["replicate_source_db"]
    assert isinstance(remote, Unknown)
    assert remote.reason.startswith("reference into another stack")


@pytest.mark.parametrize("form", ["hcl", "synth"])
def test_file_and_line_point_at_the_resource(form: str) -> None:
    model = load_case(form, "hap_enc_011")
    r = _res(model, "hap_enc_011", "aws_kms_key.fail_static")
    assert r.file is not None and r.line is not None
    line = Path(r.file).read_text().splitlines()[r.line - 1]
    assert "fail_static" in line


def test_plan_line_points_at_the_address() -> None:
    model = load_case("plan", "hap_enc_011")
    r = _res(model, "hap_enc_011", "aws_kms_key.fail_static")
    assert r.file and r.line
    assert '"aws_kms_key.fail_static"' in Path(r.file).read_text().splitlines()[r.line - 1]


def test_backend_data_sources_and_outputs() -> None:
    model = load_case("synth", CASE)
    eu = model.stacks[0]
    assert eu.backend == {"s3": {"bucket": "tfstate-eu", "key": "eu/terraform.tfstate",
                                 "region": "eu-west-1"}}
    assert [d.address for d in eu.data_sources] == ["data.terraform_remote_state.us"]
    assert isinstance(eu.outputs["eu_db_arn"], Unknown)


def test_single_tf_json_file_uses_its_stack_name() -> None:
    model = load(FIXTURES / "synth" / CASE / "stacks" / "us" / "cdk.tf.json")
    assert [s.name for s in model.stacks] == ["us"]
    assert model.input_form == "synth"


def test_one_stack_folder() -> None:
    model = load(FIXTURES / "synth" / CASE / "stacks" / "eu")
    assert [s.name for s in model.stacks] == ["eu"]


PLAN = {
    "format_version": "1.2",
    "planned_values": {"root_module": {"child_modules": [{"address": "module.db", "resources": [
        {"address": "module.db.aws_db_instance.main", "mode": "managed",
         "type": "aws_db_instance", "name": "main", "values": {"engine": "postgres",
                                                              "tags": {"Name": "db"}}}]}]}},
    "resource_changes": [{"address": "module.db.aws_db_instance.main", "mode": "managed",
                          "type": "aws_db_instance", "name": "main",
                          "change": {"actions": ["create"], "after": {"engine": "postgres"},
                                     "after_unknown": {"kms_key_id": True}}}],
    "configuration": {
        "provider_config": {"aws": {"name": "aws", "expressions": {
            "region": {"constant_value": "eu-west-1"},
            "default_tags": [{"tags": {"constant_value": {"DataResidency": "eu"}}}]}}},
        "root_module": {"module_calls": {"db": {"module": {"resources": [
            {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance",
             "name": "main", "provider_config_key": "db:aws", "expressions": {
                 "kms_key_id": {"references": ["aws_kms_key.db.arn", "aws_kms_key.db"]}}}]}}}}},
}


def test_plan_with_child_module_and_after_unknown() -> None:
    model = model_from_plan(PLAN, "prod-eu", "plan.json")
    (db,) = model.stacks[0].resources
    assert db.address == "module.db.aws_db_instance.main"
    assert db.region == "eu-west-1"
    assert db.tags == {"DataResidency": "eu", "Name": "db"}
    assert isinstance(db.values["kms_key_id"], Unknown)
    # Issue 9.2: a reference inside module.db resolves within module.db, not at the root.
    assert db.references == ("module.db.aws_kms_key.db",)


def test_resources_from_drift_entries() -> None:
    drift = [{"address": "module.db.aws_db_instance.main", "mode": "managed",
              "type": "aws_db_instance", "name": "main",
              "change": {"actions": ["update"], "after": {"storage_encrypted": False}}},
             {"address": "aws_s3_bucket.gone", "mode": "managed", "type": "aws_s3_bucket",
              "name": "gone", "change": {"actions": ["delete"], "after": None}}]
    (db,) = resources_from_changes(drift, stack="prod-eu", plan=PLAN)
    assert db.values["storage_encrypted"] is False
    assert db.region == "eu-west-1"


def test_load_many_rejects_duplicate_stacks() -> None:
    path = FIXTURES / "hcl" / "hap_enc_001"
    with pytest.raises(LoadError, match="hap_enc_001 is also loaded"):
        load_many([path, path])


def _one_line(exc: pytest.ExceptionInfo[LoadError]) -> str:
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc:
        load(tmp_path / "nope")
    assert _one_line(exc).endswith("nope: no such file or directory")


def test_truncated_json(tmp_path: Path) -> None:
    src = (FIXTURES / "synth" / CASE / "stacks" / "eu" / "cdk.tf.json").read_text()
    bad = tmp_path / "cdk.tf.json"
    bad.write_text(src[: len(src) // 2])
    with pytest.raises(LoadError) as exc:
        load(bad)
    assert "truncated JSON at line" in _one_line(exc)


def test_malformed_manifest(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"stacks": [1, }')
    with pytest.raises(LoadError) as exc:
        load(tmp_path)
    assert "manifest.json: malformed JSON at line 1" in _one_line(exc)


def test_hcl_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  bucket = \n}\n')
    with pytest.raises(LoadError) as exc:
        load(tmp_path)
    assert "main.tf: HCL syntax error at line 2" in _one_line(exc)


def test_plan_with_wrong_types(tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text(json.dumps({"format_version": "1.2", "resource_changes": "oops"}))
    with pytest.raises(LoadError) as exc:
        load(bad)
    assert "plan field 'resource_changes' must be a array, not string" in _one_line(exc)
    with pytest.raises(LoadError, match="planned_values.root_module"):
        model_from_plan({"format_version": "1.2", "planned_values": {"root_module": []}}, "s")


@pytest.mark.parametrize("name,text", [("notes.txt", "hello"), ("data.json", '{"a": 1}'),
                                       ("list.json", "[1, 2]")])
def test_unrecognized_input(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(LoadError) as exc:
        load(path)
    assert "unrecognized" in _one_line(exc)


def test_empty_folder_is_unrecognized(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a synth folder"):
        load(tmp_path)


def test_wrong_structure_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "cdk.tf.json"
    path.write_text(json.dumps({"resource": {"aws_s3_bucket": ["not", "a", "map"]}}))
    with pytest.raises(LoadError) as exc:
        load(path)
    assert "cdk.tf.json" in _one_line(exc)


def test_generated_fixture_forms_are_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", FIXTURES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for rel, text in module.render_all().items():
        assert (FIXTURES / rel).read_text() == text, f"regenerate {rel}"
