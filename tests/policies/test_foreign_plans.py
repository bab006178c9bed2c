"""Real ``terraform show -json`` plans of foreign code (issue 9): a server-side-encryption
configuration written with ``dynamic "rule"`` is judged on what the plan says, never as a
false "sse_algorithm is None".

The fixtures are plans written by Terraform 1.11 with hashicorp/aws 5.100.0 from the
``*.tf.txt`` files beside them (``terraform plan -out`` + ``terraform show -json``).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from policies.catalog import get
from policies.engine import evaluate
from policies.findings import Outcome
from policies.gate import run_gate
from policies.loaders import load, load_many
from policies.loaders.schema_blocks import block_keys

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "foreign" / "plan_dynamic_rule"


def _enc_003(plan: Path) -> list[tuple[str, Outcome, str]]:
    results = evaluate(load(plan), policies=(get("HAP_ENC_003"),))
    return [(r.resource, r.outcome, r.message) for r in results]


def test_dynamic_rule_with_a_known_for_each_passes_on_its_planned_algorithm() -> None:
    # GIVEN dynamic "rule" over a variable whose one item says aws:kms (key ARN unknown)
    [(address, outcome, message)] = _enc_003(FIX / "known.json")
    # THEN the bucket passes: the plan carries sse_algorithm = "aws:kms"
    assert (address, outcome) == ("aws_s3_bucket.data", Outcome.PASSED), message


def test_nested_dynamic_with_an_unknown_for_each_is_unknown_not_none() -> None:
    # GIVEN a nested dynamic "apply_server_side_encryption_by_default" whose for_each
    # depends on a key created in the same plan (Terraform: the whole block is unknown)
    [(address, outcome, message)] = _enc_003(FIX / "unknown_nested.json")
    # THEN the verdict is unknown (fails closed), never "sse_algorithm is None"
    assert (address, outcome) == ("aws_s3_bucket.data", Outcome.UNKNOWN)
    assert "None" not in message


PLANS = FIX.parent / "stack_plans"
REPO = FIX.parents[3]


def _verdicts(plan: Path) -> dict[tuple[str, str], Outcome]:
    return {(r.policy_id, r.resource): r.outcome for r in evaluate(load(plan))}


def test_real_plan_of_our_state_stack_passes_like_its_synth() -> None:
    # GIVEN the real plan of state-us-east-1 (a new bucket whose policy, versioning and
    # encryption are separate resources interpolating the bucket's ARN, and a key policy
    # naming the caller's own account): before, 12 blocking findings ("known only after
    # apply", "foreign account 123456789012"), although the synth folder gate passes
    result = run_gate([PLANS / "state-us-east-1.json"], waivers=REPO / "waivers.toml",
                      checkov=False, today=date(2026, 12, 1))
    # THEN the plan gate agrees with the synth gate, except for what a plan of this stack
    # alone cannot show: the bucket's copy lives in state-replication-us-east-1, so its
    # recovery is judged without it (on the full synth the copy is credited and it passes)
    assert [f"{f.policy_id} {f.resource}" for f in result.findings if f.blocks] == [
        "HAP_REC_001 aws_s3_bucket.state_bucket"]
    got = _verdicts(PLANS / "state-us-east-1.json")
    assert got[("HAP_ENC_003", "aws_s3_bucket.state_bucket")] is Outcome.PASSED
    assert got[("HAP_TLS_005", "aws_s3_bucket.state_bucket")] is Outcome.PASSED
    assert got[("HAP_BAK_005", "aws_s3_bucket.state_bucket")] is Outcome.PASSED
    assert got[("HAP_RES_007", "aws_kms_key.state_key_key")] is Outcome.PASSED
    assert got[("HAP_RES_007", "aws_s3_bucket_policy.state_policy")] is Outcome.PASSED


def test_provider_computed_keys_are_not_judged_as_configuration() -> None:
    got = _verdicts(PLANS / "app-us-east-1-subset.json")
    # A replica's engine, an instance's snapshot_identifier and a replication group's
    # global_replication_group_id are computed at apply: not a copy of data, as in synth
    for address in ("aws_db_instance.database_primary",
                    "aws_db_instance.database_reporting_replica",
                    "aws_elasticache_replication_group.redis_replication_group"):
        assert ("HAP_RES_005", address) not in got
    assert ("HAP_APV_002", "aws_db_instance.database_reporting_replica") not in got
    # auth_token_update_strategy = "ROTATE" (ROTATE|SET|DELETE) names a strategy, not a secret
    assert got.get(("HAP_DNG_002", "aws_elasticache_replication_group.redis_replication_group")) \
        is not Outcome.FAILED
    # the prefix list id rendered from a data source is followed to that data source
    assert got[("HAP_APV_001", "aws_security_group.sg_alb")] is Outcome.PASSED


def test_the_block_table_comes_from_the_provider_schema() -> None:
    # hashicorp/aws 5.100.0 documents these as blocks (ingress: attributes-as-blocks)
    assert "ingress" in (block_keys("aws_security_group") or ())
    assert "rule" in (block_keys("aws_s3_bucket_server_side_encryption_configuration") or ())
    assert "engine" not in (block_keys("aws_db_instance") or {"engine"})
    assert block_keys("google_storage_bucket") is None


@pytest.mark.parametrize("case", ["hap_res_002", "hap_bak_006", "hap_tls_003",
                                  "hap_res_005"])
def test_plans_beside_their_configuration_follow_remote_state_like_synth(
        case: str, tmp_path: Path) -> None:
    # GIVEN each stack's plan in the working directory it was made from (as `terraform plan`
    # leaves it): before, a plan had no backend, so terraform_remote_state references into the
    # other stack stayed unknown (the PLAN_OVERRIDES of test_rules)
    fixtures = REPO / "tests" / "fixtures" / "policies"
    plans = []
    for stack_dir in sorted((fixtures / "synth" / case / "stacks").iterdir()):
        folder = tmp_path / stack_dir.name
        folder.mkdir()
        shutil.copy(stack_dir / "cdk.tf.json", folder / "cdk.tf.json")
        shutil.copy(fixtures / "plan" / case / f"{stack_dir.name}.json", folder / "plan.json")
        plans.append(folder / "plan.json")
    policy = get(case.upper())
    synth = {(r.stack, r.resource): r.outcome
             for r in evaluate(load(fixtures / "synth" / case), policies=(policy,))}
    planned = {(r.stack, r.resource): r.outcome
               for r in evaluate(load_many(plans), policies=(policy,))}
    # THEN the plans are judged as the synth folder is (stack names from the folders)
    assert planned == synth
    assert Outcome.PASSED in synth.values() and Outcome.FAILED in synth.values()


def test_a_folder_with_other_configuration_is_not_taken_as_the_plans(tmp_path: Path) -> None:
    fixtures = REPO / "tests" / "fixtures" / "policies"
    shutil.copy(fixtures / "synth" / "hap_res_002" / "stacks" / "us" / "cdk.tf.json",
                tmp_path / "cdk.tf.json")
    shutil.copy(fixtures / "plan" / "hap_res_002" / "eu.json", tmp_path / "eu.json")
    (stack,) = load(tmp_path / "eu.json").stacks
    assert (stack.name, stack.backend) == ("eu", None)


def test_for_each_references_are_the_resources_references() -> None:
    # The validation record's for_each reads the certificate's domain_validation_options
    # (plan: configuration.for_each_expression); rules find the records by that reference
    (stack,) = load(PLANS / "app-us-east-1-subset.json").stacks
    record = next(r for r in stack.resources
                  if r.address.startswith("aws_route53_record.serving_certificate_validation["))
    assert "aws_acm_certificate.serving_certificate_certificate" in record.references
