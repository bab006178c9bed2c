"""Every report format, parsed back: JSON fields, SARIF 2.1.0 required fields, JUnit XML,
the text table (severity order within each stack, summary line) and Markdown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from policies.catalog import get
from policies.findings import Enforcement, Finding, Outcome, Severity
from policies.gate import GateResult, sort_key
from policies.reports import FORMATS, render
from policies.waivers import Waiver, WaiverIssue

WAIVER = Waiver("CKV_AWS_144", "aws_s3_bucket.*", "logs are re-derivable", "platform-team",
                date(2027, 1, 31))
FINDINGS = sorted([
    Finding("CKV_AWS_144", "checkov", "aws_s3_bucket.logs", "app-eu-west-1", Severity.MEDIUM,
            Enforcement.SOFT_MANDATORY, Outcome.FAILED, "Ensure CRR", "s/app/cdk.tf.json", 12,
            waived=True, waiver=WAIVER.id),
    Finding("HAP_ENC_001", "custom", "aws_db_instance.db", "app-eu-west-1", Severity.CRITICAL,
            Enforcement.HARD_MANDATORY, Outcome.FAILED, "storage_encrypted is false <&>",
            "s/app/cdk.tf.json", 40),
    Finding("CKV2_AWS_62", "checkov", "aws_s3_bucket.state", "state-us-east-1", Severity.LOW,
            Enforcement.ADVISORY, Outcome.FAILED, "Ensure | notifications"),
    Finding("HAP_RES_001", "custom", "aws_db_instance.replica", "app-eu-west-1", Severity.HIGH,
            Enforcement.SOFT_MANDATORY, Outcome.UNKNOWN, "region unknown"),
], key=sort_key)
RESULT = GateResult(
    findings=tuple(FINDINGS), waivers=(WAIVER,), inputs=("cdktf.out",),
    stacks=("app-eu-west-1", "state-us-east-1"), resources=42, checkov_ran=True,
    checkov_checks=300,
    waiver_issues=(WaiverIssue("unused", "CKV_AWS_1:x", "matches no finding; delete it"),))


def test_json_carries_the_contract_fields() -> None:
    data = json.loads(render(RESULT, "json"))
    assert data["exit_code"] == 1 and data["result"] == "FAILED"
    assert data["summary"]["blocking"] == 2 and data["summary"]["waived"] == 1
    first = data["findings"][0]
    assert set(first) >= {"policy_id", "source", "resource", "stack", "severity",
                          "enforcement", "waived", "waiver", "message", "file", "line",
                          "outcome"}
    assert [f["severity"] for f in data["findings"]] == ["CRITICAL", "HIGH", "MEDIUM", "LOW"]
    waived = next(f for f in data["findings"] if f["waived"])
    assert waived["waiver"] == "CKV_AWS_144:aws_s3_bucket.*"
    assert data["waiver_issues"][0]["kind"] == "unused"


def test_sarif_has_the_schema_required_fields() -> None:
    sarif = json.loads(render(RESULT, "sarif"))
    assert sarif["version"] == "2.1.0" and "$schema" in sarif
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] and {r["id"] for r in driver["rules"]} == {f.policy_id for f in FINDINGS}
    assert len(run["results"]) == 4
    for res in run["results"]:
        assert res["ruleId"] == driver["rules"][res["ruleIndex"]]["id"]
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
    db = next(r for r in run["results"] if r["ruleId"] == "HAP_ENC_001")
    assert db["level"] == "error"
    assert db["locations"][0]["physicalLocation"]["region"]["startLine"] == 40
    waived = next(r for r in run["results"] if r["ruleId"] == "CKV_AWS_144")
    assert waived["suppressions"][0]["justification"].startswith("logs are re-derivable")


def test_junit_is_xml_with_a_testcase_per_finding() -> None:
    root = ET.fromstring(render(RESULT, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 4
    failures = [c for c in cases if c.find("failure") is not None]
    assert {c.get("name") for c in failures} == {"HAP_ENC_001 aws_db_instance.db",
                                                 "HAP_RES_001 aws_db_instance.replica"}
    # escaped, and parsed back intact
    db = next(c for c in failures if "HAP_ENC_001" in str(c.get("name")))
    assert db.find("failure").get("message") == "storage_encrypted is false <&>"  # type: ignore[union-attr]
    assert {s.get("name") for s in root.findall("testsuite")} == {"app-eu-west-1",
                                                                  "state-us-east-1"}


def test_text_groups_by_stack_most_severe_first_with_a_summary() -> None:
    text = render(RESULT, "text")
    lines = text.splitlines()
    eu = lines.index("== app-eu-west-1 (3 findings)")
    us = lines.index("== state-us-east-1 (1 finding)")
    assert eu < us
    assert [ln.split()[0] for ln in lines[eu + 2: eu + 5]] == ["CRITICAL", "HIGH", "MEDIUM"]
    assert "waived" in lines[eu + 4] and "BLOCKS" in lines[eu + 2]
    assert lines[-1].startswith("Gate FAILED: 2 blocking, 1 waived, 1 advisory")
    assert "unused" in text


def test_markdown_has_a_table_per_stack_and_escapes_pipes() -> None:
    md = render(RESULT, "markdown")
    assert md.startswith("## Policy gate: FAILED")
    assert "### `app-eu-west-1`" in md and "### `state-us-east-1`" in md
    assert "Ensure \\| notifications" in md
    assert "owner platform-team, expires 2027-01-31" in md


def test_skipped_checkov_is_loud_in_every_human_format() -> None:
    skipped = GateResult(stacks=("a",), checkov_skipped=True)
    assert "CHECKOV WAS SKIPPED" in render(skipped, "text")
    assert "Checkov was skipped" in render(skipped, "markdown")
    assert json.loads(render(skipped, "json"))["checkov"]["skipped"] is True
    assert ET.fromstring(render(skipped, "junit")).find(".//skipped") is not None


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(RESULT, "yaml")


SARIF_SCHEMA = (Path(__file__).resolve().parents[1] / "fixtures" / "schemas"
                / "sarif-schema-2.1.0.json")


def test_sarif_validates_against_the_official_schema() -> None:
    # the OASIS SARIF 2.1.0 schema, vendored (tests run offline); a real validator
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(json.loads(render(RESULT, "sarif"))), key=str)
    assert errors == []
    # the validator does bite: a result without its message is refused
    broken = json.loads(render(RESULT, "sarif"))
    del broken["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(broken))


def test_sarif_describes_each_rule_from_its_metadata() -> None:
    rules = {r["id"]: r for r in
             json.loads(render(RESULT, "sarif"))["runs"][0]["tool"]["driver"]["rules"]}
    ours = get("HAP_ENC_001")
    assert rules["HAP_ENC_001"]["shortDescription"]["text"] == ours.name
    assert rules["HAP_ENC_001"]["fullDescription"]["text"] == ours.explanation
    assert ours.explanation in rules["HAP_ENC_001"]["help"]["text"]
    # a Checkov rule is described by Checkov's own check name (the finding's message)
    assert rules["CKV_AWS_144"]["shortDescription"]["text"] == "Ensure CRR"
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_of_the_one_list_renders(fmt: str) -> None:
    assert render(RESULT, fmt).strip()


def test_the_cli_offers_exactly_the_report_formats() -> None:
    from cli import check, drift, estimate, plan

    assert check.FORMATS is FORMATS  # one list, not a copy kept equal
    assert FORMATS == ("text", "json", "sarif", "junit", "markdown")
    assert drift.FORMATS is estimate.FORMATS is plan.FORMATS
    assert plan.FORMATS == ("text", "json", "markdown")
    with pytest.raises(ValueError, match="unknown format"):
        render(RESULT, "yaml")
