"""Checkov runner: the required_version trap, one run over every input form, fail closed.

Real Checkov runs here (~10 s per run, one shared run per module); broken tools are real
substitute programs pointed to by CHECKOV_BIN, not mocks.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from policies.checkov import CheckovError, scan
from policies.checkov.coverage import UNSCANNED_TYPES
from policies.checkov.results import CheckResult
from policies.checkov.runner import DEFAULT_BIN
from policies.checkov.staging import block_lines, without_terraform_scalars
from policies.loaders import load_many

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "gate"
CUSTOM = FIXTURES / "databases" / "cdk.tf.json"
HCL = FIXTURES / "mixed" / "hcl"
PLAN = FIXTURES / "mixed" / "plan.json"
UNSCANNED = FIXTURES / "unscanned" / "cdk.tf.json"


@pytest.fixture(scope="module")
def mixed_results() -> list[CheckResult]:
    """One real Checkov run over synth JSON, an HCL folder and a plan together."""
    return scan(load_many([CUSTOM, HCL, PLAN, UNSCANNED]))


def test_the_trap_is_real_bare_checkov_cannot_parse_required_version(tmp_path: Path) -> None:
    # GIVEN a synthesized stack with terraform.required_version (as all of ours have)
    assert "required_version" in json.loads(CUSTOM.read_text())["terraform"]
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "cdk.tf.json").write_text(CUSTOM.read_text())
    # WHEN bare Checkov scans it
    proc = subprocess.run(
        [str(DEFAULT_BIN), "-d", str(tmp_path), "--framework", "terraform_json", "-o", "json",
         "--skip-download"], capture_output=True, text=True, check=False)
    report = json.loads(proc.stdout)
    # THEN it exits 0 having checked nothing: its exit status alone would be a false pass
    assert proc.returncode == 0
    assert report["summary"]["parsing_errors"] == 1
    assert report["summary"]["passed"] == report["summary"]["failed"] == 0


def test_our_scan_of_the_same_file_checks_every_resource(mixed_results: list[CheckResult]) -> None:
    checked = {r.address for r in mixed_results if r.stack == "databases"
               and r.address.startswith("aws_")}
    model = load_many([CUSTOM])
    assert checked == {r.address for r in model.resources()}
    assert len(checked) == 10


def test_one_run_maps_every_form_to_its_stack_address_and_line(
    mixed_results: list[CheckResult],
) -> None:
    # CKV_AWS_16 (RDS encrypted at rest) judges every aws_db_instance of every form
    rds = {(r.stack, r.address) for r in mixed_results if r.check_id == "CKV_AWS_16"}
    assert ("hcl", "aws_db_instance.fail_hap1_retention_1") in rds
    assert ("plan", "aws_db_instance.pass_hap1") in rds
    hcl = next(r for r in mixed_results if r.stack == "hcl" and r.check_id == "CKV_AWS_16")
    assert hcl.file == str(HCL / "main.tf") and hcl.line == 9
    synth = next(r for r in mixed_results if r.address == "aws_db_instance.fail_hap1_retention_1"
                 and r.stack == "databases" and r.check_id == "CKV_AWS_16")
    # the line is the original file's, not the staged copy's (which lost required_version)
    assert synth.file == str(CUSTOM)
    # found by plain text search, not by the line mapper under test
    lines = CUSTOM.read_text().splitlines()
    assert [n for n, line in enumerate(lines, start=1)
            if line.strip().startswith('"fail_hap1_retention_1"')] == [synth.line]


def test_unscanned_types_really_are_not_reported(tmp_path: Path) -> None:
    # coverage.UNSCANNED_TYPES must stay honest: real Checkov reports none of them
    doc = {"provider": {"aws": [{"region": "us-east-1"}]},
           "resource": {t: {"one": {"tags": {"Name": "x"}}} for t in sorted(UNSCANNED_TYPES)}}
    (tmp_path / "cdk.tf.json").write_text(json.dumps(doc, indent=2))
    results = scan(load_many([tmp_path / "cdk.tf.json"]))
    assert [r.address for r in results if not r.address.startswith("provider.")] == []


def test_staging_drops_only_scalar_terraform_settings() -> None:
    doc = {"terraform": {"required_version": ">= 1.10", "backend": {"s3": {"bucket": "b"}}},
           "resource": {"aws_s3_bucket": {"b": {}}}}
    assert without_terraform_scalars(doc) == {
        "terraform": {"backend": {"s3": {"bucket": "b"}}}, "resource": {"aws_s3_bucket": {"b": {}}}}


def _fake_checkov(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "checkov"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_missing_checkov_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHECKOV_BIN", str(tmp_path / "nope" / "checkov"))
    with pytest.raises(CheckovError, match=r"Checkov not found at .*nope/checkov; run make setup"):
        scan(load_many([UNSCANNED]))


@pytest.mark.parametrize(("body", "reason"), [
    ("echo 'Traceback: boom' >&2; exit 1", r"exited with status 1: Traceback: boom"),
    ("echo 'this is not json'; exit 0", r"printed no valid JSON"),
    ("echo '[{\"check_type\": \"terraform_json\"}]'", r"no results/summary"),
    ("echo '{\"check_type\": \"terraform_json\", \"results\": {\"parsing_errors\": "
     "[\"/s000/cdk.tf.json\"]}, \"summary\": {\"parsing_errors\": 1}}'",
     r"could not parse .*unscanned/cdk.tf.json"),
    ("echo '{\"check_type\": \"terraform_json\", \"results\": {}, \"summary\": {}}'",
     r"Checkov checked 0 resources of stack databases, expected 10"),
])
def test_broken_checkov_fails_closed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str, reason: str
) -> None:
    monkeypatch.setenv("CHECKOV_BIN", str(_fake_checkov(tmp_path, body)))
    paths = [CUSTOM] if "databases" in reason else [UNSCANNED]
    with pytest.raises(CheckovError, match=reason):
        scan(load_many(paths))


def test_block_lines_finds_resources_and_data_in_indented_json() -> None:
    text = json.dumps({"data": {"aws_caller_identity": {"me": {}}},
                       "resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}}, indent=2)
    lines = block_lines(text)
    assert set(lines) == {"data.aws_caller_identity.me", "aws_s3_bucket.b"}
    assert text.splitlines()[lines["aws_s3_bucket.b"] - 1].strip() == '"b": {'
