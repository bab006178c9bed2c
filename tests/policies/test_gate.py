"""run_gate: real loaders, real Checkov, our policies and waivers; fails closed (exit 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policies.gate import GateResult, run_gate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "gate"
CUSTOM = FIXTURES / "databases" / "cdk.tf.json"
CLEAN = FIXTURES / "unscanned" / "cdk.tf.json"
REPO_WAIVERS = Path(__file__).resolve().parents[2] / "waivers.toml"

WAIVERS = """
[[waiver]]
policy_id = "CKV_AWS_118"
resource = "aws_db_instance.pass_*"
reason = "enhanced monitoring is not needed on this fixture"
owner = "platform-team"
expires = 2026-12-31

[[waiver]]
policy_id = "CKV_AWS_16"
resource = "aws_db_instance.*"
reason = "trying to waive a hard-mandatory check"
owner = "platform-team"
expires = 2026-12-31

[[waiver]]
policy_id = "CKV_AWS_129"
resource = "aws_db_instance.*"
reason = "expired long ago, stays reported"
owner = "platform-team"
expires = 2020-01-01

[[waiver]]
policy_id = "CKV_AWS_23"
resource = "aws_security_group.none_here"
reason = "matches nothing in this fixture"
owner = "platform-team"
expires = 2026-12-31
"""


@pytest.fixture(scope="module")
def waived_run(tmp_path_factory: pytest.TempPathFactory) -> GateResult:
    path = tmp_path_factory.mktemp("w") / "waivers.toml"
    path.write_text(WAIVERS)
    return run_gate([CUSTOM], waivers=path, today=date(2026, 12, 1))


def test_clean_input_exits_0_after_a_real_checkov_run() -> None:
    result = run_gate([CLEAN], waivers=None)
    assert result.errors == () and result.findings == ()
    assert result.checkov_ran and result.checkov_checks > 0
    assert result.exit_code == 0


def test_findings_from_both_sources_with_waivers_applied(waived_run: GateResult) -> None:
    assert waived_run.errors == () and waived_run.exit_code == 1
    assert {f.source for f in waived_run.findings} == {"checkov", "custom"}
    by = {(f.policy_id, f.resource): f for f in waived_run.findings}
    soft = by[("CKV_AWS_118", "aws_db_instance.pass_hap1_hap2")]
    assert soft.waived and soft.waiver == "CKV_AWS_118:aws_db_instance.pass_*" and not soft.blocks
    hard = by[("CKV_AWS_16", "aws_db_instance.fail_hap1_retention_1")]
    assert not hard.waived and hard.blocks
    expired = by[("CKV_AWS_129", "aws_db_instance.pass_hap1_hap2")]
    assert not expired.waived and expired.blocks
    kinds = {(i.kind, i.waiver) for i in waived_run.waiver_issues}
    assert kinds == {("refused", "CKV_AWS_16:aws_db_instance.*"),
                     ("expired", "CKV_AWS_129:aws_db_instance.*"),
                     ("unused", "CKV_AWS_23:aws_security_group.none_here")}


def test_findings_are_sorted_most_severe_first(waived_run: GateResult) -> None:
    order = ["CRITICAL", "HIGH", "MEDIUM", "LOW"]
    ranks = [order.index(f.severity.value) for f in waived_run.findings]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize(("make", "reason"), [
    (lambda d: d / "missing.tf.json", "no such file"),
    (lambda d: (d / "t.tf.json").write_text('{"resource": {"aws_s3_bucket": {') and d / "t.tf.json",
     "truncated JSON"),
])
def test_bad_input_is_exit_2_with_one_line(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    result = run_gate([make(tmp_path)], waivers=None)
    assert result.exit_code == 2
    assert len(result.errors) == 1 and reason in result.errors[0]
    assert "\n" not in result.errors[0]


def test_missing_checkov_is_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHECKOV_BIN", str(tmp_path / "checkov"))
    result = run_gate([CLEAN], waivers=None)
    assert result.exit_code == 2
    assert result.errors[0].startswith("Checkov not found at")


def test_malformed_waiver_file_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "w.toml"
    path.write_text('[[waiver]]\npolicy_id = "X"\n')
    result = run_gate([CLEAN], waivers=path, checkov=False)
    assert result.exit_code == 2
    assert [i.kind for i in result.waiver_issues] == ["malformed"]


@pytest.mark.parametrize(("entry", "problem"), [
    ('policy_id = "CKV_AWS_99999"\nresource = "aws_db_instance.x"', "unknown policy id"),
    ('policy_id = "CKV_AWS_118"\nresource = "*"', "glob within one resource type"),
    ('policy_id = "CKV_AWS_118"\nresource = "aws_db_instance.x"\nexpires = 2027-06-01',
     "more than 90 days ahead"),
])
def test_waivers_that_would_switch_off_too_much_are_exit_2(tmp_path: Path, entry: str,
                                                           problem: str) -> None:
    path = tmp_path / "w.toml"
    text = f'[[waiver]]\n{entry}\nreason = "a reason of twenty characters or more"\n' \
           'owner = "platform-team"\n'
    if "expires" not in entry:
        text += "expires = 2026-12-31\n"
    path.write_text(text)
    result = run_gate([CLEAN], waivers=path, checkov=False, today=date(2026, 12, 1))
    assert result.exit_code == 2
    [issue] = result.waiver_issues
    assert issue.kind == "malformed" and problem in issue.message


def test_skipping_checkov_is_recorded() -> None:
    result = run_gate([CLEAN], waivers=None, checkov=False)
    assert result.checkov_skipped and not result.checkov_ran and result.exit_code == 0


@pytest.mark.synth
def test_our_topology_is_fully_scanned_and_every_waiver_used(synth_dir: Path) -> None:
    # a fixed day (the repo's expiries lie within 90 days of it), never the real date
    result = run_gate([synth_dir], waivers=REPO_WAIVERS, today=date(2026, 11, 29))
    assert result.errors == ()  # Checkov parsed every stack and checked every resource
    # Every waiver in waivers.toml is still needed, none expired or refused...
    assert list(result.waiver_issues) == []
    # ...and our own topology passes the gate (what `make gate` runs).
    assert [(f.policy_id, f.stack, f.resource) for f in result.findings if f.blocks] == []
    assert result.exit_code == 0
