"""Composite availability from published SLAs, combined as the topology wires it.

Per serving region, its components are in series (ALB x ECS x RDS primary or promotable
Multi-AZ replica x Redis). The regions a jurisdiction's users can be routed to are in
parallel: with geolocation routing, exactly the health-checked failover pair its geolocation
record aliases (Europe -> the EU pair, the default location -> the US pair); with latency
routing, every health-checked region allowed to them (EU users only to EU regions: routing
them elsewhere is a residency breach, so it does not count as availability). Route 53 and
CloudFront are in series with that, and CloudFront's S3 origins are in parallel when they
form an origin group (each member in series otherwise: one origin). When the site names fail
over (health-checked) from CloudFront to a direct path to the regions, the front is those two
paths in parallel: the direct path has no component of its own beyond Route 53 and the
regions (whose chains include their regional WAF), so it is 1 in the product and CloudFront
leaves the series. The SLA model, as for the regions, does not count failover detection time
(about 3 minutes per incident: 3 x 30 s checks + 60 s TTL).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from estimate.topology import ServingRegion, block, expression, facts, serving_regions
from policies.model import Model, Resource, Unknown


@dataclass(frozen=True)
class Factor:
    """One term of the product."""

    name: str
    """Component (``ALB eu-west-1``, ``regions {us-east-1, eu-west-1} in parallel``)."""
    availability: float
    """Its availability."""


@dataclass(frozen=True)
class JurisdictionAvailability:
    """The composite for one jurisdiction's users."""

    residency: str
    """``us`` or ``eu``."""
    factors: tuple[Factor, ...]
    """Terms in series."""
    regions: tuple[tuple[str, tuple[Factor, ...]], ...]
    """The regions in parallel and each one's series chain."""

    @property
    def availability(self) -> float:
        """The product of the factors."""
        return math.prod(f.availability for f in self.factors)

    @property
    def weakest(self) -> str:
        """The weakest link: the lowest term, or inside one region, its lowest component."""
        low = min(self.factors, key=lambda f: f.availability)
        if low.name.startswith("region") and len(self.regions) == 1:
            inner = min(self.regions[0][1], key=lambda f: f.availability)
            return f"{inner.name} ({inner.availability:.4%}; no healthy failover region)"
        return f"{low.name} ({low.availability:.4%})"


def region_chain(sr: ServingRegion) -> tuple[Factor, ...]:
    """The serving components of one region, in series."""
    sla = facts()["sla"]
    out: list[Factor] = []
    if sr.of_type("aws_lb"):
        out.append(Factor(f"ALB {sr.region}", sla["alb"]))
    for svc in sr.of_type("aws_ecs_service"):
        azs = {s.values.get("availability_zone") for s in sr.of_type("aws_subnet")
               if s.address in svc.references}
        multi = len({a for a in azs if isinstance(a, str)}) >= 2
        out.append(Factor(f"ECS {sr.region} ({len(azs)} AZ)",
                          sla["ecs_multi_az" if multi else "ecs_single_az"]))
    for db in sr.of_type("aws_db_instance"):
        # A standby serves from its promotable cross-region replica (after promotion).
        standby = db.tags.get("Role") == "dr-replica" and sr.stack.name.startswith("standby-")
        if db.values.get("replicate_source_db") is None or standby:
            multi = db.values.get("multi_az") is True
            kind = ("promotable replica, " if standby else "") + \
                ("Multi-AZ" if multi else "single-AZ")
            out.append(Factor(f"RDS {sr.region} ({kind})",
                              sla["rds_multi_az" if multi else "rds_single_az"]))
    if any(True for _ in sr.of_type("aws_wafv2_web_acl_association")):
        out.append(Factor(f"WAF {sr.region} (regional)", sla["waf"]))
    for rg in sr.of_type("aws_elasticache_replication_group"):
        multi = rg.values.get("multi_az_enabled") is True \
            and rg.values.get("automatic_failover_enabled") is True
        out.append(Factor(f"ElastiCache {sr.region} ({'Multi-AZ' if multi else 'single-AZ'})",
                          sla["elasticache_multi_az" if multi else "elasticache_single_az"]))
    return tuple(out)


def _target_stack(record: Resource, stacks: set[str]) -> str | None:
    """The serving stack a routing record points at (its alias target)."""
    alias = block(record.values.get("alias"))
    name = alias.get("name")
    expr = name.expression if isinstance(name, Unknown) else str(name)
    for s in sorted(stacks, key=len, reverse=True):
        if f"cross_stack_reference_input_{s.replace('-', '_')}" in (expr or ""):
            return s
    if any(ref.startswith("aws_lb.") for ref in record.references) and record.stack in stacks:
        return record.stack
    return None


def routed_stacks(model: Model, serving: list[ServingRegion]) -> set[str]:
    """Serving stacks behind a health-checked latency/failover/geo record."""
    names = {sr.stack.name for sr in serving}
    out = set()
    for rec in model.of_type("aws_route53_record"):
        v = rec.values
        policy = any(v.get(k) for k in ("latency_routing_policy", "failover_routing_policy",
                                        "geolocation_routing_policy"))
        checked = v.get("health_check_id") is not None \
            or block(v.get("alias")).get("evaluate_target_health") is True
        target = _target_stack(rec, names)
        if policy and checked and target:
            out.add(target)
    return out


def geo_pools(model: Model, serving: list[ServingRegion]) -> dict[str, set[str]]:
    """Per jurisdiction (``eu`` for Europe, ``us`` for the default location), the serving
    stacks behind the health-checked records its geolocation record aliases; empty when
    the model has no geolocation records."""
    names = {sr.stack.name for sr in serving}
    records = list(model.of_type("aws_route53_record"))
    out: dict[str, set[str]] = {}
    for geo in records:
        loc = block(geo.values.get("geolocation_routing_policy"))
        if not loc:
            continue
        who = "eu" if loc.get("continent") == "EU" else "us" if loc.get("country") == "*" \
            else None
        target = block(geo.values.get("alias")).get("name")
        if who is None or not isinstance(target, str):
            continue
        pool = out.setdefault(who, set())
        for rec in records:
            checked = rec.values.get("health_check_id") is not None
            stack = _target_stack(rec, names)
            if rec.values.get("name") == target and checked and stack:
                pool.add(stack)
    return out


def _origins(model: Model) -> Factor | None:
    """CloudFront's S3 origins: an origin group's members in parallel, else one origin."""
    sla = facts()["sla"]
    for dist in model.of_type("aws_cloudfront_distribution"):
        members = block(dist.values.get("origin_group")).get("member")
        n = len(members) if isinstance(members, list) else 1
        if n > 1:
            return Factor(f"S3 origins ({n} in an origin group, in parallel)",
                          1 - (1 - sla["s3"]) ** n)
        return Factor("S3 origin", sla["s3"])
    return None


def _direct_front(model: Model) -> bool:
    """Whether a site name fails over from CloudFront (a health-checked PRIMARY alias to a
    distribution) to another record set of the zone (a SECONDARY alias: the direct path)."""
    records = list(model.of_type("aws_route53_record"))
    names = {r.values.get("name") for r in records}
    for primary in records:
        alias = block(primary.values.get("alias")).get("name")
        if block(primary.values.get("failover_routing_policy")).get("type") != "PRIMARY" \
                or primary.values.get("health_check_id") is None \
                or "aws_cloudfront_distribution." not in expression(alias):
            continue
        for secondary in records:
            policy = block(secondary.values.get("failover_routing_policy"))
            target = block(secondary.values.get("alias")).get("name")
            if policy.get("type") == "SECONDARY" and secondary.stack == primary.stack \
                    and secondary.values.get("name") == primary.values.get("name") \
                    and isinstance(target, str) and target in names:
                return True
    return False


def availability(model: Model) -> list[JurisdictionAvailability]:
    """The composite per jurisdiction with users (``us``, ``eu``)."""
    sla = facts()["sla"]
    serving = serving_regions(model)
    routed = routed_stacks(model, serving)
    geo = geo_pools(model, serving)
    edge: list[Factor] = []
    if any(True for _ in model.of_type("aws_route53_zone", "aws_route53_record")):
        edge.append(Factor("Route 53", sla["route53"]))
    origins = _origins(model)
    if origins is not None and _direct_front(model):
        through_cdn = sla["cloudfront"] * origins.availability
        edge.append(Factor(f"front: CloudFront x {origins.name} ({through_cdn:.4%}) | direct "
                           "path to the regions (Route 53 failover)",
                           1 - (1 - through_cdn) * (1 - 1.0)))
    elif origins is not None:
        edge += [Factor("CloudFront", sla["cloudfront"]), origins]
    out = []
    for residency in sorted({sr.residency for sr in serving}, reverse=True):
        home = [sr for sr in serving if sr.residency == residency]
        if geo:
            allowed = [sr for sr in serving if sr.stack.name in geo.get(residency, set())]
        else:
            allowed = [sr for sr in serving if sr.stack.name in routed
                       and (residency == "us" or sr.residency == "eu")]
        pool = allowed if len(allowed) > 1 else home[:1]
        chains = tuple((sr.region, region_chain(sr)) for sr in pool)
        down = math.prod(1 - math.prod(f.availability for f in c) for _, c in chains)
        label = "region " + chains[0][0] if len(chains) == 1 else \
            "regions " + " | ".join(r for r, _ in chains) + " in parallel"
        out.append(JurisdictionAvailability(residency, (*edge, Factor(label, 1 - down)), chains))
    return out
