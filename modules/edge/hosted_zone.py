"""The platform's public hosted zone. It lives in the small ``global`` stack, applied
before the app stacks (which validate their ALB certificates in it) and the edge stack
(which adds the CloudFront and latency records): no dependency cycle."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.route53_zone import Route53Zone
from constructs import Construct


@dataclass(frozen=True)
class HostedZoneProps:
    """Inputs of :class:`HostedZone`."""

    domain: str
    """Zone apex, e.g. ``example-webapp.com``."""
    force_destroy: bool = False
    """Delete records Terraform does not manage on destroy (never in production)."""

    def __post_init__(self) -> None:
        if "." not in self.domain or self.domain.endswith(".") or "*" in self.domain:
            raise ValueError(f"invalid zone apex {self.domain!r}")


class HostedZone(Construct):
    """A public Route 53 zone."""

    def __init__(self, scope: Construct, id: str, *, props: HostedZoneProps) -> None:
        super().__init__(scope, id)
        self.zone = Route53Zone(self, "zone", name=props.domain,
                                comment=f"{props.domain}: managed by cdktf",
                                force_destroy=props.force_destroy)

    @property
    def zone_id(self) -> str:
        """The zone id."""
        return self.zone.zone_id
