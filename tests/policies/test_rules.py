"""Every policy on its own fixture, in all three input forms (HCL, synth JSON, plan JSON).

Resources are named by outcome (``pass_*``, ``fail_*``, ``unknown_*``); the exact set of each
outcome is asserted. For the stack-level state policy the stack is named by outcome. A policy
whose subject is the whole input (the budget) has one stack per outcome, each judged alone.
"""

from __future__ import annotations

import pytest

from policies.catalog import POLICIES, get
from policies.engine import evaluate
from policies.findings import Outcome
from policies.model import Model
from tests.policies.conftest import FORMS, cases, load_case

_PREFIX = {"pass_": Outcome.PASSED, "fail_": Outcome.FAILED, "unknown_": Outcome.UNKNOWN}
Key = tuple[str, str]

#: Where a plan cannot express what HCL/synth can. Plans carry no backend, so a
#: terraform_remote_state reference cannot be followed to its stack (-> unknown), and the
#: state-residency policy has no subject.
PLAN_OVERRIDES: dict[str, dict[Key, Outcome | None]] = {
    "HAP_BAK_006": {("primary", "aws_db_instance.pass_replicated"): Outcome.UNKNOWN,
                    ("primary", "aws_db_instance.fail_no_copy"): Outcome.UNKNOWN},
    "HAP_RES_002": {("eu", "aws_db_instance.pass_us_replica"): Outcome.UNKNOWN,
                    ("us", "aws_db_instance.fail_eu_replica_in_us"): Outcome.UNKNOWN},
    # Global Datastore secondaries in the standby stack inherit through the app stack's output.
    "HAP_TLS_003": {("standby", "aws_elasticache_replication_group."
                                "pass_secondary_of_tls_primary_across_stacks"): Outcome.UNKNOWN,
                    ("standby", "aws_elasticache_replication_group."
                                "fail_secondary_of_plain_primary_across_stacks"): Outcome.UNKNOWN},
    "HAP_RES_005": {("us", "aws_elasticache_replication_group."
                           "fail_eu_cache_secondary_in_us_across_stacks"): Outcome.UNKNOWN},
    "HAP_RES_004": {("fail_state", "terraform.backend"): None,
                    ("pass_state", "terraform.backend"): None},
    # A plan written before apply knows neither the account id (fixture plans do not read data
    # sources) nor a policy document that interpolates a bucket created in the same plan.
    "HAP_APV_003": {("hap_apv_003", "aws_s3_bucket.pass_bucket_with_account"): Outcome.UNKNOWN,
                    ("hap_apv_003", "aws_s3_bucket.fail_too_long_with_account"):
                        Outcome.UNKNOWN},
    "HAP_APV_004": {("hap_apv_004", "aws_lb.pass_elb_account"): Outcome.UNKNOWN},
}


#: Policies judging the whole input: each stack of their case is a model of its own.
WHOLE_INPUT = {"HAP_COST_001": "estimate.monthly_cost"}


def expected(model: Model, policy_id: str, form: str) -> dict[Key, Outcome]:
    """Outcome per subject, read from the names in the fixture."""
    out: dict[Key, Outcome] = {}
    for stack in model.stacks:
        if policy_id == "HAP_RES_004":
            for prefix, outcome in _PREFIX.items():
                if stack.name.startswith(prefix):
                    out[(stack.name, "terraform.backend")] = outcome
            continue
        for r in (*stack.resources, *stack.data_sources):
            for prefix, outcome in _PREFIX.items():
                if r.name.startswith(prefix):
                    out[(stack.name, r.address)] = outcome
    if form == "plan":
        for key, override in PLAN_OVERRIDES.get(policy_id, {}).items():
            if override is None:
                out.pop(key, None)
            else:
                out[key] = override
    return out


def test_every_policy_has_a_fixture() -> None:
    assert cases() == sorted(p.id.lower() for p in POLICIES)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("policy_id", sorted(WHOLE_INPUT))
def test_whole_input_policy_outcomes(policy_id: str, form: str) -> None:
    policy = get(policy_id)
    seen = set()
    model = load_case(form, policy_id.lower())
    for stack in model.stacks:
        alone = Model(stacks=(stack,), input_form=model.input_form)
        results = evaluate(alone, policies=(policy,))
        want = next(o for prefix, o in _PREFIX.items() if stack.name.startswith(prefix))
        assert [(r.resource, r.outcome) for r in results] == [
            (WHOLE_INPUT[policy_id], want)], (stack.name, results)
        seen.add(want)
    assert seen == set(Outcome)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case", cases())
def test_policy_outcomes(case: str, form: str) -> None:
    if case.upper() in WHOLE_INPUT:
        pytest.skip("judged stack by stack in test_whole_input_policy_outcomes")
    policy = get(case.upper())
    model = load_case(form, case)
    results = evaluate(model, policies=(policy,))
    actual = {(r.stack, r.resource): r.outcome for r in results}
    want = expected(model, policy.id, form)
    for outcome in Outcome:
        assert {k for k, v in actual.items() if v is outcome} == \
            {k for k, v in want.items() if v is outcome}, f"{policy.id} {form} {outcome.value}"
    if form != "plan" or policy.id not in PLAN_OVERRIDES:
        assert any(v is Outcome.PASSED for v in want.values())
        assert any(v is Outcome.FAILED for v in want.values())


@pytest.mark.parametrize("form", FORMS)
def test_unknown_results_carry_a_reason(form: str) -> None:
    model = load_case(form, "hap_net_001")
    unknowns = [r for r in evaluate(model) if r.outcome is Outcome.UNKNOWN]
    assert unknowns
    assert all(": " in r.message for r in unknowns)


def test_cross_region_copy_in_an_unseen_stack_is_unknown() -> None:
    from policies.loaders import load
    from tests.policies.conftest import FIXTURES

    model = load(FIXTURES / "hcl" / "hap_bak_006" / "primary")
    results = {r.resource: r for r in evaluate(model, policies=(get("HAP_BAK_006"),))}
    replicated = results["aws_db_instance.pass_replicated"]
    assert replicated.outcome is Outcome.UNKNOWN
    assert "exported to another stack" in replicated.message
    assert results["aws_db_instance.fail_no_copy"].outcome is Outcome.FAILED


def test_no_edge_stack_makes_routing_unknown() -> None:
    from policies.loaders import load
    from tests.policies.conftest import FIXTURES

    model = load(FIXTURES / "hcl" / "hap_ha_005" / "serving_us")
    results = evaluate(model, policies=(get("HAP_HA_005"),))
    assert [(r.resource, r.outcome) for r in results] == [
        ("aws_lb.web", Outcome.UNKNOWN)]
    assert "edge stack absent" in results[0].message


def test_backup_retention_threshold_is_a_setting() -> None:
    from policies.engine import Settings

    model = load_case("hcl", "hap_bak_001")
    strict = evaluate(model, settings=Settings(min_backup_retention_days=14),
                      policies=(get("HAP_BAK_001"),))
    failed = {r.resource for r in strict if r.outcome is Outcome.FAILED}
    assert "aws_db_instance.pass_week" in failed
    assert "aws_db_instance.pass_month" not in failed
    with pytest.raises(ValueError, match="at least 1"):
        Settings(min_backup_retention_days=0)
