"""ACM DNS validation only waits on zones that are known to be delegated."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource
from policies.rules._base import APV, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context

ZONE = "aws_route53_zone"
#: Tag an operator sets (through config) once the parent domain delegates to the new zone.
DELEGATED_TAG = "Delegated"


class AcmZoneDelegated(Rule):
    """Each ``aws_acm_certificate_validation`` whose validation records go into a hosted zone
    created in the same input needs that zone known to be delegated: a ``Delegated = "true"``
    tag (set from config after the delegation step), or an NS record in the input that points
    at the zone's name servers. An existing zone (a data source or a literal zone id) passes."""

    id = "HAP_APV_006"
    name = "Ensure ACM DNS validation targets a delegated hosted zone"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = APV
    explanation = (
        "Validation records in a zone the public DNS does not delegate to are never seen by "
        "ACM: the apply waits 75 minutes on aws_acm_certificate_validation and fails."
    )

    resource_types = ("aws_acm_certificate_validation",)

    def check(self, r: Resource, ctx: Context) -> Verdict:
        cert = ctx.resolve(r, r.values.get("certificate_arn"), "aws_acm_certificate")
        if cert.resource is None:
            return unknown(r, "certificate is not in the checked input", cert.unknown)
        records = ctx.referrers(cert.resource, "aws_route53_record")
        if not records:
            return unknown(r, "validation records are not in the checked input")
        return _judge(ctx, r, records, ctx.once(_ns_delegated, lambda: _ns_delegated(ctx)))


def _judge(ctx: Context, v: Resource, records: list[Resource],
           delegated: set[tuple[str, str]]) -> Verdict:
    for record in records:
        value = record.values.get("zone_id")
        if isinstance(value, str) and value:
            continue  # a literal zone id: an existing zone
        ref = ctx.resolve(record, value, ZONE)
        zone = ref.resource
        if zone is None:
            return unknown(v, "validation zone cannot be resolved", ref.unknown)
        if zone.address.startswith("data."):
            continue
        tag = str(zone.tags.get(DELEGATED_TAG, "")).lower()
        if tag != "true" and (zone.stack, zone.address) not in delegated:
            return failed(v, f"validation records go into {zone.stack}/{zone.address}, created "
                             "here and not known to be delegated (tag Delegated=true once "
                             "the parent domain's NS records point at it)")
    return passed(v, "validation records go into delegated or existing zones")


def _ns_delegated(ctx: Context) -> set[tuple[str, str]]:
    """Zones whose name servers an NS record in the input publishes (a delegation)."""
    out: set[tuple[str, str]] = set()
    for ns in ctx.of_type("aws_route53_record"):
        if ns.values.get("type") != "NS":
            continue
        for ref in ns.references:
            zone = ctx.get(ns.stack, ref)
            if zone is not None and zone.type == ZONE and ns.values.get("zone_id") != (
                    f"${{{ref}.zone_id}}"):
                out.add((zone.stack, zone.address))
    return out
