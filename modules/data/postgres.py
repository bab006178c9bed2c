"""PostgreSQL on RDS for one region's users: a Multi-AZ primary and an in-region read
replica for reporting. Secure and highly available by default:

Multi-AZ, gp3 with storage autoscaling, KMS encryption, 35-day PITR, deletion protection,
final snapshot kept, private only, IAM auth, Performance Insights, enhanced monitoring,
TLS forced by the parameter group, log exports, and the master password generated and
rotated by RDS in Secrets Manager (it never appears in Terraform JSON or state).
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import Token
from cdktf_cdktf_provider_aws.db_instance import DbInstance
from cdktf_cdktf_provider_aws.db_parameter_group import DbParameterGroup, DbParameterGroupParameter
from cdktf_cdktf_provider_aws.db_subnet_group import DbSubnetGroup
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from modules.policy_documents import assume_role
from regions import DatabaseSizing

ENHANCED_MONITORING_POLICY = (
    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")
LOG_EXPORTS = ["postgresql", "upgrade"]


@dataclass(frozen=True)
class DatabaseOutputs:
    """What other constructs take from :class:`PostgresDatabase` (tokens at synth)."""

    arn: str
    """Primary ARN (source of cross-region replicas)."""
    address: str
    """Primary endpoint host."""
    port: str
    """Primary port."""
    instance_id: str
    """Primary identifier (alarms, dashboard)."""
    master_secret_arn: str
    """The RDS-managed master user secret: rotated by RDS every 7 days, so readers fetch it
    by ARN when they connect, never a copy taken at start."""
    replica_ids: tuple[str, ...]
    """In-region read replicas (replica-lag alarms)."""
    parameter_group_name: str
    """The TLS-forcing parameter group (replicas reuse it)."""
    monitoring_role_arn: str
    """Enhanced-monitoring role (replicas reuse it)."""


@dataclass(frozen=True)
class PostgresDatabaseProps:
    """Props of :class:`PostgresDatabase`."""

    name: str
    """Identifier prefix, unique per region (e.g. ``webapp-prod-us``)."""
    subnet_ids: tuple[str, ...]
    """Private-data subnets, one per AZ (no route to the internet)."""
    security_group_id: str
    """Group admitting 5432 from the application tasks only."""
    kms_key_arn: str
    """Key for storage, Performance Insights and the master-user secret."""
    sizing: DatabaseSizing = DatabaseSizing()
    """Instance class, storage, retention and connection limit."""
    reporting_replica: bool = True
    """Create an in-region read replica for reporting and analytics."""
    multi_az: bool = True
    """Synchronous standby in another AZ (automatic failover < 60 s)."""
    deletion_protection: bool = True
    """Refuse deletion until this is turned off in a reviewed change."""

    def __post_init__(self) -> None:
        if len(self.subnet_ids) < 2:
            raise ValueError("a DB subnet group needs subnets in at least 2 AZs")


def parameter_family(engine_version: str) -> str:
    """``postgres16`` for ``16.4``."""
    return f"postgres{engine_version.split('.')[0]}"


def tls_parameter_group(scope: Construct, name: str, sizing: DatabaseSizing) -> DbParameterGroup:
    """The TLS-forcing parameter group ``<name>-pg`` (id ``parameters``) of ``sizing``'s
    engine family; replicas in another region need one of their own."""
    return DbParameterGroup(
        scope, "parameters", name=f"{name}-pg", family=parameter_family(sizing.engine_version),
        description="Forces TLS, logs slow statements",
        parameter=[
            DbParameterGroupParameter(name="rds.force_ssl", value="1"),
            DbParameterGroupParameter(name="log_min_duration_statement", value="1000"),
            DbParameterGroupParameter(name="log_connections", value="1"),
            DbParameterGroupParameter(name="max_connections", value=str(sizing.max_connections),
                                      apply_method="pending-reboot"),
        ])


def monitoring_role(scope: Construct, name: str) -> IamRole:
    """The enhanced-monitoring role ``<name>-rds-monitoring`` (ids ``monitoring_role``,
    ``monitoring_policy``)."""
    role = IamRole(scope, "monitoring_role", name=f"{name}-rds-monitoring",
                   assume_role_policy=assume_role("monitoring.rds.amazonaws.com"))
    IamRolePolicyAttachment(scope, "monitoring_policy", role=role.name,
                            policy_arn=ENHANCED_MONITORING_POLICY)
    return role


class PostgresDatabase(Construct):
    """Subnet group, TLS-forcing parameter group, monitoring role, primary, replica."""

    def __init__(self, scope: Construct, id: str, *, props: PostgresDatabaseProps) -> None:
        super().__init__(scope, id)
        s = props.sizing
        self.subnet_group = DbSubnetGroup(self, "subnet_group", name=f"{props.name}-data",
                                          subnet_ids=list(props.subnet_ids),
                                          description="Private data subnets")
        self.parameter_group = tls_parameter_group(self, props.name, s)
        self.monitoring_role = monitoring_role(self, props.name)
        self.primary = DbInstance(
            self, "primary",
            identifier=f"{props.name}-primary",
            engine="postgres", engine_version=s.engine_version, instance_class=s.instance_class,
            allocated_storage=s.allocated_storage_gb,
            max_allocated_storage=s.max_allocated_storage_gb,
            storage_type="gp3", storage_encrypted=True, kms_key_id=props.kms_key_arn,
            db_name="app", username="app_admin",
            manage_master_user_password=True, master_user_secret_kms_key_id=props.kms_key_arn,
            db_subnet_group_name=self.subnet_group.name,
            vpc_security_group_ids=[props.security_group_id],
            parameter_group_name=self.parameter_group.name,
            multi_az=props.multi_az, publicly_accessible=False,
            backup_retention_period=s.backup_retention_days, backup_window="02:00-03:00",
            maintenance_window="sun:04:00-sun:05:00", copy_tags_to_snapshot=True,
            delete_automated_backups=False, deletion_protection=props.deletion_protection,
            skip_final_snapshot=False, final_snapshot_identifier=f"{props.name}-primary-final",
            iam_database_authentication_enabled=True,
            performance_insights_enabled=True, performance_insights_kms_key_id=props.kms_key_arn,
            performance_insights_retention_period=7,
            monitoring_interval=60, monitoring_role_arn=self.monitoring_role.arn,
            enabled_cloudwatch_logs_exports=LOG_EXPORTS,
            auto_minor_version_upgrade=True, ca_cert_identifier="rds-ca-rsa2048-g1",
        )
        self.replica: DbInstance | None = None
        if props.reporting_replica:
            # Read replicas of RDS PostgreSQL take no automated backups or final snapshot:
            # the primary's backups protect the data.
            self.replica = DbInstance(
                self, "reporting_replica",
                identifier=f"{props.name}-reporting",
                replicate_source_db=self.primary.identifier, instance_class=s.instance_class,
                storage_type="gp3", storage_encrypted=True, kms_key_id=props.kms_key_arn,
                max_allocated_storage=s.max_allocated_storage_gb,
                vpc_security_group_ids=[props.security_group_id],
                parameter_group_name=self.parameter_group.name, publicly_accessible=False,
                multi_az=False, deletion_protection=props.deletion_protection,
                skip_final_snapshot=True, copy_tags_to_snapshot=True,
                iam_database_authentication_enabled=True,
                performance_insights_enabled=True,
                performance_insights_kms_key_id=props.kms_key_arn,
                performance_insights_retention_period=7,
                monitoring_interval=60, monitoring_role_arn=self.monitoring_role.arn,
                enabled_cloudwatch_logs_exports=LOG_EXPORTS,
                auto_minor_version_upgrade=True, ca_cert_identifier="rds-ca-rsa2048-g1",
            )

    @property
    def outputs(self) -> DatabaseOutputs:
        """Endpoint, identifiers and the master secret's ARN."""
        p = self.primary
        return DatabaseOutputs(
            arn=p.arn, address=p.address, port=Token.as_string(p.port),
            instance_id=p.identifier, master_secret_arn=p.master_user_secret.get(0).secret_arn,
            replica_ids=(self.replica.identifier,) if self.replica else (),
            parameter_group_name=self.parameter_group.name,
            monitoring_role_arn=self.monitoring_role.arn)
