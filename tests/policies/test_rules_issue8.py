"""Issue 8 (points 4-6): what the generic fixture test cannot express - subjects that must get
no verdict, settings that change outcomes, secrets never printed, the judged-types table."""

from __future__ import annotations

import ipaddress

import pytest

from policies.catalog import get
from policies.engine import Settings, evaluate
from policies.findings import Outcome
from policies.rules._judged import judged_types, ours
from policies.rules._support import covers_internet
from tests.policies.conftest import load_case


def _outcomes(case: str, pid: str, form: str = "hcl",
              settings: Settings | None = None) -> dict[str, Outcome]:
    results = evaluate(load_case(form, case), settings=settings, policies=(get(pid),))
    return {r.resource: r.outcome for r in results}


def _caller_identity(pid: str) -> dict[str, Outcome]:
    from policies.loaders import load
    from tests.policies.conftest import FIXTURES

    model = load(FIXTURES.parent / "issue8" / "caller_identity")
    return {r.resource: r.outcome for r in evaluate(model, policies=(get(pid),))}


def test_owning_account_by_caller_identity_may_read() -> None:
    assert _caller_identity("HAP_RES_007")["aws_s3_bucket_policy.own_account"] is Outcome.PASSED


def test_allowed_principal_accounts_is_a_setting() -> None:
    loose = Settings(allowed_principal_accounts=("999999999999", "111122223333"))
    out = _outcomes("hap_res_007", "HAP_RES_007", settings=loose)
    assert out["aws_s3_bucket_policy.fail_foreign_account_get"] is Outcome.PASSED
    assert out["aws_kms_key.fail_key_decrypt_by_document"] is Outcome.PASSED
    assert out["aws_s3_bucket_policy.fail_anyone_star"] is Outcome.FAILED


def test_residency_tag_key_is_a_setting() -> None:
    default = _outcomes("hap_res_006", "HAP_RES_006")
    assert default["aws_s3_bucket.fail_relabelled_other_key"] is Outcome.FAILED
    assert default["aws_sqs_queue.pass_lowercase_key_eu"] is Outcome.PASSED
    # With another key configured, the DataResidency-style tags are no residency marker.
    only = _outcomes("hap_res_006", "HAP_RES_006",
                     settings=Settings(residency_tag_keys=("Residency",)))
    assert "aws_s3_bucket.fail_relabelled_other_key" not in only
    assert "aws_sqs_queue.pass_lowercase_key_eu" not in only
    assert "aws_s3_bucket.fail_relabelled_us" not in only


def test_self_modification_through_caller_identity_arn() -> None:
    assert _caller_identity("HAP_IAM_001")["aws_iam_role.self_by_caller_identity"] is \
        Outcome.FAILED


def test_secrets_are_never_printed() -> None:
    results = evaluate(load_case("hcl", "hap_dng_002"), policies=(get("HAP_DNG_002"),))
    text = " ".join(r.message for r in results)
    for value in ("hunter2-not-real", "0123456789abcdef0123", "ghp_not_a_real_token"):
        assert value not in text
    names = {r.resource for r in results}
    assert "aws_db_instance.managed_password" not in names
    assert "aws_cognito_user_pool_client.no_secret_in_validity_units" not in names
    assert "aws_s3_bucket.no_secret_arguments" not in names


def test_split_cidr_in_one_rule_fails_the_per_rule_policy() -> None:
    out = _outcomes("hap_net_006", "HAP_NET_005")
    assert out["aws_security_group.fail_split_in_one_rule"] is Outcome.FAILED
    assert out["aws_security_group.fail_ipv6_split"] is Outcome.FAILED
    assert out["aws_security_group.pass_public_lb_split_https"] is Outcome.PASSED


@pytest.mark.parametrize(("cidrs", "whole"), [
    (["0.0.0.0/1", "128.0.0.0/1"], True),
    (["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/1"], True),
    (["0.0.0.0/1", "128.0.0.0/2"], False),
    (["::/1", "8000::/1"], True),
    (["0.0.0.0/1", "8000::/1"], False),
    (["10.0.0.0/8"], False),
])
def test_covers_internet(cidrs: list[str], whole: bool) -> None:
    # Oracle: count addresses per family with the standard library.
    sizes = {4: 0, 6: 0}
    for c in cidrs:
        net = ipaddress.ip_network(c)
        sizes[net.version] += net.num_addresses
    assert (sizes[4] == 2**32 or sizes[6] == 2**128) is whole
    assert covers_internet(cidrs) is whole


def test_judged_types_table_covers_our_rules_and_is_sorted() -> None:
    from policies.rules._judged import TABLE

    lines = [s for s in TABLE.read_text().splitlines() if s and not s.startswith("#")]
    assert lines == sorted(set(lines))
    assert ours() <= judged_types()
    assert "aws_dsql_cluster" not in judged_types()  # the fixture's "unknown type" stays one
