"""Drift reports in text, JSON and Markdown: the contract's JSON shape, secrets never shown."""

from __future__ import annotations

import json
from pathlib import Path

from drift.detect import detect
from drift.planfile import read_plan_json
from drift.report import to_json, to_markdown, to_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "drift"
SECRETS = ("S3cr3t-never-print-me", "R0tated-by-hand-secret")


def _report():  # type: ignore[no-untyped-def]
    return detect([(n, str(FIXTURES / f"{n}.json"), read_plan_json(FIXTURES / f"{n}.json"))
                   for n in ("app-us-east-1", "app-eu-west-1")])


def test_json_shape() -> None:
    data = json.loads(to_json(_report()))
    first = data["drift"][0]
    assert set(first) >= {"stack", "resource", "actions", "changes", "findings", "benign"}
    db = next(d for d in data["drift"] if d["stack"] == "app-us-east-1"
              and d["resource"] == "aws_db_instance.database_primary")
    assert {"attribute": "backup_retention_period", "before": 35, "after": 0} in db["changes"]
    assert {"attribute": "password", "before": "(sensitive)", "after": "(sensitive)"} \
        in db["changes"]
    finding = db["findings"][0]
    assert {k: finding[k] for k in ("policy_id", "source", "resource", "stack", "waived")} == {
        "policy_id": "HAP_BAK_001", "source": "custom",
        "resource": "aws_db_instance.database_primary", "stack": "app-us-east-1",
        "waived": False}
    assert data["summary"]["drifted"] == 6 and data["summary"]["breaking"] == 4


def test_no_secret_in_any_format() -> None:
    report = _report()
    for text in (to_text(report), to_json(report), to_markdown(report)):
        for secret in SECRETS:
            assert secret not in text


def test_text_and_markdown_name_the_verdicts() -> None:
    report = _report()
    text = to_text(report)
    assert "aws_vpc.network_vpc  [update]  benign" in text
    assert "backup_retention_period: 35 -> 0" in text
    assert "HAP_BAK_005 HIGH soft-mandatory on aws_s3_bucket.assets" in text
    assert text.endswith("4 break a policy, 1 deleted, 1 benign\n")
    assert to_text(report) == text  # deterministic
    md = to_markdown(report)
    assert "| app-us-east-1 | `aws_vpc.network_vpc` | update | benign |" in md
