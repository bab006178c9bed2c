"""ECS tasks get no public IPs."""

from __future__ import annotations

from collections.abc import Iterator

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import NET, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._support import first, is_true


class EcsTasksNoPublicIp(Rule):
    """``network_configuration.assign_public_ip`` is not true on ECS services."""

    id = "HAP_NET_004"
    name = "Ensure ECS tasks get no public IP"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = NET
    explanation = (
        "Tasks are reached through the load balancer only."
    )

    resource_types = ("aws_ecs_service",)

    def check(self, r: Resource, ctx: Context) -> Iterator[Verdict]:
        value = first(r.values, "network_configuration", "assign_public_ip")
        if isinstance(value, Unknown):
            yield unknown(r, "assign_public_ip cannot be resolved", value)
        elif is_true(value):
            yield failed(r, "assign_public_ip is true")
        else:
            yield passed(r, "tasks get no public IP")
