"""Small hand-built models for the estimate tests (no synth needed)."""

from __future__ import annotations

from typing import Any

from policies.model import Model, Resource, Stack, Unknown


def res(stack: str, region: str, address: str, values: dict[str, Any],
        refs: tuple[str, ...] = (), tags: dict[str, str] | None = None) -> Resource:
    """One resource."""
    t, name = address.split(".", 1)
    return Resource(address, t, name, stack, region, "aws", values, refs, tags=tags or {})


def region_stack(name: str, region: str, *, azs: int, multi_az: bool,
                 residency: str = "us", extra: tuple[Resource, ...] = ()) -> Stack:
    """A serving stack: ALB, ECS over ``azs`` AZs, RDS, Redis (Multi-AZ or not)."""
    subnets = [res(name, region, f"aws_subnet.app_{i}",
                   {"availability_zone": f"{region}{'abc'[i]}"}) for i in range(azs)]
    rs = [
        *subnets,
        res(name, region, "aws_lb.alb", {"load_balancer_type": "application"}),
        res(name, region, "aws_ecs_service.svc", {"desired_count": 2},
            tuple(s.address for s in subnets)),
        res(name, region, "aws_appautoscaling_target.t", {"min_capacity": 2, "max_capacity": 10}),
        res(name, region, "aws_db_instance.db", {"multi_az": multi_az,
                                                 "instance_class": "db.r5.2xlarge"}),
        res(name, region, "aws_elasticache_replication_group.redis",
            {"multi_az_enabled": multi_az, "automatic_failover_enabled": multi_az,
             "node_type": "cache.r6g.xlarge", "num_node_groups": 1,
             "replicas_per_node_group": 1}),
        *extra,
    ]
    return Stack(name, region, residency, None, tuple(rs))


def latency_record(stack: str, target_stack: str) -> Resource:
    """A health-checked latency record aliasing ``target_stack``'s ALB (cross-stack)."""
    flat = target_stack.replace("-", "_")
    return res(stack, "us-east-1", f"aws_route53_record.api_{flat}", {
        "latency_routing_policy": {"region": "x"},
        "health_check_id": Unknown("ref", "${aws_route53_health_check.h.id}"),
        "alias": {"evaluate_target_health": True,
                  "name": Unknown("x", f"${{data.terraform_remote_state."
                                       f"cross_stack_reference_input_{flat}.outputs.alb}}")}})


def model(*stacks: Stack) -> Model:
    """A synth-form model."""
    return Model(stacks=stacks, input_form="synth")
