"""ElastiCache Global Datastores: secondaries judged on what they inherit (issue 12).

The per-policy fixtures (the Global Datastore cases of tests/fixtures/policies/hcl/hap_enc_002,
hap_tls_003 (app + standby stacks, as our generator emits them), hap_ha_003, hap_apv_002 and
hap_res_005 (EU + US stacks)) assert each verdict in every input form; here: the shapes only
a refreshed plan or state has (the provider's Read sets ``global_replication_group_id`` on the
primary too; a create plan marks it computed), and Checkov's failures on inherited attributes,
run with real Checkov.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policies.catalog import get
from policies.engine import evaluate
from policies.findings import Enforcement, Outcome
from policies.gate import run_gate
from policies.loaders.plan_values import COMPUTED
from policies.model import Model, Resource, Stack, Unknown

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "policies"
RG = "aws_elasticache_replication_group"
GRG = "aws_elasticache_global_replication_group"


def _resource(rtype: str, name: str, region: str, **values: Any) -> Resource:
    return Resource(address=f"{rtype}.{name}", type=rtype, name=name, stack="refreshed",
                    region=region, provider="aws", values=values)


def _outcomes(model: Model, policy_id: str) -> dict[str, tuple[Outcome, str]]:
    return {r.resource: (r.outcome, r.message)
            for r in evaluate(model, policies=(get(policy_id),))}


def _refreshed(secondary_region: str, **secondary: Any) -> Model:
    """A refreshed plan's values: ids are literals, the primary carries the global id too."""
    resources = (
        _resource(RG, "primary", "eu-west-1", id="sessions-primary",
                  replication_group_id="sessions-primary",
                  global_replication_group_id="ldgnf-sessions",
                  at_rest_encryption_enabled=True, transit_encryption_enabled=True),
        _resource(GRG, "sessions", "eu-west-1", id="ldgnf-sessions",
                  primary_replication_group_id="sessions-primary"),
        _resource(RG, "secondary", secondary_region, id="sessions-dr",
                  replication_group_id="sessions-dr",
                  global_replication_group_id="ldgnf-sessions", **secondary),
    )
    stack = Stack(name="refreshed", region="eu-west-1", residency="eu", backend=None,
                  resources=resources)
    return Model(stacks=(stack,), input_form="plan")


def test_a_refreshed_primary_with_the_global_id_is_judged_on_its_own_values() -> None:
    # GIVEN a refreshed plan: both members carry the global id, the secondary's encryption is
    # computed (not in its configuration)
    model = _refreshed("eu-central-1", at_rest_encryption_enabled=Unknown(COMPUTED))
    results = _outcomes(model, "HAP_ENC_002")
    # THEN the primary is judged on its own value, the secondary on the primary's
    assert results[f"{RG}.primary"] == (Outcome.PASSED, "at_rest_encryption_enabled is enabled")
    assert results[f"{RG}.secondary"][0] is Outcome.PASSED
    assert "inherited from primary aws_elasticache_replication_group.primary" in \
        results[f"{RG}.secondary"][1]
    # AND the primary is no copy of itself for residency; the secondary stays in the EU
    residency = _outcomes(model, "HAP_RES_005")
    assert f"{RG}.primary" not in residency
    assert residency[f"{RG}.secondary"][0] is Outcome.PASSED


def test_a_refreshed_secondary_judged_on_what_it_reports() -> None:
    # GIVEN the secondary's own (read back) value says unencrypted while the primary's says
    # encrypted: what it sets is judged
    model = _refreshed("eu-central-1", at_rest_encryption_enabled=False)
    assert _outcomes(model, "HAP_ENC_002")[f"{RG}.secondary"] == (
        Outcome.FAILED, "at_rest_encryption_enabled is not enabled")


def test_an_eu_primary_with_a_secondary_in_the_us_fails_residency() -> None:
    model = _refreshed("us-east-1")
    outcome, message = _outcomes(model, "HAP_RES_005")[f"{RG}.secondary"]
    assert outcome is Outcome.FAILED and "us-east-1" in message


def test_a_computed_global_id_in_a_create_plan_is_no_membership() -> None:
    # GIVEN a create plan: global_replication_group_id is Optional+Computed, so a group that
    # does not set it shows it as known only after apply
    lone = _resource(RG, "lone", "us-east-1", at_rest_encryption_enabled=True,
                     transit_encryption_enabled=Unknown(COMPUTED),
                     global_replication_group_id=Unknown(COMPUTED))
    stack = Stack(name="refreshed", region="us-east-1", residency="us", backend=None,
                  resources=(lone,))
    model = Model(stacks=(stack,), input_form="plan")
    # THEN it is judged on its own values, not as a secondary with an unknown chain
    assert _outcomes(model, "HAP_ENC_002")[f"{RG}.lone"][0] is Outcome.PASSED
    outcome, message = _outcomes(model, "HAP_TLS_003")[f"{RG}.lone"]
    assert outcome is Outcome.UNKNOWN and "inherited" not in message
    assert f"{RG}.lone" not in _outcomes(model, "HAP_RES_005")


#: (fixture, Checkov check, our policy, handed-over secondaries, kept failures (stack, name)).
HAND_OVER = [
    ("hap_enc_002", "CKV_AWS_29", "HAP_ENC_002",
     [("hap_enc_002", "pass_secondary_in_stack"),
      ("hap_enc_002", "fail_secondary_in_stack_of_plain")],
     [("hap_enc_002", "unknown_secondary_of_unseen_datastore"),
      ("hap_enc_002", "fail_secondary_sets_plain"), ("hap_enc_002", "fail_primary_plain")]),
    ("hap_tls_003", "CKV_AWS_30", "HAP_TLS_003",
     [("standby", "pass_secondary_of_tls_primary_across_stacks"),
      ("standby", "fail_secondary_of_plain_primary_across_stacks"),
      ("app", "pass_secondary_of_tls_primary")],
     [("standby", "unknown_secondary_of_unseen_stack"),
      ("app", "unknown_secondary_of_unseen_primary"), ("app", "fail_plain_primary")]),
]


@pytest.mark.parametrize(("case", "check", "ours", "handed", "kept"), HAND_OVER)
def test_checkov_failures_on_inherited_attributes_are_handed_over_to_ours(
        case: str, check: str, ours: str, handed: list[tuple[str, str]],
        kept: list[tuple[str, str]]) -> None:
    # GIVEN a policy's fixture (HAP_TLS_003's: app + standby stacks) gated with real Checkov
    result = run_gate([FIXTURES / "synth" / case], waivers=None)
    assert result.errors == ()
    found = {(f.policy_id, f.stack, f.resource.split(".")[1]): f for f in result.findings}
    # THEN Checkov's failure on a secondary whose chain reaches its primary, and which sets
    # nothing itself, is advisory and names the primary and our policy...
    for stack, name in handed:
        finding = found[(check, stack, name)]
        assert finding.enforcement is Enforcement.ADVISORY and not finding.blocks
        assert ours in finding.message and "inherits" in finding.message
        # ...whose own verdict blocks exactly when the primary is unprotected
        assert ((ours, stack, name) in found) is name.startswith("fail_")
    # AND it stays hard-mandatory where the chain breaks or the secondary sets the value
    for stack, name in kept:
        finding = found[(check, stack, name)]
        assert finding.enforcement is Enforcement.HARD_MANDATORY and finding.blocks
    assert result.exit_code == 1


def test_the_same_value_spelled_twice_is_no_conflict() -> None:
    # GIVEN a global group that sets automatic failover as cdktf spells it ("true") and a
    # primary that sets it as a boolean
    primary = _resource(RG, "primary", "eu-west-1", id="p", automatic_failover_enabled=True,
                        multi_az_enabled=True, replicas_per_node_group=2)
    group = _resource(GRG, "g", "eu-west-1", id="ldgnf-g", primary_replication_group_id="p",
                      automatic_failover_enabled="true")
    stack = Stack(name="refreshed", region="eu-west-1", residency="eu", backend=None,
                  resources=(primary, group))
    # THEN the primary passes (a different value would be unknown: hap_ha_003's fixture)
    assert _outcomes(Model(stacks=(stack,), input_form="plan"), "HAP_HA_003")[
        f"{RG}.primary"][0] is Outcome.PASSED
