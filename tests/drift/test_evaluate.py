"""Our real policies on drifted values: each drift carries the findings it causes."""

from __future__ import annotations

from pathlib import Path

from drift.detect import detect
from drift.planfile import read_plan_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "drift"


def _report(*names: str):  # type: ignore[no-untyped-def]
    return detect([(n.removesuffix(".json"), str(FIXTURES / n), read_plan_json(FIXTURES / n))
                   for n in names])


def test_each_drift_is_judged_by_what_it_breaks() -> None:
    report = _report("app-us-east-1.json")
    by = {i.resource: i for i in report.items}
    assert {f.policy_id for f in by["aws_db_instance.database_primary"].findings} == {"HAP_BAK_001"}
    # 0.0.0.0/0 on 5432: the per-rule check (HAP_NET_005) and the union of CIDRs (HAP_NET_006)
    # both see the internet reaching the database.
    assert {f.policy_id for f in by["aws_security_group.database_sg"].findings} == {
        "HAP_NET_005", "HAP_NET_006"}
    versioning = by["aws_s3_bucket_versioning.assets_versioning"].findings
    # The suspended versioning resource breaks the bucket's policy: reported on the bucket.
    assert [(f.policy_id, f.resource) for f in versioning] == [("HAP_BAK_005",
                                                                "aws_s3_bucket.assets")]
    assert by["aws_vpc.network_vpc"].benign and not by["aws_vpc.network_vpc"].findings
    assert report.summary() == {"stacks": 1, "drifted": 4, "breaking": 3, "deleted": 0,
                                "benign": 1, "findings": 4}
    assert report.exit_code == 1


def test_deletion_protection_off_and_a_deleted_alarm() -> None:
    report = _report("app-eu-west-1.json")
    by = {i.resource: i for i in report.items}
    assert [f.policy_id for f in by["aws_db_instance.database_primary"].findings] == ["HAP_BAK_002"]
    alarm = by["aws_cloudwatch_metric_alarm.database_cpu"]
    assert alarm.actions == ("delete",) and not alarm.benign
    assert all(f.stack == "app-eu-west-1" for i in report.items for f in i.findings)


def test_tags_only_drift_is_benign_and_clean_plan_is_clean() -> None:
    tags = _report("tags-only.json")
    assert [i.benign for i in tags.items] == [True]
    assert tags.exit_code == 1
    clean = _report("clean.json")
    assert clean.items == () and clean.exit_code == 0


def test_drift_is_judged_with_the_gates_settings() -> None:
    from policies.rules._base import Settings

    path = FIXTURES / "app-us-east-1.json"
    plan = read_plan_json(path)
    drifted = next(d for d in plan["resource_drift"]
                   if d["address"] == "aws_db_instance.database_primary")
    drifted["change"]["after"]["backup_retention_period"] = 3  # was 35 before the drift
    name = "aws_db_instance.database_primary"
    strict = {i.resource: i for i in detect([("app-us-east-1", str(path), plan)]).items}
    # the default minimum (7 days, the seed's) makes 3 days policy-breaking ...
    assert [f.policy_id for f in strict[name].findings] == ["HAP_BAK_001"]
    # ... and a gate configured for 3 days judges the same drift benign: the settings reach
    # the evaluation of drifted values
    lax = detect([("app-us-east-1", str(path), plan)], Settings(min_backup_retention_days=3))
    assert not {i.resource: i for i in lax.items}[name].findings
