"""The platform's public hosted zone. It lives in the small ``global`` stack, applied
before the app stacks (which validate their ALB certificates in it) and the edge stack
(which adds the CloudFront and latency records): no dependency cycle."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformOutput
from cdktf_cdktf_provider_aws.data_aws_route53_zone import DataAwsRoute53Zone
from cdktf_cdktf_provider_aws.route53_zone import Route53Zone
from constructs import Construct


@dataclass(frozen=True)
class HostedZoneProps:
    """Inputs of :class:`HostedZone`."""

    domain: str
    """Zone apex, e.g. ``example-webapp.com``."""
    existing_zone_id: str = ""
    """Use this existing zone instead of creating one (it is delegated already)."""
    delegated: bool = False
    """A created zone is delegated by its parent: tagged ``Delegated=true``, which the gate
    requires before ACM validates certificates through it (HAP_APV_006)."""
    force_destroy: bool = False
    """Delete records Terraform does not manage on destroy (never in production)."""

    def __post_init__(self) -> None:
        if "." not in self.domain or self.domain.endswith(".") or "*" in self.domain:
            raise ValueError(f"invalid zone apex {self.domain!r}")


class HostedZone(Construct):
    """A public Route 53 zone, created (with its name servers as the ``name_servers``
    output, for the delegation step) or looked up by id."""

    def __init__(self, scope: Construct, id: str, *, props: HostedZoneProps) -> None:
        super().__init__(scope, id)
        self.zone: Route53Zone | DataAwsRoute53Zone
        if props.existing_zone_id:
            self.zone = DataAwsRoute53Zone(self, "zone", zone_id=props.existing_zone_id)
            return
        self.zone = Route53Zone(self, "zone", name=props.domain,
                                comment=f"{props.domain}: managed by cdktf",
                                force_destroy=props.force_destroy,
                                tags={"Delegated": "true"} if props.delegated else None)
        TerraformOutput(self, "name_servers", value=self.zone.name_servers,
                        description=f"Publish these as the NS records of {props.domain} at "
                                    "its registrar or parent zone (the delegation step).")

    @property
    def zone_id(self) -> str:
        """The zone id."""
        return self.zone.zone_id
