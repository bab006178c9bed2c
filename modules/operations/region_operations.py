"""Everything the seed's operations ask of one region, added with one call.

Composes, one construct per file: GuardDuty (:mod:`.threat_detection`), CloudTrail stored in
the region (:mod:`.audit_trail`), admin access without open ports or through Client VPN
(:mod:`.admin_access`), AWS Backup with locked vaults copying only within the jurisdiction
(:mod:`.backup_plan`) and the FIS DR drills (:mod:`modules.recovery.fis_drills`). Every alarm
pages the region's subscribed alerts topic.

Some of these are one per account and region (the GuardDuty detector, the Session Manager
preferences document): a second stack in a region that already has them turns them off
with ``threat_detection=False`` / ``admin_access=False``.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import TerraformProvider
from constructs import Construct

from modules.operations.admin_access import AdminAccess, AdminAccessProps
from modules.operations.audit_trail import AuditTrail, AuditTrailProps
from modules.operations.backup_plan import BackupPlanProps, RegionBackup
from modules.operations.threat_detection import ThreatDetection, ThreatDetectionProps
from modules.recovery.fis_drills import FisDrills, FisDrillsProps
from modules.storage.secure_bucket import SecureBucket
from regions.operations import OperationsConfig


@dataclass(frozen=True)
class ServingTarget:
    """What of the region's serving tier the drills and admin access act on."""

    cluster_name: str
    """ECS cluster."""
    service_name: str
    """ECS service."""
    alb_dns_name: str
    """DNS name of the region's load balancer (probed by the Route 53 health checks)."""
    db_arn: str
    """ARN of the PostgreSQL primary."""
    stop_alarm_names: tuple[str, ...]
    """The seed's alarms of the region (5xx rate, p95): stop conditions of every drill."""


@dataclass(frozen=True)
class RegionOperationsProps:
    """Inputs of :class:`RegionOperations`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region (the stack's default provider)."""
    residency: str
    """Jurisdiction of the region's data (``us`` or ``eu``)."""
    dr_region: str | None
    """Region of the backup copies (an EU region for EU data); None: no copies (a standby)."""
    dr_provider: TerraformProvider | None
    """Provider of ``dr_region`` (None with it)."""
    settings: OperationsConfig
    """The ``[operations]`` table."""
    kms_key_arn: str
    """Data key of the region (backup vault)."""
    dr_kms_key_arn: str | None
    """Key in ``dr_region`` (copy vault; None with it)."""
    logs_kms_key_arn: str
    """Key of the region's CloudWatch log groups."""
    access_log_bucket: SecureBucket
    """The region's S3 access-log bucket."""
    topic_arn: str
    """The region's subscribed alerts topic: every alarm here pages it."""
    name_suffix: str
    """Ends globally unique names (``PlatformConfig.name_suffix``)."""
    serving: ServingTarget
    """Cluster, service, load balancer, database and alarms of the region."""
    backup_bucket_arns: tuple[str, ...]
    """S3 buckets AWS Backup protects next to the database primary (uploads)."""
    availability_zone: str
    """The AZ the AZ-loss drill takes out."""
    az_subnet_ids: tuple[str, ...]
    """Private subnets of ``availability_zone`` (app and data)."""
    vpc_id: str
    """The VPC (Client VPN)."""
    vpc_cidr: str
    """The VPC CIDR (Client VPN authorisation)."""
    app_subnet_ids: tuple[str, ...]
    """Private app subnets, one per AZ (Client VPN associations)."""
    reachable_groups: tuple[tuple[str, int], ...] = ()
    """(security group id, port) admins reach through Client VPN (database, Redis)."""
    record_global_events: bool = False
    """This region's trail also records IAM/STS/CloudFront events (the edge region only)."""
    threat_detection: bool = True
    """Enable GuardDuty (one detector per account and region)."""
    admin_access: bool = True
    """Session Manager preferences and admin role (one preferences document per region)."""


class RegionOperations(Construct):
    """GuardDuty, CloudTrail, admin access, AWS Backup and the FIS drills of one region."""

    def __init__(self, scope: Construct, id: str, *, props: RegionOperationsProps) -> None:
        super().__init__(scope, id)
        p, s = props, props.settings
        self.threat_detection = (ThreatDetection(
            self, "guardduty", props=ThreatDetectionProps(name=p.name))
            if p.threat_detection else None)
        self.audit_trail = AuditTrail(self, "trail", props=AuditTrailProps(
            name=p.name, region=p.region, access_log_bucket=p.access_log_bucket,
            logs_kms_key_arn=p.logs_kms_key_arn, topic_arn=p.topic_arn,
            name_suffix=p.name_suffix, retention_days=s.trail_retention_days,
            include_global_service_events=p.record_global_events))
        self.admin_access = (AdminAccess(self, "admin", props=AdminAccessProps(
            name=p.name, region=p.region, cluster_name=p.serving.cluster_name,
            logs_kms_key_arn=p.logs_kms_key_arn, mode=s.admin_access, vpc_id=p.vpc_id,
            subnet_ids=p.app_subnet_ids, vpc_cidr=p.vpc_cidr, client_cidr=s.vpn_client_cidr,
            server_certificate_arn=s.vpn_server_certificate_arn,
            client_root_certificate_arn=s.vpn_client_root_certificate_arn,
            reachable_groups=p.reachable_groups)) if p.admin_access else None)
        self.backup = RegionBackup(self, "backup", props=BackupPlanProps(
            name=p.name, region=p.region, residency=p.residency, dr_region=p.dr_region,
            dr_provider=p.dr_provider, kms_key_arn=p.kms_key_arn,
            dr_kms_key_arn=p.dr_kms_key_arn, database_arns=(p.serving.db_arn,),
            bucket_arns=p.backup_bucket_arns,
            topic_arn=p.topic_arn, schedule=s.backup_schedule,
            retention_days=s.backup_retention_days, lock_mode=s.vault_lock_mode,
            cooling_off_days=s.vault_lock_cooling_off_days))
        self.drills = FisDrills(self, "drills", props=FisDrillsProps(
            name=p.name, region=p.region, availability_zone=p.availability_zone,
            az_subnet_ids=p.az_subnet_ids, db_arn=p.serving.db_arn,
            cluster_name=p.serving.cluster_name, service_name=p.serving.service_name,
            alb_dns_name=p.serving.alb_dns_name, stop_alarm_names=p.serving.stop_alarm_names,
            minutes=s.drill_minutes))
