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
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from modules.monitoring.alarm_helpers import alarm
from modules.policy_documents import assume_role
from regions.aws_regions import is_eu

#: AWS managed policies of the AWS Backup service role (backup and restore of RDS and S3).
BACKUP_MANAGED_POLICIES = (
    "service-role/AWSBackupServiceRolePolicyForBackup",
    "service-role/AWSBackupServiceRolePolicyForRestores",
    "AWSBackupServiceRolePolicyForS3Backup",
    "AWSBackupServiceRolePolicyForS3Restore",
)


@dataclass(frozen=True)
class BackupPlanProps:
    """Inputs of :class:`RegionBackup`."""

    name: str
    """Regional name prefix, e.g. ``webapp-prod-eu``."""
    region: str
    """AWS region of the source vault (the stack's default provider)."""
    residency: str
    """Jurisdiction of the protected data (``us`` or ``eu``)."""
    dr_region: str
    """Region of the copy vault; an EU region for EU data."""
    dr_provider: TerraformProvider
    """Provider of ``dr_region``."""
    kms_key_arn: str
    """Key of the source vault (in ``region``)."""
    dr_kms_key_arn: str
    """Key of the copy vault (in ``dr_region``)."""
    resource_arns: tuple[str, ...]
    """What the plan protects (the database primary, the uploads bucket)."""
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
        if self.residency == "eu" and not is_eu(self.dr_region):
            raise ValueError(f"EU backups may be copied only to an EU region, "
                             f"not {self.dr_region}")
        if self.dr_region == self.region:
            raise ValueError("the copy vault must be in another region than the source")
        if not self.resource_arns:
            raise ValueError("a backup plan needs at least one resource to protect")
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
        self.dr_vault = BackupVault(
            self, "dr_vault", name=f"{n}-vault-{props.dr_region}",
            kms_key_arn=props.dr_kms_key_arn, provider=props.dr_provider)
        BackupVaultLockConfiguration(
            self, "dr_vault_lock", backup_vault_name=self.dr_vault.name,
            min_retention_days=days, max_retention_days=days, changeable_for_days=changeable,
            provider=props.dr_provider)
        self.plan = BackupPlan(self, "plan", name=f"{n}-daily", rule=[BackupPlanRule(
            rule_name="daily", target_vault_name=self.vault.name, schedule=props.schedule,
            start_window=60, completion_window=480,
            lifecycle=BackupPlanRuleLifecycle(delete_after=days),
            copy_action=[BackupPlanRuleCopyAction(
                destination_vault_arn=self.dr_vault.arn,
                lifecycle=BackupPlanRuleCopyActionLifecycle(delete_after=days))])])
        role = IamRole(self, "role", name=f"{n}-{props.region}-backup",
                       assume_role_policy=assume_role("backup.amazonaws.com"))
        for i, policy in enumerate(BACKUP_MANAGED_POLICIES):
            IamRolePolicyAttachment(self, f"role_policy_{i}", role=role.name,
                                    policy_arn=f"arn:aws:iam::aws:policy/{policy}")
        BackupSelection(self, "selection", name=f"{n}-protected", plan_id=self.plan.id,
                        iam_role_arn=role.arn, resources=list(props.resource_arns))
        for kind, metric in (("backup", "NumberOfBackupJobsFailed"),
                             ("copy", "NumberOfCopyJobsFailed")):
            alarm(self, f"{kind}_failed", name=f"{n}-{kind}-jobs-failed",
                  topic_arn=props.topic_arn,
                  description=f"AWS Backup {kind} job failed for vault {n}-vault",
                  namespace="AWS/Backup", metric_name=metric, statistic="Sum",
                  dimensions={"BackupVaultName": self.vault.name}, period=3600,
                  evaluation_periods=1, datapoints_to_alarm=1,
                  comparison_operator="GreaterThanOrEqualToThreshold", threshold=1,
                  treat_missing_data="notBreaching")
