"""A rule that raises becomes an unknown result naming the rule: never a crash, never a pass."""

from __future__ import annotations

from pathlib import Path

from policies.engine import evaluate, findings
from policies.findings import Enforcement, Outcome, Severity
from policies.loaders import load_many
from policies.rules._base import HA, Rule

HCL = Path(__file__).parent.parent / "fixtures" / "policies" / "hcl" / "hap_ha_001"


class Broken(Rule):
    """Raises on every VPC."""

    id = "HAP_TEST_998"
    name = "Ensure a broken rule fails closed"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = "test"
    resource_types = ("aws_vpc",)

    def check(self, r, ctx):  # type: ignore[no-untyped-def]
        raise KeyError("cidr_block")


def test_a_raising_rule_is_one_unknown_result_naming_it() -> None:
    model = load_many([HCL])
    assert any(r.type == "aws_vpc" for s in model.stacks for r in s.resources)
    results = evaluate(model, policies=(Broken,))
    assert len(results) == 1
    (only,) = results
    assert only.outcome is Outcome.UNKNOWN and only.policy_id == "HAP_TEST_998"
    assert "Broken" in only.message and "KeyError" in only.message


def test_the_real_policy_set_still_runs_beside_it() -> None:
    # The gate's findings on the same fixture are unaffected by other rules' failures:
    # every real policy ran (HAP_HA_001 judged the fixture's subnets).
    ids = {f.policy_id for f in findings(load_many([HCL]))}
    assert "HAP_HA_001" in ids
