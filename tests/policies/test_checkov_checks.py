"""Our custom Checkov checks (CKV_HAP_*), run through real Checkov on a fixture whose
resources are named by outcome; the exact pass and fail sets are asserted per check."""

from __future__ import annotations

from pathlib import Path

import pytest

from policies.checkov import scan
from policies.checkov.results import CheckResult
from policies.loaders import load_many

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "gate" / "custom_checks"


@pytest.fixture(scope="module")
def results() -> list[CheckResult]:
    return scan(load_many([FIXTURE / "cdk.tf.json"]))


def _split(results: list[CheckResult], check_id: str) -> tuple[set[str], set[str]]:
    mine = [r for r in results if r.check_id == check_id]
    return ({r.address.split(".", 1)[1] for r in mine if r.passed},
            {r.address.split(".", 1)[1] for r in mine if not r.passed})


def test_hap1_backup_retention_at_least_seven_days(results: list[CheckResult]) -> None:
    passed, failed = _split(results, "CKV_HAP_1")
    assert failed == {"fail_hap1_retention_1", "fail_hap1_hap2_defaults"}
    assert passed == {"pass_hap1_hap2", "fail_hap2_skip_final", "pass_hap1_hap2_replica",
                      "fail_hap2_replica_unprotected"}


def test_hap2_deletion_protection_and_final_snapshot(results: list[CheckResult]) -> None:
    passed, failed = _split(results, "CKV_HAP_2")
    assert failed == {"fail_hap1_hap2_defaults", "fail_hap2_skip_final",
                      "fail_hap2_replica_unprotected"}
    assert passed == {"pass_hap1_hap2", "fail_hap1_retention_1", "pass_hap1_hap2_replica"}


def test_hap3_redis_encrypted_with_failover(results: list[CheckResult]) -> None:
    passed, failed = _split(results, "CKV_HAP_3")
    assert passed == {"pass_hap3"}
    assert failed == {"fail_hap3_no_transit", "fail_hap3_single_node", "fail_hap3_interpolated"}
