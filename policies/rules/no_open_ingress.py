"""No security-group ingress from the whole internet, except HTTPS (and HTTP to redirect)
into the public load balancer."""

from __future__ import annotations

from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._network import SG, public_groups
from policies.rules._support import as_int, blocks, covers_internet

_OPEN = ("0.0.0.0/0", "::/0")
_WEB = (80, 443)


class NoOpenIngress(Rule):
    """Ingress from 0.0.0.0/0 or ::/0 only on ports 443/80 of a security group attached to an
    internet-facing load balancer (inline rules, security group rules, VPC ingress rules)."""

    id = "HAP_NET_005"
    name = "Ensure no ingress from the internet except HTTPS/HTTP to the public load balancer"
    severity = Severity.CRITICAL
    enforcement = Enforcement.HARD_MANDATORY
    category = NET
    explanation = (
        "0.0.0.0/0 or ::/0 ingress is allowed only on 443 (and 80 to redirect) of a security "
        "group attached to an internet-facing load balancer."
    )

    resource_types = (SG, "aws_security_group_rule", "aws_vpc_security_group_ingress_rule")

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        public = public_groups(ctx)
        if r.type == SG:
            rules = [x for x in blocks(r.values, "ingress") if isinstance(x, dict)]
            return _judge(r, (r.stack, r.address) in public, [_open(x) for x in rules])
        if r.type == "aws_security_group_rule" and r.values.get("type") != "ingress":
            return None
        ref = ctx.resolve(r, r.values.get("security_group_id"), SG)
        is_public = ref.resource is not None and (
            ref.resource.stack, ref.resource.address) in public
        verdict = _judge(r, is_public, [_open(r.values)])
        if ref.resource is None and verdict.outcome.value == "failed" and _web_only(r.values):
            return unknown(r, "open web port on a security group that cannot be resolved",
                           ref.unknown)
        return verdict


def _open(rule: Any) -> bool | Unknown | tuple[Any, Any]:
    """False when not open to the internet, the port range when open, Unknown when unsure."""
    cidrs: list[Any] = []
    for key in ("cidr_blocks", "ipv6_cidr_blocks"):
        value = rule.get(key)
        if isinstance(value, Unknown):
            return value
        cidrs += value or []
    cidrs += [rule.get("cidr_ipv4"), rule.get("cidr_ipv6")]
    unsure = next((c for c in cidrs if isinstance(c, Unknown)), None)
    if not (any(c in _OPEN for c in cidrs) or covers_internet(cidrs)):
        return unsure if unsure is not None else False
    if str(rule.get("protocol", rule.get("ip_protocol"))) in ("-1", "all"):
        return (0, 65535)
    return (rule.get("from_port"), rule.get("to_port"))


def _web_only(rule: Any) -> bool:
    ports = _open(rule)
    return isinstance(ports, tuple) and as_int(ports[0]) == as_int(ports[1]) and \
        as_int(ports[0]) in _WEB


def _judge(r: Resource, public: bool, rules: list[bool | Unknown | tuple[Any, Any]]) -> Verdict:
    for ports in rules:
        if isinstance(ports, tuple):
            low, high = as_int(ports[0]), as_int(ports[1])
            if not (public and low == high and low in _WEB):
                where = "the public load balancer" if public else "a non-public group"
                return failed(r, f"ingress from the internet on ports {low}-{high} of {where}")
    unsure = next((p for p in rules if isinstance(p, Unknown)), None)
    if unsure is not None:
        return unknown(r, "ingress source cannot be resolved", unsure)
    return passed(r, "no ingress from the internet beyond HTTPS/HTTP to the public LB")
