"""ECS services run at least four tasks per region."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._base import HA, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context, attachments
from policies.rules._support import as_int

TARGET = "aws_appautoscaling_target"


class EcsMinTasks(Rule):
    """The service's autoscaling ``min_capacity`` (else its ``desired_count``) is at least
    ``Settings.min_tasks_per_region``."""

    id = "HAP_HA_004"
    name = "Ensure ECS services run at least four tasks"
    severity = Severity.MEDIUM
    enforcement = Enforcement.SOFT_MANDATORY
    category = HA
    explanation = (
        "The seed scales between 4 and 50 tasks per region."
    )

    resource_types = ("aws_ecs_service",)

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        if r.values.get("scheduling_strategy") == "DAEMON":
            return None
        need = ctx.settings.min_tasks_per_region
        found = attachments(ctx, TARGET, "resource_id", "aws_ecs_service").of(r)
        if found:
            return _judge(r, found[0].values.get("min_capacity"),
                          f"{found[0].address} min_capacity", need)
        return _judge(r, r.values.get("desired_count"), "desired_count", need)


def _judge(r: Resource, value: object, what: str, need: int) -> Verdict:
    if isinstance(value, Unknown):
        return unknown(r, f"{what} cannot be resolved", value)
    count = as_int(value)
    if count is None or count < need:
        return failed(r, f"{what} is {value!r}, need >= {need} tasks")
    return passed(r, f"{what} is {count}")
