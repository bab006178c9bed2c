"""The regional foundation every serving stack starts from: data and logs KMS keys, the
VPC, its security groups, flow logs, VPC endpoints and (once per region) GuardDuty.

Shared by :class:`stacks.app_stack.AppStack` and :class:`stacks.standby_stack.StandbyStack`
so a standby is built from the same code as the region it stands in for.
"""

from __future__ import annotations

from dataclasses import dataclass

from constructs import Construct

from modules.network.endpoints import VpcEndpoints, VpcEndpointsProps
from modules.network.flow_logs import FlowLogs, FlowLogsProps
from modules.network.security_groups import SecurityGroups, SecurityGroupsProps
from modules.network.vpc import VpcNetwork, VpcNetworkProps
from modules.operations.threat_detection import ThreatDetection, ThreatDetectionProps
from modules.security.kms_key import KmsKey, KmsKeyProps
from regions import RegionConfig


@dataclass(frozen=True)
class Foundation:
    """What the foundation hands to the data and serving tiers."""

    data_key: KmsKey
    """Key for data at rest (buckets, databases, secrets, SNS, X-Ray)."""
    logs_key: KmsKey
    """Key for CloudWatch Logs (its policy admits logs.<region>)."""
    network: VpcNetwork
    """VPC, subnets per tier and AZ, routes."""
    security_groups: SecurityGroups
    """ALB, tasks, database, Redis and endpoint groups."""
    threat_detection: ThreatDetection | None
    """The region's GuardDuty detector, when this stack owns it."""


def add_foundation(stack: Construct, *, name: str, region: RegionConfig,
                   threat_detection: bool = True, direct_https: bool = False) -> Foundation:
    """Add the foundation of ``region`` to ``stack`` (construct ids are stable addresses).

    ``threat_detection`` is False for a second stack in a region that already has its
    detector: GuardDuty allows one detector per account and region. ``direct_https`` opens
    the ALB's 443 to the internet (the platform's ``direct_fallback`` front path).
    """
    r = region
    data_key = KmsKey(stack, "data_key", props=KmsKeyProps(
        alias=f"{name}-data", description=f"{name} data at rest", region=r.region,
        # Alarms publish to the encrypted SNS topic; CloudFront reads encrypted assets
        # and delivers its standard logs into an SSE-KMS bucket; Secrets Manager holds
        # the database and origin secrets.
        allow_services=("cloudwatch.amazonaws.com", "cloudfront.amazonaws.com",
                        "delivery.logs.amazonaws.com")))
    logs_key = KmsKey(stack, "logs_key", props=KmsKeyProps(
        alias=f"{name}-logs", description=f"{name} CloudWatch logs", region=r.region,
        allow_cloudwatch_logs=True))
    network = VpcNetwork(stack, "network", props=VpcNetworkProps(
        name=name, cidr=r.vpc_cidr, availability_zones=r.availability_zones))
    net = network.outputs
    vpc_id = net.vpc_id
    groups = SecurityGroups(stack, "sg", props=SecurityGroupsProps(
        name=name, vpc_id=vpc_id, vpc_cidr=r.vpc_cidr, region=r.region,
        container_port=r.service.container_port, direct_https=direct_https))
    FlowLogs(stack, "flow_logs", props=FlowLogsProps(
        name=name, vpc_id=vpc_id, kms_key_arn=logs_key.arn))
    VpcEndpoints(stack, "endpoints", props=VpcEndpointsProps(
        region=r.region, vpc_id=vpc_id,
        route_table_ids=tuple(network.route_table_ids("app", "data")),
        subnet_ids=net.app_subnet_ids,
        security_group_id=groups.outputs.endpoints_id))
    detector = ThreatDetection(stack, "guardduty", props=ThreatDetectionProps(name=name)) \
        if threat_detection else None
    return Foundation(data_key, logs_key, network, groups, detector)
