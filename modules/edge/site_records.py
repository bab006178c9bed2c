"""Alias records (A and AAAA) pointing the site's names at the CloudFront distribution."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.route53_record import Route53Record, Route53RecordAlias
from constructs import Construct


@dataclass(frozen=True)
class SiteRecordsProps:
    """Inputs of :class:`SiteRecords`."""

    zone_id: str
    """Hosted zone."""
    names: tuple[str, ...]
    """Names served by CloudFront (its aliases)."""
    distribution_domain: str
    """CloudFront domain name."""
    distribution_zone_id: str
    """CloudFront's hosted zone id."""

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError("names must not be empty")


class SiteRecords(Construct):
    """IPv4 and IPv6 aliases for every site name."""

    def __init__(self, scope: Construct, id: str, *, props: SiteRecordsProps) -> None:
        super().__init__(scope, id)
        for i, name in enumerate(props.names):
            for rtype in ("A", "AAAA"):
                Route53Record(
                    self, f"{rtype.lower()}_{i}", zone_id=props.zone_id, name=name,
                    type=rtype, alias=Route53RecordAlias(
                        name=props.distribution_domain, zone_id=props.distribution_zone_id,
                        evaluate_target_health=False))
