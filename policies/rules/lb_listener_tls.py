"""Load balancer listeners use HTTPS/TLS with a TLS 1.2+ policy; HTTP only redirects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import TLS, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import blocks, first

_STRONG = ("TLS13", "TLS-1-2", "TLS-1-3")


class LbListenerTls(Rule):
    """HTTPS/TLS listeners have an ``ssl_policy`` naming TLS 1.2 or 1.3; HTTP listeners only
    redirect to HTTPS."""

    id = "HAP_TLS_001"
    name = "Ensure load balancer listeners use TLS 1.2+ and HTTP only redirects"
    severity = Severity.HIGH
    enforcement = Enforcement.HARD_MANDATORY
    category = TLS
    explanation = (
        "The seed requires encryption in transit; HTTP may only redirect to HTTPS."
    )

    resource_types = ("aws_lb_listener", "aws_alb_listener")

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        yield _check(r)


def _check(r: Resource) -> Verdict:
    protocol = r.values.get("protocol", "HTTP")
    if isinstance(protocol, Unknown):
        return unknown(r, "protocol cannot be resolved", protocol)
    protocol = str(protocol).upper()
    if protocol in ("HTTPS", "TLS"):
        policy = r.values.get("ssl_policy")
        if isinstance(policy, Unknown):
            return unknown(r, "ssl_policy cannot be resolved", policy)
        if isinstance(policy, str) and any(s in policy for s in _STRONG):
            return passed(r, f"{protocol} with {policy}")
        return failed(r, f"ssl_policy {policy!r} does not enforce TLS 1.2+")
    if protocol == "HTTP":
        return _redirects(r, blocks(r.values, "default_action"))
    return failed(r, f"protocol {protocol} is not encrypted")


def _redirects(r: Resource, actions: list[Any]) -> Verdict:
    if not actions:
        return failed(r, "HTTP listener without a redirect to HTTPS")
    for action in actions:
        kind = action.get("type") if isinstance(action, dict) else action
        target = first(action, "redirect", "protocol")
        for value in (kind, target):
            if isinstance(value, Unknown):
                return unknown(r, "default_action cannot be resolved", value)
        if kind != "redirect" or str(target).upper() != "HTTPS":
            return failed(r, "HTTP listener serves traffic instead of redirecting to HTTPS")
    return passed(r, "HTTP listener only redirects to HTTPS")
