"""Network graph helpers: which subnets the data tier uses, and whether a subnet's route
table (subnet -> association -> route table -> route) reaches an internet gateway."""

from __future__ import annotations

from typing import Any

from policies.model import Resource, Unknown
from policies.rules._context import Context, Ref, attachments
from policies.rules._support import blocks, first, is_true

TABLES = ("aws_route_table", "aws_default_route_table")
SG = "aws_security_group"


def public_groups(ctx: Context) -> set[tuple[str, str]]:
    """``(stack, address)`` of the security groups of internet-facing load balancers (built
    once per evaluation): web ports may be open to the internet on these only."""
    return ctx.once(public_groups, lambda: _public_groups(ctx))


def _public_groups(ctx: Context) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for lb in ctx.of_type("aws_lb", "aws_alb"):
        if is_true(lb.values.get("internal")):
            continue
        for value in lb.values.get("security_groups") or []:
            ref = ctx.resolve(lb, value, SG)
            if ref.resource is not None:
                found.add((ref.resource.stack, ref.resource.address))
    return found


#: Types of the data tier's subjects: the resources that place something in subnets.
TIER_TYPES = ("aws_db_subnet_group", "aws_elasticache_subnet_group", "aws_ecs_service",
              "aws_vpc_endpoint")


def tier_subnet_values(r: Resource) -> list[Any] | None:
    """The subnet values ``r`` (a DB/cache subnet group, an ECS service, an interface
    endpoint) places things in; None when ``r`` places nothing in subnets."""
    if r.type in ("aws_db_subnet_group", "aws_elasticache_subnet_group"):
        return _listed(r.values.get("subnet_ids"))
    if r.type == "aws_ecs_service":
        config = first(r.values, "network_configuration")
        return _listed(config.get("subnets")) if isinstance(config, dict) else None
    if r.type == "aws_vpc_endpoint" and r.values.get("vpc_endpoint_type") == "Interface":
        return _listed(r.values.get("subnet_ids"))
    return None


def tier_subnets(ctx: Context) -> list[tuple[Resource, list[Any]]]:
    """(subject, subnet values) for DB/cache subnet groups, ECS services, interface endpoints."""
    found = ((r, tier_subnet_values(r)) for r in ctx.of_type(*TIER_TYPES))
    return [(r, values) for r, values in found if values is not None]


def _listed(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def subnet_refs(ctx: Context, subject: Resource, values: list[Any]) -> list[Ref]:
    """Each subnet value of ``subject`` resolved to an ``aws_subnet``."""
    refs = []
    for value in values:
        if isinstance(value, Unknown) and value.expression and "[*]" not in value.expression \
                and "*." not in value.expression:
            refs.append(ctx.resolve(subject, value, "aws_subnet"))
        elif isinstance(value, Unknown):
            refs.append(Ref(unknown=value))
        else:
            refs.append(ctx.resolve(subject, value, "aws_subnet"))
    return refs


def route_tables(ctx: Context, subnet: Resource) -> tuple[list[Resource], Unknown | None]:
    """Route tables governing ``subnet`` (explicit associations, else the VPC main table)."""
    assoc = attachments(ctx, "aws_route_table_association", "subnet_id", "aws_subnet")
    links = assoc.of(subnet)
    if not links:
        pending = assoc.pending(subnet.stack)
        if pending is not None:
            return [], pending
        vpc = ctx.resolve(subnet, subnet.values.get("vpc_id"), "aws_vpc").resource
        if vpc is None:
            return [], None
        mains = attachments(ctx, "aws_main_route_table_association", "vpc_id", "aws_vpc").of(vpc)
        main = [t for m in mains for t in _tables(ctx, m, m.values.get("route_table_id"))]
        defaults = attachments(ctx, "aws_default_route_table", "default_route_table_id", "aws_vpc")
        return main + defaults.of(vpc), None
    tables: list[Resource] = []
    for link in links:
        ref = ctx.resolve(link, link.values.get("route_table_id"), *TABLES)
        if ref.resource is None:
            return [], ref.unknown or Unknown(f"route table {ref.literal!r} not in the input")
        tables.append(ref.resource)
    return tables, None


def _tables(ctx: Context, r: Resource, value: Any) -> list[Resource]:
    ref = ctx.resolve(r, value, *TABLES)
    return [ref.resource] if ref.resource else []


def igw_route(ctx: Context, subnet: Resource) -> tuple[bool | None, str]:
    """(True, route) when the subnet routes to an internet gateway, (False, why) when not,
    (None, reason) when that cannot be decided."""
    tables, why = route_tables(ctx, subnet)
    if why is not None:
        return None, why.reason
    routes = attachments(ctx, "aws_route", "route_table_id", *TABLES)
    for table in tables:
        candidates: list[tuple[Resource, Any]] = [
            (table, b.get("gateway_id")) for b in blocks(table.values, "route")
            if isinstance(b, dict)]
        candidates += [(r, r.values.get("gateway_id")) for r in routes.of(table)]
        for owner, gateway in candidates:
            if gateway is None or gateway == "local":
                continue
            if isinstance(gateway, str):
                if gateway.startswith("igw-"):
                    return True, f"{owner.address} routes to {gateway}"
                continue
            ref = ctx.resolve(owner, gateway, "aws_internet_gateway")
            if ref.resource is not None:
                return True, f"{owner.address} routes to {ref.resource.address}"
            if ref.unknown is not None and "internet_gateway" in (ref.unknown.expression or ""):
                return True, f"{owner.address} routes to an internet gateway"
            if ref.unknown is not None and "nat_gateway" not in (ref.unknown.expression or ""):
                return None, f"gateway of {owner.address}: {ref.unknown.reason}"
        pending = routes.pending(table.stack)
        if pending is not None:
            return None, pending.reason
    names = ", ".join(t.address for t in tables) or "the VPC main route table (local only)"
    return False, f"no internet gateway route in {names}"
