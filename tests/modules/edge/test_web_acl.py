"""EdgeWebAcl: CLOUDFRONT scope, AWS managed rule groups and a per-IP rate limit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import only


def test_managed_rule_groups_and_rate_limit(edge_stack: dict[str, Any]) -> None:
    from cdktf_cdktf_provider_aws.wafv2_web_acl import Wafv2WebAcl

    acl = only(edge_stack, Wafv2WebAcl.TF_RESOURCE_TYPE)
    # CLOUDFRONT scope exists only in us-east-1: that is the edge stack's provider region
    # (tests/stacks/test_edge_stack.py), never a resource-level override (provider 6.x only).
    assert acl["scope"] == "CLOUDFRONT" and "region" not in acl
    rules = {r["name"]: r for r in acl["rule"]}
    managed = {r["statement"]["managed_rule_group_statement"]["name"]
               for r in acl["rule"] if "managed_rule_group_statement" in r["statement"]}
    assert managed == {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                       "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesAmazonIpReputationList",
                       "AWSManagedRulesAnonymousIpList"}
    rate = rules["per-ip-rate-limit"]
    assert rate["statement"]["rate_based_statement"] == {"limit": 2000,
                                                         "aggregate_key_type": "IP"}
    assert rate["action"] == {"block": {}}
    assert sorted(r["priority"] for r in acl["rule"]) == list(range(6))


def test_required_rule_groups_cannot_be_dropped() -> None:
    from modules.edge.web_acl import WebAclProps

    with pytest.raises(ValueError, match="AWSManagedRulesSQLiRuleSet"):
        WebAclProps(name="w", managed_rule_groups=("AWSManagedRulesCommonRuleSet",))
    with pytest.raises(ValueError, match="rate_limit"):
        WebAclProps(name="w", rate_limit_per_5_min=1)
