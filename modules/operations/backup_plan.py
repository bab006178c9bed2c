"""AWS Backup for one region: a locked vault, a daily plan and one copy, in the jurisdiction.

Recovery points go to a vault in the region and are copied to a vault in the region's
``dr_region`` only: for EU data that is an EU region (checked here and in the config).
Both vaults are locked (``compliance`` by default: once the cooling-off days pass, nobody,
not even the account root, deletes a recovery point early or changes the retention), so a
compromised admin or ransomware cannot erase the backups. The lock's maximum retention
equals the plan's: an erased user's data leaves the backups within that many days (GDPR).
Failed backup and copy jobs page the region's alerts topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktf import TerraformProvider
from cdktf_cdktf_provider_aws.backup_plan import (
    BackupPlan,
    BackupPlanRule,
    BackupPlanRuleCopyAction,
    BackupPlanRuleCopyActionLifecycle,
    BackupPlanRuleLifecycle,
)
from cdktf_cdktf_provider_aws.backup_selection import BackupSelection
from cdktf_cdktf_provider_aws.backup_vault import BackupVault
from cdktf_cdktf_provider_aws.backup_vault_lock_configuration import (
    BackupVaultLockConfiguration,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from modules.monitoring.alarm_helpers import alarm
from modules.policy_documents import assume_role, document
from regions.aws_regions import is_eu

#: What AWS Backup needs to back up and copy an RDS instance and an S3 bucket (the AWS
#: managed backup policies, cut down to these two resource types; no iam:PassRole). Restores
#: are an admin action in a recovery, with the admin's own permissions.
BACKUP_ACTIONS = {
    "Rds": ["rds:CreateDBSnapshot", "rds:CopyDBSnapshot", "rds:DeleteDBSnapshot",
            "rds:DescribeDBSnapshots", "rds:DescribeDBInstances", "rds:AddTagsToResource",
            "rds:ListTagsForResource", "rds:ModifyDBSnapshotAttribute"],
    "S3": ["s3:GetBucketTagging", "s3:GetInventoryConfiguration", "s3:PutInventoryConfiguration",
           "s3:ListBucketVersions", "s3:ListBucket", "s3:GetBucketVersioning",
           "s3:GetBucketLocation", "s3:GetBucketAcl", "s3:GetBucketNotification",
           "s3:PutBucketNotification", "s3:GetBucketObjectLockConfiguration", "s3:GetObject",
           "s3:GetObjectVersion", "s3:GetObjectAcl", "s3:GetObjectVersionAcl",
           "s3:GetObjectTagging", "s3:GetObjectVersionTagging"],
    "S3Events": ["events:DescribeRule", "events:EnableRule", "events:DisableRule",
                 "events:PutRule", "events:DeleteRule", "events:PutTargets",
                 "events:RemoveTargets", "events:ListTargetsByRule"],
    "Kms": ["kms:DescribeKey", "kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*",
            "kms:GenerateDataKey*"],
    "Vaults": ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"],
}


@dataclass(frozen=True)
class BackupPlanProps:
    """Inputs of :class:`RegionBackup`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region of the source vault (the stack's default provider)."""
    residency: str
    """Jurisdiction of the protected data (``us`` or ``eu``)."""
    dr_region: str | None
    """Region of the copy vault; an EU region for EU data. None: no copy (a warm standby,
    whose only other region is the one it replaces: its vault stays in its own region)."""
    dr_provider: TerraformProvider | None
    """Provider of ``dr_region`` (None with it)."""
    kms_key_arn: str
    """Key of the source vault (in ``region``)."""
    dr_kms_key_arn: str | None
    """Key of the copy vault (in ``dr_region``; None with it)."""
    database_arns: tuple[str, ...]
    """RDS instances the plan protects (the primary)."""
    bucket_arns: tuple[str, ...]
    """S3 buckets the plan protects (uploads; versioned); may be empty."""
    topic_arn: str
    """Subscribed alerts topic paged by failed backup and copy jobs."""
    schedule: str = "cron(0 3 * * ? *)"
    """Backup rule schedule (UTC)."""
    retention_days: int = 35
    """Days each recovery point (and its copy) is kept; the vault locks' min and max."""
    lock_mode: str = "compliance"
    """``compliance`` (irrevocable after the cooling-off days) or ``governance``."""
    cooling_off_days: int = 3
    """Compliance mode: days during which the lock may still be removed (>= 3)."""

    def __post_init__(self) -> None:
        if self.residency not in ("us", "eu"):
            raise ValueError(f"residency must be 'us' or 'eu', got {self.residency!r}")
        if self.residency == "eu" and self.dr_region is not None and not is_eu(self.dr_region):
            raise ValueError(f"EU backups may be copied only to an EU region, "
                             f"not {self.dr_region}")
        if (self.dr_region is None) != (self.dr_provider is None) or (
                self.dr_region is None) != (self.dr_kms_key_arn is None):
            raise ValueError("dr_region, dr_provider and dr_kms_key_arn go together")
        if self.dr_region == self.region:
            raise ValueError("the copy vault must be in another region than the source")
        if not self.database_arns:
            raise ValueError("a backup plan needs at least one database to protect")
        if not 7 <= self.retention_days <= 3650:
            raise ValueError("retention_days must be 7..3650")
        if self.lock_mode not in ("compliance", "governance"):
            raise ValueError("lock_mode must be 'compliance' or 'governance'")
        if self.cooling_off_days < 3:
            raise ValueError("cooling_off_days must be at least 3 (AWS minimum)")


class RegionBackup(Construct):
    """Source vault + copy vault (both locked), the plan, its selection, role and alarms."""

    def __init__(self, scope: Construct, id: str, *, props: BackupPlanProps) -> None:
        super().__init__(scope, id)
        n, days = props.name, props.retention_days
        changeable = props.cooling_off_days if props.lock_mode == "compliance" else None
        self.vault = BackupVault(self, "vault", name=f"{n}-vault", kms_key_arn=props.kms_key_arn)
        BackupVaultLockConfiguration(
            self, "vault_lock", backup_vault_name=self.vault.name, min_retention_days=days,
            max_retention_days=days, changeable_for_days=changeable)
        self.dr_vault: BackupVault | None = None
        copies: list[BackupPlanRuleCopyAction] = []
        if props.dr_region is not None:
            self.dr_vault = BackupVault(
                self, "dr_vault", name=f"{n}-vault-{props.dr_region}",
                kms_key_arn=props.dr_kms_key_arn, provider=props.dr_provider)
            BackupVaultLockConfiguration(
                self, "dr_vault_lock", backup_vault_name=self.dr_vault.name,
                min_retention_days=days, max_retention_days=days,
                changeable_for_days=changeable, provider=props.dr_provider)
            copies.append(BackupPlanRuleCopyAction(
                destination_vault_arn=self.dr_vault.arn,
                lifecycle=BackupPlanRuleCopyActionLifecycle(delete_after=days)))
        self.plan = BackupPlan(self, "plan", name=f"{n}-daily", rule=[BackupPlanRule(
            rule_name="daily", target_vault_name=self.vault.name, schedule=props.schedule,
            start_window=60, completion_window=480,
            lifecycle=BackupPlanRuleLifecycle(delete_after=days),
            copy_action=copies or None)])
        role = IamRole(self, "role", name=f"{n}-{props.region}-backup",
                       assume_role_policy=assume_role("backup.amazonaws.com"))
        rds, s3 = list(props.database_arns), list(props.bucket_arns)
        keys = [props.kms_key_arn, *([props.dr_kms_key_arn] if props.dr_kms_key_arn else [])]
        vaults = [self.vault.arn, *([self.dr_vault.arn] if self.dr_vault else [])]
        statements: list[dict[str, Any]] = [
            {"Sid": "Rds", "Effect": "Allow", "Action": BACKUP_ACTIONS["Rds"],
             "Resource": [*rds, "arn:aws:rds:*:*:snapshot:awsbackup:*"]},
            {"Sid": "Kms", "Effect": "Allow", "Action": BACKUP_ACTIONS["Kms"],
             "Resource": keys},
            {"Sid": "KmsGrants", "Effect": "Allow", "Action": "kms:CreateGrant",
             "Resource": keys,
             "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
            {"Sid": "Vaults", "Effect": "Allow", "Action": BACKUP_ACTIONS["Vaults"],
             "Resource": vaults},
        ]
        if s3:
            statements += [
                {"Sid": "S3", "Effect": "Allow", "Action": BACKUP_ACTIONS["S3"],
                 "Resource": [*s3, *(f"{b}/*" for b in s3)]},
                {"Sid": "S3Events", "Effect": "Allow", "Action": BACKUP_ACTIONS["S3Events"],
                 "Resource": "arn:aws:events:*:*:rule/AwsBackupManagedRule*"},
                {"Sid": "S3Metrics", "Effect": "Allow",
                 "Action": ["cloudwatch:GetMetricData", "events:ListRules"], "Resource": "*"}]
        IamRolePolicy(self, "role_policy", role=role.id, name="backup-rds-s3",
                      policy=document(*statements))
        BackupSelection(self, "selection", name=f"{n}-protected", plan_id=self.plan.id,
                        iam_role_arn=role.arn, resources=[*rds, *s3])
        for kind, metric in (("backup", "NumberOfBackupJobsFailed"),
                             ("copy", "NumberOfCopyJobsFailed"))[:2 if copies else 1]:
            alarm(self, f"{kind}_failed", name=f"{n}-{kind}-jobs-failed",
                  topic_arn=props.topic_arn,
                  description=f"AWS Backup {kind} job failed for vault {n}-vault",
                  namespace="AWS/Backup", metric_name=metric, statistic="Sum",
                  dimensions={"BackupVaultName": self.vault.name}, period=3600,
                  evaluation_periods=1, datapoints_to_alarm=1,
                  comparison_operator="GreaterThanOrEqualToThreshold", threshold=1,
                  treat_missing_data="notBreaching")
