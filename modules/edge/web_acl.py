"""A WAFv2 web ACL: AWS managed rule groups (IP reputation, anonymous IPs, common, known
bad inputs, SQL injection) and a per-IP rate limit. Anonymous-IP blocking covers VPNs/Tor;
its hosting-provider rule only counts (API clients in clouds).

CLOUDFRONT scope (the edge): full request logging is off by design, its logs must be
delivered in us-east-1 and hold the client IPs of EU users (GDPR residency); metrics and
sampled requests stay on. REGIONAL scope (an ALB's direct path,
:mod:`modules.loadbalancing.direct_access`): every rule is scoped down to requests for the
site names (``inspect_hosts``), the ones that did not come through CloudFront; requests
CloudFront forwards (for the API names) were inspected at the edge already and their source
is an edge location, which a per-IP limit must not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktf_cdktf_provider_aws.wafv2_web_acl import (
    Wafv2WebAcl,
    Wafv2WebAclDefaultAction,
    Wafv2WebAclDefaultActionAllow,
    Wafv2WebAclRule,
    Wafv2WebAclRuleAction,
    Wafv2WebAclRuleActionBlock,
    Wafv2WebAclRuleOverrideAction,
    Wafv2WebAclRuleOverrideActionNone,
    Wafv2WebAclRuleVisibilityConfig,
    Wafv2WebAclVisibilityConfig,
)
from constructs import Construct

#: Rules of managed groups that only count instead of blocking.
COUNT_ONLY = {"AWSManagedRulesAnonymousIpList": ("HostingProviderIPList",)}
#: AWS managed rule groups, in evaluation order after the rate limit.
MANAGED_RULE_GROUPS = (
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
)


@dataclass(frozen=True)
class WebAclProps:
    """Inputs of :class:`EdgeWebAcl`."""

    name: str
    """Web ACL name (also the metric name prefix)."""
    rate_limit_per_5_min: int = 2000
    """Requests per client IP per 5 minutes before blocking."""
    managed_rule_groups: tuple[str, ...] = MANAGED_RULE_GROUPS
    """AWS managed rule groups applied (vendor AWS)."""
    scope: str = "CLOUDFRONT"
    """``CLOUDFRONT`` (us-east-1, the distribution) or ``REGIONAL`` (an ALB)."""
    inspect_hosts: tuple[str, ...] = ()
    """When set, every rule applies only to requests whose Host is one of these."""

    def __post_init__(self) -> None:
        if self.scope not in ("CLOUDFRONT", "REGIONAL"):
            raise ValueError(f"scope must be CLOUDFRONT or REGIONAL: {self.scope!r}")
        if not 10 <= self.rate_limit_per_5_min <= 2_000_000_000:
            raise ValueError("rate_limit_per_5_min must be 10..2e9 (WAF limits)")
        missing = set(MANAGED_RULE_GROUPS) - set(self.managed_rule_groups)
        if missing:
            raise ValueError(f"required managed rule groups missing: {sorted(missing)}")


def _visibility(metric: str) -> Wafv2WebAclRuleVisibilityConfig:
    return Wafv2WebAclRuleVisibilityConfig(
        cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True)


def _host_is(hosts: tuple[str, ...]) -> dict[str, Any] | None:
    """A statement matching requests whose Host header is one of ``hosts``."""
    matches: list[dict[str, Any]] = [{"byte_match_statement": {
        "field_to_match": {"single_header": {"name": "host"}},
        "positional_constraint": "EXACTLY", "search_string": h,
        "text_transformation": [{"priority": 0, "type": "LOWERCASE"}]}} for h in hosts]
    if len(matches) > 1:
        return {"or_statement": {"statement": matches}}
    return matches[0] if matches else None


class EdgeWebAcl(Construct):
    """WAFv2 web ACL for the CloudFront distribution (us-east-1) or an ALB (regional)."""

    def __init__(self, scope: Construct, id: str, *, props: WebAclProps) -> None:
        super().__init__(scope, id)
        scope_down = _host_is(props.inspect_hosts)
        rate: dict[str, Any] = {"rate_based_statement": {
            "limit": props.rate_limit_per_5_min, "aggregate_key_type": "IP"}}
        if scope_down:
            rate["rate_based_statement"]["scope_down_statement"] = scope_down
        rules = [Wafv2WebAclRule(
            name="per-ip-rate-limit", priority=0, statement=rate,
            action=Wafv2WebAclRuleAction(block=Wafv2WebAclRuleActionBlock()),
            visibility_config=_visibility(f"{props.name}-rate-limit"))]
        for i, group in enumerate(props.managed_rule_groups, start=1):
            managed: dict[str, Any] = {"name": group, "vendor_name": "AWS"}
            if group in COUNT_ONLY:
                managed["rule_action_override"] = [
                    {"name": rule, "action_to_use": {"count": {}}} for rule in COUNT_ONLY[group]]
            if scope_down:
                managed["scope_down_statement"] = scope_down
            statement = {"managed_rule_group_statement": managed}
            rules.append(Wafv2WebAclRule(
                name=group, priority=i, statement=statement,
                override_action=Wafv2WebAclRuleOverrideAction(
                    none=Wafv2WebAclRuleOverrideActionNone()),
                visibility_config=_visibility(f"{props.name}-{group}")))
        self.web_acl = Wafv2WebAcl(
            self, "acl", name=props.name, scope=props.scope,
            default_action=Wafv2WebAclDefaultAction(allow=Wafv2WebAclDefaultActionAllow()),
            visibility_config=Wafv2WebAclVisibilityConfig(
                cloudwatch_metrics_enabled=True, metric_name=props.name,
                sampled_requests_enabled=True),
            rule=rules,
        )

    @property
    def arn(self) -> str:
        """Web ACL ARN (CloudFront's web_acl_id, or the ALB association's)."""
        return self.web_acl.arn
