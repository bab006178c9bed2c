"""Route 53 record sets as the rules see them: which records share a name (alternatives),
and where a record can send a client, following record-to-record aliases.

An alias whose ``name`` is the name of another record in the checked input is a
record-to-record alias (a geolocation record pointing at a failover pair); any other alias
is resolved to a load balancer. What cannot be resolved is returned as ``Unknown``, never
dropped, so rules report it as unknown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from policies.model import Resource, Unknown
from policies.rules._context import Context
from policies.rules._support import blocks, first, is_true

ROUTING = ("latency_routing_policy", "failover_routing_policy", "weighted_routing_policy",
           "geolocation_routing_policy", "geoproximity_routing_policy")
_MAX_DEPTH = 5
#: The region of a CloudFront distribution target: global, not a serving region.
EDGE = "cloudfront"


@dataclass(frozen=True)
class Target:
    """One place a record can answer with."""

    region: str | Unknown
    """AWS region of the endpoint (a latency record's region when it names no alias)."""
    eu_resident: bool
    """The endpoint serves EU-resident data (its residency is ``eu``)."""
    via: str
    """Address of the record that points at it."""


def name_of(r: Resource) -> str:
    """The record's DNS name, without a trailing dot, lower case."""
    return str(r.values.get("name") or "").rstrip(".").lower()


def is_routed(r: Resource) -> bool:
    """A record with a routing policy (or a set identifier)."""
    return bool(r.values.get("set_identifier")) or any(blocks(r.values, p) for p in ROUTING)


class RecordSets:
    """The records of one checked input, indexed by name."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.records = list(ctx.of_type("aws_route53_record"))
        self.by_name: dict[str, list[Resource]] = defaultdict(list)
        for r in self.records:
            self.by_name[name_of(r)].append(r)

    def alias_record_name(self, r: Resource) -> str | None:
        """The record name ``r`` aliases, when it is a record of the checked input."""
        name = first(r.values, "alias", "name")
        if isinstance(name, str) and name.rstrip(".").lower() in self.by_name:
            return name.rstrip(".").lower()
        return None

    def targets(self, r: Resource, depth: int = 0) -> list[Target]:
        """Everywhere ``r`` can send a client (every alternative of an aliased record set)."""
        if depth > _MAX_DEPTH:
            return [Target(Unknown("alias chain too deep (a loop?)"), False, r.address)]
        inner = self.alias_record_name(r)
        if inner is not None and inner != name_of(r):
            return [t for x in self.by_name[inner] for t in self.targets(x, depth + 1)]
        alias = first(r.values, "alias", "name")
        latency = first(r.values, "latency_routing_policy", "region")
        if alias is not None:
            ref = self.ctx.resolve(r, alias, "aws_lb", "aws_alb")
            if ref.resource is not None:
                return [Target(ref.resource.region, self.ctx.is_eu_data(ref.resource),
                               r.address)]
            if self.ctx.resolve(r, alias, "aws_cloudfront_distribution").resource is not None:
                return [Target(EDGE, False, r.address)]
            if isinstance(latency, str):  # the region is declared even if the target is not
                return [Target(latency, False, r.address)]
            why = ref.unknown or Unknown(f"alias target {ref.literal or alias!r} not resolved")
            return [Target(why, False, r.address)]
        if isinstance(latency, str):
            return [Target(latency, False, r.address)]
        return [Target(Unknown("record answers literal values: endpoint region unknown"),
                       False, r.address)]

    def european_targets(self, r: Resource, depth: int = 0) -> list[Target]:
        """Where ``r`` can send a client in Europe. Like :meth:`targets`, but an alias into a
        geolocation-routed record set keeps its split: Europe gets the set's continent-EU
        record (or, without one, the default), any country-level record (over-inclusive:
        fail closed), and the alternatives Route 53 may answer instead of those."""
        inner = self.alias_record_name(r)
        if inner is None or inner == name_of(r) or depth > _MAX_DEPTH:
            return self.targets(r)
        inner_set = self.by_name[inner]
        if not inner_set or not all(blocks(x.values, "geolocation_routing_policy")
                                    for x in inner_set):
            return [t for x in inner_set for t in self.european_targets(x, depth + 1)]
        europe = [x for x in inner_set
                  if first(x.values, "geolocation_routing_policy", "continent") == "EU"]
        countries = [x for x in inner_set
                     if first(x.values, "geolocation_routing_policy", "country") not in (None, "*")]
        chosen = (europe or [x for x in inner_set if first(
            x.values, "geolocation_routing_policy", "country") == "*"]) + countries
        return [t for x in chosen
                for t in [*self.targets(x, depth + 1),
                          *(a for alt in self.alternatives(x) for a in self.targets(alt))]]

    def health_checked(self, r: Resource, depth: int = 0) -> bool:
        """``r`` carries a health check, or aliases (evaluating target health or not) a
        record set whose every record is health-checked."""
        if r.values.get("health_check_id") not in (None, ""):
            return True
        inner = self.alias_record_name(r)
        if inner is None or inner == name_of(r) or depth > _MAX_DEPTH:
            return False
        return all(self.health_checked(x, depth + 1) for x in self.by_name[inner])

    def alternatives(self, r: Resource) -> list[Resource]:
        """Records Route 53 may answer *instead of* ``r`` for the same client: the other
        records of its name, except for geolocation, where a location is an alternative
        only as the fallback (the default ``*`` record) of a record evaluating target
        health."""
        same = [x for x in self.by_name[name_of(r)] if x is not r
                and x.values.get("type") == r.values.get("type")]
        if not blocks(r.values, "geolocation_routing_policy"):
            return same
        if first(r.values, "geolocation_routing_policy", "country") == "*":
            return []
        if not is_true(first(r.values, "alias", "evaluate_target_health")):
            return []
        return [x for x in same
                if first(x.values, "geolocation_routing_policy", "country") == "*"]
