"""Reading refresh-only plan JSON: documented shape accepted, anything else one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.planfile import PlanFileError, drift_entries, read_plan_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "drift"


def test_entries_of_a_drifted_plan() -> None:
    plan = read_plan_json(FIXTURES / "app-us-east-1.json")
    entries = drift_entries(plan, "app-us-east-1.json")
    assert [e.address for e in entries] == [
        "aws_db_instance.database_primary", "aws_s3_bucket_versioning.assets_versioning",
        "aws_security_group.database_sg", "aws_vpc.network_vpc"]
    assert all(e.actions == ("update",) for e in entries)


def test_deleted_resource_has_no_after() -> None:
    entries = drift_entries(read_plan_json(FIXTURES / "app-eu-west-1.json"), "eu")
    deleted = [e for e in entries if e.actions == ("delete",)]
    assert [e.address for e in deleted] == ["aws_cloudwatch_metric_alarm.database_cpu"]
    assert deleted[0].after is None


def test_clean_plan_has_no_entries() -> None:
    assert drift_entries(read_plan_json(FIXTURES / "clean.json"), "clean.json") == []


@pytest.mark.parametrize(("name", "message"), [
    ("truncated.json", "is truncated or not valid JSON (line "),
    ("not-a-plan.json", "is a raw state file (terraform.tfstate), not a Terraform JSON plan"),
    ("missing.json", "does not exist"),
])
def test_unusable_files(name: str, message: str) -> None:
    with pytest.raises(PlanFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_plan_json(FIXTURES / name)


@pytest.mark.parametrize(("name", "message"), [
    ("wrong-types.json", "resource_drift must be a list, got dict"),
    ("wrong-after.json", r"resource_drift\[0\] \(aws_db_instance.database_primary\) "
                         "change.after must be an object or null, got str"),
])
def test_wrong_types(name: str, message: str) -> None:
    with pytest.raises(PlanFileError, match=message):
        drift_entries(read_plan_json(FIXTURES / name), name)


def test_empty_and_errored(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("  \n")
    with pytest.raises(PlanFileError, match="is empty"):
        read_plan_json(empty)
    errored = tmp_path / "errored.json"
    errored.write_text('{"format_version": "1.2", "errored": true}')
    with pytest.raises(PlanFileError, match="errored"):
        read_plan_json(errored)
    with pytest.raises(PlanFileError, match="is a folder"):
        read_plan_json(tmp_path)
