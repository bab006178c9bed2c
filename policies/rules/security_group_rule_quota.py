"""Security groups stay within the rules-per-group quota, prefix lists counted by max entries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._apply import limits
from policies.rules._base import APV, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import as_int, blocks

SG = "aws_security_group"
_STANDALONE = ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
               "aws_vpc_security_group_egress_rule")


class SecurityGroupRuleQuota(Rule):
    """Per group and direction, the rules (inline blocks, ``aws_security_group_rule``, VPC
    ingress/egress rules) weigh at most the quota; a CIDR counts one, a prefix list its max
    entries (AWS-managed lists from the data table, ours from ``max_entries``)."""

    id = "HAP_APV_001"
    name = "Ensure security groups stay within the rules-per-group quota"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = APV
    explanation = (
        "A group over the quota (default 60 inbound and 60 outbound; a prefix-list reference "
        "counts its max entries: CloudFront's origin-facing list is 55) fails at apply with "
        "RulesPerSecurityGroupLimitExceeded."
    )

    def verdicts(self, ctx: Context) -> Iterator[Verdict]:
        """Overridden, not check(): a group's weight sums its inline rules and the separate rule
        resources that point at it."""
        quota = int(limits()["security_groups"]["rules_per_direction"])
        weight: dict[tuple[str, str, str], int] = defaultdict(int)
        why: dict[tuple[str, str], str] = {}
        groups = ctx.of_type(SG)
        for sg in groups:
            for direction in ("ingress", "egress"):
                for rule in blocks(sg.values, direction):
                    _add(ctx, sg, rule, (sg.stack, sg.address, direction), weight, why)
        for r in ctx.of_type(*_STANDALONE):
            direction = ("ingress" if r.type.endswith("ingress_rule") else "egress"
                         if r.type.endswith("egress_rule") else str(r.values.get("type")))
            ref = ctx.resolve(r, r.values.get("security_group_id"), SG)
            if ref.resource is None:
                continue  # a group outside the input: nothing to count against here
            key = (ref.resource.stack, ref.resource.address, direction)
            _add(ctx, r, r.values, key, weight, why)
        for sg in groups:
            reason = why.get((sg.stack, sg.address))
            worst = max(weight[(sg.stack, sg.address, d)] for d in ("ingress", "egress"))
            if worst > quota:
                sides = ", ".join(f"{d} {weight[(sg.stack, sg.address, d)]}"
                                  for d in ("ingress", "egress"))
                yield failed(sg, f"rules weigh {sides} against a quota of {quota} per direction")
            elif reason:
                yield unknown(sg, "rule weight cannot be counted", reason)
            else:
                yield passed(sg, f"rules weigh at most {worst} of {quota} per direction")


def _add(ctx: Context, owner: Resource, rule: Any, key: tuple[str, str, str],
         weight: dict[tuple[str, str, str], int], why: dict[tuple[str, str], str]) -> None:
    if not isinstance(rule, dict):
        return
    n = 0
    for attr in ("cidr_blocks", "ipv6_cidr_blocks", "security_groups"):
        value = rule.get(attr)
        n += len(value) if isinstance(value, list) else 0
    for attr in ("cidr_ipv4", "cidr_ipv6", "referenced_security_group_id",
                 "source_security_group_id"):
        n += 1 if rule.get(attr) not in (None, "") else 0
    if rule.get("self") is True:
        n += 1
    lists = rule.get("prefix_list_ids")
    lists = lists if isinstance(lists, list) else []
    if rule.get("prefix_list_id") not in (None, ""):
        lists = [*lists, rule["prefix_list_id"]]
    for value in lists:
        entries = _prefix_list_weight(ctx, owner, value)
        if entries is None:
            why.setdefault(key[:2], f"prefix list {getattr(value, 'expression', value)} "
                                    "has no known max entries")
        else:
            n += entries
    weight[key] += n


def _prefix_list_weight(ctx: Context, owner: Resource, value: Any) -> int | None:
    known = limits()["security_groups"]["managed_prefix_list_weights"]
    ref = ctx.resolve(owner, value, "aws_ec2_managed_prefix_list")
    target = ref.resource
    if target is None:
        return None
    if target.address.startswith("data."):
        name = target.values.get("name")
        return int(known[name]) if isinstance(name, str) and name in known else None
    entries = target.values.get("max_entries")
    return None if isinstance(entries, Unknown) else as_int(entries)
