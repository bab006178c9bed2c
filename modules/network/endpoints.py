"""VPC endpoints so tasks reach AWS APIs without the internet: an S3 gateway endpoint
on the private route tables and interface endpoints in the private-app subnets."""

from __future__ import annotations

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.vpc_endpoint import VpcEndpoint
from constructs import Construct

#: Interface endpoints the Fargate tasks need: image pulls, logs, secrets, keys, tracing.
DEFAULT_INTERFACE_SERVICES: tuple[str, ...] = (
    "ecr.api", "ecr.dkr", "logs", "secretsmanager", "kms", "sts", "xray",
)


@dataclass(frozen=True)
class VpcEndpointsProps:
    """Props of :class:`VpcEndpoints`."""

    region: str
    """Region of the VPC (service names are ``com.amazonaws.<region>.<service>``)."""
    vpc_id: str
    """VPC to attach the endpoints to."""
    route_table_ids: tuple[str, ...]
    """Private route tables that get the S3 gateway endpoint."""
    subnet_ids: tuple[str, ...]
    """Private subnets (one per AZ) for the interface endpoints."""
    security_group_id: str
    """Group admitting HTTPS from inside the VPC."""
    interface_services: tuple[str, ...] = DEFAULT_INTERFACE_SERVICES
    """Services that get an interface endpoint with private DNS."""

    def __post_init__(self) -> None:
        if len(self.subnet_ids) < 3:
            raise ValueError("interface endpoints need a subnet in each of at least 3 AZs")


class VpcEndpoints(Construct):
    """One S3 gateway endpoint and one interface endpoint per service."""

    def __init__(self, scope: Construct, id: str, *, props: VpcEndpointsProps) -> None:
        super().__init__(scope, id)
        VpcEndpoint(self, "s3", vpc_id=props.vpc_id, vpc_endpoint_type="Gateway",
                    service_name=f"com.amazonaws.{props.region}.s3",
                    route_table_ids=list(props.route_table_ids))
        for service in props.interface_services:
            VpcEndpoint(self, service.replace(".", "_"), vpc_id=props.vpc_id,
                        vpc_endpoint_type="Interface",
                        service_name=f"com.amazonaws.{props.region}.{service}",
                        subnet_ids=list(props.subnet_ids),
                        security_group_ids=[props.security_group_id],
                        private_dns_enabled=True)
