"""Checkov on module-heavy foreign roots (issue 9): a root whose module lives in ``../../``
is staged with its module tree, so Checkov sees what Terraform sees and the gate decides.

Real Checkov runs here (one shared run for the module).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policies.checkov import scan
from policies.checkov.results import CheckResult
from policies.gate import run_gate
from policies.loaders import load_many

TREE = Path(__file__).resolve().parent.parent / "fixtures" / "foreign" / "parent_module"
ROOT = TREE / "examples" / "basic"


@pytest.fixture(scope="module")
def results() -> list[CheckResult]:
    """One real Checkov run over the example root that calls ``source = "../../"``."""
    return scan(load_many([ROOT]))


def test_checkov_checks_the_module_resources_under_their_module_address(
    results: list[CheckResult],
) -> None:
    # GIVEN examples/basic calling the repository's top-level module with encrypted = false
    # WHEN Checkov scans the staged root
    encryption = [r for r in results if r.check_id == "CKV_AWS_16"]
    # THEN it judged the module's database under Terraform's address, failing it (the module
    # input switched encryption off), and maps it back to the module's own file and line
    assert [(r.address, r.passed) for r in encryption] == [("module.db.aws_db_instance.this",
                                                             False)]
    assert encryption[0].file == str(TREE / "main.tf")
    assert encryption[0].line == 13


def test_no_other_root_of_the_repository_is_scanned(results: list[CheckResult]) -> None:
    # examples/unrelated is a sibling root Terraform never reads for examples/basic
    assert not [r for r in results if "unrelated" in r.address]
    assert {r.stack for r in results} == {"basic"}


def test_the_gate_reaches_a_verdict_with_checkov_on() -> None:
    # Before: exit 2 ("Checkov checked 0 resources ... expected 2"): no verdict at all.
    result = run_gate([ROOT], waivers=None, checkov=True)
    assert not result.errors
    assert result.exit_code == 1
    blocking = {(f.policy_id, f.resource) for f in result.findings if f.blocks}
    assert ("CKV_AWS_16", "module.db.aws_db_instance.this") in blocking
    assert ("HAP_ENC_001", "module.db.aws_db_instance.this") in blocking
