"""The one table of our policies: id, name, severity, enforcement, category, explanation and
the rule class. ``docs/policies.md`` is generated from it (``python -m policies.docs``).

Ids use our prefix ``HAP_<AREA>_<NNN>`` and are never reused: retire a policy by removing its
row and leaving its id unused.
"""

from __future__ import annotations

from dataclasses import dataclass

from policies.findings import Enforcement, Severity
from policies.rules._base import Rule
from policies.rules.backup_vault_encrypted import BackupVaultEncrypted
from policies.rules.cloudfront_viewer_tls import CloudfrontViewerTls
from policies.rules.data_subnets_no_public_ip import DataSubnetsNoPublicIp
from policies.rules.data_tier_private_subnets import DataTierPrivateSubnets
from policies.rules.database_not_public import DatabaseNotPublic
from policies.rules.dynamodb_encrypted import DynamodbEncrypted
from policies.rules.ebs_encrypted import EbsEncrypted
from policies.rules.ecs_min_tasks import EcsMinTasks
from policies.rules.ecs_tasks_no_public_ip import EcsTasksNoPublicIp
from policies.rules.elasticache_encrypted_at_rest import ElasticacheEncryptedAtRest
from policies.rules.elasticache_snapshot_retention import ElasticacheSnapshotRetention
from policies.rules.eu_copies_in_eu_regions import EuCopiesInEuRegions
from policies.rules.eu_log_shipping_in_eu import EuLogShippingInEu
from policies.rules.eu_resources_in_eu_regions import EuResourcesInEuRegions
from policies.rules.eu_state_in_eu import EuStateInEu
from policies.rules.health_checked_routing import HealthCheckedRouting
from policies.rules.kms_key_rotation import KmsKeyRotation
from policies.rules.lb_listener_tls import LbListenerTls
from policies.rules.log_group_encrypted import LogGroupEncrypted
from policies.rules.no_open_ingress import NoOpenIngress
from policies.rules.postgres_force_ssl import PostgresForceSsl
from policies.rules.rds_backup_retention import RdsBackupRetention
from policies.rules.rds_cross_region_copy import RdsCrossRegionCopy
from policies.rules.rds_deletion_protection import RdsDeletionProtection
from policies.rules.rds_final_snapshot import RdsFinalSnapshot
from policies.rules.rds_multi_az import RdsMultiAz
from policies.rules.rds_storage_encrypted import RdsStorageEncrypted
from policies.rules.redis_failover import RedisFailover
from policies.rules.redis_transit_encryption import RedisTransitEncryption
from policies.rules.s3_bucket_deny_insecure_transport import S3BucketDenyInsecureTransport
from policies.rules.s3_bucket_kms_encrypted import S3BucketKmsEncrypted
from policies.rules.s3_bucket_versioning import S3BucketVersioning
from policies.rules.s3_cross_region_replication import S3CrossRegionReplication
from policies.rules.secret_encrypted import SecretEncrypted
from policies.rules.sns_topic_encrypted import SnsTopicEncrypted
from policies.rules.sqs_queue_encrypted import SqsQueueEncrypted
from policies.rules.subnets_span_azs import SubnetsSpanAzs

C, H, M, L = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW
HARD, SOFT, ADV = Enforcement.HARD_MANDATORY, Enforcement.SOFT_MANDATORY, Enforcement.ADVISORY


@dataclass(frozen=True)
class Policy:
    """One row of the policy table."""

    id: str
    name: str
    """Reads "Ensure ..."."""
    severity: Severity
    enforcement: Enforcement
    category: str
    explanation: str
    """Why it matters (the seed requirement or regulation behind it)."""
    rule: type[Rule]


def _p(id: str, name: str, sev: Severity, enf: Enforcement, cat: str, why: str,
       rule: type[Rule]) -> Policy:
    return Policy(id, name, sev, enf, cat, why, rule)


ENC, TLS, NET, BAK, RES, HA = ("Encryption at rest", "Encryption in transit", "Private network",
                               "Backup and recovery", "EU data residency", "High availability")
_AT_REST = "The seed requires data encrypted at rest (GDPR, PCI DSS)."
POLICIES: tuple[Policy, ...] = (
    _p("HAP_ENC_001", "Ensure RDS storage is encrypted", C, HARD, ENC, _AT_REST,
       RdsStorageEncrypted),
    _p("HAP_ENC_002", "Ensure ElastiCache encrypts data at rest", H, HARD, ENC,
       _AT_REST + " Sessions hold personal data.", ElasticacheEncryptedAtRest),
    _p("HAP_ENC_003", "Ensure every S3 bucket has a KMS encryption configuration", H, HARD, ENC,
       _AT_REST + " Checked across resources: the bucket needs an "
       "aws_s3_bucket_server_side_encryption_configuration using aws:kms.", S3BucketKmsEncrypted),
    _p("HAP_ENC_004", "Ensure EBS volumes and block devices are encrypted", H, HARD, ENC,
       _AT_REST, EbsEncrypted),
    _p("HAP_ENC_005", "Ensure SNS topics use a KMS key", M, HARD, ENC,
       _AT_REST + " Notifications can carry personal data.", SnsTopicEncrypted),
    _p("HAP_ENC_006", "Ensure SQS queues encrypt messages at rest", M, HARD, ENC, _AT_REST,
       SqsQueueEncrypted),
    _p("HAP_ENC_007", "Ensure CloudWatch log groups use a KMS key", M, HARD, ENC,
       _AT_REST + " Application logs can hold personal data.", LogGroupEncrypted),
    _p("HAP_ENC_008", "Ensure Secrets Manager secrets use a customer-managed KMS key", H, HARD,
       ENC, _AT_REST + " A customer-managed key keeps access auditable and revocable.",
       SecretEncrypted),
    _p("HAP_ENC_009", "Ensure DynamoDB tables use KMS server-side encryption", M, HARD, ENC,
       _AT_REST, DynamodbEncrypted),
    _p("HAP_ENC_010", "Ensure backup vaults use a KMS key", H, HARD, ENC,
       _AT_REST + " Backups are copies of the data.", BackupVaultEncrypted),
    _p("HAP_ENC_011", "Ensure customer-managed KMS keys rotate", M, SOFT, ENC,
       "Yearly rotation limits what one leaked key version exposes.", KmsKeyRotation),
    _p("HAP_TLS_001", "Ensure load balancer listeners use TLS 1.2+ and HTTP only redirects", H,
       HARD, TLS, "The seed requires encryption in transit; HTTP may only redirect to HTTPS.",
       LbListenerTls),
    _p("HAP_TLS_002", "Ensure CloudFront viewers use HTTPS with TLS 1.2+", H, HARD, TLS,
       "The seed requires HTTPS only at the CDN.", CloudfrontViewerTls),
    _p("HAP_TLS_003", "Ensure Redis encrypts traffic in transit", H, HARD, TLS,
       "Session data crosses the VPC between tasks and the cache.", RedisTransitEncryption),
    _p("HAP_TLS_004", "Ensure PostgreSQL forces TLS (rds.force_ssl=1)", H, HARD, TLS,
       "Without rds.force_ssl a client may connect in clear text.", PostgresForceSsl),
    _p("HAP_TLS_005", "Ensure S3 bucket policies deny non-TLS access", H, HARD, TLS,
       "A Deny on aws:SecureTransport=false is the only way to refuse HTTP to S3. Checked "
       "across resources.", S3BucketDenyInsecureTransport),
    _p("HAP_NET_001", "Ensure databases, caches, tasks and endpoints sit in private subnets", C,
       SOFT, NET, "A subnet whose route table reaches an internet gateway is public; the data "
       "tier must not be reachable from it (subnet -> association -> route table -> route).",
       DataTierPrivateSubnets),
    _p("HAP_NET_002", "Ensure data-tier subnets do not map public IPs", H, SOFT, NET,
       "map_public_ip_on_launch gives everything launched there an internet address.",
       DataSubnetsNoPublicIp),
    _p("HAP_NET_003", "Ensure databases are not publicly accessible", C, SOFT, NET,
       "A publicly accessible RDS instance gets a public DNS name and IP.", DatabaseNotPublic),
    _p("HAP_NET_004", "Ensure ECS tasks get no public IP", H, SOFT, NET,
       "Tasks are reached through the load balancer only.", EcsTasksNoPublicIp),
    _p("HAP_NET_005", "Ensure no ingress from the internet except HTTPS/HTTP to the public "
       "load balancer", C, SOFT, NET, "0.0.0.0/0 or ::/0 ingress is allowed only on 443 (and "
       "80 to redirect) of a security group attached to an internet-facing load balancer.",
       NoOpenIngress),
    _p("HAP_BAK_001", "Ensure RDS keeps automated backups long enough", H, SOFT, BAK,
       "Point-in-time recovery needs retained backups (default at least 7 days, configurable).",
       RdsBackupRetention),
    _p("HAP_BAK_002", "Ensure RDS deletion protection is on", H, SOFT, BAK,
       "Zero data loss: a database must not be deleted by one apply.", RdsDeletionProtection),
    _p("HAP_BAK_003", "Ensure RDS keeps a final snapshot", H, SOFT, BAK,
       "Zero data loss: deleting a primary keeps its last state.", RdsFinalSnapshot),
    _p("HAP_BAK_004", "Ensure ElastiCache keeps snapshots", M, SOFT, BAK,
       "Sessions survive the loss of a whole cache.", ElasticacheSnapshotRetention),
    _p("HAP_BAK_005", "Ensure data and state buckets are versioned", H, SOFT, BAK,
       "Versioning undoes overwrites and deletes; it is required for replication.",
       S3BucketVersioning),
    _p("HAP_BAK_006", "Ensure every primary database has a cross-region copy", H, SOFT, BAK,
       "RPO < 15 minutes after a region loss needs a cross-region read replica or automated "
       "backups replication.", RdsCrossRegionCopy),
    _p("HAP_BAK_007", "Ensure every data bucket replicates to another region", H, SOFT, BAK,
       "RPO < 15 minutes after a region loss needs cross-region replication.",
       S3CrossRegionReplication),
    _p("HAP_RES_001", "Ensure EU-resident resources are in EU regions", C, HARD, RES,
       "GDPR residency: EU-home data (by stack residency or DataResidency tag) stays in the EU. "
       "Flags the seed's EU data in a US primary.", EuResourcesInEuRegions),
    _p("HAP_RES_002", "Ensure replicas and copies of EU data stay in EU regions", C, HARD, RES,
       "GDPR residency covers replicas, backup copies and replication targets. Flags the "
       "seed's EU buckets replicating to the US.", EuCopiesInEuRegions),
    _p("HAP_RES_003", "Ensure logs of EU resources are shipped to EU regions", H, HARD, RES,
       "Logs can hold personal data (IP addresses, user ids).", EuLogShippingInEu),
    _p("HAP_RES_004", "Ensure the state of EU stacks is kept in the EU", H, HARD, RES,
       "Terraform state holds attribute values of EU data stores.", EuStateInEu),
    _p("HAP_HA_001", "Ensure each subnet tier spans at least three availability zones", H, SOFT,
       HA, "The seed deploys across 3+ AZs for 99.99% availability.", SubnetsSpanAzs),
    _p("HAP_HA_002", "Ensure primary databases are Multi-AZ", H, SOFT, HA,
       "The seed runs RDS Multi-AZ.", RdsMultiAz),
    _p("HAP_HA_003", "Ensure Redis fails over automatically across AZs", H, SOFT, HA,
       "The seed runs Redis Multi-AZ with replicas.", RedisFailover),
    _p("HAP_HA_004", "Ensure ECS services run at least four tasks", M, SOFT, HA,
       "The seed scales between 4 and 50 tasks per region.", EcsMinTasks),
    _p("HAP_HA_005", "Ensure two serving regions behind health-checked routing", M, ADV, HA,
       "Route 53 latency routing with health checks fails over between regions. Advisory "
       "until the edge stack is in the checked input.", HealthCheckedRouting),
)
_BY_ID = {p.id: p for p in POLICIES}


def get(policy_id: str) -> Policy:
    """The policy with ``policy_id`` (KeyError when there is none)."""
    return _BY_ID[policy_id]
