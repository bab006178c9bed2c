"""One synth per session of the ALB and a DNS-validated certificate on string inputs."""

from __future__ import annotations

import json
from typing import Any

import pytest


@pytest.fixture(scope="session")
def lb_stack() -> dict[str, Any]:
    """Certificate + ALB in one stack."""
    from cdktf import Testing

    from modules.loadbalancing.alb import AlbProps, ApplicationLoadBalancer
    from modules.loadbalancing.certificate import CertificateProps, DnsValidatedCertificate
    from modules.loadbalancing.origin_secret import OriginSecret, OriginSecretProps
    from stacks.base import PlatformStack

    stack = PlatformStack(Testing.app(), "lb")
    stack.add_aws_provider("aws", region="eu-west-1", tags={"Owner": "t"})
    cert = DnsValidatedCertificate(stack, "certificate", props=CertificateProps(
        domain_name="api.example.com", zone_id="Z123"))
    origin = OriginSecret(stack, "origin", props=OriginSecretProps(
        name="webapp-prod-eu-origin-verify", region_key="eu",
        kms_key_arn="arn:aws:kms:eu-west-1:111122223333:key/data"))
    ApplicationLoadBalancer(stack, "alb", props=AlbProps(
        name="webapp-prod-eu", vpc_id="vpc-123",
        public_subnet_ids=("subnet-p1", "subnet-p2", "subnet-p3"),
        security_group_ids=("sg-alb",), certificate_arn=cert.arn, access_log_bucket="logs-eu",
        target_port=8080, health_check_path="/healthz", origin_header_name=origin.header_name,
        origin_header_value=origin.value))
    return json.loads(Testing.synth(stack))
